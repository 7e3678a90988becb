import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC553',
  name: 'driver-peer-access',
  family: 'host-runtime',
  effort: 'medium',
  summary: "CUDA driver peer access (`cuDeviceCanAccessPeer`, `cuCtxEnablePeerAccess`, `cuDeviceGetP2PAttribute`)",
  fixAvailability: 'sometimes',
  severity: () => 'warning',
  docs: `
## What it does
Flags \`cuDeviceCanAccessPeer\`, \`cuCtxEnablePeerAccess\`, \`cuCtxDisablePeerAccess\` and the \`cuDeviceGetP2P*\` queries.

## Why is this a problem on Ascend
\`aclrtDeviceCanAccessPeer(&can, dev, peer)\` and \`aclrtDeviceEnablePeerAccess(peerDeviceId, flags)\` exist; peer access is enabled by device id, not by context. The reference names no disable call and no peer attributes.

## Example
\`\`\`cuda
#include <cuda.h>
int peer(CUdevice a, CUdevice b) { int c = 0; cuDeviceCanAccessPeer(&c, a, b); return c; }
\`\`\`

## Use instead
\`int32_t can = 0; aclrtDeviceCanAccessPeer(&can, dev, peer); aclrtDeviceEnablePeerAccess(peer, 0);\`

## Fix safety
\`cuDeviceCanAccessPeer(&c, a, b)\` becomes \`aclrtDeviceCanAccessPeer(&c, a, b)\` (safe: a \`CUdevice\` is an int ordinal). Context-based calls are not rewritten.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC553');
  },
});
