/**
 * Finds the files to scan: explicit files always, directories recursively with the
 * source extensions, skipping VCS folders, node_modules and what `.gitignore` files
 * along the way ignore (a practical subset of gitignore: names, globs, anchored paths,
 * directory-only patterns and negations).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DEFAULT_EXTENSIONS = ['.cu', '.cuh', '.cpp', '.cc', '.cxx', '.c', '.h', '.hpp', '.hh', '.hxx', '.inl'];
const ALWAYS_SKIPPED = new Set(['.git', '.hg', '.svn', 'node_modules']);

interface IgnoreRule {
  regex: RegExp;
  dirOnly: boolean;
  negate: boolean;
  /** Anchored patterns match the path relative to the .gitignore; others match any basename. */
  anchored: boolean;
}

function globToRegex(glob: string): string {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += '.*';
        i++;
        if (glob[i + 1] === '/') i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return re;
}

export function parseGitignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (let line of text.split(/\r?\n/)) {
    line = line.replace(/\s+$/, '');
    if (!line || line.startsWith('#')) continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    }
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    if (!line) continue;
    rules.push({ regex: new RegExp(`^${globToRegex(line)}$`), dirOnly, negate, anchored });
  }
  return rules;
}

interface IgnoreScope {
  base: string;
  rules: IgnoreRule[];
}

function ignored(scopes: IgnoreScope[], full: string, isDir: boolean): boolean {
  let result = false;
  for (const s of scopes) {
    const rel = path.relative(s.base, full).split(path.sep).join('/');
    const name = path.basename(full);
    for (const r of s.rules) {
      if (r.dirOnly && !isDir) continue;
      if (r.regex.test(r.anchored ? rel : name)) result = !r.negate;
    }
  }
  return result;
}

export interface WalkResult {
  files: string[];
  /** Paths that could not be read, with the reason. */
  errors: { path: string; message: string }[];
  /** Symbolic links met inside directories: not followed (they can loop), but reported. */
  symlinks: string[];
}

/** `extensions: null` keeps every file (the caller filters, e.g. by an include glob). */
export function collectFiles(inputs: readonly string[], extensions: readonly string[] | null = DEFAULT_EXTENSIONS): WalkResult {
  const files: string[] = [];
  const errors: WalkResult['errors'] = [];
  const symlinks: string[] = [];
  const exts = extensions ? new Set(extensions.map((e) => e.toLowerCase())) : null;
  const seen = new Set<string>();

  const visitDir = (dir: string, scopes: IgnoreScope[]) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      errors.push({ path: dir, message: (e as Error).message });
      return;
    }
    let here = scopes;
    const gi = path.join(dir, '.gitignore');
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        here = [...scopes, { base: dir, rules: parseGitignore(fs.readFileSync(gi, 'utf8')) }];
      } catch {
        // An unreadable .gitignore ignores nothing.
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (ALWAYS_SKIPPED.has(e.name) || ignored(here, full, true)) continue;
        visitDir(full, here);
      } else if (e.isFile()) {
        if ((exts && !exts.has(path.extname(e.name).toLowerCase())) || ignored(here, full, false)) continue;
        if (!seen.has(full)) {
          seen.add(full);
          files.push(full);
        }
      } else if (e.isSymbolicLink()) {
        // Not followed (they can loop, or lead out of the tree), but said: a source file
        // that is a link would otherwise vanish from the scan without a word.
        if ((!exts || exts.has(path.extname(e.name).toLowerCase())) && !ignored(here, full, false)) symlinks.push(full);
      }
    }
  };

  for (const input of inputs) {
    let st: fs.Stats;
    try {
      st = fs.statSync(input);
    } catch (e) {
      errors.push({ path: input, message: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message });
      continue;
    }
    if (st.isDirectory()) visitDir(input, []);
    else if (!seen.has(input)) {
      // A file named explicitly is scanned whatever its extension.
      seen.add(input);
      files.push(input);
    }
  }
  return { files, errors, symlinks };
}
