/**
 * The CUDA lens: a rewrite of CUDA source that tree-sitter-cpp can parse, keeping the
 * length of the text and therefore every offset, line and column.
 *
 *   __global__                  -> [[global]]                 (attribute of equal length)
 *   __launch_bounds__(256, 2)   -> [[launch_bounds(256, 2)]]  (the `__` moves behind the parens)
 *   [=] __device__ (int i)      -> [=] /*device*\/ (int i)     (lambda position: no attribute allowed)
 *   k<<<g, b, s>>>(x)           -> k(  g, b, s)  (x)          (a call of a call)
 *   HOST_DEVICE (a same-file #define of qualifiers) -> [[ST_DEVI]]
 *
 * Comments, string and character literals are masked before matching, so nothing inside
 * them is rewritten. Directive lines are left alone except `#define` bodies, where
 * launches and qualifiers are rewritten (but never the macro name being defined).
 *
 * Measured on ~1,100 real .cu/.cuh files (see ../shared/ref/cuda-lens-prototype.mjs for
 * the prototype this replaces): ERROR nodes fell from 11.1 to 3.0 per kLOC.
 *
 * It never throws. If the length invariant were ever broken, it returns the input unchanged.
 */

export type LensEditKind = 'qualifier' | 'launch' | 'macro';

export interface LensEdit {
  kind: LensEditKind;
  /** Qualifier name without underscores ('global', 'launch_bounds'), 'launch', or the macro name. */
  name: string;
  /** Span in the original text (UTF-16 offsets, equal in the lensed text). */
  start: number;
  end: number;
  /** Original text of the span. */
  original: string;
  form: 'attribute' | 'comment' | 'launch';
  /** For qualifiers with arguments: the text inside the parentheses (`256, 2`). */
  args?: string;
  /** CUDA qualifiers this edit stands for: `[name]` for a qualifier, the expansion for a macro. */
  qualifiers?: string[];
  /** For launches: the first `<` of the opener, the last `>` of the closer, and the configuration text between them. */
  launch?: { open: number; close: number; configStart: number; configEnd: number };
}

export interface LensResult {
  /** Same length as the input, plus one `\n` when `appendedNewline`. */
  text: string;
  /** Sorted by start. */
  edits: LensEdit[];
  appendedNewline: boolean;
  /** Same-file qualifier macros that were resolved. */
  qualifierMacros: string[];
}

export interface LensOptions {
  launches?: boolean;
  qualifiers?: boolean;
  qualifierMacros?: boolean;
}

/** Qualifiers written `__name__`. */
const SIMPLE_QUALIFIERS = ['global', 'device', 'host', 'shared', 'constant', 'managed', 'forceinline', 'noinline', 'grid_constant', 'inline'];
/** Qualifiers written `__name__(args)`. */
const PAREN_QUALIFIERS = ['launch_bounds', 'cluster_dims', 'maxnreg', 'align'];
/** Words a qualifier macro body may contain besides CUDA qualifiers. */
const HARMLESS_IN_MACRO = new Set(['inline', 'static', 'constexpr', 'extern', 'volatile']);

const QUALIFIER_RE = new RegExp(
  `(?<![A-Za-z0-9_])__(${[...SIMPLE_QUALIFIERS, ...PAREN_QUALIFIERS].sort((a, b) => b.length - a.length).join('|')})__(?![A-Za-z0-9_])`,
  'g',
);

const isIdChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);
const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

/** The identifier or number that ends right before `end`. */
function tokenBefore(src: string, end: number): string {
  let s = end;
  while (s > 0 && isIdChar(src[s - 1])) s--;
  return src.slice(s, end);
}

const ENCODING_PREFIX = /^(u8|u|U|L)$/;

/**
 * Comments and the contents of string and character literals replaced by spaces
 * (newlines kept); same length. Rules use it for lexical fallbacks.
 */
