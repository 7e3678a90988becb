import { SOC_FACTS } from '../target';
import { defineRule } from './rule';
import { asmMatches, deviceBodies, ownedBy } from './support/sync-patterns';

export default defineRule({
  code: 'ASC211',
  name: 'scoped-fence',
  family: 'synchronization',
  effort: 'medium',
  summary: 'C++ and PTX memory fences (`cuda::atomic_thread_fence`, `fence.*`, `membar.*`)',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].simt ? 'information' : 'warning'),
  docs: `
## What it does
Flags memory fences other than the \`__threadfence*\` intrinsics (which \`memory-fence\` reports): \`cuda::atomic_thread_fence\` and \`cuda::std::atomic_thread_fence\` (and \`std::atomic_thread_fence\`) in device code, and the PTX \`fence.*\` and \`membar.*\` instructions in inline assembly.

## Why is this a problem on Ascend
A fence orders one thread's memory operations as other threads see them, at a scope (block, device, system). The SIMD cores of 910A, 910B and 310P have no fence instruction: scalar writes to GM stay in the per-core DataCache until \`DataCacheCleanAndInvalid\` writes them back, and DMA copies are ordered per pipe with \`PipeBarrier\`. What the fence published still needs a cross-core synchronisation (\`SyncAll\`) before another core reads it. Ascend 950's SIMT mode has \`asc_threadfence\`.

## Example
\`\`\`cuda
#include <cuda/atomic>
__global__ void publish(int* data, int* ready) {
  data[blockIdx.x] = 42;
  cuda::atomic_thread_fence(cuda::memory_order_release, cuda::thread_scope_device);
  if (threadIdx.x == 0) ready[blockIdx.x] = 1;
}
\`\`\`

## Use instead
After scalar writes to GM, call \`DataCacheCleanAndInvalid\` on the tensor; after DMA writes, \`PipeBarrier<PIPE_MTE3>()\`; then synchronise the cores with \`SyncAll()\`. On Ascend 950 in SIMT mode, use \`asc_threadfence\`.
`,
  check(ctx) {
    const soc = ctx.target.soc;
    const simt = SOC_FACTS[soc].simt;
    const instead = simt
      ? `maps to asc_threadfence in ${soc}'s SIMT mode; check that its scope matches`
      : `has no equivalent on ${soc}: clean the DataCache (DataCacheCleanAndInvalid) or barrier the copy pipe (PipeBarrier<PIPE_MTE3>), then synchronise cores`;
    const re = /(?<![\w.>:])(?:::\s*)?(?:cuda\s*::\s*(?:std\s*::\s*)?|std\s*::\s*)atomic_thread_fence(?=\s*\()/g;
    for (const b of deviceBodies(ctx)) {
      re.lastIndex = 0;
      for (let m = re.exec(b.masked); m; m = re.exec(b.masked)) {
        const start = b.start + m.index;
        if (!ownedBy(ctx, b.fn, start)) continue;
        ctx.report({ span: { start, end: start + m[0].length }, message: `\`${m[0].replace(/\s+/g, '')}\` ${instead}` });
      }
    }
    for (const m of asmMatches(ctx, /(?<![\w.%])(?:fence|membar)\.[\w.:]+/)) {
      ctx.report({ span: m.span, message: `PTX \`${m.text}\` ${instead}` });
    }
  },
});
