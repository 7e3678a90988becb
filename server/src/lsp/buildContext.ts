/**
 * The build context of each open document and the header index.
 *
 * - `contextFor(uri, settings)`: the document's SourceContext (engine/preproc/context.ts):
 *   its path, the merged defines and include paths (settings, `.ascend-port.yaml`,
 *   compile_commands.json: engine/buildConfig.ts gives the order), and a `readFile` that
 *   reads open documents first (unsaved edits), then the disk through `node/source.ts`'s
 *   admission path, with the symlink policy. The same object is returned until the
 *   settings change or a header the document read changes, so facts are computed once per
 *   header version, not per keystroke.
 * - The header index: which open documents read which headers (`AnalysisResult.includes`).
 *   `headerChanged(path)` drops the cached text, gives each dependant a new context with a
 *   new `stamp`, and returns the dependants to re-analyse.
 * Memory is bounded: one entry per open document, the header text cache by bytes
 * (HeaderReader), the includes list as long as the engine's own header limit.
 */
import * as path from 'node:path';
import type { SourceContext } from '../engine';
import type { CompileDatabase } from '../engine/compileCommands';
import { buildSourceContext, CompileCommandsCache, HeaderReader } from '../node/buildContext';
import type { Settings } from './settings';
import { uriToPath } from './uri';

interface Entry {
  key: string;
  context: SourceContext;
}

export class BuildContexts {
  private readonly contexts = new Map<string, Entry>();
  /** header path → open documents whose last analysis read it. */
  private readonly dependants = new Map<string, Set<string>>();
  /** document → the headers its last analysis read. */
  private readonly includes = new Map<string, string[]>();
  private readonly databases = new CompileCommandsCache();
  private readonly headers: HeaderReader;
  /** Bumped on every header change; each new context takes the current value. */
  private stamp = 0;

  constructor(
    /** Text of an open document by absolute path (unsaved edits win over the disk). */
    private readonly overlay: (absPath: string) => string | undefined,
    /** Workspace folders (links out of them are not followed unless configured). */
    private readonly roots: () => readonly string[],
  ) {
    this.headers = new HeaderReader({ overlay, roots: [] });
  }

  contextFor(uri: string, settings: Settings): SourceContext {
    const file = uriToPath(uri);
    const build = settings.build;
    const key = JSON.stringify([build.layers, build.compileCommands, build.followSymlinks, settings.maxFileBytes]);
    const hit = this.contexts.get(uri);
    if (hit && hit.key === key) return hit.context;
    this.headers.setOptionsIfChanged({ overlay: this.overlay, roots: this.roots(), followSymlinks: build.followSymlinks, maxFileBytes: settings.maxFileBytes });
    const database: CompileDatabase | undefined = build.compileCommands ? this.databases.get(build.compileCommands) : undefined;
    const context = buildSourceContext({ file, layers: build.layers, database, readFile: this.headers.read, stamp: ++this.stamp });
    this.contexts.set(uri, { key, context });
    return context;
  }

  /** A context for a file that is not kept (workspace report, verify): same configuration and header access, not cached per file. */
  transientContext(uri: string, settings: Settings): SourceContext {
    const open = this.contexts.get(uri);
    if (open) return open.context;
    const build = settings.build;
    this.headers.setOptionsIfChanged({ overlay: this.overlay, roots: this.roots(), followSymlinks: build.followSymlinks, maxFileBytes: settings.maxFileBytes });
    const database = build.compileCommands ? this.databases.get(build.compileCommands) : undefined;
    return buildSourceContext({ file: uriToPath(uri), layers: build.layers, database, readFile: this.headers.read, stamp: this.stamp });
  }

  /** Problems reading the document's compile_commands.json, if any. */
  databaseProblems(settings: Settings): string[] {
    return settings.build.compileCommands ? this.databases.get(settings.build.compileCommands).problems.map((p) => `${settings.build.compileCommands}: ${p}`) : [];
  }

  /** Records the headers the last analysis of `uri` read. */
  recordIncludes(uri: string, headers: readonly string[] | undefined): void {
    const before = this.includes.get(uri) ?? [];
    for (const h of before) this.dependants.get(h)?.delete(uri);
    const now = (headers ?? []).map((h) => path.resolve(h));
    if (now.length) this.includes.set(uri, now);
    else this.includes.delete(uri);
    for (const h of now) {
      let set = this.dependants.get(h);
      if (!set) this.dependants.set(h, (set = new Set()));
      set.add(uri);
    }
    for (const h of before) if (this.dependants.get(h)?.size === 0) this.dependants.delete(h);
  }

  /** Open documents that read `header` in their last analysis. */
  dependantsOf(header: string): string[] {
    return [...(this.dependants.get(path.resolve(header)) ?? [])];
  }

  /**
   * A header changed (edited in the editor, opened, closed, or changed on disk): its cached
   * text is dropped and its dependants get a new context (new stamp). Returns them.
   */
  headerChanged(header: string): string[] {
    this.headers.invalidate(header);
    const uris = this.dependantsOf(header);
    for (const uri of uris) this.contexts.delete(uri);
    return uris;
  }

  /** compile_commands.json or the settings changed, or a header appeared or vanished: every context is rebuilt. */
  resetAll(): void {
    this.databases.invalidate();
    this.headers.clear();
    this.contexts.clear();
  }

  forget(uri: string): void {
    this.contexts.delete(uri);
    this.recordIncludes(uri, []);
  }

  /** For tests and the log: how many headers are indexed. */
  get indexedHeaders(): number {
    return this.dependants.size;
  }
}
