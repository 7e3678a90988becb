import { defineRule } from './rule';
import { rowAdvice, tableCalls } from './support/names';

export default defineRule({
  code: 'ASC705',
  name: 'nccl-call',
  family: 'libraries',
  effort: 'high',
  summary: 'NCCL collective communication calls',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags calls whose name starts with \`nccl\`.

## Why is this a problem on Ascend
NCCL does not exist on Ascend. Huawei's collective communication library is HCCL, and the Ascend C high-level API lists HCCL on-core collectives; function names, communicator setup and data types differ, so every call needs review.

## Example
\`\`\`cuda
#include <nccl.h>
void sum(ncclComm_t comm, float* buf, size_t n, cudaStream_t s) {
  ncclAllReduce(buf, buf, n, ncclFloat, ncclSum, comm, s);
}
\`\`\`

## Use instead
Port the communicator setup and each collective to HCCL, checking the data types and reduction operations it supports.
`,
  scope: 'declaration',
  check(ctx) {
    // Names and texts: the CUDA-name table (rules/names/libraries.ts).
    for (const { call, row } of tableCalls(ctx, 'ASC705', { skipOwn: true })) {
      ctx.report({ span: call.nameSpan, message: `\`${call.name}\`: ${rowAdvice(row, ctx)}` });
    }
  },
});
