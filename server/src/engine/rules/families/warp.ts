/** Warp-level primitives: shuffles, votes, matches, warp reductions (ASC250–ASC299). Ordered by code. */
import activeMask from '../active-mask';
import groupCollective from '../group-collective';
import groupPartition from '../group-partition';
import laneIdRegister from '../lane-id-register';
import laneIndexMath from '../lane-index-math';
import type { Rule } from '../rule';
import warpReduceMatch from '../warp-reduce-match';
import warpShuffle from '../warp-shuffle';
import warpSynchronousReduction from '../warp-synchronous-reduction';
import warpVote from '../warp-vote';

export const warpRules: readonly Rule[] = [
  warpShuffle, // ASC251
  warpVote, // ASC252
  activeMask, // ASC253
  warpReduceMatch, // ASC254
  laneIndexMath, // ASC255
  laneIdRegister, // ASC256
  groupPartition, // ASC257
  groupCollective, // ASC258
  warpSynchronousReduction, // ASC259
];
