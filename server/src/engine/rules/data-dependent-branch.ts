import { matchBracket } from '../model/scan';
import { defineRule } from './rule';

export default defineRule({
  code: 'ASC006',
  name: 'data-dependent-branch',
  family: 'execution-model',
  effort: 'medium',
  summary: 'Branches in kernels whose condition reads array data (`if (x[i] > 0)`)',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags \`if\` statements in \`__global__\` functions whose condition reads an array element, such as \`if (x[i] > 0.0f)\`. Bounds guards on indices (\`if (i < n)\`) are not flagged.

## Why is this a problem on Ascend
A data-dependent branch takes a different path per element. Vector instructions process a whole tile at once, and the scalar unit that could branch per element is slow. The branch becomes a mask: compute both results for the tile and pick per element.

## Example
\`\`\`cuda
__global__ void relu_or_scale(float* x, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    if (x[i] > 0.0f) x[i] *= 2.0f;
  }
}
\`\`\`

## Use instead
Compute the condition with \`Compare\` or \`Compares\` into a mask, compute both branches with vector APIs, and merge them with \`Select(dst, mask, a, b, SELMODE::VSEL_TENSOR_TENSOR_MODE, count)\`.
`,
  scope: 'declaration',
  check(ctx) {
    const masked = ctx.facts.maskedText;
    for (const f of ctx.facts.functions()) {
      if (f.kind !== 'global' || !f.bodySpan) continue;
      const body = masked.slice(f.bodySpan.start, f.bodySpan.end);
      const re = /\bif\s*\(/g;
      for (let m = re.exec(body); m; m = re.exec(body)) {
        const open = f.bodySpan.start + m.index + m[0].length - 1;
        let depth = 0;
        let close = -1;
        for (let j = open; j < Math.min(masked.length, open + 2048); j++) {
          if (masked[j] === '(') depth++;
          else if (masked[j] === ')' && --depth === 0) {
            close = j;
            break;
          }
        }
        if (close < 0 || !/\w\s*\[/.test(masked.slice(open, close))) continue;
        if (ctx.facts.enclosingFunction(open) !== f) continue;
        const start = f.bodySpan.start + m.index;
        ctx.report({ span: { start, end: start + 2 }, message: `branch on array data in \`${f.name}\`: on ${ctx.target.soc} ${advice(masked.slice(open + 1, close), consequence(masked, close + 1))}` });
      }
    }
  },
});

/** The statement an `if (…)` guards: a `{…}` block or the text up to its `;`. */
function consequence(masked: string, from: number): string {
  let i = from;
  while (i < masked.length && /\s/.test(masked[i]!)) i++;
  if (masked[i] === '{') {
    const end = matchBracket(masked, i);
    return end > i ? masked.slice(i + 1, end) : masked.slice(i + 1, i + 512);
  }
  const semi = masked.indexOf(';', i);
  return masked.slice(i, semi < 0 ? i + 512 : semi + 1);
}

/**
 * The advice depends on what the branch does: a running max/min (the condition compares
 * with a variable the body then assigns) is a reduction, the same with an index is an
 * arg-max/min, a branch that leaves the loop is a search; other branches are Compare + Select.
 */
function advice(cond: string, body: string): string {
  const assigned = [...body.matchAll(/(?<![\w.\]])([A-Za-z_]\w*)\s*=(?!=)/g)].map((m) => m[1]!);
  const compared = /(?<![\w.])([A-Za-z_]\w*)\s*(?:[<>]=?)|(?:[<>]=?)\s*([A-Za-z_]\w*)(?![\w\[.(])/g;
  const running = [...cond.matchAll(compared)].map((m) => m[1] ?? m[2]).find((v) => v && assigned.includes(v));
  if (/\b(break|return)\b/.test(body)) return 'this branch leaves the loop (a search): Compare the tile into a bit mask and find the first set bit on the scalar side, or restructure the search';
  if (running && assigned.some((v) => v !== running)) return `\`${running}\` is a running best with its position (an arg-max/min): reduce the tile with ReduceMax/ReduceMin, which can also return the index, and combine per-core results`;
  if (running) return `\`${running}\` is a running maximum or minimum (a reduction): Max/Min into an accumulator tile, then ReduceMax/ReduceMin`;
  return 'compute a Compare mask and merge both results with Select';
}
