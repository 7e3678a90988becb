import { defineRule } from './rule';
import { matchesInDeviceCode } from './support/device-code';

/** std:: names that compile to plain arithmetic or are compile-time only, left alone. */
const HARMLESS = /^std\s*::\s*(?:min|max|numeric_limits|is_same|enable_if|conditional|integral_constant|size_t|ptrdiff_t|int\d+_t|uint\d+_t|move|forward|declval|remove_\w+|decay)\b/;

export default defineRule({
  code: 'ASC609',
  name: 'device-stl',
  family: 'low-level',
  effort: 'medium',
  summary: 'Standard library (`std::`) use in device code',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags \`std::\` names used inside device functions, except compile-time helpers and \`std::min\`/\`std::max\` (type traits, \`numeric_limits\`, fixed-width integer types, \`move\`, \`forward\`).

## Why is this a problem on Ascend
The STL is not supported in Ascend C kernels: containers, algorithms and streams need the heap, exceptions or I/O, none of which exist on an AI Core.

## Example
\`\`\`cuda
#include <cmath>
__device__ float norm2(float x, float y) { return std::sqrt(x * x + y * y); }
\`\`\`

## Use instead
Use Ascend C tile APIs for the maths (\`Sqrt\`, \`Mul\`, \`Add\` over a \`LocalTensor\`) and fixed-size arrays or UB buffers instead of containers.
`,
  check(ctx) {
    for (const m of matchesInDeviceCode(ctx, /\bstd\s*::\s*\w+/g)) {
      if (HARMLESS.test(m.text)) continue;
      ctx.report({ span: m.span, message: `\`${m.text.replace(/\s+/g, '')}\` in device function \`${m.fn.name}\`: the STL is not available in ${ctx.target.soc} kernels` });
    }
  },
});
