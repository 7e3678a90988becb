import { defineRule } from './rule';
import { namespaceUses } from './support/device-code';
import { rowAdvice, tableCalls } from './support/names';

export default defineRule({
  code: 'ASC713',
  name: 'nvtx-range',
  family: 'libraries',
  effort: 'low',
  summary: 'NVTX profiling markers and ranges (`nvtxRangePushA`, `nvtxMarkA`, `nvtx3::scoped_range`, …)',
  fixAvailability: 'none',
  severity: () => 'information',
  docs: `
## What it does
Flags calls whose name starts with \`nvtx\` (\`nvtxRangePush*\`, \`nvtxRangePop\`, \`nvtxMark*\`, \`nvtxNameOsThread*\`, …), and the first use of the C++ \`nvtx3::\` API per file.

## Why is this a problem on Ascend
NVTX annotates timelines for NVIDIA's profilers; it does not exist on Ascend, and the Ascend C reference this tool relies on documents no equivalent annotation API. The markers do not change what the program computes, so they can be removed or compiled out.

## Example
\`\`\`cuda
#include <nvtx3/nvToolsExt.h>
void step() {
  nvtxRangePushA("step");
  nvtxRangePop();
}
\`\`\`

## Use instead
Remove the markers, or wrap them in a macro that expands to nothing when building for Ascend.
\`\`\`cuda
#define PROFILE_RANGE_PUSH(name) ((void)0)
#define PROFILE_RANGE_POP() ((void)0)
void step() {
  PROFILE_RANGE_PUSH("step");
  PROFILE_RANGE_POP();
}
\`\`\`
`,
  check(ctx) {
    // Names and texts: the CUDA-name table (rules/names/libraries.ts).
    for (const { call, row } of tableCalls(ctx, 'ASC713', { skipOwn: true })) {
      ctx.report({ span: call.nameSpan, message: `\`${call.name}\` is ${rowAdvice(row, ctx)}` });
    }
    const cpp = namespaceUses(ctx, /(?<!\w::)(?<![\w.])nvtx3\s*::/g);
    if (cpp) {
      ctx.report({
        span: cpp.span,
        message: `the NVTX C++ API (${cpp.count} use${cpp.count === 1 ? '' : 's'} in this file) does not exist on ${ctx.target.soc}: remove the annotations or compile them out`,
      });
    }
  },
});
