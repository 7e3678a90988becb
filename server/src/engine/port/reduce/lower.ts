/**
 * lower for the `reduceAll` schedule: the API calls of each method of the generated kernel
 * (and of the combine kernel of the workspace path) and the host ABI. As in `lower.ts`, every
 * name goes through the API table and is spelled for the target's CANN version; the
 * renderer (`render/reduce.ts`) only writes these out.
 */
import { apiCalls, lowerMapInstrs, argLaunchParams } from '../calls';
import type { Target } from '../../target';
import { pascal, screaming } from '../emit/names';
import type { ApiCall, EntryParam, HostAbi, LaunchParam, Lowered } from '../lower';
import type { Operand } from '../plan';
import { CPP_TYPE, scalars, tensors, type ReduceAllSchedule, type TileProgram } from '../program';
import type { ReducePlan } from './plan';

/** The identity of each operator as the bits of a float (the accumulator's start and its padding). */
export const IDENTITY_BITS: Readonly<Record<ReduceAllSchedule['op'], { bits: string; text: string }>> = {
  sum: { bits: '0', text: '0' },
  max: { bits: 'static_cast<int32_t>(0xFF800000u)', text: '-infinity' },
  min: { bits: 'static_cast<int32_t>(0x7F800000u)', text: '+infinity' },
};

/** The bits of a float literal (`0`, `-1.5`, `3e38`) rounded to binary32, as an int32 for Duplicate on the bits. */
export function floatBits(literal: string): string {
  const u = new Uint32Array(new Float32Array([Number(literal)]).buffer)[0]!;
  return `static_cast<int32_t>(0x${u.toString(16).toUpperCase().padStart(8, '0')}u)`;
}

/** The extra calls of a reduceAll port, per method of the generated classes. */
export interface ReduceLowering {
  /** Process(), before the tile loop: the accumulator filled with the identity. */
  init: ApiCall[];
  /** After the tile loop: the core's value out (atomic add into the result, or its workspace slot). */
  finish: ApiCall[];
  /** The combine kernel's Process() (workspace path only). */
  combine: ApiCall[];
}

