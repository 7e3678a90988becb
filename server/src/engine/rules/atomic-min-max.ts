import { SOC_FACTS } from '../target';
import { defineRule } from './rule';

const MIN_MAX = new Set(['atomicMin', 'atomicMax', 'atomicMin_block', 'atomicMax_block', 'atomicMin_system', 'atomicMax_system']);

export default defineRule({
  code: 'ASC302',
  name: 'atomic-min-max',
  family: 'atomics',
  effort: 'medium',
  summary: 'Per-thread `atomicMin`/`atomicMax`',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].simt ? 'information' : SOC_FACTS[t.soc].dmaAtomicMaxMin ? 'warning' : 'error'),
  docs: `
## What it does
Flags \`atomicMin\` and \`atomicMax\` (and their \`_block\` / \`_system\` scopes).

## Why is this a problem on Ascend
There are no per-thread atomics on 910A, 910B or 310P. On 910B (and 910_93) the DMA engine can apply max or min while copying a tile to global memory (\`SetAtomicMax<T>()\`, \`SetAtomicMin<T>()\`); 910A and 310P cannot do even that. Ascend 950 has scalar \`AtomicMax\` and \`AtomicMin\`.

## Example
\`\`\`cuda
__global__ void peak(const int* x, int* best, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) atomicMax(best, x[i]);
}
\`\`\`

## Use instead
Reduce each tile in UB (\`ReduceMax\` / \`ReduceMin\`), then on 910B copy the per-core result out under \`SetAtomicMax<T>()\` and \`DisableDmaAtomic()\`. On 910A and 310P, write per-core partials to a workspace and let one core reduce them after \`SyncAll\`.
`,
  scope: 'declaration',
  check(ctx) {
    const facts = SOC_FACTS[ctx.target.soc];
    for (const call of ctx.facts.callsTo(MIN_MAX)) {
      ctx.report({
        span: call.nameSpan,
        message: facts.simt
          ? `\`${call.name}\` maps to the scalar \`${call.name.startsWith('atomicMin') ? 'AtomicMin' : 'AtomicMax'}\` on ${ctx.target.soc}`
          : facts.dmaAtomicMaxMin
            ? `\`${call.name}\` has no per-address equivalent on ${ctx.target.soc}: reduce the tile, then copy out under SetAtomic${call.name.startsWith('atomicMin') ? 'Min' : 'Max'}<T>()`
            : `\`${call.name}\` has no equivalent on ${ctx.target.soc} (no DMA max/min either): write per-core partials and reduce them after SyncAll`,
      });
    }
  },
});
