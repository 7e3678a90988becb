import { defineRule } from './rule';
import { asmMatches, deviceBodies, ownedBy } from './support/sync-patterns';

const MBARRIER = new Set([
  '__mbarrier_init', '__mbarrier_inval', '__mbarrier_arrive', '__mbarrier_arrive_and_drop',
  '__mbarrier_test_wait', '__mbarrier_test_wait_parity', '__mbarrier_try_wait', '__mbarrier_try_wait_parity',
]);

export default defineRule({
  code: 'ASC207',
  name: 'async-barrier',
  family: 'synchronization',
  effort: 'high',
  summary: 'Split arrive/wait barriers and pipelines (`cuda::barrier`, `cuda::pipeline`, `mbarrier`)',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags split-phase barriers and producer/consumer pipelines in device code: the libcu++ types \`cuda::barrier<...>\`, \`cuda::std::barrier<...>\` and \`cuda::pipeline<...>\` (and \`cuda::make_pipeline\`), the \`__mbarrier_*\` primitives, and \`mbarrier.*\` instructions in inline PTX.

## Why is this a problem on Ascend
These barriers let a group of threads arrive now and wait later, usually to track asynchronous copies into shared memory (a producer warp fills a stage while consumer warps compute on the previous one). An AI Core has no threads to count, but its pipes play the producer and consumer roles: MTE2 copies GM→UB, the vector or cube pipe computes, MTE3 copies back. Their hand-off is expressed with \`TQue\` \`EnQue\`/\`DeQue\`, which insert the flags, or by hand with \`SetFlag<HardEvent>(id)\` / \`WaitFlag<HardEvent>(id)\`, a binary semaphore between two pipes (event IDs 0–7, 0–3 on 910A). The pipeline depth becomes the number of buffers given to \`InitBuffer\`.

## Example
\`\`\`cuda
#include <cuda/barrier>
__global__ void produce_consume(float* x) {
  __shared__ cuda::barrier<cuda::thread_scope_block> bar;
  if (threadIdx.x == 0) init(&bar, blockDim.x);
  __syncthreads();
  x[threadIdx.x] *= 2.0f;
  bar.arrive_and_wait();
}
\`\`\`

## Use instead
\`\`\`cpp
// Copy (MTE2) then compute (V): a flag pair replaces arrive/wait.
AscendC::DataCopy(xLocal, xGm, tileLen);
AscendC::SetFlag<AscendC::HardEvent::MTE2_V>(0);
AscendC::WaitFlag<AscendC::HardEvent::MTE2_V>(0);
AscendC::Muls(yLocal, xLocal, 2.0f, tileLen);
\`\`\`
`,
  check(ctx) {
    const soc = ctx.target.soc;
    for (const call of ctx.facts.callsTo(MBARRIER)) {
      ctx.report({
        span: call.nameSpan,
        message: `\`${call.name}\` drives a split arrive/wait barrier; ${soc} has no thread barriers: hand tiles between pipes with TQue EnQue/DeQue or SetFlag/WaitFlag<HardEvent>`,
      });
    }
    const re = /(?<![\w.>:])(?:::\s*)?cuda\s*::\s*(?:std\s*::\s*)?(barrier|pipeline)\s*<|(?<![\w.>:])(?:::\s*)?cuda\s*::\s*(make_pipeline)\s*\(/g;
    for (const b of deviceBodies(ctx)) {
      re.lastIndex = 0;
      for (let m = re.exec(b.masked); m; m = re.exec(b.masked)) {
        const start = b.start + m.index;
        if (!ownedBy(ctx, b.fn, start)) continue;
        const written = m[0].replace(/[\s<(]+/g, '');
        const what = m[1] === 'barrier' ? 'a split arrive/wait barrier' : 'a producer/consumer pipeline of asynchronous copies';
        ctx.report({
          span: { start, end: start + m[0].length - 1 },
          message: `\`${written}\` is ${what}; on ${soc} the copy and compute pipes hand tiles over with TQue EnQue/DeQue (or SetFlag/WaitFlag<HardEvent>), with as many stages as InitBuffer buffers`,
        });
      }
    }
    for (const m of asmMatches(ctx, /(?<![\w.])mbarrier\.[\w.:]+/)) {
      ctx.report({
        span: m.span,
        message: `PTX \`${m.text}\` drives a split arrive/wait barrier; ${soc} has no PTX and no thread barriers: hand tiles between pipes with TQue EnQue/DeQue or SetFlag/WaitFlag<HardEvent>`,
      });
    }
  },
});
