import { defineRule } from './rule';

export default defineRule({
  code: 'ASC004',
  name: 'launch-bounds',
  family: 'execution-model',
  effort: 'low',
  summary: '`__launch_bounds__`, `__maxnreg__` and `__cluster_dims__` on kernels',
  fixAvailability: 'none',
  severity: () => 'information',
  docs: `
## What it does
Flags the occupancy hints \`__launch_bounds__(...)\` and \`__maxnreg__(...)\`, and thread-block clusters \`__cluster_dims__(...)\`.

## Why is this a problem on Ascend
There are no thread blocks or registers per thread to bound: a core runs one instruction stream, and the launch is a count of cores. The hints can be dropped. Clusters, which share distributed shared memory between blocks, have no counterpart; cores share data through global memory only, so a cluster is a warning.

## Example
\`\`\`cuda
__global__ void __launch_bounds__(256, 2) work(float* x) { x[threadIdx.x] = 0.0f; }
\`\`\`

## Use instead
Remove the hint; choose the number of cores at launch (\`<<<numBlocks, nullptr, stream>>>\`, about one per physical core) and size UB buffers through the tiling.
`,
  check(ctx) {
    for (const e of ctx.facts.lensEdits('qualifier')) {
      if (e.name !== 'launch_bounds' && e.name !== 'maxnreg' && e.name !== 'cluster_dims') continue;
      const cluster = e.name === 'cluster_dims';
      ctx.report({
        span: { start: e.start, end: e.end },
        severity: cluster ? 'warning' : undefined,
        unnecessary: !cluster,
        message: cluster
          ? `\`__cluster_dims__\` has no equivalent on ${ctx.target.soc}: cores share data only through global memory`
          : `\`__${e.name}__\` has no meaning on ${ctx.target.soc} (no thread blocks or per-thread registers): drop it and choose the core count at launch`,
      });
    }
  },
});
