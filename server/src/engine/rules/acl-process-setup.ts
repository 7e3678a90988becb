import { ACL_SETUP, ACL_TEARDOWN, RUNTIME_FUNCTION } from '../runtime/table';
import { defineRule } from './rule';

export default defineRule({
  code: 'ASC529',
  name: 'acl-process-setup',
  family: 'host-runtime',
  effort: 'low',
  summary: '`main` uses the CUDA runtime but never initialises ACL (`aclInit`, `aclrtSetDevice`, teardown)',
  fixAvailability: 'always',
  severity: () => 'information',
  docs: `
## What it does
Flags a \`main\` function in a file that calls the CUDA runtime or launches kernels but never calls \`aclInit\`. It is reported once per file, on \`main\`.

## Why is this a problem on Ascend
The CUDA runtime initialises itself on first use. ACL does not: a process calls \`aclError aclInit(const char* configPath)\` once (\`nullptr\` is allowed), selects a device with \`aclrtSetDevice(int32_t deviceId)\`, and at the end releases it with \`aclrtResetDevice(deviceId)\` and \`aclFinalize()\`. Every other ACL call fails before \`aclInit\`.

## Example
\`\`\`cuda
int main() {
  float* d;
  cudaMalloc(&d, 1024);
  cudaFree(d);
  return 0;
}
\`\`\`

## Use instead
\`\`\`cpp
int main() {
  aclInit(nullptr);
  aclrtSetDevice(0);
  float* d;
  aclrtMalloc((void**)&d, 1024, ACL_MEM_MALLOC_HUGE_FIRST);
  aclrtFree(d);
  aclrtResetDevice(0);
  aclFinalize();
  return 0;
}
\`\`\`

## Fix safety
The fix inserts \`aclInit(nullptr)\` and \`aclrtSetDevice(0)\` at the top of \`main\` (only \`aclInit\` when the file already selects a device with \`cudaSetDevice\`), and \`aclrtResetDevice(0)\` and \`aclFinalize()\` before its final \`return\`. It is safe when \`main\` has one \`return\`, at its end, or none. With several returns or \`exit\` calls it is unsafe: the other exits skip the teardown.
`,
  check(ctx) {
    if (/\baclInit\s*\(/.test(ctx.text)) return;
    const main = ctx.facts.functions().find((f) => f.kind === 'host' && f.name === 'main' && f.bodySpan);
    if (!main) return;
    const usesRuntime = ctx.facts.launches().length > 0 || ctx.facts.calls().some((c) => RUNTIME_FUNCTION.has(c.name) || /^cuda[A-Z]/.test(c.name));
    if (!usesRuntime) return;
    const body = main.bodySpan!;
    const text = ctx.text;
    const inner = text.slice(body.start + 1, body.end - 1);
    const firstLine = /\n([ \t]+)\S/.exec(inner);
    const indent = firstLine ? firstLine[1]! : '  ';
    const setsDevice = ctx.facts.calls().some((c) => c.name === 'cudaSetDevice' || c.name === 'aclrtSetDevice');
    const setup = (setsDevice ? ACL_SETUP.slice(0, 1) : ACL_SETUP).map((l) => `\n${indent}${l}`).join('');
    const returns = [...inner.matchAll(/\breturn\b/g)].map((m) => body.start + 1 + m.index!);
    const exits = /\b(?:exit|abort)\s*\(/.test(inner);
    const last = returns[returns.length - 1];
    const tail = last !== undefined && /^[^;]*;\s*$/.test(text.slice(last, body.end - 1));
    const teardown = ACL_TEARDOWN.map((l) => `${l}\n${indent}`).join('');
    // After the opening line when the brace ends it (a trailing comment stays where it is).
    const braceLineEnd = text.indexOf('\n', body.start);
    const restOfLine = braceLineEnd < 0 ? '' : ctx.facts.maskedText.slice(body.start + 1, braceLineEnd);
    const edits =
      braceLineEnd >= 0 && restOfLine.trim() === ''
        ? [{ span: { start: braceLineEnd + 1, end: braceLineEnd + 1 }, newText: (setsDevice ? ACL_SETUP.slice(0, 1) : ACL_SETUP).map((l) => `${indent}${l}\n`).join('') }]
        : [{ span: { start: body.start + 1, end: body.start + 1 }, newText: setup }];
    if (tail) edits.push({ span: { start: last!, end: last! }, newText: teardown });
    else {
      const close = body.end - 1;
      const lineStart = text.lastIndexOf('\n', close - 1) + 1;
      const onOwnLine = text.slice(lineStart, close).trim() === '';
      edits.push(onOwnLine ? { span: { start: lineStart, end: lineStart }, newText: ACL_TEARDOWN.map((l) => `${indent}${l}\n`).join('') } : { span: { start: close, end: close }, newText: ` ${ACL_TEARDOWN.join(' ')} ` });
    }
    const safe = !exits && (returns.length === 0 || (returns.length === 1 && tail));
    ctx.report({
      span: main.nameSpan,
      message: '`main` uses the CUDA runtime but never calls `aclInit`: ACL needs `aclInit(nullptr)` and `aclrtSetDevice(id)` first, and `aclrtResetDevice(id)` and `aclFinalize()` at the end',
      fixes: [{ title: 'Insert ACL setup and teardown into main', safety: safe ? 'safe' : 'unsafe', edits }],
    });
  },
});
