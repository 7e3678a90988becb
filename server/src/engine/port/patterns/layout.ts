/**
 * Recognises layout kernels that move whole runs of elements: one global index `idx` under a
 * guard `idx < E` (or `if (idx >= E) return;`), integer locals that take it apart into
 * coordinates with `/` and `%` (`b = idx / (NH * N * d); rest = idx % (NH * N * d); …`, or
 * `i1 = (idx / (d2 * d3)) % d1`), and stores `out[g] = in[f]` (optionally through
 * `__ldcs(&in[f])`) whose indices are sums of coordinates times products of integer
 * parameters (the attention permute / unpermute of llm.c, tensor permutations that keep the
 * innermost dimension, copies into a column block).
 *
 * The coordinates are read symbolically as digits of a mixed-radix number: a digit is
 * `(idx / P) % R` with P and R products of parameters and integer constants (R unbounded for
 * the outermost). Every digit used, and the guard's E, must cut idx at places that divide one
 * another, so that the digits are the coordinates of one row-major shape of E elements. The
 * kernel is then `out[Σ a_k d_k + a] = in[Σ b_k d_k + b]` over that shape; when the innermost
 * coordinate has stride 1 on both sides (and further ones extend the run while they keep
 * it contiguous), each run of elements is one contiguous copy in and out: the `copy` schedule.
 * Anything else is rejected with a reason; the recogniser never guesses.
 */
import type { SyntaxNode } from '../../syntax/parser';
import type { DType, PointerParam, Rejection, ScalarParam } from '../ir';
import { ELEMENT_TYPES, INT_TYPES, isGlobalIndex, LOAD_HINTS, type PatternInput } from './elementwise';

/** `out[Σ coefs[k] · d_k + offset] = in[…]`: C++ over the kernel's integer parameters. */
export interface LayoutIndex {
  coefs: string[];
  offset: string;
}

export interface LayoutMove {
  out: string;
  in: string;
  /** `out[g] += in[f]`: the run of out is read, the run of in added to it (Add), and written back. */
  accumulate?: boolean;
  outIndex: LayoutIndex;
  inIndex: LayoutIndex;
}

export interface LayoutKernel {
  pattern: 'layout';
  name: string;
  params: ({ kind: 'pointer' } & PointerParam | { kind: 'scalar' } & ScalarParam)[];
  form: 'guard' | 'early-return';
  /** The element type read and the one stored (a conversion between float and half/bf16, or the same type). */
  from: DType;
  to: DType;
  /** E, the element count: C++ over integer parameters. */
  bound: string;
  /** The coordinates, innermost first: each one's extent (C++). */
  digits: { extent: string }[];
  /** The innermost `runDigits` coordinates form one contiguous run on both sides of every move. */
  runDigits: number;
  runLength: string;
  moves: LayoutMove[];
  /** Elements of each tensor the kernel touches (its largest index + 1): C++. */
  extents: Record<string, string>;
  notes: string[];
}

class Reject {
  constructor(readonly rejection: Rejection) {}
}
function reject(reason: string): never {
  throw new Reject({ reason });
}

// ---- Monomials and polynomials over the integer parameters ----

/** c · s1 · s2 · …: a positive integer times parameters (sorted, repeats allowed). */
interface Mono {
  c: number;
  s: string[];
}
const ONE: Mono = { c: 1, s: [] };
const monoKey = (m: Mono) => `${m.c}:${m.s.join('*')}`;
const monoMul = (a: Mono, b: Mono): Mono => ({ c: a.c * b.c, s: [...a.s, ...b.s].sort() });
function monoDivides(a: Mono, b: Mono): boolean {
  if (b.c % a.c !== 0) return false;
  const rest = [...b.s];
  for (const x of a.s) {
    const i = rest.indexOf(x);
    if (i < 0) return false;
    rest.splice(i, 1);
  }
  return true;
}
function monoDiv(b: Mono, a: Mono): Mono {
  const rest = [...b.s];
  for (const x of a.s) rest.splice(rest.indexOf(x), 1);
  return { c: b.c / a.c, s: rest };
}
const monoEq = (a: Mono, b: Mono) => monoKey(a) === monoKey(b);
function monoText(m: Mono): string {
  const parts = [...(m.c !== 1 || !m.s.length ? [String(m.c)] : []), ...m.s.map((x) => `static_cast<int64_t>(${x})`)];
  return parts.join(' * ');
}

