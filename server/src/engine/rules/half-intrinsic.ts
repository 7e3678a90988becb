import { rowAdvice, tableCalls } from './support/names';
import { defineRule } from './rule';


export default defineRule({
  code: 'ASC405',
  name: 'half-intrinsic',
  family: 'math-types',
  effort: 'low',
  summary: 'Scalar half/bfloat16 arithmetic intrinsics (`__hadd`, `__hmul`, `__hfma`, `hexp`, …) in device code',
  fixAvailability: 'none',
  severity: () => 'information',
  docs: `
## What it does
Flags calls in device code of the scalar half-precision (and bfloat16) intrinsics from \`cuda_fp16.h\`/\`cuda_bf16.h\`: \`__hadd\`, \`__hsub\`, \`__hmul\`, \`__hdiv\`, \`__hfma\`, \`__hmax\`, \`__hmin\`, \`__habs\`, \`__hneg\`, the saturating forms, \`hexp\`, \`hlog\`, \`hsqrt\`, \`hrsqrt\`, \`hrcp\`, the rounding and trigonometric functions, and the comparisons \`__heq\`…\`__hge\`, \`__hisnan\`, \`__hisinf\`. The packed forms (\`__hadd2\`, …) belong to ASC404 (packed-half). The integer-average \`__hadd(int, int)\` shares the name and is reported too.

## Why is this a problem on Ascend
Each of these computes one element. On Ascend the same operation runs over a whole \`LocalTensor<half>\` in UB: \`Add\`, \`Sub\`, \`Mul\`, \`Div\`, \`Max\`, \`Min\`, \`Abs\`, \`Exp\`, \`Ln\`, \`Sqrt\`, \`Rsqrt\`, \`Reciprocal\` take a destination, the sources and a count. On 910B \`Add\`/\`Mul\` run at 128 half elements per cycle, \`Exp\`, \`Ln\`, \`Sqrt\` and \`Div\` at 32. Comparisons become \`Compare\`/\`Compares\`, which write a bit mask for \`Select\`. The reference lists half, not bfloat16, for the arithmetic APIs on 910B: compute bfloat16 data in float after a \`Cast\`.

## Example
\`\`\`cuda
#include <cuda_fp16.h>
__global__ void bias_relu(half* x, half b, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] = __hmax(__hadd(x[i], b), __float2half(0.0f));
}
\`\`\`

## Use instead
\`AscendC::Adds(x, x, b, count)\` then \`AscendC::Relu(x, x, count)\` on the half tile.
`,
  scope: 'declaration',
  check(ctx) {
    // Names and mappings: the CUDA-name table (rules/names/math.ts).
    for (const { call, row } of tableCalls(ctx, 'ASC405', { device: true })) {
      const api = row.map.kind === 'vector' ? row.map.api : '';
      ctx.report({
        span: call.nameSpan,
        message: api
          ? `\`${call.name}\` computes one element; on ${ctx.target.soc} use ${api.split(' then ').map((a) => `\`${a}\``).join(' then ')} over the half tile`
          : `\`${call.name}\` has no basic tile API on ${ctx.target.soc}; ${rowAdvice(row, ctx)}`,
      });
    }
  },
});
