import { runtimeFixes } from './support/runtime-fix';
import { defineRule } from './rule';

export default defineRule({
  code: 'ASC505',
  name: 'cuda-memset',
  family: 'host-runtime',
  effort: 'low',
  summary: '`cudaMemset` / `cudaMemsetAsync` device memory fill',
  fixAvailability: 'sometimes',
  severity: () => 'information',
  docs: `
## What it does
Flags calls to \`cudaMemset(devPtr, value, count)\` and \`cudaMemsetAsync(devPtr, value, count, stream)\`. The 2-D and 3-D forms are reported by \`cuda-pitched-memory\`.

## Why is this a problem on Ascend
The ACL runtime fills device memory with \`aclrtMemset(void* devPtr, size_t maxCount, int32_t value, size_t count)\` and \`aclrtMemsetAsync(devPtr, maxCount, value, count, stream)\`. Like \`aclrtMemcpy\`, they take an extra \`maxCount\` argument (the capacity of the buffer) before the value, so the arguments move. The asynchronous form needs an \`aclrtStream\`.

## Example
\`\`\`cuda
cudaMemset(d_out, 0, n * sizeof(float));
\`\`\`

## Use instead
\`\`\`cpp
aclrtMemset(d_out, n * sizeof(float), 0, n * sizeof(float));
\`\`\`

## Fix safety
The fix passes \`count\` as \`maxCount\`, which asserts that the buffer holds at least \`count\` bytes, as the CUDA call already assumed. It is safe for \`cudaMemset\`. For \`cudaMemsetAsync\` it is unsafe: the stream must become an \`aclrtStream\`, and a call on the default stream gets a \`TODO(ascend-port)\` to supply one.
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(new Set(['cudaMemset', 'cudaMemsetAsync']))) {
      ctx.report({
        span: call.nameSpan,
        fixes: runtimeFixes(call),
        message:
          call.name === 'cudaMemsetAsync'
            ? `\`cudaMemsetAsync\` does not exist on ${ctx.target.soc}: use \`aclrtMemsetAsync(devPtr, maxCount, value, count, stream)\`, which adds the buffer capacity before the value and needs an aclrtStream`
            : `\`cudaMemset\` does not exist on ${ctx.target.soc}: use \`aclrtMemset(void* devPtr, size_t maxCount, int32_t value, size_t count)\`, which adds the buffer capacity before the value`,
      });
    }
  },
});
