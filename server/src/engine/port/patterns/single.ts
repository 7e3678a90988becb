/**
 * Single-thread kernels: the work of one CUDA thread, done once on the scalar unit of one core
 * (the `single` schedule). Three CUDA forms:
 * - `first-thread`: `int gid = blockIdx.x * blockDim.x + threadIdx.x; if (gid == 0) { … }` (or
 *   `threadIdx.x == 0 && blockIdx.x == 0`, or `if (gid != 0) return;` before the work): only the
 *   first thread of the grid acts, whatever the launch;
 * - `one-thread-launch`: no guard, and every launch of the kernel in its file is `<<<1, 1>>>`
 *   (`FileFacts.oneThreadLaunch`);
 * - `empty`: the body does nothing (a kernel launched to time or order a stream).
 * The work is straight-line: locals with their values, and stores to a tensor at a constant
 * index (`b[0] = r1[0] / r0[0]`, `*result /= static_cast<T>(count)`), over values read from
 * tensors at constant indices, scalar parameters, constants and literals, with C++'s operators,
 * casts and `?:`. The port evaluates the same C++ expressions on the scalar unit, reading and
 * writing GM through `GlobalTensor::GetValue`/`SetValue`, so the arithmetic is CUDA's, operation
 * for operation. Pure: the kernel's syntax in, a SingleKernel or a Rejection out.
 */
import type { SyntaxNode } from '../../syntax/parser';
import type { Rejection } from '../ir';
import { isGlobalIndex, type PatternInput } from './elementwise';

/** A tensor the single-thread work reads or writes at constant indices. */
export interface SingleTensor {
  name: string;
  /** Position among the CUDA kernel's parameters. */
  index: number;
  t: 'float' | 'int32';
  read: boolean;
  written: boolean;
  /** Elements the work touches: its largest constant index + 1 (0 when untouched). */
  extent: number;
}

/** One statement of the work, as C++ text over the port's names (`<tensor>Gm.GetValue(k)`, scalar parameters, locals). */
export type SingleStep = { k: 'local'; cppType: string; name: string; value: string } | { k: 'store'; tensor: string; index: number; value: string };

export interface SingleKernel {
  pattern: 'single';
  name: string;
  form: 'first-thread' | 'one-thread-launch' | 'empty';
  /** Every pointer parameter, in order (untouched ones too: the port keeps CUDA's parameter list). */
  tensors: SingleTensor[];
  /** Every by-value parameter, in order, with its C++ type as written (qualifiers removed). */
  scalars: { name: string; index: number; cppType: string }[];
  steps: SingleStep[];
  /** The CUDA statements the steps come from, for the generated header. */
  cuda: string[];
  notes: string[];
}

class Reject extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.reason);
  }
}
function reject(reason: string, code?: string): never {
  throw new Reject({ reason, ...(code ? { code } : {}) });
}

const SCALAR_TYPES: Readonly<Record<string, string>> = {
  float: 'float',
  int: 'int32_t',
  int32_t: 'int32_t',
  'signed int': 'int32_t',
  unsigned: 'uint32_t',
  'unsigned int': 'uint32_t',
  uint32_t: 'uint32_t',
  long: 'int64_t',
  'long long': 'int64_t',
  int64_t: 'int64_t',
  'unsigned long': 'uint64_t',
  'unsigned long long': 'uint64_t',
  uint64_t: 'uint64_t',
  size_t: 'size_t',
  bool: 'bool',
};
const TENSOR_TYPES: Readonly<Record<string, 'float' | 'int32'>> = { float: 'float', int: 'int32', int32_t: 'int32', 'signed int': 'int32' };
/** Names the generated entry declares beside the CUDA parameters: a tensor `x` is read through `xGm`. */
const GENERATED = /^(?:tiling|stream|numBlocks|err)$|Gm$/;

