import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC549',
  name: 'driver-array',
  family: 'host-runtime',
  effort: 'medium',
  summary: "CUDA driver arrays (`cuArrayCreate`, `cuArray3DCreate`, `cuMipmappedArray*`)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags \`cuArrayCreate\`, \`cuArray3DCreate\`, \`cuArrayDestroy\`, the array descriptors and \`cuMipmappedArray*\`.

## Why is this a problem on Ascend
CUDA arrays are opaque, texture-ordered storage. Ascend has no such storage: data lives in linear global memory and moves into UB tiles with \`DataCopy\`.

## Example
\`\`\`cuda
#include <cuda.h>
void arr(CUarray* a, const CUDA_ARRAY_DESCRIPTOR* d) { cuArrayCreate(a, d); }
\`\`\`

## Use instead
A linear buffer from \`aclrtMalloc\` with the row pitch you choose, and \`DataCopy\` with strides in the kernel.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC549');
  },
});
