/**
 * The preprocessor model of one document: which code is active under its defines, the
 * macro table (its own `#define`s and those of the workspace headers it includes), the
 * headers read, `typedef`/`using` aliases and named constants. Pure: headers come only
 * through `context.readFile`.
 *
 * Conditional policy (docs/preprocessor.md):
 * - the configured defines, the predefined macros of nvcc's CUDA 13 device pass
 *   (`PREDEFINED`) and the `#define`s seen so far decide; `defined(X)` of a macro nobody
 *   defines is false, as for the compiler;
 * - a condition that reads the value of an identifier that is not a macro (the standard's
 *   silent 0) is unknown: the chain takes its `#else` branch, or, without `#else`, the
 *   unknown branch itself (so `#if SOME_FEATURE … #endif` stays visible);
 * - a condition that reads `__CUDA_ARCH__` (and it is not configured) keeps every branch of
 *   its chain active: nvcc compiles the file once for the host (undefined) and once per
 *   device architecture, so each branch is code the user builds; so does a condition on a
 *   macro defined inside such a chain (its value differs between the passes: `MacroDef.arch`);
 * - without header access (no `readFile`: a host that gives none), after a quoted include a
 *   condition on a macro nobody defined, or an unknown one, also keeps every branch active:
 *   the macro may come from the header we cannot see, and greying code we know nothing
 *   about would hide findings. With header access, a header that is not found is skipped
 *   and the rules above apply (build flags such as `GGML_USE_HIP` stay undefined).
 *
 * Bounded: include depth, header count and bytes, include cycles, macro count and
 * expansion size each stop the work at their limit with one notice, never a hang.
 */
import type { Notice, Span } from '../types';
import type { SourceContext } from './context';
import { scanDeviceDefs, type DeviceDef } from './deviceDefs';
import { blankContinuations, scanDirectives, type Directive } from './directives';
import { evaluate, expandTokens, ExpansionLimit, tokenize, type MacroLike } from './expand';
import { maskCommentsAndStrings } from '../syntax/lens';

export interface MacroDef extends MacroLike {
  /** Absolute path of the header that defines it; undefined for the document itself. */
  file?: string;
  /** The whole `#define` directive, in its file. */
  span: Span;
  nameSpan: Span;
  /** The replacement text, continuations included, in its file. */
  bodySpan: Span;
  /**
   * Defined inside a branch of a `__CUDA_ARCH__` chain (CUTLASS's `#if __CUDA_ARCH__ >= 800
   * #define CUDA_CP_ASYNC_ACTIVATED 1 #else … 0`): its value differs between nvcc's host and
   * device passes, so a condition that reads it keeps every branch, like `__CUDA_ARCH__` itself.
   */
  arch?: boolean;
}

export interface AliasDecl {
  name: string;
  /** The aliased type as written, qualifiers kept. */
  type: string;
  file?: string;
  span: Span;
}

export interface PreprocModel {
  /** The macro table at the end of the document. */
  macros: ReadonlyMap<string, MacroDef>;
  /** Active `#define`s written in the document itself, in order. */
  documentMacros: readonly MacroDef[];
  /** Inactive code of the document (from after a condition's line to the next directive of its chain). */
  inactive: readonly Span[];
  /** Absolute paths of every workspace header read, nested ones included, in first-read order. */
  includes: readonly string[];
  /**
   * Every name the document and the headers it reads define as a macro, in any branch (active
   * or not): the user's own names, which library rules must not report as the library's.
   */
  definedNames: ReadonlySet<string>;
  /** Active `typedef`/`using` aliases of the document and its headers, later ones win. */
  aliases: ReadonlyMap<string, AliasDecl>;
  notices: readonly Notice[];
  /** Directives of the document, for scanners that must not look into them. */
  directives: readonly Directive[];
}

/** Macros nvcc (CUDA 13, device pass) predefines that code tests; the configured defines override them. */
export const PREDEFINED: Readonly<Record<string, string>> = {
  __CUDACC__: '1',
  __NVCC__: '1',
  __CUDACC_VER_MAJOR__: '13',
  __CUDACC_VER_MINOR__: '0',
  CUDART_VERSION: '13000',
  CUDA_VERSION: '13000',
  __cplusplus: '201703L',
  __linux__: '1',
};

export const PREPROC_LIMITS = {
  /** Nested include depth below the document. */
  includeDepth: 16,
  /** Distinct headers read per document. */
  headers: 256,
  /** Total characters of headers read per document. */
  headerChars: 8 * 1024 * 1024,
  /** `#define`s kept per document (headers included). */
  macros: 8000,
};

