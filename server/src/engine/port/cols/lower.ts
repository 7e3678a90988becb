/**
 * lower for the column layout of the `rows` schedule: per reduce step, the calls that copy one
 * run of a column chunk in (`DataCopyPad` at `j * stride + r0`), map it, and add (or max) it
 * into the step's accumulator lanes; per output store, the calls around the per-lane epilogue
 * (its value tensor, the previous values when CUDA adds, the copy out); and the host ABI.
 * Names through the API table (`calls.ts`); `render/cols.ts` writes it out.
 */
import type { Target } from '../../target';
import { apiCalls, lowerMapInstrs, argLaunchParams } from '../calls';
import { pascal, screaming } from '../emit/names';
import type { ApiCall, EntryParam, HostAbi, LaunchParam, Lowered } from '../lower';
import type { Operand } from '../plan';
import { CPP_TYPE, ROW_ACC, scalars, tensors, type RowsSchedule, type TileProgram } from '../program';
import type { RowsPlan } from '../rows/plan';

export interface ColsPassLowering {
  /** The reduce step's column value (its accumulator is `acc<k>`). */
  step: string;
  op: 'sum' | 'max';
  /** The accumulator's lanes set to the start value (`count` lanes). */
  start: ApiCall[];
  /** With DataCopyPad: the whole copy-in. Without: per input, its tensor, the copy of the run's whole blocks (`whole` elements), and the tail lane's read (at `w`), then the EnQue. */
  copyIn: ApiCall[];
  staged?: { alloc: ApiCall; whole: ApiCall; tail: ApiCall; enque: ApiCall }[];
  compute: ApiCall[];
}

export interface ColsStoreLowering {
  tensor: string;
  value: string;
  add: boolean;
  /** Before the per-lane loop: the value tensor (`outVal`), and the previous values (`outOld`) when CUDA adds. */
  head: ApiCall[];
  /** After it: the copy out of `count` values at `r0`. */
  tail: ApiCall[];
}

export interface ColsLowering {
  passes: ColsPassLowering[];
  stores: ColsStoreLowering[];
  /** Per reduce step (by name): the call that reads lane k of its accumulator. */
  lane: Record<string, ApiCall>;
}

