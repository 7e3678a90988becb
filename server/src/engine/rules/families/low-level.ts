/** Device-code language features and low-level code: asm, dynamic parallelism, recursion, ... (ASC600–ASC699). Ordered by code. */
import inlineAsm from '../inline-asm';
import type { Rule } from '../rule';

export const lowLevelRules: readonly Rule[] = [
  inlineAsm, // ASC601
];
