/** Atomics (ASC300–ASC399). Ordered by code. */
import atomicAdd from '../atomic-add';
import atomicCasExchBitwise from '../atomic-cas-exch-bitwise';
import atomicMinMax from '../atomic-min-max';
import sharedMemoryAtomic from '../shared-memory-atomic';
import cudaAtomicRef from '../cuda-atomic-ref';
import type { Rule } from '../rule';

export const atomicsRules: readonly Rule[] = [
  atomicAdd, // ASC301
  atomicMinMax, // ASC302
  atomicCasExchBitwise, // ASC303
  sharedMemoryAtomic, // ASC304
  cudaAtomicRef, // ASC305
];
