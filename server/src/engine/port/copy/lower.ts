/**
 * lower for the `copy` schedule: the calls that move one tile of a run (CopyIn: DataCopyPad
 * GM → UB; Shift: DataCopy UB → UB from the input queue to the output queue; CopyOut:
 * DataCopyPad UB → GM) and the host ABI (the entry takes every tensor and integer argument and
 * the tiling; the wrapper has the CUDA argument order). Names through the API table, as for
 * every schedule; `render/copy.ts` writes the run loop around them.
 */
import type { Target } from '../../target';
import { apiCalls, argLaunchParams } from '../calls';
import { pascal, screaming } from '../emit/names';
import type { ApiCall, EntryParam, HostAbi, LaunchParam, Lowered } from '../lower';
import { CPP_TYPE, scalars, tensors, type CopySchedule, type TileProgram } from '../program';
import type { CopyPlan } from './plan';

export interface CopyLowering {
  /** `+=` moves: `CopyInAcc(dst, at, count)` reads the output's run; `Accumulate(count)` adds the input tile to it into an output tile. */
  copyInAcc?: ApiCall[];
  accumulate?: ApiCall[];
  /** `CopyIn(src, at, count)`: the tile `src[at … at + count)` into the input queue. */
  copyIn: ApiCall[];
  /** `Shift(count)`: the input tile into an output tile. */
  shift: ApiCall[];
  /** `CopyOut(dst, at, count)`: the output tile to `dst[at … at + count)`. */
  copyOut: ApiCall[];
}

