/**
 * Hover on a finding shows its message and the rule's docs, so the explanation of the
 * Ascend situation is one mouse move away.
 */
import type { Connection, Hover, HoverParams, MarkupContent } from 'vscode-languageserver/node';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { apiHoverAt, formatTarget, ruleByCode, type Finding, type Position, type Range } from '../engine';
import type { DocumentStore } from './documentStore';
import type { SettingsStore } from './settings';

export class HoverFeature {
  constructor(
    private readonly store: DocumentStore,
    private readonly settings: SettingsStore,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly kernelHover?: (uri: string, position: Position) => Promise<Hover | null>,
  ) {}

  register(connection: Connection): void {
    connection.onHover((p) => this.provideHover(p));
  }

  async provideHover(params: HoverParams): Promise<Hover | null> {
    const result = this.store.lastAnalysis(params.textDocument.uri);
    const hits = result?.findings.filter((f) => contains(f.range, params.position)) ?? [];
    const settings = await this.settings.get(params.textDocument.uri);
    if (hits.length === 0) {
      // The kernel breakdown needs estimates of the current text, that is an analysis of it:
      // only when the last analysis has a kernel name there (a hover in the middle of typing
      // elsewhere must not wait for an analysis of a version the edits are about to replace).
      const onKernelName = result?.kernels.some((k) => contains(k.nameRange, params.position)) ?? true;
      const kernel = onKernelName ? await this.kernelHover?.(params.textDocument.uri, params.position) : null;
      return kernel ?? this.apiHover(params, settings.target);
    }
    const contents: MarkupContent = { kind: 'markdown', value: hits.map((f) => renderFinding(f, formatTarget(settings.target))).join('\n\n---\n\n') };
    return { contents, range: hits[0]!.range };
  }

  /** Hover on an Ascend C or ACL API name (in .asc files and in C++ files with ported code). */
  private apiHover(params: HoverParams, target: Parameters<typeof apiHoverAt>[2]): Hover | null {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc) return null;
    const text = doc.getText();
    const hit = apiHoverAt(text, doc.offsetAt(params.position), target);
    if (!hit) return null;
    // In CUDA files a bare `Add` or `Max` is usually the user's own; only qualified Ascend C names count there.
    if (doc.languageId === 'cuda-cpp' && !/AscendC\s*::\s*$/.test(text.slice(Math.max(0, hit.start - 16), hit.start)) && !/^(acl|ACL_)/.test(hit.name)) return null;
    return { contents: { kind: 'markdown', value: hit.markdown }, range: { start: doc.positionAt(hit.start), end: doc.positionAt(hit.end) } };
  }
}

/**
 * A finding's hover: the line-specific message and "Use instead" first (what a reader needs
 * at this line), then the rest of the rule's docs below a rule.
 */
export function renderFinding(f: Finding, target: string): string {
  const rule = ruleByCode(f.code);
  const head = `**${f.code} ${f.rule}** · ${f.severity} on ${target} · effort ${f.effort}`;
  const sections = rule ? splitSections(rule.docs) : [];
  const useInstead = sections.find((x) => /^use instead$/i.test(x.title));
  const rest = sections.filter((x) => x !== useInstead).map((x) => `#### ${x.title}\n${x.body}`).join('\n\n');
  const parts = [head, f.message];
  if (useInstead) parts.push(`#### Use instead\n${useInstead.body}`);
  if (rest) parts.push('---', rest);
  return parts.join('\n\n');
}

function splitSections(docs: string): { title: string; body: string }[] {
  const out: { title: string; body: string }[] = [];
  for (const chunk of docs.trim().split(/^## /m)) {
    if (!chunk.trim()) continue;
    const nl = chunk.indexOf('\n');
    out.push({ title: (nl < 0 ? chunk : chunk.slice(0, nl)).trim(), body: nl < 0 ? '' : chunk.slice(nl + 1).trim() });
  }
  return out;
}

function contains(r: Range, p: Position): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}

