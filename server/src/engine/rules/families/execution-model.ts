/** Execution model: threads, blocks, grids, launches (ASC001–ASC099). Ordered by code. */
import gridStrideLoop from '../grid-stride-loop';
import kernelLaunch from '../kernel-launch';
import launchBounds from '../launch-bounds';
import multiDimIndex from '../multi-dim-index';
import dataDependentBranch from '../data-dependent-branch';
import dataDependentLoopBound from '../data-dependent-loop-bound';
import type { Rule } from '../rule';
import warpSize from '../warp-size';

export const executionModelRules: readonly Rule[] = [
  kernelLaunch, // ASC001
  multiDimIndex, // ASC002
  gridStrideLoop, // ASC003
  launchBounds, // ASC004
  warpSize, // ASC005
  dataDependentBranch, // ASC006
  dataDependentLoopBound, // ASC007
];
