import { defineRule } from './rule';
import type { Span } from '../types';

/** `dst[e1] = src[e2];` with an optional cast: a pure element copy. */
const COPY = /(?<![\w.])([A-Za-z_]\w*)\s*\[([^\[\];]+)\]\s*=\s*(?:\(\s*[\w:<> ]+\s*\)\s*|static_cast<[\w:<> ]+>\s*\(\s*)?([A-Za-z_]\w*)\s*\[([^\[\];]+)\]\s*\)?\s*;/g;
/** `a[x][y]` two-dimensional accesses. */
const ACCESS_2D = /(?<![\w.])([A-Za-z_]\w*)\s*\[([^\[\];]+)\]\s*\[([^\[\];]+)\]/g;
const squash = (s: string) => s.replace(/\s+/g, '');

/** The identifiers of an index expression in order, a single variable replaced by its definition in the body. */
function terms(expr: string, body: string): string[] {
  const e = expr.trim();
  if (/^[A-Za-z_]\w*$/.test(e)) {
    const def = new RegExp(`\\b(?:int|unsigned|long|size_t|int64_t|int32_t|uint32_t|uint64_t|auto|const\\s+\\w+)\\s+${e}\\s*=\\s*([^;]+);`).exec(body);
    if (def) return terms(def[1]!, '');
  }
  return [...e.matchAll(/[A-Za-z_]\w*/g)].map((m) => m[0]).filter((w) => !/^(?:static_cast|int|unsigned|long|size_t)$/.test(w));
}

/** The identifiers both expressions use, in `a`'s order and in `b`'s order (first appearances). */
function sharedOrders(a: string[], b: string[]): [string[], string[]] {
  const inB = new Set(b);
  const inA = new Set(a);
  return [[...new Set(a.filter((w) => inB.has(w)))], [...new Set(b.filter((w) => inA.has(w)))]];
}

export default defineRule({
  code: 'ASC112',
  name: 'layout-transform',
  family: 'memory',
  effort: 'high',
  summary: 'Kernels that transpose or permute a tensor element by element (`out[j * rows + i] = in[i * cols + j]`, tiled transposes through shared memory)',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags kernels that copy elements from one array to another in a different index order: a transpose \`out[j * rows + i] = in[i * cols + j]\`, an N-D permute whose source and destination offsets combine the same indices in another order (also through \`int src = …; int dst = …;\` variables), and a tiled transpose through shared memory (\`tile[ty][tx] = …\` then \`… = tile[tx][ty]\`). One finding per kernel.

## Why is this a problem on Ascend
On a GPU each thread moves one element and the index arithmetic is free. On Ascend data moves in tiles, and a permuted element order is not a tile: a per-element translation runs on the scalar unit, one element at a time. Layout changes have dedicated support instead: the \`Transpose\` API (16×16 blocks, or NCHW↔NHWC), \`TransDataTo5HD\` and the high-level \`TransData\`, and \`DataCopy\` with strides (\`DataCopyParams\`: block count, block length, source and destination strides) for permutes that keep contiguous runs.

## Example
\`\`\`cuda
__global__ void transpose(const float* in, float* out, int rows, int cols) {
  int i = blockIdx.y * blockDim.y + threadIdx.y;
  int j = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < rows && j < cols) out[j * rows + i] = in[i * cols + j];
}
\`\`\`

## Use instead
Keep contiguous runs contiguous: move rows or blocks with strided \`DataCopy\`, transpose 16×16 blocks in UB with \`Transpose\`, or convert whole layouts with \`TransDataTo5HD\`/\`TransData\`. Often the best port is to fold the permute into the consumer's copy-in and not materialise it at all.
`,
  scope: 'declaration',
  check(ctx) {
    const masked = ctx.facts.maskedText;
    for (const fn of ctx.facts.functions()) {
      if (fn.kind !== 'global' || !fn.bodySpan) continue;
      const body = masked.slice(fn.bodySpan.start, fn.bodySpan.end);
      let hit: { span: Span; what: string } | undefined;
      COPY.lastIndex = 0;
      for (let m = COPY.exec(body); m && !hit; m = COPY.exec(body)) {
        if (m[1] === m[3] || squash(m[2]!) === squash(m[4]!)) continue;
        const [a, b] = sharedOrders(terms(m[2]!, body), terms(m[4]!, body));
        if (a.length < 2 || a.join() === b.join()) continue;
        const start = fn.bodySpan.start + m.index;
        hit = { span: { start, end: start + m[0].length - 1 }, what: `copies \`${m[3]}\` into \`${m[1]}\` in another element order (a transpose or permute)` };
      }
      if (!hit) {
        const seen = new Map<string, string>();
        ACCESS_2D.lastIndex = 0;
        for (let m = ACCESS_2D.exec(body); m && !hit; m = ACCESS_2D.exec(body)) {
          const x = squash(m[2]!);
          const y = squash(m[3]!);
          if (x === y) continue;
          const key = `${m[1]}|${x}|${y}`;
          if (seen.has(`${m[1]}|${y}|${x}`)) {
            const start = fn.bodySpan.start + m.index;
            hit = { span: { start, end: start + m[0].length }, what: `transposes through \`${m[1]}\` (indexed both as \`[${m[3]!.trim()}][${m[2]!.trim()}]\` and as \`[${m[2]!.trim()}][${m[3]!.trim()}]\`)` };
          }
          seen.set(key, key);
        }
      }
      if (hit && ctx.facts.enclosingFunction(hit.span.start) === fn) {
        ctx.report({
          span: hit.span,
          message: `\`${fn.name}\` ${hit.what}: on ${ctx.target.soc} use Transpose (16×16 blocks, NCHW↔NHWC), TransDataTo5HD / TransData, or strided DataCopy instead of per-element index arithmetic`,
        });
      }
    }
  },
});
