/**
 * Affine (polynomial) index expressions: an index such as `(blockIdx.y * BM + ty) * K + k`
 * read as a sum of monomials over symbols — thread and block indices, loop variables,
 * parameters, constants — with integer coefficients. Local definitions (`int row = …;`) are
 * substituted, so `a[row * K + k]` and `a[(blockIdx.y * blockDim.y + threadIdx.y) * K + k]`
 * give the same polynomial.
 *
 * A reusable unit of the kernel model: the GEMM detector (`gemmDetect.ts`) reads operand
 * strides and layouts from it; the reduction and row-wise recognisers can ask the same
 * questions (which symbols an index depends on, with which coefficient).
 *
 * Pure and bounded: text in, plain data out. What it cannot read (a division by a variable,
 * a modulo, a call) becomes one opaque symbol written `⟦text⟧`, never an error.
 */

/** Monomial (symbols sorted, joined by `*`; `''` is the constant term) → coefficient. */
export type Poly = Map<string, number>;

export type SymbolRole = 'thread' | 'block' | 'blockDim' | 'gridDim' | 'loop' | 'param' | 'constant' | 'opaque' | 'local';

const MAX_DEPTH = 24;
const MAX_TERMS = 64;

/** One opaque symbol for text the polynomial cannot read (`*` kept apart from monomial products). */
export const opaqueSym = (text: string): Poly => symPoly(`⟦${text.replace(/\s+/g, '').replace(/\*/g, '·')}⟧`);

export const constPoly = (c: number): Poly => new Map(c === 0 ? [] : [['', c]]);
export const symPoly = (s: string): Poly => new Map([[s, 1]]);

export function addPoly(a: Poly, b: Poly, sign = 1): Poly {
  const out = new Map(a);
  for (const [m, c] of b) {
    const v = (out.get(m) ?? 0) + sign * c;
    if (v === 0) out.delete(m);
    else out.set(m, v);
  }
  return out;
}

function mulMono(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  return [...a.split('*'), ...b.split('*')].sort().join('*');
}

export function mulPoly(a: Poly, b: Poly): Poly {
  const out: Poly = new Map();
  for (const [ma, ca] of a) {
    for (const [mb, cb] of b) {
      const m = mulMono(ma, mb);
      const v = (out.get(m) ?? 0) + ca * cb;
      if (v === 0) out.delete(m);
      else out.set(m, v);
    }
  }
  return out;
}

export const isConstPoly = (p: Poly): boolean => [...p.keys()].every((m) => m === '');
export const constValue = (p: Poly): number => p.get('') ?? 0;

/** The symbols of a polynomial (opaque symbols included, as written). */
export function symbolsOf(p: Poly): Set<string> {
  const out = new Set<string>();
  for (const m of p.keys()) if (m) for (const s of m.split('*')) out.add(s);
  return out;
}

/** The factors of one monomial. */
export const factors = (mono: string): string[] => (mono ? mono.split('*') : []);

/** The terms of `p` that contain `sym`, divided by it once: the coefficient of `sym`. */
export function coefficientOf(p: Poly, sym: string): Poly {
  const out: Poly = new Map();
  for (const [m, c] of p) {
    const fs = factors(m);
    const i = fs.indexOf(sym);
    if (i < 0) continue;
    fs.splice(i, 1);
    out.set(fs.join('*'), (out.get(fs.join('*')) ?? 0) + c);
  }
  return out;
}

/** The terms for which `keep` holds. */
export function filterTerms(p: Poly, keep: (factors: string[], coefficient: number) => boolean): Poly {
  const out: Poly = new Map();
  for (const [m, c] of p) if (keep(factors(m), c)) out.set(m, c);
  return out;
}

/** C++ text of a polynomial (`by*BM*K + k`); `0` for the empty one. */
export function polyText(p: Poly): string {
  if (p.size === 0) return '0';
  const terms = [...p].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
  let out = '';
  for (const [m, c] of terms) {
    const sym = m ? m.split('*').map((s) => (s.startsWith('⟦') ? `(${s.slice(1, -1).replace(/·/g, ' * ')})` : s)).join(' * ') : '';
    const abs = Math.abs(c);
    const body = !m ? String(abs) : abs === 1 ? sym : `${abs} * ${sym}`;
    out += out ? (c < 0 ? ` - ${body}` : ` + ${body}`) : c < 0 ? `-${body}` : body;
  }
  return out;
}

