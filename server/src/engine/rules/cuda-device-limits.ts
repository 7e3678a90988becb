import { defineRule } from './rule';

const LIMITS = new Set(['cudaDeviceSetLimit', 'cudaDeviceGetLimit', 'cudaThreadSetLimit', 'cudaThreadGetLimit']);

export default defineRule({
  code: 'ASC520',
  name: 'cuda-device-limits',
  family: 'host-runtime',
  effort: 'low',
  summary: '`cudaDeviceSetLimit` / `cudaDeviceGetLimit` device limits',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags \`cudaDeviceSetLimit\`, \`cudaDeviceGetLimit\` and their deprecated \`cudaThread*Limit\` forms (stack size, \`printf\` FIFO size, device heap size, L2 limits, ...).

## Why is this a problem on Ascend
No device-limit API was found in the ACL reference. Some limits lose their object: Ascend C kernels cannot call \`malloc\` or \`new\` and cannot recurse, so there is no device heap or deep stack to size. Others (the \`printf\` buffer of \`AscendC::printf\`) may be configured differently: check your CANN documentation. Usually the call is removed; code that depends on a large heap or stack must be restructured, which other findings report.

## Example
\`\`\`cuda
void setup() {
  cudaDeviceSetLimit(cudaLimitPrintfFifoSize, 1 << 20);
}
\`\`\`

## Use instead
Remove the call. Kernel buffers are sized statically with \`TPipe::InitBuffer\`.
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(LIMITS)) {
      ctx.report({
        span: call.nameSpan,
        message: `\`${call.name}\` has no equivalent on ${ctx.target.soc}: no device-limit API was found in the ACL reference (kernels have no heap or recursion); remove the call`,
      });
    }
  },
});
