/**
 * Fixes computed when a consumer asks for one finding's (`Finding.fixOnDemand`), not with
 * every analysis: ASC001's launch rewrite needs the kernel's port, which would otherwise
 * cost every analysis of a file with launches a port of each launched kernel. The editor's
 * light bulb and the cost report ask; a scan does not.
 */
import { toFix } from './analyze';
import { FileFacts } from './model/facts';
import { ruleByCode } from './rules';
import type { ParsedDocument } from './syntax/document';
import type { Target } from './target';
import type { Finding, Fix } from './types';

/** The fixes of `finding` (reported by an analysis of `doc`'s current text on `target`), or none. */
export function fixesOnDemand(doc: ParsedDocument, finding: Pick<Finding, 'code' | 'range' | 'fixOnDemand'>, target: Target): Fix[] {
  if (!finding.fixOnDemand) return [];
  const rule = ruleByCode(finding.code);
  if (!rule?.fixOnDemand) return [];
  const lines = doc.lines;
  const span = { start: lines.offsetAt(finding.range.start), end: lines.offsetAt(finding.range.end) };
  const facts = FileFacts.of(doc);
  const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
  return rule.fixOnDemand({ target, text: doc.text, facts }, span).map((f) => toFix(f, lines, eol));
}
