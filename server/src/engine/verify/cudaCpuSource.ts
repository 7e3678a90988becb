/**
 * The CUDA side of `ascend-port verify`: turns a real `.cu` file into text that g++
 * compiles against the CPU shim (`verify/include/cuda_cpu.h`):
 *
 *   k<<<g, b, s, st>>>(args)         -> ::ap_cuda::Launch(k, g, b, s, st)(args)
 *   k<T, 4><<<g, b>>>(args)          -> ::ap_cuda::Launch(k<T, 4>, g, b)(args)
 *   tk<<<g, b>>>(args)  (tk a template kernel of this file with deduced arguments, or a
 *                        kernel with default arguments: a function pointer can do neither)
 *                                    -> ::ap_cuda::Launch([](auto&&... ap_a_) { tk(...); }, g, b)(args)
 *   extern __shared__ T name[];      -> T* const name = ::ap_cuda::dynamic_smem<T>();
 *   static __shared__ T x[32];       -> __shared__ T x[32];   (the shim's __shared__ is `static`)
 *
 * Launches come from the CUDA lens (syntax/lens.ts), so they are found inside `#define`
 * bodies, across lines and with the spaced `< < <` spellings, and never in comments or
 * strings. Every edit stays on its line (line breaks and `\` continuations are kept), so
 * with the optional `#line 1 "<path>"` header, compiler errors point at the user's file.
 *
 * Pure: text in, text and notes out; no I/O. Never throws: on an internal error it
 * returns the input (with the header) and a note saying so.
 */
import { applyCudaLens, maskCommentsAndStrings } from '../syntax/lens';

export interface CudaCpuViewOptions {
  /** When given, `#line 1 "<path>"` is put on a line of its own before the text. */
  path?: string;
}

export interface CudaCpuView {
  text: string;
  /** What was rewritten and what will not run on the CPU, one line each (`line N: ...`). */
  notes: string[];
}

/** Longest callee expression (`ns::k<T, 256>`) scanned backwards from `<<<`. */
const MAX_CALLEE_SCAN = 2048;
/** Longest `extern __shared__` declaration scanned for its `;`. */
const MAX_DECL_SCAN = 512;
/** How far before `__global__` a `template <...>` header is looked for. */
const MAX_TEMPLATE_LOOKBACK = 1024;
/** How far after `__global__` the kernel's name is looked for. */
const MAX_NAME_SCAN = 512;

interface Edit {
  start: number;
  end: number;
  text: string;
}

export function cudaCpuView(text: string, options: CudaCpuViewOptions = {}): CudaCpuView {
  const src = typeof text === 'string' ? text : '';
  const header = options.path !== undefined ? `#line 1 "${escapePath(options.path)}"\n` : '';
  try {
    const { body, notes } = rewrite(src);
    return { text: header + body, notes };
  } catch (e) {
    return { text: header + src, notes: [`internal error in the CUDA CPU view (the text is unchanged): ${String(e)}`] };
  }
}

function escapePath(p: string): string {
  return p.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]/g, ' ');
}

function rewrite(src: string): { body: string; notes: string[] } {
  const mask = maskCommentsAndStrings(src);
  const lines = new LineOf(src);
  const notes: string[] = [];
  const edits: Edit[] = [];

  const kernels = findKernelDecls(mask);
  const lens = applyCudaLens(src, { qualifiers: false, qualifierMacros: false });
  for (const e of lens.edits) {
    if (e.kind !== 'launch' || !e.launch) continue;
    const { open, close, configStart, configEnd } = e.launch;
    const callee = calleeBefore(mask, open);
    if (!callee) {
      notes.push(`line ${lines.of(open)}: a launch without a recognisable kernel expression was left as is`);
      continue;
    }
    const name = mask.slice(callee.start, callee.end).replace(/\s+/g, '');
    const bare = /^(?:::)?(?:[A-Za-z_]\w*::)*([A-Za-z_]\w*)$/.exec(name);
    const last = /([A-Za-z_]\w*)(?:<.*>)?$/.exec(name);
    const lambda = (bare !== null && kernels.templates.has(bare[1]!)) || (last !== null && kernels.defaults.has(last[1]!));
    if (lambda) {
      edits.push({ start: callee.start, end: callee.start, text: '::ap_cuda::Launch([](auto&&... ap_a_) { ' });
      edits.push({ start: callee.end, end: callee.end, text: '(static_cast<decltype(ap_a_)&&>(ap_a_)...); }' });
    } else {
      edits.push({ start: callee.start, end: callee.start, text: '::ap_cuda::Launch(' });
    }
    edits.push({ start: open, end: configStart, text: ', ' });
    edits.push({ start: configEnd, end: close + 1, text: ')' });
  }

  dynamicShared(src, mask, lines, edits, notes);
  staticShared(mask, edits);
  unsupported(mask, lines, notes);

  return { body: applyEdits(src, edits, notes, lines), notes };
}

