/**
 * plan(program, target): what a TileProgram needs on one target, before any API is named.
 * - instruction selection: every value becomes one vector instruction (or two, for a
 *   select and a scalar subtraction) over UB operands: input queue tensors, output queue
 *   tensors, temporaries and the Compare mask;
 * - temporaries by liveness: a temporary is free after its last use and reused, never
 *   aliasing an operand of the instruction that defines the next value;
 * - UB sizing by role (queues double-buffered where the target's queue positions allow,
 *   temporaries, the mask), the largest tile that fits, and how tiles are aligned: whole
 *   32-byte blocks for copies, whole 256-byte repeats where a Compare reads them;
 * - cores, the minimum share of a core, and how ragged lengths are handled.
 * A program that cannot fit throws DoesNotFit, whose reason becomes a skeleton reason.
 */
import type { Target } from '../target';
import { portBudget, type PortBudget } from './budget';
import { planReduce, type ReducePlan } from './reduce/plan';
import { planRows, type RowsPlan } from './rows/plan';
import { planCols } from './cols/plan';
import { planMatmul, type MatmulPlan } from './matmul/plan';
import { planCopy, type CopyPlan } from './copy/plan';
import { planSingle, type SinglePlan } from './single/plan';
import { isStorageInt } from './ir';
import { CPP_TYPE, DTYPE_BYTES, stores, tensors, valueOps, type CmpMode, type DType, type MapFn, type TileProgram, type ValueOp } from './program';

export class DoesNotFit extends Error {
  constructor(
    readonly reason: string,
    readonly code?: string,
    /** The target lacks a capability (rather than room): the reason says "cannot run on". */
    readonly unsupported = false,
  ) {
    super(reason);
  }
}

/** A UB operand of a vector instruction. */
export type Operand = { k: 'in'; tensor: string; t: DType } | { k: 'out'; tensor: string; t: DType } | { k: 'tmp'; v: number; t: DType };

/** A vector instruction over UB operands; `scalar` is C++ text over the kernel's scalar arguments. */
export type VInstr =
  | { i: 'binary'; api: 'Add' | 'Sub' | 'Mul' | 'Div' | 'Max' | 'Min' | 'Power'; dst: Operand; a: Operand; b: Operand }
  | { i: 'scalar'; api: 'Adds' | 'Muls' | 'Maxs' | 'Mins'; dst: Operand; a: Operand; scalar: string }
  | { i: 'unary'; api: 'Exp' | 'Ln' | 'Sqrt' | 'Rsqrt' | 'Abs' | 'Relu' | 'Reciprocal' | 'Erf' | 'Sin' | 'Cos'; dst: Operand; a: Operand }
  | { i: 'dup'; dst: Operand; scalar: string }
  /** The global index of each element of the tile (int32): CreateVecIndex from 0, then Adds of the tile's first index. */
  | { i: 'iota'; dst: Operand }
  | { i: 'cast'; dst: Operand; a: Operand; mode: 'CAST_NONE' | 'CAST_RINT' | 'CAST_TRUNC' | 'CAST_FLOOR' | 'CAST_CEIL' | 'CAST_ROUND' }
  /** A UB → UB copy (DataCopy) of whole 32-byte blocks covering the count: a store of a storage-only integer tensor's element. */
  | { i: 'copy'; dst: Operand; a: Operand }
  /** Compare a, b into the mask over whole repeats, then Select(then, otherwise) over the count. */
  | { i: 'select'; dst: Operand; cmp: CmpMode; a: Operand; b: Operand; then: Operand; otherwise: Operand };

