/**
 * The one GEMM detector: reads a kernel (or `__device__` function) and says whether it
 * computes a matrix product, as a `GemmDescription` (model/gemm.ts), or why not. The GEMM
 * rule (ASC709), the Cube estimates (estimates/classify.ts) and the pattern classifier
 * (port/classes.ts) all call it, so they agree by construction (test/unit/gemm-detect.test.ts).
 *
 * How it reads a kernel (docs/estimates.md, Classification):
 * 1. Every access `P[i]` to a pointer parameter (through local aliases `p = P + off` and
 *    in-loop advances `P += step`) becomes an index polynomial (model/affine.ts) over
 *    thread and block indices, loop variables, parameters and constants.
 * 2. The reduction loop `k` is a loop whose variable indexes two different read operands
 *    in a kernel that accumulates products (`+= x * y`, `fma`). The operand whose
 *    non-`k` part follows the output's row is A, the other B. An operand indexed by `k`
 *    alone is a vector (GEMV); two operands with the same index, or without any other
 *    index, are a dot product; an operand whose `k` and output index share one stride is a
 *    sliding window (a convolution): none of these is a GEMM.
 * 3. Layouts and leading dimensions from strides: in A, `k` at a stride of 1 (or a tile
 *    step) is row-major with the other index's stride as `lda`; `k` at a parameter
 *    stride is column-major. B the other way round. C from its own index.
 * 4. Extents: K from the loop's bound, M and N from the bound checks on the row and column
 *    indices (else the output's leading dimension, else only the launch knows: `unknowns`).
 * 5. Batching from `blockIdx.z` terms; alpha, beta, bias, residual and activation from the
 *    code after the reduction loop; the form from shared arrays, register tiles, `float4`,
 *    warp indices, double buffers, `wmma` fragments or `mma` PTX.
 * `wmma` kernels are read from the fragment loads' pointers, origins and leading dimensions
 * (`wmmaGemm`): the origins must walk A's and B's K axis with the `mma_sync` loop, beta may
 * scale a tensor other than the output (`epilogue.cIn`), and the launch geometry (one warp per
 * fragment) comes from the same origins.
 *
 * Pure and bounded: regular expressions over the masked body and the affine parser; on
 * anything it cannot read it answers with a reason, never throws.
 */
import { detached } from './units';
import {
  addPoly,
  coefficientOf,
  constPoly,
  factors,
  filterTerms,
  isIndexSymbol,
  mulPoly,
  parseIndex,
  polyText,
  samePoly,
  symPoly,
  symbolsOf,
  opaqueSym,
  type Env,
  type Poly,
} from './affine';
import type { FileFacts } from './facts';
import type { GemmDescription, GemmEpilogue, GemmExtent, GemmForm } from './gemm';
import type { FunctionModel } from './kernels';
import { matchBracket, splitTopLevel } from './scan';

export type GemmVerdict = { gemm: GemmDescription } | { miss: string };

/** The GEMM the function computes, or undefined. */
export function detectGemm(facts: FileFacts, fn: FunctionModel): GemmDescription | undefined {
  const v = analyzeGemm(facts, fn);
  return 'gemm' in v ? v.gemm : undefined;
}

const memo = new WeakMap<FunctionModel, GemmVerdict>();

/** The detector's verdict with the reason when there is no GEMM (for portcov's list of misses). */
export function analyzeGemm(facts: FileFacts, fn: FunctionModel): GemmVerdict {
  const hit = memo.get(fn);
  if (hit) return hit;
  // Across versions, by everything the detector may read (`FileFacts.portKey`); the site is
  // kept relative to the function, and a site outside it (a helper's) is not kept.
  const across = facts.acrossVersions('GEMM readings');
  const key = `${fn.name}\0${facts.portKey(fn)}`;
  const kept = across.get(key) as { v: GemmVerdict; at: number } | undefined;
  let v: GemmVerdict;
  if (kept) {
    facts.keepBounded(across, key, kept);
    v = relocated(kept.v, fn.span.start - kept.at);
  } else {
    try {
      v = analyze(facts, fn);
      if ('miss' in v && fn.kind === 'global') v = throughHelper(facts, fn) ?? v;
    } catch (e) {
      v = { miss: `the detector could not read the kernel (${e instanceof Error ? e.message : String(e)})` };
    }
    const site = 'gemm' in v ? v.gemm.site : undefined;
    if (!site || (site.start >= fn.span.start && site.end <= fn.span.end)) {
      facts.keepBounded(across, key, detached({ v, at: fn.span.start }));
    }
  }
  memo.set(fn, v);
  return v;
}


function relocated(v: GemmVerdict, delta: number): GemmVerdict {
  if (!delta || !('gemm' in v) || !v.gemm.site) return v;
  return { ...v, gemm: { ...v.gemm, site: { start: v.gemm.site.start + delta, end: v.gemm.site.end + delta } } };
}

/**
 * A kernel that hands its pointers to a `__device__` function of the file
 * (`matrixMul<16>(C, A, B, wA, wB)`): the helper's GEMM, in the kernel's names.
 */
function throughHelper(facts: FileFacts, fn: FunctionModel): GemmVerdict | undefined {
  const helpers = facts.functions().filter((f) => f !== fn && f.bodySpan && (f.kind === 'device' || f.kind === 'host-device'));
  for (const call of fn.calls) {
    const h = helpers.find((f) => f.name === call.name && f.params.length === call.args.length);
    if (!h) continue;
    const v = analyzeGemm(facts, h);
    if (!('gemm' in v)) continue;
    const names = new Map<string, string>();
    h.params.forEach((p, i) => {
      const arg = call.args[i]?.text.trim() ?? '';
      if (/^[A-Za-z_]\w*$/.test(arg)) names.set(p.name, arg);
    });
    const rename = (e: string) => e.replace(/[A-Za-z_]\w*/g, (id) => names.get(id) ?? id);
    const json = JSON.stringify(v.gemm, (key, value) => (typeof value === 'string' && key !== 'kernel' && key !== 'form' && key !== 'layout' && key !== 'kind' && key !== 'elementType' && key !== 'accumulator' ? rename(value) : value));
    const g = JSON.parse(json) as GemmDescription;
    return { gemm: { ...g, kernel: fn.name, site: v.gemm.site } };
  }
  return undefined;
}

interface Loop {
  v: string;
  /** Every variable the header declares (`for (int a = …, b = …; …)` walks A and B in lockstep). */
  vars: string[];
  inits: Map<string, string>;
  start: number;
  end: number;
  /** Offset of the loop's body, relative to the function body. */
  header: string;
  init?: string;
  cond?: string;
  step?: string;
}

interface Access {
  param: string;
  index: Poly;
  at: number;
  written: boolean;
  /** Read as a factor of a product, not copied into a tile. */
  inProduct: boolean;
  text: string;
}

const MAX_BODY = 200_000;

function baseType(t: string): string {
  return t.replace(/\b(const|volatile|__restrict__|__restrict|restrict)\b/g, '').replace(/[*&]/g, '').replace(/\s+/g, ' ').trim();
}

