import { defineRule } from './rule';

export default defineRule({
  code: 'ASC003',
  name: 'grid-stride-loop',
  family: 'execution-model',
  effort: 'low',
  summary: 'Grid-stride loops (`i += blockDim.x * gridDim.x`)',
  fixAvailability: 'none',
  severity: () => 'information',
  docs: `
## What it does
Flags loops in kernels that step by \`blockDim.x * gridDim.x\`, directly or through a stride variable.

## Why is this a problem on Ascend
It is the easiest pattern to port: each core already loops over its share of the data. On Ascend C the share is contiguous rather than interleaved: core \`GetBlockIdx()\` takes one block of \`n / GetBlockNum()\` elements and walks it tile by tile, so that every copy moves a contiguous, 32-byte-aligned tile.

## Example
\`\`\`cuda
__global__ void saxpy(int n, float a, const float* x, float* y) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
    y[i] = a * x[i] + y[i];
}
\`\`\`

## Use instead
A per-core tile loop: compute \`blockLength\` and \`tileLength\` on the host, then in the kernel \`for (i = 0; i < tiles; ++i) { CopyIn(i); Compute(i); CopyOut(i); }\` with double-buffered queues.
`,
  check(ctx) {
    for (const f of ctx.facts.functions()) {
      if (f.kind !== 'global') continue;
      for (const loop of f.loops) {
        if (!loop.gridStride) continue;
        ctx.report({
          span: { start: loop.span.start, end: loop.span.start + (loop.kind === 'do' ? 2 : loop.kind === 'for' ? 3 : 5) },
          message: `grid-stride loop in \`${f.name}\`: on ${ctx.target.soc} give each core a contiguous block and loop over its tiles`,
        });
      }
    }
  },
});
