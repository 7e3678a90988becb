import { defineRule } from './rule';
import { matchesInDeviceCode } from './support/device-code';

export default defineRule({
  code: 'ASC403',
  name: 'double-precision',
  family: 'math-types',
  effort: 'high',
  summary: '`double` in device code',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags the type \`double\` in the bodies of device functions.

## Why is this a problem on Ascend
The vector APIs of 910B list half, float and integer types; \`DataCopy\` can move \`double\`, but no fp64 vector arithmetic was found in the reference (scalar FP64 is documented only for Ascend 950). Double-precision kernels need a decision: float, mixed precision with compensated sums, or host computation.

## Example
\`\`\`cuda
__global__ void accumulate(const float* x, double* sum) {
  double s = 0.0;
  s += x[threadIdx.x];
  sum[threadIdx.x] = s;
}
\`\`\`

## Use instead
Compute in float (or half) on the tile, with a compensated or tree-shaped reduction where accuracy matters, and keep fp64 on the host.
`,
  check(ctx) {
    for (const m of matchesInDeviceCode(ctx, /\bdouble\b/g)) {
      ctx.report({ span: m.span, message: `\`double\` in device function \`${m.fn.name}\`: no fp64 vector arithmetic was found for ${ctx.target.soc}; compute in float or move this to the host` });
    }
  },
});
