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
  type ProjectConfig,
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
  /** `ascendPort.verify.compiler`: the C++17 compiler "Verify port" uses (default: $CXX, g++, clang++). */
  verifyCompiler?: string;
  /** Where the target came from (docs: README "Which target applies"). */
  targetSource: TargetSource;
}

/**
 * Where a target came from. The project file's `target:` wins unless the user picked a
 * target in this workspace (workspace or folder settings); user settings and defaults do
 * not override the project file, so the editor and the CLI agree on a project.
 */
export interface TargetSource {
  kind: 'workspace' | 'project' | 'user' | 'default' | 'client';
  /** The project file, when there is one (whether or not it set the target). */
  projectFile?: string;
}

/** `target.origin` as the VS Code client annotates it; other clients send values only. */
type TargetOrigin = 'workspace' | 'user' | 'default';

interface RawSettings {
  target?: { soc?: unknown; cann?: unknown; origin?: unknown };
  maxFileSizeMB?: unknown;
  rules?: unknown;
  port?: { output?: unknown; fileExtension?: unknown };
  estimates?: { codeLens?: unknown; inlayHints?: unknown; hover?: unknown; defaults?: unknown; hardware?: unknown };
  costModel?: unknown;
  verify?: { compiler?: unknown };
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

/** Where the client says the target settings come from; a client that does not say sent them on purpose. */
function targetOrigin(raw: RawSettings | null | undefined): TargetSource['kind'] {
  const o = raw?.target?.origin;
  if (o === 'workspace' || o === 'user' || o === 'default') return o satisfies TargetOrigin;
  return raw?.target?.soc !== undefined || raw?.target?.cann !== undefined ? 'client' : 'default';
}

export function settingsFrom(raw: RawSettings | null | undefined, project?: ProjectConfig['target']): Settings {
  const origin = targetOrigin(raw);
  // The project file's target wins unless the target was picked in this workspace (or sent by a client that does not say where it came from).
  const useProject = !!project && (project.soc !== undefined || project.cann !== undefined) && origin !== 'workspace' && origin !== 'client';
  const { target, problems } = useProject ? parseTarget(project.soc ?? raw?.target?.soc, project.cann ?? raw?.target?.cann) : parseTarget(raw?.target?.soc, raw?.target?.cann);
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
  const compiler = raw?.verify?.compiler;
  const verifyCompiler = typeof compiler === 'string' && compiler.trim() ? compiler.trim() : undefined;
  return {
    target,
    maxFileBytes,
    problems: [...problems, ...overrides.problems.map((p) => `ascendPort.rules: ${p}`)],
    severities: overrides.rules,
    port,
    estimates,
    costModelRaw,
    targetSource: { kind: useProject ? 'project' : origin },
    verifyCompiler,
  };
}

/** The nearest `.ascend-port.yaml` at or above the document's folder, for file URIs. */
export function findProjectConfig(uri: string): string | undefined {
  const file = uriToPath(uri);
  return file ? findProjectConfigFrom(path.dirname(file)) : undefined;
}

export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();
  /** Used when the client cannot answer `workspace/configuration` (set from didChangeConfiguration or init options). */
  private globalRaw: RawSettings | null | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly pull: () => boolean,
  ) {}

  get(uri: string): Promise<Settings> {
    let s = this.cache.get(uri);
    if (!s) {
      const editor: Promise<RawSettings | null | undefined> = this.pull()
        ? this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'ascendPort' }).then(
            (raw: RawSettings | null) => raw,
            () => this.globalRaw,
          )
        : Promise.resolve(this.globalRaw);
      s = editor.then((raw) => this.withProjectFile(uri, raw));
      this.cache.set(uri, s);
    }
    return s;
  }

  /**
   * Merges the project file under the editor's settings: its rule severities under
   * `ascendPort.rules`, its target unless the user picked one in this workspace. An invalid
   * project file gets diagnostics on the file itself; the document is still analysed.
   */
  private withProjectFile(uri: string, raw: RawSettings | null | undefined): Settings {
    const file = findProjectConfig(uri);
    if (!file) return settingsFrom(raw);
    const { config, problems } = readProjectConfig(file);
    void this.connection.sendDiagnostics({
      uri: pathToFileURL(file).toString(),
      diagnostics: problems.map((p) => ({ range: p.range, severity: 1, source: 'ascend-port', message: p.message })),
    });
    const settings = settingsFrom(raw, config.target);
    return { ...settings, severities: { ...config.rules, ...settings.severities }, projectCostModel: config.costModel, targetSource: { ...settings.targetSource, projectFile: file } };
  }

  setGlobal(raw: RawSettings | null | undefined): void {
    this.globalRaw = raw;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  clear(): void {
    this.cache.clear();
  }
}
