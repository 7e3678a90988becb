/**
 * plan for the column layout of the `rows` schedule (per-column sums of a row-major tensor:
 * the value j of output r at `j * stride + r`). A core takes a contiguous range of outputs and
 * walks it in chunks of `tileLength` outputs; for each j it copies the chunk's contiguous run
 * `[j * stride + r0, + count)` into UB, maps it (the reduce step's body) and adds (or maxes) it
 * into one accumulator lane per output. The per-output epilogue (scalar steps, the stores) runs
 * on the scalar unit over the chunk's lanes.
 *
 * The runs start at any element (`j * stride + r0`): with DataCopyPad they are copied byte-exact;
 * without it (910A, 310P) the whole 32-byte blocks of a run are copied with DataCopy (GM needs
 * only element alignment) and its last few elements read on the scalar unit, so no copy reads
 * past a tensor; the outputs go through a buffer the wrapper pads to whole blocks (float only).
 */
import type { Target } from '../../target';
import { portBudget } from '../budget';
import { DoesNotFit } from '../plan';
import { DTYPE_BYTES, tensors, type RowsSchedule, type TileProgram } from '../program';
import { planRows, type RowsPlan } from '../rows/plan';

export function planCols(program: TileProgram, target: Target): RowsPlan {
  const s = program.schedule as RowsSchedule;
  const budget = portBudget(target);
  const narrow = tensors(program).filter((t) => t.dtype !== 'float');
  if (!budget.dataCopyPad && narrow.length) {
    throw new DoesNotFit(`${narrow.map((t) => `\`${t.name}\``).join(', ')} ${narrow.length === 1 ? 'is' : 'are'} half or bfloat16: without DataCopyPad (${target.soc}) the column layout reads float columns only so far`);
  }
  // The per-output epilogue runs on the scalar unit: it computes scalar arithmetic of the column values only.
  const other = s.steps.find((x) => x.k !== 'reduce' && x.k !== 'scalar');
  if (other) throw new DoesNotFit(`the column layout's per-output epilogue computes scalar arithmetic only; \`${other.name}\` is ${other.k === 'unary' ? `${other.fn} of a column value` : 'a value read from GM per column'}`);
  // The map instructions and temporaries of every pass are the rows plan's (float, half and bfloat16 tensors;
  // bfloat16 only where Cast reads it); the UB per lane differs.
  const rows = planRows(program, target);
  const reduces = s.steps.filter((x) => x.k === 'reduce').length;
  const reads = tensors(program).filter((t) => t.read && !s.rowStores.some((r) => r.tensor === t.name));
  // Per output lane: each input's run, the temporaries, the mapped run, one accumulator per reduce step,
  // each per-output store's value, and the previous value of a store CUDA adds into.
  // A half / bfloat16 store also has its float values (the epilogue writes float, Cast rounds them), and its previous
  // values widened to float.
  const bytes = (n: string) => DTYPE_BYTES[tensors(program).find((t) => t.name === n)!.dtype];
  const storeBytes = s.rowStores.reduce((sum, r) => sum + 4 + (bytes(r.tensor) === 4 ? 0 : bytes(r.tensor)) + (r.add ? bytes(r.tensor) + (bytes(r.tensor) === 4 ? 0 : 4) : 0), 0);
  const ubBytesPerElement = reads.reduce((sum, t) => sum + DTYPE_BYTES[t.dtype], 0) + 4 * (rows.temps + 1 + reduces) + storeBytes;
  const fixed = 32;
  const tileQuantum = 64;
  const maxTile = Math.min(Math.floor((budget.ubUsable - fixed) / ubBytesPerElement / tileQuantum) * tileQuantum, 16384);
  if (maxTile < tileQuantum) throw new DoesNotFit(`one ${tileQuantum}-output chunk needs ${tileQuantum * ubBytesPerElement + fixed} bytes of UB; ${target.soc} leaves ${budget.ubUsable}`);
  return { ...rows, maxTile, ubBytesPerElement, ubBytesAtMaxTile: maxTile * ubBytesPerElement + fixed, tileQuantum, tail: budget.dataCopyPad ? 'DataCopyPad' : 'staging', layout: 'cols' };
}
