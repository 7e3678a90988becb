import { SOC_FACTS } from '../target';
import type { Span } from '../types';
import { defineRule } from './rule';
import { isDeviceFunction } from './support/device-code';

/** A subscripted operand: `a[i * K + k]`, `As[ty][k]`, `s.a[k][j]`. */
const OPERAND = String.raw`([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)?)\s*((?:\[[^\[\]]*\]\s*)+)`;
const PRODUCT = new RegExp(`(?<![\\w.>])${OPERAND}\\*\\s*${OPERAND}`, 'g');
const FMA = new RegExp(`\\b(?:fmaf?|__fmaf_r[nzud]|__fma_r[nzud])\\s*\\(\\s*${OPERAND},\\s*${OPERAND},`, 'g');

export default defineRule({
  code: 'ASC709',
  name: 'gemm-loop',
  family: 'libraries',
  effort: 'high',
  summary: 'Hand-written matrix-multiply loop in a kernel (`acc += a[i*K + k] * b[k*N + j]`)',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].matmulApi ? 'information' : 'warning'),
  docs: `
## What it does
Flags \`for\` loops in kernels and device functions whose loop variable \`k\` indexes both factors of an accumulated product, where each factor is a matrix element (its subscript also uses another index, or it has two subscripts): \`acc += a[i * K + k] * b[k * N + j]\`, \`acc += As[ty][k] * Bs[k][tx]\`, \`acc = fmaf(a[...k...], b[...k...], acc)\`. Dot products of two vectors (\`x[k] * y[k]\`) and matrix-vector products with a plain \`x[k]\` are not flagged. Loops in host code (CPU reference GEMMs) are not flagged.

## Why is this a problem on Ascend
A GEMM written as a loop nest runs on the CUDA cores one multiply-add per thread per step. On Ascend the same loop, translated element by element, would run on the vector unit, while matrix multiplication has its own unit: the Cube unit does 16×16×16 half (or bfloat16) multiply-adds per cycle per core on 910B (4096 MACs), 16×16×32 for int8, 16×16×4 for float. Its operands go GM → L1 → L0A/L0B in fractal layouts and results accumulate in L0C. The Matmul high-level API (\`AscendC::Matmul\`, with host tiling from \`MultiCoreMatmulTiling\`) drives this path on 910B, 310P and 950; the first-generation 910 (910A) has no Matmul API and needs the basic \`LoadData\`/\`Mmad\`/\`Fixpipe\` path. A convolution's inner loop matches the same pattern; on Ascend it too belongs on the Cube unit.

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
    const fns = ctx.facts.functions().filter((f) => isDeviceFunction(f) && f.loops.some((l) => l.kind === 'for'));
    if (!fns.length) return;
    const masked = ctx.facts.maskedText;
    const matmul = SOC_FACTS[ctx.target.soc].matmulApi;
    for (const fn of fns) {
      for (const loop of fn.loops) {
        if (loop.kind !== 'for') continue;
        const k = loopVariable(loop.header);
        if (!k) continue;
        const text = masked.slice(loop.span.start, loop.span.end);
        if (!accumulatesMatrixProduct(text, k)) continue;
        ctx.report({
          span: headerSpan(masked, loop.span),
          message: matmul
            ? `this loop over \`${k}\` accumulates a matrix product (GEMM or convolution) in \`${fn.name}\`; on ${ctx.target.soc} matrix multiplication belongs on the Cube unit through the Matmul high-level API`
            : `this loop over \`${k}\` accumulates a matrix product (GEMM or convolution) in \`${fn.name}\`; ${ctx.target.soc} has no Matmul high-level API: use the Cube unit through LoadData/Mmad/Fixpipe`,
        });
      }
    }
  },
});

/** `for (int k = 0; ...)` -> `k`. */
function loopVariable(header: string): string | undefined {
  const init = /^for\s*\(([^;]*);/.exec(header)?.[1];
  return init ? /([A-Za-z_]\w*)\s*=(?!=)/.exec(init)?.[1] : undefined;
}

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

/** Both factors use `k` and are matrix elements (another index, or two subscripts). */
function matrixPair(k: string, subsA: string, subsB: string): boolean {
  const uses = new RegExp(`\\b${k}\\b`);
  const matrix = (subs: string) => (subs.match(/\[/g)?.length ?? 0) > 1 || (subs.match(/[A-Za-z_]\w*/g) ?? []).some((id) => id !== k);
  return uses.test(subsA) && uses.test(subsB) && matrix(subsA) && matrix(subsB);
}

function accumulatesMatrixProduct(text: string, k: string): boolean {
  PRODUCT.lastIndex = 0;
  for (let m = PRODUCT.exec(text); m; m = PRODUCT.exec(text)) {
    if (!matrixPair(k, m[2]!, m[4]!)) continue;
    let s = m.index;
    while (s > 0 && !';{}'.includes(text[s - 1]!)) s--;
    const before = text.slice(s, m.index);
    // `acc += ... a*b`, `c[i][j] += a*b`, `acc = acc + a*b`.
    if (/\+=/.test(before) || /([A-Za-z_]\w*)\s*=\s*\1\s*\+/.test(before)) return true;
  }
  FMA.lastIndex = 0;
  for (let m = FMA.exec(text); m; m = FMA.exec(text)) {
    if (matrixPair(k, m[2]!, m[4]!)) return true;
  }
  return false;
}
