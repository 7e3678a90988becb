import { defineRule } from './rule';
import { rowAdvice, tableCalls } from './support/names';

export default defineRule({
  code: 'ASC711',
  name: 'cusolver-call',
  family: 'libraries',
  effort: 'high',
  summary: 'cuSOLVER calls (dense and sparse solvers, factorisations, eigensolvers)',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags calls whose name starts with \`cusolver\` (\`cusolverDn*\`, \`cusolverSp*\`, \`cusolverRf*\`, …).

## Why is this a problem on Ascend
cuSOLVER does not exist on Ascend, and the Ascend C reference this tool relies on documents no linear-algebra solver library. LU, QR and Cholesky factorisations, eigen- and singular-value solvers have to be implemented (blocked algorithms whose trailing updates are matrix products for the Matmul API) or run on the host CPU. Most of them also rely on double precision, which 910B does not document (ASC403).

## Example
\`\`\`cuda
#include <cusolverDn.h>
void setup() {
  cusolverDnHandle_t h;
  cusolverDnCreate(&h);
}
\`\`\`

## Use instead
Solve on the host with a CPU LAPACK, or write a blocked factorisation whose panel steps run on the vector unit and whose trailing-matrix updates use the Matmul API.
`,
  scope: 'declaration',
  check(ctx) {
    // Names and texts: the CUDA-name table (rules/names/libraries.ts).
    for (const { call, row } of tableCalls(ctx, 'ASC711', { skipOwn: true })) {
      ctx.report({ span: call.nameSpan, message: `\`${call.name}\`: ${rowAdvice(row, ctx)}` });
    }
  },
});
