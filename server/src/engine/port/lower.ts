/**
 * lower(program, plan, target): the API calls of each phase of the generated kernel and
 * the host ABI, as data. Every API name goes through the API table (`ascendc/api.ts`) and
 * is spelled for the target's CANN version; a name missing from the table throws, so a
 * port can never call an API we have no source for. `render/` only writes this out.
 */
import { apiCalls, argLaunchParams, lowerMapInstrs } from './calls';
import type { FunctionModel } from '../model/kernels';
import type { Target } from '../target';
import { portBudget } from './budget';
import { pascal, screaming } from './emit/names';
import type { Operand, Plan } from './plan';
import { lowerReduce, type ReduceLowering } from './reduce/lower';
import { lowerRows, type RowsLowering } from './rows/lower';
import { lowerCols, type ColsLowering } from './cols/lower';
import { lowerMatmul, type MatmulLowering } from './matmul/lower';
import { lowerCopy, type CopyLowering } from './copy/lower';
import { lowerSingle } from './single/lower';
import { CPP_TYPE, scalars, tensors, type DType, type TileProgram } from './program';

/** One call of an Ascend C or ACL API, spelled for the target's CANN version. */
export interface ApiCall {
  /** The table entry it calls (for a member function, its class). */
  api: string;
  /** What is written before the arguments: `AscendC::Add`, `xInQueue_.AllocTensor<float>`. */
  callee: string;
  args: string[];
  /** Declare `type name = callee(args)`, or `type name{args}` for a parameter struct. */
  bind?: { type: string; name: string; brace?: boolean };
  /** Made only when this condition (C++) holds: `if (when) call;` (a statement, never a declaration). */
  when?: string;
}

/** A parameter of the kernel entry. */
export interface EntryParam {
  name: string;
  kind: 'gm' | 'scalar' | 'tiling';
  /** C++ type in the entry (`GM_ADDR`, `float`, `VectorAddTiling`). */
  cppType: string;
  /** GM tensors: element type. */
  dtype?: DType;
}

/** A parameter of the host launch wrapper, in CUDA's argument order, then extras, then the stream. */
export interface LaunchParam {
  name: string;
  cppType: string;
  /** A CUDA kernel argument (by position), a CUDA launch dimension (unguarded kernels; x, or y for a GEMM's rows), or the stream. */
  from: 'arg' | 'cudaGridX' | 'cudaBlockX' | 'cudaGridY' | 'cudaBlockY' | 'cudaGridZ' | 'stream';
  argIndex?: number;
  /** GM tensors: element type and whether the kernel writes it. */
  tensor?: { dtype: DType; written: boolean; read: boolean };
}

/**
 * How the host calls the port: the entry, its tiling struct and how to fill it, the core
 * count, and the launch wrapper with the CUDA argument order. The launch rewrite, the
 * wrapper header, the verifier's driver and the launch hints read this; nothing derives it again.
 */
export interface HostAbi {
  kernel: string;
  entry: EntryParam[];
  tiling: {
    type: string;
    fields: { name: string; type: 'uint64_t' | 'uint32_t' | `AscendC::tiling::${string}`; doc: string }[];
    /** `<P>MakeTiling(uint64_t totalLength, uint32_t coreNum)`. */
    make: string;
    /** `<P>NumBlocks(const Tiling&)`. */
    numBlocks: string;
  };
  launch: {
    /** `Launch<P>`: returns aclError. */
    fn: string;
    params: LaunchParam[];
    /** The element count as a C++ expression over the wrapper's parameters. */
    length: string;
    cores: number;
    coresSource: string;
    /** Without DataCopyPad: the wrapper launches the aligned prefix, then the remainder in padded staging buffers. */
    staging: boolean;
    /** Second chevron argument: `nullptr` (CANN 8.x samples) or `0` (CANN 9.x dynamic UB bytes). */
    second: string;
  };
  /** Constants the host and device share. */
  constants: { name: string; value: number; doc: string }[];
}