export function maskCommentsAndStrings(src: string): string {
  const n = src.length;
  const out: string[] = [];
  let last = 0;
  const blank = (a: number, b: number) => {
    const e = Math.min(b, n);
    if (e <= a) return;
    out.push(src.slice(last, a), src.slice(a, e).replace(/[^\r\n]/g, ' '));
    last = e;
  };
  let i = 0;
  while (i < n) {
    const c = src[i];
    if (c === '/' && src[i + 1] === '/') {
      let j = i + 2;
      while (j < n && src[j] !== '\n') j += src[j] === '\\' && (src[j + 1] === '\n' || src[j + 1] === '\r') ? (src[j + 1] === '\r' && src[j + 2] === '\n' ? 3 : 2) : 1;
      blank(i, j);
      i = j;
    } else if (c === '/' && src[i + 1] === '*') {
      const close = src.indexOf('*/', i + 2);
      const j = close < 0 ? n : close + 2;
      blank(i, j);
      i = j;
    } else if (c === '"') {
      const prefix = tokenBefore(src, i);
      if (prefix.endsWith('R') && (prefix === 'R' || ENCODING_PREFIX.test(prefix.slice(0, -1)))) {
        // Raw string R"delim( ... )delim"
        const open = src.indexOf('(', i + 1);
        const delim = open < 0 ? '' : src.slice(i + 1, open);
        if (open >= 0 && delim.length <= 16 && !/[\s()\\"]/.test(delim)) {
          const endTok = `)${delim}"`;
          const close = src.indexOf(endTok, open + 1);
          const j = close < 0 ? n : close + endTok.length;
          blank(i + 1, j - 1);
          i = j;
          continue;
        }
      }
      let j = i + 1;
      while (j < n && src[j] !== '"' && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      blank(i + 1, Math.min(j, n));
      i = j + 1;
    } else if (c === "'") {
      const prev = tokenBefore(src, i);
      // A digit separator (1'000'000) or a quote after an identifier is not a literal.
      if (prev && (/^[0-9]/.test(prev) || !ENCODING_PREFIX.test(prev))) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n && src[j] !== "'" && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      blank(i + 1, Math.min(j, n));
      i = j + 1;
    } else i++;
  }
  if (last === 0) return src;
  out.push(src.slice(last));
  return out.join('');
}

interface Directive {
  start: number;
  end: number;
  keyword: string;
  /** For `#define`: the span of the macro name. */
  nameStart?: number;
  nameEnd?: number;
}

/** Preprocessor directive lines (with backslash continuations), sorted. */
function findDirectives(mask: string): Directive[] {
  const res: Directive[] = [];
  const re = /^[ \t]*#[ \t]*([A-Za-z_]+)/gm;
  for (let m = re.exec(mask); m; m = re.exec(mask)) {
    let e = m.index;
    for (;;) {
      const nl = mask.indexOf('\n', e);
      if (nl < 0) {
        e = mask.length;
        break;
      }
      let k = nl - 1;
      if (mask[k] === '\r') k--;
      if (mask[k] === '\\') {
        e = nl + 1;
        continue;
      }
      e = nl;
      break;
    }
    const d: Directive = { start: m.index, end: e, keyword: m[1]! };
    if (d.keyword === 'define') {
      const nm = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_][A-Za-z0-9_]*)/.exec(mask.slice(m.index, e));
      if (nm) {
        d.nameEnd = m.index + nm[0].length;
        d.nameStart = d.nameEnd - nm[1]!.length;
      }
    }
    res.push(d);
    re.lastIndex = Math.max(re.lastIndex, e);
  }
  return res;
}

/** Finds the directive containing a position; positions must be queried in increasing order. */
class DirectiveCursor {
  private i = 0;
  constructor(private readonly dirs: Directive[]) {}
  at(pos: number): Directive | null {
    while (this.i < this.dirs.length && this.dirs[this.i]!.end < pos) this.i++;
    const d = this.dirs[this.i];
    return d && d.start <= pos && pos <= d.end ? d : null;
  }
}

/** True when a match at `pos` may be rewritten: outside directives, or in a #define body. */
function rewritable(d: Directive | null, pos: number): boolean {
  if (!d) return true;
  if (d.keyword !== 'define') return false;
  return d.nameStart === undefined || pos >= d.nameEnd! || pos < d.nameStart;
}

/**
 * How far a bracket scan may look. Real qualifier arguments and launch configurations are
 * far shorter; the cap keeps pathological input (thousands of unclosed `<<<` or `(`)
 * linear instead of quadratic.
 */
const MAX_SCAN = 4096;

function matchParen(mask: string, open: number): number {
  let depth = 0;
  const limit = Math.min(mask.length, open + MAX_SCAN);
  for (let j = open; j < limit; j++) {
    const c = mask[j];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return j;
    } else if (c === ';' || c === '{' || c === '}') return -1;
  }
  return -1;
}

interface Put {
  pos: number;
  text: string;
}

