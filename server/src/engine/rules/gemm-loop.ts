import { SOC_FACTS } from '../target';
import type { Span } from '../types';
import { defineRule } from './rule';
import { isDeviceFunction } from './support/device-code';
import { detectGemm } from '../model/gemmDetect';

/** A subscripted operand: `a[i * K + k]`, `As[ty][k]`, `s.a[k][j]`. */

export default defineRule({
  code: 'ASC709',
  name: 'gemm-loop',
  family: 'libraries',
  effort: 'high',
  summary: 'Hand-written matrix product in a kernel (naive, tiled, register-tiled, `wmma`/`mma`, GEMV), as the GEMM detector reads it',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].matmulApi ? 'information' : 'warning'),
  docs: `
## What it does
Flags kernels and device functions that compute a matrix product, as the one GEMM detector of the kernel model reads them (\`model/gemmDetect.ts\`; the Cube estimates and the port classifier use the same detector, so the three agree). The detector reads the index expressions of the kernel's pointer parameters as polynomials over thread and block indices, loop variables and parameters: a loop variable \`k\` that indexes two different operands, each also indexed by the output's row or column, in a kernel that accumulates products. It sees through shared-memory tiles, per-thread register tiles (1-D and 2-D), \`float4\` loads, warp tiling and double buffers, reads \`wmma\` fragments from their loads, and takes inline-PTX \`mma\` as a GEMM whose operands it cannot follow. Two offsets that walk A and B in lockstep (\`for (a = aBegin, b = bBegin; …; a += aStep, b += bStep)\`) and pointer arithmetic in call arguments (\`ld_vec(inp + off)\`) are read too. A kernel that hands its pointers to a \`__device__\` helper is reported at the helper. The finding points at the reduction loop and names the form and M, N, K. A matrix-vector product (GEMV) is flagged with advice for the vector unit. Not flagged: dot products of two vectors (\`x[k] * y[k]\`, softmax backward's \`Σ dy[i] * y[i]\`), convolutions whose window slides over the input (the input index and the filter index share a stride: an im2col would make them a GEMM, the loop nest is not one), and host code (CPU reference GEMMs).

## Why is this a problem on Ascend
A GEMM written as a loop nest runs on the CUDA cores one multiply-add per thread per step. On Ascend the same loop, translated element by element, would run on the vector unit, while matrix multiplication has its own unit: the Cube unit does 16×16×16 half (or bfloat16) multiply-adds per cycle per core on 910B (4096 MACs), 16×16×32 for int8, 16×16×4 for float. Its operands go GM → L1 → L0A/L0B in fractal layouts and results accumulate in L0C. The Matmul high-level API (\`AscendC::Matmul\`, with host tiling from \`MultiCoreMatmulTiling\`) drives this path on 910B, 310P and 950; the first-generation 910 (910A) has no Matmul API and needs the basic \`LoadData\`/\`Mmad\`/\`Fixpipe\` path. A GEMV (one output column) would leave 15 of the Cube's 16 columns idle: on Ascend it is a vector multiply and reduce.

## Example
\`\`\`cuda
__global__ void sgemm(const float* a, const float* b, float* c, int M, int N, int K) {
  int i = blockIdx.y * blockDim.y + threadIdx.y;
  int j = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= M || j >= N) return;
  float acc = 0.0f;
  for (int k = 0; k < K; ++k) acc += a[i * K + k] * b[k * N + j];
  c[i * N + j] = acc;
}
\`\`\`

## Use instead
A Cube kernel with the Matmul API: \`MatmulType\` for A, B and C, \`REGIST_MATMUL_OBJ(&pipe, GetSysWorkSpacePtr(), mm, &tiling)\`, \`mm.SetTensorA(aGm)\`, \`mm.SetTensorB(bGm)\`, \`mm.IterateAll(cGm)\`, \`mm.End()\`, with a \`TCubeTiling\` from \`MultiCoreMatmulTiling::GetTiling\` on the host. Prefer half or bfloat16 inputs with float accumulation: float × float runs at a quarter of the half rate.
`,
  check(ctx) {
    const fns = ctx.facts.functions().filter((f) => isDeviceFunction(f) && f.bodySpan);
    if (!fns.length) return;
    const masked = ctx.facts.maskedText;
    const matmul = SOC_FACTS[ctx.target.soc].matmulApi;
    for (const fn of fns) {
      // A product the finding would point into this function needs a loop in it (the K loop), a
      // `wmma`/`mma` call or inline PTX (which may stand alone): without any, the detector's site,
      // if any, is in a helper the function calls, which gets its own finding. Skipped before the
      // detector's cache key is even computed (the common case on every keystroke).
      const inFn = (a: { span: Span }) => a.span.start >= fn.span.start && a.span.end <= fn.span.end;
      if (!fn.loops.length && !/mma/.test(ctx.text.slice(fn.bodySpan!.start, fn.bodySpan!.end)) && !ctx.facts.asm().some(inFn)) continue;
      // The one detector: the estimates and the port classifier read the same description.
      const g = detectGemm(ctx.facts, fn);
      if (!g) continue;
      // A kernel whose product is in a `__device__` helper it calls: the helper's finding says it.
      if (g.site && (g.site.start < fn.span.start || g.site.end > fn.span.end)) continue;
      const site = g.site ?? fn.nameSpan;
      const span = g.site && /^for\b/.test(masked.slice(site.start, site.start + 3)) ? headerSpan(masked, site) : g.site ? { start: site.start, end: Math.min(site.end, site.start + 3) } : fn.nameSpan;
      const ext = (e: typeof g.m) => (e.kind === 'launch' ? `${e.expr} (launch)` : e.expr);
      const shape = `M × N × K = ${ext(g.m)} × ${ext(g.n)} × ${ext(g.k)}`;
      const what = g.form === 'mma' ? 'a matrix product with inline-PTX `mma` (operands in registers: M, N, K not read)' : g.form === 'gemv' ? `a matrix-vector product (GEMV, ${shape})` : g.form === 'wmma' ? `a matrix product on tensor-core fragments (${g.form}, ${shape})` : `a matrix product (${g.form} GEMM, ${shape})`;
      ctx.report({
        span,
        message:
          g.form === 'gemv'
            ? `\`${fn.name}\` computes ${what}; on ${ctx.target.soc} a GEMV runs on the vector unit (multiply and reduce): the Cube unit would be mostly idle with one column`
            : matmul
              ? `\`${fn.name}\` computes ${what}; on ${ctx.target.soc} matrix multiplication belongs on the Cube unit through the Matmul high-level API`
              : `\`${fn.name}\` computes ${what}; ${ctx.target.soc} has no Matmul high-level API: use the Cube unit through LoadData/Mmad/Fixpipe`,
      });
    }
  },
});

/** `for (...)`: from the keyword to the parenthesis that closes the header. */
function headerSpan(masked: string, loop: Span): Span {
  const open = masked.indexOf('(', loop.start);
  let depth = 0;
  for (let i = open; i >= 0 && i < loop.end; i++) {
    if (masked[i] === '(') depth++;
    else if (masked[i] === ')' && --depth === 0) return { start: loop.start, end: i + 1 };
  }
  return { start: loop.start, end: loop.start + 3 };
}