function analyze(facts: FileFacts, fn: FunctionModel): GemmVerdict {
  if (!fn.bodySpan) return { miss: 'no body' };
  const bodyStart = fn.bodySpan.start;
  const body = facts.maskedText.slice(bodyStart, fn.bodySpan.end);
  if (body.length > MAX_BODY) return { miss: 'body too large for the detector' };
  const pointers = fn.params.filter((p) => p.pointerDepth >= 1);
  const scalars = new Set(fn.params.filter((p) => p.pointerDepth === 0 && !p.isReference).map((p) => p.name));
  const pointerNames = new Set(pointers.map((p) => p.name));
  const elementType = (name: string) => {
    const p = fn.params.find((x) => x.name === name);
    return p ? facts.preproc.resolveType(baseType(p.baseType)) : 'float';
  };
  const templateNames = new Set([...(fn.templateParams ?? '').matchAll(/\b(?:int|bool|unsigned|size_t|long|typename|class)\s+([A-Za-z_]\w*)/g)].map((m) => m[1]!));

  const accesses: Access[] = [];
  // Loops, relative to the body.
  const loops: Loop[] = [];
  for (const l of fn.loops) {
    if (l.kind !== 'for') continue;
    const h = /^for\s*\(([^;]*);([^;]*);([^)]*(?:\)[^)]*)*)\)$/.exec(l.header);
    const init = h?.[1]?.trim();
    const v = init ? /([A-Za-z_]\w*)\s*=(?!=)/.exec(init)?.[1] : undefined;
    if (!v) continue;
    // `int a = aBegin, b = bBegin`: each variable with its first value.
    const inits = new Map<string, string>();
    for (const part of init!.replace(/^(?:[A-Za-z_][\w:]*\s+)+(?=[A-Za-z_]\w*\s*=)/, '').split(',')) {
      const x = /^\s*([A-Za-z_]\w*)\s*=(?!=)\s*(.+)$/.exec(part);
      if (x) inits.set(x[1]!, x[2]!.trim());
    }
    loops.push({ v, vars: [...new Set([v, ...inits.keys()])], inits, start: l.span.start - bodyStart, end: l.span.end - bodyStart, header: l.header, init: inits.get(v) ?? '0', cond: h?.[2]?.trim(), step: h?.[3]?.trim() });
  }
  const loopVars = new Set(loops.flatMap((l) => l.vars));
  const loopsAt = (at: number) => loops.filter((l) => at >= l.start && at < l.end);

  // Local definitions: a name declared with a value and never assigned otherwise; a name
  // declared several times (in sibling scopes) takes the last declaration before the use.
  const defs = new Map<string, Array<{ at: number; expr: string }>>();
  const assigned = new Map<string, number>();
  for (const m of body.matchAll(/(?<![\w.>])([A-Za-z_]\w*)\s*(?:[-+*/%|&^]|<<|>>)?=(?!=)/g)) assigned.set(m[1]!, (assigned.get(m[1]!) ?? 0) + 1);
  for (const m of body.matchAll(/(?<=^|[;{}(]|#[^\n]*\n)\s*(?:const\s+|constexpr\s+|static\s+)*(?:unsigned\s+|signed\s+)?(?:int|long|long\s+long|size_t|int64_t|int32_t|uint32_t|uint64_t|auto|unsigned|short|[A-Za-z_]\w*_t(?:ype)?)\s+((?:[A-Za-z_]\w*\s*=\s*[^;,{}]+,\s*)*[A-Za-z_]\w*\s*=\s*[^;,{}]+);/g)) {
    for (const d of m[1]!.split(',')) {
      const x = /^\s*([A-Za-z_]\w*)\s*=\s*([^]+)$/.exec(d);
      if (!x || loopVars.has(x[1]!)) continue;
      defs.set(x[1]!, [...(defs.get(x[1]!) ?? []), { at: m.index!, expr: x[2]! }]);
    }
  }
  for (const [name, ds] of defs) if ((assigned.get(name) ?? 0) > ds.length) defs.delete(name);
  const constants = new Set<string>();
  let here = body.length;
  const env: Env = (name, depth) => {
    if (scalars.has(name) || loopVars.has(name) || templateNames.has(name)) return undefined;
    const ds = defs.get(name);
    if (ds) {
      const d = [...ds].reverse().find((x) => x.at < here) ?? ds[0]!;
      return parseIndex(d.expr, env, depth) ?? undefined;
    }
    const c = facts.preproc.constant(name);
    if (c && !c.float && Number.isInteger(c.value)) constants.add(name);
    return undefined;
  };
  const parse = (e: string, at = body.length): Poly => {
    here = at;
    return parseIndex(e, env) ?? opaqueSym(e);
  };

  // Tile constants: extents of shared and register arrays, loop steps and bounds of inner loops.
  const tileNames = new Set<string>();
  for (const s of fn.sharedArrays) for (const d of s.dims) for (const id of d.match(/[A-Za-z_]\w*/g) ?? []) tileNames.add(id);
  for (const m of body.matchAll(/\b(?:float|double|half|__half|int|float4|__nv_bfloat16)\s+[A-Za-z_]\w*\s*((?:\[[^\]]+\])+)\s*[;=]/g)) for (const id of m[1]!.match(/[A-Za-z_]\w*/g) ?? []) tileNames.add(id);
  for (const l of loops) for (const id of `${l.step ?? ''}`.match(/[A-Za-z_]\w*/g) ?? []) if (id !== l.v) tileNames.add(id);
  for (const t of templateNames) tileNames.add(t);
  // Dimension constants: compared as a bound (guards, loops over an operand index); other constants are tile sizes.
  let dims: Set<string> | undefined;
  const dimensionNames = () =>
    (dims ??= new Set([
      ...guards(body).flatMap((g) => g.rhs.match(/[A-Za-z_]\w*/g) ?? []),
      ...loops.filter((l) => accesses.some((a) => new RegExp(`\\b${l.v}\\b`).test(a.text))).flatMap((l) => (l.cond ?? '').replace(/^[^<>=!]*[<>=!]=?/, '').match(/[A-Za-z_]\w*/g) ?? []),
    ]));
  /** The factors of a monomial that make it a leading-dimension stride: parameters, dimension constants, unknown locals. */
  const strideFactors = (mono: string): string[] =>
    factors(mono).filter((s) => {
      if (s.startsWith('⟦') || isIndexSymbol(s) || /^(blockDim|gridDim)\./.test(s) || loopVars.has(s) || s.startsWith('#')) return false;
      if (scalars.has(s)) return true;
      if (constants.has(s) || templateNames.has(s) || tileNames.has(s)) return dimensionNames().has(s) && !tileNames.has(s);
      return !/^[a-z]{1,2}$/.test(s);
    });
  const strideOf = (p: Poly): string[] => {
    const seen = new Set<string>();
    for (const m of p.keys()) {
      const f = strideFactors(m);
      if (f.length) seen.add(f.sort().join('*'));
    }
    // `blockIdx.y * TILE * K` and `ty * K`: the stride is the factor set every term shares.
    const all = [...seen].map((x) => x.split('*'));
    const common = all.find((c) => all.every((o) => c.every((f) => o.includes(f))));
    return common ? [common.join('*')] : [...seen];
  };

  // Pointer aliases and advances.
  const aliasBase = new Map<string, { base: string; offset: Poly }>();
  for (const p of pointerNames) aliasBase.set(p, { base: p, offset: new Map() });
  for (const m of body.matchAll(/\b(?:const\s+)?[A-Za-z_][\w:]*(?:\s*<[^<>;]*>)?\s*\*\s*(?:const\s+)?(?:__restrict__\s+)?([A-Za-z_]\w*)\s*=\s*(&?)\s*([A-Za-z_]\w*)\s*(?:\[([^;\]]*)\]|\+\s*([^;]+))?\s*;/g)) {
    const [, name, amp, src, sub, plus] = m;
    const base = aliasBase.get(src!);
    if (!base || (amp && sub === undefined) || name === src) continue;
    aliasBase.set(name!, { base: base.base, offset: addPoly(base.offset, parse(sub ?? plus ?? '0')) });
  }
  const advances: { name: string; step: Poly; at: number }[] = [];
  for (const m of body.matchAll(/(?<![\w.>])([A-Za-z_]\w*)\s*\+=\s*([^;]+);/g)) {
    if (aliasBase.has(m[1]!)) advances.push({ name: m[1]!, step: parse(m[2]!), at: m.index! });
  }

  // Accesses.
  for (const [name, alias] of aliasBase) {
    const re = new RegExp(`(?<![\\w.>])${name}\\s*\\[`, 'g');
    for (let m = re.exec(body); m; m = re.exec(body)) {
      const open = m.index + m[0].length - 1;
      const close = matchBracket(body, open);
      if (close < 0) continue;
      const idx = body.slice(open + 1, close);
      let index = addPoly(alias.offset, parse(idx, m.index));
      for (const a of advances) {
        if (a.name !== name && aliasBase.get(a.name)?.base !== alias.base) continue;
        if (a.name !== name && a.name !== alias.base) continue;
        const inLoop = loopsAt(a.at).filter((l) => m!.index >= l.start && m!.index < l.end);
        if (inLoop.length) index = addPoly(index, mulPoly(a.step, symPoly(`#${inLoop[inLoop.length - 1]!.v}`)));
        else if (a.at < m.index) index = addPoly(index, a.step);
      }
      const after = body.slice(close + 1, close + 4);
      const written = /^\s*(?:[-+*/]?=(?!=))/.test(after) || /^\s*(?:\.\s*[xyzw]|\)\s*\[[^\]]*\])\s*=(?!=)/.test(body.slice(close + 1, close + 16));
      // In a product (`a[…] * b[…]`, `__half2float(a[…]) * …`), not a copy into a tile.
      const before = body.slice(Math.max(0, m.index - 40), m.index);
      const inProduct = /\*\s*(?:[A-Za-z_][\w:<>]*\s*\(\s*)?$/.test(before) || /^\s*\)?\s*\*(?!=)/.test(body.slice(close + 1, close + 8));
      accesses.push({ param: alias.base, index, at: m.index, written, inProduct, text: body.slice(m.index, close + 1) });
    }
  }

  // `ld(p + off)`, `st(out + off, v)`, `memcpy_async(dst, src + off, …)`: pointer arithmetic as a call argument.
  for (const [name, alias] of aliasBase) {
    const re = new RegExp(`([A-Za-z_][\\w:]*)\\s*\\(([^()]*?)(?<![\\w.>])${name}\\s*\\+(?!\\+)`, 'g');
    for (let m = re.exec(body); m; m = re.exec(body)) {
      const from = m.index + m[0].length;
      let depth = 0;
      let end = from;
      for (; end < body.length; end++) {
        const ch = body[end]!;
        if (ch === '(' || ch === '[') depth++;
        else if (ch === ')' || ch === ']') {
          if (depth === 0) break;
          depth--;
        } else if (ch === ',' && depth === 0) break;
      }
      const callee = m[1]!;
      if (/^(?:if|while|for|switch|return|sizeof)$/.test(callee)) continue;
      const firstArg = !/,/.test(m[2]!);
      const written = firstArg && /(?:^|_|\b)(?:st|store|write|stg)\w*$/i.test(callee.replace(/^.*::/, ''));
      let index = addPoly(alias.offset, parse(body.slice(from, end), m.index));
      for (const a of advances) {
        if (a.name !== name && a.name !== alias.base) continue;
        const inLoop = loopsAt(a.at).filter((l) => m!.index >= l.start && m!.index < l.end);
        if (inLoop.length) index = addPoly(index, mulPoly(a.step, symPoly(`#${inLoop[inLoop.length - 1]!.v}`)));
        else if (a.at < m.index) index = addPoly(index, a.step);
      }
      accesses.push({ param: alias.base, index, at: m.index, written, inProduct: false, text: `${name} + ${body.slice(from, end).trim()}` });
    }
  }

  // Tensor-core fragments: read from the fragment loads.
  if (/\b(?:wmma::)?(?:load_matrix_sync|mma_sync)\b/.test(body) && /\bfragment\s*</.test(body)) return wmmaGemm(fn, body, loops, parse, elementType, pointers.map((p) => p.name), accesses, (name) => facts.integerConstant(name));
  const asm = facts.asm().filter((a) => a.span.start >= fn.span.start && a.span.end <= fn.span.end);
  const mma = asm.find((a) => /\bmma\.sync\b|\bwgmma\b|\bmma\./.test(facts.text.slice(a.span.start, a.span.end)));
  if (mma) return ptxGemm(fn, mma.span, pointers.map((p) => p.name), accesses, elementType);

  // An accumulated product inside a loop.
  const products = /(?:\+=|=\s*[A-Za-z_]\w*(?:\[[^\]]*\])*\s*\+)[^;]*\*|\b(?:fmaf?|__fmaf_r[nzud]|__fma_r[nzud]|__hfma2?|__fmul_rn)\s*\(/.test(body);
  if (!products || !loops.length) return { miss: 'no product accumulated in a loop' };

  const reads = accesses.filter((a) => !a.written);
  const writes = accesses.filter((a) => a.written);
  if (!writes.length) return { miss: 'writes no pointer parameter' };

  // Candidate reduction loops: a loop variable (or an advance in the loop) in the index of two read operands.
  let miss = 'no loop indexes two different read operands';
  let lockstep: string[] = [];
  const dependsOn1 = (p: Poly, v: string) => symbolsOf(p).has(v) || symbolsOf(p).has(`#${v}`) || [...symbolsOf(p)].some((s) => s.startsWith('⟦') && new RegExp(`\\b${v}\\b`).test(s));
  const dependsOn = (p: Poly, v: string) => [v, ...lockstep].some((x) => dependsOn1(p, x));
  // A variable stepping by `x += s` moves its operand by `s` per step: `b += bStep` with `bStep = T * wB` walks B's rows.
  // (A variable of the loop's init may be stepped by another loop: a pipeline's prefetch loop
  // `for (; aStage <= …; aStage += aStep, bStage += bStep)` walks the stages' tiles.)
  const stepOf = (x: string): Poly => {
    const l = loops.find((q) => q.vars.includes(x));
    const re = new RegExp(`\\b${x}\\s*\\+=\\s*([^,]+)`);
    const m = (l?.step ? re.exec(l.step) : null) ?? fn.loops.map((q) => (q.kind === 'for' ? re.exec(/^for\s*\([^;]*;[^;]*;([^]*)\)$/.exec(q.header)?.[1] ?? '') : null)).find(Boolean);
    return m ? parse(m[1]!.trim()) : constPoly(1);
  };
  const kCoef = (p: Poly, v: string) => [v, ...lockstep].reduce((acc, x) => addPoly(acc, addPoly(mulPoly(coefficientOf(p, x), stepOf(x)), coefficientOf(p, `#${x}`))), new Map() as Poly);
  const ordered = [...loops].sort((a, b) => a.start - b.start);
  for (const loop of ordered) {
    const v = loop.v;
    lockstep = loop.vars.slice(1);
    const byParam = new Map<string, Access[]>();
    for (const a of reads) if (dependsOn(a.index, v) && a.at >= loop.start && a.at < loop.end) byParam.set(a.param, [...(byParam.get(a.param) ?? []), a]);
    if (byParam.size < 2) continue;
    const ops = [...byParam.keys()];
    const first = (p: string) => byParam.get(p)![0]!;
    // Two operands with the same index, or an index of `k` alone: a dot product.
    // The index without the reduction variables, plus the thread/block part of their first values
    // (`a = aBegin = wA * BLOCK_SIZE * blockIdx.y`: A's rows follow blockIdx.y).
    const other = (a: Access) => {
      let o = filterTerms(a.index, (fs) => !loop.vars.some((x) => fs.includes(x) || fs.includes(`#${x}`)) && !fs.includes('blockIdx.z'));
      for (const x of loop.vars) {
        const c = coefficientOf(a.index, x);
        const init = loop.inits.get(x);
        if (!c.size || !init) continue;
        o = addPoly(o, mulPoly(c, filterTerms(parse(init), (fs) => fs.some((f) => isIndexSymbol(f)))));
      }
      return o;
    };
    const isIdx = (fs: string[]) => fs.some((s) => isIndexSymbol(s) || (loopVars.has(s) && s !== v) || s.startsWith('#'));
    const matrixOps = ops.filter((p) => byParam.get(p)!.some((a) => [...other(a).keys()].some((m) => isIdx(factors(m)))));
    const same = byParam.get(ops[0]!)!.flatMap((a) => byParam.get(ops[1]!)!.filter((b) => samePoly(a.index, b.index)).map((b) => [a, b] as const))[0];
    if (same) {
      miss = `\`${same[0].text} * ${same[1].text}\`: two operands read at the same index, a dot product of two vectors (not a GEMM)`;
      continue;
    }
    if (!matrixOps.length) {
      miss = `\`${ops.join('`, `')}\` are indexed by \`${v}\` alone: a dot product of two vectors (not a GEMM)`;
      continue;
    }
    // A sliding window: an output index at the same stride as `k` in an operand read in the product itself.
    const out = writes.find((w) => !byParam.has(w.param));
    const outSyms = out ? symbolsOf(out.index) : new Set<string>();
    const window = matrixOps.find((p) =>
      byParam.get(p)!.some((a) => {
        if (!a.inProduct) return false;
        const kc = kCoef(a.index, v);
        return [...symbolsOf(other(a))].some((s) => outSyms.has(s) && (isIndexSymbol(s) || (loopVars.has(s) && s !== v)) && samePoly(coefficientOf(a.index, s), kc));
      }),
    );
    if (window) {
      miss = `\`${first(window).text}\` slides over \`${v}\` (an index and \`${v}\` share one stride): a convolution or stencil, not a GEMM`;
      continue;
    }
    // The two operands must meet in a product: in one accumulating statement, or staged into
    // shared memory (or a register) that an accumulating product in the loop reads.
    const pair = pairInProduct(body, loop, byParam, fn);
    if (!pair.ok) {
      miss = pair.why;
      continue;
    }
    const vecOps = ops.filter((p) => !matrixOps.includes(p));
    return describe(fn, body, loop, loops, byParam, matrixOps, vecOps, writes, reads, parse, strideOf, kCoef, other, elementType, scalars, constants, facts);
  }
  return { miss };
}

