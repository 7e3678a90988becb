import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC530',
  name: 'driver-init',
  family: 'host-runtime',
  effort: 'medium',
  summary: "CUDA driver initialisation and entry points (`cuInit`, `cuDriverGetVersion`, `cuGetProcAddress`)",
  fixAvailability: 'sometimes',
  severity: () => 'warning',
  docs: `
## What it does
Flags the driver API's initialisation and entry-point calls: \`cuInit\`, \`cuDriverGetVersion\`, \`cuGetProcAddress\` and \`cuGetExportTable\`.

## Why is this a problem on Ascend
The ACL runtime is initialised once per process with \`aclInit(configPath)\` (a null path is allowed), followed by \`aclrtSetDevice(id)\`. There is no driver version to query and no table of entry points: the ACL functions are called directly.

## Example
\`\`\`cuda
#include <cuda.h>
void setup() { cuInit(0); }
\`\`\`

## Use instead
\`aclInit(nullptr);\` then \`aclrtSetDevice(0);\` once per process, and \`aclrtResetDevice(0); aclFinalize();\` at teardown.

## Fix safety
\`cuInit(0)\` becomes \`aclInit(nullptr)\` (safe: both initialise the runtime once). A call with other flags is not rewritten.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC530');
  },
});