function qualifierPass(src: string, mask: string, dirs: Directive[], puts: Put[], edits: LensEdit[]): void {
  const cursor = new DirectiveCursor(dirs);
  let chainEnd = -1; // end of the previous qualifier rewritten as a comment (lambda chain)
  QUALIFIER_RE.lastIndex = 0;
  for (let m = QUALIFIER_RE.exec(mask); m; m = QUALIFIER_RE.exec(mask)) {
    const start = m.index;
    const name = m[1]!;
    const end = start + m[0].length;
    if (!rewritable(cursor.at(start), start)) continue;
    // The extended-lambda position: right after a lambda introducer `]` (not an attribute `]]`).
    let b = start - 1;
    while (b >= 0 && isBlank(mask[b])) b--;
    const lambda = (mask[b] === ']' && mask[b - 1] !== ']' && mask[b - 1] !== undefined) || (chainEnd >= 0 && b === chainEnd - 1);
    if (PAREN_QUALIFIERS.includes(name)) {
      let p = end;
      while (p < mask.length && (mask[p] === ' ' || mask[p] === '\t')) p++;
      const close = mask[p] === '(' ? matchParen(mask, p) : -1;
      if (close > 0) {
        const rep = `[[${name}${src.slice(end, close + 1)}]]`;
        puts.push({ pos: start, text: rep });
        edits.push({ kind: 'qualifier', name, start, end: close + 1, original: src.slice(start, close + 1), form: 'attribute', args: src.slice(p + 1, close).trim(), qualifiers: [name] });
        QUALIFIER_RE.lastIndex = close + 1;
        chainEnd = -1;
        continue;
      }
      // `__align__` without parentheses (half-typed): fall through to the simple form.
    }
    puts.push({ pos: start, text: lambda ? `/*${name}*/` : `[[${name}]]` });
    edits.push({ kind: 'qualifier', name, start, end, original: m[0], form: lambda ? 'comment' : 'attribute', qualifiers: [name] });
    chainEnd = lambda ? end : -1;
  }
}

/** Scans from after a `<<<` opener to its `>>>` closer at bracket depth 0 that is followed by `(`. */
function findLaunchCloser(mask: string, from: number): number[] | null {
  let depth = 0;
  let j = from;
  const limit = Math.min(mask.length, from + MAX_SCAN);
  while (j < limit) {
    const c = mask[j];
    if (c === '(' || c === '[') depth++;
    else if (c === '{') {
      if (depth === 0) return null; // a block: this was not a launch
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth < 0) return null;
    } else if (c === ';' && depth === 0) return null;
    else if (c === '>' && depth === 0) {
      // A run of `>` (blanks allowed between them): the launch closer is its last three.
      const gts: number[] = [];
      let r = j;
      while (r < mask.length) {
        if (mask[r] === '>') {
          gts.push(r);
          r++;
          continue;
        }
        let q = r;
        while (q < mask.length && (mask[q] === ' ' || mask[q] === '\t')) q++;
        if (mask[q] === '>') {
          r = q;
          continue;
        }
        break;
      }
      if (gts.length >= 3) {
        let q = r;
        while (q < mask.length && isBlank(mask[q])) q++;
        if (mask[q] === '(') return gts.slice(-3);
      }
      j = r;
      continue;
    }
    j++;
  }
  return null;
}

function launchPass(src: string, mask: string, dirs: Directive[], puts: Put[], edits: LensEdit[]): void {
  const cursor = new DirectiveCursor(dirs);
  // The opener `<<<`, and the spaced spellings `<< <` and `< < <` of old code.
  const re = /<[ \t]*<[ \t]*</g;
  for (let m = re.exec(mask); m; m = re.exec(mask)) {
    const s = m.index;
    const e = s + m[0].length;
    if (mask[s - 1] === '<' || mask[e] === '<') {
      re.lastIndex = e;
      while (mask[re.lastIndex] === '<') re.lastIndex++;
      continue;
    }
    if (!rewritable(cursor.at(s), s)) continue;
    let b = s - 1;
    while (b >= 0 && isBlank(mask[b])) b--;
    if (mask.slice(Math.max(0, b - 7), b + 1) === 'operator') continue; // operator<<<T>
    const close = findLaunchCloser(mask, e);
    if (!close) continue;
    const opens: number[] = [];
    for (let k = s; k < e; k++) if (mask[k] === '<') opens.push(k);
    puts.push({ pos: opens[0]!, text: '(' }, { pos: opens[1]!, text: ' ' }, { pos: opens[2]!, text: ' ' });
    puts.push({ pos: close[0]!, text: ')' }, { pos: close[1]!, text: ' ' }, { pos: close[2]!, text: ' ' });
    edits.push({
      kind: 'launch',
      name: 'launch',
      start: s,
      end: close[2]! + 1,
      original: src.slice(s, close[2]! + 1),
      form: 'launch',
      launch: { open: s, close: close[2]!, configStart: e, configEnd: close[0]! },
    });
    re.lastIndex = close[2]! + 1;
  }
}

/**
 * Object-like `#define NAME body` whose body is only CUDA qualifiers, harmless keywords
 * and earlier qualifier macros. Returns NAME -> the CUDA qualifiers it expands to.
 */
