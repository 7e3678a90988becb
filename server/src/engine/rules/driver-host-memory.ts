import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC548',
  name: 'driver-host-memory',
  family: 'host-runtime',
  effort: 'medium',
  summary: "CUDA driver mapped and registered host memory and pointer attributes (`cuMemHostRegister`, `cuMemHostGetDevicePointer`, `cuPointerGetAttribute`)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags \`cuMemHostRegister\`, \`cuMemHostUnregister\`, \`cuMemHostGetDevicePointer\`, \`cuMemHostGetFlags\`, \`cuPointerGetAttribute(s)\`, \`cuPointerSetAttribute\` and \`cuFlushGPUDirectRDMAWrites\`.

## Why is this a problem on Ascend
ACL host memory is never mapped into the device: \`aclrtMallocHost\` memory must be copied with \`aclrtMemcpy\` before a kernel reads it, and existing host memory cannot be registered. There are no pointer attributes to query: track where each buffer lives.

## Example
\`\`\`cuda
#include <cuda.h>
void pin(void* p, size_t n) { cuMemHostRegister(p, n, 0); }
\`\`\`

## Use instead
Allocate staging buffers with \`aclrtMallocHost\` and copy with \`aclrtMemcpy\`.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC548');
  },
});
