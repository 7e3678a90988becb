/**
 * Push diagnostics: analyse on open, change and settings change; publish the findings.
 * Edits are coalesced: a change waits until the edits have paused for CHANGE_QUIET_MS (at
 * most CHANGE_MAX_WAIT_MS during continuous typing), and then only the latest version is
 * analysed. The JSON-RPC layer dispatches one message per event-loop turn, so without the
 * pause every keystroke of a burst would get its own analysis, and hovers would wait
 * behind all of them. Skipped files (binary, too large) and partial parses are announced
 * once per document with `window/showMessage` and the `ascendPort/notice` notification.
 */
import { MessageType, type Connection, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult } from '../engine';
import { toDiagnostic } from './convert';
import type { DocumentStore } from './documentStore';
import type { SettingsStore } from './settings';

export const NOTICE_NOTIFICATION = 'ascendPort/notice';

export interface NoticeParams {
  uri: string;
  kind: 'skipped' | 'partial';
  message: string;
}

/** Quiet time after the last edit before its document is analysed. */
export const CHANGE_QUIET_MS = 25;
/** Longest an edited document waits for its analysis while edits keep coming. */
export const CHANGE_MAX_WAIT_MS = 400;

export class DiagnosticsFeature {
  private readonly pending = new Set<string>();
  private scheduled = false;
  /** Documents edited since their last analysis, with the time of the first such edit. */
  private readonly edited = new Map<string, number>();
  private editTimer: NodeJS.Timeout | undefined;

  /** `uri|reason` pairs already announced, so a notice shows once, not on every keystroke. */
  private readonly announced = new Set<string>();
  private readonly settingsProblemsShown = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly store: DocumentStore,
    private readonly settings: SettingsStore,
  ) {}

  register(): void {
    this.documents.onDidOpen((e) => this.schedule(e.document.uri));
    this.documents.onDidChangeContent((e) => this.scheduleEdited(e.document.uri));
    this.documents.onDidClose((e) => {
      this.pending.delete(e.document.uri);
      this.edited.delete(e.document.uri);
      this.store.close(e.document.uri);
      this.settings.forget(e.document.uri);
      for (const k of [...this.announced]) if (k.startsWith(`${e.document.uri}|`)) this.announced.delete(k);
      void this.connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    });
  }

  /** Re-analyse every open document (after a settings change). */
  refreshAll(): void {
    for (const d of this.documents.all()) this.schedule(d.uri);
  }

  /** After an edit: analyse once the edits pause (or the longest wait is over). */
  private scheduleEdited(uri: string): void {
    if (!this.edited.has(uri)) this.edited.set(uri, Date.now());
    if (this.editTimer) clearTimeout(this.editTimer);
    const oldest = Math.min(...this.edited.values());
    const wait = Math.max(0, Math.min(CHANGE_QUIET_MS, oldest + CHANGE_MAX_WAIT_MS - Date.now()));
    this.editTimer = setTimeout(() => {
      this.editTimer = undefined;
      const uris = [...this.edited.keys()];
      this.edited.clear();
      for (const u of uris) this.schedule(u);
    }, wait);
  }

  schedule(uri: string): void {
    this.pending.add(uri);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const uris = [...this.pending];
    this.pending.clear();
    for (const uri of uris) {
      try {
        await this.publish(uri);
      } catch (e) {
        this.connection.console.error(`ascend-port: analysing ${uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
    }
  }

  private async publish(uri: string): Promise<void> {
    const settings = await this.settings.get(uri);
    // The document may have closed while settings were fetched.
    const td = this.documents.get(uri);
    if (!td) return;
    if (settings.problems.length && !this.settingsProblemsShown.has(settings.problems.join())) {
      this.settingsProblemsShown.add(settings.problems.join());
      void this.connection.window.showWarningMessage(`Ascend Port settings: ${settings.problems.join('; ')}`);
    }
    // Ascend C files get highlighting and API hovers, not CUDA porting diagnostics.
    if (td.languageId === 'ascendc') {
      await this.connection.sendDiagnostics({ uri, version: td.version, diagnostics: [] });
      return;
    }
    const result = this.store.analyze(td, settings);
    this.announce(uri, result);
    for (const err of result.ruleErrors) this.connection.console.error(`ascend-port: ${err} (${uri})`);
    await this.connection.sendDiagnostics({ uri, version: td.version, diagnostics: result.findings.map((f) => toDiagnostic(f, uri)) });
  }

  private announce(uri: string, result: AnalysisResult): void {
    for (const n of result.notices) {
      // Unknown codes in suppression comments are shown by the CLI; a pop-up per keystroke would be noise.
      if (n.kind === 'suppressed') continue;
      const key = `${uri}|${n.reason}`;
      if (this.announced.has(key)) continue;
      this.announced.add(key);
      const name = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
      const params: NoticeParams = { uri, kind: n.kind as NoticeParams['kind'], message: n.message };
      void this.connection.sendNotification(NOTICE_NOTIFICATION, params);
      void this.connection.sendNotification('window/showMessage', { type: MessageType.Info, message: `Ascend Port: ${name}: ${n.message}` });
    }
  }
}
