/**
 * The CUDA runtime → ACL table, in the style of HIPIFY's: one entry per CUDA runtime
 * name that ascend-port knows how to rewrite or knows has no equivalent. Each entry says
 * what replaces it, how the arguments change, how safe the rewrite is and where the fact
 * comes from (a tag of `../shared/ref/ascend-c.md`'s legend; §5 is the CUDA→ACL table).
 *
 * The host-runtime rules take their fixes from here (`runtimeFix`), and
 * `docs/runtime-api-coverage.md` is generated from it together with the full list of
 * CUDA runtime functions (`cudaRuntimeFunctions.ts`). Every ACL name used here is also
 * in the Ascend C/ACL API table (`ascendc/api.ts`), which a test checks.
 */
import type { FixSafety } from '../types';

export interface Rewrite {
  text: string;
  safety: FixSafety;
}

export interface RuntimeFunction {
  cuda: string;
  /** The ACL function, or null when none exists. */
  acl: string | null;
  /** The rewritten call as a pattern, for docs: `aclrtMalloc((void**)ptr, size, ACL_MEM_MALLOC_HUGE_FIRST)`. */
  form: string;
  /** Builds the replacement call from the CUDA arguments as written, or null when the call's shape is not handled. */
  rewrite?: (args: readonly string[]) => Rewrite | null;
  note: string;
  source: string;
}

export interface RuntimeName {
  cuda: string;
  acl: string;
  kind: 'type' | 'constant';
  source: string;
}

export const MEMCPY_KINDS: Readonly<Record<string, string>> = {
  cudaMemcpyHostToDevice: 'ACL_MEMCPY_HOST_TO_DEVICE',
  cudaMemcpyDeviceToHost: 'ACL_MEMCPY_DEVICE_TO_HOST',
  cudaMemcpyDeviceToDevice: 'ACL_MEMCPY_DEVICE_TO_DEVICE',
  cudaMemcpyHostToHost: 'ACL_MEMCPY_HOST_TO_HOST',
  cudaMemcpyDefault: 'ACL_MEMCPY_DEFAULT',
};

/** Types and constants that are renamed one for one. */
export const RUNTIME_NAMES: readonly RuntimeName[] = [
  { cuda: 'cudaStream_t', acl: 'aclrtStream', kind: 'type', source: 'D' },
  { cuda: 'cudaEvent_t', acl: 'aclrtEvent', kind: 'type', source: 'D' },
  { cuda: 'cudaError_t', acl: 'aclError', kind: 'type', source: 'D' },
  { cuda: 'cudaError', acl: 'aclError', kind: 'type', source: 'D' },
  { cuda: 'cudaMemcpyKind', acl: 'aclrtMemcpyKind', kind: 'type', source: 'D' },
  { cuda: 'cudaSuccess', acl: 'ACL_SUCCESS', kind: 'constant', source: 'D' },
  ...Object.entries(MEMCPY_KINDS).map(([cuda, acl]) => ({ cuda, acl, kind: 'constant' as const, source: 'D' })),
];

export const RUNTIME_NAME: ReadonlyMap<string, RuntimeName> = new Map(RUNTIME_NAMES.map((n) => [n.cuda, n]));

const DEFAULT_STREAM = 'nullptr /* TODO(ascend-port): CUDA used the default stream here; pass an aclrtStream */';

/** An expression passed twice (destMax and count) is parenthesised unless it is a simple term. */
export function once(expr: string): string {
  const e = expr.trim();
  return /^[\w.>()\-[\]*]+$/.test(e) && !/[+\-]/.test(e.replace(/->/g, '')) ? e : `(${e})`;
}

/**
 * True when evaluating `expr` twice could differ from evaluating it once: increments,
 * assignments, and calls other than `sizeof`/`alignof` (`n++`, `x = n`, `next()`).
 */
export function hasSideEffects(expr: string): boolean {
  const e = expr.replace(/\b(?:sizeof|alignof|decltype)\s*\(/g, '(');
  return /\+\+|--|(?<![=!<>])=(?!=)|[\w\])>]\s*\(/.test(e);
}

