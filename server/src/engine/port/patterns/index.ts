/**
 * The pattern registry: recognisers tried in order on a kernel; the first that accepts
 * it produces a complete port. One pattern, one file: elementwise, then reductions to one
 * value (the reduceAll schedule), then row-wise kernels (the rows schedule: softmax, layernorm,
 * RMSNorm), then layout copies that move runs of elements (the copy schedule: permutations
 * that keep the innermost dimension), then single-thread kernels (the single schedule: one
 * thread's scalar work, or nothing). GEMMs go to the matmul schedule through the detector.
 */
import type { ElementwiseKernel, Rejection } from '../ir';
import { recognizeElementwise, type PatternInput } from './elementwise';
import { recognizeReduction, type ReductionKernel } from './reduction';
import { recognizeRows, type RowsKernel } from './rows';
import { recognizeLayout, type LayoutKernel } from './layout';
import { recognizeSingle, type SingleKernel } from './single';

export type Recognized = ElementwiseKernel | ReductionKernel | RowsKernel | LayoutKernel | SingleKernel;

export interface Pattern {
  name: string;
  recognize(input: PatternInput): Recognized | Rejection;
}

export const PATTERNS: readonly Pattern[] = [
  { name: 'elementwise', recognize: recognizeElementwise },
  { name: 'reduction', recognize: recognizeReduction },
  { name: 'rows', recognize: recognizeRows },
  { name: 'layout', recognize: recognizeLayout },
  { name: 'single', recognize: recognizeSingle },
];

export type { PatternInput };
