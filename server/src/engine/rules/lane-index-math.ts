import { SOC_FACTS } from '../target';
import { defineRule } from './rule';
import { deviceBodies, ownedBy } from './support/sync-patterns';

/** `% 32`, `& 31` / `& 0x1f` (lane in warp) and `/ 32`, `>> 5` (warp in block). */
const OP = String.raw`\s*(?:(%)\s*32|(&)\s*(?:31|0[xX]0*1[fF])|(\/)\s*32|(>>)\s*5)[uU]?(?![\w.])`;

/**
 * The operator pattern with named warp sizes too: macros and constants whose name says
 * warp and whose value folds to 32 (`WARP_SIZE`, `kWarpSize`, from included headers too)
 * count as the literal, and `NAME - 1` as 31.
 */
function operators(names: readonly string[]): string {
  if (!names.length) return OP;
  const n = `(?:${names.join('|')})(?![\\w(])`;
  return String.raw`\s*(?:(%)\s*(?:32[uU]?|${n})|(&)\s*(?:(?:31|0[xX]0*1[fF])[uU]?|\(\s*${n}\s*-\s*1\s*\))|(\/)\s*(?:32[uU]?|${n})|(>>)\s*5[uU]?)(?![\w.])`;
}

function warpSizeNames(ctx: Parameters<Parameters<typeof defineRule>[0]['check']>[0]): string[] {
  const pre = ctx.facts.preproc;
  const out: string[] = [];
  for (const name of new Set([...pre.macros.keys(), ...pre.constants.keys()])) {
    if (!/warp/i.test(name) || out.length >= 16) continue;
    if (pre.constant(name)?.value === 32) out.push(name);
  }
  return out;
}

export default defineRule({
  code: 'ASC255',
  name: 'lane-index-math',
  family: 'warp',
  effort: 'medium',
  summary: 'Lane and warp indices computed from `threadIdx` with a hard-coded warp size of 32',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].simt ? 'information' : 'warning'),
  docs: `
## What it does
Flags lane and warp indices computed with a literal warp size in device code: \`threadIdx.x % 32\` and \`threadIdx.x & 31\` (lane in the warp), \`threadIdx.x / 32\` and \`threadIdx.x >> 5\` (warp in the block). Only the \`x\` component counts, as warps are cut along it. It also follows a local copy made directly from \`threadIdx.x\` (\`int tid = threadIdx.x; int lane = tid & 31;\`). A named warp size counts as the literal: a macro or constant whose name contains \`warp\` and whose value folds to 32 (\`threadIdx.x % WARP_SIZE\`, \`threadIdx.x & (kWarpSize - 1)\`), from the file or an included header. The spelling with \`warpSize\` is reported by \`warp-size\`.

## Why is this a problem on Ascend
The code partitions a block into 32-thread warps: per-warp partial sums, one lane writing per warp, warp specialisation. The SIMD AI Cores of 910A, 910B and 310P have no threads or warps; the core processes a tile with vector instructions of 256-byte repeats (128 half or 64 float), so the lane/warp split disappears and per-warp results become reductions over the tile. Ascend 950's SIMT mode has 32-thread warps, where the arithmetic keeps its meaning.

## Example
\`\`\`cuda
__global__ void per_warp(const float* x, float* partial) {
  int lane = threadIdx.x % 32;
  int warp = threadIdx.x / 32;
  if (lane == 0) partial[warp] = x[threadIdx.x];
}
\`\`\`

## Use instead
Process the block's slice as tiles in UB and reduce a tile with \`ReduceSum\` (or \`WholeReduceSum\` per 256-byte repeat on CANN 8.x, \`ReduceRepeat\` from CANN 9.1) instead of combining per-warp partials.
`,
  check(ctx) {
    const soc = ctx.target.soc;
    const simt = SOC_FACTS[soc].simt;
    let op: string | undefined;
    for (const b of deviceBodies(ctx)) {
      if (!b.fn.indexUses.some((u) => u.builtin === 'threadIdx')) continue;
      const copies = new Set<string>();
      const copy = /\b(?:const\s+)?(?:int|unsigned(?:\s+int)?|uint32_t|int32_t|auto|size_t|long)\s+([A-Za-z_]\w*)\s*=\s*(?:\(\s*\w+\s*\)\s*)?threadIdx\s*\.\s*x\s*;/g;
      for (let m = copy.exec(b.masked); m; m = copy.exec(b.masked)) copies.add(m[1]!);
      const subject = `(?:threadIdx\\s*\\.\\s*x${copies.size ? `|(?<![\\w.>:])(?:${[...copies].join('|')})(?![\\w(])` : ''})`;
      op ??= operators(warpSizeNames(ctx));
      const re = new RegExp(`${subject}${op}`, 'g');
      for (let m = re.exec(b.masked); m; m = re.exec(b.masked)) {
        const start = b.start + m.index;
        if (!ownedBy(ctx, b.fn, start)) continue;
        const written = m[0].replace(/\s+/g, ' ').trim();
        const lane = !!(m[1] || m[2]);
        ctx.report({
          span: { start, end: b.start + m.index + m[0].length },
          message: simt
            ? `\`${written}\` computes a ${lane ? 'lane' : 'warp'} index; ${soc}'s SIMT mode has 32-thread warps, so it keeps its meaning there`
            : `\`${written}\` computes a ${lane ? 'lane' : 'warp'} index, but ${soc} has no warps: process the slice as tiles and reduce the tile instead of combining per-warp results`,
        });
      }
    }
  },
});
