/**
 * `compile_commands.json` (the JSON compilation database of CMake, Bear, meson …) as data:
 * per file, the `-D`/`-U` defines, the `-I`/`-isystem`/`-iquote` include paths and the
 * `-include` files its compiler command names. Pure: the text of the database in, plain
 * data out; never throws. The host reads the file and picks the entry (`entryFor`).
 *
 * Entries have `directory`, `file`, and either `arguments` (an argv array) or `command`
 * (one shell string, split here by the shell's quoting rules). Relative paths are
 * relative to `directory`. Paths come back absolute and `/`-separated.
 */

export interface CompileEntry {
  /** Absolute, normalised path of the compiled file. */
  file: string;
  directory: string;
  /** `-D` and `-U` in command-line order (a later one wins). */
  defines: Array<{ name: string; value: string } | { name: string; undef: true }>;
  /** `-iquote`, `-I` then `-isystem` directories, each in command-line order, absolute. */
  includePaths: string[];
  /** `-include FILE` (forced includes), absolute. */
  forcedIncludes: string[];
}

export interface CompileDatabase {
  entries: CompileEntry[];
  problems: string[];
}

/** A database is refused beyond this many entries (a monorepo's is large but finite). */
export const MAX_COMPILE_ENTRIES = 200_000;
/** Characters of one command; longer ones are skipped with a problem. */
const MAX_COMMAND_CHARS = 1_000_000;

/** Splits a shell command line into words (POSIX quoting: '…', "…" with \-escapes, \ outside quotes). */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < command.length && '"\\$`\n'.includes(command[i + 1]!)) word += command[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < command.length) {
      word += command[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** `a/./b/../c` → `a/c`; keeps a leading `/` or drive (`C:/`). */
export function normalizePath(p: string): string {
  const s = p.replace(/\\/g, '/');
  const m = /^([A-Za-z]:)?\//.exec(s);
  const root = m ? m[0] : '';
  const out: string[] = [];
  for (const part of s.slice(root.length).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!root) out.push('..');
    } else out.push(part);
  }
  return root + out.join('/');
}

export function isAbsolutePath(p: string): boolean {
  return /^([A-Za-z]:)?[\\/]/.test(p);
}

/** `p` against `dir` (both `/`-separated), normalised. */
export function resolvePath(dir: string, p: string): string {
  return normalizePath(isAbsolutePath(p) ? p : `${dir}/${p}`);
}

/** Parses the database text; bad entries are skipped with a problem, never thrown. */
export function parseCompileCommands(text: string, databaseDir = '/'): CompileDatabase {
  const problems: string[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { entries: [], problems: [`compile_commands.json is not JSON: ${(e as Error).message}`] };
  }
  if (!Array.isArray(raw)) return { entries: [], problems: ['compile_commands.json must be an array of entries'] };
  const entries: CompileEntry[] = [];
  const base = normalizePath(databaseDir);
  for (let i = 0; i < raw.length; i++) {
    if (entries.length >= MAX_COMPILE_ENTRIES) {
      problems.push(`more than ${MAX_COMPILE_ENTRIES} entries: the rest are ignored`);
      break;
    }
    const e = raw[i] as { directory?: unknown; file?: unknown; arguments?: unknown; command?: unknown } | null;
    if (!e || typeof e !== 'object') {
      problems.push(`entry ${i}: not an object`);
      continue;
    }
    if (typeof e.file !== 'string') {
      problems.push(`entry ${i}: no 'file'`);
      continue;
    }
    const directory = typeof e.directory === 'string' ? resolvePath(base, e.directory) : base;
    let argv: string[];
    if (Array.isArray(e.arguments) && e.arguments.every((a) => typeof a === 'string')) argv = e.arguments as string[];
    else if (typeof e.command === 'string') {
      if (e.command.length > MAX_COMMAND_CHARS) {
        problems.push(`entry ${i}: command longer than ${MAX_COMMAND_CHARS} characters`);
        continue;
      }
      argv = splitCommand(e.command);
    } else {
      problems.push(`entry ${i}: neither 'arguments' nor 'command'`);
      continue;
    }
    entries.push({ file: resolvePath(directory, e.file), directory, ...flagsOf(argv.slice(1), directory) });
  }
  return { entries, problems };
}

