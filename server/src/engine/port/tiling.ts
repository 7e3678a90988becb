/**
 * The host tiling of a stream plan, evaluated in TypeScript: the arithmetic of the
 * generated `<K>MakeTiling` and `<K>NumBlocks` (render/kernel.ts writes the same steps in
 * C++, from the same plan). Launch hints show it; a test checks both agree.
 */
import type { Plan } from './plan';

export interface StreamTiling {
  totalLength: number;
  blockLength: number;
  tileLength: number;
  numBlocks: number;
}

export function streamTiling(plan: Plan, totalLength: number, coreNum: number): StreamTiling {
  const cores = Math.max(1, Math.floor(coreNum));
  let perCore = Math.ceil(totalLength / cores);
  perCore = Math.ceil(perCore / plan.align) * plan.align;
  if (perCore < plan.minPerCore) perCore = plan.minPerCore;
  const tile = Math.min(perCore, plan.maxTile);
  const tileLength = Math.ceil(tile / plan.tileQuantum) * plan.tileQuantum;
  const n = Math.ceil(totalLength / perCore);
  return { totalLength, blockLength: perCore, tileLength, numBlocks: n === 0 ? 1 : n };
}
