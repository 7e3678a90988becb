import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC559',
  name: 'driver-green-context',
  family: 'host-runtime',
  effort: 'medium',
  summary: "CUDA driver green contexts and SM resource partitioning (`cuGreenCtxCreate`, `cuDevSmResourceSplitByCount`, \u2026)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags green contexts and device resources: \`cuGreenCtx*\`, \`cuDevResource*\`, \`cuDevSmResourceSplitByCount\`, \`cuCtxFromGreenCtx\`, \`cuCtxGetDevResource\`, \`cuDeviceGetDevResource\` and \`cuStreamGetGreenCtx\`.

## Why is this a problem on Ascend
Ascend has no SM partitioning API in the reference. How many cores a kernel uses is the number of blocks of its launch.

## Example
\`\`\`cuda
#include <cuda.h>
void drop(CUgreenCtx g) { cuGreenCtxDestroy(g); }
\`\`\`

## Use instead
Launch each kernel with the number of cores it should use.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC559');
  },
});
