/** CUDA libraries and matrix units: cuBLAS, cuDNN, Thrust, CUB, NCCL, WMMA/MMA, CUTLASS (ASC700–ASC799). Ordered by code. */
import cublasCall from '../cublas-call';
import cudnnCall from '../cudnn-call';
import cufftCall from '../cufft-call';
import curandCall from '../curand-call';
import ncclCall from '../nccl-call';
import type { Rule } from '../rule';
import thrustCub from '../thrust-cub';
import wmma from '../wmma';

export const librariesRules: readonly Rule[] = [
  cublasCall, // ASC701
  cudnnCall, // ASC702
  curandCall, // ASC703
  cufftCall, // ASC704
  ncclCall, // ASC705
  thrustCub, // ASC706
  wmma, // ASC707
];
