import { SOC_FACTS } from '../target';
import { defineRule } from './rule';
import { asmMatches } from './support/sync-patterns';

export default defineRule({
  code: 'ASC256',
  name: 'lane-id-register',
  family: 'warp',
  effort: 'medium',
  summary: 'Lane and warp special registers read in inline PTX (`%laneid`, `%warpid`, `%lanemask_*`)',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].simt ? 'warning' : 'error'),
  docs: `
## What it does
Reads the strings of inline \`asm\` statements and flags the PTX special registers that describe a thread's place in its warp: \`%laneid\`, \`%warpid\`, \`%nwarpid\` and the lane masks \`%lanemask_eq\`, \`%lanemask_lt\`, \`%lanemask_le\`, \`%lanemask_gt\`, \`%lanemask_ge\`. \`inline-asm\` flags every \`asm\` statement; this rule says what the lane registers become.

## Why is this a problem on Ascend
These registers exist only where there are warps. The SIMD AI Cores of 910A, 910B and 310P have no lanes: a position inside the work comes from \`GetBlockIdx()\` and the offset inside the tile, and a lane mask becomes an element mask (\`Compare\` into a bit mask, \`Select\`). Ascend 950's SIMT mode has 32-thread warps, but no PTX: compute the lane from \`threadIdx.x % 32\` there. \`%warpid\` is a physical slot that can change during execution, so code that reads it is usually wrong on a GPU too.

## Example
\`\`\`cuda
__device__ unsigned lanes_below() {
  unsigned m;
  asm volatile("mov.u32 %0, %%lanemask_lt;" : "=r"(m));
  return __popc(m);
}
\`\`\`

## Use instead
Drop the lane arithmetic: compute the tile with vector instructions, build element masks with \`Compare\` / \`Compares\` and apply them with \`Select\`.
`,
  check(ctx) {
    const soc = ctx.target.soc;
    const simt = SOC_FACTS[soc].simt;
    for (const m of asmMatches(ctx, /%%?(?:laneid|n?warpid|lanemask_(?:eq|lt|le|gt|ge))(?!\w)/, true)) {
      const reg = m.text.replace(/^%+/, '%');
      const mask = reg.startsWith('%lanemask');
      ctx.report({
        span: m.span,
        message: simt
          ? `PTX register \`${reg}\` does not exist on ${soc}: in SIMT mode compute it from threadIdx.x (${reg.includes('warpid') ? 'warp = threadIdx.x / 32' : mask ? 'lane = threadIdx.x % 32, then shift a mask' : 'lane = threadIdx.x % 32'})`
          : `PTX register \`${reg}\` has no meaning on ${soc}: there are no lanes; ${mask ? 'build an element mask with Compare and apply it with Select' : 'derive positions from GetBlockIdx() and the tile offset'}`,
      });
    }
  },
});
