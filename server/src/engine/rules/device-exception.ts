import { defineRule } from './rule';
import { matchesInDeviceCode } from './support/device-code';

export default defineRule({
  code: 'ASC608',
  name: 'device-exception',
  family: 'low-level',
  effort: 'medium',
  summary: '`throw` / `try` in device code',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags \`throw\` and \`try\` inside device functions.

## Why is this a problem on Ascend
Ascend C device code is a restricted C++: no exceptions, no RTTI (\`typeid\`), no virtual functions, no heap, no STL.

## Example
\`\`\`cuda
__device__ int checked(int v) {
  if (v < 0) throw v;
  return v;
}
\`\`\`

## Use instead
Validate inputs on the host before the launch, or write an error code to global memory that the host checks after \`aclrtSynchronizeStream\`.
`,
  check(ctx) {
    for (const m of matchesInDeviceCode(ctx, /\b(?:throw|try)\b/g)) {
      ctx.report({ span: m.span, message: `\`${m.text}\` in device function \`${m.fn.name}\`: ${ctx.target.soc} device code has no exceptions; validate on the host or return an error code` });
    }
  },
});
