/**
 * Parsed documents keyed by URI, kept in step with the editor's text. Each update
 * reparses incrementally; the last analysis is cached per document version so hover and
 * code actions reuse it. Trees are deleted when documents close.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { admitText, estimateDocument, type AnalysisResult, type DocumentEstimates, type Engine, type ParsedDocument, type SourceContext } from '../engine';
import type { Settings } from './settings';

interface Entry {
  doc: ParsedDocument | null;
  version: number;
  analysis?: { version: number; key: string; context?: SourceContext; result: AnalysisResult };
  estimates?: { version: number; key: string; context?: SourceContext; result: DocumentEstimates };
}

export class DocumentStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly engine: Engine,
    /** The build context of a document (lsp/buildContext.ts); the same object until its configuration or a header it reads changes. */
    private readonly contextOf?: (uri: string, settings: Settings) => SourceContext,
  ) {}

  /**
   * Analyses the current version of `td` in its build context, reusing the cached result
   * when nothing changed (same version, settings and context; a header change gives a new context).
   */
  analyze(td: TextDocument, settings: Settings): AnalysisResult {
    const key = JSON.stringify([settings.target, settings.maxFileBytes, settings.severities]);
    let entry = this.entries.get(td.uri);
    const context = this.contextOf?.(td.uri, settings);
    if (entry?.analysis && entry.analysis.version === td.version && entry.analysis.key === key && entry.analysis.context === context) return entry.analysis.result;

    const text = td.getText();
    const admitted = admitText(text, settings.maxFileBytes);
    if (!admitted.ok) {
      entry?.doc?.dispose();
      const result = this.engine.analyzeText(text, { target: settings.target, maxFileBytes: settings.maxFileBytes, severities: settings.severities });
      this.entries.set(td.uri, { doc: null, version: td.version, analysis: { version: td.version, key, context, result } });
      return result;
    }
    if (!entry || !entry.doc) {
      entry = { doc: this.engine.open(text, context), version: td.version };
      this.entries.set(td.uri, entry);
    } else {
      if (entry.version !== td.version) {
        entry.doc.update(text);
        entry.version = td.version;
      }
      if (context && entry.doc.context !== context) entry.doc.setContext(context);
    }
    const result = this.engine.analyze(entry.doc!, { target: settings.target, severities: settings.severities });
    entry.analysis = { version: td.version, key, context, result };
    return result;
  }

  /** Cube/Vector estimates of the current version (null for skipped files), cached like analyses. */
  estimates(td: TextDocument, settings: Settings): DocumentEstimates | null {
    this.analyze(td, settings);
    const entry = this.entries.get(td.uri);
    if (!entry?.doc) return null;
    const key = JSON.stringify([settings.target, settings.estimates.defaults, settings.estimates.hardware]);
    if (entry.estimates && entry.estimates.version === td.version && entry.estimates.key === key && entry.estimates.context === entry.doc.context) return entry.estimates.result;
    const result = estimateDocument(entry.doc, { target: settings.target, defaults: settings.estimates.defaults, hardware: settings.estimates.hardware });
    entry.estimates = { version: td.version, key, context: entry.doc.context, result };
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
