import { defineRule } from './rule';
import { rowAdvice, tableCalls } from './support/names';

export default defineRule({
  code: 'ASC702',
  name: 'cudnn-call',
  family: 'libraries',
  effort: 'high',
  summary: 'cuDNN calls',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags calls whose name starts with \`cudnn\`.

## Why is this a problem on Ascend
cuDNN does not exist on Ascend, and the reference this tool relies on names no drop-in replacement. Convolutions, normalisations and activations have to be rebuilt: the Ascend C high-level API has activations (\`Gelu\`, \`Sigmoid\`, \`SoftMax\`, ...), normalisations (\`LayerNorm\`, \`RmsNorm\`, \`BatchNorm\`) and \`Conv3D\`, each with its own tiling.

## Example
\`\`\`cuda
#include <cudnn.h>
void setup() {
  cudnnHandle_t h;
  cudnnCreate(&h);
}
\`\`\`

## Use instead
Map each cuDNN operation to an Ascend C high-level API where one exists (for example \`SoftMax\` or \`LayerNorm\`, with their host tiling functions), or write the kernel.
`,
  scope: 'declaration',
  check(ctx) {
    // Names and texts: the CUDA-name table (rules/names/libraries.ts).
    for (const { call, row } of tableCalls(ctx, 'ASC702', { skipOwn: true })) {
      ctx.report({ span: call.nameSpan, message: `\`${call.name}\`: ${rowAdvice(row, ctx)}` });
    }
  },
});
