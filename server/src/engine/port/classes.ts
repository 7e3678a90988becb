/**
 * The pattern class of a kernel: what kind of computation it is, whatever its port
 * verdict. The port-coverage run (`npm run portcov`) counts complete and verified ports
 * per class, and skeletons name the schedule their class belongs to.
 *
 * A heuristic over the kernel model and the masked body text, written to be explainable:
 * each class comes with the sign that decided it. Checked in this order (first match wins):
 *
 * | class          | sign                                                                        |
 * |----------------|-----------------------------------------------------------------------------|
 * | gemm           | the GEMM detector (`model/gemmDetect.ts`) reads a matrix product or GEMV; or the kernel is named like one (gemm, gemv, matmul, mul_mat, mmq, mmv) or uses `wmma`/`mma`, and the detector's miss reason is the sign |
 * | other          | sorting (a name with sort), texture or surface reads (a `tex…`/`surf…` call or a texture or surface object parameter), random-number generators, device timers (those calls also in the file's `__device__` helpers the kernel calls, two levels deep), the CUDA device runtime (`cudaGraphSetConditional`, device-side `cudaMalloc`/`cudaFree`, also in helpers), launches from the device, the device heap (`new`/`delete`, `malloc`/`free`), a compare-and-swap (`Comparator`) or binary-search helper (sorting networks, merge paths), warp votes (`__any_sync`, `__ballot_sync`…), no pointer parameters and no atomics (printf, asserts, device globals), a table of pointers filled (`ptrs[i] = base + …`, a parameter of pointers to pointers) |
 * | scan           | `__shfl_up_sync`, or a name with scan / prefix / cumsum                      |
 * | row-wise       | a kernel the rows schedule recognises (asked as the port asks it: typedefs, constants and header helpers resolved, the launches read; no instantiation); or one that walks a row (a row pointer `p + i * C` or an element `p[i * C + j]`, and a loop over the row) and has a name with softmax / norm / cross-entropy / fused classifier, or reduces (shuffles, cg::reduce, a tree) with a strided loop and a per-element store, or reduces and stores one result per row (`dst[row]` with `row = blockIdx.x`, the input read at `row * C + …` where C is not the block size) |
 * | reduction      | warp shuffles, `cg::reduce`, a block or warp reduction helper (`BlockReduce`, `blockReduce`, `block_reduce`), a shared-memory tree (`s >>= 1`, `s /= 2`, or `s *= 2` adding `sm[i + s]`; shared memory also through an accessor struct of the file that declares it, `SharedMemory<T>()`), `__reduce_*_sync`, or atomics into an address that does not depend on the thread |
 * | gather-scatter | a store at the position a counter atomic hands out (stream compaction; checked before the reduction signs); a subscript whose index is itself loaded from memory (`p[idx[i]]`, or an integer local `int ix = idx[i];` used in a subscript, but for a row-named kernel with loops), atomics into such addresses (histograms) |
 * | layout         | a kernel the copy schedule recognises with two or more coordinates; or a name that says copy, pad, concat, permute, transpose, roll, upscale, get/set rows, im2col, (de)quantise |
 * | stencil        | loads at neighbour offsets (`p[i ± c]`) or shared-memory tiles with halo loops |
 * | broadcast      | otherwise elementwise, with an operand indexed `i % C` or `i / C` (directly or through a local `int c = i % C;`), or a pointer parameter read at a constant index (`pars[0]`: a scalar from GM) and none written at one |
 * | elementwise    | no shared memory, no barriers, no loops but a grid-stride one (or one over a pack's lanes, `k < v.size`) |
 * | other          | anything else (data-dependent loops, sorting, random numbers, …)             |
 */
import { classifyKernel } from '../estimates/classify';
import { analyzeGemm } from '../model/gemmDetect';
import type { FileFacts } from '../model/facts';
import type { FunctionModel } from '../model/kernels';
import type { SyntaxNode } from '../syntax/parser';
import type { Target } from '../target';
import { canonicalWarp, recognizeRows, walksRows } from './patterns/rows';
import { recognizeLayout } from './patterns/layout';
import { patternInput } from './recognize';

export type PatternClass = 'gemm' | 'scan' | 'row-wise' | 'reduction' | 'gather-scatter' | 'layout' | 'stencil' | 'broadcast' | 'elementwise' | 'other';