export interface Lowered {
  program: TileProgram;
  plan: Plan;
  target: Target;
  className: string;
  /** Per phase, in order. */
  phases: {
    copyIn: ApiCall[];
    compute: ApiCall[];
    copyOut: ApiCall[];
  };
  /** UB buffers: queues by position, temporaries, the mask. */
  buffers: { name: string; kind: 'TQue'; position: 'VECIN' | 'VECOUT'; tensor: string; dtype: DType }[];
  tbufs: { name: string; bytes: string }[];
  abi: HostAbi;
  /** Every API the port names, for checks against the table. */
  apis: string[];
  /**
   * The program uses the element index as a value (an iota): Compute reads the tile's first
   * index (`tileStart_`, set in Process) plus `indexBase_` (the tiling's `indexBase`: 0, or
   * where a host-staged tail starts).
   */
  iota?: boolean;
  /** reduceAll ports: the accumulator's start, each core's value out, the combine kernel. */
  reduce?: ReduceLowering;
  /** rows ports: every pass over a row, the unary row steps, the row stores. */
  rows?: RowsLowering;
  /** rows ports in the column layout: every pass down the columns of a chunk, the per-column stores. */
  cols?: ColsLowering;
  /** matmul ports: the operands, the kernel qualifier, the epilogue's own lowering. */
  matmul?: MatmulLowering;
  /** copy ports: the calls that move one tile of a run. */
  copy?: CopyLowering;
}

