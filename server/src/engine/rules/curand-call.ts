import { defineRule } from './rule';
import { rowAdvice, tableCalls } from './support/names';

export default defineRule({
  code: 'ASC703',
  name: 'curand-call',
  family: 'libraries',
  effort: 'high',
  summary: 'cuRAND calls',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags calls whose name starts with \`curand\`.

## Why is this a problem on Ascend
cuRAND does not exist on Ascend. The Ascend C high-level API lists \`PhiloxRandom\` for random numbers inside kernels; its sequences will not match cuRAND bit for bit, so tests that compare random streams must change.

## Example
\`\`\`cuda
#include <curand_kernel.h>
__global__ void noise(curandState* s, float* out) {
  curand_init(1234, threadIdx.x, 0, &s[threadIdx.x]);
  out[threadIdx.x] = curand_uniform(&s[threadIdx.x]);
}
\`\`\`

## Use instead
Generate random numbers in the kernel with the high-level \`PhiloxRandom\` API, or on the host and copy them in.
`,
  scope: 'declaration',
  check(ctx) {
    // Names and texts: the CUDA-name table (rules/names/libraries.ts).
    for (const { call, row } of tableCalls(ctx, 'ASC703', { skipOwn: true })) {
      ctx.report({ span: call.nameSpan, message: `\`${call.name}\`: ${rowAdvice(row, ctx)}` });
    }
  },
});