export const samePoly = (a: Poly, b: Poly): boolean => a.size === b.size && [...a].every(([m, c]) => b.get(m) === c);

/** The role of a symbol, given the names the caller knows. */
export function roleOf(sym: string, names: { params: ReadonlySet<string>; loops: ReadonlySet<string>; constants: ReadonlySet<string> }): SymbolRole {
  if (sym.startsWith('⟦')) return 'opaque';
  if (/^threadIdx\.[xyz]$/.test(sym)) return 'thread';
  if (/^blockIdx\.[xyz]$/.test(sym)) return 'block';
  if (/^blockDim\.[xyz]$/.test(sym)) return 'blockDim';
  if (/^gridDim\.[xyz]$/.test(sym)) return 'gridDim';
  if (names.loops.has(sym)) return 'loop';
  if (names.params.has(sym)) return 'param';
  if (names.constants.has(sym)) return 'constant';
  return 'local';
}

/** Indices a thread or block sees: threadIdx, blockIdx, and opaque symbols over them. */
export const isIndexSymbol = (s: string): boolean => /threadIdx|blockIdx|laneId|warpId|\blane\b/.test(s) && !/^(blockDim|gridDim)\./.test(s);

/**
 * Definitions the parser substitutes: a local's value as a polynomial, or a constant's value.
 * Returning undefined keeps the identifier as a symbol.
 */
export type Env = (name: string, depth: number) => Poly | undefined;

interface Tok {
  t: 'num' | 'id' | 'op';
  v: string;
}

