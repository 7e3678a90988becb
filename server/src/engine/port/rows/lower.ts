/**
 * lower for the `rows` schedule: per pass over a row, the calls of its CopyIn, Compute and
 * (final pass) CopyOut; per unary row step, its one-block vector computation; per row store,
 * its one-value copy; and the host ABI. Names through the API table (`calls.ts`), as for every
 * schedule; `render/rows.ts` only writes this out.
 */
import type { Target } from '../../target';
import { apiCalls, lowerMapInstrs, argLaunchParams } from '../calls';
import { pascal, screaming } from '../emit/names';
import { scalarMember } from '../names';
import type { ApiCall, EntryParam, HostAbi, LaunchParam, Lowered } from '../lower';
import type { Operand } from '../plan';
import { CPP_TYPE, scalars, tensors, ROW_ACC, type RowsSchedule, type TileProgram } from '../program';
import { ROW_API_HOST, type LayerNormUse, type RowsApiUse } from './api';
import type { RowsPlan } from './plan';

export interface RowsPassLowering {
  step: string | null;
  op?: 'sum' | 'max';
  init?: string | null;
  copyIn: ApiCall[];
  compute: ApiCall[];
  copyOut: ApiCall[];
}

export interface RowsLowering {
  passes: RowsPassLowering[];
  /** Per unary step (by its row value's name): the calls that leave fn(arg) in lane 0 of `rowBlk`. */
  unary: Record<string, ApiCall[]>;
  /** Per value read per row from a half or bfloat16 tensor (by its row value's name): the calls that leave it widened to float in `rowFn`. */
  narrowRow: Record<string, ApiCall[]>;
  /** Per row store (by tensor): the calls that write one value. */
  rowStore: Record<string, ApiCall[]>;
  /** Without DataCopyPad: row stores go into 32-byte slots per row (the wrapper copies lane 0 out). */
  rowSlot: number;
  /**
   * The high-level API path (rows/api.ts), for rows that fit UB whole: `calls` are one
   * `ApiRows(row, n, t)` over n rows from `row` with the API's tiling `t` (copy in padded to 32
   * bytes, the API, copy out); `prepare`, what a core does once before (RmsNorm's γ in UB).
   */
  api?: { use: RowsApiUse; calls: ApiCall[]; prepare: ApiCall[] };
}

const UNARY_API = { exp: 'Exp', ln: 'Ln', sqrt: 'Sqrt', rsqrt: 'Rsqrt', abs: 'Abs' } as const;

