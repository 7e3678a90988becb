import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC555',
  name: 'driver-external-resource',
  family: 'host-runtime',
  effort: 'high',
  summary: "CUDA driver external memory and semaphores (`cuImportExternalMemory`, `cuSignalExternalSemaphoresAsync`, \u2026)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags the import of external memory and semaphores (Vulkan, Direct3D, NvSci): \`cuImportExternalMemory\`, \`cuExternalMemoryGetMapped*\`, \`cuImportExternalSemaphore\`, \`cuSignalExternalSemaphoresAsync\`, \`cuWaitExternalSemaphoresAsync\` and the destroy calls.

## Why is this a problem on Ascend
The reference documents no external-resource interop in the ACL runtime. Buffers shared with a graphics API must be copied through the host.

## Example
\`\`\`cuda
#include <cuda.h>
void drop(CUexternalMemory m) { cuDestroyExternalMemory(m); }
\`\`\`

## Use instead
Copy the data to the host and into an \`aclrtMalloc\` buffer with \`aclrtMemcpy\`.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC555');
  },
});
