/**
 * Facts about one file, computed once per analysis and shared by every rule: call sites,
 * kernel launches, inline assembly and the kernel model. With a tree they come from one
 * cursor walk; without one (a parse that timed out) calls and asm come from a lexical
 * scan of the masked text, so rules still give a partial result. Launches always come
 * from the lens, which already found them.
 */
import { maskCommentsAndStrings, type LensEdit, type LensResult } from '../syntax/lens';
import { collectNodes, type SyntaxNode, type SyntaxTree } from '../syntax/parser';
import type { Span } from '../types';
import { EMPTY_CONTEXT, type SourceContext } from '../preproc/context';
import { buildPreproc, inside, type MacroDef, type Preprocessed } from '../preproc/model';
import { buildFunctions, enclosingFunction, type FunctionModel } from './kernels';
import { calleeBefore, isCallKeyword, matchBracket, splitTopLevel, type Arg } from './scan';

export interface CallSite {
  /** Callee name without qualifiers or template arguments (`atomicAdd`). */
  name: string;
  /** Callee as written, whitespace removed (`::atomicAdd`, `cg::sync`, `obj.atomicAdd`). */
  qualified: string;
  nameSpan: Span;
  /** The whole call expression. */
  span: Span;
  args: Arg[];
  /** Span of the parenthesised argument list, parentheses included. */
  argsSpan: Span;
}

export interface LaunchSite {
  /** Kernel name without qualifiers or template arguments. */
  kernel: string;
  qualified: string;
  templateArgs?: string;
  kernelSpan: Span;
  /** From the kernel name to the closing parenthesis of the arguments. */
  span: Span;
  /** `<<<` through `>>>`. */
  configSpan: Span;
  /** grid, block, shared-memory bytes, stream (as many as were written). */
  config: Arg[];
  args: Arg[];
}

export interface AsmSite {
  span: Span;
  /** Span of the `asm`/`__asm__` keyword. */
  keywordSpan: Span;
}

/** Node types the single tree walk collects. */
const COLLECTED = new Set([
  'ERROR',
  'function_definition',
  'call_expression',
  'field_expression',
  'for_statement',
  'while_statement',
  'do_statement',
  'declaration',
  'gnu_asm_expression',
]);

/**
 * Launches read per document. Real files have a few dozen; a generated 5 MB line of 333,000
 * launches spent 5 s extracting and checking them after the parse had already timed out.
 * Far above the launches a result lists (`ANALYSIS_BUDGET.listed`), so findings are unchanged
 * on any real file.
 */
export const MAX_LAUNCHES = 20_000;

/** The facts of the document's current version, shared by analysis, estimates, ports and the report. */
const cache = new WeakMap<object, { text: string; tree: SyntaxTree | null; context: SourceContext | undefined; stamp: number | undefined; facts: FileFacts }>();

export class FileFacts {
  /** Facts for a parsed document, built once per version (same text and tree) and reused. */
  static of(doc: { text: string; lens: LensResult; tree: SyntaxTree | null; context?: SourceContext }): FileFacts {
    const hit = cache.get(doc);
    if (hit && hit.text === doc.text && hit.tree === doc.tree && hit.context === doc.context && hit.stamp === doc.context?.stamp) return hit.facts;
    const facts = new FileFacts(doc.text, doc.lens, doc.tree, doc.context ?? EMPTY_CONTEXT);
    cache.set(doc, { text: doc.text, tree: doc.tree, context: doc.context, stamp: doc.context?.stamp, facts });
    return facts;
  }

  private readonly masked: string;
  private nodes: Map<string, SyntaxNode[]> | null = null;
  private _calls?: CallSite[];
  private _launches?: LaunchSite[];
  private _asm?: AsmSite[];
  private _functions?: FunctionModel[];

  constructor(
    readonly text: string,
    readonly lens: LensResult,
    readonly tree: SyntaxTree | null,
    /** The build context: defines, include paths, header access (see preproc/context.ts). */
    readonly context: SourceContext = EMPTY_CONTEXT,
  ) {
    this.masked = maskCommentsAndStrings(text);
  }

  private _preproc?: Preprocessed;

  /**
   * The preprocessor model under the document's context: inactive branches, macros (its
   * own and its headers'), headers read, type aliases and constants (preproc/model.ts).
   */
  get preproc(): Preprocessed {
    return (this._preproc ??= buildPreproc(this.text, this.masked, this.context));
  }

  /** True when `offset` lies in code an inactive preprocessor branch removes. */
  isInactive(offset: number): boolean {
    return this.preproc.inactive.length > 0 && this.preproc.isInactive(offset);
  }

