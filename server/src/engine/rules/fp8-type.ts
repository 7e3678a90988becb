import { SOC_FACTS, type Target } from '../target';
import { defineRule } from './rule';
import { namespaceUses } from './support/device-code';

/** The Cube unit of arch 3510 (Ascend 950) takes FP8 E4M3/E5M2 and HiF8 (ascend-c.md §6, A4); 2201/2002/1001 list no fp8. */
const cubeFp8 = (t: Target): boolean => SOC_FACTS[t.soc].arch === 3510;

const FP8 = /(?<![\w:.])(?:__nv_fp8(?:x[24])?_(?:e4m3|e5m2)|__nv_fp8(?:x[24])?_storage_t|__nv_fp8_interpretation_t|__nv_cvt_\w*fp8\w*)\b/g;
const FP4_FP6 = /(?<![\w:.])__nv_fp[46](?:x[24])?_(?:e2m1|e2m3|e3m2|storage_t)\b/g;

export default defineRule({
  code: 'ASC410',
  name: 'fp8-type',
  family: 'math-types',
  effort: 'high',
  summary: 'FP8, FP6 and FP4 types (`__nv_fp8_e4m3`, `__nv_fp8_e5m2`, `__nv_fp4_e2m1`, …)',
  fixAvailability: 'none',
  severity: (t) => (cubeFp8(t) ? 'warning' : 'error'),
  docs: `
## What it does
Flags the 8-bit floating-point types of \`cuda_fp8.h\` (\`__nv_fp8_e4m3\`, \`__nv_fp8_e5m2\`, their \`x2\`/\`x4\` packed forms, storage types and \`__nv_cvt_*fp8*\` conversions) and the FP6/FP4 types of \`cuda_fp6.h\`/\`cuda_fp4.h\`, once per file and family at the first use, with the number of uses.

## Why is this a problem on Ascend
On Atlas A2 (910B), the first-generation 910 and 310P, the element types the reference lists for the Cube unit and the Matmul API are at most half, bfloat16, float, int8 and int4 (fewer on 310P and 910A); there is no FP8. Ascend 950's Cube unit takes FP8 (E4M3, E5M2) and HiF8, but the vector-unit handling of these types is not in the reference, so FP8 code on 950 still needs checking. No FP6 or FP4 type is documented for any target.

## Example
\`\`\`cuda
#include <cuda_fp8.h>
__global__ void to_fp8(const float* x, __nv_fp8_e4m3* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = __nv_fp8_e4m3(x[i]);
}
\`\`\`

## Use instead
On 910B, 910A and 310P quantise to int8 instead (the Cube unit of 910B runs int8 × int8 at 16×16×32 per cycle) or keep half/bfloat16. On Ascend 950, use the Cube path for FP8 matrix work and check the vector APIs' type lists for the rest.
`,
  check(ctx) {
    const fp8 = namespaceUses(ctx, FP8);
    if (fp8) {
      const name = ctx.text.slice(fp8.span.start, fp8.span.end);
      ctx.report({
        span: fp8.span,
        message: cubeFp8(ctx.target)
          ? `\`${name}\` (${plural(fp8.count, 'FP8 use')} in this file): ${ctx.target.soc}'s Cube unit takes FP8 E4M3/E5M2, but vector-unit FP8 is not documented; check each use`
          : `\`${name}\` (${plural(fp8.count, 'FP8 use')} in this file): ${ctx.target.soc} has no FP8 type; quantise to int8 or keep half/bfloat16`,
      });
    }
    const narrow = namespaceUses(ctx, FP4_FP6);
    if (narrow) {
      const name = ctx.text.slice(narrow.span.start, narrow.span.end);
      ctx.report({
        span: narrow.span,
        severity: 'error',
        message: `\`${name}\` (${plural(narrow.count, 'FP4/FP6 use')} in this file): no FP4 or FP6 type is documented for ${ctx.target.soc}; use int8 quantisation or half/bfloat16`,
      });
    }
  },
});

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
