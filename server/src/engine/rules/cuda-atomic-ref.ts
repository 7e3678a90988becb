import { SOC_FACTS } from '../target';
import { defineRule } from './rule';
import { matchesInDeviceCode } from './support/device-code';

const ATOMIC = /(?<![\w:])(?:::)?cuda\s*::\s*(?:std\s*::\s*)?atomic(?:_ref)?\s*</g;

export default defineRule({
  code: 'ASC305',
  name: 'cuda-atomic-ref',
  family: 'atomics',
  effort: 'high',
  summary: 'libcu++ atomics in device code (`cuda::atomic_ref<T>`, `cuda::atomic<T>`, `cuda::std::atomic<T>`)',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].simt ? 'information' : 'warning'),
  docs: `
## What it does
Flags the C++ atomics of libcu++ used in device code: \`cuda::atomic_ref<T, scope>\`, \`cuda::atomic<T, scope>\`, \`cuda::std::atomic<T>\` and \`cuda::std::atomic_ref<T>\`. The \`atomicAdd\`-style functions are ASC301–ASC304's. One finding per use.

## Why is this a problem on Ascend
These are per-address read-modify-write operations with a memory order and a thread scope, written as objects. Vector code on Ascend has no per-address atomics: accumulation into global memory happens on the UB→GM copy with the DMA atomics (\`SetAtomicAdd<T>()\`, and \`SetAtomicMax/Min\` on A2/A3/950) for a whole tile, and the memory orders and scopes have no counterpart. Only the SIMT API of Ascend 950 has scalar atomics.

## Example
\`\`\`cuda
#include <cuda/atomic>
__global__ void count(const int* x, int* hits, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n && x[i] > 0) cuda::atomic_ref<int, cuda::thread_scope_device>(*hits).fetch_add(1);
}
\`\`\`

## Use instead
Reduce each tile in UB (\`ReduceSum\`, \`Compare\` + a count), then accumulate the per-core partial into global memory with \`SetAtomicAdd<T>()\` around the \`DataCopy\`, or combine the partials in a second one-core launch.
`,
  check(ctx) {
    if (!ctx.text.includes('atomic')) return;
    const simt = SOC_FACTS[ctx.target.soc].simt;
    for (const m of matchesInDeviceCode(ctx, ATOMIC)) {
      const what = m.text.replace(/\s+/g, '').replace(/<$/, '');
      ctx.report({
        span: { start: m.span.start, end: m.span.end - 1 },
        message: simt
          ? `\`${what}\` in \`${m.fn.name}\`: on ${ctx.target.soc} the SIMT API has scalar atomics; the memory order and scope do not carry over`
          : `\`${what}\` in \`${m.fn.name}\` has no per-address equivalent on ${ctx.target.soc}: reduce in UB, then accumulate the tile with SetAtomicAdd<T>() + DataCopy`,
      });
    }
  },
});
