import { SOC_FACTS } from '../target';
import { defineRule } from './rule';

const VOTES = new Set(['__ballot_sync', '__any_sync', '__all_sync', '__uni_sync', '__ballot', '__any', '__all']);

export default defineRule({
  code: 'ASC252',
  name: 'warp-vote',
  family: 'warp',
  effort: 'high',
  summary: 'Warp vote (`__ballot_sync`, `__any_sync`, `__all_sync`): a predicate gathered across lanes',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].simt ? 'information' : 'error'),
  docs: `
## What it does
Flags warp votes: \`__ballot_sync\`, \`__any_sync\`, \`__all_sync\`, \`__uni_sync\`, and the pre-CUDA 9 \`__ballot\`, \`__any\` and \`__all\`.

## Why is this a problem on Ascend
A vote collects one predicate per lane of a warp. The SIMD AI Cores of 910A, 910B and 310P have no lanes: the whole tile is processed by vector instructions issued from one scalar stream. Only Ascend 950's SIMT mode has \`asc_ballot\`, \`asc_any\` and \`asc_all\`.

## Example
\`\`\`cuda
__global__ void any_negative(const float* x, int* flag) {
  bool neg = x[threadIdx.x] < 0.0f;
  if (__any_sync(0xffffffff, neg)) *flag = 1;
}
\`\`\`

## Use instead
Compute the predicate for the whole tile with \`Compare\` (or \`Compares\` against a scalar), which writes a bit mask into UB. Test the mask with a reduction, or read it on the scalar side with \`GetValue\`. On Ascend 950 in SIMT mode, use \`asc_ballot\`, \`asc_any\` or \`asc_all\`.
`,
  scope: 'declaration',
  check(ctx) {
    const simt = SOC_FACTS[ctx.target.soc].simt;
    for (const call of ctx.facts.callsTo(VOTES)) {
      ctx.report({
        span: call.nameSpan,
        message: simt
          ? `\`${call.name}\` maps to the SIMT vote functions (asc_ballot/asc_any/asc_all) on ${ctx.target.soc}`
          : `\`${call.name}\` has no equivalent on ${ctx.target.soc}: there are no lanes to vote; build the predicate for the tile with Compare and reduce the mask`,
      });
    }
  },
});