/** Known system, C++ standard library and CUDA toolkit headers: never read, their content comes from our own tables. */
const SYSTEM_PREFIXES = /^(?:cuda|cu(?:blas|dnn|fft|rand|sparse|solver|tensor|tlass\/arch)|nvrtc|nccl|npp|nvtx|nvToolsExt|nvml|thrust\/|cub\/|cuda\/|crt\/|cooperative_groups|mma\.h|sm_\d|device_|driver_|vector_|math_constants|texture_|surface_|host_|builtin_types|channel_descriptor|library_types|nvtx3\/)/;
const C_HEADERS = new Set(['assert.h', 'ctype.h', 'errno.h', 'float.h', 'limits.h', 'locale.h', 'math.h', 'setjmp.h', 'signal.h', 'stdarg.h', 'stddef.h', 'stdint.h', 'stdio.h', 'stdlib.h', 'string.h', 'time.h', 'stdbool.h', 'inttypes.h', 'unistd.h', 'pthread.h', 'sys/time.h', 'sys/types.h', 'sys/stat.h', 'fcntl.h', 'dirent.h', 'malloc.h', 'memory.h', 'windows.h', 'omp.h', 'immintrin.h', 'x86intrin.h', 'alloca.h', 'dlfcn.h', 'getopt.h', 'strings.h', 'wchar.h']);

/** A CUDA toolkit header (`cuda_profiler_api.h`, `cooperative_groups.h`, `cublas_v2.h`), as opposed to the C/C++ library. */
export function isCudaToolkitHeader(name: string): boolean {
  return SYSTEM_PREFIXES.test(name) && !C_HEADERS.has(name);
}

export function isSystemHeader(name: string): boolean {
  return !/\./.test(name) || C_HEADERS.has(name) || SYSTEM_PREFIXES.test(name);
}

/** A named constant: `constexpr int kWarpSize = 32;`, `static const float kScale = 0.5f;`. */
export interface ConstDecl {
  name: string;
  /** The initialiser as written. */
  value: string;
  file?: string;
  span: Span;
}

interface HeaderScan {
  text: string;
  masked: string;
  directives: Directive[];
  aliases: AliasDecl[];
  constants: ConstDecl[];
  /** Its `__device__` function definitions, scanned on first request (deviceDefs.ts). */
  devices?: Map<string, DeviceDef[]>;
}

/**
 * Scans of header texts by path, computed once per (path, text) and shared by every
 * document (the P3 edit path re-reads no header facts). Bounded in entries and characters;
 * the least recently used scan goes first.
 */
class HeaderCache {
  private readonly map = new Map<string, HeaderScan>();
  private chars = 0;
  constructor(
    private readonly maxEntries = 512,
    private readonly maxChars = 64 * 1024 * 1024,
  ) {}
  /** The cached scan of exactly this text, without scanning. */
  peek(path: string, text: string | undefined): HeaderScan | undefined {
    const hit = this.map.get(path);
    return hit && text !== undefined && hit.text === text ? hit : undefined;
  }
  get(path: string, text: string): HeaderScan {
    const hit = this.map.get(path);
    if (hit && hit.text === text) {
      this.map.delete(path);
      this.map.set(path, hit);
      return hit;
    }
    if (hit) {
      this.map.delete(path);
      this.chars -= hit.text.length;
    }
    HeaderCache.scans++;
    const scan = scanFile(text, path);
    this.map.set(path, scan);
    this.chars += text.length;
    while (this.map.size > this.maxEntries || (this.chars > this.maxChars && this.map.size > 1)) {
      const [k, v] = this.map.entries().next().value as [string, HeaderScan];
      this.map.delete(k);
      this.chars -= v.text.length;
    }
    return scan;
  }
  /** Number of scans computed so far (tests check reuse). */
  static scans = 0;
}

export const headerCache = new HeaderCache();

/** The `__device__` function definitions of a header's text (scanned once per text, with its other facts). */
export function headerDeviceDefs(path: string, text: string): ReadonlyMap<string, readonly DeviceDef[]> {
  const scan = headerCache.get(path, text);
  return (scan.devices ??= scanDeviceDefs(scan.masked));
}

function scanFile(text: string, file: string | undefined, masked = maskCommentsAndStrings(text)): HeaderScan {
  return { text, masked, directives: scanDirectives(masked), aliases: scanAliases(masked, file), constants: [...scanConstants(masked, file), ...scanPacks(masked, file)] };
}

/** `constexpr`/`const` scalars with an initialiser (any scope: names of constants rarely collide). */
function scanConstants(masked: string, file: string | undefined): ConstDecl[] {
  const out: ConstDecl[] = [];
  const re = /\b(?:constexpr|const)\s+(?:static\s+|constexpr\s+|const\s+)*(?:unsigned\s+|signed\s+)?(?:int|long(?:\s+long)?|size_t|float|double|auto|int32_t|uint32_t|int64_t|uint64_t|unsigned|short|char)\s+([A-Za-z_]\w*)\s*=\s*([^;{}]{1,200}?)\s*;/g;
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    const span = { start: m.index, end: m.index + m[0].length };
    // `constexpr int kRows = 33, kCols = 65;`: one constant per declarator.
    const pieces = topLevelCommaSplit(m[2]!);
    const more = pieces.slice(1).map((p) => /^\s*([A-Za-z_]\w*)\s*=\s*([^]+?)\s*$/.exec(p));
    if (more.length && more.every((x) => x)) {
      out.push({ name: m[1]!, value: pieces[0]!.trim(), file, span });
      for (const x of more) out.push({ name: x![1]!, value: x![2]!, file, span });
    } else out.push({ name: m[1]!, value: m[2]!, file, span });
  }
  return out;
}

