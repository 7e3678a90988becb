/**
 * The CUDA-name table, in the style of HIPIFY's mapping tables: one typed row per CUDA name
 * (or declared prefix with exclusions) that a name-lookup rule reports, with the rule that
 * owns it and what the name becomes on Ascend. The rows live per API family in plain arrays
 * (`math.ts`, `driver.ts`, `libraries.ts`); the runtime functions keep their rewrite table in
 * `runtime/table.ts`, and `runtime.ts` here says what each runtime rule's other names become.
 *
 * The name-lookup rules derive their messages (and, for driver rows with a rewrite, their
 * fixes) from these rows through `rules/support/names.ts`; `npm run docs` generates the
 * coverage pages per API family from them. Meta-tests (test/unit/names-table.test.ts): every
 * row's rule exists, no name belongs to two rules, every vector-op row is accepted by the
 * elementwise port or carries the reason it is not, and every ACL name is in `ascendc/api.ts`.
 */
import type { OpClass } from '../../estimates/hardware';
import type { Rewrite } from '../../runtime/table';
import type { Severity } from '../../types';
import type { Soc } from '../../target';
import { DRIVER_NAMES } from './driver';
import { LIBRARY_NAMES } from './libraries';
import { MATH_NAMES } from './math';
import { RUNTIME_ROWS } from './runtime';

export type ApiFamily = 'runtime' | 'driver' | 'math' | 'libraries';

/** What a CUDA name becomes on Ascend. */
export type Mapping =
  /** A call rewrite: `to` is the ACL function, `form` the rewritten call as a pattern; `rewrite` builds it from the arguments as written (null: the call's shape is not handled). */
  | { kind: 'rewrite'; to: string; form: string; rewrite: (args: readonly string[]) => Rewrite | null }
  /** An equivalent to write by hand (`to` names it: an ACL call, an Ascend C API, a pattern). */
  | { kind: 'hand'; to: string }
  /** A tile-wide vector op of Ascend C (`api`), with the op class the estimates use; `port` is null when the elementwise port accepts the name, else the reason it does not. */
  | { kind: 'vector'; api: string; opClass: OpClass; port: string | null }
  /** Nothing on Ascend: `instead` says what to do. */
  | { kind: 'none'; instead: string };

export interface NameRow {
  /** The CUDA name, or a prefix when `prefix` is set. */
  name: string;
  prefix?: boolean;
  /** Prefixes of names that start with `name` but are not this row's (they belong to another rule). */
  except?: readonly string[];
  /** The owning rule's code. */
  rule: string;
  family: ApiFamily;
  map: Mapping;
  /** Severity overrides by SoC (the rule's default elsewhere). */
  severity?: Partial<Record<Soc, Severity>>;
  /** The CANN version the mapping needs, when it is not in both 8.x and 9.x. */
  cann?: '8.x' | '9.x';
  note: string;
  /** A tag of `../shared/ref/ascend-c.md`'s legend, or `cuda.h` for the CUDA side. */
  source: string;
}

export const NAME_ROWS: readonly NameRow[] = [...MATH_NAMES, ...DRIVER_NAMES, ...LIBRARY_NAMES, ...RUNTIME_ROWS];

export interface RuleNames {
  exact: ReadonlyMap<string, NameRow>;
  prefixes: readonly NameRow[];
}

function index(rows: readonly NameRow[]): Map<string, { exact: Map<string, NameRow>; prefixes: NameRow[] }> {
  const byRule = new Map<string, { exact: Map<string, NameRow>; prefixes: NameRow[] }>();
  for (const r of rows) {
    let e = byRule.get(r.rule);
    if (!e) byRule.set(r.rule, (e = { exact: new Map(), prefixes: [] }));
    if (r.prefix) e.prefixes.push(r);
    else e.exact.set(r.name, r);
  }
  // The longest prefix decides (`cuMemPool` before `cuMem`).
  for (const e of byRule.values()) e.prefixes.sort((a, b) => b.name.length - a.name.length);
  return byRule;
}

const BY_RULE = index(NAME_ROWS);
const EMPTY: RuleNames = { exact: new Map(), prefixes: [] };

/** The rows a rule owns, indexed once at load time. */
export function namesOf(code: string): RuleNames {
  return BY_RULE.get(code) ?? EMPTY;
}

/** The row of `name` among `names`: an exact row, else the longest declared prefix that does not except it. */
export function rowFor(names: RuleNames, name: string): NameRow | undefined {
  const exact = names.exact.get(name);
  if (exact) return exact;
  for (const p of names.prefixes) if (name.startsWith(p.name) && !p.except?.some((e) => name.startsWith(e))) return p;
  return undefined;
}

/** The row of `name` in the whole table (any rule), for docs and tests. */
export function lookupName(name: string): NameRow | undefined {
  for (const code of BY_RULE.keys()) {
    const r = rowFor(namesOf(code), name);
    if (r && !r.prefix) return r;
  }
  for (const code of BY_RULE.keys()) {
    const r = rowFor(namesOf(code), name);
    if (r) return r;
  }
  return undefined;
}

/** One sentence for a row's mapping: what to use on Ascend. */
/**
 * A vector row's API as text: `` `AscendC::Reciprocal` ``, or each API of a composed mapping
 * (`Mul then Add` → `` `AscendC::Mul` then `AscendC::Add` ``); `args` follows a single API.
 */
export function apiText(api: string, args = ''): string {
  return /\s/.test(api) ? api.replace(/\b([A-Z]\w*)\b/g, '`AscendC::$1`') : `\`AscendC::${api}${args}\``;
}

export function mappingText(row: NameRow): string {
  const m = row.map;
  switch (m.kind) {
    case 'rewrite':
      return `\`${m.form}\``;
    case 'hand':
      return m.to;
    case 'vector':
      return `the tile-wide ${apiText(m.api)}`;
    case 'none':
      return m.instead;
  }
}
