import { ACL_SETUP, ACL_TEARDOWN, RUNTIME_FUNCTION } from '../runtime/table';
import type { SyntaxNode } from '../syntax/parser';
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
The fix inserts \`aclInit(nullptr)\` and \`aclrtSetDevice(0)\` at the top of \`main\` (only \`aclInit\` when the file already selects a device with \`cudaSetDevice(dev)\`), and \`aclrtResetDevice\` of the selected device (\`dev\`, or 0) and \`aclFinalize()\` on lines of their own before its final \`return\`, found in the syntax tree (a \`return\` in a string or a comment does not count). It is safe when \`main\` has one \`return\`, at its end, or none. With several returns or \`exit\` calls it is unsafe: the other exits skip the teardown. It is also unsafe when the device is selected in a nested block or another function, where \`dev\` may not be in scope at the end of \`main\`.
`,
  check(ctx) {
    // From the same syntax tree that finds `main`: a comment mentioning aclInit does not count,
    // and an inserted call is always seen (the fix converges).
    if (ctx.facts.calls().some((c) => c.name === 'aclInit')) return;
    const main = ctx.facts.functions().find((f) => f.kind === 'host' && f.name === 'main' && f.bodySpan);
    if (!main) return;
    // Either launch form uses the runtime (a wrapper launch is a runtime launch in the wrapper).
    const usesRuntime = ctx.facts.launches().length > 0 || ctx.facts.calls().some((c) => RUNTIME_FUNCTION.has(c.name) || /^cuda[A-Z]/.test(c.name));
    if (!usesRuntime) return;
    // Every anchor comes from the syntax tree: a `return` in a string or a comment is not a return.
    const body = ctx.facts.nodeAt(main.span, 'function_definition')?.childForFieldName('body');
    if (!body || body.type !== 'compound_statement') return;
    const text = ctx.text;
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const statements = body.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
    const indent = indentOf(text, statements[0]?.startIndex) ?? '  ';
    const returns = returnsOf(body);
    const exits = main.calls.some((c) => EXITS.has(c.name));

    // The device the program selects is the one to reset; without a selection, the fix selects 0.
    const select = ctx.facts.calls().find((c) => (c.name === 'cudaSetDevice' || c.name === 'aclrtSetDevice') && c.args.length === 1);
    const selectInMainTop = !!select && statements.some((s) => s.startIndex <= select.span.start && select.span.end <= s.endIndex && s.type === 'expression_statement');
    const device = select ? select.args[0]!.text : '0';
    // `dev` set in a nested block or another function may not be in scope at main's end.
    const deviceInScope = !select || /^\d+$/.test(device) || selectInMainTop;
    const setup = select ? ACL_SETUP.slice(0, 1) : ACL_SETUP;
    const teardown = ACL_TEARDOWN.map((l) => l.replace('aclrtResetDevice(0)', `aclrtResetDevice(${device})`));

    const open = body.startIndex;
    const braceLineEnd = text.indexOf('\n', open);
    const restOfLine = braceLineEnd < 0 ? '' : ctx.facts.maskedText.slice(open + 1, braceLineEnd).replace(/\r$/, '');
    const edits =
      braceLineEnd >= 0 && restOfLine.trim() === ''
        ? [{ span: { start: braceLineEnd + 1, end: braceLineEnd + 1 }, newText: setup.map((l) => `${indent}${l}${eol}`).join('') }]
        : [{ span: { start: open + 1, end: open + 1 }, newText: setup.map((l) => `${eol}${indent}${l}`).join('') }];

    const last = statements[statements.length - 1];
    // Tree nodes are fresh wrappers on every access: compare positions, not objects.
    const tail = last?.type === 'return_statement' && returns.some((r) => r.startIndex === last.startIndex) ? last : undefined;
    if (tail) {
      // Before the final return, on lines of their own at its indentation; the return's own
      // line is left exactly as it was.
      const ownIndent = indentOf(text, tail.startIndex);
      if (ownIndent !== undefined) {
        const lineStart = tail.startIndex - ownIndent.length;
        edits.push({ span: { start: lineStart, end: lineStart }, newText: teardown.map((l) => `${ownIndent}${l}${eol}`).join('') });
      } else edits.push({ span: { start: tail.startIndex, end: tail.startIndex }, newText: `${teardown.join(' ')} ` });
    } else {
      const close = body.endIndex - 1;
      const lineStart = text.lastIndexOf('\n', close - 1) + 1;
      const onOwnLine = text.slice(lineStart, close).trim() === '';
      edits.push(onOwnLine ? { span: { start: lineStart, end: lineStart }, newText: teardown.map((l) => `${indent}${l}${eol}`).join('') } : { span: { start: close, end: close }, newText: ` ${teardown.join(' ')} ` });
    }
    // An empty body (`{\n}`) puts setup and teardown at one offset: one edit, setup first,
    // rather than two insertions at the same place (which fix-all treats as overlapping).
    if (edits.length === 2 && edits[0]!.span.start === edits[1]!.span.start && edits[0]!.span.end === edits[1]!.span.end) {
      edits.splice(0, 2, { span: edits[0]!.span, newText: edits[0]!.newText + edits[1]!.newText });
    }
    const safe = deviceInScope && !exits && (returns.length === 0 || (returns.length === 1 && !!tail));
    ctx.report({
      span: main.nameSpan,
      message: '`main` uses the CUDA runtime but never calls `aclInit`: ACL needs `aclInit(nullptr)` and `aclrtSetDevice(id)` first, and `aclrtResetDevice(id)` and `aclFinalize()` at the end',
      fixes: [{ title: 'Insert ACL setup and teardown into main', safety: safe ? 'safe' : 'unsafe', edits }],
    });
  },
});

const EXITS = new Set(['exit', 'abort', '_Exit', 'quick_exit']);

/** The indentation before `offset` when only spaces and tabs precede it on its line. */
function indentOf(text: string, offset: number | undefined): string | undefined {
  if (offset === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/** `return` statements that leave `main`: not those of lambdas or local classes inside it. */
function returnsOf(body: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const stack: SyntaxNode[] = [body];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'return_statement') out.push(n);
    if (n !== body && (n.type === 'lambda_expression' || n.type === 'class_specifier' || n.type === 'struct_specifier' || n.type === 'function_definition')) continue;
    for (let i = n.namedChildCount - 1; i >= 0; i--) {
      const c = n.namedChild(i);
      if (c) stack.push(c);
    }
  }
  return out;
}
