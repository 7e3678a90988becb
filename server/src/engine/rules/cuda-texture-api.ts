import { defineRule } from './rule';

const TEXTURE = new Set([
  'cudaCreateTextureObject',
  'cudaDestroyTextureObject',
  'cudaGetTextureObjectResourceDesc',
  'cudaGetTextureObjectTextureDesc',
  'cudaCreateSurfaceObject',
  'cudaDestroySurfaceObject',
  'cudaBindTexture',
  'cudaBindTexture2D',
  'cudaBindTextureToArray',
  'cudaUnbindTexture',
  'cudaCreateChannelDesc',
  'cudaMallocArray',
  'cudaMalloc3DArray',
  'cudaMallocMipmappedArray',
  'cudaFreeArray',
  'cudaFreeMipmappedArray',
  'cudaArrayGetInfo',
  'cudaMemcpyToArray',
  'cudaMemcpyFromArray',
  'cudaMemcpyToArrayAsync',
  'cudaMemcpyFromArrayAsync',
  'cudaMemcpy2DToArray',
  'cudaMemcpy2DFromArray',
  'cudaMemcpy2DToArrayAsync',
  'cudaMemcpy2DFromArrayAsync',
  'cudaMemcpyArrayToArray',
  'cudaMemcpy2DArrayToArray',
]);

export default defineRule({
  code: 'ASC524',
  name: 'cuda-texture-api',
  family: 'host-runtime',
  effort: 'high',
  summary: 'Texture and surface objects and CUDA arrays (host API)',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags the host side of textures and surfaces: \`cudaCreateTextureObject\`, \`cudaDestroyTextureObject\`, \`cudaCreateSurfaceObject\`, the legacy \`cudaBindTexture*\` / \`cudaUnbindTexture\`, \`cudaCreateChannelDesc\`, CUDA arrays (\`cudaMallocArray\`, \`cudaMalloc3DArray\`, \`cudaMallocMipmappedArray\`, \`cudaFreeArray\`, ...) and copies into and out of arrays (\`cudaMemcpyToArray\`, \`cudaMemcpy2DToArray\`, \`cudaMemcpyArrayToArray\`, ...).

## Why is this a problem on Ascend
No texture, surface or CUDA-array API was found in the Ascend C or ACL reference, so there is no hardware sampling, filtering or addressing mode to bind. Read-only data lives in ordinary device memory (\`aclrtMalloc\`, filled with \`aclrtMemcpy\`), is passed to the kernel as a \`GM_ADDR\` and is moved into UB with \`DataCopy\`; interpolation and border handling must be written as vector arithmetic. The kernel-side \`tex*\` reads need the same redesign.

## Example
\`\`\`cuda
cudaTextureObject_t wrap(cudaResourceDesc* res, cudaTextureDesc* td) {
  cudaTextureObject_t tex = 0;
  cudaCreateTextureObject(&tex, res, td, nullptr);
  return tex;
}
\`\`\`

## Use instead
\`\`\`cpp
float* wrap(const float* h, size_t bytes) {
  float* d = nullptr;
  aclrtMalloc((void**)&d, bytes, ACL_MEM_MALLOC_HUGE_FIRST);
  aclrtMemcpy(d, bytes, h, bytes, ACL_MEMCPY_HOST_TO_DEVICE);
  return d;
}
\`\`\`
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(TEXTURE)) {
      const array = /Array/.test(call.name) || call.name === 'cudaCreateChannelDesc';
      ctx.report({
        span: call.nameSpan,
        message: `\`${call.name}\` has no equivalent on ${ctx.target.soc}: there are no ${array ? 'CUDA arrays' : 'texture or surface objects'}, so keep the data in an \`aclrtMalloc\` buffer and move it to UB with \`DataCopy\``,
      });
    }
  },
});
