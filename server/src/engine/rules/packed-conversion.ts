import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/math.ts). */
export default defineRule({
  code: 'ASC414',
  name: 'packed-conversion',
  family: 'math-types',
  effort: 'low',
  summary: "Packing and conversion intrinsics of `half2` and `__nv_bfloat162` pairs (`__floats2bfloat162_rn`, `__bfloat1622float2`, `__half22float2`, \u2026)",
  fixAvailability: 'none',
  severity: () => 'information',
  docs: `
## What it does
Flags in device code the intrinsics that build, split and convert 16-bit pairs: \`__floats2bfloat162_rn\`, \`__float2bfloat162_rn\`, \`__bfloat1622float2\`, \`__low2bfloat16\`, \`__high2bfloat16\`, \`__halves2bfloat162\`, \`__lows2bfloat162\`, \`make_bfloat162\`, and the \`half2\` forms \`__half22float2\`, \`__float22half2_rn\`, \`__low2float\`, \`__high2float\`, \`__lowhigh2highlow\`. The packed arithmetic (\`__hadd2\`, \`__hfma2\`, …) is ASC404's.

## Why is this a problem on Ascend
A \`half2\` or \`__nv_bfloat162\` is a pair of elements packed into one 32-bit register so one thread handles two. Ascend tiles are arrays of \`half\` or \`bfloat16_t\` in UB: a pair is two adjacent elements, and a conversion is one \`Cast\` over the whole tile (float→bf16 with \`CAST_RINT\`, bf16→float with \`CAST_NONE\`). The 910B arithmetic APIs list half, not bfloat16: bfloat16 data is computed in float after a \`Cast\`.

## Example
\`\`\`cuda
#include <cuda_bf16.h>
__global__ void pack(const float* x, __nv_bfloat162* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = __floats2bfloat162_rn(x[2 * i], x[2 * i + 1]);
}
\`\`\`

## Use instead
\`Cast(yLocal, xLocal, RoundMode::CAST_RINT, count)\` from a float tile to a \`bfloat16_t\` tile of twice the pair count.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC414', { device: true });
  },
});
