import { SOC_FACTS } from '../target';
import { defineRule } from './rule';

export default defineRule({
  code: 'ASC202',
  name: 'warp-barrier',
  family: 'synchronization',
  effort: 'low',
  summary: '`__syncwarp()`: a barrier among the lanes of a warp',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].simt ? 'information' : 'warning'),
  docs: `
## What it does
Flags calls to \`__syncwarp()\`.

## Why is this a problem on Ascend
On 910A, 910B and 310P an AI Core runs one instruction stream, so there are no lanes to wait for and the call has nothing to do. What it ordered (usually shared-memory traffic between lanes, or a shuffle sequence) still has to be re-expressed with tile operations. Ascend 950's SIMT mode keeps warps.

## Example
\`\`\`cuda
__global__ void stage(float* s) {
  s[threadIdx.x] *= 2.0f;
  __syncwarp();
  s[threadIdx.x] += s[threadIdx.x ^ 1];
}
\`\`\`

## Use instead
Drop the barrier once the exchange it protected is a tile operation (\`Gather\`, a reduction, \`Duplicate\`). Between pipes, let \`TQue\` \`EnQue\`/\`DeQue\` or \`SetFlag\`/\`WaitFlag\` order the work.
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(new Set(['__syncwarp']))) {
      ctx.report({
        span: call.nameSpan,
        message: SOC_FACTS[ctx.target.soc].simt
          ? `\`__syncwarp\` keeps its meaning in ${ctx.target.soc}'s SIMT mode`
          : `\`__syncwarp\` has nothing to wait for on ${ctx.target.soc} (one instruction stream per core); re-express the lane exchange it protected as a tile operation`,
      });
    }
  },
});
