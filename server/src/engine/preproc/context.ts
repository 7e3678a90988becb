/**
 * What the preprocessor of the user's build would know about a document beyond its own
 * text: its path, the `-D` defines and include paths of its configuration, and a way to
 * read workspace headers. Hosts build it (the server from settings, the project file and
 * compile_commands.json; the CLI from flags); the engine stays pure and reads headers only
 * through `readFile`, which a host may back by open documents, the disk, or a map in tests.
 */
export interface SourceContext {
  /** The document's absolute path, `/`-separated; quoted includes resolve relative to its directory. */
  path?: string;
  /** `-D` defines: name → replacement text (`-DFOO` is `FOO` → `1`). */
  defines: Readonly<Record<string, string>>;
  /** Directories searched for includes after the document's own directory, in order. */
  includePaths: readonly string[];
  /**
   * Headers read before the document's first line, in order (`-include FILE` and nvcc's
   * `--pre-include`), absolute; their macros and typedefs are in force from the start.
   */
  forcedIncludes?: readonly string[];
  /** Reads a workspace header by absolute path; undefined when it is missing, unreadable or refused. */
  readFile?: (absPath: string) => string | undefined;
  /**
   * Changes whenever a header `readFile` may return has changed, so facts memoised for the
   * document (per text, tree and context) are recomputed. Hosts bump it; equal stamps mean equal headers.
   */
  stamp?: number;
}

export const EMPTY_CONTEXT: SourceContext = Object.freeze({ defines: Object.freeze({}), includePaths: Object.freeze([]) as readonly string[] });
