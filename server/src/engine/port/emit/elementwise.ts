/**
 * Emits a complete Ascend C vector kernel for a recognised elementwise kernel, in the
 * canonical shape of ascend-c.md §1.3: a class with Init / Process / CopyIn / Compute /
 * CopyOut, a TPipe with double-buffered TQues and TBuf temporaries, per-core slices by
 * GetBlockIdx(), the expression lowered to vector API calls, UB-sized 32-byte-aligned
 * tiles, the ragged tail with DataCopyPad (910B) or an aligned window (elsewhere), the
 * `extern "C" __global__ __aicore__` entry, and the host tiling.
 *
 * Every API named here is in the API table (`ascendc/api.ts`); tests syntax-check the
 * output with g++ against the header generated from that table.
 */
import type { Target } from '../../target';
import type { PortBudget } from '../budget';
import { CPP_TYPE, DTYPE_BYTES, type DType, type ElementwiseKernel, type Expr } from '../ir';
import { pascal, portEndMarker, screaming } from './names';

export interface ElementwisePlan {
  /** Elements per 32-byte block of the narrowest element type. */
  align: number;
  /** Largest tile, in elements: whole 256-byte repeats that fit the UB budget. */
  maxTile: number;
  bufferNum: 1 | 2;
  ubBytesPerElement: number;
  temps: number;
}

export interface EmittedElementwise {
  text: string;
  plan: ElementwisePlan;
}

type Tensor = { name: string; t: DType; temp?: number; scratch?: boolean };

const OP_API: Readonly<Record<string, string>> = { '+': 'Add', '-': 'Sub', '*': 'Mul', '/': 'Div', max: 'Max', min: 'Min' };
const SCALAR_API: Readonly<Record<string, string>> = { '+': 'Adds', '*': 'Muls', max: 'Maxs', min: 'Mins' };
const UNARY_API: Readonly<Record<string, string>> = { exp: 'Exp', ln: 'Ln', sqrt: 'Sqrt', rsqrt: 'Rsqrt', abs: 'Abs', relu: 'Relu' };

export function renderExpr(e: Expr, index = 'i'): string {
  switch (e.k) {
    case 'load':
      return `${e.param}[${index}]`;
    case 'scalar':
      return e.text;
    case 'un':
      return e.op === 'neg' ? `-${renderExpr(e.a, index)}` : `${e.op}(${renderExpr(e.a, index)})`;
    case 'bin':
      return e.op === 'max' || e.op === 'min' ? `${e.op}(${renderExpr(e.a, index)}, ${renderExpr(e.b, index)})` : `(${renderExpr(e.a, index)} ${e.op} ${renderExpr(e.b, index)})`;
    case 'cast':
      return `(${e.t})${renderExpr(e.a, index)}`;
    case 'select':
      return `(${renderExpr(e.a, index)} ${CMP_TEXT[e.cmp]} ${renderExpr(e.b, index)} ? ${renderExpr(e.then, index)} : ${renderExpr(e.otherwise, index)})`;
  }
}

const CMP_TEXT: Readonly<Record<string, string>> = { LT: '<', GT: '>', EQ: '==', LE: '<=', GE: '>=', NE: '!=' };

/** Operands of an expression node, for use counting and release. */
function operands(e: Expr): Expr[] {
  switch (e.k) {
    case 'bin':
      return [e.a, e.b];
    case 'select':
      return [e.then, e.otherwise, e.a, e.b];
    case 'un':
    case 'cast':
      return [e.a];
    default:
      return [];
  }
}

