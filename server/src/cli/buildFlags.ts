/**
 * The build-configuration flags every command that analyses CUDA takes (scan, report,
 * port, verify): `-D NAME[=VALUE]`, `-U NAME`, `-I DIR` (joined or separate) and
 * `--compile-commands PATH`, merged with the project file's `defines:`, `includePaths:`
 * and `compileCommands:` (engine/buildConfig.ts gives the order). One `HeaderReader` per
 * run: every file of the run sees the same header text, read once.
 */
import * as path from 'node:path';
import type { BuildLayer } from '../engine/buildConfig';
import { parseDefineFlag } from '../engine/buildConfig';
import type { CompileDatabase } from '../engine/compileCommands';
import type { ProjectConfig } from '../engine/projectConfig';
import type { SourceContext } from '../engine/preproc/context';
import { buildSourceContext, CompileCommandsCache, findCompileCommands, HeaderReader, resolveIncludePaths } from '../node/buildContext';

export const BUILD_USAGE = `build configuration (scan, report, port, verify):
  -D <NAME[=VALUE]>   define a macro for #if branches and macro values (repeatable; also -DNAME)
  -U <NAME>           undefine a macro (repeatable)
  -I <dir>            search this folder for #include "…" (repeatable; also -Idir)
  --compile-commands <path>   compile_commands.json or its folder (default: the project file's
                      compileCommands:, else compile_commands.json or build/compile_commands.json
                      in the current folder); each file takes the -D/-U/-I of its entry
  flags win over the project file's defines:/includePaths:, which win over compile_commands.json
`;

export interface BuildFlags {
  defines: Record<string, string | null>;
  includePaths: string[];
  compileCommands?: string;
}

export function emptyBuildFlags(): BuildFlags {
  return { defines: {}, includePaths: [] };
}

/**
 * Walks a command's arguments: build flags go into `build`; every other argument goes to
 * `on(arg, value)`, where `value()` takes the next argument (or fails: "--x needs a value").
 */
export function eachArgument(argv: readonly string[], build: BuildFlags, usage: (m: string) => Error, on: (arg: string, value: () => string) => void): void {
  for (let i = 0; i < argv.length; i++) {
    const taken = takeBuildFlag(argv, i, build, usage);
    if (taken >= 0) {
      i = taken;
      continue;
    }
    const a = argv[i]!;
    on(a, () => {
      const v = argv[++i];
      if (v === undefined) throw usage(`${a} needs a value`);
      return v;
    });
  }
}

/** `--max-file-size <MB>` in bytes. */
export function maxFileBytesOf(mb: string, usage: (m: string) => Error): number {
  const n = Number(mb);
  if (!Number.isFinite(n) || n <= 0) throw usage('--max-file-size takes a positive number of MB');
  return Math.round(n * 1024 * 1024);
}

/**
 * Consumes a build flag at `argv[i]`; returns the index of its last word, or -1 when
 * `argv[i]` is not a build flag.
 */
export function takeBuildFlag(argv: readonly string[], i: number, flags: BuildFlags, usage: (m: string) => Error): number {
  const a = argv[i]!;
  const next = () => {
    const v = argv[i + 1];
    if (v === undefined) throw usage(`${a} needs a value`);
    return v;
  };
  const define = (text: string) => {
    const d = parseDefineFlag(text);
    if (!d) throw usage(`-D takes NAME or NAME=VALUE, not '${text}'`);
    flags.defines[d.name] = d.value;
  };
  const undef = (text: string) => {
    if (!/^[A-Za-z_]\w*$/.test(text)) throw usage(`-U takes a macro name, not '${text}'`);
    flags.defines[text] = null;
  };
  if (a === '-D') return define(next()), i + 1;
  if (a === '-U') return undef(next()), i + 1;
  if (a === '-I') return flags.includePaths.push(next()), i + 1;
  if (a.startsWith('-D') && a.length > 2) return define(a.slice(2)), i;
  if (a.startsWith('-U') && a.length > 2) return undef(a.slice(2)), i;
  if (a.startsWith('-I') && a.length > 2) return flags.includePaths.push(a.slice(2)), i;
  if (a === '--compile-commands') return (flags.compileCommands = next()), i + 1;
  if (a.startsWith('--compile-commands=')) return (flags.compileCommands = a.slice('--compile-commands='.length)), i;
  return -1;
}

/** Builds the SourceContext of each file of one run. */
export class CliContexts {
  readonly headers: HeaderReader;
  readonly database: CompileDatabase | undefined;
  readonly databaseFile: string | undefined;
  private readonly layers: BuildLayer[];

  constructor(flags: BuildFlags, project: { config: ProjectConfig; file: string } | undefined, maxFileBytes?: number) {
    const projectDir = project ? path.dirname(project.file) : undefined;
    this.layers = [
      { source: 'command line', defines: flags.defines, includePaths: resolveIncludePaths(flags.includePaths, process.cwd()) },
      ...(project ? [{ source: project.file, defines: project.config.defines ?? {}, includePaths: resolveIncludePaths(project.config.includePaths ?? [], projectDir) }] : []),
    ];
    this.databaseFile = flags.compileCommands
      ? findCompileCommands(flags.compileCommands, process.cwd(), [])
      : findCompileCommands(project?.config.compileCommands, projectDir, [...(projectDir ? [projectDir] : []), process.cwd()]);
    if (flags.compileCommands && !this.databaseFile) throw new Error(`--compile-commands: no compile_commands.json at ${flags.compileCommands}`);
    this.database = this.databaseFile ? new CompileCommandsCache().get(this.databaseFile) : undefined;
    // The CLI reads headers anywhere the user points it; maxFileBytes bounds each one.
    this.headers = new HeaderReader({ maxFileBytes });
  }

  /** Problems reading compile_commands.json (printed as warnings). */
  get problems(): string[] {
    return (this.database?.problems ?? []).map((p) => `${this.databaseFile}: ${p}`);
  }

  contextFor(file: string): SourceContext {
    return buildSourceContext({ file: path.resolve(file), layers: this.layers, database: this.database, readFile: this.headers.read });
  }
}