export function lower(program: TileProgram, plan: Plan, target: Target): Lowered {
  if (plan.schedule === 'reduceAll') return lowerReduce(program, plan, target);
  if (plan.schedule === 'rows') return program.schedule.kind === 'rows' && program.schedule.layout === 'cols' ? lowerCols(program, plan, target) : lowerRows(program, plan, target);
  if (plan.schedule === 'matmul') return lowerMatmul(program, plan, target);
  if (plan.schedule === 'copy') return lowerCopy(program, plan, target);
  if (plan.schedule === 'single') return lowerSingle(program, plan, target);
  const calls = apiCalls(program, target);
  const { used, A, M, LT, fnCall, member, bound, struct } = calls;
  const P = pascal(program.kernel);
  const ts = tensors(program);
  const reads = ts.filter((t) => t.read);
  const writes = ts.filter((t) => t.written);
  const computeScalars = scalars(program).filter((s) => s.usedInCompute);
  const name = (o: Operand): string => (o.k === 'in' ? `${o.tensor}In` : o.k === 'out' ? `${o.tensor}Out` : `v${o.v}`);

  // ---- CopyIn / CopyOut ----
  const pad = plan.tail === 'DataCopyPad';
  const copyIn: ApiCall[] = [];
  for (const p of reads) {
    const T = CPP_TYPE[p.dtype];
    copyIn.push(bound(member(`${p.name}InQueue_`, 'TQue', 'AllocTensor', [], [T]), LT(T), `${p.name}In`));
    if (pad) {
      copyIn.push(struct('DataCopyExtParams', `AscendC::${A('DataCopyExtParams')}`, `${p.name}Params`, ['1', `static_cast<uint32_t>(count * sizeof(${T}))`, '0', '0', '0']));
      copyIn.push(struct('DataCopyPadExtParams', `AscendC::${A('DataCopyPadExtParams')}<${T}>`, `${p.name}Pad`, ['false', '0', '0', `static_cast<${T}>(0)`]));
      copyIn.push(fnCall('DataCopyPad', [`${p.name}In`, `${p.name}Gm_[offset]`, `${p.name}Params`, `${p.name}Pad`]));
    } else copyIn.push(fnCall('DataCopy', [`${p.name}In`, `${p.name}Gm_[offset]`, 'count']));
    copyIn.push(member(`${p.name}InQueue_`, 'TQue', 'EnQue', [`${p.name}In`]));
  }
  const copyOut: ApiCall[] = [];
  for (const p of writes) {
    const T = CPP_TYPE[p.dtype];
    copyOut.push(bound(member(`${p.name}OutQueue_`, 'TQue', 'DeQue', [], [T]), LT(T), `${p.name}Out`));
    if (pad) {
      copyOut.push(struct('DataCopyExtParams', `AscendC::${A('DataCopyExtParams')}`, `${p.name}Params`, ['1', `static_cast<uint32_t>(count * sizeof(${T}))`, '0', '0', '0']));
      copyOut.push(fnCall('DataCopyPad', [`${p.name}Gm_[offset]`, `${p.name}Out`, `${p.name}Params`]));
    } else copyOut.push(fnCall('DataCopy', [`${p.name}Gm_[offset]`, `${p.name}Out`, 'count']));
    copyOut.push(member(`${p.name}OutQueue_`, 'TQue', 'FreeTensor', [`${p.name}Out`]));
  }

  // ---- Compute ----
  const compute: ApiCall[] = [];
  for (const p of reads) compute.push(bound(member(`${p.name}InQueue_`, 'TQue', 'DeQue', [], [CPP_TYPE[p.dtype]]), LT(CPP_TYPE[p.dtype]), `${p.name}In`));
  for (const p of writes) compute.push(bound(member(`${p.name}OutQueue_`, 'TQue', 'AllocTensor', [], [CPP_TYPE[p.dtype]]), LT(CPP_TYPE[p.dtype]), `${p.name}Out`));
  if (plan.mask) compute.push(bound(member('maskBuf_', 'TBuf', 'Get', [], ['uint8_t']), LT('uint8_t'), 'selMask'));
  lowerMapInstrs(calls, plan.instrs, plan.slotOf, name, compute, (x, dst) => {
    switch (x.i) {
      case 'iota': {
        // CreateVecIndex writes its first block through float (exact below 2^24): start at 0, add the index in int32.
        const d = dst(x.dst);
        compute.push(fnCall('CreateVecIndex', [d, 'static_cast<int32_t>(0)', 'count']));
        compute.push(fnCall('Adds', [d, d, 'static_cast<int32_t>(indexBase_ + tileStart_)', 'cnt']));
        break;
      }
      case 'cast':
        compute.push(fnCall('Cast', [dst(x.dst), name(x.a), `AscendC::${A('RoundMode')}::${x.mode}`, 'cnt']));
        break;
      case 'select': {
        // Compare reads whole 256-byte repeats: its count is rounded up; the tile buffers hold whole repeats (plan.tileQuantum).
        const r = plan.compareRepeat;
        compute.push(fnCall('Compare', ['selMask', name(x.a), name(x.b), `AscendC::${A('CMPMODE')}::${x.cmp}`, `(count + ${r - 1}) / ${r} * ${r}`]));
        const d = dst(x.dst);
        compute.push(fnCall('Select', [d, 'selMask', name(x.then), name(x.otherwise), `AscendC::${A('SELMODE')}::VSEL_TENSOR_TENSOR_MODE`, 'count']));
        break;
      }
    }
  });
  for (const p of writes) compute.push(member(`${p.name}OutQueue_`, 'TQue', 'EnQue', [`${p.name}Out`]));
  for (const p of reads) compute.push(member(`${p.name}InQueue_`, 'TQue', 'FreeTensor', [`${p.name}In`]));

  const iota = plan.instrs.some((x) => x.i === 'iota');
  // ---- Host ABI ----
  const tilingType = `${P}Tiling`;
  const C = screaming(program.kernel);
  const launchParams: LaunchParam[] = argLaunchParams(program);
  let length = program.schedule.length;
  if (program.schedule.cudaForm === 'unguarded') {
    launchParams.push({ name: 'cudaGridX', cppType: 'uint64_t', from: 'cudaGridX' }, { name: 'cudaBlockX', cppType: 'uint64_t', from: 'cudaBlockX' });
    length = program.schedule.kind === 'stream' && program.schedule.pack ? `cudaGridX * cudaBlockX * ${program.schedule.pack}` : 'cudaGridX * cudaBlockX';
  }
  launchParams.push({ name: 'stream', cppType: A('aclrtStream'), from: 'stream' });
  const abi: HostAbi = {
    kernel: program.kernel,
    entry: [
      ...ts.map((t): EntryParam => ({ name: t.name, kind: 'gm', cppType: A('GM_ADDR'), dtype: t.dtype })),
      ...computeScalars.map((s): EntryParam => ({ name: s.name, kind: 'scalar', cppType: s.cppType })),
      { name: 'tiling', kind: 'tiling', cppType: tilingType },
    ],
    tiling: {
      type: tilingType,
      fields: [
        { name: 'totalLength', type: 'uint64_t', doc: 'elements in all' },
        { name: 'blockLength', type: 'uint64_t', doc: `elements per core, a multiple of ${plan.align} (32 bytes); the last core may have fewer` },
        { name: 'tileLength', type: 'uint32_t', doc: `elements per UB tile, a multiple of ${plan.tileQuantum}` },
        ...(iota ? [{ name: 'indexBase', type: 'uint64_t' as const, doc: 'global index of element 0 (the element index is a value); a host-staged tail starts here' }] : []),
      ],
      make: `${P}MakeTiling`,
      numBlocks: `${P}NumBlocks`,
    },
    launch: {
      fn: `Launch${P}`,
      params: launchParams,
      length,
      cores: plan.budget.vectorCores,
      coresSource: plan.budget.coresSource,
      staging: plan.tail === 'staging',
      second: target.cann === '9.x' ? '0' : 'nullptr',
    },
    constants: [
      { name: `${C}_ALIGN`, value: plan.align, doc: 'elements per 32-byte block' },
      { name: `${C}_QUANTUM`, value: plan.tileQuantum, doc: 'tile lengths are multiples of this (whole 256-byte repeats)' },
      { name: `${C}_MAX_TILE`, value: plan.maxTile, doc: 'largest tile that fits the UB budget' },
      { name: `${C}_MIN_PER_CORE`, value: plan.minPerCore, doc: 'smallest share of a core' },
    ],
  };
  // Names the renderer writes around the calls (classes, qualifiers, host runtime).
  for (const n of ['TPipe', 'TQue', 'TBuf', 'GlobalTensor', 'TPosition', 'GetBlockIdx', 'InitBuffer', '__aicore__', '__gm__', 'aclError', 'ACL_SUCCESS']) A(n);
  M('GlobalTensor', 'SetGlobalBuffer');
  // Scalars at constant indices (`pars[0]`) are read once per core on the scalar unit.
  if (program.gmScalars?.length) M('GlobalTensor', 'GetValue');
  if (plan.tail === 'staging') for (const n of ['aclrtMalloc', 'aclrtFree', 'aclrtMemcpy', 'aclrtSynchronizeStream', 'aclrtMemMallocPolicy', 'aclrtMemcpyKind']) A(n);

  return {
    program,
    plan,
    target,
    className: `Kernel${P}`,
    phases: { copyIn, compute, copyOut },
    buffers: [
      ...reads.map((p) => ({ name: `${p.name}InQueue_`, kind: 'TQue' as const, position: 'VECIN' as const, tensor: p.name, dtype: p.dtype })),
      ...writes.map((p) => ({ name: `${p.name}OutQueue_`, kind: 'TQue' as const, position: 'VECOUT' as const, tensor: p.name, dtype: p.dtype })),
    ],
    tbufs: [
      ...Array.from({ length: plan.temps }, (_, i) => ({ name: `tmpBuf${i}_`, bytes: `tileLength_ * sizeof(${CPP_TYPE[plan.tempType]})` })),
      ...(plan.mask ? [{ name: 'maskBuf_', bytes: '(tileLength_ / 8 + 31) / 32 * 32' }] : []),
    ],
    abi,
    apis: [...used].sort(),
    ...(iota ? { iota: true } : {}),
  };
}


