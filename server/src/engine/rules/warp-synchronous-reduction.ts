import { SOC_FACTS } from '../target';
import { defineRule } from './rule';
import { deviceBodies, ownedBy } from './support/sync-patterns';

const OFFSETS = ['32', '16', '8', '4', '2', '1'];

export default defineRule({
  code: 'ASC259',
  name: 'warp-synchronous-reduction',
  family: 'warp',
  effort: 'high',
  summary: 'Unrolled warp-synchronous reduction through a `volatile` shared-memory pointer',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].simt ? 'warning' : 'error'),
  docs: `
## What it does
Flags the classic warp-synchronous reduction: a \`volatile\` pointer (a parameter or a local, usually aliasing a \`__shared__\` array) that the function indexes with at least three of the offsets \`+ 32\`, \`+ 16\`, \`+ 8\`, \`+ 4\`, \`+ 2\`, \`+ 1\`, without barriers in between (\`vs[tid] += vs[tid + 16]; vs[tid] += vs[tid + 8]; ...\`). The finding is on the pointer's declaration.

## Why is this a problem on Ascend
The code relies on the 32 threads of a warp running in lockstep, so that the last steps of a tree reduction need no \`__syncthreads\`. The SIMD AI Cores of 910A, 910B and 310P have no warps: the whole tree becomes a single reduction instruction over a UB tile. On Ascend 950 the SIMT mode has warps, but lockstep is not something to rely on (it is not guaranteed on GPUs since Volta either): use the SIMT shuffles there.

## Example
\`\`\`cuda
__device__ void warp_reduce(volatile float* s, int tid) {
  s[tid] += s[tid + 32];
  s[tid] += s[tid + 16];
  s[tid] += s[tid + 8];
  s[tid] += s[tid + 4];
  s[tid] += s[tid + 2];
  s[tid] += s[tid + 1];
}
\`\`\`

## Use instead
Reduce the tile with one call: \`ReduceSum\` for a whole tensor, or \`WholeReduceSum\` per 256-byte repeat on CANN 8.x (\`ReduceRepeat<ReduceType::SUM>\` from CANN 9.1). On Ascend 950 in SIMT mode, use \`asc_shfl_down\` steps instead of shared memory.
`,
  check(ctx) {
    const soc = ctx.target.soc;
    const simt = SOC_FACTS[soc].simt;
    for (const b of deviceBodies(ctx)) {
      const candidates: { name: string; start: number; end: number }[] = [];
      for (const p of b.fn.params) {
        if (/\bvolatile\b/.test(p.type) && p.pointerDepth > 0) candidates.push({ name: p.name, start: p.span.start, end: p.span.end });
      }
      const decl = /\bvolatile\b[^;=(){}]*?\*\s*([A-Za-z_]\w*)\s*=/g;
      for (let m = decl.exec(b.masked); m; m = decl.exec(b.masked)) {
        const start = b.start + m.index;
        if (ownedBy(ctx, b.fn, start)) candidates.push({ name: m[1]!, start, end: start + m[0].length - /\s*=$/.exec(m[0])![0].length });
      }
      for (const c of candidates) {
        const use = new RegExp(`(?<![\\w.>:])${c.name}\\s*\\[[^\\]\\[;]*\\+\\s*(32|16|8|4|2|1)\\s*\\]`, 'g');
        const seen = new Set<string>();
        for (let m = use.exec(b.masked); m; m = use.exec(b.masked)) seen.add(m[1]!);
        if (seen.size < 3) continue;
        const steps = OFFSETS.filter((o) => seen.has(o)).join(', ');
        ctx.report({
          span: { start: c.start, end: c.end },
          message: simt
            ? `\`${c.name}\` is reduced warp-synchronously (offsets ${steps}), relying on lanes in lockstep; in ${soc}'s SIMT mode use asc_shfl_down steps instead`
            : `\`${c.name}\` is reduced warp-synchronously (offsets ${steps}); ${soc} has no warps: reduce the UB tile with ReduceSum or WholeReduceSum (ReduceRepeat on CANN 9.1)`,
        });
      }
    }
  },
});
