import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/runtime.ts). */
export default defineRule({
  code: 'ASC564',
  name: 'cuda-tools-api',
  family: 'host-runtime',
  effort: 'low',
  summary: "CUDA runtime tool hooks (`cudaProfilerStart/Stop`, `cudaLogs*`, async notifications)",
  fixAvailability: 'none',
  severity: () => 'information',
  docs: `
## What it does
Flags \`cudaProfilerStart\`, \`cudaProfilerStop\`, the runtime log API (\`cudaLogsCurrent\`, \`cudaLogsDumpToFile\`, …) and device async notifications (\`cudaDeviceRegisterAsyncNotification\`).

## Why is this a problem on Ascend
These control NVIDIA's profiler and driver logs. None of them is in the reference; profiling on Ascend uses the CANN tools from outside the program.

## Example
\`\`\`cuda
#include <cuda_profiler_api.h>
void prof() { cudaProfilerStart(); }
\`\`\`

## Use instead
Remove the calls (or compile them out) and profile with the CANN tools.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC564');
  },
});
