import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC557',
  name: 'driver-stream-memory-ops',
  family: 'host-runtime',
  effort: 'medium',
  summary: "CUDA driver stream memory operations (`cuStreamWaitValue32/64`, `cuStreamWriteValue32/64`, `cuStreamBatchMemOp`)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags \`cuStreamWaitValue32\`, \`cuStreamWaitValue64\`, \`cuStreamWriteValue32\`, \`cuStreamWriteValue64\` and \`cuStreamBatchMemOp\`.

## Why is this a problem on Ascend
A stream cannot wait on a value in memory in the ACL runtime of the reference. Ordering between streams is expressed with events: \`aclrtRecordEvent(event, stream)\` on the producer, \`aclrtStreamWaitEvent(stream, event)\` on the consumer.

## Example
\`\`\`cuda
#include <cuda.h>
void w(CUstream s, CUdeviceptr flag) { cuStreamWaitValue32(s, flag, 1, CU_STREAM_WAIT_VALUE_EQ); }
\`\`\`

## Use instead
Record an event where the value would have been written and make the waiting stream wait on it.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC557');
  },
});
