/** Warp-level primitives: shuffles, votes, matches, warp reductions (ASC250–ASC299). Ordered by code. */
import type { Rule } from '../rule';
import warpShuffle from '../warp-shuffle';

export const warpRules: readonly Rule[] = [
  warpShuffle, // ASC251
];