export interface StreamPlan {
  schedule: 'stream';
  budget: PortBudget;
  instrs: VInstr[];
  /** Temporary slot of each temporary value (virtual register), by liveness. */
  slotOf: Record<number, number>;
  /** Number of temporary slots; each holds one tile of `tempType`. */
  temps: number;
  tempType: DType;
  /** A Compare mask buffer (one bit per element). */
  mask: boolean;
  /** Elements per 32-byte block of the narrowest tensor type: copies move whole blocks. */
  align: number;
  /** Tile lengths are multiples of this: whole 256-byte repeats of the narrowest type and of every compared type. */
  tileQuantum: number;
  /** Elements of one 256-byte repeat of the widest compared type (Compare counts are rounded up to it); 0 without selects. */
  compareRepeat: number;
  /** Largest tile that fits the UB budget, a multiple of tileQuantum. */
  maxTile: number;
  /** A core gets at least this many elements (a multiple of align): smaller shares cost more in launch and copy setup than they save. */
  minPerCore: number;
  bufferNum: 1 | 2;
  /** UB bytes per element of a tile, over all buffers. */
  ubBytesPerElement: number;
  /** UB bytes at the largest tile, mask included. */
  ubBytesAtMaxTile: number;
  /** Ragged lengths: DataCopyPad (byte-exact copies) or, without it, an aligned launch plus the remainder staged in padded buffers by the host. */
  tail: 'DataCopyPad' | 'staging';
}

export type Plan = StreamPlan | ReducePlan | RowsPlan | MatmulPlan | CopyPlan | SinglePlan;
export type { CopyPlan, MatmulPlan, ReducePlan, RowsPlan };

/** A core's minimum share, in bytes of the narrowest type. */
const MIN_CORE_BYTES = 8192;

const BINARY_API: Partial<Record<MapFn, 'Add' | 'Sub' | 'Mul' | 'Div' | 'Max' | 'Min' | 'Power'>> = { add: 'Add', sub: 'Sub', mul: 'Mul', div: 'Div', max: 'Max', min: 'Min', pow: 'Power' };
const SCALAR_API: Partial<Record<MapFn, 'Adds' | 'Muls' | 'Maxs' | 'Mins'>> = { add: 'Adds', mul: 'Muls', max: 'Maxs', min: 'Mins' };
const UNARY_API: Partial<Record<MapFn, 'Exp' | 'Ln' | 'Sqrt' | 'Rsqrt' | 'Abs' | 'Relu' | 'Reciprocal' | 'Erf' | 'Sin' | 'Cos'>> = { exp: 'Exp', ln: 'Ln', sqrt: 'Sqrt', rsqrt: 'Rsqrt', abs: 'Abs', relu: 'Relu', recip: 'Reciprocal', erf: 'Erf', sin: 'Sin', cos: 'Cos' };
/**
 * The high-level maths the port calls (asc-devkit include/adv_api/math/*.h): each header
 * compiles its implementation for __NPU_ARCH__ 2201 (910B), 2002 (310P) and 3510 only; on
 * another chip the call compiles to nothing, so a port there would be silently wrong.
 */
const HIGH_LEVEL_MATHS = new Set(['Power', 'Erf', 'Sin', 'Cos']);
const HIGH_LEVEL_ARCHS = new Set([2201, 2002, 3510]);

/** Refuses instructions that call the high-level maths on a chip whose headers do not implement it (any schedule). */
export function checkHighLevelMaths(instrs: readonly VInstr[], arch: number, target: Target): void {
  if (HIGH_LEVEL_ARCHS.has(arch)) return;
  const x = instrs.find((v) => (v.i === 'unary' || v.i === 'binary') && HIGH_LEVEL_MATHS.has(v.api));
  if (x && (x.i === 'unary' || x.i === 'binary')) throw new DoesNotFit(`calls the high-level ${x.api}, whose asc-devkit header (include/adv_api/math) implements it for __NPU_ARCH__ 2201, 2002 and 3510 only; on ${target.soc} (arch ${arch}) the call would compile to nothing`, undefined, true);
}
/** Rounding to an integral float: Cast float → int32 with this RoundMode, then back (exact below 2^24; the recogniser guards |x| < 2^23). */
const ROUND_MODE: Partial<Record<MapFn, 'CAST_FLOOR' | 'CAST_CEIL' | 'CAST_ROUND' | 'CAST_TRUNC' | 'CAST_RINT'>> = { floor: 'CAST_FLOOR', ceil: 'CAST_CEIL', round: 'CAST_ROUND', trunc: 'CAST_TRUNC', rint: 'CAST_RINT' };

