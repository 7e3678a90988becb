import { SOC_FACTS, type Target } from '../target';
import { defineRule } from './rule';
import { deviceCallsTo } from './support/device-code';

/** `GetSystemCycle()` exists on A2/A3 (arch 2201) and 950 (arch 3510) only (ascend-c.md §7). */
const hasCycles = (t: Target) => SOC_FACTS[t.soc].arch === 2201 || SOC_FACTS[t.soc].arch === 3510;

export default defineRule({
  code: 'ASC605',
  name: 'device-clock',
  family: 'low-level',
  effort: 'low',
  summary: '`clock()` / `clock64()` / `__globaltimer` reads in device code',
  fixAvailability: 'none',
  severity: (t) => (hasCycles(t) ? 'information' : 'error'),
  docs: `
## What it does
Flags \`clock()\`, \`clock64()\` and \`__globaltimer()\` in device functions.

## Why is this a problem on Ascend
Ascend C reads the cycle counter with \`int64_t GetSystemCycle()\`, on Atlas A2/A3 (910B) and Ascend 950 only.

## Example
\`\`\`cuda
__global__ void timed(long long* t) {
  long long start = clock64();
  t[threadIdx.x] = clock64() - start;
}
\`\`\`

## Use instead
\`AscendC::GetSystemCycle()\` on 910B and 950. Elsewhere, time kernels from the host with events (\`aclrtRecordEvent\`, \`aclrtEventElapsedTime\`).
`,
  check(ctx) {
    const ok = hasCycles(ctx.target);
    for (const { call, fn } of deviceCallsTo(ctx, ['clock', 'clock64', '__globaltimer'])) {
      ctx.report({
        span: call.nameSpan,
        message: ok ? `\`${call.name}\` maps to \`GetSystemCycle()\` on ${ctx.target.soc}` : `\`${call.name}\` has no device counterpart on ${ctx.target.soc}: time the kernel from the host with events`,
      });
    }
  },
});
