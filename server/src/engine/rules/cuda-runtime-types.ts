import { MEMCPY_KINDS, RUNTIME_NAME } from '../runtime/table';
import { defineRule } from './rule';
import { runtimeFixes } from './support/runtime-fix';

/** Calls that use a handle of each type: a safe rename of the type must not leave one of them in CUDA. */
const USES: Readonly<Record<string, RegExp>> = { cudaEvent_t: /^cudaEvent|^cudaStreamWaitEvent$/, cudaStream_t: /^cudaStream|Async$/ };

const NAMES = ['cudaStream_t', 'cudaEvent_t', 'cudaMemcpyKind', ...Object.keys(MEMCPY_KINDS)];

export default defineRule({
  code: 'ASC528',
  name: 'cuda-runtime-types',
  family: 'host-runtime',
  effort: 'low',
  summary: 'CUDA runtime types and copy-kind constants (`cudaStream_t`, `cudaEvent_t`, `cudaMemcpyHostToDevice`, …)',
  fixAvailability: 'always',
  severity: () => 'information',
  docs: `
## What it does
Flags the CUDA runtime handle types \`cudaStream_t\` and \`cudaEvent_t\`, the enum \`cudaMemcpyKind\` and its constants (\`cudaMemcpyHostToDevice\` and the others) wherever they appear outside the arguments of a \`cudaMemcpy*\` call, whose own finding (and rewrite, where there is one) covers its copy kind.

## Why is this a problem on Ascend
None of these names exist in the ACL runtime. Its handles are \`aclrtStream\` and \`aclrtEvent\` (both \`void*\`), and copies take an \`aclrtMemcpyKind\`: \`ACL_MEMCPY_HOST_TO_DEVICE\`, \`ACL_MEMCPY_DEVICE_TO_HOST\`, \`ACL_MEMCPY_DEVICE_TO_DEVICE\`, \`ACL_MEMCPY_HOST_TO_HOST\`, \`ACL_MEMCPY_DEFAULT\`.

## Example
\`\`\`cuda
cudaStream_t stream;
cudaEvent_t done;
const cudaMemcpyKind upload = cudaMemcpyHostToDevice;
\`\`\`

## Use instead
\`\`\`cpp
aclrtStream stream;
aclrtEvent done;
const aclrtMemcpyKind upload = ACL_MEMCPY_HOST_TO_DEVICE;
\`\`\`

## Fix safety
The renames are safe: each name has exactly one ACL counterpart with the same role. The calls that use the handles are rewritten by their own rules. When one of those calls has no safe rewrite (for example \`cudaEventRecord\` on the default stream), renaming the handle type alone would leave a CUDA call on an ACL handle, so the rename is then unsafe and the finding a warning until that call is ported.
`,
  check(ctx) {
    if (!/cuda(?:Stream_t|Event_t|Memcpy)/.test(ctx.text)) return;
    const masked = ctx.facts.maskedText;
    // Copy kinds written as arguments of a cudaMemcpy* call belong to that call (its rewrite, or its own finding).
    const copies = new Set(ctx.facts.calls().filter((c) => c.name.startsWith('cudaMemcpy')).map((c) => c.name));
    const inCopy = copies.size ? ctx.facts.callsTo(copies).map((c) => c.argsSpan) : [];
    // The first use of each handle type whose own fix is unsafe or missing: renaming the type alone would not compile.
    const leftover = new Map<string, string>();
    for (const [type, use] of Object.entries(USES)) {
      if (!masked.includes(type)) continue;
      const call = ctx.facts.calls().find((c) => use.test(c.name) && c.name.startsWith('cuda') && !runtimeFixes(c).some((f) => f.safety === 'safe'));
      if (call) leftover.set(type, call.name);
    }
    const re = new RegExp(`\\b(${NAMES.join('|')})\\b`, 'g');
    for (let m = re.exec(masked); m; m = re.exec(masked)) {
      const start = m.index;
      const prev = masked.slice(Math.max(0, start - 2), start);
      if (prev.endsWith('.') || prev === '->' || (prev === '::' && /\w\s*::$/.test(masked.slice(Math.max(0, start - 40), start)))) continue;
      if (inCopy.some((s) => s.start <= start && start < s.end)) continue;
      const span = { start, end: start + m[1]!.length };
      const acl = RUNTIME_NAME.get(m[1]!)!.acl;
      const blocker = leftover.get(m[1]!);
      if (blocker) {
        ctx.report({
          span,
          severity: 'warning',
          message: `\`${m[1]}\` does not exist in the ACL runtime: use \`${acl}\` once \`${blocker}\` is ported too (its rewrite needs review)`,
          fixes: [{ title: `Replace with ${acl}`, safety: 'unsafe', edits: [{ span, newText: acl }] }],
        });
        continue;
      }
      ctx.report({
        span,
        message: `\`${m[1]}\` does not exist in the ACL runtime: use \`${acl}\``,
        fixes: [{ title: `Replace with ${acl}`, safety: 'safe', edits: [{ span, newText: acl }] }],
      });
    }
  },
});
