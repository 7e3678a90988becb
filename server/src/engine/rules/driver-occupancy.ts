import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC552',
  name: 'driver-occupancy',
  family: 'host-runtime',
  effort: 'medium',
  summary: "CUDA driver occupancy queries (`cuOccupancyMaxActiveBlocksPerMultiprocessor`, `cuOccupancyMaxPotentialBlockSize`)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags the \`cuOccupancy*\` queries.

## Why is this a problem on Ascend
There are no thread blocks, registers or warps to balance on Ascend: a launch takes a number of cores. Use about one block per physical core, which \`aclrtGetDeviceInfo\` reports (ACL_DEV_ATTR_AICORE_CORE_NUM, ACL_DEV_ATTR_VECTOR_CORE_NUM; 2026 runtime).

## Example
\`\`\`cuda
#include <cuda.h>
int occ(CUfunction f) { int n = 0; cuOccupancyMaxActiveBlocksPerMultiprocessor(&n, f, 256, 0); return n; }
\`\`\`

## Use instead
\`int64_t cores = 0; aclrtGetDeviceInfo(0, ACL_DEV_ATTR_VECTOR_CORE_NUM, &cores);\` and launch that many blocks.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC552');
  },
});