export function recognizeSingle(input: PatternInput & { oneThreadLaunch?: boolean }): SingleKernel | Rejection {
  try {
    return new SingleRecognizer(input).run();
  } catch (e) {
    if (e instanceof Reject) return e.rejection;
    return { reason: `the recogniser failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

class SingleRecognizer {
  private readonly tensors = new Map<string, SingleTensor>();
  private readonly scalars = new Map<string, { name: string; index: number; cppType: string }>();
  private readonly locals = new Map<string, string>();
  private readonly steps: SingleStep[] = [];
  private readonly cuda: string[] = [];
  private readonly notes: string[] = [];

  constructor(private readonly input: PatternInput & { oneThreadLaunch?: boolean }) {}

  private src(n: SyntaxNode): string {
    return this.input.text.slice(n.startIndex, n.endIndex);
  }

  private resolve(type: string): string {
    const t = type.replace(/\b(?:const|volatile|__restrict__|__restrict|restrict)\b/g, '').replace(/\s+/g, ' ').trim();
    const bound = this.input.typeArgs?.[t] ?? t;
    return this.input.resolveType ? this.input.resolveType(bound) : bound;
  }

  run(): SingleKernel {
    const { fn, node } = this.input;
    if (fn.kind !== 'global') reject('not a `__global__` kernel');
    if (fn.templateParams && !this.input.typeArgs) reject('template kernel without exactly one instantiation launched in this file: instantiate the types first');
    if (this.input.typeArgs) this.notes.push(`instantiated for ${Object.entries(this.input.typeArgs).map(([k, v]) => `${k} = ${v}`).join(', ')}, as this file launches it`);
    if (fn.sharedArrays.length) reject('uses shared memory');
    if (fn.barriers.length) reject(`calls \`${fn.barriers[0]!.name}\``);
    for (const [index, p] of fn.params.entries()) {
      if (p.isReference) reject(`parameter \`${p.name}\` is a reference`);
      if (GENERATED.test(p.name)) reject(`parameter \`${p.name}\` has the name of a variable of the generated entry (tiling, stream, numBlocks, err, or a name ending in Gm): rename the parameter`);
      const base = this.resolve(p.baseType);
      if (p.pointerDepth === 1) {
        const t = TENSOR_TYPES[base];
        if (!t) reject(`pointer parameter \`${p.name}\` has element type \`${base}\`; single-thread ports read and write float and int32 tensors on the scalar unit`);
        this.tensors.set(p.name, { name: p.name, index, t, read: false, written: false, extent: 0 });
      } else if (p.pointerDepth === 0) {
        const t = SCALAR_TYPES[base];
        if (!t) reject(`parameter \`${p.name}\` has type \`${base}\`, which is not a scalar the port passes through`);
        this.scalars.set(p.name, { name: p.name, index, cppType: t });
      } else reject(`parameter \`${p.name}\` is a pointer to pointer`);
    }
    const body = node.childForFieldName('body');
    if (!body) reject('has no body');
    let stmts = body.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
    if (stmts.length && stmts[stmts.length - 1]!.type === 'return_statement' && !stmts[stmts.length - 1]!.namedChildren.length) stmts = stmts.slice(0, -1);
    if (!stmts.length) return this.result('empty');
    // The first-thread form: an optional global index, then the guard.
    let index: string | undefined;
    const first = stmts[0]!;
    if (first.type === 'declaration') {
      const d = first.namedChildren.find((c) => c?.type === 'init_declarator');
      const name = d?.childForFieldName('declarator');
      const value = d?.childForFieldName('value');
      if (name?.type === 'identifier' && value && first.namedChildren.filter((c) => c?.type === 'init_declarator').length === 1 && isGlobalIndex(this.src(value).replace(/\s+/g, ''))) {
        index = this.src(name);
        stmts = stmts.slice(1);
      }
    }
    const isFirst = (cond: SyntaxNode): boolean => {
      const c = this.src(cond).replace(/\s+/g, '').replace(/^\((.*)\)$/, '$1');
      const zero = (x: string) => [`${x}==0`, `0==${x}`, `!${x}`];
      if (index && zero(index).includes(c)) return true;
      if (index && zero(`(${index})`).includes(c)) return true;
      const t = zero('threadIdx.x');
      const b = zero('blockIdx.x');
      return t.some((x) => b.some((y) => c === `${x}&&${y}` || c === `${y}&&${x}`));
    };
    const notFirst = (cond: SyntaxNode): boolean => {
      const c = this.src(cond).replace(/\s+/g, '').replace(/^\((.*)\)$/, '$1');
      return !!index && (c === `${index}!=0` || c === `0!=${index}` || c === `${index}>0`);
    };
    let form: SingleKernel['form'];
    let work: SyntaxNode[];
    const last = stmts[stmts.length - 1]!;
    if (stmts.length === 1 && last.type === 'if_statement' && !last.childForFieldName('alternative') && isFirst(last.childForFieldName('condition')!)) {
      form = 'first-thread';
      const then = last.childForFieldName('consequence')!;
      work = then.type === 'compound_statement' ? then.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment') : [then];
    } else if (stmts[0]!.type === 'if_statement' && notFirst(stmts[0]!.childForFieldName('condition')!) && /^\{?\s*return\s*;\s*\}?$/.test(this.src(stmts[0]!.childForFieldName('consequence')!)) && !stmts[0]!.childForFieldName('alternative')) {
      form = 'first-thread';
      work = stmts.slice(1);
    } else if (this.input.oneThreadLaunch && !index) {
      form = 'one-thread-launch';
      work = stmts;
    } else {
      reject(index ? `is not guarded to its first thread (\`if (${index} == 0) { … }\`) and is not launched \`<<<1, 1>>>\` only` : 'is not a single-thread kernel: no guard to the first thread, and not every launch in this file is `<<<1, 1>>>`');
    }
    if (work.length && work[work.length - 1]!.type === 'return_statement' && !work[work.length - 1]!.namedChildren.length) work = work.slice(0, -1);
    if (!work.length) return this.result('empty');
    for (const s of work) this.statement(s);
    if (!this.steps.some((s) => s.k === 'store')) reject('stores nothing to a tensor');
    if (form === 'first-thread') this.notes.push('only the first thread of the CUDA grid does the work (its guard); the port does it once, on core 0, for any launch');
    else this.notes.push('every launch of the kernel in its file is `<<<1, 1>>>`: one CUDA thread does the work, and the port does it once, on core 0 (a launch with more threads would have raced)');
    return this.result(form);
  }

  private result(form: SingleKernel['form']): SingleKernel {
    if (form === 'empty') this.notes.push('the kernel does nothing: the port is an empty kernel with the same parameters, so the host keeps its launch');
    return { pattern: 'single', name: this.input.fn.name, form, tensors: [...this.tensors.values()], scalars: [...this.scalars.values()], steps: this.steps, cuda: this.cuda, notes: this.notes };
  }

  private statement(s: SyntaxNode): void {
    const text = this.src(s).replace(/\s+/g, ' ').trim();
    if (s.type === 'declaration') {
      const decls = s.namedChildren.filter((c): c is SyntaxNode => !!c && (c.type === 'init_declarator' || c.type === 'identifier'));
      if (decls.length !== 1 || decls[0]!.type !== 'init_declarator') reject(`declares \`${text}\`: declare one local with its value per statement`);
      const typeNode = s.childForFieldName('type');
      const type = SCALAR_TYPES[this.resolve(typeNode ? this.src(typeNode) : '')];
      if (!type) reject(`declares a local of type \`${typeNode ? this.src(typeNode) : '?'}\`; single-thread ports keep float, integer and bool locals`);
      const d = decls[0]!;
      const nameNode = d.childForFieldName('declarator');
      if (nameNode?.type !== 'identifier') reject(`declares \`${text}\`: only plain locals are kept`);
      const name = this.src(nameNode);
      if (this.tensors.has(name) || this.scalars.has(name) || this.locals.has(name) || GENERATED.test(name)) reject(`declares \`${name}\`, a name already used or generated`);
      const value = this.expr(d.childForFieldName('value')!);
      this.locals.set(name, type);
      this.steps.push({ k: 'local', cppType: type, name, value });
      this.cuda.push(text);
      return;
    }
    if (s.type === 'expression_statement') {
      const e = s.namedChildren[0];
      if (e?.type === 'assignment_expression') {
        const left = e.childForFieldName('left')!;
        const op = this.src(e).slice(left.endIndex - e.startIndex).trimStart().match(/^([-+*/]?=)/)?.[1];
        if (!op) reject(`assigns with \`${text}\`; single-thread ports store with =, +=, -=, *= and /=`);
        const target = this.gmRef(left);
        if (!target) reject(`assigns \`${this.src(left)}\`; single-thread ports store to a tensor at a constant index (\`p[0]\`, \`*p\`)`);
        const t = this.tensors.get(target.tensor)!;
        const value = this.expr(e.childForFieldName('right')!);
        const T = t.t === 'float' ? 'float' : 'int32_t';
        const full = op === '=' ? `static_cast<${T}>(${value})` : `static_cast<${T}>(${this.read(target.tensor, target.index)} ${op[0]} (${value}))`;
        t.written = true;
        t.extent = Math.max(t.extent, target.index + 1);
        this.steps.push({ k: 'store', tensor: target.tensor, index: target.index, value: full });
        this.cuda.push(text);
        return;
      }
    }
    reject(`has a statement \`${text.slice(0, 60)}\` that is not a local or a store to a tensor at a constant index`);
  }

  /** `p[k]` or `*p` of a pointer parameter at a constant index. */
  private gmRef(n: SyntaxNode): { tensor: string; index: number } | undefined {
    while (n.type === 'parenthesized_expression' && n.namedChildren.length === 1) n = n.namedChildren[0]!;
    if (n.type === 'subscript_expression') {
      const arg = n.childForFieldName('argument');
      const idx = n.childForFieldName('index') ?? n.namedChildren.find((c) => c?.type === 'subscript_argument_list')?.namedChildren[0] ?? n.namedChildren[1];
      if (arg?.type !== 'identifier' || !idx || !this.tensors.has(this.src(arg))) return undefined;
      const k = this.constIndex(idx);
      return k === undefined ? undefined : { tensor: this.src(arg), index: k };
    }
    if (n.type === 'pointer_expression' && this.src(n).startsWith('*')) {
      const arg = n.childForFieldName('argument');
      if (arg?.type === 'identifier' && this.tensors.has(this.src(arg))) return { tensor: this.src(arg), index: 0 };
    }
    return undefined;
  }

  private constIndex(n: SyntaxNode): number | undefined {
    const t = this.src(n).trim();
    if (/^\d+[uUlL]*$/.test(t)) return parseInt(t, 10);
    const c = /^[A-Za-z_]\w*$/.test(t) ? this.input.constant?.(t) : undefined;
    return c && !c.float && Number.isInteger(c.value) && c.value >= 0 && c.value < 1 << 20 ? c.value : undefined;
  }

  private read(tensor: string, index: number): string {
    const t = this.tensors.get(tensor)!;
    t.read = true;
    t.extent = Math.max(t.extent, index + 1);
    return `${tensor}Gm.GetValue(${index})`;
  }

  /** C++ text of an expression on the scalar unit. */
  private expr(n: SyntaxNode): string {
    const text = this.src(n);
    switch (n.type) {
      case 'number_literal': {
        if (/^(?:\d+\.\d*|\.\d+|\d+[eE])/.test(text) && !/[fF]$/.test(text)) reject(`computes with the double literal \`${text}\`; the port keeps CUDA's arithmetic on the scalar unit, whose double support the reference does not give: write \`${text}f\``);
        return text;
      }
      case 'true':
      case 'false':
        return text;
      case 'identifier': {
        if (this.scalars.has(text) || this.locals.has(text)) return text;
        if (this.tensors.has(text)) reject(`uses the pointer \`${text}\` as a value`);
        const c = this.input.constant?.(text);
        if (c) {
          if (c.float && !/[fF]$/.test(c.text) && /[.eE]/.test(c.text)) reject(`uses the double constant \`${text}\``);
          return c.text;
        }
        reject(`uses \`${text}\`, which is not a parameter, a local or a constant`);
      }
      // falls through (reject throws)
      case 'parenthesized_expression':
        return `(${this.expr(n.namedChildren[0]!)})`;
      case 'subscript_expression':
      case 'pointer_expression': {
        const ref = this.gmRef(n);
        if (!ref) reject(`reads \`${text}\`; single-thread ports read tensors at constant indices`);
        return this.read(ref.tensor, ref.index);
      }
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.type ?? '';
        if (!['+', '-', '*', '/', '%', '<', '>', '<=', '>=', '==', '!=', '&&', '||'].includes(op)) reject(`uses the operator \`${op}\``);
        return `${this.expr(n.childForFieldName('left')!)} ${op} ${this.expr(n.childForFieldName('right')!)}`;
      }
      case 'unary_expression': {
        const op = n.childForFieldName('operator')?.type ?? '';
        if (!['-', '+', '!'].includes(op)) reject(`uses the operator \`${op}\``);
        return `${op}${this.expr(n.childForFieldName('argument')!)}`;
      }
      case 'conditional_expression':
        return `(${this.expr(n.childForFieldName('condition')!)} ? ${this.expr(n.childForFieldName('consequence')!)} : ${this.expr(n.childForFieldName('alternative')!)})`;
      case 'cast_expression': {
        const typeNode = n.childForFieldName('type');
        return `static_cast<${this.castType(typeNode ? this.src(typeNode) : '')}>(${this.expr(n.childForFieldName('value')!)})`;
      }
      case 'call_expression': {
        const f = n.childForFieldName('function');
        const args = n.childForFieldName('arguments')?.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment') ?? [];
        const m = f ? /^static_cast\s*<([^<>]+)>$/.exec(this.src(f).trim()) : null;
        if (m && args.length === 1) return `static_cast<${this.castType(m[1]!)}>(${this.expr(args[0]!)})`;
        reject(`calls \`${f ? this.src(f) : text}\`; single-thread ports keep arithmetic, comparisons and casts (no function calls)`);
      }
      // falls through (reject throws)
      default:
        reject(`uses \`${text.slice(0, 40)}\` (${n.type.replace(/_/g, ' ')})`);
    }
  }

  private castType(written: string): string {
    const t = SCALAR_TYPES[this.resolve(written)];
    if (!t) reject(`casts to \`${written}\`; single-thread ports keep float, integer and bool values`);
    return t;
  }
}
