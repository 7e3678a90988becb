import { defineRule } from './rule';
import { apiText } from './names/table';
import { rowAdvice, tableCalls } from './support/names';

export default defineRule({
  code: 'ASC412',
  name: 'math-function',
  family: 'math-types',
  effort: 'low',
  summary: 'Standard float maths functions beyond the basic vector API (`tanhf`, `sinf`, `cosf`, `powf`, `erff`, `floorf`, …) in kernels',
  fixAvailability: 'none',
  severity: () => 'information',
  docs: `
## What it does
Flags calls in device code of the single-precision functions of the CUDA maths library that the basic vector API does not compute directly: \`tanhf\`, \`powf\`, \`erff\`, the rounding functions (\`floorf\`, \`ceilf\`, \`roundf\`, \`truncf\`, \`rintf\`), the trigonometric and hyperbolic functions (\`sinf\`, \`cosf\`, \`tanf\`, \`atan2f\`, \`sinhf\`, …), \`exp2f\`, \`log2f\`, \`log10f\`, \`expm1f\`, \`log1pf\`, \`fmaf\`, \`hypotf\`, \`fmodf\`, \`lgammaf\` and the other special functions. \`expf\`, \`logf\`, \`sqrtf\`, \`rsqrtf\`, \`fabsf\`, \`fmaxf\` and \`fminf\` are ASC401's.

## Why is this a problem on Ascend
Each call computes one element. On Ascend the same maths runs over a tile in UB, and what it costs depends on where the function lives: the rounding functions are a \`Cast\` with a \`RoundMode\` (\`CAST_FLOOR\`, \`CAST_CEIL\`, \`CAST_ROUND\`, \`CAST_TRUNC\`, \`CAST_RINT\`); \`exp2f\`, \`log2f\` and their kin are a basic op and a scalar multiply; \`tanhf\`, \`powf\`, \`erff\` and the trigonometric functions are in the high-level maths library (\`Tanh\`, \`Power\`, \`Erf\`, …), which needs a shared temporary buffer; the special functions (\`lgammaf\`, \`erfinvf\`, Bessel functions) have no API and must be composed.

## Example
\`\`\`cuda
__global__ void gelu(float* x, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] = 0.5f * x[i] * (1.0f + erff(x[i] * 0.70710678f));
}
\`\`\`

## Use instead
Over the tile: the high-level \`Erf\` (or the high-level \`Gelu\` for the whole activation), then \`Adds\`, \`Mul\` and \`Muls\`.
`,
  scope: 'declaration',
  check(ctx) {
    // Names and mappings: the CUDA-name table (rules/names/math.ts).
    for (const { call, row } of tableCalls(ctx, 'ASC412', { device: true })) {
      const m = row.map;
      ctx.report({
        span: call.nameSpan,
        message:
          m.kind === 'vector'
            ? `\`${call.name}\` becomes the tile-wide ${apiText(m.api)} on ${ctx.target.soc}${row.note ? `; ${row.note.charAt(0).toLowerCase()}${row.note.slice(1).replace(/\.$/, '')}` : ''}`
            : m.kind === 'none'
              ? `\`${call.name}\` has no Ascend C API on ${ctx.target.soc}: ${rowAdvice(row, ctx)}`
              : `\`${call.name}\` computes one element; on ${ctx.target.soc} use ${rowAdvice(row, ctx)}`,
      });
    }
  },
});
