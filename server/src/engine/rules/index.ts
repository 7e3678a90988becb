/**
 * The rule registry: a plain array, ordered by code. Adding a rule means one file,
 * one line here, one fixture in test/fixtures/rules/ and its snapshot.
 */
import atomicAdd from './atomic-add';
import atomicCasExchBitwise from './atomic-cas-exch-bitwise';
import atomicMinMax from './atomic-min-max';
import blockBarrier from './block-barrier';
import cudaMalloc from './cuda-malloc';
import cudaMemcpy from './cuda-memcpy';
import inlineAsm from './inline-asm';
import kernelLaunch from './kernel-launch';
import type { Rule } from './rule';
import warpShuffle from './warp-shuffle';

export const allRules: readonly Rule[] = [
  kernelLaunch, // ASC001
  blockBarrier, // ASC201
  warpShuffle, // ASC251
  atomicAdd, // ASC301
  atomicMinMax, // ASC302
  atomicCasExchBitwise, // ASC303
  cudaMalloc, // ASC501
  cudaMemcpy, // ASC502
  inlineAsm, // ASC601
];

const byCode = new Map(allRules.map((r) => [r.code, r]));

export function ruleByCode(code: string): Rule | undefined {
  return byCode.get(code);
}
