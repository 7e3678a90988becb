/**
 * The CUDA driver API (`cuda.h`, CUDA 13) → ACL, per function family (ASC530–ASC561; the
 * driver coverage page). ACL counterparts only where `../shared/ref/ascend-c.md` §5 names one
 * (source D: the 2026 runtime headers); rewrites only where the argument mapping follows
 * from the reference's signatures. A `CUdeviceptr` is an integer, an ACL device pointer a
 * `void*`: rewrites that pass one are unsafe (the variable's type must change with them).
 * Module and library loading, JIT linking and launch by handle have no counterpart: Ascend
 * kernels are compiled ahead of time and launched through the generated wrapper.
 */
import type { Rewrite } from '../../runtime/table';
import { once } from '../../runtime/table';
import type { Mapping, NameRow } from './table';

type Row = Omit<NameRow, 'family'>;

const DEFAULT_STREAM = 'nullptr /* TODO(ascend-port): CUDA used the default stream here; pass an aclrtStream */';
const isZero = (e: string | undefined) => e !== undefined && /^\s*(0|0u|0U|NULL|nullptr|CU_STREAM_DEFAULT|CU_EVENT_DEFAULT)\s*$/.test(e);
const t = (e: string) => e.trim();
const dev = (e: string) => `reinterpret_cast<void*>(${t(e)})`;

function arity(n: number | readonly number[], f: (a: readonly string[]) => Rewrite | null): (a: readonly string[]) => Rewrite | null {
  const ok = typeof n === 'number' ? [n] : n;
  return (a) => (ok.includes(a.length) ? f(a) : null);
}
function rw(to: string, form: string, rewrite: (a: readonly string[]) => Rewrite | null): Mapping {
  return { kind: 'rewrite', to, form, rewrite };
}
function row(rule: string, name: string, map: Mapping, note = '', source = 'D, cuda.h'): Row {
  return { name, rule, map, note, source };
}
function prefix(rule: string, name: string, map: Mapping, except?: readonly string[], note = '', source = 'cuda.h'): Row {
  return { name, prefix: true, except, rule, map, note, source };
}
const none = (instead: string): Mapping => ({ kind: 'none', instead });
const hand = (to: string): Mapping => ({ kind: 'hand', to });

const AOT = 'Ascend kernels are compiled ahead of time (bisheng or the CMake flow): call the kernel through its generated launch wrapper (or `kernel<<<numBlocks, nullptr, stream>>>(args…)`) instead of loading code at run time';
const NO_CONTEXT = 'the reference names no ACL context API: each device has one default context, created by `aclrtSetDevice(id)` and released by `aclrtResetDevice(id)`';

function memcpy(kind: string, async: boolean, dstDev: boolean, srcDev: boolean) {
  return arity(async ? 4 : 3, ([d, s, n, st]) => {
    const c = once(n!);
    const text = `${async ? 'aclrtMemcpyAsync' : 'aclrtMemcpy'}(${dstDev ? dev(d!) : t(d!)}, ${c}, ${srcDev ? dev(s!) : t(s!)}, ${c}, ${kind}${async ? `, ${isZero(st) ? DEFAULT_STREAM : t(st!)}` : ''})`;
    return { text, safety: 'unsafe' };
  });
}

