import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC544',
  name: 'driver-error',
  family: 'host-runtime',
  effort: 'medium',
  summary: "CUDA driver error strings (`cuGetErrorString`, `cuGetErrorName`)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags \`cuGetErrorString\` and \`cuGetErrorName\`, which describe a \`CUresult\`.

## Why is this a problem on Ascend
ACL calls return an \`aclError\` (0 is \`ACL_SUCCESS\`). \`aclGetRecentErrMsg()\` describes the most recent failure and takes no error code (2026 runtime); there is no name lookup.

## Example
\`\`\`cuda
#include <cuda.h>
const char* msg(CUresult r) { const char* s = nullptr; cuGetErrorString(r, &s); return s; }
\`\`\`

## Use instead
\`if (ret != ACL_SUCCESS) fprintf(stderr, "%s\n", aclGetRecentErrMsg());\`
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC544');
  },
});