/** The name under which the model records a 16-byte pack fact (see `scanPacks`): not an identifier, so no lookup of a C++ name meets it. */
export function packFactName(kind: 'struct' | 'load' | 'store', name: string): string {
  return `pack ${kind} ${name}`;
}

/**
 * 16-byte packs, as llm.c's `Packed128<T>` spells them: a template struct whose `size` is
 * `sizeof(int4) / sizeof(T)`, holding `T payload[size]` indexed by `operator[]`; helpers that
 * load one from `const T* p` through `reinterpret_cast<const int4*>(p)` (optionally under
 * `__ldcs`/`__ldcg`/`__ldca`/`__ldlu`) and store one to `T* p` through `reinterpret_cast<int4*>(p)`
 * (optionally under `__stcs`/`__stcg`/`__stwt`/`__stwb`). Recorded as constants under
 * `packFactName(…)` (value 16, the bytes) so that they follow the model's include order and
 * inactive regions like any other declaration.
 */
function scanPacks(masked: string, file: string | undefined): ConstDecl[] {
  const out: ConstDecl[] = [];
  if (!masked.includes('int4')) return out;
  const structs = new Set<string>();
  const head = /\btemplate\s*<\s*(?:class|typename)\s+([A-Za-z_]\w*)\s*>\s*struct\s+(?:alignas\s*\(\s*16\s*\)\s*)?([A-Za-z_]\w*)\s*\{/g;
  for (let m = head.exec(masked); m; m = head.exec(masked)) {
    const open = m.index + m[0].length - 1;
    let depth = 0;
    let end = -1;
    for (let i = open; i < masked.length && i < open + 20000; i++) {
      if (masked[i] === '{') depth++;
      else if (masked[i] === '}' && --depth === 0) {
        end = i;
        break;
      }
    }
    if (end < 0) continue;
    const body = masked.slice(open, end);
    const t = m[1]!;
    const sized = new RegExp(`\\bsize\\s*=\\s*sizeof\\s*\\(\\s*int4\\s*\\)\\s*/\\s*sizeof\\s*\\(\\s*${t}\\s*\\)\\s*;`).test(body);
    const payload = new RegExp(`\\b${t}\\s+([A-Za-z_]\\w*)\\s*\\[\\s*size\\s*\\]\\s*;`).exec(body);
    const index = payload && new RegExp(`operator\\s*\\[\\s*\\]\\s*\\(\\s*int\\s+([A-Za-z_]\\w*)\\s*\\)\\s*(?:const\\s*)?\\{\\s*return\\s+${payload[1]}\\s*\\[\\s*\\1\\s*\\]\\s*;\\s*\\}`).test(body);
    if (sized && index) {
      structs.add(m[2]!);
      out.push({ name: packFactName('struct', m[2]!), value: '16', file, span: { start: m.index, end: end + 1 } });
    }
  }
  for (const st of structs) {
    const load = new RegExp(`\\b([A-Za-z_]\\w*)\\s*\\(\\s*const\\s+[A-Za-z_]\\w*\\s*\\*\\s*([A-Za-z_]\\w*)\\s*\\)\\s*\\{\\s*return\\s+${st}\\s*<\\s*\\w+\\s*>\\s*\\{\\s*(?:\\*\\s*reinterpret_cast\\s*<\\s*const\\s+int4\\s*\\*\\s*>\\s*\\(\\s*\\2\\s*\\)|__ld(?:cs|cg|ca|lu)\\s*\\(\\s*reinterpret_cast\\s*<\\s*const\\s+int4\\s*\\*\\s*>\\s*\\(\\s*\\2\\s*\\)\\s*\\))\\s*\\}\\s*;\\s*\\}`, 'g');
    for (let m = load.exec(masked); m; m = load.exec(masked)) out.push({ name: packFactName('load', m[1]!), value: '16', file, span: { start: m.index, end: m.index + m[0].length } });
    const store = new RegExp(`\\b([A-Za-z_]\\w*)\\s*\\(\\s*[A-Za-z_]\\w*\\s*\\*\\s*([A-Za-z_]\\w*)\\s*,\\s*${st}\\s*<\\s*\\w+\\s*>\\s*([A-Za-z_]\\w*)\\s*\\)\\s*\\{\\s*(?:\\*\\s*reinterpret_cast\\s*<\\s*int4\\s*\\*\\s*>\\s*\\(\\s*\\2\\s*\\)\\s*=\\s*\\3\\s*\\.\\s*get_bits\\s*\\(\\s*\\)|__st(?:cs|cg|wt|wb)\\s*\\(\\s*reinterpret_cast\\s*<\\s*int4\\s*\\*\\s*>\\s*\\(\\s*\\2\\s*\\)\\s*,\\s*\\3\\s*\\.\\s*get_bits\\s*\\(\\s*\\)\\s*\\))\\s*;\\s*\\}`, 'g');
    for (let m = store.exec(masked); m; m = store.exec(masked)) out.push({ name: packFactName('store', m[1]!), value: '16', file, span: { start: m.index, end: m.index + m[0].length } });
  }
  return out;
}

/** `a, b(c, d), e` → `a`, ` b(c, d)`, ` e` (commas inside brackets stay). */
function topLevelCommaSplit(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[' || c === '<') depth++;
    else if ((c === ')' || c === ']' || c === '>') && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(from, i));
      from = i + 1;
    }
  }
  out.push(s.slice(from));
  return out;
}

