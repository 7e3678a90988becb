import { defineRule } from './rule';

const SYMBOL = new Set([
  'cudaMemcpyToSymbol',
  'cudaMemcpyFromSymbol',
  'cudaMemcpyToSymbolAsync',
  'cudaMemcpyFromSymbolAsync',
  'cudaGetSymbolAddress',
  'cudaGetSymbolSize',
]);

export default defineRule({
  code: 'ASC513',
  name: 'cuda-memcpy-symbol',
  family: 'host-runtime',
  effort: 'medium',
  summary: 'Copies to and from `__constant__` / `__device__` symbols',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags \`cudaMemcpyToSymbol\`, \`cudaMemcpyFromSymbol\`, their \`Async\` forms, \`cudaGetSymbolAddress\` and \`cudaGetSymbolSize\`: the host side of \`__constant__\` and \`__device__\` global variables.

## Why is this a problem on Ascend
No constant memory and no device-global symbol API was found in the Ascend C or ACL reference, so there is nothing to copy to by name. The data has to travel another way: small constants as scalar kernel arguments or in a POD tiling struct passed by value; larger tables in a device buffer allocated with \`aclrtMalloc\`, filled with \`aclrtMemcpy\`, passed to the kernel as a \`GM_ADDR\` and read with \`DataCopy\` into UB.

## Example
\`\`\`cuda
__constant__ float coeffs[16];

void upload(const float* h) {
  cudaMemcpyToSymbol(coeffs, h, sizeof(coeffs));
}
\`\`\`

## Use instead
\`\`\`cpp
void upload(float* d_coeffs, const float* h) {
  aclrtMemcpy(d_coeffs, 16 * sizeof(float), h, 16 * sizeof(float), ACL_MEMCPY_HOST_TO_DEVICE);
}
\`\`\`
Pass \`d_coeffs\` to the kernel as an argument.
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(SYMBOL)) {
      const target = call.args[call.name.startsWith('cudaMemcpyToSymbol') ? 0 : 1]?.text;
      ctx.report({
        span: call.nameSpan,
        message: `\`${call.name}\`${target ? ` on \`${target}\`` : ''} has no equivalent on ${ctx.target.soc}: there are no constant or device-global symbols, so pass the data as kernel arguments or copy it into an \`aclrtMalloc\` buffer with \`aclrtMemcpy\``,
      });
    }
  },
});
