/**
 * Push diagnostics: analyse on open, change and settings change; publish the findings.
 * An edit that finds the server idle (no analysis running or pending, none ended in the last
 * IDLE_MS) is analysed as soon as the messages already received are handled: one keystroke
 * after a pause gets its diagnostics without a wait. Edits that follow are coalesced: a
 * change waits until the edits have paused (CHANGE_QUIET_MS, longer
 * for a document whose analysis is slow; at most CHANGE_MAX_WAIT_MS during continuous
 * typing), and then only the latest version is analysed. The JSON-RPC layer dispatches one message per event-loop turn, so without the
 * pause every keystroke of a burst would get its own analysis, and hovers would wait
 * behind all of them. Skipped files (binary, too large) and partial parses are announced
 * once per document with `window/showMessage` and the `ascendPort/notice` notification.
 */
import { MessageType, type Connection, type Diagnostic, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult } from '../engine';
import { inactiveDiagnostic, toDiagnostic } from './convert';
import type { BuildContexts } from './buildContext';
import type { DocumentStore } from './documentStore';
import type { SettingsStore } from './settings';
import { uriBaseName, uriToPath } from './uri';

export const NOTICE_NOTIFICATION = 'ascendPort/notice';

export interface NoticeParams {
  uri: string;
  kind: 'skipped' | 'partial' | 'read-only';
  message: string;
}

/**
 * Quiet time after the last edit before its document is analysed: at least this, and half
 * the last analysis's duration (up to CHANGE_QUIET_MAX_MS), so that a slow analysis is not
 * repeated for every keystroke of a burst.
 */
export const CHANGE_QUIET_MS = 50;
export const CHANGE_QUIET_MAX_MS = 300;
/** Longest an edited document waits for its analysis while edits keep coming (or twice the last analysis). */
export const CHANGE_MAX_WAIT_MS = 500;
/** Event-loop turns without an edit before an analysis starts (queued messages arrive one per turn). */
export const QUEUE_DRAIN_TURNS = 3;
/**
 * An edit handled this soon after an analysis ended was queued behind it (typing faster than
 * the analysis): it waits for quiet like the rest of its burst instead of starting at once.
 */
export const IDLE_MS = 5;

export class DiagnosticsFeature {
  private readonly pending = new Set<string>();
  private scheduled = false;
  /** Documents edited since their last analysis, with the time of the first such edit. */
  private readonly edited = new Map<string, number>();
  private editTimer: NodeJS.Timeout | undefined;
  private lastEditAt = 0;
  /** Counts edits, so a wait can tell whether one arrived meanwhile. */
  private editSeq = 0;
  /** When the last analysis ended, and how long it took. */
  private busyUntil = 0;
  private lastAnalysisMs = 0;
  /** A flush is publishing (its analysis may await settings or the connection). */
  private running = false;
  private disposed = false;

