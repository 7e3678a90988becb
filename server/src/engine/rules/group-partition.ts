import { SOC_FACTS } from '../target';
import { defineRule } from './rule';
import { cgPrefix, deviceBodies, ownedBy } from './support/sync-patterns';

export default defineRule({
  code: 'ASC257',
  name: 'group-partition',
  family: 'warp',
  effort: 'high',
  summary: 'Cooperative-groups tiles and coalesced groups (`tiled_partition`, `coalesced_threads`, `thread_block_tile` parameters)',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].simt ? 'warning' : 'error'),
  docs: `
## What it does
Flags the creation of sub-block thread groups in device code: \`tiled_partition\` (both the runtime and the \`tiled_partition<N>\` forms), \`coalesced_threads()\`, \`binary_partition\` and \`labeled_partition\`, written with \`cooperative_groups::\`, \`cg::\`, a namespace alias or unqualified; and device functions that take a \`thread_block_tile<N>\` or \`coalesced_group\` parameter. The collectives called on these groups are reported by \`group-collective\`.

## Why is this a problem on Ascend
A tile is a set of threads (usually one warp or part of one) that shuffle, vote and reduce together; a coalesced group is the set of threads that happen to be active after a branch. The SIMD AI Cores of 910A, 910B and 310P have no threads: the work of a tile becomes a slice of a UB tensor processed by vector instructions, and the active set becomes an explicit element mask. Ascend 950's SIMT mode has 32-thread warps and warp functions (\`asc_shfl_*\`, \`asc_ballot\`, …), but the reference names no cooperative-groups API, so tiles have to be rewritten on warps there (a warning).

## Example
\`\`\`cuda
#include <cooperative_groups.h>
namespace cg = cooperative_groups;
__global__ void tile_sum(const float* x, float* out) {
  cg::thread_block block = cg::this_thread_block();
  cg::thread_block_tile<32> tile = cg::tiled_partition<32>(block);
  float v = x[block.thread_rank()];
  if (tile.thread_rank() == 0) out[block.group_index().x] = v;
}
\`\`\`

## Use instead
Give each core a slice of the data, copy it into UB with \`DataCopy\`, and replace per-tile work with whole-tile vector operations (\`ReduceSum\`, \`WholeReduceSum\` / \`ReduceRepeat\`, \`Compare\` + \`Select\` for masks).
`,
  check(ctx) {
    const soc = ctx.target.soc;
    const simt = SOC_FACTS[soc].simt;
    const tail = simt
      ? `the reference names no cooperative-groups API for ${soc}'s SIMT mode: rewrite the tile on 32-thread warps with the asc_* warp functions`
      : `${soc} has no threads to group: process a slice of a UB tensor with vector instructions and keep element masks explicit`;
    const cg = cgPrefix(ctx);
    const re = new RegExp(`${cg}(tiled_partition|coalesced_threads|binary_partition|labeled_partition)(?=\\s*[(<])`, 'g');
    for (const b of deviceBodies(ctx)) {
      for (const p of b.fn.params) {
        if (!/\b(?:thread_block_tile|coalesced_group)\b/.test(p.type)) continue;
        ctx.report({ span: p.span, message: `\`${b.fn.name}\` takes a thread group (\`${p.type.replace(/\s+/g, ' ')}\`); ${tail}` });
      }
      re.lastIndex = 0;
      for (let m = re.exec(b.masked); m; m = re.exec(b.masked)) {
        const start = b.start + m.index;
        if (!ownedBy(ctx, b.fn, start)) continue;
        ctx.report({
          span: { start, end: start + m[0].length },
          message: `\`${m[0].replace(/\s+/g, '')}\` creates a group of ${m[1] === 'coalesced_threads' ? 'the active threads' : 'threads'}; ${tail}`,
        });
      }
    }
  },
});
