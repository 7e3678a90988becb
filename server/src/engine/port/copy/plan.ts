/**
 * plan for the `copy` schedule: the one element type every moved tensor has, the largest
 * UB tile of a run that fits (an input and an output queue, double-buffered), and the cores.
 * A run is copied GM → UB → GM with byte-exact `DataCopyPad`; a target without it cannot
 * move runs of arbitrary length without touching the elements beside them.
 */
import type { Target } from '../../target';
import { portBudget } from '../budget';
import { DoesNotFit, type StreamPlan } from '../plan';
import { DTYPE_BYTES, type CopySchedule, type DType, type TileProgram } from '../program';

export interface CopyPlan extends Omit<StreamPlan, 'schedule'> {
  schedule: 'copy';
  /** The element type read (`to` is the schedule's stored type). */
  dtype: DType;
}

/** Largest tile, in bytes per buffer: runs are usually short (a head dimension); long ones are walked in tiles. */
const MAX_TILE_BYTES = 32 * 1024;

export function planCopy(program: TileProgram, target: Target): CopyPlan {
  const budget = portBudget(target);
  const s = program.schedule as CopySchedule;
  const dtype = s.from;
  if (s.from !== s.to && (s.from === 'bf16' || s.to === 'bf16') && !budget.bf16Cast) {
    throw new DoesNotFit(`bfloat16 conversion: the reference lists Cast between bfloat16_t and float only for Atlas A2 (910B, ascend-c.md §2.2); ${target.soc} has none`, 'ASC406', true);
  }
  if (!budget.dataCopyPad) {
    throw new DoesNotFit(`${target.soc} has no DataCopyPad: a run whose byte length is not a multiple of 32 cannot be copied in or out without touching the elements beside it (TODO: stage ragged runs on the host)`, undefined, true);
  }
  const bytes = Math.min(DTYPE_BYTES[s.from], DTYPE_BYTES[s.to]);
  const align = 32 / bytes;
  // An input and an output queue, two buffers each.
  // `+=` moves add a queue for the output's own run.
  const ubBytesPerElement = 2 * (DTYPE_BYTES[s.from] + DTYPE_BYTES[s.to] + (s.moves.some((m) => m.accumulate) ? DTYPE_BYTES[s.to] : 0));
  const maxTile = Math.min(Math.floor(budget.ubUsable / ubBytesPerElement / align) * align, MAX_TILE_BYTES / DTYPE_BYTES[s.from]);
  if (maxTile < align) throw new DoesNotFit(`one 32-byte block per buffer needs ${4 * 32} bytes of UB; ${target.soc} leaves ${budget.ubUsable}`);
  return {
    schedule: 'copy',
    dtype,
    budget,
    instrs: [],
    slotOf: {},
    temps: 0,
    tempType: dtype,
    mask: false,
    align,
    tileQuantum: align,
    compareRepeat: 0,
    maxTile,
    minPerCore: 1,
    bufferNum: 2,
    ubBytesPerElement,
    ubBytesAtMaxTile: maxTile * ubBytesPerElement,
    tail: 'DataCopyPad',
  };
}
