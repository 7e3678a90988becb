import { defineRule } from './rule';

const HOST = new Set(['cudaHostRegister', 'cudaHostUnregister', 'cudaHostGetDevicePointer', 'cudaHostGetFlags']);

export default defineRule({
  code: 'ASC523',
  name: 'cuda-host-register',
  family: 'host-runtime',
  effort: 'high',
  summary: 'Pinning existing host memory and zero-copy device pointers',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags \`cudaHostRegister\`, \`cudaHostUnregister\`, \`cudaHostGetDevicePointer\` and \`cudaHostGetFlags\`: page-locking memory the program already owns and mapping host memory into the device address space (zero-copy).

## Why is this a problem on Ascend
No API to register existing host memory or to obtain a device pointer for host memory was found in the ACL reference. Page-locked host memory comes only from \`aclrtMallocHost(void** hostPtr, size_t size)\`, and the ACL header notes that the device cannot use it directly: it must be copied with \`aclrtMemcpy\` / \`aclrtMemcpyAsync\`. Kernels that read host memory through a mapped pointer need a device buffer and explicit copies.

## Example
\`\`\`cuda
float* map(float* h, size_t bytes) {
  float* d = nullptr;
  cudaHostRegister(h, bytes, cudaHostRegisterMapped);
  cudaHostGetDevicePointer((void**)&d, h, 0);
  return d;
}
\`\`\`

## Use instead
\`\`\`cpp
float* map(const float* h, size_t bytes) {
  float* d = nullptr;
  aclrtMalloc((void**)&d, bytes, ACL_MEM_MALLOC_HUGE_FIRST);
  aclrtMemcpy(d, bytes, h, bytes, ACL_MEMCPY_HOST_TO_DEVICE);
  return d;
}
\`\`\`
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(HOST)) {
      ctx.report({
        span: call.nameSpan,
        message: `\`${call.name}\` has no equivalent on ${ctx.target.soc}: existing host memory cannot be pinned or mapped for the device, so copy it into an \`aclrtMalloc\` buffer with \`aclrtMemcpy\``,
      });
    }
  },
});
