import { defineRule } from './rule';

const HEADERS = new Set(['cuda_runtime.h', 'cuda_runtime_api.h', 'cuda.h']);

export default defineRule({
  code: 'ASC527',
  name: 'cuda-runtime-include',
  family: 'host-runtime',
  effort: 'low',
  summary: '`#include` of the CUDA runtime or driver header',
  fixAvailability: 'always',
  severity: () => 'information',
  docs: `
## What it does
Flags \`#include <cuda_runtime.h>\`, \`#include <cuda_runtime_api.h>\` and \`#include <cuda.h>\` (with angle brackets or quotes).

## Why is this a problem on Ascend
These headers do not exist in CANN. Host code that calls the ACL runtime (\`aclInit\`, \`aclrtSetDevice\`, \`aclrtMalloc\`, \`aclrtMemcpy\`, streams, events) includes \`"acl/acl.h"\` instead. Kernel code includes \`"kernel_operator.h"\`, which this rule does not add.

## Example
\`\`\`cuda
#include <cuda_runtime.h>
\`\`\`

## Use instead
\`\`\`cpp
#include "acl/acl.h"
\`\`\`

## Fix safety
The fix replaces the header name with \`"acl/acl.h"\` and is safe as an edit of the directive: nothing else in the file changes. The file only compiles again once the CUDA calls and types it declared have been ported, which the other host-runtime findings list.
`,
  check(ctx) {
    // Directives are not call sites: scan line starts of the masked text (commented-out includes are blanked).
    if (!ctx.text.includes('cuda')) return;
    const masked = ctx.facts.maskedText;
    const directive = /^[ \t]*#[ \t]*include[ \t]*(?=[<"])/gm;
    for (let m = directive.exec(masked); m; m = directive.exec(masked)) {
      const open = m.index + m[0].length;
      const close = ctx.text.indexOf(ctx.text[open] === '<' ? '>' : '"', open + 1);
      const eol = ctx.text.indexOf('\n', open);
      if (close < 0 || (eol >= 0 && close > eol)) continue;
      const header = ctx.text.slice(open + 1, close).trim();
      if (!HEADERS.has(header)) continue;
      const span = { start: open, end: close + 1 };
      ctx.report({
        span,
        message: `\`${header}\` does not exist on ${ctx.target.soc}: host code includes the ACL runtime with \`#include "acl/acl.h"\``,
        fixes: [{ title: 'Include acl/acl.h', safety: 'safe', edits: [{ span, newText: '"acl/acl.h"' }] }],
      });
    }
  },
});
