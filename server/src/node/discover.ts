/**
 * Which files a report covers: one rule for the CLI's `ascend-port report` and the editor's
 * *Show Porting Cost Report* (issue #20). Under each root, recursively: VCS folders and
 * node_modules skipped, `.gitignore` honoured (`cli/walk.ts`), then the include glob (by
 * default the source extensions of `DEFAULT_EXTENSIONS`) and minus the exclude globs, all
 * matched against the path relative to the root. An exclude glob also excludes everything
 * under a folder it matches (as `files.exclude` does). Globs are matched by picomatch, so
 * braces, nested braces and extglobs work; they are never joined into one string.
 */
import * as path from 'node:path';
import picomatch from 'picomatch';
import { collectFiles, DEFAULT_EXTENSIONS, type WalkResult } from '../cli/walk';

export interface DiscoverOptions {
  /** A glob over paths relative to the root; absent: files with the extensions below. */
  include?: string;
  /** Used when there is no include glob. */
  extensions?: readonly string[];
  exclude?: readonly string[];
}

/** `**\/*.{cu,cuh,cpp,…}`: the include glob equivalent to a list of extensions. */
export function includeGlobFor(extensions: readonly string[] = DEFAULT_EXTENSIONS): string {
  const names = extensions.map((e) => e.replace(/^\./, ''));
  return names.length === 1 ? `**/*.${names[0]}` : `**/*.{${names.join(',')}}`;
}

export const DEFAULT_INCLUDE = includeGlobFor(DEFAULT_EXTENSIONS);

export function discoverFiles(roots: readonly string[], options: DiscoverOptions = {}): WalkResult {
  const include = options.include?.trim() ? picomatch(options.include.trim(), { dot: true }) : undefined;
  const excludes = (options.exclude ?? []).map((g) => g.trim()).filter(Boolean);
  const exclude = excludes.length ? picomatch(excludes, { dot: true }) : undefined;
  const files: string[] = [];
  const errors: WalkResult['errors'] = [];
  const symlinks: string[] = [];
  for (const root of roots) {
    const walk = collectFiles([root], include ? null : (options.extensions ?? DEFAULT_EXTENSIONS));
    errors.push(...walk.errors);
    symlinks.push(...walk.symlinks);
    const isDir = walk.files.length !== 1 || walk.files[0] !== root;
    for (const file of walk.files) {
      if (!isDir) {
        files.push(file); // a file named explicitly is always reported on
        continue;
      }
      const rel = path.relative(root, file).split(path.sep).join('/');
      if (include && !include(rel)) continue;
      if (exclude && excludedByPathOrFolder(exclude, rel)) continue;
      files.push(file);
    }
  }
  return { files, errors, symlinks };
}

function excludedByPathOrFolder(match: (p: string) => boolean, rel: string): boolean {
  if (match(rel)) return true;
  const parts = rel.split('/');
  for (let i = 1; i < parts.length; i++) if (match(parts.slice(0, i).join('/'))) return true;
  return false;
}
