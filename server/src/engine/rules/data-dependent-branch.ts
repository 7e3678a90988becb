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
        ctx.report({ span: { start, end: start + 2 }, message: `branch on array data in \`${f.name}\`: on ${ctx.target.soc} compute a Compare mask and merge both results with Select` });
      }
    }
  },
});
