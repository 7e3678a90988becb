import { SOC_FACTS } from '../target';
import type { Target } from '../target';
import { defineRule } from './rule';
import { deviceCallsTo } from './support/device-code';

/** AscendC::printf exists on A2/A3 (arch 2201) and 950 (arch 3510) only (ascend-c.md §7). */
const hasPrintf = (t: Target) => SOC_FACTS[t.soc].arch === 2201 || SOC_FACTS[t.soc].arch === 3510;

export default defineRule({
  code: 'ASC604',
  name: 'device-printf',
  family: 'low-level',
  effort: 'low',
  summary: '`printf` in device code',
  fixAvailability: 'none',
  severity: (t) => (hasPrintf(t) ? 'information' : 'error'),
  docs: `
## What it does
Flags \`printf\` calls inside \`__global__\` and \`__device__\` functions.

## Why is this a problem on Ascend
Ascend C has \`AscendC::printf(const __gm__ char* fmt, Args&&...)\` on Atlas A2/A3 (910B) and Ascend 950 only; 910A and 310P have no device printf.

## Example
\`\`\`cuda
__global__ void trace(int n) {
  printf("block %d of %d\\n", blockIdx.x, n);
}
\`\`\`

## Use instead
On 910B and 950, call \`AscendC::printf\` with the same format. Elsewhere, write diagnostic values to a global-memory buffer and print them on the host.
`,
  check(ctx) {
    const ok = hasPrintf(ctx.target);
    for (const { call, fn } of deviceCallsTo(ctx, ['printf'])) {
      ctx.report({
        span: call.nameSpan,
        message: ok
          ? `device \`printf\` maps to \`AscendC::printf\` on ${ctx.target.soc}`
          : `device \`printf\` does not exist on ${ctx.target.soc}: write the values to a global-memory buffer and print them on the host`,
      });
    }
  },
});