/** `typedef T name;` and `using name = T;` (not function pointers, not templates' `using` of members). */
function scanAliases(masked: string, file: string | undefined): AliasDecl[] {
  const out: AliasDecl[] = [];
  const re = /\b(?:typedef\s+([^;{}()#]{1,200}?)\s*\b([A-Za-z_]\w*)\s*;|using\s+([A-Za-z_]\w*)\s*=\s*([^;{}()#]{1,200}?)\s*;)/g;
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    const name = m[2] ?? m[3]!;
    const type = (m[1] ?? m[4]!).replace(/\s+/g, ' ').trim();
    if (!type || /\b(?:struct|union|enum|class)\s*$/.test(type)) continue;
    out.push({ name, type, file, span: { start: m.index, end: m.index + m[0].length } });
  }
  return out;
}

/**
 * What processing an included header did to the document's preprocessor state, as a log
 * replayed when the same header text is included again from the same state (the next
 * keystroke in the document): header conditions are evaluated once per header version and
 * entry state, not per keystroke.
 */
type Op =
  | { k: 'def'; def: MacroDef }
  | { k: 'skipdef' }
  | { k: 'undef'; name: string }
  | { k: 'alias'; a: AliasDecl }
  | { k: 'const'; c: ConstDecl }
  | { k: 'once'; path: string }
  | { k: 'owned'; name: string }
  | { k: 'inc'; path: string; chars: number }
  | { k: 'notice'; reason: 'include-limit' | 'macro-limit'; key: string; message: string };

interface Recording {
  ops: Op[];
  /** Every header read while recording, with the scan it had: a replay is valid only if each still reads the same. */
  reads: Array<[string, HeaderScan]>;
}

/** Include logs by (header scan, entry state, include stack, context): bounded, least recently used first out. */
const includeLogs = new Map<string, Recording>();
const MAX_INCLUDE_LOGS = 1024;
const scanIds = new WeakMap<HeaderScan, number>();
let nextScanId = 1;
const scanId = (s: HeaderScan) => {
  let id = scanIds.get(s);
  if (id === undefined) scanIds.set(s, (id = nextScanId++));
  return id;
};

/** FNV-1a over a string, continuing from `h`. */
function fnv(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

interface Frame {
  /** Whether the code around the chain is active. */
  outer: boolean;
  /** The current branch is active. */
  active: boolean;
  /** A branch of the chain has been taken. */
  taken: boolean;
  /** Every branch is active (the chain tests `__CUDA_ARCH__`). */
  all: boolean;
  hasElse: boolean;
  /** Where the current inactive branch started (document only). */
  inactiveFrom: number;
}

/** For each `#if`-type directive index: whether its chain has an `#else`. */
function chainsWithElse(ds: readonly Directive[]): Set<number> {
  const out = new Set<number>();
  const stack: number[] = [];
  for (let i = 0; i < ds.length; i++) {
    const k = ds[i]!.kind;
    if (k === 'if' || k === 'ifdef' || k === 'ifndef') stack.push(i);
    else if (k === 'else' && stack.length) out.add(stack[stack.length - 1]!);
    else if (k === 'endif') stack.pop();
  }
  return out;
}

class Builder {
  readonly macros = new Map<string, MacroDef>();
  readonly documentMacros: MacroDef[] = [];
  readonly includes: string[] = [];
  readonly aliases = new Map<string, AliasDecl>();
  readonly constants = new Map<string, ConstDecl>();
  /** Macro names defined in any branch of the document or a header read. */
  readonly ownedNames = new Set<string>();
  readonly notices: Notice[] = [];
  private readonly noticed = new Set<string>();
  private headerChars = 0;
  private defineCount = 0;
  private readonly once = new Set<string>();
  private readonly predefined: Map<string, MacroLike>;
  /** A workspace include was not read: conditions on undefined or unknown macros keep every branch. */
  private unresolved = false;

  constructor(private readonly context: SourceContext) {
    this.predefined = new Map();
    for (const [name, body] of Object.entries({ ...PREDEFINED, ...context.defines })) this.predefined.set(name, { name, body });
    this.self = context.path ? normalizePath(context.path) : undefined;
    this.contextKey = JSON.stringify([context.path ?? '', context.defines, context.includePaths, context.forcedIncludes ?? [], context.stamp ?? 0]);
  }

  /** Reads a forced include (`-include FILE`) before the document, as the compiler does. */
  forceInclude(path: string, stack: string[]): void {
    const file = normalizePath(path);
    const text = this.context.readFile?.(file);
    if (text === undefined) {
      // The build reads a header we cannot: conditions on unknown macros keep every branch.
      this.unresolved = true;
      return;
    }
    const hscan = headerCache.get(file, text);
    for (const r of this.recordings) r.reads.push([file, hscan]);
    this.includeRead(hscan, file, text, file.slice(file.lastIndexOf('/') + 1), 0, stack);
  }

  private notice(reason: 'include-limit' | 'macro-limit', key: string, message: string): void {
    this.emit({ k: 'notice', reason, key, message });
  }

  private readonly recordings: Recording[] = [];
  /** Two hashes of every state change so far (macros, once, headers read): the entry state of an include. */
  private h1 = 2166136261;
  private h2 = 0x9747b28c;
  private readonly contextKey: string;
  /** The document's own path, normalised. */
  private readonly self: string | undefined;

  private hash(s: string): void {
    this.h1 = fnv(this.h1, s);
    this.h2 = fnv(this.h2, `~${s}`);
  }

  /** Applies one state change, and records it for every header being processed. */
  private emit(op: Op): void {
    switch (op.k) {
      case 'def':
        this.defineCount++;
        this.macros.set(op.def.name, op.def);
        this.ownedNames.add(op.def.name);
        if (op.def.file === undefined) this.documentMacros.push(op.def);
        this.hash(`d${op.def.name}(${op.def.params?.join(',') ?? ''}${op.def.variadic ? '...' : ''})${op.def.body}`);
        break;
      case 'skipdef':
        this.defineCount++;
        this.hash('s');
        break;
      case 'undef':
        this.macros.delete(op.name);
        this.hash(`u${op.name}`);
        break;
      case 'alias':
        this.aliases.set(op.a.name, op.a);
        break;
      case 'const':
        this.constants.set(op.c.name, op.c);
        break;
      case 'owned':
        this.ownedNames.add(op.name);
        break;
      case 'once':
        this.once.add(op.path);
        this.hash(`o${op.path}`);
        break;
      case 'inc':
        this.headerChars += op.chars;
        this.includes.push(op.path);
        this.hash(`i${op.path}`);
        break;
      case 'notice':
        if (!this.noticed.has(op.key)) {
          this.noticed.add(op.key);
          this.notices.push({ kind: 'partial', reason: op.reason, message: op.message });
        }
        break;
    }
    for (const r of this.recordings) r.ops.push(op);
  }

  lookup = (name: string): MacroLike | undefined => this.macros.get(name) ?? this.predefined.get(name);
  /** Open `#if` chains that test `__CUDA_ARCH__` (across nested includes): macros defined inside them are arch-dependent. */
  private archChains = 0;

  /** Processes one file's directives; returns its inactive spans. */
  run(scan: HeaderScan, file: string | undefined, depth: number, stack: string[]): Span[] {
    const ds = scan.directives;
    const withElse = chainsWithElse(ds);
    const frames: Frame[] = [];
    const inactive: Span[] = [];
    const active = () => (frames.length ? frames[frames.length - 1]!.active : true);
    const lineAfter = (d: Directive) => Math.min(scan.text.length, d.span.end + 1);
    for (let i = 0; i < ds.length; i++) {
      const d = ds[i]!;
      switch (d.kind) {
        case 'if':
        case 'ifdef':
        case 'ifndef': {
          const outer = active();
          const f: Frame = { outer, active: false, taken: false, all: false, hasElse: withElse.has(i), inactiveFrom: -1 };
          if (outer) {
            const c = this.condition(d);
            if (c.arch) {
              f.all = true;
              this.archChains++;
            }
            this.enter(f, c);
            if (!f.active) f.inactiveFrom = lineAfter(d);
          }
          frames.push(f);
          break;
        }
        case 'elif':
        case 'elifdef':
        case 'elifndef':
        case 'else': {
          const f = frames[frames.length - 1];
          if (!f) break;
          if (!f.outer) break;
          const was = f.active;
          if (f.all) f.active = true;
          else if (f.taken) f.active = false;
          else if (d.kind === 'else') {
            f.active = true;
            f.taken = true;
          } else this.enter(f, this.condition(d));
          if (!was && f.active && f.inactiveFrom >= 0) {
            inactive.push({ start: f.inactiveFrom, end: d.span.start });
            f.inactiveFrom = -1;
          } else if (was && !f.active) f.inactiveFrom = lineAfter(d);
          break;
        }
        case 'endif': {
          const f = frames.pop();
          if (f?.all) this.archChains--;
          if (f && f.outer && !f.active && f.inactiveFrom >= 0) inactive.push({ start: f.inactiveFrom, end: d.span.start });
          break;
        }
        default:
          if (!active()) {
            // A macro defined in an inactive branch (llm.c's `ncclCheck` under `#ifdef MULTI_GPU`)
            // is still the workspace's name, not a library's.
            if (d.kind === 'define') {
              const name = /^\s*([A-Za-z_]\w*)/.exec(d.rest)?.[1];
              if (name) this.emit({ k: 'owned', name });
            }
            break;
          }
          if (d.kind === 'define') this.define(scan, d, file);
          else if (d.kind === 'undef') {
            const name = /^\s*([A-Za-z_]\w*)/.exec(d.rest)?.[1];
            if (name) this.emit({ k: 'undef', name });
          } else if (d.kind === 'include' || d.kind === 'include_next' || d.kind === 'import') this.include(scan, d, file, depth, stack);
          else if (d.kind === 'pragma' && /^\s*once\b/.test(d.rest) && (file ?? this.self)) this.emit({ k: 'once', path: (file ?? this.self)! });
      }
    }
    // An unterminated `#if` at the end of the file: its inactive branch runs to the end.
    for (const f of frames) if (f.outer && !f.active && f.inactiveFrom >= 0) inactive.push({ start: f.inactiveFrom, end: scan.text.length });
    for (const f of frames) if (f.all) this.archChains--;
    inactive.sort((a, b) => a.start - b.start);
    const directiveSpans = ds.map((x) => x.span);
    for (const a of scan.aliases) if (!inside(inactive, a.span.start) && !inside(directiveSpans, a.span.start)) this.emit({ k: 'alias', a });
    for (const c of scan.constants) if (!inside(inactive, c.span.start) && !inside(directiveSpans, c.span.start)) this.emit({ k: 'const', c });
    return inactive;
  }

  private enter(f: Frame, c: { value: boolean; unknown: boolean; arch: boolean }): void {
    if (f.all) {
      f.active = true;
      f.taken = true;
    } else if (!c.unknown) {
      f.active = c.value;
      f.taken = c.value;
    } else if (f.hasElse) f.active = false;
    else {
      f.active = true;
      f.taken = true;
    }
  }

  private condition(d: Directive): { value: boolean; unknown: boolean; arch: boolean } {
    const name = () => /^\s*([A-Za-z_]\w*)/.exec(d.rest)?.[1] ?? '';
    if (d.kind === 'ifdef' || d.kind === 'elifdef' || d.kind === 'ifndef' || d.kind === 'elifndef') {
      const n = name();
      const negate = d.kind.endsWith('ndef');
      if (n === '__CUDA_ARCH__' && !this.lookup(n)) return { value: true, unknown: true, arch: true };
      if ((this.lookup(n) as MacroDef | undefined)?.arch) return { value: true, unknown: true, arch: true };
      const def = !!this.lookup(n);
      if (!def && this.unresolved) return { value: true, unknown: true, arch: true };
      return { value: negate ? !def : def, unknown: false, arch: false };
    }
    let toks = tokenize(d.rest);
    // `defined X` and `defined(X)` first; `__CUDA_ARCH__` tested without a configured value marks the chain.
    let arch = false;
    const resolved: typeof toks = [];
    // A macro defined under a `__CUDA_ARCH__` test makes the condition arch-dependent too.
    const lookup = (n: string): MacroLike | undefined => {
      const m = this.lookup(n);
      if ((m as MacroDef | undefined)?.arch) arch = true;
      return m;
    };
    try {
      toks = expandTokens(toks, lookup, new Set(), 0, { produced: 0 }, true);
    } catch (e) {
      if (e instanceof ExpansionLimit) {
        this.notice('macro-limit', `expand:${e.message}`, `macro expansion stopped: ${e.message} (a recursive or huge macro); the condition is taken as unknown`);
        return { value: false, unknown: true, arch: false };
      }
      throw e;
    }
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      if (t.k === 'id' && t.v === 'defined') {
        let n = toks[i + 1];
        let skip = 1;
        if (n?.k === 'op' && n.v === '(') {
          n = toks[i + 2];
          skip = 3;
        }
        const nm = n?.v ?? '';
        if (!this.lookup(nm) && (nm === '__CUDA_ARCH__' || this.unresolved)) arch = true;
        resolved.push({ k: 'num', v: lookup(nm) ? '1' : '0' });
        i += skip;
        continue;
      }
      resolved.push(t);
    }
    const v = evaluate(resolved, false);
    if (!v) return { value: false, unknown: true, arch: arch || this.unresolved };
    return { value: v.value !== 0, unknown: v.unknown, arch: arch || v.arch || (v.unknown && this.unresolved) };
  }

  private define(scan: HeaderScan, d: Directive, file: string | undefined): void {
    const m = /^(\s+)([A-Za-z_]\w*)/.exec(d.rest);
    if (!m) return;
    const name = m[2]!;
    const nameStart = d.restStart + m[1]!.length;
    const nameEnd = nameStart + name.length;
    let bodyStart = nameEnd;
    let params: string[] | undefined;
    let variadic = false;
    if (scan.text[nameEnd] === '(') {
      const close = scan.masked.indexOf(')', nameEnd);
      if (close < 0 || close > d.span.end) return;
      params = [];
      for (const p of blankContinuations(scan.masked.slice(nameEnd + 1, close)).split(',')) {
        const t = p.trim();
        if (!t) continue;
        if (t === '...') variadic = true;
        else if (t.endsWith('...')) {
          variadic = true;
          params.push(t.slice(0, -3).trim());
        } else params.push(t);
      }
      bodyStart = close + 1;
    }
    if (this.defineCount + 1 > PREPROC_LIMITS.macros) {
      this.emit({ k: 'skipdef' });
      this.notice('macro-limit', 'count', `more than ${PREPROC_LIMITS.macros} macro definitions: later #defines are not modelled (constants and macro bodies past the limit are not seen)`);
      return;
    }
    const body = blankContinuations(scan.text.slice(bodyStart, d.span.end)).trim();
    const def: MacroDef = { name, params, variadic, body, file, span: d.span, nameSpan: { start: nameStart, end: nameEnd }, bodySpan: { start: bodyStart, end: d.span.end }, ...(this.archChains > 0 ? { arch: true } : {}) };
    this.emit({ k: 'def', def });
  }

  private include(scan: HeaderScan, d: Directive, file: string | undefined, depth: number, stack: string[]): void {
    const raw = blankContinuations(scan.text.slice(d.restStart, d.span.end));
    const m = /^\s*(?:"([^"\n]+)"|<([^>\n]+)>)/.exec(raw);
    if (!m) return;
    const name = (m[1] ?? m[2]!).trim();
    // A toolkit-like name (`cuda_common.h`, `cublas_common.h`) in quotes is the workspace's own
    // header when it sits beside the including file (llm.c's `llmc/cublas_common.h` defines the
    // `cublasCheck` wrapper and `floatX`); through the include paths, which may hold the CUDA
    // toolkit itself, and in angle brackets, it is the toolkit's and is never read.
    const system = isSystemHeader(name);
    if (system && (m[1] === undefined || !/\./.test(name))) return;
    const read = this.context.readFile;
    if (!read) {
      // Angle includes of unknown libraries are not the workspace's; quoted ones are.
      if (m[1] !== undefined && !system) this.unresolved = true;
      return;
    }
    const candidates: string[] = [];
    if (name.startsWith('/')) {
      if (!system) candidates.push(normalizePath(name));
    } else {
      if (m[1] !== undefined) {
        const from = file ?? this.context.path;
        if (from) candidates.push(normalizePath(`${dirname(from)}/${name}`));
      }
      if (!system) for (const dir of this.context.includePaths) candidates.push(normalizePath(`${dir}/${name}`));
    }
    let path: string | undefined;
    let text: string | undefined;
    for (const c of candidates) {
      text = read(c);
      if (text !== undefined) {
        path = c;
        break;
      }
    }
    if (path === undefined || text === undefined) return;
    const hscan = headerCache.get(path, text);
    for (const r of this.recordings) r.reads.push([path, hscan]);
    const key = `${scanId(hscan)}\0${this.h1}:${this.h2}\0${stack.join('\0')}\0${depth}\0${this.contextKey}`;
    const log = includeLogs.get(key);
    if (log && log.reads.every(([p, s]) => headerCache.peek(p, read(p)) === s)) {
      includeLogs.delete(key);
      includeLogs.set(key, log);
      for (const r of this.recordings) r.reads.push(...log.reads);
      for (const op of log.ops) this.emit(op);
      return;
    }
    const rec: Recording = { ops: [], reads: [] };
    this.recordings.push(rec);
    try {
      this.includeRead(hscan, path, text, name, depth, stack);
    } finally {
      this.recordings.pop();
    }
    includeLogs.set(key, rec);
    if (includeLogs.size > MAX_INCLUDE_LOGS) includeLogs.delete(includeLogs.keys().next().value as string);
  }

  private includeRead(scan: HeaderScan, path: string, text: string, name: string, depth: number, stack: string[]): void {
    if (this.once.has(path)) return;
    const self = this.context.path ? normalizePath(this.context.path) : undefined;
    if (stack.includes(path) || path === self) {
      const chain = [...stack, path].map((p) => p.slice(p.lastIndexOf('/') + 1)).join(' → ');
      // A header whose guard is already defined would be empty anyway: no notice for it.
      const s = scan;
      const guard = s.directives[0]?.kind === 'ifndef' ? /^\s*([A-Za-z_]\w*)/.exec(s.directives[0].rest)?.[1] : undefined;
      if (!(guard && this.lookup(guard))) this.notice('include-limit', `cycle:${path}`, `include cycle ${chain}: the header was not entered again`);
      return;
    }
    if (depth + 1 > PREPROC_LIMITS.includeDepth) {
      this.notice('include-limit', 'depth', `includes nested deeper than ${PREPROC_LIMITS.includeDepth} levels were not read (${name})`);
      return;
    }
    if (!this.includes.includes(path)) {
      if (this.includes.length >= PREPROC_LIMITS.headers) {
        this.notice('include-limit', 'count', `more than ${PREPROC_LIMITS.headers} headers: the rest were not read`);
        return;
      }
      if (this.headerChars + text.length > PREPROC_LIMITS.headerChars) {
        this.notice('include-limit', 'bytes', `headers past ${PREPROC_LIMITS.headerChars / (1024 * 1024)} MB in total were not read (${name})`);
        return;
      }
      this.emit({ k: 'inc', path, chars: text.length });
    }
    this.run(scan, path, depth + 1, [...stack, path]);
  }
}

export function inside(spans: readonly Span[], offset: number): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid]!;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return true;
  }
  return false;
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : p.slice(0, i);
}

