/** Device-code language features and low-level code: asm, dynamic parallelism, recursion, ... (ASC600–ASC699). Ordered by code. */
import deviceClock from '../device-clock';
import deviceHeap from '../device-heap';
import deviceLaunch from '../device-launch';
import devicePrintf from '../device-printf';
import inlineAsm from '../inline-asm';
import deviceAssert from '../device-assert';
import deviceRecursion from '../device-recursion';
import deviceException from '../device-exception';
import deviceStl from '../device-stl';
import deviceTrap from '../device-trap';
import type { Rule } from '../rule';

export const lowLevelRules: readonly Rule[] = [
  inlineAsm, // ASC601
  deviceLaunch, // ASC602
  deviceHeap, // ASC603
  devicePrintf, // ASC604
  deviceClock, // ASC605
  deviceAssert, // ASC606
  deviceRecursion, // ASC607
  deviceException, // ASC608
  deviceStl, // ASC609
  deviceTrap, // ASC610
];
