/**
 * Kernel launches written as calls of a launch wrapper instead of `k<<<grid, block>>>(args)`:
 * the registry of wrapper forms (`LAUNCH_WRAPPERS`, one plain array) and the reading of a
 * wrapper call into the kernel, its configuration and its arguments.
 *
 * A form says where the kernel is among the call's arguments, where the configuration (grid,
 * block, shared-memory bytes, stream) comes from — written as arguments, or a local of a
 * parameter type whose initialiser gives them in that order — and where the kernel's arguments
 * are — the call's remaining arguments, or a local `void* args[] = { &a, &b }` array.
 *
 * A configuration that cannot be read (the parameter object comes from elsewhere, is changed
 * before the launch, or is initialised in another shape) leaves the launch a launch with an
 * unknown configuration. Arguments that cannot be read (an array of pointers built elsewhere,
 * an element that is not `&x`) make the call no launch: its kernel arguments are unknown, and
 * every consumer of launches reads them.
 *
 * Pure: text, masked text, calls and the enclosing function in; plain records out.
 */
import type { Span } from '../types';
import { matchBracket, splitTopLevel, type Arg } from './scan';

/** One launch-wrapper form. */
export interface LaunchWrapperForm {
  /** The callee's name (unqualified, or `::name`). */
  name: string;
  /** Where the form is defined or documented. */
  source: string;
  /** Index of the argument that names the kernel (`k`, `k<T, 4>`, `(void*)k`). */
  kernelArg: number;
  /**
   * `params`: the argument at `arg` is an object of type `type` (a local whose initialiser, or
   * a temporary whose constructor arguments, are grid, block, shared bytes and stream in that
   * order). `args`: the configuration is written as the call's arguments at these indices
   * (shared bytes and stream may be omitted: defaults).
   */
  config: { from: 'params'; arg: number; type: string } | { from: 'args'; grid: number; block: number; shmem: number; stream: number };
  /** `rest`: the kernel's arguments are the call's arguments from `first` on. `array`: a local array of their addresses, at `arg`. */
  args: { from: 'rest'; first: number } | { from: 'array'; arg: number };
}

/**
 * The launch wrappers read as launches. Add a form here only when its arguments can be read
 * exactly as the kernel receives them.
 */
export const LAUNCH_WRAPPERS: readonly LaunchWrapperForm[] = [
  {
    // ggml-cuda/common.cuh: `ggml_cuda_kernel_launch(kernel, launch_params, args...)` launches
    // `kernel<<<block_nums, block_dims, shmem, stream>>>(args...)` (or the same through
    // cudaLaunchKernelEx with a PDL attribute); ggml_cuda_kernel_launch_params is constructed
    // from (block_nums, block_dims, shmem, stream).
    name: 'ggml_cuda_kernel_launch',
    source: 'ggml-cuda/common.cuh (ggml_cuda_kernel_launch, ggml_cuda_kernel_launch_params)',
    kernelArg: 0,
    config: { from: 'params', arg: 1, type: 'ggml_cuda_kernel_launch_params' },
    args: { from: 'rest', first: 2 },
  },
  {
    // CUDA runtime: cudaLaunchKernel(const void* func, dim3 gridDim, dim3 blockDim, void** args, size_t sharedMem = 0, cudaStream_t stream = 0).
    name: 'cudaLaunchKernel',
    source: 'CUDA Runtime API, Execution Control (cudaLaunchKernel)',
    kernelArg: 0,
    config: { from: 'args', grid: 1, block: 2, shmem: 4, stream: 5 },
    args: { from: 'array', arg: 3 },
  },
  {
    // CUDA runtime: cudaLaunchCooperativeKernel(const void* func, dim3 gridDim, dim3 blockDim, void** args, size_t sharedMem = 0, cudaStream_t stream = 0).
    name: 'cudaLaunchCooperativeKernel',
    source: 'CUDA Runtime API, Execution Control (cudaLaunchCooperativeKernel)',
    kernelArg: 0,
    config: { from: 'args', grid: 1, block: 2, shmem: 4, stream: 5 },
    args: { from: 'array', arg: 3 },
  },
];

const BY_NAME = new Map(LAUNCH_WRAPPERS.map((f) => [f.name, f]));

/** Wrappers that take the kernel's arguments as an array of their addresses. */
const ARRAY_LAUNCHES: ReadonlySet<string> = new Set(LAUNCH_WRAPPERS.filter((f) => f.args.from === 'array').map((f) => f.name));

/** The names of the registered wrappers. */
export const LAUNCH_WRAPPER_NAMES: ReadonlySet<string> = new Set(BY_NAME.keys());

/** What the reader needs of a call (a `CallSite`). */
export interface WrapperCall {
  name: string;
  qualified: string;
  span: Span;
  /** The parenthesised argument list, parentheses included. */
  argsSpan: Span;
}

