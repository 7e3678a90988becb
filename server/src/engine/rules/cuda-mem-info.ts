import { defineRule } from './rule';

export default defineRule({
  code: 'ASC522',
  name: 'cuda-mem-info',
  family: 'host-runtime',
  effort: 'low',
  summary: '`cudaMemGetInfo` free / total device memory',
  fixAvailability: 'none',
  severity: () => 'information',
  docs: `
## What it does
Flags calls to \`cudaMemGetInfo(&free, &total)\`.

## Why is this a problem on Ascend
The ACL runtime reports memory with \`aclrtGetMemInfo(aclrtMemAttr attr, size_t* free, size_t* total)\`, which takes a first argument selecting the kind of memory to report (an \`aclrtMemAttr\` value; pick the device-memory one from your CANN \`acl_rt.h\`, since the reference does not list the values).

## Example
\`\`\`cuda
size_t headroom() {
  size_t free_b = 0, total_b = 0;
  cudaMemGetInfo(&free_b, &total_b);
  return free_b;
}
\`\`\`

## Use instead
\`aclrtGetMemInfo(attr, &free_b, &total_b)\` with the \`aclrtMemAttr\` for device memory.
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(new Set(['cudaMemGetInfo']))) {
      ctx.report({
        span: call.nameSpan,
        message: `\`cudaMemGetInfo\` does not exist on ${ctx.target.soc}: use \`aclrtGetMemInfo(aclrtMemAttr attr, size_t* free, size_t* total)\`, which first takes the kind of memory to report`,
      });
    }
  },
});
