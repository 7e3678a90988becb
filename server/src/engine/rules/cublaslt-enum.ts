import { defineRule } from './rule';
import { namesOf, rowFor } from './names/table';
import { rowAdvice } from './support/names';

const ENUM = /\bCUBLASLT_(?:EPILOGUE|MATMUL_DESC|ORDER|MATRIX_LAYOUT|MATMUL_PREF)_\w+/g;

export default defineRule({
  code: 'ASC716',
  name: 'cublaslt-enum',
  family: 'libraries',
  effort: 'medium',
  summary: 'cuBLASLt epilogues, descriptor attributes and layouts (`CUBLASLT_EPILOGUE_GELU_BIAS`, `CUBLASLT_ORDER_COL32`, …)',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags the cuBLASLt constants that carry work beyond the GEMM call itself: epilogues (\`CUBLASLT_EPILOGUE_GELU_BIAS\`, \`CUBLASLT_EPILOGUE_RELU\`, \`CUBLASLT_EPILOGUE_BGRADB\`, …), matmul-descriptor attributes (\`CUBLASLT_MATMUL_DESC_EPILOGUE\`, \`CUBLASLT_MATMUL_DESC_BIAS_POINTER\`, …), matrix orders and layout attributes, and heuristic preferences. One finding per constant and function.

## Why is this a problem on Ascend
ASC701 reports the cuBLASLt calls; these constants say what else the call computed. An epilogue fuses a bias, an activation (GELU, ReLU) or a gradient reduction into the GEMM. On Ascend the Matmul high-level API computes the product (with a bias through \`SetBias\`), and the activation is a separate vector pass over the result tile (\`Relu\`, the high-level \`Gelu\`). Orders such as \`COL32\` correspond to the Cube unit's own formats (ND, NZ), chosen per operand in the \`MatmulType\`.

## Example
\`\`\`cuda
#include <cublasLt.h>
void epilogue(cublasLtMatmulDesc_t d) {
  cublasLtEpilogue_t e = CUBLASLT_EPILOGUE_GELU_BIAS;
  (void)d; (void)e;
}
\`\`\`

## Use instead
A Matmul kernel with \`SetBias\`, followed by the activation over the output tile before \`DataCopy\` to global memory.
`,
  check(ctx) {
    if (!ctx.text.includes('CUBLASLT_')) return;
    const masked = ctx.facts.maskedText;
    const names = namesOf('ASC716');
    const seen = new Set<string>();
    ENUM.lastIndex = 0;
    for (let m = ENUM.exec(masked); m; m = ENUM.exec(masked)) {
      const lineStart = masked.lastIndexOf('\n', m.index) + 1;
      if (/^\s*#/.test(masked.slice(lineStart, m.index))) continue;
      const row = rowFor(names, m[0]);
      if (!row) continue;
      // One finding per constant and function (or file scope): a descriptor set up in a loop is one construct.
      const fn = ctx.facts.enclosingFunction(m.index);
      const key = `${m[0]}@${fn?.span.start ?? -1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ctx.report({ span: { start: m.index, end: m.index + m[0].length }, message: `\`${m[0]}\`: on ${ctx.target.soc} use ${rowAdvice(row, ctx)}` });
    }
  },
});
