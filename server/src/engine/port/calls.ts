/**
 * The API-call helpers every schedule's lowering shares: names through the API table,
 * spelled for the target's CANN version (a name missing from the table throws), member
 * functions checked against their class's declaration, and the one lowering of a plan's
 * map instructions (`lowerMapInstrs`), which the stream, reduceAll and rows schedules call
 * with their own operand names and phases.
 */
import { apiByName, spelledFor } from '../ascendc/api';
import type { Target } from '../target';
import type { ApiCall, LaunchParam } from './lower';
import { scalarMember } from './names';
import type { Operand, VInstr } from './plan';
import { CPP_TYPE, DTYPE_BYTES, scalars, type DType, type TileProgram } from './program';

export interface Calls {
  /** Every table entry named so far. */
  used: Set<string>;
  /** A table entry's name, spelled for the target's CANN. */
  A(name: string): string;
  /** A member function, checked against its class's declaration in the table. */
  M(cls: string, member: string): string;
  /** `AscendC::LocalTensor<T>`. */
  LT(T: string): string;
  fnCall(api: string, args: string[], targs?: string[]): ApiCall;
  member(obj: string, cls: string, m: string, args: string[], targs?: string[]): ApiCall;
  bound(c: ApiCall, type: string, nameOf: string): ApiCall;
  struct(api: string, type: string, nameOf: string, args: string[]): ApiCall;
  /** A scalar operand as C++ text: the kernel's scalar arguments read from their members. */
  S(text: string, t: DType): string;
}

export function apiCalls(program: TileProgram, target: Target): Calls {
  const used = new Set<string>();
  const A = (name: string): string => {
    const e = apiByName(name);
    if (!e) throw new Error(`the port would call \`${name}\`, which is not in the API table`);
    used.add(e.name);
    return spelledFor(e, target.cann);
  };
  const M = (cls: string, member: string): string => {
    const e = apiByName(cls);
    if (!e || !new RegExp(`\\b${member}\\s*\\(`).test(e.decl)) throw new Error(`the port would call \`${cls}::${member}\`, which is not in the API table`);
    used.add(e.name);
    return member;
  };
  const scalarNames = new Set(scalars(program).filter((s) => s.usedInCompute).map((s) => s.name));
  const toMember = (text: string) => text.replace(/\b[A-Za-z_]\w*\b/g, (m) => (scalarNames.has(m) ? scalarMember(m) : m));
  return {
    used,
    A,
    M,
    LT: (T) => `AscendC::${A('LocalTensor')}<${T}>`,
    fnCall: (api, args, targs) => ({ api, callee: `AscendC::${A(api)}${targs ? `<${targs.join(', ')}>` : ''}`, args }),
    member: (obj, cls, m, args, targs) => ({ api: cls, callee: `${obj}.${M(cls, m)}${targs ? `<${targs.join(', ')}>` : ''}`, args }),
    bound: (c, type, nameOf) => ({ ...c, bind: { type, name: nameOf } }),
    struct: (api, type, nameOf, args) => ({ api, callee: '', args, bind: { type, name: nameOf, brace: true } }),
    S: (text, t) => `static_cast<${CPP_TYPE[t]}>(${toMember(text)})`,
  };
}

/**
 * The calls of a plan's map instructions, appended to `out`. A temporary is declared (taken
 * from its slot's TBuf) where it is first written. `name` names an operand in this schedule;
 * `other` lowers the instructions a schedule adds (iota, cast, select), or throws.
 */
export function lowerMapInstrs(
  c: Calls,
  instrs: readonly VInstr[],
  slotOf: Readonly<Record<number, number>>,
  name: (o: Operand) => string,
  out: ApiCall[],
  other: (x: Extract<VInstr, { i: 'iota' | 'cast' | 'select' }>, dst: (o: Operand) => string) => void,
  declared: Set<number> = new Set(),
): void {
  const dst = (o: Operand) => {
    if (o.k === 'tmp' && !declared.has(o.v)) {
      declared.add(o.v);
      out.push(c.bound(c.member(`tmpBuf${slotOf[o.v]}_`, 'TBuf', 'Get', [], [CPP_TYPE[o.t]]), c.LT(CPP_TYPE[o.t]), name(o)));
    }
    return name(o);
  };
  for (const x of instrs) {
    switch (x.i) {
      case 'binary':
        out.push(c.fnCall(x.api, [dst(x.dst), name(x.a), name(x.b), 'cnt']));
        break;
      case 'scalar':
        out.push(c.fnCall(x.api, [dst(x.dst), name(x.a), c.S(x.scalar, x.dst.t), 'cnt']));
        break;
      case 'unary':
        out.push(c.fnCall(x.api, [dst(x.dst), name(x.a), 'cnt']));
        break;
      case 'dup':
        out.push(c.fnCall('Duplicate', [dst(x.dst), c.S(x.scalar, x.dst.t), 'cnt']));
        break;
      case 'copy': {
        // UB → UB DataCopy moves whole 32-byte blocks: round the count up (tiles are whole blocks, so this stays in the buffers).
        const per = 32 / DTYPE_BYTES[x.dst.t];
        out.push(c.fnCall('DataCopy', [dst(x.dst), name(x.a), `static_cast<uint32_t>((cnt + ${per - 1}) / ${per} * ${per})`]));
        break;
      }
      default:
        other(x, dst);
    }
  }
}

/**
 * The launch wrapper's parameters for the CUDA kernel's arguments, in their order: each tensor
 * as `void*` (`const void*` when the kernel only reads it), each scalar in its C++ type without
 * `const`. Schedules append their extras (CUDA launch dimensions) and the stream.
 */
export function argLaunchParams(program: TileProgram): LaunchParam[] {
  return program.args.map((a) =>
    a.kind === 'tensor'
      ? { name: a.name, cppType: a.written ? 'void*' : 'const void*', from: 'arg', argIndex: a.index, tensor: { dtype: a.dtype, written: a.written, read: a.read } }
      : { name: a.name, cppType: a.cppType.replace(/\bconst\b\s*/g, '').trim(), from: 'arg', argIndex: a.index },
  );
}