/**
 * `&p` or `(void**)&p` → `(void**)&p`. Anything but a plain (address of a) name, member or
 * element is parenthesised: `(void**)c ? &a : &b` would cast `c`.
 */
function voidPP(expr: string): string {
  const e = expr.trim();
  if (/^\(\s*void\s*\*\s*\*\s*\)/.test(e) && !/[?,]|[^=!<>]=/.test(e)) return e;
  return /^&?\s*[A-Za-z_][\w]*(?:\s*(?:\.|->)\s*[A-Za-z_]\w*|\[[^\]]*\])*$/.test(e) ? `(void**)${e}` : `(void**)(${e})`;
}

function isZero(expr: string | undefined): boolean {
  return expr !== undefined && /^\s*(0|0u|0U|NULL|nullptr)\s*$/.test(expr);
}

const same = (acl: string, safety: FixSafety = 'safe') => (a: readonly string[]): Rewrite => ({ text: `${acl}(${a.map((x) => x.trim()).join(', ')})`, safety });

function arity(n: number | readonly number[], f: (a: readonly string[]) => Rewrite | null) {
  const ok = typeof n === 'number' ? [n] : n;
  return (a: readonly string[]) => (ok.includes(a.length) ? f(a) : null);
}

function memcpy(a: readonly string[]): Rewrite | null {
  const [dst, src, count, kind] = a;
  const k = kind && MEMCPY_KINDS[kind.trim().replace(/^::/, '')];
  if (!dst || !src || !count || !k) return null;
  const n = once(count);
  // The count is written twice (destMax and count): with `n++` it would run twice.
  return { text: `aclrtMemcpy(${dst.trim()}, ${n}, ${src.trim()}, ${n}, ${k})`, safety: hasSideEffects(count) ? 'unsafe' : 'safe' };
}

function memcpyAsync(a: readonly string[]): Rewrite | null {
  const [dst, src, count, kind, stream] = a;
  const k = kind && MEMCPY_KINDS[kind.trim().replace(/^::/, '')];
  if (!dst || !src || !count || !k) return null;
  const n = once(count);
  const s = stream && !isZero(stream) ? stream.trim() : DEFAULT_STREAM;
  return { text: `aclrtMemcpyAsync(${dst.trim()}, ${n}, ${src.trim()}, ${n}, ${k}, ${s})`, safety: 'unsafe' };
}

