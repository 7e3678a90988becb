import { defineRule } from './rule';
import { isDeviceFunction } from './support/device-code';

/** The loop condition of a `for` header (between its first two top-level `;`), or a while condition. */
function condition(kind: 'for' | 'while' | 'do', header: string): string {
  if (kind !== 'for') return header;
  let depth = 0;
  const semis: number[] = [];
  for (let i = 0; i < header.length; i++) {
    const c = header[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ';' && depth <= 1) semis.push(i);
  }
  return semis.length >= 2 ? header.slice(semis[0]! + 1, semis[1]) : '';
}

/** The first array element read in `cond` (`row_ptr[row + 1]`), or undefined. */
function loadedBound(cond: string): string | undefined {
  return /[A-Za-z_][\w.>-]*\s*\[[^\]]+\]/.exec(cond)?.[0].replace(/\s+/g, ' ');
}

export default defineRule({
  code: 'ASC007',
  name: 'data-dependent-loop-bound',
  family: 'execution-model',
  effort: 'high',
  summary: 'Loops in device code whose trip count is read from memory (`for (j = row_ptr[i]; j < row_ptr[i + 1]; ++j)`)',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags \`for\` and \`while\` loops in device code whose condition reads an array element: CSR row loops (\`j < row_ptr[i + 1]\`), per-item lengths (\`k < len[b]\`), and searches that run until a value in memory is reached. Loops bounded by a parameter or a constant are not flagged.

## Why is this a problem on Ascend
An Ascend kernel moves fixed-size tiles between global memory and UB, and its tiling (tile length, number of tiles per core, UB buffers) is decided before the data is read. A trip count read from memory makes each iteration's work unknown until run time: the data cannot be tiled ahead, cores get unequal work, and the scalar unit that reads the bound one element at a time is slow. Sparse and ragged kernels need their schedule redesigned, not translated.

## Example
\`\`\`cuda
__global__ void spmv(const int* row_ptr, const int* col, const float* val, const float* x, float* y, int rows) {
  int r = blockIdx.x * blockDim.x + threadIdx.x;
  if (r >= rows) return;
  float s = 0.0f;
  for (int j = row_ptr[r]; j < row_ptr[r + 1]; ++j) s += val[j] * x[col[j]];
  y[r] = s;
}
\`\`\`

## Use instead
Read the bounds on the scalar unit once per row or segment (copy the offsets into UB and \`GetValue\` them), process each segment in fixed-size tiles with a ragged tail, and balance the segments across cores on the host (sort or bucket them by length); for dense-enough data, pad to a fixed length and mask.
`,
  check(ctx) {
    for (const fn of ctx.facts.functions()) {
      if (!isDeviceFunction(fn) || !fn.bodySpan) continue;
      for (const loop of fn.loops) {
        if (ctx.facts.enclosingFunction(loop.span.start) !== fn) continue;
        const bound = loadedBound(condition(loop.kind, loop.header));
        if (!bound) continue;
        ctx.report({
          span: { start: loop.span.start, end: loop.span.start + (loop.kind === 'do' ? 2 : loop.kind.length) },
          message: `the trip count of this loop in \`${fn.name}\` is read from memory (\`${bound}\`): on ${ctx.target.soc} tiles are sized before the data is read; read the bounds per segment on the scalar unit, tile each segment with a ragged tail, and balance segments across cores on the host`,
        });
      }
    }
  },
});
