import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC546',
  name: 'driver-mem-pool',
  family: 'host-runtime',
  effort: 'medium',
  summary: "CUDA driver stream-ordered allocator (`cuMemAllocAsync`, `cuMemFreeAsync`, `cuMemPool*`)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags the stream-ordered allocator: \`cuMemAllocAsync\`, \`cuMemFreeAsync\`, \`cuMemAllocFromPoolAsync\`, the \`cuMemPool*\` calls and the device memory-pool getters and setters.

## Why is this a problem on Ascend
The reference lists no stream-ordered allocator or memory pools in the ACL runtime. Allocation is \`aclrtMalloc\`, which is synchronous: keep it out of the hot path and reuse buffers.

## Example
\`\`\`cuda
#include <cuda.h>
void tmp(CUdeviceptr* p, CUstream s) { cuMemAllocAsync(p, 4096, s); }
\`\`\`

## Use instead
Allocate once with \`aclrtMalloc\` before the loop and free with \`aclrtFree\` after synchronising.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC546');
  },
});
