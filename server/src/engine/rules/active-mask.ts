import { SOC_FACTS } from '../target';
import { defineRule } from './rule';

export default defineRule({
  code: 'ASC253',
  name: 'active-mask',
  family: 'warp',
  effort: 'high',
  summary: '`__activemask()`: the set of lanes currently executing',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].simt ? 'warning' : 'error'),
  docs: `
## What it does
Flags calls to \`__activemask()\`.

## Why is this a problem on Ascend
The active mask describes which lanes of a warp are running after divergence. SIMD AI Cores have no lanes and no divergence: predication is explicit, through the \`mask\` argument of repeat-form vector APIs or a \`Compare\` mask passed to \`Select\`. The reference lists SIMT warp functions for Ascend 950, but names no counterpart of \`__activemask\`, so it is a warning there.

## Example
\`\`\`cuda
__global__ void count_active(int* out) {
  unsigned m = __activemask();
  if (threadIdx.x == 0) out[blockIdx.x] = __popc(m);
}
\`\`\`

## Use instead
Keep the element mask explicit: build it with \`Compare\` or \`Compares\` over the tile and pass it to \`Select\`, or use the \`mask\` parameter of the repeat-form vector APIs.
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(new Set(['__activemask']))) {
      ctx.report({
        span: call.nameSpan,
        message: SOC_FACTS[ctx.target.soc].simt
          ? `\`__activemask\` has no named SIMT counterpart on ${ctx.target.soc}; keep the lane mask explicit`
          : `\`__activemask\` has no equivalent on ${ctx.target.soc}: SIMD cores have no lanes; keep element masks explicit with Compare and Select`,
      });
    }
  },
});
