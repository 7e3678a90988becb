import { defineRule } from './rule';

/** Operation prefix -> tile API. `_rn` forms of __fmaf/__frcp/__fsqrt belong to ASC401 (math-intrinsic). */
const OPS: Readonly<Record<string, string>> = {
  __fadd: 'Add', __fsub: 'Sub', __fmul: 'Mul', __fdiv: 'Div', __fmaf: 'Mul then Add', __frcp: 'Reciprocal', __fsqrt: 'Sqrt',
  __dadd: 'Add', __dsub: 'Sub', __dmul: 'Mul', __ddiv: 'Div', __fma: 'Mul then Add', __drcp: 'Reciprocal', __dsqrt: 'Sqrt',
};
const ASC401_OWNS = new Set(['__fmaf_rn', '__frcp_rn', '__fsqrt_rn']);
const NAMES: ReadonlySet<string> = new Set(
  Object.keys(OPS).flatMap((op) => ['_rn', '_rz', '_ru', '_rd'].map((m) => op + m)).filter((n) => !ASC401_OWNS.has(n)),
);

export default defineRule({
  code: 'ASC411',
  name: 'directed-rounding',
  family: 'math-types',
  effort: 'medium',
  summary: 'Arithmetic with an explicit rounding mode (`__fadd_rz`, `__fmul_ru`, `__fdiv_rd`, `__dadd_rn`, …)',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags the arithmetic intrinsics with a rounding-mode suffix: \`__fadd_*\`, \`__fsub_*\`, \`__fmul_*\`, \`__fdiv_*\` and the double forms \`__dadd_*\`, \`__dsub_*\`, \`__dmul_*\`, \`__ddiv_*\`, \`__fma_*\`, \`__drcp_*\`, \`__dsqrt_*\` with \`_rn\`, \`_rz\`, \`_ru\` or \`_rd\`, and \`__fmaf_*\`, \`__frcp_*\`, \`__fsqrt_*\` with \`_rz\`, \`_ru\`, \`_rd\` (their \`_rn\` forms are ASC401). Round-to-nearest (\`_rn\`) forms are information; directed rounding (\`_rz\`, \`_ru\`, \`_rd\`) is a warning.

## Why is this a problem on Ascend
In the Ascend C reference a rounding mode is a parameter of \`Cast\` only (\`RoundMode::CAST_RINT\`, \`CAST_TRUNC\`, \`CAST_FLOOR\`, \`CAST_CEIL\`, …); \`Add\`, \`Sub\`, \`Mul\` and \`Div\` take no rounding argument, and the reference does not state how they round. Code that relies on directed rounding (interval arithmetic, exact error terms, reproducible sums) has no direct equivalent. The \`_rn\` forms map to the plain tile APIs; check the results where exact rounding matters. The double forms also need fp64 (ASC403).

## Example
\`\`\`cuda
__global__ void lower_bound_sum(const float* a, const float* b, float* lo, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) lo[i] = __fadd_rd(a[i], b[i]);
}
\`\`\`

## Use instead
\`AscendC::Add(lo, a, b, count)\` rounds as the hardware does; where the bound must be rigorous, widen it explicitly (for example subtract an error bound computed with \`Muls\` and \`Abs\`) or compute the sensitive step on the host.
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(NAMES)) {
      const op = call.name.slice(0, -3);
      const mode = call.name.slice(-3);
      const api = OPS[op]!;
      ctx.report({
        span: call.nameSpan,
        severity: mode === '_rn' ? 'information' : undefined,
        message:
          mode === '_rn'
            ? `\`${call.name}\` becomes ${api.split(' then ').map((a) => `\`${a}\``).join(' then ')} over the tile on ${ctx.target.soc}; the reference does not state its rounding, so check results that rely on it`
            : `\`${call.name}\` rounds ${mode === '_rz' ? 'toward zero' : mode === '_ru' ? 'up' : 'down'}; ${ctx.target.soc} tile arithmetic takes no rounding mode (RoundMode is for Cast only), so directed rounding has no direct equivalent`,
      });
    }
  },
});
