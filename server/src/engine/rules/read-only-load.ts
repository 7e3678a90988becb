import { defineRule } from './rule';
import { tableCalls } from './support/names';

export default defineRule({
  code: 'ASC105',
  name: 'read-only-load',
  family: 'memory',
  effort: 'low',
  summary: 'Cache-hinted loads (`__ldg` and friends)',
  fixAvailability: 'none',
  severity: () => 'information',
  docs: `
## What it does
Flags the cache-hinted load intrinsics \`__ldg\`, \`__ldca\`, \`__ldcg\`, \`__ldcs\`, \`__ldlu\` and \`__ldcv\`.

## Why is this a problem on Ascend
They load one element through a particular cache path. Ascend C kernels do not load elements from global memory one at a time: data moves in blocks from global memory into the Unified Buffer with \`DataCopy\`, and vector instructions read it there. The hint itself has nothing to map to.

## Example
\`\`\`cuda
__global__ void scale(const float* __restrict__ x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = 2.0f * __ldg(&x[i]);
}
\`\`\`

## Use instead
Copy the tile in once with \`DataCopy(local, global[offset], count)\` (a multiple of 32 bytes) and compute on the \`LocalTensor\`.
`,
  scope: 'declaration',
  check(ctx) {
    // Names: the CUDA-name table (rules/names/math.ts).
    for (const { call } of tableCalls(ctx, 'ASC105')) {
      ctx.report({
        span: call.nameSpan,
        message: `\`${call.name}\` is an element load with a cache hint; on ${ctx.target.soc} move the tile into UB with DataCopy and read it there`,
      });
    }
  },
});
