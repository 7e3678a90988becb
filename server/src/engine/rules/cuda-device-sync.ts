import { defineRule } from './rule';
import { runtimeFixes } from './support/runtime-fix';

export default defineRule({
  code: 'ASC508',
  name: 'cuda-device-sync',
  family: 'host-runtime',
  effort: 'low',
  summary: '`cudaDeviceSynchronize` / `cudaThreadSynchronize` device-wide wait',
  fixAvailability: 'always',
  severity: () => 'information',
  docs: `
## What it does
Flags calls to \`cudaDeviceSynchronize()\` and its deprecated older name \`cudaThreadSynchronize()\`.

## Why is this a problem on Ascend
The ACL runtime waits for all work on the current device with \`aclrtSynchronizeDevice(void)\`, which returns \`aclError\` instead of \`cudaError_t\`. Ascend kernel launches are asynchronous, as in CUDA; to wait for the work of one stream only, \`aclrtSynchronizeStream(aclrtStream)\` is the narrower call.

## Example
\`\`\`cuda
void finish() {
  cudaDeviceSynchronize();
}
\`\`\`

## Use instead
\`\`\`cpp
void finish() {
  aclrtSynchronizeDevice();
}
\`\`\`

## Fix safety
The fix replaces the callee name and is safe: both calls take no arguments and block until the device is idle. Code that stores or compares the result as a \`cudaError_t\` still needs the error-handling rewrite.
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(new Set(['cudaDeviceSynchronize', 'cudaThreadSynchronize']))) {
      const fixes = runtimeFixes(call);
      ctx.report({
        span: call.nameSpan,
        message: `\`${call.name}\`${call.name === 'cudaThreadSynchronize' ? ' (deprecated in CUDA)' : ''} does not exist on ${ctx.target.soc}: use \`aclrtSynchronizeDevice()\``,
        fixes,
      });
    }
  },
});
