import { runtimeFixes } from './support/runtime-fix';
import type { Severity } from '../types';
import { defineRule } from './rule';

const PEER: Readonly<Record<string, { use: string; severity?: Severity }>> = {
  cudaDeviceCanAccessPeer: { use: 'use `aclrtDeviceCanAccessPeer(int32_t* can, int32_t dev, int32_t peer)`' },
  cudaDeviceEnablePeerAccess: { use: 'use `aclrtDeviceEnablePeerAccess(int32_t peer, uint32_t flags)`' },
  cudaDeviceDisablePeerAccess: { use: 'no disable call was found in the ACL reference; check your CANN `acl_rt.h`', severity: 'warning' },
  cudaDeviceGetP2PAttribute: { use: 'no peer attribute query was found in the ACL reference; use `aclrtDeviceCanAccessPeer` for the access check', severity: 'warning' },
  cudaMemcpyPeer: {
    use: 'copy with `aclrtMemcpy(dst, destMax, src, count, kind)`; the reference lists the kind `ACL_MEMCPY_INTER_DEVICE_TO_DEVICE` but does not document it, so check it and enable peer access first',
    severity: 'warning',
  },
  cudaMemcpyPeerAsync: {
    use: 'copy with `aclrtMemcpyAsync(dst, destMax, src, count, kind, stream)`; the reference lists the kind `ACL_MEMCPY_INTER_DEVICE_TO_DEVICE` but does not document it, so check it and enable peer access first',
    severity: 'warning',
  },
};

export default defineRule({
  code: 'ASC521',
  name: 'cuda-peer-access',
  family: 'host-runtime',
  effort: 'low',
  summary: 'Peer-to-peer access between devices and peer copies',
  fixAvailability: 'sometimes',
  severity: () => 'information',
  docs: `
## What it does
Flags \`cudaDeviceCanAccessPeer\`, \`cudaDeviceEnablePeerAccess\`, \`cudaDeviceDisablePeerAccess\`, \`cudaDeviceGetP2PAttribute\`, \`cudaMemcpyPeer\` and \`cudaMemcpyPeerAsync\`.

## Why is this a problem on Ascend
ACL has the peer-access pair under other names and argument orders: \`aclrtDeviceCanAccessPeer(int32_t* can, int32_t dev, int32_t peer)\` and \`aclrtDeviceEnablePeerAccess(int32_t peer, uint32_t flags)\`. No disable call or peer attribute query was found in the reference. There is no separate peer copy: \`aclrtMemcpy\` takes a copy kind, and the kind list includes \`ACL_MEMCPY_INTER_DEVICE_TO_DEVICE\`, whose behaviour the reference does not describe, so peer copies are warnings.

## Example
\`\`\`cuda
void link(int dev, int peer) {
  int can = 0;
  cudaDeviceCanAccessPeer(&can, dev, peer);
  if (can) cudaDeviceEnablePeerAccess(peer, 0);
}
\`\`\`

## Use instead
\`\`\`cpp
void link(int32_t dev, int32_t peer) {
  int32_t can = 0;
  aclrtDeviceCanAccessPeer(&can, dev, peer);
  if (can) aclrtDeviceEnablePeerAccess(peer, 0);
}
\`\`\`

## Fix safety
\`cudaDeviceCanAccessPeer\` and \`cudaDeviceEnablePeerAccess\` with flags \`0\` are rewritten safely; other flags make the rewrite unsafe. Other calls get no fix.
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(new Set(Object.keys(PEER)))) {
      const m = PEER[call.name]!;
      ctx.report({ span: call.nameSpan, severity: m.severity, fixes: runtimeFixes(call), message: `\`${call.name}\` does not exist on ${ctx.target.soc}: ${m.use}` });
    }
  },
});
