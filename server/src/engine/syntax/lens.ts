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
 * Every edit replaces a span by a string of exactly the same length, so UTF-16 offsets,
 * rows and columns outside the edited spans are unchanged. (Inside a parenthesised
 * qualifier the argument text moves two columns left.) The only change of length is one
 * `\n` appended when the file ends in a directive line without a newline (`#endif` at EOF).
 *
 * Comments, string and character literals (raw strings included) are masked before
 * matching, so nothing inside them is rewritten. Directive lines are left alone except
 * `#define` bodies, where launches and qualifiers are rewritten (but never the macro name
 * being defined, as in `#define __device__`).
 *
 * The work is split into stages that each read the masked text:
 *   1. masking scanner        scanLiterals / maskRanges / maskCommentsAndStrings
 *   2. directive ranges       findDirectives / DirectiveCursor
 *   3. qualifier macros       resolveQualifierMacros (analysis only; no edits)
 *   4. qualifier pass         qualifierPass
 *   5. launch pass            launchPass
 *   6. macro pass             macroPass
 *   7. edit application       applyPlanned (+ invariant check)
 *
 * Every scan that can look ahead or behind is bounded, so the lens runs in linear time on
 * any input. It never throws: on an internal error, or if the length invariant were ever
 * broken, it returns the input unchanged with no edits.
 *
 * This is the production version of the measured prototype in
 * /work/shared/ref/cuda-lens-prototype.mjs (ERROR nodes on ~1,100 real .cu/.cuh files fell
 * from 11.1 to 3.0 per kLOC with the prototype's rules).
 */

// ---------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------

export type LensEditKind = 'qualifier' | 'launch' | 'macro';

export interface LensEdit {
  kind: LensEditKind;
  /** Qualifier name without underscores ('global', 'launch_bounds'), 'launch', or the macro name. */
  name: string;
  /** Span in the ORIGINAL text (UTF-16 offsets, same as in the lensed text). */
  start: number;
  end: number;
  /** Original text of the span. */
  original: string;
  /** How it was rewritten. */
  form: 'attribute' | 'comment' | 'launch';
  /** For qualifiers with arguments (launch_bounds etc.): the argument text inside the parens, e.g. '256, 2'. */
  args?: string;
  /** For macros: the CUDA qualifier names it expands to, e.g. ['host','device']. For qualifiers: [name]. */
  qualifiers?: string[];
  /**
   * For launches: offsets of the first '<' of the opener and of the last '>' of the closer,
   * and the span of the configuration text between them (e.g. 'grid, block, 0, stream').
   */
  launch?: { open: number; close: number; configStart: number; configEnd: number };
}

export interface LensResult {
  /** The rewritten text: same length as the input, plus one '\n' when appendedNewline. */
  text: string;
  /** Sorted by start; spans are disjoint. */
  edits: LensEdit[];
  appendedNewline: boolean;
  /** Names of same-file qualifier macros that were resolved. */
  qualifierMacros: string[];
  /**
   * The input with comments and string contents blanked, newlines kept (as
   * \`maskCommentsAndStrings\`), from the lens's own scan of the literals; absent when the lens
   * gave up.
   */
  masked?: string;
}

/** All passes default to on. */
export interface LensOptions {
  launches?: boolean;
  qualifiers?: boolean;
  qualifierMacros?: boolean;
}

/** CUDA qualifiers written `__name__`. */
export const CUDA_SIMPLE_QUALIFIERS: readonly string[] = [
  'global', 'device', 'host', 'shared', 'constant', 'managed',
  'forceinline', 'noinline', 'grid_constant', 'inline',
];
/** CUDA qualifiers written `__name__(args)`. */
export const CUDA_PAREN_QUALIFIERS: readonly string[] = ['launch_bounds', 'cluster_dims', 'maxnreg', 'align'];

/**
 * Applies the lens. Never throws; see the file comment for what is rewritten.
 */
export function applyCudaLens(source: string, options?: LensOptions): LensResult {
  const src = typeof source === 'string' ? source : source == null ? '' : String(source);
  try {
    return runLens(src, options ?? {});
  } catch {
    return unchanged(src);
  }
}

/**
 * Comments and string/char literal contents replaced by spaces (newlines kept); same
 * length. Quotes stay, so `"abc"` becomes `"   "`; comments are blanked whole.
 */
export function maskCommentsAndStrings(source: string): string {
  try {
    return maskRanges(source, scanLiterals(source), true);
  } catch {
    return source;
  }
}

// ---------------------------------------------------------------------------------------
// Tunables: bounds that keep every scan linear on hostile input
// ---------------------------------------------------------------------------------------

/** Longest launch configuration (`<<<` ... `>>>`) searched for a closer. */
const MAX_LAUNCH_SCAN = 4096;
/** Longest argument list of `__launch_bounds__(...)` and friends. */
const MAX_QUALIFIER_ARGS = 256;
/** Whitespace allowed between a parenthesised qualifier and its `(`. */
const MAX_QUALIFIER_GAP = 64;
/** Longest raw-string delimiter allowed by the standard. */
const MAX_RAW_DELIMITER = 16;
/** How far back the lambda-position check looks for a matching `[`. */
const MAX_ATTRIBUTE_LOOKBACK = 512;
/** How many qualifier words the lambda-position check skips (`[=] __host__ __device__`). */
const MAX_QUALIFIER_CHAIN = 8;
/** Longest run of blanks skipped by the look-behind helpers. */
const MAX_BLANK_RUN = 4096;

// ---------------------------------------------------------------------------------------
// Character helpers (char codes; no per-character regexes)
// ---------------------------------------------------------------------------------------

const SIMPLE_SET = new Set(CUDA_SIMPLE_QUALIFIERS);
const PAREN_SET = new Set(CUDA_PAREN_QUALIFIERS);

function isIdCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}
function isIdAt(s: string, i: number): boolean {
  return i >= 0 && i < s.length && isIdCode(s.charCodeAt(i));
}
function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}
/** Space, tab, newline, carriage return, vertical tab, form feed. */
function isBlankCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}
/** A backslash that continues the line (`\` + `\n` or `\` + `\r\n`). */
function isContinuation(s: string, i: number): boolean {
  return s[i] === '\\' && (s[i + 1] === '\n' || (s[i + 1] === '\r' && s[i + 2] === '\n'));
}

