import { defineRule } from './rule';

const LOW = new Set(['__mul24', '__umul24']);
const HIGH = new Set(['__mulhi', '__umulhi', '__mul64hi', '__umul64hi']);
const ALL = new Set([...LOW, ...HIGH]);

export default defineRule({
  code: 'ASC409',
  name: 'integer-multiply-intrinsic',
  family: 'math-types',
  effort: 'low',
  summary: 'Integer multiply intrinsics (`__mul24`, `__umul24`, `__mulhi`, `__umulhi`, `__mul64hi`, `__umul64hi`)',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags the 24-bit multiplies \`__mul24\`/\`__umul24\` (information) and the high-half multiplies \`__mulhi\`, \`__umulhi\`, \`__mul64hi\`, \`__umul64hi\` (warning).

## Why is this a problem on Ascend
\`__mul24\` exists for the speed of old GPUs; on Ascend it is an ordinary 32-bit multiply: \`*\` on scalars, \`Mul\` (int32 listed on 910B) on tiles. The high-half multiplies return the upper bits of a double-width product. The vector \`Mul\` keeps the low bits and lists int32 and int16, and 64-bit integer arithmetic is not listed for the vector unit, so no tile equivalent was found in the Ascend C reference: compute the wide product in scalar code or restructure (hashes and fixed-point scaling are the usual users).

## Example
\`\`\`cuda
__global__ void fixed_scale(const unsigned* x, unsigned* y, unsigned m, int n) {
  int i = __mul24(blockIdx.x, blockDim.x) + threadIdx.x;
  if (i < n) y[i] = __umulhi(x[i], m);
}
\`\`\`

## Use instead
\`x * y\` instead of \`__mul24(x, y)\`; for the high half, a scalar \`(unsigned)(((unsigned long long)a * b) >> 32)\`, or fixed-point arithmetic rewritten in float with \`Muls\`.
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(ALL)) {
      const low = LOW.has(call.name);
      ctx.report({
        span: call.nameSpan,
        severity: low ? 'information' : undefined,
        message: low
          ? `\`${call.name}\` is a plain 32-bit multiply on ${ctx.target.soc}: use \`*\` (or Mul on int32 tiles)`
          : `\`${call.name}\` returns the high half of a wide product; no tile equivalent on ${ctx.target.soc} (Mul keeps the low bits, no 64-bit vector maths); compute it in scalar code or restructure`,
      });
    }
  },
});
