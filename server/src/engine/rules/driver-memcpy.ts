import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC540',
  name: 'driver-memcpy',
  family: 'host-runtime',
  effort: 'medium',
  summary: "CUDA driver copies (`cuMemcpyHtoD`, `cuMemcpyDtoH`, `cuMemcpyDtoD`, their `Async` forms, 2-D/3-D/array/peer copies)",
  fixAvailability: 'sometimes',
  severity: () => 'warning',
  docs: `
## What it does
Flags the driver API's copies: \`cuMemcpy\`, \`cuMemcpyHtoD\`, \`cuMemcpyDtoH\`, \`cuMemcpyDtoD\`, their \`Async\` forms, \`cuMemcpy2D\`, \`cuMemcpy3D\`, the array copies (\`cuMemcpyAtoH\`, …), peer and batch copies.

## Why is this a problem on Ascend
ACL copies are \`aclrtMemcpy(dst, destMax, src, count, kind)\` and \`aclrtMemcpyAsync(…, kind, stream)\`: the direction is an explicit \`ACL_MEMCPY_*\` kind and the capacity of the destination is an extra argument. \`aclrtMemcpy2d\` exists but its arguments are not in the reference; there are no 3-D, array or peer copies.

## Example
\`\`\`cuda
#include <cuda.h>
void up(CUdeviceptr d, const float* h, size_t n) { cuMemcpyHtoD(d, h, n * sizeof(float)); }
\`\`\`

## Use instead
\`aclrtMemcpy(d, bytes, h, bytes, ACL_MEMCPY_HOST_TO_DEVICE);\` with \`d\` a \`void*\` from \`aclrtMalloc\`.

## Fix safety
The one-dimensional copies are rewritten with the kind their name implies (\`HtoD\` → \`ACL_MEMCPY_HOST_TO_DEVICE\`, plain \`cuMemcpy\` → \`ACL_MEMCPY_DEFAULT\`), destMax set to the count and device pointers cast to \`void*\`: unsafe, because the \`CUdeviceptr\` variables must become \`void*\` and asynchronous copies need an \`aclrtStream\`.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC540');
  },
});
