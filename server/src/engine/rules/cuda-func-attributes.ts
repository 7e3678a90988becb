import { defineRule } from './rule';

const FUNC = new Set([
  'cudaFuncSetAttribute',
  'cudaFuncGetAttributes',
  'cudaFuncSetCacheConfig',
  'cudaFuncSetSharedMemConfig',
  'cudaDeviceSetCacheConfig',
  'cudaDeviceGetCacheConfig',
  'cudaDeviceSetSharedMemConfig',
  'cudaDeviceGetSharedMemConfig',
]);

export default defineRule({
  code: 'ASC519',
  name: 'cuda-func-attributes',
  family: 'host-runtime',
  effort: 'medium',
  summary: 'Kernel attributes and cache / shared-memory configuration',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags \`cudaFuncSetAttribute\`, \`cudaFuncGetAttributes\`, \`cudaFuncSetCacheConfig\`, \`cudaFuncSetSharedMemConfig\`, and the device-wide \`cudaDeviceSetCacheConfig\`, \`cudaDeviceGetCacheConfig\`, \`cudaDeviceSetSharedMemConfig\` and \`cudaDeviceGetSharedMemConfig\`.

## Why is this a problem on Ascend
These calls configure resources that Ascend C does not have: an L1/shared-memory split, shared-memory banks, per-kernel dynamic shared-memory limits, register and thread counts. No per-kernel attribute API was found in the ACL reference. The on-chip scratchpad of an AI Core is its Unified Buffer, sized statically in the kernel with \`TPipe::InitBuffer(que, num, len)\` (bytes, rounded up to 32 B) within the chip's UB capacity. A kernel that raised \`cudaFuncAttributeMaxDynamicSharedMemorySize\` to fit a large tile must be re-tiled to fit UB.

## Example
\`\`\`cuda
__global__ void big_tile(float* x);

void setup(int bytes) {
  cudaFuncSetAttribute(big_tile, cudaFuncAttributeMaxDynamicSharedMemorySize, bytes);
}
\`\`\`

## Use instead
Size the buffers in the kernel, e.g. \`pipe.InitBuffer(inQueue, 2, tileLen * sizeof(float))\`, and remove the host call.
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(FUNC)) {
      const smem = call.args.some((a) => /SharedMemory|Carveout|SharedMem/.test(a.text)) || /SharedMem/.test(call.name);
      ctx.report({
        span: call.nameSpan,
        message: smem
          ? `\`${call.name}\` has no equivalent on ${ctx.target.soc}: there is no shared memory to configure; size Unified Buffer statically with \`TPipe::InitBuffer\` and re-tile to fit it`
          : `\`${call.name}\` has no equivalent on ${ctx.target.soc}: there is no kernel attribute or cache configuration API; remove the call and size Unified Buffer with \`TPipe::InitBuffer\``,
      });
    }
  },
});
