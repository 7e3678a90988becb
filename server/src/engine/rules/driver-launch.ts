import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC537',
  name: 'driver-launch',
  family: 'host-runtime',
  effort: 'medium',
  summary: "CUDA driver kernel launches (`cuLaunchKernel`, `cuLaunchKernelEx`, `cuLaunchCooperativeKernel`, legacy `cuParamSet*`)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags kernel launches through the driver API: \`cuLaunchKernel\`, \`cuLaunchKernelEx\`, \`cuLaunchCooperativeKernel\`, the legacy \`cuLaunch\`, \`cuLaunchGrid\`, \`cuParamSet*\`, \`cuFuncSetBlockShape\`, \`cuFuncSetSharedSize\`, and \`cuLaunchHostFunc\`.

## Why is this a problem on Ascend
An Ascend kernel launch gives one number, the cores (\`numBlocks\`, 1 to 65535), and a stream: there is no grid, no thread block and no dynamic shared memory. Kernels built with the program are launched through their generated wrapper. \`aclrtLaunchKernel(funcHandle, numBlocks, argsData, argsSize, stream)\` exists for binaries loaded at run time (2026 runtime). Host callbacks are \`aclrtLaunchCallback\` with \`aclrtSubscribeReport\`. A cooperative launch becomes \`SyncAll()\` with at most as many blocks as physical cores.

## Example
\`\`\`cuda
#include <cuda.h>
void run(CUfunction f, void** args, CUstream s) { cuLaunchKernel(f, 64, 1, 1, 256, 1, 1, 0, s, args, nullptr); }
\`\`\`

## Use instead
\`ACLRT_LAUNCH_KERNEL(scale)(numBlocks, stream, x, n);\` with the kernel rewritten for cores and tiles ("Port kernel to Ascend C").
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC537');
  },
});
