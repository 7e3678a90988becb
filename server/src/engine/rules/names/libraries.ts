/**
 * CUDA libraries (the libraries coverage page): the declared prefixes of cuBLAS/cuBLASLt,
 * cuDNN, cuRAND, cuFFT, cuSPARSE, cuSOLVER, NCCL, NPP, NVRTC and NVTX calls, the cuBLASLt
 * epilogue and layout enums (ASC716), the library headers (ASC717) and the Thrust/CUB
 * namespaces. `{soc}` in a text is the target's SoC. A user-defined function or macro with a
 * library prefix (`cublasCheck`) is never the library's: the rules skip names the file or its
 * headers define (`rules/support/names.ts`).
 */
import type { NameRow } from './table';

type Row = Omit<NameRow, 'family'>;

function lib(rule: string, prefix: string, instead: string, source: string, except?: readonly string[]): Row {
  return { name: prefix, prefix: true, except, rule, map: { kind: 'none', instead }, note: '', source };
}

const ROWS: Row[] = [
  lib('ASC701', 'cublas', 'cuBLAS does not exist on {soc}; re-implement the operation as an Ascend C kernel or find it in your CANN operator library', 'A27, A28'),
  lib('ASC702', 'cudnn', 'cuDNN does not exist; rebuild the operation with the Ascend C high-level API (SoftMax, LayerNorm, Conv3D, ...) or a kernel on {soc}', 'A30'),
  lib('ASC703', 'curand', 'cuRAND does not exist; use the high-level PhiloxRandom API (different sequences) on {soc}', 'A30'),
  lib('ASC704', 'cufft', 'cuFFT does not exist and no FFT API is named in the Ascend reference; write the transform as a kernel on {soc}', 'A30'),
  lib('ASC705', 'nccl', 'NCCL does not exist; port the collective to HCCL on {soc}', 'A30'),
  lib('ASC710', 'cusparse', 'cuSPARSE does not exist and no sparse library is documented for {soc}; write the operation as an Ascend C kernel (DataCopy, Gather, Mul, reductions)', 'A16, A35'),
  lib('ASC711', 'cusolver', 'cuSOLVER does not exist and no solver library is documented for {soc}; solve on the host or write a blocked factorisation (Matmul API for the updates)', 'A27'),
  lib('ASC713', 'nvtx', 'an NVTX profiler annotation; it does not exist on {soc}: remove it or compile it out', '—'),
  lib('ASC714', 'nppi', 'NPP does not exist and no image/signal library is documented for {soc}; write the primitive as an Ascend C kernel', '—'),
  lib('ASC714', 'npps', 'NPP does not exist and no image/signal library is documented for {soc}; write the primitive as an Ascend C kernel', '—'),
  ...['nppGetLibVersion', 'nppGetGpuNumSMs', 'nppGetMaxThreadsPerBlock', 'nppGetMaxThreadsPerSM', 'nppGetGpuName', 'nppGetGpuDeviceProperties', 'nppGetStream', 'nppSetStream', 'nppGetStreamContext', 'nppGetStreamNumSMs', 'nppGetStreamMaxThreadsPerSM'].map(
    (n): Row => ({ name: n, rule: 'ASC714', map: { kind: 'none', instead: 'NPP does not exist and no image/signal library is documented for {soc}; write the primitive as an Ascend C kernel' }, note: '', source: '—' }),
  ),
  lib('ASC715', 'nvrtc', '{soc} kernels are compiled ahead of time (bisheng or the CMake flow); no run-time compilation API is documented', 'A38'),
  // cuBLASLt enums: the epilogue fuses bias and activations into the GEMM; layouts and orders describe the operands.
  {
    name: 'CUBLASLT_EPILOGUE_', prefix: true, rule: 'ASC716', map: { kind: 'hand', to: 'the epilogue as vector code after the Matmul API: `Add` of the bias row, then the activation (`Relu`, the high-level `Gelu`) over the result tile' },
    note: 'The Matmul high-level API computes C = A·B (+ bias with SetBias); activations are separate vector passes.', source: 'A27, A30',
  },
  { name: 'CUBLASLT_MATMUL_DESC_', prefix: true, rule: 'ASC716', map: { kind: 'hand', to: 'the Matmul API\'s `MatmulType` and `TCubeTiling` (types, transposes, bias) instead of a descriptor attribute' }, note: '', source: 'A27' },
  { name: 'CUBLASLT_ORDER_', prefix: true, rule: 'ASC716', map: { kind: 'hand', to: 'the Matmul API\'s `CubeFormat` (ND or NZ) of each operand' }, note: 'NZ is the fractal layout of the Cube unit.', source: 'A27, A29' },
  { name: 'CUBLASLT_MATRIX_LAYOUT_', prefix: true, rule: 'ASC716', map: { kind: 'hand', to: 'the shapes and strides of the Matmul tiling (`MultiCoreMatmulTiling`)' }, note: '', source: 'A27' },
  { name: 'CUBLASLT_MATMUL_PREF_', prefix: true, rule: 'ASC716', map: { kind: 'none', instead: 'no heuristic search: the host tiling function chooses the split' }, note: '', source: 'A27' },
  // Library headers.
  ...([
    ['cublas_v2.h', 'cuBLAS: Cube kernels with the Matmul high-level API'],
    ['cublas.h', 'cuBLAS (legacy API): Cube kernels with the Matmul high-level API'],
    ['cublasLt.h', 'cuBLASLt: Cube kernels with the Matmul high-level API; epilogues as vector passes'],
    ['cublasXt.h', 'cuBLASXt: one Matmul kernel per device, the split by hand'],
    ['cudnn.h', 'cuDNN: the Ascend C high-level API (SoftMax, LayerNorm, Conv3D, …) or kernels'],
    ['curand.h', 'cuRAND: the high-level PhiloxRandom API'],
    ['curand_kernel.h', 'cuRAND device API: the high-level PhiloxRandom API over a tile'],
    ['cufft.h', 'cuFFT: a transform written as a kernel'],
    ['cusparse.h', 'cuSPARSE: kernels with DataCopy, Gather and reductions'],
    ['cusolverDn.h', 'cuSOLVER: the host, or a blocked factorisation with the Matmul API'],
    ['nccl.h', 'NCCL: HCCL'],
    ['cuda_bf16.h', 'bfloat16 as `bfloat16_t` tiles; compute in float after `Cast` where the API lists half only'],
    ['cuda_fp16.h', 'half as `half` tiles of the vector API'],
    ['cuda_fp8.h', 'FP8: check the target\'s Cast list (ASC410)'],
    ['cooperative_groups.h', 'no thread groups: blocks become cores (`GetBlockIdx()`, `GetBlockNum()`), warps and tiles become vector ops over a tile'],
    ['cuda/barrier', 'no async barriers: the TQue EnQue/DeQue pipeline synchronises the stages'],
    ['cuda/pipeline', 'no async-copy pipeline: TQue with double buffering (`InitBuffer(queue, 2, bytes)`)'],
    ['mma.h', 'no WMMA: the Matmul high-level API on the Cube unit'],
    ['cub/cub.cuh', 'CUB: the vector API (reductions, scans with CumSum, Sort)'],
    ['thrust/device_vector.h', 'Thrust: ACL buffers (aclrtMalloc) and kernels'],
    ['cutlass/cutlass.h', 'CUTLASS: the Matmul high-level API'],
  ] as const).map(([name, to]): Row => ({ name, rule: 'ASC717', map: { kind: 'hand', to }, note: '', source: 'A27, A30' })),
];

export const LIBRARY_NAMES: readonly NameRow[] = ROWS.map((r) => ({ ...r, family: 'libraries' as const }));