/** Index of the first non-blank character at or after `i` (line continuations count as blank), or `limit`. */
function skipBlanksForward(s: string, i: number, limit: number): number {
  let j = i;
  const stop = Math.min(limit, i + MAX_BLANK_RUN);
  while (j < stop) {
    if (isBlankCode(s.charCodeAt(j)) || isContinuation(s, j)) j++;
    else break;
  }
  return j;
}

/** Index of the last non-blank character before `i` (line continuations count as blank), or -1. */
function skipBlanksBackward(s: string, i: number): number {
  let j = i - 1;
  const stop = Math.max(-1, i - 1 - MAX_BLANK_RUN);
  while (j > stop) {
    const c = s.charCodeAt(j);
    if (isBlankCode(c) || (c === 92 /* \ */ && (s[j + 1] === '\n' || s[j + 1] === '\r'))) j--;
    else break;
  }
  return j;
}

/** Start index of the identifier or number that ends right before `end`. */
function tokenStartBefore(s: string, end: number): number {
  let i = end;
  while (i > 0 && isIdCode(s.charCodeAt(i - 1))) i--;
  return i;
}

const ENCODING_PREFIXES = new Set(['u8', 'u', 'U', 'L']);
const RAW_PREFIXES = new Set(['R', 'u8R', 'uR', 'UR', 'LR']);

// ---------------------------------------------------------------------------------------
// 1. Masking scanner
// ---------------------------------------------------------------------------------------

/** A half-open span of a comment or of a literal's contents. */
interface Range {
  start: number;
  end: number;
}

/**
 * Comments (whole) and string/character literal contents (without the quotes), in order.
 * One forward pass; every jump moves forward, so it is linear.
 */
