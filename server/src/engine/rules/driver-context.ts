import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC533',
  name: 'driver-context',
  family: 'host-runtime',
  effort: 'medium',
  summary: "CUDA driver contexts (`cuCtxCreate`, `cuCtxSetCurrent`, `cuCtxSynchronize`, \u2026)",
  fixAvailability: 'sometimes',
  severity: () => 'warning',
  docs: `
## What it does
Flags the driver API's context calls: \`cuCtxCreate\`, \`cuCtxDestroy\`, \`cuCtxPushCurrent\`/\`cuCtxPopCurrent\`, \`cuCtxSetCurrent\`/\`cuCtxGetCurrent\`, \`cuCtxSynchronize\`, \`cuCtxGetDevice\`, limits and cache configuration (peer access and green contexts belong to their own rules).

## Why is this a problem on Ascend
The reference names no ACL context API: each device has one default context, created by \`aclrtSetDevice(id)\`. A context stack has nothing to push or pop. \`aclrtSynchronizeDevice()\` waits for the device, and device limits and cache configuration do not exist (UB is sized statically with \`TPipe::InitBuffer\`).

## Example
\`\`\`cuda
#include <cuda.h>
void wait() { cuCtxSynchronize(); }
\`\`\`

## Use instead
\`aclrtSetDevice(id)\` once per thread that uses the device, \`aclrtSynchronizeDevice()\` to wait for it, \`aclrtResetDevice(id)\` at teardown.

## Fix safety
\`cuCtxSynchronize()\` becomes \`aclrtSynchronizeDevice()\` (safe). \`cuCtxGetDevice(&d)\` becomes \`aclrtGetDevice(&d)\`: unsafe, because it writes an \`int32_t\`.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC533');
  },
});
