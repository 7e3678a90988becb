import { defineRule } from './rule';
import { tableCalls } from './support/names';

export default defineRule({
  code: 'ASC109',
  name: 'cache-hinted-store',
  family: 'memory',
  effort: 'low',
  summary: 'Cache-hinted element stores (`__stcs`, `__stcg`, `__stwt`, `__stwb`)',
  fixAvailability: 'none',
  severity: () => 'information',
  docs: `
## What it does
Flags the cache-hinted store intrinsics \`__stcs\` (streaming), \`__stcg\` (cache globally), \`__stwt\` (write-through) and \`__stwb\` (write-back), the store side of ASC105's \`__ldcs\` family.

## Why is this a problem on Ascend
A kernel does not store elements to global memory one at a time: it writes a tile in UB and moves it out with \`DataCopy\` (or \`DataCopyPad\` where the target has it). There are no per-store cache hints; the streaming behaviour these hints ask for is what a tile copy already does.

## Example
\`\`\`cuda
__global__ void copy(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) __stcs(&y[i], x[i]);
}
\`\`\`

## Use instead
Write the result into the output tile and copy it out: \`DataCopy(yGm[offset], yLocal, count)\`.
`,
  scope: 'declaration',
  check(ctx) {
    // Names: the CUDA-name table (rules/names/math.ts).
    for (const { call } of tableCalls(ctx, 'ASC109')) {
      ctx.report({
        span: call.nameSpan,
        message: `\`${call.name}\` is an element store with a cache hint; on ${ctx.target.soc} write the UB tile and move it out with DataCopy`,
      });
    }
  },
});
