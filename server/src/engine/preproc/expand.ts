/**
 * Tokens, bounded macro expansion, and constant evaluation for `#if` conditions and
 * constant folding (macros and `constexpr`s that give a number). Expansion follows the
 * C preprocessor closely enough for conditions and constants: object-like and
 * function-like macros, `#` and `##`, `__VA_ARGS__`, and a macro is not re-expanded inside
 * its own expansion. It is bounded in depth and in tokens produced; past either it throws
 * `ExpansionLimit`, which callers turn into a `macro-limit` notice.
 */
export type Token = { k: 'id' | 'num' | 'op' | 'str'; v: string };

export interface MacroLike {
  name: string;
  /** Parameter names of a function-like macro; undefined for an object-like one. */
  params?: readonly string[];
  variadic?: boolean;
  body: string;
}

export const EXPANSION_LIMITS = { depth: 64, tokens: 20000 };

export class ExpansionLimit extends Error {}

const TOKEN_RE = /\s*(?:([A-Za-z_]\w*)|((?:\.\d|\d)(?:[\w.]|[eEpP][+-])*)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(##|<<=|>>=|\.\.\.|->|::|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^~!<>=?:,;.()[\]{}#]))/y;

export function tokenize(s: string): Token[] {
  const out: Token[] = [];
  const re = new RegExp(TOKEN_RE.source, 'y');
  let i = 0;
  while (i < s.length) {
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m || m[0].length === 0) {
      // An unknown character (`\`, `@`, `$`): skip it.
      i++;
      continue;
    }
    i = re.lastIndex;
    if (m[1]) out.push({ k: 'id', v: m[1] });
    else if (m[2]) out.push({ k: 'num', v: m[2] });
    else if (m[3]) out.push({ k: 'str', v: m[3] });
    else if (m[4]) out.push({ k: 'op', v: m[4] });
  }
  return out;
}

export interface ExpandState {
  produced: number;
}

/** Expands `tokens` with `lookup`; `disabled` names are not expanded (they are being expanded). */
export function expandTokens(tokens: readonly Token[], lookup: (name: string) => MacroLike | undefined, disabled: ReadonlySet<string> = new Set(), depth = 0, state: ExpandState = { produced: 0 }, keepDefined = false): Token[] {
  if (depth > EXPANSION_LIMITS.depth) throw new ExpansionLimit(`macro expansion nested deeper than ${EXPANSION_LIMITS.depth} levels`);
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (keepDefined && t.k === 'id' && t.v === 'defined') {
      // `defined X` / `defined ( X )` are operators of #if, not expanded.
      out.push(t);
      const n = tokens[i + 1];
      if (n?.k === 'op' && n.v === '(') {
        out.push(n, tokens[i + 2] ?? { k: 'id', v: '' }, tokens[i + 3] ?? { k: 'op', v: ')' });
        i += 3;
      } else if (n) {
        out.push(n);
        i += 1;
      }
      continue;
    }
    const m = t.k === 'id' && !disabled.has(t.v) ? lookup(t.v) : undefined;
    if (!m) {
      out.push(t);
      continue;
    }
    let body: Token[];
    if (m.params) {
      if (tokens[i + 1]?.k !== 'op' || tokens[i + 1]!.v !== '(') {
        out.push(t);
        continue;
      }
      const args: Token[][] = [[]];
      let level = 0;
      let j = i + 2;
      for (; j < tokens.length; j++) {
        const a = tokens[j]!;
        if (a.k === 'op' && (a.v === '(' || a.v === '[' || a.v === '{')) level++;
        else if (a.k === 'op' && (a.v === ')' || a.v === ']' || a.v === '}')) {
          if (level === 0 && a.v === ')') break;
          level--;
        } else if (a.k === 'op' && a.v === ',' && level === 0 && !(m.variadic && args.length > m.params.length)) {
          args.push([]);
          continue;
        }
        args[args.length - 1]!.push(a);
      }
      if (j >= tokens.length) {
        out.push(t);
        continue;
      }
      i = j;
      body = substitute(m, args, lookup, disabled, depth, state);
    } else body = tokenize(m.body);
    state.produced += body.length;
    if (state.produced > EXPANSION_LIMITS.tokens) throw new ExpansionLimit(`macro expansion produced more than ${EXPANSION_LIMITS.tokens} tokens`);
    const inner = new Set(disabled);
    inner.add(m.name);
    out.push(...expandTokens(body, lookup, inner, depth + 1, state, keepDefined));
  }
  return out;
}

