import { defineRule } from './rule';

export default defineRule({
  code: 'ASC103',
  name: 'constant-memory',
  family: 'memory',
  effort: 'medium',
  summary: '`__constant__` variables',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags variables declared \`__constant__\`.

## Why is this a problem on Ascend
No constant memory space or cache was found in the Ascend C API reference, and \`cudaMemcpyToSymbol\` has no ACL counterpart. Read-only data reaches the kernel either as kernel arguments (scalars or a POD tiling struct passed by value) or from global memory.

## Example
\`\`\`cuda
__constant__ float kWeights[16];

__global__ void weigh(float* x) {
  x[threadIdx.x] *= kWeights[threadIdx.x % 16];
}
\`\`\`

## Use instead
Pass small constants as kernel arguments or in the tiling struct; put larger tables in global memory, copy them into UB with \`DataCopy\`, and read them there.
`,
  check(ctx) {
    for (const e of ctx.facts.lensEdits()) {
      const constant = (e.kind === 'qualifier' && e.name === 'constant') || (e.kind === 'macro' && e.qualifiers?.includes('constant'));
      if (!constant) continue;
      ctx.report({
        span: { start: e.start, end: e.end },
        message: `\`__constant__\` memory has no equivalent on ${ctx.target.soc}: pass small constants as kernel arguments or a tiling struct, or copy a table from global memory into UB`,
      });
    }
  },
});
