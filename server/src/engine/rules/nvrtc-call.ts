import { defineRule } from './rule';
import { rowAdvice, tableCalls } from './support/names';

export default defineRule({
  code: 'ASC715',
  name: 'nvrtc-call',
  family: 'libraries',
  effort: 'high',
  summary: 'Runtime compilation with NVRTC (`nvrtcCreateProgram`, `nvrtcCompileProgram`, …)',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags calls whose name starts with \`nvrtc\`: creating, compiling and querying programs compiled at run time.

## Why is this a problem on Ascend
NVRTC compiles CUDA source to PTX inside the running program. Ascend C kernels are compiled ahead of time: with \`bisheng\` (\`--npu-arch=dav-2201\` and so on, CANN 9) or the CMake flow with \`SOC_VERSION\` (CANN 8). The Ascend C reference this tool relies on documents no run-time compilation API, so generated kernels have to be turned into compiled variants (templates, or one kernel per configuration) before the build.

## Example
\`\`\`cuda
#include <nvrtc.h>
void build(const char* src) {
  nvrtcProgram p;
  nvrtcCreateProgram(&p, src, "k.cu", 0, nullptr, nullptr);
}
\`\`\`

## Use instead
Compile every kernel variant at build time (template parameters instead of source strings) and select among them on the host.
`,
  scope: 'declaration',
  check(ctx) {
    // Names and texts: the CUDA-name table (rules/names/libraries.ts).
    for (const { call, row } of tableCalls(ctx, 'ASC715', { skipOwn: true })) {
      ctx.report({ span: call.nameSpan, message: `\`${call.name}\`: ${rowAdvice(row, ctx)}` });
    }
  },
});
