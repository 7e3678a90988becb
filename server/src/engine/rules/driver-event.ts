import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC543',
  name: 'driver-event',
  family: 'host-runtime',
  effort: 'medium',
  summary: "CUDA driver events (`cuEventCreate`, `cuEventRecord`, `cuEventElapsedTime`, \u2026)",
  fixAvailability: 'sometimes',
  severity: () => 'warning',
  docs: `
## What it does
Flags \`cuEventCreate\`, \`cuEventRecord\`, \`cuEventRecordWithFlags\`, \`cuEventSynchronize\`, \`cuEventElapsedTime\`, \`cuEventQuery\` and \`cuEventDestroy\`.

## Why is this a problem on Ascend
ACL events are \`aclrtEvent\`: \`aclrtCreateEvent\`, \`aclrtRecordEvent(event, stream)\` (an explicit stream), \`aclrtSynchronizeEvent\`, \`aclrtEventElapsedTime(&ms, start, end)\` in milliseconds and \`aclrtDestroyEvent\`. \`aclrtQueryEventStatus\` returns the status through a pointer. CUDA event flags do not carry over.

## Example
\`\`\`cuda
#include <cuda.h>
void mark(CUevent e, CUstream s) { cuEventRecord(e, s); }
\`\`\`

## Use instead
\`aclrtRecordEvent(e, stream);\` with \`e\` from \`aclrtCreateEvent(&e)\`.

## Fix safety
Calls with default flags are rewritten one for one (safe); a record on the default stream gets a TODO for the \`aclrtStream\` (unsafe); \`cuEventCreate\` with flags is not rewritten.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC543');
  },
});
