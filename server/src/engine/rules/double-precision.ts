import { SOC_FACTS, type Target } from '../target';
import { defineRule } from './rule';
import { plural, usesPerDeviceFunction } from './support/function-scan';

/** Scalar FP64 is documented only for arch 3510 (Ascend 950) [ascend-c.md §7, A4]. */
const scalarFp64 = (t: Target): boolean => SOC_FACTS[t.soc].arch === 3510;

export default defineRule({
  code: 'ASC403',
  name: 'double-precision',
  family: 'math-types',
  effort: 'medium',
  summary: '`double` (fp64) values in device code',
  fixAvailability: 'none',
  severity: (t) => (scalarFp64(t) ? 'warning' : 'error'),
  docs: `
## What it does
Flags the use of \`double\` (and \`double2\`…\`double4\`) in kernels and device functions, once per function at the first use, with the number of uses. Unsuffixed floating literals such as \`0.5\` are not flagged.

## Why is this a problem on Ascend
The vector APIs of Atlas A2 (910B) list half, float and 32/16-bit integer element types; \`DataCopy\` can move \`double\` data, but no fp64 arithmetic is documented for 910B, 910A or 310P in the Ascend C reference this tool relies on. Scalar FP64 is documented only for Ascend 950 (arch 3510), and even there the tile APIs are not documented for \`double\`. A kernel that accumulates or computes in \`double\` needs a numerical redesign.

## Example
\`\`\`cuda
__global__ void dot(const float* x, const float* y, double* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  double p = (i < n) ? (double)x[i] * y[i] : 0.0;
  out[i] = p;
}
\`\`\`

## Use instead
Compute in \`float\` on \`LocalTensor<float>\` tiles and keep precision with the algorithm: tree reductions (\`ReduceSum\`) rather than long serial sums, or compensated (Kahan) summation. Convert inputs with \`Cast\` when they arrive in another type.
\`\`\`cuda
__global__ void dot(const float* x, const float* y, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = x[i] * y[i];
}
\`\`\`
`,
  check(ctx) {
    const fp64 = scalarFp64(ctx.target);
    for (const use of usesPerDeviceFunction(ctx, /\bdouble[1-4]?\b/g)) {
      const where = `\`${use.text}\` in device function \`${use.fn.name}\` (${plural(use.count, 'use')})`;
      ctx.report({
        span: use.span,
        message: fp64
          ? `${where}: ${ctx.target.soc} documents scalar FP64 only, not fp64 tile APIs; compute in float where the data goes through vector ops`
          : `${where}: no fp64 arithmetic is documented for ${ctx.target.soc} (vector APIs take half/float/int types); compute in float with a precision-preserving algorithm`,
      });
    }
  },
});
