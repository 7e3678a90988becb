import { rowAdvice, tableCalls } from './support/names';
import { defineRule } from './rule';
import { apiText } from './names/table';


export default defineRule({
  code: 'ASC401',
  name: 'math-intrinsic',
  family: 'math-types',
  effort: 'low',
  summary: 'Per-element float maths and fast-math intrinsics (`__expf`, `sqrtf`, `__fdividef`, …) in kernels',
  fixAvailability: 'none',
  severity: () => 'information',
  docs: `
## What it does
Flags single-precision maths functions and fast-math intrinsics called in device code: \`__expf\`/\`expf\`, \`__logf\`/\`logf\`, \`__fdividef\`, \`__frcp_rn\`, \`__fsqrt_rn\`/\`sqrtf\`, \`rsqrtf\`, \`fabsf\`, \`fmaxf\`, \`fminf\`, \`__powf\`, \`__sinf\`, \`__cosf\`, \`__tanf\`, \`__saturatef\`, \`__fmaf_rn\`.

## Why is this a problem on Ascend
Vector cores compute these over whole tiles in UB: \`Exp\`, \`Ln\`, \`Div\`, \`Reciprocal\`, \`Sqrt\`, \`Rsqrt\`, \`Abs\`, \`Max\`, \`Min\` take a destination, sources and a count. Their throughput differs: on 910B \`Exp\`, \`Ln\`, \`Sqrt\` and \`Div\` process 32 elements per cycle, \`Add\`/\`Mul\`/\`Max\` 128 half or 64 float. Precision follows the Ascend implementation, not CUDA's fast-math error bounds. Trigonometric functions and \`pow\` are in the high-level maths library rather than the basic API.

## Example
\`\`\`cuda
__global__ void act(float* x, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] = __expf(x[i]) / (1.0f + __expf(x[i]));
}
\`\`\`

## Use instead
Apply the tile API to the whole \`LocalTensor\`, for example \`AscendC::Exp(y, x, count)\` then \`AscendC::Adds(d, y, 1.0f, count)\` and \`AscendC::Div(z, y, d, count)\`.
`,
  scope: 'declaration',
  check(ctx) {
    // Names and mappings: the CUDA-name table (rules/names/math.ts).
    for (const { call, row } of tableCalls(ctx, 'ASC401', { device: true })) {
      ctx.report({
        span: call.nameSpan,
        message:
          row.map.kind === 'vector'
            ? `\`${call.name}\` becomes the tile-wide ${apiText(row.map.api, '(dst, src…, count)')} on ${ctx.target.soc}`
            : `\`${call.name}\` has no basic vector API on ${ctx.target.soc}; ${rowAdvice(row, ctx)}`,
      });
    }
  },
});