export function normalizePath(p: string): string {
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return (abs ? '/' : '') + out.join('/');
}

/** The preprocessor model of a document's text under its context. */
export function buildPreproc(text: string, masked: string, context: SourceContext): Preprocessed {
  const b = new Builder(context);
  const scan = scanFile(text, undefined, masked);
  const self = context.path ? normalizePath(context.path) : undefined;
  for (const forced of context.forcedIncludes ?? []) b.forceInclude(forced, self ? [self] : []);
  const inactive = b.run(scan, undefined, 0, self ? [self] : []);
  return new Preprocessed(
    { macros: b.macros, documentMacros: b.documentMacros, definedNames: b.ownedNames, inactive, includes: b.includes, aliases: b.aliases, constants: b.constants, notices: b.notices, directives: scan.directives },
    b.lookup,
  );
}

/** Canonical spellings of CUDA's 16-bit float types. */
const CANONICAL: Readonly<Record<string, string>> = { __half: 'half', nv_bfloat16: '__nv_bfloat16', __nv_bfloat16: '__nv_bfloat16' };
const TYPE_WORDS = new Set(['const', 'volatile', 'unsigned', 'signed', 'long', 'short', 'int', 'char', 'float', 'double', 'void', 'bool', 'struct', 'class', '__restrict__', '__restrict', 'restrict']);

