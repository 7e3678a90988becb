/** Synchronisation: barriers, fences, cooperative groups, async copies (ASC200–ASC249). Ordered by code. */
import blockBarrier from '../block-barrier';
import memoryFence from '../memory-fence';
import cooperativeGroups from '../cooperative-groups';
import type { Rule } from '../rule';
import warpBarrier from '../warp-barrier';

export const synchronizationRules: readonly Rule[] = [
  blockBarrier, // ASC201
  warpBarrier, // ASC202
  memoryFence, // ASC203
  cooperativeGroups, // ASC204
];
