import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC556',
  name: 'driver-graphics-interop',
  family: 'host-runtime',
  effort: 'high',
  summary: "CUDA driver graphics interoperability (`cuGraphicsMapResources`, `cuGraphicsResourceGetMappedPointer`, `cuGL*`, `cuD3D*`, `cuEGL*`)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags \`cuGraphics*\` calls and the OpenGL, Direct3D, EGL and VDPAU interop calls of the driver API (\`cuGL*\`, \`cuD3D*\`, \`cuEGL*\`, \`cuVDPAU*\`).

## Why is this a problem on Ascend
Ascend NPUs render nothing and share no buffers with a graphics API. Results that fed a renderer must be copied back to the host with \`aclrtMemcpy\` and uploaded from there.

## Example
\`\`\`cuda
#include <cuda.h>
void unreg(CUgraphicsResource r) { cuGraphicsUnregisterResource(r); }
\`\`\`

## Use instead
Copy the result to a host buffer with \`aclrtMemcpy\` and hand that to the renderer.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC556');
  },
});