/** Element types a skeleton's GM pointers can be verified with. */
const SKELETON_DTYPES: Readonly<Record<string, DType>> = { float: 'float', half: 'half', __half: 'half', int: 'int32', int32_t: 'int32', __nv_bfloat16: 'bf16', nv_bfloat16: 'bf16' };
const SCALAR = /^(?:float|double|int|unsigned(?: int)?|bool|char|short|long(?: long)?|size_t|u?int(?:8|16|32|64)_t)$/;

/** A skeleton's parameter: what the entry and the wrapper take for one CUDA parameter. */
export interface SkeletonParam {
  name: string;
  kind: 'pointer' | 'scalar' | 'other';
  /** C++ type in the entry. */
  entryType: string;
  /** The CUDA type as written (for TODOs). */
  cudaType: string;
  /** The pointee type, for pointers (`float`). */
  base: string;
}

/**
 * A skeleton's parameters, once each: unnamed CUDA parameters get a name (`arg2`), and a
 * parameter the parser saw twice (declared in both branches of an `#if`) is kept once.
 */
export function skeletonParams(fn: FunctionModel): SkeletonParam[] {
  const base = (t: string) => t.replace(/\b(const|volatile|__restrict__|__restrict|restrict|struct)\b/g, '').replace(/\s+/g, ' ').trim();
  const seen = new Set<string>();
  const out: SkeletonParam[] = [];
  fn.params.forEach((p, i) => {
    const name = p.name || `arg${i}`;
    if (seen.has(name)) return;
    seen.add(name);
    const b = base(p.baseType);
    if (p.pointerDepth === 1) out.push({ name, kind: 'pointer', entryType: 'GM_ADDR', cudaType: p.type, base: b });
    else if (p.pointerDepth === 0 && !p.isReference && SCALAR.test(b)) out.push({ name, kind: 'scalar', entryType: b === 'size_t' ? 'uint64_t' : b, cudaType: p.type, base: b });
    else out.push({ name, kind: 'other', entryType: 'GM_ADDR', cudaType: p.type, base: b });
  });
  return out;
}