function tokenize(s: string): Tok[] | null {
  const out: Tok[] = [];
  const re = /\s*(?:(0[xX][0-9a-fA-F]+|\d+(?:\.\d*)?(?:[eE][-+]?\d+)?[uUlLfF]*)|([A-Za-z_]\w*(?:\s*(?:::|\.|->)\s*[A-Za-z_]\w*)*)|(<<|>>|[-+*/%()[\],?:<>=!&|^~]))/y;
  let i = 0;
  while (i < s.length) {
    if (/^\s*$/.test(s.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) return null;
    i = re.lastIndex;
    if (m[1]) out.push({ t: 'num', v: m[1] });
    else if (m[2]) out.push({ t: 'id', v: m[2].replace(/\s+/g, '') });
    else out.push({ t: 'op', v: m[3]! });
    if (out.length > 400) return null;
  }
  return out;
}

const CASTS = /^(?:static_cast|reinterpret_cast|const_cast|int|unsigned|long|size_t|int64_t|int32_t|uint32_t|uint64_t|short|char)$/;
const TYPE_WORDS = new Set(['int', 'unsigned', 'long', 'size_t', 'int64_t', 'int32_t', 'uint32_t', 'uint64_t', 'short', 'char', 'signed', 'const']);

/**
 * Parse an index expression into a polynomial. Local names go through `env` (bounded
 * depth); anything not affine becomes an opaque symbol. Null only for text that does not
 * tokenize as an expression.
 */
export function parseIndex(expr: string, env: Env = () => undefined, depth = 0): Poly | null {
  const maybe = tokenize(expr);
  if (!maybe || !maybe.length) return null;
  const toks: Tok[] = maybe;
  let pos = 0;
  const peek = () => toks[pos];
  const textBetween = (a: number, b: number) => toks.slice(a, b).map((t) => t.v).join('');
  const opaque = (a: number, b: number): Poly => opaqueSym(textBetween(a, b));

  function primary(): Poly {
    const t = toks[pos];
    if (!t) return constPoly(0);
    const start = pos;
    if (t.t === 'op' && t.v === '(') {
      // A C cast `(int)x` / `(size_t)(…)`.
      let j = pos + 1;
      while (toks[j]?.t === 'id' && (TYPE_WORDS.has(toks[j]!.v) || toks[j]!.v === '*')) j++;
      if (j > pos + 1 && toks[j]?.v === ')') {
        pos = j + 1;
        return unary();
      }
      pos++;
      const inner = sum();
      if (peek()?.v === ')') pos++;
      return inner;
    }
    if (t.t === 'num') {
      pos++;
      const v = /^0[xX]/.test(t.v) ? parseInt(t.v, 16) : Number(t.v.replace(/[uUlLfF]+$/, ''));
      return Number.isInteger(v) ? constPoly(v) : opaque(start, pos);
    }
    if (t.t === 'id') {
      pos++;
      // static_cast<int>(x), int(x): the value.
      if (CASTS.test(t.v) && (peek()?.v === '<' || peek()?.v === '(')) {
        if (peek()?.v === '<') {
          let d = 0;
          while (pos < toks.length) {
            const v = toks[pos++]!.v;
            if (v === '<') d++;
            else if (v === '>' && --d === 0) break;
          }
        }
        if (peek()?.v === '(') {
          pos++;
          const inner = sum();
          if (peek()?.v === ')') pos++;
          return inner;
        }
      }
      if (peek()?.v === '(' || peek()?.v === '[') {
        // A call or a subscript: opaque, with its text.
        const open = peek()!.v;
        const close = open === '(' ? ')' : ']';
        let d = 0;
        while (pos < toks.length) {
          const v = toks[pos++]!.v;
          if (v === open) d++;
          else if (v === close && --d === 0) break;
        }
        return opaque(start, pos);
      }
      if (depth < MAX_DEPTH) {
        const sub = env(t.v, depth + 1);
        if (sub) return sub;
      }
      return symPoly(t.v);
    }
    pos++;
    return opaque(start, pos);
  }

  function unary(): Poly {
    const t = peek();
    if (t?.t === 'op' && (t.v === '-' || t.v === '+')) {
      pos++;
      const p = unary();
      return t.v === '-' ? mulPoly(constPoly(-1), p) : p;
    }
    if (t?.t === 'op' && (t.v === '&' || t.v === '*' || t.v === '!' || t.v === '~')) {
      const start = pos;
      pos++;
      unary();
      return opaque(start, pos);
    }
    return primary();
  }

  function product(): Poly {
    let acc = unary();
    const start0 = pos;
    void start0;
    for (;;) {
      const t = peek();
      if (t?.t !== 'op' || !['*', '/', '%'].includes(t.v)) return acc;
      pos++;
      const rhsStart = pos;
      const rhs = unary();
      if (t.v === '*') acc = mulPoly(acc, rhs);
      else if (t.v === '/' && isConstPoly(rhs) && constValue(rhs) !== 0 && [...acc.values()].every((c) => c % constValue(rhs) === 0)) {
        const d = constValue(rhs);
        acc = new Map([...acc].map(([m, c]) => [m, c / d]));
      } else {
        acc = opaqueSym(`(${polyText(acc)})${t.v}${textBetween(rhsStart, pos)}`);
      }
      if (acc.size > MAX_TERMS) return opaqueSym('…');
    }
  }

  function shift(): Poly {
    let acc = sum0();
    for (;;) {
      const t = peek();
      if (t?.t !== 'op' || (t.v !== '<<' && t.v !== '>>')) return acc;
      pos++;
      const rhsStart = pos;
      const rhs = sum0();
      if (t.v === '<<' && isConstPoly(rhs) && constValue(rhs) >= 0 && constValue(rhs) < 31) acc = mulPoly(acc, constPoly(2 ** constValue(rhs)));
      else acc = opaqueSym(`(${polyText(acc)})${t.v}${textBetween(rhsStart, pos)}`);
    }
  }

  function sum0(): Poly {
    let acc = product();
    for (;;) {
      const t = peek();
      if (t?.t !== 'op' || (t.v !== '+' && t.v !== '-')) return acc;
      pos++;
      acc = addPoly(acc, product(), t.v === '-' ? -1 : 1);
      if (acc.size > MAX_TERMS) return opaqueSym('…');
    }
  }

  function sum(): Poly {
    const start = pos;
    const p = shift();
    // Anything else at this level (comparison, ternary, comma): the whole is opaque.
    const t = peek();
    if (t && !(t.t === 'op' && (t.v === ')' || t.v === ']'))) {
      let d = 0;
      while (pos < toks.length) {
        const v = toks[pos]!.v;
        if (v === '(' || v === '[') d++;
        else if (v === ')' || v === ']') {
          if (d === 0) break;
          d--;
        }
        pos++;
      }
      return opaque(start, pos);
    }
    return p;
  }

  const out = sum();
  return out;
}
