/**
 * Top-level declarations ("units") of a document and what the facts keep of each one, so
 * that an edit re-collects only the declarations whose text changed.
 *
 * A unit is a child of the translation unit, or of a namespace, `extern "C"` block or
 * preprocessor conditional at top level (their members are units in their own right, so a
 * file wrapped in one namespace still has one unit per function). Everything the facts take
 * from a unit's subtree — calls, asm, ERROR spans, function models, field expressions — is a
 * function of the unit's text and of the file-level key (the document's directives, which
 * decide the lens's qualifier macros, and its build context): the facts of a unit whose text
 * and key are unchanged are reused from the previous version, shifted when the unit moved.
 */
import type { SyntaxNode } from '../syntax/parser';
import type { Span } from '../types';
import type { Arg } from './scan';
import type { AsmSite, CallSite } from './facts';
import type { FunctionModel } from './kernels';

/** Containers whose members are units themselves. */
const CONTAINERS = new Set(['namespace_definition', 'linkage_specification', 'declaration_list', 'preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'preproc_elifdef']);
/** Parts of a preprocessor conditional that are not members (its condition, its name). */
const NOT_MEMBERS = new Set(['condition', 'name']);

/** Units below this many characters of container are not worth splitting (a short namespace is one unit). */
const MIN_CONTAINER_CHARS = 2048;

/** The units of a tree, in document order, each with the namespaces around it (\`a::b\`). Comments are not units. */
export function declarationUnits(root: SyntaxNode): { node: SyntaxNode; scope: string }[] {
  const out: { node: SyntaxNode; scope: string }[] = [];
  // A cursor, not `child(i)`: that walks the siblings from the first, quadratic on the
  // 200,000 children half-typed code can leave under one node.
  const visit = (parent: SyntaxNode, depth: number, scope: string) => {
    const cursor = parent.walk();
    try {
      if (!cursor.gotoFirstChild()) return;
      do {
        if (!cursor.nodeIsNamed || cursor.nodeType === 'comment') continue;
        const c = cursor.currentNode;
        const field = cursor.currentFieldName;
        if (field && NOT_MEMBERS.has(field) && parent.type.startsWith('preproc_')) continue;
        if (depth < 8 && CONTAINERS.has(c.type) && c.endIndex - c.startIndex >= MIN_CONTAINER_CHARS) {
          if (c.type === 'namespace_definition' || c.type === 'linkage_specification') {
            const body = c.childForFieldName('body');
            if (body && body.type === 'declaration_list') {
              const name = c.type === 'namespace_definition' ? (c.childForFieldName('name')?.text ?? '(anonymous)') : 'extern';
              visit(body, depth + 1, scope ? `${scope}::${name}` : name);
              continue;
            }
          } else {
            visit(c, depth + 1, scope);
            continue;
          }
        }
        out.push({ node: c, scope });
      } while (cursor.gotoNextSibling());
    } finally {
      cursor.delete();
    }
  };
  visit(root, 0, '');
  return out;
}

/** A field read `object.field` or `object->field`, for rules that look at struct fields. */
export interface FieldExpression {
  span: Span;
  /** The object as written (`prop`, `props[i]`). */
  objectSpan: Span;
  field: string;
  fieldSpan: Span;
  /** The field node is a `field_identifier` (not a template or destructor name). */
  plainField: boolean;
}

/** What the facts keep of one unit: plain data, in the document's offsets when it was built. */
export interface UnitFacts {
  /** Where the unit started when these offsets were right. */
  start: number;
  errors: Span[];
  calls: CallSite[];
  asm: AsmSite[];
  /** Functions defined in the unit, without `launchSites` (those come from the whole file). */
  functions: FunctionModel[];
  fields: FieldExpression[];
  /** False when collecting the unit's nodes ran out of its budget. */
  complete: boolean;
  /** A digest of the unit's text (\`hashText\`). */
  hash: string;
  /** Its functions' kinds and qualified names (what \`FileFacts.ruleUnits\` keys). */
  signature: string;
  /** Identifiers the unit's code uses (keywords left out). */
  ids: ReadonlySet<string>;
  /**
   * Names the unit may declare for other declarations to use (what a port of another kernel
   * may read by name): its functions, and the identifiers outside braces; every identifier for
   * an enum; `*` for a using-directive, which may bring any name in.
   */
  declares: ReadonlySet<string> | '*';
}

/** C++ keywords and builtin type names: no declaration provides them. */
export const KEYWORDS = new Set(
  ('alignas alignof asm auto bool break case catch char char16_t char32_t char8_t class const constexpr const_cast continue decltype default delete do double ' +
    'dynamic_cast else enum explicit export extern false float for friend goto if inline int long mutable namespace new noexcept nullptr operator private ' +
    'protected public register reinterpret_cast return short signed sizeof static static_assert static_cast struct switch template this throw true try ' +
    'typedef typeid typename union unsigned using virtual void volatile wchar_t while define include ifdef ifndef endif elif undef pragma size_t ' +
    '__global__ __device__ __host__ __shared__ __constant__ __managed__ __forceinline__ __noinline__ __restrict__ __launch_bounds__ __inline__ ' +
    '__grid_constant__ __align__ threadIdx blockIdx blockDim gridDim warpSize')
    .split(' '),
);

/** The identifiers of `masked` (a unit's text, comments and strings blanked) and those it may declare. */
export function unitNames(masked: string, isError: boolean, functionNames: readonly string[]): { ids: Set<string>; declares: Set<string> | '*' } {
  const ids = new Set<string>();
  const outside = new Set<string>(functionNames);
  // Names inside braces, parentheses (parameters) or a template header are not declared for others.
  let depth = 0;
  const header = /^\s*template\s*</.exec(masked);
  let angle = header ? 1 : 0;
  const re = /[A-Za-z_]\w*|[{}()<>]/g;
  re.lastIndex = header ? header[0].length : 0;
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    const w = m[0];
    if (w === '<' || w === '>') {
      // Template arguments at top level (`std::vector<int> v`) are used, not declared.
      if (depth === 0 || angle > 0) angle = Math.max(0, angle + (w === '<' ? 1 : -1));
    } else if (w === '{' || w === '(') depth++;
    else if (w === '}' || w === ')') depth = Math.max(0, depth - 1);
    else if (!KEYWORDS.has(w)) {
      ids.add(w);
      // A qualifier (`std::`, `cg::`) names a namespace or class, it does not declare it.
      if (depth === 0 && angle === 0 && !/^\s*::/.test(masked.slice(re.lastIndex, re.lastIndex + 4))) outside.add(w);
    }
  }
  if (/\busing\s+namespace\b/.test(masked)) return { ids, declares: '*' };
  if (/\benum\b/.test(masked)) return { ids, declares: ids };
  // Half-typed code at top level declares only the functions the grammar still found in it.
  return { ids, declares: isError ? new Set(functionNames) : outside };
}

const shiftSpan = (s: Span, d: number): Span => ({ start: s.start + d, end: s.end + d });
const shiftArg = (a: Arg, d: number): Arg => ({ ...a, span: shiftSpan(a.span, d) });

function shiftCall(c: CallSite, d: number): CallSite {
  return { ...c, nameSpan: shiftSpan(c.nameSpan, d), span: shiftSpan(c.span, d), args: c.args.map((a) => shiftArg(a, d)), argsSpan: shiftSpan(c.argsSpan, d) };
}

function shiftFunction(f: FunctionModel, d: number, calls: Map<CallSite, CallSite>): FunctionModel {
  return {
    ...f,
    span: shiftSpan(f.span, d),
    nameSpan: shiftSpan(f.nameSpan, d),
    bodySpan: f.bodySpan && shiftSpan(f.bodySpan, d),
    params: f.params.map((p) => ({ ...p, span: shiftSpan(p.span, d) })),
    indexUses: f.indexUses.map((u) => ({ ...u, span: shiftSpan(u.span, d) })),
    sharedArrays: f.sharedArrays.map((s) => ({ ...s, dims: [...s.dims], span: shiftSpan(s.span, d) })),
    // A function's calls and barriers are the unit's call objects (the same object in both lists).
    barriers: f.barriers.map((c) => calls.get(c) ?? shiftCall(c, d)),
    loops: f.loops.map((l) => ({ ...l, span: shiftSpan(l.span, d) })),
    calls: f.calls.map((c) => calls.get(c) ?? shiftCall(c, d)),
    launchSites: [],
  };
}

/** The unit's facts moved to start at `start` (the same object when it has not moved). */
export function moveUnit(u: UnitFacts, start: number): UnitFacts {
  const d = start - u.start;
  if (d === 0) return u;
  const calls = new Map(u.calls.map((c) => [c, shiftCall(c, d)] as const));
  return {
    start,
    errors: u.errors.map((s) => shiftSpan(s, d)),
    calls: [...calls.values()],
    asm: u.asm.map((a) => ({ span: shiftSpan(a.span, d), keywordSpan: shiftSpan(a.keywordSpan, d) })),
    functions: u.functions.map((f) => shiftFunction(f, d, calls)),
    fields: u.fields.map((x) => ({ ...x, span: shiftSpan(x.span, d), objectSpan: shiftSpan(x.objectSpan, d), fieldSpan: shiftSpan(x.fieldSpan, d) })),
    complete: u.complete,
    hash: u.hash,
    signature: u.signature,
    ids: u.ids,
    declares: u.declares,
  };
}

/**
 * Unit facts of one document across its versions: by unit text, under one file key. Only
 * the units of the latest version are kept, so it is bounded by the document.
 */
export class UnitMemory {
  private byText = new Map<string, UnitFacts>();
  private key = '';
  /** Derived results keyed by content, one map per user (the port's verdicts, GEMM readings, rule reports). */
  private readonly derived = new Map<string, Map<string, unknown>>();

  /** The memory of one kind of derived result (its user bounds it). */
  store(kind: string): Map<string, unknown> {
    let m = this.derived.get(kind);
    if (!m) this.derived.set(kind, (m = new Map()));
    return m;
  }

  /** Starts a version: a different file key forgets every unit. */
  begin(fileKey: string): Map<string, UnitFacts> {
    const previous = fileKey === this.key ? this.byText : new Map<string, UnitFacts>();
    this.key = fileKey;
    this.byText = new Map();
    return previous;
  }

  /**
   * Keeps a unit's facts for the next version. Fresh facts are detached from this version's text
   * (see \`detached\`) only when a next version comes (\`settle\`): a document analysed once (the
   * CLI, a report) never pays for the copy.
   */
  keep(text: string, facts: UnitFacts, fresh: boolean): void {
    const map = this.byText;
    map.set(text, facts);
    if (!fresh) return;
    this.later(() => {
      if (map.get(text) !== facts) return;
      map.delete(text);
      map.set(detached(text), detached(facts));
    });
  }

  private pending: (() => void)[] = [];

  /** Runs \`detach\` when the document gets its next version (\`settle\`), not now. */
  later(detach: () => void): void {
    this.pending.push(detach);
  }

  /** A next version of the document begins: what the last one kept is detached from its text now. */
  settle(): void {
    const pending = this.pending;
    this.pending = [];
    for (const detach of pending) detach();
  }

  /** The units of the last version: digest → names declared (what \`changedNames\` compares). */
  private declared = new Map<string, ReadonlySet<string> | '*'>();

  /**
   * The names whose declaring units differ from the previous version's (units added or
   * removed, by digest), or \`'*'\` when any may have (a using-directive, or the first version).
   */
  changedNames(units: readonly UnitFacts[]): ReadonlySet<string> | '*' {
    const now = new Map<string, ReadonlySet<string> | '*'>();
    for (const u of units) now.set(u.hash, u.declares);
    const before = this.declared;
    this.declared = now;
    if (!before.size) return '*';
    const changed = new Set<string>();
    const add = (d: ReadonlySet<string> | '*') => {
      if (d === '*') return false;
      for (const n of d) changed.add(n);
      return true;
    };
    for (const [h, d] of now) if (!before.has(h) && !add(d)) return '*';
    for (const [h, d] of before) if (!now.has(h) && !add(d)) return '*';
    return changed;
  }

  /** Port-key closures by function (\`FileFacts.portKey\`): this version's, and the previous one's. */
  closures = new Map<string, Closure>();
  previousClosures = new Map<string, Closure>();
}

/** What a function's port key took: the digests of the units, and every name it looked up. */
export interface Closure {
  taken: string;
  names: ReadonlySet<string>;
}

/** What the last collection did, for `ascendPort.trace.analysis` and the trace test. */
export interface UnitTrace {
  units: number;
  reused: number;
  /** The units collected again, by their first line (`__global__ void k(float* x)`). */
  recomputed: string[];
}

/**
 * A deep copy that shares no string with the document's text. A substring of a string (a
 * name sliced from the text, a regex match) keeps the whole string alive in V8, so anything
 * kept from one version to the next would keep every version's text alive with it.
 */
export function detached<T>(value: T): T {
  return structuredClone(value);
}
