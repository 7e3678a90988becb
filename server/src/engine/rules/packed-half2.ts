import { defineRule } from './rule';
import { plural, usesPerDeviceFunction } from './support/function-scan';

/** Packed-pair arithmetic -> the tile API that computes the same over a half (or float) tensor (ascend-c.md §2.1, §2.2). */
const ARITH: Readonly<Record<string, string>> = {
  __hadd2: 'Add', __hsub2: 'Sub', __hmul2: 'Mul', __h2div: 'Div', __hmax2: 'Max', __hmin2: 'Min', __habs2: 'Abs',
  h2exp: 'Exp', h2log: 'Ln', h2sqrt: 'Sqrt', h2rsqrt: 'Rsqrt', h2rcp: 'Reciprocal',
  __hfma2: 'Mul then Add',
  __heq2: 'Compare', __hne2: 'Compare', __hlt2: 'Compare', __hle2: 'Compare', __hgt2: 'Compare', __hge2: 'Compare',
};
/** Packed arithmetic without a single basic tile API in the reference. */
const OTHER_ARITH = [
  '__hneg2', '__hadd2_sat', '__hsub2_sat', '__hmul2_sat', '__hfma2_sat', '__hfma2_relu', '__hcmadd',
  'h2exp2', 'h2exp10', 'h2log2', 'h2log10', 'h2sin', 'h2cos', 'h2ceil', 'h2floor', 'h2trunc', 'h2rint',
];
/** Building, splitting and converting pairs: the pair itself has no counterpart. */
const PAIRS = [
  '__halves2half2', '__half2half2', '__float2half2_rn', '__floats2half2_rn', '__float22half2_rn', '__half22float2',
  '__low2half', '__high2half', '__low2float', '__high2float', '__lows2half2', '__highs2half2', '__lowhigh2highlow', 'make_half2',
  '__halves2bfloat162', '__bfloat162bfloat162', '__floats2bfloat162_rn', '__float22bfloat162_rn', '__bfloat1622float2',
  '__low2bfloat16', '__high2bfloat16', '__lows2bfloat162', '__highs2bfloat162', 'make_bfloat162',
];
const PAIR_SET: ReadonlySet<string> = new Set(PAIRS);
const NAMES: ReadonlySet<string> = new Set([...Object.keys(ARITH), ...OTHER_ARITH, ...PAIRS]);

export default defineRule({
  code: 'ASC404',
  name: 'packed-half2',
  family: 'math-types',
  effort: 'medium',
  summary: 'Packed half/bfloat16 pairs (`half2`, `__nv_bfloat162`) and their intrinsics (`__hadd2`, `__hfma2`, …)',
  fixAvailability: 'none',
  severity: () => 'information',
  docs: `
## What it does
Flags the packed-pair types \`half2\`/\`__half2\` and \`__nv_bfloat162\` in device code (once per function, at the first use), and each call of a packed intrinsic in device code: arithmetic (\`__hadd2\`, \`__hmul2\`, \`__hfma2\`, \`h2exp\`, …), comparisons (\`__hlt2\`, …) and pair construction or splitting (\`__halves2half2\`, \`__low2half\`, \`__floats2half2_rn\`, …).

## Why is this a problem on Ascend
Packing two 16-bit values into one 32-bit register is how CUDA doubles half-precision throughput per thread. Ascend vector instructions already work on whole tiles: one \`Add\` over a \`LocalTensor<half>\` processes 128 half elements per cycle on 910B. There is no packed-pair type; a \`half2\` array is just a half tensor of twice the length. Fused multiply-add has no single basic API with a signature in the reference (use \`Mul\` then \`Add\`). Code that uses the two halves differently (real and imaginary parts, interleaved channels) must de-interleave them into separate tensors.

## Example
\`\`\`cuda
#include <cuda_fp16.h>
__global__ void axpy2(const half2* x, half2* y, half2 a, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = __hfma2(a, x[i], y[i]);
}
\`\`\`

## Use instead
View the data as a half tensor of \`2 * n\` elements and use the tile APIs, for example \`AscendC::Muls(t, x, a, count)\` then \`AscendC::Add(y, t, y, count)\`, or \`AscendC::Axpy(y, x, a, count)\`.
`,
  check(ctx) {
    for (const use of usesPerDeviceFunction(ctx, /(?<![\w:.])(?:__half2|half2|__nv_bfloat162|nv_bfloat162)\b/g)) {
      ctx.report({
        span: use.span,
        message: `\`${use.text}\` in \`${use.fn.name}\` (${plural(use.count, 'use')}): ${ctx.target.soc} has no packed-pair type; treat the data as a half/bfloat16 tensor of twice the length`,
      });
    }
    for (const call of ctx.facts.callsTo(NAMES)) {
      const fn = ctx.facts.enclosingFunction(call.span.start);
      if (!fn || fn.kind === 'host') continue;
      const api = ARITH[call.name];
      ctx.report({
        span: call.nameSpan,
        message: api
          ? `\`${call.name}\` works on a pair; on ${ctx.target.soc} use \`${api}\` over the whole half tensor (count = 2 × pairs)`
          : PAIR_SET.has(call.name)
            ? `\`${call.name}\` builds or splits a packed pair, which ${ctx.target.soc} does not have; keep the two halves in separate tensors (or one contiguous tensor)`
            : `\`${call.name}\` has no single basic tile API on ${ctx.target.soc}; compose it from Add/Mul/Exp/Ln or the high-level maths library over the half tensor`,
      });
    }
  },
});
