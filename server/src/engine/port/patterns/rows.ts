/**
 * Recognises row-wise kernels (the `rows` schedule): each row of a rows × cols tensor is
 * reduced (max, sum, sum of squares, mean) and the results are broadcast back over the row
 * (softmax, log-softmax, RMSNorm, layernorm with γ/β and saved mean/rstd).
 *
 * The recogniser reads the meaning, not the parallelisation: it executes the kernel body
 * symbolically for one row. Today it reads the one-thread-per-row style (a global index
 * `i` under a guard, row pointers `const float* x = inp + i * C;` or `inp[i * C + j]`, and
 * loops `for (int j = 0; j < C; j++)` that accumulate into a scalar, take a running
 * maximum, or store into the row). Each loop that accumulates becomes a pass over the row
 * (a row value); scalar statements between loops become row values; the last value stored
 * into each output row is the map of the final pass; stores `mean[i] = m` are row stores.
 * One block per row reads as threads striding over the row (`for (int j = threadIdx.x; j < C;
 * j += blockDim.x)`) whose partials a shared-memory tree combines, or two levels of warp
 * butterflies with the warps' values parked in shared memory (`blockWarpStep`). One warp per row reads as
 * lanes striding over the row (`for (int j = lane; j < C; j += 32)`) whose partials a full-mask
 * shuffle tree (xor butterfly, or `__shfl_down_sync` then `__shfl_sync(…, 0)`) or
 * `cg::reduce(warp, v, cg::plus<float>{} | cg::greater<float>{})` combines; the cooperative-groups
 * spellings (`thread_block_tile<32>`, `thread_rank()`, `meta_group_rank()`) are first rewritten to
 * the plain ones (`canonicalWarp`). Other combines are rejected with that blocker named, never guessed.
 */
import { GRID_ROWS, type Expr, type Rejection } from '../ir';
import type { PatternInput } from './elementwise';
import { scalarMember } from '../names';

export type RowReduceOp = 'sum' | 'max';

/** One value per row, in order: a reduction over the row's columns, or scalar arithmetic over earlier ones. */
export type RowStep =
  /** name = init OP reduce_j(arg(j)); `init` is null when it is the operator's identity. */
  | { k: 'reduce'; name: string; op: RowReduceOp; init: Expr | null; arg: Expr }
  /** name = value: row values, kernel scalars and literals only. */
  | { k: 'scalar'; name: string; value: Expr }
  /** name = param[row]: a value per row read from GM (`float m = mean[idx];`), on the scalar unit. */
  | { k: 'gm'; name: string; param: string };

export interface RowsKernel {
  pattern: 'rows';
  name: string;
  params: ({ kind: 'pointer'; name: string; t: 'float' | 'half' | 'bf16'; read: boolean; written: boolean } | { kind: 'scalar'; name: string; type: string; usedInCompute: boolean })[];
  /** Row count and row length as C++ over scalar parameters. */
  rows: string;
  cols: string;
  cudaForm: 'thread-per-row' | 'block-per-row' | 'warp-per-row';
  cudaTechnique: string;
  /** Scalar parameters read as blockDim.x (every launch passes the block size): verify launches with them equal to its block. */
  blockSizeParams?: string[];
  /**
   * The CUDA block at every launch (of this instantiation): 32 when a block per row is read as a warp per row
   * (`warpBlockLaunch`), or the constant block of a block per row (`launchBlock`); verify launches blocks of this size.
   */
  blockThreads?: number;
  /**
   * One block per row over a 3-D grid: rows = gridDim.x × gridDim.y × gridDim.z, row r at grid
   * position (r mod gridDim.x, ⌊r / gridDim.x⌋ mod gridDim.y, ⌊r / (gridDim.x · gridDim.y)⌋);
   * `rowOffsets`: tensors read at their own strides along x, y and z (scalar parameters or `0`).
   */
  grid3?: true;
  rowOffsets?: { tensor: string; x: string; y: string; z: string }[];
  /** Float tensors read at a constant index (`*grad`): `name = param[index]`, once per core; scalar texts name them. */
  gmScalars?: { name: string; param: string; index: number }[];
  /**
   * `col`: each "row" is a column of a row-major tensor: the value j of output o is at
   * `j * stride + o` (per-column sums: a bias gradient); reduce steps and per-row stores only.
   */
  layout?: 'col';
  stride?: string;
  /** Tensors read at the column index only (γ, β, a per-column bias). */
  colTensors: string[];
  steps: RowStep[];
  /** Element stores of the final pass (loads: row tensors at [row, j], colTensors at [j]; scalars: kernel scalars, literals, row values). */
  stores: { param: string; value: Expr }[];
  /**
   * Column sums across rows: CUDA adds `value` (an element expression, as a store's) of every
   * row into `param[j]` with atomicAdd, straight or staged per block in shared memory
   * (`columnStaging`); the port adds each chunk into GM with DMA atomics.
   */
  colAdds?: { param: string; value: Expr }[];
  /** Column sums staged per block in CUDA's dynamic shared memory: regions of `cols` floats it needs (verify launches with them). */
  stagedRegions?: number;
  /** CUDA is defined only when the rows fill whole blocks (threads past the last row return before a barrier): verify runs it so. */
  wholeBlocks?: true;
  /** Elements in all when the last row is cut short (a group norm's `min(…, N)`): the last row holds total − (rows − 1) × cols. */
  total?: string;
  /** tensor[row] = a row value; `nullable`: CUDA stores it only when the pointer is not null; `add`: CUDA adds it (`+=`, column layout only). */
  rowStores: { param: string; value: Expr; nullable?: boolean; add?: boolean }[];
  notes: string[];
}

class Reject {
  constructor(readonly rejection: Rejection) {}
}
function reject(reason: string): never {
  throw new Reject({ reason: `rows schedule: ${reason}` });
}

export function recognizeRows(input: PatternInput): RowsKernel | Rejection {
  try {
    return recognize(input, false);
  } catch (e) {
    if (!(e instanceof Reject)) return { reason: `the rows recogniser failed: ${e instanceof Error ? e.message : String(e)}` };
    if (!input.warpBlockLaunch) return e.rejection;
    // Every launch's block is one warp: a block per row that combines through warp shuffles alone is a warp per row.
    try {
      return recognize(input, true);
    } catch (again) {
      if (again instanceof Reject && !again.rejection.reason.startsWith(NOT_ONE_WARP)) return again.rejection;
      return e.rejection;
    }
  }
}

/** The start of the reason a kernel gets when its block-of-one-warp reading does not apply (the first reading's reason is kept). */
const NOT_ONE_WARP = 'rows schedule: \u0000not a block of one warp';

/** `( size_t ) r`, `static_cast < int64_t > ( r )`: the name alone (a widening cast of an index, whose value it keeps). */
function widenedOff(text: string): string {
  const T = '(?:size_t|int64_t|uint64_t|long long|long|unsigned long long|ptrdiff_t)';
  return text.replace(new RegExp(`\\(\\s*${T}\\s*\\)\\s*([A-Za-z_]\\w*)`, 'g'), '$1').replace(new RegExp(`static_cast\\s*<\\s*${T}\\s*>\\s*\\(\\s*([A-Za-z_]\\w*)\\s*\\)`, 'g'), '$1');
}

