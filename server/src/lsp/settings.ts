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
import { normalizeDefines, normalizeIncludePaths, type BuildLayer } from '../engine/buildConfig';
import { findCompileCommands, resolveIncludePaths } from '../node/buildContext';

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
  /** The build configuration: define and include layers (highest priority first), compile_commands.json, link policy. */
  build: BuildSettings;
  /** \`ascendPort.trace.analysis\`: log, per analysis, what was re-analysed (the declarations an edit changed). */
  traceAnalysis?: boolean;
}

export interface BuildSettings {
  /** `ascendPort.defines`/`includePaths`, then the project file's `defines:`/`includePaths:` (engine/buildConfig.ts). */
  layers: BuildLayer[];
  /** The compile_commands.json found for the document (absolute), if any. */
  compileCommands?: string;
  /** `ascendPort.headers.followSymlinks`. */
  followSymlinks: boolean;
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
  trace?: { analysis?: unknown };
  defines?: unknown;
  includePaths?: unknown;
  compileCommands?: unknown;
  headers?: { followSymlinks?: unknown };
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
  const defines = normalizeDefines(raw?.defines);
  const includes = normalizeIncludePaths(raw?.includePaths);
  const build: BuildSettings = {
    layers: [{ source: 'settings', defines: defines.defines, includePaths: includes.includePaths }],
    followSymlinks: raw?.headers?.followSymlinks === true,
  };
  return {
    target,
    maxFileBytes,
    build,
    problems: [
      ...problems,
      ...overrides.problems.map((p) => `ascendPort.rules: ${p}`),
      ...defines.problems.map((p) => `ascendPort.defines: ${p}`),
      ...includes.problems.map((p) => `ascendPort.includePaths: ${p}`),
    ],
    severities: overrides.rules,
    port,
    estimates,
    costModelRaw,
    targetSource: { kind: useProject ? 'project' : origin },
    verifyCompiler,
    traceAnalysis: raw?.trace?.analysis === true,
  };
}

/** The workspace folder that holds `file` (the deepest), else the first folder. */
export function folderOf(file: string | undefined, roots: readonly string[]): string | undefined {
  const holding = file ? roots.filter((r) => !path.relative(r, file).startsWith('..') && !path.isAbsolute(path.relative(r, file))) : [];
  return holding.sort((a, b) => b.length - a.length)[0] ?? roots[0];
}

/**
 * Resolves the build settings on disk: relative include paths (settings against the
 * workspace folder, the project file's against its folder), the project file's layer under
 * the settings', and compile_commands.json: `ascendPort.compileCommands`, else the project
 * file's `compileCommands:`, else `compile_commands.json` or `build/compile_commands.json`
 * in the project file's folder or the workspace folder.
 */
export function withBuildFiles(settings: Settings, uri: string, raw: RawSettings | null | undefined, project: { config: ProjectConfig; file: string } | undefined, roots: readonly string[]): Settings {
  const file = uriToPath(uri);
  const folder = folderOf(file, roots) ?? (file ? path.dirname(file) : undefined);
  const own = settings.build.layers[0]!;
  const layers: BuildLayer[] = [{ ...own, includePaths: resolveIncludePaths(own.includePaths ?? [], folder) }];
  const projectDir = project ? path.dirname(project.file) : undefined;
  if (project && (project.config.defines || project.config.includePaths)) {
    layers.push({ source: project.file, defines: project.config.defines ?? {}, includePaths: resolveIncludePaths(project.config.includePaths ?? [], projectDir) });
  }
  const configured = typeof raw?.compileCommands === 'string' && raw.compileCommands.trim() ? raw.compileCommands.trim() : undefined;
  const problems = [...settings.problems];
  let compileCommands: string | undefined;
  if (configured) {
    compileCommands = findCompileCommands(configured, folder, []);
    if (!compileCommands) problems.push(`ascendPort.compileCommands: no compile_commands.json at ${configured}`);
  } else if (project?.config.compileCommands) {
    compileCommands = findCompileCommands(project.config.compileCommands, projectDir, []);
    if (!compileCommands) problems.push(`${project.file}: compileCommands: no compile_commands.json at ${project.config.compileCommands}`);
  } else {
    compileCommands = findCompileCommands(undefined, undefined, [...new Set([projectDir, folder].filter((d): d is string => !!d))]);
  }
  return { ...settings, problems, build: { ...settings.build, layers, compileCommands } };
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
    /** The workspace folders (absolute paths), for relative paths in settings and the default compile_commands.json. */
    private readonly roots: () => readonly string[] = () => [],
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
    if (!file) return withBuildFiles(settingsFrom(raw), uri, raw, undefined, this.roots());
    const { config, problems } = readProjectConfig(file);
    void this.connection.sendDiagnostics({
      uri: pathToFileURL(file).toString(),
      diagnostics: problems.map((p) => ({ range: p.range, severity: 1, source: 'ascend-port', message: p.message })),
    });
    const settings = withBuildFiles(settingsFrom(raw, config.target), uri, raw, { config, file }, this.roots());
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
