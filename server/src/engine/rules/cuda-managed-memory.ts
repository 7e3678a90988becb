import type { Severity } from '../types';
import { defineRule } from './rule';

const MANAGED: Readonly<Record<string, { use: string; severity?: Severity }>> = {
  cudaMallocManaged: { use: 'allocate device memory with `aclrtMalloc` and host memory with `aclrtMallocHost`, and copy between them with `aclrtMemcpy`' },
  cudaMemPrefetchAsync: { use: 'move the data explicitly with `aclrtMemcpyAsync` on an aclrtStream' },
  cudaMemAdvise: { use: 'remove the hint; data placement is explicit (`aclrtMalloc` plus `aclrtMemcpy`)' },
  cudaMemAdvise_v2: { use: 'remove the hint; data placement is explicit (`aclrtMalloc` plus `aclrtMemcpy`)' },
  cudaMemRangeGetAttribute: { use: 'track where each buffer lives in the host code' },
  cudaMemRangeGetAttributes: { use: 'track where each buffer lives in the host code' },
  cudaStreamAttachMemAsync: { use: 'there is nothing to attach; copy the data explicitly with `aclrtMemcpyAsync`' },
  cudaPointerGetAttributes: { use: 'no pointer-attribute query was found in the ACL reference either; track which buffers come from `aclrtMalloc` and which from `aclrtMallocHost`', severity: 'warning' },
};

export default defineRule({
  code: 'ASC514',
  name: 'cuda-managed-memory',
  family: 'host-runtime',
  effort: 'high',
  summary: 'Unified (managed) memory and unified-addressing queries',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags the unified-memory API: \`cudaMallocManaged\`, \`cudaMemPrefetchAsync\`, \`cudaMemAdvise\`, \`cudaMemRangeGetAttribute(s)\` and \`cudaStreamAttachMemAsync\`, and the unified-addressing query \`cudaPointerGetAttributes\` (a warning). The \`__managed__\` qualifier is not reported here.

## Why is this a problem on Ascend
No managed-memory allocator was found in the CANN 8.1 ACL header; the 2026 header only declares an \`aclrtMemManagedAdviseType\` enum, so support is unconfirmed. Memory from \`aclrtMallocHost\` cannot be used by the device directly. Code that lets the host and the kernel touch the same pointer has to be split into a device buffer (\`aclrtMalloc\`), a host buffer (\`aclrtMallocHost\` or ordinary memory) and explicit copies (\`aclrtMemcpy\` / \`aclrtMemcpyAsync\`) at each hand-over, with \`aclrtSynchronizeStream\` before the host reads results. Prefetches and advice then have nothing to act on.

## Example
\`\`\`cuda
float* make(size_t n) {
  float* x;
  cudaMallocManaged(&x, n * sizeof(float));
  return x;
}
\`\`\`

## Use instead
\`\`\`cpp
void make(float** d_x, float** h_x, size_t n) {
  aclrtMalloc((void**)d_x, n * sizeof(float), ACL_MEM_MALLOC_HUGE_FIRST);
  aclrtMallocHost((void**)h_x, n * sizeof(float));
}
\`\`\`
Copy with \`aclrtMemcpy\` wherever the CUDA code relied on migration.
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(new Set(Object.keys(MANAGED)))) {
      const m = MANAGED[call.name]!;
      ctx.report({
        span: call.nameSpan,
        severity: m.severity,
        message: `\`${call.name}\` has no equivalent on ${ctx.target.soc}, which has no unified memory: ${m.use}`,
      });
    }
  },
});
