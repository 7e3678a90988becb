import { SOC_FACTS } from '../target';
import { defineRule } from './rule';

const FENCES = new Set(['__threadfence', '__threadfence_block', '__threadfence_system']);

export default defineRule({
  code: 'ASC203',
  name: 'memory-fence',
  family: 'synchronization',
  effort: 'medium',
  summary: 'Memory fences (`__threadfence*`)',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].simt ? 'information' : 'warning'),
  docs: `
## What it does
Flags \`__threadfence()\`, \`__threadfence_block()\` and \`__threadfence_system()\`.

## Why is this a problem on Ascend
A fence orders one thread's writes as other threads see them. On the SIMD cores there is no such instruction: scalar writes to global memory sit in the core's DataCache until it is cleaned, and DMA copies are ordered per pipe. Making data visible to other cores therefore takes a cache clean or a pipe barrier, then a cross-core synchronisation. Ascend 950's SIMT mode has \`asc_threadfence\`.

## Example
\`\`\`cuda
__global__ void publish(int* data, volatile int* ready) {
  data[blockIdx.x] = 42;
  __threadfence();
  if (threadIdx.x == 0) ready[blockIdx.x] = 1;
}
\`\`\`

## Use instead
After scalar writes (\`GlobalTensor::SetValue\`), call \`DataCacheCleanAndInvalid\` on the tensor before other cores read it; order DMA writes with \`PipeBarrier<PIPE_MTE3>()\`; then synchronise the cores with \`SyncAll\` or the cross-core flags. On Ascend 950 in SIMT mode, use \`asc_threadfence\`.
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(FENCES)) {
      ctx.report({
        span: call.nameSpan,
        message: SOC_FACTS[ctx.target.soc].simt
          ? `\`${call.name}\` maps to asc_threadfence in ${ctx.target.soc}'s SIMT mode`
          : `\`${call.name}\` has no direct equivalent on ${ctx.target.soc}: clean the DataCache (DataCacheCleanAndInvalid) or barrier the copy pipe (PipeBarrier<PIPE_MTE3>), then synchronise cores`,
      });
    }
  },
});