/** A wrapper call read as a launch (the wrapper form of `LaunchSite` without its discriminator). */
export interface WrapperLaunchReading {
  wrapper: string;
  kernel: string;
  qualified: string;
  templateArgs?: string;
  kernelSpan: Span;
  span: Span;
  /** The call's arguments that give the configuration (the params argument, or grid through stream). */
  configArgsSpan: Span;
  /** Grid, block, shared bytes, stream: the expressions they are given by; empty when unknown. */
  config: Arg[];
  configKnown: boolean;
  args: Arg[];
}

export interface WrapperSource {
  text: string;
  masked: string;
  /** The body of the function the offset lies in (none in a `#define` body or at file scope). */
  bodyAt(offset: number): Span | undefined;
}

/** Farthest back a local's declaration is looked for, from the launch (keeps many launches in one huge function linear enough). */
const MAX_LOOKBACK = 16_384;

/** The launch a registered wrapper call makes, or null (not a wrapper, or its kernel or arguments cannot be read). */
export function readWrapperLaunch(src: WrapperSource, call: WrapperCall): WrapperLaunchReading | null {
  const form = BY_NAME.get(call.name);
  if (!form || (call.qualified !== call.name && call.qualified !== `::${call.name}`)) return null;
  const { text, masked } = src;
  const open = call.argsSpan.start;
  const close = call.argsSpan.end - 1;
  if (masked[open] !== '(' || masked[close] !== ')') return null;
  // The kernel argument may hold template arguments with commas (`k<T, 4>`): only it is split counting angle brackets.
  const callArgs = argumentsOf(text, masked, open + 1, close, form.kernelArg);
  const kernelArg = callArgs[form.kernelArg];
  if (!kernelArg) return null;
  const kernel = kernelReference(masked, kernelArg.span.start, kernelArg.span.end);
  if (!kernel) return null;

  let args: Arg[] | null;
  if (form.args.from === 'rest') args = callArgs.slice(form.args.first).map((a) => withoutComments(text, masked, a));
  else {
    const a = callArgs[form.args.arg];
    args = a ? argumentArray(src, a, call.span.start) : null;
  }
  if (!args) return null;

  let config: Arg[] = [];
  let configArgsSpan: Span;
  if (form.config.from === 'args') {
    const c = form.config;
    const list = [c.grid, c.block, c.shmem, c.stream].map((i) => callArgs[i]);
    const written = list.findIndex((a) => !a);
    config = (written < 0 ? list : list.slice(0, written)) as Arg[];
    if (config.length < 2) return null;
    configArgsSpan = { start: config[0]!.span.start, end: config[config.length - 1]!.span.end };
    config = config.map(withoutDim3Cast);
  } else {
    const p = callArgs[form.config.arg];
    if (!p) return null;
    configArgsSpan = p.span;
    config = (paramsObject(src, p, form.config.type, call.span.start) ?? []).map((a) => withoutDim3Cast(withoutComments(text, masked, a)));
    if (config.length !== 4) config = [];
  }
  return {
    wrapper: form.name,
    kernel: kernel.name,
    qualified: kernel.qualified,
    templateArgs: kernel.templateArgs,
    kernelSpan: kernel.span,
    span: call.span,
    configArgsSpan,
    config,
    configKnown: config.length > 0,
    args,
  };
}

/** The call's arguments; the first `angled + 1` of them are split counting `<…>` as brackets. */
function argumentsOf(text: string, masked: string, from: number, to: number, angled: number): Arg[] {
  const out: Arg[] = [];
  let start = from;
  for (let k = 0; k <= angled; k++) {
    const first = splitTopLevel(text, masked, start, to, true)[0];
    if (!first) return out;
    out.push(first);
    // Past the argument and its comma.
    let p = first.span.end;
    while (p < to && masked[p] !== ',') p++;
    start = p + 1;
    if (p >= to) return out;
  }
  return [...out, ...splitTopLevel(text, masked, start, to)];
}

/** `k`, `ns::k`, `k<float, 4>`, `(void*)k`, `&k`, `reinterpret_cast<const void*>(k)`: the kernel named, or null. */
function kernelReference(masked: string, start: number, end: number): { name: string; qualified: string; templateArgs?: string; span: Span } | null {
  [start, end] = stripCasts(masked, start, end);
  if (masked[start] === '&') [start, end] = stripCasts(masked, skipBlank(masked, start + 1), end);
  const m = /^((?:::\s*)?(?:[A-Za-z_]\w*\s*::\s*)*)([A-Za-z_]\w*)\s*(?:<([^]*)>)?$/.exec(masked.slice(start, end));
  if (!m) return null;
  return {
    name: m[2]!,
    qualified: (m[1]! + m[2]!).replace(/\s+/g, ''),
    templateArgs: m[3] === undefined ? undefined : m[3].trim(),
    span: { start, end },
  };
}