export const PATTERN_CLASSES: readonly PatternClass[] = ['elementwise', 'broadcast', 'reduction', 'row-wise', 'gemm', 'scan', 'gather-scatter', 'layout', 'stencil', 'other'];

/** The schedule a class's ports use (what a skeleton of that class should name). */
export const CLASS_SCHEDULE: Readonly<Record<PatternClass, string>> = {
  elementwise: 'stream (elementwise)',
  broadcast: 'rows without a reduction (a value per column or row), or stream with scalars read from GM',
  reduction: 'reduceAll (per-tile reduce, then a cross-core combine)',
  'row-wise': 'rows (per-row load → reduce → broadcast → map → store)',
  gemm: 'matmul (Cube unit, Matmul API)',
  scan: 'a scan (no schedule yet)',
  'gather-scatter': 'gather/scatter (Gather API or a redesign)',
  layout: 'copy (runs that stay contiguous, moved GM → UB → GM); transposes of the innermost dimension and block (de)quantisation have no schedule yet',
  stencil: 'a stencil (tiles with halos; no schedule yet)',
  other: 'no schedule',
};

export interface KernelClass {
  cls: PatternClass;
  /** The sign that decided it, for the run's output and hovers. */
  sign: string;
}

const ROW_NAMES = /softmax|fused_classifier|layer_?norm|rms_?norm|group_?norm|batch_?norm|(^|_)norm|crossentropy|cross_entropy|logsumexp/i;
const SORT_HELPERS = /^(?:comparator\w*|cmp_?swap|compare_?(?:and_?)?swap|binary_?search\w*|lower_?bound|upper_?bound)$/i;
const SCAN_NAMES = /scan|prefix|cumsum/i;
const LAYOUT_NAMES = /(^|_|k)(pad|concat|cpy|copy|permute|transpose|roll|upscale|get_rows|set_rows|getrows|setrows|im2col|col2im|flip|repeat|unpermute|dequant\w*|quant\w*)(_|$|\d|[A-Z])/i;

