import { defineRule } from './rule';
import { matchesInDeviceCode } from './support/device-code';

export default defineRule({
  code: 'ASC107',
  name: 'vector-type-load',
  family: 'memory',
  effort: 'medium',
  summary: 'Vector-type reinterpret loads and stores (`reinterpret_cast<float4*>`, `*(float4*)p`)',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags pointer casts to CUDA vector types (\`float2\`, \`float4\`, \`int4\`, \`uint4\`, \`half2\`, …) in device code, the usual way to issue 8- or 16-byte loads and stores.

## Why is this a problem on Ascend
Wide per-thread loads have no meaning on a vector core: data moves between global memory and the Unified Buffer in blocks with \`DataCopy\`, whose length must be a multiple of 32 bytes, and UB operands must start on 32-byte boundaries. The vectorised access pattern becomes a tile copy, and its alignment assumptions move to the tiling.

## Example
\`\`\`cuda
__global__ void copy4(const float* in, float* out) {
  float4 v = reinterpret_cast<const float4*>(in)[threadIdx.x];
  reinterpret_cast<float4*>(out)[threadIdx.x] = v;
}
\`\`\`

## Use instead
Copy the whole tile with \`DataCopy(local, global[offset], count)\` (count × sizeof(T) a multiple of 32 bytes) and compute on the \`LocalTensor\`; handle a ragged tail with \`DataCopyPad\` where the chip has it.
`,
  check(ctx) {
    const re = /reinterpret_cast\s*<\s*(?:const\s+)?(?:float|int|uint|double|short|ushort|char|uchar|long|ulong|half|__half|longlong|ulonglong)[1-4]\s*\*|\(\s*(?:const\s+)?(?:float|int|uint|double|half|__half)[1-4]\s*\*\s*\)/g;
    for (const m of matchesInDeviceCode(ctx, re)) {
      ctx.report({ span: m.span, message: `vector-type access in \`${m.fn.name}\`: on ${ctx.target.soc} move data as 32-byte-aligned tiles with DataCopy instead of wide per-thread loads` });
    }
  },
});