/** Lowers the stores to vector calls; returns the Compute body lines and the number of temporaries. */
function lower(k: ElementwiseKernel, member: (scalarText: string) => string): { lines: string[]; temps: number; tempType: DType; selects: boolean } {
  const uses = new Map<Expr, number>();
  const count = (e: Expr) => {
    if (e.k === 'scalar' || e.k === 'load') return;
    const n = (uses.get(e) ?? 0) + 1;
    uses.set(e, n);
    if (n > 1) return;
    for (const o of operands(e)) count(o);
  };
  for (const s of k.stores) count(s.value);

  const lines: string[] = [];
  const memo = new Map<Expr, Tensor>();
  const free: number[] = [];
  let temps = 0;
  let tempType: DType = 'half';
  let seq = 0;
  let selects = false;
  const alloc = (t: DType): Tensor => {
    if (t !== 'half') tempType = 'float'; // float and int32 temporaries take 4 bytes
    const id = free.length ? free.pop()! : temps++;
    const name = `v${seq++}`;
    lines.push(`    AscendC::LocalTensor<${CPP_TYPE[t]}> ${name} = tmpBuf${id}_.Get<${CPP_TYPE[t]}>();`);
    return { name, t, temp: id };
  };
  const release = (e: Expr) => {
    if (e.k === 'scalar' || e.k === 'load') return;
    const left = uses.get(e)! - 1;
    uses.set(e, left);
    const m = memo.get(e);
    if (left === 0 && m?.temp !== undefined) free.push(m.temp);
  };
  const S = (text: string, t: DType) => `static_cast<${CPP_TYPE[t]}>(${member(text)})`;
  const call = (api: string, ...args: string[]) => lines.push(`    AscendC::${api}(${args.join(', ')}, cnt);`);

  const mat = (e: Expr, into?: Tensor): Tensor => {
    if (e.k === 'load') return { name: `${e.param}In`, t: e.t };
    if (e.k === 'scalar') throw new Error('scalar has no tensor');
    const known = memo.get(e);
    if (known) return known;
    let result: Tensor;
    if (e.k === 'cast') {
      const a = mat(e.a);
      result = into ?? alloc(e.t);
      // To half: round half to even (CUDA's __float2half_rn); to int32: truncate (C++ conversion);
      // int32 to float: round to nearest; half to float: exact.
      const mode = e.t === 'half' ? 'CAST_RINT' : e.t === 'int32' ? 'CAST_TRUNC' : e.a.t === 'int32' ? 'CAST_RINT' : 'CAST_NONE';
      call('Cast', result.name, a.name, `AscendC::RoundMode::${mode}`);
      release(e.a);
    } else if (e.k === 'select') {
      // Branches first, so nested selects never overwrite the mask between Compare and Select.
      const operand = (x: Expr, t: DType): Tensor => {
        if (x.k !== 'scalar') return mat(x);
        const d = alloc(t);
        lines.push(`    AscendC::Duplicate(${d.name}, ${S(x.text, t)}, cnt);`);
        return { ...d, scratch: true };
      };
      const th = operand(e.then, e.t);
      const ot = operand(e.otherwise, e.t);
      const cmpT = (e.a.k !== 'scalar' ? e.a.t : (e.b as Exclude<Expr, { k: 'scalar' }>).t) as DType;
      const ta = operand(e.a, cmpT);
      const tb = operand(e.b, cmpT);
      selects = true;
      const repeat = 256 / DTYPE_BYTES[cmpT];
      lines.push(`    AscendC::Compare(selMask, ${ta.name}, ${tb.name}, AscendC::CMPMODE::${e.cmp}, (count + ${repeat - 1}) / ${repeat} * ${repeat});`);
      result = into ?? alloc(e.t);
      lines.push(`    AscendC::Select(${result.name}, selMask, ${th.name}, ${ot.name}, AscendC::SELMODE::VSEL_TENSOR_TENSOR_MODE, count);`);
      for (const x of [th, ot, ta, tb]) if (x.scratch) free.push(x.temp!);
      for (const o of operands(e)) release(o);
    } else if (e.k === 'un') {
      const a = mat(e.a);
      result = into ?? alloc(e.t);
      if (e.op === 'neg') call('Muls', result.name, a.name, S('-1', e.t));
      else call(UNARY_API[e.op]!, result.name, a.name);
      release(e.a);
    } else {
      const { a, b, op, t } = e;
      if (a.k !== 'scalar' && b.k !== 'scalar') {
        const ta = mat(a);
        const tb = mat(b);
        result = into ?? alloc(t);
        call(OP_API[op]!, result.name, ta.name, tb.name);
      } else {
        const tensorFirst = a.k !== 'scalar';
        const tensor = (tensorFirst ? a : b) as Exclude<Expr, { k: 'scalar' }>;
        const scalar = (tensorFirst ? b : a) as Extract<Expr, { k: 'scalar' }>;
        const tt = mat(tensor);
        if (op === '+' || op === '*' || op === 'max' || op === 'min') {
          result = into ?? alloc(t);
          call(SCALAR_API[op]!, result.name, tt.name, S(scalar.text, t));
        } else if (op === '-' && tensorFirst) {
          result = into ?? alloc(t);
          call('Adds', result.name, tt.name, S(`-(${scalar.text})`, t));
        } else if (op === '-') {
          const neg = alloc(t);
          call('Muls', neg.name, tt.name, S('-1', t));
          result = into ?? alloc(t);
          call('Adds', result.name, neg.name, S(scalar.text, t));
          free.push(neg.temp!);
        } else {
          // Division by or of a scalar: broadcast it and use Div, which rounds like CUDA's `/`.
          const bc = alloc(t);
          lines.push(`    AscendC::Duplicate(${bc.name}, ${S(scalar.text, t)}, cnt);`);
          result = into ?? alloc(t);
          if (tensorFirst) call('Div', result.name, tt.name, bc.name);
          else call('Div', result.name, bc.name, tt.name);
          free.push(bc.temp!);
        }
      }
      release(a);
      release(b);
    }
    memo.set(e, result);
    return result;
  };

  for (const s of k.stores) {
    const out: Tensor = { name: `${s.param}Out`, t: (k.params.find((p) => p.name === s.param) as { t: DType }).t };
    const v = s.value;
    if (v.k === 'scalar') {
      lines.push(`    AscendC::Duplicate(${out.name}, ${S(v.text, out.t)}, cnt);`);
    } else if (v.k === 'load' || memo.has(v)) {
      const src = mat(v);
      call('Muls', out.name, src.name, S('1', out.t));
    } else {
      mat(v, out);
    }
  }
  return { lines, temps, tempType, selects };
}

