import { deviceCallsTo } from './support/device-code';
import { defineRule } from './rule';

/** Scalar half/bfloat16 intrinsic -> the tile API over a half tensor (ascend-c.md §2.1, §2.2); '' = none in the basic API. */
const MAP: Readonly<Record<string, string>> = {
  __hadd: 'Add', __hsub: 'Sub', __hmul: 'Mul', __hdiv: 'Div', __hmax: 'Max', __hmin: 'Min', __habs: 'Abs',
  __hfma: 'Mul then Add',
  hexp: 'Exp', hlog: 'Ln', hsqrt: 'Sqrt', hrsqrt: 'Rsqrt', hrcp: 'Reciprocal',
  __heq: 'Compare', __hne: 'Compare', __hlt: 'Compare', __hle: 'Compare', __hgt: 'Compare', __hge: 'Compare',
  __hneg: '', __hadd_sat: '', __hsub_sat: '', __hmul_sat: '', __hfma_sat: '', __hfma_relu: '',
  hexp2: '', hexp10: '', hlog2: '', hlog10: '', hsin: '', hcos: '', hceil: '', hfloor: '', htrunc: '', hrint: '',
  __hisnan: '', __hisinf: '',
};

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
  check(ctx) {
    for (const { call, fn } of deviceCallsTo(ctx, Object.keys(MAP))) {
      const api = MAP[call.name];
      ctx.report({
        span: call.nameSpan,
        message: api
          ? `\`${call.name}\` computes one element; on ${ctx.target.soc} use ${api.split(' then ').map((a) => `\`${a}\``).join(' then ')} over the half tile`
          : `\`${call.name}\` has no basic tile API on ${ctx.target.soc}; compose it from the basic APIs or the high-level maths library`,
      });
    }
  },
});