/** The model plus the questions rules and ports ask of it: inactive code, types, constants. */
export class Preprocessed implements PreprocModel {
  readonly macros: ReadonlyMap<string, MacroDef>;
  readonly documentMacros: readonly MacroDef[];
  readonly definedNames: ReadonlySet<string>;
  readonly inactive: readonly Span[];
  readonly includes: readonly string[];
  readonly aliases: ReadonlyMap<string, AliasDecl>;
  readonly constants: ReadonlyMap<string, ConstDecl>;
  readonly notices: Notice[];
  readonly directives: readonly Directive[];
  private readonly constantMemo = new Map<string, { value: number; float: boolean; text: string } | null>();

  constructor(
    m: PreprocModel & { constants: ReadonlyMap<string, ConstDecl>; notices: Notice[] },
    private readonly lookup: (name: string) => MacroLike | undefined,
  ) {
    this.macros = m.macros;
    this.definedNames = m.definedNames;
    this.documentMacros = m.documentMacros;
    this.inactive = m.inactive;
    this.includes = m.includes;
    this.aliases = m.aliases;
    this.constants = m.constants;
    this.notices = m.notices;
    this.directives = m.directives;
  }

  /** True when `offset` of the document lies in an inactive branch. */
  isInactive(offset: number): boolean {
    return inside(this.inactive, offset);
  }

