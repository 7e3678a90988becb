/**
 * What the runtime rules' names become when the runtime table (`runtime/table.ts`) has no
 * row of their own: one answer per rule, for the runtime coverage page (every row says mapped
 * or not and why). Facts: ascend-c.md §5 (D, E) and §7.
 *
 * `RUNTIME_ROWS` are the runtime names of the rules that are table-driven (ASC562–ASC564).
 */
import type { NameRow } from './table';

const AOT = 'Ascend kernels are compiled ahead of time (bisheng or the CMake flow): call the kernel through its generated launch wrapper instead of loading or looking it up at run time';
const EXTERNAL = 'no import of external memory or semaphores (Vulkan, D3D, NvSci) in the reference: copy through the host';
const TOOLS = 'no such tool API in the reference: use the CANN tools outside the program, or remove the call';

function rows(rule: string, names: readonly string[], instead: string, source: string): NameRow[] {
  return names.map((name) => ({ name, rule, family: 'runtime', map: { kind: 'none', instead }, note: '', source }));
}

export const RUNTIME_ROWS: readonly NameRow[] = [
  ...rows('ASC562', ['cudaLibraryLoadData', 'cudaLibraryLoadFromFile', 'cudaLibraryUnload', 'cudaLibraryGetKernel', 'cudaLibraryGetKernelCount', 'cudaLibraryEnumerateKernels', 'cudaLibraryGetGlobal', 'cudaLibraryGetManaged', 'cudaLibraryGetUnifiedFunction', 'cudaGetKernel', 'cudaGetFuncBySymbol', 'cudaKernelSetAttributeForDevice', 'cudaGetDriverEntryPoint', 'cudaGetDriverEntryPointByVersion', 'cudaGetExportTable', 'cudaFuncGetName', 'cudaFuncGetParamInfo'], AOT, 'A8, A38'),
  ...rows('ASC563', ['cudaImportExternalMemory', 'cudaExternalMemoryGetMappedBuffer', 'cudaExternalMemoryGetMappedMipmappedArray', 'cudaDestroyExternalMemory', 'cudaImportExternalSemaphore', 'cudaSignalExternalSemaphoresAsync', 'cudaWaitExternalSemaphoresAsync', 'cudaDestroyExternalSemaphore', 'cudaDeviceGetNvSciSyncAttributes'], EXTERNAL, 'D'),
  ...rows('ASC564', ['cudaProfilerStart', 'cudaProfilerStop', 'cudaLogsCurrent', 'cudaLogsDumpToFile', 'cudaLogsDumpToMemory', 'cudaLogsRegisterCallback', 'cudaLogsUnregisterCallback', 'cudaDeviceRegisterAsyncNotification', 'cudaDeviceUnregisterAsyncNotification'], TOOLS, 'D'),
];

export const RUNTIME_RULE_ANSWERS: Readonly<Record<string, string>> = {
  ASC506: 'No counterpart for stream priorities, attributes or queries in the reference: ACL streams are created, synchronised, waited on and destroyed (aclrtCreateStream, aclrtSynchronizeStream, aclrtStreamWaitEvent, aclrtDestroyStream).',
  ASC507: 'No counterpart in the reference beyond create, record, synchronise, query and elapsed time (aclrtCreateEvent, aclrtRecordEvent, aclrtSynchronizeEvent, aclrtQueryEventStatus, aclrtEventElapsedTime).',
  ASC509: 'None: an ACL device is an int32_t id for aclrtSetDevice; PCI ids, flags and device choice by properties have no counterpart.',
  ASC510: 'By hand: aclrtGetDeviceInfo(id, ACL_DEV_ATTR_*, &value) one attribute per call; most CUDA properties (warp size, registers, shared memory) do not exist.',
  ASC512: 'None: no pitched or 2-D/3-D allocations; allocate rows × padded width with aclrtMalloc and copy tiles with DataCopy strides in the kernel.',
  ASC513: 'None: no __constant__/__device__ symbols; pass small constants as kernel arguments or a POD tiling struct, results through a GM buffer.',
  ASC514: 'None: no managed (unified) memory in the ACL runtime; allocate with aclrtMalloc and copy explicitly.',
  ASC515: 'None: no graph or stream-capture API in the reference; issue the work on an aclrtStream each time.',
  ASC516: 'None: no stream-ordered allocator or memory pools in the reference; allocate with aclrtMalloc outside the hot path.',
  ASC517: 'None: no IPC memory or event handles in the reference; share data through the host or HCCL.',
  ASC518: 'None: no occupancy; launch about one block per physical core.',
  ASC519: 'None: no per-kernel or device cache and shared-memory configuration; UB is sized with TPipe::InitBuffer.',
  ASC521: 'None beyond aclrtDeviceCanAccessPeer and aclrtDeviceEnablePeerAccess: no disable, no peer attributes, no peer copies.',
  ASC523: 'None: host memory cannot be registered or mapped into the device; copy with aclrtMemcpy from aclrtMallocHost buffers.',
  ASC524: 'None: no textures, surfaces, arrays or channel descriptors; copy the data GM→UB with DataCopy and interpolate with vector ops.',
  ASC525: 'None: no graphics interoperability; copy results to the host with aclrtMemcpy.',
  ASC526: 'By hand: the generated launch wrapper or kernel<<<numBlocks, nullptr, stream>>>(args…); aclrtLaunchKernel launches a loaded binary.',
};
