import { defineRule } from './rule';

/** CUDA's built-in vector types (`float2`, `int4`, `uchar3`, …). */
const VECTOR_TYPE = /^(?:u?char|u?short|u?int|u?long|longlong|ulonglong|float|double|half|__half|bfloat16)[1-4]$/;

export default defineRule({
  code: 'ASC607',
  name: 'device-recursion',
  family: 'low-level',
  effort: 'high',
  summary: 'Recursive device functions',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags device functions that call themselves directly. Calls with explicit template
arguments (compile-time recursion, another specialisation) are not recursion, and neither
is a call that picks another overload: an argument cast to another type, or, where the
file has overloads of the same arity or the function overloads a CUDA built-in such as
\`__ldg\`, any call whose arguments are not evidently of the function's own parameter types.

## Why is this a problem on Ascend
Runtime recursion is not supported in Ascend C device code.

## Example
\`\`\`cuda
__device__ int fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }
\`\`\`

## Use instead
An iterative loop with an explicit bound, or compile-time recursion through templates.
`,
  check(ctx) {
    const fns = ctx.facts.functions();
    for (const f of fns) {
      if (f.kind === 'host') continue;
      for (const call of f.calls) {
        if (call.name !== f.name || call.qualified !== call.name) continue;
        // `sum<N - 1>(p)` or `f<float>(x)`: compile-time recursion or another specialisation, which is the fix, not the problem.
        if (/^\s*</.test(ctx.text.slice(call.nameSpan.end, call.nameSpan.end + 64))) continue;
        // An overload with another arity (`make_float2(float s)` calling `make_float2(s, s)`) is another function.
        const required = f.params.filter((p) => !/=/.test(p.type)).length;
        if (call.args.length > f.params.length || call.args.length < required) continue;
        // `fminf(float2 a, float2 b)` calling `fminf(a.x, b.x)`: a component of a CUDA vector-type parameter picks the scalar overload.
        const vectorParams = new Set(f.params.filter((p) => VECTOR_TYPE.test(p.baseType.replace(/\bconst\b/g, '').trim())).map((p) => p.name));
        if (call.args.some((a) => new RegExp(`^\\s*(${[...vectorParams].join('|') || '(?!)'})\\s*\\.\\s*[xyzw]\\s*$`).test(a.text))) continue;
        // An argument cast to another type than the parameter's picks another overload (`__ldg(reinterpret_cast<const unsigned short*>(p))`).
        const argTypes = call.args.map((a) => argType(a.text, f.params));
        if (argTypes.some((t, i) => t !== undefined && f.params[i] && t !== normType(f.params[i]!.type))) continue;
        // Overloads of the same arity in this file, or an overload of a CUDA built-in (`__ldcs` for a new type): the
        // call is recursion only if every argument has the parameter's own type.
        const sameArity = fns.filter((g) => g !== f && g.name === f.name && g.params.length === f.params.length).length > 0;
        if ((sameArity || /^__/.test(f.name)) && argTypes.some((t) => t === undefined)) continue;
        ctx.report({ span: call.nameSpan, message: `\`${f.name}\` calls itself: ${ctx.target.soc} device code has no runtime recursion; rewrite it as a bounded loop` });
      }
    }
  },
});

/** A type without spaces, `const`, `volatile` or restrict qualifiers. */
function normType(type: string): string {
  return type.replace(/\b(const|volatile|__restrict__|__restrict|restrict)\b/g, '').replace(/\s+/g, '');
}

/** The type of an argument when it is evident: a parameter passed on, or an explicit cast. */
function argType(text: string, params: readonly { name: string; type: string }[]): string | undefined {
  const t = text.trim();
  const param = params.find((p) => p.name === t);
  if (param) return normType(param.type);
  // `n - 1` with an integer parameter stays that integer type.
  const step = /^([A-Za-z_]\w*)\s*[-+*]\s*\d+$/.exec(t);
  const stepParam = step && params.find((p) => p.name === step[1] && /^(int|unsigned|unsignedint|long|longlong|size_t|int32_t|int64_t|uint32_t|uint64_t)$/.test(normType(p.type)));
  if (stepParam) return normType(stepParam.type);
  const cxx = /^(?:reinterpret_cast|static_cast|const_cast)\s*<(.+)>\s*\(.*\)$/s.exec(t);
  if (cxx) return normType(cxx[1]!);
  const cStyle = /^\(\s*((?:const\s+)?[A-Za-z_][\w:]*(?:\s+[A-Za-z_]\w*)*\s*\**)\s*\)\s*[\w(]/.exec(t);
  if (cStyle) return normType(cStyle[1]!);
  return undefined;
}
