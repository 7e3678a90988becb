/**
 * The host side of a document's build context (engine/preproc/context.ts), shared by the
 * language server and the CLI:
 *   - `findCompileCommands`: where compile_commands.json is (a setting, else the workspace
 *     root, then `build/`, the way clangd looks);
 *   - `CompileCommandsCache`: the parsed database per file, re-read when it changes on disk;
 *   - `HeaderReader`: the `readFile` the engine calls for workspace headers: open editor
 *     documents first, then the disk through `node/source.ts`'s admission path (size limit,
 *     binary, encoding), with the symlink policy (no link that leads outside the allowed
 *     roots unless configured) and a bounded text cache;
 *   - `buildSourceContext`: the merge of the layers (engine/buildConfig.ts) into a SourceContext.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { definesOf, entryFor, parseCompileCommands, type CompileDatabase } from '../engine/compileCommands';
import { mergeBuildConfig, type BuildLayer } from '../engine/buildConfig';
import type { SourceContext } from '../engine/preproc/context';
import { DEFAULT_MAX_FILE_BYTES, readSource } from './source';

export const COMPILE_COMMANDS = 'compile_commands.json';

/** `/`-separated absolute path (the engine's form; Windows drive paths keep their drive). */
export function toEnginePath(p: string): string {
  return path.resolve(p).split(path.sep).join('/');
}

/**
 * The compile_commands.json to use: `configured` (a file, or a folder holding one; relative
 * to `base`), else the first of `<root>/compile_commands.json`, `<root>/build/compile_commands.json`
 * over `roots`. Undefined when there is none.
 */
