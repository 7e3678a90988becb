import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/runtime.ts). */
export default defineRule({
  code: 'ASC563',
  name: 'cuda-external-resource',
  family: 'host-runtime',
  effort: 'high',
  summary: "CUDA runtime external memory and semaphores (`cudaImportExternalMemory`, `cudaSignalExternalSemaphoresAsync`, \u2026)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags the runtime's import of external memory and semaphores (Vulkan, Direct3D, NvSci): \`cudaImportExternalMemory\`, \`cudaExternalMemoryGetMappedBuffer\`, \`cudaImportExternalSemaphore\`, \`cudaSignalExternalSemaphoresAsync\`, \`cudaWaitExternalSemaphoresAsync\`, the destroy calls and \`cudaDeviceGetNvSciSyncAttributes\`.

## Why is this a problem on Ascend
The reference documents no external-resource interop in the ACL runtime. Buffers shared with a graphics or camera API have to be copied through the host.

## Example
\`\`\`cuda
#include <cuda_runtime.h>
void drop(cudaExternalMemory_t m) { cudaDestroyExternalMemory(m); }
\`\`\`

## Use instead
Copy the data to a host buffer and into an \`aclrtMalloc\` buffer with \`aclrtMemcpy\`.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC563');
  },
});