export function plan(program: TileProgram, target: Target): Plan {
  if (program.schedule.kind === 'reduceAll') return planReduce(program, target);
  if (program.schedule.kind === 'rows') return program.schedule.layout === 'cols' ? planCols(program, target) : planRows(program, target);
  if (program.schedule.kind === 'matmul') return planMatmul(program, target);
  if (program.schedule.kind === 'copy') return planCopy(program, target);
  if (program.schedule.kind === 'single') return planSingle(program, target);
  const budget = portBudget(target);
  const usesBf16 = tensors(program).some((t) => t.dtype === 'bf16') || valueOps(program).some((o) => o.t === 'bf16');
  // bf16 is computed in float between Casts; without the documented bf16 ↔ float Cast (budget.bf16Cast) a port would be a guess.
  if (usesBf16 && !budget.bf16Cast) {
    throw new DoesNotFit(`bfloat16 data: the reference lists Cast between bfloat16_t and float only for Atlas A2 (910B, ascend-c.md §2.2); ${target.soc} has no documented bf16 conversion, and its vector arithmetic takes no bf16`, 'ASC406', true);
  }
  checkStorageInts(program, budget.arch);
  const { instrs, temps: virtualTemps } = selectInstructions(program);
  checkHighLevelMaths(instrs, budget.arch, target);
  const { slotOf, slots } = allocate(instrs);
  const ts = tensors(program);
  const reads = ts.filter((t) => t.read);
  const writes = ts.filter((t) => t.written);
  if (reads.length > budget.maxQueueBuffers || writes.length > budget.maxQueueBuffers) {
    throw new DoesNotFit(`needs ${Math.max(reads.length, writes.length)} queues on one TPosition; ${target.soc} allows ${budget.maxQueueBuffers} buffers`);
  }
  const bufferNum: 1 | 2 = reads.length * 2 <= budget.maxQueueBuffers && writes.length * 2 <= budget.maxQueueBuffers ? 2 : 1;
  const tempType: DType = [...virtualTemps.values()].some((t) => t !== 'half') ? 'float' : 'half';
  const mask = instrs.some((x) => x.i === 'select');
  // Tensors read only on the scalar unit (GetValue at a constant index) are not tiled.
  const minBytes = Math.min(...ts.filter((t) => t.scalarOnly === undefined).map((t) => DTYPE_BYTES[t.dtype]));
  const align = 32 / minBytes;
  const compareRepeat = Math.max(0, ...instrs.filter((x): x is Extract<VInstr, { i: 'select' }> => x.i === 'select').map((x) => 256 / DTYPE_BYTES[x.a.t]));
  const tileQuantum = Math.max(256 / minBytes, compareRepeat);
  // A Compare mask takes one bit per element; one byte is counted to keep the arithmetic whole.
  const ubBytesPerElement = bufferNum * (reads.reduce((s, p) => s + DTYPE_BYTES[p.dtype], 0) + writes.reduce((s, p) => s + DTYPE_BYTES[p.dtype], 0)) + slots * DTYPE_BYTES[tempType] + (mask ? 1 : 0);
  const maxTile = Math.floor(budget.ubUsable / ubBytesPerElement / tileQuantum) * tileQuantum;
  if (maxTile < tileQuantum) {
    throw new DoesNotFit(`one ${tileQuantum}-element tile needs ${tileQuantum * ubBytesPerElement} bytes of UB; ${target.soc} leaves ${budget.ubUsable}`);
  }
  const minPerCore = Math.max(align, MIN_CORE_BYTES / minBytes);
  const tail = budget.dataCopyPad ? 'DataCopyPad' : 'staging';
  return {
    schedule: 'stream',
    budget,
    instrs,
    slotOf,
    temps: slots,
    tempType,
    mask,
    align,
    tileQuantum,
    compareRepeat,
    maxTile,
    minPerCore,
    bufferNum,
    ubBytesPerElement,
    ubBytesAtMaxTile: maxTile * ubBytesPerElement,
    tail,
  };
}

