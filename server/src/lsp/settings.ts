/**
 * Per-document settings, pulled with `workspace/configuration` (so resource-scoped
 * settings work) and cached until the document closes or the configuration changes.
 */
import type { Connection } from 'vscode-languageserver/node';
import { DEFAULT_MAX_FILE_BYTES, parseTarget, type Target } from '../engine';

export interface Settings {
  target: Target;
  maxFileBytes: number;
  /** Problems with the raw settings, shown once. */
  problems: string[];
}

interface RawSettings {
  target?: { soc?: unknown; cann?: unknown };
  maxFileSizeMB?: unknown;
}

export function settingsFrom(raw: RawSettings | null | undefined): Settings {
  const { target, problems } = parseTarget(raw?.target?.soc, raw?.target?.cann);
  const mb = Number(raw?.maxFileSizeMB);
  const maxFileBytes = Number.isFinite(mb) && mb > 0 ? Math.round(mb * 1024 * 1024) : DEFAULT_MAX_FILE_BYTES;
  return { target, maxFileBytes, problems };
}

export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();
  /** Used when the client cannot answer `workspace/configuration` (set from didChangeConfiguration or init options). */
  private global: Settings = settingsFrom(undefined);

  constructor(
    private readonly connection: Connection,
    private readonly pull: () => boolean,
  ) {}

  get(uri: string): Promise<Settings> {
    if (!this.pull()) return Promise.resolve(this.global);
    let s = this.cache.get(uri);
    if (!s) {
      s = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'ascendPort' })
        .then((raw: RawSettings | null) => settingsFrom(raw), () => this.global);
      this.cache.set(uri, s);
    }
    return s;
  }

  setGlobal(raw: RawSettings | null | undefined): void {
    this.global = settingsFrom(raw);
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  clear(): void {
    this.cache.clear();
  }
}