// ---------------------------------------------------------------------------------------
// Launch callees
// ---------------------------------------------------------------------------------------

function isId(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}
function isBlank(s: string, i: number): boolean {
  const c = s[i];
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || (c === '\\' && (s[i + 1] === '\n' || s[i + 1] === '\r'));
}
/** Index of the last non-blank character before `i` (not before `floor`), or floor - 1. */
function backOverBlanks(s: string, i: number, floor: number): number {
  let j = i - 1;
  while (j >= floor && isBlank(s, j)) j--;
  return j;
}

/**
 * The expression a launch opener at `open` applies to: a chain of identifiers joined by
 * `::`, `.` or `->`, each possibly followed by template arguments, subscripts or a
 * parenthesised group (`ns::k<T>`, `kernels[i]`, `(*fp)`). Null if there is none.
 */
function calleeBefore(mask: string, open: number): { start: number; end: number } | null {
  const floor = Math.max(0, open - MAX_CALLEE_SCAN);
  let j = backOverBlanks(mask, open, floor);
  if (j < floor) return null;
  const end = j + 1;
  let start = -1;
  for (;;) {
    const c = mask[j];
    if (c === '>' || c === ']' || c === ')') {
      const openCh = c === '>' ? '<' : c === ']' ? '[' : '(';
      const m = matchBack(mask, j, openCh, c, floor);
      if (m < 0) return null;
      start = m;
      j = backOverBlanks(mask, m, floor);
      if (c === '>') {
        // Template arguments belong to the identifier before them.
        if (j < floor || !isId(mask[j])) return null;
        continue;
      }
      if (j >= floor && (isId(mask[j]) || mask[j] === ')' || mask[j] === ']')) continue;
      break;
    }
    if (isId(c)) {
      let k = j;
      while (k > floor && isId(mask[k - 1])) k--;
      if (/[0-9]/.test(mask[k]!)) return null; // a number, not a name
      start = k;
      j = backOverBlanks(mask, k, floor);
      if (j >= floor + 1 && mask[j] === ':' && mask[j - 1] === ':') {
        start = j - 1;
        j = backOverBlanks(mask, j - 1, floor);
        if (j >= floor && (isId(mask[j]) || mask[j] === '>')) continue;
        break; // `::k`: the global namespace
      }
      if (j >= floor && mask[j] === '.') {
        j = backOverBlanks(mask, j, floor);
        if (j >= floor && (isId(mask[j]) || mask[j] === ')' || mask[j] === ']')) continue;
        return null;
      }
      if (j >= floor + 1 && mask[j] === '>' && mask[j - 1] === '-') {
        j = backOverBlanks(mask, j - 1, floor);
        if (j >= floor && (isId(mask[j]) || mask[j] === ')' || mask[j] === ']')) continue;
        return null;
      }
      break;
    }
    break;
  }
  return start >= 0 ? { start, end } : null;
}

/** Index of the `openCh` that matches the `closeCh` at `j`, scanning backwards; -1 if none. */
function matchBack(mask: string, j: number, openCh: string, closeCh: string, floor: number): number {
  let depth = 0;
  for (let k = j; k >= floor; k--) {
    const c = mask[k];
    if (c === closeCh) depth++;
    else if (c === openCh) {
      depth--;
      if (depth === 0) return k;
    } else if (c === ';' || c === '{' || c === '}') return -1;
  }
  return -1;
}

