import { matchBracket } from '../model/scan';
import { defineRule } from './rule';
import { isDeviceFunction } from './support/device-code';

type Kind = 'int8' | 'uint8' | 'int64' | 'uint64' | 'bfloat16';

/** Element types the 910B vector arithmetic APIs do not list (ascend-c.md §2.1, §7: half, float, int32, int16 only). */
const KINDS: Readonly<Record<string, Kind>> = {
  int8_t: 'int8', 'signed char': 'int8',
  uint8_t: 'uint8', 'unsigned char': 'uint8',
  int64_t: 'int64', 'long long': 'int64', 'long long int': 'int64', 'signed long long': 'int64', 'signed long long int': 'int64',
  uint64_t: 'uint64', 'unsigned long long': 'uint64', 'unsigned long long int': 'uint64',
  __nv_bfloat16: 'bfloat16', nv_bfloat16: 'bfloat16',
};

/** What to convert to, from the conversions the reference lists for 910B (§2.2). */
const ADVICE: Readonly<Record<Kind, string>> = {
  int8: '`Cast` the tile to half or int32 first (check that your chip lists the conversion pair)',
  uint8: '`Cast` the tile to half or int32 first (check that your chip lists the conversion pair)',
  int64: '`Cast` the tile to int32 or float first (s64→s32/f32 are listed; check the value range)',
  uint64: '`Cast` the tile to int32 or float first (check the value range and that your chip lists the pair)',
  bfloat16: '`Cast` the tile to float first (bf16→f32 is listed) and back with CAST_RINT',
};

/** Arithmetic right after `p[...]`: binary operators and compound assignments, not `->`, `&&`, `||`, `--`, `++`. */
const AFTER = /^\s*(?:<<|>>|[-+*/%^](?![-+>])|&(?!&)|\|(?!\|))/;
/** Arithmetic right before `p[...]`: a binary or unary operator, or a compound assignment (`acc += p[i]`). */
const BEFORE = /(?:(?:<<|>>|[-+*/%^|&])=|[\w)\]]\s*[*&]|<<|>>|[-+/%^]|[^|]\||^\|)\s*$/;
/** The statement stores into an element (`y[i] = ...`, `y[i] += ...`): element-wise data work, not index maths. */
const ELEMENT_STORE = /\]\s*(?:<<|>>|[-+*/%&|^])?=(?!=)/;

export default defineRule({
  code: 'ASC406',
  name: 'element-type-arithmetic',
  family: 'math-types',
  effort: 'medium',
  summary: 'Element-wise arithmetic on int8, uint8, int64 or bfloat16 data in device code',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags pointer parameters of kernels and device functions whose elements are \`int8_t\`/\`uint8_t\` (\`signed char\`, \`unsigned char\`), \`int64_t\`/\`uint64_t\` (\`long long\`) or \`__nv_bfloat16\` when an element feeds arithmetic in a statement that stores into an array element, such as \`y[i] = a[i] + b[i]\` or \`out[i] = q[i] * scale\`. One finding per parameter and function, at the first such use. Elements used only as indices (\`x[idx[i]]\`), copied, or used in scalar bookkeeping are not flagged.

## Why is this a problem on Ascend
On Atlas A2 (910B) the vector arithmetic APIs (\`Add\`, \`Sub\`, \`Mul\`, \`Max\`, \`Min\`, \`Adds\`, \`Muls\`) list half, float, int32 and int16 element types only, and \`Div\`, \`Exp\`, \`Ln\`, \`Sqrt\` half and float. int8, uint8, int64 and bfloat16 data has to be converted with \`Cast\` (which takes an explicit \`RoundMode\`), computed in a supported type, and converted back. \`DataCopy\` moves any element type, so copies alone are fine.

## Example
\`\`\`cuda
#include <cstdint>
__global__ void dequant(const int8_t* q, float* y, float scale, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = q[i] * scale;
}
\`\`\`

## Use instead
Copy the int8 tile into UB, \`Cast\` it to a supported type, then compute, for example \`AscendC::Cast(qh, q, AscendC::RoundMode::CAST_NONE, count)\` (int8 to half), \`AscendC::Cast(qf, qh, AscendC::RoundMode::CAST_NONE, count)\` and \`AscendC::Muls(y, qf, scale, count)\`. Check the conversion pairs your chip lists.
`,
  check(ctx) {
    const fns = ctx.facts.functions().filter((f) => isDeviceFunction(f) && f.bodySpan);
    if (!fns.length) return;
    let masked: string | undefined;
    for (const fn of fns) {
      for (const p of fn.params) {
        const written = p.baseType.replace(/\s+/g, ' ').trim();
        // Through `typedef`/`using` aliases and type macros, from included headers too.
        const resolved = KINDS[written] ? written : ctx.facts.preproc.resolveType(written).replace(/\b(?:const|volatile|__restrict__|__restrict)\b/g, '').replace(/\s+/g, ' ').trim();
        const kind = KINDS[resolved];
        if (!kind || p.pointerDepth !== 1 || p.isReference || !p.name) continue;
        masked ??= ctx.facts.maskedText;
        const body = fn.bodySpan!;
        const re = new RegExp(`(?<![\\w.>:])${p.name}\\s*\\[`, 'g');
        re.lastIndex = body.start;
        let first: { start: number; end: number } | undefined;
        let count = 0;
        for (let m = re.exec(masked); m && m.index < body.end; m = re.exec(masked)) {
          const start = m.index;
          if (ctx.facts.enclosingFunction(start) !== fn) continue;
          const close = matchBracket(masked, start + m[0].length - 1);
          if (close < 0) continue;
          if (insideSubscript(masked, start, body.start)) continue;
          const arithmetic = AFTER.test(masked.slice(close + 1, close + 8)) || BEFORE.test(masked.slice(Math.max(body.start, start - 8), start));
          if (!arithmetic || !ELEMENT_STORE.test(statementAround(masked, start, body))) continue;
          count++;
          first ??= { start, end: close + 1 };
        }
        if (!first) continue;
        ctx.report({
          span: first,
          message: `\`${p.name}\` holds ${kind} elements${resolved !== written ? ` (\`${written}\` is \`${resolved}\`)` : ''} and \`${fn.name}\` computes with them (${plural(count, 'arithmetic use')}): ${ctx.target.soc} vector maths takes half/float/int32/int16; ${ADVICE[kind]}`,
        });
      }
    }
  },
});

/** True when `at` sits inside an unclosed `[` of the same statement (the element is an index). */
function insideSubscript(masked: string, at: number, floor: number): boolean {
  let depth = 0;
  for (let i = at - 1; i >= floor && i >= at - 512; i--) {
    const c = masked[i]!;
    if (c === ']' || c === ')') depth++;
    else if (c === '(') {
      if (depth === 0) continue; // a call argument or a condition: keep looking outward
      depth--;
    } else if (c === '[') {
      if (depth === 0) return true;
      depth--;
    } else if ((c === ';' || c === '{' || c === '}') && depth === 0) return false;
  }
  return false;
}

/** The statement text around `at`, from the previous `;`, `{` or `}` to the next `;` (inside the body). */
function statementAround(masked: string, at: number, body: { start: number; end: number }): string {
  let s = at;
  while (s > body.start && !';{}'.includes(masked[s - 1]!)) s--;
  let e = at;
  while (e < body.end && masked[e] !== ';' && masked[e] !== '{' && masked[e] !== '}') e++;
  return masked.slice(s, e);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