type PointerParamOf = Extract<ElementwiseKernel['params'][number], { kind: 'pointer' }>;
type ScalarParamOf = Extract<ElementwiseKernel['params'][number], { kind: 'scalar' }>;

/**
 * The lowering and the tiling of a kernel on a budget, without the text: what the emitter
 * writes out and what the launch hints of the estimates show. Throws when the kernel needs
 * more queue buffers than the target has.
 */
export function planElementwise(k: ElementwiseKernel, budget: PortBudget): { plan: ElementwisePlan; lowered: ReturnType<typeof lower> } {
  const ptrs = k.params.filter((p): p is PointerParamOf => p.kind === 'pointer');
  const reads = ptrs.filter((p) => p.read);
  const writes = ptrs.filter((p) => p.written);
  const names = new Set(k.params.filter((p): p is ScalarParamOf => p.kind === 'scalar' && p.usedInCompute).map((s) => s.name));
  const lowered = lower(k, (text) => text.replace(/\b[A-Za-z_]\w*\b/g, (m) => (names.has(m) ? `${m}_` : m)));
  const { temps, tempType, selects } = lowered;
  const minBytes = Math.min(...ptrs.map((p) => DTYPE_BYTES[p.t]));
  const perRepeat = 256 / minBytes;
  const inBufs = reads.length;
  const outBufs = writes.length;
  if (inBufs > budget.maxQueueBuffers || outBufs > budget.maxQueueBuffers) {
    throw new Error(`needs ${Math.max(inBufs, outBufs)} queues on one TPosition; the target allows ${budget.maxQueueBuffers} buffers`);
  }
  const bufferNum: 1 | 2 = inBufs * 2 <= budget.maxQueueBuffers && outBufs * 2 <= budget.maxQueueBuffers ? 2 : 1;
  // A Compare mask takes one bit per element; one byte is counted to keep the arithmetic whole.
  const ubBytesPerElement = bufferNum * (reads.reduce((s, p) => s + DTYPE_BYTES[p.t], 0) + writes.reduce((s, p) => s + DTYPE_BYTES[p.t], 0)) + temps * DTYPE_BYTES[tempType] + (selects ? 1 : 0);
  const maxTile = Math.max(perRepeat, Math.floor(budget.ubUsable / ubBytesPerElement / perRepeat) * perRepeat);
  return { plan: { align: 32 / minBytes, maxTile, bufferNum, ubBytesPerElement, temps }, lowered };
}

