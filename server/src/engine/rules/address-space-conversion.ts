import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/math.ts). */
export default defineRule({
  code: 'ASC113',
  name: 'address-space-conversion',
  family: 'memory',
  effort: 'medium',
  summary: "Generic-address conversions and predicates (`__cvta_generic_to_shared`, `__isShared`, `__isGlobal`, \u2026)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags in device code the conversions between generic and specific addresses (\`__cvta_generic_to_shared\`, \`__cvta_shared_to_generic\`, and the global, constant and local forms) and the address-space predicates \`__isShared\`, \`__isGlobal\`, \`__isConstant\`, \`__isLocal\` and \`__isGridConstant\`.

## Why is this a problem on Ascend
CUDA pointers are generic: one pointer type can hold a global, shared or local address, and code converts or tests it at run time (often to feed \`cp.async\` or \`ldmatrix\` PTX a shared-memory address). Ascend C has no generic address space: global memory is reached through \`__gm__\` pointers and \`GlobalTensor\`, the Unified Buffer only through \`LocalTensor\` objects handed out by a \`TQue\` or \`TBuf\`, and the space of every pointer is fixed by its type.

## Example
\`\`\`cuda
__device__ unsigned smem_addr(const void* p) {
  return static_cast<unsigned>(__cvta_generic_to_shared(p));
}
\`\`\`

## Use instead
Declare which memory each buffer lives in: \`GlobalTensor<T>\` over a \`__gm__ T*\` argument, \`LocalTensor<T>\` from \`queue.AllocTensor<T>()\`, and move data between them with \`DataCopy\`.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC113', { device: true });
  },
});
