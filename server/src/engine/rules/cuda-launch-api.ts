import type { Target } from '../target';
import { SOC_FACTS } from '../target';
import type { Severity } from '../types';
import { defineRule } from './rule';

function launchKernel(target: Target): string {
  return `\`aclrtLaunchKernel(aclrtFuncHandle funcHandle, uint32_t numBlocks, const void* argsData, size_t argsSize, aclrtStream stream)\` takes a handle from \`aclrtBinaryGetFunction\`, packed arguments and a 1-D core count${
    target.cann === '8.x' ? ' (it was read in the 2026 runtime headers; on CANN 8.x launch with `kernel<<<numBlocks, nullptr, stream>>>(...)` or `ACLRT_LAUNCH_KERNEL(kernel)(numBlocks, stream, ...)`)' : ''
  }`;
}

function cooperative(target: Target): string {
  return SOC_FACTS[target.soc].hardSyncAll
    ? 'launch normally with numBlocks at most the number of physical cores and synchronise the cores in the kernel with `SyncAll()`'
    : 'launch normally with numBlocks at most the number of physical cores and synchronise with the software `SyncAll()` (GM workspace), since this chip has no hardware all-core barrier';
}

const LAUNCH: Readonly<Record<string, { use: (t: Target) => string; severity: Severity }>> = {
  cudaLaunchKernel: { use: launchKernel, severity: 'warning' },
  cudaLaunchKernelEx: { use: launchKernel, severity: 'warning' },
  cudaLaunchKernelExC: { use: launchKernel, severity: 'warning' },
  cudaLaunchCooperativeKernel: { use: cooperative, severity: 'warning' },
  cudaLaunchCooperativeKernelMultiDevice: {
    use: () => 'no multi-device cooperative launch was found in the Ascend reference; launch on each device separately and synchronise through the host',
    severity: 'error',
  },
  cudaLaunchHostFunc: {
    use: () => 'use `aclrtLaunchCallback(aclrtCallback fn, void* userData, aclrtCallbackBlockType blockType, aclrtStream stream)`, with a thread registered by `aclrtSubscribeReport` to run the callbacks',
    severity: 'information',
  },
  cudaStreamAddCallback: {
    use: () => 'use `aclrtLaunchCallback(aclrtCallback fn, void* userData, aclrtCallbackBlockType blockType, aclrtStream stream)` with `aclrtSubscribeReport`, and check that the callback matches the `aclrtCallback` signature',
    severity: 'warning',
  },
};

export default defineRule({
  code: 'ASC526',
  name: 'cuda-launch-api',
  family: 'host-runtime',
  effort: 'medium',
  summary: 'Runtime launch calls: `cudaLaunchKernel`, cooperative launches, host callbacks',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags the launch calls of the runtime API: \`cudaLaunchKernel\`, \`cudaLaunchKernelEx\`, \`cudaLaunchCooperativeKernel\`, \`cudaLaunchCooperativeKernelMultiDevice\`, and host callbacks \`cudaLaunchHostFunc\` and \`cudaStreamAddCallback\`. Triple-chevron launches are reported by \`kernel-launch\`.

## Why is this a problem on Ascend
A driver-style launch exists: \`aclrtLaunchKernel(aclrtFuncHandle funcHandle, uint32_t numBlocks, const void* argsData, size_t argsSize, aclrtStream stream)\`, with the handle from \`aclrtBinaryGetFunction(...)\`. It takes one buffer of packed arguments instead of an array of pointers, and a 1-D count of AI Cores instead of grid and block dimensions; it was read in the 2026 runtime headers only. On CANN 8.x the documented launches are \`kernel<<<numBlocks, nullptr, stream>>>(args...)\` and \`ACLRT_LAUNCH_KERNEL(kernel)(numBlocks, stream, args...)\`.

Cooperative launches exist for grid-wide barriers. Ascend C has \`SyncAll()\` (hardware on A2/A3 and 950, software with a GM workspace elsewhere), valid when numBlocks does not exceed the physical core count, so a normal launch plus \`SyncAll()\` in the kernel replaces them. Host functions queued on a stream map to \`aclrtLaunchCallback(aclrtCallback fn, void* userData, aclrtCallbackBlockType blockType, aclrtStream stream)\`, which needs a thread subscribed with \`aclrtSubscribeReport\`.

## Example
\`\`\`cuda
__global__ void scale(float* x, int n);

void run(float* x, int n, cudaStream_t s) {
  void* args[] = {&x, &n};
  cudaLaunchKernel((const void*)scale, dim3(8), dim3(256), args, 0, s);
}
\`\`\`

## Use instead
\`\`\`cpp
void run(float* x, int n, uint32_t cores, aclrtStream s) {
  scale<<<cores, nullptr, s>>>(x, n);
}
\`\`\`
`,
  check(ctx) {
    for (const call of ctx.facts.callsTo(new Set(Object.keys(LAUNCH)))) {
      const m = LAUNCH[call.name]!;
      ctx.report({
        span: call.nameSpan,
        severity: m.severity,
        message: `\`${call.name}\` does not exist on ${ctx.target.soc}: ${m.use(ctx.target)}`,
      });
    }
  },
});
