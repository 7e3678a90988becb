import type { Severity } from '../types';
import { defineRule } from './rule';

const PITCHED: Readonly<Record<string, { use: string; severity: Severity }>> = {
  cudaMemcpy2D: { use: '`aclrtMemcpy2d(...)` exists in the ACL runtime, but its argument list is not confirmed in the reference: check it against your CANN `acl_rt.h`', severity: 'warning' },
  cudaMemcpy2DAsync: { use: '`aclrtMemcpy2d(...)` exists in the ACL runtime, but its argument list and an asynchronous form are not confirmed in the reference: check your CANN `acl_rt.h`', severity: 'warning' },
  cudaMemcpy3D: { use: 'no 3-D copy was found in the ACL reference; copy plane by plane (or row by row with `aclrtMemcpy`) or make the layout contiguous', severity: 'error' },
  cudaMemcpy3DAsync: { use: 'no 3-D copy was found in the ACL reference; copy plane by plane (or row by row with `aclrtMemcpyAsync`) or make the layout contiguous', severity: 'error' },
  cudaMemcpy3DPeer: { use: 'no 3-D or peer copy was found in the ACL reference; make the layout contiguous and copy it with `aclrtMemcpy`', severity: 'error' },
  cudaMemcpy3DPeerAsync: { use: 'no 3-D or peer copy was found in the ACL reference; make the layout contiguous and copy it with `aclrtMemcpyAsync`', severity: 'error' },
  cudaMallocPitch: { use: 'no pitched allocator was found in the ACL reference; choose the row pitch yourself and allocate `rows * pitch` bytes with `aclrtMalloc`', severity: 'warning' },
  cudaMalloc3D: { use: 'no pitched 3-D allocator was found in the ACL reference; choose the pitch yourself and allocate with `aclrtMalloc`', severity: 'warning' },
  cudaMemset2D: { use: 'no 2-D memset was found in the ACL reference; fill row by row with `aclrtMemset(devPtr, maxCount, value, count)` or fill the whole pitched buffer', severity: 'warning' },
  cudaMemset2DAsync: { use: 'no 2-D memset was found in the ACL reference; fill row by row with `aclrtMemsetAsync(devPtr, maxCount, value, count, stream)` or fill the whole pitched buffer', severity: 'warning' },
  cudaMemset3D: { use: 'no 3-D memset was found in the ACL reference; fill the whole buffer with `aclrtMemset(devPtr, maxCount, value, count)`', severity: 'warning' },
  cudaMemset3DAsync: { use: 'no 3-D memset was found in the ACL reference; fill the whole buffer with `aclrtMemsetAsync(devPtr, maxCount, value, count, stream)`', severity: 'warning' },
};

export default defineRule({
  code: 'ASC512',
  name: 'cuda-pitched-memory',
  family: 'host-runtime',
  effort: 'medium',
  summary: '2-D/3-D pitched allocation, copy and memset',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags the 2-D and 3-D memory calls: \`cudaMemcpy2D\`, \`cudaMemcpy2DAsync\`, \`cudaMemcpy3D\`, \`cudaMemcpy3DAsync\`, \`cudaMemcpy3DPeer\`(\`Async\`), \`cudaMallocPitch\`, \`cudaMalloc3D\`, \`cudaMemset2D\`(\`Async\`) and \`cudaMemset3D\`(\`Async\`). Copies to and from CUDA arrays belong to \`cuda-texture-api\`.

## Why is this a problem on Ascend
The ACL runtime has \`aclrtMemcpy2d(...)\`, but its argument list was not transcribed in the reference this tool relies on, so the 2-D copies are warnings: check the signature in your CANN \`acl_rt.h\`. No 3-D copy, pitched allocator or 2-D/3-D memset was found in the reference. The pitch, which CUDA chooses, must be chosen by the port: allocate \`rows * pitch\` bytes with \`aclrtMalloc\`, or drop the padding and use one contiguous copy with \`aclrtMemcpy(dst, destMax, src, count, kind)\`. 3-D copies are errors because they need a loop or a new layout.

## Example
\`\`\`cuda
void upload(float* d, size_t dpitch, const float* h, int w, int rows) {
  cudaMemcpy2D(d, dpitch, h, w * sizeof(float), w * sizeof(float), rows, cudaMemcpyHostToDevice);
}
\`\`\`

## Use instead
A contiguous layout needs one copy:
\`\`\`cpp
void upload(float* d, const float* h, int w, int rows) {
  size_t bytes = (size_t)w * rows * sizeof(float);
  aclrtMemcpy(d, bytes, h, bytes, ACL_MEMCPY_HOST_TO_DEVICE);
}
\`\`\`
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(new Set(Object.keys(PITCHED)))) {
      const m = PITCHED[call.name]!;
      ctx.report({ span: call.nameSpan, severity: m.severity, message: `\`${call.name}\` does not exist on ${ctx.target.soc}: ${m.use}` });
    }
  },
});
