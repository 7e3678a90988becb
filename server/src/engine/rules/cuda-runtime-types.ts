import { MEMCPY_KINDS, RUNTIME_NAME } from '../runtime/table';
import { defineRule } from './rule';

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
The renames are safe: each name has exactly one ACL counterpart with the same role. The calls that use the handles are rewritten by their own rules.
`,
  check(ctx) {
    if (!/cuda(?:Stream_t|Event_t|Memcpy)/.test(ctx.text)) return;
    const masked = ctx.facts.maskedText;
    // Copy kinds written as arguments of a cudaMemcpy* call belong to that call (its rewrite, or its own finding).
    const copies = new Set(ctx.facts.calls().filter((c) => c.name.startsWith('cudaMemcpy')).map((c) => c.name));
    const inCopy = copies.size ? ctx.facts.callsTo(copies).map((c) => c.argsSpan) : [];
    const re = new RegExp(`\\b(${NAMES.join('|')})\\b`, 'g');
    for (let m = re.exec(masked); m; m = re.exec(masked)) {
      const start = m.index;
      const prev = masked.slice(Math.max(0, start - 2), start);
      if (prev.endsWith('.') || prev === '->' || (prev === '::' && /\w\s*::$/.test(masked.slice(Math.max(0, start - 40), start)))) continue;
      if (inCopy.some((s) => s.start <= start && start < s.end)) continue;
      const span = { start, end: start + m[1]!.length };
      const acl = RUNTIME_NAME.get(m[1]!)!.acl;
      ctx.report({
        span,
        message: `\`${m[1]}\` does not exist in the ACL runtime: use \`${acl}\``,
        fixes: [{ title: `Replace with ${acl}`, safety: 'safe', edits: [{ span, newText: acl }] }],
      });
    }
  },
});
