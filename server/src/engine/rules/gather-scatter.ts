import { matchBracket } from '../model/scan';
import type { Target } from '../target';
import { defineRule } from './rule';
import { isDeviceFunction } from './support/device-code';

const SUBSCRIPT = /(?<![\w.])([A-Za-z_]\w*)\s*\[/g;

/** `Gather` in UB: not on 910A, not on the 310P Vector Core (ascend-c.md §2.2, A35). */
function gatherApi(t: Target): boolean {
  return t.soc !== 'Ascend910A' && !t.soc.startsWith('Ascend310P');
}

export default defineRule({
  code: 'ASC111',
  name: 'gather-scatter',
  family: 'memory',
  effort: 'high',
  summary: 'Data-dependent indexing in device code: gathers `x[idx[i]]` and scatters `out[idx[i]] += v`',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags array accesses in device code whose index is itself read from memory: gathers (\`x[col[j]]\`, \`emb[token[i] * C + c]\`) and scatters (\`out[idx[i]] = v\`, \`out[idx[i]] += v\`). One finding per array, direction and function. Scatters through atomics (\`atomicAdd(&out[idx[i]], v)\`) are the atomics rules'.

## Why is this a problem on Ascend
Ascend kernels move contiguous tiles between global memory and UB with \`DataCopy\`; an index loaded from memory breaks the tile into single elements. Inside UB, \`Gather(dst, src, srcOffset, srcBaseAddr, count)\` picks elements by byte offsets when the source fits in UB (not on 910A or the 310P Vector Core). There is no scatter with accumulation: two indices that collide must be combined before the write, which on a GPU the hardware or an atomic did for you.

## Example
\`\`\`cuda
__global__ void embed(const int* tokens, const float* table, float* out, int n, int C) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n * C) out[i] = table[tokens[i / C] * C + i % C];
}
\`\`\`

## Use instead
For a gather: copy the indices and (if it fits) the source into UB and use \`Gather\` with byte offsets, or copy one row per index with \`DataCopy\` when rows are long (embeddings). For a scatter: sort the (index, value) pairs by index (\`Sort\`), reduce equal indices (segmented sums), then write each distinct index once; or accumulate into GM with the DMA atomic add (\`SetAtomicAdd\`) on the UB→GM copy where the element type allows it.
`,
  scope: 'declaration',
  check(ctx) {
    const masked = ctx.facts.maskedText;
    for (const fn of ctx.facts.functions()) {
      if (!isDeviceFunction(fn) || !fn.bodySpan) continue;
      const seen = new Set<string>();
      const body = masked.slice(fn.bodySpan.start, fn.bodySpan.end);
      SUBSCRIPT.lastIndex = 0;
      for (let m = SUBSCRIPT.exec(body); m; m = SUBSCRIPT.exec(body)) {
        const start = fn.bodySpan.start + m.index;
        const open = start + m[0].length - 1;
        const close = matchBracket(masked, open);
        if (close < 0) continue;
        const index = masked.slice(open + 1, close);
        const inner = /(?<![\w.])([A-Za-z_]\w*)\s*\[/.exec(index);
        if (!inner || inner[1] === m[1]) continue;
        if (ctx.facts.enclosingFunction(start) !== fn) continue;
        const before = masked.slice(Math.max(fn.bodySpan.start, start - 3), start);
        if (/&\s*$/.test(before)) continue; // an address taken: an atomic's operand (the atomics rules)
        const after = masked.slice(close + 1, close + 5);
        const scatter = /^\s*(?:(?:[+\-*/|&^]|<<|>>)?=(?!=)|\+\+|--)/.test(after);
        const key = `${m[1]}:${scatter}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const access = masked.slice(start, close + 1).replace(/\s+/g, ' ');
        const soc = ctx.target.soc;
        ctx.report({
          span: { start, end: close + 1 },
          message: scatter
            ? `\`${access}\` writes at indices read from memory (a scatter): on ${soc} colliding indices must be combined before the write: sort the (index, value) pairs and reduce each segment, or accumulate with the DMA atomic add (SetAtomicAdd) on the UB→GM copy`
            : gatherApi(ctx.target)
              ? `\`${access}\` reads at indices read from memory (a gather): on ${soc} copy the indices into UB and use Gather with byte offsets when the source fits in UB, or DataCopy one row per index`
              : `\`${access}\` reads at indices read from memory (a gather): ${soc} has no Gather in UB; DataCopy one row per index, or read single elements on the scalar unit`,
        });
      }
    }
  },
});
