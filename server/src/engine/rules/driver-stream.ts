import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC542',
  name: 'driver-stream',
  family: 'host-runtime',
  effort: 'medium',
  summary: "CUDA driver streams (`cuStreamCreate`, `cuStreamSynchronize`, `cuStreamWaitEvent`, `cuStreamQuery`, \u2026)",
  fixAvailability: 'sometimes',
  severity: () => 'warning',
  docs: `
## What it does
Flags the driver API's stream calls: \`cuStreamCreate\`, \`cuStreamCreateWithPriority\`, \`cuStreamDestroy\`, \`cuStreamSynchronize\`, \`cuStreamWaitEvent\`, \`cuStreamQuery\`, \`cuStreamAddCallback\` and the stream queries and attributes (capture, memory operations and green contexts belong to their own rules).

## Why is this a problem on Ascend
ACL streams are \`aclrtStream\`: \`aclrtCreateStream\`, \`aclrtDestroyStream\`, \`aclrtSynchronizeStream\` and \`aclrtStreamWaitEvent(stream, event)\` (no flags). The reference lists no non-blocking query, no priorities other than \`aclrtCreateStreamWithConfig\`, and no stream attributes.

## Example
\`\`\`cuda
#include <cuda.h>
void mk(CUstream* s) { cuStreamCreate(s, CU_STREAM_DEFAULT); }
\`\`\`

## Use instead
\`aclrtStream s; aclrtCreateStream(&s); … aclrtSynchronizeStream(s); aclrtDestroyStream(s);\`

## Fix safety
Create, destroy, synchronise and wait are rewritten one for one; safe when the CUDA flags are 0 (\`CU_STREAM_DEFAULT\`), unsafe otherwise (the flags are dropped) or when the default stream \`0\` is passed (a TODO asks for an \`aclrtStream\`).
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC542');
  },
});
