/** Warp-level primitives: shuffles, votes, matches, warp reductions (ASC250–ASC299). Ordered by code. */
import activeMask from '../active-mask';
import type { Rule } from '../rule';
import warpReduceMatch from '../warp-reduce-match';
import warpShuffle from '../warp-shuffle';
import warpVote from '../warp-vote';

export const warpRules: readonly Rule[] = [
  warpShuffle, // ASC251
  warpVote, // ASC252
  activeMask, // ASC253
  warpReduceMatch, // ASC254
];