const ROWS: Row[] = [
  // ASC530 driver-init.
  row('ASC530', 'cuInit', rw('aclInit', 'aclInit(nullptr)', arity(1, ([f]) => (isZero(f) ? { text: 'aclInit(nullptr)', safety: 'safe' } : null))), 'cuInit takes flags that must be 0; aclInit takes an optional configuration path.', 'D, A7'),
  row('ASC530', 'cuDriverGetVersion', none('no driver version query in the reference: the CANN version is fixed when the kernels are built')),
  row('ASC530', 'cuGetProcAddress', none('no driver entry-point table: call the ACL functions directly')),
  row('ASC530', 'cuGetExportTable', none('no driver export table: call the ACL functions directly')),

  // ASC531 driver-device.
  prefix('ASC531', 'cuDevice', none('no such device query on Ascend: the SoC is chosen when the kernels are built; core counts come from `aclrtGetDeviceInfo(id, ACL_DEV_ATTR_*, &value)`'), [
    'cuDevicePrimaryCtx', 'cuDeviceCanAccessPeer', 'cuDeviceGetP2P', 'cuDeviceGetMemPool', 'cuDeviceSetMemPool', 'cuDeviceGetDefaultMemPool', 'cuDeviceGetGraphMemAttribute',
    'cuDeviceSetGraphMemAttribute', 'cuDeviceGraphMemTrim', 'cuDeviceGetDevResource',
  ], '', 'D, cuda.h'),
  row('ASC531', 'cuDeviceGet', hand('the ordinal itself: ACL devices are `int32_t` ids passed to `aclrtSetDevice(id)`')),
  row('ASC531', 'cuDeviceGetCount', rw('aclrtGetDeviceCount', 'aclrtGetDeviceCount((uint32_t*)&count)', arity(1, ([p]) => ({ text: `aclrtGetDeviceCount(reinterpret_cast<uint32_t*>(${t(p!)}))`, safety: 'unsafe' }))), 'Counts into a uint32_t; the rewrite reinterprets the int.'),
  row('ASC531', 'cuDeviceGetAttribute', hand('`aclrtGetDeviceInfo(id, ACL_DEV_ATTR_*, &value)`, one attribute per call (the attributes differ: map each by hand)')),
  row('ASC531', 'cuDeviceTotalMem', hand('`aclrtGetMemInfo(attr, &free, &total)`')),

  // ASC532 driver-primary-context.
  prefix('ASC532', 'cuDevicePrimaryCtx', none(NO_CONTEXT)),
  row('ASC532', 'cuDevicePrimaryCtxRetain', hand('`aclrtSetDevice(id)`, which creates the device\'s default context')),
  row('ASC532', 'cuDevicePrimaryCtxRelease', hand('`aclrtResetDevice(id)` at teardown')),
  row('ASC532', 'cuDevicePrimaryCtxReset', hand('`aclrtResetDevice(id)`')),

  // ASC533 driver-context.
  prefix('ASC533', 'cuCtx', none(NO_CONTEXT), ['cuCtxEnablePeerAccess', 'cuCtxDisablePeerAccess', 'cuCtxFromGreenCtx', 'cuCtxGetDevResource']),
  row('ASC533', 'cuCtxCreate', hand('`aclrtSetDevice(id)`, which creates the device\'s default context')),
  row('ASC533', 'cuCtxDestroy', hand('`aclrtResetDevice(id)`')),
  row('ASC533', 'cuCtxSynchronize', rw('aclrtSynchronizeDevice', 'aclrtSynchronizeDevice()', arity(0, () => ({ text: 'aclrtSynchronizeDevice()', safety: 'safe' })))),
  row('ASC533', 'cuCtxGetDevice', rw('aclrtGetDevice', 'aclrtGetDevice(&id)', arity(1, ([p]) => ({ text: `aclrtGetDevice(${t(p!)})`, safety: 'unsafe' }))), 'Writes an int32_t; a CUdevice is an int.'),
  ...['cuCtxGetLimit', 'cuCtxSetLimit', 'cuCtxGetCacheConfig', 'cuCtxSetCacheConfig', 'cuCtxGetSharedMemConfig', 'cuCtxSetSharedMemConfig', 'cuCtxResetPersistingL2Cache'].map((n) =>
    row('ASC533', n, none('no device limits or cache configuration: UB is sized statically with `TPipe::InitBuffer`'), '', 'A5, A23'),
  ),

  // ASC534 driver-module.
  prefix('ASC534', 'cuModule', none(AOT), ['cuModuleGetTexRef', 'cuModuleGetSurfRef'], '', 'A8, A38'),
  row('ASC534', 'cuModuleGetGlobal', none('no device symbols: pass constants as kernel arguments or a POD tiling struct, results through a GM buffer'), '', 'A33'),
  // ASC535 driver-jit-link.
  prefix('ASC535', 'cuLink', none(AOT), undefined, '', 'A38'),
  // ASC536 driver-library.
  prefix('ASC536', 'cuLibrary', none(AOT), undefined, '', 'A8, A38'),
  prefix('ASC536', 'cuKernel', none(AOT), undefined, '', 'A8, A38'),

  // ASC537 driver-launch.
  ...['cuLaunchKernel', 'cuLaunchKernelEx', 'cuLaunch', 'cuLaunchGrid', 'cuLaunchGridAsync'].map((n) =>
    row('ASC537', n, hand('the generated launch wrapper, or `kernel<<<numBlocks, nullptr, stream>>>(args…)`: one dimension of cores, no thread block, no shared-memory size'), '`aclrtLaunchKernel(funcHandle, numBlocks, argsData, argsSize, stream)` launches a loaded binary (2026 runtime); kernels built with the program use the wrapper.', 'A5, A8, D'),
  ),
  row('ASC537', 'cuLaunchCooperativeKernel', none('no cooperative launch: grid-wide synchronisation is `SyncAll()` with numBlocks ≤ the physical cores'), '', 'A25'),
  row('ASC537', 'cuLaunchCooperativeKernelMultiDevice', none('no multi-device launch: one launch per device, collectives through HCCL'), '', 'A25, A30'),
  row('ASC537', 'cuLaunchHostFunc', hand('`aclrtLaunchCallback(fn, userData, blockType, stream)` with `aclrtSubscribeReport` (the enum values are not in the reference)')),
  prefix('ASC537', 'cuParamSet', hand('kernel arguments in the launch call itself'), ['cuParamSetTexRef']),
  row('ASC537', 'cuFuncSetBlockShape', none('no thread blocks: a launch gives only the number of cores'), '', 'A5'),
  row('ASC537', 'cuFuncSetSharedSize', none('no shared memory: size UB buffers with `TPipe::InitBuffer`'), '', 'A23'),

  // ASC538 driver-function-attributes.
  prefix('ASC538', 'cuFunc', none('no per-kernel attributes: there are no threads or registers to query, and UB is sized with `TPipe::InitBuffer`'), ['cuFuncSetBlockShape', 'cuFuncSetSharedSize'], '', 'A5, A23'),

  // ASC539 driver-memory.
  row('ASC539', 'cuMemAlloc', rw('aclrtMalloc', 'aclrtMalloc(&ptr, size, ACL_MEM_MALLOC_HUGE_FIRST)', arity(2, ([p, n]) => ({ text: `aclrtMalloc(reinterpret_cast<void**>(${t(p!)}), ${t(n!)}, ACL_MEM_MALLOC_HUGE_FIRST)`, safety: 'unsafe' }))), 'Declare the pointer as void* (a CUdeviceptr is an integer).', 'D, A7'),
  row('ASC539', 'cuMemFree', rw('aclrtFree', 'aclrtFree(ptr)', arity(1, ([p]) => ({ text: `aclrtFree(${dev(p!)})`, safety: 'unsafe' })))),
  row('ASC539', 'cuMemAllocHost', rw('aclrtMallocHost', 'aclrtMallocHost(&ptr, size)', arity(2, ([p, n]) => ({ text: `aclrtMallocHost(${t(p!)}, ${t(n!)})`, safety: 'unsafe' }))), 'ACL host memory cannot be read by kernels: copy it with aclrtMemcpy.'),
  row('ASC539', 'cuMemHostAlloc', rw('aclrtMallocHost', 'aclrtMallocHost(&ptr, size)', arity(3, ([p, n]) => ({ text: `aclrtMallocHost(${t(p!)}, ${t(n!)})`, safety: 'unsafe' }))), 'The flags (mapped, portable, write-combined) are dropped: ACL host memory is never mapped into the device.'),
  row('ASC539', 'cuMemFreeHost', rw('aclrtFreeHost', 'aclrtFreeHost(ptr)', arity(1, ([p]) => ({ text: `aclrtFreeHost(${t(p!)})`, safety: 'safe' })))),
  row('ASC539', 'cuMemAllocPitch', none('no pitched allocation: allocate rows × padded width with `aclrtMalloc`')),
  row('ASC539', 'cuMemGetInfo', hand('`aclrtGetMemInfo(attr, &free, &total)` (the aclrtMemAttr values are not in the reference)')),
  row('ASC539', 'cuMemGetAddressRange', none('no allocation-range query: keep the base pointer and size of each aclrtMalloc')),

  // ASC540 driver-memcpy.
  prefix('ASC540', 'cuMemcpy', none('no such copy in the reference: copy contiguous runs with `aclrtMemcpy`/`aclrtMemcpyAsync`')),
  row('ASC540', 'cuMemcpy', rw('aclrtMemcpy', 'aclrtMemcpy(dst, count, src, count, ACL_MEMCPY_DEFAULT)', memcpy('ACL_MEMCPY_DEFAULT', false, true, true))),
  row('ASC540', 'cuMemcpyAsync', rw('aclrtMemcpyAsync', 'aclrtMemcpyAsync(dst, count, src, count, ACL_MEMCPY_DEFAULT, stream)', memcpy('ACL_MEMCPY_DEFAULT', true, true, true))),
  row('ASC540', 'cuMemcpyHtoD', rw('aclrtMemcpy', 'aclrtMemcpy(dst, count, src, count, ACL_MEMCPY_HOST_TO_DEVICE)', memcpy('ACL_MEMCPY_HOST_TO_DEVICE', false, true, false))),
  row('ASC540', 'cuMemcpyDtoH', rw('aclrtMemcpy', 'aclrtMemcpy(dst, count, src, count, ACL_MEMCPY_DEVICE_TO_HOST)', memcpy('ACL_MEMCPY_DEVICE_TO_HOST', false, false, true))),
  row('ASC540', 'cuMemcpyDtoD', rw('aclrtMemcpy', 'aclrtMemcpy(dst, count, src, count, ACL_MEMCPY_DEVICE_TO_DEVICE)', memcpy('ACL_MEMCPY_DEVICE_TO_DEVICE', false, true, true))),
  row('ASC540', 'cuMemcpyHtoDAsync', rw('aclrtMemcpyAsync', 'aclrtMemcpyAsync(dst, count, src, count, ACL_MEMCPY_HOST_TO_DEVICE, stream)', memcpy('ACL_MEMCPY_HOST_TO_DEVICE', true, true, false))),
  row('ASC540', 'cuMemcpyDtoHAsync', rw('aclrtMemcpyAsync', 'aclrtMemcpyAsync(dst, count, src, count, ACL_MEMCPY_DEVICE_TO_HOST, stream)', memcpy('ACL_MEMCPY_DEVICE_TO_HOST', true, false, true))),
  row('ASC540', 'cuMemcpyDtoDAsync', rw('aclrtMemcpyAsync', 'aclrtMemcpyAsync(dst, count, src, count, ACL_MEMCPY_DEVICE_TO_DEVICE, stream)', memcpy('ACL_MEMCPY_DEVICE_TO_DEVICE', true, true, true)), 'On-chip device-to-device copies need 64-byte aligned pointers.'),
  ...['cuMemcpy2D', 'cuMemcpy2DAsync', 'cuMemcpy2DUnaligned'].map((n) => row('ASC540', n, hand('`aclrtMemcpy2d(...)` (it exists, but its arguments are not in the reference: rewrite against your toolkit header)'))),
  ...['cuMemcpyPeer', 'cuMemcpyPeerAsync', 'cuMemcpy3DPeer', 'cuMemcpy3DPeerAsync'].map((n) => row('ASC540', n, none('no peer copy in the reference: enable peer access with `aclrtDeviceEnablePeerAccess` and copy with `aclrtMemcpy`, or use HCCL'))),

  // ASC541 driver-memset.
  prefix('ASC541', 'cuMemset', hand('`aclrtMemset` only for a repeated byte value; other patterns need a kernel with `Duplicate` and `DataCopy`'), undefined, '', 'D, A14'),
  row('ASC541', 'cuMemsetD8', rw('aclrtMemset', 'aclrtMemset(ptr, count, value, count)', arity(3, ([p, v, n]) => ({ text: `aclrtMemset(${dev(p!)}, ${once(n!)}, ${t(v!)}, ${once(n!)})`, safety: 'unsafe' })))),
  row('ASC541', 'cuMemsetD8Async', rw('aclrtMemsetAsync', 'aclrtMemsetAsync(ptr, count, value, count, stream)', arity(4, ([p, v, n, s]) => ({ text: `aclrtMemsetAsync(${dev(p!)}, ${once(n!)}, ${t(v!)}, ${once(n!)}, ${isZero(s) ? DEFAULT_STREAM : t(s!)})`, safety: 'unsafe' })))),

  // ASC542 driver-stream.
  prefix('ASC542', 'cuStream', none('no such stream query or attribute in the reference: ACL streams are created, synchronised, waited on and destroyed'), [
    'cuStreamBeginCapture', 'cuStreamEndCapture', 'cuStreamIsCapturing', 'cuStreamGetCaptureInfo', 'cuStreamUpdateCaptureDependencies', 'cuStreamWaitValue', 'cuStreamWriteValue', 'cuStreamBatchMemOp', 'cuStreamGetGreenCtx', 'cuStreamAttachMemAsync',
  ]),
  row('ASC542', 'cuStreamCreate', rw('aclrtCreateStream', 'aclrtCreateStream(&stream)', arity(2, ([s, f]) => ({ text: `aclrtCreateStream(${t(s!)})`, safety: isZero(f) ? 'safe' : 'unsafe' }))), 'CUDA stream flags are dropped.'),
  row('ASC542', 'cuStreamCreateWithPriority', hand('`aclrtCreateStreamWithConfig(stream, priority, flag)` (2026 runtime; flag values not in the reference) or `aclrtCreateStream(&stream)`')),
  row('ASC542', 'cuStreamDestroy', rw('aclrtDestroyStream', 'aclrtDestroyStream(stream)', arity(1, ([s]) => ({ text: `aclrtDestroyStream(${t(s!)})`, safety: 'safe' })))),
  row('ASC542', 'cuStreamSynchronize', rw('aclrtSynchronizeStream', 'aclrtSynchronizeStream(stream)', arity(1, ([s]) => (isZero(s) ? { text: `aclrtSynchronizeStream(${DEFAULT_STREAM})`, safety: 'unsafe' } : { text: `aclrtSynchronizeStream(${t(s!)})`, safety: 'safe' })))),
  row('ASC542', 'cuStreamWaitEvent', rw('aclrtStreamWaitEvent', 'aclrtStreamWaitEvent(stream, event)', arity(3, ([s, e, f]) => ({ text: `aclrtStreamWaitEvent(${isZero(s) ? DEFAULT_STREAM : t(s!)}, ${t(e!)})`, safety: isZero(f) && !isZero(s) ? 'safe' : 'unsafe' })))),
  row('ASC542', 'cuStreamQuery', none('no non-blocking stream query in the reference: record an event and poll it with `aclrtQueryEventStatus`')),
  row('ASC542', 'cuStreamAddCallback', hand('`aclrtLaunchCallback(fn, userData, blockType, stream)` with `aclrtSubscribeReport` (the callback signature differs)')),

  // ASC543 driver-event.
  prefix('ASC543', 'cuEvent', none('no such event call in the reference')),
  row('ASC543', 'cuEventCreate', rw('aclrtCreateEvent', 'aclrtCreateEvent(&event)', arity(2, ([e, f]) => (isZero(f) ? { text: `aclrtCreateEvent(${t(e!)})`, safety: 'safe' } : null))), 'With flags, choose an ACL flag for `aclrtCreateEventWithFlag` by hand.'),
  row('ASC543', 'cuEventRecord', rw('aclrtRecordEvent', 'aclrtRecordEvent(event, stream)', arity(2, ([e, s]) => (isZero(s) ? { text: `aclrtRecordEvent(${t(e!)}, ${DEFAULT_STREAM})`, safety: 'unsafe' } : { text: `aclrtRecordEvent(${t(e!)}, ${t(s!)})`, safety: 'safe' })))),
  row('ASC543', 'cuEventRecordWithFlags', hand('`aclrtRecordEvent(event, stream)` (no record flags)')),
  row('ASC543', 'cuEventSynchronize', rw('aclrtSynchronizeEvent', 'aclrtSynchronizeEvent(event)', arity(1, ([e]) => ({ text: `aclrtSynchronizeEvent(${t(e!)})`, safety: 'safe' })))),
  row('ASC543', 'cuEventElapsedTime', rw('aclrtEventElapsedTime', 'aclrtEventElapsedTime(&ms, start, end)', arity(3, (a) => ({ text: `aclrtEventElapsedTime(${a.map(t).join(', ')})`, safety: 'safe' }))), 'Milliseconds, as in CUDA.'),
  row('ASC543', 'cuEventQuery', hand('`aclrtQueryEventStatus(event, &status)` (the status comes back through an aclrtEventRecordedStatus*)')),
  row('ASC543', 'cuEventDestroy', rw('aclrtDestroyEvent', 'aclrtDestroyEvent(event)', arity(1, ([e]) => ({ text: `aclrtDestroyEvent(${t(e!)})`, safety: 'safe' })))),

  // ASC544 driver-error.
  row('ASC544', 'cuGetErrorString', hand('`aclGetRecentErrMsg()`, which takes no error code: it describes the most recent failure (2026 runtime)')),
  row('ASC544', 'cuGetErrorName', none('no error-name lookup in the reference: compare the aclError with ACL_SUCCESS and print `aclGetRecentErrMsg()`')),

  // ASC545 driver-virtual-memory.
  ...['cuMemAddressReserve', 'cuMemAddressFree', 'cuMemCreate', 'cuMemRelease', 'cuMemMap', 'cuMemUnmap', 'cuMemSetAccess', 'cuMemGetAccess', 'cuMemExportToShareableHandle', 'cuMemImportFromShareableHandle', 'cuMemGetAllocationGranularity', 'cuMemGetAllocationPropertiesFromHandle', 'cuMemRetainAllocationHandle', 'cuMemMapArrayAsync', 'cuMemGetHandleForAddressRange', 'cuMemBatchDecompressAsync'].map((n) =>
    row('ASC545', n, none('no virtual-memory management in the reference: allocate with `aclrtMalloc` (grow by reallocating and copying)')),
  ),
  // ASC546 driver-mem-pool.
  prefix('ASC546', 'cuMemPool', none('no stream-ordered allocator in the reference: allocate with `aclrtMalloc` outside the hot path and reuse the buffers')),
  ...['cuMemAllocAsync', 'cuMemFreeAsync', 'cuMemAllocFromPoolAsync', 'cuDeviceGetMemPool', 'cuDeviceSetMemPool', 'cuDeviceGetDefaultMemPool', 'cuMemGetDefaultMemPool', 'cuMemGetMemPool', 'cuMemSetMemPool'].map((n) =>
    row('ASC546', n, none('no stream-ordered allocator in the reference: allocate with `aclrtMalloc` outside the hot path and reuse the buffers')),
  ),
  // ASC547 driver-managed-memory.
  ...['cuMemAllocManaged', 'cuMemAdvise', 'cuMemPrefetchAsync', 'cuMemPrefetchBatchAsync', 'cuMemDiscardBatchAsync', 'cuMemDiscardAndPrefetchBatchAsync', 'cuMemRangeGetAttribute', 'cuMemRangeGetAttributes', 'cuStreamAttachMemAsync'].map((n) =>
    row('ASC547', n, none('no managed (unified) memory in the ACL runtime: allocate with `aclrtMalloc` and copy explicitly with `aclrtMemcpy`')),
  ),
  // ASC548 driver-host-memory.
  ...['cuMemHostRegister', 'cuMemHostUnregister', 'cuMemHostGetDevicePointer', 'cuMemHostGetFlags', 'cuPointerGetAttribute', 'cuPointerGetAttributes', 'cuPointerSetAttribute', 'cuFlushGPUDirectRDMAWrites'].map((n) =>
    row('ASC548', n, none('no mapped or registered host memory: kernels read only device memory, filled with `aclrtMemcpy` from `aclrtMallocHost` buffers')),
  ),
  // ASC549 driver-array.
  prefix('ASC549', 'cuArray', none('no CUDA arrays: keep the data in a linear `aclrtMalloc` buffer and copy tiles with `DataCopy`'), undefined, '', 'A15, A33'),
  prefix('ASC549', 'cuMipmappedArray', none('no mipmapped arrays: one linear buffer per level'), undefined, '', 'A33'),
  // ASC550 driver-texture-surface.
  ...['cuTexObject', 'cuSurfObject', 'cuTexRef', 'cuSurfRef'].map((p) => prefix('ASC550', p, none('no texture or surface objects: copy the data GM→UB with `DataCopy` and interpolate with vector ops'), undefined, '', 'A33')),
  row('ASC550', 'cuParamSetTexRef', none('no texture references: pass the buffer as a kernel argument'), '', 'A33'),
  row('ASC550', 'cuModuleGetTexRef', none('no texture references: pass the buffer as a kernel argument'), '', 'A33'),
  row('ASC550', 'cuModuleGetSurfRef', none('no surface references: pass the buffer as a kernel argument'), '', 'A33'),
  // ASC551 driver-graph.
  prefix('ASC551', 'cuGraph', none('no graph API in the reference: replay the work on a stream'), ['cuGraphics']),
  prefix('ASC551', 'cuUserObject', none('no graph API in the reference: replay the work on a stream')),
  ...['cuStreamBeginCapture', 'cuStreamBeginCaptureToGraph', 'cuStreamEndCapture', 'cuStreamIsCapturing', 'cuStreamGetCaptureInfo', 'cuStreamUpdateCaptureDependencies', 'cuThreadExchangeStreamCaptureMode', 'cuDeviceGetGraphMemAttribute', 'cuDeviceSetGraphMemAttribute', 'cuDeviceGraphMemTrim'].map((n) =>
    row('ASC551', n, none('no stream capture or graphs in the reference: replay the work on a stream')),
  ),
  // ASC552 driver-occupancy.
  prefix('ASC552', 'cuOccupancy', none('no occupancy: launch about one block per physical core (`aclrtGetDeviceInfo` with ACL_DEV_ATTR_AICORE_CORE_NUM / ACL_DEV_ATTR_VECTOR_CORE_NUM)'), undefined, '', 'A5, D'),
  // ASC553 driver-peer-access.
  row('ASC553', 'cuDeviceCanAccessPeer', rw('aclrtDeviceCanAccessPeer', 'aclrtDeviceCanAccessPeer(&can, dev, peer)', arity(3, (a) => ({ text: `aclrtDeviceCanAccessPeer(${a.map(t).join(', ')})`, safety: 'safe' })))),
  row('ASC553', 'cuCtxEnablePeerAccess', hand('`aclrtDeviceEnablePeerAccess(peerDeviceId, flags)`: by device id, not by context')),
  row('ASC553', 'cuCtxDisablePeerAccess', none('no peer-access disable in the reference')),
  prefix('ASC553', 'cuDeviceGetP2P', none('no peer attributes in the reference: `aclrtDeviceCanAccessPeer` tells whether peer access works')),
  // ASC554 driver-ipc.
  prefix('ASC554', 'cuIpc', none('no IPC memory or event handles in the reference: share data between processes through files, the host, or HCCL')),
  // ASC555 driver-external-resource.
  ...['cuImportExternalMemory', 'cuImportExternalSemaphore', 'cuDestroyExternalMemory', 'cuDestroyExternalSemaphore', 'cuSignalExternalSemaphoresAsync', 'cuWaitExternalSemaphoresAsync'].map((n) =>
    row('ASC555', n, none('no import of external memory or semaphores (Vulkan, D3D, NvSci) in the reference: copy through the host')),
  ),
  prefix('ASC555', 'cuExternalMemoryGetMapped', none('no import of external memory in the reference: copy through the host')),
  // ASC556 driver-graphics-interop.
  ...['cuGraphics', 'cuGL', 'cuD3D', 'cuEGL', 'cuVDPAU'].map((p) => prefix('ASC556', p, none('no graphics interoperability: render on the host from buffers copied back with `aclrtMemcpy`'))),
  // ASC557 driver-stream-memory-ops.
  ...['cuStreamWaitValue32', 'cuStreamWaitValue64', 'cuStreamWriteValue32', 'cuStreamWriteValue64', 'cuStreamBatchMemOp'].map((n) =>
    row('ASC557', n, hand('events: `aclrtRecordEvent(event, stream)` and `aclrtStreamWaitEvent(stream, event)` order the work (no waits on memory values)')),
  ),
  // ASC558 driver-tensor-map.
  prefix('ASC558', 'cuTensorMap', hand('`DataCopy` with `DataCopyParams` (blockCount, blockLen, srcStride, dstStride) moves strided tiles GM↔UB; there are no TMA descriptors'), undefined, '', 'A15, A20'),
  // ASC559 driver-green-context.
  ...['cuGreenCtx', 'cuDevResource', 'cuDevSmResource'].map((p) => prefix('ASC559', p, none('no SM partitioning: the cores a kernel uses are its launch\'s numBlocks'), undefined, '', 'A5')),
  ...['cuCtxFromGreenCtx', 'cuCtxGetDevResource', 'cuDeviceGetDevResource', 'cuStreamGetGreenCtx'].map((n) => row('ASC559', n, none('no SM partitioning: the cores a kernel uses are its launch\'s numBlocks'), '', 'A5')),
  // ASC560 driver-multicast.
  prefix('ASC560', 'cuMulticast', none('no multicast objects: collectives across devices go through HCCL'), undefined, '', 'A30'),
  // ASC561 driver-tools.
  ...['cuProfiler', 'cuCoredump', 'cuCheckpoint', 'cuLogs'].map((p) => prefix('ASC561', p, none('no such driver tool API in the reference: use the CANN tools outside the program, or remove the call'))),
];

export const DRIVER_NAMES: readonly NameRow[] = ROWS.map((r) => ({ ...r, family: 'driver' as const }));
