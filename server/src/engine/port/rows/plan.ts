/**
 * plan for the `rows` schedule: the vector instructions of every pass over a row (each reduce
 * step's map, then the final map), the UB each holds per column of a chunk, and the largest
 * chunk that fits. A row of any length is walked chunk by chunk in every pass; rows are
 * spread over cores in contiguous ranges. Tensors are float, or half / bfloat16 widened to float in
 * UB and rounded back on store (with DataCopyPad only).
 */
import type { Target } from '../../target';
import { portBudget } from '../budget';
import { allocate, checkHighLevelMaths, DoesNotFit, selectInstructions, type StreamPlan, type VInstr } from '../plan';
import { CPP_TYPE, DTYPE_BYTES, ROW_ACC, tensors, type RowsSchedule, type TileProgram } from '../program';
import { rowsApiOf, type RowsApiChoice } from './api';

export interface RowsPass {
  /** The reduce step's row value, or null for the final pass. */
  step: string | null;
  op?: 'sum' | 'max';
  instrs: VInstr[];
  slotOf: Record<number, number>;
  /** Tensors this pass reads (row tensors at the row's chunk, column tensors at the chunk). */
  reads: string[];
  /** A reduce pass over a plain load: the reduction reads that input's chunk itself (no map). */
  direct?: string;
}

export interface RowsPlan extends Omit<StreamPlan, 'schedule' | 'instrs' | 'slotOf'> {
  schedule: 'rows';
  /** The final pass's instructions (the stream plan's fields, for consumers that read one program). */
  instrs: VInstr[];
  slotOf: Record<number, number>;
  passes: RowsPass[];
  /** The column layout (cols/plan.ts): chunks of outputs, each column walked element by element. */
  layout?: 'cols';
  /** The high-level API the port calls for rows that fit UB whole, or none, and why (rows/api.ts). */
  api: RowsApiChoice;
}

