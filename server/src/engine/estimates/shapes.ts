/**
 * Where the shapes of an estimate come from, in order: an annotation comment
 * (`// ascend-port: assume M=4096 N=4096 K=4096 dtype=half`), constants the engine can
 * fold at a launch site (literals, `#define`s, `const`/`constexpr` variables, arithmetic),
 * then the defaults from the settings. Every value records its source.
 */

export type ShapeSource = 'annotation' | 'folded' | 'default';

export interface ShapeValue {
  value: number;
  source: ShapeSource;
  /** Where it was found: "line 42", "`N` at the launch on line 57". */
  detail?: string;
}

export interface Annotation {
  values: Record<string, number>;
  dtype?: string;
  line: number;
}

const ANNOTATION = /ascend-port:\s*assume\b([^\n]*)/;

/** Parses `M=4096 N=4096 K=4096 dtype=half n=2^20` (values: integers, 2^k, 1<<k, 1e6). */
export function parseAssumptions(text: string): { values: Record<string, number>; dtype?: string } {
  const values: Record<string, number> = {};
  let dtype: string | undefined;
  for (const m of text.matchAll(/(?<![\w])([A-Za-z_]\w*)\s*=\s*([^\s,;]+)/g)) {
    const key = m[1]!;
    const raw = m[2]!;
    if (key === 'dtype') dtype = raw;
    else {
      const v = evalConst(raw, new Map());
      if (v !== null && v > 0) values[key] = v;
    }
  }
  return { values, dtype };
}

/** The annotation for a kernel: in the 3 lines above it, or anywhere in its body. */
export function findAnnotation(text: string, kernelStart: number, kernelEnd: number): Annotation | null {
  let from = kernelStart;
  for (let i = 0; i < 4 && from > 0; i++) from = text.lastIndexOf('\n', from - 2) + 1;
  const region = text.slice(from, kernelEnd);
  const m = ANNOTATION.exec(region);
  if (!m) return null;
  const at = from + m.index;
  const line = text.slice(0, at).split('\n').length - 1;
  return { ...parseAssumptions(m[1]!), line };
}

/** `#define NAME value` and `const`/`constexpr` integer variables of the file, by name (first wins). */
export function constantTable(text: string): Map<string, string> {
  const table = new Map<string, string>();
  for (const m of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+([^\n\\]+)$/gm)) if (!table.has(m[1]!)) table.set(m[1]!, m[2]!.replace(/\/\/.*$|\/\*.*?\*\//g, '').trim());
  for (const m of text.matchAll(/\b(?:static\s+)?(?:constexpr|const)\s+(?:unsigned\s+|signed\s+)?(?:int|long|long long|size_t|int32_t|int64_t|uint32_t|uint64_t|auto)\s+([A-Za-z_]\w*)\s*=\s*([^;]+);/g)) if (!table.has(m[1]!)) table.set(m[1]!, m[2]!.trim());
  return table;
}

/**
 * Folds an integer expression: literals (with u/l suffixes, 1e6), + - * / % << >> and
 * parentheses, `2^20` read as a power in annotations only, identifiers from `table`. Null when
 * anything is unknown. Depth-limited so that `#define A B` / `#define B A` cannot loop.
 */
export function evalConst(expr: string, table: ReadonlyMap<string, string>, depth = 0, caretIsPower = true): number | null {
  if (depth > 8) return null;
  const tokens = expr.match(/\d+(?:\.\d+)?(?:[eE]\d+)?[uUlL]*|[A-Za-z_]\w*|<<|>>|[-+*/%()^]|\S/g);
  if (!tokens) return null;
  let i = 0;
  const peek = () => tokens[i];
  const primary = (): number | null => {
    const t = tokens[i++];
    if (t === undefined) return null;
    if (t === '(') {
      const v = shift();
      if (tokens[i++] !== ')') return null;
      return v;
    }
    if (t === '-') {
      const v = primary();
      return v === null ? null : -v;
    }
    if (/^\d/.test(t)) return Number(t.replace(/[uUlL]+$/, ''));
    if (/^(?:static_cast|size_t|int|long|unsigned)$/.test(t)) {
      // static_cast<T>(x), (size_t)x and int(x) keep the value.
      if (peek() === '<') {
        while (i < tokens.length && tokens[i] !== '>') i++;
        i++;
      }
      return primary();
    }
    if (/^[A-Za-z_]/.test(t)) {
      const def = table.get(t);
      return def === undefined ? null : evalConst(def, table, depth + 1, caretIsPower);
    }
    return null;
  };
  const power = (): number | null => {
    const base = primary();
    if (base === null) return null;
    if (peek() === '^') {
      // In C `^` is XOR: only annotations read it as a power.
      if (!caretIsPower) return null;
      i++;
      const e = primary();
      return e === null ? null : base ** e;
    }
    return base;
  };
  const term = (): number | null => {
    let v = power();
    while (v !== null && (peek() === '*' || peek() === '/' || peek() === '%')) {
      const op = tokens[i++];
      const r = power();
      if (r === null) return null;
      v = op === '*' ? v * r : op === '/' ? (r === 0 ? null : Math.trunc(v / r)) : r === 0 ? null : v % r;
    }
    return v;
  };
  const sum = (): number | null => {
    let v = term();
    while (v !== null && (peek() === '+' || peek() === '-')) {
      const op = tokens[i++];
      const r = term();
      if (r === null) return null;
      v = op === '+' ? v + r : v - r;
    }
    return v;
  };
  const shift = (): number | null => {
    let v = sum();
    while (v !== null && (peek() === '<<' || peek() === '>>')) {
      const op = tokens[i++];
      const r = sum();
      if (r === null) return null;
      v = op === '<<' ? v * 2 ** r : Math.floor(v / 2 ** r);
    }
    return v;
  };
  const v = shift();
  return v !== null && i === tokens.length && Number.isFinite(v) ? v : null;
}