export function emitElementwise(k: ElementwiseKernel, target: Target, budget: PortBudget, origin: string): EmittedElementwise {
  const P = pascal(k.name);
  const C = screaming(k.name);
  const ptrs = k.params.filter((p): p is PointerParamOf => p.kind === 'pointer');
  const reads = ptrs.filter((p) => p.read);
  const writes = ptrs.filter((p) => p.written);
  const scalars = k.params.filter((p): p is ScalarParamOf => p.kind === 'scalar' && p.usedInCompute);
  const { plan, lowered } = planElementwise(k, budget);
  const { lines: computeLines, temps, tempType, selects } = lowered;
  const { align, maxTile, bufferNum, ubBytesPerElement } = plan;
  const inPlace = ptrs.some((p) => p.read && p.written);
  const pad = budget.dataCopyPad;

  const tilingType = `${P}Tiling`;
  const out: string[] = [];
  const push = (...l: string[]) => out.push(...l);

  push(
    `// Ascend C port of \`${k.name}\` (${origin}), generated by ascend-port for ${target.soc}, CANN ${target.cann}.`,
    `// Complete port of an elementwise kernel (${k.form === 'grid-stride' ? 'grid-stride loop' : k.form === 'unguarded' ? 'no bounds guard' : 'bounds guard'}) over ${k.bound} elements:`,
    ...k.stores.map((s) => `//   ${s.param}[i] = ${renderExpr(s.value)}`),
    ...k.notes.map((n) => `// Note: ${n}.`),
    ...(ptrs.some((p) => p.t === 'int32') && budget.arch !== 2201 ? [`// Note: int32 vector arithmetic is listed for Atlas A2 (910B) in the reference [F]; it is not confirmed for ${target.soc}.`] : []),
    `// Tiling: ${bufferNum === 2 ? 'double-buffered' : 'single-buffered'} queues, ${temps} temporar${temps === 1 ? 'y' : 'ies'}, ${ubBytesPerElement} UB bytes per element;`,
    `// tiles of at most ${maxTile} elements fit the ${budget.ubUsable}-byte UB budget (${budget.ubBytes} B minus reserves).`,
    pad
      ? '// Ragged tails are copied with DataCopyPad (byte-exact lengths).'
      : inPlace
        ? `// ${target.soc} has no DataCopyPad: tails are rounded up to ${align} elements (32 bytes).`
        : `// ${target.soc} has no DataCopyPad: a ragged tail is processed as a 32-byte-aligned window that ends at the last element.`,
    '#include "kernel_operator.h"',
    '',
    '// ---- Host side: tiling, passed to the kernel by value (a POD struct) ----',
    `struct ${tilingType} {`,
    '  uint32_t totalLength;  // elements in all',
    `  uint32_t blockLength;  // elements per core, a multiple of ${align} (32 bytes)`,
    '  uint32_t tileLength;   // elements per UB tile',
    '};',
    '',
    `constexpr uint32_t ${C}_ALIGN = ${align};`,
    `constexpr uint32_t ${C}_MAX_TILE = ${maxTile};`,
    '',
    `inline ${tilingType} ${P}MakeTiling(uint32_t totalLength, uint32_t coreNum) {`,
    `  ${tilingType} t{};`,
    '  t.totalLength = totalLength;',
    '  if (coreNum == 0) coreNum = 1;',
    '  uint32_t perCore = (totalLength + coreNum - 1) / coreNum;',
    `  t.blockLength = (perCore + ${C}_ALIGN - 1) / ${C}_ALIGN * ${C}_ALIGN;`,
    `  t.tileLength = t.blockLength < ${C}_MAX_TILE ? t.blockLength : ${C}_MAX_TILE;`,
    `  if (t.tileLength == 0) t.tileLength = ${C}_ALIGN;`,
    ...(pad || inPlace ? [] : [`  // TODO(ascend-port): fewer than ${align} elements in all cannot form an aligned window; pad such buffers to 32 bytes.`]),
    '  return t;',
    '}',
    '',
    `inline uint32_t ${P}NumBlocks(const ${tilingType}& t) {`,
    '  return t.blockLength == 0 ? 1 : (t.totalLength + t.blockLength - 1) / t.blockLength;',
    '}',
    '',
    '// ---- Device side ----',
    `class Kernel${P} {`,
    'public:',
    `  __aicore__ inline Kernel${P}() {}`,
    `  __aicore__ inline void Init(${[...ptrs.map((p) => `GM_ADDR ${p.name}`), ...scalars.map((s) => `${s.type} ${s.name}`), `const ${tilingType}& tiling`].join(', ')}) {`,
    '    tileLength_ = tiling.tileLength;',
    '    start_ = static_cast<uint64_t>(tiling.blockLength) * static_cast<uint64_t>(AscendC::GetBlockIdx());',
    '    length_ = start_ < tiling.totalLength ? tiling.totalLength - start_ : 0;',
    '    if (length_ > tiling.blockLength) length_ = tiling.blockLength;',
    ...scalars.map((s) => `    ${s.name}_ = ${s.name};`),
    ...ptrs.map((p) => `    ${p.name}Gm_.SetGlobalBuffer((__gm__ ${CPP_TYPE[p.t]}*)${p.name}, tiling.totalLength);`),
    ...reads.map((p) => `    pipe_.InitBuffer(${p.name}InQueue_, ${bufferNum}, tileLength_ * sizeof(${CPP_TYPE[p.t]}));`),
    ...writes.map((p) => `    pipe_.InitBuffer(${p.name}OutQueue_, ${bufferNum}, tileLength_ * sizeof(${CPP_TYPE[p.t]}));`),
    ...Array.from({ length: temps }, (_, i) => `    pipe_.InitBuffer(tmpBuf${i}_, tileLength_ * sizeof(${CPP_TYPE[tempType]}));`),
    ...(selects ? ['    pipe_.InitBuffer(maskBuf_, (tileLength_ / 8 + 31) / 32 * 32);  // one bit per element, whole 32-byte blocks'] : []),
    '  }',
    '',
    '  __aicore__ inline void Process() {',
    '    for (uint64_t done = 0; done < length_; done += tileLength_) {',
    '      uint32_t count = length_ - done < tileLength_ ? static_cast<uint32_t>(length_ - done) : tileLength_;',
    '      uint64_t offset = start_ + done;',
    ...(pad
      ? []
      : inPlace
        ? [
            `      // TODO(ascend-port): ${target.soc} has no DataCopyPad and this kernel updates in place, so the tail is rounded up`,
            `      // to ${align} elements and reads/writes past the last element: allocate these buffers rounded up to 32 bytes.`,
            `      count = (count + ${C}_ALIGN - 1) / ${C}_ALIGN * ${C}_ALIGN;`,
          ]
        : [
            `      if (count % ${C}_ALIGN != 0) {`,
            '        // Ragged tail: move the window back so it stays 32-byte aligned and ends at the last element;',
            '        // it recomputes a few elements that earlier tiles already wrote with the same values.',
            `        uint32_t aligned = (count + ${C}_ALIGN - 1) / ${C}_ALIGN * ${C}_ALIGN;`,
            '        offset = offset + count >= aligned ? offset + count - aligned : 0;',
            '        count = aligned;',
            '      }',
          ]),
    '      CopyIn(offset, count);',
    '      Compute(count);',
    '      CopyOut(offset, count);',
    '    }',
    '  }',
    '',
    'private:',
    '  __aicore__ inline void CopyIn(uint64_t offset, uint32_t count) {',
  );
  for (const p of reads) {
    push(`    AscendC::LocalTensor<${CPP_TYPE[p.t]}> ${p.name}In = ${p.name}InQueue_.AllocTensor<${CPP_TYPE[p.t]}>();`);
    if (pad) {
      push(
        `    AscendC::DataCopyExtParams ${p.name}Params{1, static_cast<uint32_t>(count * sizeof(${CPP_TYPE[p.t]})), 0, 0, 0};`,
        `    AscendC::DataCopyPadExtParams<${CPP_TYPE[p.t]}> ${p.name}Pad{false, 0, 0, static_cast<${CPP_TYPE[p.t]}>(0)};`,
        `    AscendC::DataCopyPad(${p.name}In, ${p.name}Gm_[offset], ${p.name}Params, ${p.name}Pad);`,
      );
    } else push(`    AscendC::DataCopy(${p.name}In, ${p.name}Gm_[offset], count);`);
    push(`    ${p.name}InQueue_.EnQue(${p.name}In);`);
  }
  push(
    '  }',
    '',
    '  __aicore__ inline void Compute(uint32_t count) {',
    '    const int32_t cnt = static_cast<int32_t>(count);',
    ...reads.map((p) => `    AscendC::LocalTensor<${CPP_TYPE[p.t]}> ${p.name}In = ${p.name}InQueue_.DeQue<${CPP_TYPE[p.t]}>();`),
    ...writes.map((p) => `    AscendC::LocalTensor<${CPP_TYPE[p.t]}> ${p.name}Out = ${p.name}OutQueue_.AllocTensor<${CPP_TYPE[p.t]}>();`),
    ...(selects ? ['    AscendC::LocalTensor<uint8_t> selMask = maskBuf_.Get<uint8_t>();'] : []),
    ...computeLines,
    ...writes.map((p) => `    ${p.name}OutQueue_.EnQue(${p.name}Out);`),
    ...reads.map((p) => `    ${p.name}InQueue_.FreeTensor(${p.name}In);`),
    '  }',
    '',
    '  __aicore__ inline void CopyOut(uint64_t offset, uint32_t count) {',
  );
  for (const p of writes) {
    push(`    AscendC::LocalTensor<${CPP_TYPE[p.t]}> ${p.name}Out = ${p.name}OutQueue_.DeQue<${CPP_TYPE[p.t]}>();`);
    if (pad) {
      push(
        `    AscendC::DataCopyExtParams ${p.name}Params{1, static_cast<uint32_t>(count * sizeof(${CPP_TYPE[p.t]})), 0, 0, 0};`,
        `    AscendC::DataCopyPad(${p.name}Gm_[offset], ${p.name}Out, ${p.name}Params);`,
      );
    } else push(`    AscendC::DataCopy(${p.name}Gm_[offset], ${p.name}Out, count);`);
    push(`    ${p.name}OutQueue_.FreeTensor(${p.name}Out);`);
  }
  push(
    '  }',
    '',
    '  AscendC::TPipe pipe_;',
    ...reads.map((p) => `  AscendC::TQue<AscendC::TPosition::VECIN, 1> ${p.name}InQueue_;`),
    ...writes.map((p) => `  AscendC::TQue<AscendC::TPosition::VECOUT, 1> ${p.name}OutQueue_;`),
    ...Array.from({ length: temps }, (_, i) => `  AscendC::TBuf<AscendC::TPosition::VECCALC> tmpBuf${i}_;`),
    ...(selects ? ['  AscendC::TBuf<AscendC::TPosition::VECCALC> maskBuf_;'] : []),
    ...ptrs.map((p) => `  AscendC::GlobalTensor<${CPP_TYPE[p.t]}> ${p.name}Gm_;`),
    ...scalars.map((s) => `  ${s.type} ${s.name}_;`),
    '  uint64_t start_ = 0;',
    '  uint64_t length_ = 0;',
    '  uint32_t tileLength_ = 0;',
    '};',
    '',
    `extern "C" __global__ __aicore__ void ${k.name}(${[...ptrs.map((p) => `GM_ADDR ${p.name}`), ...scalars.map((s) => `${s.type} ${s.name}`), `${tilingType} tiling`].join(', ')}) {`,
    `  Kernel${P} op;`,
    `  op.Init(${[...ptrs.map((p) => p.name), ...scalars.map((s) => s.name), 'tiling'].join(', ')});`,
    '  op.Process();',
    '}',
    portEndMarker(k.name),
    '',
  );
  return { text: out.join('\n'), plan };
}
