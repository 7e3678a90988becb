/** CUDA libraries and matrix units: cuBLAS, cuDNN, Thrust, CUB, NCCL, WMMA/MMA, CUTLASS (ASC700–ASC799). Ordered by code. */
import type { Rule } from '../rule';

export const librariesRules: readonly Rule[] = [];
