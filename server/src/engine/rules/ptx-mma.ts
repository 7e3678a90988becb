import { SOC_FACTS } from '../target';
import { defineRule } from './rule';

/** Tensor-core PTX: warp-level MMA, matrix loads/stores, warpgroup MMA, Blackwell tcgen05. */
const TENSOR_PTX = /(?<![\w.])(?:wgmma\.[\w.]+|tcgen05\.[\w.]+|wmma\.(?:load|store|mma)[\w.]*|mma\.(?:sync|sp)[\w.]*|ldmatrix[\w.]*|stmatrix[\w.]*|movmatrix[\w.]*)/;

export default defineRule({
  code: 'ASC708',
  name: 'ptx-mma',
  family: 'libraries',
  effort: 'high',
  summary: 'Tensor-core PTX in inline assembly (`mma.sync`, `ldmatrix`, `wgmma`, `wmma.mma`, `tcgen05`)',
  fixAvailability: 'none',
  supersedes: ['ASC601'],
  severity: (t) => (SOC_FACTS[t.soc].matmulApi ? 'warning' : 'error'),
  docs: `
## What it does
Reads the text of each inline \`asm\` statement and flags the first tensor-core instruction in it: \`mma.sync\`, \`mma.sp\`, \`ldmatrix\`, \`stmatrix\`, \`movmatrix\`, \`wmma.load/store/mma\`, \`wgmma.*\` and \`tcgen05.*\`. ASC601 flags every \`asm\` statement; this rule says what the matrix ones become.

## Why is this a problem on Ascend
These instructions multiply register fragments spread over the 32 lanes of a warp (or a warpgroup). Ascend has no warps and no fragments: matrix multiplication runs on the Cube unit, which reads operands from L0A/L0B in fractal layouts (16×16 for half) and accumulates in L0C. The Matmul high-level API drives that data path; it is not available on the first-generation 910 (910A), where only the basic \`LoadData\`/\`Mmad\`/\`Fixpipe\` path remains.

## Example
\`\`\`cuda
__device__ void mma_16816(float* d, const unsigned* a, const unsigned* b) {
  asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
               : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
               : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}
\`\`\`

## Use instead
Replace the whole fragment-level kernel, not the instruction: a Cube kernel with \`AscendC::Matmul\` (\`SetTensorA\`, \`SetTensorB\`, \`IterateAll\`, \`End\`) and host tiling from \`MultiCoreMatmulTiling\`.
`,
  check(ctx) {
    const matmul = SOC_FACTS[ctx.target.soc].matmulApi;
    for (const site of ctx.facts.asm()) {
      const text = ctx.text.slice(site.span.start, site.span.end);
      const m = TENSOR_PTX.exec(text);
      if (!m) continue;
      const start = site.span.start + m.index;
      ctx.report({
        span: { start, end: start + m[0].length },
        claim: site.span,
        message: matmul
          ? `PTX \`${m[0]}\` is a tensor-core instruction; ${ctx.target.soc} multiplies matrices on the Cube unit: rewrite the kernel with the Matmul high-level API`
          : `PTX \`${m[0]}\` is a tensor-core instruction; ${ctx.target.soc} has no Matmul high-level API: use the basic LoadData/Mmad/Fixpipe cube path`,
      });
    }
  },
});
