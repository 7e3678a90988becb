import type { LensEdit } from '../syntax/lens';
import { defineRule, type RuleContext } from './rule';

/** Usable Unified Buffer per core, from ../shared/ref/ascend-c.md §6. */
const UB_BYTES: Record<string, number> = { Ascend910A: 256 * 1024, Ascend310P1: 256 * 1024, Ascend310P3: 256 * 1024, Ascend950: 256 * 1024 };
const UB_910B = 192 * 1024;
const ELEMENT_BYTES: Record<string, number> = { char: 1, int8_t: 1, uint8_t: 1, bool: 1, short: 2, half: 2, __half: 2, __nv_bfloat16: 2, int16_t: 2, uint16_t: 2, int: 4, unsigned: 4, float: 4, int32_t: 4, uint32_t: 4, double: 8, long: 8, int64_t: 8, uint64_t: 8, float2: 8, float4: 16, int4: 16 };

/** `__shared__` qualifiers (written, or through a qualifier macro) that are not `extern`. */
export function sharedQualifiers(ctx: RuleContext, wantExtern: boolean): { edit: LensEdit; declaration: string }[] {
  const out: { edit: LensEdit; declaration: string }[] = [];
  for (const e of ctx.facts.lensEdits()) {
    if (!(e.kind === 'qualifier' && e.name === 'shared') && !(e.kind === 'macro' && e.qualifiers?.includes('shared'))) continue;
    // The declaration runs from the previous statement boundary to the next `;`.
    let a = e.start;
    while (a > 0 && !';{}'.includes(ctx.text[a - 1]!)) a--;
    const semi = ctx.text.indexOf(';', e.end);
    const declaration = ctx.text.slice(a, semi < 0 ? e.end : semi);
    if (/\bextern\b/.test(declaration) === wantExtern) out.push({ edit: e, declaration });
  }
  return out;
}

/** Bytes of `T name[A][B]` when the type and every extent are plain numbers. */
function staticBytes(declaration: string): number | undefined {
  const m = /\b([A-Za-z_]\w*)\s+[A-Za-z_]\w*\s*((?:\[\s*\d+\s*\]\s*)+)\s*$/.exec(declaration.replace(/\[\[\w+\]\]|__shared__/g, ' '));
  if (!m) return undefined;
  const size = ELEMENT_BYTES[m[1]!];
  if (!size) return undefined;
  return [...m[2]!.matchAll(/\d+/g)].reduce((n, d) => n * Number(d[0]), size);
}

export default defineRule({
  code: 'ASC101',
  name: 'shared-memory',
  family: 'memory',
  effort: 'medium',
  summary: 'Static `__shared__` arrays: block-shared memory, which becomes a UB buffer',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags \`__shared__\` declarations with a static size (dynamic \`extern __shared__\` has its own rule). When the element type and the extents are plain numbers, the message gives the size and compares it with the target's Unified Buffer.

## Why is this a problem on Ascend
There is no memory shared by the threads of a block, because there are no threads. The per-core scratchpad is the Unified Buffer (UB): 192 KiB per vector core on 910B (a little less is usable), 256 KiB on 910A, 310P and 950. It is allocated through a \`TPipe\`: \`InitBuffer\` on a \`TQue\` for data that flows through copy and compute stages, or on a \`TBuf\` for scratch space. Data is shared between cores only through global memory.

## Example
\`\`\`cuda
__global__ void transpose(const float* in, float* out) {
  __shared__ float tile[32][33];
  tile[threadIdx.y][threadIdx.x] = in[threadIdx.y * 32 + threadIdx.x];
  __syncthreads();
  out[threadIdx.x * 32 + threadIdx.y] = tile[threadIdx.y][threadIdx.x];
}
\`\`\`

## Use instead
\`\`\`cpp
AscendC::TBuf<AscendC::TPosition::VECCALC> tileBuf;
pipe.InitBuffer(tileBuf, 32 * 33 * sizeof(float));
AscendC::LocalTensor<float> tile = tileBuf.Get<float>();
\`\`\`
`,
  check(ctx) {
    const ub = UB_BYTES[ctx.target.soc] ?? UB_910B;
    for (const { edit, declaration } of sharedQualifiers(ctx, false)) {
      const bytes = staticBytes(declaration);
      const size = bytes === undefined ? '' : ` (${bytes} bytes of the ${ub / 1024} KiB UB)`;
      ctx.report({
        span: { start: edit.start, end: edit.end },
        severity: bytes !== undefined && bytes > ub ? 'error' : undefined,
        message:
          bytes !== undefined && bytes > ub
            ? `\`__shared__\` array of ${bytes} bytes does not fit in ${ctx.target.soc}'s ${ub / 1024} KiB Unified Buffer: tile it`
            : `\`__shared__\` memory becomes a UB buffer on ${ctx.target.soc}${size}: allocate it with TPipe::InitBuffer on a TQue or TBuf`,
      });
    }
  },
});