export function findCompileCommands(configured: string | undefined, base: string | undefined, roots: readonly string[]): string | undefined {
  const isFile = (p: string) => {
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (configured) {
    const p = path.resolve(base ?? process.cwd(), configured);
    if (isFile(p)) return p;
    const inDir = path.join(p, COMPILE_COMMANDS);
    return isFile(inDir) ? inDir : undefined;
  }
  for (const root of roots) {
    for (const candidate of [path.join(root, COMPILE_COMMANDS), path.join(root, 'build', COMPILE_COMMANDS)]) if (isFile(candidate)) return candidate;
  }
  return undefined;
}

/** A compilation database is not read beyond this size. */
export const MAX_COMPILE_COMMANDS_BYTES = 64 * 1024 * 1024;

/** Parsed databases by path, re-read when their size or mtime change (or on `invalidate`). */
export class CompileCommandsCache {
  private readonly cache = new Map<string, { mtimeMs: number; size: number; db: CompileDatabase }>();

  get(file: string): CompileDatabase {
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch (e) {
      return { entries: [], problems: [`cannot read ${file}: ${(e as Error).message}`] };
    }
    const hit = this.cache.get(file);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.db;
    let db: CompileDatabase;
    if (st.size > MAX_COMPILE_COMMANDS_BYTES) db = { entries: [], problems: [`${file} is larger than ${MAX_COMPILE_COMMANDS_BYTES / 1024 / 1024} MB: not read`] };
    else {
      try {
        db = parseCompileCommands(fs.readFileSync(file, 'utf8'), toEnginePath(path.dirname(file)));
      } catch (e) {
        db = { entries: [], problems: [`cannot read ${file}: ${(e as Error).message}`] };
      }
    }
    // A few databases at most (one per workspace folder); keep the cache from growing without bound.
    if (this.cache.size >= 8) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(file, { mtimeMs: st.mtimeMs, size: st.size, db });
    return db;
  }

  invalidate(file?: string): void {
    if (file) this.cache.delete(file);
    else this.cache.clear();
  }
}

/** The layer a database contributes for `file` (its own entry, else a neighbour's). */
export function compileCommandsLayer(db: CompileDatabase | undefined, file: string | undefined): BuildLayer | undefined {
  if (!db || !file) return undefined;
  const entry = entryFor(db, toEnginePath(file));
  if (!entry) return undefined;
  return { source: COMPILE_COMMANDS, defines: definesOf(entry), includePaths: entry.includePaths, forcedIncludes: entry.forcedIncludes };
}

export interface HeaderReaderOptions {
  /** Text of a header open in the editor (unsaved edits win over the disk); undefined when not open. */
  overlay?: (absPath: string) => string | undefined;
  maxFileBytes?: number;
  /** Folders a header may resolve into through symbolic links (the workspace); empty: any. */
  roots?: readonly string[];
  /** Follow links that leave `roots` (`ascendPort.headers.followSymlinks`). */
  followSymlinks?: boolean;
  /** Bytes of header text kept in the cache; older entries are dropped first. */
  maxCacheBytes?: number;
}

export const DEFAULT_HEADER_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * The `readFile` of a SourceContext. Header text read from disk is cached until
 * `invalidate(path)` (a file watcher event) or `clear()`; in the CLI one reader lives for
 * the run, so every file of a scan sees the same header text and reads it once.
 */
export class HeaderReader {
  private readonly cache = new Map<string, string | undefined>();
  private cachedBytes = 0;
  /** `readFile` as a plain function, for `SourceContext.readFile`. */
  readonly read = (absPath: string): string | undefined => this.readFile(absPath);

  constructor(private options: HeaderReaderOptions = {}) {}

  setOptions(options: HeaderReaderOptions): void {
    this.options = options;
    this.clear();
  }

  /** Like setOptions, but keeps the cache when only the overlay function differs. */
  setOptionsIfChanged(options: HeaderReaderOptions): void {
    const o = this.options;
    const same = o.maxFileBytes === options.maxFileBytes && o.followSymlinks === options.followSymlinks && o.maxCacheBytes === options.maxCacheBytes && JSON.stringify(o.roots ?? []) === JSON.stringify(options.roots ?? []);
    if (same) this.options = options;
    else this.setOptions(options);
  }

  readFile(absPath: string): string | undefined {
    const p = path.resolve(absPath);
    const open = this.options.overlay?.(p);
    if (open !== undefined) return open;
    if (this.cache.has(p)) {
      const text = this.cache.get(p);
      // Most recently used last.
      this.cache.delete(p);
      this.cache.set(p, text);
      return text;
    }
    const text = this.readDisk(p);
    this.remember(p, text);
    return text;
  }

  private readDisk(p: string): string | undefined {
    if (!this.allowed(p)) return undefined;
    const r = readSource(p, { maxFileBytes: this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, symlinks: 'follow' });
    return r.ok ? r.file.text : undefined;
  }

  /** Inside the roots once links are resolved, or links may be followed anywhere. */
  private allowed(p: string): boolean {
    const roots = this.options.roots ?? [];
    if (!roots.length || this.options.followSymlinks) return true;
    let real: string;
    try {
      real = fs.realpathSync(p);
    } catch {
      return false;
    }
    if (real === p) return true; // not a link: include paths may name any folder the user configured
    return roots.some((root) => {
      let r = root;
      try {
        r = fs.realpathSync(root);
      } catch {
        /* keep as given */
      }
      const rel = path.relative(r, real);
      return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
    });
  }

  private remember(p: string, text: string | undefined): void {
    const max = this.options.maxCacheBytes ?? DEFAULT_HEADER_CACHE_BYTES;
    const size = (text?.length ?? 0) * 2;
    if (size > max) return;
    this.cache.set(p, text);
    this.cachedBytes += size;
    for (const [k, v] of this.cache) {
      if (this.cachedBytes <= max) break;
      this.cache.delete(k);
      this.cachedBytes -= (v?.length ?? 0) * 2;
    }
  }

  /** Forgets one header (changed on disk), or all. */
  invalidate(absPath: string): void {
    const p = path.resolve(absPath);
    const text = this.cache.get(p);
    if (this.cache.delete(p)) this.cachedBytes -= (text?.length ?? 0) * 2;
  }

  clear(): void {
    this.cache.clear();
    this.cachedBytes = 0;
  }
}

export interface ContextRequest {
  /** The document's path on disk (undefined for untitled documents). */
  file?: string;
  /** Highest priority first (settings or CLI flags, then the project file); the database layer is added last. */
  layers: BuildLayer[];
  database?: CompileDatabase;
  readFile?: (absPath: string) => string | undefined;
  stamp?: number;
}

/** The SourceContext of one document. */
export function buildSourceContext(req: ContextRequest): SourceContext {
  const db = compileCommandsLayer(req.database, req.file);
  const merged = mergeBuildConfig(db ? [...req.layers, db] : req.layers);
  return {
    path: req.file ? toEnginePath(req.file) : undefined,
    defines: merged.defines,
    includePaths: merged.includePaths.map((p) => (path.isAbsolute(p) ? toEnginePath(p) : p)),
    ...(merged.forcedIncludes.length ? { forcedIncludes: merged.forcedIncludes.map((p) => toEnginePath(p)) } : {}),
    readFile: req.readFile,
    stamp: req.stamp,
  };
}

/** Resolves user-written include paths against `base` (`${workspaceFolder}` expanded), as absolute engine paths. */
export function resolveIncludePaths(paths: readonly string[], base: string | undefined): string[] {
  return paths.map((p) => {
    const expanded = base ? p.replace(/\$\{workspaceFolder\}/g, base) : p;
    return toEnginePath(path.resolve(base ?? process.cwd(), expanded));
  });
}
