/** Synchronisation: barriers, fences, cooperative groups, async copies (ASC200–ASC249). Ordered by code. */
import asyncBarrier from '../async-barrier';
import asyncCopy from '../async-copy';
import blockBarrier from '../block-barrier';
import memoryFence from '../memory-fence';
import cooperativeGroups from '../cooperative-groups';
import deviceSleep from '../device-sleep';
import gridSync from '../grid-sync';
import type { Rule } from '../rule';
import scopedFence from '../scoped-fence';
import spinWait from '../spin-wait';
import threadBlockCluster from '../thread-block-cluster';
import warpBarrier from '../warp-barrier';

export const synchronizationRules: readonly Rule[] = [
  blockBarrier, // ASC201
  warpBarrier, // ASC202
  memoryFence, // ASC203
  cooperativeGroups, // ASC204
  gridSync, // ASC205
  asyncCopy, // ASC206
  asyncBarrier, // ASC207
  deviceSleep, // ASC208
  spinWait, // ASC209
  threadBlockCluster, // ASC210
  scopedFence, // ASC211
];
