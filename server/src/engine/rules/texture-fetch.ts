import { defineRule } from './rule';

const FETCHES = new Set([
  'tex1D', 'tex2D', 'tex3D', 'tex1Dfetch', 'tex1DLayered', 'tex2DLayered', 'texCubemap', 'texCubemapLayered', 'tex2Dgather', 'tex1DLod', 'tex2DLod', 'tex3DLod', 'tex1DGrad', 'tex2DGrad', 'tex3DGrad',
  'surf1Dread', 'surf2Dread', 'surf3Dread', 'surf1Dwrite', 'surf2Dwrite', 'surf3Dwrite', 'surf1DLayeredread', 'surf2DLayeredread', 'surf1DLayeredwrite', 'surf2DLayeredwrite',
]);

export default defineRule({
  code: 'ASC106',
  name: 'texture-fetch',
  family: 'memory',
  effort: 'high',
  summary: 'Texture fetches and surface reads/writes in device code',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags texture fetches (\`tex1D\`, \`tex2D\`, \`tex3D\`, \`tex1Dfetch\`, layered, cubemap, gather, LOD and gradient forms) and surface reads and writes (\`surf*read\`, \`surf*write\`).

## Why is this a problem on Ascend
No texture or surface unit appears in the Ascend C API reference: no hardware filtering, addressing modes or normalised coordinates. Whatever the texture did in hardware (interpolation, clamping, border handling) must be computed explicitly.

## Example
\`\`\`cuda
__global__ void sample(cudaTextureObject_t tex, float* out, int w) {
  int x = threadIdx.x;
  out[x] = tex2D<float>(tex, x + 0.5f, 0.5f);
}
\`\`\`

## Use instead
Keep the image in global memory, copy the rows a tile needs into UB with \`DataCopy\`, and compute the interpolation with vector arithmetic (\`Mul\`, \`Add\`, \`Muls\`) on the tile. Clamp indices on the host-side tiling rather than per element.
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(FETCHES)) {
      ctx.report({
        span: call.nameSpan,
        message: `\`${call.name}\` has no equivalent on ${ctx.target.soc}: there is no texture unit; ${advice(call.name)}`,
      });
    }
  },
});

/** What replaces the fetch: integer-indexed fetches and surface accesses are plain loads and stores, filtered reads need their filtering computed. */
function advice(name: string): string {
  if (name === 'tex1Dfetch') return 'it is an unfiltered integer-indexed load: read the array from global memory (DataCopy of the range into UB), with any bounds clamping done explicitly';
  if (name.startsWith('surf')) return `it is an unfiltered ${name.endsWith('write') ? 'store to' : 'load from'} a 2-D/3-D array: use DataCopy with the row stride, and handle the boundary mode explicitly`;
  return 'copy the data into UB with DataCopy and compute the filtering (interpolation, addressing mode) explicitly, if the texture used one';
}