/**
 * Every value of the program as vector instructions, in evaluation order: each store's
 * value depth-first, the last instruction of a store writing straight into its output
 * tensor. Temporaries are virtual (numbered) here; `allocate` assigns slots.
 */
export function selectInstructions(program: TileProgram): { instrs: VInstr[]; temps: Map<number, DType> } {
  const ops = new Map(valueOps(program).map((o) => [o.id, o]));
  const instrs: VInstr[] = [];
  const temps = new Map<number, DType>();
  const done = new Map<number, Operand>();
  let nextTemp = 0;
  const tmp = (t: DType): Operand => {
    const v = nextTemp++;
    temps.set(v, t);
    return { k: 'tmp', v, t };
  };
  const scalarText = (id: number) => (ops.get(id) as Extract<ValueOp, { op: 'scalar' }>).text;
  const isScalar = (id: number) => ops.get(id)!.op === 'scalar';
  const typeOf = (id: number): DType => {
    const o = ops.get(id)!;
    return o.op === 'scalar' ? (o.t === 'half' || o.t === 'int32' ? o.t : 'float') : o.t;
  };

  const mat = (id: number, into?: Operand): Operand => {
    const o = ops.get(id)!;
    if (o.op === 'load') return { k: 'in', tensor: o.tensor, t: o.t };
    if (o.op === 'scalar') throw new Error('a scalar has no tensor');
    const known = done.get(id);
    if (known) return known;
    let result: Operand;
    if (o.op === 'iota') {
      result = into ?? tmp('int32');
      instrs.push({ i: 'iota', dst: result });
    } else if (o.op === 'cast') {
      const a = mat(o.arg);
      if ((a.t === 'int8' || a.t === 'uint8' || a.t === 'int16') && o.t === 'int32') {
        // Integer promotion through a documented exact Cast: int8/uint8 → half (CAST_NONE, every
        // value exact), int16 → float (CAST_NONE, A2), then to int32 (CAST_TRUNC of an integer: exact).
        const w = tmp(a.t === 'int16' ? 'float' : 'half');
        instrs.push({ i: 'cast', dst: w, a, mode: 'CAST_NONE' });
        result = into ?? tmp('int32');
        instrs.push({ i: 'cast', dst: result, a: w, mode: 'CAST_TRUNC' });
      } else if (a.t === 'int32' && o.t === 'half') {
        // int32 → half would be scaled by the DEQSCALE register: go through float (exact for |x| ≤ 65504).
        const f = tmp('float');
        instrs.push({ i: 'cast', dst: f, a, mode: 'CAST_RINT' });
        result = into ?? tmp(o.t);
        instrs.push({ i: 'cast', dst: result, a: f, mode: 'CAST_RINT' });
      } else {
        result = into ?? tmp(o.t);
        // To half or bf16: round half to even (CUDA's __float2half_rn, __float2bfloat16); to int32:
        // truncate (C++ conversion); int32 to float: round to nearest; half or bf16 to float: exact.
        // The recogniser converts bf16 only from and to float (the A2 list has no other bf16 Cast).
        const mode = o.t === 'half' || o.t === 'bf16' ? 'CAST_RINT' : o.t === 'int32' ? 'CAST_TRUNC' : a.t === 'int32' ? 'CAST_RINT' : 'CAST_NONE';
        instrs.push({ i: 'cast', dst: result, a, mode });
      }
    } else if (o.op === 'select') {
      // Branches first, so nested selects never overwrite the mask between Compare and Select.
      const operand = (x: number, t: DType): Operand => {
        if (!isScalar(x)) return mat(x);
        const d = tmp(t);
        instrs.push({ i: 'dup', dst: d, scalar: scalarText(x) });
        return d;
      };
      const th = operand(o.then, o.t);
      const ot = operand(o.otherwise, o.t);
      const cmpT = !isScalar(o.a) ? typeOf(o.a) : typeOf(o.b);
      const ta = operand(o.a, cmpT);
      const tb = operand(o.b, cmpT);
      result = into ?? tmp(o.t);
      instrs.push({ i: 'select', dst: result, cmp: o.cmp, a: ta, b: tb, then: th, otherwise: ot });
    } else if (o.fn === 'neg') {
      const a = mat(o.args[0]!);
      result = into ?? tmp(o.t);
      instrs.push({ i: 'scalar', api: 'Muls', dst: result, a, scalar: '-1' });
    } else if (ROUND_MODE[o.fn]) {
      const a = mat(o.args[0]!);
      const n = tmp('int32');
      instrs.push({ i: 'cast', dst: n, a, mode: ROUND_MODE[o.fn]! });
      result = into ?? tmp(o.t);
      instrs.push({ i: 'cast', dst: result, a: n, mode: 'CAST_RINT' });
    } else if (UNARY_API[o.fn]) {
      const a = mat(o.args[0]!);
      result = into ?? tmp(o.t);
      instrs.push({ i: 'unary', api: UNARY_API[o.fn]!, dst: result, a });
    } else {
      const [x, y] = o.args as [number, number];
      if (!isScalar(x) && !isScalar(y)) {
        const ta = mat(x);
        const tb = mat(y);
        result = into ?? tmp(o.t);
        instrs.push({ i: 'binary', api: BINARY_API[o.fn]!, dst: result, a: ta, b: tb });
      } else {
        const tensorFirst = !isScalar(x);
        const tt = mat(tensorFirst ? x : y);
        const s = scalarText(tensorFirst ? y : x);
        if (SCALAR_API[o.fn]) {
          result = into ?? tmp(o.t);
          instrs.push({ i: 'scalar', api: SCALAR_API[o.fn]!, dst: result, a: tt, scalar: s });
        } else if (o.fn === 'sub' && tensorFirst) {
          result = into ?? tmp(o.t);
          instrs.push({ i: 'scalar', api: 'Adds', dst: result, a: tt, scalar: `-(${s})` });
        } else if (o.fn === 'sub') {
          const neg = tmp(o.t);
          instrs.push({ i: 'scalar', api: 'Muls', dst: neg, a: tt, scalar: '-1' });
          result = into ?? tmp(o.t);
          instrs.push({ i: 'scalar', api: 'Adds', dst: result, a: neg, scalar: s });
        } else {
          // Division (or Power) by or of a scalar: broadcast it and use Div (Power), which rounds like CUDA's `/`.
          const api = BINARY_API[o.fn]!;
          const bc = tmp(o.t);
          instrs.push({ i: 'dup', dst: bc, scalar: s });
          result = into ?? tmp(o.t);
          instrs.push(tensorFirst ? { i: 'binary', api, dst: result, a: tt, b: bc } : { i: 'binary', api, dst: result, a: bc, b: tt });
        }
      }
    }
    done.set(id, result);
    return result;
  };

  for (const s of stores(program)) {
    const out: Operand = { k: 'out', tensor: s.tensor, t: tensors(program).find((t) => t.name === s.tensor)!.dtype };
    const v = ops.get(s.value)!;
    if (v.op === 'scalar' && (out.t === 'int8' || out.t === 'uint8')) {
      // Duplicate takes no 8-bit type (asc-devkit Duplicate.md: int16, uint16, half, bf16, int32, uint32, float):
      // fill half (every 8-bit value is exact in half), then Cast half → int8/uint8 (CAST_NONE, exact for integers).
      const h = tmp('half');
      instrs.push({ i: 'dup', dst: h, scalar: v.text });
      instrs.push({ i: 'cast', dst: out, a: h, mode: 'CAST_NONE' });
    } else if (v.op === 'scalar') instrs.push({ i: 'dup', dst: out, scalar: v.text });
    else if (isStorageInt(out.t)) instrs.push({ i: 'copy', dst: out, a: mat(s.value) });
    else if (v.op === 'load' || done.has(s.value)) instrs.push({ i: 'scalar', api: 'Muls', dst: out, a: mat(s.value), scalar: '1' });
    else mat(s.value, out);
  }
  return { instrs, temps };
}

