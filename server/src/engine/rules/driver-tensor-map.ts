import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC558',
  name: 'driver-tensor-map',
  family: 'host-runtime',
  effort: 'high',
  summary: "CUDA driver TMA descriptors (`cuTensorMapEncodeTiled`, `cuTensorMapEncodeIm2col`)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags \`cuTensorMapEncodeTiled\`, \`cuTensorMapEncodeIm2col\`, \`cuTensorMapEncodeIm2colWide\` and \`cuTensorMapReplaceAddress\`, which build Hopper/Blackwell TMA descriptors.

## Why is this a problem on Ascend
There are no TMA descriptors on Ascend. A kernel moves strided tiles between global memory and UB itself with \`DataCopy\` and \`DataCopyParams\` (block count, block length, source and destination strides), and the Cube unit's fractal layouts are produced by the Matmul API or \`LoadData\`.

## Example
\`\`\`cuda
#include <cuda.h>
void swap(CUtensorMap* m, void* p) { cuTensorMapReplaceAddress(m, p); }
\`\`\`

## Use instead
\`DataCopy(local, global[offset], DataCopyParams{blockCount, blockLen, srcStride, dstStride});\` in the kernel.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC558');
  },
});