/**
 * Kernels declared in this file that a function pointer cannot launch: templates
 * (`template <...> __global__ ... name(`), whose arguments a launch without `<...>`
 * deduces, and kernels with default arguments. Those are launched through a generic
 * lambda that calls them by name.
 */
function findKernelDecls(mask: string): { templates: Set<string>; defaults: Set<string> } {
  const templates = new Set<string>();
  const defaults = new Set<string>();
  const re = /\b__global__\b/g;
  for (let m = re.exec(mask); m; m = re.exec(mask)) {
    const found = kernelNameAfter(mask, m.index + m[0].length);
    if (!found) continue;
    const before = mask.slice(Math.max(0, m.index - MAX_TEMPLATE_LOOKBACK), m.index);
    const t = before.lastIndexOf('template');
    if (t >= 0 && !/[;{}]/.test(before.slice(t)) && /^template\s*</.test(before.slice(t))) templates.add(found.name);
    const params = parenGroup(mask, found.paren);
    if (params !== null && /(?:^|[^=<>!])=(?:[^=]|$)/.test(params)) defaults.add(found.name);
  }
  return { templates, defaults };
}

/** The text inside the parentheses opened at `open` (bounded), or null. */
function parenGroup(mask: string, open: number): string | null {
  const limit = Math.min(mask.length, open + MAX_DECL_SCAN * 4);
  let depth = 0;
  for (let k = open; k < limit; k++) {
    if (mask[k] === '(') depth++;
    else if (mask[k] === ')' && --depth === 0) return mask.slice(open + 1, k);
  }
  return null;
}

