import { SOC_FACTS } from '../target';
import { defineRule } from './rule';
import { namespaceUses } from './support/device-code';

const LIBS = [
  ['CUTLASS', /(?<!\w::)(?<![\w.])cutlass\s*::/g],
  ['CuTe', /(?<!\w::)(?<![\w.])cute\s*::/g],
] as const;

export default defineRule({
  code: 'ASC712',
  name: 'cutlass-cute',
  family: 'libraries',
  effort: 'high',
  summary: 'CUTLASS and CuTe templates (`cutlass::`, `cute::`)',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].matmulApi ? 'warning' : 'error'),
  docs: `
## What it does
Flags the use of \`cutlass::\` and \`cute::\`, once per file and library at the first use, with the number of uses.

## Why is this a problem on Ascend
CUTLASS and CuTe build GEMMs, convolutions and attention kernels out of tensor-core instructions, warp-level fragments, shared-memory layouts and asynchronous copies, none of which exist on Ascend. Their numeric types (\`cutlass::half_t\`, \`cutlass::bfloat16_t\`) map to \`half\` and \`bfloat16_t\`, but the kernels themselves have to be rebuilt: matrix products on the Cube unit through the Matmul high-level API (not available on 910A, which has only the basic \`LoadData\`/\`Mmad\`/\`Fixpipe\` path), element-wise epilogues on the vector unit, and layouts in Ascend's fractal formats (ND, NZ) instead of CuTe layouts.

## Example
\`\`\`cuda
#include <cutlass/gemm/device/gemm.h>
using Gemm = cutlass::gemm::device::Gemm<float, cutlass::layout::RowMajor, float, cutlass::layout::RowMajor, float, cutlass::layout::RowMajor>;
\`\`\`

## Use instead
A Cube kernel with \`AscendC::Matmul\` (\`MatmulType\` with \`CubeFormat::ND\` inputs, \`SetTensorA\`, \`SetTensorB\`, \`SetBias\`, \`IterateAll\`, \`End\`) and host tiling from \`MultiCoreMatmulTiling\`; put the epilogue (bias, activation) in vector code on the result tile.
`,
  check(ctx) {
    const matmul = SOC_FACTS[ctx.target.soc].matmulApi;
    for (const [lib, re] of LIBS) {
      const uses = namespaceUses(ctx, re);
      if (!uses) continue;
      ctx.report({
        span: uses.span,
        message: matmul
          ? `${lib} (${plural(uses.count, 'use')} in this file) does not exist on ${ctx.target.soc}: rebuild GEMMs with the Matmul high-level API on the Cube unit and epilogues with vector APIs`
          : `${lib} (${plural(uses.count, 'use')} in this file) does not exist on ${ctx.target.soc}, which has no Matmul high-level API: rebuild GEMMs on the basic LoadData/Mmad/Fixpipe cube path`,
      });
    }
  },
});

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
