/** CUDA libraries and matrix units: cuBLAS, cuDNN, Thrust, CUB, NCCL, WMMA/MMA, CUTLASS (ASC700–ASC799). Ordered by code. */
import cublasCall from '../cublas-call';
import cudnnCall from '../cudnn-call';
import cufftCall from '../cufft-call';
import curandCall from '../curand-call';
import cusolverCall from '../cusolver-call';
import cusparseCall from '../cusparse-call';
import cutlassCute from '../cutlass-cute';
import gemmLoop from '../gemm-loop';
import ncclCall from '../nccl-call';
import nppCall from '../npp-call';
import nvrtcCall from '../nvrtc-call';
import nvtxRange from '../nvtx-range';
import ptxMma from '../ptx-mma';
import cublasltEnum from '../cublaslt-enum';
import libraryHeader from '../library-header';
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
  ptxMma, // ASC708
  gemmLoop, // ASC709
  cusparseCall, // ASC710
  cusolverCall, // ASC711
  cutlassCute, // ASC712
  nvtxRange, // ASC713
  nppCall, // ASC714
  nvrtcCall, // ASC715
  cublasltEnum, // ASC716
  libraryHeader, // ASC717
];
