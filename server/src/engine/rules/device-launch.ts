import { defineRule } from './rule';
import { isDeviceFunction } from './support/device-code';

export default defineRule({
  code: 'ASC602',
  name: 'device-launch',
  family: 'low-level',
  effort: 'high',
  summary: 'Dynamic parallelism: a kernel launched from device code',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags kernel launches (\`k<<<...>>>(...)\`) written inside \`__global__\` or \`__device__\` functions.

## Why is this a problem on Ascend
A \`__global__\` function can only be called from the host; there is no device-side launch.

## Example
\`\`\`cuda
__global__ void child(int* x) { x[threadIdx.x] = 1; }
__global__ void parent(int* x) {
  if (threadIdx.x == 0) child<<<1, 32>>>(x);
}
\`\`\`

## Use instead
Split the work into several host launches on one stream; the stream orders them. Pass whatever the parent computed through global memory.
`,
  check(ctx) {
    for (const l of ctx.facts.launches()) {
      // A launch wrapper is host code; its own `<<<>>>` is reported where it is written.
      if (l.form !== 'chevron') continue;
      const fn = ctx.facts.enclosingFunction(l.span.start);
      if (!isDeviceFunction(fn)) continue;
      ctx.report({
        span: l.configSpan,
        message: `launch of \`${l.kernel}\` from device function \`${fn.name}\`: ${ctx.target.soc} kernels can only be launched from the host; split into host launches on one stream`,
      });
    }
  },
});
