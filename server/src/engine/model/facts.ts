/**
 * Facts about one file, computed once per analysis and shared by every rule: call sites,
 * kernel launches, inline assembly and the kernel model. With a tree they come from one
 * cursor walk; without one (a parse that timed out) calls and asm come from a lexical
 * scan of the masked text, so rules still give a partial result. Launches always come
 * from the lens, which already found them.
 */
import { maskCommentsAndStrings, type LensEdit, type LensResult } from '../syntax/lens';
import { collectNodes, WALK_BUDGET, type SyntaxNode, type SyntaxTree } from '../syntax/parser';
import type { Span } from '../types';
import { EMPTY_CONTEXT, type SourceContext } from '../preproc/context';
import type { DeviceDef } from '../preproc/deviceDefs';
import { buildPreproc, headerDeviceDefs, inside, type MacroDef, type Preprocessed } from '../preproc/model';
import { attachLaunches, buildFunctions, enclosingFunction, type FunctionModel } from './kernels';
import { LAUNCH_WRAPPER_NAMES, readWrapperLaunch } from './launchWrappers';
import { declarationUnits, KEYWORDS, moveUnit, UnitMemory, unitNames, type Closure, type FieldExpression, type UnitFacts, type UnitTrace } from './units';
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

interface LaunchCommon {
  /** Kernel name without qualifiers or template arguments. */
  kernel: string;
  qualified: string;
  templateArgs?: string;
  kernelSpan: Span;
  /** From the kernel name (the wrapper's name for a wrapper launch) to the closing parenthesis of the arguments. */
  span: Span;
  /** grid, block, shared-memory bytes, stream (as many as were written; for a wrapper launch, as its configuration gives them, or none). */
  config: Arg[];
  args: Arg[];
}

/** `k<<<grid, block, shmem, stream>>>(args)`. */
export interface ChevronLaunch extends LaunchCommon {
  form: 'chevron';
  /** `<<<` through `>>>`. */
  configSpan: Span;
}

/**
 * A call of a registered launch wrapper (`model/launchWrappers.ts`): `ggml_cuda_kernel_launch(k<T>,
 * params, args…)`, `cudaLaunchKernel((void*)k, grid, block, argsArray, shmem, stream)`. The
 * configuration is read from where the wrapper takes it (`config` holds the real expressions,
 * `(dim3)n` read as `n`), or is unknown (`configKnown` false, `config` empty). There is no
 * `<<<>>>` to rewrite: a consumer that edits launch syntax takes chevron launches only.
 */
export interface WrapperLaunch extends LaunchCommon {
  form: 'wrapper';
  /** The wrapper's name (`ggml_cuda_kernel_launch`, `cudaLaunchKernel`). */
  wrapper: string;
  /** The call's arguments that give the configuration (the params argument, or grid through stream). */
  configArgsSpan: Span;
  configKnown: boolean;
}

/** A kernel launch; every consumer decides on `form` whether it also reads wrapper launches. */
export type LaunchSite = ChevronLaunch | WrapperLaunch;

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
const cache = new WeakMap<object, { text: string; tree: SyntaxTree | null; context: SourceContext | undefined; stamp: number | undefined; facts: FileFacts; memory: UnitMemory }>();

