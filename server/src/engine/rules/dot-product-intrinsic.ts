import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/math.ts). */
export default defineRule({
  code: 'ASC413',
  name: 'dot-product-intrinsic',
  family: 'math-types',
  effort: 'medium',
  summary: "Integer dot-product intrinsics (`__dp4a`, `__dp2a_lo`, `__dp2a_hi`) in device code",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags \`__dp4a\`, \`__dp2a_lo\` and \`__dp2a_hi\` in device code: four (or two) 8-bit (16-bit) products summed into a 32-bit accumulator per thread.

## Why is this a problem on Ascend
There is no per-element dot-product instruction on Ascend. int8 GEMM-like work belongs on the Cube unit, which multiplies int8 16×16×32 fractals (8192 MAC per cycle per AI Core on 910B) through the Matmul API with \`int8_t\` A and B and an \`int32_t\` C; the Matmul API is not on 910A. Other uses become a \`Cast\` to a wider type, a \`Mul\` and a \`ReduceSum\` over the tile.

## Example
\`\`\`cuda
__global__ void dot(const int* a, const int* b, int* c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = __dp4a(a[i], b[i], 0);
}
\`\`\`

## Use instead
A Matmul kernel with \`MatmulType<TPosition::GM, CubeFormat::ND, int8_t>\` for A and B and \`int32_t\` for C, or \`Cast\`, \`Mul\` and \`ReduceSum\` over int16/int32 tiles.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC413', { device: true });
  },
});
