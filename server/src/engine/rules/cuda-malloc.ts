import { defineRule } from './rule';
import { runtimeFixes } from './support/runtime-fix';

export default defineRule({
  code: 'ASC501',
  name: 'cuda-malloc',
  family: 'host-runtime',
  effort: 'low',
  summary: '`cudaMalloc` device allocation',
  fixAvailability: 'sometimes',
  severity: () => 'information',
  docs: `
## What it does
Flags calls to \`cudaMalloc(&ptr, bytes)\`.

## Why is this a problem on Ascend
The CUDA runtime does not exist on Ascend. The ACL runtime allocates device memory with \`aclError aclrtMalloc(void** devPtr, size_t size, aclrtMemMallocPolicy policy)\`, which needs an explicit allocation policy. It returns \`aclError\` (\`ACL_SUCCESS\` on success) instead of \`cudaError_t\`.

## Example
\`\`\`cuda
float* d_x;
cudaMalloc(&d_x, n * sizeof(float));
\`\`\`

## Use instead
\`\`\`cpp
float* d_x;
aclrtMalloc((void**)&d_x, n * sizeof(float), ACL_MEM_MALLOC_HUGE_FIRST);
\`\`\`
Free it with \`aclrtFree(d_x)\`. \`ACL_MEM_MALLOC_HUGE_FIRST\` is the policy the CANN samples use.

## Fix safety
The fix is safe when the call has exactly two arguments: only the callee, a \`(void**)\` cast and the policy argument change, and the allocation behaves the same. Code that compares the result with \`cudaSuccess\` still needs the error-handling rewrite.
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(new Set(['cudaMalloc']))) {
      const fixes = runtimeFixes(call);
      ctx.report({
        span: call.nameSpan,
        message: '`cudaMalloc` → `aclrtMalloc(devPtr, size, ACL_MEM_MALLOC_HUGE_FIRST)` in the ACL runtime',
        fixes,
      });
    }
  },
});
