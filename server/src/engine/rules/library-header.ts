import { defineRule } from './rule';
import { namesOf } from './names/table';
import { rowAdvice } from './support/names';

export default defineRule({
  code: 'ASC717',
  name: 'library-header',
  family: 'libraries',
  effort: 'low',
  summary: '`#include` of a CUDA library header (`cublas_v2.h`, `cuda_bf16.h`, `cooperative_groups.h`, …)',
  fixAvailability: 'none',
  severity: () => 'information',
  docs: `
## What it does
Flags \`#include\` directives of CUDA library headers: cuBLAS (\`cublas_v2.h\`, \`cublasLt.h\`), cuDNN, cuRAND, cuFFT, cuSPARSE, cuSOLVER, NCCL, the half, bfloat16 and FP8 headers, \`cooperative_groups.h\`, \`cuda/barrier\`, \`cuda/pipeline\`, \`mma.h\`, CUB, Thrust and CUTLASS. The runtime and driver headers are ASC527's.

## Why is this a problem on Ascend
None of these headers exists in CANN. The include is where a reader first learns which library a file depends on, and so what has to be rebuilt: the finding names the Ascend counterpart of the whole library, while the calls themselves are reported by the library rules (ASC701–ASC715).

## Example
\`\`\`cuda
#include <cublas_v2.h>
#include <cooperative_groups.h>
\`\`\`

## Use instead
Remove the include once the file's calls are ported; kernels include \`"kernel_operator.h"\` (and \`"lib/matmul_intf.h"\` for the Matmul API), host code \`"acl/acl.h"\`.
`,
  check(ctx) {
    const exact = namesOf('ASC717').exact;
    const masked = ctx.facts.maskedText;
    const directive = /^[ \t]*#[ \t]*include[ \t]*(?=[<"])/gm;
    for (let m = directive.exec(masked); m; m = directive.exec(masked)) {
      const open = m.index + m[0].length;
      const close = ctx.text.indexOf(ctx.text[open] === '<' ? '>' : '"', open + 1);
      const eol = ctx.text.indexOf('\n', open);
      if (close < 0 || (eol >= 0 && close > eol)) continue;
      const header = ctx.text.slice(open + 1, close).trim();
      const row = exact.get(header);
      if (!row) continue;
      ctx.report({ span: { start: open, end: close + 1 }, message: `\`${header}\` does not exist on ${ctx.target.soc}: ${rowAdvice(row, ctx)}` });
    }
  },
});