function substitute(m: MacroLike, args: Token[][], lookup: (name: string) => MacroLike | undefined, disabled: ReadonlySet<string>, depth: number, state: ExpandState): Token[] {
  const params = m.params!;
  const argOf = (name: string): Token[] | undefined => {
    if (name === '__VA_ARGS__' && m.variadic) return args.slice(params.length).flatMap((a, i) => (i ? [{ k: 'op', v: ',' } as Token, ...a] : a));
    const k = params.indexOf(name);
    return k < 0 ? undefined : args[k] ?? [];
  };
  const body = tokenize(m.body);
  const out: Token[] = [];
  for (let i = 0; i < body.length; i++) {
    const t = body[i]!;
    if (t.k === 'op' && t.v === '#' && body[i + 1]?.k === 'id') {
      const a = argOf(body[i + 1]!.v);
      if (a) {
        out.push({ k: 'str', v: JSON.stringify(a.map((x) => x.v).join(' ')) });
        i++;
        continue;
      }
    }
    if (t.k === 'op' && t.v === '##') {
      const prev = out.pop();
      const next = body[i + 1];
      i++;
      const nextToks = next ? (next.k === 'id' ? argOf(next.v) ?? [next] : [next]) : [];
      const glued = (prev?.v ?? '') + (nextToks[0]?.v ?? '');
      out.push(...tokenize(glued), ...nextToks.slice(1));
      continue;
    }
    const a = t.k === 'id' ? argOf(t.v) : undefined;
    if (a) {
      const pasted = body[i + 1]?.k === 'op' && body[i + 1]!.v === '##';
      out.push(...(pasted ? a : expandTokens(a, lookup, disabled, depth + 1, state)));
    } else out.push(t);
  }
  return out;
}

/** A value with what it depended on: `unknown` when an identifier had no definition. */
export interface Evaluated {
  value: number;
  unknown: boolean;
  /** The value read `__CUDA_ARCH__`, which differs between nvcc's host and device passes. */
  arch: boolean;
  float: boolean;
}

const MATH: Readonly<Record<string, (...a: number[]) => number>> = {
  sqrtf: Math.sqrt, sqrt: Math.sqrt, expf: Math.exp, exp: Math.exp, logf: Math.log, log: Math.log, log2f: Math.log2, log2: Math.log2,
  fabsf: Math.abs, fabs: Math.abs, tanhf: Math.tanh, tanh: Math.tanh, powf: Math.pow, pow: Math.pow, rsqrtf: (x) => 1 / Math.sqrt(x),
  fminf: Math.min, fmaxf: Math.max, min: Math.min, max: Math.max, sinf: Math.sin, cosf: Math.cos,
};
/** math.h constants (glibc values), used when no macro of the file defines them. */
export const MATH_CONSTANTS: Readonly<Record<string, number>> = {
  M_PI: Math.PI, M_E: Math.E, M_SQRT2: Math.SQRT2, M_SQRT1_2: Math.SQRT1_2, M_2_SQRTPI: 2 / Math.sqrt(Math.PI), M_1_PI: 1 / Math.PI, M_2_PI: 2 / Math.PI,
  M_LN2: Math.LN2, M_LN10: Math.LN10, M_LOG2E: Math.LOG2E, M_PI_2: Math.PI / 2, M_PI_4: Math.PI / 4, M_LOG10E: Math.LOG10E,
};
const CAST_TYPES = new Set(['int', 'unsigned', 'long', 'float', 'double', 'size_t', 'int32_t', 'uint32_t', 'int64_t', 'uint64_t', 'short', 'char', 'signed']);

/**
 * Evaluates expanded tokens. For `#if` (`floats` false) every remaining identifier is 0 and
 * makes the value unknown; for constant folding (`floats` true) float literals, casts and
 * math functions are allowed and any other identifier fails (undefined).
 */
