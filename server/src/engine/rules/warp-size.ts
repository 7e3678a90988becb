import { SOC_FACTS } from '../target';
import { defineRule } from './rule';
import { matchesInDeviceCode } from './support/device-code';

export default defineRule({
  code: 'ASC005',
  name: 'warp-size',
  family: 'execution-model',
  effort: 'medium',
  summary: '`warpSize` used in device code',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].simt ? 'information' : 'warning'),
  docs: `
## What it does
Flags uses of the built-in \`warpSize\` in device code.

## Why is this a problem on Ascend
Code that reads \`warpSize\` partitions work by warps: lane ids, per-warp partial sums, strides. The SIMD AI Cores of 910A, 910B and 310P have no warps, so that partitioning disappears; the unit of work is a tile of 256-byte repeats (128 half or 64 float). Ascend 950's SIMT mode has 32-thread warps.

## Example
\`\`\`cuda
__global__ void lanes(int* lane) {
  lane[threadIdx.x] = threadIdx.x % warpSize;
}
\`\`\`

## Use instead
Partition by tiles instead of warps; per-warp partial results become a reduction over the tile (\`ReduceSum\`, \`WholeReduceSum\`).
`,
  check(ctx) {
    const simt = SOC_FACTS[ctx.target.soc].simt;
    for (const m of matchesInDeviceCode(ctx, /\bwarpSize\b/g)) {
      ctx.report({
        span: m.span,
        message: simt
          ? `\`warpSize\` is 32 in ${ctx.target.soc}'s SIMT mode`
          : `\`warpSize\` assumes warps, which ${ctx.target.soc} does not have: partition by tiles of 256-byte repeats instead`,
      });
    }
  },
});
