import { SOC_FACTS } from '../target';
import { defineRule } from './rule';
import { namespaceUses } from './support/device-code';

export default defineRule({
  code: 'ASC707',
  name: 'wmma',
  family: 'libraries',
  effort: 'high',
  summary: 'Tensor-core WMMA fragments (`nvcuda::wmma`)',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].matmulApi ? 'warning' : 'error'),
  docs: `
## What it does
Flags the use of \`wmma::\` (\`nvcuda::wmma\` fragments, \`load_matrix_sync\`, \`mma_sync\`, \`store_matrix_sync\`), once per file at the first use.

## Why is this a problem on Ascend
Warp-level matrix fragments have no counterpart: there are no warps, and matrix work runs on the Cube unit, fed from L1 through L0A/L0B into L0C in fractal layouts (16×16 for half). The Matmul high-level API handles that data path; it is not available on 910A, where the basic \`LoadData\`/\`Mmad\`/\`Fixpipe\` path is needed.

## Example
\`\`\`cuda
#include <mma.h>
using namespace nvcuda;
__global__ void tile_mma(const half* a, const half* b, float* c) {
  wmma::fragment<wmma::matrix_a, 16, 16, 16, half, wmma::row_major> fa;
  wmma::load_matrix_sync(fa, a, 16);
}
\`\`\`

## Use instead
A Cube kernel with \`AscendC::Matmul\` (\`SetTensorA\`, \`SetTensorB\`, \`IterateAll\`, \`End\`) and host tiling from \`MultiCoreMatmulTiling\`.
`,
  check(ctx) {
    const uses = namespaceUses(ctx, /\bwmma\s*::/g);
    if (!uses) return;
    ctx.report({
      span: uses.span,
      message: SOC_FACTS[ctx.target.soc].matmulApi
        ? `WMMA (${uses.count} uses) becomes a Cube kernel with the Matmul high-level API on ${ctx.target.soc}`
        : `WMMA (${uses.count} uses): ${ctx.target.soc} has no Matmul high-level API; use the basic LoadData/Mmad/Fixpipe cube path`,
    });
  },
});
