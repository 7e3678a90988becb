import { defineRule } from './rule';
import { asmMatches, cgPrefix, deviceBodies, ownedBy } from './support/sync-patterns';

export default defineRule({
  code: 'ASC210',
  name: 'thread-block-cluster',
  family: 'synchronization',
  effort: 'high',
  summary: 'Thread-block clusters in device code (`this_cluster()`, `map_shared_rank`, `barrier.cluster`)',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags the device-side use of thread-block clusters: \`cooperative_groups::this_cluster()\` (the cluster group, its \`sync()\` and ranks), \`map_shared_rank\` (distributed shared memory: reading another block's shared memory), and the PTX \`barrier.cluster\` and \`mapa\` instructions. \`__cluster_dims__\` on the kernel is reported by \`launch-bounds\`.

## Why is this a problem on Ascend
A cluster groups blocks that are scheduled together and can read each other's shared memory and wait at a common barrier. An AI Core's UB is private to that core: cores exchange data only through GM, and the only barriers across cores are \`SyncAll\` (all cores of the launch) and the cross-core flags. Cluster ranks and barriers can be re-expressed with \`GetBlockIdx()\` arithmetic and \`SyncAll\` (a warning); reading another block's shared memory has no counterpart and needs the data to go through GM (an error).

## Example
\`\`\`cuda
#include <cooperative_groups.h>
namespace cg = cooperative_groups;
__global__ void __cluster_dims__(2, 1, 1) halo(float* out) {
  __shared__ float tile[64];
  cg::cluster_group cluster = cg::this_cluster();
  tile[threadIdx.x] = threadIdx.x;
  cluster.sync();
  float* peer = cluster.map_shared_rank(tile, cluster.block_rank() ^ 1);
  out[threadIdx.x] = peer[threadIdx.x];
}
\`\`\`

## Use instead
Write the values a neighbour needs to a GM workspace, synchronise the cores with \`SyncAll()\`, and read them back with \`DataCopy\` into the local UB.
`,
  check(ctx) {
    const soc = ctx.target.soc;
    const cg = cgPrefix(ctx);
    const re = new RegExp(`${cg}this_cluster(?=\\s*\\()|\\.\\s*(map_shared_rank)(?=\\s*[(<])`, 'g');
    for (const b of deviceBodies(ctx)) {
      re.lastIndex = 0;
      for (let m = re.exec(b.masked); m; m = re.exec(b.masked)) {
        const dsmem = !!m[1];
        const start = b.start + m.index + (dsmem ? m[0].length - m[1]!.length : 0);
        if (!ownedBy(ctx, b.fn, start)) continue;
        ctx.report({
          span: { start, end: b.start + m.index + m[0].length },
          severity: dsmem ? 'error' : undefined,
          message: dsmem
            ? `\`map_shared_rank\` reads another block's shared memory; cores of ${soc} cannot read each other's UB: pass the data through GM and SyncAll`
            : `\`${m[0].replace(/\s+/g, '')}()\` groups blocks into a cluster; ${soc} has no clusters: derive ranks from GetBlockIdx() and replace cluster.sync() with SyncAll()`,
        });
      }
    }
    for (const m of asmMatches(ctx, /(?<![\w.])(?:barrier\.cluster|mapa)(?:\.[\w:]+)*/)) {
      const dsmem = m.text.startsWith('mapa');
      ctx.report({
        span: m.span,
        severity: dsmem ? 'error' : undefined,
        message: dsmem
          ? `PTX \`${m.text}\` maps another block's shared memory; cores of ${soc} cannot read each other's UB: pass the data through GM and SyncAll`
          : `PTX \`${m.text}\` is a cluster barrier; ${soc} has no clusters: replace it with SyncAll()`,
      });
    }
  },
});
