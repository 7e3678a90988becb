/** Host runtime: CUDA runtime API calls, types and patterns (ASC500–ASC599). Ordered by code. */
import cudaMalloc from '../cuda-malloc';
import cudaMemcpy from '../cuda-memcpy';
import type { Rule } from '../rule';

export const hostRuntimeRules: readonly Rule[] = [
  cudaMalloc, // ASC501
  cudaMemcpy, // ASC502
];
