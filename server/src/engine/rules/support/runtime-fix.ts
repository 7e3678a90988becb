/**
 * Fixes for CUDA runtime calls, taken from the runtime table (`engine/runtime/table.ts`),
 * so every host-runtime rule rewrites calls the same way and the coverage doc tells the
 * truth about what is rewritten.
 */
import type { CallSite } from '../../model/facts';
import { RUNTIME_FUNCTION } from '../../runtime/table';
import type { SpanFix } from '../rule';

export function runtimeFixes(call: CallSite): SpanFix[] {
  const entry = RUNTIME_FUNCTION.get(call.name);
  // `ns::cudaMalloc` or `obj.cudaMalloc` is somebody else's function.
  if (!entry?.rewrite || !entry.acl || call.qualified.replace(/^::/, '') !== call.name) return [];
  const rewrite = entry.rewrite(call.args.map((a) => a.text));
  if (!rewrite) return [];
  return [{ title: `Replace with ${entry.acl}`, safety: rewrite.safety, edits: [{ span: call.span, newText: rewrite.text }] }];
}
