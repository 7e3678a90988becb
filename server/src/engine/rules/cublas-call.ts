import { SOC_FACTS } from '../target';
import { defineRule } from './rule';
import { rowAdvice, tableCalls } from './support/names';

const GEMM = /^cublas(?:Lt)?(?:[SDCZHG]gemm|Gemm|Matmul)/;

export default defineRule({
  code: 'ASC701',
  name: 'cublas-call',
  family: 'libraries',
  effort: 'high',
  summary: 'cuBLAS / cuBLASLt calls',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags calls whose name starts with \`cublas\` (cuBLAS and cuBLASLt).

## Why is this a problem on Ascend
cuBLAS does not exist on Ascend. Matrix multiplication belongs on the Cube unit, through the Matmul high-level API (\`AscendC::Matmul\` in a kernel, with host tiling from \`matmul_tiling::MultiCoreMatmulTiling\`); the Matmul API is not available on 910A, which needs the basic \`LoadData\`/\`Mmad\` path. This tool does not name a host-side BLAS library for Ascend, because the reference it relies on documents none; check the CANN operator libraries for your version. Handles, streams and pointer modes go away with the library.

## Example
\`\`\`cuda
#include <cublas_v2.h>
void gemm(cublasHandle_t h, int m, int n, int k, const float* a, const float* b, float* c) {
  const float one = 1.0f, zero = 0.0f;
  cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k, &one, a, m, b, k, &zero, c, m);
}
\`\`\`

## Use instead
A Matmul kernel: \`MatmulType\` for A, B and C, \`REGIST_MATMUL_OBJ\`, \`SetTensorA\`, \`SetTensorB\`, \`IterateAll\`, \`End\`, with a \`TCubeTiling\` from \`MultiCoreMatmulTiling::GetTiling\` on the host (snippets \`asc-matmul\` and \`asc-matmul-tiling\`).
`,
  scope: 'declaration',
  check(ctx) {
    const matmul = SOC_FACTS[ctx.target.soc].matmulApi;
    // Names and the non-GEMM text: the CUDA-name table (rules/names/libraries.ts).
    for (const { call, row } of tableCalls(ctx, 'ASC701', { skipOwn: true })) {
      const gemm = GEMM.test(call.name);
      ctx.report({
        span: call.nameSpan,
        severity: gemm && !matmul ? 'error' : undefined,
        message: gemm
          ? matmul
            ? `\`${call.name}\` is a GEMM: on ${ctx.target.soc} write a Cube kernel with the Matmul high-level API (AscendC::Matmul + MultiCoreMatmulTiling)`
            : `\`${call.name}\` is a GEMM, and ${ctx.target.soc} has no Matmul high-level API: use the basic LoadData/Mmad cube path`
          : `\`${call.name}\`: ${rowAdvice(row, ctx)}`,
      });
    }
  },
});
