import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC539',
  name: 'driver-memory',
  family: 'host-runtime',
  effort: 'medium',
  summary: "CUDA driver memory allocation (`cuMemAlloc`, `cuMemFree`, `cuMemAllocHost`, `cuMemGetInfo`)",
  fixAvailability: 'sometimes',
  severity: () => 'warning',
  docs: `
## What it does
Flags driver allocations and their queries: \`cuMemAlloc\`, \`cuMemFree\`, \`cuMemAllocHost\`, \`cuMemHostAlloc\`, \`cuMemFreeHost\`, \`cuMemAllocPitch\`, \`cuMemGetInfo\` and \`cuMemGetAddressRange\`.

## Why is this a problem on Ascend
Device memory is \`aclrtMalloc(void** devPtr, size_t size, aclrtMemMallocPolicy policy)\` and \`aclrtFree(void*)\`; host memory \`aclrtMallocHost\`/\`aclrtFreeHost\`, which kernels cannot read directly. A \`CUdeviceptr\` is an integer, an ACL device pointer a \`void*\`. There is no pitched allocation.

## Example
\`\`\`cuda
#include <cuda.h>
void alloc(CUdeviceptr* p, size_t n) { cuMemAlloc(p, n); }
\`\`\`

## Use instead
\`void* p = nullptr; aclrtMalloc(&p, n, ACL_MEM_MALLOC_HUGE_FIRST); … aclrtFree(p);\`

## Fix safety
\`cuMemAlloc(&p, n)\` becomes \`aclrtMalloc(reinterpret_cast<void**>(&p), n, ACL_MEM_MALLOC_HUGE_FIRST)\` and \`cuMemFree(p)\` becomes \`aclrtFree(reinterpret_cast<void*>(p))\`: unsafe, because the variable stays a \`CUdeviceptr\` until you change its type to \`void*\`. \`cuMemFreeHost(p)\` becomes \`aclrtFreeHost(p)\` (safe).
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC539');
  },
});