/** Removes C-style pointer or `dim3` casts, C++ named casts and redundant parentheses around [start, end). */
function stripCasts(masked: string, start: number, end: number): [number, number] {
  for (let k = 0; k < 8; k++) {
    const s = masked.slice(start, end);
    const named = /^(?:reinterpret_cast|static_cast|const_cast)\s*<[^;{}]*?>\s*\(/.exec(s);
    if (named) {
      const open = start + named[0].length - 1;
      if (matchBracket(masked, open) === end - 1) {
        [start, end] = trim(masked, open + 1, end - 1);
        continue;
      }
    }
    if (masked[start] === '(') {
      const close = matchBracket(masked, start);
      if (close === end - 1) {
        [start, end] = trim(masked, start + 1, end - 1);
        continue;
      }
      // `(void*)x`, `(const void *)x`, `(void**)args`: a cast to a pointer type, then its operand.
      if (close > start && /^\(\s*(?:const\s+)?[A-Za-z_][\w:]*(?:\s*\*)+\s*\)$/.test(masked.slice(start, close + 1))) {
        [start, end] = trim(masked, close + 1, end);
        continue;
      }
    }
    break;
  }
  return [start, end];
}

function skipBlank(masked: string, i: number): number {
  while (i < masked.length && /\s/.test(masked[i]!)) i++;
  return i;
}

function trim(masked: string, start: number, end: number): [number, number] {
  start = skipBlank(masked, start);
  while (end > start && /\s/.test(masked[end - 1]!)) end--;
  return [start, end];
}

/** An argument without the comments before and after it (a block comment before the value, a `// note` line above it). */
function withoutComments(text: string, masked: string, a: Arg): Arg {
  let { start, end } = a.span;
  for (let k = 0; k < 16 && start < end; k++) {
    if (text.startsWith('//', start)) start = text.indexOf('\n', start) < 0 ? end : text.indexOf('\n', start) + 1;
    else if (text.startsWith('/*', start)) start = text.indexOf('*/', start) < 0 ? end : text.indexOf('*/', start) + 2;
    else break;
    start = skipBlank(text, start);
  }
  // A trailing comment is blank in the masked text (a string literal keeps its quotes there).
  let e = end;
  while (e > start && /\s/.test(masked[e - 1]!)) e--;
  if (e < end && /\/[/*]/.test(text.slice(e, end))) end = e;
  if (start >= end || (start === a.span.start && end === a.span.end)) return a;
  return { text: text.slice(start, end), span: { start, end } };
}

/** `(dim3)num_blocks` and `static_cast<dim3>(x)` are the expressions they convert: the launch reads them as written for `<<<…>>>`. */
function withoutDim3Cast(a: Arg): Arg {
  const c = /^\(\s*dim3\s*\)\s*/.exec(a.text);
  if (c) {
    const rest = a.text.slice(c[0].length);
    // Only a primary expression is the cast's whole operand (`(dim3)a + b` casts `a` alone).
    if (/^(?:[A-Za-z_][\w.]*|[A-Za-z_][\w:]*\s*\([^()]*\)|\([^()]*\))$/.test(rest)) return { text: rest, span: { start: a.span.start + c[0].length, end: a.span.end } };
  }
  const s = /^static_cast\s*<\s*dim3\s*>\s*\(([^()]*)\)$/.exec(a.text);
  if (s) {
    const lead = a.text.indexOf('(', a.text.indexOf('>')) + 1;
    const inner = s[1]!;
    const t = inner.trim();
    const off = a.span.start + lead + (inner.length - inner.trimStart().length);
    return { text: t, span: { start: off, end: off + t.length } };
  }
  return a;
}

/**
 * The constructor arguments of the parameter object `arg` names: a temporary written in place
 * (`T(g, b, 0, s)`, `T{…}`), or a local declared in the enclosing function before the launch
 * (`const T p = T(…);`, `= T{…}`, `= {…}`, `T p(…);`, `T p{…};`, `auto p = T(…);`) in a block
 * that is still open at the launch, and not named again before it unless declared const.
 */
function paramsObject(src: WrapperSource, arg: Arg, type: string, at: number): Arg[] | null {
  const { text, masked } = src;
  const t = type.replace(/[$]/g, '\\$&');
  const inline = new RegExp(`^(?:::\\s*)?${t}\\s*(?=[({])`).exec(masked.slice(arg.span.start, arg.span.end));
  if (inline) {
    const open = arg.span.start + inline[0].length;
    return matchBracket(masked, open) === arg.span.end - 1 ? splitTopLevel(text, masked, open + 1, arg.span.end - 1) : null;
  }
  if (!/^[A-Za-z_]\w*$/.test(arg.text)) return null;
  const init = localInitialiser(src, arg.text, new RegExp(String.raw`(?<![\w.:>])((?:(?:static|const|constexpr)\s+)*)(?:(?:::\s*)?${t}|auto)(\s+const)?\s+${arg.text}\s*(=\s*(?:(?:::\s*)?(${t})\s*)?)?(?=[({])`, 'g'), at);
  if (!init) return null;
  // `auto p = {…}` is an initializer_list, and `auto p = f(…)` is not this type: `auto` needs the type named.
  if (init.auto && !init.typed) return null;
  return splitTopLevel(text, masked, init.open + 1, init.close);
}

/** `void* args[] = { &a, (void*)&b, … };` declared before the launch: the kernel's arguments, or null. */
function argumentArray(src: WrapperSource, arg: Arg, at: number): Arg[] | null {
  const { text, masked } = src;
  const [s, e] = stripCasts(masked, arg.span.start, arg.span.end);
  const name = masked.slice(s, e);
  if (!/^[A-Za-z_]\w*$/.test(name)) return null;
  // The array passed to another launch before this one is only read there (two launches of one kernel with the same arguments).
  const launchedWith = (offset: number) => ARRAY_LAUNCHES.has(enclosingCallName(masked, offset) ?? '');
  const init = localInitialiser(src, name, new RegExp(String.raw`(?<![\w.:>])((?:(?:static|const)\s+)*)(?:void)(\s*\*\s*(?:const\s*)?)\s*${name}\s*\[[^\]\n;]*\]\s*(=\s*)?(?=\{)`, 'g'), at, true, launchedWith);
  if (!init) return null;
  const out: Arg[] = [];
  for (const el of splitTopLevel(text, masked, init.open + 1, init.close)) {
    let [a, b] = stripCasts(masked, el.span.start, el.span.end);
    if (masked[a] !== '&') return null;
    [a, b] = trim(masked, a + 1, b);
    // `&x`: the kernel receives a copy of `x`. Anything else (a pointer to an argument made elsewhere) is not read.
    if (a >= b) return null;
    out.push({ text: text.slice(a, b), span: { start: a, end: b } });
  }
  return out;
}

/**
 * The last declaration of `name` matching `decl` in the function around `at`, before `at`, whose
 * block is still open at `at`: the span of its brace or parenthesis initialiser. A local not
 * declared const (or any array, whose elements can be assigned) must not be named between its
 * declaration and `at`.
 */
function localInitialiser(src: WrapperSource, name: string, decl: RegExp, at: number, mutableAlways = false, harmless: (offset: number) => boolean = () => false): { open: number; close: number; auto: boolean; typed: boolean } | null {
  const { masked } = src;
  const body = src.bodyAt(at);
  if (!body) return null;
  const from = Math.max(body.start, at - MAX_LOOKBACK);
  const window = masked.slice(from, at);
  const candidates: { open: number; close: number; auto: boolean; typed: boolean; constant: boolean }[] = [];
  for (const m of window.matchAll(decl)) {
    const open = from + m.index! + m[0].length;
    const close = matchBracket(masked, open);
    if (close < 0 || close >= at) continue;
    if (masked[skipBlank(masked, close + 1)] !== ';') continue;
    candidates.push({ open, close, auto: /\bauto\b/.test(m[0]), typed: m[4] !== undefined, constant: /\bconst(?:expr)?\b/.test(`${m[1] ?? ''} ${m[2] ?? ''}`) });
  }
  // The nearest declaration whose block is still open at the launch (one in a closed sibling block is out of scope).
  const found = candidates.reverse().find((c) => {
    let depth = 0;
    for (let i = c.close + 1; i < at; i++) {
      const ch = masked[i];
      if (ch === '{') depth++;
      else if (ch === '}' && --depth < 0) return false;
    }
    return true;
  });
  if (!found) return null;
  if (mutableAlways || !found.constant) {
    const re = new RegExp(`(?<![\\w.])${name}\\b`, 'g');
    re.lastIndex = found.close + 1;
    for (let m = re.exec(masked); m && m.index < at; m = re.exec(masked)) if (!harmless(m.index)) return null;
  }
  return found;
}

/** The name of the call whose argument list holds `offset` directly (the innermost open parenthesis, looked for a bounded way back). */
function enclosingCallName(masked: string, offset: number): string | undefined {
  let depth = 0;
  for (let i = offset - 1; i >= 0 && i > offset - 4096; i--) {
    const c = masked[i];
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth === 0) return c === '(' ? /([A-Za-z_]\w*)\s*$/.exec(masked.slice(Math.max(0, i - 128), i))?.[1] : undefined;
      depth--;
    } else if (c === ';' && depth === 0) return undefined;
  }
  return undefined;
}