function clean(s: string): string {
  return s
    .replace(/\/\*[^]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// ---------------------------------------------------------------- tokens and statements

type Tok = string;
const TOKEN = /\s*(?:([A-Za-z_]\w*(?:::[A-Za-z_]\w*)*)|(\d+\.?\d*(?:[eE][+-]?\d+)?[fF]?|\.\d+(?:[eE][+-]?\d+)?[fF]?)|(\+\+|--|<<=|>>=|\+=|-=|\*=|\/=|<=|>=|==|!=|&&|\|\||->|<<|>>|[-+*/%<>=!?:;,.()[\]{}&|^~]))/y;

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let at = 0;
  while (at < s.length) {
    if (/\s/.test(s[at]!)) {
      at++;
      continue;
    }
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(s);
    if (!m) reject(`the kernel has text the row recogniser does not read near \`${s.slice(at, at + 20)}\``);
    out.push((m[1] ?? m[2] ?? m[3])!);
    at = TOKEN.lastIndex;
  }
  return out;
}

type Stmt =
  | { s: 'block'; body: Stmt[]; /** false: declarations written in one statement, in the enclosing scope. */ scoped?: false }
  | { s: 'decl'; type: string; name: string; pointer: boolean; init?: Tok[] }
  | { s: 'assign'; lhs: Tok[]; op: string; rhs: Tok[] }
  | { s: 'if'; cond: Tok[]; then: Stmt; otherwise?: Stmt }
  | { s: 'for'; init: Tok[]; cond: Tok[]; step: Tok[]; body: Stmt }
  | { s: 'return' }
  | { s: 'call'; name: string; args: Tok[] }
  | { s: 'empty' };

/** CUDA's half and bfloat16 element types (`resolveType` canonicalises `nv_bfloat16` and typedefs). */
const NARROW_TYPES: Readonly<Record<string, 'half' | 'bf16'>> = { half: 'half', __half: 'half', __nv_bfloat16: 'bf16', nv_bfloat16: 'bf16' };

const TYPES = new Set(['float', 'double', 'int', 'unsigned', 'long', 'size_t', 'int32_t', 'int64_t', 'uint32_t', 'uint64_t', 'const', 'auto', 'short']);
const MAX_STMTS = 400;

/**
 * The statements of the body; a body the statement reader stops in that reads its rows through
 * vector types (`reinterpret_cast<const float4*>(x)`, llm.c's `x128` packs and `load128cs`) gets
 * that as its reason, which says more than where the reader stopped.
 */
function parsedOrVectorReason(body: string): Stmt[] {
  try {
    return parseStatements(tokenize(body));
  } catch (e) {
    if (!(e instanceof Reject) || !/^rows schedule: expected `/.test(e.rejection.reason)) throw e;
    const vec = /\breinterpret_cast ?< ?(?:const )?(?:float[24]|half2|__half2|__nv_bfloat162|int[24]|uint[24]|x128|f128) ?\*? ?>/.exec(body) ?? /\b(?:load|store)128(?:cs|cg)? ?\(/.exec(body) ?? /\b(?:x128|f128)\b/.exec(body);
    if (!vec) throw e;
    return reject(`reads its rows through vector loads (\`${vec[0].trim().replace(/ ?\($/, '')}\`): the rows port reads a row one element at a time; de-vectorising row loads is not done yet`);
  }
}

function parseStatements(toks: Tok[]): Stmt[] {
  let k = 0;
  let count = 0;
  const peek = (o = 0) => toks[k + o];
  const eat = (t?: string) => {
    const x = toks[k++];
    if (x === undefined) reject('the kernel body ends early');
    if (t !== undefined && x !== t) reject(`expected \`${t}\` near \`${toks.slice(Math.max(0, k - 4), k + 3).join(' ')}\``);
    return x;
  };
  const until = (end: string): Tok[] => untilAny([end]);
  const untilAny = (ends: readonly string[]): Tok[] => {
    const out: Tok[] = [];
    let depth = 0;
    while (k < toks.length) {
      const t = toks[k]!;
      if (depth === 0 && ends.includes(t)) break;
      if (t === '(' || t === '[' || t === '{') depth++;
      if (t === ')' || t === ']' || t === '}') depth--;
      out.push(t);
      k++;
    }
    return out;
  };
  const stmt = (): Stmt => {
    if (++count > MAX_STMTS) reject('the kernel has more statements than the row recogniser reads');
    const t = peek();
    if (t === '{') {
      eat('{');
      const body: Stmt[] = [];
      while (peek() !== '}') {
        if (peek() === undefined) reject('unbalanced braces');
        body.push(stmt());
      }
      eat('}');
      return { s: 'block', body };
    }
    if (t === ';') {
      eat();
      return { s: 'empty' };
    }
    if (t === 'return') {
      eat();
      if (peek() !== ';') reject('a `return` with a value');
      eat(';');
      return { s: 'return' };
    }
    if (t === 'if') {
      eat();
      eat('(');
      const cond = until(')');
      eat(')');
      const then = stmt();
      if (peek() === 'else') {
        eat();
        return { s: 'if', cond, then, otherwise: stmt() };
      }
      return { s: 'if', cond, then };
    }
    if (t === 'for') {
      eat();
      eat('(');
      const init = until(';');
      eat(';');
      const cond = until(';');
      eat(';');
      const step = until(')');
      eat(')');
      return { s: 'for', init, cond, step, body: stmt() };
    }
    if (t === 'extern' || t === '__shared__') {
      // A shared array: the kernel model lists it (fn.sharedArrays); its uses are read where they are.
      until(';');
      eat(';');
      return { s: 'empty' };
    }
    if (t === 'while' || t === 'do' || t === 'switch' || t === 'goto') reject(`a \`${t}\` statement`);
    if (t === '#pragma') reject('a #pragma');
    // A declaration: type words, optional *, a name, optional = init.
    if (t !== undefined && (TYPES.has(t) || t === '__restrict__')) {
      const type: string[] = [];
      while (peek() !== undefined && (TYPES.has(peek()!) || peek() === '__restrict__')) type.push(eat());
      let pointer = false;
      while (peek() === '*' || peek() === '__restrict__' || peek() === 'const') {
        if (eat() === '*') pointer = true;
      }
      const base = type.filter((x) => x !== 'const' && x !== '__restrict__').join(' ');
      // `float m = -INFINITY, s = 0.0f, t;`: one declaration per name (a `*` binds to its own name).
      const decls: Stmt[] = [];
      for (;;) {
        const name = eat();
        if (!/^[A-Za-z_]\w*$/.test(name)) reject(`a declaration of \`${name}\``);
        if (peek() === '[') reject(`a local array \`${name}[…]\``);
        let init: Tok[] | undefined;
        if (peek() === '=') {
          eat();
          init = untilAny([',', ';']);
        }
        decls.push({ s: 'decl', type: base, name, pointer, init });
        if (peek() !== ',') break;
        eat(',');
        pointer = false;
        while (peek() === '*' || peek() === 'const') if (eat() === '*') pointer = true;
        if (decls.length > 1 && pointer !== (decls[0] as { pointer: boolean }).pointer) reject(`pointers and values declared in one statement (\`${name}, …\`)`);
      }
      eat(';');
      return decls.length === 1 ? decls[0]! : { s: 'block', body: decls, scoped: false };
    }
    if (t !== undefined && /^[A-Za-z_]\w*$/.test(t) && toks[k + 1] === '(') {
      const save = k;
      const name = eat();
      eat('(');
      const args = until(')');
      eat(')');
      if (peek() === ';') {
        eat(';');
        return { s: 'call', name, args };
      }
      k = save;
    }
    const lhs: Tok[] = [];
    let depth = 0;
    while (k < toks.length) {
      const x = toks[k]!;
      if (depth === 0 && ['=', '+=', '-=', '*=', '/=', ';', '++', '--'].includes(x)) break;
      if (x === '(' || x === '[') depth++;
      if (x === ')' || x === ']') depth--;
      lhs.push(x);
      k++;
    }
    const op = eat();
    if (op === ';') reject(`the statement \`${lhs.join(' ')}\` is not an assignment`);
    if (op === '++' || op === '--') {
      eat(';');
      return { s: 'assign', lhs, op: op === '++' ? '+=' : '-=', rhs: ['1'] };
    }
    const rhs = until(';');
    eat(';');
    return { s: 'assign', lhs, op, rhs };
  };
  const out: Stmt[] = [];
  while (k < toks.length) out.push(stmt());
  return normalize(out, true);
}

/**
 * Spellings that mean what a simpler one means, rewritten before the statements are read:
 * declarations written in one statement are one each; a template constant's `if (true)` and
 * `true ? a : b` keep the branch taken; `if (t != 0) return;` then the rest is `if (t == 0) { rest }`
 * (in the kernel's statement list; one thread's per-row store, `firstThread` reads it); `v = -combine(v) / k;` is the combine
 * `v = combine(v);`, then `v = -v / k;`.
 */
function normalize(list: Stmt[], top = false): Stmt[] {
  const out: Stmt[] = [];
  for (let i = 0; i < list.length; i++) {
    const x = list[i]!;
    if (x.s === 'block' && x.scoped === false) {
      out.push(...normalize(x.body, top));
      continue;
    }
    if (x.s === 'if') {
      const c = foldTernaries(x.cond);
      if (c.length === 1 && (c[0] === 'true' || c[0] === 'false')) {
        const taken = c[0] === 'true' ? x.then : x.otherwise;
        if (taken) out.push(...normalize([taken]));
        continue;
      }
      const then = x.then.s === 'block' && x.then.body.length === 1 ? x.then.body[0]! : x.then;
      // Only in the kernel's own statement list: a `return` inside a block or loop skips more than the rest of it.
      if (top && !x.otherwise && then.s === 'return' && c.length >= 3 && c[c.length - 2] === '!=' && c[c.length - 1] === '0' && !c.some((t) => ['&&', '||', '?', '!=', '=='].includes(t) && t !== c[c.length - 2]) && c.filter((t) => t === '!=').length === 1 && i + 1 < list.length) {
        out.push({ s: 'if', cond: [...c.slice(0, -2), '==', '0'], then: { s: 'block', body: normalize(list.slice(i + 1)) } });
        break;
      }
      out.push({ s: 'if', cond: c, then: normalize([x.then])[0] ?? { s: 'empty' }, ...(x.otherwise ? { otherwise: normalize([x.otherwise])[0] ?? { s: 'empty' } } : {}) });
      continue;
    }
    if (x.s === 'block') {
      out.push({ s: 'block', body: normalize(x.body) });
      continue;
    }
    if (x.s === 'for') {
      out.push({ ...x, body: normalize([x.body])[0] ?? { s: 'empty' } });
      continue;
    }
    if (x.s === 'decl' && x.init) {
      out.push({ ...x, init: foldTernaries(x.init) });
      continue;
    }
    if (x.s === 'assign') {
      const rhs = foldTernaries(x.rhs);
      const v = x.lhs.length === 1 ? x.lhs[0]! : undefined;
      const at = v && x.op === '=' ? rhs.findIndex((t, k) => /^__ap_warp_(?:sum|max)d?$/.test(t) && rhs[k + 1] === '(' && rhs[k + 2] === v && rhs[k + 3] === ')') : -1;
      if (v && at >= 0 && rhs.length > 4) {
        out.push({ s: 'assign', lhs: [v], op: '=', rhs: rhs.slice(at, at + 4) }, { s: 'assign', lhs: [v], op: '=', rhs: [...rhs.slice(0, at), v, ...rhs.slice(at + 4)] });
        continue;
      }
      out.push({ ...x, rhs });
      continue;
    }
    out.push(x);
  }
  return out;
}

/** `true ? a : b` → `a`, `false ? a : b` → `b` (a template constant's choice; the condition a literal right after `(`, `=`, `,` or the start). */
function foldTernaries(toks: Tok[]): Tok[] {
  for (let q = toks.indexOf('?'); q > 0; q = toks.indexOf('?', q + 1)) {
    const c = toks[q - 1];
    if (c !== 'true' && c !== 'false') continue;
    if (q - 2 >= 0 && !['(', '=', ',', 'return'].includes(toks[q - 2]!)) continue;
    // The `:` of this `?` at the same depth, then the end of the else operand (a closing parenthesis, a comma or the end).
    let depth = 0;
    let colon = -1;
    let end = toks.length;
    for (let k = q + 1; k < toks.length; k++) {
      const t = toks[k]!;
      if (t === '(' || t === '[') depth++;
      else if (t === ')' || t === ']') {
        if (--depth < 0) {
          end = k;
          break;
        }
      } else if (depth === 0 && t === '?') return toks;
      else if (depth === 0 && t === ':' && colon < 0) colon = k;
      else if (depth === 0 && t === ',' && colon >= 0) {
        end = k;
        break;
      }
    }
    if (colon < 0) return toks;
    const kept = c === 'true' ? toks.slice(q + 1, colon) : toks.slice(colon + 1, end);
    return foldTernaries([...toks.slice(0, q - 1), '(', ...kept, ')', ...toks.slice(end)]);
  }
  return toks;
}

// ---------------------------------------------------------------- expressions

const UNARY_FN: Readonly<Record<string, 'exp' | 'ln' | 'sqrt' | 'rsqrt' | 'abs'>> = {
  expf: 'exp', exp: 'exp', __expf: 'exp', logf: 'ln', log: 'ln', __logf: 'ln', sqrtf: 'sqrt', sqrt: 'sqrt', rsqrtf: 'rsqrt', fabsf: 'abs', fabs: 'abs',
};
const BIN_FN: Readonly<Record<string, 'max' | 'min'>> = { fmaxf: 'max', fmax: 'max', max: 'max', fminf: 'min', fmin: 'min', min: 'min' };
/** -∞, the identity of max: a running maximum from it drops its start (the port starts from -∞, as CUDA does, for a row of no columns). */
const NEG_INF = new Set(['-INFINITY', '-HUGE_VALF']);
/** -FLT_MAX, the lowest float: not the identity (the max of no columns, or of -∞ values, is -FLT_MAX), so it stays the start. */
const LOWEST = new Set(['-3.40282347e+38f', '-3.402823466e+38f', '-3.402823466e+38F']);
const FLT_MAX_LITERAL = '3.40282347e+38f';

/** What a name means while the body is executed for one row. */
type Binding =
  | { k: 'row-index' }
  | { k: 'col-index' }
  /** A pointer to row `i` of a tensor: `inp + i * C`. */
  | { k: 'row-ptr'; tensor: string }
  /** A pointer to column `o` of a row-major tensor, `dout + o`: its elements are `x[j * S]` (column layout). */
  | { k: 'col-ptr'; tensor: string }
  /** A float or int value (element or row level). */
  | { k: 'value'; e: Expr; double?: boolean }
  /** Block per row: threadIdx.x and blockDim.x (and their aliases). */
  | { k: 'thread' }
  | { k: 'bdim' }
  /** Warp per row: the lane (`threadIdx.x % 32`, `warp.thread_rank()`). */
  | { k: 'lane' }
  /** Warp per row: a `__shfl_down_sync` tree's result, the row value in lane 0 only. */
  | { k: 'lane0'; op: RowReduceOp; arg: Expr; init?: Expr; value?: Expr }
  /** Block per row: a thread's partial of a strided loop over the row, not yet combined. */
  | { k: 'partial'; op: RowReduceOp; arg: Expr; init?: Expr }
  /** Block per row, two levels: the warp index and the warps per block (`threadIdx.x / 32`, `blockDim.x / 32`). */
  | { k: 'warp-id' }
  | { k: 'warps' }
  /** Block per row, two levels: one warp's combined partials (a butterfly of the threads' partials). */
  | { k: 'warp-part'; op: RowReduceOp; arg: Expr; init?: Expr; lane0?: boolean }
  /** Block per row, two levels: the warps' values read back from shared memory (`lane < warps ? sm[lane] : identity`). */
  | { k: 'parked'; op: RowReduceOp; arg: Expr; init?: Expr };

interface State {
  /** The row count (the guard) and length (the row pointers' stride). */
  rows?: string;
  cols?: string;
  /** Parameters read as blockDim.x. */
  blockSizeParams?: string[];
  /** A block of one warp per row (every launch's block is 32 threads), read as a warp per row. */
  oneWarpBlock?: boolean;
  /** Every launch's block is 32 threads (`PatternInput.warpBlockLaunch`), whichever reading this is. */
  warpBlockLaunch?: boolean;
  /** The launches' block (`PatternInput.launchBlock`): x threads when y = z = 1, so a block of 1024 has all 32 warps. */
  blockX?: number;
  /** One block per row over a 3-D grid (`gridRows`): the strided tensors' strides. */
  grid3?: GridOffsets;
  /** Shared arrays holding a value per column (`tmp[j] = e` in a loop over the row): the value last stored. */
  rowCache?: Map<string, Expr>;
  /** Float tensors read at a constant index (`*grad`, `scale[0]`): one value for every row, read once per core. */
  gmScalars?: { name: string; param: string; index: number }[];
  /** The row value that holds `gridDim.x` (the row count), once read. */
  gridRows?: string;
  /**
   * How a "row" (the values one output reduces over) lies in memory: contiguous (`row`, the
   * default), or a column of a row-major tensor (`col`: element j of output o at `j * stride + o`;
   * per-column sums such as a bias gradient).
   */
  layout?: 'row' | 'col';
  stride?: string;
  /** Per-row outputs CUDA adds into (`dbias[o] += v`; column layout only). */
  rowAdds: Set<string>;
  /** Column sums every row adds into (`atomicAdd(&dbias[j], v)` in a loop over the row): the value per element. */
  colAdds?: Map<string, Expr>;
  /** Elements in all when the last row is cut short (`groupSpans`): rows of `cols`, the last holding what is left. */
  total?: string;
  /** The file's type aliases resolved (`floatX` → float). */
  resolve: (t: string) => string;
  env: Map<string, Binding>;
  /** Current element value of each row tensor written so far (at column j). */
  mem: Map<string, Expr>;
  steps: RowStep[];
  rowStores: Map<string, Expr>;
  /** Row outputs CUDA stores only when their pointer is not null (`if (lane == 0 && mean != nullptr)`). */
  nullable: Set<string>;
  colTensors: Set<string>;
  reads: Set<string>;
  notes: Set<string>;
  nextRow: number;
  /** Tensors read one value per row (`mean[idx]`), by the row value that holds it. */
  rowLoads?: Map<string, string>;
  /** Row-level expressions already hoisted, by their text, and element expressions already rewritten, by identity. */
  hoisted: Map<string, Expr>;
  inside: WeakMap<Expr, Expr>;
  /** Block per row: the shared arrays, what each holds (a partial per thread, or the combined row value at [0]). */
  block: boolean;
  /** Warp per row: lanes stride over the row and combine through shuffles or cg::reduce. */
  warp: boolean;
  /** Inside `if (lane == 0)` / `if (tid == 0)`: only per-row stores, and lane 0's values are readable. */
  lane0: boolean;
  /** How the warp's partials were combined (for the technique text). */
  combines: Set<string>;
  shared: Map<string, { op: RowReduceOp; arg: Expr; init?: Expr; combined: boolean; value?: Expr; warps?: boolean; synced?: boolean; readUnsynced?: boolean } | null>;
  /** Regions of a shared array named as arrays of their own (`float* sums = &shared[warps];`): only the warps' parked values may use them. */
  sharedRegions?: { name: string; of: string; at: string }[];
  /** half and bfloat16 tensors: read widened to float (one widening per tensor), stored rounded to their type. */
  narrow?: Map<string, 'half' | 'bf16'>;
  widened?: Map<string, Expr>;
}

const hasLoad = (e: Expr): boolean =>
  e.k === 'load' ? true : e.k === 'un' || e.k === 'cast' ? hasLoad(e.a) : e.k === 'bin' ? hasLoad(e.a) || hasLoad(e.b) : e.k === 'select' ? [e.a, e.b, e.then, e.otherwise].some(hasLoad) : false;

/** Expressions the recogniser builds stay small: a value substituted into itself (`y = y * y` repeated) would grow without bound. */
const MAX_EXPR_NODES = 2000;
function bounded(e: Expr): Expr {
  let n = 0;
  const walk = (x: Expr): void => {
    if (++n > MAX_EXPR_NODES) reject(`an expression of more than ${MAX_EXPR_NODES} operations`);
    if (x.k === 'un' || x.k === 'cast') walk(x.a);
    else if (x.k === 'bin') {
      walk(x.a);
      walk(x.b);
    }
  };
  walk(e);
  return e;
}

/**
 * A body over half / bfloat16 tensors, checked and rewritten for the float recogniser: every read
 * of a narrow tensor (or of a row pointer into one) must reach float before any arithmetic —
 * `(float)x[j]`, `static_cast<float>(x[j])`, `float(x[j])`, `__bfloat162float(x[j])`,
 * `__half2float(x[j])`, a whole argument of a float function (`fmaxf(m, x[j])`, `expf(x[j])`), or
 * the whole initial value of a float local — because CUDA's narrow operators round where the port
 * (which widens every read) does not. A conversion of a store's whole value to the tensor's type
 * (`out[j] = (floatX)(…)`, `__float2bfloat16(…)`) is the store's own rounding and is dropped; row
 * pointers into narrow tensors are declared as float pointers for the recogniser (their tensor
 * carries the type). Any other use of the narrow type (a local, a cast inside an expression) is
 * rejected.
 */
function narrowBody(body: string, narrow: ReadonlyMap<string, 'half' | 'bf16'>, spellings: ReadonlySet<string>): string {
  const spell = [...spellings].map((n) => n.replace(/\W/g, '\\$&')).join('|');
  const SP = `(?:${spell})`;
  let b = body;
  // Row pointers: `const floatX* x = inp + i * C;` (into a narrow tensor, or any other narrow pointer).
  const names = new Set(narrow.keys());
  b = b.replace(new RegExp(`((?:^|[;{}(]) *(?:const )?)${SP}( *\\* *(?:const )?(?:__restrict__ )?)([A-Za-z_]\\w*)( *= *)([^;]*)`, 'g'), (_m, pre: string, star: string, name: string, eq: string, init: string) => {
    if ([...names].some((n) => new RegExp(`\\b${n}\\b`).test(init))) names.add(name);
    return `${pre}float${star}${name}${eq}${init}`;
  });
  // A store's whole value converted to the narrow type: the store rounds it anyway.
  b = b.replace(new RegExp(`(\\] *= *)\\( *${SP} *\\) *`, 'g'), '$1');
  b = b.replace(new RegExp(`(\\] *= *)(?:__float2bfloat16_rn|__float2bfloat16|__float2half_rn|__float2half|static_cast *< *${SP} *>) *(?=\\()`, 'g'), '$1');
  b = b.replace(/(__ap_stcs *\( *[^,]*, *)(?:__float2bfloat16_rn|__float2bfloat16|__float2half_rn|__float2half) *(?=\()/g, '$1');
  b = b.replace(new RegExp(`(__ap_stcs *\\( *[^,]*, *)\\( *${SP} *\\) *`, 'g'), '$1');
  const left = new RegExp(`(?<![\\w.])(${spell})(?![\\w])`).exec(b);
  if (left) reject(`computes with \`${left[1]}\` values in the kernel body (a local or a conversion inside an expression); the rows port reads half and bfloat16 tensors only converted to float, and rounds only at their stores`);
  // Every read of a narrow tensor is converted to float at once.
  const CONV = /(?:\( *float *\) *|static_cast *< *float *> *\( *|\bfloat *\( *|__bfloat162float *\( *|__half2float *\( *)$/;
  const FN_ARG = /\b(?:fmaxf|fminf|expf|__expf|logf|__logf|sqrtf|rsqrtf|fabsf|tanhf) *\( *(?:[^(),;]+, *)?$/;
  const DECL = /(?:^|[;{}]) *(?:const )?float [A-Za-z_]\w* *= *$/;
  for (const n of names) {
    for (const m of b.matchAll(new RegExp(`(?<![\\w.])${n} *\\[`, 'g'))) {
      // The subscript's end, then what follows it: `=` (not `==`) is a store.
      let depth = 0;
      let end = m.index! + m[0].length - 1;
      for (; end < b.length; end++) {
        if (b[end] === '[') depth++;
        else if (b[end] === ']' && --depth === 0) break;
      }
      const after = b.slice(end + 1).trimStart();
      if (/^(?:[-+*/]?=)(?!=)/.test(after)) continue;
      const before = b.slice(Math.max(0, m.index! - 80), m.index!);
      if (CONV.test(before)) continue;
      if ((FN_ARG.test(before) && /^[,)]/.test(after)) || (DECL.test(before) && after.startsWith(';'))) continue;
      reject(`\`${n}[…]\` is read as ${narrow.get(n) ?? 'narrow'} data without a conversion to float (\`${b.slice(Math.max(0, m.index! - 30), end + 1).trim()}\`): CUDA would compute in the narrow type, rounding where the port does not`);
    }
  }
  return b;
}

/** Row offsets of a kernel over a 3-D grid of rows (`gridRows`): per float tensor, its elements between rows along x, y and z. */
interface GridOffsets {
  /** Tensors whose rows are not contiguous: the three strides, each a scalar parameter or `0`. */
  strided: Map<string, { x: string; y: string; z: string }>;
}

/** The marker a row pointer of a strided tensor gets as its row length (`gridRows`), read by the pointer declaration. */
const STRIDED = '__ap_rs_';

type Poly = Map<string, number>;

/**
 * One block per row over a 3-D grid (ggml's norms: `row = blockIdx.x`, `channel = blockIdx.y`,
 * `sample = blockIdx.z`, `nrows = gridDim.x`, `nchannels = gridDim.y`), each float tensor moved
 * to its row (`x += sample*stride_sample + channel*stride_channel + row*stride_row;`,
 * `dst += ((sample*nchannels + channel)*nrows + row)*ncols;`): rows are numbered
 * r = (z · gridDim.y + y) · gridDim.x + x. A tensor whose offset is r × C is contiguous and
 * becomes the row pointer `dst + row * C`; any other is strided, its three strides scalar
 * parameters, and becomes a row pointer with the marker length (`STRIDED`). The row, channel
 * and sample indices and the grid sizes may be used only in those offsets. Anything else is
 * left as it is.
 */
function gridRows(body: string, fn: PatternInput['fn']): { body: string; grid?: GridOffsets } {
  if (!/\bblockIdx ?\. ?[yz]\b/.test(body)) return { body };
  const ints = new Set(fn.params.filter((p) => p.pointerDepth === 0 && !p.isReference && /^(?:(?:const )?(?:int|unsigned|unsigned int|long|long long|size_t|u?int(?:32|64)_t))$/.test(p.type.replace(/\s+/g, ' ').trim())).map((p) => p.name));
  const floats = new Set(fn.params.filter((p) => p.pointerDepth === 1 && p.baseType.replace(/\b(?:const|volatile|__restrict__|__restrict|restrict)\b/g, '').trim() === 'float').map((p) => p.name));
  const idx: Partial<Record<'x' | 'y' | 'z', string>> = {};
  const dims = new Map<string, 'GX' | 'GY' | 'GZ'>();
  const kept: string[] = [];
  const bumps: { p: string; e: string }[] = [];
  let rest = body;
  const DECL = /^ ?(?:const )?(?:int|unsigned|unsigned int|int64_t|int32_t|uint32_t|size_t|long) ([A-Za-z_]\w*) ?= ?(blockIdx|gridDim|threadIdx) ?\. ?([xyz]) ?; ?/;
  const BUMP = /^ ?([A-Za-z_]\w*) ?\+= ?([^;{}]+); ?/;
  const SHARED = /^ ?(?:extern )?__shared__[^;]*; ?/;
  for (;;) {
    const d = DECL.exec(rest);
    if (d) {
      const [, name, what, axis] = d as unknown as [string, string, string, 'x' | 'y' | 'z'];
      if (what === 'blockIdx') {
        if (idx[axis]) return { body };
        idx[axis] = name;
      } else if (what === 'gridDim') dims.set(name, axis === 'x' ? 'GX' : axis === 'y' ? 'GY' : 'GZ');
      else if (axis === 'x') kept.push(d[0]);
      else return { body };
      rest = rest.slice(d[0].length);
      continue;
    }
    const sh = SHARED.exec(rest);
    if (sh) {
      kept.push(sh[0]);
      rest = rest.slice(sh[0].length);
      continue;
    }
    const b = BUMP.exec(rest);
    if (b && floats.has(b[1]!) && !bumps.some((x) => x.p === b[1])) {
      bumps.push({ p: b[1]!, e: b[2]! });
      rest = rest.slice(b[0].length);
      continue;
    }
    break;
  }
  if (!idx.x || !idx.y || !idx.z || !bumps.length) return { body };
  const sym = new Map<string, string>([[idx.x, 'bx'], [idx.y, 'by'], [idx.z, 'bz'], ...[...dims].map(([n, g]) => [n, g] as [string, string])]);
  const polys = new Map<string, Poly>();
  for (const x of bumps) {
    const p = affine(x.e, (n) => sym.get(n) ?? (ints.has(n) ? n : undefined));
    if (!p) return { body };
    polys.set(x.p, p);
  }
  // The rest of the body names neither the row, the channel or the sample nor a grid size: they are only
  // offsets (the row index the recogniser reads next is the row over the whole grid, not blockIdx.x).
  const consumed = [idx.x, idx.y, idx.z, ...dims.keys()];
  if (consumed.some((n) => new RegExp(`(?<![\\w.])${n}\\b`).test(rest)) || /\bgridDim\b|\bblockIdx ?\. ?[yz]\b/.test(rest)) return { body };
  const strided = new Map<string, { x: string; y: string; z: string }>();
  const decls: string[] = [];
  const row = idx.x;
  for (const [t, p] of polys) {
    const [cx, cy, cz, other] = [coefficient(p, 'bx'), coefficient(p, 'by'), coefficient(p, 'bz'), [...p.keys()].some((k) => !/\b(?:bx|by|bz)\b/.test(k) || (k.match(/\b(?:bx|by|bz)\b/g) ?? []).length > 1)];
    if (other || cx.size === 0) return { body };
    const one = polyText(cx);
    // Contiguous: y steps over gridDim.x rows, z over gridDim.x × gridDim.y.
    if (one && /^[A-Za-z_]\w*$/.test(one) && same(cy, times(cx, 'GX')) && same(cz, times(times(cx, 'GX'), 'GY'))) {
      decls.push(`const float * ${t}Row = ${t} + ${row} * ${one};`);
      continue;
    }
    const texts = [cx, cy, cz].map((c) => (c.size === 0 ? '0' : polyText(c)));
    if (texts.some((x) => x === undefined || !(x === '0' || (ints.has(x) && /^[A-Za-z_]\w*$/.test(x))))) return { body };
    if (texts[0] === '0') return { body };
    strided.set(t, { x: texts[0]!, y: texts[1]!, z: texts[2]! });
    decls.push(`const float * ${t}Row = ${t} + ${row} * ${STRIDED}${t};`);
  }
  for (const t of polys.keys()) if (new RegExp(`\\b${t}Row\\b`).test(body)) return { body };
  for (const t of polys.keys()) rest = rest.replace(new RegExp(`(?<![\\w.])${t}\\b`, 'g'), `${t}Row`);
  return { body: `int ${row} = blockIdx.x; ${kept.join(' ')} ${decls.join(' ')} ${rest}`, grid: { strided } };

  function same(a: Poly, b: Poly): boolean {
    return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
  }
  function times(a: Poly, s: string): Poly {
    const out: Poly = new Map();
    for (const [k, v] of a) out.set(monomial([...(k ? k.split('*') : []), s]), v);
    return out;
  }
}

function monomial(symbols: string[]): string {
  return symbols.filter((x) => x !== '').sort().join('*');
}

/** The terms of `p` that hold `s` once, with `s` taken out. */
function coefficient(p: Poly, s: string): Poly {
  const out: Poly = new Map();
  for (const [k, v] of p) {
    const parts = k.split('*');
    const at = parts.indexOf(s);
    if (at < 0) continue;
    parts.splice(at, 1);
    out.set(monomial(parts), v);
  }
  return out;
}

/** A one-term polynomial of coefficient 1 as C++ (`a*b`), or undefined. */
function polyText(p: Poly): string | undefined {
  if (p.size !== 1) return undefined;
  const [k, v] = [...p][0]!;
  if (v !== 1) return undefined;
  return k === '' ? '1' : k;
}

/** `e` (sums and products of integers and names, int casts) as a polynomial, names mapped by `sym`; undefined when it is not one. */
function affine(e: string, sym: (name: string) => string | undefined): Poly | undefined {
  const toks = e.match(/[A-Za-z_]\w*|\d+|[-+*()]/g) ?? [];
  if (toks.join('') !== e.replace(/\s+/g, '')) return undefined;
  let k = 0;
  const INT = /^(?:int|int64_t|int32_t|size_t|long|unsigned|uint64_t|uint32_t)$/;
  const add = (a: Poly, b: Poly, sign: number): Poly => {
    const out = new Map(a);
    for (const [m, v] of b) {
      const n = (out.get(m) ?? 0) + sign * v;
      if (n === 0) out.delete(m);
      else out.set(m, n);
    }
    return out;
  };
  const mul = (a: Poly, b: Poly): Poly => {
    let out: Poly = new Map();
    for (const [ma, va] of a) for (const [mb, vb] of b) out = add(out, new Map([[monomial([...ma.split('*'), ...mb.split('*')]), va * vb]]), 1);
    return out;
  };
  const sum = (): Poly | undefined => {
    let a = product();
    while (a && (toks[k] === '+' || toks[k] === '-')) {
      const sign = toks[k++] === '+' ? 1 : -1;
      const b = product();
      if (!b) return undefined;
      a = add(a, b, sign);
    }
    return a;
  };
  const product = (): Poly | undefined => {
    let a = factor();
    while (a && toks[k] === '*') {
      k++;
      const b = factor();
      if (!b) return undefined;
      a = mul(a, b);
    }
    return a;
  };
  const factor = (): Poly | undefined => {
    const t = toks[k++];
    if (t === undefined) return undefined;
    if (/^\d+$/.test(t)) return Number(t) === 0 ? new Map() : new Map([['', Number(t)]]);
    if (t === '(') {
      // `(int64_t) x`: a cast; `(a + b)`: a group.
      if (INT.test(toks[k] ?? '') && toks[k + 1] === ')') {
        k += 2;
        return factor();
      }
      const a = sum();
      if (toks[k++] !== ')') return undefined;
      return a;
    }
    if (INT.test(t) && toks[k] === '(') {
      k++;
      const a = sum();
      if (toks[k++] !== ')') return undefined;
      return a;
    }
    if (/^[A-Za-z_]/.test(t)) {
      const s = sym(t);
      return s === undefined ? undefined : new Map([[s, 1]]);
    }
    return undefined;
  };
  const out = sum();
  return out && k === toks.length ? out : undefined;
}

/**
 * A `float2` accumulator of two sums (ggml's norm: `float2 mean_var = make_float2(0.0f, 0.0f);
 * mean_var.x += xi; mean_var.y += xi * xi; mean_var = block_reduce<…>(mean_var, s);`) is two
 * floats: `V_x`, `V_y`, each combined by the reducer (`V_x = block_reduce<…>(V_x, s); …`), as the
 * reducer combines a float2 lane by lane. Only when every use is `V.x`, `V.y` or that whole
 * combine; anything else is left as it is.
 */
function splitFloat2(body: string): string {
  let b = body;
  for (const m of [...body.matchAll(/\bfloat2 ([A-Za-z_]\w*) ?= ?make_float2 ?\(([^(),;]+),([^(),;]+)\) ?;/g)]) {
    const v = m[1]!;
    const combine = new RegExp(`\\b${v} ?= ?((?:block_reduce ?<[^;<>]*>|warp_reduce_sum(?: ?<[^;<>]*>)?)) ?\\( ?${v} ?((?:, ?[^;()]*)?)\\) ?;`, 'g');
    const rest = b.replace(m[0], ' ').replace(combine, ' ').replace(new RegExp(`\\b${v} ?\\. ?[xy]\\b`, 'g'), ' ');
    if (new RegExp(`\\b${v}\\b`).test(rest) || new RegExp(`\\b${v}_[xy]\\b`).test(b)) continue;
    b = b
      .replace(m[0], `float ${v}_x = ${m[2]!.trim()}; float ${v}_y = ${m[3]!.trim()};`)
      .replace(combine, (_c, f: string, more: string) => `${v}_x = ${f}(${v}_x${more}); ${v}_y = ${f}(${v}_y${more});`)
      .replace(new RegExp(`\\b${v} ?\\. ?([xy])\\b`, 'g'), `${v}_$1`);
  }
  return b;
}

/**
 * A thread's partial kept in its shared slot (`sdata[tid] = 0.0f; for (…) { sdata[tid] += x[…]; }`,
 * OLCF's row sums) is a register partial stored after the loop (`float sdata_part = 0.0f; for (…)
 * { sdata_part += x[…]; } sdata[tid] = sdata_part;`), the form the block combine reads: only for a
 * shared array, when the loop right after the initial store adds into that slot alone.
 */
function sharedPartials(body: string, fn: PatternInput['fn']): string {
  const shared = new Set(fn.sharedArrays.map((a) => a.name));
  return body.replace(/\b([A-Za-z_]\w*) ?\[ ?([A-Za-z_]\w*) ?\] ?= ?([^;{}]+); ?(for ?\([^{}]*\) ?\{)([^{}]*)\}/g, (m, arr: string, slot: string, init: string, head: string, inner: string) => {
    if (!shared.has(arr) || new RegExp(`\\b${arr}_part\\b`).test(body)) return m;
    const add = new RegExp(`\\b${arr} ?\\[ ?${slot} ?\\] ?\\+=`, 'g');
    const adds = inner.match(add)?.length ?? 0;
    if (adds !== 1 || (inner.match(new RegExp(`\\b${arr}\\b`, 'g'))?.length ?? 0) !== 1) return m;
    return `float ${arr}_part = ${init}; ${head}${inner.replace(add, `${arr}_part +=`)}} ${arr}[${slot}] = ${arr}_part;`;
  });
}

/**
 * The row index taken apart and put together again (llm.c's `int b = idx / T; int t = idx % T;`
 * then `inp + b * T * C + t * C` and `mean[b * T + t]`): `b * T * K + t * K` is `idx * K` and
 * `b * T + t` is `idx`, as C's division makes `(idx / T) * T + idx % T == idx` for any T ≠ 0.
 * Rewritten only where the sum stands alone between operators of lower precedence, and only
 * when no other use of `b` or `t` is left (neither is assigned again); else the body as it was.
 */
function rowDigits(body: string): string {
  const INT = String.raw`(?:const )?(?:int|int64_t|long|long long|size_t|unsigned|unsigned int)`;
  const ID = String.raw`[A-Za-z_]\w*`;
  let b = body;
  for (const m of [...body.matchAll(new RegExp(String.raw`(?:^|(?<=[;{}]))\s*${INT}\s+(${ID})\s*=\s*(${ID})\s*/\s*(${ID})\s*;`, 'g'))]) {
    const [whole, hi, idx, T] = m as unknown as [string, string, string, string];
    const lo = new RegExp(String.raw`(?:^|(?<=[;{}]))\s*${INT}\s+(${ID})\s*=\s*${idx}\s*%\s*${T}\s*;`).exec(b);
    if (!lo || !b.includes(whole)) continue;
    const t = lo[1]!;
    if (hi === t || hi === idx || t === idx) continue;
    // The identity holds for the values b and t were computed from: neither idx nor T may change afterwards.
    const assigned = (n: string) => new RegExp(String.raw`\b${n}\s*(?:[-+*/%&|^]|<<|>>)?=(?!=)|\b${n}\s*(?:\+\+|--)|(?:\+\+|--)\s*${n}\b`).test(b.slice(b.indexOf(whole) + whole.length));
    if (assigned(idx) || assigned(T)) continue;
    // Before: `=`, `+`, `[`, `(` or `,`; after: `+`, `-`, `;`, `]`, `)` or `,`.
    const before = String.raw`(?<=(?:^|[=+[(,])\s*)`;
    const after = String.raw`(?=\s*(?:[-+;\]),]|$))`;
    let next = b.replace(whole, ' ').replace(lo[0], ' ');
    next = next
      .replace(new RegExp(String.raw`${before}\b${hi}\s*\*\s*${T}\s*\*\s*(${ID})\s*\+\s*${t}\s*\*\s*\1\b${after}`, 'g'), `${idx} * $1`)
      .replace(new RegExp(String.raw`${before}\b${hi}\s*\*\s*${T}\s*\+\s*${t}\b${after}`, 'g'), idx);
    if (new RegExp(String.raw`\b(?:${hi}|${t})\b`).test(next)) continue;
    b = next;
  }
  return b;
}

/**
 * A block per group of `G` consecutive elements, the last group cut at a total (ggml's group norm):
 * `const int start = blockIdx.x * G + threadIdx.x; const int end = min(blockIdx.x * G + G, N);`
 * and loops `for (int j = start; j < end; j += blockDim.x)` over `x[j]`. That is one block per row
 * of G columns, `for (int j = threadIdx.x; j < G; j += blockDim.x)` over `x[row * G + j]`, with
 * the elements past N in no row (`total`: the last row holds N − (rows − 1) · G). Rewritten so
 * only when every use of `start` and `end` is such a loop header and every pointer in the loops
 * is indexed by the loop's variable alone; else the body as it was.
 */
function groupSpans(body: string, fn: PatternInput['fn']): { body: string; total?: string } {
  const ID = String.raw`[A-Za-z_]\w*`;
  const start = new RegExp(String.raw`(?:^|(?<=[;{}]))\s*(?:const\s+)?int\s+(${ID})\s*=\s*blockIdx\s*\.\s*x\s*\*\s*(${ID})\s*\+\s*threadIdx\s*\.\s*x\s*;`).exec(body);
  if (!start) return { body };
  const [, S, G] = start as unknown as [string, string, string];
  const end = new RegExp(String.raw`(?:^|(?<=[;{}]))\s*(?:const\s+)?int\s+(${ID})\s*=\s*min\s*\(\s*blockIdx\s*\.\s*x\s*\*\s*${G}\s*\+\s*${G}\s*,\s*(${ID})\s*\)\s*;`).exec(body);
  if (!end) return { body };
  const [, E, N] = end as unknown as [string, string, string];
  const pointers = fn.params.filter((p) => p.pointerDepth === 1).map((p) => p.name);
  let b = body.replace(start[0], ' ').replace(end[0], ' ');
  const header = new RegExp(String.raw`for\s*\(\s*int\s+(${ID})\s*=\s*${S}\s*;\s*\1\s*<\s*${E}\s*;\s*\1\s*\+=\s*blockDim\s*\.\s*x\s*\)\s*\{`, 'g');
  let out = '';
  let at = 0;
  for (let m = header.exec(b); m; m = header.exec(b)) {
    const j = m[1]!;
    // The loop's body: to its matching brace.
    let depth = 1;
    let k = m.index + m[0].length;
    for (; k < b.length && depth > 0; k++) depth += b[k] === '{' ? 1 : b[k] === '}' ? -1 : 0;
    if (depth) return { body };
    let inner = b.slice(m.index + m[0].length, k - 1);
    for (const p of pointers) inner = inner.replace(new RegExp(String.raw`\b${p}\s*\[\s*${j}\s*\]`, 'g'), `${p}[__ap_grp * ${G} + ${j}]`);
    // Any other subscript by j, or a pointer indexed otherwise, is not a group's element.
    if (new RegExp(String.raw`\[\s*${j}\s*\]`).test(inner) || pointers.some((p) => new RegExp(String.raw`\b${p}\s*\[(?!\s*__ap_grp)`).test(inner))) return { body };
    out += `${b.slice(at, m.index)}for (int ${j} = threadIdx.x; ${j} < ${G}; ${j} += blockDim.x) {${inner}}`;
    at = k;
  }
  if (!at) return { body };
  b = out + b.slice(at);
  if (new RegExp(String.raw`\b(?:${S}|${E})\b`).test(b)) return { body };
  return { body: `int __ap_grp = blockIdx.x; ${b}`, total: N };
}

/** Shared column sums staged per block, as `columnStaging` read them. */
interface ColumnStaging {
  /** The extern shared array and how many column sums (regions of `cols` floats) it holds. */
  array: string;
  regions: number;
  /** The column count the staging loops run to (the row length). */
  cols: string;
  /** Each region and the output its sums are flushed into. */
  into: { region: string; output: string }[];
  /** Threads past the last row return before the flush's barrier (llm.c's `if (idx >= N) { return; }`). */
  earlyReturn: boolean;
}

/**
 * Column sums staged in shared memory per block (llm.c's layernorm backward): regions of an
 * extern shared array (`float* part_a = shared; float* part_b = shared + C;`) zeroed by the
 * block (`for (i = threadIdx.x; i < C; i += blockDim.x) { part_a[i] = 0.0f; … } __syncthreads();`),
 * added into by the rows (`atomicAdd(&part_a[j], v)`), and at the end of the block added into
 * the outputs column by column (`__syncthreads(); for (…) { atomicAdd(&out_a[i], part_a[i]); … }`).
 * Per column that is `atomicAdd(&out_a[j], v)` from every row, which the body becomes; the
 * staging's declarations, loops and barriers go. Only this exact shape: each region zeroed and
 * flushed at the same index it is summed at, into a pointer parameter of its own, and the
 * regions `cols` apart (so they do not overlap); else the body as it was.
 */
function columnStaging(body: string, fn: PatternInput['fn']): { body: string; staging?: ColumnStaging } {
  const ID = String.raw`[A-Za-z_]\w*`;
  const arrays = fn.sharedArrays.filter((a) => a.isExtern && a.elementType.replace(/\bconst\b/g, '').trim() === 'float');
  if (arrays.length !== 1 || fn.sharedArrays.length !== 1) return { body };
  const sh = arrays[0]!.name;
  const params = new Set(fn.params.filter((p) => p.pointerDepth === 1).map((p) => p.name));
  let b = body;
  // The regions: `float* r = sh;` and `float* r = sh + K;` (or the array itself, one region).
  const regions = new Map<string, string>();
  for (const m of [...b.matchAll(new RegExp(String.raw`(?:^|(?<=[;{}]))\s*float\s*\*\s*(${ID})\s*=\s*${sh}\s*(?:\+\s*(${ID})\s*)?;`, 'g'))]) {
    regions.set(m[1]!, m[2] ?? '0');
    b = b.replace(m[0], ' ');
  }
  if (!regions.size) regions.set(sh, '0');
  else if (new RegExp(String.raw`\b${sh}\b`).test(b.replace(/(?:extern\s+)?__shared__[^;]*;/, ' '))) return { body };
  const names = [...regions.keys()];
  const alt = names.join('|');
  // `for (int i = threadIdx.x; i < K; i += blockDim.x)`: the index captured as group 1, K as given.
  const loop = (K: string) => String.raw`for\s*\(\s*(?:int|unsigned|size_t)\s+(${ID})\s*=\s*threadIdx\s*\.\s*x\s*;\s*\1\s*<\s*${K}\s*;\s*\1\s*\+=\s*blockDim\s*\.\s*x\s*\)`;
  // The zeroing: every region, at the loop's index, then a barrier.
  const zero = new RegExp(String.raw`${loop(`(${ID})`)}\s*\{?((?:\s*(?:${alt})\s*\[\s*\1\s*\]\s*=\s*0(?:\.0*)?f?\s*;)+)\s*\}?\s*__syncthreads\s*\(\s*\)\s*;`).exec(b);
  if (!zero) return { body };
  const [, zi, K, zeroed] = zero as unknown as [string, string, string, string];
  const zeroedNames = [...zeroed.matchAll(new RegExp(String.raw`(${alt})\s*\[`, 'g'))].map((x) => x[1]!);
  if (zeroedNames.length !== names.length || new Set(zeroedNames).size !== names.length) return { body };
  void zi;
  // The regions lie `K` apart: at 0 and K (two at most).
  const offsets = names.map((n) => regions.get(n)!).sort();
  if (!(offsets.length === 1 && offsets[0] === '0') && !(offsets.length === 2 && offsets[0] === '0' && offsets[1] === K)) return { body };
  b = b.replace(zero[0], ' ');
  // The flush, last in the body: a barrier, then each region added into an output at the loop's index.
  const flush = new RegExp(String.raw`__syncthreads\s*\(\s*\)\s*;\s*${loop(K)}\s*\{?((?:\s*atomicAdd\s*\(\s*&\s*${ID}\s*\[\s*\1\s*\]\s*,\s*(?:\(\s*float\s*\)\s*)?(?:${alt})\s*\[\s*\1\s*\]\s*\)\s*;)+)\s*\}?\s*$`).exec(b.trimEnd());
  if (!flush) return { body };
  const into: ColumnStaging['into'] = [];
  for (const m of flush[2]!.matchAll(new RegExp(String.raw`atomicAdd\s*\(\s*&\s*(${ID})\s*\[\s*${flush[1]}\s*\]\s*,\s*(?:\(\s*float\s*\)\s*)?(${alt})\s*\[`, 'g'))) into.push({ region: m[2]!, output: m[1]! });
  const outs = new Set(into.map((x) => x.output));
  if (into.length !== names.length || new Set(into.map((x) => x.region)).size !== names.length || outs.size !== names.length || [...outs].some((o) => !params.has(o))) return { body };
  b = b.trimEnd().slice(0, flush.index);
  // What is left of the regions: only `atomicAdd(&region[j], v)`, which adds into the output.
  for (const { region, output } of into) {
    b = b.replace(new RegExp(String.raw`\batomicAdd\s*\(\s*&\s*${region}\s*\[`, 'g'), `atomicAdd(&${output}[`);
    if (new RegExp(String.raw`\b${region}\b`).test(b.replace(/(?:extern\s+)?__shared__[^;]*;/, ' '))) return { body };
  }
  return { body: b, staging: { array: sh, regions: names.length, cols: K, into, earlyReturn: /\breturn\b/.test(b) } };
}

/**
 * `size_t j = tid; while (j < n) { …; j += blockDim.x; }` (OLCF's row sums) is the `for` loop
 * `for (size_t j = tid; j < n; j += blockDim.x) { … }`: the counter declared right before, the
 * step the last statement of a body without nested braces, the counter assigned nowhere else in it.
 */
function whileLoops(body: string): string {
  return body.replace(/\b((?:size_t|int|unsigned int|unsigned|int64_t|long) ([A-Za-z_]\w*) ?= ?[^;{}]+); ?while ?\( ?(\2 ?<=? ?[^(){};]+) ?\) ?\{([^{}]*)\}/g, (m, decl: string, v: string, cond: string, inner: string) => {
    const step = new RegExp(`^(.*?)\\b${v} ?(\\+= ?[^;]+|\\+\\+) ?; ?$`).exec(inner.trim());
    if (!step || new RegExp(`\\b${v} ?(?:[-+*/]?=(?!=)|\\+\\+|--)|(?:\\+\\+|--) ?${v}\\b`).test(step[1]!)) return m;
    return `for (${decl}; ${cond}; ${v} ${step[2]!.startsWith('++') ? '+= 1' : step[2]}) { ${step[1]} }`;
  });
}

/** Calls that change no value: programmatic-dependent-launch waits and triggers (ggml's `ggml_cuda_pdl_sync()`), `static_assert`s. */
function withoutNoOps(body: string): string {
  return whileLoops(body)
    .replace(/\b(?:ggml_cuda_pdl_sync|ggml_cuda_pdl_lc|cudaGridDependencySynchronize|cudaTriggerProgrammaticLaunchCompletion)\s*\(\s*\)\s*;/g, ' ')
    .replace(/\bstatic_assert\s*\((?:[^()]|\([^()]*\))*\)\s*;/g, ' ')
    .replace(/\bif\s+constexpr\s*\(/g, 'if (');
}

/**
 * `if (1024 > WARP_SIZE) { … }` once template constants are written in (`if constexpr (block_size > WARP_SIZE)`):
 * the branch taken, or nothing. Only conditions comparing two integer literals or constants of the file, and braced branches.
 */
function foldConstantIfs(body: string, input: PatternInput): string {
  let b = body;
  const num = (t: string): number | undefined => {
    if (/^\d+$/.test(t)) return Number(t);
    const c = input.constant?.(t);
    return c && !c.float && Number.isInteger(c.value) ? c.value : undefined;
  };
  const cmp: Record<string, (x: number, y: number) => boolean> = { '>': (x, y) => x > y, '<': (x, y) => x < y, '>=': (x, y) => x >= y, '<=': (x, y) => x <= y, '==': (x, y) => x === y, '!=': (x, y) => x !== y };
  const braced = (at: number): number => {
    // The end (exclusive) of the `{ … }` starting at `at`, or -1.
    if (b[at] !== '{') return -1;
    let d = 0;
    for (let k = at; k < b.length; k++) {
      if (b[k] === '{') d++;
      else if (b[k] === '}' && --d === 0) return k + 1;
    }
    return -1;
  };
  const IF = /\bif ?\( ?(\w+) ?(>=|<=|==|!=|>|<) ?(\w+) ?\) ?/g;
  for (let m = IF.exec(b); m; m = IF.exec(b)) {
    const start = m.index;
    const thenAt = start + m[0].length;
    const thenEnd = braced(thenAt);
    const [x, y] = [num(m[1]!), num(m[3]!)];
    if (thenEnd < 0 || x === undefined || y === undefined) continue;
    const taken = cmp[m[2]!]!(x, y);
    const rest = /^ ?else ?/.exec(b.slice(thenEnd));
    let elseAt = -1;
    let elseEnd = thenEnd;
    if (rest) {
      elseAt = thenEnd + rest[0].length;
      elseEnd = braced(elseAt);
      if (elseEnd < 0) continue;
    }
    const keep = taken ? b.slice(thenAt, thenEnd) : elseAt >= 0 ? b.slice(elseAt, elseEnd) : ' ';
    b = b.slice(0, start) + keep + b.slice(elseEnd);
    IF.lastIndex = start;
  }
  return b;
}

/**
 * The launches' block, when every launch (of this instantiation) has the same constant one of
 * x threads and y = z = 1: `blockDim.y`/`.z` are 1 and `threadIdx.y`/`.z` 0 (ggml's
 * `row = blockIdx.x*blockDim.y + threadIdx.y` is the block's row), and a loop that steps by x
 * (`col += block_size` with the template's block size, the launch's) steps by blockDim.x.
 */
function launchShaped(body: string, input: PatternInput): string {
  const blk = input.launchBlock;
  if (!blk || blk[1] !== 1 || blk[2] !== 1) return body;
  let b = body
    .replace(/\bblockDim ?\. ?[yz]\b/g, '1')
    .replace(/\bthreadIdx ?\. ?[yz]\b/g, '0')
    .replace(/\bblockIdx ?\. ?x ?\* ?1 ?\+ ?0\b(?![.\w])/g, 'blockIdx.x');
  if (blk[0] >= 32) b = b.replace(/(\bfor ?\([^;()]*;[^;()]*; ?[A-Za-z_]\w* ?\+= ?)(\d+)( ?\))/g, (m, head: string, n: string, tail: string) => (Number(n) === blk[0] ? `${head}blockDim.x${tail}` : m));
  return b;
}

/**
 * ggml's `block_reduce<block_reduce_method::SUM | MAX, N>(v, shared)` (common.cuh: a warp
 * butterfly, then, for more than one warp, the warps' values through `shared` and a butterfly
 * again): `__ap_warp_sum(v)` when the block is one warp (N = 32, or no N and a launch block of
 * 32), else `__ap_block_sum(v)`, the block's sum of its threads' values (`_max` for MAX). Only
 * when the header's definition is that two-level combine.
 */
function ggmlBlockReduce(body: string, input: PatternInput): string {
  if (!/\bblock_reduce\b/.test(body) || !input.helperSources) return body;
  const defs = input.helperSources('block_reduce').map((d) => clean(d));
  const twoLevel = defs.length === 1 && /(?:::reduce|\bwarp_\w+) ?\( ?val ?\)/.test(defs[0]!) && /__syncthreads ?\( ?\)/.test(defs[0]!) && /\[ ?warp_id ?\] ?= ?val/.test(defs[0]!) && /= ?\w+ ?\[ ?lane_id ?\]/.test(defs[0]!);
  if (!twoLevel) return body;
  return body.replace(/\bblock_reduce ?< ?block_reduce_method ?:: ?(SUM|MAX) ?(?:, ?(\w+) ?)?> ?\( ?([A-Za-z_]\w*) ?, ?[A-Za-z_]\w*(?: ?\+ ?\d+)? ?\)/g, (m, op: string, n: string | undefined, v: string) => {
    const size = n === undefined ? input.launchBlock?.[0] : /^\d+$/.test(n) ? Number(n) : input.constant?.(n)?.value;
    if (size === undefined || size < 32 || size > 1024 || size % 32 !== 0) return m;
    // More than one warp: the helper reads the parked values of size / 32 warps, so the block must be that size.
    if (size > 32 && input.launchBlock?.[0] !== size) return m;
    return `__ap_${size === 32 ? 'warp' : 'block'}_${op === 'SUM' ? 'sum' : 'max'}(${v})`;
  });
}

/** The instantiation's integer and bool template arguments written into the body (`if (use_shared)` → `if (true)`, which `normalize` folds). */
function templateConstants(body: string, input: PatternInput): string {
  let b = body;
  for (const [name, written] of Object.entries(input.typeArgs ?? {})) {
    // A constant of the file as the argument (`k<WARP_SIZE>`): its integer value.
    const c = /^[A-Za-z_]\w*$/.test(written) && !/^(?:true|false)$/.test(written) ? input.constant?.(written) : undefined;
    const value = c && !c.float && Number.isInteger(c.value) ? String(c.value) : written;
    if (/^(?:true|false|-?\d+)$/.test(value) && /^[A-Za-z_]\w*$/.test(name)) b = b.replace(new RegExp(`(?<![\\w.])${name}\\b(?!\\s*(?:<|::))`, 'g'), value);
  }
  return b;
}

/**
 * A block per row that moves its pointers to the row instead of naming the row (ggml's
 * cross-entropy: `logits += int64_t(blockIdx.x)*nclasses;` for each float tensor, first in the
 * body): written as the row index `int row = blockIdx.x;` and row pointers `const float * logitsRow
 * = logits + row * nclasses;`, the pointers' later uses renamed, so the recogniser reads the form
 * it knows. Anything else is left as it is.
 */
function rowBumps(body: string, fn: PatternInput['fn']): string {
  const INT = '(?:int64_t|int32_t|int|size_t|long|unsigned|uint64_t|uint32_t)';
  // The row: `blockIdx.x`, or a local named for it first (`const int row = blockIdx.x;`), read through a cast or not.
  const named = new RegExp(`^\\s*(?:const\\s+)?(?:int|unsigned|unsigned int|size_t|long|int64_t|int32_t|auto)\\s+([A-Za-z_]\\w*)\\s*=\\s*blockIdx\\s*\\.\\s*x\\s*;`).exec(body);
  if (!named && /\b(?:int|unsigned|unsigned int|size_t|long|int64_t|int32_t|auto)\s+[A-Za-z_]\w*\s*=\s*blockIdx\s*\.\s*x\s*;/.test(body)) return body;
  const R = named ? named[1]! : 'blockIdx\\s*\\.\\s*x';
  const BID = `(?:${INT}\\s*\\(\\s*${R}\\s*\\)|\\(\\s*${INT}\\s*\\)\\s*${R}|${R})`;
  const bump = new RegExp(`^\\s*([A-Za-z_]\\w*)\\s*\\+=\\s*(?:${BID}|\\(\\s*${BID}\\s*\\))\\s*\\*\\s*([A-Za-z_]\\w*)\\s*;`);
  const shared = /^\s*(?:extern\s+)?__shared__[^;]*;/;
  // Declarations of the leading statements that name no pointer parameter (`const int tid = threadIdx.x;`).
  const decl = /^\s*(?:const\s+)?(?:int|unsigned|unsigned int|size_t|long|int64_t|int32_t|uint32_t|uint64_t|float|auto)\s+[A-Za-z_]\w*\s*=[^;{}]*;/;
  const pointers = fn.params.filter((q) => q.pointerDepth >= 1).map((q) => q.name);
  let rest = named ? body.slice(named[0].length) : body;
  let head = named ? named[0] : '';
  const bumps: { p: string; c: string }[] = [];
  for (;;) {
    const sh = shared.exec(rest);
    if (sh) {
      head += sh[0];
      rest = rest.slice(sh[0].length);
      continue;
    }
    const m = bump.exec(rest);
    if (m) {
      const param = fn.params.find((q) => q.name === m[1] && q.pointerDepth === 1);
      if (!param || param.baseType.replace(/\b(?:const|volatile|__restrict__|__restrict|restrict)\b/g, '').trim() !== 'float' || bumps.some((x) => x.p === m[1])) return body;
      bumps.push({ p: m[1]!, c: m[2]! });
      rest = rest.slice(m[0].length);
      continue;
    }
    const d = decl.exec(rest);
    if (d && named && !pointers.some((n) => new RegExp(`(?<![\\w.])${n}\\b`).test(d[0]))) {
      head += d[0];
      rest = rest.slice(d[0].length);
      continue;
    }
    break;
  }
  if (!bumps.length) return body;
  if (named) {
    for (const x of bumps) {
      if (new RegExp(`\\b${x.p}Row\\b`).test(body)) return body;
      rest = rest.replace(new RegExp(`(?<![\\w.])${x.p}\\b`, 'g'), `${x.p}Row`);
    }
    return `${head} ${bumps.map((x) => `const float * ${x.p}Row = ${x.p} + ${named[1]} * ${x.c};`).join(' ')} ${rest}`;
  }
  let row = 'row';
  while (new RegExp(`\\b${row}\\b`).test(body) || bumps.some((x) => new RegExp(`\\b${x.p}Row\\b`).test(body))) row += '_';
  for (const x of bumps) rest = rest.replace(new RegExp(`(?<![\\w.])${x.p}\\b`, 'g'), `${x.p}Row`);
  rest = rest.replace(/\bblockIdx\s*\.\s*x\b/g, row);
  return `int ${row} = blockIdx.x; ${head} ${bumps.map((x) => `const float * ${x.p}Row = ${x.p} + ${row} * ${x.c};`).join(' ')} ${rest}`;
}

/** `param[index]` of a float tensor, read once per core: a scalar every row sees. */
function gmScalar(param: string, index: number, st: State): Expr {
  if (st.narrow?.has(param)) reject(`reads \`${param}[${index}]\` from a ${st.narrow.get(param) === 'bf16' ? 'bfloat16' : 'half'} tensor; the rows port reads float scalars from GM`);
  if (index > 1 << 20) reject(`reads \`${param}[${index}]\` at a large constant index`);
  const list = (st.gmScalars ??= []);
  let g = list.find((x) => x.param === param && x.index === index);
  if (!g) {
    let name = `${param}${index}_`;
    while (scalarMember(name.slice(0, -1)) !== name || list.some((x) => x.name === name)) name = `${name.slice(0, -1)}v_`;
    g = { name, param, index };
    list.push(g);
  }
  return { k: 'scalar', text: g.name, t: 'float' };
}

function same(a: Expr, b: Expr): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function recognize(input: PatternInput, oneWarp: boolean): RowsKernel {
  const { fn, text } = input;
  if (!fn.bodySpan) reject('the kernel has no body');
  // `#pragma unroll` changes no meaning; the pragma line goes before whitespace is squashed.
  const grid = gridRows(launchShaped(foldConstantIfs(templateConstants(sharedPartials(splitFloat2(withoutNoOps(clean(text.slice(fn.bodySpan.start + 1, fn.bodySpan.end - 1).replace(/^[ \t]*#[ \t]*pragma[^\n]*/gm, ' ')))), fn), input), input), input), fn);
  const canonical = canonicalWarp(rowBumps(grid.body, fn), input.constant);
  // `v = warpReduceSum(v)`: a warp helper (from the file or an included header) that is a full-warp xor butterfly;
  // ggml's `block_reduce<block_reduce_method::SUM, N>(v, s)`: the block's sum (a warp's when N is 32).
  const reduced = ggmlBlockReduce(canonical.body, input);
  // A block_reduce read as a warp's (a block of one warp) is named as itself in the header, not as cg::reduce.
  const blockReduceWarp = reduced !== canonical.body && !/\bcg::reduce\b|__ap_warp_/.test(canonical.body);
  const helped = warpHelperCalls(reduced, input);
  // Groups of consecutive elements, one block each (before a block of one warp is read as a warp per row).
  const group = groupSpans(helped, fn);
  const warp = { body: group.body, warp: canonical.warp || helped !== canonical.body };
  if (oneWarp) {
    // Every launch's block is one warp: threadIdx.x is the lane and blockDim.x is 32, so the
    // kernel reads as a warp per row; only when it combines through the warp and has no barrier.
    if (!warp.warp || /\b__syncthreads\b|\bsync\s*\(/.test(warp.body)) reject(NOT_ONE_WARP.slice('rows schedule: '.length));
    warp.body = warp.body.replace(/\bthreadIdx\s*\.\s*x\b(?!\s*(?:%\s*32|&\s*31)\b)/g, '(threadIdx.x % 32)').replace(/\bblockDim\s*\.\s*x\b/g, '32');
  }
  // `b = idx / T; t = idx % T` put together again in the offsets; column sums staged per block in shared memory.
  const staged = columnStaging(rowDigits(warp.body), fn);
  const body = staged.body;
  // Only a kernel that walks rows gets a rows reason.
  const ptrNames = fn.params.filter((p) => p.pointerDepth === 1).map((p) => p.name);
  if (!walksRows(body, ptrNames)) return reject(NOT_ROW_WISE);
  const sharedLeft = fn.sharedArrays.some((a) => a.name !== staged.staging?.array);
  if (/__shfl_|cg::|cooperative_groups/.test(body) || (sharedLeft && !/=\s*blockIdx\.x\s*;/.test(body))) {
    const left = /__shfl_\w*/.exec(body)?.[0] ?? /(?:cg|cooperative_groups)::\w+/.exec(body)?.[0];
    const how = left ? `\`${left}\`${/__shfl_/.test(left) ? ' with a mask other than all 32 lanes, a width, or an operand that is not a local' : ''}` : 'shared memory, with a row index other than `int row = blockIdx.x;`';
    reject(`one block or warp per row (${how}): the rows port reads one thread per row, one block per row (\`int row = blockIdx.x;\`) combining through a shared-memory tree, and one warp per row combining through full-mask shuffles or \`cg::reduce\` with plus or greater; this combine is not read yet`);
  }

  const params: RowsKernel['params'] = [];
  const pointers = new Map<string, { read: boolean; written: boolean }>();
  const intScalars = new Set<string>();
  const floatScalars = new Set<string>();
  const narrow = new Map<string, 'half' | 'bf16'>();
  const narrowSpellings = new Set<string>();
  for (const p of fn.params) {
    const written = p.baseType.replace(/\b(const|volatile|__restrict__|__restrict|restrict)\b/g, '').trim();
    const base = (input.resolveType ?? ((t: string) => t))(input.typeArgs?.[written] ?? written);
    if (p.pointerDepth === 1) {
      const t = NARROW_TYPES[base];
      if (base !== 'float' && !t) reject(`\`${p.name}\` points to \`${base}\`; row-wise ports are float, half and bfloat16 only so far`);
      if (t) {
        narrow.set(p.name, t);
        for (const n of [written, base, ...(t === 'half' ? ['half', '__half'] : ['__nv_bfloat16', 'nv_bfloat16'])]) narrowSpellings.add(n);
      }
      pointers.set(p.name, { read: false, written: false });
    } else if (p.pointerDepth === 0 && !p.isReference && /^(?:int|unsigned(?: int)?|long(?: long)?|size_t|u?int(?:32|64)_t)$/.test(base)) intScalars.add(p.name);
    else if (p.pointerDepth === 0 && !p.isReference && base === 'float') floatScalars.add(p.name);
    else reject(`parameter \`${p.name}\` (\`${p.type}\`) is neither a float pointer nor a scalar`);
  }

  const st: State = { rowAdds: new Set(), resolve: (t) => (input.resolveType ?? ((x: string) => x))(input.typeArgs?.[t] ?? t), env: new Map(), mem: new Map(), steps: [], rowStores: new Map(), nullable: new Set(), colTensors: new Set(), reads: new Set(), notes: new Set(), nextRow: 0, hoisted: new Map(), inside: new WeakMap(), block: false, warp: false, lane0: false, combines: new Set(), shared: new Map(fn.sharedArrays.map((a) => [a.name, null])), ...(input.warpBlockLaunch ? { warpBlockLaunch: true } : {}), ...(input.launchBlock && input.launchBlock[1] === 1 && input.launchBlock[2] === 1 ? { blockX: input.launchBlock[0] } : {}), ...(grid.grid ? { grid3: grid.grid } : {}) };
  for (const n of [...intScalars, ...floatScalars]) st.env.set(n, { k: 'value', e: { k: 'scalar', text: n, t: intScalars.has(n) ? 'int' : 'float' } });
  // A parameter that is the block size at every launch (`k<<<rows, block_size>>>(…, block_size)`) strides and halves as blockDim.x.
  for (const n of input.blockSizeParams ?? []) {
    if (!intScalars.has(n) || !new RegExp(`\\b${n}\\b`).test(body)) continue;
    st.env.set(n, { k: 'bdim' });
    (st.blockSizeParams ??= []).push(n);
    st.notes.add(`\`${n}\` is read as blockDim.x: every launch in this file passes the block size as \`${n}\``);
  }
  if (narrow.size) {
    st.narrow = narrow;
    st.widened = new Map();
  }
  // `float* storage = shared;`: another name for a shared array (llm.c's softmax_forward_kernel4).
  // `float* sums = &shared[warps];`: a region of it, read as an array of its own (the parked
  // values of a two-level combine only index it below the warp count, so the regions are apart).
  let unaliased = narrow.size ? narrowBody(body, narrow, narrowSpellings) : body;
  for (const a of fn.sharedArrays) {
    for (const m of [...unaliased.matchAll(new RegExp(`(?:^|[;{}] ?)float ?\\* ?([A-Za-z_]\\w*) ?= ?& ?${a.name} ?\\[ ?([A-Za-z_]\\w*) ?\\] ?;`, 'g'))]) {
      unaliased = unaliased.replace(m[0], m[0].replace(/float ?\* ?[A-Za-z_]\w* ?= ?& ?[A-Za-z_]\w* ?\[ ?[A-Za-z_]\w* ?\] ?;/, ' '));
      st.shared.set(m[1]!, null);
      st.sharedRegions = [...(st.sharedRegions ?? []), { name: m[1]!, of: a.name, at: m[2]! }];
    }
  }
  for (const a of fn.sharedArrays) {
    for (const m of [...unaliased.matchAll(new RegExp(`(?:^|[;{}] ?)float ?\\* ?([A-Za-z_]\\w*) ?= ?${a.name} ?;`, 'g'))]) {
      const alias = m[1]!;
      unaliased = unaliased.replace(m[0], m[0].replace(/float ?\* ?[A-Za-z_]\w* ?= ?[A-Za-z_]\w* ?;/, ' ')).replace(new RegExp(`\\b${alias}\\b`, 'g'), a.name);
    }
  }
  const stmts = parsedOrVectorReason(unaliased).filter((x) => x.s !== 'empty');

  // ---- The row index and its guard ----
  let at = 0;
  // Warp per row: the warp's index in the block, the warps per block and the lane may be named first.
  // Integer locals of the scalar parameters (`int BT = B * T;`) may come first too: they do not
  // depend on the row, so they are read right after its index.
  const alias = new Map<string, string>();
  const early: (typeof stmts)[number][] = [];
  const earlyNames = new Set<string>();
  for (; stmts[at]?.s === 'decl'; at++) {
    const d = stmts[at] as Extract<Stmt, { s: 'decl' }>;
    const t = d.init ? unparen(d.init.join(' ')) : '';
    if (d.pointer || !/^(?:int|unsigned|unsigned int|int32_t|uint32_t|long|int64_t|size_t)$/.test(d.type)) break;
    if (['threadIdx . x / 32', 'blockDim . x / 32', ...LANE].includes(t)) {
      alias.set(d.name, LANE.includes(t) ? 'threadIdx . x % 32' : t);
      continue;
    }
    if (!d.init?.length || !d.init.every((x) => /^\d+$/.test(x) || ['+', '-', '*', '/', '(', ')'].includes(x) || intScalars.has(x) || earlyNames.has(x))) break;
    early.push(d);
    earlyNames.add(d.name);
  }
  if (early.length) {
    for (const e of early) stmts.splice(stmts.indexOf(e), 1);
    at -= early.length;
    stmts.splice(at + 1, 0, ...early);
  }
  const idxDecl = stmts[at];
  const idxText = idxDecl && idxDecl.s === 'decl' && idxDecl.init ? idxDecl.init.map((x) => (alias.has(x) ? `( ${alias.get(x)} )` : x)).join(' ') : '';
  const warpIdx = isWarpIndex(idxText);
  if (!idxDecl || idxDecl.s !== 'decl' || !idxDecl.init || !(isGlobalIndex(idxText) || idxText === 'blockIdx . x' || warpIdx)) reject('does not start with the row index: `int i = blockIdx.x * blockDim.x + threadIdx.x;` (one thread per row), `int row = blockIdx.x;` (one block per row) or `int row = blockIdx.x * (blockDim.x / 32) + threadIdx.x / 32;` (one warp per row; `warp.meta_group_rank()`)');
  st.block = idxText === 'blockIdx . x';
  st.warp = warpIdx;
  if (oneWarp) {
    if (!st.block) reject(NOT_ONE_WARP.slice('rows schedule: '.length));
    st.block = false;
    st.warp = true;
    st.oneWarpBlock = true;
  }
  // A block per row may combine in two levels through warps (`blockWarpStep`); other warp combines need one warp per row.
  if (!st.warp && !st.block && warp.warp) reject('uses warp shuffles or a cooperative-groups tile but its row index is not one warp per row (`blockIdx.x * (blockDim.x / 32) + threadIdx.x / 32`)');
  if (st.oneWarpBlock) {
    st.notes.add('every launch in this file gives the kernel blocks of one warp (32 threads): a block per row that combines through warp shuffles alone is one warp per row, which the port computes (with a larger block CUDA would leave the warps\' partials uncombined)');
    for (const [n, t] of alias) if (t === 'threadIdx . x % 32') st.env.set(n, { k: 'lane' });
  } else if (st.warp) {
    st.notes.add('one warp per row: the CUDA block size is a multiple of 32 (whole warps), as warp-per-row kernels assume');
    for (const [n, t] of alias) if (t === 'threadIdx . x % 32') st.env.set(n, { k: 'lane' });
  } else if (st.block && warp.warp) {
    for (const [n, t] of alias) st.env.set(n, { k: warpAlias(t)! });
  } else if (alias.size) reject(`\`${[...alias.keys()][0]}\` names a warp or lane, but the row index is not one warp per row`);
  st.env.set(idxDecl.name, { k: 'row-index' });
  at++;
  // Constant locals and thread aliases before the guard (`float eps = 1e-5f;`, `int tid = threadIdx.x;`).
  const rest: Stmt[] = [];
  for (; at < stmts.length; at++) {
    const s = stmts[at]!;
    const ret = s.s === 'if' && !s.otherwise && (s.then.s === 'return' || (s.then.s === 'block' && s.then.body.length === 1 && s.then.body[0]!.s === 'return'));
    if (s.s === 'if' && ret && s.cond[0] === idxDecl.name && s.cond[1] === '>=') {
      st.rows = s.cond.slice(2).join(' ');
      rest.push(...stmts.slice(at + 1));
      break;
    }
    if (s.s === 'if' && !s.otherwise && isGuard(s.cond, idxDecl.name)) {
      st.rows = isGuard(s.cond, idxDecl.name)!;
      if (s.then.s === 'return') {
        rest.push(...stmts.slice(at + 1));
      } else {
        if (at !== stmts.length - 1) reject('statements after the guarded block');
        rest.push(...(s.then.s === 'block' ? s.then.body : [s.then]));
      }
      break;
    }
    if ((st.block || st.oneWarpBlock) && s.s !== 'decl') {
      // One block per row without a guard: the grid is the row count.
      rest.push(...stmts.slice(at));
      break;
    }
    exec(s, st, null, pointers);
  }
  // An integer local of the parameters (`int N = B * T; if (idx >= N) return;`) is its value, as for the row length.
  const rowsLocal = st.rows !== undefined && /^[A-Za-z_]\w*$/.test(st.rows) ? st.env.get(st.rows) : undefined;
  if (rowsLocal?.k === 'value') st.rows = intText(rowsLocal.e) ?? st.rows;
  // Groups of elements cut at a total (`groupSpans`): one block per group, the last one shorter.
  if (group.total !== undefined) {
    if (!(st.block || st.oneWarpBlock) || st.rows) reject('groups of elements cut at a total, read other than one block per group without a guard');
    st.total = group.total;
    st.notes.add(`one block per group of \`${st.cols ?? 'cols'}\` consecutive elements, the last group cut at \`${group.total}\` elements (\`min(…, ${group.total})\`): the port's last row is that much shorter, in every pass`);
  }
  if ((st.block || st.oneWarpBlock) && !st.rows) st.rows = st.grid3 ? 'cudaGridX * cudaGridY * cudaGridZ' : 'cudaGridX';
  if (st.grid3 && st.rows !== 'cudaGridX * cudaGridY * cudaGridZ') reject('a 3-D grid of rows with a guard on the row index');
  if (!st.rows) reject(`no guard \`if (${idxDecl.name} < rows)\` on the row index`);
  for (const s of rest) exec(s, st, null, pointers);
  // A region of a shared array starts at the warp count and both hold only warps' parked values (indices below it): they do not overlap.
  for (const r of st.sharedRegions ?? []) {
    if (st.env.get(r.at)?.k !== 'warps') reject(`\`${r.name} = &${r.of}[${r.at}]\`: a region of a shared array is read only when it starts at the warp count (\`blockDim.x / 32\`)`);
    for (const n of [r.name, r.of]) {
      const h = st.shared.get(n);
      if (h && !h.warps) reject(`\`${n}\` shares \`${r.of}\`'s memory with \`${n === r.name ? r.of : r.name}\` and holds more than the warps' parked values`);
    }
  }
  if (!st.cols) reject('no row length: rows are read through `inp + i * C` or `inp[i * C + j]`');

  // ---- The result ----
  const stores = [...st.mem.entries()].map(([param, value]) => ({ param, value: hoistInside(value, st) }));
  const colAdds = [...(st.colAdds ?? [])].map(([param, value]) => ({ param, value: hoistInside(value, st) }));
  if (!stores.length && !st.rowStores.size && !colAdds.length) reject('no output row and no per-row value is written');
  for (const [param] of [...st.mem, ...st.rowStores, ...(st.colAdds ?? [])]) pointers.get(param)!.written = true;
  if (colAdds.length) {
    if (st.layout === 'col') reject('column sums across rows (`atomicAdd(&out[j], …)`) in a kernel whose rows are columns');
    for (const { param, value } of colAdds) {
      if (st.mem.has(param) || st.reads.has(param) || st.rowStores.has(param) || st.colTensors.has(param) || st.rowLoads?.has(param) || st.gmScalars?.some((g) => g.param === param)) reject(`\`${param}\` gains column sums across rows (atomicAdd) and is also read or written otherwise`);
      const written = [...loadsOf(value)].find((t) => st.mem.has(t));
      if (written) reject(`the column sum added into \`${param}\` reads \`${written}\`, which the kernel writes: the port would read it before or after CUDA does`);
    }
    if (staged.staging?.earlyReturn) {
      st.notes.add('CUDA returns from the threads past the last row before the block\'s `__syncthreads()`: when the rows do not fill the last block that barrier is divergent (undefined behaviour in CUDA); the port computes what the kernel means, every row\'s values added once, and verify runs CUDA on whole blocks of rows');
    }
    if (staged.staging && staged.staging.cols !== st.cols) reject(`the column sums are staged in shared memory over \`${staged.staging.cols}\` columns, but the rows are \`${st.cols}\` long`);
    const names = colAdds.map((c) => `\`${c.param}\``).join(', ');
    st.notes.add(
      staged.staging
        ? `${names}: CUDA adds every row's values into per-block column sums in shared memory (\`${staged.staging.array}\`, ${staged.staging.regions} region${staged.staging.regions === 1 ? '' : 's'} of \`${staged.staging.cols}\` floats) and each block adds those into ${colAdds.length === 1 ? 'the output' : 'the outputs'} with atomicAdd; the port adds every chunk of every row into GM with DMA atomics (SetAtomicAdd<float>): the same sums in another order`
        : `${names}: CUDA adds every row's values at column j into ${colAdds.length === 1 ? 'it' : 'them'} with atomicAdd; the port adds every chunk of every row into GM with DMA atomics (SetAtomicAdd<float>): the same sums in another order`,
    );
  } else if (staged.staging) reject('shared memory staged per block with no column sum read');
  for (const r of st.reads) pointers.get(r)!.read = true;
  // An output CUDA adds into is read too (its previous values).
  for (const r of st.rowAdds) pointers.get(r)!.read = true;
  for (const c of st.colTensors) if (pointers.get(c)!.written || st.mem.has(c)) reject(`\`${c}\` is read per column and written`);
  for (const [name] of st.rowStores) if (st.mem.has(name) || st.reads.has(name)) reject(`\`${name}\` is written per row and per element`);
  for (const g of st.gmScalars ?? []) {
    // Read on the scalar unit only (as a value per row is): the tensor is not streamed, so not marked read.
    if (st.mem.has(g.param) || st.reads.has(g.param) || st.rowStores.has(g.param) || st.colTensors.has(g.param) || st.rowLoads?.has(g.param)) reject(`\`${g.param}\` is read at a constant index and also per row or element, or written`);
  }
  for (const [name] of st.rowLoads ?? []) if (st.mem.has(name) || st.reads.has(name) || st.rowStores.has(name) || st.colTensors.has(name)) reject(`\`${name}\` is read one value per row and also ${st.rowStores.has(name) || st.mem.has(name) ? 'written' : 'read per element'}`);
  const used = new Set<string>();
  const collect = (e: Expr) => {
    if (e.k === 'scalar' && /^[A-Za-z_]\w*$/.test(e.text)) used.add(e.text);
    if (e.k === 'un' || e.k === 'cast') collect(e.a);
    if (e.k === 'bin') {
      collect(e.a);
      collect(e.b);
    }
  };
  for (const s of st.steps) {
    if (s.k === 'reduce') {
      collect(s.arg);
      if (s.init) collect(s.init);
    } else if (s.k === 'scalar') collect(s.value);
  }
  for (const s of stores) collect(s.value);
  for (const s of st.rowStores.values()) collect(s);
  // The strides of a 3-D grid's strided tensors: the port computes each row's offset from them.
  for (const o of st.grid3?.strided.values() ?? []) for (const x of [o.x, o.y, o.z]) if (x !== '0') used.add(x);
  for (const p of fn.params) {
    if (p.pointerDepth === 1) {
      const q = pointers.get(p.name)!;
      params.push({ kind: 'pointer', name: p.name, t: narrow.get(p.name) ?? 'float', read: q.read, written: q.written });
    } else params.push({ kind: 'scalar', name: p.name, type: p.type.replace(/\bconst\b\s*/g, '').trim(), usedInCompute: used.has(p.name) });
  }
  if (blockReduceWarp && st.combines.delete('cg::reduce')) st.combines.add('ggml\'s block_reduce (one warp: a butterfly)');
  const reduces = st.steps.filter((s) => s.k === 'reduce');
  if (!reduces.length) reject('no loop over the row accumulates a value: a row-wise map without a reduction is elementwise or a broadcast');
  for (const [t] of st.grid3?.strided ?? []) if (pointers.get(t)?.written || st.rowStores.has(t)) reject(`\`${t}\` is written in rows that are not contiguous (its own strides over the 3-D grid); the rows port writes contiguous rows`);
  if (st.layout === 'col') checkColumns(st, stores.length);
  else if (st.rowAdds.size) reject(`a compound per-row store \`${[...st.rowAdds][0]}[${idxDecl.name}] += …\``);
  return {
    pattern: 'rows',
    name: fn.name,
    params,
    rows: st.rows,
    cols: st.cols,
    cudaForm: st.block || st.oneWarpBlock ? 'block-per-row' : st.warp ? 'warp-per-row' : 'thread-per-row',
    ...(st.oneWarpBlock ? { blockThreads: 32 } : st.block && st.blockX ? { blockThreads: st.blockX } : {}),
    ...(st.gmScalars?.length ? { gmScalars: st.gmScalars } : {}),
    ...(st.grid3 ? { grid3: true as const, ...(st.grid3.strided.size ? { rowOffsets: [...st.grid3.strided].map(([tensor, o]) => ({ tensor, ...o })) } : {}) } : {}),
    ...(st.layout === 'col' ? { layout: 'col' as const, stride: st.stride! } : {}),
    cudaTechnique: st.layout === 'col'
      ? `${st.block ? 'one block per column, threads striding down the column and combining through a shared-memory tree' : st.warp ? `one warp per column, lanes striding down the column and combining through ${[...st.combines].join(' and ') || 'no combine'}` : 'one thread per column, a loop down the column'} (element j of column o at \`j * ${st.stride} + o\`)`
      : st.block
      ? `one block per row, threads striding over the row and combining ${reduces.map((r) => r.op).join(', ')} through ${st.combines.size ? [...st.combines].join(' and ') : 'a shared-memory tree'}`
      : st.oneWarpBlock
      ? `one block of one warp per row, lanes striding over the row and combining ${reduces.map((r) => r.op).join(', ')} through ${[...st.combines].join(' and ') || 'no combine (every lane walks the whole row)'}`
      : st.warp
      ? `one warp per row, lanes striding over the row and combining ${reduces.map((r) => r.op).join(', ')} through ${[...st.combines].join(' and ') || 'no combine (every lane walks the whole row)'}`
      : `one thread per row, ${reduces.length} loop${reduces.length === 1 ? '' : 's'} over the row accumulating ${reduces.map((r) => r.op).join(', ')}`,
    ...(st.blockSizeParams ? { blockSizeParams: st.blockSizeParams } : {}),
    colTensors: [...st.colTensors],
    steps: st.steps,
    stores,
    ...(colAdds.length ? { colAdds } : {}),
    ...(st.total !== undefined ? { total: st.total } : {}),
    ...(staged.staging ? { stagedRegions: staged.staging.regions, ...(staged.staging.earlyReturn ? { wholeBlocks: true as const } : {}) } : {}),
    rowStores: [...st.rowStores.entries()].map(([param, value]) => ({ param, value, ...(st.nullable.has(param) ? { nullable: true } : {}), ...(st.rowAdds.has(param) ? { add: true } : {}) })),
    notes: [...st.notes],
  };
}

/**
 * The column layout's limits: per-column values only (reduce steps over the column, scalar
 * arithmetic, per-column stores), each reduction over the column's elements alone
 * (not over an earlier column value: the port keeps one accumulator per column in a vector),
 * and no function of a column value (the per-column epilogue runs on the scalar unit).
 */
function checkColumns(st: State, elementStores: number): void {
  const why = 'column layout (`x[j * S]`, one value per column)';
  if (!st.stride) reject(`${why}: no stride`);
  if (elementStores) reject(`${why}: stores elements of the columns; the column layout ports per-column values only`);
  if (st.colTensors.size) reject(`${why}: reads a tensor indexed by the position along the column (\`${[...st.colTensors][0]}\`)`);
  if (st.rowLoads?.size) reject(`${why}: reads a value per column from GM (\`${[...st.rowLoads.keys()][0]}\`), which the per-column epilogue does not read yet`);
  const names = st.steps.map((x) => x.name);
  for (const x of st.steps) {
    if (x.k === 'reduce' && names.some((n) => mentions(x.arg, n) || (x.init !== null && mentions(x.init, n)))) reject(`${why}: a second loop down the column reads a value of an earlier one (a two-pass column statistic, such as a variance around the mean); the port keeps one accumulator per column and does not map a column by its own statistics yet`);
  }
  const fn = (e: Expr): boolean => (e.k === 'un' ? !['neg', 'recip'].includes(e.op) || fn(e.a) : e.k === 'cast' ? fn(e.a) : e.k === 'bin' ? e.op === 'pow' || fn(e.a) || fn(e.b) : false);
  const fnWhy = 'a function (exp, log, sqrt, rsqrt, fabs, pow) of a column\'s value, which the per-column epilogue on the scalar unit does not compute (the Vector unit would, over the chunk\'s values: not implemented yet)';
  for (const x of st.steps) if (x.k === 'scalar' && fn(x.value)) reject(`${why}: ${fnWhy}`);
  for (const [t, e] of st.rowStores) if (fn(e)) reject(`${why}: \`${t}\` stores ${fnWhy}`);
}

function isGlobalIndex(e: string): boolean {
  const s = e.replace(/\s+/g, '').replace(/^\((.*)\)$/, '$1');
  return /^(?:blockIdx\.x\*blockDim\.x|blockDim\.x\*blockIdx\.x)\+threadIdx\.x$/.test(s) || /^threadIdx\.x\+(?:blockIdx\.x\*blockDim\.x|blockDim\.x\*blockIdx\.x)$/.test(s);
}

export const NOT_ROW_WISE = 'not row-wise: no row pointer or row index `i * C + j` walked by a loop over the row';

/**
 * Whether a kernel body (comments removed) walks rows: a row pointer `p + i * C` (an offset of
 * products; or a pointer parameter advanced to its row, `p += i * C`) or a row element
 * `p[i * C + j]`, and a loop over the row `for (… j = …; j < C; …)` (`j <= t`: a causal row).
 * This is the rows schedule's entry test, and the pattern-class heuristic (classes.ts) reads it too.
 */
export function walksRows(body: string, ptrNames: readonly string[]): boolean {
  if (!ptrNames.length) return false;
  const names = ptrNames.map(escape).join('|');
  const w = String.raw`[A-Za-z_][\w.]*`;
  const rowPtr =
    // `p + i * C`, or an offset of several products (`preatt + b*NH*T*T + h*T*T + t*T`).
    new RegExp(`=\\s*\\(?\\s*(?:${names})\\s*\\+[^;=]*\\*[^;=]*;`).test(body) ||
    // A pointer parameter advanced to its row: `x += row * ncols;`, `x += sample * s + row * stride_row;`.
    new RegExp(`\\b(?:${names})\\s*\\+=[^;=]*\\*[^;=]*;`).test(body) ||
    // A column pointer `x = dout + o;` read down the column `x[i * OC]`.
    (new RegExp(`=\\s*\\(?\\s*(?:${names})\\s*\\+\\s*\\w+\\s*\\)?\\s*;`).test(body) && new RegExp(`\\[\\s*${w}\\s*\\*\\s*${w}\\s*\\]`).test(body)) ||
    new RegExp(`\\[\\s*\\(?\\s*${w}\\s*\\*\\s*${w}\\s*\\)?\\s*\\+\\s*\\w+\\s*\\]|\\[\\s*\\w+\\s*\\+\\s*\\(?\\s*${w}\\s*\\*\\s*${w}\\s*\\)?\\s*\\]`).test(body);
  const loopOverRow = /\bfor\s*\(\s*(?:(?:const\s+)?(?:int|unsigned|unsigned\s+int|size_t|long|int64_t|int32_t)\s+)?\w+\s*=\s*[^;]*;\s*\w+\s*<=?\s*\w+(?:\s*\*\s*\w+)*\s*;/.test(body);
  return rowPtr && loopOverRow;
}

const LANE = ['threadIdx . x % 32', 'threadIdx . x & 31'];
const FULL_MASK = String.raw`(?:0x[fF]{8}[uU]?|~0[uU]?|-1|0xffffffffu)`;

function unparen(t: string): string {
  let x = t.trim();
  while (/^\( .* \)$/.test(x) && balanced(x.slice(2, -2))) x = x.slice(2, -2);
  return x;
}
function balanced(t: string): boolean {
  let d = 0;
  for (const c of t) {
    if (c === '(') d++;
    else if (c === ')' && --d < 0) return false;
  }
  return d === 0;
}

/**
 * The warp row index, tokens joined by spaces: `blockIdx.x * (blockDim.x / 32) + threadIdx.x / 32`
 * (in either order, the factors commuted) or `(blockIdx.x * blockDim.x + threadIdx.x) / 32`; both
 * are the warp's global index when the block size is a multiple of 32.
 */
function isWarpIndex(e: string): boolean {
  const s = e.replace(/\s+/g, '');
  const wpb = String.raw`\(blockDim\.x\/32\)`;
  const bx = String.raw`(?:blockIdx\.x\*${wpb}|${wpb}\*blockIdx\.x)`;
  const w = String.raw`\(?threadIdx\.x\/32\)?`;
  if (new RegExp(`^\\(?${bx}\\)?\\+${w}$|^${w}\\+\\(?${bx}\\)?$`).test(s)) return true;
  const inner = s.replace(/^\((.*)\)\/32$/, '$1');
  return inner !== s && isGlobalIndex(inner);
}

/**
 * Calls of warp reduction helpers, `v = warpReduceSum(v)` (llm.c's `warpReduceSum`/`warpReduceMax`
 * in cuda_utils.cuh), rewritten to the combine `__ap_warp_sum(v)` / `__ap_warp_max(v)` when the
 * helper's one definition (in the file or an included header) is `float f(float v)` whose body is
 * a full-mask xor butterfly over 32 lanes (`for (o = 16; o > 0; o /= 2) v += __shfl_xor_sync(FULL,
 * v, o);`, or `v = fmaxf(v, …)`) returning v: the row value in every lane. A `__shfl_down_sync`
 * tree is `__ap_warp_sumd(v)` / `__ap_warp_maxd(v)`: the value in lane 0 only. Anything else is
 * left as a call (and refused later as one).
 */
function warpHelperCalls(body: string, input: PatternInput): string {
  if (!input.helperSources) return body;
  const ops = new Map<string, string | null>();
  const opOf = (name: string): string | null => {
    if (ops.has(name)) return ops.get(name)!;
    let op: string | null = null;
    // The overload a float argument calls (`float f(float)`); a `template <int width = 32>` head
    // (ggml's warp_reduce_sum, its default spelled 32 by helperSources) is the default's body.
    const sources = input.helperSources!(name)
      .map((raw) => {
        let src = clean(raw.replace(/^[ \t]*#[ \t]*pragma[^\n]*/gm, ' '));
        const head = /^template ?< ?int ([A-Za-z_]\w*) ?= ?32 ?> ?/.exec(src);
        if (head) src = src.slice(head[0].length).replace(new RegExp(`\\b${head[1]}\\b`, 'g'), '32');
        return src;
      })
      .filter((src) => !/^template\b/.test(src) && new RegExp(`^(?:__device__ |__forceinline__ |inline |static )*float ${name} ?\\( ?float [A-Za-z_]\\w* ?\\)`).test(src));
    if (sources.length === 1) {
      const src = sources[0]!;
      const m = new RegExp(
        `^(?:__device__ |__forceinline__ |inline |static )*float ${name} ?\\( ?float ([A-Za-z_]\\w*) ?\\) ?\\{ ?for ?\\( ?int ([A-Za-z_]\\w*) ?= ?(?:16|32 ?/ ?2) ?; ?\\2 ?> ?0 ?; ?\\2 ?(?:/= ?2|>>= ?1) ?\\) ?\\{? ?` +
          `(?:\\1 ?\\+= ?__shfl_(xor|down)_sync ?\\( ?${FULL_MASK} ?, ?\\1 ?, ?\\2 ?(?:, ?32 ?)?\\)|\\1 ?= ?(fmaxf|fmax|max) ?\\( ?\\1 ?, ?__shfl_(xor|down)_sync ?\\( ?${FULL_MASK} ?, ?\\1 ?, ?\\2 ?(?:, ?32 ?)?\\) ?\\)) ?; ?\\}? ?return \\1 ?; ?\\}$`,
      ).exec(src);
      // A __shfl_down_sync tree leaves the value in lane 0 only (`__ap_warp_sumd`): read as the warp tree of that kind.
      if (m) op = (m[4] ? 'max' : 'sum') + ((m[3] ?? m[5]) === 'down' ? 'd' : '');
    }
    ops.set(name, op);
    return op;
  };
  return body.replace(/\b([A-Za-z_]\w*)\s*\(\s*([A-Za-z_]\w*)\s*\)/g, (call, name: string, v: string) => {
    if (/^(?:__ap_\w+|float|int|if|for|while|return|sizeof|expf|logf|sqrtf|rsqrtf|fabsf|tanhf)$/.test(name)) return call;
    const op = opOf(name);
    return op ? `__ap_warp_${op}(${v})` : call;
  });
}

/**
 * A warp per row in its cooperative-groups and intrinsic spellings, rewritten to one text:
 * the tile's `thread_rank()` → `(threadIdx.x % 32)`, `meta_group_rank()` → `(threadIdx.x / 32)`,
 * `meta_group_size()` → `(blockDim.x / 32)`, `size()` → `32` (a `thread_block_tile<32>` of a
 * 1-D block); `cg::reduce(warp, v, cg::plus<float>{})` → `__ap_warp_sum(v)` (`greater` →
 * `__ap_warp_max`); full-mask shuffles → `__ap_shfl_xor(v, o)`, `__ap_shfl_down(v, o)`,
 * `__ap_shfl0(v)`; the streaming loads and stores `__ldcs(p + i)`, `__stcs(p + i, v)` → `p[i]`,
 * `p[i] = v`; a `WARP_SIZE` constant of 32 → `32`. Anything else stays and is rejected by name.
 */
export function canonicalWarp(body: string, constant?: PatternInput['constant']): { body: string; warp: boolean } {
  let b = body.replace(/\bcooperative_groups::/g, 'cg::').replace(/\bnamespace cg = cooperative_groups ;|\bnamespace cg = cooperative_groups;/g, ' ');
  b = b.replace(/\b(?:WARP_SIZE|WARPSIZE|warp_size|warpSize)\b/g, (n) => (n === 'warpSize' || constant?.(n)?.value === 32 ? '32' : n));
  // A lane or warp index through another constant of 32 (`threadIdx.x % LANES`, `blockDim.x / LANES`).
  b = b.replace(/([%/]\s*)([A-Za-z_]\w*)\b/g, (m, op: string, n: string) => (constant?.(n)?.value === 32 && !constant(n)!.float ? `${op}32` : m));
  // A lane loop's step named by a constant of 32 (`c += LANES`).
  b = b.replace(/\+=\s*([A-Za-z_]\w*)\s*\)/g, (m, n: string) => (constant?.(n)?.value === 32 && !constant(n)!.float ? '+= 32)' : m));
  const blocks: string[] = [];
  b = b.replace(/(?:\bcg::thread_block|\bauto)\s+([A-Za-z_]\w*)\s*=\s*cg::this_thread_block\s*\(\s*\)\s*;/g, (_m, n: string) => {
    blocks.push(n);
    return ' ';
  });
  const tiles: string[] = [];
  b = b.replace(/(?:\bcg::thread_block_tile\s*<\s*32\s*>|\bauto)\s+([A-Za-z_]\w*)\s*=\s*cg::tiled_partition\s*<\s*32\s*>\s*\(\s*([A-Za-z_]\w*|cg::this_thread_block\s*\(\s*\))\s*\)\s*;/g, (m, n: string, of: string) => {
    if (!/this_thread_block/.test(of) && !blocks.includes(of)) return m;
    tiles.push(n);
    return ' ';
  });
  for (const w of tiles) {
    const W = escape(w);
    b = b
      .replace(new RegExp(`\\b${W}\\s*\\.\\s*thread_rank\\s*\\(\\s*\\)`, 'g'), '(threadIdx.x % 32)')
      .replace(new RegExp(`\\b${W}\\s*\\.\\s*meta_group_rank\\s*\\(\\s*\\)`, 'g'), '(threadIdx.x / 32)')
      .replace(new RegExp(`\\b${W}\\s*\\.\\s*meta_group_size\\s*\\(\\s*\\)`, 'g'), '(blockDim.x / 32)')
      .replace(new RegExp(`\\b${W}\\s*\\.\\s*(?:size|num_threads)\\s*\\(\\s*\\)`, 'g'), '32')
      .replace(new RegExp(`\\b${W}\\s*\\.\\s*sync\\s*\\(\\s*\\)\\s*;`, 'g'), ' ')
      .replace(new RegExp(`\\bcg::reduce\\s*\\(\\s*${W}\\s*,\\s*([A-Za-z_]\\w*)\\s*,\\s*cg::(plus|greater)\\s*<\\s*float\\s*>\\s*(?:\\{\\s*\\}|\\(\\s*\\))\\s*\\)`, 'g'), (_m, v: string, op: string) => `__ap_warp_${op === 'plus' ? 'sum' : 'max'}(${v})`)
      .replace(new RegExp(`\\b${W}\\s*\\.\\s*shfl_xor\\s*\\(\\s*([A-Za-z_]\\w*)\\s*,\\s*([A-Za-z_]\\w*|\\d+)\\s*\\)`, 'g'), '__ap_shfl_xor($1, $2)')
      .replace(new RegExp(`\\b${W}\\s*\\.\\s*shfl_down\\s*\\(\\s*([A-Za-z_]\\w*)\\s*,\\s*([A-Za-z_]\\w*|\\d+)\\s*\\)`, 'g'), '__ap_shfl_down($1, $2)')
      .replace(new RegExp(`\\b${W}\\s*\\.\\s*shfl\\s*\\(\\s*([A-Za-z_]\\w*)\\s*,\\s*0\\s*\\)`, 'g'), '__ap_shfl0($1)');
  }
  const mask = (m: string) => new RegExp(`^${FULL_MASK}$`).test(m.trim()) || constant?.(m.trim())?.value === 0xffffffff;
  b = b.replace(/\b__shfl_(xor|down)_sync\s*\(\s*([^,()]+?)\s*,\s*([A-Za-z_]\w*)\s*,\s*([A-Za-z_]\w*|\d+)\s*(?:,\s*32\s*)?\)/g, (m, kind: string, k: string, v: string, o: string) => (mask(k) ? `__ap_shfl_${kind}(${v}, ${o})` : m));
  b = b.replace(/\b__shfl_sync\s*\(\s*([^,()]+?)\s*,\s*([A-Za-z_]\w*)\s*,\s*0\s*(?:,\s*32\s*)?\)/g, (m, k: string, v: string) => (mask(k) ? `__ap_shfl0(${v})` : m));
  b = b.replace(/\b__ldcs\s*\(\s*([A-Za-z_]\w*)\s*\+\s*([^()]+?)\s*\)/g, '$1[$2]');
  b = b.replace(/\b__stcs\s*\(\s*([A-Za-z_]\w*)\s*\+\s*([^,()]+?)\s*,/g, (_m, p: string, i: string) => `__ap_stcs(${p}[${i}],`);
  // `__ap_stcs(p[i], v);` → `p[i] = v;` (v may hold calls: find its closing parenthesis).
  for (let at = b.indexOf('__ap_stcs('); at >= 0; at = b.indexOf('__ap_stcs(', at)) {
    let d = 0;
    let end = -1;
    for (let k = at + '__ap_stcs'.length; k < b.length; k++) {
      if (b[k] === '(') d++;
      else if (b[k] === ')' && --d === 0) {
        end = k;
        break;
      }
    }
    if (end < 0) break;
    const inner = b.slice(at + '__ap_stcs('.length, end);
    const comma = inner.indexOf('],') + 1;
    b = `${b.slice(0, at)}${inner.slice(0, comma)} = ${inner.slice(comma + 1)}${b.slice(end + 1)}`;
  }
  const warp = tiles.length > 0 || /__ap_shfl|__ap_warp_/.test(b);
  return { body: b, warp };
}

/** `i < N` → N. */
function isGuard(cond: Tok[], idx: string): string | undefined {
  if (cond.length >= 3 && cond[0] === idx && cond[1] === '<' && cond.slice(2).every((t) => /^[A-Za-z_]\w*$|^[()*+]$/.test(t))) return cond.slice(2).join(' ');
  return undefined;
}

function newRow(st: State): string {
  return `rowv${st.nextRow++}_`;
}

/** A row-level expression as a row value (a scalar leaf), hoisted into a step unless it already is a leaf; the same expression is one row value. */
function hoist(e: Expr, st: State): Expr {
  if (e.k === 'scalar') return e;
  const key = JSON.stringify(e);
  const known = st.hoisted.get(key);
  if (known) return known;
  const name = newRow(st);
  st.steps.push({ k: 'scalar', name, value: e });
  const leaf: Expr = { k: 'scalar', text: name, t: 'float' };
  st.hoisted.set(key, leaf);
  return leaf;
}

/** An element expression whose row-level subtrees are row values; a subtree reached twice (`d * d`) stays one object, so it is computed once. */
function hoistInside(e: Expr, st: State): Expr {
  const known = st.inside.get(e);
  if (known) return known;
  let r: Expr;
  if (!hasLoad(e)) r = hoist(e, st);
  else
    switch (e.k) {
      case 'un':
      case 'cast':
        r = { ...e, a: hoistInside(e.a, st) };
        break;
      case 'bin':
        r = { ...e, a: hoistInside(e.a, st), b: hoistInside(e.b, st) };
        break;
      default:
        r = e;
    }
  st.inside.set(e, r);
  return r;
}

interface Loop {
  j: string;
  /** Variables of the row (bound before the loop) that the loop assigns: read inside it, they are running values. */
  carried?: ReadonlySet<string>;
  /** Accumulators: name → op, initial value (row level), argument (element level). */
  acc: Map<string, { op: RowReduceOp; init: Expr; arg: Expr | null; double: boolean }>;
  /** Locals declared inside the loop's body: a value per element, which compound assignments update (`dval += a; dval *= r;`). */
  declared?: Set<string>;
}

function exec(s: Stmt, st: State, loop: Loop | null, ptrs: Map<string, { read: boolean; written: boolean }>): void {
  switch (s.s) {
    case 'empty':
      return;
    case 'block':
      for (const x of s.body) exec(x, st, loop, ptrs);
      return;
    case 'call':
      if (s.name === '__syncthreads' && st.block) {
        // Warps' values parked before this barrier may be read back after it.
        for (const v of st.shared.values()) {
          if (v?.warps) v.synced = true;
          if (v) v.readUnsynced = false;
        }
        return;
      }
      if (s.name === 'atomicAdd' && loop) return colAdd(s.args, st, loop, ptrs);
      reject(`a call of \`${s.name}\` as a statement`);
    // eslint-disable-next-line no-fallthrough
    case 'return':
      reject('a `return` inside the row computation');
    // eslint-disable-next-line no-fallthrough
    case 'decl': {
      if (st.env.has(s.name) || ptrs.has(s.name)) reject(`\`${s.name}\` is declared twice (shadowing)`);
      if (loop && !s.pointer) (loop.declared ??= new Set()).add(s.name);
      if (s.pointer) {
        if (!s.init) reject(`pointer \`${s.name}\` without a value`);
        // A widening cast of the row index (`x + (size_t)r * cols`) keeps its value: the port's offsets are 64-bit.
        const m = widenedOff(s.init.join(' ').replace(/\s+/g, ' '));
        // `dout + o`: column o of a row-major tensor (its elements `x[j * S]`).
        const c = /^\(?\s*([A-Za-z_]\w*)\s*\+\s*([A-Za-z_]\w*)\s*\)?$/.exec(m);
        if (c && ptrs.has(c[1]!) && st.env.get(c[2]!)?.k === 'row-index') {
          st.env.set(s.name, { k: 'col-ptr', tensor: c[1]! });
          return;
        }
        const r = /^\(?\s*([A-Za-z_]\w*)\s*\+\s*\(?\s*([A-Za-z_]\w*)\s*\*\s*([A-Za-z_]\w*)\s*\)?\s*\)?$/.exec(m);
        const base = r && ptrs.has(r[1]!) ? r[1]! : undefined;
        const idx = r ? [r[2]!, r[3]!] : [];
        const rowIdx = idx.find((n) => st.env.get(n)?.k === 'row-index');
        const cols = idx.find((n) => n !== rowIdx);
        if (!base || !rowIdx || !cols) reject(`pointer \`${s.name} = ${m}\` is not a row of a tensor (\`inp + i * C\`) or a column (\`inp + o\`)`);
        setLayout(st, 'row');
        // A strided tensor's row over a 3-D grid (`gridRows`): its offset is its strides', not a row length.
        if (cols!.startsWith(STRIDED)) {
          if (cols !== `${STRIDED}${base}` || !st.grid3?.strided.has(base!)) reject(`pointer \`${s.name}\` is not a row of \`${base}\``);
        } else setCols(st, cols!);
        st.env.set(s.name, { k: 'row-ptr', tensor: base! });
        return;
      }
      if (!/^(?:float|double|int|unsigned|long|size_t|int32_t|int64_t|uint32_t|uint64_t|auto|unsigned int|long long)$/.test(s.type)) reject(`a local of type \`${s.type}\``);
      if (st.block && s.init && s.init.join(' ') === 'threadIdx . x') {
        st.env.set(s.name, { k: 'thread' });
        return;
      }
      if (st.block && s.init && s.init.join(' ') === 'blockDim . x') {
        st.env.set(s.name, { k: 'bdim' });
        return;
      }
      // Block per row in two levels: the lane, the warp index and the warps per block, named after the row index.
      const k = st.block && s.init ? warpAlias(unparen(s.init.join(' '))) : undefined;
      if (k) {
        st.env.set(s.name, { k });
        return;
      }
      if (st.warp && s.init && LANE.includes(unparen(s.init.join(' ')))) {
        st.env.set(s.name, { k: 'lane' });
        return;
      }
      const combined = s.init ? warpCombine(s.init, st) ?? blockWarpStep(s.init, st) : undefined;
      if (combined) {
        st.env.set(s.name, combined);
        return;
      }
      if (!s.init) {
        st.env.set(s.name, { k: 'value', e: { k: 'scalar', text: 'NaN', t: 'float' }, double: s.type === 'double' });
        return;
      }
      const e = expr(s.init, st, loop, ptrs);
      if (s.type === 'double') st.notes.add(`\`${s.name}\` is a double in CUDA; the port computes it in float`);
      // An integer local of integer parameters (`int BT = B * T;`) is their arithmetic; one computed from data is not read.
      if (/int|long|size_t|unsigned/.test(s.type) && (hasLoad(e) || intText(e) === undefined)) reject(`integer local \`${s.name}\` computed from data`);
      st.env.set(s.name, { k: 'value', e: loop && hasLoad(e) ? e : loop ? e : e, double: s.type === 'double' });
      return;
    }
    case 'for':
      return execFor(s, st, loop, ptrs);
    case 'if': {
      if (!loop && st.block && !s.otherwise && (parkByLane0(s, st, ptrs) || serialCombine(s, st))) return;
      // `if (lane == 0) mean[row] = m;` (`tid == 0` for a block; `&& mean != nullptr`): per-row stores by one thread.
      const nullable = !loop && (st.warp || st.block) && !s.otherwise ? firstThread(s.cond, st, ptrs) : undefined;
      if (nullable) {
        const before = new Map(st.rowStores);
        st.lane0 = true;
        try {
          exec(s.then, st, null, ptrs);
        } finally {
          st.lane0 = false;
        }
        for (const t of nullable) {
          if (!st.rowStores.has(t) || before.has(t)) reject(`\`${t} != nullptr\` guards something other than one per-row store to \`${t}\``);
          st.nullable.add(t);
          st.notes.add(`CUDA skips the per-row store to \`${t}\` when it is null; so does the port (the kernel and the launch wrapper test the pointer)`);
        }
        return;
      }
      // `if (e > m) m = e;` inside a loop: a running maximum.
      if (!loop) reject('a data-dependent `if` outside the loops over the row');
      const c = s.cond;
      const then = s.then.s === 'block' && s.then.body.length === 1 ? s.then.body[0]! : s.then;
      const gt = c.indexOf('>');
      const lt = c.indexOf('<');
      if (!s.otherwise && then.s === 'assign' && then.op === '=' && then.lhs.length === 1 && (gt > 0 || lt > 0)) {
        const name = then.lhs[0]!;
        const b = st.env.get(name);
        const [l, r] = gt > 0 ? [c.slice(0, gt), c.slice(gt + 1)] : [c.slice(lt + 1), c.slice(0, lt)];
        if (b?.k === 'value' && !hasLoad(b.e) && !loop.acc.has(name) && r.length === 1 && r[0] === name) {
          const e = expr(l, st, loop, ptrs);
          const v = expr(then.rhs, st, loop, ptrs);
          if (same(e, v) && !mentions(e, name)) {
            loop.acc.set(name, { op: 'max', init: b.e, arg: e, double: !!b.double });
            return;
          }
        }
      }
      reject('a data-dependent `if` in the loop over the row that is not a running maximum `if (x > m) m = x;`');
    }
    // eslint-disable-next-line no-fallthrough
    case 'assign':
      return execAssign(s, st, loop, ptrs);
  }
}

/**
 * `for (int s = blockDim.x / 2; s > 0; s /= 2) { __syncthreads(); if (tid < s) sh[tid] = op(sh[tid], sh[tid + s]); }`
 * (the barrier before or after, `>>= 1`, `s >= 1`): the block's tree over a shared array that
 * holds one partial per thread. Marks the array combined (its [0] is the row value).
 */
function sharedTree(s: Extract<Stmt, { s: 'for' }>, st: State): boolean {
  const init = s.init.join(' ');
  const m = /^(?:int|unsigned|unsigned int) ([A-Za-z_]\w*) = (\w+(?: \. x)?) \/ 2$/.exec(init) ?? /^(?:int|unsigned|unsigned int) ([A-Za-z_]\w*) = (\w+(?: \. x)?) >> 1$/.exec(init);
  if (!m || !(m[2] === 'blockDim . x' || st.env.get(m[2]!)?.k === 'bdim')) return false;
  const v = m[1]!;
  const cond = s.cond.join(' ');
  const step = s.step.join(' ');
  if (![`${v} > 0`, `${v} >= 1`].includes(cond) || ![`${v} /= 2`, `${v} >>= 1`, `${v} = ${v} / 2`].includes(step)) reject(`a tree loop \`for (${init}; ${cond}; ${step})\` that does not halve to 1`);
  const body = s.body.s === 'block' ? s.body.body : [s.body];
  const ifs = body.filter((x) => x.s === 'if');
  if (ifs.length !== 1 || body.some((x) => x.s !== 'if' && !(x.s === 'call' && x.name === '__syncthreads') && x.s !== 'empty')) reject('a shared-memory tree with statements other than a barrier and one `if (tid < s)`');
  const f = ifs[0] as Extract<Stmt, { s: 'if' }>;
  const tid = f.cond[0]!;
  if (f.otherwise || st.env.get(tid)?.k !== 'thread' && tid !== 'threadIdx' || f.cond.slice(-2).join(' ') !== `< ${v}`) reject('a shared-memory tree whose `if` is not `if (tid < s)`');
  const a = f.then.s === 'block' && f.then.body.length === 1 ? f.then.body[0]! : f.then;
  if (a.s !== 'assign') reject('a shared-memory tree step that is not an assignment');
  const sh = a.lhs[0]!;
  const h = st.shared.get(sh);
  if (!h) reject(`a shared-memory tree over \`${sh}\`, which holds no thread partials`);
  const rhs = a.rhs.join(' ');
  const here = `${sh} [ ${tid} ]`;
  const there = `${sh} [ ${tid} + ${v} ]`;
  let op: RowReduceOp | null = null;
  if (a.lhs.join(' ') === here && a.op === '+=' && rhs === there) op = 'sum';
  else if (a.lhs.join(' ') === here && a.op === '=' && (rhs === `${here} + ${there}` || rhs === `${there} + ${here}`)) op = 'sum';
  else if (a.lhs.join(' ') === here && a.op === '=' && new RegExp(`^(?:fmaxf|fmax|max) \\( (?:${escape(here)} , ${escape(there)}|${escape(there)} , ${escape(here)}) \\)$`).test(rhs)) op = 'max';
  if (!op) reject(`a shared-memory tree step \`${a.lhs.join('')} ${a.op} ${rhs}\` that is not a sum or a maximum of two partials`);
  if (op !== h.op) reject(`the partials of \`${sh}\` are a ${h.op}, but the tree combines them with ${op}`);
  h.combined = true;
  h.value = undefined;
  return true;
}

/** A reduction of the partials `arg` over the whole row: a new row value. */
function rowValueOf(op: RowReduceOp, arg: Expr, st: State, init?: Expr): Expr {
  const name = newRow(st);
  st.steps.push({ k: 'reduce', name, op, init: init ? hoist(init, st) : null, arg: hoistInside(arg, st) });
  return { k: 'scalar', text: name, t: 'float' };
}

/** `__ap_warp_sum(v)` / `__ap_warp_max(v)` (cg::reduce) of a lane's partial, or `__ap_shfl0(v)` (lane 0's value broadcast): the row value. */
function warpCombine(toks: Tok[], st: State): Binding | undefined {
  if (!st.warp || toks.length !== 4 || toks[1] !== '(' || toks[3] !== ')' || !/^__ap_(?:warp_sumd?|warp_maxd?|shfl0)$/.test(toks[0]!)) return undefined;
  const v = toks[2]!;
  const b = st.env.get(v);
  // A __shfl_down_sync helper: the row value in lane 0 only, as the inline tree leaves it.
  const down = /^__ap_warp_(sum|max)d$/.exec(toks[0]!);
  if (down) {
    const op: RowReduceOp = down[1] === 'sum' ? 'sum' : 'max';
    if (b?.k !== 'partial') reject(`a warp helper over \`${v}\`, which is not a lane's partial of a loop over the row`);
    if (b.op !== op) reject(`\`${v}\` is a lane's ${b.op}, but the warp helper combines it with ${op}`);
    st.combines.add('a __shfl_down_sync tree and a broadcast from lane 0');
    return { k: 'lane0', op, arg: b.arg, ...(b.init ? { init: b.init } : {}) };
  }
  if (toks[0] === '__ap_shfl0') {
    if (b?.k === 'lane0') {
      if (!b.value) b.value = rowValueOf(b.op, b.arg, st, b.init);
      return { k: 'value', e: b.value };
    }
    // Every row value is the same in every lane: broadcasting lane 0's changes nothing.
    if (b?.k === 'value' && !hasLoad(b.e)) return b;
    return reject(`\`__shfl_sync(FULL, ${v}, 0)\` of \`${v}\`, which is neither a row value nor lane 0's result of a \`__shfl_down_sync\` tree`);
  }
  const op: RowReduceOp = toks[0] === '__ap_warp_sum' ? 'sum' : 'max';
  if (b?.k !== 'partial') reject(`\`cg::reduce\` of \`${v}\`, which is not a lane's partial of a loop over the row`);
  if (b.op !== op) reject(`\`${v}\` is a lane's ${b.op}, but \`cg::reduce\` combines it with ${op}`);
  st.combines.add('cg::reduce');
  return { k: 'value', e: rowValueOf(op, b.arg, st, b.init) };
}

/** What a local names in a block of warps: the lane (`threadIdx.x % 32`), the warp (`threadIdx.x / 32`), the warps per block. */
function warpAlias(t: string): 'lane' | 'warp-id' | 'warps' | undefined {
  return LANE.includes(t) ? 'lane' : t === 'threadIdx . x / 32' ? 'warp-id' : t === 'blockDim . x / 32' ? 'warps' : undefined;
}

/**
 * Block per row, combined in two levels through warps (llm.c's layernorm_forward_kernel5):
 * `w = cg::reduce(warp, partial, …)` (a butterfly: the warp's value in every lane), every lane
 * parks it (`sm[warp_id] = w;`), a barrier, `w = lane < warps ? sm[lane] : identity;`, and a
 * second butterfly: the row value in every thread. Each step is a binding; anything else is
 * left to the other readers (and refused there).
 */
function blockWarpStep(toks: Tok[], st: State): Binding | undefined {
  if (!st.block) return undefined;
  // ggml's block_reduce (`ggmlBlockReduce`): the block's value in one call.
  const whole = /^__ap_block_(sum|max) \( ([A-Za-z_]\w*) \)$/.exec(toks.join(' '));
  if (whole) {
    const op: RowReduceOp = whole[1] === 'sum' ? 'sum' : 'max';
    const b = st.env.get(whole[2]!);
    if (b?.k !== 'partial') reject(`\`block_reduce\` of \`${whole[2]}\`, which is not a thread's partial of a loop over the row`);
    if (b.op !== op) reject(`\`${whole[2]}\` is a thread's ${b.op}, but \`block_reduce\` combines it with ${op}`);
    st.combines.add('ggml\'s block_reduce (warp butterflies, the warps\' values through shared memory, a butterfly again)');
    st.notes.add(`ggml's block_reduce is read for a block of ${st.blockX} threads, the block of every launch of this instantiation (its template block size)`);
    return { k: 'value', e: rowValueOf(op, b.arg, st, b.init) };
  }
  const m = /^__ap_warp_(sum|max)(d?) \( ([A-Za-z_]\w*) \)$/.exec(toks.join(' '));
  if (m) {
    const op: RowReduceOp = m[1] === 'sum' ? 'sum' : 'max';
    const lane0 = m[2] === 'd';
    const v = m[3]!;
    const b = st.env.get(v);
    if (b?.k === 'partial') {
      if (b.op !== op) reject(`\`${v}\` is a thread's ${b.op}, but the warp combines it with ${op}`);
      return { k: 'warp-part', op, arg: b.arg, ...(b.init ? { init: b.init } : {}), ...(lane0 ? { lane0 } : {}) };
    }
    if (lane0) reject(`a __shfl_down_sync warp helper over \`${v}\`: the block's second level is read as a butterfly (every lane) or thread 0's combine of the parked values`);
    if (b?.k === 'parked') {
      if (b.op !== op) reject(`\`${v}\` holds the warps' ${b.op}s, but the warp combines them with ${op}`);
      st.combines.add('warp butterflies, the warps\' values through shared memory, a butterfly again');
      st.notes.add('two-level block combine: the CUDA block size is a multiple of 32 and at most 1024 (the warps\' values fit 32 slots), as the kernel assumes; the port reduces every element whatever the block size');
      return { k: 'value', e: rowValueOf(op, b.arg, st, b.init) };
    }
    return reject(`a warp combine of \`${v}\`, which is neither a thread's partial of the row nor the warps' parked values`);
  }
  // `sm[lane]` with all 32 warps parked (every launch's block is 1024 threads): every slot holds a warp's value.
  const t = toks.join(' ');
  const all = /^([A-Za-z_]\w*) \[ ([A-Za-z_]\w*) \]$/.exec(t);
  if (all && st.blockX === 1024 && st.env.get(all[2]!)?.k === 'lane') {
    const parked = st.shared.get(all[1]!);
    if (parked?.warps) {
      if (!parked.synced) reject(`\`${all[1]}\` is read back without a \`__syncthreads()\` after the warps park their values in it`);
      st.notes.add(`\`${all[1]}[lane]\` is read without filling the slots past the last warp: every launch's block is 1024 threads, so all 32 slots hold a warp's value`);
      return { k: 'parked', op: parked.op, arg: parked.arg, ...(parked.init ? { init: parked.init } : {}) };
    }
  }
  // `(lane < warps) ? sm[lane] : identity`
  const r = /^(?:\( )?([A-Za-z_]\w*) < ([A-Za-z_]\w*) (?:\) )?\? ([A-Za-z_]\w*) \[ ([A-Za-z_]\w*) \] : (.+)$/.exec(t);
  if (!r) return undefined;
  const [, lane, warps, sm, at, otherwise] = r as unknown as string[];
  const parked = st.shared.get(sm!);
  if (st.env.get(lane!)?.k !== 'lane' || st.env.get(warps!)?.k !== 'warps' || at !== lane || !parked?.warps) return undefined;
  const id = otherwise!.replace(/ /g, '');
  const identity = parked.op === 'sum' ? /^0(?:\.0*)?[fF]?$|^0\.$/.test(id) : NEG_INF.has(id) || NEG_INF.has(otherwise!.trim());
  if (!identity) reject(`\`${t.replace(/ /g, '')}\` fills the lanes past the last warp with \`${otherwise}\`, not the identity of ${parked.op}`);
  if (!parked.synced) reject(`\`${sm}\` is read back without a \`__syncthreads()\` after the warps park their values in it`);
  return { k: 'parked', op: parked.op, arg: parked.arg, ...(parked.init ? { init: parked.init } : {}) };
}

/** `if (lane == 0) sm[warp_id] = w;`: lane 0 of each warp parks the warp's value (the same as every lane parking it). */
function parkByLane0(s: Extract<Stmt, { s: 'if' }>, st: State, ptrs: Map<string, { read: boolean; written: boolean }>): boolean {
  const c = s.cond.join(' ');
  const m = /^([A-Za-z_]\w*) == 0$/.exec(c);
  if (!m || st.env.get(m[1]!)?.k !== 'lane') return false;
  // One or more parkings (`sm_a[warp_id] = a; sm_b[warp_id] = b;`: two sums combined side by side).
  const list = s.then.s === 'block' ? s.then.body.filter((x) => x.s !== 'empty') : [s.then];
  if (!list.length || list.some((then) => then.s !== 'assign' || then.lhs.length !== 4 || !st.shared.has(then.lhs[0]!) || st.env.get(then.lhs[2]!)?.k !== 'warp-id')) return false;
  st.lane0 = true;
  try {
    for (const then of list) execAssign(then as Extract<Stmt, { s: 'assign' }>, st, null, ptrs);
  } finally {
    st.lane0 = false;
  }
  return true;
}

/**
 * `if (tid == 0) { float v = sm[0]; for (int i = 1; i < warps; i++) v = fmaxf(v, sm[i]); sm[0] = v; }`
 * (or `v += sm[i]`): thread 0 combines the warps' parked values into sm[0], which every thread
 * reads after a barrier (llm.c's softmax_forward_kernel4).
 */
function serialCombine(s: Extract<Stmt, { s: 'if' }>, st: State): boolean {
  const c = s.cond.join(' ');
  const m = /^([A-Za-z_]\w*(?: \. x)?) == 0$/.exec(c);
  if (!m || !(m[1] === 'threadIdx . x' || st.env.get(m[1]!)?.k === 'thread')) return false;
  if (s.then.s !== 'block' || s.then.body.length !== 3) return false;
  const [d, f, w] = s.then.body as [Stmt, Stmt, Stmt];
  if (d.s !== 'decl' || d.pointer || d.type !== 'float' || !d.init || f.s !== 'for' || w.s !== 'assign') return false;
  const first = /^([A-Za-z_]\w*) \[ ([A-Za-z_]\w*(?: \. x)?|0) \]$/.exec(d.init.join(' '));
  const sm = first?.[1];
  const h = sm ? st.shared.get(sm) : undefined;
  if (!sm || !h?.warps || !(first![2] === '0' || first![2] === m[1])) return false;
  if (!h.synced) reject(`thread 0 reads the warps' values in \`${sm}\` without a \`__syncthreads()\` after they are parked`);
  const v = d.name;
  const i = /^int ([A-Za-z_]\w*) = 1$/.exec(f.init.join(' '))?.[1];
  const body = f.body.s === 'block' && f.body.body.length === 1 ? f.body.body[0]! : f.body;
  const stepOk = i && [`${i} ++`, `++ ${i}`, `${i} += 1`].includes(f.step.join(' '));
  const bound = i ? new RegExp(`^${i} < ([A-Za-z_]\\w*)$`).exec(f.cond.join(' '))?.[1] : undefined;
  if (!i || !stepOk || !bound || st.env.get(bound)?.k !== 'warps' || body.s !== 'assign' || body.lhs.join(' ') !== v) reject(`thread 0's combine of \`${sm}\` is not \`for (int i = 1; i < warps; i++) v = op(v, ${sm}[i]);\``);
  const r = body.rhs.join(' ');
  const slot = `${sm} [ ${i} ]`;
  const op: RowReduceOp | null = (body.op === '+=' && r === slot) || (body.op === '=' && (r === `${v} + ${slot}` || r === `${slot} + ${v}`)) ? 'sum' : body.op === '=' && new RegExp(`^(?:fmaxf|fmax|max) \\( (?:${escape(v)} , ${escape(slot)}|${escape(slot)} , ${escape(v)}) \\)$`).test(r) ? 'max' : null;
  if (!op) reject(`thread 0 combines \`${sm}\` with \`${v} ${body.op} ${r}\`, not a sum or a maximum of the warps' values`);
  if (op !== h.op) reject(`\`${sm}\` holds the warps' ${h.op}s, but thread 0 combines them with ${op}`);
  if (w.lhs.join(' ') !== `${sm} [ 0 ]` || w.op !== '=' || w.rhs.join(' ') !== v) reject(`thread 0 stores \`${w.lhs.join('')} ${w.op} ${w.rhs.join(' ')}\`, not \`${sm}[0] = ${v}\``);
  h.combined = true;
  h.value = undefined;
  h.synced = false;
  st.combines.add('warp reductions, the warps\' values through shared memory, combined by thread 0');
  st.notes.add('two-level block combine: the CUDA block size is a multiple of 32 and at most 1024 (the warps\' values fit 32 slots), as the kernel assumes; the port reduces every element whatever the block size');
  return true;
}

/**
 * A full-mask shuffle tree over a lane's partial: `for (int o = 16; o > 0; o /= 2) v += __shfl_xor_sync(FULL, v, o);`
 * (or `v = fmaxf(v, …)`, `o >>= 1`, or for xor also `for (int o = 1; o < 32; o *= 2)`). An xor
 * butterfly leaves the row value in every lane; a `__shfl_down_sync` tree in lane 0 only.
 */
function shuffleTree(s: Extract<Stmt, { s: 'for' }>, st: State): boolean {
  const body = s.body.s === 'block' && s.body.body.length === 1 ? s.body.body[0]! : s.body;
  if (body.s !== 'assign' || !body.rhs.some((t) => t === '__ap_shfl_xor' || t === '__ap_shfl_down')) return false;
  const init = s.init.join(' ');
  const cond = s.cond.join(' ');
  const step = s.step.join(' ');
  const m = /^(?:int|unsigned|unsigned int) ([A-Za-z_]\w*) = (.+)$/.exec(init);
  if (!m) reject(`a shuffle loop \`for (${init}; …)\` without an offset variable`);
  const o = m[1]!;
  const down = [`${o} > 0`, `${o} >= 1`].includes(cond) && ['16', '32 / 2'].includes(m[2]!) && [`${o} /= 2`, `${o} >>= 1`, `${o} = ${o} / 2`].includes(step);
  const up = m[2] === '1' && [`${o} < 32`, `${o} <= 16`].includes(cond) && [`${o} *= 2`, `${o} <<= 1`, `${o} = ${o} * 2`].includes(step);
  const v = body.lhs.length === 1 ? body.lhs[0]! : '';
  const r = body.rhs.join(' ');
  const xor = body.rhs.includes('__ap_shfl_xor');
  const sh = `${xor ? '__ap_shfl_xor' : '__ap_shfl_down'} ( ${v} , ${o} )`;
  let op: RowReduceOp | null = null;
  if (body.op === '+=' && r === sh) op = 'sum';
  else if (body.op === '=' && (r === `${v} + ${sh}` || r === `${sh} + ${v}`)) op = 'sum';
  else if (body.op === '=' && new RegExp(`^(?:fmaxf|fmax|max) \\( (?:${escape(v)} , ${escape(sh)}|${escape(sh)} , ${escape(v)}) \\)$`).test(r)) op = 'max';
  if (!op || !(down || (up && xor))) reject(`a shuffle loop \`for (${init}; ${cond}; ${step}) ${body.lhs.join(' ')} ${body.op} ${r.replace(/__ap_shfl_(\w+) \(/g, '__shfl_$1_sync(FULL,')}\` that is not a sum or maximum over all 32 lanes`);
  const b = st.env.get(v);
  if (b?.k !== 'partial') reject(`a shuffle tree over \`${v}\`, which is not a lane's partial of a loop over the row`);
  if (b.op !== op) reject(`\`${v}\` is a lane's ${b.op}, but the shuffle tree combines it with ${op}`);
  st.combines.add(xor ? 'an xor-shuffle butterfly' : 'a __shfl_down_sync tree and a broadcast from lane 0');
  st.env.set(v, xor ? { k: 'value', e: rowValueOf(op, b.arg, st, b.init) } : { k: 'lane0', op, arg: b.arg, ...(b.init ? { init: b.init } : {}) });
  return true;
}

/** `lane == 0` (or `tid == 0` for a block), with `&& p != nullptr` conjuncts: the nullable pointers, or undefined when the condition is not that. */
function firstThread(cond: Tok[], st: State, ptrs: Map<string, unknown>): string[] | undefined {
  const parts: Tok[][] = [[]];
  let d = 0;
  for (const t of cond) {
    if (t === '(') d++;
    if (t === ')') d--;
    if (d === 0 && t === '&&') parts.push([]);
    else parts[parts.length - 1]!.push(t);
  }
  let first = false;
  const nullable: string[] = [];
  for (const p of parts) {
    const t = unparen(p.join(' '));
    const eq = /^(.+) == 0$/.exec(t) ?? /^0 == (.+)$/.exec(t);
    const who = eq ? unparen(eq[1]!) : '';
    if (eq && (st.warp ? LANE.includes(who) || st.env.get(who)?.k === 'lane' : who === 'threadIdx . x' || st.env.get(who)?.k === 'thread')) first = true;
    else if (/^[A-Za-z_]\w*$/.test(t) && ptrs.has(t)) nullable.push(t);
    else {
      const n = /^([A-Za-z_]\w*) != (?:nullptr|NULL|0)$/.exec(t);
      if (!n || !ptrs.has(n[1]!)) return undefined;
      nullable.push(n[1]!);
    }
  }
  return first ? nullable : undefined;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function setLayout(st: State, layout: 'row' | 'col'): void {
  if (st.layout !== undefined && st.layout !== layout) reject('reads rows (contiguous) and columns (`x[j * S]`) of tensors in one kernel');
  st.layout = layout;
}

function setStride(st: State, stride: string): void {
  if (st.stride !== undefined && st.stride !== stride) reject(`columns read with two strides (\`${st.stride}\` and \`${stride}\`)`);
  st.stride = stride;
}

function setCols(st: State, cols: string): void {
  // An integer local of the parameters (`int n = C * groups;`) is its value, as a loop bound reads it.
  const b = st.env.get(cols);
  const t = b?.k === 'value' ? intText(b.e) : undefined;
  if (t !== undefined) cols = t;
  if (st.cols !== undefined && st.cols !== cols) reject(`rows of two lengths (\`${st.cols}\` and \`${cols}\`)`);
  st.cols = cols;
}

function execFor(s: Extract<Stmt, { s: 'for' }>, st: State, outer: Loop | null, ptrs: Map<string, { read: boolean; written: boolean }>): void {
  if (outer) reject('a nested loop inside the loop over the row');
  const init = s.init.join(' ');
  if (st.block && sharedTree(s, st)) return;
  if (st.warp && shuffleTree(s, st)) return;
  const isThread = (n: string) => n === 'threadIdx . x' || st.env.get(n)?.k === 'thread';
  const isBdim = (n: string) => n === 'blockDim . x' || st.env.get(n)?.k === 'bdim';
  const isLane = (n: string) => LANE.includes(unparen(n)) || st.env.get(n)?.k === 'lane';
  const m = /^(?:int|unsigned|size_t|long|unsigned int|int64_t|int32_t) ([A-Za-z_]\w*) = (.+)$/.exec(init);
  const strided = !!m && ((st.block && isThread(m[2]!)) || (st.warp && isLane(m[2]!)));
  if (!m || (m[2] !== '0' && !strided)) reject(`a loop \`for (${init}; …)\` that does not start at column 0${st.block ? ' or at the thread index' : st.warp ? ' or at the lane' : ''}`);
  const j = m[1]!;
  const cond = s.cond.join(' ');
  const c = new RegExp(`^${j} < ([A-Za-z_]\\w*(?: \\* [A-Za-z_]\\w*)*)$`).exec(cond);
  if (!c) reject(`a loop condition \`${cond}\` that is not \`${j} < C\``);
  const step = s.step.join(' ');
  const stepBy = /^([A-Za-z_]\w*) \+= (.+)$/.exec(step);
  if (strided ? !(stepBy && stepBy[1] === j && (st.block ? isBdim(stepBy[2]!) : stepBy[2] === '32')) : ![`${j} ++`, `++ ${j}`, `${j} += 1`, `${j} = ${j} + 1`].includes(step)) reject(strided ? `a loop from the ${st.block ? 'thread index' : 'lane'} with the step \`${step}\`, not \`${j} += ${st.block ? 'blockDim.x' : '32'}\`` : `a loop step \`${step}\` that is not one column (\`${j}++\`): a strided loop is one row shared by several threads`);
  // The bound as C++ over parameters (the host wrapper computes it): an integer local is replaced by its value.
  const colsName = c[1]!
    .split(' * ')
    .map((n) => {
      const b = st.env.get(n);
      const t = b?.k === 'value' ? intText(b.e) : undefined;
      if (t === undefined) reject(`the loop bound \`${c[1]}\` is not a parameter${c[1]!.includes('*') ? ' or a product of parameters' : ''} (or an integer local of them)`);
      return t!;
    })
    .join(' * ');
  setCols(st, colsName);
  const loop: Loop = { j, acc: new Map(), carried: assignedNames(s.body, st) };
  st.env.set(j, { k: 'col-index' });
  if (!strided && onlineSoftmax(s.body, st, loop, ptrs)) {
    st.env.delete(j);
    return;
  }
  exec(s.body, st, loop, ptrs);
  st.env.delete(j);
  // Each accumulator becomes a pass over the row (block per row: a thread's partial, a row value once combined).
  for (const [name, a] of loop.acc) {
    if (a.arg === null) continue;
    if (strided) {
      const identity = a.op === 'sum' ? a.init.k === 'scalar' && /^0(?:\.0*)?[fF]?$|^0\.$/.test(a.init.text) : a.init.k === 'scalar' && NEG_INF.has(a.init.text);
      const lowest = a.op === 'max' && a.init.k === 'scalar' && LOWEST.has(a.init.text);
      if (!identity && !lowest) reject(`\`${name}\` starts each thread's partial at a value that is not the identity of ${a.op}`);
      st.env.set(name, { k: 'partial', op: a.op, arg: a.arg, ...(lowest ? { init: a.init } : {}) });
      continue;
    }
    const rv = newRow(st);
    const identity = a.op === 'sum' ? a.init.k === 'scalar' && /^0(?:\.0*)?[fF]?$|^0\.$/.test(a.init.text) : a.init.k === 'scalar' && NEG_INF.has(a.init.text);
    st.steps.push({ k: 'reduce', name: rv, op: a.op, init: identity ? null : hoist(a.init, st), arg: hoistInside(a.arg, st) });
    st.env.set(name, { k: 'value', e: { k: 'scalar', text: rv, t: 'float' }, double: a.double });
  }
  // Locals declared in the loop go out of scope.
  for (const [n, b] of [...st.env]) if (b.k === 'value' && hasLoad(b.e)) st.env.delete(n);
}

/**
 * One thread's online softmax over its row (llm.c's softmax_forward_online_kernel1): a running
 * maximum `m` and a sum `s` of exponentials rescaled when the maximum grows,
 *
 *     float mp = m; float v = E;
 *     if (v > m) { m = v; s = s * expf(mp - m) + expf(v - m); } else { s += expf(v - m); }
 *
 * with `m` starting at -∞ and `s` at 0. After the loop `m` is the row's maximum of E and `s` the
 * row's sum of exp(E − m): the port computes those in two passes (the same values; the rescaled
 * partial sums round differently, within the tolerance of the op class). Anything else is left
 * to the other readers.
 */
function onlineSoftmax(body: Stmt, st: State, loop: Loop, ptrs: Map<string, { read: boolean; written: boolean }>): boolean {
  const list = body.s === 'block' ? body.body.filter((x) => x.s !== 'empty') : [body];
  const last = list[list.length - 1];
  if (!last || last.s !== 'if' || !last.otherwise || list.length > 3) return false;
  const decls = list.slice(0, -1);
  if (!decls.every((d) => d.s === 'decl' && !d.pointer && d.init)) return false;
  const [mpDecl, vDecl] = decls as Extract<Stmt, { s: 'decl' }>[];
  const c = last.cond.join(' ');
  const cm = /^([A-Za-z_]\w*) > ([A-Za-z_]\w*)$/.exec(c);
  if (!cm || !mpDecl || mpDecl.init!.length !== 1 || mpDecl.init![0] !== cm[2]) return false;
  const [v, m] = [cm[1]!, cm[2]!];
  const mp = mpDecl.name;
  if (vDecl && vDecl.name !== v) return false;
  const then = last.then.s === 'block' ? last.then.body.filter((x) => x.s !== 'empty') : [last.then];
  const other = last.otherwise.s === 'block' ? last.otherwise.body.filter((x) => x.s !== 'empty') : [last.otherwise];
  const [t1, t2] = then;
  const o1 = other[0];
  if (then.length !== 2 || other.length !== 1 || t1?.s !== 'assign' || t2?.s !== 'assign' || o1?.s !== 'assign') return false;
  if (t1.lhs.join(' ') !== m || t1.op !== '=' || t1.rhs.join(' ') !== v) return false;
  const sum = t2.lhs.length === 1 ? t2.lhs[0]! : '';
  const exp = (a: string, b: string) => `expf ( ${a} - ${b} )`;
  if (t2.op !== '=' || ![`${sum} * ${exp(mp, m)} + ${exp(v, m)}`, `${exp(v, m)} + ${sum} * ${exp(mp, m)}`].includes(t2.rhs.join(' '))) return false;
  if (o1.lhs.join(' ') !== sum || o1.op !== '+=' || o1.rhs.join(' ') !== exp(v, m)) return false;
  // The starts: m at -∞ (or -FLT_MAX), s at 0, both row values before the loop.
  const mb = st.env.get(m);
  const sb = st.env.get(sum);
  if (mb?.k !== 'value' || sb?.k !== 'value' || hasLoad(mb.e) || hasLoad(sb.e)) return false;
  if (!(mb.e.k === 'scalar' && NEG_INF.has(mb.e.text)) || !(sb.e.k === 'scalar' && /^0(?:\.0*)?[fF]?$|^0\.$/.test(sb.e.text))) return false;
  // The element value: v's initialiser, or v itself when it names an element (`x[j]`).
  const e = vDecl ? expr(vDecl.init!, st, loop, ptrs) : undefined;
  if (!e || mentions(e, m) || mentions(e, sum) || mentions(e, mp)) return false;
  const max = newRow(st);
  st.steps.push({ k: 'reduce', name: max, op: 'max', init: null, arg: hoistInside(e, st) });
  const mv: Expr = { k: 'scalar', text: max, t: 'float' };
  const total = newRow(st);
  st.steps.push({ k: 'reduce', name: total, op: 'sum', init: null, arg: hoistInside({ k: 'un', op: 'exp', a: { k: 'bin', op: '-', a: e, b: mv, t: 'float' }, t: 'float' }, st) });
  st.env.set(m, { k: 'value', e: mv });
  st.env.set(sum, { k: 'value', e: { k: 'scalar', text: total, t: 'float' }, double: sb.double });
  st.notes.add(`\`${m}\` and \`${sum}\` are an online softmax (the sum rescaled whenever the maximum grows): the port computes the row's maximum, then the sum of exp(x − maximum), in two passes`);
  return true;
}

/** The variables bound before a loop that its body assigns (`s += x[j]`, `m = fmaxf(m, x[j])`). */
function assignedNames(body: Stmt, st: State): Set<string> {
  const out = new Set<string>();
  const walk = (x: Stmt) => {
    if (x.s === 'assign' && x.lhs.length === 1 && st.env.has(x.lhs[0]!)) out.add(x.lhs[0]!);
    else if (x.s === 'block') x.body.forEach(walk);
    else if (x.s === 'if') {
      walk(x.then);
      if (x.otherwise) walk(x.otherwise);
    } else if (x.s === 'for') walk(x.body);
  };
  walk(body);
  return out;
}

/**
 * `atomicAdd(&out[j], v);` in a loop over the row, j the loop's column: every row adds v at
 * column j, so out[j] gains the column's sum over the rows (a γ or bias gradient). v is an
 * element expression like a store's; it must not read an accumulator of the same loop nor a
 * tensor the kernel writes (the port computes it from the row as CUDA read it).
 */
function colAdd(args: Tok[], st: State, loop: Loop, ptrs: Map<string, { read: boolean; written: boolean }>): void {
  const comma = topComma(args);
  const target = comma > 0 ? args.slice(0, comma) : [];
  const ref = target[0] === '&' ? memRef(target.slice(1), st, loop, ptrs) : undefined;
  const shown = `atomicAdd(${args.join(' ')})`;
  if (!ref || ref.kind !== 'col') reject(`\`${shown}\` does not add into one column \`out[${loop.j}]\` of an output (a column sum across rows)`);
  if (st.narrow?.has(ref.tensor)) reject(`\`${shown}\` adds into ${st.narrow.get(ref.tensor) === 'bf16' ? 'bfloat16' : 'half'} data: CUDA rounds every atomic addition to that type, in an order the port does not reproduce`);
  if (st.colAdds?.has(ref.tensor)) reject(`\`${ref.tensor}\` is added into twice per element`);
  const e = expr(args.slice(comma + 1), st, loop, ptrs);
  if ([...loop.acc.keys()].some((n) => mentions(e, n))) reject(`\`${shown}\` adds a value accumulated in the same loop`);
  (st.colAdds ??= new Map()).set(ref.tensor, e);
}

function execAssign(s: Extract<Stmt, { s: 'assign' }>, st: State, loop: Loop | null, ptrs: Map<string, { read: boolean; written: boolean }>): void {
  const lhs = s.lhs;
  // Block per row, two levels: a warp's combined value parked in shared memory, `shared[warp_id] = warp_sum;`.
  if (st.block && lhs.length === 4 && st.shared.has(lhs[0]!) && lhs[1] === '[' && st.env.get(lhs[2]!)?.k === 'warp-id' && lhs[3] === ']') {
    const p = s.rhs.length === 1 ? st.env.get(s.rhs[0]!) : undefined;
    if (s.op !== '=' || p?.k !== 'warp-part') reject(`\`${lhs.join('')} ${s.op} ${s.rhs.join(' ')}\` is not a warp's combined value parked for the block's second level`);
    if (p.lane0 && !st.lane0) reject(`every lane parks \`${s.rhs[0]}\` in \`${lhs[0]}\`, but after a __shfl_down_sync helper only lane 0 holds the warp's value (park it under \`if (lane == 0)\`)`);
    if (st.shared.get(lhs[0]!)?.readUnsynced) st.notes.add(`CUDA parks new values in \`${lhs[0]}\` with no barrier after every thread read its previous value at [0]: a warp running ahead could overwrite it before a slower one reads it; the port computes the value the kernel means`);
    st.shared.set(lhs[0]!, { op: p.op, arg: p.arg, init: p.init, combined: false, warps: true });
    return;
  }
  if (st.block && lhs.length === 1 && s.op === '=') {
    const step = blockWarpStep(s.rhs, st);
    if (step) {
      st.env.set(lhs[0]!, step);
      return;
    }
  }
  // Block per row: a thread's partial into shared memory, `shared[tid] = partial;`.
  if (st.block && lhs.length === 4 && st.shared.has(lhs[0]!) && lhs[1] === '[' && st.env.get(lhs[2]!)?.k === 'thread' && lhs[3] === ']') {
    // The partial itself, or converted to float (`(float) sum` of a double partial: the port computes in float).
    const r = s.rhs.join(' ');
    const v = s.rhs.length === 1 ? s.rhs[0]! : /^\( float \) ([A-Za-z_]\w*)$|^static_cast < float > \( ([A-Za-z_]\w*) \)$/.exec(r)?.slice(1).find(Boolean);
    const p = v ? st.env.get(v) : undefined;
    if (s.op !== '=' || !p || p.k !== 'partial') reject(`\`${lhs.join('')} ${s.op} ${s.rhs.join(' ')}\` is not a thread's partial stored for the block's combine`);
    st.shared.set(lhs[0]!, { op: p.op, arg: p.arg, init: p.init, combined: false });
    return;
  }
  // A row pointer moved to another tensor's row (`x = out + idx * C;`).
  if (lhs.length === 1 && st.env.get(lhs[0]!)?.k === 'row-ptr' && s.op === '=') {
    const m = s.rhs.join(' ');
    const r = /^\(?\s*([A-Za-z_]\w*)\s*\+\s*\(?\s*([A-Za-z_]\w*)\s*\*\s*([A-Za-z_]\w*)\s*\)?\s*\)?$/.exec(m);
    const rowIdx = r ? [r[2]!, r[3]!].find((n) => st.env.get(n)?.k === 'row-index') : undefined;
    if (!r || !ptrs.has(r[1]!) || !rowIdx) reject(`the row pointer \`${lhs[0]}\` moved to \`${m}\`, not a row of a tensor`);
    setCols(st, [r[2]!, r[3]!].find((n) => n !== rowIdx)!);
    st.env.set(lhs[0]!, { k: 'row-ptr', tensor: r[1]! });
    return;
  }
  if (st.lane0 && !(lhs.length >= 4 && ptrs.has(lhs[0]!))) reject(`\`${lhs.join('')} ${s.op} …\` inside \`if (lane == 0)\`: only per-row stores are read there`);
  // Warp per row: partials combined, `v = cg::reduce(warp, v, cg::plus<float>{});`, `v = __shfl_sync(FULL, v, 0);`.
  if (st.warp && lhs.length === 1 && s.op === '=') {
    const combined = warpCombine(s.rhs, st);
    if (combined) {
      st.env.set(lhs[0]!, combined);
      return;
    }
  }
  // A scalar: row value or accumulator.
  if (lhs.length === 1 && /^[A-Za-z_]\w*$/.test(lhs[0]!)) {
    const name = lhs[0]!;
    const b = st.env.get(name);
    if (b?.k === 'partial') reject(`\`${name}\`, one ${st.warp ? 'lane' : 'thread'}'s partial of the row, is assigned \`${s.rhs.join(' ')}\`: the rows port reads it combined by ${st.warp ? 'a full-warp xor butterfly (inline, in a helper that returns its argument, or `cg::reduce`), or a `__shfl_down_sync` tree then `__shfl_sync(FULL, v, 0)`' : 'a shared-memory tree'}`);
    if (!b || b.k !== 'value') reject(`assignment to \`${name}\`, which is not a local value`);
    const rhs = () => expr(s.rhs, st, loop, ptrs);
    if (loop && !hasLoad(b.e) && !loop.acc.has(name) && b.e.k === 'scalar' && !/^rowv\d+_$/.test(b.e.text) === false) {
      // fallthrough: a row value reassigned inside the loop is read below
    }
    if (loop?.declared?.has(name)) {
      // A value per element declared in this loop, updated in place (`float dval = 0.0f; dval += a; dval *= r;`).
      let e = rhs();
      if (s.op !== '=') e = bounded({ k: 'bin', op: s.op[0] as '+' | '-' | '*' | '/', a: b.e, b: e, t: 'float' });
      if ([...loop.acc.keys()].some((n) => mentions(e, n))) reject(`\`${name}\` reads a value accumulated in the same loop`);
      st.env.set(name, { k: 'value', e, double: b.double });
      return;
    }
    if (loop) {
      const a = loop.acc.get(name);
      const cur = a ? null : b;
      // `acc += e`, `acc = acc + e`, `acc = fmaxf(acc, e)`, first seen in this loop.
      const r = s.rhs;
      let op: RowReduceOp | null = null;
      let argToks: Tok[] | null = null;
      if (s.op === '+=') {
        op = 'sum';
        argToks = r;
      } else if (s.op === '=' && r[0] === name && r[1] === '+') {
        op = 'sum';
        argToks = r.slice(2);
      } else if (s.op === '=' && BIN_FN[r[0]!] === 'max' && r[1] === '(' && r[r.length - 1] === ')') {
        const inner = r.slice(2, -1);
        const comma = topComma(inner);
        if (comma > 0) {
          const [x, y] = [inner.slice(0, comma), inner.slice(comma + 1)];
          if (x.length === 1 && x[0] === name) {
            op = 'max';
            argToks = y;
          } else if (y.length === 1 && y[0] === name) {
            op = 'max';
            argToks = x;
          }
        }
      }
      if (!op || !argToks) {
        if (!a && cur && !hasLoad(cur.e)) {
          // `maxval = -INFINITY` is not in a loop; a plain assignment of a row value inside the loop is a running value.
        }
        reject(`\`${name}\` is updated inside the loop over the row in a way that is not a sum or a running maximum (an online softmax or a scan)`);
      }
      if (a && a.arg !== null) reject(`\`${name}\` is accumulated twice in one loop`);
      const arg = expr(argToks, st, loop, ptrs);
      if (mentions(arg, name)) reject(`\`${name}\` is read while it is accumulated`);
      if (a) {
        if (a.op !== op) reject(`\`${name}\` is both summed and maximised`);
        a.arg = arg;
      } else {
        if (hasLoad(b.e)) reject(`\`${name}\` accumulates an element value`);
        loop.acc.set(name, { op, init: b.e, arg, double: !!b.double });
      }
      return;
    }
    // A row-level statement.
    let e = rhs();
    if (s.op !== '=') e = { k: 'bin', op: s.op[0] as '+' | '-' | '*' | '/', a: b.e, b: e, t: 'float' };
    if (hasLoad(e)) reject(`\`${name}\` reads a tensor outside the loops over the row`);
    st.env.set(name, { k: 'value', e, double: b.double });
    return;
  }
  // `tmp[j] = e;` in a loop over the row, tmp a shared array: the row cached in shared memory
  // (ggml's cross-entropy keeps the logits or their exponentials). Every thread reads back only
  // the columns it wrote (the loops over one row share one mapping of columns to threads), so a
  // read `tmp[j]` after it (later in the loop, or in a later loop) is `e` at that column.
  if (loop && s.op === '=' && lhs.length === 4 && lhs[1] === '[' && lhs[3] === ']' && lhs[2] === loop.j && st.shared.has(lhs[0]!) && st.shared.get(lhs[0]!) === null) {
    const e = expr(s.rhs, st, loop, ptrs);
    (st.rowCache ??= new Map()).set(lhs[0]!, e);
    st.notes.add(`\`${lhs[0]}\` caches a value per column in shared memory, each thread reading back the columns it wrote: the port computes the value where CUDA reads it`);
    return;
  }
  // A store: row[j] (op)= e, p[i * C + j], or a row store p[i].
  const ref = memRef(lhs, st, loop, ptrs);
  if (!ref) reject(`a store to \`${lhs.join('')}\` that is not an element of a row or one value per row`);
  if (ref.kind === 'row-value') {
    if (loop) reject(`a per-row store \`${lhs.join('')}\` inside the loop over the row`);
    // `out[o] = out[o] + v` (also `(floatX)((float)out[o] + v)` with floatX a float): CUDA adds into the output.
    const added = s.op === '=' ? addedInto(s.rhs, lhs, st) : undefined;
    let e = expr(added ?? s.rhs, st, loop, ptrs);
    // `dbias[o] += v` (a bias gradient accumulated over calls): kept for the column layout, rejected for rows below.
    if (s.op === '+=' || added) st.rowAdds.add(ref.tensor);
    else if (s.op !== '=') reject(`a compound per-row store \`${lhs.join('')} ${s.op} …\``);
    if (hasLoad(e)) reject(`the per-row store \`${lhs.join('')}\` reads a tensor`);
    e = hoist(e, st);
    st.rowStores.set(ref.tensor, e);
    return;
  }
  if (!loop) reject(`an element store \`${lhs.join('')}\` outside the loops over the row${st.lane0 ? ' (inside `if (lane == 0)`)' : ''}`);
  let e = expr(s.rhs, st, loop, ptrs);
  const narrowT = st.narrow?.get(ref.tensor);
  if (narrowT && s.op !== '=') reject(`a compound store \`${lhs.join('')} ${s.op} …\` into ${narrowT === 'bf16' ? 'bfloat16' : 'half'} data (CUDA's narrow operator rounds differently)`);
  if (s.op !== '=') e = bounded({ k: 'bin', op: s.op[0] as '+' | '-' | '*' | '/', a: load(ref.tensor, st), b: e, t: 'float' });
  if (loop.acc.size && [...loop.acc.keys()].some((n) => mentions(e, n))) reject('a store reads a value accumulated in the same loop');
  // Into half / bfloat16: rounded to nearest even, as CUDA's conversion of the float value.
  st.mem.set(ref.tensor, narrowT ? { k: 'cast', a: e, t: narrowT } : e);
}

/**
 * `v` of `out[o] = out[o] + v` (the lhs tokens `out [ o ]`), with float casts around the sum or
 * the read (`(floatX)((float)out[o] + v)` where floatX is a float): CUDA adds v into the
 * output, as `out[o] += v`. Only when v has no top-level additive or other low-precedence
 * operator, so (out + a) - b is never read as out + (a - b).
 */
function addedInto(rhs: Tok[], lhs: Tok[], st: State): Tok[] | undefined {
  let t = rhs;
  const isFloat = (ty: string) => ty === 'float' || st.resolve(ty) === 'float';
  const closes = (x: Tok[], open: number) => {
    let d = 0;
    for (let i = open; i < x.length; i++) {
      if (x[i] === '(') d++;
      else if (x[i] === ')' && --d === 0) return i;
    }
    return -1;
  };
  for (;;) {
    if (t.length > 3 && t[0] === '(' && t[2] === ')' && isFloat(t[1]!) && t[3] === '(' && closes(t, 3) === t.length - 1) t = t.slice(4, -1);
    else if (t[0] === '(' && closes(t, 0) === t.length - 1) t = t.slice(1, -1);
    else break;
  }
  // The read of the output: `out[o]`, `(float)out[o]`, or a conversion call around it (`__bfloat162float(out[o])`).
  let at = 0;
  let end = lhs.length;
  if (t[0] === '(' && t[2] === ')' && isFloat(t[1]!)) at = 3;
  else if (/^(?:__bfloat162float|__half2float|float)$/.test(t[0]!) && t[1] === '(' && t[2 + lhs.length] === ')') (at = 2), (end = lhs.length + 1);
  else if (t.slice(0, 5).join(' ') === 'static_cast < float > (' && t[5 + lhs.length] === ')') (at = 5), (end = lhs.length + 1);
  if (t.slice(at, at + lhs.length).join(' ') !== lhs.join(' ') || t[at + end] !== '+') return undefined;
  const v = t.slice(at + end + 1);
  let d = 0;
  for (const x of v) {
    if (x === '(' || x === '[') d++;
    else if (x === ')' || x === ']') d--;
    else if (d === 0 && ['+', '-', '?', ':', '<', '>', '<=', '>=', '==', '!=', '&&', '||', '&', '|', '^', '<<', '>>'].includes(x)) return undefined;
  }
  return v.length ? v : undefined;
}

/** C++ text of an integer expression of integer parameters and literals (`B * T`), or undefined. */
function intText(e: Expr): string | undefined {
  if (e.k === 'scalar') return e.t === 'int' && /^(?:[A-Za-z_]\w*|\d+)$/.test(e.text) ? e.text : undefined;
  if (e.k === 'bin' && ['+', '-', '*', '/'].includes(e.op)) {
    const a = intText(e.a);
    const b = intText(e.b);
    return a !== undefined && b !== undefined ? `(${a} ${e.op} ${b})` : undefined;
  }
  return undefined;
}

function topComma(t: Tok[]): number {
  let d = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '(' || t[i] === '[') d++;
    else if (t[i] === ')' || t[i] === ']') d--;
    else if (t[i] === ',' && d === 0) return i;
  }
  return -1;
}

/** The tensors an expression loads. */
function loadsOf(e: Expr, into = new Set<string>()): Set<string> {
  if (e.k === 'load') into.add(e.param);
  else if (e.k === 'un' || e.k === 'cast') loadsOf(e.a, into);
  else if (e.k === 'bin') {
    loadsOf(e.a, into);
    loadsOf(e.b, into);
  } else if (e.k === 'select') for (const x of [e.a, e.b, e.then, e.otherwise]) loadsOf(x, into);
  return into;
}

function mentions(e: Expr, name: string): boolean {
  return e.k === 'scalar' ? e.text === name : e.k === 'un' || e.k === 'cast' ? mentions(e.a, name) : e.k === 'bin' ? mentions(e.a, name) || mentions(e.b, name) : false;
}

/** The element of a row a subscript names: `row[j]`, `p[i * C + j]`, `p[j + i * C]`, a column `w[j]`, or a row value `p[i]`. */
function memRef(t: Tok[], st: State, loop: Loop | null, ptrs: Map<string, unknown>): { kind: 'row' | 'col' | 'row-value'; tensor: string } | undefined {
  if (t.length < 4 || t[1] !== '[' || t[t.length - 1] !== ']') return undefined;
  const base = t[0]!;
  const idx = widenedOff(t.slice(2, -1).join(' '));
  const b = st.env.get(base);
  const isCol = (x: string) => loop !== null && x === loop.j;
  if (b?.k === 'row-ptr') return isCol(idx) ? { kind: 'row', tensor: b.tensor } : undefined;
  if (b?.k === 'col-ptr') {
    // `x[j * S]` (or `x[S * j]`) of a column pointer: element j of the column, S apart.
    const m = /^\(?\s*([A-Za-z_]\w*) \* ([A-Za-z_]\w*)\s*\)?$/.exec(idx);
    const S = m && loop ? (m[1] === loop.j ? m[2] : m[2] === loop.j ? m[1] : undefined) : undefined;
    if (!S || st.env.get(S)?.k !== 'value') return undefined;
    setLayout(st, 'col');
    setStride(st, S);
    return { kind: 'row', tensor: b.tensor };
  }
  if (!ptrs.has(base)) return undefined;
  const rowIdx = [...st.env].find(([, v]) => v.k === 'row-index')?.[0];
  if (rowIdx && idx === rowIdx) return { kind: 'row-value', tensor: base };
  if (loop) {
    if (isCol(idx)) return { kind: 'col', tensor: base };
    const a = /^\(?\s*([A-Za-z_]\w*) \* ([A-Za-z_]\w*)\s*\)? \+ ([A-Za-z_]\w*)$/.exec(idx);
    const b = /^([A-Za-z_]\w*) \+ \(?\s*([A-Za-z_]\w*) \* ([A-Za-z_]\w*)\s*\)?$/.exec(idx);
    const parts = a ? [a[1]!, a[2]!, a[3]!] : b ? [b[2]!, b[3]!, b[1]!] : null;
    if (parts) {
      const [x, y, j] = parts;
      // `A[o + S * j]` / `A[j * S + o]`: element j of column o, S apart (column layout).
      if (j === rowIdx && (x === loop.j || y === loop.j)) {
        const S = x === loop.j ? y : x;
        if (st.env.get(S)?.k !== 'value') return undefined;
        setLayout(st, 'col');
        setStride(st, S);
        return { kind: 'row', tensor: base };
      }
      if (j !== loop.j) return undefined;
      const r = [x, y].find((n) => n === rowIdx);
      const c = [x, y].find((n) => n !== rowIdx);
      if (!r || !c) return undefined;
      setLayout(st, 'row');
      setCols(st, c);
      return { kind: 'row', tensor: base };
    }
  }
  return undefined;
}

function load(tensor: string, st: State): Expr {
  const stored = st.mem.get(tensor);
  const t = st.narrow?.get(tensor);
  // A narrow tensor written earlier in the row holds the rounded value: it is read widened again.
  if (stored) return t ? { k: 'cast', a: stored, t: 'float' } : stored;
  st.reads.add(tensor);
  if (!t) return { k: 'load', param: tensor, t: 'float' };
  // The recogniser checked that CUDA converts every read of a narrow tensor to float (exact).
  if (!st.widened!.has(tensor)) st.widened!.set(tensor, { k: 'cast', a: { k: 'load', param: tensor, t }, t: 'float' });
  return st.widened!.get(tensor)!;
}

/** An expression: + - * /, unary minus, calls of expf/logf/sqrtf/rsqrtf/fabsf/fmaxf/fminf, float casts, literals, locals, loads. */
function expr(toks: Tok[], st: State, loop: Loop | null, ptrs: Map<string, { read: boolean; written: boolean }>): Expr {
  let k = 0;
  const peek = () => toks[k];
  const src = () => toks.join(' ');
  const eat = (t?: string) => {
    const x = toks[k++];
    if (x === undefined || (t !== undefined && x !== t)) reject(`\`${src()}\` is not an expression the rows port reads`);
    return x;
  };
  const add = (): Expr => {
    let a = mul();
    while (peek() === '+' || peek() === '-') {
      const o = eat() as '+' | '-';
      a = { k: 'bin', op: o, a, b: mul(), t: 'float' };
    }
    return a;
  };
  const mul = (): Expr => {
    let a = unary();
    while (peek() === '*' || peek() === '/') {
      const o = eat() as '*' | '/';
      a = { k: 'bin', op: o, a, b: unary(), t: 'float' };
    }
    return a;
  };
  const unary = (): Expr => {
    if (peek() === '-') {
      eat();
      const t = peek();
      if (t && ['INFINITY', 'HUGE_VALF', 'FLT_MAX'].includes(t)) {
        eat();
        return { k: 'scalar', text: t === 'FLT_MAX' ? `-${FLT_MAX_LITERAL}` : `-${t}`, t: 'float' };
      }
      return { k: 'un', op: 'neg', a: unary(), t: 'float' };
    }
    if (peek() === '+') eat();
    // `*grad`: a float tensor's first element, the same for every row.
    if (peek() === '*' && ptrs.has(toks[k + 1] ?? '') && toks[k + 2] !== '[') {
      eat();
      return gmScalar(eat(), 0, st);
    }
    // (float) casts: the values are float already (a double accumulator is computed in float, noted).
    if (peek() === '(' && (toks[k + 1] === 'float' || toks[k + 1] === 'double') && toks[k + 2] === ')') {
      k += 3;
      return unary();
    }
    return atom();
  };
  const args = (): Expr[] => {
    eat('(');
    const out: Expr[] = [];
    if (peek() !== ')') {
      out.push(add());
      while (peek() === ',') {
        eat();
        out.push(add());
      }
    }
    eat(')');
    return out;
  };
  const atom = (): Expr => {
    const t = eat();
    if (t === '(') {
      const e = add();
      eat(')');
      return e;
    }
    if (/^[\d.]/.test(t)) {
      const isFloat = /[.eE]/.test(t) || /[fF]$/.test(t);
      if (isFloat && !/[fF]$/.test(t) && !/^0?\.?0*$/.test(t)) st.notes.add(`the literal \`${t}\` is a double in CUDA; the port uses it as a float`);
      return { k: 'scalar', text: isFloat ? (/[fF]$/.test(t) ? t : `${t}f`) : t, t: isFloat ? 'float' : 'int' };
    }
    if (t === 'static_cast' && peek() === '<') {
      eat('<');
      const ty = eat();
      eat('>');
      if (ty !== 'float' && ty !== 'double') reject(`a cast to \`${ty}\``);
      const [a] = args();
      return a!;
    }
    // Conversions to float: a half / bfloat16 read is widened at the load already (exact).
    if ((t === '__bfloat162float' || t === '__half2float' || t === 'float') && peek() === '(') {
      const a = args();
      if (a.length !== 1) reject(`\`${t}\` with ${a.length} arguments`);
      return a[0]!;
    }
    if (UNARY_FN[t]) {
      const a = args();
      if (a.length !== 1) reject(`\`${t}\` with ${a.length} arguments`);
      return { k: 'un', op: UNARY_FN[t]!, a: a[0]!, t: 'float' };
    }
    if (BIN_FN[t]) {
      const a = args();
      if (a.length !== 2) reject(`\`${t}\` with ${a.length} arguments`);
      return { k: 'bin', op: BIN_FN[t]!, a: a[0]!, b: a[1]!, t: 'float' };
    }
    if (t.startsWith('__ap_')) reject(`a warp combine (${t.slice(5)}) inside an expression: the rows port reads \`v = cg::reduce(warp, v, …);\`, a shuffle tree loop and \`v = __shfl_sync(FULL, v, 0);\` as statements`);
    if (peek() === '(') reject(`a call of \`${t}\`, which the rows port does not translate`);
    if (peek() === '[' && ptrs.has(t) && /^\d+$/.test(toks[k + 1] ?? '') && toks[k + 2] === ']') {
      eat('[');
      const index = Number(eat());
      eat(']');
      return gmScalar(t, index, st);
    }
    // One block per row and no guard: the grid is the row count.
    if (t === 'gridDim' && peek() === '.' && toks[k + 1] === 'x') {
      eat('.');
      eat('x');
      if (!((st.block || st.oneWarpBlock) && st.rows === 'cudaGridX')) reject('reads `gridDim.x`, which is the row count only for one block per row launched without a guard');
      st.notes.add('`gridDim.x` is the row count: one block per row, launched without a guard');
      // A row value of its own (a member the port sets from its tiling), so element code reads it like any row value.
      if (!st.gridRows) {
        st.gridRows = newRow(st);
        st.steps.push({ k: 'scalar', name: st.gridRows, value: { k: 'scalar', text: GRID_ROWS, t: 'float' } });
      }
      return { k: 'scalar', text: st.gridRows, t: 'float' };
    }
    if (peek() === '[' && st.rowCache?.has(t)) {
      eat('[');
      const index: Tok[] = [];
      for (let d = 0; peek() !== undefined && !(d === 0 && peek() === ']'); ) {
        const x = eat();
        if (x === '[') d++;
        if (x === ']') d--;
        index.push(x);
      }
      eat(']');
      const i = index.join(' ');
      if (!loop || i !== loop.j) reject(`a read of \`${t}[${i}]\`, a row cached in shared memory, at another index than the loop's column`);
      return st.rowCache.get(t)!;
    }
    if (peek() === '[' && st.shared.has(t)) {
      eat('[');
      const i = eat();
      eat(']');
      const h = st.shared.get(t);
      if (i !== '0' || !h || !h.combined) reject(`a read of \`${t}[${i}]\` that is not the combined row value \`${t}[0]\` after the block's tree`);
      if (h.warps && !h.synced) reject(`\`${t}[0]\` is read without a \`__syncthreads()\` after thread 0 combines the warps' values into it`);
      h.readUnsynced = true;
      if (!h.value) {
        const name = newRow(st);
        st.steps.push({ k: 'reduce', name, op: h.op, init: h.init ? hoist(h.init, st) : null, arg: hoistInside(h.arg, st) });
        h.value = { k: 'scalar', text: name, t: 'float' };
      }
      return h.value;
    }
    if (peek() === '[') {
      let d = 0;
      const start = k - 1;
      do {
        const x = eat();
        if (x === '[') d++;
        if (x === ']') d--;
      } while (d > 0);
      const ref = memRef(toks.slice(start, k), st, loop, ptrs);
      if (ref?.kind === 'row-value') {
        // A value per row read from GM (`float m = mean[idx];`): one row value, read on the scalar unit.
        // A half or bfloat16 value per row (read widened to float, as `narrowBody` made every read): the port widens it exactly too.
        if (st.narrow?.has(ref.tensor)) st.notes.add(`\`${ref.tensor}\` holds one ${st.narrow.get(ref.tensor) === 'bf16' ? 'bfloat16' : 'half'} value per row, which CUDA reads widened to float: the port copies it into UB and widens it with Cast (exact)`);
        st.rowLoads ??= new Map();
        let name = st.rowLoads.get(ref.tensor);
        if (!name) {
          name = newRow(st);
          st.steps.push({ k: 'gm', name, param: ref.tensor });
          st.rowLoads.set(ref.tensor, name);
        }
        return { k: 'scalar', text: name, t: 'float' };
      }
      if (!ref) reject(`a load \`${toks.slice(start, k).join('')}\` that is not an element of the row or of a per-column tensor`);
      if (ref.kind === 'col') {
        if (st.mem.has(ref.tensor)) reject(`\`${ref.tensor}\` is read per column and written per row`);
        st.colTensors.add(ref.tensor);
        return load(ref.tensor, st);
      }
      return load(ref.tensor, st);
    }
    const b = st.env.get(t);
    // A variable the loop assigns, read in it (`s += x[j]; y[j] = s;`): a running value (a scan), not a value of the row.
    if (loop?.carried?.has(t)) reject(`\`${t}\` is read inside the loop over the row that updates it: a running value (a prefix sum or scan), not a value of the whole row`);
    if (b?.k === 'value') return b.e;
    if (b?.k === 'lane0') {
      if (!st.lane0) reject(`\`${t}\` holds the row value in lane 0 only (after a \`__shfl_down_sync\` tree) and every lane reads it: CUDA broadcasts it first with \`__shfl_sync(FULL, ${t}, 0)\``);
      if (!b.value) b.value = rowValueOf(b.op, b.arg, st, b.init);
      return b.value;
    }
    if (b?.k === 'partial') reject(`\`${t}\`, one thread's partial of the row, is read before the block combines it`);
    if (b?.k === 'warp-part') {
      reject(
        st.warpBlockLaunch
          ? `\`${t}\` is one warp's combination of the row, read as the row's value: every launch gives the kernel one warp per block, but it also synchronises the block (\`__syncthreads\`), which the one-warp reading does not take`
          : `\`${t}\` is one warp's combination of the row, read as the row's value: that holds only for blocks of one warp, and not every launch of this kernel in the file has a block of 32 threads (a block of several warps combines their values through shared memory)`,
      );
    }
    if (t === 'FLT_MAX') return { k: 'scalar', text: FLT_MAX_LITERAL, t: 'float' };
    if (['INFINITY', 'HUGE_VALF'].includes(t)) return { k: 'scalar', text: t, t: 'float' };
    return reject(`\`${t}\` in \`${src()}\` is not a value the rows port knows (a parameter, a local or an element of the row)`);
  };
  const e = add();
  if (k !== toks.length) reject(`\`${src()}\` has parts the rows port does not read (\`${toks.slice(k).join(' ')}\`)`);
  return bounded(e);
}
