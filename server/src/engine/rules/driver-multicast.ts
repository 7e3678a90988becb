import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC560',
  name: 'driver-multicast',
  family: 'host-runtime',
  effort: 'high',
  summary: "CUDA driver multicast objects (`cuMulticastCreate`, `cuMulticastBindMem`, \u2026)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags the \`cuMulticast*\` calls (NVLink multicast objects).

## Why is this a problem on Ascend
There are no multicast objects in the reference. Data shared across devices moves with HCCL collectives.

## Example
\`\`\`cuda
#include <cuda.h>
void g(size_t* s, const CUmulticastObjectProp* p) { cuMulticastGetGranularity(s, p, CU_MULTICAST_GRANULARITY_MINIMUM); }
\`\`\`

## Use instead
An HCCL collective (broadcast, all-gather) between the devices.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC560');
  },
});