  /** `uri|reason` pairs already announced, so a notice shows once, not on every keystroke. */
  private readonly announced = new Set<string>();
  private readonly settingsProblemsShown = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly store: DocumentStore,
    private readonly settings: SettingsStore,
    /** Build contexts and the header index; without it documents are analysed alone. */
    private readonly contexts?: BuildContexts,
    /** Asks the client to pull code lenses and inlay hints again (after dependants of a header were re-analysed). */
    private readonly refreshViews: () => void = () => undefined,
  ) {}

  /** Dependants of a changed header, re-analysed in the current flush; views refresh after it. */
  private readonly dependantsPending = new Set<string>();

  /** Diagnostics other features add to a document (model violations found by "Verify port"). */
  private readonly extra = new Map<string, Diagnostic[]>();

  /** Replaces the added diagnostics of `uri` and publishes them with the analysis (or alone, for a closed file). */
  setExtra(uri: string, diagnostics: Diagnostic[]): void {
    if (diagnostics.length) this.extra.set(uri, diagnostics);
    else this.extra.delete(uri);
    if (this.documents.get(uri)) this.schedule(uri);
    else void this.connection.sendDiagnostics({ uri, diagnostics });
  }

  register(): void {
    // `TextDocuments` fires onDidChangeContent right after onDidOpen, with the same event:
    // an opened document is analysed once, at once, not a second time after the edit delay
    // (that second analysis could publish with settings a configuration change had replaced).
    const opening = new WeakSet<object>();
    this.documents.onDidOpen((e) => {
      opening.add(e);
      this.schedule(e.document.uri);
      // An opened header's editor text replaces its disk text for the documents that read it.
      this.headerChanged(e.document.uri);
    });
    this.documents.onDidChangeContent((e) => {
      if (!opening.has(e)) this.scheduleEdited(e.document.uri);
    });
    this.documents.onDidClose((e) => {
      this.contexts?.forget(e.document.uri);
      // Its dependants read the disk again.
      setImmediate(() => this.headerChanged(e.document.uri));
      this.pending.delete(e.document.uri);
      this.edited.delete(e.document.uri);
      this.store.close(e.document.uri);
      this.settings.forget(e.document.uri);
      for (const k of [...this.announced]) if (k.startsWith(`${e.document.uri}|`)) this.announced.delete(k);
      void this.connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    });
  }

  /** Stops pending work (on shutdown, before the engine's memory is freed). */
  dispose(): void {
    this.disposed = true;
    if (this.editTimer) clearTimeout(this.editTimer);
    this.edited.clear();
    this.pending.clear();
  }

  /** Re-analyse every open document (after a settings change). */
  refreshAll(): void {
    for (const d of this.documents.all()) this.schedule(d.uri);
  }

  /**
   * The text of the header at `uri` changed (an edit in the editor, opened or closed, or
   * changed on disk): the open documents that read it get a new context and are re-analysed.
   */
  headerChanged(uriOrPath: string): void {
    if (!this.contexts || this.disposed) return;
    const file = uriOrPath.includes('://') ? uriToPath(uriOrPath) : uriOrPath;
    if (!file) return;
    for (const dep of this.contexts.headerChanged(file)) {
      if (dep === uriOrPath || !this.documents.get(dep)) continue;
      this.dependantsPending.add(dep);
      this.schedule(dep);
    }
  }

  /** After an edit: analyse once the edits pause (or the longest wait is over). */
  private scheduleEdited(uri: string): void {
    const now = Date.now();
    // The first edit after a pause: nothing runs, waits or just ended.
    const idle = !this.edited.size && !this.pending.size && !this.scheduled && !this.running && !this.editTimer && now - this.busyUntil >= IDLE_MS;
    this.editSeq++;
    this.lastEditAt = now;
    if (!this.edited.has(uri)) this.edited.set(uri, now);
    if (idle) this.analyseEdited();
    else this.armEditTimer();
  }

  /**
   * Quiet time is counted from the last edit or the end of the last analysis, whichever is
   * later: time spent analysing is not quiet (the edits that arrived meanwhile are still
   * queued, and the JSON-RPC layer hands them over one per event-loop turn).
   */
  private armEditTimer(): void {
    if (this.editTimer) clearTimeout(this.editTimer);
    if (!this.edited.size || this.disposed) return;
    const now = Date.now();
    const due = this.analysisDue();
    this.editTimer = setTimeout(() => {
      this.editTimer = undefined;
      if (Date.now() < this.analysisDue()) {
        this.armEditTimer();
        return;
      }
      this.analyseEdited();
    }, Math.max(0, due - now));
  }

  /** Analyses the edited documents once the messages already received are handled (see `afterQueueDrains`). */
  private analyseEdited(): void {
    this.afterQueueDrains(() => {
      const uris = [...this.edited.keys()];
      this.edited.clear();
      for (const u of uris) this.schedule(u);
      // Edits to a header reach the documents that include it once the edits pause.
      for (const u of uris) this.headerChanged(u);
    });
  }

  /**
   * Runs `analyse` once the messages already received have been handled. The JSON-RPC layer
   * hands queued messages over one per event-loop turn, so wall-clock quiet is not enough on a
   * busy machine: a burst read in one chunk would be analysed between its own edits, and a
   * hover queued behind them would wait for every one of those analyses. So wait a few
   * turns; if an edit arrives meanwhile, the queue was not empty: wait for quiet again,
   * unless the longest wait is over.
   */
  private afterQueueDrains(analyse: () => void): void {
    const seq = this.editSeq;
    let turns = QUEUE_DRAIN_TURNS;
    const hop = () => {
      if (this.disposed) return;
      if (this.editSeq !== seq && Date.now() < this.latestDue()) {
        this.armEditTimer();
        return;
      }
      if (--turns > 0) setImmediate(hop);
      else analyse();
    };
    setImmediate(hop);
  }

  /** The longest wait of the edited documents: analysed by then even while edits keep coming. */
  private latestDue(): number {
    if (!this.edited.size) return 0;
    return Math.max(Math.min(...this.edited.values()), this.busyUntil) + Math.max(CHANGE_MAX_WAIT_MS, 2 * this.lastAnalysisMs);
  }

  /** When the edited documents are next analysed: after a quiet time, or at the longest wait. */
  private analysisDue(): number {
    const quiet = Math.min(CHANGE_QUIET_MAX_MS, Math.max(CHANGE_QUIET_MS, this.lastAnalysisMs / 2));
    const maxWait = Math.max(CHANGE_MAX_WAIT_MS, 2 * this.lastAnalysisMs);
    const quietAt = Math.max(this.lastEditAt, this.busyUntil) + quiet;
    const latest = Math.max(Math.min(...this.edited.values()), this.busyUntil) + maxWait;
    return Math.min(quietAt, latest);
  }

  schedule(uri: string): void {
    if (this.disposed) return;
    this.pending.add(uri);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const uris = [...this.pending];
    this.pending.clear();
    this.running = true;
    for (const uri of uris) {
      try {
        await this.publish(uri);
      } catch (e) {
        this.connection.console.error(`ascend-port: analysing ${uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
      this.busyUntil = Date.now();
    }
    this.running = false;
    // Lenses and inlay hints are pulled: ask again when a header change re-analysed a document.
    if (uris.some((u) => this.dependantsPending.delete(u))) this.refreshViews();
    // Edits that queued up during the analysis wait for a quiet time after it.
    this.armEditTimer();
  }

  private async publish(uri: string): Promise<void> {
    const settings = await this.settings.get(uri);
    // The document may have closed, or the server shut down, while settings were fetched.
    const td = this.documents.get(uri);
    if (!td || this.disposed) return;
    const problems = [...settings.problems, ...(this.contexts?.databaseProblems(settings) ?? [])];
    if (problems.length && !this.settingsProblemsShown.has(problems.join())) {
      this.settingsProblemsShown.add(problems.join());
      void this.connection.window.showWarningMessage(`Ascend Port settings: ${problems.join('; ')}`);
    }
    // Ascend C files get highlighting and API hovers, not CUDA porting diagnostics.
    const extra = this.extra.get(uri) ?? [];
    if (td.languageId === 'ascendc') {
      await this.connection.sendDiagnostics({ uri, version: td.version, diagnostics: extra });
      return;
    }
    const t0 = Date.now();
    const result = this.store.analyze(td, settings);
    this.lastAnalysisMs = Date.now() - t0;
    if (settings.traceAnalysis) this.connection.console.log(traceLine(uri, td.version, this.lastAnalysisMs, result));
    this.contexts?.recordIncludes(uri, result.includes);
    this.announce(uri, result);
    for (const err of result.ruleErrors) this.connection.console.error(`ascend-port: ${err} (${uri})`);
    const inactive = (result.inactive ?? []).map(inactiveDiagnostic);
    await this.connection.sendDiagnostics({ uri, version: td.version, diagnostics: [...result.findings.map((f) => toDiagnostic(f, uri)), ...inactive, ...extra] });
  }

  private announce(uri: string, result: AnalysisResult): void {
    for (const n of result.notices) {
      // Unknown codes in suppression comments are shown by the CLI; a pop-up per keystroke would be noise.
      if (n.kind === 'suppressed') continue;
      const key = `${uri}|${n.reason}`;
      if (this.announced.has(key)) continue;
      this.announced.add(key);
      const name = uriBaseName(uri);
      const params: NoticeParams = { uri, kind: n.kind as NoticeParams['kind'], message: n.message };
      void this.connection.sendNotification(NOTICE_NOTIFICATION, params);
      void this.connection.sendNotification('window/showMessage', { type: MessageType.Info, message: `Ascend Port: ${name}: ${n.message}` });
    }
  }
}

/** One line per analysis for `ascendPort.trace.analysis`: what the edit made the engine do again. */
export function traceLine(uri: string, version: number, ms: number, result: AnalysisResult): string {
  const s = result.stats;
  const d = s.declarations;
  const names = d?.recollected.slice(0, 5).map((n) => `\`${n}\``).join(', ') ?? '';
  const more = d && d.recollected.length > 5 ? `, … ${d.recollected.length - 5} more` : '';
  return (
    `ascend-port: analysed ${uriBaseName(uri)} v${version} in ${ms} ms (parse ${s.parseMs.toFixed(1)} ms, ${s.incremental ? 'incremental' : 'full'}); ` +
    (d ? `${d.recollected.length} of ${d.total} declarations re-collected${names ? ` (${names}${more})` : ''}, rules re-run on ${d.reanalysed}` : 'no declarations (no syntax tree)')
  );
}
