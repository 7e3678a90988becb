/**
 * Fixes that write ACL names need `#include "acl/acl.h"`. A file that includes
 * `cuda_runtime.h` gets it from ASC501's fix of that directive; a file that relied on nvcc's
 * implicit include has none, so each such fix carries one more edit inserting the header
 * after the file's includes. The edit is identical in every fix, so fix-all applies it once
 * (`safeFixEdits` takes identical edits once).
 */
import type { LineIndex } from './syntax/positions';
import type { Finding, TextEdit } from './types';

/** Headers ASC501 rewrites to `acl/acl.h` (keep in step with rules/cuda-runtime-include.ts). */
const CUDA_HEADERS = new Set(['cuda_runtime.h', 'cuda_runtime_api.h', 'cuda.h']);
const ACL_HEADERS = new Set(['acl/acl.h', 'acl/acl_rt.h', 'acl/acl_base.h']);
/** An ACL runtime name in a fix's replacement text. */
const ACL_NAME = /\b(acl[A-Za-z]\w*|ACL_[A-Z0-9_]+)\b/;
export const ACL_INCLUDE = '#include "acl/acl.h"\n';

export function addAclInclude(findings: Finding[], text: string, maskedText: string, lines: LineIndex, eol = '\n'): void {
  if (!findings.some((f) => f.fixes?.some((x) => x.edits.some((e) => ACL_NAME.test(e.newText))))) return;
  const directive = /^[ \t]*#[ \t]*include[ \t]*(?=[<"])/gm;
  let lastIncludeLine = -1;
  for (let m = directive.exec(maskedText); m; m = directive.exec(maskedText)) {
    const open = m.index + m[0].length;
    const close = text.indexOf(text[open] === '<' ? '>' : '"', open + 1);
    const eol = text.indexOf('\n', open);
    if (close < 0 || (eol >= 0 && close > eol)) continue;
    const header = text.slice(open + 1, close).trim();
    if (CUDA_HEADERS.has(header) || ACL_HEADERS.has(header)) return;
    lastIncludeLine = lines.positionAt(m.index).line;
  }
  const line = lastIncludeLine + 1;
  // After a last line without a newline, the insertion starts one.
  const at = line < lines.lineCount ? { line, character: 0 } : { line: lastIncludeLine, character: lines.lineText(lastIncludeLine).length };
  const include = ACL_INCLUDE.replace('\n', eol);
  // In a CRLF file the inserted line ends with CRLF, like every other fix (analyze.ts).
  const edit: TextEdit = { range: { start: at, end: at }, newText: line < lines.lineCount ? include : `${eol}${include}` };
  for (const f of findings) {
    for (const fix of f.fixes ?? []) {
      if (fix.edits.some((e) => ACL_NAME.test(e.newText))) fix.edits.push({ range: { start: { ...edit.range.start }, end: { ...edit.range.end } }, newText: edit.newText });
    }
  }
}
