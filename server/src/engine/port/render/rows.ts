/**
 * Writes a lowered `rows` program as Ascend C text: the tiling (rows over cores, columns in
 * chunks), the vector class (per row: one pass per reduce step, the scalar and unary row
 * steps, the final map pass, the row stores), the entry, and the host launch wrapper (which,
 * without DataCopyPad, stages rows whose length is not a whole number of 32-byte blocks in
 * padded buffers, and one-value row stores in 32-byte slots). Text only: plan and lower decided.
 */
import { scalarMember } from '../names';
import { GRID_ROWS } from '../ir';
import { commentSafe, portEndMarker } from '../emit/names';
import type { ApiCall, Lowered } from '../lower';
import { CPP_TYPE, renderValue, scalars, stores, tensors, type RowsSchedule } from '../program';
import type { RowsPlan } from '../rows/plan';
import type { RowsLowering } from '../rows/lower';
import { ROW_API_HOST } from '../rows/api';
import { launchSignature, renderCall } from './kernel';

export function renderRows(l: Lowered, origin: string): string {
  const { program: p, target, abi } = l;
  const plan = l.plan as RowsPlan;
  const r = l.rows as RowsLowering;
  const s = p.schedule as RowsSchedule;
  const budget = plan.budget;
  const ts = tensors(p);
  const computeScalars = scalars(p).filter((x) => x.usedInCompute);
  const scalarNames = new Set(computeScalars.map((x) => x.name));
  // `gridDim.x` of one block per row (GRID_ROWS) is the row count the tiling holds.
  const toMember = (text: string) => text.replace(/\b[A-Za-z_]\w*\b/g, (m) => (scalarNames.has(m) ? scalarMember(m) : m === GRID_ROWS ? 'static_cast<float>(rowsTotal_)' : m));
  // The recogniser gives `gridDim.x` a row value of its own, so only a scalar step names it.
  const gridRows = s.steps.some((x) => x.k === 'scalar' && x.text.includes(GRID_ROWS));
  const [ALIGN, QUANTUM, MAX_TILE] = abi.constants.map((c) => c.name) as [string, string, string];
  const T = abi.tiling.type;
  const pad = !abi.launch.staging;
  const ind = (n: number, calls: ApiCall[]) => calls.map((c) => `${' '.repeat(n)}${renderCall(c)}`);
  const colSet = new Set([...s.colTensors, ...(s.colAdds ?? [])]);
  const rowStoreSet = new Set(s.rowStores.map((x) => x.tensor));
  const rowValues = [...new Set(s.steps.map((x) => x.name))];
  const reducePasses = r.passes.filter((x) => x.step !== null);
  const final = r.passes[r.passes.length - 1]!;
  // Tensors read only on the scalar unit (a broadcast's value per row, a scalar at a constant index): never staged or streamed.
  const scalarOnly = new Set(ts.filter((t) => t.scalarOnly !== undefined).map((t) => t.name));
  const rowTensors = ts.filter((t) => !colSet.has(t.name) && !rowStoreSet.has(t.name) && !scalarOnly.has(t.name));
  const gmScalars = p.gmScalars ?? [];
  const broadcast = s.cudaForm === 'per-element';
  // A broadcast without a guard: grid × block elements, the last row possibly partial (tiling.lastCols).
  const unguarded = broadcast && s.elementForm === 'unguarded';
  // The last row may be partial: without a guard, or with a bound that is not rows × cols (s.total).
  const ragged = unguarded || s.total !== undefined;
  // Tensors read in rows `stride` apart: their GM extent and each row's offset follow their own stride (a scalar member).
  // Without DataCopyPad the host stages them like every row tensor: the kernel reads rows one padded stride apart.
  const strided = new Map(pad ? (s.rowStrides ?? []).map((x) => [x.tensor, scalarMember(x.stride)]) : []);
  /** The CUDA row stride (elements, over the launch's scalar arguments) of each tensor read in rows `stride` apart. */
  const hostStrides = new Map((s.rowStrides ?? []).map((x) => [x.tensor, x.stride]));
  // Over a 3-D grid: row r's offset along each strided tensor's three strides, in the kernel (members) and on the host (arguments).
  const grid3 = s.grid3 ? new Map((s.rowStrides ?? []).map((x) => [x.tensor, [x.stride, x.y ?? '0', x.z ?? '0'] as const])) : new Map<string, readonly [string, string, string]>();
  /** Row r's block along x, y and z, as C++ over the grid sizes `gx`, `gy`. */
  const blockOf = (r: string, gx: string, gy: string) => [`(${r} % ${gx})`, `((${r} / ${gx}) % ${gy})`, `(${r} / (${gx} * ${gy}))`] as const;
  /** The offset of tensor `t` at the block (x, y, z): its three strides (named through `name`), the zero ones left out. */
  const gridOffset = (t: string, at: readonly [string, string, string], name: (v: string) => string) =>
    grid3
      .get(t)!
      .flatMap((v, k) => (v === '0' ? [] : [`${at[k]} * static_cast<uint64_t>(${name(v)})`]))
      .join(' + ') || '0';
  // The high-level API (SoftMax, RmsNorm, LayerNorm) for rows that fit UB whole (rows/api.ts chose it; the host decides per launch).
  const sm = r.api;
  const API = sm?.use.api ?? '';
  const gammaTensor = sm?.use.api === 'RmsNorm' || sm?.use.api === 'LayerNorm' ? sm.use.gamma : null;
  const betaTensor = sm?.use.api === 'LayerNorm' ? sm.use.beta : null;
  const norm = API === 'RmsNorm' || API === 'LayerNorm';
  const host = sm ? ROW_API_HOST[sm.use.api] : null;
  const TILING_STRUCT = host?.tiling ?? '';
  const TILING_FN = host?.tilingFn ?? '';
  const TMP_SIZE = host?.tmpSize ?? '';
  const P = abi.tiling.make.replace(/MakeTiling$/, '');
  const constant = (suffix: string) => abi.constants.find((c) => c.name.endsWith(suffix))?.name ?? '';
  const [API_UB, API_MAX_ROWS] = [constant('_API_UB'), constant('_API_MAX_ROWS')];
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);
  const rowLoads = new Set(rowTensors.map((t) => t.name));
  const at = (e: string) => e.replace(/\b([A-Za-z_]\w*)\[j\]/g, (m, n: string) => (rowLoads.has(n) ? `${n}[row, j]` : m));
  const stepText = s.steps.map((x) =>
    x.k === 'reduce'
      ? `//   ${x.name} = ${x.init ? `${commentSafe(x.init)} ${x.op === 'sum' ? '+' : 'max'} ` : ''}${x.op} over j < ${s.cols} of ${commentSafe(at(renderValue({ ...p, body: x.body }, (x.body.find((o) => o.op === 'store') as { value: number }).value, 'j')))}`
      : x.k === 'scalar'
        ? `//   ${x.name} = ${commentSafe(x.text.split(GRID_ROWS).join('gridDim.x'))}`
        : x.k === 'gm'
          ? `//   ${x.name} = ${x.tensor}[row]`
          : `//   ${x.name} = ${x.fn}(${commentSafe(x.arg)})`,
  );

  push(
    `// Ascend C port of \`${p.kernel}\` (${commentSafe(origin)}), generated by ascend-port for ${target.soc}, CANN ${target.cann}.`,
    broadcast
      ? `// Complete port of a broadcast (rows schedule, no reduction) over ${s.rows} × ${s.cols} elements (rows × columns). CUDA computed it with ${commentSafe(s.cudaTechnique)}.`
      : `// Complete port of a row-wise kernel (rows schedule) over ${s.rows} × ${s.cols} elements (rows × columns). CUDA computed it with ${commentSafe(s.cudaTechnique)}.`,
    ...gmScalars.map((g) => `//   ${g.name} = ${g.tensor}[${g.index}], once per core`),
    '// Per row, in order:',
    ...stepText,
    ...stores(p).map((x) => (s.colAdds?.includes(x.tensor) ? `//   ${x.tensor}[j] += ${commentSafe(at(renderValue(p, x.value, 'j')))}  (a column sum across rows: every chunk added into GM with DMA atomics)` : `//   ${x.tensor}[row, j] = ${commentSafe(at(renderValue(p, x.value, 'j')))}`)),
    ...s.rowStores.map((x) => `//   ${x.tensor}[row] = ${commentSafe(x.value)}`),
    ...(!reducePasses.length
      ? [`// Lowering: basic vector ops per chunk of a row, each per-column tensor read at the same columns for every row${s.steps.some((x) => x.k === 'gm') ? '; a value per row is read from GM on the scalar unit (GlobalTensor::GetValue)' : ''}.`]
      : [
          ...(sm
            ? [
                `// Lowering: the high-level ${API} API (AscendC::${API}, its tiling from ${TILING_FN} on the host), several whole rows per call: ${commentSafe(plan.api.why)}.`,
                `// ${API} needs a whole row in UB: ${abi.launch.fn} takes that path when a row fits beside ${API}'s temporary buffer (tiling.apiRows > 0), and otherwise the basic vector ops below, which walk a row of any length in chunks.`,
                `// Basic vector ops: ${reducePasses.map((x) => (x.op === 'sum' ? 'ReduceSum' : 'ReduceMax')).filter((v, i, a) => a.indexOf(v) === i).join(', ')} per chunk, the row value kept on the scalar unit and read back with GetValue after PipeBarrier<PIPE_ALL>.`,
              ]
            : [
                `// Lowering: basic vector ops (${reducePasses.map((x) => (x.op === 'sum' ? 'ReduceSum' : 'ReduceMax')).filter((v, i, a) => a.indexOf(v) === i).join(', ')} per chunk, the row value kept on the scalar unit and read back with GetValue after PipeBarrier<PIPE_ALL>).`,
                `// The high-level APIs (SoftMax, LogSoftMax, LayerNorm, RmsNorm) are not used: ${commentSafe(plan.api.why)}.`,
              ]),
        ]),
    `// Each core takes a contiguous range of rows; ${sm ? 'on the basic-op path ' : ''}each row is walked in chunks of at most ${plan.maxTile} columns, once per pass (${reducePasses.length + 1} pass${reducePasses.length ? 'es' : ''}), so a row of any length fits.`,
    ...p.notes.map((n) => `// Note: ${commentSafe(n)}.`),
    ...(s.rows === 'cudaGridX' ? [`// Note: CUDA launched one block per row without a guard, so the row count is the CUDA grid size: ${abi.launch.fn} takes it as cudaGridX.`] : []),
    ...(s.grid3
      ? [
          `// Note: CUDA launched one block per row over a 3-D grid: ${abi.launch.fn} takes its sizes (cudaGridX, cudaGridY, cudaGridZ), and row r is the block at x = r mod cudaGridX, y = (r / cudaGridX) mod cudaGridY, z = r / (cudaGridX * cudaGridY).`,
          ...[...grid3].map(([t, [sx, sy, sz]]) => `// Note: \`${t}\` is read in rows at its own strides: row r starts at x * ${commentSafe(sx)} + y * ${commentSafe(sy)} + z * ${commentSafe(sz)} elements${pad ? '' : ` (${abi.launch.fn} stages each row from there)`}.`),
        ]
      : []),
    ...(!reducePasses.length ? [] : ['// Note: sums over a row are added in chunks and repeats, not in the CUDA loop\'s order; they agree within rounding.']),
    `// Tiling: single-buffered queues, ${plan.temps} temporar${plan.temps === 1 ? 'y' : 'ies'}, ${plan.ubBytesPerElement} UB bytes per column of a chunk; the ${budget.ubUsable}-byte UB budget (${budget.ubBytes} B minus reserves).`,
    pad
      ? '// Ragged rows are copied with DataCopyPad (byte-exact lengths); a row value is written with a 4-byte DataCopyPad.'
      : hostStrides.size
        ? `// ${target.soc} has no DataCopyPad: ${abi.launch.fn} stages every row tensor in buffers with rows padded to 32 bytes (${[...hostStrides].map(([t, st]) => `\`${t}\`'s rows are copied from their own offsets, \`${commentSafe(st)}\` elements apart`).join('; ')}), and one-value row stores go through 32-byte slots.`
        : `// ${target.soc} has no DataCopyPad: rows whose length is not a whole number of 32-byte blocks are staged by ${abi.launch.fn} in buffers with padded rows, and one-value row stores go through 32-byte slots.`,
    '#include "kernel_operator.h"',
    '#include "acl/acl.h"',
    ...(sm ? ['#include "kernel_tiling/kernel_tiling.h"', '#include "tiling/tiling_api.h"', '#include <vector>'] : []),
    '',
    '// ---- Tiling: computed on the host, passed to the kernel by value (a POD struct) ----',
    `struct ${T} {`,
    ...abi.tiling.fields.map((f) => `  ${f.type} ${f.name};  // ${f.doc}`),
    '};',
    '',
    ...abi.constants.map((c) => `constexpr uint32_t ${c.name} = ${c.value};  // ${c.doc}`),
    '',
    `inline ${T} ${abi.tiling.make}(uint64_t rows, uint64_t cols, uint64_t stride, uint32_t coreNum) {`,
    `  ${T} t{};`,
    '  t.rows = rows;',
    '  t.cols = cols;',
    '  t.stride = stride;',
    '  if (coreNum == 0) coreNum = 1;',
    '  t.rowsPerCore = (rows + coreNum - 1) / coreNum;',
    '  if (t.rowsPerCore == 0) t.rowsPerCore = 1;',
    `  uint64_t tile = cols < ${MAX_TILE} ? cols : ${MAX_TILE};`,
    `  t.tileLength = static_cast<uint32_t>((tile + ${QUANTUM} - 1) / ${QUANTUM} * ${QUANTUM});`,
    `  if (t.tileLength == 0) t.tileLength = ${QUANTUM};`,
    '  return t;',
    '}',
    '',
    ...(sm
      ? [
          `// The ${API} path: as many whole rows per call as fit the UB budget beside ${API}'s temporary buffer (apiRows), and`,
          `// the ${API} tilings of apiRows rows and of one row (the rows a core has left at its end). apiRows stays 0 when`,
          '// not even one row fits: the kernel then takes the basic-op path.',
          `inline void ${P}ApiTiling(${T}& t) {`,
          '  t.apiRows = 0;',
          '  if (t.cols == 0 || t.cols > 0xFFFFFFFFull / sizeof(float)) return;',
          `  const uint64_t cols = (t.cols + ${ALIGN} - 1) / ${ALIGN} * ${ALIGN};`,
          ...(API === 'LayerNorm'
            ? [
                '  // LayerNorm\'s [A, R] form: `rows` rows of R = t.cols (the tiling pads R to 32 bytes itself).',
                '  auto shape = [](uint64_t rows, uint64_t r) { return ge::Shape(std::vector<int64_t>{static_cast<int64_t>(rows), static_cast<int64_t>(r)}); };',
                '  auto tmpOf = [&](uint64_t rows) -> uint64_t {',
                '    uint32_t most = 0;',
                '    uint32_t least = 0;',
                `    AscendC::${TMP_SIZE}(shape(rows, t.cols), sizeof(float), false, true, false, most, least);`,
                '    return (least + 31ull) / 32 * 32;',
                '  };',
                '  // Per row: its input and output in UB, and its mean and rstd; once: γ and β, one row each, and the mean and rstd rounded to 32 bytes.',
                '  const uint64_t perRow = 2 * cols * sizeof(float) + 2 * sizeof(float);',
                '  const uint64_t fixed = 2 * cols * sizeof(float) + 2 * 32;',
              ]
            : API === 'SoftMax'
            ? [
                '  auto shape = [](uint64_t rows, uint64_t h) { return ge::Shape(std::vector<int64_t>{static_cast<int64_t>(rows), static_cast<int64_t>(h)}); };',
                `  auto tmpOf = [&](uint64_t rows) -> uint64_t { return (AscendC::${TMP_SIZE}(shape(rows, cols), sizeof(float), false) + 31ull) / 32 * 32; };`,
                '  // Per row: its input and output in UB, and a 32-byte block each of its maximum and its sum.',
                '  const uint64_t perRow = 2 * cols * sizeof(float) + 2 * 32;',
                '  const uint64_t fixed = 0;',
              ]
            : [
                '  // RmsNorm takes [B, S, H]: one batch of `rows` rows of H = cols (the original H: t.cols).',
                '  auto shape = [](uint64_t rows, uint64_t h) { return ge::Shape(std::vector<int64_t>{1, static_cast<int64_t>(rows), static_cast<int64_t>(h)}); };',
                '  auto tmpOf = [&](uint64_t rows) -> uint64_t {',
                '    uint32_t most = 0;',
                '    uint32_t least = 0;',
                `    if (!AscendC::${TMP_SIZE}(shape(rows, cols), sizeof(float), most, least)) return 0xFFFFFFFFull;`,
                '    return (least + 31ull) / 32 * 32;',
                '  };',
                '  // Per row: its input and output in UB; once: γ, one row.',
                '  const uint64_t perRow = 2 * cols * sizeof(float);',
                '  const uint64_t fixed = cols * sizeof(float);',
              ]),
          `  if (tmpOf(1) + perRow + fixed > ${API_UB}) return;`,
          `  uint64_t rows = (${API_UB} - fixed - tmpOf(1)) / perRow;`,
          '  if (rows > t.rowsPerCore) rows = t.rowsPerCore;',
          `  if (rows > ${API_MAX_ROWS}) rows = ${API_MAX_ROWS};`,
          `  while (rows > 1 && rows * perRow + fixed + tmpOf(rows) > ${API_UB}) rows -= 1 + rows / 16;`,
          '  if (rows < 1) rows = 1;',
          '  const uint64_t tmp = tmpOf(rows) > tmpOf(1) ? tmpOf(rows) : tmpOf(1);',
          `  if (rows * perRow + fixed + tmp > ${API_UB}) return;`,
          `  optiling::${TILING_STRUCT} many;`,
          `  optiling::${TILING_STRUCT} one;`,
          ...(API === 'SoftMax'
            ? [
                `  AscendC::${TILING_FN}(shape(rows, cols), sizeof(float), static_cast<uint32_t>(tmp), many);`,
                `  AscendC::${TILING_FN}(shape(1, cols), sizeof(float), static_cast<uint32_t>(tmp), one);`,
              ]
            : API === 'LayerNorm'
            ? [
                `  AscendC::${TILING_FN}(shape(rows, t.cols), static_cast<uint32_t>(tmp), sizeof(float), false, true, many);`,
                `  AscendC::${TILING_FN}(shape(1, t.cols), static_cast<uint32_t>(tmp), sizeof(float), false, true, one);`,
              ]
            : [
                `  if (!AscendC::${TILING_FN}(shape(rows, cols), shape(rows, t.cols), static_cast<uint32_t>(tmp), sizeof(float), many)) return;`,
                `  if (!AscendC::${TILING_FN}(shape(1, cols), shape(1, t.cols), static_cast<uint32_t>(tmp), sizeof(float), one)) return;`,
              ]),
          '  many.SaveToBuffer(&t.apiTilingRows, sizeof(t.apiTilingRows));',
          '  one.SaveToBuffer(&t.apiTilingRow, sizeof(t.apiTilingRow));',
          '  t.apiRows = static_cast<uint32_t>(rows);',
          '  t.apiCols = static_cast<uint32_t>(cols);',
          '  t.apiTmpBytes = static_cast<uint32_t>(tmp);',
          '}',
          '',
        ]
      : []),
    '// Cores in use: one range of rowsPerCore rows each; the last may be shorter.',
    `inline uint32_t ${abi.tiling.numBlocks}(const ${T}& t) {`,
    '  uint64_t n = (t.rows + t.rowsPerCore - 1) / t.rowsPerCore;',
    '  return n == 0 ? 1 : static_cast<uint32_t>(n);',
    '}',
    '',
    '// ---- Device side ----',
    `class ${l.className} {`,
    'public:',
    `  __aicore__ inline ${l.className}() {}`,
    `  __aicore__ inline void Init(${[...ts.map((t) => `GM_ADDR ${t.name}`), ...computeScalars.map((x) => `${x.cppType} ${x.name}`), `const ${T}& tiling`].join(', ')}) {`,
    '    cols_ = tiling.cols;',
    ...(ragged ? ['    rows_ = tiling.rows;', '    lastCols_ = tiling.lastCols;'] : []),
    ...(gridRows ? ['    rowsTotal_ = tiling.rows;  // CUDA\'s gridDim.x: one block per row'] : []),
    ...(grid3.size && pad ? ['    gridX_ = tiling.gridX;', '    gridY_ = tiling.gridY;'] : []),
    '    stride_ = tiling.stride;',
    '    tileLength_ = tiling.tileLength;',
    '    rowStart_ = tiling.rowsPerCore * static_cast<uint64_t>(AscendC::GetBlockIdx());',
    '    rowEnd_ = rowStart_ + tiling.rowsPerCore < tiling.rows ? rowStart_ + tiling.rowsPerCore : tiling.rows;',
    ...computeScalars.map((x) => `    ${scalarMember(x.name)} = ${x.name};`),
    // CUDA stores these only through a pointer that is not null: neither does the port.
    ...s.rowStores.filter((x) => x.nullable).map((x) => `    ${x.tensor}Given_ = ${x.tensor} != nullptr;`),
    ...ts.map((t) =>
      typeof t.scalarOnly === 'number'
        ? `    ${t.name}Gm_.SetGlobalBuffer((__gm__ ${CPP_TYPE[t.dtype]}*)${t.name}, ${t.scalarOnly});`
        : t.scalarOnly === 'row'
          ? `    ${t.name}Gm_.SetGlobalBuffer((__gm__ ${CPP_TYPE[t.dtype]}*)${t.name}, tiling.rows);`
          : colSet.has(t.name)
        ? `    ${t.name}Gm_.SetGlobalBuffer((__gm__ ${CPP_TYPE[t.dtype]}*)${t.name}, tiling.stride);`
        : rowStoreSet.has(t.name)
          ? `    ${t.name}Gm_.SetGlobalBuffer((__gm__ ${CPP_TYPE[t.dtype]}*)${t.name}, tiling.rows${pad ? '' : ` * ${ALIGN}`});`
          : strided.has(t.name) && grid3.has(t.name)
          ? `    ${t.name}Gm_.SetGlobalBuffer((__gm__ ${CPP_TYPE[t.dtype]}*)${t.name}, ${gridOffset(t.name, ['(tiling.gridX - 1)', '(tiling.gridY - 1)', '((tiling.rows - 1) / (tiling.gridX * tiling.gridY))'], scalarMember)} + tiling.cols);  // the farthest row: the last block along x, y and z`
          : strided.has(t.name)
          ? `    ${t.name}Gm_.SetGlobalBuffer((__gm__ ${CPP_TYPE[t.dtype]}*)${t.name}, (tiling.rows - 1) * static_cast<uint64_t>(${strided.get(t.name)}) + ${ragged ? 'tiling.lastCols' : 'tiling.cols'});  // rows ${strided.get(t.name)} apart, the last one ${ragged ? 'lastCols' : 'cols'} long`
          : `    ${t.name}Gm_.SetGlobalBuffer((__gm__ ${CPP_TYPE[t.dtype]}*)${t.name}, ${ragged ? (pad ? '(tiling.rows - 1) * tiling.stride + tiling.lastCols' : `(tiling.cols % ${ALIGN} == 0 && tiling.lastCols % ${ALIGN} == 0 ? (tiling.rows - 1) * tiling.stride + tiling.lastCols : tiling.rows * tiling.stride)`) : 'tiling.rows * tiling.stride'});`,
    ),
    // Scalars at constant indices: read once per core on the scalar unit (through the DataCache).
    ...gmScalars.map((g) => `    ${g.name} = ${g.tensor}Gm_.GetValue(${g.index});`),
    ...(sm
      ? [
          '    if (tiling.apiRows != 0) {',
          `      // The ${API} path: apiRows whole rows in UB per call, padded to apiCols columns.`,
          '      apiRows_ = tiling.apiRows;',
          '      apiCols_ = tiling.apiCols;',
          '      apiTilingRows_ = tiling.apiTilingRows;',
          '      apiTilingRow_ = tiling.apiTilingRow;',
          `      pipe_.InitBuffer(${sm.use.input}InQueue_, 1, apiRows_ * apiCols_ * sizeof(float));`,
          `      pipe_.InitBuffer(${sm.use.output}OutQueue_, 1, apiRows_ * apiCols_ * sizeof(float));`,
          ...(API === 'SoftMax' ? ['      pipe_.InitBuffer(sumBuf_, apiRows_ * 32);', '      pipe_.InitBuffer(maxBuf_, apiRows_ * 32);'] : [gammaTensor ? `      pipe_.InitBuffer(${gammaTensor}InQueue_, 1, apiCols_ * sizeof(float));` : '      pipe_.InitBuffer(gammaBuf_, apiCols_ * sizeof(float));']),
          ...(API === 'LayerNorm'
            ? [
                betaTensor ? `      pipe_.InitBuffer(${betaTensor}InQueue_, 1, apiCols_ * sizeof(float));` : '      pipe_.InitBuffer(betaBuf_, apiCols_ * sizeof(float));',
                '      pipe_.InitBuffer(apiMeanQueue_, 1, (apiRows_ * sizeof(float) + 31) / 32 * 32);',
                '      pipe_.InitBuffer(apiRstdQueue_, 1, (apiRows_ * sizeof(float) + 31) / 32 * 32);',
              ]
            : []),
          '      pipe_.InitBuffer(apiTmpBuf_, tiling.apiTmpBytes);',
          '      return;',
          '    }',
        ]
      : []),
    ...l.buffers.map((b) => `    pipe_.InitBuffer(${b.name}, 1, tileLength_ * sizeof(${CPP_TYPE[b.dtype!]}));`),
    ...(s.rowStores.length ? [`    pipe_.InitBuffer(rowOutQueue_, 1, ${ALIGN} * sizeof(float));`] : []),
    ...l.tbufs.map((b) => `    pipe_.InitBuffer(${b.name}, ${b.bytes});`),
    '  }',
    '',
    '  __aicore__ inline void Process() {',
    ...(sm
      ? [
          '    if (apiRows_ != 0) {',
          '      ProcessApi();',
          '      return;',
          '    }',
        ]
      : []),
    '    for (uint64_t row = rowStart_; row < rowEnd_; ++row) {',
    '      const uint64_t rowOff = row * stride_;',
    ...(strided.size && !grid3.size ? ['      row_ = row;  // the strided tensors\' chunks start at row_ × their stride'] : []),
    ...[...grid3.keys()].filter((t) => strided.has(t)).map((t) => `      ${t}RowOff_ = ${gridOffset(t, blockOf('row', 'gridX_', 'gridY_'), scalarMember)};  // this row's block (x, y, z) along ${t}'s strides`),
  );
  // A bound that is not whole rows: the last row holds what is left, in every pass over it.
  const colsOf = ragged ? 'rowCols' : 'cols_';
  if (ragged) push(unguarded ? '      // The last row may be partial: CUDA covered grid × block elements.' : `      // The last row may be partial: CUDA's threads covered ${commentSafe(s.total!)} elements.`, '      const uint64_t rowCols = row + 1 == rows_ ? lastCols_ : cols_;');
  let pass = 0;
  let fn = 0;
  const unaryIndex = new Map<string, number>();
  let narrowFn = 0;
  const narrowIndex = new Map<string, number>();
  for (const st of s.steps) {
    if (st.k === 'reduce') {
      const k = pass++;
      const first = st.op === 'max' && st.init === null;
      push(
        `      // ${st.name}: ${st.op} over the row (pass ${k + 1})`,
        `      ${st.name} = ${st.init !== null ? `static_cast<float>(${toMember(st.init)})` : st.op === 'max' ? 'NegInf()' : '0.0f'};`,
        `      for (uint64_t col = 0; col < ${colsOf}; col += tileLength_) {`,
        `        const uint32_t count = ${colsOf} - col < tileLength_ ? static_cast<uint32_t>(${colsOf} - col) : tileLength_;`,
        `        CopyIn${k}(rowOff, col, count);`,
        `        const float chunk = Compute${k}(count);`,
        st.op === 'sum' ? `        ${st.name} = ${st.name} + chunk;` : `        ${st.name} = ${first ? `col == 0 || ` : ''}chunk > ${st.name} ? chunk : ${st.name};`,
        '      }',
      );
    } else if (st.k === 'scalar') push(`      ${st.name} = ${toMember(st.text)};`);
    else if (st.k === 'gm' && r.narrowRow[st.name]) {
      narrowIndex.set(st.name, narrowFn);
      push(`      ${st.name} = RowValue${narrowFn++}(row);  // this row's value, widened to float in UB`);
    } else if (st.k === 'gm') push(`      ${st.name} = ${st.tensor}Gm_.GetValue(row);  // this row's value, on the scalar unit`);
    else {
      unaryIndex.set(st.name, fn);
      push(`      ${st.name} = RowFn${fn++}();`);
    }
  }
  push(
    '      // The final pass: the map over the row, stored.',
    `      for (uint64_t col = 0; col < ${colsOf}; col += tileLength_) {`,
    `        const uint32_t count = ${colsOf} - col < tileLength_ ? static_cast<uint32_t>(${colsOf} - col) : tileLength_;`,
    '        CopyInFinal(rowOff, col, count);',
    '        ComputeFinal(count);',
    '        CopyOutFinal(rowOff, col, count);',
    '      }',
    ...s.rowStores.map((x) => (x.nullable ? `      if (${x.tensor}Given_) Store_${x.tensor}(row);` : `      Store_${x.tensor}(row);`)),
    '    }',
    '  }',
    '',
    'private:',
  );
  r.passes.forEach((ps, k) => {
    const tag = ps.step === null ? 'Final' : String(k);
    push(
      `  __aicore__ inline void CopyIn${tag}(uint64_t rowOff, uint64_t col, uint32_t count) {`,
      ...(ps.copyIn.length ? [] : ['    (void)rowOff;', '    (void)col;', '    (void)count;']),
      ...ind(4, ps.copyIn),
      '  }',
      '',
      ps.step === null ? `  __aicore__ inline void Compute${tag}(uint32_t count) {` : `  __aicore__ inline float Compute${tag}(uint32_t count) {`,
      '    const int32_t cnt = static_cast<int32_t>(count);',
      ...ind(4, ps.compute),
      ...(ps.step === null ? [] : ['    return chunk;']),
      '  }',
      '',
    );
    if (ps.step === null)
      push('  __aicore__ inline void CopyOutFinal(uint64_t rowOff, uint64_t col, uint32_t count) {', ...(ps.copyOut.length ? [] : ['    (void)rowOff;', '    (void)col;', '    (void)count;']), ...ind(4, ps.copyOut), '  }', '');
  });
  for (const [name, k] of narrowIndex) {
    const tensor = (s.steps.find((x) => x.name === name) as { tensor: string }).tensor;
    const dtype = tensors(p).find((t) => t.name === tensor)!.dtype;
    push(`  // ${name} = ${tensor}[row]: a ${CPP_TYPE[dtype]} value, copied into UB and widened with Cast (the scalar unit does not convert it).`, `  __aicore__ inline float RowValue${k}(uint64_t row) {`, ...ind(4, r.narrowRow[name]!), '    return rowFn;', '  }', '');
  }
  for (const [name, k] of unaryIndex) push(`  // ${name}: computed on one vector block (the scalar unit has no ${s.steps.find((x) => x.name === name && x.k === 'unary')!.k === 'unary' ? (s.steps.find((x) => x.name === name) as { fn: string }).fn : ''}).`, `  __aicore__ inline float RowFn${k}() {`, ...ind(4, r.unary[name]!), '    return rowFn;', '  }', '');
  for (const x of s.rowStores) push(`  __aicore__ inline void Store_${x.tensor}(uint64_t row) {`, ...ind(4, r.rowStore[x.tensor]!), '  }', '');
  if (sm)
    push(
      `  // The ${API} path: apiRows rows per call while that many are left, then one at a time, each call with the tiling of its shape.`,
      '  __aicore__ inline void ProcessApi() {',
      ...ind(4, sm.prepare),
      '    for (uint64_t row = rowStart_; row < rowEnd_;) {',
      '      const bool many = rowEnd_ - row >= apiRows_;',
      '      const uint32_t n = many ? apiRows_ : 1;',
      `      ApiRows(row, n, many ? apiTilingRows_ : apiTilingRow_${norm ? ', gammaRow' : ''}${API === 'LayerNorm' ? ', betaRow' : ''});`,
      '      row += n;',
      '    }',
      ...(gammaTensor ? [`    ${gammaTensor}InQueue_.FreeTensor(gammaRow);`] : []),
      ...(betaTensor ? [`    ${betaTensor}InQueue_.FreeTensor(betaRow);`] : []),
      '  }',
      '',
      `  __aicore__ inline void ApiRows(uint64_t row, uint32_t n, const AscendC::tiling::${TILING_STRUCT}& t${norm ? ', const AscendC::LocalTensor<float>& gammaRow' : ''}${API === 'LayerNorm' ? ', const AscendC::LocalTensor<float>& betaRow' : ''}) {`,
      ...ind(4, sm.calls),
      '  }',
      '',
    );
  if (API === 'SoftMax' || s.steps.some((x) => x.k === 'reduce' && x.op === 'max' && x.init === null))
    push(
      API === 'SoftMax'
        ? "  // -inf: the SoftMax path's padding (nothing to a maximum or a sum of exponentials), and where CUDA's running maximum starts. The bits of IEEE 754 binary32 -inf."
        : "  // -inf, where CUDA's running maximum starts (-INFINITY): the max of a row of no columns. The bits of IEEE 754 binary32 -inf.",
      '  __aicore__ inline float NegInf() const {',
      '    union { uint32_t u; float f; } bits = {0xFF800000u};',
      '    return bits.f;',
      '  }',
      '',
    );
  void final;
  push(
    '  AscendC::TPipe pipe_;',
    ...l.buffers.map((b) => `  AscendC::TQue<AscendC::TPosition::${b.position}, 1> ${b.name};`),
    ...(s.rowStores.length ? ['  AscendC::TQue<AscendC::TPosition::VECOUT, 1> rowOutQueue_;'] : []),
    ...s.rowStores.filter((x) => x.nullable).map((x) => `  bool ${x.tensor}Given_ = false;`),
    ...l.tbufs.map((b) => `  AscendC::TBuf<AscendC::TPosition::VECCALC> ${b.name};`),
    ...(sm
      ? [
          ...(API === 'SoftMax' ? ['  AscendC::TBuf<AscendC::TPosition::VECCALC> sumBuf_;', '  AscendC::TBuf<AscendC::TPosition::VECCALC> maxBuf_;'] : gammaTensor ? [] : ['  AscendC::TBuf<AscendC::TPosition::VECCALC> gammaBuf_;']),
          ...(API === 'LayerNorm'
            ? [...(betaTensor ? [] : ['  AscendC::TBuf<AscendC::TPosition::VECCALC> betaBuf_;']), '  AscendC::TQue<AscendC::TPosition::VECOUT, 1> apiMeanQueue_;', '  AscendC::TQue<AscendC::TPosition::VECOUT, 1> apiRstdQueue_;']
            : []),
          '  AscendC::TBuf<AscendC::TPosition::VECCALC> apiTmpBuf_;',
          '  uint32_t apiRows_ = 0;',
          '  uint32_t apiCols_ = 0;',
          `  AscendC::tiling::${TILING_STRUCT} apiTilingRows_{};`,
          `  AscendC::tiling::${TILING_STRUCT} apiTilingRow_{};`,
        ]
      : []),
    ...ts.map((t) => `  AscendC::GlobalTensor<${CPP_TYPE[t.dtype]}> ${t.name}Gm_;`),
    ...computeScalars.map((x) => `  ${x.cppType} ${scalarMember(x.name)};`),
    ...rowValues.map((n) => `  float ${n} = 0.0f;`),
    ...gmScalars.map((g) => `  ${CPP_TYPE[g.t]} ${g.name}{};`),
    '  uint64_t cols_ = 0;',
    ...(ragged ? ['  uint64_t rows_ = 0;', '  uint64_t lastCols_ = 0;'] : []),
    ...(gridRows ? ['  uint64_t rowsTotal_ = 0;'] : []),
    ...(strided.size && !grid3.size ? ['  uint64_t row_ = 0;'] : []),
    ...(grid3.size && pad ? ['  uint64_t gridX_ = 0;', '  uint64_t gridY_ = 0;', ...[...grid3.keys()].map((t) => `  uint64_t ${t}RowOff_ = 0;`)] : []),
    '  uint64_t stride_ = 0;',
    '  uint64_t rowStart_ = 0;',
    '  uint64_t rowEnd_ = 0;',
    '  uint32_t tileLength_ = 0;',
    '};',
    '',
    `extern "C" __global__ __aicore__ void ${p.kernel}(${abi.entry.map((e) => `${e.cppType} ${e.name}`).join(', ')}) {`,
    `  ${l.className} op;`,
    `  op.Init(${abi.entry.map((e) => e.name).join(', ')});`,
    '  op.Process();',
    '}',
    '',
  );
  // ---- Host wrapper ----
  const L = abi.launch;
  const cores = `${L.cores} /* ${commentSafe(L.coresSource)} */`;
  const entryArgs = (gm: (name: string) => string) => abi.entry.map((e) => (e.kind === 'gm' ? gm(e.name) : e.kind === 'tiling' ? 'tiling' : e.name));
  push(
    `// ---- Host side: ${L.fn} takes the CUDA kernel's arguments in their order, then an aclrtStream ----`,
    '#ifndef ASCEND_PORT_LAUNCH',
    `#define ASCEND_PORT_LAUNCH(kernel, blocks, stream, ...) kernel<<<blocks, ${L.second}, stream>>>(__VA_ARGS__)`,
    '#endif',
    `aclError ${launchSignature(abi)} {`,
    ...(ragged
      ? [
          // grid × block elements (or the bound's) in rows of nCols; the last row holds what is left.
          ...(unguarded ? ['  const uint64_t total = cudaGridX * cudaBlockX;'] : [`  const int64_t nTotal = static_cast<int64_t>(${s.total});`, '  const uint64_t total = nTotal > 0 ? static_cast<uint64_t>(nTotal) : 0;']),
          `  const int64_t nCols = static_cast<int64_t>(${s.cols});`,
          '  if (total == 0 || nCols <= 0) return ACL_SUCCESS;',
          '  const uint64_t colCount = static_cast<uint64_t>(nCols);',
          ...(s.rows === 'cudaGridX'
            ? [
                // One block per row: the grid's rows, fewer when the total ends sooner; a row the total cuts is the last.
                '  const uint64_t totalRows = (total + colCount - 1) / colCount;',
                '  const uint64_t rowCount = cudaGridX < totalRows ? cudaGridX : totalRows;',
                '  if (rowCount == 0) return ACL_SUCCESS;',
                '  const uint64_t lastCols = total - (rowCount - 1) * colCount < colCount ? total - (rowCount - 1) * colCount : colCount;',
              ]
            : ['  const uint64_t rowCount = (total + colCount - 1) / colCount;', '  const uint64_t lastCols = total - (rowCount - 1) * colCount;']),
        ]
      : [
          `  const int64_t nRows = static_cast<int64_t>(${s.rows});`,
          `  const int64_t nCols = static_cast<int64_t>(${s.cols});`,
          // A broadcast of rows without columns runs no CUDA thread: nothing is read, not even the values per row.
          broadcast ? '  if (nRows <= 0 || nCols <= 0) return ACL_SUCCESS;' : '  if (nRows <= 0) return ACL_SUCCESS;',
          '  const uint64_t rowCount = static_cast<uint64_t>(nRows);',
          '  const uint64_t colCount = nCols > 0 ? static_cast<uint64_t>(nCols) : 0;',
        ]),
  );
  if (pad) {
    push(`  ${T} tiling = ${abi.tiling.make}(rowCount, colCount, colCount, ${cores});`, ...(ragged ? ['  tiling.lastCols = lastCols;'] : []), ...(s.grid3 ? ['  tiling.gridX = cudaGridX;', '  tiling.gridY = cudaGridY;'] : []), ...(sm ? [`  ${P}ApiTiling(tiling);  // ${API} for rows that fit UB whole; apiRows 0 otherwise`] : []), `  ASCEND_PORT_LAUNCH(${abi.kernel}, ${abi.tiling.numBlocks}(tiling), stream, ${entryArgs((n) => `(GM_ADDR)${n}`).join(', ')});`, '  return ACL_SUCCESS;', '}');
  } else {
    const staged = (n: string) => (rowStoreSet.has(n) ? `${n}Slots` : scalarOnly.has(n) ? `const_cast<void*>(static_cast<const void*>(${n}))` : `(stageRows ? ${n}Stage : const_cast<void*>(static_cast<const void*>(${n})))`);
    push(
      ...(hostStrides.size
        ? [`  // ${[...hostStrides.keys()].join(', ')} ${hostStrides.size === 1 ? 'is' : 'are'} read in rows other than colCount apart: every row tensor is staged with rows padded to ${ALIGN} elements.`, '  const bool stageRows = true;']
        : [
            `  // Rows of a whole number of 32-byte blocks are copied in place; others are staged with rows padded to ${ALIGN} elements.`,
            ragged ? `  const bool stageRows = colCount % ${ALIGN} != 0 || lastCols % ${ALIGN} != 0;` : `  const bool stageRows = colCount % ${ALIGN} != 0;`,
          ]),
      `  const uint64_t stride = (colCount + ${ALIGN} - 1) / ${ALIGN} * ${ALIGN};`,
      '  const uint64_t rowBytes = colCount * sizeof(float);',
      // The bytes of row r in the CUDA tensors (the last row of an unguarded broadcast may be partial).
      ...(ragged ? ['  auto bytesOf = [&](uint64_t r) { return (r + 1 == rowCount ? lastCols : colCount) * sizeof(float); };'] : []),
      '  const uint64_t strideBytes = stride * sizeof(float);',
      '  aclError err = ACL_SUCCESS;',
      ...[...rowTensors, ...ts.filter((t) => colSet.has(t.name))].map((t) => `  void* ${t.name}Stage = nullptr;`),
      ...s.rowStores.map((x) => `  void* ${x.tensor}Slots = nullptr;`),
      ...rowTensors.map((t) => `  if (err == ACL_SUCCESS && stageRows) err = aclrtMalloc(&${t.name}Stage, rowCount * strideBytes, ACL_MEM_MALLOC_HUGE_FIRST);`),
      ...ts.filter((t) => colSet.has(t.name)).map((t) => `  if (err == ACL_SUCCESS && stageRows) err = aclrtMalloc(&${t.name}Stage, strideBytes, ACL_MEM_MALLOC_HUGE_FIRST);`),
      ...s.rowStores.map((x) => `  if (err == ACL_SUCCESS${x.nullable ? ` && ${x.tensor} != nullptr` : ''}) err = aclrtMalloc(&${x.tensor}Slots, rowCount * ${ALIGN} * sizeof(float), ACL_MEM_MALLOC_HUGE_FIRST);`),
      // A strided tensor's row r starts r × its CUDA stride elements in (the stride is a launch argument).
      ...rowTensors.filter((t) => t.read).map((t) => `  for (uint64_t r = 0; err == ACL_SUCCESS && stageRows && r < rowCount; ++r) err = aclrtMemcpy(static_cast<uint8_t*>(${t.name}Stage) + r * strideBytes, ${ragged ? 'bytesOf(r)' : 'rowBytes'}, static_cast<const uint8_t*>(${t.name}) + ${grid3.has(t.name) ? `(${gridOffset(t.name, blockOf('r', 'cudaGridX', 'cudaGridY'), (v) => v)}) * sizeof(float)` : `r * ${hostStrides.has(t.name) ? `static_cast<uint64_t>(${hostStrides.get(t.name)}) * sizeof(float)` : 'rowBytes'}`}, ${ragged ? 'bytesOf(r)' : 'rowBytes'}, ACL_MEMCPY_DEVICE_TO_DEVICE);`),
      ...ts.filter((t) => colSet.has(t.name)).map((t) => `  if (err == ACL_SUCCESS && stageRows) err = aclrtMemcpy(${t.name}Stage, strideBytes, ${t.name}, rowBytes, ACL_MEMCPY_DEVICE_TO_DEVICE);`),
      '  if (err == ACL_SUCCESS) {',
      `    ${T} tiling = ${abi.tiling.make}(rowCount, colCount, stageRows ? stride : colCount, ${cores});`,
      ...(ragged ? ['    tiling.lastCols = lastCols;'] : []),
      ...(s.grid3 ? ['    tiling.gridX = cudaGridX;', '    tiling.gridY = cudaGridY;'] : []),
      `    ASCEND_PORT_LAUNCH(${abi.kernel}, ${abi.tiling.numBlocks}(tiling), stream, ${entryArgs((n) => `(GM_ADDR)${staged(n)}`).join(', ')});`,
      '    err = aclrtSynchronizeStream(stream);',
      '  }',
      ...rowTensors.filter((t) => t.written).map((t) => `  for (uint64_t r = 0; err == ACL_SUCCESS && stageRows && r < rowCount; ++r) err = aclrtMemcpy(static_cast<uint8_t*>(${t.name}) + r * rowBytes, ${ragged ? 'bytesOf(r)' : 'rowBytes'}, static_cast<const uint8_t*>(${t.name}Stage) + r * strideBytes, ${ragged ? 'bytesOf(r)' : 'rowBytes'}, ACL_MEMCPY_DEVICE_TO_DEVICE);`),
      ...s.rowStores.map((x) => `  for (uint64_t r = 0; err == ACL_SUCCESS${x.nullable ? ` && ${x.tensor}Slots != nullptr` : ''} && r < rowCount; ++r) err = aclrtMemcpy(static_cast<uint8_t*>(${x.tensor}) + r * sizeof(float), sizeof(float), static_cast<const uint8_t*>(${x.tensor}Slots) + r * ${ALIGN} * sizeof(float), sizeof(float), ACL_MEMCPY_DEVICE_TO_DEVICE);`),
      ...[...rowTensors, ...ts.filter((t) => colSet.has(t.name))].map((t) => `  if (${t.name}Stage != nullptr) aclrtFree(${t.name}Stage);`),
      ...s.rowStores.map((x) => `  if (${x.tensor}Slots != nullptr) aclrtFree(${x.tensor}Slots);`),
      '  return err;',
      '}',
    );
  }
  push(portEndMarker(p.kernel), '');
  return out.join('\n');
}