export function lowerCopy(program: TileProgram, plan: CopyPlan, target: Target): Lowered & { copy: CopyLowering } {
  const s = program.schedule as CopySchedule;
  const calls = apiCalls(program, target);
  const { used, A, LT, fnCall, member, bound, struct } = calls;
  const P = pascal(program.kernel);
  const C = screaming(program.kernel);
  const ALIGN = `${C}_ALIGN`;
  const T = CPP_TYPE[s.from];
  const TO = CPP_TYPE[s.to];
  const ts = tensors(program);
  const ints = scalars(program);

  const copyIn: ApiCall[] = [
    bound(member('inQueue_', 'TQue', 'AllocTensor', [], [T]), LT(T), 'x'),
    struct('DataCopyExtParams', `AscendC::${A('DataCopyExtParams')}`, 'params', ['1', `static_cast<uint32_t>(count * sizeof(${T}))`, '0', '0', '0']),
    struct('DataCopyPadExtParams', `AscendC::${A('DataCopyPadExtParams')}<${T}>`, 'pad', ['false', '0', '0', `static_cast<${T}>(0)`]),
    fnCall('DataCopyPad', ['x', 'src[at]', 'params', 'pad']),
    member('inQueue_', 'TQue', 'EnQue', ['x']),
  ];
  const shift: ApiCall[] = [
    bound(member('inQueue_', 'TQue', 'DeQue', [], [T]), LT(T), 'x'),
    bound(member('outQueue_', 'TQue', 'AllocTensor', [], [TO]), LT(TO), 'y'),
    s.from === s.to
      ? fnCall('DataCopy', ['y', 'x', `(count + ${ALIGN} - 1) / ${ALIGN} * ${ALIGN}`])
      : fnCall('Cast', ['y', 'x', `AscendC::${A('RoundMode')}::${s.to === 'float' ? 'CAST_NONE' : 'CAST_RINT'}`, 'count']),
    member('outQueue_', 'TQue', 'EnQue', ['y']),
    member('inQueue_', 'TQue', 'FreeTensor', ['x']),
  ];
  const copyOut: ApiCall[] = [
    bound(member('outQueue_', 'TQue', 'DeQue', [], [TO]), LT(TO), 'y'),
    struct('DataCopyExtParams', `AscendC::${A('DataCopyExtParams')}`, 'params', ['1', `static_cast<uint32_t>(count * sizeof(${TO}))`, '0', '0', '0']),
    fnCall('DataCopyPad', ['dst[at]', 'y', 'params']),
    member('outQueue_', 'TQue', 'FreeTensor', ['y']),
  ];

  const acc = s.moves.some((m) => m.accumulate);
  const copyInAcc: ApiCall[] = [
    bound(member('accQueue_', 'TQue', 'AllocTensor', [], [TO]), LT(TO), 'z'),
    struct('DataCopyExtParams', `AscendC::${A('DataCopyExtParams')}`, 'params', ['1', `static_cast<uint32_t>(count * sizeof(${TO}))`, '0', '0', '0']),
    struct('DataCopyPadExtParams', `AscendC::${A('DataCopyPadExtParams')}<${TO}>`, 'pad', ['false', '0', '0', `static_cast<${TO}>(0)`]),
    fnCall('DataCopyPad', ['z', 'dst[at]', 'params', 'pad']),
    member('accQueue_', 'TQue', 'EnQue', ['z']),
  ];
  const accumulate: ApiCall[] = [
    bound(member('inQueue_', 'TQue', 'DeQue', [], [T]), LT(T), 'x'),
    bound(member('accQueue_', 'TQue', 'DeQue', [], [TO]), LT(TO), 'z'),
    bound(member('outQueue_', 'TQue', 'AllocTensor', [], [TO]), LT(TO), 'y'),
    fnCall('Add', ['y', 'z', 'x', 'static_cast<int32_t>(count)']),
    member('outQueue_', 'TQue', 'EnQue', ['y']),
    member('inQueue_', 'TQue', 'FreeTensor', ['x']),
    member('accQueue_', 'TQue', 'FreeTensor', ['z']),
  ];
  const tilingType = `${P}Tiling`;
  const launchParams: LaunchParam[] = argLaunchParams(program);
  launchParams.push({ name: 'stream', cppType: A('aclrtStream'), from: 'stream' });
  const abi: HostAbi = {
    kernel: program.kernel,
    entry: [
      ...ts.map((t): EntryParam => ({ name: t.name, kind: 'gm', cppType: A('GM_ADDR'), dtype: t.dtype })),
      ...ints.map((x): EntryParam => ({ name: x.name, kind: 'scalar', cppType: x.cppType.replace(/\bconst\b\s*/g, '').trim() })),
      { name: 'tiling', kind: 'tiling', cppType: tilingType },
    ],
    tiling: {
      type: tilingType,
      fields: [
        { name: 'runs', type: 'uint64_t', doc: `runs of ${s.runLength} elements in all` },
        { name: 'runsPerCore', type: 'uint64_t', doc: 'runs per core; the last core may have fewer' },
        { name: 'tileLength', type: 'uint32_t', doc: `elements per UB tile, a multiple of ${plan.align} (32 bytes)` },
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
      staging: false,
      second: target.cann === '9.x' ? '0' : 'nullptr',
    },
    constants: [
      { name: ALIGN, value: plan.align, doc: 'elements per 32-byte block' },
      { name: `${C}_MAX_TILE`, value: plan.maxTile, doc: 'largest tile that fits the UB budget' },
    ],
  };
  for (const n of ['TPipe', 'TQue', 'GlobalTensor', 'TPosition', 'GetBlockIdx', 'InitBuffer', '__aicore__', '__gm__', 'aclError', 'ACL_SUCCESS']) A(n);
  calls.M('GlobalTensor', 'SetGlobalBuffer');
  return {
    program,
    plan,
    target,
    className: `Kernel${P}`,
    phases: { copyIn, compute: shift, copyOut },
    buffers: [
      { name: 'inQueue_', kind: 'TQue', position: 'VECIN', tensor: '', dtype: plan.dtype },
      { name: 'outQueue_', kind: 'TQue', position: 'VECOUT', tensor: '', dtype: s.to },
      ...(acc ? [{ name: 'accQueue_', kind: 'TQue' as const, position: 'VECIN' as const, tensor: '', dtype: s.to }] : []),
    ],
    tbufs: [],
    abi,
    apis: [...used].sort(),
    copy: { copyIn, shift, copyOut, ...(acc ? { copyInAcc, accumulate } : {}) },
  };
}