function scanLiterals(src: string): Range[] {
  const n = src.length;
  const ranges: Range[] = [];
  const push = (a: number, b: number): void => {
    const e = Math.min(b, n);
    if (e > a) ranges.push({ start: a, end: e });
  };
  let i = 0;
  // Only `/`, `"` and `'` can open a comment or a literal: the native search skips to the next one.
  const next = /[/"']/g;
  while (i < n) {
    next.lastIndex = i;
    const found = next.exec(src);
    if (!found) break;
    i = found.index;
    const c = src.charCodeAt(i);
    if (c === 47 /* / */ && src[i + 1] === '/') {
      // Line comment; a backslash at the end of the line continues it.
      let j = i + 2;
      while (j < n && src[j] !== '\n') j += isContinuation(src, j) ? (src[j + 1] === '\r' ? 3 : 2) : 1;
      push(i, j);
      i = j;
    } else if (c === 47 && src[i + 1] === '*') {
      const close = src.indexOf('*/', i + 2);
      const j = close < 0 ? n : close + 2;
      push(i, j);
      i = j;
    } else if (c === 34 /* " */) {
      const rawEnd = rawStringEnd(src, i);
      if (rawEnd >= 0) {
        push(i + 1, rawEnd - 1);
        i = rawEnd;
        continue;
      }
      const j = quotedEnd(src, i, '"');
      push(i + 1, j);
      i = j + 1;
    } else if (c === 39 /* ' */) {
      // After an identifier or number, a quote is a digit separator (1'000'000) or stray;
      // only the encoding prefixes u8'x', u'x', U'x', L'x' start a character literal.
      const t = tokenStartBefore(src, i);
      if (t < i && (isDigitCode(src.charCodeAt(t)) || !ENCODING_PREFIXES.has(src.slice(t, i)))) {
        i++;
        continue;
      }
      const j = quotedEnd(src, i, "'");
      push(i + 1, j);
      i = j + 1;
    } else i++;
  }
  return ranges;
}

/** Index of the closing quote of an ordinary literal opened at `open` (or of the line end / EOF). */
function quotedEnd(src: string, open: number, quote: string): number {
  const n = src.length;
  let j = open + 1;
  while (j < n) {
    const ch = src[j];
    if (ch === quote || ch === '\n') break;
    if (ch === '\\') j += src[j + 1] === '\r' && src[j + 2] === '\n' ? 3 : 2;
    else j++;
  }
  return Math.min(j, n);
}

/**
 * For a `"` at `quote` that opens a raw string `R"delim( ... )delim"` (optionally with an
 * encoding prefix), the index just past the closing quote (EOF if unterminated); else -1.
 */
function rawStringEnd(src: string, quote: number): number {
  const t = tokenStartBefore(src, quote);
  if (t === quote || !RAW_PREFIXES.has(src.slice(t, quote))) return -1;
  let p = quote + 1;
  const stop = Math.min(src.length, quote + 1 + MAX_RAW_DELIMITER + 1);
  while (p < stop && src[p] !== '(') {
    const ch = src.charCodeAt(p);
    // Delimiter characters: any source character except space, parentheses, backslash, controls.
    if (ch <= 32 || ch === 41 /* ) */ || ch === 92 /* \ */ || ch === 34 /* " */) return -1;
    p++;
  }
  if (src[p] !== '(') return -1;
  const endToken = `)${src.slice(quote + 1, p)}"`;
  const close = src.indexOf(endToken, p + 1);
  return close < 0 ? src.length : close + endToken.length;
}

/**
 * Blanks the ranges with spaces. With `keepNewlines` (the exported mask) line breaks stay;
 * without (the lens's own "logical" mask) they are blanked too, so a multi-line comment or
 * a continued string never ends a directive line and never starts one.
 */
/** Whether `src` holds a `\n` (or, when `cr`, a `\r`) in [start, end). */
function hasBreak(src: string, start: number, end: number, cr: boolean): boolean {
  const n = src.indexOf('\n', start);
  if (n >= 0 && n < end) return true;
  if (!cr) return false;
  const r = src.indexOf('\r', start);
  return r >= 0 && r < end;
}

function maskRanges(src: string, ranges: readonly Range[], keepNewlines: boolean): string {
  if (ranges.length === 0) return src;
  const cr = keepNewlines && src.includes('\r');
  const parts: string[] = [];
  let last = 0;
  for (const r of ranges) {
    parts.push(src.slice(last, r.start));
    const length = r.end - r.start;
    // Most ranges (string literals, line comments) hold no line break: spaces only.
    const breaks = keepNewlines && hasBreak(src, r.start, r.end, cr);
    parts.push(breaks ? src.slice(r.start, r.end).replace(/[^\r\n]/g, ' ') : ' '.repeat(length));
    last = r.end;
  }
  parts.push(src.slice(last));
  return parts.join('');
}

// ---------------------------------------------------------------------------------------
// 2. Directive ranges
// ---------------------------------------------------------------------------------------

interface Directive {
  /** Offset of the line start (before `#`). */
  start: number;
  /** Offset of the terminating newline, or the text length. Continuations are included. */
  end: number;
  keyword: string;
  /** For `#define`: the span of the macro name. */
  nameStart?: number;
  nameEnd?: number;
}

const DIRECTIVE_RE = /^[ \t\uFEFF]*#[ \t]*([A-Za-z_][A-Za-z0-9_]*)/gm;
const DEFINE_NAME_RE = /^[ \t\uFEFF]*#[ \t]*define[ \t]+([A-Za-z_][A-Za-z0-9_]*)/;

/** Preprocessor directive lines (with backslash continuations), sorted and disjoint. */
function findDirectives(mask: string): Directive[] {
  const res: Directive[] = [];
  const re = new RegExp(DIRECTIVE_RE.source, DIRECTIVE_RE.flags);
  for (let m = re.exec(mask); m; m = re.exec(mask)) {
    const end = logicalLineEnd(mask, m.index);
    const d: Directive = { start: m.index, end, keyword: m[1] ?? '' };
    if (d.keyword === 'define') {
      const nm = DEFINE_NAME_RE.exec(mask.slice(m.index, Math.min(end, m.index + 4096)));
      if (nm && nm[1] !== undefined) {
        d.nameEnd = m.index + nm[0].length;
        d.nameStart = d.nameEnd - nm[1].length;
      }
    }
    res.push(d);
    re.lastIndex = Math.max(re.lastIndex, end);
  }
  return res;
}

/** End of the logical line starting at `from`: the first newline not preceded by a continuation. */
function logicalLineEnd(mask: string, from: number): number {
  let e = from;
  for (;;) {
    const nl = mask.indexOf('\n', e);
    if (nl < 0) return mask.length;
    let k = nl - 1;
    if (mask[k] === '\r') k--;
    if (k >= from && mask[k] === '\\') {
      e = nl + 1;
      continue;
    }
    return nl;
  }
}

/** Finds the directive containing a position; positions must be queried in increasing order. */
class DirectiveCursor {
  private i = 0;
  constructor(private readonly dirs: readonly Directive[]) {}
  at(pos: number): Directive | null {
    while (this.i < this.dirs.length && this.dirs[this.i]!.end < pos) this.i++;
    const d = this.dirs[this.i];
    return d !== undefined && d.start <= pos && pos <= d.end ? d : null;
  }
}

/** True when code at `pos` may be rewritten: outside directives, or in a `#define` body. */
function isRewritable(d: Directive | null, pos: number): boolean {
  if (!d) return true;
  if (d.keyword !== 'define' || d.nameEnd === undefined) return false;
  return pos >= d.nameEnd; // the body only; never `#define` or the macro name itself
}

// ---------------------------------------------------------------------------------------
// 3. Qualifier macros (analysis)
// ---------------------------------------------------------------------------------------

interface QualifierMacro {
  /** CUDA qualifiers the macro expands to, without underscores, in order, unique. */
  qualifiers: string[];
  /** Uses at or after this offset are rewritten (the end of the first qualifying #define). */
  from: number;
}

/** Words a qualifier macro body may contain besides CUDA qualifiers. */
const HARMLESS_IN_MACRO = new Set([
  'inline', 'static', 'constexpr', 'consteval', 'extern', 'volatile', 'const', 'explicit', 'virtual',
  '__inline', '__forceinline',
]);
/** Words a qualifier macro body may contain when followed by a parenthesised argument. */
const HARMLESS_WITH_ARGS = new Set(['__attribute__', '__declspec', 'alignas']);

/**
 * Object-like `#define NAME body` whose body consists only of CUDA qualifiers, harmless
 * keywords and earlier qualifier macros (chains). The first qualifying definition wins;
 * later empty or different redefinitions (e.g. an `#else` branch) do not undo it.
 */
function resolveQualifierMacros(mask: string, dirs: readonly Directive[]): Map<string, QualifierMacro> {
  const macros = new Map<string, QualifierMacro>();
  for (const d of dirs) {
    if (d.keyword !== 'define' || d.nameStart === undefined || d.nameEnd === undefined) continue;
    if (mask[d.nameEnd] === '(') continue; // function-like
    const name = mask.slice(d.nameStart, d.nameEnd);
    if (macros.has(name) || isCudaQualifierSpelling(name)) continue; // `#define __device__` and friends
    if (d.end - d.nameEnd > 1024) continue; // not a short qualifier list
    const qualifiers = qualifiersOfBody(mask.slice(d.nameEnd, d.end), macros);
    if (qualifiers && qualifiers.length > 0) macros.set(name, { qualifiers, from: d.end });
  }
  return macros;
}

function isCudaQualifierSpelling(word: string): boolean {
  if (word.length < 5 || !word.startsWith('__') || !word.endsWith('__')) return false;
  const inner = word.slice(2, -2);
  return SIMPLE_SET.has(inner) || PAREN_SET.has(inner);
}

/** The qualifiers a macro body stands for, or null when the body holds anything else. */
function qualifiersOfBody(body: string, macros: ReadonlyMap<string, QualifierMacro>): string[] | null {
  const found: string[] = [];
  const n = body.length;
  let i = skipBlanksForward(body, 0, n);
  while (i < n) {
    if (!isIdCode(body.charCodeAt(i)) || isDigitCode(body.charCodeAt(i))) return null;
    let j = i;
    while (j < n && isIdCode(body.charCodeAt(j))) j++;
    const word = body.slice(i, j);
    i = skipBlanksForward(body, j, n);
    const inner = isCudaQualifierSpelling(word) ? word.slice(2, -2) : null;
    if (inner !== null && PAREN_SET.has(inner) && body[i] === '(') {
      const close = matchParen(body, i, n);
      if (close < 0) return null;
      found.push(inner);
      i = skipBlanksForward(body, close + 1, n);
    } else if (inner !== null) {
      found.push(inner);
    } else if (HARMLESS_WITH_ARGS.has(word) && body[i] === '(') {
      const close = matchParen(body, i, n);
      if (close < 0) return null;
      i = skipBlanksForward(body, close + 1, n);
    } else if (macros.has(word)) {
      found.push(...macros.get(word)!.qualifiers);
    } else if (!HARMLESS_IN_MACRO.has(word)) {
      return null;
    }
  }
  return [...new Set(found)];
}

/**
 * Index of the `)` matching the `(` at `open`, or -1 when not found before `limit`,
 * before `MAX_QUALIFIER_ARGS` characters, or before a `;`, `{` or `}`.
 */
function matchParen(s: string, open: number, limit: number): number {
  const stop = Math.min(limit, s.length, open + MAX_QUALIFIER_ARGS);
  let depth = 0;
  for (let j = open; j < stop; j++) {
    const c = s[j];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return j;
    } else if (c === ';' || c === '{' || c === '}') return -1;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------
// Shared context of the rewriting passes
// ---------------------------------------------------------------------------------------

/** A planned edit: its public record and the same-length replacement of [start, end). */
interface Planned {
  edit: LensEdit;
  replacement: string;
}

interface PassContext {
  src: string;
  /** Logical mask: comments and literal contents blanked, newlines inside them too. */
  mask: string;
  dirs: readonly Directive[];
  macros: ReadonlyMap<string, QualifierMacro>;
  planned: Planned[];
}

/** The limit of a forward scan that starts at `pos`: the directive's end inside one, else `fallback`. */
function scanLimit(d: Directive | null, fallback: number): number {
  return d ? Math.min(d.end, fallback) : fallback;
}

/**
 * True when a qualifier (or qualifier macro) starting at `start` stands where
 * tree-sitter-cpp rejects an attribute: right after a lambda introducer `[...]`,
 * possibly behind other qualifiers (`[=] __host__ __device__ (int i)`).
 */
function inLambdaPosition(mask: string, start: number, macros: ReadonlyMap<string, QualifierMacro>): boolean {
  let b = skipBlanksBackward(mask, start);
  for (let hops = 0; hops <= MAX_QUALIFIER_CHAIN && b >= 0; hops++) {
    const c = mask[b];
    if (c === ']') return !closesAttributeList(mask, b);
    if (!isIdAt(mask, b)) return false;
    const ws = tokenStartBefore(mask, b + 1);
    const word = mask.slice(ws, b + 1);
    const inner = isCudaQualifierSpelling(word) ? word.slice(2, -2) : null;
    if (!(inner !== null && SIMPLE_SET.has(inner)) && !macros.has(word)) return false;
    b = skipBlanksBackward(mask, ws);
  }
  return false;
}

/**
 * For a `]` at `b`: true when it closes an attribute list `[[...]]`, i.e. the `]` before it
 * matches a `[` that itself follows a `[`. `[a[0]]` (a lambda capture) is not one.
 */
function closesAttributeList(mask: string, b: number): boolean {
  if (mask[b - 1] !== ']') return false;
  let depth = 0;
  const stop = Math.max(0, b - 1 - MAX_ATTRIBUTE_LOOKBACK);
  for (let k = b - 1; k >= stop; k--) {
    const c = mask[k];
    if (c === ']') depth++;
    else if (c === '[') {
      depth--;
      if (depth === 0) return mask[k - 1] === '[';
    }
  }
  return true; // unknown: prefer the attribute form
}

// ---------------------------------------------------------------------------------------
// 4. Qualifier pass
// ---------------------------------------------------------------------------------------

const QUALIFIER_RE_SOURCE = `(?<![A-Za-z0-9_])__(${[...CUDA_SIMPLE_QUALIFIERS, ...CUDA_PAREN_QUALIFIERS]
  .sort((a, b) => b.length - a.length)
  .join('|')})__(?![A-Za-z0-9_])`;

/** `__global__` -> `[[global]]`, `__launch_bounds__(256)` -> `[[launch_bounds(256)]]`, lambda position -> `/*device*\/`. */
function qualifierPass(ctx: PassContext): void {
  const { src, mask } = ctx;
  const cursor = new DirectiveCursor(ctx.dirs);
  const re = new RegExp(QUALIFIER_RE_SOURCE, 'g');
  for (let m = re.exec(mask); m; m = re.exec(mask)) {
    const start = m.index;
    const name = m[1] ?? '';
    const end = start + m[0].length;
    const dir = cursor.at(start);
    if (!isRewritable(dir, start)) continue;

    if (PAREN_SET.has(name)) {
      const limit = scanLimit(dir, mask.length);
      const p = skipBlanksForward(mask, end, Math.min(limit, end + MAX_QUALIFIER_GAP));
      const close = mask[p] === '(' ? matchParen(mask, p, limit) : -1;
      if (close > 0) {
        // `__name__(args)` -> `[[name(args)]]`: the trailing `__` becomes `]]` after the parens.
        ctx.planned.push({
          edit: {
            kind: 'qualifier',
            name,
            start,
            end: close + 1,
            original: src.slice(start, close + 1),
            form: 'attribute',
            args: src.slice(p + 1, close).trim(),
            qualifiers: [name],
          },
          replacement: `[[${name}${src.slice(end, close + 1)}]]`,
        });
        re.lastIndex = close + 1;
        continue;
      }
      // Without parentheses (half-typed, or `__align__` alone): the simple form below.
    }

    const comment = inLambdaPosition(mask, start, ctx.macros);
    ctx.planned.push({
      edit: { kind: 'qualifier', name, start, end, original: src.slice(start, end), form: comment ? 'comment' : 'attribute', qualifiers: [name] },
      replacement: comment ? `/*${name}*/` : `[[${name}]]`,
    });
  }
}

// ---------------------------------------------------------------------------------------
// 5. Launch pass
// ---------------------------------------------------------------------------------------

/** The opener `<<<`, and the spaced spellings `<< <`, `< <<` and `< < <` of old code. */
const LAUNCH_OPENER_SOURCE = '<[ \\t]*<[ \\t]*<';

/** `k<<<g, b>>>(x)` -> `k(  g, b)  (x)`: the configuration becomes a call, the arguments a call of it. */
function launchPass(ctx: PassContext): void {
  const { src, mask } = ctx;
  const cursor = new DirectiveCursor(ctx.dirs);
  const re = new RegExp(LAUNCH_OPENER_SOURCE, 'g');
  for (let m = re.exec(mask); m; m = re.exec(mask)) {
    const s = m.index;
    const e = s + m[0].length;
    // Part of a longer run of `<` (`<<<<`): not a launch opener; skip the whole run.
    if (mask[s - 1] === '<' || mask[e] === '<') {
      let k = e;
      while (k < mask.length && mask[k] === '<') k++;
      re.lastIndex = k;
      continue;
    }
    const dir = cursor.at(s);
    if (!isRewritable(dir, s)) continue;
    if (wordBefore(mask, s) === 'operator') continue; // `operator<<<T>` / `operator<< <T>`

    // Inside a #define the launch must end within the directive; elsewhere the scan is bounded.
    const limit = scanLimit(dir, Math.min(mask.length, e + MAX_LAUNCH_SCAN));
    const closer = findLaunchCloser(mask, e, limit, dir ? dir.end : mask.length);
    if (!closer) continue;
    const [c0, c1, c2] = closer;

    const opens: number[] = [];
    for (let k = s; k < e; k++) if (mask[k] === '<') opens.push(k);
    const chars = src.slice(s, c2 + 1).split('');
    const set = (pos: number, ch: string): void => {
      chars[pos - s] = ch;
    };
    set(opens[0]!, '(');
    set(opens[1]!, ' ');
    set(opens[2]!, ' ');
    set(c0, ')');
    set(c1, ' ');
    set(c2, ' ');
    ctx.planned.push({
      edit: {
        kind: 'launch',
        name: 'launch',
        start: s,
        end: c2 + 1,
        original: src.slice(s, c2 + 1),
        form: 'launch',
        launch: { open: s, close: c2, configStart: e, configEnd: c0 },
      },
      replacement: chars.join(''),
    });
    re.lastIndex = c2 + 1;
  }
}

/** The identifier that ends at the last non-blank character before `pos` ('' if none). */
function wordBefore(mask: string, pos: number): string {
  const b = skipBlanksBackward(mask, pos);
  if (b < 0 || !isIdAt(mask, b)) return '';
  return mask.slice(tokenStartBefore(mask, b + 1), b + 1);
}

/**
 * Scans from just after a launch opener to its closer: the last three `>` of a run of `>`
 * (blanks allowed between them) at bracket depth 0 that is followed by `(`. Gives up at a
 * `;` at depth 0, an unbalanced closing bracket, another opener at any depth, or `limit`; the `(`
 * must come before `parenLimit`. Returns the offsets of the three `>`.
 */
function findLaunchCloser(mask: string, from: number, limit: number, parenLimit: number): [number, number, number] | null {
  let depth = 0;
  let j = from;
  while (j < limit) {
    const c = mask[j];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth < 0) return null;
    } else if (c === ';' && depth === 0) return null;
    else if (c === '<') {
      // Another opener (at any depth: launches never nest) before a closer: this one was
      // never closed (half-typed code). Stopping here also keeps the total scan linear.
      const run = bracketRun(mask, j, limit, '<');
      if (run.positions.length >= 3) return null;
      j = run.next;
      continue;
    } else if (c === '>' && depth === 0) {
      const run = bracketRun(mask, j, limit, '>');
      const gts = run.positions;
      if (gts.length >= 3) {
        const q = skipBlanksForward(mask, run.next, parenLimit);
        if (q < parenLimit && mask[q] === '(') {
          return [gts[gts.length - 3]!, gts[gts.length - 2]!, gts[gts.length - 1]!];
        }
      }
      j = run.next;
      continue;
    }
    j++;
  }
  return null;
}

