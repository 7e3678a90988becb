import { defineRule } from './rule';

export default defineRule({
  code: 'ASC002',
  name: 'multi-dim-index',
  family: 'execution-model',
  effort: 'medium',
  summary: 'A kernel indexes a 2-D or 3-D grid or block (`threadIdx.y`, `blockIdx.z`, …)',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags each kernel that uses the \`y\` or \`z\` component of \`threadIdx\`, \`blockIdx\`, \`blockDim\` or \`gridDim\`, once per kernel, at the first such use.

## Why is this a problem on Ascend
An Ascend C launch is a one-dimensional count of cores, and a core has no threads. The 2-D or 3-D decomposition has to be flattened: each core gets a range of rows or tiles from \`GetBlockIdx()\` and \`GetBlockNum()\`, and loops over them, with the tile shape chosen so that copies are multiples of 32 bytes.

## Example
\`\`\`cuda
__global__ void add2d(const float* a, float* b, int w) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  b[y * w + x] += a[y * w + x];
}
\`\`\`

## Use instead
Flatten to rows or tiles: with \`rows\` rows per core, core \`GetBlockIdx()\` handles rows \`[idx * rows, (idx + 1) * rows)\`, copying each row (or a group of rows) into UB with \`DataCopy\` and computing on the whole row.
`,
  check(ctx) {
    for (const f of ctx.facts.functions()) {
      if (f.kind !== 'global') continue;
      const first = f.indexUses.find((u) => u.dim !== 'x');
      if (!first) continue;
      const dims = Math.max(...f.indexUses.map((u) => (u.dim === 'z' ? 3 : u.dim === 'y' ? 2 : 1)));
      ctx.report({
        span: first.span,
        message: `kernel \`${f.name}\` uses a ${dims}-D thread/block index; ${ctx.target.soc} launches a 1-D count of cores: flatten it into per-core row or tile ranges`,
      });
    }
  },
});