function qualifierMacros(mask: string, dirs: Directive[]): Map<string, string[]> {
  const macros = new Map<string, string[]>();
  for (const d of dirs) {
    if (d.keyword !== 'define' || d.nameEnd === undefined) continue;
    const name = mask.slice(d.nameStart!, d.nameEnd);
    if (mask[d.nameEnd] === '(') continue; // function-like
    if (name.startsWith('__') && name.endsWith('__')) continue; // `#define __device__` and friends
    const body = mask.slice(d.nameEnd, d.end).replace(/\\\r?\n/g, ' ').trim();
    if (!body) continue;
    const quals: string[] = [];
    let ok = true;
    const tokenRe = /__([a-z_]+)__\s*(\([^()]*\))?|[A-Za-z_][A-Za-z0-9_]*/g;
    let consumed = 0;
    for (let t = tokenRe.exec(body); t; t = tokenRe.exec(body)) {
      if (body.slice(consumed, t.index).trim()) {
        ok = false;
        break;
      }
      consumed = t.index + t[0].length;
      if (t[1] !== undefined) {
        if (!SIMPLE_QUALIFIERS.includes(t[1]) && !PAREN_QUALIFIERS.includes(t[1])) {
          ok = false;
          break;
        }
        quals.push(t[1]);
      } else if (macros.has(t[0])) quals.push(...macros.get(t[0])!);
      else if (!HARMLESS_IN_MACRO.has(t[0])) {
        ok = false;
        break;
      }
    }
    if (ok && body.slice(consumed).trim()) ok = false;
    if (ok && quals.length) macros.set(name, [...new Set(quals)]);
  }
  return macros;
}

function macroPass(src: string, mask: string, dirs: Directive[], macros: Map<string, string[]>, puts: Put[], edits: LensEdit[]): void {
  const names = [...macros.keys()].filter((n) => n.length >= 4);
  if (!names.length) return;
  const re = new RegExp(`(?<![A-Za-z0-9_])(${names.sort((a, b) => b.length - a.length).join('|')})(?![A-Za-z0-9_])`, 'g');
  const cursor = new DirectiveCursor(dirs);
  for (let m = re.exec(mask); m; m = re.exec(mask)) {
    const d = cursor.at(m.index);
    // Uses inside directives (including other qualifier macros' bodies) stay as written.
    if (d) continue;
    const nm = m[1]!;
    const attribute = nm.length >= 5;
    const text = attribute ? `[[${nm.slice(2, -2)}]]` : `/*${nm.slice(2, -2)}*/`;
    puts.push({ pos: m.index, text });
    edits.push({ kind: 'macro', name: nm, start: m.index, end: m.index + nm.length, original: nm, form: attribute ? 'attribute' : 'comment', qualifiers: macros.get(nm) });
  }
}

export function applyCudaLens(source: string, options: LensOptions = {}): LensResult {
  try {
    return lens(source, options);
  } catch {
    return { text: source, edits: [], appendedNewline: false, qualifierMacros: [] };
  }
}

function lens(src: string, options: LensOptions): LensResult {
  const mask = maskCommentsAndStrings(src);
  const dirs = findDirectives(mask);
  const puts: Put[] = [];
  const edits: LensEdit[] = [];
  if (options.qualifiers !== false) qualifierPass(src, mask, dirs, puts, edits);
  let macroNames: string[] = [];
  if (options.qualifierMacros !== false) {
    const macros = qualifierMacros(mask, dirs);
    macroNames = [...macros.keys()];
    macroPass(src, mask, dirs, macros, puts, edits);
  }
  if (options.launches !== false) launchPass(src, mask, dirs, puts, edits);

  puts.sort((a, b) => a.pos - b.pos);
  const parts: string[] = [];
  let last = 0;
  for (const p of puts) {
    if (p.pos < last) return { text: src, edits: [], appendedNewline: false, qualifierMacros: [] }; // overlapping edits: give up safely
    parts.push(src.slice(last, p.pos), p.text);
    last = p.pos + p.text.length;
  }
  parts.push(src.slice(last));
  let text = parts.join('');
  if (text.length !== src.length) return { text: src, edits: [], appendedNewline: false, qualifierMacros: [] };

  // A directive on the last line without a newline (`#endif` at EOF) needs one to parse.
  let appendedNewline = false;
  const lastDir = dirs[dirs.length - 1];
  if (lastDir && lastDir.end === src.length && !src.endsWith('\n')) {
    text += '\n';
    appendedNewline = true;
  }
  edits.sort((a, b) => a.start - b.start);
  return { text, edits, appendedNewline, qualifierMacros: macroNames };
}
