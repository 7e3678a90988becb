import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC532',
  name: 'driver-primary-context',
  family: 'host-runtime',
  effort: 'medium',
  summary: "CUDA driver primary contexts (`cuDevicePrimaryCtxRetain`, `\u2026Release`, `\u2026Reset`)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags \`cuDevicePrimaryCtxRetain\`, \`cuDevicePrimaryCtxRelease\`, \`cuDevicePrimaryCtxReset\`, \`cuDevicePrimaryCtxSetFlags\` and \`cuDevicePrimaryCtxGetState\`.

## Why is this a problem on Ascend
The reference names no ACL context API: \`aclrtSetDevice(id)\` creates the device's default context and \`aclrtResetDevice(id)\` releases it. Context flags (scheduling, blocking sync) have no counterpart.

## Example
\`\`\`cuda
#include <cuda.h>
void ctx(CUdevice d) { CUcontext c; cuDevicePrimaryCtxRetain(&c, d); }
\`\`\`

## Use instead
\`aclrtSetDevice(id);\` where the primary context was retained, \`aclrtResetDevice(id);\` where it was released.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC532');
  },
});