function uses(x: VInstr): Operand[] {
  switch (x.i) {
    case 'binary':
      return [x.a, x.b];
    case 'scalar':
    case 'unary':
    case 'cast':
    case 'copy':
      return [x.a];
    case 'dup':
    case 'iota':
      return [];
    case 'select':
      return [x.then, x.otherwise, x.a, x.b];
  }
}

/**
 * Slots for temporaries by liveness: an instruction's destination is allocated before its
 * operands are released (so it never aliases them); a temporary is released after its last
 * use; released slots are reused last-in first-out.
 */
export function allocate(instrs: VInstr[]): { slotOf: Record<number, number>; slots: number } {
  const last = new Map<number, number>();
  instrs.forEach((x, n) => {
    for (const u of uses(x)) if (u.k === 'tmp') last.set(u.v, n);
  });
  const slotOf: Record<number, number> = {};
  const free: number[] = [];
  let slots = 0;
  instrs.forEach((x, n) => {
    if (x.dst.k === 'tmp' && slotOf[x.dst.v] === undefined) slotOf[x.dst.v] = free.length ? free.pop()! : slots++;
    const seen = new Set<number>();
    for (const u of uses(x)) {
      if (u.k !== 'tmp' || seen.has(u.v)) continue;
      seen.add(u.v);
      if (last.get(u.v) === n) free.push(slotOf[u.v]!);
    }
    // A value never read again after its definition (none today) frees at once.
    if (x.dst.k === 'tmp' && !last.has(x.dst.v)) free.push(slotOf[x.dst.v]!);
  });
  return { slotOf, slots };
}