  /**
   * A type with aliases (`typedef`, `using`, object-like macros naming a type) resolved,
   * chains followed, and CUDA's 16-bit spellings made canonical (`__half` → `half`,
   * `nv_bfloat16` → `__nv_bfloat16`). Qualifiers and `*` are kept as written.
   */
  resolveType(type: string): string {
    let t = type;
    for (let round = 0; round < 16; round++) {
      const next = t.replace(/[A-Za-z_]\w*/g, (w) => {
        if (TYPE_WORDS.has(w)) return w;
        const a = this.aliases.get(w);
        if (a) return a.type;
        const m = this.macros.get(w);
        if (m && !m.params && /^[\w\s:*]+$/.test(m.body) && m.body.trim()) return m.body.trim();
        return CANONICAL[w] ?? w;
      });
      if (next === t) break;
      t = next;
    }
    return t.replace(/\s+/g, ' ').trim();
  }

  /**
   * The value of a constant macro or `constexpr` (`#define WARP_SIZE 32`,
   * `#define SCALE sqrtf(2.0f / M_PI)`, `constexpr int kWarpSize = 32`), folded with
   * bounded expansion; undefined when it is not a constant. `text` is a literal spelling:
   * an integer, or a float with 9 significant digits (float's round trip) and `f`.
   */
  constant(name: string): { value: number; float: boolean; text: string } | undefined {
    const hit = this.constantMemo.get(name);
    if (hit !== undefined) return hit ?? undefined;
    this.constantMemo.set(name, null);
    let body: string | undefined;
    const m = this.macros.get(name);
    if (m && !m.params) body = m.body;
    else if (!m) body = this.constants.get(name)?.value;
    let out: { value: number; float: boolean; text: string } | undefined;
    if (body !== undefined) {
      try {
        const toks = expandTokens(tokenize(body), (n) => this.lookup(n) ?? (this.constants.has(n) && n !== name ? { name: n, body: this.constants.get(n)!.value } : undefined), new Set([name]));
        const v = evaluate(toks, true);
        if (v && !v.unknown) out = { value: v.value, float: v.float, text: v.float ? floatLiteral(v.value) : String(v.value) };
      } catch (e) {
        if (!(e instanceof ExpansionLimit)) throw e;
        this.notices.push({ kind: 'partial', reason: 'macro-limit', message: `the constant \`${name}\` was not folded: ${e.message}` });
      }
    }
    this.constantMemo.set(name, out ?? null);
    return out;
  }
}

/** A float literal that round-trips through float (9 significant digits). */
export function floatLiteral(v: number): string {
  const s = Math.fround(v).toPrecision(9);
  const t = s.includes('e') ? s : s.replace(/0+$/, '').replace(/\.$/, '.0');
  return `${t}f`;
}