export function kernelClass(facts: FileFacts, text: string, fn: FunctionModel, node: SyntaxNode | undefined, target: Target): KernelClass {
  const body = fn.bodySpan ? facts.maskedText.slice(fn.bodySpan.start, fn.bodySpan.end) : '';
  const calls = new Set(fn.calls.map((c) => c.name));
  const has = (...names: string[]) => names.some((n) => calls.has(n));

  // The one GEMM detector, as ASC709 and the estimates read it; a kernel named or built like a
  // matrix product that the detector does not read is still in the class, with the detector's reason (portcov lists these misses).
  const gemm = gemmSign(facts, fn, body);
  if (gemm) return gemm;
  void classifyKernel;
  void target;
  if (/sort/i.test(fn.name)) return { cls: 'other', sign: `the name \`${fn.name}\` (sorting)` };
  const SPECIAL = /^(tex[123]D\w*|tex1Dfetch|texCubemap\w*|surf[123]D\w*|curand\w*|clock|clock64|__nanosleep)$/;
  const special = [...calls].find((c) => SPECIAL.test(c));
  if (special) return { cls: 'other', sign: `\`${special}\`` };
  // Texture and surface reads through an object parameter (`cudaTextureObject_t tex`, read in a helper or by a call the kernel model does not list).
  const textureParam = fn.params.find((p) => /^(?:const\s+)?(?:cudaTextureObject_t|cudaSurfaceObject_t)$/.test(p.type.replace(/\s+/g, ' ').trim()));
  if (textureParam) return { cls: 'other', sign: `the texture parameter \`${textureParam.name}\`` };
  // The same calls through the file's __device__ helpers (simpleHyperQ's kernels spin in `clock_block`, which reads the clock).
  const inHelpers = helperCalls(facts, fn);
  const viaHelper = inHelpers.find((c) => SPECIAL.test(c.call));
  if (viaHelper) return { cls: 'other', sign: `\`${viaHelper.call}\` in its helper \`${viaHelper.helper}\`` };
  // The device runtime (`cudaGraphSetConditional`, device-side `cudaMalloc`/`cudaFree`), launches from the device
  // (dynamic parallelism) and the device heap (`new`, `delete`, `malloc`): control and allocation, no tensor schedule.
  const runtime = [...calls].find((c) => /^cuda[A-Z]\w*$/.test(c)) ?? inHelpers.find((c) => /^cuda[A-Z]\w*$/.test(c.call))?.call;
  if (runtime) return { cls: 'other', sign: `\`${runtime}\` (the CUDA device runtime)` };
  if (/<<<[^;]*>>>/.test(body)) return { cls: 'other', sign: 'launches kernels from the device (dynamic parallelism)' };
  const heap = /\bnew\s+[A-Za-z_]|\bdelete\s*(?:\[\s*\]\s*)?[A-Za-z_(*]/.test(body) ? '`new`/`delete`' : [...calls].find((c) => c === 'malloc' || c === 'free');
  if (heap) return { cls: 'other', sign: `${heap.startsWith('`') ? heap : `\`${heap}\``} on the device heap` };
  // Sorting networks and merge paths, by the helpers they call: a compare-and-swap (`Comparator`) or a binary search.
  const order = [...calls, ...inHelpers.map((c) => c.call)].find((c) => SORT_HELPERS.test(c));
  if (order) return { cls: 'other', sign: `\`${order}\` (${/search|bound/i.test(order) ? 'a binary search: merging or sorting' : 'a compare-and-swap: a sorting network'})` };
  // Warp votes: a per-warp predicate, no tensor computation.
  const vote = [...calls].find((c) => /^(?:__any_sync|__all_sync|__ballot_sync|__activemask|__any|__all|__ballot)$/.test(c));
  if (vote) return { cls: 'other', sign: `\`${vote}\` (a warp vote)` };
  // No pointer or reference parameter and no atomics: its effects are printf output, asserts or device globals, not tensors.
  if (!fn.params.some((p) => p.pointerDepth > 0 || p.isReference) && !fn.calls.some((c) => /^atomic/.test(c.name))) {
    return { cls: 'other', sign: /^\{\s*\}$/.test(body.trim()) ? 'an empty kernel' : 'no pointer parameters: no tensor is computed (printf, asserts or device globals)' };
  }
  // A table of pointers filled for a batched library call (`ptrs[i] = (char*)base + i * stride`).
  const table = fn.params.find((p) => p.pointerDepth >= 2 && new RegExp(`\\b${p.name}\\s*\\[[^\\]]*\\]\\s*=(?!=)`).test(body));
  if (table) return { cls: 'other', sign: `fills the pointer table \`${table.name}\`` };
  if (has('__shfl_up_sync', '__shfl_up') || SCAN_NAMES.test(fn.name)) return { cls: 'scan', sign: has('__shfl_up_sync', '__shfl_up') ? '`__shfl_up_sync`' : `the name \`${fn.name}\`` };

  const shuffles = has('__shfl_down_sync', '__shfl_xor_sync', '__shfl_down', '__shfl_xor', '__shfl_sync');
  // Block and warp reduction helpers by their usual names: CUB's, llm.c's `blockReduce<warpReduceSum>`, ggml's `block_reduce<…>`.
  const blockHelper = /\bblockReduce\b|\bblock_reduce\b/.test(body);
  const groupReduce = blockHelper || /\bcg::reduce\b|\bcooperative_groups::reduce\b|\bBlockReduce\b|\bWarpReduce\b|\b__reduce_(add|min|max|and|or|xor)_sync\b/.test(body);
  // Shared memory through an accessor of the file (cuda-samples' `T *sdata = SharedMemory<T>();`, a struct whose
  // conversion declares the `extern __shared__` array) counts as a shared array.
  const accessed = sharedAccessors(facts).find((a) => new RegExp(`=\\s*${a}\\s*(?:<[^;>]*>)?\\s*\\(\\s*\\)`).test(body));
  const shared = fn.sharedArrays.length > 0 || accessed !== undefined;
  // A halving tree (`s >>= 1`), or a doubling one that adds the partner's value (`s *= 2` with `sdata[…] += sdata[… + s]`).
  const tree = shared && fn.loops.some((l) => /(>>=\s*1\b|\/=\s*2\b|=\s*\w+\s*>>\s*1\b|=\s*\w+\s*\/\s*2\b)/.test(l.header) || (/(\*=\s*2\b|<<=\s*1\b)/.test(l.header) && /(\w+)\s*\[[^\]]*\]\s*\+=\s*\1\s*\[[^\]]*\+\s*\w+\s*\]/.test(body)));
  const atomics = fn.calls.filter((c) => /^atomic(Add|Max|Min|Sub|Inc)(_system|_block)?$/.test(c.name));
  const indirect = /\w\s*\[[^\]\[]*\w\s*\[[^\]]*\][^\]]*\]/.test(body);
  const oneAddressAtomic = atomics.some((a) => {
    const target0 = a.args[0]?.text.replace(/\s+/g, '') ?? '';
    return !/threadIdx|blockIdx|\[/.test(target0) || /\[(0|blockIdx\.\w)\]$/.test(target0) || /^&?\w+$/.test(target0);
  });
  const reduction = shuffles || groupReduce || tree || oneAddressAtomic;
  // A counter atomic whose old value is where the element goes (`dst[atomicAdd(count, 1)] = v`, or through a local):
  // a stream compaction, not a sum into the counter.
  const compaction = /\w\s*\[[^\]]*\batomic\w*\s*\(/.test(body) || [...body.matchAll(/\b(\w+)\s*=\s*atomic\w*\s*\(/g)].some((m) => new RegExp(`\\w\\s*\\[[^\\]]*\\b${m[1]}\\b[^\\]]*\\]\\s*=[^=]`).test(body));
  if (compaction) return { cls: 'gather-scatter', sign: 'a store at a position an atomic hands out (stream compaction)' };

  // Row-wise only when the kernel walks a row: a name alone (`norm_kernel`, `softmax_…_backward`) does not make it one.
  // Asked as the port asks it (typedefs, constants, helpers from headers, what the launches say), without an instantiation.
  if (node && 'pattern' in recognizeRows(patternInput(facts, text, fn, node))) return { cls: 'row-wise', sign: 'recognised by the rows schedule' };
  const rowWalk = walksRows(canonicalWarp(body.replace(/\s+/g, ' ')).body, fn.params.filter((p) => p.pointerDepth >= 1).map((p) => p.name));
  if (rowWalk && ROW_NAMES.test(fn.name)) return { cls: 'row-wise', sign: `the name \`${fn.name}\` and a loop over a row` };
  if (reduction) {
    const perElementStoreInLoop = fn.loops.some((l) => !l.gridStride && /\+=\s*(blockDim|WARP_SIZE|32|warpSize)/.test(l.header)) && /blockIdx\.x\s*\*\s*\w+|\w+\s*\*\s*blockIdx\.x/.test(body);
    if (rowWalk && perElementStoreInLoop && !oneAddressAtomic) return { cls: 'row-wise', sign: 'a block that reduces along one row and stores per element' };
    // A block reduction helper over a row the block walks (`x[row * ncols + i]`), or in a kernel named for a
    // normalisation over rows or groups (not a global norm): a row reduction.
    if (!oneAddressAtomic && blockHelper && (rowWalk || /softmax|soft_max|layer_?norm|rms_?norm|group_?norm|batch_?norm/i.test(fn.name))) return { cls: 'row-wise', sign: 'a block that reduces along one row or group with a block reduction helper' };
    // One result per row (`dst[row] = …` with `row = blockIdx.x`, the input read at `row * C + …`): argmax or a
    // row sum, the rows schedule's per-row reduction, not a reduction of the whole input.
    const perRow = !oneAddressAtomic && perRowResult(body, fn);
    if (perRow) return { cls: 'row-wise', sign: `a reduction along each row with one result per row (\`${perRow}\`)` };
    return { cls: 'reduction', sign: shuffles ? 'warp shuffles' : groupReduce ? 'a group reduce' : tree ? 'a shared-memory tree' : 'atomics into one address' };
  }
  if (node) {
    const copy = recognizeLayout({ fn, node, text, constant: (n) => facts.preproc.constant(n), resolveType: (t) => facts.preproc.resolveType(t) });
    if ('pattern' in copy && copy.digits.length > 1) return { cls: 'layout', sign: 'recognised by the copy schedule' };
  }
  if (LAYOUT_NAMES.test(fn.name)) return { cls: 'layout', sign: `the name \`${fn.name}\`` };
  if (indirect || atomics.length) return { cls: 'gather-scatter', sign: indirect ? 'an index loaded from memory' : 'atomics into data-dependent addresses' };
  // A fused softmax + cross-entropy loops over its row and reads one target column (`probs[ix]`): row-wise work, not a gather.
  const loaded = ROW_NAMES.test(fn.name) && fn.loops.length ? undefined : loadedIndex(body, fn);
  if (loaded) return { cls: 'gather-scatter', sign: `an index loaded from memory (\`${loaded}\`)` };
  if (/\w\s*\[[^\]]*[+-]\s*(1|2|3|4|RADIUS|radius|[A-Z_]*HALO\w*)\s*\]/.test(body) || (fn.sharedArrays.length > 0 && fn.barriers.length > 0 && fn.loops.length === 0)) return { cls: 'stencil', sign: 'loads at neighbour offsets or a shared tile' };
  // A loop over the lanes of a 16-byte pack (`for (k = 0; k < v.size; ++k)`, `k < x128::size`) is one element per lane, not a loop per element.
  const plainLoops = fn.loops.filter((l) => !l.gridStride && !/<\s*[A-Za-z_]\w*\s*(?:\.|::)\s*size\s*;/.test(l.header));
  if (fn.sharedArrays.length || fn.barriers.length || plainLoops.length) return { cls: 'other', sign: fn.sharedArrays.length ? 'shared memory' : fn.barriers.length ? 'barriers' : 'loops inside the per-thread body' };
  if (/\[[^\]]*(%|\/)\s*\w+[^\]]*\]/.test(body)) return { cls: 'broadcast', sign: 'an operand indexed `i % C` or `i / C`' };
  // `int col = i % C; … bias[col]`: the same, through a local.
  const derived = [...body.matchAll(/\b(?:int|long|unsigned|size_t|int32_t|int64_t|auto)\s+(\w+)\s*=\s*\(?\s*\w+\s*\)?\s*[%/]\s*[\w(]/g)].map((m) => m[1]!);
  const viaLocal = derived.find((v) => new RegExp(`\\w\\s*\\[\\s*${v}\\s*\\]`).test(body));
  if (viaLocal) return { cls: 'broadcast', sign: `an operand indexed by \`${viaLocal}\`, a local \`i % C\` or \`i / C\`` };
  const pointers = new Set(fn.params.filter((p) => p.pointerDepth === 1).map((p) => p.name));
  const constantRead = [...body.matchAll(/\b(\w+)\s*\[\s*\d+\s*\](?!\s*(?:=[^=]|[-+*/]=))/g)].find((m) => pointers.has(m[1]!));
  // A kernel that also stores at a constant index (`b[0] = r1[0] / r0[0]` under `gid == 0`) does scalar work, not a broadcast.
  const constantStore = /\b\w+\s*\[\s*\d+\s*\]\s*(?:=[^=]|[-+*/]=)/.test(body);
  if (constantRead && !constantStore) return { cls: 'broadcast', sign: `\`${constantRead[0].replace(/\s+/g, '')}\`, a scalar read from GM at a constant index` };
  return { cls: 'elementwise', sign: 'one value per index' };
}