/** Positions of a run of `ch` starting at `from`, spaces and tabs allowed between them. */
function bracketRun(mask: string, from: number, limit: number, ch: string): { positions: number[]; next: number } {
  const positions: number[] = [];
  let r = from;
  while (r < limit) {
    if (mask[r] === ch) {
      positions.push(r);
      r++;
      continue;
    }
    let q = r;
    while (q < limit && (mask[q] === ' ' || mask[q] === '\t')) q++;
    if (q < limit && mask[q] === ch) {
      r = q;
      continue;
    }
    break;
  }
  return { positions, next: r };
}

// ---------------------------------------------------------------------------------------
// 6. Macro pass
// ---------------------------------------------------------------------------------------

/**
 * Later uses of a resolved qualifier macro (outside comments, strings and directives):
 * `HOST_DEVICE` -> `[[ST_DEVI]]` (name of 5+ characters whose middle starts with a
 * non-digit), otherwise `/*ST_DEVI*\/` (4+ characters; also in lambda position); names of
 * fewer than 4 characters are left as written.
 */
function macroPass(ctx: PassContext): void {
  const { src, mask, macros } = ctx;
  const names = [...macros.keys()].filter((n) => n.length >= 4);
  if (names.length === 0) return;
  names.sort((a, b) => b.length - a.length);
  const re = new RegExp(`(?<![A-Za-z0-9_])(?:${names.join('|')})(?![A-Za-z0-9_])`, 'g');
  const cursor = new DirectiveCursor(ctx.dirs);
  for (let m = re.exec(mask); m; m = re.exec(mask)) {
    const start = m.index;
    const name = m[0];
    const macro = macros.get(name);
    if (!macro || start < macro.from) continue; // only uses after the definition
    if (cursor.at(start)) continue; // directives (other macros' bodies included) stay as written
    const middle = name.slice(2, -2);
    const attribute = name.length >= 5 && !isDigitCode(middle.charCodeAt(0)) && !inLambdaPosition(mask, start, macros);
    ctx.planned.push({
      edit: {
        kind: 'macro',
        name,
        start,
        end: start + name.length,
        original: src.slice(start, start + name.length),
        form: attribute ? 'attribute' : 'comment',
        qualifiers: [...macro.qualifiers],
      },
      replacement: attribute ? `[[${middle}]]` : `/*${middle}*/`,
    });
  }
}

