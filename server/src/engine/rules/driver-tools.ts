import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC561',
  name: 'driver-tools',
  family: 'host-runtime',
  effort: 'low',
  summary: "CUDA driver tool hooks (`cuProfilerStart/Stop`, `cuCoredump*`, `cuCheckpoint*`, `cuLogs*`)",
  fixAvailability: 'none',
  severity: () => 'information',
  docs: `
## What it does
Flags the driver's tool hooks: \`cuProfilerStart\`, \`cuProfilerStop\`, the \`cuCoredump*\` settings, process checkpointing (\`cuCheckpoint*\`) and the driver log API (\`cuLogs*\`).

## Why is this a problem on Ascend
These control NVIDIA's profiler, core dumps, checkpointing and logs. None of them is in the reference; profiling and debugging on Ascend use the CANN tools from outside the program.

## Example
\`\`\`cuda
#include <cudaProfiler.h>
void prof() { cuProfilerStart(); }
\`\`\`

## Use instead
Remove the calls (or compile them out) and profile with the CANN tools.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC561');
  },
});
