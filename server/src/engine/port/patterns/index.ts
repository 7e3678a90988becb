/**
 * The pattern registry: recognisers tried in order on a kernel; the first that accepts
 * it produces a complete port. One pattern, one file: elementwise, then reductions to one
 * value (the reduceAll schedule). Row-wise softmax / layernorm and GEMM → Matmul are planned
 * as further entries.
 */
import type { ElementwiseKernel, Rejection } from '../ir';
import { recognizeElementwise, type PatternInput } from './elementwise';
import { recognizeReduction, type ReductionKernel } from './reduction';

export type Recognized = ElementwiseKernel | ReductionKernel;

export interface Pattern {
  name: string;
  recognize(input: PatternInput): Recognized | Rejection;
}

export const PATTERNS: readonly Pattern[] = [
  { name: 'elementwise', recognize: recognizeElementwise },
  { name: 'reduction', recognize: recognizeReduction },
];

export type { PatternInput };
