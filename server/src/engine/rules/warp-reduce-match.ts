import { SOC_FACTS } from '../target';
import { defineRule } from './rule';

const NAMES = new Set([
  '__reduce_add_sync', '__reduce_min_sync', '__reduce_max_sync', '__reduce_and_sync', '__reduce_or_sync', '__reduce_xor_sync',
  '__match_any_sync', '__match_all_sync',
]);

export default defineRule({
  code: 'ASC254',
  name: 'warp-reduce-match',
  family: 'warp',
  effort: 'high',
  summary: 'Warp-level reductions (`__reduce_*_sync`) and matches (`__match_*_sync`)',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].simt ? 'warning' : 'error'),
  docs: `
## What it does
Flags the warp reduction intrinsics \`__reduce_add_sync\`, \`__reduce_min_sync\`, \`__reduce_max_sync\`, \`__reduce_and_sync\`, \`__reduce_or_sync\`, \`__reduce_xor_sync\`, and the warp matches \`__match_any_sync\` and \`__match_all_sync\`.

## Why is this a problem on Ascend
They combine values held by the lanes of a warp. SIMD AI Cores have no lanes; reductions run over tiles in UB instead. The reference names SIMT warp functions for Ascend 950 but no counterpart of these intrinsics, so they are a warning there and an error elsewhere.

## Example
\`\`\`cuda
__global__ void warp_total(const unsigned* x, unsigned* out) {
  unsigned s = __reduce_add_sync(0xffffffff, x[threadIdx.x]);
  if (threadIdx.x == 0) out[blockIdx.x] = s;
}
\`\`\`

## Use instead
Reduce the tile: \`ReduceSum\` (whole tensor), \`WholeReduceSum\` / \`BlockReduceSum\` per repeat or block on CANN 8.x (\`ReduceRepeat\` / \`ReduceDataBlock\` from CANN 9.1), \`ReduceMax\` / \`ReduceMin\`. Matching equal values across lanes has no vector counterpart: sort (\`Sort\`) or compare (\`Compare\`) the tile instead.
`,
  scope: 'declaration',
  check(ctx) {
    const simt = SOC_FACTS[ctx.target.soc].simt;
    for (const call of ctx.facts.callsTo(NAMES)) {
      const match = call.name.startsWith('__match');
      ctx.report({
        span: call.nameSpan,
        message: simt
          ? `\`${call.name}\` has no named SIMT counterpart on ${ctx.target.soc}; rewrite it with the SIMT shuffle or a tile-wide ${match ? 'Compare' : 'reduction'}`
          : `\`${call.name}\` has no equivalent on ${ctx.target.soc}: ${match ? 'compare or sort the tile instead' : 'reduce the tile with ReduceSum/WholeReduceSum (ReduceRepeat on CANN 9.1)'}`,
      });
    }
  },
});
