import { defineRule } from './rule';

/** `texture<T, dim, mode> name;` and `surface<void, dim> name;` declarations (the legacy reference API, removed in CUDA 12). */
const DECL = /(?<![\w:.])(texture|surface)\s*<[^;{}()]*>\s*(?:&\s*)?([A-Za-z_]\w*)\s*[;,=]/g;

export default defineRule({
  code: 'ASC110',
  name: 'legacy-texture-reference',
  family: 'memory',
  effort: 'medium',
  summary: 'Legacy texture and surface references (`texture<float, 1, cudaReadModeElementType> tex;`)',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags declarations of legacy texture and surface references, \`texture<T, dim, readMode> name;\` and \`surface<void, dim> name;\`, which code written before CUDA 12 binds with \`cudaBindTexture\` and reads with \`tex1Dfetch(name, i)\` or \`tex2D(name, x, y)\`. One finding per declaration.

## Why is this a problem on Ascend
There are no texture units, texture caches or samplers on Ascend, and the reference API was also removed from CUDA 12. The reads through the reference (ASC106) become explicit copies: the declaration itself is a global binding that has no counterpart, so the data has to reach the kernel as an ordinary global-memory argument.

## Example
\`\`\`cuda
texture<float, 1, cudaReadModeElementType> weights;
\`\`\`

## Use instead
Pass the buffer as a \`GM_ADDR\` kernel argument, copy the needed range GM→UB with \`DataCopy\`, and do any filtering or clamping with vector ops.
`,
  check(ctx) {
    if (!/\b(?:texture|surface)\s*</.test(ctx.text)) return;
    const masked = ctx.facts.maskedText;
    DECL.lastIndex = 0;
    for (let m = DECL.exec(masked); m; m = DECL.exec(masked)) {
      const lineStart = masked.lastIndexOf('\n', m.index) + 1;
      if (/^\s*#/.test(masked.slice(lineStart, m.index))) continue;
      // A template definition named texture (`template <…> struct texture`) is not a reference.
      if (/\b(?:struct|class)\s*$/.test(masked.slice(Math.max(0, m.index - 16), m.index))) continue;
      const nameAt = m.index + m[0].lastIndexOf(m[2]!);
      ctx.report({
        span: { start: m.index, end: nameAt + m[2]!.length },
        message: `\`${m[2]}\` is a legacy ${m[1]} reference: ${ctx.target.soc} has no textures; pass the buffer as a kernel argument and copy it into UB with DataCopy`,
      });
    }
  },
});
