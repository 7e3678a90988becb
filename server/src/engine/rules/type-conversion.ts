import { defineRule } from './rule';

/** Conversion intrinsic -> the RoundMode that Cast needs for the same rounding. */
const ROUNDING: Readonly<Record<string, string>> = {
  __float2half: 'CAST_RINT', __float2half_rn: 'CAST_RINT', __float2half_rz: 'CAST_TRUNC', __float2half_rd: 'CAST_FLOOR', __float2half_ru: 'CAST_CEIL',
  __half2float: 'CAST_NONE', __float2bfloat16: 'CAST_RINT', __float2bfloat16_rn: 'CAST_RINT', __bfloat162float: 'CAST_NONE',
  __float2int_rn: 'CAST_RINT', __float2int_rz: 'CAST_TRUNC', __float2int_rd: 'CAST_FLOOR', __float2int_ru: 'CAST_CEIL',
  __int2float_rn: 'CAST_NONE', __half2int_rn: 'CAST_RINT', __int2half_rn: 'CAST_RINT',
};

export default defineRule({
  code: 'ASC402',
  name: 'type-conversion',
  family: 'math-types',
  effort: 'low',
  summary: 'Per-element type conversions (`__float2half`, `__half2float`, `__float2int_rn`, …)',
  fixAvailability: 'none',
  severity: () => 'information',
  docs: `
## What it does
Flags the half, bfloat16 and integer conversion intrinsics (\`__float2half\`, \`__float2half_rn/_rz/_rd/_ru\`, \`__half2float\`, \`__float2bfloat16\`, \`__bfloat162float\`, \`__float2int_rn/_rz/_rd/_ru\`, \`__int2float_rn\`, \`__half2int_rn\`, \`__int2half_rn\`).

## Why is this a problem on Ascend
Conversions run over tiles with \`Cast(dst, src, roundMode, count)\`, and the rounding is an explicit \`RoundMode\`: \`CAST_RINT\` rounds half to even (CUDA's \`_rn\`), \`CAST_TRUNC\` toward zero (\`_rz\`), \`CAST_FLOOR\` (\`_rd\`), \`CAST_CEIL\` (\`_ru\`), \`CAST_NONE\` when no precision is lost. Not every pair converts directly: on 910B there is no direct half-to-bfloat16 conversion, so go through float.

## Example
\`\`\`cuda
#include <cuda_fp16.h>
__global__ void to_half(const float* x, __half* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = __float2half_rn(x[i]);
}
\`\`\`

## Use instead
\`AscendC::Cast(yLocal, xLocal, AscendC::RoundMode::CAST_RINT, count)\` on the tile.
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(new Set(Object.keys(ROUNDING)))) {
      ctx.report({
        span: call.nameSpan,
        message: `\`${call.name}\` becomes \`Cast(dst, src, RoundMode::${ROUNDING[call.name]}, count)\` over the tile on ${ctx.target.soc}`,
      });
    }
  },
});