/** The store `out[row] = …` of a kernel whose row is `blockIdx.x` (directly or a local) and which reads its input at `row * C + …`. */
function perRowResult(body: string, fn: FunctionModel): string | undefined {
  const rows = ['blockIdx\\.x', ...[...body.matchAll(/\b(\w+)\s*=\s*(?:\(\s*\w+\s*\)\s*)?blockIdx\.x\s*;/g)].map((m) => m[1]!)];
  const row = `(?:${rows.join('|')})`;
  // The row length is a parameter or local, not the block's size: `x[blockIdx.x * blockDim.x + tid]` is a block's
  // share of one input (block partials, a reduction form), not a row.
  const reads = [...body.matchAll(new RegExp(String.raw`\[[^\]]*\b${row}\s*\*\s*\(?\s*([\w.]+)|\w\s*\+\s*\(?\s*(?:\(\s*\w+\s*\)\s*)?${row}\s*\*\s*\(?\s*([\w.]+)`, 'g'))];
  if (!reads.some((m) => !/^(?:blockDim\.x|\w*block\w*|\d+)$/i.test(m[1] ?? m[2] ?? ''))) return undefined;
  for (const p of fn.params.filter((q) => q.pointerDepth === 1)) {
    const m = new RegExp(String.raw`\b${p.name}\s*\[\s*${row}\s*\]\s*=(?!=)`).exec(body);
    if (m) return m[0].replace(/\s*=$/, '').replace(/\s+/g, '');
  }
  return undefined;
}

