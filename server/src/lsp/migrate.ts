/**
 * "Migrate Workspace to Ascend C…" in the editor: `ascendPort/migrate` runs `node/migrate.ts`
 * over a workspace folder into an output folder the client chose, with the folder's settings
 * (target, build configuration), reports each file as `ascendPort/migrateProgress`, honours
 * cancellation, and returns the summary and where MIGRATION.md is. The sources are never
 * written; refusals come back as `refused` with the reason.
 */
import { pathToFileURL, fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import type { Engine, SourceContext } from '../engine';
import { runMigration } from '../node/migrate';
import type { Settings, SettingsStore } from './settings';

export const MIGRATE_REQUEST = 'ascendPort/migrate';
export const MIGRATE_PROGRESS = 'ascendPort/migrateProgress';

export interface MigrateParams {
  /** The workspace folder to migrate. */
  folder: string;
  /** The output folder (a file system path). */
  out: string;
  force?: boolean;
  /** Verify each complete port (runs a C++ compiler: the client sends false in Restricted Mode). */
  verify?: boolean;
}

export interface MigrateResponse {
  refused?: string;
  /** MIGRATION.md in the output folder. */
  markdown?: string;
  files?: number;
  copied?: number;
  kernels?: number;
  complete?: number;
  verified?: number;
  failed?: number;
  remaining?: number;
}

export class MigrateFeature {
  constructor(
    private readonly engine: () => Engine,
    private readonly settings: SettingsStore,
    private readonly contextOf: (uri: string, settings: Settings) => SourceContext,
    private readonly version: string,
  ) {}

  register(connection: Connection): void {
    connection.onRequest(MIGRATE_REQUEST, (p: MigrateParams, token: CancellationToken) => this.migrate(connection, p, token));
  }

  async migrate(connection: Connection, p: MigrateParams, token: CancellationToken): Promise<MigrateResponse> {
    if (!p.folder.startsWith('file:')) return { refused: 'migration needs a folder on disk' };
    const folder = fileURLToPath(p.folder);
    const settings = await this.settings.get(p.folder);
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      const outcome = await runMigration(this.engine(), {
        inputs: [folder],
        out: path.resolve(folder, p.out),
        target: settings.target,
        force: p.force,
        verify: p.verify,
        // The syntax check runs a compiler too: only where verification may (not in Restricted Mode).
        check: p.verify === true ? true : 'it runs a C++ compiler, and this editor asked for none (Restricted Mode)',
        compiler: settings.verifyCompiler,
        maxFileBytes: settings.maxFileBytes,
        tool: `ascend-port ${this.version}`,
        contextFor: (file) => this.contextOf(pathToFileURL(file).toString(), settings),
        onFile: (record, done, total) => void connection.sendNotification(MIGRATE_PROGRESS, { done, total, file: record.source }),
        signal: abort.signal,
      });
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'migration cancelled');
      if (!outcome.ok) return { refused: outcome.refused };
      const m = outcome.migration;
      const kernels = m.files.flatMap((f) => f.kernels);
      return {
        markdown: pathToFileURL(path.join(path.resolve(folder, p.out), 'MIGRATION.md')).toString(),
        files: m.files.length,
        copied: m.files.filter((f) => f.status === 'copied').length,
        kernels: kernels.length,
        complete: kernels.filter((k) => k.kind === 'complete').length,
        verified: kernels.filter((k) => k.verified === 'pass').length,
        failed: kernels.filter((k) => k.verified === 'fail').length,
        remaining: m.files.reduce((n, f) => n + f.remaining.length, 0),
      };
    } finally {
      sub.dispose();
    }
  }
}
