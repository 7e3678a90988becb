import { SOC_FACTS } from '../target';
import { defineRule } from './rule';

const ADDS = new Set(['atomicAdd', 'atomicAdd_block', 'atomicAdd_system', 'atomicSub', 'atomicSub_block', 'atomicSub_system']);

export default defineRule({
  code: 'ASC301',
  name: 'atomic-add',
  family: 'atomics',
  effort: 'medium',
  summary: 'Per-thread `atomicAdd`/`atomicSub` on an arbitrary address',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].simt ? 'information' : 'warning'),
  docs: `
## What it does
Flags \`atomicAdd\` and \`atomicSub\` (and their \`_block\` / \`_system\` scopes).

## Why is this a problem on Ascend
On 910A, 910B and 310P there are no per-thread atomics. Accumulation into global memory happens in the DMA engine while copying: \`SetAtomicAdd<T>()\` turns the following \`DataCopy(gm, ub, n)\` into an add. It works on whole tiles, not on single scattered addresses, and the supported types depend on the chip: int8, int16, half, bfloat16, int32 and float on 910B; int16, half and float on 310P; float only on 910A. Global memory is not zeroed for you. Ascend 950 has scalar \`AtomicAdd(__gm__ T* addr, T v)\`.

## Example
\`\`\`cuda
__global__ void total(const float* x, float* sum, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) atomicAdd(sum, x[i]);
}
\`\`\`

## Use instead
Reduce each core's tile in UB first (\`ReduceSum\`), then add the partial result to global memory with \`SetAtomicAdd<float>()\`, \`DataCopy(gm, ub, n)\` and \`DisableDmaAtomic()\` (\`SetAtomicNone()\` on CANN 8.x). Zero the output before the launch. Alternatively write per-core partials to a workspace and reduce them after \`SyncAll\`.
`,
  scope: 'declaration',
  check(ctx) {
    const facts = SOC_FACTS[ctx.target.soc];
    for (const call of ctx.facts.callsTo(ADDS)) {
      ctx.report({
        span: call.nameSpan,
        message: facts.simt
          ? `\`${call.name}\` maps to the scalar \`AtomicAdd\` on ${ctx.target.soc}`
          : `\`${call.name}\` has no per-address equivalent on ${ctx.target.soc}: reduce in UB, then accumulate with SetAtomicAdd<T>() + DataCopy (types: ${facts.dmaAtomicAddTypes.join(', ')})`,
      });
    }
  },
});
