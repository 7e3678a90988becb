import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC534',
  name: 'driver-module',
  family: 'host-runtime',
  effort: 'high',
  summary: "CUDA driver module loading (`cuModuleLoad*`, `cuModuleGetFunction`, `cuModuleGetGlobal`)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags the driver API's module calls: \`cuModuleLoad\`, \`cuModuleLoadData\`, \`cuModuleLoadDataEx\`, \`cuModuleLoadFatBinary\`, \`cuModuleUnload\`, \`cuModuleGetFunction\`, \`cuModuleGetGlobal\` and the other \`cuModule*\` calls.

## Why is this a problem on Ascend
Ascend C kernels are compiled ahead of time with the program (bisheng, or the CMake flow with \`ascendc_library\`), and each kernel gets a generated launch wrapper (\`ACLRT_LAUNCH_KERNEL(kernel)(numBlocks, stream, args…)\`). There is no module, JIT linker or run-time loader of device code in the reference. \`__device__\` globals found with \`cuModuleGetGlobal\` do not exist either: constants travel as kernel arguments or in a tiling struct.

## Example
\`\`\`cuda
#include <cuda.h>
void load(CUmodule* m, CUfunction* f) { cuModuleLoad(m, "k.cubin"); cuModuleGetFunction(f, *m, "k"); }
\`\`\`

## Use instead
Build the kernel with the program and call its generated wrapper, \`ACLRT_LAUNCH_KERNEL(k)(numBlocks, stream, args…)\`, or \`k<<<numBlocks, nullptr, stream>>>(args…)\` in a \`.asc\` file.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC534');
  },
});
