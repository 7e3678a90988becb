import type { Target } from '../target';
import type { Severity, Span } from '../types';
import { RUNTIME_FUNCTION, RUNTIME_NAME } from '../runtime/table';
import { defineRule, type SpanFix } from './rule';
import { runtimeFixes } from './support/runtime-fix';

function recentMsg(target: Target): string {
  return `\`const char* aclGetRecentErrMsg()\`, which takes no error code and describes the most recent failure${target.cann === '8.x' ? ' (seen in the 2026 runtime headers; check your CANN 8.x)' : ''}`;
}

const CALLS: Readonly<Record<string, { use: (t: Target) => string; severity?: Severity }>> = {
  cudaGetLastError: { use: () => 'use `aclrtGetLastError(ACL_RT_THREAD_LEVEL)`, which returns an `aclError`' },
  cudaPeekAtLastError: { use: () => 'use `aclrtPeekAtLastError(ACL_RT_THREAD_LEVEL)`, which returns an `aclError`' },
  cudaGetErrorString: { use: (t) => `use ${recentMsg(t)}`, severity: 'warning' },
  cudaGetErrorName: { use: (t) => `no error-name lookup was found in the ACL reference; use ${recentMsg(t)}`, severity: 'warning' },
};

const NAMES: Readonly<Record<string, string>> = {
  cudaError_t: 'use `aclError` (`typedef int aclError`)',
  cudaError: 'use `aclError` (`typedef int aclError`)',
  cudaSuccess: 'compare with `ACL_SUCCESS` (0)',
};

/** Whether the identifier at `at` is a member (`x.n`, `p->n`) or scoped (`ns::n`) name; `::n` is global. */
function qualified(masked: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && /\s/.test(masked[i]!)) i--;
  if (masked[i] === '.' || (masked[i] === '>' && masked[i - 1] === '-')) return true;
  if (masked[i] === ':' && masked[i - 1] === ':') {
    i -= 2;
    while (i >= 0 && /\s/.test(masked[i]!)) i--;
    return i >= 0 && /[\w>]/.test(masked[i]!);
  }
  return false;
}

/** Whether the name at `at` follows a type, i.e. a user declaration such as `const int cudaSuccess = 0`. */
function declared(masked: string, at: number): boolean {
  const before = /([A-Za-z_]\w*)\s*$/.exec(masked.slice(Math.max(0, at - 64), at));
  return !!before && !['return', 'case', 'throw', 'co_return', 'else', 'do'].includes(before[1]!);
}

/** A call inside a `#define` body, rewritten from the table (the call is found lexically: bodies are not parsed). */
function defineFix(text: string, masked: string, name: string, open: number): SpanFix[] {
  const entry = RUNTIME_FUNCTION.get(name);
  if (!entry?.rewrite) return [];
  let depth = 0;
  const args: string[] = [];
  let argStart = open + 1;
  for (let i = open; i < masked.length; i++) {
    const c = masked[i]!;
    if (c === '\n' && masked[i - 1] !== '\\' && masked[i - 2] !== '\\') return [];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ',' && depth === 1) {
      args.push(text.slice(argStart, i));
      argStart = i + 1;
    } else if (c === ')' || c === ']' || c === '}') {
      if (--depth === 0) {
        const last = text.slice(argStart, i);
        if (last.trim() || args.length) args.push(last);
        const r = entry.rewrite(args);
        const start = open - name.length;
        return r ? [{ title: `Replace with ${entry.acl}`, safety: r.safety, edits: [{ span: { start, end: i + 1 }, newText: r.text }] }] : [];
      }
    }
  }
  return [];
}

