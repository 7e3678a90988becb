import { SOC_FACTS } from '../target';
import { defineRule } from './rule';

const BITS = new Set([
  '__popc', '__popcll', '__clz', '__clzll', '__ffs', '__ffsll', '__brev', '__brevll', '__fns',
  '__byte_perm', '__funnelshift_l', '__funnelshift_lc', '__funnelshift_r', '__funnelshift_rc',
]);

export default defineRule({
  code: 'ASC408',
  name: 'bit-intrinsic',
  family: 'math-types',
  effort: 'medium',
  summary: 'Bit-manipulation intrinsics (`__popc`, `__clz`, `__ffs`, `__brev`, `__byte_perm`, `__funnelshift_*`)',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].simt ? 'warning' : 'error'),
  docs: `
## What it does
Flags calls of the integer bit intrinsics: population count (\`__popc\`, \`__popcll\`), leading zeros (\`__clz\`, \`__clzll\`), first set bit (\`__ffs\`, \`__ffsll\`, \`__fns\`), bit reversal (\`__brev\`, \`__brevll\`), byte permutation (\`__byte_perm\`) and funnel shifts (\`__funnelshift_l/_lc/_r/_rc\`).

## Why is this a problem on Ascend
No vector API for population count, leading-zero count, bit reversal or byte permutation was found in the Ascend C API reference; the documented bitwise tile APIs are \`And\`, \`Or\`, \`Not\` and \`ShiftLeft\`/\`ShiftRight\`, for 16-bit integers on 910B. Done per element on the scalar unit (plain C++ bit loops over \`GetValue\`), these become slow serial code, so the algorithm usually needs a redesign. On Ascend 950, SIMT code runs per thread and can compute them with ordinary C++ bit operations.

## Example
\`\`\`cuda
__global__ void count_bits(const unsigned* words, int* bits, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) bits[i] = __popc(words[i]);
}
\`\`\`

## Use instead
Restructure so the work becomes tile operations (for example compare and count with \`Compare\` and reductions), or compute the value with plain C++ shifts and masks where a scalar computation is acceptable.
`,
  scope: 'declaration',
  check(ctx) {
    const simt = SOC_FACTS[ctx.target.soc].simt;
    for (const call of ctx.facts.callsTo(BITS)) {
      ctx.report({
        span: call.nameSpan,
        message: simt
          ? `\`${call.name}\`: no such intrinsic is documented for ${ctx.target.soc}; in SIMT code write it with C++ shifts and masks`
          : `\`${call.name}\` has no vector equivalent in the Ascend C reference for ${ctx.target.soc} (only And/Or/Not/shifts); redesign, or compute it with scalar C++ bit operations`,
      });
    }
  },
});
