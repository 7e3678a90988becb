import { defineRule } from './rule';
import { runtimeFixes } from './support/runtime-fix';

const HOST = 'cudaFreeHost';
/** `cudaFree(0)` is the CUDA idiom that forces context creation, not a release. */
const NULL_ARG = /^(?:0|0x0|NULL|nullptr|\(\s*void\s*\*\s*\)\s*0)$/;

export default defineRule({
  code: 'ASC503',
  name: 'cuda-free',
  family: 'host-runtime',
  effort: 'low',
  summary: '`cudaFree` / `cudaFreeHost` releases',
  fixAvailability: 'sometimes',
  severity: () => 'information',
  docs: `
## What it does
Flags calls to \`cudaFree(devPtr)\` and \`cudaFreeHost(hostPtr)\`, including the \`cudaFree(0)\` idiom that CUDA code uses to create the context early.

## Why is this a problem on Ascend
The CUDA runtime does not exist on Ascend. The ACL runtime releases device memory with \`aclrtFree(void* devPtr)\` (memory from \`aclrtMalloc\`) and page-locked host memory with \`aclrtFreeHost(void* hostPtr)\` (memory from \`aclrtMallocHost\`). Both return \`aclError\` (\`ACL_SUCCESS\` on success) instead of \`cudaError_t\`. \`cudaFree(0)\` frees nothing: on Ascend the context comes from \`aclInit(nullptr)\` once per process and \`aclrtSetDevice(deviceId)\`.

## Example
\`\`\`cuda
void release(float* d_x, float* h_x) {
  cudaFree(d_x);
  cudaFreeHost(h_x);
}
\`\`\`

## Use instead
\`\`\`cpp
void release(float* d_x, float* h_x) {
  aclrtFree(d_x);
  aclrtFreeHost(h_x);
}
\`\`\`

## Fix safety
The fix renames the callee when the call has exactly one argument that is not a null literal; the pointer is passed unchanged and the release behaves the same, provided the memory was allocated by the matching ACL call. Code that stores or compares the result as a \`cudaError_t\` still needs the error-handling rewrite. \`cudaFree(0)\` gets no fix: it must become ACL initialisation, not a call.
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(new Set(['cudaFree', HOST]))) {
      const host = call.name === HOST;
      const acl = host ? 'aclrtFreeHost' : 'aclrtFree';
      const [ptr] = call.args;
      if (!host && ptr && NULL_ARG.test(ptr.text.trim())) {
        ctx.report({
          span: call.nameSpan,
          message: `\`cudaFree(${ptr.text})\` only initialises the CUDA context, which does not exist on ${ctx.target.soc}: initialise ACL with \`aclInit(nullptr)\` and \`aclrtSetDevice(deviceId)\` instead`,
        });
        continue;
      }
      const fixes = runtimeFixes(call);
      ctx.report({
        span: call.nameSpan,
        message: host
          ? `\`cudaFreeHost\` does not exist on ${ctx.target.soc}: release page-locked host memory with \`aclrtFreeHost(void* hostPtr)\``
          : `\`cudaFree\` does not exist on ${ctx.target.soc}: release device memory with \`aclrtFree(void* devPtr)\``,
        fixes,
      });
    }
  },
});
