import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC554',
  name: 'driver-ipc',
  family: 'host-runtime',
  effort: 'high',
  summary: "CUDA driver inter-process handles (`cuIpcGetMemHandle`, `cuIpcOpenMemHandle`, `cuIpcGetEventHandle`)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags \`cuIpcGetMemHandle\`, \`cuIpcOpenMemHandle\`, \`cuIpcCloseMemHandle\`, \`cuIpcGetEventHandle\` and \`cuIpcOpenEventHandle\`.

## Why is this a problem on Ascend
The reference lists no IPC handles for device memory or events in the ACL runtime. Processes that shared device buffers need another channel: the host, files, or HCCL collectives.

## Example
\`\`\`cuda
#include <cuda.h>
void share(CUipcMemHandle* h, CUdeviceptr p) { cuIpcGetMemHandle(h, p); }
\`\`\`

## Use instead
Exchange data through host memory or HCCL between the processes.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC554');
  },
});
