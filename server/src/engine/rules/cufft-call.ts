import { defineRule } from './rule';
import { rowAdvice, tableCalls } from './support/names';

export default defineRule({
  code: 'ASC704',
  name: 'cufft-call',
  family: 'libraries',
  effort: 'high',
  summary: 'cuFFT calls',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags calls whose name starts with \`cufft\`.

## Why is this a problem on Ascend
cuFFT does not exist on Ascend, and the reference this tool relies on names no FFT library or API. The transform has to be written, for example as matrix products on the Cube unit for small sizes, or taken from a CANN operator library if your version has one.

## Example
\`\`\`cuda
#include <cufft.h>
void plan(int n) {
  cufftHandle p;
  cufftPlan1d(&p, n, CUFFT_C2C, 1);
}
\`\`\`

## Use instead
Write the FFT as an Ascend C kernel (small DFTs map well to Matmul), or check your CANN operator library.
`,
  scope: 'declaration',
  check(ctx) {
    // Names and texts: the CUDA-name table (rules/names/libraries.ts).
    for (const { call, row } of tableCalls(ctx, 'ASC704', { skipOwn: true })) {
      ctx.report({ span: call.nameSpan, message: `\`${call.name}\`: ${rowAdvice(row, ctx)}` });
    }
  },
});