/** `(idx / P) % R`; R null: unbounded (the outermost coordinate). */
interface Digit {
  P: Mono;
  R: Mono | null;
}
const digitKey = (d: Digit) => `${monoKey(d.P)}/${d.R ? monoKey(d.R) : 'inf'}`;

/** Σ coef · syms · digit. */
interface Term {
  c: number;
  s: string[];
  d: Digit | null;
}
type Poly = Term[];
const termKey = (t: Term) => `${t.s.join('*')}|${t.d ? digitKey(t.d) : ''}`;
function norm(p: Poly): Poly {
  const m = new Map<string, Term>();
  for (const t of p) {
    const k = termKey(t);
    const prev = m.get(k);
    m.set(k, prev ? { ...prev, c: prev.c + t.c } : { ...t, s: [...t.s].sort() });
  }
  return [...m.values()].filter((t) => t.c !== 0);
}
const polyAdd = (a: Poly, b: Poly, sign = 1): Poly => norm([...a, ...b.map((t) => ({ ...t, c: t.c * sign }))]);
function polyMul(a: Poly, b: Poly): Poly {
  const aDigits = a.some((t) => t.d);
  const bDigits = b.some((t) => t.d);
  if (aDigits && bDigits) reject('multiplies two coordinates: an index must be a sum of coordinates times parameters');
  const out: Term[] = [];
  for (const x of a) for (const y of b) out.push({ c: x.c * y.c, s: [...x.s, ...y.s], d: x.d ?? y.d });
  return norm(out);
}
/** A polynomial that is one positive monomial (no coordinate). */
function asMono(p: Poly): Mono | null {
  if (p.length !== 1 || p[0]!.d || p[0]!.c <= 0) return null;
  return { c: p[0]!.c, s: [...p[0]!.s].sort() };
}
/** A polynomial that is one coordinate, nothing else. */
function asDigit(p: Poly): Digit | null {
  if (p.length !== 1 || !p[0]!.d || p[0]!.c !== 1 || p[0]!.s.length) return null;
  return p[0]!.d;
}
function polyText(p: Poly): string {
  if (!p.length) return '0';
  return p.map((t) => monoText({ c: t.c, s: t.s })).join(' + ');
}

// ---- The recogniser ----