/**
 * The host ABI of a skeleton: the entry takes every CUDA parameter (pointers and structs as
 * GM_ADDR, scalars as they are), no tiling (the user decides it), and the launch wrapper has
 * the CUDA argument order, like a complete port's. A finished skeleton is verified through it.
 */
export function skeletonAbi(fn: FunctionModel, target: Target): HostAbi {
  const budget = portBudget(target);
  const ps = skeletonParams(fn);
  const params: LaunchParam[] = ps.map((p) => {
    const index = fn.params.findIndex((q, i) => (q.name || `arg${i}`) === p.name);
    if (p.kind === 'scalar') return { name: p.name, cppType: p.entryType, from: 'arg' as const, argIndex: index };
    const dtype = p.kind === 'pointer' ? SKELETON_DTYPES[p.base] : undefined;
    const isConst = fn.params[index]?.isConst ?? false;
    return { name: p.name, cppType: isConst || p.kind === 'other' ? 'const void*' : 'void*', from: 'arg' as const, argIndex: index, ...(dtype ? { tensor: { dtype, read: true, written: !isConst } } : {}) };
  });
  params.push({ name: 'stream', cppType: 'aclrtStream', from: 'stream' });
  return {
    kernel: fn.name,
    entry: ps.map((p) => ({ name: p.name, kind: p.kind === 'scalar' ? ('scalar' as const) : ('gm' as const), cppType: p.entryType })),
    tiling: { type: '', fields: [], make: '', numBlocks: '' },
    launch: { fn: `Launch${pascal(fn.name)}`, params, length: '', cores: budget.vectorCores, coresSource: budget.coresSource, staging: false, second: target.cann === '9.x' ? '0' : 'nullptr' },
    constants: [],
  };
}
