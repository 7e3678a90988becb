import { runtimeFixes } from './support/runtime-fix';
import { defineRule } from './rule';

export default defineRule({
  code: 'ASC504',
  name: 'cuda-malloc-host',
  family: 'host-runtime',
  effort: 'low',
  summary: '`cudaMallocHost` / `cudaHostAlloc` page-locked host allocation',
  fixAvailability: 'sometimes',
  severity: () => 'information',
  docs: `
## What it does
Flags calls to \`cudaMallocHost(&ptr, bytes)\` and \`cudaHostAlloc(&ptr, bytes, flags)\`. A \`cudaHostAlloc\` with \`cudaHostAllocMapped\` (zero-copy memory the kernel reads directly) is reported as an error; other flags as a warning, because they are dropped.

## Why is this a problem on Ascend
The ACL runtime allocates page-locked host memory with \`aclError aclrtMallocHost(void** hostPtr, size_t size)\` and releases it with \`aclrtFreeHost(void* hostPtr)\`. The ACL header notes that this memory cannot be used by the device directly: it must be copied to device memory explicitly with \`aclrtMemcpy\`. No zero-copy (mapped) host memory was found in the ACL reference, and \`aclrtMallocHost\` takes no flags.

## Example
\`\`\`cuda
float* h_x;
cudaMallocHost(&h_x, n * sizeof(float));
\`\`\`

## Use instead
\`\`\`cpp
float* h_x;
aclrtMallocHost((void**)&h_x, n * sizeof(float));
\`\`\`
Kernels never read \`h_x\`: copy it into an \`aclrtMalloc\` buffer first.

## Fix safety
The fix rewrites the call to \`aclrtMallocHost((void**)ptr, size)\` and drops any flags. It is unsafe: ACL host memory cannot be read by kernels, so code that passed pinned host pointers to kernels must copy them to device memory. Mapped (zero-copy) allocations get no fix.
`,
  scope: 'declaration',
  check(ctx) {
    const soc = ctx.target.soc;
    for (const call of ctx.facts.callsTo(new Set(['cudaMallocHost', 'cudaHostAlloc']))) {
      const flags = call.args[2]?.text ?? '';
      if (/\bcudaHostAllocMapped\b/.test(flags)) {
        ctx.report({
          span: call.nameSpan,
          severity: 'error',
          message: `mapped (zero-copy) host memory has no equivalent on ${soc}: allocate device memory with \`aclrtMalloc\` and copy it with \`aclrtMemcpy\``,
        });
        continue;
      }
      const dropped = flags !== '' && !/^(?:0|cudaHostAllocDefault|cudaHostRegisterDefault)$/.test(flags.trim());
      ctx.report({
        span: call.nameSpan,
        severity: dropped ? 'warning' : undefined,
        fixes: runtimeFixes(call),
        message: dropped
          ? `\`${call.name}\` flags (${flags}) have no counterpart on ${soc}: \`aclrtMallocHost(void** hostPtr, size_t size)\` takes no flags and its memory is not device-accessible`
          : `\`${call.name}\` does not exist on ${soc}: use \`aclrtMallocHost(void** hostPtr, size_t size)\`, whose memory the device cannot access directly (copy it with \`aclrtMemcpy\`)`,
      });
    }
  },
});
