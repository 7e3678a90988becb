import { defineRule } from './rule';
import { asmMatches, cgPrefix, deviceBodies, ownedBy } from './support/sync-patterns';

const PRIMITIVES = new Set(['__pipeline_memcpy_async', '__pipeline_commit', '__pipeline_wait_prior', '__pipeline_arrive_on']);

export default defineRule({
  code: 'ASC206',
  name: 'async-copy',
  family: 'synchronization',
  effort: 'medium',
  summary: 'Asynchronous global-to-shared copies (`memcpy_async`, `__pipeline_memcpy_async`, `cp.async`)',
  fixAvailability: 'none',
  supersedes: ['ASC601'],
  severity: () => 'warning',
  docs: `
## What it does
Flags asynchronous copies into shared memory and their commit/wait steps in device code: \`cuda::memcpy_async\` and \`cooperative_groups::memcpy_async\` (with \`cg::wait\` / \`cg::wait_prior\`), the primitives \`__pipeline_memcpy_async\`, \`__pipeline_commit\`, \`__pipeline_wait_prior\` and \`__pipeline_arrive_on\`, and \`cp.async\` instructions (including \`cp.async.bulk\` / TMA) in inline PTX.

## Why is this a problem on Ascend
These APIs let each thread start a copy that overlaps with computation, then wait for a batch of copies. On an AI Core every GM→UB copy is already asynchronous: \`DataCopy\` is issued to the MTE2 pipe and runs in parallel with the vector pipe. The overlap is organised differently: a \`TQue\` allocated with two buffers (\`InitBuffer(que, 2, len)\`) double-buffers the tiles, and \`EnQue\`/\`DeQue\` insert the MTE2→V flags that replace the commit/wait pair. The copy granularity changes too: a whole tile of 32-byte blocks per call rather than 4 to 16 bytes per thread.

## Example
\`\`\`cuda
#include <cuda_pipeline.h>
__global__ void stage(const float4* in, float4* out) {
  __shared__ float4 tile[128];
  __pipeline_memcpy_async(&tile[threadIdx.x], &in[blockIdx.x * 128 + threadIdx.x], sizeof(float4));
  __pipeline_commit();
  __pipeline_wait_prior(0);
  out[blockIdx.x * 128 + threadIdx.x] = tile[127 - threadIdx.x];
}
\`\`\`

## Use instead
\`\`\`cpp
// CopyIn: the copy runs on MTE2 while the vector pipe works on the other buffer.
AscendC::LocalTensor<float> x = inQueue.AllocTensor<float>();
AscendC::DataCopy(x, xGm[i * tileLen], tileLen);
inQueue.EnQue(x);
// Compute: DeQue waits for the copy to land.
AscendC::LocalTensor<float> xv = inQueue.DeQue<float>();
\`\`\`
`,
  check(ctx) {
    const soc = ctx.target.soc;
    for (const call of ctx.facts.callsTo(PRIMITIVES)) {
      const copy = call.name === '__pipeline_memcpy_async';
      const role = call.name === '__pipeline_wait_prior' ? 'waits for' : 'batches';
      ctx.report({
        span: call.nameSpan,
        message: copy
          ? `\`${call.name}\` is a per-thread asynchronous copy; on ${soc} copy the whole tile GM→UB with DataCopy (asynchronous on MTE2) and double-buffer with a two-buffer TQue`
          : `\`${call.name}\` ${role} asynchronous copies; on ${soc} TQue EnQue/DeQue (or SetFlag/WaitFlag<HardEvent::MTE2_V>) order the copy before its use`,
      });
    }
    const cg = cgPrefix(ctx);
    const cgRequired = cgPrefix(ctx, true);
    const libcu = `(?:(?<![\\w.>:])(?:::\\s*)?cuda\\s*::\\s*(?:device\\s*::\\s*)?)`;
    const re = new RegExp(`(?:${libcu}|${cg})(memcpy_async(?:_tx)?)(?=\\s*[(<])|${cgRequired}(wait(?:_prior)?)(?=\\s*[(<])`, 'g');
    for (const b of deviceBodies(ctx)) {
      re.lastIndex = 0;
      for (let m = re.exec(b.masked); m; m = re.exec(b.masked)) {
        const start = b.start + m.index;
        if (!ownedBy(ctx, b.fn, start)) continue;
        const written = m[0].replace(/\s+/g, '');
        ctx.report({
          span: { start, end: start + m[0].length },
          message: m[1]
            ? `\`${written}\` starts an asynchronous copy into shared memory; on ${soc} copy the tile GM→UB with DataCopy (asynchronous on MTE2) and double-buffer with a two-buffer TQue`
            : `\`${written}\` waits for memcpy_async copies; on ${soc} TQue EnQue/DeQue (or SetFlag/WaitFlag<HardEvent::MTE2_V>) order the copy before its use`,
        });
      }
    }
    for (const m of asmMatches(ctx, /(?<![\w.])cp\.async(?:\.[\w:]+)*/)) {
      ctx.report({
        span: m.span,
        claim: m.site,
        message: `PTX \`${m.text}\` ${/\.(?:wait|commit)_/.test(m.text) ? 'batches or waits for asynchronous copies' : 'is an asynchronous copy'}; ${soc} has no PTX: copy tiles GM→UB with DataCopy on MTE2 and order them with TQue EnQue/DeQue`,
      });
    }
  },
});
