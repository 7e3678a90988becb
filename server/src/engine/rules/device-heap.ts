import { defineRule } from './rule';
import { deviceCallsTo, matchesInDeviceCode } from './support/device-code';

export default defineRule({
  code: 'ASC603',
  name: 'device-heap',
  family: 'low-level',
  effort: 'medium',
  summary: '`malloc`/`free`/`new`/`delete` in device code',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags dynamic allocation in device functions: \`malloc\`, \`free\`, \`new\` and \`delete\`.

## Why is this a problem on Ascend
Ascend C device code has no heap: \`malloc\`, \`new\` and \`free\` are not supported in kernels. On-chip memory is laid out by \`TPipe::InitBuffer\`, and global memory is allocated by the host.

## Example
\`\`\`cuda
__global__ void scratch(int n, float* out) {
  float* tmp = (float*)malloc(n * sizeof(float));
  tmp[0] = 1.0f;
  out[0] = tmp[0];
  free(tmp);
}
\`\`\`

## Use instead
Size scratch space on the host: a UB buffer through \`TPipe::InitBuffer\` on a \`TBuf\`, or a global-memory workspace allocated with \`aclrtMalloc\` and passed to the kernel.
`,
  check(ctx) {
    for (const { call, fn } of deviceCallsTo(ctx, ['malloc', 'free', 'realloc', 'calloc'])) {
      ctx.report({ span: call.nameSpan, message: `\`${call.name}\` in device function \`${fn.name}\`: ${ctx.target.soc} kernels have no heap; size buffers on the host (TPipe::InitBuffer, aclrtMalloc workspace)` });
    }
    for (const m of matchesInDeviceCode(ctx, /\b(?:new|delete)\b(?!\s*\()/g)) {
      ctx.report({ span: m.span, message: `\`${m.text}\` in device function \`${m.fn.name}\`: ${ctx.target.soc} kernels have no heap; size buffers on the host` });
    }
  },
});
