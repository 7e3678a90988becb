import { defineRule } from './rule';

const ALLOC = new Set(['cudaMallocAsync', 'cudaFreeAsync', 'cudaMallocFromPoolAsync']);
const POOL = /^cudaMemPool[A-Z]/;
const DEVICE_POOL = new Set(['cudaDeviceGetMemPool', 'cudaDeviceSetMemPool', 'cudaDeviceGetDefaultMemPool']);

export default defineRule({
  code: 'ASC516',
  name: 'cuda-mem-pool',
  family: 'host-runtime',
  effort: 'medium',
  summary: 'Stream-ordered allocation and memory pools',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags stream-ordered allocation (\`cudaMallocAsync\`, \`cudaFreeAsync\`, \`cudaMallocFromPoolAsync\`), every \`cudaMemPool*\` call and the device pool accessors \`cudaDeviceGetMemPool\`, \`cudaDeviceSetMemPool\` and \`cudaDeviceGetDefaultMemPool\`.

## Why is this a problem on Ascend
No stream-ordered allocator and no memory-pool API was found in the ACL runtime reference. Allocation is synchronous: \`aclrtMalloc(void** devPtr, size_t size, aclrtMemMallocPolicy policy)\` and \`aclrtFree(void* devPtr)\`. A port has to allocate before the stream work is issued and free only after \`aclrtSynchronizeStream\` has returned; code that allocates per iteration should keep its buffers and reuse them, which is what the pool did.

## Example
\`\`\`cuda
void step(float** d, size_t bytes, cudaStream_t s) {
  cudaMallocAsync((void**)d, bytes, s);
  cudaFreeAsync(*d, s);
}
\`\`\`

## Use instead
\`\`\`cpp
void step(float** d, size_t bytes, aclrtStream s) {
  aclrtMalloc((void**)d, bytes, ACL_MEM_MALLOC_HUGE_FIRST);
  aclrtSynchronizeStream(s);
  aclrtFree(*d);
}
\`\`\`
`,
  scope: 'declaration',
  check(ctx) {
    const names = new Set([...ALLOC, ...DEVICE_POOL]);
    for (const c of ctx.facts.calls()) if (POOL.test(c.name)) names.add(c.name);
    for (const call of ctx.facts.callsTo(names)) {
      const use = call.name === 'cudaFreeAsync'
        ? 'free with `aclrtFree(void* devPtr)` after `aclrtSynchronizeStream`'
        : ALLOC.has(call.name)
          ? 'allocate with `aclrtMalloc(devPtr, size, ACL_MEM_MALLOC_HUGE_FIRST)` before issuing the stream work and reuse the buffer'
          : 'keep long-lived `aclrtMalloc` buffers and reuse them instead of a pool';
      ctx.report({
        span: call.nameSpan,
        message: `\`${call.name}\` has no equivalent on ${ctx.target.soc}, where allocation is not stream-ordered: ${use}`,
      });
    }
  },
});
