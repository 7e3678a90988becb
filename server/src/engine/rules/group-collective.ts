import { SOC_FACTS } from '../target';
import type { Severity } from '../types';
import { defineRule } from './rule';
import { cgPrefix, deviceBodies, escapeNames, namesInitialisedFrom, namesOfType, ownedBy, usesCgNamespace } from './support/sync-patterns';

const PARTITIONS = '(?:tiled_partition|coalesced_threads|binary_partition|labeled_partition)';
const MEMBERS = '(shfl|shfl_up|shfl_down|shfl_xor|ballot|any|all|match_any|match_all|sync)';

export default defineRule({
  code: 'ASC258',
  name: 'group-collective',
  family: 'warp',
  effort: 'high',
  summary: 'Collectives on cooperative-groups tiles (`tile.shfl_down`, `tile.ballot`, `cg::reduce`, `cg::inclusive_scan`)',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].simt ? 'warning' : 'error'),
  docs: `
## What it does
Flags collective operations of cooperative groups in device code:
- the free functions \`cg::reduce\`, \`cg::inclusive_scan\` and \`cg::exclusive_scan\` (qualified, or unqualified under \`using namespace cooperative_groups\`);
- member calls \`shfl\`, \`shfl_up\`, \`shfl_down\`, \`shfl_xor\`, \`ballot\`, \`any\`, \`all\`, \`match_any\`, \`match_all\` and \`sync\` on a tile or coalesced group of the function: a \`thread_block_tile<N>\` or \`coalesced_group\` parameter or variable, or a variable initialised from \`tiled_partition\` / \`coalesced_threads\`.

## Why is this a problem on Ascend
They are the warp intrinsics (shuffles, votes, matches, \`__syncwarp\`) spelled as methods, plus tile-wide reductions and scans. The SIMD AI Cores of 910A, 910B and 310P have no lanes to exchange or vote across (an error); a tile barrier simply disappears (a warning). A tile reduction becomes a reduction over a UB tensor, and a scan the high-level \`CumSum\`. On Ascend 950 in SIMT mode, shuffles and votes map to \`asc_shfl_*\`, \`asc_ballot\`, \`asc_any\` and \`asc_all\` (information); matches, reductions and scans have no named counterpart (a warning).

## Example
\`\`\`cuda
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
namespace cg = cooperative_groups;
__global__ void tile_sum(const float* x, float* out) {
  auto tile = cg::tiled_partition<32>(cg::this_thread_block());
  float v = x[blockIdx.x * blockDim.x + threadIdx.x];
  v += tile.shfl_down(v, 16);
  float s = cg::reduce(tile, v, cg::plus<float>());
  if (tile.thread_rank() == 0) out[blockIdx.x] = s;
}
\`\`\`

## Use instead
Reduce the tile in UB with the API of the operator (\`cg::plus\` → \`ReduceSum\`, \`cg::greater\` → \`ReduceMax\`, \`cg::less\` → \`ReduceMin\`; a custom operator → the matching binary vector op, halving the tile): \`ReduceSum\` for a whole tensor, \`WholeReduceSum\` / \`BlockReduceSum\` per repeat or block on CANN 8.x (\`ReduceRepeat\` / \`ReduceDataBlock\` from CANN 9.1); prefix sums with the high-level \`CumSum\`; predicates with \`Compare\` into a bit mask.
`,
  scope: 'declaration',
  check(ctx) {
    const soc = ctx.target.soc;
    const simt = SOC_FACTS[soc].simt;
    const cg = cgPrefix(ctx);
    const cgRequired = cgPrefix(ctx, true);
    const free = new RegExp(`(?:${cgRequired}${usesCgNamespace(ctx) ? '|(?<![\\w.>:])' : ''})(reduce|inclusive_scan|exclusive_scan)(?=\\s*[(<])`, 'g');
    const judge = (op: string, reduceOp?: string): { severity: Severity; message: string } => {
      if (op === 'sync')
        return simt
          ? { severity: 'information', message: `is a tile barrier; it keeps its meaning in ${soc}'s SIMT mode (32-thread warps)` }
          : { severity: 'warning', message: `is a tile barrier with nothing to wait for on ${soc} (one instruction stream per core); drop it once the exchange it protected is a tile operation` };
      if (/^(?:shfl|ballot|any|all)/.test(op))
        return simt
          ? { severity: 'information', message: `maps to the SIMT warp functions (asc_shfl_*, asc_ballot/asc_any/asc_all) on ${soc}` }
          : { severity: 'error', message: `has no equivalent on ${soc}: there are no lanes; rewrite it as a tile-wide vector operation (reduction, Duplicate, Gather, Compare)` };
      const instead = op.includes('scan') ? 'CumSum' : op === 'reduce' ? reduceApi(reduceOp ?? '', ctx.target.cann) : 'Compare or Sort';
      return simt
        ? { severity: 'warning', message: `has no named SIMT counterpart on ${soc}; rewrite it with asc_shfl_* or a tile-wide ${instead}` }
        : { severity: 'error', message: `has no equivalent on ${soc}: there are no lanes; use ${instead} over the UB tile` };
    };
    for (const b of deviceBodies(ctx)) {
      const emit = (start: number, end: number, op: string) => {
        if (!ownedBy(ctx, b.fn, start)) return;
        // The operator of `cg::reduce(tile, v, op)` decides the API: plus → sum, greater → max, less → min.
        const call = op === 'reduce' ? ctx.facts.calls().find((c) => c.name === 'reduce' && c.nameSpan.end === end) : undefined;
        const j = judge(op, call?.args[2]?.text);
        ctx.report({ span: { start, end }, severity: j.severity, message: `\`${ctx.text.slice(start, end).replace(/\s+/g, '')}\` ${j.message}` });
      };
      free.lastIndex = 0;
      for (let m = free.exec(b.masked); m; m = free.exec(b.masked)) emit(b.start + m.index, b.start + m.index + m[0].length, m[1]!);
      const groups = new Set([
        ...namesOfType(b, '\\b(?:thread_block_tile\\s*<[^<>;]*>|coalesced_group)'),
        ...namesInitialisedFrom(b, `${cg}${PARTITIONS}`),
      ]);
      if (!groups.size) continue;
      const member = new RegExp(`(?<![\\w.>:])(?:${escapeNames(groups)})\\s*\\.\\s*${MEMBERS}(?=\\s*[(<])`, 'g');
      for (let m = member.exec(b.masked); m; m = member.exec(b.masked)) emit(b.start + m.index, b.start + m.index + m[0].length, m[1]!);
    }
  },
});

/** The UB reduction for a `cg::reduce` operator, spelled for the CANN version; a custom operator has no named reduce. */
function reduceApi(op: string, cann: string): string {
  const o = op.replace(/\s+/g, '');
  const kind = /(^|::)plus\b/.test(o) ? 'SUM' : /(^|::)greater\b/.test(o) ? 'MAX' : /(^|::)less\b/.test(o) ? 'MIN' : undefined;
  if (!kind) return `a tile-wide reduction built from the vector op that matches \`${op || 'the operator'}\` (halve the tile with that op; ReduceSum/ReduceMax/ReduceMin only cover plus, greater and less)`;
  const whole = cann === '9.x' ? `ReduceRepeat<ReduceType::${kind}>` : `WholeReduce${kind === 'SUM' ? 'Sum' : kind === 'MAX' ? 'Max' : 'Min'}`;
  return `Reduce${kind === 'SUM' ? 'Sum' : kind === 'MAX' ? 'Max' : 'Min'}/${whole}`;
}
