import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC545',
  name: 'driver-virtual-memory',
  family: 'host-runtime',
  effort: 'high',
  summary: "CUDA driver virtual memory management (`cuMemAddressReserve`, `cuMemCreate`, `cuMemMap`, \u2026)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags the virtual memory management API: \`cuMemAddressReserve\`, \`cuMemAddressFree\`, \`cuMemCreate\`, \`cuMemRelease\`, \`cuMemMap\`, \`cuMemUnmap\`, \`cuMemSetAccess\`, shareable handles and allocation granularity.

## Why is this a problem on Ascend
The reference documents no virtual address reservation or physical allocation handles in the ACL runtime. Growable buffers and memory shared by handle need another design: allocate with \`aclrtMalloc\` and reallocate and copy to grow.

## Example
\`\`\`cuda
#include <cuda.h>
void reserve(CUdeviceptr* p, size_t n) { cuMemAddressReserve(p, n, 0, 0, 0); }
\`\`\`

## Use instead
\`aclrtMalloc(&p, capacity, ACL_MEM_MALLOC_HUGE_FIRST)\` with a capacity chosen up front.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC545');
  },
});
