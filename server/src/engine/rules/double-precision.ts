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
Flags the type \`double\` in the bodies of device functions: one finding per function, at its first use, with the other uses as related locations.

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
    // One finding per function: the first `double`, the others as related locations (one decision per function, not 26 findings).
    const byFn = new Map<object, ReturnType<typeof matchesInDeviceCode>>();
    for (const m of matchesInDeviceCode(ctx, /\bdouble\b/g)) byFn.set(m.fn, [...(byFn.get(m.fn) ?? []), m]);
    for (const ms of byFn.values()) {
      const [first, ...rest] = ms;
      if (!first) continue;
      ctx.report({
        span: first.span,
        message: `\`double\` in device function \`${first.fn.name}\`${rest.length ? ` (${ms.length} uses)` : ''}: no fp64 vector arithmetic was found for ${ctx.target.soc}; compute in float or move this to the host`,
        related: rest.slice(0, 50).map((m) => ({ span: m.span, message: 'also `double` here' })),
      });
    }
  },
});
