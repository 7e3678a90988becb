/** Execution model: threads, blocks, grids, launches (ASC001–ASC099). Ordered by code. */
import kernelLaunch from '../kernel-launch';
import type { Rule } from '../rule';

export const executionModelRules: readonly Rule[] = [
  kernelLaunch, // ASC001
];
