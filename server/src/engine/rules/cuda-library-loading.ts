import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/runtime.ts). */
export default defineRule({
  code: 'ASC562',
  name: 'cuda-library-loading',
  family: 'host-runtime',
  effort: 'high',
  summary: "CUDA runtime code loading and entry points (`cudaLibraryLoadData`, `cudaGetKernel`, `cudaGetDriverEntryPoint`, \u2026)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags the runtime's context-independent loading (\`cudaLibraryLoadData\`, \`cudaLibraryLoadFromFile\`, \`cudaLibraryGetKernel\`, …), kernel handles (\`cudaGetKernel\`, \`cudaGetFuncBySymbol\`, \`cudaKernelSetAttributeForDevice\`, \`cudaFuncGetName\`, \`cudaFuncGetParamInfo\`) and driver entry points (\`cudaGetDriverEntryPoint\`, \`cudaGetExportTable\`).

## Why is this a problem on Ascend
Ascend C kernels are compiled ahead of time with the program and launched through a generated wrapper (\`ACLRT_LAUNCH_KERNEL(kernel)(numBlocks, stream, args…)\`). The reference has no run-time loader of device code, no kernel handles to query, and no table of driver entry points.

## Example
\`\`\`cuda
#include <cuda_runtime.h>
void load(cudaLibrary_t* lib, const void* image) { cudaLibraryLoadData(lib, image, nullptr, nullptr, 0, nullptr, nullptr, 0); }
\`\`\`

## Use instead
Build every kernel with the program and call its generated launch wrapper.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC562');
  },
});
