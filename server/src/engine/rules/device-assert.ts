import { defineRule } from './rule';
import { deviceCallsTo } from './support/device-code';

export default defineRule({
  code: 'ASC606',
  name: 'device-assert',
  family: 'low-level',
  effort: 'low',
  summary: '`assert` in device code',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags \`assert(...)\` in device functions.

## Why is this a problem on Ascend
No device-side assert was found in the Ascend C reference. Checks that stop the kernel on bad input have to move to the host (validate shapes and tiling before the launch) or report through an error word in global memory.

## Example
\`\`\`cuda
#include <cassert>
__global__ void checked(const int* x, int n) {
  assert(x[threadIdx.x] < n);
}
\`\`\`

## Use instead
Validate on the host before the launch; inside the kernel, write an error flag to a global-memory word that the host reads after \`aclrtSynchronizeStream\`.
`,
  check(ctx) {
    for (const { call, fn } of deviceCallsTo(ctx, ['assert'])) {
      ctx.report({ span: call.nameSpan, message: `device \`assert\` has no equivalent on ${ctx.target.soc}: validate on the host, or write an error flag to global memory` });
    }
  },
});