export function evaluate(tokens: readonly Token[], floats: boolean): Evaluated | undefined {
  let i = 0;
  let unknown = false;
  let arch = false;
  let isFloat = false;
  const peek = () => tokens[i];
  const isOp = (v: string) => tokens[i]?.k === 'op' && tokens[i]!.v === v;
  class Fail extends Error {}
  const fail = (): never => {
    throw new Fail();
  };
  const BIN: string[][] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];
  const apply = (op: string, a: number, b: number): number => {
    switch (op) {
      case '||': return a || b ? 1 : 0;
      case '&&': return a && b ? 1 : 0;
      case '|': return Number(BigInt.asIntN(64, BigInt(Math.trunc(a)) | BigInt(Math.trunc(b))));
      case '^': return Number(BigInt.asIntN(64, BigInt(Math.trunc(a)) ^ BigInt(Math.trunc(b))));
      case '&': return Number(BigInt.asIntN(64, BigInt(Math.trunc(a)) & BigInt(Math.trunc(b))));
      case '==': return a === b ? 1 : 0;
      case '!=': return a !== b ? 1 : 0;
      case '<': return a < b ? 1 : 0;
      case '>': return a > b ? 1 : 0;
      case '<=': return a <= b ? 1 : 0;
      case '>=': return a >= b ? 1 : 0;
      case '<<': return Number(BigInt.asIntN(64, BigInt(Math.trunc(a)) << BigInt(Math.min(63, Math.max(0, Math.trunc(b))))));
      case '>>': return Number(BigInt(Math.trunc(a)) >> BigInt(Math.min(63, Math.max(0, Math.trunc(b)))));
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '/':
        if (b === 0) return fail();
        return isFloat ? a / b : Math.trunc(a / b);
      case '%':
        if (b === 0) return fail();
        return a % b;
    }
    return fail();
  };
  const ternary = (): number => {
    const c = binary(0);
    if (isOp('?')) {
      i++;
      const a = ternary();
      if (!isOp(':')) fail();
      i++;
      const b = ternary();
      return c ? a : b;
    }
    return c;
  };
  const binary = (level: number): number => {
    if (level >= BIN.length) return unary();
    let a = binary(level + 1);
    for (;;) {
      const t = peek();
      if (!t || t.k !== 'op' || !BIN[level]!.includes(t.v)) return a;
      i++;
      const b = binary(level + 1);
      a = apply(t.v, a, b);
    }
  };
  const unary = (): number => {
    const t = peek();
    if (!t) return fail();
    if (t.k === 'op') {
      if (t.v === '!') return (i++, unary() ? 0 : 1);
      if (t.v === '-') return (i++, -unary());
      if (t.v === '+') return (i++, unary());
      if (t.v === '~') return (i++, ~Math.trunc(unary()));
      if (t.v === '(') {
        // A cast `(float)x` / `(int)x` in constant folding.
        const n = tokens[i + 1];
        if (floats && n?.k === 'id' && CAST_TYPES.has(n.v)) {
          let j = i + 1;
          while (tokens[j]?.k === 'id' && CAST_TYPES.has(tokens[j]!.v)) j++;
          if (tokens[j]?.k === 'op' && tokens[j]!.v === ')') {
            const ty = tokens.slice(i + 1, j).map((x) => x.v).join(' ');
            i = j + 1;
            const v = unary();
            if (ty === 'float' || ty === 'double') {
              isFloat = true;
              return v;
            }
            return Math.trunc(v);
          }
        }
        i++;
        const v = ternary();
        if (!isOp(')')) fail();
        i++;
        return v;
      }
      return fail();
    }
    if (t.k === 'num') {
      i++;
      return number(t.v);
    }
    if (t.k === 'id') {
      i++;
      if (t.v === 'true') return 1;
      if (t.v === 'false') return 0;
      if (t.v === '__CUDA_ARCH__') {
        arch = true;
        unknown = true;
        return 0;
      }
      if (floats) {
        if (t.v in MATH_CONSTANTS) {
          isFloat = true;
          return MATH_CONSTANTS[t.v]!;
        }
        const fn = MATH[t.v];
        if (fn && isOp('(')) {
          i++;
          const args = [ternary()];
          while (isOp(',')) {
            i++;
            args.push(ternary());
          }
          if (!isOp(')')) fail();
          i++;
          isFloat = true;
          return fn(...args);
        }
        if (t.v === 'static_cast' && isOp('<')) {
          let j = i + 1;
          const ty: string[] = [];
          while (tokens[j]?.k === 'id') ty.push(tokens[j++]!.v);
          if (!(tokens[j]?.k === 'op' && tokens[j]!.v === '>' && tokens[j + 1]?.v === '(')) return fail();
          i = j + 1;
          const v = unary();
          if (ty.join(' ') === 'float' || ty.join(' ') === 'double') {
            isFloat = true;
            return v;
          }
          return Math.trunc(v);
        }
        return fail();
      }
      // An identifier left after expansion: 0 by the standard, unknown by our policy.
      unknown = true;
      if (isOp('(')) {
        // An unknown function-like macro: skip its arguments.
        let level = 0;
        for (; i < tokens.length; i++) {
          if (isOp('(')) level++;
          else if (isOp(')') && --level === 0) {
            i++;
            break;
          }
        }
      }
      return 0;
    }
    return fail();
  };
  const number = (s: string): number => {
    const t = s.replace(/'/g, '');
    if (/^0[xX][0-9a-fA-F]+[uUlL]*$/.test(t)) return parseInt(t.replace(/[uUlL]+$/, ''), 16);
    if (/^0[bB][01]+[uUlL]*$/.test(t)) return parseInt(t.slice(2).replace(/[uUlL]+$/, ''), 2);
    if (/^0[0-7]*[uUlL]*$/.test(t)) return parseInt(t.replace(/[uUlL]+$/, '') || '0', 8);
    if (/^[1-9]\d*[uUlL]*$/.test(t)) return parseInt(t.replace(/[uUlL]+$/, ''), 10);
    if (floats && /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFlL]?$/.test(t)) {
      isFloat = true;
      return parseFloat(t.replace(/[fFlL]$/, ''));
    }
    return fail();
  };
  try {
    if (!tokens.length) return undefined;
    const value = ternary();
    if (i !== tokens.length) return undefined;
    if (!Number.isFinite(value)) return undefined;
    return { value, unknown, arch, float: isFloat };
  } catch (e) {
    if (e instanceof Fail) return floats ? undefined : { value: 0, unknown: true, arch, float: false };
    throw e;
  }
}
