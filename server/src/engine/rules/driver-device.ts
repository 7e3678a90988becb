import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC531',
  name: 'driver-device',
  family: 'host-runtime',
  effort: 'medium',
  summary: "CUDA driver device queries (`cuDeviceGet`, `cuDeviceGetCount`, `cuDeviceGetAttribute`, \u2026)",
  fixAvailability: 'sometimes',
  severity: () => 'warning',
  docs: `
## What it does
Flags the driver API's device handles and queries: \`cuDeviceGet\`, \`cuDeviceGetCount\`, \`cuDeviceGetAttribute\`, \`cuDeviceGetName\`, \`cuDeviceTotalMem\`, \`cuDeviceComputeCapability\` and the other \`cuDevice*\` queries (peer, memory-pool, graph-memory and resource queries belong to their own rules).

## Why is this a problem on Ascend
An ACL device is an \`int32_t\` id passed to \`aclrtSetDevice\`; there is no device handle. \`aclrtGetDeviceCount(uint32_t*)\` counts devices, \`aclrtGetDeviceInfo(id, ACL_DEV_ATTR_*, &value)\` reads one attribute (core counts, 2026 runtime) and \`aclrtGetMemInfo\` reports memory. Compute capability, PCI ids and UUIDs have no counterpart: the SoC is fixed when the kernels are built.

## Example
\`\`\`cuda
#include <cuda.h>
int count() { int n = 0; cuDeviceGetCount(&n); return n; }
\`\`\`

## Use instead
\`uint32_t n = 0; aclrtGetDeviceCount(&n);\`, and the device ordinal itself where a \`CUdevice\` was used.

## Fix safety
\`cuDeviceGetCount(&n)\` becomes \`aclrtGetDeviceCount(reinterpret_cast<uint32_t*>(&n))\`: unsafe, because it reinterprets the int as a uint32_t.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC531');
  },
});