/**
 * Storage-only integers (ir.ts `StorageInt`) are copied, filled and promoted to int32; every
 * other use has no documented exact instruction, and a port of it would be a guess.
 */
function checkStorageInts(program: TileProgram, arch: number): void {
  const ops = new Map(valueOps(program).map((o) => [o.id, o]));
  for (const o of ops.values()) {
    const argTypes = o.op === 'map' ? o.args.map((a) => ops.get(a)!.t) : o.op === 'select' ? [o.a, o.b, o.then, o.otherwise].map((a) => ops.get(a)!.t) : [];
    const narrow = [o.t, ...argTypes].find((t) => isStorageInt(t)) as DType | undefined;
    if ((o.op === 'map' || o.op === 'select') && narrow) {
      if (narrow === 'uint32') throw new DoesNotFit('computes with unsigned 32-bit values: CUDA wraps them modulo 2^32, and the reference lists the vector arithmetic for half, float, int32 and int16 only (ascend-c.md §2.1), with no Cast that reads uint32_t', 'ASC402', true);
      throw new DoesNotFit(`computes in ${CPP_TYPE[narrow]} where CUDA computes in int: no vector instruction takes ${CPP_TYPE[narrow]}`, 'ASC402', true);
    }
    if (o.op !== 'cast') continue;
    const from = ops.get(o.arg)!.t;
    if (!isStorageInt(from) && !isStorageInt(o.t)) continue;
    if ((from === 'int8' || from === 'uint8') && o.t === 'int32') continue;
    if (from === 'int16' && o.t === 'int32') {
      if (arch === 2201) continue;
      throw new DoesNotFit('reads int16_t values as int: the exact route is Cast int16 → float (CAST_NONE), listed only for Atlas A2 and 200I/500 A2 in the asc-devkit Cast table; here int16 → half is the only one, exact only to ±2048', 'ASC402', true);
    }
    if (from === 'uint16' || from === 'uint32') throw new DoesNotFit(`reads ${CPP_TYPE[from]} values in arithmetic: the asc-devkit Cast table has no conversion from ${CPP_TYPE[from]}`, 'ASC402', true);
    throw new DoesNotFit(`converts ${CPP_TYPE[from as DType] ?? from} to ${CPP_TYPE[o.t]}, which has no exact documented Cast`, 'ASC402', true);
  }
}
