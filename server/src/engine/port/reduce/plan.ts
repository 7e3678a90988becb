/**
 * plan for the `reduceAll` schedule: what one core holds in UB while it maps and reduces its
 * share, tile by tile, and how the cores' values are combined on the target.
 *
 * Per tile: the inputs (queues, double-buffered where the target allows), the temporaries of
 * the map f (by liveness, as the stream plan allocates them), the mapped tile when f is not a
 * plain load, and the work buffer of ReduceSum / ReduceMax / ReduceMin (one tile's worth, an
 * upper bound of what the API needs). Fixed: the running accumulator and the tile's value (one
 * 32-byte block each).
 *
 * The combine, by target (ascend-c.md §4):
 * - `atomic`: a sum of float on a target whose DMA atomic add takes float and which has
 *   DataCopyPad: each core adds its value into result[0] with SetAtomicAdd<float> + DataCopyPad
 *   (4 bytes) + DisableDmaAtomic (SetAtomicNone on 8.x);
 * - `workspace`: otherwise (max and min, which have no DMA atomic on 910A/310P and need none
 *   here; targets without DataCopyPad, which cannot copy 4 bytes to GM; 310P, whose Vector
 *   Core has no DMA atomics): each core writes its value into its own 32-byte slot of a GM
 *   workspace, and a second launch on one core reduces the slots (and result[0] when CUDA
 *   accumulated into it) into a result slot, which the wrapper copies into result[0].
 */
import type { Target } from '../../target';
import { portBudget } from '../budget';
import { allocate, DoesNotFit, selectInstructions, type StreamPlan } from '../plan';
import { CPP_TYPE, DTYPE_BYTES, tensors, type ReduceAllSchedule, type TileProgram } from '../program';

export interface ReducePlan extends Omit<StreamPlan, 'schedule'> {
  schedule: 'reduceAll';
  op: ReduceAllSchedule['op'];
  /** f is more than a load: the map writes a tile that is then reduced. */
  mapped: boolean;
  /** The input the tile reduction reads when f is a plain load. */
  direct?: string;
  combine: 'atomic' | 'workspace';
  /** Why this combine, said in the generated header. */
  combineWhy: string;
}

/** The options a caller may force (tests, `--combine`): the combine, when the target allows it. */
export interface ReduceOptions {
  combine?: 'atomic' | 'workspace';
}

export function planReduce(program: TileProgram, target: Target, options: ReduceOptions = {}): ReducePlan {
  const s = program.schedule as ReduceAllSchedule;
  const budget = portBudget(target);
  const ts = tensors(program);
  const reads = ts.filter((t) => t.read && t.name !== s.result);
  const result = ts.find((t) => t.name === s.result)!;
  if (result.dtype !== 'float') throw new DoesNotFit(`the reduceAll port writes float results; \`${result.name}\` is ${CPP_TYPE[result.dtype]}`);
  const odd = reads.find((t) => t.dtype !== 'float' && t.dtype !== 'half' && t.dtype !== 'bf16');
  if (odd) throw new DoesNotFit(`the reduceAll port reads float, half and bfloat16 inputs; \`${odd.name}\` is ${CPP_TYPE[odd.dtype]}`);
  // bf16 is widened with the documented bf16 → float Cast (A2 only), as the stream schedule does.
  if (reads.some((t) => t.dtype === 'bf16') && !budget.bf16Cast) {
    throw new DoesNotFit(`bfloat16 data: the reference lists Cast between bfloat16_t and float only for Atlas A2 (910B, ascend-c.md §2.2); ${target.soc} has no documented bf16 conversion`, 'ASC406', true);
  }
  let { instrs, temps: virtualTemps } = selectInstructions(program);
  // f = x[i]: no map; the reduction reads the input tile itself.
  let direct: string | undefined;
  if (instrs.length === 1 && instrs[0]!.i === 'scalar' && instrs[0]!.api === 'Muls' && instrs[0]!.scalar === '1' && instrs[0]!.a.k === 'in') {
    direct = instrs[0]!.a.tensor;
    instrs = [];
    virtualTemps = new Map();
  }
  const { slotOf, slots } = allocate(instrs);
  if (reads.length > budget.maxQueueBuffers) throw new DoesNotFit(`needs ${reads.length} input queues; ${target.soc} allows ${budget.maxQueueBuffers} buffers per TPosition`);
  const bufferNum: 1 | 2 = reads.length * 2 <= budget.maxQueueBuffers ? 2 : 1;
  void virtualTemps;
  const mapped = !direct;
  // Inputs (in their own types), map temporaries (float: half and bf16 are widened before any arithmetic),
  // the mapped tile and the reduction's work buffer (float).
  const ubBytesPerElement = bufferNum * reads.reduce((n, t) => n + DTYPE_BYTES[t.dtype], 0) + 4 * slots + (mapped ? 4 : 0) + 4;
  // Copies move whole 32-byte blocks of the narrowest input (core shares and staged tails are counted in them).
  const align = 32 / Math.min(4, ...reads.map((t) => DTYPE_BYTES[t.dtype]));
  const fixed = 2 * 32;
  const tileQuantum = 64;
  const maxTile = Math.min(Math.floor((budget.ubUsable - fixed) / ubBytesPerElement / tileQuantum) * tileQuantum, 16384);
  if (maxTile < tileQuantum) throw new DoesNotFit(`one ${tileQuantum}-element tile needs ${tileQuantum * ubBytesPerElement + fixed} bytes of UB; ${target.soc} leaves ${budget.ubUsable}`);
  const atomicFloat = target.soc !== 'Ascend310P3' && budget.dataCopyPad;
  let combine: ReducePlan['combine'];
  let combineWhy: string;
  if (options.combine === 'atomic') {
    if (s.op !== 'sum' || !atomicFloat) throw new DoesNotFit(`the atomic combine needs a float sum on a target with DMA atomic add and DataCopyPad; this is a ${s.op} on ${target.soc}`);
    combine = 'atomic';
    combineWhy = 'forced by the caller';
  } else if (options.combine === 'workspace') {
    combine = 'workspace';
    combineWhy = 'forced by the caller';
  } else if (s.op === 'sum' && atomicFloat) {
    combine = 'atomic';
    combineWhy = `${target.soc} adds float atomically on UB→GM copies (SetAtomicAdd<float>) and copies 4 bytes with DataCopyPad`;
  } else {
    combine = 'workspace';
    combineWhy =
      s.op !== 'sum'
        ? `${s.op} has no DMA atomic on every target (SetAtomicMax/Min: A2/A3/950 only), so the cores' values go through a GM workspace`
        : !budget.dataCopyPad
          ? `${target.soc} has no DataCopyPad, so a core cannot add 4 bytes into GM; the cores' values go through a GM workspace`
          : `${target.soc} has no DMA atomic add on its vector cores`;
  }
  return {
    schedule: 'reduceAll',
    budget,
    instrs,
    slotOf,
    temps: slots,
    tempType: 'float',
    mask: false,
    align,
    tileQuantum,
    compareRepeat: 0,
    maxTile,
    minPerCore: 2048,
    bufferNum,
    ubBytesPerElement,
    ubBytesAtMaxTile: maxTile * ubBytesPerElement + fixed,
    tail: budget.dataCopyPad ? 'DataCopyPad' : 'staging',
    op: s.op,
    mapped,
    direct,
    combine,
    combineWhy,
  };
}
