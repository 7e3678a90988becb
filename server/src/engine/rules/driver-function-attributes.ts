import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC538',
  name: 'driver-function-attributes',
  family: 'host-runtime',
  effort: 'medium',
  summary: "CUDA driver kernel attributes (`cuFuncGetAttribute`, `cuFuncSetAttribute`, `cuFuncSetCacheConfig`)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags \`cuFuncGetAttribute\`, \`cuFuncSetAttribute\`, \`cuFuncSetCacheConfig\`, \`cuFuncSetSharedMemConfig\`, \`cuFuncGetModule\`, \`cuFuncGetName\`, \`cuFuncGetParamInfo\`, \`cuFuncIsLoaded\` and \`cuFuncLoad\`.

## Why is this a problem on Ascend
There are no per-kernel attributes on Ascend: no registers, threads per block or shared-memory carve-out to query or set. UB buffers are sized statically with \`TPipe::InitBuffer\`, and a kernel is loaded with the program.

## Example
\`\`\`cuda
#include <cuda.h>
int regs(CUfunction f) { int r = 0; cuFuncGetAttribute(&r, CU_FUNC_ATTRIBUTE_NUM_REGS, f); return r; }
\`\`\`

## Use instead
Remove the attribute calls; size UB buffers in the kernel with \`pipe.InitBuffer(queue, depth, bytes)\`.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC538');
  },
});
