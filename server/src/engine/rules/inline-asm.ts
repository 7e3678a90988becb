import { defineRule } from './rule';

/** Instructions and registers of x86 and Arm host CPUs. */
const HOST_ASM = /\b(rdtscp?|cpuid|pause|[lms]fence|xchg[bwlq]?|lock|cmpxchg\w*|rdrand|prefetch\w*|yield|isb|dmb|dsb|mrs|msr|nop)\b|%%?[re]?(ax|bx|cx|dx|si|di|sp|bp)\b/;
/** PTX: a dotted opcode (`mov.u32`, `ld.global`) or a special register (`%laneid`). */
const PTX = /\b[a-z]+\.(u|s|b|f)\d+\b|\b(ld|st|cp|mma|ldmatrix|stmatrix|wgmma|shfl|bar|red|atom|mov|cvt|prmt|lop3)\.[a-z]|%%?(laneid|warpid|smid|clock|tid|ctaid|globaltimer)/;

export default defineRule({
  code: 'ASC601',
  name: 'inline-asm',
  family: 'low-level',
  effort: 'high',
  summary: 'Inline PTX assembly',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags inline assembly: \`asm(...)\`, \`asm volatile(...)\` and \`__asm__(...)\`. In CUDA code this is PTX. Host CPU assembly in a host function (\`asm("rdtsc")\` in a timing helper, x86 or Arm instructions and registers, no PTX) is not flagged: it stays on the host.

## Why is this a problem on Ascend
Ascend has no PTX and no documented assembly language. HIPIFY passes inline PTX through silently, and the result fails later in the build. Each \`asm\` block has to be understood and re-expressed.

## Example
\`\`\`cuda
__device__ unsigned lane_id() {
  unsigned lane;
  asm volatile("mov.u32 %0, %%laneid;" : "=r"(lane));
  return lane;
}
\`\`\`

## Use instead
Find out what the PTX computes and use the Ascend C API that does it. The lowest documented level is the C API (\`asc_*\`, for example \`asc_copy_gm2ub\` and \`asc_add\`) and the APIs marked ISASI, which are not portable across chip generations. Lane and warp identities have no SIMD meaning: derive positions from \`GetBlockIdx()\` and the tile offset.
`,
  check(ctx) {
    for (const a of ctx.facts.asm()) {
      // `asm("rdtsc")` in a host timing helper is CPU assembly, not PTX: not a device finding.
      if (ctx.facts.enclosingFunction(a.span.start)?.kind === 'host' && HOST_ASM.test(ctx.text.slice(a.span.start, a.span.end)) && !PTX.test(ctx.text.slice(a.span.start, a.span.end))) continue;
      ctx.report({
        span: a.keywordSpan,
        message: `inline assembly has no Ascend equivalent on ${ctx.target.soc}: there is no PTX; re-express it with Ascend C (or asc_* C-API) calls`,
      });
    }
  },
});
