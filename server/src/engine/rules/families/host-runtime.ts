/** Host runtime: CUDA runtime API calls, types and patterns (ASC500–ASC599); the driver API from ASC530. Ordered by code. */
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
import driverInit from '../driver-init';
import driverDevice from '../driver-device';
import driverPrimaryContext from '../driver-primary-context';
import driverContext from '../driver-context';
import driverModule from '../driver-module';
import driverJitLink from '../driver-jit-link';
import driverLibrary from '../driver-library';
import driverLaunch from '../driver-launch';
import driverFunctionAttributes from '../driver-function-attributes';
import driverMemory from '../driver-memory';
import driverMemcpy from '../driver-memcpy';
import driverMemset from '../driver-memset';
import driverStream from '../driver-stream';
import driverEvent from '../driver-event';
import driverError from '../driver-error';
import driverVirtualMemory from '../driver-virtual-memory';
import driverMemPool from '../driver-mem-pool';
import driverManagedMemory from '../driver-managed-memory';
import driverHostMemory from '../driver-host-memory';
import driverArray from '../driver-array';
import driverTextureSurface from '../driver-texture-surface';
import driverGraph from '../driver-graph';
import driverOccupancy from '../driver-occupancy';
import driverPeerAccess from '../driver-peer-access';
import driverIpc from '../driver-ipc';
import driverExternalResource from '../driver-external-resource';
import driverGraphicsInterop from '../driver-graphics-interop';
import driverStreamMemoryOps from '../driver-stream-memory-ops';
import driverTensorMap from '../driver-tensor-map';
import driverGreenContext from '../driver-green-context';
import driverMulticast from '../driver-multicast';
import driverTools from '../driver-tools';
import cudaLibraryLoading from '../cuda-library-loading';
import cudaExternalResource from '../cuda-external-resource';
import cudaToolsApi from '../cuda-tools-api';
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
  driverInit, // ASC530
  driverDevice, // ASC531
  driverPrimaryContext, // ASC532
  driverContext, // ASC533
  driverModule, // ASC534
  driverJitLink, // ASC535
  driverLibrary, // ASC536
  driverLaunch, // ASC537
  driverFunctionAttributes, // ASC538
  driverMemory, // ASC539
  driverMemcpy, // ASC540
  driverMemset, // ASC541
  driverStream, // ASC542
  driverEvent, // ASC543
  driverError, // ASC544
  driverVirtualMemory, // ASC545
  driverMemPool, // ASC546
  driverManagedMemory, // ASC547
  driverHostMemory, // ASC548
  driverArray, // ASC549
  driverTextureSurface, // ASC550
  driverGraph, // ASC551
  driverOccupancy, // ASC552
  driverPeerAccess, // ASC553
  driverIpc, // ASC554
  driverExternalResource, // ASC555
  driverGraphicsInterop, // ASC556
  driverStreamMemoryOps, // ASC557
  driverTensorMap, // ASC558
  driverGreenContext, // ASC559
  driverMulticast, // ASC560
  driverTools, // ASC561
  cudaLibraryLoading, // ASC562
  cudaExternalResource, // ASC563
  cudaToolsApi, // ASC564
];
