import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC547',
  name: 'driver-managed-memory',
  family: 'host-runtime',
  effort: 'high',
  summary: "CUDA driver managed memory (`cuMemAllocManaged`, `cuMemAdvise`, `cuMemPrefetchAsync`)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags managed (unified) memory through the driver: \`cuMemAllocManaged\`, \`cuMemAdvise\`, \`cuMemPrefetchAsync\` and its batch forms, \`cuMemRangeGetAttribute(s)\` and \`cuStreamAttachMemAsync\`.

## Why is this a problem on Ascend
The ACL runtime has no managed memory in the reference: host and device buffers are separate and copied explicitly. Code that touches the same pointer on both sides must be split into a host buffer, a device buffer and copies.

## Example
\`\`\`cuda
#include <cuda.h>
void um(CUdeviceptr* p, size_t n) { cuMemAllocManaged(p, n, CU_MEM_ATTACH_GLOBAL); }
\`\`\`

## Use instead
\`aclrtMallocHost\` for the host side, \`aclrtMalloc\` for the device side, \`aclrtMemcpy\` between them.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC547');
  },
});