export function lowerCols(program: TileProgram, plan: RowsPlan, target: Target): Lowered & { cols: ColsLowering } {
  const s = program.schedule as RowsSchedule;
  const calls = apiCalls(program, target);
  const { used, A, M, LT, fnCall, member, bound, struct } = calls;
  const P = pascal(program.kernel);
  const C = screaming(program.kernel);
  const ts = tensors(program);
  const storeSet = new Set(s.rowStores.map((r) => r.tensor));
  const reads = ts.filter((t) => t.read && !storeSet.has(t.name));
  const computeScalars = scalars(program).filter((x) => x.usedInCompute);
  /** A tensor's element type: half and bfloat16 are copied in their type, widened in UB, and rounded back on store. */
  const T = (n: string) => CPP_TYPE[ts.find((t) => t.name === n)!.dtype];

  const pad = plan.tail === 'DataCopyPad';
  const ALIGN = `${C}_ALIGN`;
  // Without DataCopyPad: the run's whole 32-byte blocks by DataCopy (GM needs element alignment only), the rest on the scalar unit.
  const stagedIn = (names: readonly string[]) =>
    names.map((n) => ({
      alloc: bound(member(`${n}InQueue_`, 'TQue', 'AllocTensor', [], ['float']), LT('float'), `${n}In`),
      whole: fnCall('DataCopy', [`${n}In`, `${n}Gm_[off]`, 'whole']),
      tail: member(`${n}In`, 'LocalTensor', 'SetValue', ['w', `${n}Gm_.${M('GlobalTensor', 'GetValue')}(off + w)`]),
      enque: member(`${n}InQueue_`, 'TQue', 'EnQue', [`${n}In`]),
    }));
  const copyInOf = (names: readonly string[]): ApiCall[] => {
    const out: ApiCall[] = [];
    for (const n of names) {
      out.push(bound(member(`${n}InQueue_`, 'TQue', 'AllocTensor', [], [T(n)]), LT(T(n)), `${n}In`));
      out.push(struct('DataCopyExtParams', `AscendC::${A('DataCopyExtParams')}`, `${n}Params`, ['1', `static_cast<uint32_t>(count * sizeof(${T(n)}))`, '0', '0', '0']));
      out.push(struct('DataCopyPadExtParams', `AscendC::${A('DataCopyPadExtParams')}<${T(n)}>`, `${n}Pad`, ['false', '0', '0', `static_cast<${T(n)}>(0)`]));
      out.push(fnCall('DataCopyPad', [`${n}In`, `${n}Gm_[off]`, `${n}Params`, `${n}Pad`]));
      out.push(member(`${n}InQueue_`, 'TQue', 'EnQue', [`${n}In`]));
    }
    return out;
  };

  const reduceSteps = s.steps.filter((x): x is Extract<RowsSchedule['steps'][number], { k: 'reduce' }> => x.k === 'reduce');
  const passes: ColsPassLowering[] = plan.passes
    .filter((ps) => ps.step !== null)
    .map((ps, k) => {
      const step = reduceSteps.find((x) => x.name === ps.step)!;
      const name = (o: Operand): string => (o.k === 'in' ? `${o.tensor}In` : o.k === 'out' ? (o.tensor === ROW_ACC ? 'mapped' : `${o.tensor}Out`) : `v${o.v}`);
      const compute: ApiCall[] = [];
      for (const n of ps.reads) compute.push(bound(member(`${n}InQueue_`, 'TQue', 'DeQue', [], [T(n)]), LT(T(n)), `${n}In`));
      if (!ps.direct) compute.push(bound(member('mappedBuf_', 'TBuf', 'Get', [], ['float']), LT('float'), 'mapped'));
      lowerMapInstrs(calls, ps.instrs, ps.slotOf, name, compute, (x, dst) => {
        // half / bfloat16 widened to float (CAST_NONE, exact) after the copy-in.
        if (x.i === 'cast' && x.mode === 'CAST_NONE' && x.dst.t === 'float' && (x.a.t === 'half' || x.a.t === 'bf16')) {
          compute.push(fnCall('Cast', [dst(x.dst), name(x.a), `AscendC::${A('RoundMode')}::CAST_NONE`, 'cnt']));
          return;
        }
        throw new Error(`the column lowering has no ${x.i}`);
      });
      compute.push(bound(member(`acc${k}Buf_`, 'TBuf', 'Get', [], ['float']), LT('float'), `acc${k}`));
      compute.push(fnCall(step.op === 'sum' ? 'Add' : 'Max', [`acc${k}`, `acc${k}`, ps.direct ? `${ps.direct}In` : 'mapped', 'cnt']));
      for (const n of ps.reads) compute.push(member(`${n}InQueue_`, 'TQue', 'FreeTensor', [`${n}In`]));
      const start: ApiCall[] = [
        bound(member(`acc${k}Buf_`, 'TBuf', 'Get', [], ['float']), LT('float'), `acc${k}`),
        fnCall('Duplicate', [`acc${k}`, step.init !== null ? calls.S(step.init, 'float') : step.op === 'max' ? 'NegInf()' : '0.0f', 'cnt']),
      ];
      return { step: step.name, op: step.op, start, copyIn: pad ? copyInOf(ps.reads) : [], ...(pad ? {} : { staged: stagedIn(ps.reads) }), compute };
    });

  const lane: Record<string, ApiCall> = {};
  passes.forEach((ps, k) => {
    lane[ps.step] = bound(member(`acc${k}Buf_`, 'TBuf', 'Get', [], ['float']), LT('float'), `lanes${k}`);
  });
  M('LocalTensor', 'GetValue');
  M('LocalTensor', 'SetValue');

  const stores: ColsStoreLowering[] = s.rowStores.map((r) => {
    const RT = T(r.tensor);
    const narrow = RT !== 'float';
    // The epilogue writes float values: into the output queue's tensor (float), or into a float buffer that Cast
    // rounds into the output queue's tensor (half / bfloat16, CAST_RINT as CUDA's conversion).
    const head: ApiCall[] = [narrow ? bound(member(`${r.tensor}ValBuf_`, 'TBuf', 'Get', [], ['float']), LT('float'), `${r.tensor}Val`) : bound(member(`${r.tensor}OutQueue_`, 'TQue', 'AllocTensor', [], ['float']), LT('float'), `${r.tensor}Val`)];
    const params = struct('DataCopyExtParams', `AscendC::${A('DataCopyExtParams')}`, `${r.tensor}Params`, ['1', `static_cast<uint32_t>(count * sizeof(${RT}))`, '0', '0', '0']);
    if (r.add && !pad) {
      // CUDA adds into the output: its current values first, from the wrapper's padded buffer (whole blocks: r0 is one).
      head.push(
        bound(member(`${r.tensor}OldQueue_`, 'TQue', 'AllocTensor', [], [RT]), LT(RT), `${r.tensor}Old`),
        fnCall('DataCopy', [`${r.tensor}Old`, `${r.tensor}Gm_[r0]`, `(count + ${ALIGN} - 1) / ${ALIGN} * ${ALIGN}`]),
        member(`${r.tensor}OldQueue_`, 'TQue', 'EnQue', [`${r.tensor}Old`]),
        bound(member(`${r.tensor}OldQueue_`, 'TQue', 'DeQue', [], [RT]), LT(RT), `${r.tensor}Prev`),
      );
    } else if (r.add) {
      // CUDA adds into the output: its current values first (widened to float when narrow).
      head.push(
        bound(member(`${r.tensor}OldQueue_`, 'TQue', 'AllocTensor', [], [RT]), LT(RT), `${r.tensor}Old`),
        params,
        struct('DataCopyPadExtParams', `AscendC::${A('DataCopyPadExtParams')}<${RT}>`, `${r.tensor}Pad`, ['false', '0', '0', `static_cast<${RT}>(0)`]),
        fnCall('DataCopyPad', [`${r.tensor}Old`, `${r.tensor}Gm_[r0]`, `${r.tensor}Params`, `${r.tensor}Pad`]),
        member(`${r.tensor}OldQueue_`, 'TQue', 'EnQue', [`${r.tensor}Old`]),
        bound(member(`${r.tensor}OldQueue_`, 'TQue', 'DeQue', [], [RT]), LT(RT), narrow ? `${r.tensor}PrevN` : `${r.tensor}Prev`),
      );
      if (narrow) {
        head.push(
          bound(member(`${r.tensor}PrevBuf_`, 'TBuf', 'Get', [], ['float']), LT('float'), `${r.tensor}Prev`),
          fnCall('Cast', [`${r.tensor}Prev`, `${r.tensor}PrevN`, `AscendC::${A('RoundMode')}::CAST_NONE`, 'static_cast<int32_t>(count)']),
        );
      }
    }
    const tail: ApiCall[] = [
      ...(narrow
        ? [
            bound(member(`${r.tensor}OutQueue_`, 'TQue', 'AllocTensor', [], [RT]), LT(RT), `${r.tensor}Round`),
            fnCall('Cast', [`${r.tensor}Round`, `${r.tensor}Val`, `AscendC::${A('RoundMode')}::CAST_RINT`, 'static_cast<int32_t>(count)']),
            member(`${r.tensor}OutQueue_`, 'TQue', 'EnQue', [`${r.tensor}Round`]),
          ]
        : [member(`${r.tensor}OutQueue_`, 'TQue', 'EnQue', [`${r.tensor}Val`])]),
      bound(member(`${r.tensor}OutQueue_`, 'TQue', 'DeQue', [], [RT]), LT(RT), `${r.tensor}Out`),
      ...(pad ? [...(r.add ? [] : [params]), fnCall('DataCopyPad', [`${r.tensor}Gm_[r0]`, `${r.tensor}Out`, `${r.tensor}Params`])] : [fnCall('DataCopy', [`${r.tensor}Gm_[r0]`, `${r.tensor}Out`, `(count + ${ALIGN} - 1) / ${ALIGN} * ${ALIGN}`])]),
      member(`${r.tensor}OutQueue_`, 'TQue', 'FreeTensor', [`${r.tensor}Out`]),
      ...(r.add ? [member(`${r.tensor}OldQueue_`, 'TQue', 'FreeTensor', [narrow ? `${r.tensor}PrevN` : `${r.tensor}Prev`])] : []),
    ];
    return { tensor: r.tensor, value: r.value, add: !!r.add, head, tail };
  });

  // ---- Host ABI ----
  const tilingType = `${P}Tiling`;
  const launchParams: LaunchParam[] = argLaunchParams(program);
  // One block per column without a guard: the CUDA grid is the column count.
  if (s.rows === 'cudaGridX') launchParams.push({ name: 'cudaGridX', cppType: 'uint64_t', from: 'cudaGridX' });
  launchParams.push({ name: 'stream', cppType: A('aclrtStream'), from: 'stream' });
  const abi: HostAbi = {
    kernel: program.kernel,
    entry: [
      ...ts.map((t): EntryParam => ({ name: t.name, kind: 'gm', cppType: A('GM_ADDR'), dtype: t.dtype })),
      ...computeScalars.map((x): EntryParam => ({ name: x.name, kind: 'scalar', cppType: x.cppType })),
      { name: 'tiling', kind: 'tiling', cppType: tilingType },
    ],
    tiling: {
      type: tilingType,
      fields: [
        { name: 'rows', type: 'uint64_t', doc: 'outputs in all (columns of the row-major tensor)' },
        { name: 'cols', type: 'uint64_t', doc: 'elements each output reduces over (rows of the row-major tensor)' },
        { name: 'stride', type: 'uint64_t', doc: 'elements from one element of a column to the next in GM' },
        { name: 'rowsPerCore', type: 'uint64_t', doc: 'outputs per core; the last core may have fewer' },
        { name: 'tileLength', type: 'uint32_t', doc: `outputs per UB chunk, a multiple of ${plan.tileQuantum}` },
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
      staging: !pad,
      second: target.cann === '9.x' ? '0' : 'nullptr',
    },
    constants: [
      { name: `${C}_ALIGN`, value: 8, doc: 'floats per 32-byte block' },
      { name: `${C}_QUANTUM`, value: plan.tileQuantum, doc: 'chunk lengths are multiples of this (whole 256-byte repeats)' },
      { name: `${C}_MAX_TILE`, value: plan.maxTile, doc: 'most outputs of a chunk that fit the UB budget' },
    ],
  };
  for (const n of ['TPipe', 'TQue', 'TBuf', 'GlobalTensor', 'TPosition', 'GetBlockIdx', 'InitBuffer', 'PipeBarrier', '__aicore__', '__gm__', 'aclError', 'ACL_SUCCESS']) A(n);
  M('GlobalTensor', 'SetGlobalBuffer');
  if (!pad) for (const n of ['aclrtMalloc', 'aclrtFree', 'aclrtMemcpy', 'aclrtSynchronizeStream', 'aclrtMemMallocPolicy', 'aclrtMemcpyKind']) A(n);
  return {
    program,
    plan,
    target,
    className: `Kernel${P}`,
    phases: { copyIn: passes[0]?.copyIn ?? [], compute: passes[0]?.compute ?? [], copyOut: [] },
    buffers: [
      ...reads.map((p) => ({ name: `${p.name}InQueue_`, kind: 'TQue' as const, position: 'VECIN' as const, tensor: p.name, dtype: p.dtype })),
      ...s.rowStores.map((r) => ({ name: `${r.tensor}OutQueue_`, kind: 'TQue' as const, position: 'VECOUT' as const, tensor: r.tensor, dtype: ts.find((t) => t.name === r.tensor)!.dtype })),
      ...s.rowStores.filter((r) => r.add).map((r) => ({ name: `${r.tensor}OldQueue_`, kind: 'TQue' as const, position: 'VECIN' as const, tensor: r.tensor, dtype: ts.find((t) => t.name === r.tensor)!.dtype })),
    ],
    tbufs: [
      ...Array.from({ length: plan.temps }, (_, i) => ({ name: `tmpBuf${i}_`, bytes: 'tileLength_ * sizeof(float)' })),
      { name: 'mappedBuf_', bytes: 'tileLength_ * sizeof(float)' },
      ...passes.map((_, k) => ({ name: `acc${k}Buf_`, bytes: 'tileLength_ * sizeof(float)' })),
      ...s.rowStores.filter((r) => T(r.tensor) !== 'float').map((r) => ({ name: `${r.tensor}ValBuf_`, bytes: 'tileLength_ * sizeof(float)' })),
      ...s.rowStores.filter((r) => r.add && T(r.tensor) !== 'float').map((r) => ({ name: `${r.tensor}PrevBuf_`, bytes: 'tileLength_ * sizeof(float)' })),
    ],
    abi,
    apis: [...used].sort(),
    cols: { passes, stores, lane },
  };
}
