import { SOC_FACTS } from '../target';
import { defineRule } from './rule';
import { namespaceUses } from './support/device-code';

export default defineRule({
  code: 'ASC204',
  name: 'cooperative-groups',
  family: 'synchronization',
  effort: 'high',
  summary: 'Cooperative groups (`cooperative_groups::`, `cg::`)',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags the use of cooperative groups (\`cooperative_groups::\` or the usual \`cg::\` alias), once per file at the first use, with the number of uses.

## Why is this a problem on Ascend
Thread blocks, tiles (\`tiled_partition\`, \`thread_block_tile\`) and coalesced groups describe threads, which SIMD cores do not have. The grid group's \`sync()\` does map: \`SyncAll()\` is a barrier across cores, valid when the kernel runs on no more cores than physically exist; the hardware form exists on 910B and 950, and a software form with a global-memory workspace elsewhere.

## Example
\`\`\`cuda
#include <cooperative_groups.h>
namespace cg = cooperative_groups;
__global__ void two_phase(float* x) {
  cg::grid_group grid = cg::this_grid();
  x[threadIdx.x] += 1.0f;
  grid.sync();
}
\`\`\`

## Use instead
Replace grid-wide \`sync()\` with \`SyncAll()\` (launch at most one block per physical core); replace tile and block groups with tile-wide vector operations.
`,
  check(ctx) {
    const uses = namespaceUses(ctx, /\b(?:cooperative_groups|cg)\s*::/g);
    if (!uses) return;
    const hard = SOC_FACTS[ctx.target.soc].hardSyncAll;
    ctx.report({
      span: uses.span,
      message: `cooperative groups (${uses.count} uses): grid sync becomes ${hard ? 'SyncAll()' : 'the software SyncAll with a GM workspace'} on ${ctx.target.soc}; thread tiles become tile-wide vector operations`,
    });
  },
});
