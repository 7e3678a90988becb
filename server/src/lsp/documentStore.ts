/**
 * Parsed documents keyed by URI, kept in step with the editor's text. Each update
 * reparses incrementally; the last analysis is cached per document version so hover and
 * code actions reuse it. Trees are deleted when documents close.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { admitText, estimateDocument, type AnalysisResult, type DocumentEstimates, type Engine, type ParsedDocument } from '../engine';
import type { Settings } from './settings';

interface Entry {
  doc: ParsedDocument | null;
  version: number;
  analysis?: { version: number; key: string; result: AnalysisResult };
  estimates?: { version: number; key: string; result: DocumentEstimates };
}

export class DocumentStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly engine: Engine) {}

  /** Analyses the current version of `td`, reusing the cached result when nothing changed. */
  analyze(td: TextDocument, settings: Settings): AnalysisResult {
    const key = JSON.stringify([settings.target, settings.maxFileBytes, settings.severities]);
    let entry = this.entries.get(td.uri);
    if (entry?.analysis && entry.analysis.version === td.version && entry.analysis.key === key) return entry.analysis.result;

    const text = td.getText();
    const admitted = admitText(text, settings.maxFileBytes);
    if (!admitted.ok) {
      entry?.doc?.dispose();
      const result = this.engine.analyzeText(text, { target: settings.target, maxFileBytes: settings.maxFileBytes, severities: settings.severities });
      this.entries.set(td.uri, { doc: null, version: td.version, analysis: { version: td.version, key, result } });
      return result;
    }
    if (!entry || !entry.doc) {
      entry = { doc: this.engine.open(text), version: td.version };
      this.entries.set(td.uri, entry);
    } else if (entry.version !== td.version) {
      entry.doc.update(text);
      entry.version = td.version;
    }
    const result = this.engine.analyze(entry.doc!, { target: settings.target, severities: settings.severities });
    entry.analysis = { version: td.version, key, result };
    return result;
  }

  /** Cube/Vector estimates of the current version (null for skipped files), cached like analyses. */
  estimates(td: TextDocument, settings: Settings): DocumentEstimates | null {
    this.analyze(td, settings);
    const entry = this.entries.get(td.uri);
    if (!entry?.doc) return null;
    const key = JSON.stringify([settings.target, settings.estimates.defaults, settings.estimates.hardware]);
    if (entry.estimates && entry.estimates.version === td.version && entry.estimates.key === key) return entry.estimates.result;
    const result = estimateDocument(entry.doc, { target: settings.target, defaults: settings.estimates.defaults, hardware: settings.estimates.hardware });
    entry.estimates = { version: td.version, key, result };
    return result;
  }

  /** The parsed document and its version, after `analyze` (code actions that need the tree). */
  parsed(uri: string): { doc: ParsedDocument; version: number } | undefined {
    const e = this.entries.get(uri);
    return e?.doc ? { doc: e.doc, version: e.version } : undefined;
  }

  /** The last analysis of `uri`, whatever its version (hover and code actions). */
  lastAnalysis(uri: string): AnalysisResult | undefined {
    return this.entries.get(uri)?.analysis?.result;
  }

  close(uri: string): void {
    this.entries.get(uri)?.doc?.dispose();
    this.entries.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.entries.keys()]) this.close(uri);
  }
}