export function planRows(program: TileProgram, target: Target): RowsPlan {
  const s = program.schedule as RowsSchedule;
  const budget = portBudget(target);
  // Tensors read only on the scalar unit (GetValue) are neither copied nor widened.
  const ts = tensors(program).filter((t) => t.scalarOnly === undefined);
  const odd = ts.find((t) => t.dtype !== 'float' && t.dtype !== 'half' && t.dtype !== 'bf16');
  if (odd) throw new DoesNotFit(`the rows port handles float, half and bfloat16 tensors; \`${odd.name}\` is ${CPP_TYPE[odd.dtype]}`);
  const narrow = ts.filter((t) => t.dtype !== 'float');
  // Half and bfloat16 values per row are copied into UB with DataCopyPad and widened there with Cast
  // (the scalar unit does not convert them); float and integer values per row are read with GetValue.
  const narrowRow = tensors(program).filter((t) => t.scalarOnly === 'row' && (t.dtype === 'half' || t.dtype === 'bf16'));
  // half and bfloat16 rows are copied in their type, widened to float in UB and rounded back on store.
  if ([...narrow, ...narrowRow].some((t) => t.dtype === 'bf16') && !budget.bf16Cast) {
    throw new DoesNotFit(`bfloat16 data: the reference lists Cast between bfloat16_t and float only for Atlas A2 (910B, ascend-c.md §2.2); ${target.soc} has no documented bf16 conversion`, 'ASC406', true);
  }
  // Rows `stride` apart (a GLU's halves) are copied from their own offsets with DataCopyPad; without it, the host
  // stages every row tensor into rows one padded stride apart, copying each strided row from its own offset.
  if (narrow.length && !budget.dataCopyPad) {
    throw new DoesNotFit(`${narrow.map((t) => `\`${t.name}\``).join(', ')} ${narrow.length === 1 ? 'is' : 'are'} ${CPP_TYPE[narrow[0]!.dtype]}: the rows port stages ragged rows without DataCopyPad for float tensors only so far, and ${target.soc} has no DataCopyPad`);
  }
  // A tensor written in rows `stride` apart is stored at its own offsets with DataCopyPad; the host staging has no strided copy-back.
  const stridedWrite = (s.rowStrides ?? []).find((r) => ts.some((t) => t.name === r.tensor && t.written));
  if (stridedWrite && !budget.dataCopyPad) throw new DoesNotFit(`\`${stridedWrite.tensor}\` is written in rows \`${stridedWrite.stride}\` elements apart: the rows port stores strided rows with DataCopyPad, which ${target.soc} does not have`);
  if (narrowRow.length && !budget.dataCopyPad) throw new DoesNotFit(`${narrowRow.map((t) => `\`${t.name}\``).join(', ')} hold${narrowRow.length === 1 ? 's' : ''} a ${CPP_TYPE[narrowRow[0]!.dtype]} value per row: the rows port copies it into UB with DataCopyPad to widen it, which ${target.soc} does not have`);
  // Column sums across rows: each chunk is added into GM with DMA atomics (SetAtomicAdd<float> + DataCopyPad).
  if (s.colAdds?.length && (!budget.dataCopyPad || target.soc === 'Ascend310P3')) {
    throw new DoesNotFit(`${s.colAdds.map((t) => `\`${t}\``).join(', ')} gain${s.colAdds.length === 1 ? 's' : ''} column sums across rows: the rows port adds each chunk into GM with DMA atomics (SetAtomicAdd<float>) and DataCopyPad, which ${target.soc} ${budget.dataCopyPad ? 'does not offer on its vector cores (no float DMA atomic add on the 310P Vector Core)' : 'does not have'}`);
  }
  const passes: RowsPass[] = [];
  const passOf = (step: string | null, body: TileProgram['body'], op?: 'sum' | 'max'): RowsPass => {
    const sub: TileProgram = { ...program, args: [...program.args, { kind: 'tensor', name: ROW_ACC, index: -1, dtype: 'float', read: false, written: true }], body };
    let { instrs } = selectInstructions(sub);
    // f = x[j]: no map; the reduction reads the input chunk itself.
    let direct: string | undefined;
    const only = instrs[0];
    if (step !== null && instrs.length === 1 && only!.i === 'scalar' && only!.api === 'Muls' && only!.scalar === '1' && only!.a.k === 'in') {
      direct = only!.a.tensor;
      instrs = [];
    }
    const { slotOf, slots } = allocate(instrs);
    const reads = [...new Set(body.flatMap((o) => (o.op === 'load' ? [o.tensor] : [])))];
    return { step, ...(op ? { op } : {}), instrs, slotOf, reads, slots, ...(direct ? { direct } : {}) } as RowsPass & { slots: number };
  };
  for (const st of s.steps) if (st.k === 'reduce') passes.push(passOf(st.name, st.body, st.op));
  const final = passOf(null, program.body);
  passes.push(final);
  const temps = Math.max(0, ...passes.map((p) => (p as RowsPass & { slots: number }).slots));
  checkHighLevelMaths(passes.flatMap((p) => p.instrs), budget.arch, target);
  const reads = ts.filter((t) => t.read);
  const writes = ts.filter((t) => t.written && !s.rowStores.some((r) => r.tensor === t.name));
  if (reads.length > budget.maxQueueBuffers || writes.length + 1 > budget.maxQueueBuffers) throw new DoesNotFit(`needs ${Math.max(reads.length, writes.length + 1)} queues on one TPosition; ${target.soc} allows ${budget.maxQueueBuffers} buffers`);
  // Per column of a chunk: each input and output queue (single-buffered), the temporaries, the mapped chunk and ReduceSum/ReduceMax's work buffer.
  // (Inputs and outputs in their own types; temporaries, the mapped chunk and the work buffer in float.)
  // (A broadcast has no reduce pass: no mapped chunk, no work buffer.)
  const reducing = s.steps.some((x) => x.k === 'reduce');
  const ubBytesPerElement = [...reads, ...writes].reduce((n, t) => n + DTYPE_BYTES[t.dtype], 0) + 4 * (temps + (reducing ? 2 : 0));
  // A per-element select (a broadcast's ternary): Compare writes a bit mask of a chunk and reads whole 256-byte repeats.
  const selects = passes.flatMap((p) => p.instrs).filter((x): x is Extract<VInstr, { i: 'select' }> => x.i === 'select');
  const compareRepeat = Math.max(0, ...selects.map((x) => 256 / DTYPE_BYTES[x.a.t]));
  const fixed = 3 * 32 + (selects.length ? 16384 / 8 : 0);
  const tileQuantum = Math.max(64, compareRepeat);
  const maxTile = Math.min(Math.floor((budget.ubUsable - fixed) / ubBytesPerElement / tileQuantum) * tileQuantum, 16384);
  if (maxTile < tileQuantum) throw new DoesNotFit(`one ${tileQuantum}-column chunk needs ${tileQuantum * ubBytesPerElement + fixed} bytes of UB; ${target.soc} leaves ${budget.ubUsable}`);
  return {
    schedule: 'rows',
    budget,
    instrs: final.instrs,
    slotOf: final.slotOf,
    passes,
    temps,
    tempType: 'float',
    mask: selects.length > 0,
    align: 8,
    tileQuantum,
    compareRepeat,
    maxTile,
    minPerCore: 1,
    bufferNum: 1,
    ubBytesPerElement,
    ubBytesAtMaxTile: maxTile * ubBytesPerElement + fixed,
    tail: budget.dataCopyPad ? 'DataCopyPad' : 'staging',
    api: rowsApiOf(program, target, budget),
  };
}
