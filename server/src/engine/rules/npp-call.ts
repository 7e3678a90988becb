import { defineRule } from './rule';
import { rowAdvice, tableCalls } from './support/names';

export default defineRule({
  code: 'ASC714',
  name: 'npp-call',
  family: 'libraries',
  effort: 'high',
  summary: 'NPP image and signal processing calls (`nppi*`, `npps*`)',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags calls of the NVIDIA Performance Primitives: names starting with \`nppi\` (image), \`npps\` (signal) or \`npp\` followed by a capital letter (\`nppGetStreamContext\`, …).

## Why is this a problem on Ascend
NPP does not exist on Ascend, and the Ascend C reference this tool relies on documents no image or signal processing library. Each primitive has to be written as a kernel. Image data is usually 8-bit, and the 910B vector arithmetic APIs take half, float, int32 and int16, so pixels are converted with \`Cast\` before any arithmetic (ASC406).

## Example
\`\`\`cuda
#include <nppi.h>
void clear(Npp8u* img, int step, NppiSize roi) {
  nppiSet_8u_C1R(0, img, step, roi);
}
\`\`\`

## Use instead
A kernel per primitive: \`DataCopy\` rows into UB, \`Cast\` to half, compute with the vector APIs (\`Muls\`, \`Adds\`, \`Max\`, \`Min\`, …), \`Cast\` back and copy out.
`,
  scope: 'declaration',
  check(ctx) {
    // Names and texts: the CUDA-name table (rules/names/libraries.ts).
    for (const { call, row } of tableCalls(ctx, 'ASC714', { skipOwn: true })) {
      ctx.report({ span: call.nameSpan, message: `\`${call.name}\`: ${rowAdvice(row, ctx)}` });
    }
  },
});
