import { defineRule } from './rule';

const IPC = /^cudaIpc[A-Z]/;

export default defineRule({
  code: 'ASC517',
  name: 'cuda-ipc',
  family: 'host-runtime',
  effort: 'high',
  summary: 'Inter-process memory and event handles (`cudaIpc*`)',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags every \`cudaIpc*\` call: \`cudaIpcGetMemHandle\`, \`cudaIpcOpenMemHandle\`, \`cudaIpcCloseMemHandle\`, \`cudaIpcGetEventHandle\` and \`cudaIpcOpenEventHandle\`.

## Why is this a problem on Ascend
No inter-process sharing of device memory or events was found in the ACL runtime reference this tool relies on. Processes that exchanged device buffers through IPC handles need another design: one process that owns the device and the buffers, copies through host memory with \`aclrtMemcpy\`, or peer access between devices of the same process (\`aclrtDeviceCanAccessPeer\`, \`aclrtDeviceEnablePeerAccess\`). Collective communication libraries are outside this rule.

## Example
\`\`\`cuda
void share(void* d, cudaIpcMemHandle_t* h) {
  cudaIpcGetMemHandle(h, d);
}
\`\`\`

## Use instead
Keep the buffer in the process that owns the device, or copy it out through host memory:
\`\`\`cpp
void share(void* h_out, const void* d, size_t bytes) {
  aclrtMemcpy(h_out, bytes, d, bytes, ACL_MEMCPY_DEVICE_TO_HOST);
}
\`\`\`
`,
  scope: 'declaration',
  check(ctx) {
    const names = new Set<string>();
    for (const c of ctx.facts.calls()) if (IPC.test(c.name)) names.add(c.name);
    for (const call of ctx.facts.callsTo(names)) {
      ctx.report({
        span: call.nameSpan,
        message: `\`${call.name}\` has no equivalent on ${ctx.target.soc}: no inter-process handle API was found in the ACL reference, so keep the buffer in one process or copy it through host memory with \`aclrtMemcpy\``,
      });
    }
  },
});