/**
 * The defines and include paths of a compiler's arguments (argv without the compiler).
 * Accepts the joined (`-DX=1`, `-Iinc`) and separate (`-D X=1`, `-I inc`) forms, and
 * nvcc's long spellings (`--define-macro`, `--include-path`, `--pre-include`, `--system-include`).
 */
export function flagsOf(args: readonly string[], directory: string): Omit<CompileEntry, 'file' | 'directory'> {
  const defines: CompileEntry['defines'] = [];
  const quote: string[] = [];
  const user: string[] = [];
  const system: string[] = [];
  const forcedIncludes: string[] = [];
  const define = (d: string) => {
    const eq = d.indexOf('=');
    const name = (eq < 0 ? d : d.slice(0, eq)).trim();
    if (/^[A-Za-z_]\w*$/.test(name)) defines.push({ name, value: eq < 0 ? '1' : d.slice(eq + 1) });
  };
  const undef = (n: string) => {
    if (/^[A-Za-z_]\w*$/.test(n.trim())) defines.push({ name: n.trim(), undef: true });
  };
  // Flag → what its value is; each may be joined (`-Ifoo`, `--include-path=foo`) or separate.
  const takes: Array<[string, (v: string) => void]> = [
    ['--define-macro', define],
    ['--undefine-macro', undef],
    ['--include-path', (v) => user.push(resolvePath(directory, v))],
    ['--system-include', (v) => system.push(resolvePath(directory, v))],
    ['--pre-include', (v) => forcedIncludes.push(resolvePath(directory, v))],
    ['-isystem', (v) => system.push(resolvePath(directory, v))],
    ['-iquote', (v) => quote.push(resolvePath(directory, v))],
    ['-idirafter', (v) => system.push(resolvePath(directory, v))],
    ['-include', (v) => forcedIncludes.push(resolvePath(directory, v))],
    ['-D', define],
    ['-U', undef],
    ['-I', (v) => user.push(resolvePath(directory, v))],
  ];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const [flag, apply] of takes) {
      if (a === flag) {
        if (i + 1 < args.length) apply(args[++i]!);
        break;
      }
      if (a.startsWith(flag)) {
        const rest = a.slice(flag.length);
        // `--include-path=x`, `-Ix`, `-DX=1`, `-isystemx`; `-include` takes its file separately.
        if (flag.startsWith('--') ? !rest.startsWith('=') : flag === '-include') continue;
        apply(flag.startsWith('--') ? rest.slice(1) : rest);
        break;
      }
    }
  }
  return { defines, includePaths: dedupe([...quote, ...user, ...system]), forcedIncludes };
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : p.slice(0, i);
}

/**
 * The entry for `file` (absolute, `/`-separated): its own, else one of a file in the same
 * directory, else one in the nearest parent directory (the way clangd infers a header's or
 * a new file's command). Undefined for an empty database.
 */
export function entryFor(db: CompileDatabase, file: string): CompileEntry | undefined {
  const target = normalizePath(file);
  let best: CompileEntry | undefined;
  let bestScore = -1;
  const dir = dirOf(target);
  for (const e of db.entries) {
    if (e.file === target) return e;
    const score = sharedPrefixDirs(dirOf(e.file), dir) + (dirOf(e.file) === dir ? 1000 : 0);
    if (score > bestScore) {
      best = e;
      bestScore = score;
    }
  }
  return bestScore > 0 ? best : undefined;
}

function sharedPrefixDirs(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

/** The entry's defines as a map (`-U` removes an earlier `-D`). */
export function definesOf(entry: CompileEntry | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of entry?.defines ?? []) {
    if ('undef' in d) delete out[d.name];
    else out[d.name] = d.value;
  }
  return out;
}
