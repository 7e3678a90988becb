import { SOC_FACTS } from '../target';
import { defineRule } from './rule';

const BARRIERS = new Set(['__syncthreads', '__syncthreads_count', '__syncthreads_and', '__syncthreads_or']);

export default defineRule({
  code: 'ASC201',
  name: 'block-barrier',
  family: 'synchronization',
  effort: 'medium',
  summary: 'Thread-block barrier (`__syncthreads`): there are no threads to wait for on an AI Core',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].simt ? 'information' : 'warning'),
  docs: `
## What it does
Flags \`__syncthreads()\` and its counting forms \`__syncthreads_count\`, \`__syncthreads_and\` and \`__syncthreads_or\`.

## Why is this a problem on Ascend
A CUDA block maps to one AI Core, which runs a single instruction stream, so a barrier between threads means nothing there. What the barrier protected still matters: data produced by one pipe (a copy into UB, a vector op) must be ready before another pipe reads it. Ascend C orders pipes with queues and flags instead of barriers. The predicate forms (\`_count\`, \`_and\`, \`_or\`) also compute a block-wide reduction that has to be rewritten. Ascend 950 has \`asc_syncthreads\` in its SIMT mode.

## Example
\`\`\`cuda
__global__ void stage(const float* in, float* out) {
  __shared__ float tile[256];
  tile[threadIdx.x] = in[blockIdx.x * 256 + threadIdx.x];
  __syncthreads();
  out[blockIdx.x * 256 + threadIdx.x] = tile[255 - threadIdx.x];
}
\`\`\`

## Use instead
Let the \`TQue\` \`EnQue\`/\`DeQue\` pairs of a \`TPipe\` order copy-in, compute and copy-out (they insert the pipe flags). For hand-written pipelines use \`SetFlag<HardEvent::MTE2_V>(id)\` / \`WaitFlag<HardEvent::MTE2_V>(id)\`, or \`PipeBarrier<PIPE_V>()\` within one pipe. Rewrite \`__syncthreads_count/and/or\` as a \`Compare\` into a mask followed by a reduction.
`,
  scope: 'declaration',
  check(ctx) {
    const simt = SOC_FACTS[ctx.target.soc].simt;
    for (const call of ctx.facts.callsTo(BARRIERS)) {
      const predicate = call.name !== '__syncthreads';
      ctx.report({
        span: call.nameSpan,
        severity: predicate && !simt ? 'error' : undefined,
        message: simt
          ? `\`${call.name}\` maps to \`asc_syncthreads\` in ${ctx.target.soc}'s SIMT mode`
          : predicate
            ? `\`${call.name}\` is a barrier plus a block-wide vote; on ${ctx.target.soc} rewrite the vote as Compare + reduction and order pipes with TQue or SetFlag/WaitFlag`
            : `\`__syncthreads\` has no direct equivalent on ${ctx.target.soc}: one AI Core runs one instruction stream; order copy and compute pipes with TQue EnQue/DeQue or SetFlag/WaitFlag`,
      });
    }
  },
});
