/**
 * Estimates in the editor: a code lens above each kernel (target · Cube % · bound · time @
 * shapes), inlay hints at launch sites (derived numBlocks and per-core tile), and a hover
 * breakdown on a kernel's name. Each surface has its own setting. Lenses and hints are
 * refreshed when the settings (and so the target) change.
 */
import type { CodeLens, CodeLensParams, Connection, Hover, InlayHint, InlayHintParams, Position, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentStore } from './documentStore';
import type { SettingsStore } from './settings';

/** Client command the lens runs: edit the `// ascend-port: assume …` annotation of a kernel. */
export const SET_ASSUMPTIONS_COMMAND = 'ascendPort.setAssumptions';

export class EstimatesFeature {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly store: DocumentStore,
    private readonly settings: SettingsStore,
  ) {}

  /** Code lenses are answered by the server's one handler (server.ts), which adds the verify lenses. */
  register(connection: Connection): void {
    connection.languages.inlayHint.on((p) => this.inlayHints(p));
  }

  private async estimates(uri: string) {
    const td = this.documents.get(uri);
    if (!td || td.languageId === 'ascendc') return null;
    const settings = await this.settings.get(uri);
    return { settings, estimates: this.store.estimates(td, settings) };
  }

  async codeLenses(params: CodeLensParams): Promise<CodeLens[]> {
    const r = await this.estimates(params.textDocument.uri);
    if (!r?.estimates || !r.settings.estimates.codeLens) return [];
    return r.estimates.kernels.map((k) => {
      const assumptions = Object.entries(k.shapes)
        .map(([name, s]) => `${name}=${s.value}`)
        .concat(`dtype=${k.dtype}`)
        .join(' ');
      return {
        range: { start: k.range.start, end: k.range.start },
        command: { title: k.lens, command: SET_ASSUMPTIONS_COMMAND, arguments: [params.textDocument.uri, k.range.start.line, assumptions] },
      };
    });
  }

  async inlayHints(params: InlayHintParams): Promise<InlayHint[]> {
    const r = await this.estimates(params.textDocument.uri);
    if (!r?.estimates || !r.settings.estimates.inlayHints) return [];
    const inside = (p: Position) => (p.line > params.range.start.line || (p.line === params.range.start.line && p.character >= params.range.start.character)) && (p.line < params.range.end.line || (p.line === params.range.end.line && p.character <= params.range.end.character));
    return r.estimates.launches.filter((l) => inside(l.position)).map((l) => ({ position: l.position, label: ` ${l.label}`, tooltip: l.tooltip, paddingLeft: true }));
  }

  /** The breakdown for a hover on a kernel's name, or null. */
  async hover(uri: string, position: Position): Promise<Hover | null> {
    const r = await this.estimates(uri);
    if (!r?.estimates || !r.settings.estimates.hover) return null;
    const k = r.estimates.kernels.find((x) => x.nameRange.start.line === position.line && position.character >= x.nameRange.start.character && position.character <= x.nameRange.end.character);
    return k ? { contents: { kind: 'markdown', value: k.hover }, range: k.nameRange } : null;
  }
}
