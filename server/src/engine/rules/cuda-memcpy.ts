import { defineRule } from './rule';
import { runtimeFixes } from './support/runtime-fix';

export default defineRule({
  code: 'ASC502',
  name: 'cuda-memcpy',
  family: 'host-runtime',
  effort: 'low',
  summary: '`cudaMemcpy` / `cudaMemcpyAsync` copies',
  fixAvailability: 'sometimes',
  severity: () => 'information',
  docs: `
## What it does
Flags calls to \`cudaMemcpy(dst, src, count, kind)\` and \`cudaMemcpyAsync(dst, src, count, kind, stream)\`.

## Why is this a problem on Ascend
The ACL runtime copies with \`aclError aclrtMemcpy(void* dst, size_t destMax, const void* src, size_t count, aclrtMemcpyKind kind)\`. It takes an extra \`destMax\` argument, the capacity of the destination, and its own copy-kind constants (\`ACL_MEMCPY_HOST_TO_DEVICE\` and so on). The asynchronous form \`aclrtMemcpyAsync(dst, destMax, src, count, kind, stream)\` needs an \`aclrtStream\`; device-to-device async copies on chip need 64-byte aligned pointers.

## Example
\`\`\`cuda
cudaMemcpy(d_x, h_x, bytes, cudaMemcpyHostToDevice);
\`\`\`

## Use instead
\`\`\`cpp
aclrtMemcpy(d_x, bytes, h_x, bytes, ACL_MEMCPY_HOST_TO_DEVICE);
\`\`\`

## Fix safety
The fix passes \`count\` as \`destMax\`, which asserts that the destination holds at least \`count\` bytes, as the CUDA call already assumed. It is safe for \`cudaMemcpy\` with a literal copy kind. For \`cudaMemcpyAsync\` it is unsafe: the stream must become an \`aclrtStream\`, and a call without a stream (CUDA's default stream) gets a \`TODO(ascend-port)\` to supply one.
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(new Set(['cudaMemcpy', 'cudaMemcpyAsync']))) {
      const isAsync = call.name === 'cudaMemcpyAsync';
      const fixes = runtimeFixes(call);
      ctx.report({
        span: call.nameSpan,
        message: isAsync
          ? '`cudaMemcpyAsync` → `aclrtMemcpyAsync(dst, destMax, src, count, kind, stream)`: note the extra destMax and the aclrtStream'
          : '`cudaMemcpy` → `aclrtMemcpy(dst, destMax, src, count, kind)`: note the extra destMax argument',
        fixes,
      });
    }
  },
});
