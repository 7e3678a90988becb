import { SOC_FACTS } from '../target';
import { defineRule } from './rule';

const SHUFFLES = new Set([
  '__shfl_sync', '__shfl_up_sync', '__shfl_down_sync', '__shfl_xor_sync',
  // Pre-CUDA 9 spellings without a mask, still found in older code.
  '__shfl', '__shfl_up', '__shfl_down', '__shfl_xor',
]);

export default defineRule({
  code: 'ASC251',
  name: 'warp-shuffle',
  family: 'warp',
  effort: 'high',
  summary: 'Warp shuffle: lanes exchange registers, which SIMD Ascend cores do not have',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].simt ? 'information' : 'error'),
  docs: `
## What it does
Flags warp shuffles: \`__shfl_sync\`, \`__shfl_up_sync\`, \`__shfl_down_sync\`, \`__shfl_xor_sync\` and their pre-CUDA 9 forms without a mask.

## Why is this a problem on Ascend
An Ascend AI Core runs one scalar instruction stream that issues vector instructions over tiles in the Unified Buffer (UB). There are no lanes with private registers to exchange, so a shuffle has no equivalent on 910A, 910B or 310P. Only Ascend 950 has a SIMT mode, with \`asc_shfl_*\` functions, so there this is information rather than an error.

## Example
\`\`\`cuda
__device__ float warp_sum(float v) {
  for (int offset = 16; offset > 0; offset /= 2)
    v += __shfl_down_sync(0xffffffff, v, offset);
  return v;
}
\`\`\`

## Use instead
Express the exchange as a whole-tile vector operation on a \`LocalTensor\` in UB:
- reductions: \`WholeReduceSum\`, \`BlockReduceSum\` or \`ReduceSum\` on CANN 8.x (\`ReduceRepeat\` / \`ReduceDataBlock\` from CANN 9.1);
- broadcasts: \`Duplicate\` or \`Brcb\`;
- permutations: \`Gather\`, \`GatherMask\` or \`Transpose\`.
On Ascend 950 in SIMT mode, use the matching \`asc_shfl_*\` function.
`,
  scope: 'declaration',
  check(ctx) {
    const simt = SOC_FACTS[ctx.target.soc].simt;
    for (const call of ctx.facts.callsTo(SHUFFLES)) {
      ctx.report({
        span: call.nameSpan,
        message: simt
          ? `\`${call.name}\` maps to the SIMT \`asc_shfl_*\` API on ${ctx.target.soc}; check the lane count and mask semantics`
          : `\`${call.name}\` has no equivalent on ${ctx.target.soc}: there are no warp lanes; rewrite the exchange as a tile-wide vector op (reduce, Duplicate, Gather)`,
      });
    }
  },
});
