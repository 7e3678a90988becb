/**
 * A minimal LSP client over stdio for protocol tests: spawns the bundled server, records
 * publishDiagnostics, answers configuration requests, and waits on messages (never on time,
 * except a generous deadline that turns a hang into a failure).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

const SERVER = path.resolve(__dirname, '../../dist/server.js');

export interface Diag {
  code: string;
  severity: number;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  data?: { fixes?: { title: string }[] };
  source?: string;
}

export interface Published {
  uri: string;
  version?: number;
  diagnostics: Diag[];
}

/** Longest wait for the answer to shutdown before the server process is killed. */
const STOP_BOUND_MS = 30_000;

export class LspClient {
  readonly published: Published[] = [];
  /** `ascendPort/notice` notifications and `window/showMessage` messages, in order. */
  readonly notices: unknown[] = [];
  readonly shown: { type: number; message: string }[] = [];
  private waiters: Array<{ pred: (p: Published) => boolean; resolve: (p: Published) => void }> = [];
  private proc!: ChildProcess;
  conn!: MessageConnection;
  /** What `workspace/configuration` answers (the `ascendPort` section). */
  settings: Record<string, unknown> = { target: { soc: 'Ascend910B3', cann: '8.x' } };

  async start(capabilities: Record<string, unknown>, rootUri: string | null = null): Promise<{ capabilities: Record<string, unknown>; serverInfo: { name: string } }> {
    assert.ok(fs.existsSync(SERVER), `${SERVER} is missing: run npm run build first`);
    this.proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      this.published.push(p);
      for (const w of [...this.waiters]) if (w.pred(p)) (this.waiters.splice(this.waiters.indexOf(w), 1), w.resolve(p));
    });
    this.conn.onNotification('ascendPort/notice', (p: unknown) => this.notices.push(p));
    this.conn.onNotification('window/showMessage', (p: { type: number; message: string }) => this.shown.push(p));
    this.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => structuredClone(this.settings)));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.listen();
    const init = await this.conn.sendRequest<{ capabilities: Record<string, unknown>; serverInfo: { name: string } }>('initialize', { processId: process.pid, rootUri, capabilities });
    await this.conn.sendNotification('initialized', {});
    return init;
  }

  diagnosticsWhere(pred: (p: Published) => boolean, what: string, deadlineMs = 20000): Promise<Published> {
    const hit = this.published.find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.published.map((p) => [p.uri, p.version, p.diagnostics.length]))}`)), deadlineMs);
      this.waiters.push({ pred, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  async open(uri: string, text: string, languageId = 'cuda-cpp'): Promise<Published> {
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return this.diagnosticsWhere((p) => p.uri === uri && p.version === 1, `diagnostics for ${uri}`);
  }

  async stop(): Promise<void> {
    // A server that never answers shutdown (seen once in a loaded full run, not reproduced), or
    // that is gone before the client looks (a signal leaves exitCode null, and its 'exit' event
    // has fired already), must not hang the suite: the exit is listened for once, before
    // anything is sent, and every wait races it and a bound; then the process is killed.
    const proc = this.proc;
    const gone = () => !proc || proc.exitCode !== null || proc.signalCode !== null;
    const exited = gone() ? Promise.resolve() : new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    const timers: NodeJS.Timeout[] = [];
    const bound = <T>(value: T) => new Promise<T>((resolve) => timers.push(setTimeout(() => resolve(value), STOP_BOUND_MS)));
    try {
      const answered = await Promise.race([this.conn.sendRequest('shutdown').then(() => true), exited.then(() => false), bound(false)]);
      if (answered) await Promise.race([this.conn.sendNotification('exit'), exited, bound(undefined)]);
      else if (!gone()) process.stderr.write('lsp-client: the server did not answer shutdown; killing it\n');
    } catch {
      // The process may already be gone.
    }
    this.conn?.dispose();
    if (!gone()) {
      proc.kill();
      await Promise.race([exited, bound(undefined)]);
    }
    for (const t of timers) clearTimeout(t);
  }
}
