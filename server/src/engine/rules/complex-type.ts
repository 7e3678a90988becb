import { defineRule } from './rule';
import { namespaceUses } from './support/device-code';

const COMPLEX =
  /(?<![\w:.])(?:make_cu(?:Float|Double)?Complex|cu(?:Float|Double)?Complex|cuComplex(?:FloatToDouble|DoubleToFloat)|cuC(?:add|sub|mul|div|abs|real|imag|onj|fma)f?)\b|(?<!\w::)(?<![\w.])(?:thrust|cuda\s*::\s*std)\s*::\s*complex\b/g;

export default defineRule({
  code: 'ASC407',
  name: 'complex-type',
  family: 'math-types',
  effort: 'medium',
  summary: 'Complex number types and helpers (`cuComplex`, `cuFloatComplex`, `thrust::complex`, `cuCmulf`, …)',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags the complex types and helpers of \`cuComplex.h\` (\`cuComplex\`, \`cuFloatComplex\`, \`cuDoubleComplex\`, \`make_cuFloatComplex\`, \`cuCaddf\`, \`cuCmulf\`, \`cuCdivf\`, \`cuCabsf\`, \`cuCrealf\`, \`cuCimagf\`, \`cuConjf\`, \`cuCfmaf\` and their double forms), \`thrust::complex\` and \`cuda::std::complex\`, once per file at the first use, with the number of uses.

## Why is this a problem on Ascend
No complex element type appears in the Ascend C API reference this tool relies on: the vector APIs take half, float and integer tensors. Interleaved (real, imaginary) data has to be split into two float tensors, and each complex operation written out with real arithmetic, for example a product as \`re = ar·br − ai·bi\`, \`im = ar·bi + ai·br\`. \`cuDoubleComplex\` also needs fp64, which is not documented for 910B (see ASC403).

## Example
\`\`\`cuda
#include <cuComplex.h>
__global__ void cmul(const cuFloatComplex* a, const cuFloatComplex* b, cuFloatComplex* c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = cuCmulf(a[i], b[i]);
}
\`\`\`

## Use instead
Keep real and imaginary parts in separate \`LocalTensor<float>\` tiles and compose the operation: \`AscendC::Mul(t0, ar, br, n)\`, \`AscendC::Mul(t1, ai, bi, n)\`, \`AscendC::Sub(re, t0, t1, n)\`, then \`AscendC::Mul(t0, ar, bi, n)\`, \`AscendC::Mul(t1, ai, br, n)\`, \`AscendC::Add(im, t0, t1, n)\`.
`,
  check(ctx) {
    const uses = namespaceUses(ctx, COMPLEX);
    if (!uses) return;
    const first = ctx.text.slice(uses.span.start, uses.span.end).replace(/\s+/g, '');
    ctx.report({
      span: uses.span,
      message: `\`${first}\` (${plural(uses.count, 'complex-number use')} in this file): ${ctx.target.soc} has no complex element type; split real and imaginary parts into float tensors and compose Mul/Add/Sub`,
    });
  },
});

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
