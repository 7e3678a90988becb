import { defineRule } from './rule';

const PACKED = new Set(['__hadd2', '__hsub2', '__hmul2', '__hfma2', '__h2div', '__hmax2', '__hmin2', '__half2half2', '__floats2half2_rn', '__float2half2_rn', '__low2half', '__high2half', '__halves2half2', '__hneg2', '__habs2']);

export default defineRule({
  code: 'ASC404',
  name: 'packed-half',
  family: 'math-types',
  effort: 'medium',
  summary: 'Packed `half2` / `bfloat162` arithmetic (`__hadd2`, `__hfma2`, …)',
  fixAvailability: 'none',
  severity: () => 'information',
  docs: `
## What it does
Flags packed-pair half intrinsics: \`__hadd2\`, \`__hsub2\`, \`__hmul2\`, \`__hfma2\`, \`__h2div\`, \`__hmax2\`, \`__hmin2\`, \`__hneg2\`, \`__habs2\`, and the pair packing helpers.

## Why is this a problem on Ascend
Packing two halves into one 32-bit register is a way to use a SIMT lane twice. Vector cores already process 128 half values per instruction on a UB tile, so the pairing disappears: the tile is simply half-typed, and \`Add\`, \`Mul\`, \`Max\`, \`Min\` and \`Axpy\` apply to all of it.

## Example
\`\`\`cuda
#include <cuda_fp16.h>
__global__ void axpy2(__half2* y, const __half2* x, __half2 a) {
  y[threadIdx.x] = __hfma2(a, x[threadIdx.x], y[threadIdx.x]);
}
\`\`\`

## Use instead
Unpack to a half tile and use the tile APIs, for example \`AscendC::Axpy(yLocal, xLocal, a, count)\`.
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(PACKED)) {
      ctx.report({ span: call.nameSpan, message: `\`${call.name}\` packs two halves per lane; on ${ctx.target.soc} use half tiles with the vector APIs (Add, Mul, Axpy) over the whole tile` });
    }
  },
});
