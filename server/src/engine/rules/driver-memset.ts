import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC541',
  name: 'driver-memset',
  family: 'host-runtime',
  effort: 'medium',
  summary: "CUDA driver fills (`cuMemsetD8`, `cuMemsetD16`, `cuMemsetD32`, 2-D and `Async` forms)",
  fixAvailability: 'sometimes',
  severity: () => 'warning',
  docs: `
## What it does
Flags \`cuMemsetD8\`, \`cuMemsetD16\`, \`cuMemsetD32\`, their 2-D forms and their \`Async\` forms.

## Why is this a problem on Ascend
\`aclrtMemset(devPtr, maxCount, value, count)\` fills bytes. A 16- or 32-bit pattern (a float 1.0f, an index) is not a repeated byte: it needs a small kernel that fills a UB tile with \`Duplicate\` and copies it out with \`DataCopy\`.

## Example
\`\`\`cuda
#include <cuda.h>
void clear(CUdeviceptr d, size_t n) { cuMemsetD32(d, 0x3f800000u, n); }
\`\`\`

## Use instead
\`aclrtMemset(d, bytes, 0, bytes);\` for byte values; a fill kernel (\`Duplicate\` then \`DataCopy\`) for wider patterns.

## Fix safety
\`cuMemsetD8(d, v, n)\` becomes \`aclrtMemset(reinterpret_cast<void*>(d), n, v, n)\` (and the \`Async\` form with its stream): unsafe, because the \`CUdeviceptr\` must become a \`void*\`. Wider fills are not rewritten.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC541');
  },
});
