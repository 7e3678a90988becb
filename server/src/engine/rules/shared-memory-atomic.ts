import { SOC_FACTS } from '../target';
import { defineRule } from './rule';

const ATOMICS = new Set(['atomicAdd', 'atomicSub', 'atomicMin', 'atomicMax', 'atomicCAS', 'atomicExch', 'atomicInc', 'atomicDec', 'atomicAnd', 'atomicOr', 'atomicXor', 'atomicAdd_block']);

export default defineRule({
  code: 'ASC304',
  name: 'shared-memory-atomic',
  family: 'atomics',
  effort: 'high',
  summary: 'Atomics on `__shared__` memory',
  fixAvailability: 'none',
  supersedes: ['ASC301'],
  severity: (t) => (SOC_FACTS[t.soc].simt ? 'warning' : 'error'),
  docs: `
## What it does
Flags atomic operations whose target is a \`__shared__\` array of the same kernel, such as \`atomicAdd(&bins[k], 1)\`. The same calls are also reported by the general atomic rules; this one says why shared-memory atomics are harder still.

## Why is this a problem on Ascend
The DMA atomics (\`SetAtomicAdd\` and friends) act on copies to global memory; nothing is atomic inside the Unified Buffer, and no other thread shares a core's UB anyway. Privatised histograms and counters in shared memory have to be rewritten as vector operations over the tile (compare, select, reduce) or as scalar updates on the core's own UB data.

## Example
\`\`\`cuda
__global__ void hist(const unsigned char* d, unsigned* out) {
  __shared__ unsigned bins[256];
  atomicAdd(&bins[d[threadIdx.x]], 1u);
  __syncthreads();
  out[threadIdx.x] = bins[threadIdx.x];
}
\`\`\`

## Use instead
Count per tile in UB without atomics (each core owns its tile), then merge per-core results into global memory with \`SetAtomicAdd<T>()\` + \`DataCopy\`, or through a workspace reduced after \`SyncAll\`.
`,
  check(ctx) {
    for (const f of ctx.facts.functions()) {
      if (f.kind === 'host' || f.sharedArrays.length === 0) continue;
      const names = f.sharedArrays.map((s) => s.name);
      const re = new RegExp(`^&?\\s*\\(?\\s*(?:${names.join('|')})\\b`);
      for (const call of f.calls) {
        if (!ATOMICS.has(call.name) || call.qualified !== call.name) continue;
        const target = call.args[0]?.text ?? '';
        if (!re.test(target)) continue;
        ctx.report({
          span: call.nameSpan,
          message: `\`${call.name}\` on shared memory (\`${target}\`) has no equivalent on ${ctx.target.soc}: count per core in UB without atomics and merge per-core results`,
        });
      }
    }
  },
});
