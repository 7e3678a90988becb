import { defineRule } from './rule';
import { matchesInDeviceCode } from './support/device-code';

const BYTES: Record<string, number> = { char: 1, bool: 1, short: 2, half: 2, __half: 2, int: 4, unsigned: 4, float: 4, double: 8, long: 8, int8_t: 1, uint8_t: 1, int16_t: 2, uint16_t: 2, int32_t: 4, uint32_t: 4, int64_t: 8, uint64_t: 8, float4: 16, float2: 8, int4: 16 };
/** Local arrays above this size live in slow local memory on the GPU and need a home on Ascend. */
const LIMIT = 256;

export default defineRule({
  code: 'ASC108',
  name: 'large-local-array',
  family: 'memory',
  effort: 'medium',
  summary: 'Large per-thread local arrays in device code',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags arrays declared inside device functions whose size, from a numeric extent and a known element type, exceeds ${LIMIT} bytes per thread.

## Why is this a problem on Ascend
A per-thread array multiplied by thousands of threads is how CUDA code keeps private working sets. On Ascend there are no threads: the working set of a core is a tile in the Unified Buffer, allocated with \`TPipe::InitBuffer\`, and its size must fit the UB budget together with the other buffers.

## Example
\`\`\`cuda
__global__ void sortRows(float* rows) {
  float row[128];
  for (int i = 0; i < 128; ++i) row[i] = rows[threadIdx.x * 128 + i];
  rows[threadIdx.x] = row[0];
}
\`\`\`

## Use instead
Give the working set a \`TBuf\` in UB (\`pipe.InitBuffer(buf, bytes)\`, \`buf.Get<float>()\`) sized for the whole tile the core processes, and process rows with vector APIs.
`,
  check(ctx) {
    const re = /\b(char|bool|short|half|__half|int|unsigned|float|double|long|u?int(?:8|16|32|64)_t|float[24]|int4)\s+([A-Za-z_]\w*)\s*((?:\[\s*\d+\s*\]\s*)+)\s*[;=]/g;
    for (const m of matchesInDeviceCode(ctx, re)) {
      const parts = /^(\w+)\s+\w+\s*((?:\[\s*\d+\s*\]\s*)+)/.exec(m.text);
      if (!parts) continue;
      const lineStart = ctx.text.lastIndexOf('\n', m.span.start) + 1;
      if (/__shared__|\[\[shared\]\]|__constant__|\bextern\b|\bstatic\b/.test(ctx.text.slice(lineStart, m.span.start))) continue;
      const bytes = [...parts[2]!.matchAll(/\d+/g)].reduce((n, d) => n * Number(d[0]), BYTES[parts[1]!] ?? 0);
      if (bytes <= LIMIT) continue;
      ctx.report({ span: m.span, message: `local array of ${bytes} bytes per thread in \`${m.fn.name}\`: on ${ctx.target.soc} the working set becomes a UB tile (TPipe::InitBuffer on a TBuf)` });
    }
  },
});