/**
 * An integer local loaded from a pointer parameter (`uint successor = successors[tid];`, `int ix = inp[bt];`)
 * and then used inside a subscript (`successors[successor]`, `wte[ix * C + c]`): a gather or scatter.
 */
function loadedIndex(body: string, fn: FunctionModel): string | undefined {
  const pointers = fn.params.filter((p) => p.pointerDepth >= 1).map((p) => p.name);
  if (!pointers.length) return undefined;
  const ptr = pointers.map((n) => n.replace(/[$]/g, '\\$&')).join('|');
  const INT = String.raw`(?:const\s+)?(?:unsigned\s+int|unsigned|int|uint|long|size_t|int32_t|int64_t|uint32_t|uint64_t|auto)`;
  const decl = new RegExp(String.raw`\b${INT}\s+(\w+)\s*=\s*(?:\(\s*\w+\s*\)\s*)?(?:${ptr})\s*\[[^\];]*\]\s*;`, 'g');
  for (const m of body.matchAll(decl)) {
    const v = m[1]!;
    if (new RegExp(String.raw`\w\s*\[[^\]]*\b${v}\b[^\]]*\]`).test(body.slice(m.index! + m[0].length))) return v;
  }
  return undefined;
}

/** Names of the file's structs whose body declares an `extern __shared__` array (an accessor such as cuda-samples' `SharedMemory<T>`). */
function sharedAccessors(facts: FileFacts): string[] {
  const text = facts.maskedText;
  if (!/extern\s+__shared__/.test(text)) return [];
  const out: string[] = [];
  for (const m of text.matchAll(/\bstruct\s+([A-Za-z_]\w*)\s*(?:<[^{;]*>\s*)?\{/g)) {
    // The struct's body, to its matching brace.
    let depth = 0;
    let end = m.index! + m[0].length - 1;
    for (; end < text.length; end++) {
      if (text[end] === '{') depth++;
      else if (text[end] === '}' && --depth === 0) break;
    }
    if (/extern\s+__shared__/.test(text.slice(m.index!, end)) && !out.includes(m[1]!)) out.push(m[1]!);
  }
  return out;
}

/** The calls made by the `__device__` functions of the file that the kernel calls, two levels deep, with the helper that makes each. */
function helperCalls(facts: FileFacts, fn: FunctionModel): { helper: string; call: string }[] {
  const devices = new Map<string, FunctionModel>();
  for (const f of facts.functions()) if ((f.kind === 'device' || f.kind === 'host-device') && f.bodySpan && !devices.has(f.name)) devices.set(f.name, f);
  const out: { helper: string; call: string }[] = [];
  const seen = new Set<string>([fn.name]);
  let frontier = fn.calls.map((c) => c.name);
  for (let depth = 0; depth < 2 && frontier.length; depth++) {
    const next: string[] = [];
    for (const name of frontier) {
      const h = devices.get(name);
      if (!h || seen.has(name)) continue;
      seen.add(name);
      for (const c of h.calls) {
        out.push({ helper: name, call: c.name });
        next.push(c.name);
      }
    }
    frontier = next;
  }
  return out;
}

const GEMM_NAMES = /(^|_|[a-z])(s|d|h|bf16|tf32|i)?gemm|gemv|mat_?mul(?!_?backward_bias)|matrix_?mul|mul_mat|(^|_)mm[qvf]\w*|(^|_)mmvq?(_|$)/i;

/** `gemm` when the detector reads a GEMM, or when the kernel looks like one and the detector says why it does not read it. */
export function gemmSign(facts: FileFacts, fn: FunctionModel, body: string): (KernelClass & { detected: boolean; miss?: string }) | undefined {
  const v = analyzeGemm(facts, fn);
  if ('gemm' in v) return { cls: 'gemm', sign: `the GEMM detector: a ${v.gemm.form} product`, detected: true };
  if (/quantize/i.test(fn.name)) return undefined;
  if (/\bbias\b/i.test(fn.name) && !/gemm|matmul_forward/i.test(fn.name)) return undefined;
  if (GEMM_NAMES.test(fn.name) || /\b(?:wmma::)?(?:mma_sync|load_matrix_sync)\b/.test(body)) return { cls: 'gemm', sign: `named or built like a matrix product, not read by the detector: ${v.miss}`, detected: false, miss: v.miss };
  return undefined;
}
