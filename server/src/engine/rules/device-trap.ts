import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/math.ts). */
export default defineRule({
  code: 'ASC610',
  name: 'device-trap',
  family: 'low-level',
  effort: 'low',
  summary: "Device traps and breakpoints (`__trap`, `__brkpt`)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags \`__trap()\` and \`__brkpt()\` in device code.

## Why is this a problem on Ascend
\`__trap\` aborts the whole grid with a launch error the host sees, and \`__brkpt\` stops under a debugger. Neither is in the Ascend C reference: a kernel that detects bad input has to report it through memory and return.

## Example
\`\`\`cuda
__global__ void check(const int* x, int n) {
  if (x[0] > n) __trap();
}
\`\`\`

## Use instead
Validate shapes and tiling on the host before the launch; inside the kernel, write an error code to a global-memory word, return, and read the word after \`aclrtSynchronizeStream\`.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC610', { device: true });
  },
});
