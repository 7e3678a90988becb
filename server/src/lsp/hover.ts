/**
 * Hover on a finding shows its message and the rule's docs, so the explanation of the
 * Ascend situation is one mouse move away.
 */
import type { Connection, Hover, HoverParams, MarkupContent } from 'vscode-languageserver/node';
import { formatTarget, ruleByCode, type Finding, type Position, type Range } from '../engine';
import type { DocumentStore } from './documentStore';
import type { SettingsStore } from './settings';

export class HoverFeature {
  constructor(
    private readonly store: DocumentStore,
    private readonly settings: SettingsStore,
  ) {}

  register(connection: Connection): void {
    connection.onHover((p) => this.provideHover(p));
  }

  async provideHover(params: HoverParams): Promise<Hover | null> {
    const result = this.store.lastAnalysis(params.textDocument.uri);
    if (!result) return null;
    const hits = result.findings.filter((f) => contains(f.range, params.position));
    if (hits.length === 0) return null;
    const settings = await this.settings.get(params.textDocument.uri);
    const contents: MarkupContent = { kind: 'markdown', value: hits.map((f) => renderFinding(f, formatTarget(settings.target))).join('\n\n---\n\n') };
    return { contents, range: hits[0]!.range };
  }
}

export function renderFinding(f: Finding, target: string): string {
  const rule = ruleByCode(f.code);
  const head = `**${f.code} ${f.rule}** · ${f.severity} on ${target} · effort ${f.effort}`;
  const docs = rule ? rule.docs.trim().replace(/^## /gm, '#### ') : '';
  // VS Code already shows the diagnostic's message above the hover, so only the docs follow.
  return `${head}\n\n${docs}`;
}

function contains(r: Range, p: Position): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}

