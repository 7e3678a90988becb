/**
 * plan for the `single` schedule: one core, the scalar unit, no UB. Scalar writes to GM stay
 * in the core's DataCache until `DataCacheCleanAndInvalid` writes them back (ascend-c.md §7,
 * [A32]); the reference lists that call for Atlas A2/A3 only, so a port that stores runs there
 * and is refused elsewhere. An empty kernel runs anywhere.
 */
import type { Target } from '../../target';
import { portBudget } from '../budget';
import { DoesNotFit, type StreamPlan } from '../plan';
import type { SingleSchedule, TileProgram } from '../program';

export interface SinglePlan extends Omit<StreamPlan, 'schedule'> {
  schedule: 'single';
}

export function planSingle(program: TileProgram, target: Target): SinglePlan {
  const budget = portBudget(target);
  const s = program.schedule as SingleSchedule;
  if (s.steps.some((x) => x.k === 'store') && budget.arch !== 2201) {
    throw new DoesNotFit(`the scalar unit's GM writes must leave the DataCache through DataCacheCleanAndInvalid, which the reference lists for Atlas A2/A3 only (ascend-c.md §7, A32); ${target.soc} is not one`, undefined, true);
  }
  return {
    schedule: 'single',
    budget,
    instrs: [],
    slotOf: {},
    temps: 0,
    tempType: 'float',
    mask: false,
    align: 1,
    tileQuantum: 1,
    compareRepeat: 0,
    maxTile: 1,
    minPerCore: 1,
    bufferNum: 1,
    ubBytesPerElement: 0,
    ubBytesAtMaxTile: 0,
    tail: 'DataCopyPad',
  };
}
