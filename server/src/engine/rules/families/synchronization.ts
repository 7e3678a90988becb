/** Synchronisation: barriers, fences, cooperative groups, async copies (ASC200–ASC249). Ordered by code. */
import blockBarrier from '../block-barrier';
import type { Rule } from '../rule';

export const synchronizationRules: readonly Rule[] = [
  blockBarrier, // ASC201
];