  /** The document's own active `#define` whose replacement text contains `offset`. */
  macroAt(offset: number): MacroDef | undefined {
    const defs = this.preproc.documentMacros;
    let lo = 0;
    let hi = defs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const d = defs[mid]!;
      if (offset < d.bodySpan.start) hi = mid - 1;
      else if (offset >= d.bodySpan.end) lo = mid + 1;
      else return d;
    }
    return undefined;
  }

  private expansionMemo = new Map<string, Span[]>();

  /** Where a macro of the document is used (outside directives), in order; bounded to the first 16. */
  macroExpansions(name: string): Span[] {
    let hit = this.expansionMemo.get(name);
    if (hit) return hit;
    hit = [];
    const directives = this.preproc.directives.map((d) => d.span);
    const re = new RegExp(`(?<![\\w.])${name}(?!\\w)`, 'g');
    for (let m = re.exec(this.masked); m && hit.length < 16; m = re.exec(this.masked)) {
      if (!inside(directives, m.index) && !this.isInactive(m.index)) hit.push({ start: m.index, end: m.index + name.length });
    }
    this.expansionMemo.set(name, hit);
    return hit;
  }

  /** The text with comments and string contents blanked (same length). */
  get maskedText(): string {
    return this.masked;
  }

  /** True when there is no tree and facts come from the lexical fallback. */
  get partial(): boolean {
    return this.tree === null;
  }

  private _treeComplete = true;

  /**
   * False when collecting the tree's nodes ran out of its budget (pathological nesting):
   * the nodes found so far are used, calls and asm come from the lexical scan.
   */
  get treeComplete(): boolean {
    this.nodesOfType('ERROR');
    return this._treeComplete;
  }

  /** Nodes of the collected types, from one walk of the tree. Empty without a tree. */
  nodesOfType(type: string): SyntaxNode[] {
    if (!this.tree) return [];
    if (!this.nodes) {
      const collected = collectNodes(this.tree.rootNode, COLLECTED);
      this.nodes = collected.nodes;
      this._treeComplete = collected.complete;
    }
    return this.nodes.get(type) ?? [];
  }

  get errorNodeCount(): number {
    return this.nodesOfType('ERROR').length;
  }

  lensEdits(kind?: LensEdit['kind']): LensEdit[] {
    return kind ? this.lens.edits.filter((e) => e.kind === kind) : this.lens.edits;
  }

  /** Kernel launches in active code, those written in `#define` bodies included. */
  launches(): LaunchSite[] {
    return (this._launches ??= this.activeOnly(this.extractLaunches()));
  }

  /**
   * Function calls in active code, launches excluded. Calls written in the document's own
   * `#define` bodies are included, positioned in the definition (the tree does not parse
   * replacement text).
   */
  calls(): CallSite[] {
    return (this._calls ??= this.activeOnly(this.tree && this.treeComplete ? this.withMacroBodies(this.callsFromTree(), (a, b) => this.callsFromText(a, b)) : this.callsFromText()));
  }

  private activeOnly<T extends { span: Span }>(list: T[]): T[] {
    return this.preproc.inactive.length ? list.filter((x) => !this.isInactive(x.span.start)) : list;
  }

  /** Adds what a lexical scan finds in the document's `#define` bodies to a list from the tree. */
  private withMacroBodies<T extends { span: Span }>(list: T[], scan: (from: number, to: number) => T[]): T[] {
    const defs = this.preproc.documentMacros;
    if (!defs.length) return list;
    const extra: T[] = [];
    for (const d of defs) if (d.bodySpan.end > d.bodySpan.start) extra.push(...scan(d.bodySpan.start, d.bodySpan.end));
    if (!extra.length) return list;
    const seen = new Set(list.map((x) => x.span.start));
    return [...list, ...extra.filter((x) => !seen.has(x.span.start))].sort((a, b) => a.span.start - b.span.start);
  }

  private _callsByName?: Map<string, CallSite[]>;

  /**
   * Calls of unqualified or globally qualified (`::name`) functions with one of these
   * names, in document order. Served from an index by name: every rule asks, so this must
   * not scan all calls per rule.
   */
  callsTo(names: ReadonlySet<string>): CallSite[] {
    if (!this._callsByName) {
      this._callsByName = new Map();
      for (const c of this.calls()) {
        if (c.qualified !== c.name && c.qualified !== `::${c.name}`) continue;
        const list = this._callsByName.get(c.name);
        if (list) list.push(c);
        else this._callsByName.set(c.name, [c]);
      }
    }
    const out: CallSite[] = [];
    for (const n of names) {
      const list = this._callsByName.get(n);
      if (list) out.push(...list);
    }
    return names.size > 1 ? out.sort((a, b) => a.span.start - b.span.start) : out;
  }

  /** Inline assembly in active code, that in the document's `#define` bodies included. */
  asm(): AsmSite[] {
    return (this._asm ??= this.activeOnly(this.tree && this.treeComplete ? this.withMacroBodies(this.asmFromTree(), (a, b) => this.asmFromText(a, b)) : this.asmFromText()));
  }

  /** Every function definition in active code with its CUDA qualifiers; kernels are those with `global`. */
  functions(): FunctionModel[] {
    return (this._functions ??= this.activeOnly(buildFunctions(this)));
  }

  /** The innermost function definition that contains `offset`, if any. */
  enclosingFunction(offset: number): FunctionModel | undefined {
    return enclosingFunction(this.functions(), offset);
  }

  /** True when the document has more launches than `MAX_LAUNCHES` and only those were read. */
  launchesTruncated = false;

  private extractLaunches(): LaunchSite[] {
    const out: LaunchSite[] = [];
    for (const e of this.lens.edits) {
      if (e.kind !== 'launch' || !e.launch) continue;
      if (out.length >= MAX_LAUNCHES) {
        this.launchesTruncated = true;
        break;
      }
      const callee = calleeBefore(this.masked, e.launch.open);
      if (!callee) continue;
      let p = e.launch.close + 1;
      while (p < this.masked.length && /\s/.test(this.masked[p]!)) p++;
      if (this.masked[p] !== '(') continue;
      const close = matchBracket(this.masked, p);
      if (close < 0) continue;
      out.push({
        kernel: callee.name,
        qualified: callee.qualified,
        templateArgs: callee.templateArgs,
        kernelSpan: callee.span,
        span: { start: callee.span.start, end: close + 1 },
        configSpan: { start: e.launch.open, end: e.launch.close + 1 },
        config: splitTopLevel(this.text, this.masked, e.launch.configStart, e.launch.configEnd),
        args: splitTopLevel(this.text, this.masked, p + 1, close),
      });
    }
    return out;
  }

  private callsFromTree(): CallSite[] {
    const launchOpens = new Set(this.lens.edits.filter((e) => e.launch).map((e) => e.launch!.open));
    const out: CallSite[] = [];
    for (const node of this.nodesOfType('call_expression')) {
      const fn = node.childForFieldName('function');
      const argList = node.childForFieldName('arguments');
      if (!fn || !argList || argList.type !== 'argument_list') continue;
      // `k<<<g, b>>>(x)` is lensed to `k(  g, b)  (x)`: skip both calls of that shape.
      if (launchOpens.has(argList.startIndex)) continue;
      if (fn.type === 'call_expression') {
        const inner = fn.childForFieldName('arguments');
        if (inner && launchOpens.has(inner.startIndex)) continue;
      }
      const named = nameOfCallee(fn);
      if (!named) continue;
      const args: Arg[] = [];
      for (const a of argList.namedChildren) {
        if (!a || a.type === 'comment') continue;
        args.push({ text: this.text.slice(a.startIndex, a.endIndex), span: { start: a.startIndex, end: a.endIndex } });
      }
      out.push({
        name: named.name,
        qualified: this.text.slice(fn.startIndex, fn.endIndex).replace(/<[^]*>$/, '').replace(/\s+/g, ''),
        nameSpan: named.span,
        span: { start: node.startIndex, end: node.endIndex },
        args,
        argsSpan: { start: argList.startIndex, end: argList.endIndex },
      });
    }
    // Inside ERROR nodes the grammar may not have formed a call (`f(` at the end of
    // half-typed code): add the calls a lexical scan finds there.
    const errors = this.nodesOfType('ERROR');
    if (errors.length) {
      const seen = new Set(out.map((c) => c.nameSpan.start));
      for (const c of this.callsFromText()) {
        if (!seen.has(c.nameSpan.start) && this.insideErrorNode(c.nameSpan.start)) out.push(c);
      }
      out.sort((a, b) => a.span.start - b.span.start);
    }
    return out;
  }

  private _launchOpens?: Set<number>;

  private callsFromText(from = 0, to = this.masked.length): CallSite[] {
    const out: CallSite[] = [];
    // Built once per document: this runs once per `#define` body (50,000 of them in a macro flood).
    const launchOpens = (this._launchOpens ??= new Set(this.lens.edits.filter((e) => e.launch).map((e) => e.launch!.open)));
    // A linear scan, not a regex: `/[A-Za-z_]\w*(?=\s*\()/g` retries from every character
    // of an identifier that no `(` follows, which is quadratic (80 k characters took 9 s).
    const m = this.masked;
    for (let i = from; i < to; ) {
      if (!isIdentStart(m.charCodeAt(i))) {
        i++;
        continue;
      }
      const start = i;
      while (i < m.length && isIdentPart(m.charCodeAt(i))) i++;
      // `1e5f(`: a number's tail is not a name.
      if (start > 0 && isIdentPart(m.charCodeAt(start - 1))) continue;
      let open = i;
      while (open < m.length && isSpace(m.charCodeAt(open))) open++;
      if (m[open] !== '(') continue;
      const name = m.slice(start, i);
      if (isCallKeyword(name)) continue;
      if (launchOpens.has(open)) continue;
      const close = matchBracket(this.masked, open);
      const end = close < 0 ? open + 1 : close + 1;
      const before = this.masked.slice(Math.max(0, start - 2), start);
      // Lexically only the immediate qualifier is known; mark member and scoped calls so
      // `callsTo` does not take `obj.atomicAdd(...)` or `my::cudaMalloc(...)` for the runtime API.
      const qualified = before.endsWith('::') || before.endsWith('.') || before.endsWith('->') ? `${before}${name}` : name;
      out.push({
        name,
        qualified,
        nameSpan: { start, end: start + name.length },
        span: { start, end },
        args: close < 0 ? [] : splitTopLevel(this.text, this.masked, open + 1, close),
        argsSpan: { start: open, end },
      });
    }
    return out;
  }

  private asmFromTree(): AsmSite[] {
    const out: AsmSite[] = [];
    for (const node of this.nodesOfType('gnu_asm_expression')) {
      const kw = node.child(0);
      out.push({
        span: { start: node.startIndex, end: node.endIndex },
        keywordSpan: kw ? { start: kw.startIndex, end: kw.endIndex } : { start: node.startIndex, end: node.startIndex + 3 },
      });
    }
    // `asm("...")` at file scope or in shapes the grammar does not take as gnu_asm_expression.
    const seen = new Set(out.map((a) => a.keywordSpan.start));
    for (const a of this.asmFromText()) if (!seen.has(a.keywordSpan.start) && this.insideErrorNode(a.keywordSpan.start)) out.push(a);
    return out.sort((x, y) => x.span.start - y.span.start);
  }

  private errorIntervals?: Array<[number, number]>;

  /**
   * Whether `offset` lies inside an ERROR node. ERROR spans are merged into sorted
   * intervals once, so each question is a binary search (a file of unbalanced garbage can
   * have tens of thousands of candidate calls).
   */
  private insideErrorNode(offset: number): boolean {
    if (!this.errorIntervals) {
      const spans = this.nodesOfType('ERROR').map((n) => [n.startIndex, n.endIndex] as [number, number]).sort((x, y) => x[0] - y[0]);
      const merged: Array<[number, number]> = [];
      for (const sp of spans) {
        const last = merged[merged.length - 1];
        if (last && sp[0] <= last[1]) last[1] = Math.max(last[1], sp[1]);
        else merged.push([sp[0], sp[1]]);
      }
      this.errorIntervals = merged;
    }
    const iv = this.errorIntervals;
    let lo = 0;
    let hi = iv.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (offset < iv[mid]![0]) hi = mid - 1;
      else if (offset >= iv[mid]![1]) lo = mid + 1;
      else return true;
    }
    return false;
  }

  private asmFromText(from = 0, to = this.masked.length): AsmSite[] {
    const out: AsmSite[] = [];
    // Cheap exit: most `#define` bodies have no asm, and the regex would search past `to`.
    const window = this.masked.slice(from, to);
    if (!/asm/.test(window)) return out;
    const re = /(?<![A-Za-z0-9_])(?:asm|__asm__|__asm)(?![A-Za-z0-9_])/g;
    re.lastIndex = from;
    for (let m = re.exec(this.masked); m && m.index < to; m = re.exec(this.masked)) {
      const kwEnd = m.index + m[0].length;
      let p = kwEnd;
      // asm volatile (...) / asm __volatile__ (...) / asm goto (...)
      const rest = /^\s*(?:(?:volatile|__volatile__|goto|inline)\s*)*/.exec(this.masked.slice(p, p + 64));
      p += rest ? rest[0].length : 0;
      if (this.masked[p] !== '(') continue;
      const close = matchBracket(this.masked, p);
      out.push({ span: { start: m.index, end: close < 0 ? p + 1 : close + 1 }, keywordSpan: { start: m.index, end: kwEnd } });
    }
    return out;
  }
}

function nameOfCallee(fn: SyntaxNode): { name: string; span: Span } | null {
  switch (fn.type) {
    case 'identifier':
      return { name: fn.text, span: { start: fn.startIndex, end: fn.endIndex } };
    case 'qualified_identifier': {
      const n = fn.childForFieldName('name');
      return n ? nameOfCallee(n) : null;
    }
    case 'template_function': {
      const n = fn.childForFieldName('name');
      return n ? nameOfCallee(n) : null;
    }
    case 'field_expression': {
      const f = fn.childForFieldName('field');
      return f ? { name: f.text, span: { start: f.startIndex, end: f.endIndex } } : null;
    }
    case 'destructor_name':
    case 'operator_name':
      return null;
    default:
      return null;
  }
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

/** What `\s` matches in C source (line terminators and the ASCII blanks). */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029;
}