type Parse = (e: string) => Poly;

const ACCUMULATE = /\+=[^;{}]*\*|=\s*(?:[\w:]*fmaf?|__fmaf_r[nzud]|__fma_r[nzud]|__hfma2?)\s*\(|([A-Za-z_]\w*(?:\[[^\]]*\])*)\s*=\s*\1\s*\+[^;{}]*\*/;

/** The statement around `at`: from the previous `;`, `{` or `}` to the next `;`. */
function statementSpan(body: string, at: number): [number, number] {
  let s = at;
  while (s > 0 && !';{}'.includes(body[s - 1]!)) s--;
  let e = at;
  while (e < body.length && body[e] !== ';') e++;
  return [s, e];
}

function statementAt(body: string, at: number): string {
  const [s, e] = statementSpan(body, at);
  return body.slice(s, e);
}

function pairInProduct(body: string, loop: Loop, byParam: Map<string, Access[]>, fn: FunctionModel): { ok: true } | { ok: false; why: string } {
  const ops = [...byParam.keys()];
  const statements = new Map(ops.map((p) => [p, byParam.get(p)!.map((a) => ({ a, st: statementAt(body, a.at) }))]));
  // 1. One statement accumulates a product of both.
  for (const { a, st } of statements.get(ops[0]!)!) {
    if (!ACCUMULATE.test(st)) continue;
    const [s0, s1] = statementSpan(body, a.at);
    if (ops.slice(1).some((q) => byParam.get(q)!.some((b) => b.at >= s0 && b.at < s1))) return { ok: true };
  }
  const loopText = body.slice(loop.start, loop.end);
  const sharedNames = fn.sharedArrays.map((s) => s.name);
  const localArrays = [...body.matchAll(/\b[A-Za-z_][\w:]*\s+([A-Za-z_]\w*)\s*(?:\[[^\]]+\])+\s*[;=]/g)].map((m) => m[1]!);
  const staged = (p: string): string | undefined => {
    for (const { st } of statements.get(p)!) {
      let t = st.trim();
      // `if (cond) As[…] = A[…]`: the statement after the condition.
      if (/^if\s*\(/.test(t)) {
        let d = 0;
        let i = t.indexOf('(');
        for (; i < t.length; i++) {
          if (t[i] === '(') d++;
          else if (t[i] === ')' && --d === 0) break;
        }
        t = t.slice(i + 1).trim();
      }
      // `As[ty][tx] = A[…]`, `AS(ty, tx) = A[…]`, `memcpy_async(&As[…], &A[…], …)`, `st_vec(&lhs_s[…], ld_vec(inp + …))`, `float4 v = …A[…]`.
      const lhs = /^([A-Za-z_]\w*)\s*[\[(]/.exec(t)?.[1];
      if (lhs && (sharedNames.includes(lhs) || localArrays.includes(lhs) || /^[A-Z]{1,3}S?$/.test(lhs)) && /=(?!=)/.test(t)) return lhs;
      const into = /^(?:[\w:]+\s*\(\s*)?(?:[\w:<>]+\s*\(\s*)?&\s*([A-Za-z_]\w*)\s*\[/.exec(t)?.[1];
      if (into && (sharedNames.includes(into) || localArrays.includes(into))) return into;
      const reg = /^(?:const\s+)?[A-Za-z_][\w:]*\s+([A-Za-z_]\w*)\s*=/.exec(t)?.[1];
      if (reg) return reg;
      const arr = /^\(?\s*\*?\s*(?:reinterpret_cast\s*<[^>]*>\s*\(\s*&\s*)?([A-Za-z_]\w*)\s*\[/.exec(t)?.[1];
      if (arr && (sharedNames.includes(arr) || localArrays.includes(arr))) return arr;
    }
    return undefined;
  };
  const sa = staged(ops[0]!);
  const sb = ops.slice(1).map(staged).find(Boolean);
  if (sa && sb) {
    // 2. An accumulating product in the loop reads what was staged (or registers loaded from it).
    const products = loopText.split(/[;{}]/).filter((st) => ACCUMULATE.test(st));
    if (products.length) return { ok: true };
    return { ok: false, why: `\`${ops[0]}\` and \`${ops[1]}\` are staged in \`${sa}\` and \`${sb}\`, but no product accumulates in the loop` };
  }
  return { ok: false, why: `\`${ops.slice(0, 2).join('`, `')}\` are read in the same loop but never multiplied together into an accumulator` };
}

function extentOf(expr: string, scalars: ReadonlySet<string>, facts: FileFacts): GemmExtent {
  const e = expr.trim();
  if (/^\d+$/.test(e)) return { kind: 'constant', value: Number(e), expr: e };
  if (/gridDim|blockDim/.test(e)) return { kind: 'launch', expr: e };
  const ids = e.match(/[A-Za-z_]\w*/g) ?? [];
  if (ids.length && ids.every((id) => scalars.has(id))) return { kind: 'param', expr: e };
  if (ids.length === 1) {
    const c = facts.preproc.constant(ids[0]!);
    if (c && Number.isInteger(c.value) && e === ids[0]) return { kind: 'constant', value: c.value, expr: e };
  }
  let folded = e;
  for (const id of ids) {
    const c = facts.preproc.constant(id);
    if (!c) return { kind: 'param', expr: e };
    folded = folded.replace(new RegExp(`\\b${id}\\b`), String(c.value));
  }
  if (/^[\d\s*+()-]+$/.test(folded)) {
    // eslint-disable-next-line no-new-func
    const value = folded.split('*').reduce((p, x) => p * Number(x.trim()), 1);
    if (Number.isFinite(value)) return { kind: 'constant', value, expr: e };
  }
  return { kind: 'param', expr: e };
}

/** The reduction loop's trip count in elements: `k < K` → K, `t < (K + T - 1) / T` → K, `a <= aEnd` with `aEnd = aBegin + wA - 1` → wA. */
function kExtent(loop: Loop, parse: Parse): string | undefined {
  const c = /^([A-Za-z_]\w*)\s*(<=|<|!=)\s*(.+)$/.exec(loop.cond ?? '');
  if (!c || c[1] !== loop.v) return undefined;
  const rhs = c[3]!.trim();
  const tiles = /^\(?\s*\(?\s*([A-Za-z_]\w*)\s*(?:\+\s*[\w\s()+*-]+)?\)?\s*\/\s*[A-Za-z_0-9]+\s*\)?$/.exec(rhs) ?? /^(?:\w*(?:ceil_?div|div_?up|cdiv|CEIL_DIV|DIV_UP|iDivUp|CeilDiv)\w*)\s*\(\s*([A-Za-z_]\w*)\s*,/i.exec(rhs);
  if (tiles) return tiles[1];
  const bound = parse(rhs);
  const init = parse(loop.init ?? '0');
  let span = addPoly(bound, init, -1);
  span = filterTerms(span, (fs) => !fs.some((s) => isIndexSymbol(s)));
  if (c[2] === '<=') span = addPoly(span, constPoly(1));
  const only = [...span.keys()];
  if (only.length === 1 && only[0]!.startsWith('⟦') && span.get(only[0]!) === 1) {
    const inner = only[0]!.slice(1, -1).replace(/·/g, '*');
    const t2 = /^\(?\s*\(?\s*([A-Za-z_]\w*)\s*(?:[+-][\w\s()+*-]+)?\)?\s*\/\s*[A-Za-z_0-9]+\s*\)?$/.exec(inner);
    if (t2) return t2[1];
  }
  const t = polyText(span);
  return /[⟦(]/.test(t) ? rhs : t;
}

/** `lhs < rhs` comparisons in conditions and early returns: [index expression, bound]. */
function guards(body: string): Array<{ lhs: string; rhs: string }> {
  const out: Array<{ lhs: string; rhs: string }> = [];
  for (const m of body.matchAll(/\b(?:if|while)\s*\(/g)) {
    const open = m.index! + m[0].length - 1;
    const close = matchBracket(body, open);
    if (close < 0) continue;
    for (const part of body.slice(open + 1, close).split(/&&|\|\|/)) {
      const c = /^\s*\(?\s*([^<>=!]+?)\s*(<|>=)\s*([^<>=!]+?)\s*\)?\s*$/.exec(part);
      if (c) out.push({ lhs: c[1]!, rhs: c[3]! });
    }
  }
  for (const m of body.matchAll(/\(([^()?;]*(?:\([^()]*\)[^()?;]*)*)\)\s*\?/g)) {
    for (const part of m[1]!.split(/&&|\|\|/)) {
      const c = /^\s*\(?\s*([^<>=!]+?)\s*(<|>=)\s*([^<>=!]+?)\s*\)?\s*$/.exec(part);
      if (c) out.push({ lhs: c[1]!, rhs: c[3]! });
    }
  }
  return out;
}

function describe(
  fn: FunctionModel,
  body: string,
  loop: Loop,
  loops: Loop[],
  byParam: Map<string, Access[]>,
  matrixOps: string[],
  vecOps: string[],
  writes: Access[],
  reads: Access[],
  parse: Parse,
  strideOf: (p: Poly) => string[],
  kCoef: (p: Poly, v: string) => Poly,
  other: (a: Access) => Poly,
  elementType: (name: string) => string,
  scalars: ReadonlySet<string>,
  constants: ReadonlySet<string>,
  facts: FileFacts,
): GemmVerdict {
  const v = loop.v;
  const unknowns: string[] = [];
  // The output: the written parameter read by no operand, with the most index symbols.
  const outs = [...new Set(writes.map((w) => w.param))].filter((p) => !byParam.has(p));
  if (!outs.length) return { miss: 'no output written apart from the operands' };
  const cParam = outs[0]!;
  const cAccess = writes.find((w) => w.param === cParam)!;
  // A GEMM's output is indexed by rows and columns, never walked along the reduction's extent
  // (`for (i < C) dinp[i] = … sum …` after `for (i < C) sum += w[i] * d[i]`: a row-wise kernel).
  const kBound = (loop.cond ?? '').replace(/^[^<>=!]*[<>=!]=?/, '').trim();
  const along = loops.find((l) => l !== loop && symbolsOf(cAccess.index).has(l.v) && cAccess.at >= l.start && cAccess.at < l.end && kBound && (l.cond ?? '').replace(/^[^<>=!]*[<>=!]=?/, '').trim() === kBound);
  if (along) return { miss: `\`${cAccess.text}\` is written along \`${along.v} < ${kBound}\`, the reduction's own extent: a row-wise kernel, not a GEMM` };
  const idxSyms = (p: Poly) => new Set([...symbolsOf(p)].filter((s) => isIndexSymbol(s) || s.startsWith('#') || (loops.some((l) => l.v === s) && s !== v)));
  const blockSyms = (p: Poly) => new Set([...symbolsOf(p)].filter((s) => /blockIdx\.[xy]|⟦.*blockIdx\.[xy]/.test(s)));
  // C's rows: the terms at a stride; its columns: the others.
  const cIndex = filterTerms(cAccess.index, (fs) => !fs.includes('blockIdx.z'));
  const cStrides = strideOf(cIndex);
  const cRows = filterTerms(cIndex, (fs) => strideOf(new Map([[fs.join('*'), 1]])).length > 0);
  const cCols = filterTerms(cIndex, (fs) => strideOf(new Map([[fs.join('*'), 1]])).length === 0);
  const overlap = (a: Set<string>, b: Set<string>) => [...a].filter((x) => b.has(x)).length;

  const gemv = vecOps.length > 0;
  let aName: string;
  let bName: string;
  if (gemv) {
    aName = matrixOps[0]!;
    bName = vecOps[0]!;
  } else {
    const [p, q] = matrixOps;
    const score = (x: string) => {
      const o = other(byParam.get(x)![0]!);
      return 4 * (overlap(blockSyms(o), blockSyms(cRows)) - overlap(blockSyms(o), blockSyms(cCols))) + overlap(idxSyms(o), idxSyms(cRows)) - overlap(idxSyms(o), idxSyms(cCols));
    };
    const sp = score(p!);
    const sq = q ? score(q) : -Infinity;
    [aName, bName] = sp >= sq ? [p!, q ?? vecOps[0]!] : [q!, p!];
  }
  const aAcc = byParam.get(aName)![0]!;
  const bAcc = byParam.get(bName)![0]!;
  // The output is indexed by A's rows (and B's columns): otherwise the products do not form C.
  const flat = (p: Poly) => new Set([...idxSyms(p)].flatMap((x) => (x.startsWith('⟦') ? [x, ...(x.match(/(?:blockIdx|threadIdx)\.[xyz]/g) ?? [])] : [x])));
  const cSyms = flat(cAccess.index);
  const sharesWithC = (a: Access) => overlap(flat(other(a)), cSyms) > 0;
  if (!sharesWithC(aAcc) || (!gemv && !sharesWithC(bAcc))) return { miss: `\`${cAccess.text}\` is not indexed by the rows of \`${aName}\`${gemv ? '' : ` and the columns of \`${bName}\``}: the accumulated products do not form the output` };
  const kA = kCoef(aAcc.index, v);
  const kB = kCoef(bAcc.index, v);
  const kStrideA = strideOf(kA);
  const kStrideB = strideOf(kB);
  const otherStride = (a: Access) => strideOf(other(a));
  const ld = (s: string[], what: string): GemmExtent => {
    if (s.length === 1) return extentOf(s[0]!.replace(/\*/g, ' * '), scalars, facts);
    unknowns.push(`${what}: ${s.length ? `several strides (${s.join(', ')})` : 'no stride found'}`);
    return { kind: 'launch', expr: s[0] ?? '?' };
  };
  const aLayout: 'row' | 'col' = kStrideA.length ? 'col' : 'row';
  const aLd = ld(aLayout === 'row' ? otherStride(aAcc) : kStrideA, 'lda');
  let bLayout: 'row' | 'col';
  let bLd: GemmExtent;
  if (gemv) {
    bLayout = 'row';
    bLd = { kind: 'constant', value: 1, expr: '1' };
  } else {
    bLayout = kStrideB.length ? 'row' : 'col';
    bLd = ld(bLayout === 'row' ? kStrideB : otherStride(bAcc), 'ldb');
  }
  // C: row-major when its strided index follows A's rows.
  const aBlocks = blockSyms(other(aAcc));
  const cLayout: 'row' | 'col' = !gemv && cStrides.length && overlap(blockSyms(cCols), aBlocks) > overlap(blockSyms(cRows), aBlocks) ? 'col' : 'row';
  const cLd: GemmExtent = gemv ? { kind: 'constant', value: 1, expr: '1' } : cStrides.length === 1 ? extentOf(cStrides[0]!.replace(/\*/g, ' * '), scalars, facts) : (unknowns.push(`ldc: ${cStrides.length ? 'several strides' : 'no stride found'}`), { kind: 'launch', expr: '?' });

  // Extents.
  const kText = kExtent(loop, parse);
  const k: GemmExtent = kText ? extentOf(kText, scalars, facts) : (unknowns.push('K: the reduction loop has no readable bound'), { kind: 'launch', expr: loop.cond ?? '?' });
  if (k.kind === 'launch' && kText) unknowns.push(`K: \`${kText}\` depends on the launch`);
  const rowSyms = blockSyms(other(aAcc)).size ? blockSyms(other(aAcc)) : idxSyms(other(aAcc));
  const colSyms = gemv ? new Set<string>() : blockSyms(other(bAcc)).size ? blockSyms(other(bAcc)) : idxSyms(other(bAcc));
  let mExpr: string | undefined;
  let nExpr: string | undefined;
  for (const g of guards(body)) {
    const lhs = parse(g.lhs);
    const rhsIds = g.rhs.match(/[A-Za-z_]\w*/g) ?? [];
    if (rhsIds.some((id) => /threadIdx|blockIdx/.test(id))) continue;
    const syms = new Set([...symbolsOf(lhs)].flatMap((s) => (s.startsWith('⟦') ? (s.match(/blockIdx\.[xyz]|threadIdx\.[xyz]/g) ?? []) : [s])));
    const rs = overlap(syms, rowSyms);
    const cs = overlap(syms, colSyms);
    const rhs = g.rhs.trim();
    // A bound equal to K guards a load of the K loop (`if (t * TILE + tx < K)`) unless its left
    // side is a plain output index (`if (row < n && col < n)` of a square product, M = N = K).
    const loopVars = new Set(loops.flatMap((l) => l.vars));
    if (kText && rhs === kText && ((g.lhs.match(/[A-Za-z_]\w*/g) ?? []).some((id) => loopVars.has(id)) || !/^\s*[A-Za-z_]\w*\s*$/.test(g.lhs))) continue;
    if (rs > cs && !mExpr) mExpr = rhs;
    else if (cs > rs && !nExpr) nExpr = rhs;
  }
  const launchOf = (syms: Set<string>) => {
    const d = [...syms].map((s) => /blockIdx\.([xyz])/.exec(s)?.[1]).find(Boolean);
    const t = [...syms].map((s) => /threadIdx\.([xyz])/.exec(s)?.[1]).find(Boolean);
    return d ? `gridDim.${d} * blockDim.${d}` : `blockDim.${t ?? 'x'}`;
  };
  let m: GemmExtent;
  let n: GemmExtent;
  if (mExpr) m = extentOf(mExpr, scalars, facts);
  else if (gemv && cLd) {
    m = { kind: 'launch', expr: launchOf(rowSyms) };
    unknowns.push('M: no bound check on the row index; only the launch knows it');
  } else {
    m = { kind: 'launch', expr: launchOf(rowSyms) };
    unknowns.push('M: no bound check on the row index; only the launch knows it');
  }
  if (gemv) n = { kind: 'constant', value: 1, expr: '1' };
  else if (nExpr) n = extentOf(nExpr, scalars, facts);
  else if (cLayout === 'row' && cLd.kind !== 'launch') n = cLd;
  else {
    n = { kind: 'launch', expr: launchOf(colSyms) };
    unknowns.push('N: no bound check on the column index; only the launch knows it');
  }

  // Batching through blockIdx.z.
  let batch: GemmDescription['batch'];
  const zOf = (a: Access | undefined) => (a ? coefficientOf(a.index, 'blockIdx.z') : new Map());
  if ([aAcc, bAcc, cAccess].some((a) => symbolsOf(a.index).has('blockIdx.z'))) {
    const stride = (a: Access): GemmExtent => {
      const c = zOf(a);
      if (!c.size) return { kind: 'constant', value: 0, expr: '0' };
      return extentOf(polyText(c), scalars, facts);
    };
    const countGuard = guards(body).find((g) => /^\s*(?:blockIdx\.z|batch\w*|b)\s*$/.test(g.lhs) && !/Idx/.test(g.rhs));
    batch = { count: countGuard ? extentOf(countGuard.rhs, scalars, facts) : { kind: 'launch', expr: 'gridDim.z' }, strideA: stride(aAcc), strideB: stride(bAcc), strideC: stride(cAccess), via: 'blockIdx.z' };
    if (!countGuard) unknowns.push('batch count: only the launch knows it (gridDim.z)');
  }

  // Accumulator: the `+=` target inside the loop.
  // (The header left out, and within one statement: a step `t += TILE` is no accumulator.)
  const loopText = loop.header ? body.slice(loop.start, loop.end).replace(loop.header, ' ') : body.slice(loop.start, loop.end);
  const accName = /([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)*(?:\+=[^;{}]*\*|=\s*(?:fmaf?|__fmaf_r[nzud])\s*\()/.exec(loopText)?.[1];
  const accDecl = accName ? new RegExp(`\\b((?:__half|half|float|double|int|__nv_bfloat16|float2|float4))\\s+${accName}\\b`).exec(body) : null;
  const accShared = accName ? fn.sharedArrays.find((s) => s.name === accName) : undefined;
  const accumulator = accShared ? facts.preproc.resolveType(accShared.elementType) : accDecl ? accDecl[1]!.replace(/^float[24]$/, 'float') : 'float';
  const accumulatorIn: 'register' | 'shared' = accShared ? 'shared' : 'register';
  // The products must reach C: its store's value names the accumulator, or a local assigned
  // from it (`result.x = vals[i][j]; st_vec(out + …, result)`), up to two hops. A sum that only
  // feeds other arithmetic (a row-wise `Σ w[i]·d[i]` scaling a layernorm gradient) is no GEMM.
  if (accName && !accShared) {
    // Every assignment of the body, once: name → the right-hand sides.
    const assignedFrom = new Map<string, string[]>();
    for (const m of body.matchAll(/(?<![\w.>])([A-Za-z_]\w*)(?:\s*\.\s*[xyzw]|\s*\[[^\]]*\])*\s*[-+*/]?=(?!=)([^;]*);/g)) assignedFrom.set(m[1]!, [...(assignedFrom.get(m[1]!) ?? []), m[2]!]);
    const pointerParams = new Set(fn.params.filter((p) => p.pointerDepth > 0).map((p) => p.name));
    const reaches = (stmt: string, depth: number): boolean => {
      const ids = new Set(stmt.match(/[A-Za-z_]\w*/g) ?? []);
      if (ids.has(accName)) return true;
      if (depth >= 2) return false;
      for (const id of ids) {
        if (pointerParams.has(id)) continue;
        for (const rhs of assignedFrom.get(id) ?? []) if (reaches(rhs, depth + 1)) return true;
      }
      return false;
    };
    if (!reaches(statementAt(body, cAccess.at), 0)) return { miss: `the accumulated products (\`${accName}\`) never reach \`${cAccess.text}\`: the sum feeds other arithmetic, not the output (not a GEMM)` };
  }

  // Epilogue: the code after the reduction loop.
  const tail = body.slice(loop.end);
  const epilogue = readEpilogue(tail, body.slice(0, loop.start), fn, cParam, cAccess, aName, bName, reads, scalars, cRows, cCols, rowSyms, colSyms, parse, elementType, accName);

  // Form.
  let form: GemmForm;
  const registerTile = [...body.matchAll(/\b(?:float|double|half|__half|int)\s+([A-Za-z_]\w*)\s*((?:\[[^\]]+\])+)\s*(?:=\s*\{[^}]*\})?\s*;/g)].filter((x) => !fn.sharedArrays.some((a) => a.name === x[1])).map((x) => (x[2]!.match(/\[/g) ?? []).length);
  const shared = fn.sharedArrays.length > 0;
  const doubleBuf = fn.sharedArrays.some((s) => s.dims[0] === '2') || /__pipeline_memcpy_async|cp\.async|cuda::memcpy_async|\^\s*1\b|%\s*2\s*\]/.test(body);
  const warp = /threadIdx\.x\s*\/\s*(?:32|warpSize|WARP_?SIZE)|warpSize|WARP_?SIZE\b|\bwarp(?:Id|Idx|_id|Row|Col)\b/.test(body);
  if (gemv) form = 'gemv';
  else if (doubleBuf && shared) form = 'double-buffered';
  else if (warp && registerTile.length) form = 'warp-tiled';
  else if (/\bfloat4\b|\bint4\b|\bfloat2\b/.test(body) && registerTile.length) form = 'vectorized';
  else if (registerTile.some((d) => d >= 2) || (registerTile.length >= 2 && registerTile.length)) form = 'block-tiled-2d';
  else if (registerTile.length) form = 'block-tiled-1d';
  else if (shared) form = 'shared-tiled';
  else if (/threadIdx\.x\s*[/%]/.test(body) || [...symbolsOf(cCols)].some((s) => /threadIdx\.x%|threadIdx\.x\)?%/.test(s))) form = 'coalesced';
  else form = 'naive';

  // An output extent without a bound check: a kernel that computes one output per thread
  // (naive, shared-tiled, double-buffered) over `row = blockIdx.d * X + threadIdx.d`, X the
  // block's size along d or the side of its square shared tiles, computes exactly
  // gridDim.d × X rows (or columns): the port's wrapper takes them from the CUDA launch.
  if ((form === 'naive' || form === 'shared-tiled' || form === 'double-buffered') && cLayout === 'row' && !batch) {
    const tileSides = fn.sharedArrays.filter((a) => !a.isExtern && a.dims.length >= 2).map((a) => a.dims.slice(-2));
    const squareSide = tileSides.length && tileSides.every((d) => d[0]!.trim() === tileSides[0]![0]!.trim() && d[1]!.trim() === tileSides[0]![0]!.trim()) ? tileSides[0]![0]!.trim() : undefined;
    const exact = (part: Poly, stride: Poly | undefined): { axis: 'x' | 'y'; perBlock: 'block' | number } | undefined => {
      const syms = [...symbolsOf(part)].filter((x) => isIndexSymbol(x) || x.startsWith('⟦') || x.startsWith('#') || loops.some((l) => l.vars.includes(x)));
      const axes = [...new Set(syms.map((x) => /^(?:blockIdx|threadIdx)\.([xy])$/.exec(x)?.[1]))];
      if (axes.length !== 1 || !axes[0] || syms.length !== 2) return undefined;
      const d = axes[0] as 'x' | 'y';
      const tc = coefficientOf(part, `threadIdx.${d}`);
      const bc = coefficientOf(part, `blockIdx.${d}`);
      if (!tc.size || !bc.size || (stride && !samePoly(tc, stride))) return undefined;
      if (samePoly(bc, mulPoly(tc, symPoly(`blockDim.${d}`)))) return { axis: d, perBlock: 'block' };
      if (!squareSide) return undefined;
      const c = /^\d+$/.test(squareSide) ? Number(squareSide) : facts.preproc.constant(squareSide)?.value;
      if (samePoly(bc, mulPoly(tc, symPoly(squareSide)))) return { axis: d, perBlock: c !== undefined && Number.isInteger(c) ? c : 'block' };
      if (c !== undefined && Number.isInteger(c) && samePoly(bc, mulPoly(tc, constPoly(c)))) return { axis: d, perBlock: c };
      return undefined;
    };
    const launchText = (gr: { axis: 'x' | 'y'; perBlock: 'block' | number }) => `gridDim.${gr.axis} * ${gr.perBlock === 'block' ? `blockDim.${gr.axis}` : gr.perBlock}`;
    const mUnknown = 'M: no bound check on the row index; only the launch knows it';
    const nUnknown = 'N: no bound check on the column index; only the launch knows it';
    const ldc = cLd.kind === 'launch' ? undefined : parse(cLd.expr);
    const mGrid = m.kind === 'launch' && unknowns.includes(mUnknown) && ldc ? exact(cRows, ldc) : undefined;
    const nGrid = n.kind === 'launch' && unknowns.includes(nUnknown) ? exact(cCols, constPoly(1)) : undefined;
    if (mGrid && (!nGrid || nGrid.axis !== mGrid.axis)) {
      m = { kind: 'launch', expr: launchText(mGrid), grid: mGrid };
      unknowns.splice(unknowns.indexOf(mUnknown), 1);
    }
    if (nGrid && (!mGrid || nGrid.axis !== mGrid.axis)) {
      n = { kind: 'launch', expr: launchText(nGrid), grid: nGrid };
      unknowns.splice(unknowns.indexOf(nUnknown), 1);
    }
  }

  // A register-tiled kernel without a bound check on its rows: each thread stores a t × t' tile
  // (`out[(8 * threadIdx.x + i) * ldc + …]`, `i < 8`), each block X rows of them
  // (`128 * blockIdx.x`), so the block has X / t threads along that axis and the grid covers
  // exactly gridDim × X rows; the same reading of the columns gives the block's other side.
  let cudaLaunch: GemmDescription['cudaLaunch'];
  const mUnknown = 'M: no bound check on the row index; only the launch knows it';
  if ((form === 'vectorized' || form === 'block-tiled-2d' || form === 'block-tiled-1d') && cLayout === 'row' && !batch && m.kind === 'launch' && unknowns.includes(mUnknown) && cLd.kind !== 'launch') {
    const ratio = (p: Poly, unit: Poly): number | undefined => {
      const [mono, c] = [...unit][0] ?? [];
      if (unit.size !== 1 || mono === undefined || c === undefined) return undefined;
      const r = p.get(mono);
      return p.size === 1 && r !== undefined && Number.isInteger(r / c) ? r / c : undefined;
    };
    const tiled = (part: Poly, stride: Poly): { axis: 'x' | 'y'; threads: number; perBlock: number } | undefined => {
      const syms = [...symbolsOf(part)];
      const idx = syms.filter((x) => isIndexSymbol(x) || x.startsWith('⟦') || /^(?:blockDim|gridDim)\./.test(x));
      const axes = [...new Set(idx.map((x) => /^(?:blockIdx|threadIdx)\.([xy])$/.exec(x)?.[1]))];
      if (axes.length !== 1 || !axes[0] || idx.length !== 2) return undefined;
      const d = axes[0] as 'x' | 'y';
      const t = ratio(coefficientOf(part, `threadIdx.${d}`), stride);
      const X = ratio(coefficientOf(part, `blockIdx.${d}`), stride);
      if (!t || !X || X % t !== 0) return undefined;
      // The rest: loop variables at the element stride, each bounded by the thread's tile.
      const rest = syms.filter((x) => !idx.includes(x) && !symbolsOf(stride).has(x));
      for (const v of rest) {
        const l = loops.find((q) => q.v === v);
        const bound = l ? /^\s*[A-Za-z_]\w*\s*<\s*(\d+)\s*$/.exec(l.cond ?? '')?.[1] : undefined;
        if (!l || ratio(coefficientOf(part, v), stride) !== 1 || Number(bound) !== t || (l.init ?? '0').trim() !== '0') return undefined;
      }
      if (rest.length !== 1) return undefined;
      return { axis: d, threads: X / t, perBlock: X };
    };
    const num = (p: Poly) => numeric(p, (name) => facts.integerConstant(name));
    const ldc = num(parse(cLd.expr));
    const rows = tiled(num(cRows), ldc);
    const cols = tiled(num(cCols), constPoly(1));
    if (rows && cols && rows.axis !== cols.axis && rows.threads * cols.threads <= 1024) {
      m = { kind: 'launch', expr: `gridDim.${rows.axis} * ${rows.perBlock}`, grid: { axis: rows.axis, perBlock: rows.perBlock } };
      unknowns.splice(unknowns.indexOf(mUnknown), 1);
      const onX = rows.axis === 'x';
      cudaLaunch = { block: onX ? [rows.threads, cols.threads] : [cols.threads, rows.threads], tile: onX ? [rows.perBlock, cols.perBlock] : [cols.perBlock, rows.perBlock], mAxis: rows.axis };
    }
  }

  void constants;
  const desc: GemmDescription = {
    kernel: fn.name,
    form,
    m,
    n,
    k,
    a: { param: aName, layout: aLayout, ld: aLd, elementType: elementType(aName) },
    b: { param: bName, layout: bLayout, ld: bLd, elementType: elementType(bName) },
    c: { param: cParam, layout: cLayout, ld: cLd, elementType: elementType(cParam) },
    accumulator,
    accumulatorIn,
    ...(batch ? { batch } : {}),
    ...(cudaLaunch ? { cudaLaunch } : {}),
    epilogue,
    unknowns,
    site: { start: fn.bodySpan!.start + loop.start, end: fn.bodySpan!.start + loop.end },
  };
  return { gemm: desc };
}

function readEpilogue(
  tail: string,
  head: string,
  fn: FunctionModel,
  cParam: string,
  cAccess: Access,
  aName: string,
  bName: string,
  reads: Access[],
  scalars: ReadonlySet<string>,
  cRows: Poly,
  cCols: Poly,
  rowSyms: Set<string>,
  colSyms: Set<string>,
  parse: Parse,
  elementType: (name: string) => string,
  accName: string | undefined,
): GemmEpilogue {
  const e: GemmEpilogue = {};
  const floatScalars = fn.params.filter((p) => p.pointerDepth === 0 && /float|double|half/.test(p.baseType)).map((p) => p.name);
  const cRead = new RegExp(`\\b${cParam}\\s*\\[`);
  for (const s of floatScalars) {
    const near = new RegExp(`\\b${s}\\s*\\*\\s*([^;]{0,80})|([^;=]{0,80})\\*\\s*${s}\\b`).exec(tail);
    if (!near) continue;
    const operand = (near[1] ?? near[2] ?? '').trim();
    const firstTerm = near[1] !== undefined ? operand.split(/[+\-;,)]/)[0]! : operand.split(/[+\-=(,]/).pop()!;
    if (cRead.test(firstTerm) || /\bold\w*\b|\bprev\w*\b|\bc_?old\b/i.test(firstTerm)) e.beta = s;
    else if (!e.alpha) e.alpha = s;
  }
  // Reads after the loop of other tensors: a bias (one index) or a residual (C's index).
  const tailStart = cAccess.at - (cAccess.at - 0);
  void tailStart;
  for (const p of fn.params.filter((x) => x.pointerDepth >= 1 && x.name !== cParam && x.name !== aName && x.name !== bName)) {
    // After the loop, or before it where the accumulator starts from the bias.
    const re = new RegExp(`(?<![\\w.>])${p.name}\\s*(?:\\[([^\\]]*)\\]|\\+\\s*([^,)]+))`);
    const m = re.exec(tail) ?? re.exec(head);
    if (m && m[1] === undefined && !(m[2] !== undefined)) continue;
    if (!m) continue;
    const idx = parse(m[1] ?? m[2]!);
    const syms = new Set([...symbolsOf(idx)].flatMap((s) => (s.startsWith('⟦') ? (s.match(/blockIdx\.[xyz]|threadIdx\.[xyz]/g) ?? []) : [s])));
    if (samePoly(idx, cAccess.index)) e.residual = { param: p.name, elementType: elementType(p.name) };
    else {
      const inRows = [...syms].some((s) => rowSyms.has(s) || symbolsOf(cRows).has(s));
      const inCols = [...syms].some((s) => colSyms.has(s) || symbolsOf(cCols).has(s));
      const nullable = new RegExp(`\\b${p.name}\\s*(?:!=|==)\\s*(?:NULL|nullptr|0)\\b|(?:NULL|nullptr)\\s*(?:!=|==)\\s*${p.name}\\b|\\bif\\s*\\(\\s*!?\\s*${p.name}\\s*\\)|\\b${p.name}\\s*\\?`).test(head + tail);
      e.bias = { param: p.name, by: inRows && !inCols ? 'row' : 'col', elementType: elementType(p.name), ...(nullable ? { nullable: true as const } : {}) };
    }
  }
  void reads;
  void scalars;
  void accName;
  if (/0\.044715|tanhf?\s*\(\s*(?:0\.79788|sqrtf?\s*\(\s*2)/.test(tail)) e.activation = 'gelu-tanh';
  else if (/\berff?\s*\(/.test(tail)) e.activation = 'gelu-erf';
  else if (/\b(?:fmaxf?|max)\s*\([^;]*\b0(?:\.0*)?f?\s*\)|\b(?:fmaxf?|max)\s*\(\s*0(?:\.0*)?f?\s*,|>\s*0(?:\.0*)?f?\s*\?[^:;]*:\s*0(?:\.0*)?f?\b|\brelu\w*\s*\(/i.test(tail)) e.activation = 'relu';
  else if (/\b1(?:\.0*)?f?\s*\/\s*\(\s*1(?:\.0*)?f?\s*\+\s*(?:__)?expf?\s*\(\s*-/.test(tail)) e.activation = 'sigmoid';
  else if (/\btanhf?\s*\(/.test(tail)) e.activation = 'tanh';
  return e;
}

/**
 * A `wmma` kernel, read from its fragment calls: A and B from the `matrix_a`/`matrix_b` loads
 * (their pointers, the fragments' layouts and the leading dimensions, locals resolved), C from
 * `store_matrix_sync`, and beta's tensor from an accumulator load. Each fragment's origin must
 * walk its operand's K axis with the `mma_sync` loop's variable (A at stride 1 row-major or
 * `lda` column-major, B at `ldb` row-major or 1 column-major); otherwise the loads do not form
 * A · B and the kernel is not read as a GEMM. M and N come from the bound checks on A's and
 * B's (or C's) fragment origins; the launch geometry (one warp per fragment along the axis
 * that divides by the warp size) from the same origins.
 */
function wmmaGemm(fn: FunctionModel, body: string, loops: Loop[], parse: (e: string, at?: number) => Poly, elementType: (n: string) => string, pointerNames: string[], accesses: Access[], constant: (name: string) => number | undefined): GemmVerdict {
  const unknowns: string[] = [];
  const frags = new Map<string, { role: string; m: string; n: string; k: string; type: string; layout?: string }>();
  for (const m of body.matchAll(/\bfragment\s*<\s*(?:[\w:]+::)?(matrix_a|matrix_b|accumulator)\s*,\s*(\w+)\s*,\s*(\w+)\s*,\s*(\w+)\s*,\s*([\w:]+)\s*(?:,\s*(?:[\w:]+::)?(row_major|col_major)\s*)?>\s*([^;]+);/g)) {
    for (const d of m[7]!.split(',')) {
      const name = /^\s*([A-Za-z_]\w*)/.exec(d)?.[1];
      if (name) frags.set(name, { role: m[1]!, m: m[2]!, n: m[3]!, k: m[4]!, type: m[5]!.replace(/^.*::/, ''), layout: m[6] });
    }
  }
  /** `p + off`, `&p[off]` or `p`: the base name and the offset's polynomial (locals resolved at the call). */
  const pointer = (text: string, at: number): { base: string; offset: Poly } | undefined => {
    const t = text.trim();
    const sub = /^&\s*([A-Za-z_]\w*)\s*\[([^]*)\]$/.exec(t);
    if (sub) return { base: sub[1]!, offset: parse(sub[2]!, at) };
    const plus = /^\(?\s*([A-Za-z_]\w*)\s*(?:\+\s*([^]*?))?\s*\)?$/.exec(t);
    if (plus) return { base: plus[1]!, offset: plus[2] ? parse(plus[2], at) : new Map() };
    // `&tile[i][j]`, `(T*)p + o`: named for the reason, never a parameter's origin.
    const named = /^&?\s*\(?\s*([A-Za-z_]\w*)/.exec(t);
    return named && !pointerNames.includes(named[1]!) ? { base: named[1]!, offset: opaqueSym(t) } : undefined;
  };
  const calls = (name: string) =>
    [...body.matchAll(new RegExp(`\\b${name}\\s*\\(`, 'g'))].map((m) => {
      const open = m.index! + m[0].length - 1;
      const close = matchBracket(body, open);
      const args = close < 0 ? [] : splitTopLevel(body, body, open + 1, close).map((x) => x.text);
      return { at: m.index!, args };
    });
  // (A fragment may be an element of an array of fragments: `a[i]`.)
  const loads = calls('load_matrix_sync').map((c) => {
    const frName = /^\s*([A-Za-z_]\w*)/.exec(c.args[0] ?? '')?.[1] ?? '';
    return { ...c, frag: frags.get(frName), frName };
  });
  const loadsOf = (role: string) => loads.filter((x) => x.frag?.role === role);
  const stores = calls('store_matrix_sync');
  const mmas = calls('mma_sync');
  const fnum = (t: string | undefined) => (t === undefined ? undefined : /^\d+$/.test(t) ? Number(t) : constant(t));
  const scalars = new Set(fn.params.filter((p) => p.pointerDepth === 0).map((p) => p.name));
  const ext = (e: string): GemmExtent => (/^\d+$/.test(e.trim()) ? { kind: 'constant', value: Number(e), expr: e.trim() } : (e.match(/[A-Za-z_]\w*/g) ?? []).every((id) => scalars.has(id)) ? { kind: 'param', expr: e.trim() } : { kind: 'launch', expr: e.trim() });
  /** A leading dimension or bound as C++ over the parameters when its locals resolve to them (`lda = k_ld`). */
  const resolved = (text: string, at: number): string => {
    const p = parse(text, at);
    const t = polyText(p);
    return /[⟦]/.test([...p.keys()].join(' ')) ? text.trim() : t;
  };

  const mmaLoop = loops.find((l) => /\bmma_sync\b/.test(body.slice(l.start, l.end)) && /^\w+\s*<\s*/.test(l.cond ?? ''));
  const v = mmaLoop?.v;
  const operand = (role: 'matrix_a' | 'matrix_b', fallback: string | undefined) => {
    const ld = loadsOf(role)[0];
    const frag = ld?.frag ?? [...frags.values()].find((f) => f.role === role);
    const ptr = ld && ld.args[1] ? pointer(ld.args[1], ld.at) : undefined;
    const param = ptr && pointerNames.includes(ptr.base) ? ptr.base : undefined;
    const what = role === 'matrix_a' ? 'A' : 'B';
    if (!param) unknowns.push(`${what}: the fragment is loaded from ${ptr ? `\`${ptr.base}\`` : 'an unreadable pointer'}, not from a parameter (staged through shared memory?)`);
    const name = param ?? fallback ?? '?';
    const layout: 'row' | 'col' = frag?.layout === 'col_major' ? 'col' : 'row';
    const ldText = ld?.args[2] ? resolved(ld.args[2], ld.at) : '?';
    // A tf32 fragment rounds its float inputs to 10 mantissa bits: the product is a tf32 one whatever the pointer holds.
    const type = frag?.type === 'tf32' ? 'tf32' : param ? elementType(param) : frag ? frag.type : 'half';
    return { param: name, layout, ldText, ldPoly: ld?.args[2] ? parse(ld.args[2], ld.at) : undefined, offset: param ? ptr!.offset : undefined, elementType: type, frag };
  };
  const inputs = pointerNames.filter((p) => !accesses.some((a) => a.param === p && a.written));
  const a = operand('matrix_a', inputs[0]);
  const b = operand('matrix_b', inputs[1]);
  const store = stores[0];
  const cPtr = store?.args[0] ? pointer(store.args[0], store.at) : undefined;
  const cLayoutArg = store?.args[3]?.trim() ?? '';
  const cParam = cPtr && pointerNames.includes(cPtr.base) ? cPtr.base : pointerNames.find((p) => p !== a.param && p !== b.param && !inputs.slice(0, 2).includes(p)) ?? pointerNames[pointerNames.length - 1] ?? '?';
  if (!cPtr || !pointerNames.includes(cPtr.base)) unknowns.push('C: the accumulator is stored through shared memory or an unreadable pointer');

  // The fragments' origins: each walks its operand's K axis with the mma loop's variable.
  /** The part of an origin that does not move with the K loop: the fragment's row (A) or column (B) of blocks. */
  const rest = (p: Poly | undefined) => (p && v ? filterTerms(p, (fs) => !fs.includes(v)) : new Map() as Poly);
  const expanded = (p: Poly) => new Set([...symbolsOf(p)].flatMap((s) => (s.startsWith('⟦') ? s.match(/\b(?:blockIdx|threadIdx)\.[xyz]\b/g) ?? [] : [s])));
  if (v && a.offset && b.offset && a.ldPoly && b.ldPoly) {
    for (const [x, what, strideOne] of [[a, 'A', a.layout === 'row'], [b, 'B', b.layout === 'col']] as const) {
      const step = coefficientOf(x.offset!, v);
      const want = strideOne ? constPoly(1) : x.ldPoly!;
      if (!samePoly(step, want)) {
        return { miss: `\`${x.param}\`'s ${x.layout === 'row' ? 'row' : 'column'}-major fragment origin moves by \`${polyText(step)}\` per step of \`${v}\`, not by \`${polyText(want)}\`: its loads do not walk ${what}'s K axis, so the fragments do not multiply as A · B (the CUDA computes another sum of products)` };
      }
      if (![...expanded(rest(x.offset))].some((s) => isIndexSymbol(s))) return { miss: `\`${x.param}\`'s fragment origin does not follow a thread or block index: every warp reads the same ${what === 'A' ? 'rows' : 'columns'} (not a GEMM)` };
    }
    // C's fragment is stored where A's rows and B's columns meet (constants as numbers: `WMMA_N` and `N` may both be 16).
    const ldc = store?.args[2] ? parse(store.args[2], store.at) : undefined;
    if (cPtr && ldc && pointerNames.includes(cPtr.base)) {
      const one = (p: Poly) => (p.size === 1 && [...p.values()][0] === 1 && [...p.keys()][0] !== '' ? [...p.keys()][0]! : undefined);
      const origin = (x: typeof a, strided: boolean): Poly | undefined => {
        const r = rest(x.offset);
        if (!strided) return r;
        const ld = one(x.ldPoly!);
        const o = ld ? coefficientOf(r, ld) : undefined;
        return o && samePoly(mulPoly(o, x.ldPoly!), r) ? o : undefined;
      };
      const mo = origin(a, a.layout === 'row');
      const no = origin(b, b.layout === 'col');
      const colMajorC = /mem_col_major/.test(store!.args[3] ?? '');
      if (mo && no) {
        const want = colMajorC ? addPoly(mo, mulPoly(no, ldc)) : addPoly(mulPoly(mo, ldc), no);
        if (!samePoly(numeric(want, constant), numeric(cPtr.offset, constant))) {
          return { miss: `\`${cPtr.base}\`'s fragment is stored at \`${polyText(cPtr.offset)}\`, not where A's rows (\`${polyText(mo)}\`) and B's columns (\`${polyText(no)}\`) meet: the product is not stored as C = A · B` };
        }
      } else unknowns.push("C: the fragment origins' rows and columns could not be separated from their leading dimensions, so where C is stored was not checked");
    }
  }
  const aSide = expanded(rest(a.offset));
  const bSide = expanded(rest(b.offset));

  const kText = mmaLoop ? kExtent(mmaLoop, parse) : undefined;
  const k = kText ? ext(kText) : (unknowns.push('K: no loop around mma_sync with a readable bound'), { kind: 'launch' as const, expr: '?' });
  // M and N: the bound checks on an origin that follows A's rows (or B's columns) and not K.
  const g = guards(body);
  const side = (which: Set<string>, other: Set<string>) =>
    g.find((x) => {
      if (/Idx/.test(x.rhs)) return false;
      const p = parse(x.lhs);
      if (v && symbolsOf(p).has(v)) return false;
      const s = [...expanded(p)].filter((y) => isIndexSymbol(y));
      return s.length > 0 && s.every((y) => which.has(y)) && !s.every((y) => other.has(y));
    })?.rhs.trim();
  const byOrigins = aSide.size > 0 && bSide.size > 0;
  const bound = (re: RegExp, not: RegExp) => g.find((x) => re.test(x.lhs) && !not.test(x.lhs) && !/Idx/.test(x.rhs))?.rhs.trim();
  const mText = (byOrigins ? side(aSide, bSide) : undefined) ?? bound(/row|aRow|warpM|\bm\b|cRow/i, /^\s*b/i);
  const nText = (byOrigins ? side(bSide, aSide) : undefined) ?? bound(/col|bCol|warpN|\bn\b|cCol/i, /^\s*a/i);
  const m: GemmExtent = mText ? ext(resolved(mText, body.length)) : (unknowns.push('M: no bound check on the fragment rows'), { kind: 'launch', expr: 'gridDim.y * blockDim.y' });
  const n: GemmExtent = nText ? ext(resolved(nText, body.length)) : (unknowns.push('N: no bound check on the fragment columns'), { kind: 'launch', expr: 'gridDim.x * blockDim.x' });
  const acc = [...frags.values()].find((f) => f.role === 'accumulator');
  for (const x of [k, m, n]) if (x.kind === 'launch' && !unknowns.some((u) => u.includes(x.expr))) unknowns.push(`an extent (\`${x.expr}\`) is not a parameter or constant`);
  const tile = a.frag ? `${a.frag.m}×${a.frag.n}×${a.frag.k}` : undefined;
  const shape = a.frag ? [fnum(a.frag.m), fnum(a.frag.n), fnum(a.frag.k)] : [];

  // The accumulator the products go to (mma_sync's first argument) and the one loaded from memory (beta's).
  const accName = /^\s*([A-Za-z_]\w*)/.exec(mmas[0]?.args[0] ?? '')?.[1];
  // An accumulator loaded from memory and then summed into (`load(acc, C); mma(acc, …, acc)`): C += A·B, beta 1.
  const accInit = loadsOf('accumulator').find((x) => x.frName === accName);
  const cLoad = loadsOf('accumulator').find((x) => x.frName !== accName) ?? accInit;
  const cInPtr = cLoad?.args[1] ? pointer(cLoad.args[1], cLoad.at) : undefined;
  const epilogue: GemmEpilogue = {};
  const fl = fn.params.filter((p) => p.pointerDepth === 0 && /float|double|half/.test(p.baseType)).map((p) => p.name);
  for (const s of fl) {
    const near = new RegExp(`\\b${s}\\s*\\*\\s*([A-Za-z_]\\w*)|([A-Za-z_]\\w*)(?:\\s*\\.\\s*x\\s*\\[[^\\]]*\\])?\\s*\\*\\s*${s}\\b`).exec(body);
    if (!near) continue;
    const f = near[1] ?? near[2]!;
    if (cLoad && f === cLoad.frName && f !== accName) epilogue.beta = s;
    else if (!epilogue.alpha) epilogue.alpha = s;
    else epilogue.beta = s;
  }
  if (accInit && cLoad === accInit && epilogue.beta === undefined) epilogue.beta = '1.0f';
  // Element-wise code on fragments the detector reads: alpha · acc + beta · C, and tf32 rounding; anything else is unknown.
  for (const m of body.matchAll(/\b([A-Za-z_]\w*)\s*\.\s*x\s*\[[^\]]*\]\s*=(?!=)\s*([^;]+);/g)) {
    const left = m[2]!
      .replace(/(?:[\w:]*__float_to_tf32)\s*\(/g, '(')
      .replace(new RegExp(`\\b(?:${[epilogue.alpha, epilogue.beta].filter((x): x is string => !!x && /^[A-Za-z_]\w*$/.test(x)).join('|') || '(?!)'})\\s*\\*`, 'g'), '')
      .replace(/\b[A-Za-z_]\w*\s*\.\s*x\s*\[[^\]]*\]/g, '')
      .replace(/[\s()+]/g, '');
    if (left) unknowns.push(`the fragment \`${m[1]}\` gets \`${m[2]!.trim()}\` element by element, which the detector reads only as alpha · product + beta · C`);
  }
  if (epilogue.beta !== undefined && cLoad) {
    if (!cInPtr || !pointerNames.includes(cInPtr.base)) unknowns.push('beta: the accumulator it scales is loaded from shared memory or an unreadable pointer');
    else if (cInPtr.base !== cParam) {
      // Beta scales another tensor than the output: D = alpha · A·B + beta · C.
      const sameOrigin = cPtr && samePoly(cInPtr.offset, cPtr.offset) && polyText(parse(cLoad.args[2] ?? '', cLoad.at)) === polyText(parse(store!.args[2] ?? '', store!.at)) && (cLoad.args[3]?.trim() ?? '') === cLayoutArg;
      if (!sameOrigin) unknowns.push(`beta: \`${cInPtr.base}\` is loaded at another origin, leading dimension or layout than \`${cParam}\` is stored at`);
      else epilogue.cIn = { param: cInPtr.base, elementType: elementType(cInPtr.base) };
    }
  }

  // The launch: one warp per fragment along the axis whose origin divides a global x index by the warp size.
  let cudaLaunch: GemmDescription['cudaLaunch'];
  const warpAxis = (p: Poly | undefined) => [...symbolsOf(p ?? new Map())].some((s) => s.startsWith('⟦') && /threadIdx\.x/.test(s) && /\/(?:32|warpSize)⟧$/.test(s));
  const plainAxis = (p: Poly | undefined, X: 'x' | 'y') => [...expanded(p ?? new Map())].every((s) => !isIndexSymbol(s) || s.endsWith(`.${X}`));
  const [fm, fnn] = shape;
  if (fm && fnn && a.offset && b.offset) {
    const aRest = rest(a.offset);
    const bRest = rest(b.offset);
    if (warpAxis(aRest) && plainAxis(bRest, 'y')) cudaLaunch = { block: [128, 4], tile: [4 * fm, 4 * fnn], mAxis: 'x' };
    else if (warpAxis(bRest) && plainAxis(aRest, 'y')) cudaLaunch = { block: [128, 4], tile: [4 * fnn, 4 * fm], mAxis: 'y' };
  }
  const desc: GemmDescription = {
    kernel: fn.name,
    form: 'wmma',
    m,
    n,
    k,
    a: { param: a.param, layout: a.layout, ld: ext(a.ldText), elementType: a.elementType },
    b: { param: b.param, layout: b.layout, ld: ext(b.ldText), elementType: b.elementType },
    c: { param: cParam, layout: /mem_col_major/.test(cLayoutArg) ? 'col' : 'row', ld: ext(store?.args[2] ? resolved(store.args[2], store.at) : '?'), elementType: elementType(cParam) },
    accumulator: acc ? acc.type : 'float',
    accumulatorIn: 'fragment',
    ...(tile ? { fragmentTile: tile } : {}),
    ...(shape.length === 3 && shape.every((x) => x !== undefined) ? { fragmentShape: shape as [number, number, number] } : {}),
    ...(cudaLaunch ? { cudaLaunch } : {}),
    epilogue,
    unknowns,
    site: mmaLoop ? { start: fn.bodySpan!.start + mmaLoop.start, end: fn.bodySpan!.start + mmaLoop.end } : undefined,
  };
  return { gemm: desc };
}

/** A polynomial with its integer constants (`#define N 16`) multiplied into the coefficients. */
function numeric(p: Poly, constant: (name: string) => number | undefined): Poly {
  let out: Poly = new Map();
  for (const [mono, c] of p) {
    let coef = c;
    const keep: string[] = [];
    for (const f of factors(mono)) {
      const v = /^[A-Za-z_]\w*$/.test(f) ? constant(f) : undefined;
      if (v === undefined) keep.push(f);
      else coef *= v;
    }
    out = addPoly(out, new Map([[keep.sort().join('*'), coef]]));
  }
  return out;
}

/** Inline-PTX `mma`: a GEMM whose operands live in registers the detector cannot follow. */
function ptxGemm(fn: FunctionModel, site: { start: number; end: number } | undefined, pointerNames: string[], accesses: Access[], elementType: (n: string) => string): GemmVerdict {
  const written = pointerNames.filter((p) => accesses.some((a) => a.param === p && a.written));
  const inputs = pointerNames.filter((p) => !written.includes(p));
  const unknown: GemmExtent = { kind: 'launch', expr: '?' };
  const a = inputs[0] ?? '?';
  const b = inputs[1] ?? inputs[0] ?? '?';
  const c = written[0] ?? pointerNames[pointerNames.length - 1] ?? '?';
  return {
    gemm: {
      kernel: fn.name,
      form: 'mma',
      m: unknown,
      n: unknown,
      k: unknown,
      a: { param: a, layout: 'row', ld: unknown, elementType: a === '?' ? 'half' : elementType(a) },
      b: { param: b, layout: 'col', ld: unknown, elementType: b === '?' ? 'half' : elementType(b) },
      c: { param: c, layout: 'row', ld: unknown, elementType: c === '?' ? 'float' : elementType(c) },
      accumulator: 'float',
      epilogue: {},
      site,
      accumulatorIn: 'fragment',
      unknowns: ['inline-PTX `mma`: the operands are registers filled by code the detector does not follow; M, N, K, layouts and leading dimensions are unknown'],
    },
  };
}
