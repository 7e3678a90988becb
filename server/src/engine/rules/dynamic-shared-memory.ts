import { defineRule } from './rule';
import { sharedQualifiers } from './shared-memory';

export default defineRule({
  code: 'ASC102',
  name: 'dynamic-shared-memory',
  family: 'memory',
  effort: 'medium',
  summary: '`extern __shared__` arrays sized at launch time',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags \`extern __shared__\` declarations, whose size comes from the third launch parameter.

## Why is this a problem on Ascend
Unified Buffer space is laid out by \`TPipe::InitBuffer\` calls inside the kernel. On CANN 8.x the launch has no dynamic-size argument (the second chevron argument is \`l2ctrl\`, \`nullptr\` in samples); CANN 9.x documents a \`dynUBufSize\` byte count there. Either way the kernel must know its buffer sizes, so the size moves into the tiling data computed on the host.

## Example
\`\`\`cuda
__global__ void histogram(const unsigned char* data, unsigned* bins, int nbins) {
  extern __shared__ unsigned local[];
  for (int b = threadIdx.x; b < nbins; b += blockDim.x) local[b] = 0;
}
\`\`\`

## Use instead
Pass the element count in the tiling arguments and size the buffer with it: \`pipe.InitBuffer(binsBuf, nbins * sizeof(uint32_t))\` on a \`TBuf\`, then \`binsBuf.Get<uint32_t>()\`.
`,
  check(ctx) {
    for (const { edit } of sharedQualifiers(ctx, true)) {
      ctx.report({
        span: { start: edit.start, end: edit.end },
        message: `\`extern __shared__\` memory has no launch-time size on ${ctx.target.soc}: pass the size in the tiling data and allocate it with TPipe::InitBuffer`,
      });
    }
  },
});