// ---------------------------------------------------------------------------------------
// 7. Edit application and invariant
// ---------------------------------------------------------------------------------------

/**
 * Applies the planned edits in order of position. An edit that overlaps an earlier one
 * is dropped (never expected, but cheaper than giving up). Returns null if the result
 * would break the length invariant.
 */
function applyPlanned(src: string, planned: Planned[]): { text: string; edits: LensEdit[] } | null {
  planned.sort((a, b) => a.edit.start - b.edit.start || b.edit.end - a.edit.end);
  const parts: string[] = [];
  const edits: LensEdit[] = [];
  let last = 0;
  for (const p of planned) {
    const { start, end } = p.edit;
    if (start < last || end <= start || end > src.length) continue;
    if (p.replacement.length !== end - start) return null;
    parts.push(src.slice(last, start), p.replacement);
    edits.push(p.edit);
    last = end;
  }
  parts.push(src.slice(last));
  const text = parts.join('');
  return invariantHolds(src, text, edits) ? { text, edits } : null;
}

/** Same length, and every character outside the edit spans unchanged. */
function invariantHolds(src: string, text: string, edits: readonly LensEdit[]): boolean {
  if (text.length !== src.length) return false;
  let last = 0;
  for (const e of edits) {
    if (text.slice(last, e.start) !== src.slice(last, e.start)) return false;
    if (e.original !== src.slice(e.start, e.end)) return false;
    last = e.end;
  }
  return text.slice(last) === src.slice(last);
}

