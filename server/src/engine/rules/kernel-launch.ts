import { defineRule } from './rule';

export default defineRule({
  code: 'ASC001',
  name: 'kernel-launch',
  family: 'execution-model',
  effort: 'low',
  summary: 'CUDA kernel launch `<<<grid, block, smem, stream>>>`',
  fixAvailability: 'none',
  severity: () => 'information',
  docs: `
## What it does
Flags kernel launches written with the triple-chevron syntax \`kernel<<<grid, block, sharedBytes, stream>>>(args)\`.

## Why is this a problem on Ascend
Ascend C keeps the chevrons but changes their meaning: \`kernel<<<numBlocks, l2ctrl, stream>>>(args)\` takes a one-dimensional count of AI Cores, not a grid of thread blocks. There is no block size, because each core runs one instruction stream over vector tiles. The second argument is \`nullptr\` in CANN 8.x samples and the dynamic UB size in bytes in CANN 9.x. The kernel has to be rewritten so that each core loops over its share of the data, and the host has to compute that share (the tiling).

## Example
\`\`\`cuda
__global__ void scale(float* x, int n);

void run(float* x, int n, cudaStream_t s) {
  scale<<<(n + 255) / 256, 256, 0, s>>>(x, n);
}
\`\`\`

## Use instead
Launch about one block per physical core, \`scale<<<numBlocks, nullptr, stream>>>(x, n)\` with an \`aclrtStream\`, and pass the per-core length, the tile length and the tail as arguments or in a tiling struct. A dynamic shared-memory size has no launch-time counterpart on CANN 8.x; size UB statically with \`TPipe::InitBuffer\`. Flatten 2-D and 3-D grids into one core index.
`,
  check(ctx) {
    for (const launch of ctx.facts.launches()) {
      const notes: string[] = [];
      const [grid, block, smem] = launch.config;
      if ((grid && /\bdim3\b|\{/.test(grid.text)) || (block && /\bdim3\b|\{/.test(block.text))) notes.push('flatten the dim3 configuration into one core count');
      if (smem && smem.text !== '0') notes.push(`dynamic shared memory (${smem.text}) must become a static UB budget`);
      ctx.report({
        span: launch.configSpan,
        severity: notes.length ? 'warning' : undefined,
        message:
          `launch of \`${launch.kernel}\`: Ascend C launches take a 1-D core count, not grid × block; ` +
          (notes.length ? notes.join('; ') : 'launch ~one block per AI Core and tile the data on the host'),
      });
    }
  },
});
