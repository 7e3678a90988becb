import { runtimeFixes } from './support/runtime-fix';
import type { Severity } from '../types';
import { defineRule } from './rule';

const DEVICE: Readonly<Record<string, { use: string; severity?: Severity }>> = {
  cudaSetDevice: { use: 'use `aclrtSetDevice(int32_t deviceId)`, after `aclInit(nullptr)` once per process' },
  cudaGetDevice: { use: 'use `aclrtGetDevice(int32_t* deviceId)`' },
  cudaGetDeviceCount: { use: 'use `aclrtGetDeviceCount(uint32_t* count)`, which counts into an unsigned 32-bit integer' },
  cudaDeviceReset: { use: 'use `aclrtResetDevice(int32_t deviceId)`, which takes the device id, and `aclFinalize()` at process teardown' },
  cudaThreadExit: { use: 'use `aclrtResetDevice(int32_t deviceId)`, which takes the device id, and `aclFinalize()` at process teardown' },
  cudaSetDeviceFlags: { use: 'no device flags were found in the ACL reference; remove the call', severity: 'warning' },
  cudaGetDeviceFlags: { use: 'no device flags were found in the ACL reference; remove the call', severity: 'warning' },
  cudaChooseDevice: { use: 'no device chooser was found in the ACL reference; pick an id below `aclrtGetDeviceCount(uint32_t* count)` and call `aclrtSetDevice`', severity: 'warning' },
  cudaSetValidDevices: { use: 'no equivalent was found in the ACL reference; select the device with `aclrtSetDevice(int32_t deviceId)`', severity: 'warning' },
  cudaDeviceGetPCIBusId: { use: 'no PCI bus id query was found in the ACL reference', severity: 'warning' },
  cudaDeviceGetByPCIBusId: { use: 'no PCI bus id lookup was found in the ACL reference; select the device by id with `aclrtSetDevice`', severity: 'warning' },
};

export default defineRule({
  code: 'ASC509',
  name: 'cuda-device-select',
  family: 'host-runtime',
  effort: 'low',
  summary: 'CUDA device selection, enumeration and reset',
  fixAvailability: 'sometimes',
  severity: () => 'information',
  docs: `
## What it does
Flags \`cudaSetDevice\`, \`cudaGetDevice\`, \`cudaGetDeviceCount\`, \`cudaDeviceReset\`, the deprecated \`cudaThreadExit\`, and the device flag, chooser and PCI bus id calls.

## Why is this a problem on Ascend
ACL needs \`aclInit(const char* configPath)\` (\`nullptr\` is fine) once per process before any other call; the CUDA runtime initialises itself. Then \`aclrtSetDevice(int32_t deviceId)\` selects a device and creates its default context, \`aclrtGetDevice(int32_t* deviceId)\` and \`aclrtGetDeviceCount(uint32_t* count)\` query, and teardown is \`aclrtResetDevice(int32_t deviceId)\` followed by \`aclFinalize()\`. Note that \`aclrtResetDevice\` takes the device id, and that the count is unsigned. No equivalent of the device flags, \`cudaChooseDevice\`, \`cudaSetValidDevices\` or the PCI bus id calls was found in the ACL reference; these are warnings, since they can usually be dropped. \`cudaSetDeviceFlags(cudaDeviceMapHost)\` is an error: mapped host memory has no equivalent.

## Example
\`\`\`cuda
int pick() {
  int n = 0;
  cudaGetDeviceCount(&n);
  cudaSetDevice(n - 1);
  return n;
}
\`\`\`

## Use instead
\`\`\`cpp
int pick() {
  uint32_t n = 0;
  aclInit(nullptr);
  aclrtGetDeviceCount(&n);
  aclrtSetDevice((int32_t)n - 1);
  return (int)n;
}
\`\`\`
At exit: \`aclrtResetDevice(deviceId)\` then \`aclFinalize()\`.

## Fix safety
\`cudaSetDevice\` and \`cudaGetDevice\` are rewritten safely. \`cudaGetDeviceCount\` is unsafe: the count becomes a \`uint32_t*\` through a cast. \`cudaDeviceReset\` is unsafe: the ACL call needs the device id, which the fix leaves as a \`TODO(ascend-port)\`. Other calls get no fix.
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(new Set(Object.keys(DEVICE)))) {
      if (call.name === 'cudaSetDeviceFlags' && call.args.some((a) => /\bcudaDeviceMapHost\b/.test(a.text))) {
        ctx.report({
          span: call.nameSpan,
          severity: 'error',
          message: `\`cudaSetDeviceFlags(cudaDeviceMapHost)\` enables mapped host memory, which has no equivalent on ${ctx.target.soc}: copy host data into \`aclrtMalloc\` buffers with \`aclrtMemcpy\``,
        });
        continue;
      }
      const m = DEVICE[call.name]!;
      ctx.report({ span: call.nameSpan, severity: m.severity, fixes: runtimeFixes(call), message: `\`${call.name}\` does not exist on ${ctx.target.soc}: ${m.use}` });
    }
  },
});
