import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC536',
  name: 'driver-library',
  family: 'host-runtime',
  effort: 'high',
  summary: "CUDA driver context-independent loading (`cuLibraryLoad*`, `cuLibraryGetKernel`, `cuKernel*`)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags the context-independent loading API of CUDA 12+: \`cuLibraryLoadData\`, \`cuLibraryLoadFromFile\`, \`cuLibraryGetKernel\`, \`cuLibraryUnload\` and the \`cuKernel*\` calls.

## Why is this a problem on Ascend
Ascend C kernels are compiled ahead of time with the program (bisheng, or the CMake flow with \`ascendc_library\`), and each kernel gets a generated launch wrapper (\`ACLRT_LAUNCH_KERNEL(kernel)(numBlocks, stream, args…)\`). There is no module, JIT linker or run-time loader of device code in the reference.

## Example
\`\`\`cuda
#include <cuda.h>
void load(CUlibrary* l) { cuLibraryLoadFromFile(l, "k.cubin", nullptr, nullptr, 0, nullptr, nullptr, 0); }
\`\`\`

## Use instead
Build the kernel with the program and call its generated launch wrapper.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC536');
  },
});
