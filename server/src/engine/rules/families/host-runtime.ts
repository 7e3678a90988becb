/** Host runtime: CUDA runtime API calls, types and patterns (ASC500–ASC599). Ordered by code. */
import cudaDeviceLimits from '../cuda-device-limits';
import cudaDeviceProperties from '../cuda-device-properties';
import cudaDeviceSelect from '../cuda-device-select';
import cudaDeviceSync from '../cuda-device-sync';
import cudaErrorHandling from '../cuda-error-handling';
import cudaEvent from '../cuda-event';
import cudaFree from '../cuda-free';
import cudaFuncAttributes from '../cuda-func-attributes';
import cudaGraph from '../cuda-graph';
import cudaGraphicsInterop from '../cuda-graphics-interop';
import cudaHostRegister from '../cuda-host-register';
import cudaIpc from '../cuda-ipc';
import cudaLaunchApi from '../cuda-launch-api';
import cudaMalloc from '../cuda-malloc';
import cudaMallocHost from '../cuda-malloc-host';
import cudaManagedMemory from '../cuda-managed-memory';
import cudaMemInfo from '../cuda-mem-info';
import cudaMemPool from '../cuda-mem-pool';
import cudaMemcpy from '../cuda-memcpy';
import cudaMemcpySymbol from '../cuda-memcpy-symbol';
import cudaMemset from '../cuda-memset';
import cudaOccupancy from '../cuda-occupancy';
import cudaPeerAccess from '../cuda-peer-access';
import cudaPitchedMemory from '../cuda-pitched-memory';
import cudaRuntimeInclude from '../cuda-runtime-include';
import cudaRuntimeTypes from '../cuda-runtime-types';
import aclProcessSetup from '../acl-process-setup';
import cudaStream from '../cuda-stream';
import cudaTextureApi from '../cuda-texture-api';
import type { Rule } from '../rule';

export const hostRuntimeRules: readonly Rule[] = [
  cudaMalloc, // ASC501
  cudaMemcpy, // ASC502
  cudaFree, // ASC503
  cudaMallocHost, // ASC504
  cudaMemset, // ASC505
  cudaStream, // ASC506
  cudaEvent, // ASC507
  cudaDeviceSync, // ASC508
  cudaDeviceSelect, // ASC509
  cudaDeviceProperties, // ASC510
  cudaErrorHandling, // ASC511
  cudaPitchedMemory, // ASC512
  cudaMemcpySymbol, // ASC513
  cudaManagedMemory, // ASC514
  cudaGraph, // ASC515
  cudaMemPool, // ASC516
  cudaIpc, // ASC517
  cudaOccupancy, // ASC518
  cudaFuncAttributes, // ASC519
  cudaDeviceLimits, // ASC520
  cudaPeerAccess, // ASC521
  cudaMemInfo, // ASC522
  cudaHostRegister, // ASC523
  cudaTextureApi, // ASC524
  cudaGraphicsInterop, // ASC525
  cudaLaunchApi, // ASC526
  cudaRuntimeInclude, // ASC527
  cudaRuntimeTypes, // ASC528
  aclProcessSetup, // ASC529
];
