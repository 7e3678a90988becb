import { defineRule } from './rule';
import { rowAdvice, tableCalls } from './support/names';

export default defineRule({
  code: 'ASC710',
  name: 'cusparse-call',
  family: 'libraries',
  effort: 'high',
  summary: 'cuSPARSE calls',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags calls whose name starts with \`cusparse\` (handles, matrix descriptors, SpMV, SpMM, conversions).

## Why is this a problem on Ascend
cuSPARSE does not exist on Ascend, and the Ascend C reference this tool relies on documents no sparse-matrix library. Sparse kernels have to be written: indexed reads of a CSR or COO matrix become \`Gather\` in UB (byte offsets; not on 910A or the 310P Vector Core) after a \`DataCopy\` of the index and value tiles, products become \`Mul\`, and row sums become reductions. Dense blocks of a sparse matrix may be better served by the Cube unit.

## Example
\`\`\`cuda
#include <cusparse.h>
void setup() {
  cusparseHandle_t h;
  cusparseCreate(&h);
}
\`\`\`

## Use instead
An Ascend C kernel per sparse operation: copy row pointers, column indices and values in tiles, \`Gather\` the needed elements of the dense operand, \`Mul\`, and reduce per row; or densify small matrices and use the Matmul API.
`,
  scope: 'declaration',
  check(ctx) {
    // Names and texts: the CUDA-name table (rules/names/libraries.ts).
    for (const { call, row } of tableCalls(ctx, 'ASC710', { skipOwn: true })) {
      ctx.report({ span: call.nameSpan, message: `\`${call.name}\`: ${rowAdvice(row, ctx)}` });
    }
  },
});