export function recognizeLayout(input: PatternInput): LayoutKernel | Rejection {
  try {
    return new LayoutRecognizer(input).run();
  } catch (e) {
    if (e instanceof Reject) return e.rejection;
    return { reason: `the layout recogniser failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

class LayoutRecognizer {
  private readonly pointers = new Map<string, PointerParam>();
  private readonly ints = new Set<string>();
  private readonly locals = new Map<string, Poly>();
  private readonly moves: { out: string; in: string; g: Poly; f: Poly; accumulate?: boolean }[] = [];
  private readonly notes = new Set<string>();
  private index = '';

  constructor(private readonly input: PatternInput) {}

  private src(n: SyntaxNode): string {
    return this.input.text.slice(n.startIndex, n.endIndex);
  }

  private resolve(t: string): string {
    return this.input.resolveType ? this.input.resolveType(t) : t;
  }

  run(): LayoutKernel {
    const { fn, node } = this.input;
    if (fn.kind !== 'global') reject('not a `__global__` kernel');
    if (fn.templateParams && !this.input.typeArgs) reject('template kernel without exactly one instantiation launched in this file');
    if (fn.sharedArrays.length || fn.barriers.length) reject('uses shared memory or barriers: a layout copy moves each element on its own');
    if (fn.indexUses.some((u) => u.dim !== 'x')) reject('indexes a 2-D or 3-D grid; the copy schedule reads one global index taken apart into coordinates');
    for (const p of fn.params) {
      const written = p.baseType.replace(/\b(const|volatile|__restrict__|__restrict|restrict)\b/g, '').trim();
      const base = this.resolve(this.input.typeArgs?.[written] ?? written);
      if (p.isReference) reject(`parameter \`${p.name}\` is a reference`);
      if (p.pointerDepth === 1) {
        const t = ELEMENT_TYPES[base];
        if (!t) reject(`pointer parameter \`${p.name}\` has element type \`${base}\`; layout copies move float, half, bfloat16 and 8-, 16- and 32-bit integer tensors`);
        this.pointers.set(p.name, { name: p.name, t, read: false, written: false });
      } else if (p.pointerDepth === 0 && INT_TYPES.has(base) && base !== 'bool') this.ints.add(p.name);
      else reject(`parameter \`${p.name}\` (\`${p.type}\`) is neither a tensor nor an integer`);
    }
    const body = node.childForFieldName('body');
    if (!body) reject('has no body');
    const stmts = body.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
    const first = stmts[0];
    const decl = first?.type === 'declaration' ? this.single(first) : null;
    if (!decl || !isGlobalIndex(this.src(decl.value))) reject('does not start with a 1-D global index `int idx = blockIdx.x * blockDim.x + threadIdx.x;`');
    this.index = decl.name;
    let form: LayoutKernel['form'];
    let boundNode: SyntaxNode;
    const rest = stmts.slice(1);
    const g = rest.findIndex((s) => s.type === 'if_statement');
    if (g < 0) reject('has no bounds guard on the index');
    // Declarations before the guard that do not depend on the index.
    for (const s of rest.slice(0, g)) this.statement(s, false);
    const guard = rest[g]!;
    const clause = guard.childForFieldName('condition')!;
    const cond = this.strip(clause.type === 'condition_clause' ? clause.namedChildren.find((c) => c && c.type !== 'comment') ?? clause : clause);
    const cons = guard.childForFieldName('consequence')!;
    if (guard.childForFieldName('alternative')) reject('its guard has an `else`');
    const op = cond.type === 'binary_expression' ? cond.childForFieldName('operator')?.type : undefined;
    const isIdx = (n: SyntaxNode | null) => !!n && this.src(n).replace(/\s+/g, '') === this.index;
    const returns = cons.type === 'return_statement' || (cons.type === 'compound_statement' && cons.namedChildren.filter((c) => c && c.type !== 'comment').length === 1 && cons.namedChildren.find((c) => c && c.type !== 'comment')!.type === 'return_statement');
    if (op === '>=' && isIdx(cond.childForFieldName('left')) && returns) {
      form = 'early-return';
      boundNode = cond.childForFieldName('right')!;
      for (const s of rest.slice(g + 1)) this.statement(s, true);
    } else if (op === '<' && isIdx(cond.childForFieldName('left')) && g === rest.length - 1) {
      form = 'guard';
      boundNode = cond.childForFieldName('right')!;
      this.statement(cons, true);
    } else reject(`its guard \`${this.src(cond).trim().slice(0, 50)}\` is not \`${this.index} < E\` around the body nor \`if (${this.index} >= E) return;\``);
    const E = asMono(this.eval(boundNode));
    if (!E) reject(`its bound \`${this.src(boundNode).trim()}\` is not a product of integer parameters and constants`);
    if (!this.moves.length) reject('moves no element (`out[…] = in[…]`)');
    return this.build(form, E);
  }

  private strip(n: SyntaxNode): SyntaxNode {
    while (n.type === 'parenthesized_expression' && n.namedChildren[0]) n = n.namedChildren[0];
    return n;
  }

  private single(decl: SyntaxNode): { name: string; type: string; value: SyntaxNode } | null {
    const ds = decl.childrenForFieldName('declarator').filter((d): d is SyntaxNode => !!d);
    if (ds.length !== 1 || ds[0]!.type !== 'init_declarator') return null;
    const n = ds[0]!.childForFieldName('declarator');
    const v = ds[0]!.childForFieldName('value');
    if (!n || n.type !== 'identifier' || !v) return null;
    return { name: this.src(n), type: this.src(decl.childForFieldName('type')!).trim(), value: v };
  }

  private statement(s: SyntaxNode, body: boolean): void {
    switch (s.type) {
      case 'comment':
        return;
      case 'compound_statement':
        for (const c of s.namedChildren) if (c) this.statement(c, body);
        return;
      case 'declaration': {
        const d = this.single(s);
        const type = d ? this.resolve(d.type.replace(/\b(?:const|constexpr)\b/g, '').trim()) : '';
        if (!d || !INT_TYPES.has(type) || type === 'bool') reject(`declares \`${this.src(s).trim().slice(0, 50)}\`: a layout copy computes only integer coordinates, one per declaration`);
        this.locals.set(d.name, this.eval(d.value));
        return;
      }
      case 'expression_statement': {
        const e = s.namedChildren.find((c) => c && c.type !== 'comment');
        if (!e) return;
        if (e.type !== 'assignment_expression') reject(`has a statement \`${this.src(s).trim().slice(0, 50)}\` that is neither a coordinate nor a move`);
        const left = e.childForFieldName('left')!;
        const op = e.childForFieldName('operator')?.type ?? '=';
        const right = e.childForFieldName('right')!;
        if (left.type === 'identifier' && this.locals.has(this.src(left))) {
          const name = this.src(left);
          const v = op === '=' ? this.eval(right) : this.binary(op.slice(0, -1), this.locals.get(name)!, this.eval(right));
          this.locals.set(name, v);
          return;
        }
        if (left.type === 'subscript_expression' && op === '=' && body) {
          this.move(left, right);
          return;
        }
        if (left.type === 'subscript_expression' && op === '+=' && body) {
          this.move(left, right, true);
          return;
        }
        if (left.type === 'subscript_expression' && op !== '=') reject(`accumulates into \`${this.src(left).trim().slice(0, 40)}\` with \`${op}\`: the copy schedule moves elements, it does not combine them with what the output holds`);
        reject(`assigns \`${this.src(left).trim().slice(0, 40)}\`, which is neither a coordinate local nor \`out[…]\``);
      }
      default:
        reject(`has a \`${s.type.replace(/_/g, ' ')}\` that a layout copy does not read`);
    }
  }

  /** `out[g] = in[f]` (or `= __ldcs(&in[f])`). */
  private move(left: SyntaxNode, right: SyntaxNode, accumulate = false): void {
    const [out, g] = this.subscript(left);
    let r = this.strip(right);
    if (r.type === 'call_expression' && LOAD_HINTS.has(this.src(r.childForFieldName('function')!).trim())) {
      const args = (r.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is SyntaxNode => !!a && a.type !== 'comment');
      const a = args.length === 1 ? this.strip(args[0]!) : null;
      if (!a || a.type !== 'pointer_expression' || a.childForFieldName('operator')?.type !== '&') reject(`calls \`${this.src(r.childForFieldName('function')!)}\` on something other than \`&in[…]\``);
      this.notes.add(`\`${this.src(r.childForFieldName('function')!).trim()}\` (a cache-hinted load) is a plain copy: each run goes through UB once`);
      r = this.strip(a.childForFieldName('argument')!);
    }
    // A conversion to the output's type: `(floatX)in[f]`, `static_cast<float>(in[f])`.
    let converted = false;
    if (r.type === 'cast_expression' || (r.type === 'call_expression' && /^static_cast\s*</.test(this.src(r.childForFieldName('function')!)))) {
      const type = r.type === 'cast_expression' ? this.src(r.childForFieldName('type')!).trim() : /^static_cast\s*<(.+)>$/s.exec(this.src(r.childForFieldName('function')!).trim())?.[1] ?? '';
      const t = ELEMENT_TYPES[this.resolve(type.replace(/\bconst\b/g, '').trim())];
      if (!t || t !== this.pointers.get(out)!.t) reject(`converts to \`${type}\` before storing into \`${out}\`; a layout copy converts only to the output's own type`);
      const inner = r.type === 'cast_expression' ? r.childForFieldName('value')! : (r.childForFieldName('arguments')?.namedChildren ?? []).find((a) => a && a.type !== 'comment');
      if (!inner) reject(`stores \`${this.src(right).trim().slice(0, 40)}\` into \`${out}\``);
      r = this.strip(inner);
      converted = true;
    }
    if (r.type !== 'subscript_expression') reject(`stores \`${this.src(right).trim().slice(0, 40)}\` into \`${out}\`: a layout copy stores elements read from another tensor, unchanged or converted to the output's type`);
    const [from, f] = this.subscript(r);
    const po = this.pointers.get(out)!;
    const pi = this.pointers.get(from)!;
    if (po.t !== pi.t) {
      const ok = (pi.t === 'float' && (po.t === 'half' || po.t === 'bf16')) || ((pi.t === 'half' || pi.t === 'bf16') && po.t === 'float');
      if (!ok) reject(`copies \`${from}\` (${pi.t}) into \`${out}\` (${po.t}): a layout copy converts only between float and half or bfloat16`);
      if (!converted) this.notes.add(`\`${from}\` (${pi.t}) is converted to ${po.t} as C++ converts it on the store`);
      this.notes.add(po.t === 'float' ? `${pi.t} → float is exact (Cast CAST_NONE)` : `float → ${po.t} rounds to nearest even (Cast CAST_RINT), as CUDA's conversion does`);
    }
    if (out === from) reject(`moves \`${out}\` within itself`);
    if (accumulate && (po.t !== pi.t || (po.t !== 'float' && po.t !== 'half'))) reject(`accumulates \`${from}\` (${pi.t}) into \`${out}\` (${po.t}) with \`+=\`: the copy schedule adds runs of float or half into the same type only`);
    po.written = true;
    pi.read = true;
    if (accumulate) po.read = true;
    this.moves.push({ out, in: from, g, f, ...(accumulate ? { accumulate } : {}) });
  }

  private subscript(n: SyntaxNode): [string, Poly] {
    const arr = this.src(n.childForFieldName('argument')!).trim();
    if (!this.pointers.has(arr)) reject(`indexes \`${arr}\`, which is not a tensor parameter`);
    const idx = (n.childForFieldName('indices')?.namedChildren ?? []).filter((c): c is SyntaxNode => !!c);
    if (idx.length !== 1) reject(`indexes \`${arr}\` with ${idx.length} subscripts`);
    return [arr, this.eval(idx[0]!)];
  }

  private binary(op: string, a: Poly, b: Poly): Poly {
    switch (op) {
      case '+':
        return polyAdd(a, b);
      case '-':
        return polyAdd(a, b, -1);
      case '*':
        return polyMul(a, b);
      case '/':
      case '%': {
        const d = asDigit(a);
        const q = asMono(b);
        if (!d || !q) reject(`\`${op}\` of something other than the index or a coordinate by a product of parameters`);
        if (d.R && !monoDivides(q, d.R)) reject(`takes \`${op}\` by a product that does not divide the coordinate's extent`);
        if (op === '/') return [{ c: 1, s: [], d: { P: monoMul(d.P, q), R: d.R ? monoDiv(d.R, q) : null } }];
        return [{ c: 1, s: [], d: { P: d.P, R: q } }];
      }
      default:
        reject(`uses \`${op}\` in an index`);
    }
  }

  private eval(n: SyntaxNode): Poly {
    n = this.strip(n);
    switch (n.type) {
      case 'number_literal': {
        const t = this.src(n).trim().replace(/[uUlL]+$/, '');
        if (!/^(?:0|[1-9]\d*)$/.test(t)) reject(`uses the literal \`${this.src(n).trim()}\` in an index`);
        return Number(t) === 0 ? [] : [{ c: Number(t), s: [], d: null }];
      }
      case 'identifier': {
        const name = this.src(n);
        if (name === this.index) return [{ c: 1, s: [], d: { P: ONE, R: null } }];
        const local = this.locals.get(name);
        if (local) return local;
        if (this.locals.has(name)) return [];
        if (this.ints.has(name)) return [{ c: 1, s: [name], d: null }];
        const k = this.input.constant?.(name);
        if (k && !k.float && Number.isSafeInteger(k.value) && k.value >= 0) return k.value === 0 ? [] : [{ c: k.value, s: [], d: null }];
        reject(`uses \`${name}\`, which is not an integer parameter, a coordinate or an integer constant`);
      }
      case 'cast_expression': {
        const type = this.resolve(this.src(n.childForFieldName('type')!).trim());
        if (!INT_TYPES.has(type)) reject(`casts to \`${type}\` in an index`);
        return this.eval(n.childForFieldName('value')!);
      }
      case 'binary_expression':
        return this.binary(n.childForFieldName('operator')!.type, this.eval(n.childForFieldName('left')!), this.eval(n.childForFieldName('right')!));
      default:
        reject(`computes an index with \`${this.src(n).trim().slice(0, 40)}\``);
    }
  }

  /** The digits as one row-major shape of E elements, the moves over it, the runs. */
  private build(form: LayoutKernel['form'], E: Mono): LayoutKernel {
    const digits = new Map<string, Digit>();
    const collect = (p: Poly) => {
      for (const t of p) {
        if (t.c < 0) reject('subtracts in an index: the copy schedule reads indices that only add coordinates times parameters');
        if (t.d) digits.set(digitKey(t.d), t.d);
      }
    };
    for (const m of this.moves) {
      collect(m.g);
      collect(m.f);
    }
    // The cuts: 1, E, and each digit's P and P·R; all divide E and form a chain.
    const cuts = new Map<string, Mono>([[monoKey(ONE), ONE], [monoKey(E), E]]);
    for (const d of digits.values()) {
      cuts.set(monoKey(d.P), d.P);
      if (d.R) {
        const top = monoMul(d.P, d.R);
        cuts.set(monoKey(top), top);
      }
    }
    const chain = [...cuts.values()].sort((a, b) => a.s.length - b.s.length || a.c - b.c);
    for (const c of chain) if (!monoDivides(c, E)) reject(`a coordinate of the index is cut at \`${monoText(c)}\`, which does not divide the element count \`${monoText(E)}\`: the coordinates are not one shape`);
    for (let i = 1; i < chain.length; i++) if (!monoDivides(chain[i - 1]!, chain[i]!)) reject(`the index is cut at \`${monoText(chain[i - 1]!)}\` and \`${monoText(chain[i]!)}\`, neither of which divides the other: the coordinates are not one shape`);
    const fine = chain.slice(0, -1).map((lo, k) => ({ lo, extent: monoDiv(chain[k + 1]!, lo) }));
    // Each index as coefficients of the fine digits plus an offset.
    const expand = (p: Poly): { coefs: Poly[]; offset: Poly } => {
      const coefs: Poly[] = fine.map(() => []);
      let offset: Poly = [];
      for (const t of p) {
        if (!t.d) {
          offset = polyAdd(offset, [t]);
          continue;
        }
        const top = t.d.R ? monoMul(t.d.P, t.d.R) : E;
        fine.forEach((f, k) => {
          if (monoDivides(t.d!.P, f.lo) && monoDivides(monoMul(f.lo, f.extent), top) && !monoEq(f.lo, top)) {
            const scale = monoDiv(f.lo, t.d!.P);
            coefs[k] = polyAdd(coefs[k]!, [{ c: t.c * scale.c, s: [...t.s, ...scale.s], d: null }]);
          }
        });
      }
      return { coefs, offset };
    };
    const same = (a: Poly, b: Poly) => polyText(norm(a)) === polyText(norm(b));
    const ex = this.moves.map((m) => ({ m, g: expand(m.g), f: expand(m.f) }));
    for (const { m, g } of ex) {
      const missing = g.coefs.findIndex((c) => !c.length);
      if (missing >= 0) reject(`stores \`${m.out}\` at an index that ignores coordinate ${missing} (extent ${monoText(fine[missing]!.extent)}): several threads would write one element`);
    }
    // The run: the innermost coordinates while each keeps stride (run length so far) on both sides of every move.
    let runDigits = 0;
    let run: Mono = ONE;
    while (runDigits < fine.length && ex.every(({ g, f }) => same(g.coefs[runDigits]!, [{ c: run.c, s: run.s, d: null }]) && same(f.coefs[runDigits]!, [{ c: run.c, s: run.s, d: null }]))) {
      run = monoMul(run, fine[runDigits]!.extent);
      runDigits++;
    }
    if (!runDigits) reject('its innermost coordinate does not keep stride 1 on both sides: a transpose of the innermost dimension, which the copy schedule does not move yet (TODO: Transpose / Gather)');
    const extents: Record<string, string> = {};
    const extentOf = (i: { coefs: Poly[]; offset: Poly }) => [polyText(i.offset), ...i.coefs.map((c, k) => `(${polyText(c)}) * (${monoText(fine[k]!.extent)} - 1)`), '1'].join(' + ');
    const byTensor = new Map<string, string[]>();
    for (const { m, g, f } of ex) {
      byTensor.set(m.out, [...(byTensor.get(m.out) ?? []), extentOf(g)]);
      byTensor.set(m.in, [...(byTensor.get(m.in) ?? []), extentOf(f)]);
    }
    for (const [t, xs] of byTensor) extents[t] = xs.length === 1 ? xs[0]! : `std::max<int64_t>({${xs.join(', ')}})`;
    const written = new Set(this.moves.map((m) => m.out));
    for (const m of this.moves) if (written.has(m.in)) reject(`reads \`${m.in}\`, which the kernel also writes`);
    if (this.moves.some((m) => m.accumulate)) this.notes.add('`+=` moves read the output run, add the input run (Add) and write it back; a run is read and written by one core only');
    const pairs = new Set(this.moves.map((m) => `${this.pointers.get(m.in)!.t}>${this.pointers.get(m.out)!.t}`));
    if (pairs.size > 1) reject(`moves ${[...pairs].map((x) => x.replace('>', ' → ')).join(' and ')}; the copy port moves one element type into one`);
    const [fromT, toT] = [...pairs][0]!.split('>') as [DType, DType];
    this.notes.add(`the index is taken apart into ${fine.length} coordinate${fine.length === 1 ? '' : 's'} of extents ${fine.map((f) => monoText(f.extent)).join(' × ')} (innermost first); each run of ${monoText(run)} element${monoText(run) === '1' ? '' : 's'} is contiguous in every tensor, so each run is one DataCopyPad in and one out`);
    return {
      pattern: 'layout',
      name: this.input.fn.name,
      params: this.input.fn.params.map((p, i) => {
        const ptr = this.pointers.get(p.name);
        if (ptr) return { kind: 'pointer' as const, ...ptr };
        void i;
        return { kind: 'scalar' as const, name: p.name, type: p.type.replace(/\bconst\b/g, '').trim() || 'int', usedInCompute: true };
      }),
      form,
      from: fromT,
      to: toT,
      bound: monoText(E),
      digits: fine.map((f) => ({ extent: monoText(f.extent) })),
      runDigits,
      runLength: monoText(run),
      moves: ex.map(({ m, g, f }) => ({ out: m.out, in: m.in, ...(m.accumulate ? { accumulate: true } : {}), outIndex: { coefs: g.coefs.map(polyText), offset: polyText(g.offset) }, inIndex: { coefs: f.coefs.map(polyText), offset: polyText(f.offset) } })),
      extents,
      notes: [...this.notes],
    };
  }
}