export class FileFacts {
  /** Facts for a parsed document, built once per version (same text and tree) and reused. */
  static of(doc: { text: string; lens: LensResult; tree: SyntaxTree | null; context?: SourceContext }): FileFacts {
    const hit = cache.get(doc);
    if (hit && hit.text === doc.text && hit.tree === doc.tree && hit.context === doc.context && hit.stamp === doc.context?.stamp) return hit.facts;
    // The unit facts of the document's previous version carry over to this one.
    const memory = hit?.memory ?? new UnitMemory();
    // What the previous version kept for this one is detached from its text before it goes.
    memory.settle();
    const facts = new FileFacts(doc.text, doc.lens, doc.tree, doc.context ?? EMPTY_CONTEXT, memory);
    cache.set(doc, { text: doc.text, tree: doc.tree, context: doc.context, stamp: doc.context?.stamp, facts, memory });
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
    /** Unit facts of the same document's previous version (see model/units.ts). */
    private readonly memory: UnitMemory = new UnitMemory(),
  ) {
    this.masked = lens.masked !== undefined && lens.masked.length === text.length ? lens.masked : maskCommentsAndStrings(text);
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

  /**
   * False when collecting the tree's nodes ran out of its budget (pathological nesting):
   * the nodes found so far are used, calls and asm come from the lexical scan.
   */
  get treeComplete(): boolean {
    return this.units().every((u) => u.complete);
  }

  /**
   * Nodes of the collected types, from one walk of the whole tree. Empty without a tree.
   * For the port's rare questions; analysis reads the unit facts, which an edit re-collects
   * only for the declarations it changed.
   */
  nodesOfType(type: string): SyntaxNode[] {
    if (!this.tree) return [];
    if (!this.nodes) {
      this.nodes = collectNodes(this.tree.rootNode, COLLECTED).nodes;
    }
    return this.nodes.get(type) ?? [];
  }

  get errorNodeCount(): number {
    let n = 0;
    for (const u of this.units()) n += u.errors.length;
    return n;
  }

  /** The innermost node of `type` whose span is exactly `span` (a function definition the model names). */
  nodeAt(span: Span, type: string): SyntaxNode | undefined {
    if (!this.tree) return undefined;
    for (let n: SyntaxNode | null = this.tree.rootNode.descendantForIndex(span.start, Math.max(span.start, span.end - 1)); n; n = n.parent) {
      if (n.startIndex < span.start) return undefined;
      if (n.type === type && n.endIndex === span.end) return n;
    }
    return undefined;
  }

  /** Field reads (`prop.major`, `p->x`) in the document, in order. */
  fieldExpressions(): FieldExpression[] {
    return (this._fields ??= this.units().flatMap((u) => u.fields));
  }

  private _fields?: FieldExpression[];
  private _devices?: number;
  /** Each unit's text and what it is to a kernel's port (see `portKey`). */
  private unitRoles: { text: string; role: 'kernel' | 'host' | 'other'; unit: UnitFacts; scope: string }[] = [];

  /**
   * The units for declaration-scoped rules (\`Rule.scope\`): each unit's span and digest, whether
   * its facts were collected in this version, and the file-level key those rules depend on
   * beyond a declaration's text: the directives and build context, every function's name,
   * qualified name and kind, every unit's namespace, and the namespace aliases and
   * using-directives anywhere in the file.
   */
  ruleUnits(): { units: { start: number; end: number; hash: string }[]; key: string } {
    this.units();
    const parts = [this.directiveLines(), contextKey(this.context)];
    // Namespace aliases and using-directives: only where the text has any.
    if (this.masked.includes('namespace')) {
      const ns = /\b(?:using\s+namespace\b|namespace\s+[A-Za-z_]\w*\s*=)[^;{}]*;/g;
      for (let m = ns.exec(this.masked); m; m = ns.exec(this.masked)) parts.push(m[0]);
    }
    const units = this.unitRoles.map((r) => {
      if (r.scope || r.unit.functions.length) parts.push(`${r.scope}|${r.unit.signature}`);
      return { start: r.unit.start, end: r.unit.start + r.text.length, hash: r.unit.hash };
    });
    return { units, key: hashText(parts.join('\0')) };
  }

  private _directiveLines?: string;

  /** The document's directive lines, once per version. */
  private directiveLines(): string {
    return (this._directiveLines ??= directiveLinesKey(this.masked));
  }

  /** The facts of the whole file (a restricted view's \`whole\` is the facts it restricts): for lookups. */
  get whole(): FileFacts {
    return this;
  }

  /**
   * A view of these facts whose call, asm, field-expression and function lists hold only what
   * lies in \`spans\` (sorted, disjoint): what declaration-scoped rules run on after an edit. A
   * rule that looks a function up by name (not one it iterates) asks \`whole\`. Every other
   * question (launches, the preprocessor, the text, \`enclosingFunction\`) is answered for the whole file.
   */
  restrictedTo(spans: readonly Span[]): FileFacts {
    const within = (x: { span: Span }) => {
      const s = x.span;
      let lo = 0;
      let hi = spans.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const r = spans[mid]!;
        if (s.start < r.start) hi = mid - 1;
        else if (s.start >= r.end) lo = mid + 1;
        else return true;
      }
      return false;
    };
    const target = this as FileFacts;
    let calls: CallSite[] | undefined;
    let asm: AsmSite[] | undefined;
    let fields: FieldExpression[] | undefined;
    let functions: FunctionModel[] | undefined;
    const view: Partial<FileFacts> = {
      whole: target,
      functions: () => (functions ??= target.functions().filter(within)),
      calls: () => (calls ??= target.calls().filter(within)),
      callsTo: (names: ReadonlySet<string>) => target.callsTo(names).filter(within),
      asm: () => (asm ??= target.asm().filter(within)),
      fieldExpressions: () => (fields ??= target.fieldExpressions().filter(within)),
    };
    // A method is bound once per view, not on every access.
    const bound = new Map<PropertyKey, unknown>();
    return new Proxy(target, {
      get(t, p) {
        if (p in view) return view[p as keyof FileFacts];
        const v = Reflect.get(t, p, t);
        if (typeof v !== 'function') return v;
        let b = bound.get(p);
        if (b === undefined) bound.set(p, (b = v.bind(t)));
        return b;
      },
    });
  }
  private _fileKey?: string;

  /**
   * Per-document memory across versions for one kind of work derived from a function and what
   * it may read (the port's verdicts and GEMM readings, keyed by \`portKey\`; the rules'
   * reports); each user bounds its own, least recently used out (\`keepBounded\`).
   */
  acrossVersions(kind: string): Map<string, unknown> {
    return this.memory.store(kind);
  }

  /** Runs \`detach\` (which copies a kept value apart from this version's text) only if the document gets a next version. */
  detachLater(detach: () => void): void {
    this.memory.later(detach);
  }

  /**
   * Puts \`value\` in a memory of \`acrossVersions\` as its most recent entry, and drops the
   * oldest beyond the document's device functions and kernels plus 16: what the current version
   * needs, and a little of what earlier versions left (a verdict can hold a whole port).
   */
  keepBounded(memory: Map<string, unknown>, key: string, value: unknown): void {
    memory.delete(key);
    memory.set(key, value);
    this._devices ??= this.functions().filter((f) => f.kind !== 'host').length;
    const bound = this._devices + 16;
    while (memory.size > bound) memory.delete(memory.keys().next().value!);
  }

