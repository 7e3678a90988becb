import { defineRule } from './rule';

export default defineRule({
  code: 'ASC104',
  name: 'managed-variable',
  family: 'memory',
  effort: 'high',
  summary: '`__managed__` variables (unified memory)',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags variables declared \`__managed__\`.

## Why is this a problem on Ascend
A managed variable is visible to host and device at the same address, migrated on demand. No unified memory was found in the ACL runtime reference (\`cudaMallocManaged\` has no equivalent either), and host memory from \`aclrtMallocHost\` cannot be used by the device directly.

## Example
\`\`\`cuda
__managed__ int counter;

__global__ void bump() { counter += 1; }
\`\`\`

## Use instead
Keep a device buffer from \`aclrtMalloc\` and a host copy, and move the data explicitly with \`aclrtMemcpy\` (or \`aclrtMemcpyAsync\` on a stream) in both directions.
`,
  check(ctx) {
    for (const e of ctx.facts.lensEdits()) {
      const managed = (e.kind === 'qualifier' && e.name === 'managed') || (e.kind === 'macro' && e.qualifiers?.includes('managed'));
      if (!managed) continue;
      ctx.report({
        span: { start: e.start, end: e.end },
        message: `\`__managed__\` (unified) memory has no equivalent on ${ctx.target.soc}: keep separate host and device buffers and copy with aclrtMemcpy`,
      });
    }
  },
});