export const RUNTIME_FUNCTIONS: readonly RuntimeFunction[] = [
  // Device memory.
  {
    cuda: 'cudaMalloc', acl: 'aclrtMalloc', form: 'aclrtMalloc((void**)ptr, size, ACL_MEM_MALLOC_HUGE_FIRST)', source: 'D, A7',
    note: 'Needs an allocation policy; the CANN samples use ACL_MEM_MALLOC_HUGE_FIRST.',
    rewrite: arity(2, ([p, n]) => ({ text: `aclrtMalloc(${voidPP(p!)}, ${n!.trim()}, ACL_MEM_MALLOC_HUGE_FIRST)`, safety: 'safe' })),
  },
  { cuda: 'cudaFree', acl: 'aclrtFree', form: 'aclrtFree(ptr)', source: 'D', note: '`cudaFree(0)` (context warm-up) has no counterpart and is not rewritten.', rewrite: arity(1, (a) => (isZero(a[0]) ? null : same('aclrtFree')(a))) },
  {
    cuda: 'cudaMallocHost', acl: 'aclrtMallocHost', form: 'aclrtMallocHost((void**)ptr, size)', source: 'D',
    note: 'ACL host memory cannot be read by kernels directly; it must be copied with aclrtMemcpy. Unsafe: code that passed pinned host pointers to kernels breaks.',
    rewrite: arity(2, ([p, n]) => ({ text: `aclrtMallocHost(${voidPP(p!)}, ${n!.trim()})`, safety: 'unsafe' })),
  },
  {
    cuda: 'cudaHostAlloc', acl: 'aclrtMallocHost', form: 'aclrtMallocHost((void**)ptr, size)', source: 'D',
    note: 'The CUDA flags (mapped, portable, write-combined) are dropped: ACL host memory is never mapped into the device.',
    rewrite: arity(3, ([p, n]) => ({ text: `aclrtMallocHost(${voidPP(p!)}, ${n!.trim()})`, safety: 'unsafe' })),
  },
  { cuda: 'cudaFreeHost', acl: 'aclrtFreeHost', form: 'aclrtFreeHost(ptr)', source: 'D', note: '', rewrite: arity(1, same('aclrtFreeHost')) },
  { cuda: 'cudaMemcpy', acl: 'aclrtMemcpy', form: 'aclrtMemcpy(dst, count, src, count, ACL_MEMCPY_*)', source: 'D', note: 'destMax (capacity of dst) is set to count, which the CUDA call already assumed.', rewrite: arity(4, memcpy) },
  {
    cuda: 'cudaMemcpyAsync', acl: 'aclrtMemcpyAsync', form: 'aclrtMemcpyAsync(dst, count, src, count, ACL_MEMCPY_*, stream)', source: 'D',
    note: 'Unsafe: the stream must be an aclrtStream, and on-chip device-to-device copies need 64-byte aligned pointers.',
    rewrite: arity([4, 5], memcpyAsync),
  },
  { cuda: 'cudaMemset', acl: 'aclrtMemset', form: 'aclrtMemset(ptr, count, value, count)', source: 'D', note: 'maxCount (capacity) is set to count.', rewrite: arity(3, ([p, v, n]) => ({ text: `aclrtMemset(${p!.trim()}, ${once(n!)}, ${v!.trim()}, ${once(n!)})`, safety: hasSideEffects(n!) ? 'unsafe' : 'safe' })) },
  {
    cuda: 'cudaMemsetAsync', acl: 'aclrtMemsetAsync', form: 'aclrtMemsetAsync(ptr, count, value, count, stream)', source: 'D', note: 'Unsafe: the stream must be an aclrtStream.',
    rewrite: arity([3, 4], ([p, v, n, s]) => ({ text: `aclrtMemsetAsync(${p!.trim()}, ${once(n!)}, ${v!.trim()}, ${once(n!)}, ${s && !isZero(s) ? s.trim() : DEFAULT_STREAM})`, safety: 'unsafe' })),
  },
  { cuda: 'cudaMemGetInfo', acl: 'aclrtGetMemInfo', form: 'aclrtGetMemInfo(attr, &free, &total)', source: 'D', note: 'Needs an aclrtMemAttr (which memory to query); the reference does not list its values, so there is no automatic rewrite.' },
  { cuda: 'cudaMallocManaged', acl: null, form: '', source: 'D', note: 'No managed (unified) memory in the ACL runtime: allocate with aclrtMalloc and copy explicitly.' },

  // Streams.
  { cuda: 'cudaStreamCreate', acl: 'aclrtCreateStream', form: 'aclrtCreateStream(&stream)', source: 'D', note: '', rewrite: arity(1, same('aclrtCreateStream')) },
  { cuda: 'cudaStreamCreateWithFlags', acl: 'aclrtCreateStream', form: 'aclrtCreateStream(&stream)', source: 'D', note: 'CUDA stream flags are dropped (ACL streams do not synchronise with a legacy default stream).', rewrite: arity(2, ([s]) => ({ text: `aclrtCreateStream(${s!.trim()})`, safety: 'unsafe' })) },
  { cuda: 'cudaStreamDestroy', acl: 'aclrtDestroyStream', form: 'aclrtDestroyStream(stream)', source: 'D', note: '', rewrite: arity(1, same('aclrtDestroyStream')) },
  { cuda: 'cudaStreamSynchronize', acl: 'aclrtSynchronizeStream', form: 'aclrtSynchronizeStream(stream)', source: 'D', note: '`aclrtSynchronizeStreamWithTimeout(stream, timeout)` also exists.', rewrite: arity(1, (a) => (isZero(a[0]) ? { text: `aclrtSynchronizeStream(${DEFAULT_STREAM})`, safety: 'unsafe' } : same('aclrtSynchronizeStream')(a))) },
  { cuda: 'cudaStreamWaitEvent', acl: 'aclrtStreamWaitEvent', form: 'aclrtStreamWaitEvent(stream, event)', source: 'D', note: 'Takes no flags.', rewrite: arity([2, 3], ([s, e, f]) => ({ text: `aclrtStreamWaitEvent(${s!.trim()}, ${e!.trim()})`, safety: f === undefined || isZero(f) ? 'safe' : 'unsafe' })) },
  { cuda: 'cudaStreamQuery', acl: null, form: '', source: 'D', note: 'No non-blocking stream query in the reference: record an event and poll it with aclrtQueryEventStatus.' },
  { cuda: 'cudaLaunchHostFunc', acl: 'aclrtLaunchCallback', form: 'aclrtLaunchCallback(fn, userData, blockType, stream)', source: 'D', note: 'Needs an aclrtCallbackBlockType and aclrtSubscribeReport; the reference does not list the enum values, so there is no automatic rewrite.' },

  // Events.
  { cuda: 'cudaEventCreate', acl: 'aclrtCreateEvent', form: 'aclrtCreateEvent(&event)', source: 'D', note: '', rewrite: arity(1, same('aclrtCreateEvent')) },
  { cuda: 'cudaEventCreateWithFlags', acl: 'aclrtCreateEventWithFlag', form: 'aclrtCreateEventWithFlag(&event, flag)', source: 'D', note: 'CUDA event flags do not carry over; choose an ACL flag (ACL_EVENT_SYNC, ACL_EVENT_TIME_LINE, …).' },
  { cuda: 'cudaEventRecord', acl: 'aclrtRecordEvent', form: 'aclrtRecordEvent(event, stream)', source: 'D', note: 'Needs an explicit aclrtStream.', rewrite: arity([1, 2], ([e, s]) => (s && !isZero(s) ? { text: `aclrtRecordEvent(${e!.trim()}, ${s.trim()})`, safety: 'safe' } : { text: `aclrtRecordEvent(${e!.trim()}, ${DEFAULT_STREAM})`, safety: 'unsafe' })) },
  { cuda: 'cudaEventSynchronize', acl: 'aclrtSynchronizeEvent', form: 'aclrtSynchronizeEvent(event)', source: 'D', note: '', rewrite: arity(1, same('aclrtSynchronizeEvent')) },
  { cuda: 'cudaEventElapsedTime', acl: 'aclrtEventElapsedTime', form: 'aclrtEventElapsedTime(&ms, start, end)', source: 'D', note: 'Milliseconds, as in CUDA.', rewrite: arity(3, same('aclrtEventElapsedTime')) },
  { cuda: 'cudaEventQuery', acl: 'aclrtQueryEventStatus', form: 'aclrtQueryEventStatus(event, &status)', source: 'D', note: 'Returns the status through an aclrtEventRecordedStatus* instead of the return value; no automatic rewrite.' },
  { cuda: 'cudaEventDestroy', acl: 'aclrtDestroyEvent', form: 'aclrtDestroyEvent(event)', source: 'D', note: '', rewrite: arity(1, same('aclrtDestroyEvent')) },

  // Device management.
  { cuda: 'cudaSetDevice', acl: 'aclrtSetDevice', form: 'aclrtSetDevice(id)', source: 'D', note: 'Call aclInit(nullptr) once per process first (the process-setup fix inserts it).', rewrite: arity(1, same('aclrtSetDevice')) },
  { cuda: 'cudaGetDevice', acl: 'aclrtGetDevice', form: 'aclrtGetDevice(&id)', source: 'D', note: 'Writes an int32_t.', rewrite: arity(1, same('aclrtGetDevice')) },
  { cuda: 'cudaGetDeviceCount', acl: 'aclrtGetDeviceCount', form: 'aclrtGetDeviceCount((uint32_t*)&count)', source: 'D', note: 'Counts into a uint32_t; the rewrite reinterprets the int, which is unsafe if the variable is not a 32-bit int.', rewrite: arity(1, ([p]) => ({ text: `aclrtGetDeviceCount(reinterpret_cast<uint32_t*>(${p!.trim()}))`, safety: 'unsafe' })) },
  { cuda: 'cudaDeviceSynchronize', acl: 'aclrtSynchronizeDevice', form: 'aclrtSynchronizeDevice()', source: 'D', note: '', rewrite: arity(0, () => ({ text: 'aclrtSynchronizeDevice()', safety: 'safe' })) },
  { cuda: 'cudaThreadSynchronize', acl: 'aclrtSynchronizeDevice', form: 'aclrtSynchronizeDevice()', source: 'D', note: 'Deprecated CUDA spelling of cudaDeviceSynchronize.', rewrite: arity(0, () => ({ text: 'aclrtSynchronizeDevice()', safety: 'safe' })) },
  { cuda: 'cudaDeviceReset', acl: 'aclrtResetDevice', form: 'aclrtResetDevice(id)', source: 'D', note: 'Takes the device id; call aclFinalize() at process teardown.', rewrite: arity(0, () => ({ text: 'aclrtResetDevice(0 /* TODO(ascend-port): the device id passed to aclrtSetDevice */)', safety: 'unsafe' })) },
  { cuda: 'cudaGetDeviceProperties', acl: 'aclrtGetDeviceInfo', form: 'aclrtGetDeviceInfo(id, ACL_DEV_ATTR_*, &value)', source: 'D', note: 'One attribute per call (ACL_DEV_ATTR_AICORE_CORE_NUM, ACL_DEV_ATTR_VECTOR_CORE_NUM, …; 2026 runtime); there is no properties struct.' },
  { cuda: 'cudaDeviceGetAttribute', acl: 'aclrtGetDeviceInfo', form: 'aclrtGetDeviceInfo(id, ACL_DEV_ATTR_*, &value)', source: 'D', note: 'The attributes differ; map each one by hand.' },
  { cuda: 'cudaDeviceCanAccessPeer', acl: 'aclrtDeviceCanAccessPeer', form: 'aclrtDeviceCanAccessPeer(&can, dev, peer)', source: 'D', note: '', rewrite: arity(3, same('aclrtDeviceCanAccessPeer')) },
  { cuda: 'cudaDeviceEnablePeerAccess', acl: 'aclrtDeviceEnablePeerAccess', form: 'aclrtDeviceEnablePeerAccess(peer, flags)', source: 'D', note: 'Flags must be 0 in CUDA; the ACL call takes its own.', rewrite: arity(2, ([p, f]) => ({ text: `aclrtDeviceEnablePeerAccess(${p!.trim()}, ${f!.trim()})`, safety: isZero(f) ? 'safe' : 'unsafe' })) },

  // Errors.
  { cuda: 'cudaGetLastError', acl: 'aclrtGetLastError', form: 'aclrtGetLastError(ACL_RT_THREAD_LEVEL)', source: 'E', note: 'Returns an aclError.', rewrite: arity(0, () => ({ text: 'aclrtGetLastError(ACL_RT_THREAD_LEVEL)', safety: 'safe' })) },
  { cuda: 'cudaPeekAtLastError', acl: 'aclrtPeekAtLastError', form: 'aclrtPeekAtLastError(ACL_RT_THREAD_LEVEL)', source: 'E', note: 'Returns an aclError.', rewrite: arity(0, () => ({ text: 'aclrtPeekAtLastError(ACL_RT_THREAD_LEVEL)', safety: 'safe' })) },
  {
    cuda: 'cudaGetErrorString', acl: 'aclGetRecentErrMsg', form: 'aclGetRecentErrMsg()', source: 'D',
    note: 'Takes no error code: it describes the most recent failure, which need not be the one passed. Seen in the 2026 runtime headers only.',
    rewrite: arity(1, () => ({ text: 'aclGetRecentErrMsg()', safety: 'unsafe' })),
  },
  { cuda: 'cudaGetErrorName', acl: null, form: '', source: 'D', note: 'No error-name lookup in the reference; aclGetRecentErrMsg() gives the most recent message.' },

  // Launch.
  { cuda: 'cudaLaunchKernel', acl: 'aclrtLaunchKernel', form: 'aclrtLaunchKernel(funcHandle, numBlocks, argsData, argsSize, stream)', source: 'D', note: 'Driver-style launch of a loaded binary (aclrtBinaryGetFunction); kernels compiled with the program use kernel<<<numBlocks, nullptr, stream>>>(…).' },
  { cuda: 'cudaLaunchCooperativeKernel', acl: null, form: '', source: 'A25', note: 'No cooperative launch: grid-wide sync is SyncAll() with numBlocks ≤ physical cores.' },
  { cuda: 'cudaFuncGetAttributes', acl: null, form: '', source: 'A5', note: 'No per-kernel attributes: there are no threads or registers to query.' },
  { cuda: 'cudaFuncSetAttribute', acl: null, form: '', source: 'A5', note: 'No per-kernel attributes; UB is sized statically with TPipe::InitBuffer.' },
  { cuda: 'cudaOccupancyMaxActiveBlocksPerMultiprocessor', acl: null, form: '', source: 'A5', note: 'No occupancy: launch about one block per physical core.' },
  { cuda: 'cudaOccupancyMaxPotentialBlockSize', acl: null, form: '', source: 'A5', note: 'No thread blocks: launch about one block per physical core.' },

  // Symbols, textures, graphs, IPC: no equivalents.
  { cuda: 'cudaMemcpyToSymbol', acl: null, form: '', source: 'A33', note: 'No __constant__/__device__ symbols: pass small constants as kernel arguments or a POD tiling struct.' },
  { cuda: 'cudaMemcpyFromSymbol', acl: null, form: '', source: 'A33', note: 'No device symbols: keep results in a GM buffer and copy it with aclrtMemcpy.' },
  { cuda: 'cudaMallocPitch', acl: null, form: '', source: 'D', note: 'No pitched allocation: allocate rows × padded width with aclrtMalloc; aclrtMemcpy2d exists but its arguments are not in the reference.' },
  { cuda: 'cudaMemcpy2D', acl: 'aclrtMemcpy2d', form: 'aclrtMemcpy2d(...)', source: 'D', note: 'Exists, but its arguments are not transcribed in the reference: rewrite by hand against your toolkit header.' },
  { cuda: 'cudaCreateTextureObject', acl: null, form: '', source: 'A33', note: 'No texture objects: copy the data GM→UB with DataCopy and interpolate with vector ops.' },
  { cuda: 'cudaGraphCreate', acl: null, form: '', source: 'D', note: 'No graph API in the reference: replay the work on a stream.' },
  { cuda: 'cudaStreamBeginCapture', acl: null, form: '', source: 'D', note: 'No stream capture in the reference.' },
  { cuda: 'cudaGraphLaunch', acl: null, form: '', source: 'D', note: 'No graph API in the reference.' },
  { cuda: 'cudaIpcGetMemHandle', acl: null, form: '', source: 'D', note: 'No IPC memory handles in the reference.' },
  { cuda: 'cudaHostRegister', acl: null, form: '', source: 'D', note: 'No registration of existing host memory: allocate with aclrtMallocHost or copy.' },
  { cuda: 'cudaHostGetDevicePointer', acl: null, form: '', source: 'D', note: 'No zero-copy mapped host memory.' },
  { cuda: 'cudaDeviceSetLimit', acl: null, form: '', source: 'A5', note: 'No device limits (stack, printf FIFO, heap) to set.' },
  { cuda: 'cudaDeviceGetLimit', acl: null, form: '', source: 'A5', note: 'No device limits to query.' },
  { cuda: 'cudaMallocAsync', acl: null, form: '', source: 'D', note: 'No stream-ordered allocator in the reference: use aclrtMalloc outside the hot path.' },
  { cuda: 'cudaFreeAsync', acl: null, form: '', source: 'D', note: 'No stream-ordered allocator in the reference: use aclrtFree after synchronising.' },
];

export const RUNTIME_FUNCTION: ReadonlyMap<string, RuntimeFunction> = new Map(RUNTIME_FUNCTIONS.map((f) => [f.cuda, f]));

/** The process setup the host-runtime fixes assume: once per process, before any other ACL call. */
export const ACL_SETUP = ['aclInit(nullptr);', 'aclrtSetDevice(0);'];
export const ACL_TEARDOWN = ['aclrtResetDevice(0);', 'aclFinalize();'];
