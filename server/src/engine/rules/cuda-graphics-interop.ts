import { defineRule } from './rule';

/** OpenGL, Direct3D, EGL and VDPAU interop, and the generic `cudaGraphics*` resource calls. */
const INTEROP = /^cuda(?:Graphics|GL|D3D\d+|EGL|VDPAU)[A-Z]/;

export default defineRule({
  code: 'ASC525',
  name: 'cuda-graphics-interop',
  family: 'host-runtime',
  effort: 'high',
  summary: 'Graphics interop (`cudaGraphics*`, OpenGL, Direct3D, EGL, VDPAU)',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags every \`cudaGraphics*\` call (\`cudaGraphicsGLRegisterBuffer\`, \`cudaGraphicsMapResources\`, \`cudaGraphicsResourceGetMappedPointer\`, \`cudaGraphicsUnmapResources\`, \`cudaGraphicsUnregisterResource\`, ...) and the API-specific interop calls \`cudaGL*\`, \`cudaD3D*\`, \`cudaEGL*\` and \`cudaVDPAU*\`.

## Why is this a problem on Ascend
An Ascend NPU is not a display adapter: no graphics interop was found in the ACL reference. Buffers shared with a renderer must be copied through host memory: read the results back with \`aclrtMemcpy(dst, destMax, src, count, ACL_MEMCPY_DEVICE_TO_HOST)\` and upload them with the graphics API.

## Example
\`\`\`cuda
void draw(cudaGraphicsResource_t res, cudaStream_t s) {
  cudaGraphicsMapResources(1, &res, s);
}
\`\`\`

## Use instead
\`\`\`cpp
void draw(void* h_pixels, const void* d_pixels, size_t bytes) {
  aclrtMemcpy(h_pixels, bytes, d_pixels, bytes, ACL_MEMCPY_DEVICE_TO_HOST);
  // hand h_pixels to the graphics API
}
\`\`\`
`,
  scope: 'declaration',
  check(ctx) {
    const names = new Set<string>();
    for (const c of ctx.facts.calls()) if (INTEROP.test(c.name)) names.add(c.name);
    for (const call of ctx.facts.callsTo(names)) {
      ctx.report({
        span: call.nameSpan,
        message: `\`${call.name}\` has no equivalent on ${ctx.target.soc}: there is no graphics interop, so copy the data through host memory with \`aclrtMemcpy\``,
      });
    }
  },
});
