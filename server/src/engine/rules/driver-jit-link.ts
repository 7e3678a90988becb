import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC535',
  name: 'driver-jit-link',
  family: 'host-runtime',
  effort: 'high',
  summary: "CUDA driver JIT linking (`cuLinkCreate`, `cuLinkAddData`, `cuLinkComplete`)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags the driver API's JIT linker: \`cuLinkCreate\`, \`cuLinkAddData\`, \`cuLinkAddFile\`, \`cuLinkComplete\` and \`cuLinkDestroy\`.

## Why is this a problem on Ascend
Ascend C kernels are compiled ahead of time with the program (bisheng, or the CMake flow with \`ascendc_library\`), and each kernel gets a generated launch wrapper (\`ACLRT_LAUNCH_KERNEL(kernel)(numBlocks, stream, args…)\`). There is no module, JIT linker or run-time loader of device code in the reference.

## Example
\`\`\`cuda
#include <cuda.h>
void link(CUlinkState* s) { cuLinkCreate(0, nullptr, nullptr, s); }
\`\`\`

## Use instead
Compile and link every kernel with the program; select among prebuilt kernels at run time instead of linking device code.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC535');
  },
});