export function lowerReduce(program: TileProgram, plan: ReducePlan, target: Target): Lowered & { reduce: ReduceLowering } {
  const s = program.schedule as ReduceAllSchedule;
  const calls = apiCalls(program, target);
  const { used, A, M, LT, fnCall, member, bound, struct } = calls;
  const P = pascal(program.kernel);
  const C = screaming(program.kernel);
  const ALIGN = `${C}_ALIGN`;
  /** Floats per 32-byte block: the accumulator, a core's value and a workspace slot (ALIGN counts input elements). */
  const SLOT = plan.align === 8 ? ALIGN : `${C}_SLOT`;
  const ts = tensors(program);
  const inputs = ts.filter((t) => t.name !== s.result);
  const computeScalars = scalars(program).filter((x) => x.usedInCompute);
  const pad = plan.tail === 'DataCopyPad';
  const REDUCE = { sum: 'ReduceSum', max: 'ReduceMax', min: 'ReduceMin' }[s.op];
  const COMBINE = { sum: 'Add', max: 'Max', min: 'Min' }[s.op];
  const name = (o: Operand): string => (o.k === 'in' ? `${o.tensor}In` : o.k === 'out' ? 'mapped' : `v${o.v}`);

  // ---- CopyIn: each input's tile ----
  const copyIn: ApiCall[] = [];
  for (const p of inputs) {
    // Each input is copied in its own type (half, bfloat16_t or float); a narrow one is widened in Compute.
    const T = CPP_TYPE[p.dtype];
    copyIn.push(bound(member(`${p.name}InQueue_`, 'TQue', 'AllocTensor', [], [T]), LT(T), `${p.name}In`));
    if (pad) {
      copyIn.push(struct('DataCopyExtParams', `AscendC::${A('DataCopyExtParams')}`, `${p.name}Params`, ['1', `static_cast<uint32_t>(count * sizeof(${T}))`, '0', '0', '0']));
      copyIn.push(struct('DataCopyPadExtParams', `AscendC::${A('DataCopyPadExtParams')}<${T}>`, `${p.name}Pad`, ['false', '0', '0', `static_cast<${T}>(0)`]));
      copyIn.push(fnCall('DataCopyPad', [`${p.name}In`, `${p.name}Gm_[offset]`, `${p.name}Params`, `${p.name}Pad`]));
    } else copyIn.push(fnCall('DataCopy', [`${p.name}In`, `${p.name}Gm_[offset]`, `(count + ${ALIGN} - 1) / ${ALIGN} * ${ALIGN}`]));
    copyIn.push(member(`${p.name}InQueue_`, 'TQue', 'EnQue', [`${p.name}In`]));
  }

  // ---- Compute: map, reduce the tile, fold into the accumulator ----
  const compute: ApiCall[] = [];
  for (const p of inputs) compute.push(bound(member(`${p.name}InQueue_`, 'TQue', 'DeQue', [], [CPP_TYPE[p.dtype]]), LT(CPP_TYPE[p.dtype]), `${p.name}In`));
  if (plan.mapped) compute.push(bound(member('mappedBuf_', 'TBuf', 'Get', [], ['float']), LT('float'), 'mapped'));
  lowerMapInstrs(calls, plan.instrs, plan.slotOf, name, compute, (x, dst) => {
    // A half or bfloat16 element widened to float: exact (CAST_NONE), as CUDA's conversion.
    if (x.i === 'cast' && x.mode === 'CAST_NONE' && x.dst.t === 'float' && (x.a.t === 'half' || x.a.t === 'bf16')) {
      compute.push(fnCall('Cast', [dst(x.dst), name(x.a), `AscendC::${A('RoundMode')}::CAST_NONE`, 'cnt']));
      return;
    }
    throw new Error(`the reduceAll lowering has no ${x.i}`);
  });
  compute.push(bound(member('partBuf_', 'TBuf', 'Get', [], ['float']), LT('float'), 'part'));
  compute.push(bound(member('workBuf_', 'TBuf', 'Get', [], ['float']), LT('float'), 'work'));
  compute.push(bound(member('accBuf_', 'TBuf', 'Get', [], ['float']), LT('float'), 'acc'));
  compute.push(fnCall(REDUCE, ['part', plan.direct ? `${plan.direct}In` : 'mapped', 'work', 'cnt']));
  compute.push(fnCall(COMBINE, ['acc', 'acc', 'part', '1']));
  for (const p of inputs) compute.push(member(`${p.name}InQueue_`, 'TQue', 'FreeTensor', [`${p.name}In`]));

  // ---- Init: the accumulator starts at the identity in every lane of its block ----
  const init: ApiCall[] = [bound(member('accBuf_', 'TBuf', 'Get', [], ['float']), LT('float'), 'acc')];
  if (s.op === 'sum') init.push(fnCall('Duplicate', ['acc', 'static_cast<float>(0)', `static_cast<int32_t>(${SLOT})`]));
  else {
    init.push(bound(member('acc', 'LocalTensor', 'ReinterpretCast', [], ['int32_t']), LT('int32_t'), 'accBits'));
    init.push(fnCall('Duplicate', ['accBits', s.start !== undefined ? floatBits(s.start) : IDENTITY_BITS[s.op].bits, `static_cast<int32_t>(${SLOT})`]));
  }

  // ---- Finish: the core's value leaves through a VECOUT queue (the queue orders vector and copy) ----
  const finish: ApiCall[] = [
    bound(member('accBuf_', 'TBuf', 'Get', [], ['float']), LT('float'), 'acc'),
    bound(member('outQueue_', 'TQue', 'AllocTensor', [], ['float']), LT('float'), 'value'),
    fnCall('Muls', ['value', 'acc', 'static_cast<float>(1)', `static_cast<int32_t>(${SLOT})`]),
    member('outQueue_', 'TQue', 'EnQue', ['value']),
    bound(member('outQueue_', 'TQue', 'DeQue', [], ['float']), LT('float'), 'valueOut'),
  ];
  if (plan.combine === 'atomic') {
    finish.push(fnCall('SetAtomicAdd', [], ['float']));
    finish.push(struct('DataCopyExtParams', `AscendC::${A('DataCopyExtParams')}`, 'oneValue', ['1', 'static_cast<uint32_t>(sizeof(float))', '0', '0', '0']));
    finish.push(fnCall('DataCopyPad', ['resultGm_', 'valueOut', 'oneValue']));
    finish.push(fnCall(target.cann === '9.x' ? 'DisableDmaAtomic' : 'SetAtomicNone', []));
  } else finish.push(fnCall('DataCopy', ['slotGm_', 'valueOut', SLOT]));
  finish.push(member('outQueue_', 'TQue', 'FreeTensor', ['valueOut']));

  // ---- The combine kernel (workspace): reduce the slots, fold in result[0] when CUDA accumulated ----
  const combine: ApiCall[] = [];
  if (plan.combine === 'workspace') {
    combine.push(bound(member('inQueue_', 'TQue', 'AllocTensor', [], ['float']), LT('float'), 'slots'));
    combine.push(fnCall('DataCopy', ['slots', 'wsGm_', `slots_ * ${SLOT}`]));
    combine.push(member('inQueue_', 'TQue', 'EnQue', ['slots']));
    if (s.mode === 'accumulate') {
      combine.push(bound(member('prevQueue_', 'TQue', 'AllocTensor', [], ['float']), LT('float'), 'prev'));
      combine.push(fnCall('DataCopy', ['prev', `wsGm_[slots_ * ${SLOT}]`, SLOT]));
      combine.push(member('prevQueue_', 'TQue', 'EnQue', ['prev']));
    }
    combine.push(bound(member('inQueue_', 'TQue', 'DeQue', [], ['float']), LT('float'), 'slotsIn'));
    if (s.mode === 'accumulate') combine.push(bound(member('prevQueue_', 'TQue', 'DeQue', [], ['float']), LT('float'), 'prevIn'));
    combine.push(bound(member('outQueue_', 'TQue', 'AllocTensor', [], ['float']), LT('float'), 'total'));
    combine.push(bound(member('workBuf_', 'TBuf', 'Get', [], ['float']), LT('float'), 'work'));
    combine.push(fnCall(REDUCE, ['total', 'slotsIn', 'work', `static_cast<int32_t>(slots_ * ${SLOT})`]));
    if (s.mode === 'accumulate') combine.push(fnCall(COMBINE, ['total', 'total', 'prevIn', '1']));
    combine.push(member('outQueue_', 'TQue', 'EnQue', ['total']));
    combine.push(member('inQueue_', 'TQue', 'FreeTensor', ['slotsIn']));
    if (s.mode === 'accumulate') combine.push(member('prevQueue_', 'TQue', 'FreeTensor', ['prevIn']));
    combine.push(bound(member('outQueue_', 'TQue', 'DeQue', [], ['float']), LT('float'), 'totalOut'));
    combine.push(fnCall('DataCopy', [`wsGm_[slots_ * ${SLOT}]`, 'totalOut', SLOT]));
    combine.push(member('outQueue_', 'TQue', 'FreeTensor', ['totalOut']));
  }

  // ---- Host ABI ----
  const tilingType = `${P}Tiling`;
  const launchParams: LaunchParam[] = argLaunchParams(program);
  // Block partials: the wrapper zeroes the CUDA grid's partials, so it takes the grid size.
  if (s.mode === 'partials') launchParams.push({ name: 'cudaGridX', cppType: 'uint64_t', from: 'cudaGridX' });
  launchParams.push({ name: 'stream', cppType: A('aclrtStream'), from: 'stream' });
  const gm = A('GM_ADDR');
  const entry: EntryParam[] = [
    ...inputs.map((t): EntryParam => ({ name: t.name, kind: 'gm', cppType: gm, dtype: t.dtype })),
    plan.combine === 'atomic' ? { name: s.result, kind: 'gm', cppType: gm, dtype: 'float' } : { name: 'workspace', kind: 'gm', cppType: gm },
    ...computeScalars.map((x): EntryParam => ({ name: x.name, kind: 'scalar', cppType: x.cppType })),
    { name: 'tiling', kind: 'tiling', cppType: tilingType },
  ];
  const abi: HostAbi = {
    kernel: program.kernel,
    entry,
    tiling: {
      type: tilingType,
      fields: [
        { name: 'totalLength', type: 'uint64_t', doc: 'elements this launch reduces' },
        { name: 'blockLength', type: 'uint64_t', doc: `elements per core, a multiple of ${plan.align} (32 bytes); the last core may have fewer` },
        { name: 'tileLength', type: 'uint32_t', doc: `elements per UB tile, a multiple of ${plan.tileQuantum}` },
        { name: 'slotBase', type: 'uint32_t', doc: 'workspace slot of this launch\'s core 0' },
        { name: 'slots', type: 'uint32_t', doc: 'workspace slots the combine kernel reduces' },
      ],
      make: `${P}MakeTiling`,
      numBlocks: `${P}NumBlocks`,
    },
    launch: {
      fn: `Launch${P}`,
      params: launchParams,
      length: s.length,
      cores: plan.budget.vectorCores,
      coresSource: plan.budget.coresSource,
      staging: plan.tail === 'staging',
      second: target.cann === '9.x' ? '0' : 'nullptr',
    },
    constants: [
      { name: `${C}_ALIGN`, value: plan.align, doc: plan.align === 8 ? 'elements per 32-byte block (one workspace slot)' : 'input elements per 32-byte block (core shares and staged tails are whole blocks)' },
      { name: `${C}_QUANTUM`, value: plan.tileQuantum, doc: 'tile lengths are multiples of this (whole 256-byte repeats)' },
      { name: `${C}_MAX_TILE`, value: plan.maxTile, doc: 'largest tile that fits the UB budget' },
      { name: `${C}_MIN_PER_CORE`, value: plan.minPerCore, doc: 'smallest share of a core' },
      ...(SLOT !== ALIGN ? [{ name: SLOT, value: 8, doc: 'floats per 32-byte block: the accumulator, a core\'s value, a workspace slot' }] : []),
    ],
  };
  for (const n of ['TPipe', 'TQue', 'TBuf', 'GlobalTensor', 'TPosition', 'GetBlockIdx', 'InitBuffer', '__aicore__', '__gm__', 'aclError', 'ACL_SUCCESS']) A(n);
  M('GlobalTensor', 'SetGlobalBuffer');
  if ((plan.combine === 'atomic' && s.mode === 'assign') || s.mode === 'partials') A('aclrtMemsetAsync');
  if (plan.combine === 'workspace') for (const n of ['aclrtMalloc', 'aclrtFree', 'aclrtMemcpy', 'aclrtSynchronizeStream', 'aclrtMemMallocPolicy', 'aclrtMemcpyKind']) A(n);

  return {
    program,
    plan,
    target,
    className: `Kernel${P}`,
    phases: { copyIn, compute, copyOut: [] },
    buffers: [
      ...inputs.map((p) => ({ name: `${p.name}InQueue_`, kind: 'TQue' as const, position: 'VECIN' as const, tensor: p.name, dtype: p.dtype })),
      { name: 'outQueue_', kind: 'TQue' as const, position: 'VECOUT' as const, tensor: s.result, dtype: 'float' as const },
    ],
    tbufs: [
      ...Array.from({ length: plan.temps }, (_, i) => ({ name: `tmpBuf${i}_`, bytes: 'tileLength_ * sizeof(float)' })),
      ...(plan.mapped ? [{ name: 'mappedBuf_', bytes: 'tileLength_ * sizeof(float)' }] : []),
      { name: 'workBuf_', bytes: 'tileLength_ * sizeof(float)' },
      { name: 'partBuf_', bytes: '32' },
      { name: 'accBuf_', bytes: '32' },
    ],
    abi,
    apis: [...used].sort(),
    reduce: { init, finish, combine },
  };
}
