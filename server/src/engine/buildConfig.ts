/**
 * The build configuration of a document — `-D` defines and include paths — merged from
 * the places a user can set it. Pure: the hosts read the sources (settings, the project
 * file, compile_commands.json, CLI flags) and call `mergeBuildConfig`; the result becomes
 * the `defines` and `includePaths` of the document's `SourceContext`.
 *
 * Order (docs/configuration.md), highest priority first:
 *   editor: `ascendPort.defines` / `ascendPort.includePaths` → `.ascend-port.yaml` → compile_commands.json
 *   CLI:    `-D`/`-U`/`-I` flags → `.ascend-port.yaml` → compile_commands.json (`--compile-commands`)
 * A define set by a higher layer replaces the same name from a lower one (`null` in a map,
 * or `-U`, removes it); include paths are searched in that order (after the document's
 * own directory for `#include "…"`), duplicates dropped.
 */

export interface BuildLayer {
  /** Where it came from, for messages: `settings`, `.ascend-port.yaml`, `compile_commands.json`, `-D`. */
  source: string;
  /** name → value (`-DX` is `1`); `null` undefines the name. */
  defines?: Readonly<Record<string, string | null>>;
  includePaths?: readonly string[];
  /** Headers read before the document (`-include FILE`), in order. */
  forcedIncludes?: readonly string[];
}

export interface BuildConfig {
  defines: Record<string, string>;
  includePaths: string[];
  forcedIncludes: string[];
}

/** At most this many defines and include paths survive a merge (a runaway configuration stays bounded). */
export const MAX_DEFINES = 10_000;
export const MAX_INCLUDE_PATHS = 1_000;

/** Merges layers given highest priority first. */
export function mergeBuildConfig(layers: readonly BuildLayer[]): BuildConfig {
  const defines: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let i = layers.length - 1; i >= 0; i--) {
    for (const [name, value] of Object.entries(layers[i]!.defines ?? {})) {
      if (value === null) delete defines[name];
      else if (name in defines || Object.keys(defines).length < MAX_DEFINES) defines[name] = value;
    }
  }
  const seen = new Set<string>();
  const includePaths: string[] = [];
  for (const layer of layers) {
    for (const p of layer.includePaths ?? []) {
      if (seen.has(p) || includePaths.length >= MAX_INCLUDE_PATHS) continue;
      seen.add(p);
      includePaths.push(p);
    }
  }
  // Forced includes are read in the order the layers give them, each once.
  const forcedIncludes = [...new Set(layers.flatMap((l) => l.forcedIncludes ?? []))].slice(0, MAX_INCLUDE_PATHS);
  return { defines: { ...defines }, includePaths, forcedIncludes };
}

const NAME = /^[A-Za-z_]\w*$/;

/** `NAME`, `NAME=VALUE` (a `-D` flag's text, without the `-D`). */
export function parseDefineFlag(text: string): { name: string; value: string } | undefined {
  const eq = text.indexOf('=');
  const name = (eq < 0 ? text : text.slice(0, eq)).trim();
  if (!NAME.test(name)) return undefined;
  return { name, value: eq < 0 ? '1' : text.slice(eq + 1) };
}

/**
 * Normalises `defines` as a user writes them (the `ascendPort.defines` setting, `defines:`
 * in the project file): a map `{ NAME: value }` (a string or number; `true` is `1`; `null`
 * or `false` undefines), or a list of `NAME` / `NAME=VALUE` strings.
 */
export function normalizeDefines(raw: unknown): { defines: Record<string, string | null>; problems: string[] } {
  const defines: Record<string, string | null> = {};
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { defines, problems };
  if (Array.isArray(raw)) {
    for (const item of raw) {
      const d = typeof item === 'string' ? parseDefineFlag(item) : undefined;
      if (d) defines[d.name] = d.value;
      else problems.push(`'${String(item)}' is not NAME or NAME=VALUE`);
    }
    return { defines, problems };
  }
  if (typeof raw !== 'object') return { defines, problems: ['defines must be a map of NAME to value or a list of NAME=VALUE'] };
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!NAME.test(name)) problems.push(`'${name}' is not a macro name`);
    else if (value === null || value === false) defines[name] = null;
    else if (value === true) defines[name] = '1';
    else if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) defines[name] = String(value);
    else problems.push(`'${name}': the value must be a string or a number`);
  }
  return { defines, problems };
}

/** Normalises an include path list: strings only, blanks dropped. */
export function normalizeIncludePaths(raw: unknown): { includePaths: string[]; problems: string[] } {
  if (raw === undefined || raw === null) return { includePaths: [], problems: [] };
  if (!Array.isArray(raw)) return { includePaths: [], problems: ['includePaths must be a list of directories'] };
  const includePaths: string[] = [];
  const problems: string[] = [];
  for (const p of raw) {
    if (typeof p === 'string' && p.trim()) includePaths.push(p.trim());
    else problems.push(`'${String(p)}' is not a directory path`);
  }
  return { includePaths, problems };
}