export default defineRule({
  code: 'ASC511',
  name: 'cuda-error-handling',
  family: 'host-runtime',
  effort: 'low',
  summary: 'CUDA error queries, `cudaError_t` and `cudaSuccess`',
  fixAvailability: 'sometimes',
  severity: () => 'information',
  docs: `
## What it does
Flags \`cudaGetLastError\`, \`cudaPeekAtLastError\`, \`cudaGetErrorString\` and \`cudaGetErrorName\` (also inside \`#define\` bodies, where error-check macros usually live), and every use of the type \`cudaError_t\` (or \`cudaError\`) and of the constant \`cudaSuccess\`.

## Why is this a problem on Ascend
Every ACL call returns \`aclError\` (\`typedef int aclError;\`) with \`ACL_SUCCESS = 0\` on success, so error-check macros and variables must change type and constant. The sticky-error queries map to \`aclError aclrtGetLastError(aclrtLastErrLevel level)\` and \`aclrtPeekAtLastError(level)\` with level \`ACL_RT_THREAD_LEVEL\`. There is no lookup from an error code to a string: \`const char* aclGetRecentErrMsg()\` returns the message of the most recent failure (it was read in the 2026 runtime headers only, so check it on CANN 8.x). Those two lookups are warnings.

## Example
\`\`\`cuda
void check() {
  cudaError_t err = cudaGetLastError();
  if (err != cudaSuccess) printf("%s\\n", cudaGetErrorString(err));
}
\`\`\`

## Use instead
\`\`\`cpp
void check() {
  aclError err = aclrtGetLastError(ACL_RT_THREAD_LEVEL);
  if (err != ACL_SUCCESS) printf("%s\\n", aclGetRecentErrMsg());
}
\`\`\`

## Fix safety
Renaming \`cudaError_t\` to \`aclError\` and \`cudaSuccess\` to \`ACL_SUCCESS\` is safe: both are plain integers with 0 for success. \`cudaGetLastError()\` and \`cudaPeekAtLastError()\` become \`aclrtGetLastError(ACL_RT_THREAD_LEVEL)\` and \`aclrtPeekAtLastError(ACL_RT_THREAD_LEVEL)\`, safely. \`cudaGetErrorString(err)\` becomes \`aclGetRecentErrMsg()\`, which is unsafe: it ignores the code and describes the most recent failure. Calls inside \`#define\` bodies are rewritten the same way.
`,
  check(ctx) {
    const soc = ctx.target.soc;
    const report = (name: string, span: Span, fixes: SpanFix[] = []) => {
      const m = CALLS[name]!;
      ctx.report({ span, severity: m.severity, fixes, message: `\`${name}\` does not exist on ${soc}: ${m.use(ctx.target)}` });
    };
    // Calls in `#define` bodies are reported below with the fix that keeps the macro's line continuations.
    for (const call of ctx.facts.callsTo(new Set(Object.keys(CALLS)))) if (!ctx.facts.macroAt(call.span.start)) report(call.name, call.nameSpan, runtimeFixes(call));

    if (!/cudaError|cudaSuccess|cudaGet|cudaPeek/.test(ctx.text)) return;
    const masked = ctx.facts.maskedText;
    // Macro bodies are not parsed, so calls there are found lexically.
    const define = /^[ \t]*#[ \t]*define\b(?:[^\n\\]|\\\r?\n|\\)*/gm;
    for (let d = define.exec(masked); d; d = define.exec(masked)) {
      const inner = /\b(cudaGetLastError|cudaPeekAtLastError|cudaGetErrorString|cudaGetErrorName)\s*\(/g;
      for (let m = inner.exec(d[0]); m; m = inner.exec(d[0])) {
        const start = d.index + m.index;
        if (ctx.facts.isInactive(start)) continue;
        if (!qualified(masked, start)) report(m[1]!, { start, end: start + m[1]!.length }, defineFix(ctx.text, masked, m[1]!, start + m[0].length - 1));
      }
    }

    const ident = /\b(cudaError_t|cudaError|cudaSuccess)\b/g;
    for (let m = ident.exec(masked); m; m = ident.exec(masked)) {
      if (qualified(masked, m.index) || (m[1] === 'cudaSuccess' && declared(masked, m.index))) continue;
      const span = { start: m.index, end: m.index + m[1]!.length };
      const acl = RUNTIME_NAME.get(m[1]!)!.acl;
      ctx.report({
        span,
        message: `\`${m[1]}\` does not exist on ${soc}: ${NAMES[m[1]!]}`,
        fixes: [{ title: `Replace with ${acl}`, safety: 'safe', edits: [{ span, newText: acl }] }],
      });
    }
  },
});