  /**
   * Everything a function's port (or GEMM reading) may read, as one string (of digests): its
   * own text; the document's directives and build context; every other unit that declares a
   * name the function uses (device helpers, types, constants, prototypes, classes, functions),
   * directly or through units so taken; for a template kernel also the host
   * functions that name it or name a host function already taken (its instantiations are
   * read from launches and the calls around them). Ports read other declarations by name, so
   * two versions with the same key give the same verdict, wherever the function moved.
   */
  portKey(fn: FunctionModel): string {
    let key = this.portKeys.get(fn);
    if (key !== undefined) return key;
    this.units();
    this._fileKey ??= hashText(`${this.directiveLines()}\0${contextKey(this.context)}`);
    const index = (this._nameIndex ??= this.nameIndex());
    const taken = new Set<number>();
    // The unit holding the function (units are disjoint and sorted).
    let lo = 0;
    let hi = this.unitRoles.length - 1;
    let home = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const u = this.unitRoles[mid]!.unit;
      if (fn.span.start < u.start) hi = mid - 1;
      else if (fn.span.start >= u.start + this.unitRoles[mid]!.text.length) lo = mid + 1;
      else {
        home = mid;
        break;
      }
    }
    const inside = (i: number) => i === home;
    // Units are taken by a name they declare (and the names they use follow); for a template
    // kernel, host functions also by a name they mention (and their own names follow).
    const follow = (names: ReadonlySet<string>, by: (name: string) => readonly number[] | undefined, always: readonly number[], reads: (u: UnitFacts) => Iterable<string>) => {
      // Most names are declared nowhere in the file: the first level is one lookup each.
      const queue: string[] = [];
      const seen = new Set<string>();
      const take = (i: number) => {
        if (taken.has(i) || inside(i)) return;
        taken.add(i);
        for (const n of reads(this.unitRoles[i]!.unit)) if (!names.has(n) && !seen.has(n)) seen.add(n), queue.push(n);
      };
      for (const i of always) take(i);
      for (const n of names) {
        const list = by(n);
        if (list) for (const i of list) take(i);
      }
      while (queue.length) for (const i of by(queue.pop()!) ?? []) take(i);
      return seen;
    };
    // A function that is its whole unit has its digest and names already.
    const homeUnit = home >= 0 ? this.unitRoles[home]!.unit : undefined;
    const whole = homeUnit && homeUnit.start === fn.span.start && this.unitRoles[home]!.text.length === fn.span.end - fn.span.start ? homeUnit : undefined;
    const own = whole ? whole.hash : hashText(this.text.slice(fn.span.start, fn.span.end));
    // The previous version's closure holds while no name it looked up is declared differently.
    const id = homeUnit && !fn.templateParams ? `${homeUnit.hash}\0${fn.name}\0${fn.span.start - homeUnit.start}` : undefined;
    const before = id === undefined ? undefined : this.memory.previousClosures.get(id);
    const changed = this.changedNames;
    let closure: Closure;
    if (before && changed !== '*' && ![...changed].some((n) => before.names.has(n))) {
      closure = before;
    } else {
      const initial = whole ? whole.ids : unitNames(this.masked.slice(fn.span.start, fn.span.end), false, []).ids;
      const looked = follow(initial, (n) => index.declared.get(n), index.always, (u) => u.ids);
      if (fn.templateParams) {
        const before = new Set(taken);
        follow(new Set([fn.name]), (n) => this.hostsMentioning(n), [], (u) => u.functions.map((f) => f.name));
        // The host functions' template arguments say what an instantiation computes (a
        // function bound to a function-pointer parameter, a type): what they name is read too.
        const named = new Set<string>();
        for (const i of taken) if (!before.has(i)) for (const n of this.unitRoles[i]!.unit.ids) named.add(n);
        follow(named, (n) => index.declared.get(n), [], (u) => u.ids);
      }
      // Digests in a fixed order (not by position): moving a declaration changes nothing a port reads.
      closure = { taken: [...taken].map((i) => this.unitRoles[i]!.unit.hash).sort().join(':'), names: new Set([...initial, ...looked]) };
    }
    if (id !== undefined) this.memory.closures.set(id, closure);
    // What a port reads of the launches: the parameters that carry the block size (`blockSizeParams`), whether every launch is `<<<1, 1>>>` (`oneThreadLaunch`), whether every block is one warp (`warpBlockLaunch`), and a template kernel's blocks per instantiation (`launchBlocks`).
    const bs = fn.kind === 'global' ? this.blockSizeParams(fn) : [];
    key = `${own}:${this._fileKey}:${closure.taken}${bs.length ? `:bs=${bs.join(',')}` : ''}${fn.kind === 'global' && this.oneThreadLaunch(fn) ? ':one-thread' : ''}${fn.kind === 'global' && this.warpBlockLaunch(fn) ? ':warp-block' : ''}${fn.kind === 'global' && this.launchBlocks(fn).length ? `:blocks=${this.launchBlocks(fn).map((b) => `${b.templateArgs ?? ''}@${b.block?.join('x') ?? '?'}`).join(';')}` : ''}`;
    this.portKeys.set(fn, key);
    return key;
  }

  /**
   * The integer parameters of a kernel that receive its block size at every launch in this file
   * (`k<<<rows, block_size>>>(…, block_size)`: the same side-effect-free expression as the
   * `<<<>>>` block and as the argument; for a wrapper launch, as the block its configuration
   * gives), so a kernel striding by one strides by blockDim.x. Empty when the kernel is never
   * launched, a launch's configuration is unknown, or the kernel is named anywhere but its
   * definition, its prototypes and those launches (a launch through a function pointer could
   * pass another value).
   */
  blockSizeParams(fn: FunctionModel): readonly string[] {
    const hit = this.blockSizes.get(fn);
    if (hit) return hit;
    const sites = this.launchesOf(fn.name);
    let out: string[] = [];
    const norm = (t: string) => t.replace(/\s+/g, '').replace(/^\((.*)\)$/, '$1');
    const pure = (t: string) => /^[\w.+\-*/%() ]+$/.test(t) && !/\+\+|--/.test(t);
    const candidates =
      sites.length && sites.every((l) => l.config.length >= 2 && l.args.length === fn.params.length && pure(l.config[1]!.text))
        ? fn.params.filter((p, i) => p.pointerDepth === 0 && !p.isReference && /^(?:(?:const )?(?:int|unsigned|unsigned int|long|size_t|int32_t|uint32_t|int64_t|uint64_t))$/.test(p.type.trim()) && sites.every((l) => norm(l.args[i]!.text) === norm(l.config[1]!.text)))
        : [];
    // Only then the scan of the text for other mentions of the kernel (most launches pass no block size).
    if (candidates.length && this.namedOnlyAt(fn, new Set(sites.map((l) => l.kernelSpan.start)))) out = candidates.map((p) => p.name);
    this.blockSizes.set(fn, out);
    return out;
  }
  private blockSizes = new WeakMap<FunctionModel, readonly string[]>();

  /**
   * Every launch of the kernel in this file is `<<<1, 1>>>` (grid and block the literal 1, or
   * `dim3(1)`), there is at least one, and the kernel is named nowhere else but its definition
   * and prototypes (a launch through a function pointer could use another configuration).
   */
  oneThreadLaunch(fn: FunctionModel): boolean {
    const hit = this.oneThread.get(fn);
    if (hit !== undefined) return hit;
    const one = (t: string | undefined) => t !== undefined && /^(?:1[uU]?|dim3\(\s*1[uU]?\s*(?:,\s*1[uU]?\s*){0,2}\))$/.test(t.replace(/\s+/g, ' ').trim());
    const sites = this.launchesOf(fn.name);
    let out = sites.length > 0 && sites.every((l) => one(l.config[0]?.text) && one(l.config[1]?.text));
    if (out) out = this.namedOnlyAt(fn, new Set(sites.map((l) => l.kernelSpan.start)));
    this.oneThread.set(fn, out);
    return out;
  }
  private oneThread = new WeakMap<FunctionModel, boolean>();

  /**
   * Every launch of the kernel in this file has a block of exactly 32 threads, there is at least
   * one, and the kernel is named nowhere else but its definition and prototypes. The block is
   * the constant 32 (a literal, or a macro or constant the preprocessor model reads as 32), a
   * `dim3(32)`/`dim3(32, 1, 1)`, or a local that holds one of those: a `dim3 b(WARP_SIZE, 1, 1);`
   * or `block_size = 32;` in the launching function, in a block that contains the launch, and not
   * changed again before it (llm.c's softmax_forward3, ggml's cross-entropy launches).
   */
  warpBlockLaunch(fn: FunctionModel): boolean {
    const hit = this.warpBlock.get(fn);
    if (hit !== undefined) return hit;
    const sites = this.launchesOf(fn.name);
    let out = sites.length > 0 && sites.every((l) => l.config.length >= 2 && this.blockOf32(l.config[1]!.text, l.span.start));
    if (out) out = this.namedOnlyAt(fn, new Set(sites.map((l) => l.kernelSpan.start)));
    this.warpBlock.set(fn, out);
    return out;
  }
  private warpBlock = new WeakMap<FunctionModel, boolean>();

  /**
   * The block of each launch of the kernel in this file, with the template arguments written at
   * the launch (`norm_f32<WARP_SIZE><<<g, block_dims>>>` with `const dim3 block_dims(WARP_SIZE, 1, 1);`):
   * x, y, z as numbers, or undefined when the block is not a constant this reads (a literal, a
   * constant, `dim3(…)`, or a local of the launching function set once before the launch in a
   * block that holds it). Empty when the kernel is named anywhere but its launches (a function
   * pointer could launch it with any block).
   */
  launchBlocks(fn: FunctionModel): { templateArgs?: string; block?: [number, number, number] }[] {
    const hit = this.launchBlockMemo.get(fn);
    if (hit) return hit;
    const sites = this.launchesOf(fn.name);
    const read = sites.map((l) => {
      const block = l.config.length >= 2 ? this.blockDims(l.config[1]!.text, l.span.start) : undefined;
      return { ...(l.templateArgs !== undefined ? { templateArgs: l.templateArgs } : {}), ...(block ? { block } : {}) };
    });
    // (The text scan for other mentions only when a block was read: most launches compute theirs.)
    const out = read.some((r) => r.block) && this.namedOnlyAt(fn, new Set(sites.map((l) => l.kernelSpan.start))) ? read : [];
    this.launchBlockMemo.set(fn, out);
    return out;
  }
  private launchBlockMemo = new WeakMap<FunctionModel, { templateArgs?: string; block?: [number, number, number] }[]>();

  /** `text`, a launch's block at offset `at`, is 32 threads (see `warpBlockLaunch`). */
  private blockOf32(text: string, at: number): boolean {
    const b = this.blockDims(text, at);
    return !!b && b[0] === 32 && b[1] === 1 && b[2] === 1;
  }

  /** A launch's block at offset `at` as x, y, z (see `launchBlocks`). */
  private blockDims(text: string, at: number): [number, number, number] | undefined {
    const key = `${at}\0${text}`;
    if (this.blockDimsMemo.has(key)) return this.blockDimsMemo.get(key);
    const out = this.blockDimsUncached(text, at);
    this.blockDimsMemo.set(key, out);
    return out;
  }
  private readonly blockDimsMemo = new Map<string, [number, number, number] | undefined>();

  private blockDimsUncached(text: string, at: number): [number, number, number] | undefined {
    const f = this.launchFields(text, at);
    if (!f || f.length > 3) return undefined;
    const [x, y, z] = [0, 1, 2].map((i) => (f[i] === undefined ? 1 : this.integerConstant(f[i]!)));
    return x !== undefined && y !== undefined && z !== undefined ? [x, y, z] : undefined;
  }

  /**
   * An integer constant expression: literals and integer constants of the preprocessor model
   * with `+ - * / %` (C's truncating division) and parentheses (`(BM / TM) * (BN / TN)`), or
   * undefined. Non-negative results only (a block or tile size).
   */
  integerConstant(text: string): number | undefined {
    const toks = text.match(/\d+[uUlL]*|[A-Za-z_]\w*|[-+*/%()]|\S/g) ?? [];
    if (!toks.length || toks.length > 64) return undefined;
    let i = 0;
    const atom = (): number | undefined => {
      const t = toks[i++];
      if (t === undefined) return undefined;
      if (t === '(') {
        const v = sum();
        return toks[i++] === ')' ? v : undefined;
      }
      if (/^\d/.test(t)) return parseInt(t, 10);
      if (/^[A-Za-z_]/.test(t)) {
        const c = this.preproc.constant(t);
        return c && !c.float && Number.isInteger(c.value) ? c.value : undefined;
      }
      return undefined;
    };
    const product = (): number | undefined => {
      let v = atom();
      while (v !== undefined && (toks[i] === '*' || toks[i] === '/' || toks[i] === '%')) {
        const op = toks[i++];
        const r = atom();
        if (r === undefined || ((op === '/' || op === '%') && r === 0)) return undefined;
        v = op === '*' ? v * r : op === '/' ? Math.trunc(v / r) : v % r;
      }
      return v;
    };
    const sum = (): number | undefined => {
      let v = product();
      while (v !== undefined && (toks[i] === '+' || toks[i] === '-')) {
        const op = toks[i++];
        const r = product();
        if (r === undefined) return undefined;
        v = op === '+' ? v + r : v - r;
      }
      return v;
    };
    const v = sum();
    return v !== undefined && i === toks.length && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  }

  /**
   * The fields of a launch's grid or block argument at offset `at`, as texts: `dim3(a, b)`,
   * `{a, b}`, a single expression, or a local of the launching function (`dim3 name(a, b);`,
   * `dim3 name = dim3(…);`, `name = 256;`): its last declaration or assignment before the launch,
   * not changed again before it, in a block that holds the launch. Undefined when it reads none
   * of those (a local it cannot follow).
   */
  launchFields(text: string, at: number, depth = 0): string[] | undefined {
    const fieldsOf = (list: string) => splitTopLevel(list, list, 0, list.length).map((a) => a.text);
    let t = text.replace(/\s+/g, ' ').trim();
    // (Only parentheses around the whole: `(BM / TM) * (BN / TN)` keeps its own.)
    while (/^\((.*)\)$/.test(t) && matchBracket(t, 0) === t.length - 1) t = t.slice(1, -1).trim();
    const ctor = /^dim3 ?[({]([^{};]*)[)}]$/.exec(t) ?? /^\{([^{};]*)\}$/.exec(t);
    if (ctor) return fieldsOf(ctor[1]!);
    if (!/^[A-Za-z_]\w*$/.test(t)) return [t];
    const f = depth === 0 ? this.enclosingFunction(at) : undefined;
    if (f?.bodySpan) {
      const scope = this.masked.slice(f.bodySpan.start, at);
      const re = new RegExp(`(?:\\bdim3\\s+${t}\\s*(?:=\\s*dim3\\s*)?[({]([^{};]*)[)}]|(?<![\\w.])${t}\\s*=(?!=)\\s*([^;{}]+))\\s*;`, 'g');
      const all = [...scope.matchAll(re)];
      const last = all[all.length - 1];
      if (last) {
        const after = scope.slice(last.index! + last[0].length);
        // Not changed again before the launch, and the launch inside the block that holds the assignment.
        if (new RegExp(`(?<![\\w.])${t}\\b\\s*(?:\\.\\s*[xyz]\\s*)?(?:[-+*/%&|^]?=(?!=)|\\+\\+|--)|(?:\\+\\+|--|&)\\s*${t}\\b`).test(after)) return undefined;
        let level = 0;
        for (const c of after) {
          if (c === '{') level++;
          else if (c === '}' && --level < 0) return undefined;
        }
        return last[1] !== undefined ? fieldsOf(last[1]) : this.launchFields(last[2]!, at, depth + 1);
      }
    }
    // A name the launching function does not set: a constant is its own field.
    return this.integerConstant(t) !== undefined ? [t] : undefined;
  }

  /** The function's name appears in active text only in its definition, prototypes and at these offsets. */
  private namedOnlyAt(fn: FunctionModel, at: ReadonlySet<number>): boolean {
    for (const index of this.mentionsOf(fn.name)) {
      if (index >= fn.span.start && index < fn.span.end) continue;
      if (at.has(index)) continue;
      // A prototype: `void name(` after the return type, ending with `;`.
      if (/\bvoid\s*$/.test(this.masked.slice(Math.max(0, index - 40), index)) && /^\w+\s*\([^;{]*\)\s*;/.test(this.masked.slice(index, index + 600))) continue;
      if (this.attributeArgument(index)) continue;
      return false;
    }
    return true;
  }

  /**
   * Where `name` appears in the active text as a whole identifier not after `.` or `:` (a member
   * or a qualified name is another entity), except, for a function, in a declaration unit its
   * own definition covers (\`namedOnlyAt\` skips those). Kernels' names are indexed in one pass
   * per version over the text between units and the units that name another kernel (the units'
   * identifier sets say which, without reading them); any other name is looked for on its own.
   */
  private mentionsOf(name: string): readonly number[] {
    if (!this.mentionIndex) {
      this.units();
      // Kernels' names that no other function definition shares (another has its own mentions).
      const count = new Map<string, number>();
      for (const f of this.functions()) count.set(f.name, (count.get(f.name) ?? 0) + 1);
      const kernels = new Set(this.functions().filter((f) => f.kind === 'global' && count.get(f.name) === 1).map((f) => f.name));
      const index = new Map<string, number[]>([...kernels].map((k) => [k, []]));
      const everywhere = [...kernels].some((k) => KEYWORDS.has(k));
      const scan = (from: number, to: number) => this.scanMentions(from, to, (id, at) => index.get(id)?.push(at));
      let at = 0;
      for (const r of this.unitRoles) {
        const u = r.unit;
        const end = u.start + r.text.length;
        if (u.start > at) scan(at, u.start);
        at = Math.max(at, end);
        if (everywhere || !u.complete) {
          scan(u.start, end);
          continue;
        }
        // A kernel whose definition covers the unit is named there only inside itself.
        const own = u.functions.filter((f) => f.kind === 'global' && f.span.start <= u.start && f.span.end >= end).map((f) => f.name);
        // The smaller of the two sets is walked.
        const [walk, look] = u.ids.size < kernels.size ? [u.ids, kernels] : [kernels, u.ids];
        let other = false;
        for (const n of walk) {
          if (look.has(n) && !own.includes(n)) {
            other = true;
            break;
          }
        }
        if (other) scan(u.start, end);
      }
      scan(at, this.masked.length);
      this.mentionIndex = index;
    }
    const hit = this.mentionIndex.get(name);
    if (hit) return hit;
    const out: number[] = [];
    this.scanMentions(0, this.masked.length, (id, at) => id === name && out.push(at));
    this.mentionIndex.set(name, out);
    return out;
  }
  private mentionIndex: Map<string, number[]> | undefined;

  /** Each identifier of the active text that starts in [from, to) and follows no `.` or `:`. */
  private scanMentions(from: number, to: number, found: (id: string, at: number) => void): void {
    if (to <= from) return;
    const t = this.masked;
    const re = /[A-Za-z_$][\w$]*/g;
    re.lastIndex = from;
    for (let m = re.exec(t); m && m.index < to; m = re.exec(t)) {
      const before = m.index > 0 ? t[m.index - 1]! : '';
      if (before === '.' || before === ':' || /[\w$]/.test(before)) continue;
      found(m[0], m.index);
    }
  }

  /**
   * The kernel named at `at` is only handed to a function that sets or reads its attributes
   * (`cudaFuncSetAttribute(k, …)`, `cudaFuncSetCacheConfig(k, …)`, `cudaFuncGetAttributes(&a, k)`),
   * directly or through a macro whose parameter goes nowhere else (ggml's
   * `CUDA_SET_SHARED_MEMORY_LIMIT((k<true>), n)`): no launch with another configuration.
   */
  private attributeArgument(at: number): boolean {
    const ATTRIBUTE_ARG: Readonly<Record<string, number>> = { cudaFuncSetAttribute: 0, cudaFuncSetCacheConfig: 0, cudaFuncGetAttributes: 1 };
    const t = this.masked;
    // The innermost call around `at`: its name and the index of the argument `at` is in; parentheses
    // that only wrap the kernel's name (`(k<true>)`) are stepped over.
    let k = at;
    for (let wraps = 0; wraps < 3; wraps++) {
      let depth = 0;
      let commas = 0;
      let open = -1;
      for (let i = k - 1; i >= 0 && i > k - 400; i--) {
        const c = t[i]!;
        if (c === ')' || c === ']' || c === '}') depth++;
        else if (c === '(' || c === '[' || c === '{') {
          if (depth === 0) {
            open = i;
            break;
          }
          depth--;
        } else if (c === ',' && depth === 0) commas++;
        else if (c === ';' && depth === 0) return false;
      }
      if (open < 0 || t[open] !== '(') return false;
      const callee = /([A-Za-z_]\w*)\s*$/.exec(t.slice(Math.max(0, open - 80), open))?.[1];
      if (!callee) {
        if (commas > 0) return false;
        k = open;
        continue;
      }
      if (ATTRIBUTE_ARG[callee] !== undefined) return ATTRIBUTE_ARG[callee] === commas;
      const macro = this.preproc.macros.get(callee);
      const param = macro?.params?.[commas];
      if (!macro || !param) return false;
      const uses = [...macro.body.matchAll(new RegExp(`(?<![\\w.])${param}\\b`, 'g'))];
      return uses.every((u) => {
        const before = macro.body.slice(0, u.index);
        return /\b(?:cudaFuncSetAttribute|cudaFuncSetCacheConfig)\s*\(\s*$/.test(before) || /\bcudaFuncGetAttributes\s*\([^,()]*,\s*$/.test(before);
      });
    }
    return false;
  }

  private portKeys = new WeakMap<FunctionModel, string>();
  /** Names whose declarations changed since the previous version (\`UnitMemory.changedNames\`). */
  private changedNames: ReadonlySet<string> | '*' = '*';
  private _nameIndex?: { declared: Map<string, number[]>; always: number[] };

  /** Every unit by the names it declares. */
  private nameIndex(): { declared: Map<string, number[]>; always: number[] } {
    const declared = new Map<string, number[]>();
    const always: number[] = [];
    this.unitRoles.forEach((r, i) => {
      if (r.unit.declares === '*') always.push(i);
      else for (const n of r.unit.declares) (declared.get(n) ?? declared.set(n, []).get(n)!).push(i);
    });
    return { declared, always };
  }

  private hostMentions: Map<string, number[]> | undefined;

  /** The host functions that mention a name (asked for a few names per template kernel): one index of the host units' identifiers per version. */
  private hostsMentioning(name: string): readonly number[] {
    if (!this.hostMentions) {
      const index = new Map<string, number[]>();
      this.unitRoles.forEach((r, i) => {
        if (r.role !== 'host') return;
        for (const id of r.unit.ids) {
          const list = index.get(id);
          if (list) list.push(i);
          else index.set(id, [i]);
        }
      });
      this.hostMentions = index;
    }
    return this.hostMentions.get(name) ?? [];
  }

  private _units?: UnitFacts[];
  private _unitTrace?: UnitTrace;

  /** What the last collection of unit facts recomputed and reused (`ascendPort.trace.analysis`). */
  get unitTrace(): UnitTrace {
    this.units();
    return this._unitTrace!;
  }

  /**
   * The facts of each top-level declaration, reused from the document's previous version
   * where the declaration's text and the file key (its `#define`/`#undef` lines, which the
   * lens's qualifier macros come from) are unchanged; the others are collected from the tree.
   */
  private units(): UnitFacts[] {
    if (this._units) return this._units;
    if (!this.tree) {
      this._unitTrace = { units: 0, reused: 0, recomputed: [] };
      return (this._units = []);
    }
    const previous = this.memory.begin(defineLines(this.directiveLines()));
    const out: UnitFacts[] = [];
    const recomputed: string[] = [];
    let reused = 0;
    const t0 = performance.now();
    for (const { node, scope } of declarationUnits(this.tree.rootNode)) {
      const start = node.startIndex;
      const end = node.endIndex;
      const text = this.text.slice(start, end);
      const hit = previous.get(text);
      let u: UnitFacts;
      let fresh = false;
      if (hit) {
        u = moveUnit(hit, start);
        reused++;
      } else {
        fresh = true;
        // Past the walk budget (pathological nesting everywhere) the remaining units are read lexically.
        u = this.collectUnit(node, performance.now() - t0 > WALK_BUDGET.ms);
        recomputed.push(firstLine(text));
      }
      // A unit whose facts reach outside it (a call's parentheses unbalanced in an ERROR) depends
      // on more than its text; a reused unit was checked when it was kept.
      if (u.complete && (!fresh || withinUnit(u, start, end))) this.memory.keep(text, u, fresh);
      out.push(u);
      this.unitRoles.push({ text, role: unitRole(u, start, end), unit: u, scope });
    }
    this._unitTrace = { units: out.length, reused, recomputed };
    this.changedNames = this.memory.changedNames(out);
    this.memory.previousClosures = this.memory.closures;
    this.memory.closures = new Map();
    return (this._units = out);
  }

  /** One unit's facts from its subtree (or lexically, when its nodes cannot be collected within budget). */
  private collectUnit(node: SyntaxNode, lexical: boolean): UnitFacts {
    const start = node.startIndex;
    const end = node.endIndex;
    const collected = lexical ? null : collectNodes(node, COLLECTED);
    if (!collected || !collected.complete) {
      // Calls and asm lexically; no function models (the tree could not be read in time).
      return { start, errors: [], calls: this.callsFromText(start, end), asm: this.asmFromText(start, end), functions: [], fields: [], complete: false, hash: hashText(this.text.slice(start, end)), signature: '', ids: new Set(), declares: '*' };
    }
    const get = (type: string) => collected.nodes.get(type) ?? [];
    const errors = get('ERROR').map((n) => ({ start: n.startIndex, end: n.endIndex }));
    const inError = errorTest(errors);
    const calls = this.callsFromTree(get('call_expression'), start, end, inError);
    const asm = this.asmFromTree(get('gnu_asm_expression'), start, end, inError);
    const lensEdits = this.lens.edits.filter((e) => e.start >= start && e.start < end);
    const functions = buildFunctions({ text: this.text, lensEdits, nodesOfType: get, calls });
    const fields: FieldExpression[] = [];
    for (const n of get('field_expression')) {
      const object = n.childForFieldName('argument');
      const field = n.childForFieldName('field');
      if (!object || !field) continue;
      fields.push({
        span: { start: n.startIndex, end: n.endIndex },
        objectSpan: { start: object.startIndex, end: object.endIndex },
        field: field.text,
        fieldSpan: { start: field.startIndex, end: field.endIndex },
        plainField: field.type === 'field_identifier',
      });
    }
    const names = unitNames(this.masked.slice(start, end), node.type === 'ERROR', functions.map((f) => f.name));
    const signature = functions.map((f) => `${f.kind} ${f.qualifiedName}`).join(',');
    return { start, errors, calls, asm, functions, fields, complete: true, hash: hashText(this.text.slice(start, end)), signature, ...names };
  }

  lensEdits(kind?: LensEdit['kind']): LensEdit[] {
    return kind ? this.lens.edits.filter((e) => e.kind === kind) : this.lens.edits;
  }

  /**
   * Kernel launches in active code, those written in `#define` bodies included, in document
   * order: `<<<>>>` launches (from the lens) and calls of registered launch wrappers
   * (`model/launchWrappers.ts`), which stay calls too (`calls()`).
   */
  launches(): LaunchSite[] {
    if (this._launches) return this._launches;
    const chevrons = this.activeOnly(this.extractLaunches());
    const wrappers = this.wrapperLaunches(MAX_LAUNCHES - chevrons.length);
    return (this._launches = wrappers.length ? [...chevrons, ...wrappers].sort((a, b) => a.span.start - b.span.start) : chevrons);
  }

  /** The launches of the kernel named \`name\`, in order (one grouping per version, not a filter per question). */
  launchesOf(name: string): readonly LaunchSite[] {
    if (!this._launchesByKernel) {
      const by = new Map<string, LaunchSite[]>();
      for (const l of this.launches()) {
        const list = by.get(l.kernel);
        if (list) list.push(l);
        else by.set(l.kernel, [l]);
      }
      this._launchesByKernel = by;
    }
    return this._launchesByKernel.get(name) ?? [];
  }
  private _launchesByKernel: Map<string, LaunchSite[]> | undefined;

  /** Calls of registered launch wrappers read as launches (active code only: `calls()` is). */
  private wrapperLaunches(room: number): WrapperLaunch[] {
    const out: WrapperLaunch[] = [];
    if (room <= 0) return out;
    // Cheap exit: most files name no wrapper.
    if (![...LAUNCH_WRAPPER_NAMES].some((n) => this.masked.includes(n))) return out;
    // Function models without launches (`functions()` attaches launches, so it cannot be asked here).
    const fns = this.units().flatMap((u) => u.functions);
    const src = { text: this.text, masked: this.masked, bodyAt: (offset: number) => (this.macroAt(offset) ? undefined : enclosingFunction(fns, offset)?.bodySpan) };
    for (const c of this.callsTo(LAUNCH_WRAPPER_NAMES)) {
      if (out.length >= room) {
        this.launchesTruncated = true;
        break;
      }
      const r = readWrapperLaunch(src, c);
      if (r) out.push({ form: 'wrapper', ...r });
    }
    return out;
  }

  /**
   * Function calls in active code, launches excluded. Calls written in the document's own
   * `#define` bodies are included, positioned in the definition (the tree does not parse
   * replacement text).
   */
  calls(): CallSite[] {
    return (this._calls ??= this.activeOnly(this.tree ? this.withMacroBodies(this.units().flatMap((u) => u.calls), (a, b) => this.callsFromText(a, b)) : this.callsFromText()));
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
    return (this._asm ??= this.activeOnly(this.tree ? this.withMacroBodies(this.units().flatMap((u) => u.asm), (a, b) => this.asmFromText(a, b)) : this.asmFromText()));
  }

  /** Every function definition in active code with its CUDA qualifiers; kernels are those with `global`. */
  functions(): FunctionModel[] {
    if (this._functions) return this._functions;
    // The unit's models are shared with later versions: each version gets its own, with its launches.
    const fns = this.units().flatMap((u) => u.functions.map((f) => ({ ...f, launchSites: [] })));
    attachLaunches(fns, this.launches());
    return (this._functions = this.activeOnly(fns));
  }

  /**
   * The `__device__` definitions named `name` in the workspace headers this document reads
   * (in include order), each with its header's text: what a port inlines when the document
   * itself does not define the helper. Empty without header access.
   */
  headerDeviceDefinitions(name: string): { file: string; text: string; def: DeviceDef }[] {
    const read = this.context.readFile;
    if (!read) return [];
    const out: { file: string; text: string; def: DeviceDef }[] = [];
    for (const file of this.preproc.includes) {
      const text = read(file);
      if (text === undefined) continue;
      // One scan per header text, cached with its other facts: later lookups are map reads.
      for (const def of headerDeviceDefs(file, text).get(name) ?? []) out.push({ file, text, def });
    }
    return out;
  }

  /** The innermost function definition that contains `offset`, if any. */
  enclosingFunction(offset: number): FunctionModel | undefined {
    return enclosingFunction(this.functions(), offset);
  }

  /** True when the document has more launches than `MAX_LAUNCHES` and only those were read. */
  launchesTruncated = false;

  private extractLaunches(): ChevronLaunch[] {
    const out: ChevronLaunch[] = [];
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
        form: 'chevron',
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

  private callsFromTree(nodes: readonly SyntaxNode[], from: number, to: number, inError: ((offset: number) => boolean) | null): CallSite[] {
    const launchOpens = (this._launchOpens ??= new Set(this.lens.edits.filter((e) => e.launch).map((e) => e.launch!.open)));
    const out: CallSite[] = [];
    for (const node of nodes) {
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
    if (inError) {
      const seen = new Set(out.map((c) => c.nameSpan.start));
      for (const c of this.callsFromText(from, to)) {
        if (!seen.has(c.nameSpan.start) && inError(c.nameSpan.start)) out.push(c);
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

  private asmFromTree(nodes: readonly SyntaxNode[], from: number, to: number, inError: ((offset: number) => boolean) | null): AsmSite[] {
    const out: AsmSite[] = [];
    for (const node of nodes) {
      const kw = node.child(0);
      out.push({
        span: { start: node.startIndex, end: node.endIndex },
        keywordSpan: kw ? { start: kw.startIndex, end: kw.endIndex } : { start: node.startIndex, end: node.startIndex + 3 },
      });
    }
    // `asm("...")` at file scope or in shapes the grammar does not take as gnu_asm_expression.
    if (inError) {
      const seen = new Set(out.map((a) => a.keywordSpan.start));
      for (const a of this.asmFromText(from, to)) if (!seen.has(a.keywordSpan.start) && inError(a.keywordSpan.start)) out.push(a);
    }
    return out.sort((x, y) => x.span.start - y.span.start);
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

/**
 * Whether an offset lies inside one of these ERROR spans, or null without any. The spans are
 * merged into sorted intervals once, so each question is a binary search (a declaration of
 * unbalanced garbage can have tens of thousands of candidate calls).
 */
function errorTest(errors: readonly Span[]): ((offset: number) => boolean) | null {
  if (!errors.length) return null;
  const merged: Array<[number, number]> = [];
  for (const sp of [...errors].sort((x, y) => x.start - y.start)) {
    const last = merged[merged.length - 1];
    if (last && sp.start <= last[1]) last[1] = Math.max(last[1], sp.end);
    else merged.push([sp.start, sp.end]);
  }
  return (offset) => {
    let lo = 0;
    let hi = merged.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (offset < merged[mid]![0]) hi = mid - 1;
      else if (offset >= merged[mid]![1]) lo = mid + 1;
      else return true;
    }
    return false;
  };
}

/** The `#define` and `#undef` lines among the directive lines: the lens's qualifier macros come from them. */
function defineLines(directives: string): string {
  return directives
    .split('\n\0')
    .filter((d) => /^[ \t]*#[ \t]*(?:define|undef)\b/.test(d))
    .join('\n\0');
}

/** Whether every span of the unit's facts lies inside [start, end). */
function withinUnit(u: UnitFacts, start: number, end: number): boolean {
  const inside = (s: Span) => s.start >= start && s.end <= end;
  return u.calls.every((c) => inside(c.span) && c.args.every((a) => inside(a.span))) && u.asm.every((a) => inside(a.span)) && u.functions.every((f) => inside(f.span));
}

/** A unit's first line, trimmed and bounded, to name it in traces. */
function firstLine(text: string): string {
  const line = text.trimStart().split('\n', 1)[0]!.trim();
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

/** Every preprocessor directive line of the document (continuations included). */
function directiveLinesKey(masked: string): string {
  const out: string[] = [];
  const re = /^[ \t]*#[^\n]*(?:\\\r?\n[^\n]*)*/gm;
  for (let m = re.exec(masked); m; m = re.exec(masked)) out.push(m[0]);
  // A separator no directive holds (a directive spans several lines with continuations).
  return out.join('\n\0');
}

const contextIds = new WeakMap<SourceContext, number>();
let nextContextId = 0;

/** The build context's identity and stamp (headers read through it may have changed). */
function contextKey(context: SourceContext): string {
  let id = contextIds.get(context);
  if (id === undefined) contextIds.set(context, (id = nextContextId++));
  return `${id}:${context.stamp ?? ''}`;
}

/** A unit that is one host function, one kernel, or anything else (what a port may read). */
function unitRole(u: UnitFacts, start: number, end: number): 'kernel' | 'host' | 'other' {
  const f = u.functions[0];
  if (!f || f.span.start !== start || f.span.end !== end) return 'other';
  if (u.functions.some((g) => g.kind !== 'host' && g.kind !== 'global')) return 'other';
  return f.kind === 'global' ? 'kernel' : 'host';
}

/**
 * A 106-bit digest of a text (two independent 53-bit string hashes), as a short string: port
 * keys name texts by it instead of holding them.
 */
export function hashText(text: string): string {
  let h1 = 0xdeadbeef ^ text.length;
  let h2 = 0x41c6ce57 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  let h3 = 0x9e3779b9 ^ text.length;
  let h4 = 0x85ebca6b ^ text.length;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    h3 = Math.imul(h3 ^ c, 2246822519);
    h4 = Math.imul(h4 ^ c, 3266489917);
  }
  h3 = Math.imul(h3 ^ (h3 >>> 15), 2654435761) ^ Math.imul(h4 ^ (h4 >>> 13), 1597334677);
  h4 = Math.imul(h4 ^ (h4 >>> 15), 2654435761) ^ Math.imul(h3 ^ (h3 >>> 13), 1597334677);
  return `${((h2 >>> 0) * 2097152 + (h1 >>> 11)).toString(36)}.${((h4 >>> 0) * 2097152 + (h3 >>> 11)).toString(36)}`;
}
