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
Flags device functions that call themselves directly.

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
    for (const f of ctx.facts.functions()) {
      if (f.kind === 'host') continue;
      for (const call of f.calls) {
        if (call.name !== f.name || call.qualified !== call.name) continue;
        // An overload with another arity (`make_float2(float s)` calling `make_float2(s, s)`) is another function.
        const required = f.params.filter((p) => !/=/.test(p.type)).length;
        if (call.args.length > f.params.length || call.args.length < required) continue;
        // `fminf(float2 a, float2 b)` calling `fminf(a.x, b.x)`: a component of a CUDA vector-type parameter picks the scalar overload.
        const vectorParams = new Set(f.params.filter((p) => VECTOR_TYPE.test(p.baseType.replace(/\bconst\b/g, '').trim())).map((p) => p.name));
        if (call.args.some((a) => new RegExp(`^\\s*(${[...vectorParams].join('|') || '(?!)'})\\s*\\.\\s*[xyzw]\\s*$`).test(a.text))) continue;
        ctx.report({ span: call.nameSpan, message: `\`${f.name}\` calls itself: ${ctx.target.soc} device code has no runtime recursion; rewrite it as a bounded loop` });
      }
    }
  },
});