export function lowerRows(program: TileProgram, plan: RowsPlan, target: Target): Lowered & { rows: RowsLowering } {
  const s = program.schedule as RowsSchedule;
  const calls = apiCalls(program, target);
  const { used, A, M, LT, fnCall, member, bound, struct } = calls;
  const P = pascal(program.kernel);
  const C = screaming(program.kernel);
  const ALIGN = `${C}_ALIGN`;
  const ts = tensors(program);
  const rowStoreTensors = new Set(s.rowStores.map((r) => r.tensor));
  const reads = ts.filter((t) => t.read);
  const writes = ts.filter((t) => t.written && !rowStoreTensors.has(t.name));
  const computeScalars = scalars(program).filter((x) => x.usedInCompute);
  const pad = plan.tail === 'DataCopyPad';
  const cols = new Set(s.colTensors);
  // A tensor read in rows `stride` apart: its row starts at row_ × stride (the stride is a kernel scalar, a member).
  // Without DataCopyPad the host stages it (and every row tensor) in rows one padded stride apart: rowOff, like the others.
  const strided = new Map(pad ? (s.rowStrides ?? []).map((r) => [r.tensor, r.stride]) : []);
  // Over a 3-D grid a strided tensor's row starts at its own offset, computed per row (`<t>RowOff_`, render/rows.ts).
  const colAdds = new Set(s.colAdds ?? []);
  const offsetOf = (t: string) => (cols.has(t) || colAdds.has(t) ? 'col' : strided.has(t) ? (s.grid3 ? `${t}RowOff_ + col` : `row_ * static_cast<uint64_t>(${scalarMember(strided.get(t)!)}) + col`) : 'rowOff + col');
  const copyCount = pad ? 'count' : `(count + ${ALIGN} - 1) / ${ALIGN} * ${ALIGN}`;
  /** A tensor's element type: half and bfloat16 are copied in their type and widened (or rounded) in UB. */
  const T = (n: string) => CPP_TYPE[ts.find((t) => t.name === n)!.dtype];

  const copyInOf = (names: readonly string[]): ApiCall[] => {
    const out: ApiCall[] = [];
    for (const n of names) {
      out.push(bound(member(`${n}InQueue_`, 'TQue', 'AllocTensor', [], [T(n)]), LT(T(n)), `${n}In`));
      if (pad) {
        out.push(struct('DataCopyExtParams', `AscendC::${A('DataCopyExtParams')}`, `${n}Params`, ['1', `static_cast<uint32_t>(count * sizeof(${T(n)}))`, '0', '0', '0']));
        out.push(struct('DataCopyPadExtParams', `AscendC::${A('DataCopyPadExtParams')}<${T(n)}>`, `${n}Pad`, ['false', '0', '0', `static_cast<${T(n)}>(0)`]));
        out.push(fnCall('DataCopyPad', [`${n}In`, `${n}Gm_[${offsetOf(n)}]`, `${n}Params`, `${n}Pad`]));
      } else out.push(fnCall('DataCopy', [`${n}In`, `${n}Gm_[${offsetOf(n)}]`, copyCount]));
      out.push(member(`${n}InQueue_`, 'TQue', 'EnQue', [`${n}In`]));
    }
    return out;
  };

  const passes: RowsPassLowering[] = plan.passes.map((ps) => {
    const name = (o: Operand): string => (o.k === 'in' ? `${o.tensor}In` : o.k === 'out' ? (o.tensor === ROW_ACC ? 'mapped' : `${o.tensor}Out`) : `v${o.v}`);
    const compute: ApiCall[] = [];
    for (const n of ps.reads) compute.push(bound(member(`${n}InQueue_`, 'TQue', 'DeQue', [], [T(n)]), LT(T(n)), `${n}In`));
    const step = ps.step === null ? null : s.steps.find((x) => x.k === 'reduce' && x.name === ps.step)!;
    if (step) {
      if (!ps.direct) compute.push(bound(member('mappedBuf_', 'TBuf', 'Get', [], ['float']), LT('float'), 'mapped'));
    } else for (const p of writes) compute.push(bound(member(`${p.name}OutQueue_`, 'TQue', 'AllocTensor', [], [T(p.name)]), LT(T(p.name)), `${p.name}Out`));
    if (ps.instrs.some((x) => x.i === 'select')) compute.push(bound(member('maskBuf_', 'TBuf', 'Get', [], ['uint8_t']), LT('uint8_t'), 'selMask'));
    lowerMapInstrs(calls, ps.instrs, ps.slotOf, name, compute, (x, dst) => {
      // half / bfloat16 widened to float (CAST_NONE, exact) after the copy-in; float rounded to the
      // tensor's type (CAST_RINT, round to nearest even, as CUDA's conversion) before the copy-out.
      const widen = x.i === 'cast' && x.mode === 'CAST_NONE' && x.dst.t === 'float' && (x.a.t === 'half' || x.a.t === 'bf16');
      const round = x.i === 'cast' && x.mode === 'CAST_RINT' && x.a.t === 'float' && (x.dst.t === 'half' || x.dst.t === 'bf16');
      if (x.i === 'cast' && (widen || round)) {
        compute.push(fnCall('Cast', [dst(x.dst), name(x.a), `AscendC::${A('RoundMode')}::${x.mode}`, 'cnt']));
        return;
      }
      if (x.i === 'select') {
        // Compare reads whole 256-byte repeats: its count is rounded up; chunks are whole repeats (plan.tileQuantum).
        const r = plan.compareRepeat;
        compute.push(fnCall('Compare', ['selMask', name(x.a), name(x.b), `AscendC::${A('CMPMODE')}::${x.cmp}`, `(count + ${r - 1}) / ${r} * ${r}`]));
        compute.push(fnCall('Select', [dst(x.dst), 'selMask', name(x.then), name(x.otherwise), `AscendC::${A('SELMODE')}::VSEL_TENSOR_TENSOR_MODE`, 'count']));
        return;
      }
      throw new Error(`the rows lowering has no ${x.i}`);
    });
    const copyOut: ApiCall[] = [];
    if (step && step.k === 'reduce') {
      compute.push(bound(member('partBuf_', 'TBuf', 'Get', [], ['float']), LT('float'), 'part'));
      compute.push(bound(member('workBuf_', 'TBuf', 'Get', [], ['float']), LT('float'), 'work'));
      compute.push(fnCall(step.op === 'sum' ? 'ReduceSum' : 'ReduceMax', ['part', ps.direct ? `${ps.direct}In` : 'mapped', 'work', 'cnt']));
      for (const n of ps.reads) compute.push(member(`${n}InQueue_`, 'TQue', 'FreeTensor', [`${n}In`]));
      // The scalar unit reads the chunk's value: wait for the vector pipe first.
      compute.push(fnCall('PipeBarrier', [], ['PIPE_ALL']));
      compute.push(bound(member('part', 'LocalTensor', 'GetValue', ['0']), 'float', 'chunk'));
      return { step: step.name, op: step.op, init: step.init, copyIn: copyInOf(ps.reads), compute, copyOut };
    }
    for (const p of writes) compute.push(member(`${p.name}OutQueue_`, 'TQue', 'EnQue', [`${p.name}Out`]));
    for (const n of ps.reads) compute.push(member(`${n}InQueue_`, 'TQue', 'FreeTensor', [`${n}In`]));
    for (const p of writes) {
      copyOut.push(bound(member(`${p.name}OutQueue_`, 'TQue', 'DeQue', [], [T(p.name)]), LT(T(p.name)), `${p.name}Out`));
      if (pad) {
        copyOut.push(struct('DataCopyExtParams', `AscendC::${A('DataCopyExtParams')}`, `${p.name}Params`, ['1', `static_cast<uint32_t>(count * sizeof(${T(p.name)}))`, '0', '0', '0']));
        // (A tensor written in rows `stride` apart, as a product's C with ldc ≠ N, is stored at its own offsets.)
        // A column sum across rows: the chunk is added into GM at its columns (DMA atomic add), as every CUDA row's atomicAdd.
        if (colAdds.has(p.name)) copyOut.push(fnCall('SetAtomicAdd', [], ['float']));
        copyOut.push(fnCall('DataCopyPad', [`${p.name}Gm_[${offsetOf(p.name)}]`, `${p.name}Out`, `${p.name}Params`]));
        if (colAdds.has(p.name)) copyOut.push(fnCall(target.cann === '9.x' ? 'DisableDmaAtomic' : 'SetAtomicNone', []));
      } else copyOut.push(fnCall('DataCopy', [`${p.name}Gm_[rowOff + col]`, `${p.name}Out`, copyCount]));
      copyOut.push(member(`${p.name}OutQueue_`, 'TQue', 'FreeTensor', [`${p.name}Out`]));
    }
    return { step: null, copyIn: copyInOf(ps.reads), compute, copyOut };
  });

  const unary: Record<string, ApiCall[]> = {};
  const scalarNames = new Set(computeScalars.map((x) => x.name));
  for (const st of s.steps) {
    if (st.k !== 'unary') continue;
    unary[st.name] = [
      bound(member('rowBuf_', 'TBuf', 'Get', [], ['float']), LT('float'), 'rowBlk'),
      fnCall('Duplicate', ['rowBlk', calls.S(st.arg, 'float'), `static_cast<int32_t>(${ALIGN})`]),
      fnCall(UNARY_API[st.fn], ['rowBlk', 'rowBlk', `static_cast<int32_t>(${ALIGN})`]),
      fnCall('PipeBarrier', [], ['PIPE_ALL']),
      bound(member('rowBlk', 'LocalTensor', 'GetValue', ['0']), 'float', 'rowFn'),
    ];
  }
  void scalarNames;
  // A half or bfloat16 value per row: copied into UB (padded to 8 elements with zeros), widened with Cast (exact), read on the scalar unit.
  const narrowRow: Record<string, ApiCall[]> = {};
  for (const st of s.steps) {
    if (st.k !== 'gm' || (T(st.tensor) !== 'half' && T(st.tensor) !== 'bfloat16_t')) continue;
    const NT = T(st.tensor);
    narrowRow[st.name] = [
      bound(member('gmRowBuf_', 'TBuf', 'Get', [], [NT]), LT(NT), 'rowIn'),
      struct('DataCopyExtParams', `AscendC::${A('DataCopyExtParams')}`, 'oneRowValue', ['1', `static_cast<uint32_t>(sizeof(${NT}))`, '0', '0', '0']),
      struct('DataCopyPadExtParams', `AscendC::${A('DataCopyPadExtParams')}<${NT}>`, 'rowPad', ['true', '0', `static_cast<uint8_t>(${ALIGN} - 1)`, `static_cast<${NT}>(0)`]),
      fnCall('DataCopyPad', ['rowIn', `${st.tensor}Gm_[row]`, 'oneRowValue', 'rowPad']),
      fnCall('PipeBarrier', [], ['PIPE_ALL']),
      bound(member('rowBuf_', 'TBuf', 'Get', [], ['float']), LT('float'), 'rowBlk'),
      fnCall('Cast', ['rowBlk', 'rowIn', `AscendC::${A('RoundMode')}::CAST_NONE`, `static_cast<int32_t>(${ALIGN})`]),
      fnCall('PipeBarrier', [], ['PIPE_ALL']),
      bound(member('rowBlk', 'LocalTensor', 'GetValue', ['0']), 'float', 'rowFn'),
    ];
  }
  const rowSlot = pad ? 1 : 8;
  const rowStore: Record<string, ApiCall[]> = {};
  for (const r of s.rowStores) {
    const RT = T(r.tensor);
    // A half / bfloat16 row value: the float value on one block (rowBuf_), rounded with CAST_RINT as CUDA converts it.
    const calls2: ApiCall[] =
      RT === 'float'
        ? [
            bound(member('rowOutQueue_', 'TQue', 'AllocTensor', [], ['float']), LT('float'), 'rowVal'),
            fnCall('Duplicate', ['rowVal', calls.S(r.value, 'float'), `static_cast<int32_t>(${ALIGN})`]),
            member('rowOutQueue_', 'TQue', 'EnQue', ['rowVal']),
            bound(member('rowOutQueue_', 'TQue', 'DeQue', [], ['float']), LT('float'), 'rowValOut'),
          ]
        : [
            bound(member('rowBuf_', 'TBuf', 'Get', [], ['float']), LT('float'), 'rowBlk'),
            fnCall('Duplicate', ['rowBlk', calls.S(r.value, 'float'), `static_cast<int32_t>(${ALIGN})`]),
            bound(member('rowOutQueue_', 'TQue', 'AllocTensor', [], [RT]), LT(RT), 'rowVal'),
            fnCall('Cast', ['rowVal', 'rowBlk', `AscendC::${A('RoundMode')}::CAST_RINT`, `static_cast<int32_t>(${ALIGN})`]),
            member('rowOutQueue_', 'TQue', 'EnQue', ['rowVal']),
            bound(member('rowOutQueue_', 'TQue', 'DeQue', [], [RT]), LT(RT), 'rowValOut'),
          ];
    if (pad) {
      calls2.push(struct('DataCopyExtParams', `AscendC::${A('DataCopyExtParams')}`, 'oneValue', ['1', `static_cast<uint32_t>(sizeof(${RT}))`, '0', '0', '0']));
      calls2.push(fnCall('DataCopyPad', [`${r.tensor}Gm_[row]`, 'rowValOut', 'oneValue']));
    } else calls2.push(fnCall('DataCopy', [`${r.tensor}Gm_[row * ${ALIGN}]`, 'rowValOut', ALIGN]));
    calls2.push(member('rowOutQueue_', 'TQue', 'FreeTensor', ['rowValOut']));
    rowStore[r.tensor] = calls2;
  }

  // ---- The high-level API path: n whole rows per call, each padded to apiCols_ columns in UB ----
  let apiPath: RowsLowering['api'];
  const use = plan.api.use;
  if (use) {
    const { input: X, output: Y } = use;
    const host = ROW_API_HOST[use.api];
    for (const n of [host.tiling, host.tmpSize, host.tilingFn, 'Shape']) A(n);
    /** A per-column tensor loaded once per core (padded with zeros) into `local`, or a constant row of `value` when CUDA has none. */
    const perColumn = (tensor: string | null, local: string, buf: string, value: string): ApiCall[] =>
      tensor
        ? [
            bound(member(`${tensor}InQueue_`, 'TQue', 'AllocTensor', [], ['float']), LT('float'), `${tensor}In`),
            struct('DataCopyExtParams', `AscendC::${A('DataCopyExtParams')}`, `${tensor}Params`, ['1', 'static_cast<uint32_t>(cols_ * sizeof(float))', '0', '0', '0']),
            struct('DataCopyPadExtParams', `AscendC::${A('DataCopyPadExtParams')}<float>`, `${tensor}Pad`, ['true', '0', 'static_cast<uint8_t>(apiCols_ - cols_)', '0.0f']),
            fnCall('DataCopyPad', [`${tensor}In`, `${tensor}Gm_[0]`, `${tensor}Params`, `${tensor}Pad`]),
            member(`${tensor}InQueue_`, 'TQue', 'EnQue', [`${tensor}In`]),
            bound(member(`${tensor}InQueue_`, 'TQue', 'DeQue', [], ['float']), LT('float'), local),
          ]
        : [bound(member(buf, 'TBuf', 'Get', [], ['float']), LT('float'), local), fnCall('Duplicate', [local, value, 'static_cast<int32_t>(apiCols_)'])];
    const saved = (x: LayerNormUse['mean'], q: string, local: string): ApiCall[] => [
      bound(member(q, 'TQue', 'DeQue', [], ['float']), LT('float'), `${local}Out`),
      ...(x ? [struct('DataCopyExtParams', `AscendC::${A('DataCopyExtParams')}`, `${local}Params`, ['1', 'static_cast<uint32_t>(n * sizeof(float))', '0', '0', '0']), { ...fnCall('DataCopyPad', [`${x.tensor}Gm_[row]`, `${local}Out`, `${local}Params`]), ...(x.nullable ? { when: `${x.tensor}Given_` } : {}) }] : []),
      member(q, 'TQue', 'FreeTensor', [`${local}Out`]),
    ];
    const compute: ApiCall[] =
      use.api === 'SoftMax'
        ? [
            bound(member('sumBuf_', 'TBuf', 'Get', [], ['float']), LT('float'), 'rowSum'),
            bound(member('maxBuf_', 'TBuf', 'Get', [], ['float']), LT('float'), 'rowMax'),
            struct('SoftMaxShapeInfo', `AscendC::${A('SoftMaxShapeInfo')}`, 'shape', ['n', 'apiCols_', 'n', 'static_cast<uint32_t>(cols_)']),
            fnCall('SoftMax', [`${Y}Out`, 'rowSum', 'rowMax', `${X}Rows`, 'apiTmp', 't', 'shape'], ['float']),
          ]
        : use.api === 'RmsNorm'
          ? [fnCall('RmsNorm', [`${Y}Out`, `${X}Rows`, 'gammaRow', 'apiTmp', calls.S(use.eps, 'float'), 't'], ['float'])]
          : [
              bound(member('apiMeanQueue_', 'TQue', 'AllocTensor', [], ['float']), LT('float'), 'meanRows'),
              bound(member('apiRstdQueue_', 'TQue', 'AllocTensor', [], ['float']), LT('float'), 'rstdRows'),
              struct('LayerNormPara', `AscendC::${A('LayerNormPara')}`, 'para', ['n', 'static_cast<uint32_t>(cols_)', 'apiCols_']),
              fnCall('LayerNorm', [`${Y}Out`, 'meanRows', 'rstdRows', `${X}Rows`, 'gammaRow', 'betaRow', calls.S(use.eps, 'float'), 'apiTmp', 'para', 't'], ['float', 'float']),
            ];
    apiPath = {
      use,
      // RmsNorm's γ, LayerNorm's γ and β: the per-column tensors (padded with zeros) or ones and zeros, once per core.
      prepare: use.api === 'SoftMax' ? [] : [...perColumn(use.gamma, 'gammaRow', 'gammaBuf_', '1.0f'), ...(use.api === 'LayerNorm' ? perColumn(use.beta, 'betaRow', 'betaBuf_', '0.0f') : [])],
      calls: [
        bound(member(`${X}InQueue_`, 'TQue', 'AllocTensor', [], ['float']), LT('float'), `${X}In`),
        struct('DataCopyExtParams', `AscendC::${A('DataCopyExtParams')}`, 'rowsParams', ['static_cast<uint16_t>(n)', 'static_cast<uint32_t>(cols_ * sizeof(float))', '0', '0', '0']),
        // The columns past the row up to 32 bytes: for SoftMax -inf (nothing to a maximum nor to a sum of exponentials), for the norms 0 (nothing to a sum).
        struct('DataCopyPadExtParams', `AscendC::${A('DataCopyPadExtParams')}<float>`, 'rowsPad', ['true', '0', 'static_cast<uint8_t>(apiCols_ - cols_)', use.api === 'SoftMax' ? 'NegInf()' : '0.0f']),
        fnCall('DataCopyPad', [`${X}In`, `${X}Gm_[row * stride_]`, 'rowsParams', 'rowsPad']),
        member(`${X}InQueue_`, 'TQue', 'EnQue', [`${X}In`]),
        bound(member(`${X}InQueue_`, 'TQue', 'DeQue', [], ['float']), LT('float'), `${X}Rows`),
        bound(member(`${Y}OutQueue_`, 'TQue', 'AllocTensor', [], ['float']), LT('float'), `${Y}Out`),
        bound(member('apiTmpBuf_', 'TBuf', 'Get', [], ['uint8_t']), LT('uint8_t'), 'apiTmp'),
        ...compute,
        member(`${X}InQueue_`, 'TQue', 'FreeTensor', [`${X}Rows`]),
        member(`${Y}OutQueue_`, 'TQue', 'EnQue', [`${Y}Out`]),
        ...(use.api === 'LayerNorm' ? [member('apiMeanQueue_', 'TQue', 'EnQue', ['meanRows']), member('apiRstdQueue_', 'TQue', 'EnQue', ['rstdRows'])] : []),
        bound(member(`${Y}OutQueue_`, 'TQue', 'DeQue', [], ['float']), LT('float'), `${Y}Rows`),
        fnCall('DataCopyPad', [`${Y}Gm_[row * stride_]`, `${Y}Rows`, 'rowsParams']),
        member(`${Y}OutQueue_`, 'TQue', 'FreeTensor', [`${Y}Rows`]),
        ...(use.api === 'LayerNorm' ? [...saved(use.mean, 'apiMeanQueue_', 'mean'), ...saved(use.rstd, 'apiRstdQueue_', 'rstd')] : []),
      ],
    };
  }

  // ---- Host ABI ----
  const tilingType = `${P}Tiling`;
  const launchParams: LaunchParam[] = argLaunchParams(program);
  // One block per row without a guard: the CUDA grid is the row count.
  if (s.rows === 'cudaGridX') launchParams.push({ name: 'cudaGridX', cppType: 'uint64_t', from: 'cudaGridX' });
  // One block per row over a 3-D grid: the three grid sizes (their product is the row count).
  if (s.grid3) launchParams.push({ name: 'cudaGridX', cppType: 'uint64_t', from: 'cudaGridX' }, { name: 'cudaGridY', cppType: 'uint64_t', from: 'cudaGridY' }, { name: 'cudaGridZ', cppType: 'uint64_t', from: 'cudaGridZ' });
  // A broadcast without a guard: CUDA covered its launch's grid × block elements.
  const unguarded = s.cudaForm === 'per-element' && s.elementForm === 'unguarded';
  // Either way the last row may be partial: a bound that is not rows × cols does the same.
  const ragged = unguarded || s.total !== undefined;
  if (unguarded) launchParams.push({ name: 'cudaGridX', cppType: 'uint64_t', from: 'cudaGridX' }, { name: 'cudaBlockX', cppType: 'uint64_t', from: 'cudaBlockX' });
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
        { name: 'rows', type: 'uint64_t', doc: 'rows in all' },
        { name: 'cols', type: 'uint64_t', doc: 'elements per row' },
        { name: 'stride', type: 'uint64_t', doc: 'elements from one row to the next in GM (cols, or cols rounded up to 32 bytes in a host staging buffer)' },
        { name: 'rowsPerCore', type: 'uint64_t', doc: 'rows per core; the last core may have fewer' },
        { name: 'tileLength', type: 'uint32_t', doc: `columns per UB chunk, a multiple of ${plan.tileQuantum}` },
        ...(ragged ? [{ name: 'lastCols', type: 'uint64_t' as const, doc: unguarded ? 'elements of the last row (the launch need not cover whole rows)' : 'elements of the last row (the bound need not be whole rows)' }] : []),
        ...(s.grid3 ? [{ name: 'gridX', type: 'uint64_t' as const, doc: 'the CUDA grid\'s x size: row r is at x = r mod gridX' }, { name: 'gridY', type: 'uint64_t' as const, doc: 'the CUDA grid\'s y size: row r is at y = (r / gridX) mod gridY, z = r / (gridX * gridY)' }] : []),
        ...(use
          ? [
              { name: 'apiRows', type: 'uint32_t' as const, doc: `rows per ${use.api} call; 0: the rows do not fit UB whole, and the basic ops walk them in chunks` },
              { name: 'apiCols', type: 'uint32_t' as const, doc: `a row in UB for ${use.api}: cols rounded up to 32 bytes` },
              { name: 'apiTmpBytes', type: 'uint32_t' as const, doc: `${use.api}'s temporary buffer (the minimum of ${ROW_API_HOST[use.api].tmpSize}, rounded up to 32 bytes)` },
              { name: 'apiTilingRows', type: `AscendC::tiling::${A(ROW_API_HOST[use.api].tiling)}` as const, doc: `${use.api} tiling of apiRows × apiCols` },
              { name: 'apiTilingRow', type: `AscendC::tiling::${A(ROW_API_HOST[use.api].tiling)}` as const, doc: `${use.api} tiling of 1 × apiCols (a core's last rows, fewer than apiRows)` },
            ]
          : []),
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
      { name: `${C}_ALIGN`, value: plan.align, doc: 'elements per 32-byte block' },
      { name: `${C}_QUANTUM`, value: plan.tileQuantum, doc: 'chunk lengths are multiples of this (whole 256-byte repeats)' },
      { name: `${C}_MAX_TILE`, value: plan.maxTile, doc: 'longest chunk of a row that fits the UB budget' },
      { name: `${C}_MIN_PER_CORE`, value: plan.minPerCore, doc: 'fewest rows per core' },
      ...(use
        ? [
            { name: `${C}_API_UB`, value: plan.budget.ubUsable, doc: `UB bytes the ${use.api} path may fill (the UB budget)` },
            { name: `${C}_API_MAX_ROWS`, value: 4095, doc: `rows per ${use.api} call at most: DataCopyPad copies at most 4095 blocks` },
          ]
        : []),
    ],
  };
  for (const n of ['TPipe', 'TQue', 'TBuf', 'GlobalTensor', 'TPosition', 'GetBlockIdx', 'InitBuffer', '__aicore__', '__gm__', 'aclError', 'ACL_SUCCESS']) A(n);
  M('GlobalTensor', 'SetGlobalBuffer');
  // A broadcast's values per row and scalars at constant indices are read on the scalar unit.
  if (s.steps.some((x) => x.k === 'gm') || program.gmScalars?.length) M('GlobalTensor', 'GetValue');
  if (!pad) for (const n of ['aclrtMalloc', 'aclrtFree', 'aclrtMemcpy', 'aclrtSynchronizeStream', 'aclrtMemMallocPolicy', 'aclrtMemcpyKind']) A(n);
  const final = passes[passes.length - 1]!;
  return {
    program,
    plan,
    target,
    className: `Kernel${P}`,
    phases: { copyIn: final.copyIn, compute: final.compute, copyOut: final.copyOut },
    buffers: [
      ...reads.map((p) => ({ name: `${p.name}InQueue_`, kind: 'TQue' as const, position: 'VECIN' as const, tensor: p.name, dtype: p.dtype })),
      ...writes.map((p) => ({ name: `${p.name}OutQueue_`, kind: 'TQue' as const, position: 'VECOUT' as const, tensor: p.name, dtype: p.dtype })),
    ],
    tbufs: [
      ...Array.from({ length: plan.temps }, (_, i) => ({ name: `tmpBuf${i}_`, bytes: 'tileLength_ * sizeof(float)' })),
      // The mapped chunk and ReduceSum/ReduceMax's work buffer, for reduce passes (a broadcast has none).
      ...(s.steps.some((x) => x.k === 'reduce')
        ? [
            { name: 'mappedBuf_', bytes: 'tileLength_ * sizeof(float)' },
            { name: 'workBuf_', bytes: 'tileLength_ * sizeof(float)' },
          ]
        : []),
      ...(plan.mask ? [{ name: 'maskBuf_', bytes: '(tileLength_ / 8 + 31) / 32 * 32' }] : []),
      ...(Object.keys(narrowRow).length ? [{ name: 'gmRowBuf_', bytes: '32' }] : []),
      { name: 'partBuf_', bytes: '32' },
      { name: 'rowBuf_', bytes: '32' },
    ],
    abi,
    apis: [...used].sort(),
    rows: { passes, unary, narrowRow, rowStore, rowSlot, ...(apiPath ? { api: apiPath } : {}) },
  };
}
