import { SOC_FACTS } from '../target';
import { defineRule } from './rule';

export default defineRule({
  code: 'ASC208',
  name: 'device-sleep',
  family: 'synchronization',
  effort: 'low',
  summary: '`__nanosleep()`: a thread backs off while it polls',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags calls to \`__nanosleep(ns)\` in device code.

## Why is this a problem on Ascend
\`__nanosleep\` suspends a thread for roughly the given time, almost always as the back-off of a loop that polls a flag written by another block. No sleep or back-off call was found in the Ascend C API reference. The call itself only tunes timing and can go; the polling loop around it is the real porting problem (see \`spin-wait\`): cores wait for each other with \`SyncAll\`, or on Atlas A2/A3 with the cross-core flags \`CrossCoreSetFlag\` / \`CrossCoreWaitFlag\`.

## Example
\`\`\`cuda
__global__ void wait_ready(volatile int* ready, float* x) {
  while (ready[0] == 0) __nanosleep(100);
  x[threadIdx.x] += 1.0f;
}
\`\`\`

## Use instead
\`\`\`cpp
// Every core reaches the barrier instead of polling a flag in GM.
AscendC::SyncAll();
\`\`\`
`,
  scope: 'declaration',
  check(ctx) {
    const soc = ctx.target.soc;
    const f = SOC_FACTS[soc];
    // Cross-core flags are documented for arch 2201 (Atlas A2/A3); hard SyncAll for A2/A3 and 950.
    const wait = !f.hardSyncAll
      ? 'wait with the software SyncAll (GM workspace) instead of polling'
      : f.arch === 2201
        ? 'wait with SyncAll() or CrossCoreSetFlag/CrossCoreWaitFlag instead of polling'
        : 'wait with SyncAll() instead of polling';
    for (const call of ctx.facts.callsTo(new Set(['__nanosleep']))) {
      ctx.report({
        span: call.nameSpan,
        message: `\`__nanosleep\` has no equivalent on ${soc}: drop it, and ${wait}`,
      });
    }
  },
});