/** The first identifier followed by `(` after `from`, skipping `__launch_bounds__(...)` and friends. */
function kernelNameAfter(mask: string, from: number): { name: string; paren: number } | null {
  const limit = Math.min(mask.length, from + MAX_NAME_SCAN);
  let i = from;
  while (i < limit) {
    const p = mask.indexOf('(', i);
    if (p < 0 || p >= limit) return null;
    if (/[;{}]/.test(mask.slice(i, p))) return null;
    const id = /([A-Za-z_]\w*)\s*$/.exec(mask.slice(i, p));
    if (!id) return null;
    const name = id[1]!;
    if (!/^__(launch_bounds|maxnreg|cluster_dims|align|attribute)__$/.test(name) && name !== 'alignas') return { name, paren: p };
    // Skip the qualifier's argument list.
    let depth = 0;
    let k = p;
    for (; k < limit; k++) {
      if (mask[k] === '(') depth++;
      else if (mask[k] === ')' && --depth === 0) break;
    }
    i = k + 1;
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// Shared memory
// ---------------------------------------------------------------------------------------

/**
 * `extern __shared__ T name[];` (also `extern T __shared__ name[];` and
 * `__shared__ extern T name[];`) -> `T* const name = ::ap_cuda::dynamic_smem<T>();`
 */
function dynamicShared(src: string, mask: string, lines: LineOf, edits: Edit[], notes: string[]): void {
  const re = /\bextern\b([^;{}()"]{0,200}?)\b__shared__\b|\b__shared__\s+extern\b/g;
  for (let m = re.exec(mask); m; m = re.exec(mask)) {
    const semi = mask.indexOf(';', m.index);
    if (semi < 0 || semi - m.index > MAX_DECL_SCAN) continue;
    const declStart = m.index + m[0].length;
    const between = m[1] !== undefined ? src.slice(m.index + 'extern'.length, m.index + 'extern'.length + m[1].length) : '';
    const decl = (between + ' ' + src.slice(declStart, semi))
      .replace(/\\\r?\n/g, ' ')
      .replace(/\/\*[\s\S]*?\*\//g, ' ')
      .replace(/\/\/[^\n]*/g, ' ')
      .replace(/\b__align__\s*\([^()]*(?:\([^()]*\)[^()]*)*\)/g, ' ')
      .replace(/\balignas\s*\([^()]*(?:\([^()]*\)[^()]*)*\)/g, ' ')
      .replace(/\b__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const d = /^(.*?)\s*\b([A-Za-z_]\w*)\s*\[[^\]]*\]$/.exec(decl);
    if (!d || !d[1] || d[1].includes(',')) {
      notes.push(`line ${lines.of(m.index)}: this extern __shared__ declaration was not understood and is left as is`);
      continue;
    }
    const type = d[1];
    const name = d[2]!;
    const breaks = src.slice(m.index, semi + 1).match(/\\?\r?\n/g) ?? [];
    const keep = breaks.map((b) => (b.startsWith('\\') ? ` ${b}` : b)).join('');
    edits.push({ start: m.index, end: semi + 1, text: `${type}* const ${name} = ::ap_cuda::dynamic_smem<${type}>();${keep}` });
    re.lastIndex = semi + 1;
  }
}

/** The shim defines `__shared__` as `static`; `static __shared__` would say it twice. */
function staticShared(mask: string, edits: Edit[]): void {
  const re = /\bstatic(\s+)__shared__\b|\b__shared__(\s+)static\b/g;
  for (let m = re.exec(mask); m; m = re.exec(mask)) {
    const at = m[1] !== undefined ? m.index : m.index + m[0].length - 'static'.length;
    edits.push({ start: at, end: at + 'static'.length, text: '      ' });
  }
}

// ---------------------------------------------------------------------------------------
// Notes on what will not run
// ---------------------------------------------------------------------------------------

const UNSUPPORTED: ReadonlyArray<[RegExp, string]> = [
  [/\basm\s*(?:volatile\s*|__volatile__\s*)?\(|\b__asm__\b/g, 'inline assembly (PTX) cannot run on the CPU'],
  [/\bcudaLaunch(?:Cooperative)?Kernel(?:Ex)?\s*\(/g, 'cudaLaunchKernel is not modelled; launch with <<<...>>> or ap_cuda::launch'],
  [/\btex(?:1D|2D|3D|1Dfetch)\w*\s*(?:<[^;>]*>)?\s*\(|\bsurf[123]D\w*\s*\(/g, 'texture and surface reads are not modelled'],
  [/#\s*include\s*[<"](?:thrust|cub|cuda\/(?!pipeline)|cutlass|cublas|cudnn|cufft|curand|cusparse|mma\.h|nccl)[^>"]*[>"]/g, 'this CUDA library header is not provided by the CPU shim'],
  [/\bthis_grid\s*\(\s*\)\s*\.\s*sync\s*\(/g, 'grid-wide synchronisation cannot be modelled (blocks run one after another)'],
  [/^[ \t]*#[ \t]*(?:if|ifdef|ifndef|elif)\b[^\n]*\b__CUDA_ARCH__\b/gm, '__CUDA_ARCH__ is not defined by the shim, so this takes the host path (define it, e.g. -D__CUDA_ARCH__=800, for the device path)'],
];

function unsupported(mask: string, lines: LineOf, notes: string[]): void {
  for (const [re, why] of UNSUPPORTED) {
    const r = new RegExp(re.source, re.flags);
    for (let m = r.exec(mask); m; m = r.exec(mask)) notes.push(`line ${lines.of(m.index)}: ${why}`);
  }
}

// ---------------------------------------------------------------------------------------
// Edits and lines
// ---------------------------------------------------------------------------------------

function applyEdits(src: string, edits: Edit[], notes: string[], lines: LineOf): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: string[] = [];
  let last = 0;
  for (const e of sorted) {
    if (e.start < last) {
      notes.push(`line ${lines.of(e.start)}: overlapping rewrites; one was skipped`);
      continue;
    }
    out.push(src.slice(last, e.start), e.text);
    last = e.end;
  }
  out.push(src.slice(last));
  return out.join('');
}

class LineOf {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  /** 1-based line of an offset. */
  of(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}
