/**
 * Per-document settings, pulled with `workspace/configuration` (so resource-scoped
 * settings work) and cached until the document closes or the configuration changes.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { uriToPath } from './uri';
import type { Connection } from 'vscode-languageserver/node';
import {
  DEFAULT_MAX_FILE_BYTES,
  normalizeOverrides,
  parseTarget,
  OVERRIDE_KEYS,
  type CostModel,
  type EstimateDefaults,
  type HardwareOverrides,
  type SeverityOverride,
  type Target,
} from '../engine';
import { findProjectConfigFrom, readProjectConfig } from '../node/projectFile';

export interface Settings {
  target: Target;
  maxFileBytes: number;
  /** Problems with the raw settings, shown once. */
  problems: string[];
  /** Per-rule severities: the project file's, then `ascendPort.rules` on top. */
  severities: Record<string, SeverityOverride>;
  /** "Port kernel to Ascend C": a new file beside the source, or inline after the kernel; `.cpp` (CANN 8.x flow) or `.asc` (CANN 9.x). */
  port: { output: 'newFile' | 'inline'; extension: '.cpp' | '.asc' };
  /** Which estimate surfaces are on, default shapes, and hardware figures the user overrides. */
  estimates: { codeLens: boolean; inlayHints: boolean; hover: boolean; defaults: Partial<EstimateDefaults>; hardware: HardwareOverrides };
  /** `ascendPort.costModel` as written (validated where it is used), and the project file's cost model. */
  costModelRaw?: unknown;
  projectCostModel?: CostModel;
}

interface RawSettings {
  target?: { soc?: unknown; cann?: unknown };
  maxFileSizeMB?: unknown;
  rules?: unknown;
  port?: { output?: unknown; fileExtension?: unknown };
  estimates?: { codeLens?: unknown; inlayHints?: unknown; hover?: unknown; defaults?: unknown; hardware?: unknown };
  costModel?: unknown;
}

/** Keeps the positive finite numbers of an object whose keys are in `keys`. */
function numbers<K extends string>(raw: unknown, keys: readonly K[]): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const k of keys) {
    const v = (raw as Record<string, unknown>)[k];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) out[k] = v;
  }
  return out;
}

export function settingsFrom(raw: RawSettings | null | undefined): Settings {
  const { target, problems } = parseTarget(raw?.target?.soc, raw?.target?.cann);
  const mb = Number(raw?.maxFileSizeMB);
  const maxFileBytes = Number.isFinite(mb) && mb > 0 ? Math.round(mb * 1024 * 1024) : DEFAULT_MAX_FILE_BYTES;
  const overrides = normalizeOverrides(raw?.rules);
  const ext = raw?.port?.fileExtension;
  const port: Settings['port'] = {
    output: raw?.port?.output === 'inline' ? 'inline' : 'newFile',
    extension: ext === '.cpp' || ext === '.asc' ? ext : target.cann === '9.x' ? '.asc' : '.cpp',
  };
  const e = raw?.estimates;
  const estimates: Settings['estimates'] = {
    codeLens: e?.codeLens !== false,
    inlayHints: e?.inlayHints !== false,
    hover: e?.hover !== false,
    defaults: numbers(e?.defaults, ['n', 'M', 'N', 'K'] as const),
    hardware: numbers(e?.hardware, OVERRIDE_KEYS),
  };
  const costModelRaw = raw?.costModel && typeof raw.costModel === 'object' && Object.keys(raw.costModel).length ? raw.costModel : undefined;
  return { target, maxFileBytes, problems: [...problems, ...overrides.problems.map((p) => `ascendPort.rules: ${p}`)], severities: overrides.rules, port, estimates, costModelRaw };
}

/** The nearest `.ascend-port.yaml` at or above the document's folder, for file URIs. */
export function findProjectConfig(uri: string): string | undefined {
  const file = uriToPath(uri);
  return file ? findProjectConfigFrom(path.dirname(file)) : undefined;
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
    let s = this.cache.get(uri);
    if (!s) {
      const editor: Promise<Settings> = this.pull()
        ? this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'ascendPort' }).then(
            (raw: RawSettings | null) => settingsFrom(raw),
            () => this.global,
          )
        : Promise.resolve(this.global);
      s = editor.then((settings) => this.withProjectFile(uri, settings));
      this.cache.set(uri, s);
    }
    return s;
  }

  /**
   * Merges the project file's rule severities under the editor's. An invalid project file
   * gets diagnostics on the file itself; the document is still analysed.
   */
  private withProjectFile(uri: string, settings: Settings): Settings {
    const file = findProjectConfig(uri);
    if (!file) return settings;
    const { config, problems } = readProjectConfig(file);
    void this.connection.sendDiagnostics({
      uri: pathToFileURL(file).toString(),
      diagnostics: problems.map((p) => ({ range: p.range, severity: 1, source: 'ascend-port', message: p.message })),
    });
    return { ...settings, severities: { ...config.rules, ...settings.severities }, projectCostModel: config.costModel };
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
