import { SOC_FACTS, type Target } from '../target';
import { defineRule } from './rule';
import { cgPrefix, deviceBodies, escapeNames, namesInitialisedFrom, namesOfType, ownedBy } from './support/sync-patterns';

function softMessage(t: Target): string {
  // ascend-c.md §4: soft SyncAll runs on 910A and the 310P AI Core, not on 310P's stand-alone Vector Cores.
  const vectorCore = t.soc.startsWith('Ascend310P') ? ' (AI Core kernels only: the 310P Vector Core has no SyncAll)' : '';
  return `use the software \`SyncAll(gmWorkspace, ubWorkspace)\` with a zeroed GM workspace of GetBlockNum()·32 bytes${vectorCore}, and launch no more blocks than physical cores`;
}

export default defineRule({
  code: 'ASC205',
  name: 'grid-sync',
  family: 'synchronization',
  effort: 'medium',
  summary: 'Grid-wide barrier of cooperative groups (`this_grid().sync()`, `grid.sync()`)',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].hardSyncAll ? 'information' : 'warning'),
  docs: `
## What it does
Flags grid-wide barriers of cooperative groups in device code: \`this_grid().sync()\`, \`grid.sync()\` and \`cg::sync(grid)\` where \`grid\` is a \`grid_group\` (declared as one, or initialised from \`this_grid()\`), and the multi-device \`this_multi_grid().sync()\` of older toolkits. The namespace may be written \`cooperative_groups::\`, \`cg::\` or any alias declared in the file.

## Why is this a problem on Ascend
A grid barrier does have a counterpart: \`SyncAll()\`, a barrier across all cores of the launch. Like a cooperative launch it deadlocks unless every block is resident, so numBlocks must not exceed the physical core count. The hardware form \`template<bool isAIVOnly=true> void SyncAll()\` exists on Atlas A2/A3 (910B) and Ascend 950 and needs a vector-only or mix kernel (\`isAIVOnly=false\` for mix). On 910A and the 310P AI Core only the software form \`SyncAll(const GlobalTensor<int32_t>& gmWorkspace, const LocalTensor<int32_t>& ubWorkspace, const int32_t usedCores = 0)\` exists: it needs a zero-initialised GM workspace of at least GetBlockNum()·32 bytes and a UB workspace of the same size. The 310P Vector Core has neither. A multi-device grid barrier has no in-kernel counterpart at all (error).

## Example
\`\`\`cuda
#include <cooperative_groups.h>
namespace cg = cooperative_groups;
__global__ void two_phase(float* x, float* y, int n) {
  cg::grid_group grid = cg::this_grid();
  y[grid.thread_rank()] = 2.0f * x[grid.thread_rank()];
  grid.sync();
  x[grid.thread_rank()] = y[n - 1 - grid.thread_rank()];
}
\`\`\`

## Use instead
\`\`\`cpp
// Atlas A2/A3 and Ascend 950: hardware barrier; launch numBlocks <= physical cores.
AscendC::SyncAll();
// 910A / 310P AI Core: software barrier through a zeroed GM workspace.
AscendC::SyncAll(syncGm, syncUb);
\`\`\`
`,
  scope: 'declaration',
  check(ctx) {
    const target = ctx.target;
    const hard = SOC_FACTS[target.soc].hardSyncAll;
    const cg = cgPrefix(ctx);
    const cgRequired = cgPrefix(ctx, true);
    const report = (start: number, end: number, what: string, multi: boolean) =>
      ctx.report({
        span: { start, end },
        severity: multi ? 'error' : undefined,
        message: multi
          ? `\`${what}\` is a barrier across devices; ${target.soc} has none inside a kernel: split the kernel at the barrier and synchronise the devices from the host`
          : `\`${what}\` is a grid-wide barrier: on ${target.soc} ${hard ? 'use the hardware `SyncAll()` and launch no more blocks than physical cores' : softMessage(target)}`,
      });
    for (const b of deviceBodies(ctx)) {
      const seen = new Set<number>();
      const emit = (m: RegExpExecArray, multi: boolean, call = false) => {
        const start = b.start + m.index;
        if (seen.has(start) || !ownedBy(ctx, b.fn, start)) return;
        seen.add(start);
        report(start, start + m[0].length, m[0].replace(/\s+/g, '') + (call ? '' : '()'), multi);
      };
      // this_grid().sync() / this_multi_grid().sync()
      const direct = new RegExp(`${cg}this_(multi_)?grid\\s*\\(\\s*\\)\\s*\\.\\s*sync(?=\\s*\\()`, 'g');
      for (let m = direct.exec(b.masked); m; m = direct.exec(b.masked)) emit(m, !!m[1]);

      const grids = new Set([...namesOfType(b, '\\bgrid_group\\b'), ...namesInitialisedFrom(b, `${cg}this_grid\\s*\\(\\s*\\)`)]);
      const multis = new Set([...namesOfType(b, '\\bmulti_grid_group\\b'), ...namesInitialisedFrom(b, `${cg}this_multi_grid\\s*\\(\\s*\\)`)]);
      for (const [names, multi] of [[grids, false], [multis, true]] as const) {
        if (!names.size) continue;
        const alt = escapeNames(names);
        // grid.sync()
        const member = new RegExp(`(?<![\\w.>:])(?:${alt})\\s*\\.\\s*sync(?=\\s*\\(\\s*\\))`, 'g');
        for (let m = member.exec(b.masked); m; m = member.exec(b.masked)) emit(m, multi);
        // cg::sync(grid), or sync(grid) under `using namespace cooperative_groups`
        const free = new RegExp(`(?:${cgRequired}|(?<![\\w.>:]))sync\\s*\\(\\s*(?:${alt})\\s*\\)`, 'g');
        for (let m = free.exec(b.masked); m; m = free.exec(b.masked)) emit(m, multi, true);
      }
    }
  },
});