function unchanged(src: string): LensResult {
  return { text: src, edits: [], appendedNewline: false, qualifierMacros: [] };
}

// ---------------------------------------------------------------------------------------
// Driver
// ---------------------------------------------------------------------------------------

function runLens(src: string, options: LensOptions): LensResult {
  const literals = scanLiterals(src);
  const mask = maskRanges(src, literals, false);
  const dirs = findDirectives(mask);
  const macros = options.qualifierMacros !== false ? resolveQualifierMacros(mask, dirs) : new Map<string, QualifierMacro>();
  const ctx: PassContext = { src, mask, dirs, macros, planned: [] };

  if (options.qualifiers !== false) qualifierPass(ctx);
  if (options.qualifierMacros !== false) macroPass(ctx);
  if (options.launches !== false) launchPass(ctx);

  const applied = applyPlanned(src, ctx.planned);
  // The facts' masked text keeps newlines; computed from the same scan, not a second one.
  const masked = maskRanges(src, literals, true);
  if (!applied) return { ...unchanged(src), masked };

  // A directive on the last line without a newline (`#endif` at EOF) needs one to parse.
  const lastDir = dirs[dirs.length - 1];
  const appendedNewline = lastDir !== undefined && lastDir.end === src.length && !src.endsWith('\n');
  return {
    text: appendedNewline ? applied.text + '\n' : applied.text,
    edits: applied.edits,
    appendedNewline,
    qualifierMacros: [...macros.keys()],
    masked,
  };
}
