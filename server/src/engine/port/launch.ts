/**
 * Rewrites a CUDA launch `k<<<grid, block, smem, stream>>>(args)` into the Ascend C form
 * `k<<<numBlocks, nullptr, stream>>>(args)`: a 1-D core count, no block size. For a kernel
 * the elementwise port handles, the host tiling is computed before the launch and passed
 * as the last argument; otherwise the launch keeps its arguments and says, in a
 * TODO(ascend-port), what the skeleton still needs.
 */
import type { FileFacts, LaunchSite } from '../model/facts';
import type { SpanEdit } from '../rules/rule';
import type { Target } from '../target';
import { portBudget } from './budget';
import { pascal as pascalOf } from './emit/names';
import { recognizeKernel } from './recognize';

export interface LaunchRewrite {
  title: string;
  edits: SpanEdit[];
  complete: boolean;
}

const IDENT = /\b[A-Za-z_]\w*\b/g;

/** `k<<<n, nullptr, stream>>>` (or `0` as the second argument) is already an Ascend C launch: CUDA blocks are never empty. */
export function isAscendLaunch(launch: LaunchSite): boolean {
  return /^\s*(nullptr|0)\s*$/.test(launch.config[1]?.text ?? '');
}

export function rewriteLaunch(facts: FileFacts, text: string, target: Target, launch: LaunchSite, index: number): LaunchRewrite | null {
  const fn = facts.functions().find((f) => f.kind === 'global' && f.name === launch.kernel);
  if (!fn) return null;
  if (isAscendLaunch(launch)) return null;
  const budget = portBudget(target);
  const [grid, block, smem, stream] = launch.config;
  const second = target.cann === '9.x' ? '0' : 'nullptr';
  const streamText = stream && !/^\s*(0|NULL|nullptr)\s*$/.test(stream.text) ? stream.text.trim() : 'nullptr /* TODO(ascend-port): pass an aclrtStream; CUDA used the default stream */';
  const castArg = (i: number, a: string) => (fn.params[i] && fn.params[i]!.pointerDepth > 0 ? `(uint8_t*)(${a.trim()})` : a.trim());
  const cores = `${budget.vectorCores} /* ${target.soc}: ${budget.coresSource} */`;
  const targs = launch.templateArgs?.trim();
  const name = launch.qualified + (targs ? (targs.startsWith('<') ? targs : `<${targs}>`) : '');
  const argsEnd = launch.span.end;
  const argsText = text.slice(launch.configSpan.end, argsEnd);
  if (!argsText.trim().startsWith('(')) return null;

  const recognized = recognizeKernel(facts, text, fn);
  // An unguarded kernel covers grid × block elements: that needs 1-D (scalar) grid and block expressions.
  const scalarConfig = grid && block && !isDim3(grid.text, launch.span.start, text, facts) && !isDim3(block.text, launch.span.start, text, facts);
  if ('pattern' in recognized && launch.args.length === fn.params.length && (recognized.form !== 'unguarded' || scalarConfig)) {
    const k = recognized;
    const argOf = new Map(fn.params.map((p, i) => [p.name, launch.args[i]!.text.trim()]));
    if (k.form === 'unguarded') {
      argOf.set('gridDim', grid!.text.trim());
      argOf.set('blockDim', block!.text.trim());
    }
    const bound = (k.form === 'unguarded' ? k.bound.replace(/\b(gridDim|blockDim)\.x\b/g, '$1') : k.bound).replace(IDENT, (id) => (argOf.has(id) ? paren(argOf.get(id)!) : id));
    const P = pascalOf(k.name);
    const args = [
      ...fn.params.map((p, i) => ({ p, i })).filter(({ p }) => p.pointerDepth > 0).map(({ p, i }) => castArg(i, argOf.get(p.name)!)),
      ...k.params.filter((p) => p.kind === 'scalar' && p.usedInCompute).map((p) => argOf.get(p.name)!),
    ];
    const tilingExpr = `${P}MakeTiling(static_cast<uint32_t>(${bound.replace(/^\((.*)\)$/, (m, inner: string) => (balanced(inner) ? inner : m))}), ${cores})`;
    const stmt = statementStart(facts.maskedText, launch.span.start, argsEnd);
    if (stmt !== null) {
      const v = `${lowerFirst(P)}Tiling${index ? index : ''}`;
      const indent = /[ \t]*$/.exec(text.slice(text.lastIndexOf('\n', launch.span.start - 1) + 1, launch.span.start))![0];
      return {
        title: `Rewrite the launch of ${k.name} for Ascend C (core count and tiling)`,
        complete: true,
        edits: [{ span: { start: stmt, end: argsEnd }, newText: `${P}Tiling ${v} = ${tilingExpr};\n${indent}${launch.qualified}<<<${P}NumBlocks(${v}), ${second}, ${streamText}>>>(${[...args, v].join(', ')})` }],
      };
    }
    return {
      title: `Rewrite the launch of ${k.name} for Ascend C (core count and tiling)`,
      complete: true,
      edits: [{ span: { start: launch.span.start, end: argsEnd }, newText: `${launch.qualified}<<<${P}NumBlocks(${tilingExpr}), ${second}, ${streamText}>>>(${[...args, tilingExpr].join(', ')})` }],
    };
  }
  const todo: string[] = [`was <<<${launch.config.map((c) => c.text.trim()).join(', ')}>>>; launch about one block per core and give each core its share of the data`];
  if (isDim3(grid?.text, launch.span.start, text, facts)) todo.push('the grid was multi-dimensional: flatten it into one core index');
  if (isDim3(block?.text, launch.span.start, text, facts)) todo.push('the block was multi-dimensional');
  if (smem && !/^\s*0\s*$/.test(smem.text)) todo.push(`dynamic shared memory (${smem.text.trim()}) must become a static UB budget (TPipe::InitBuffer)`);
  const args = launch.args.map((a, i) => castArg(i, a.text));
  return {
    title: `Rewrite the launch of ${launch.kernel} for Ascend C (core count; tiling left as TODO)`,
    complete: false,
    edits: [{ span: { start: launch.span.start, end: argsEnd }, newText: `${name}<<<${budget.vectorCores} /* TODO(ascend-port): ${todo.join('; ')} */, ${second}, ${streamText}>>>(${args.join(', ')})` }],
  };
}

/** Start offset of the statement the launch is, if it is a whole statement in a block: `{ … k<<<…>>>(…); … }`. */
function statementStart(text: string, start: number, end: number): number | null {
  let i = start - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  if (i >= 0 && !';{}'.includes(text[i]!)) return null;
  // A statement on a line of its own inside a macro continuation cannot take a new line.
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (text.slice(lineStart, start).trim() !== '') return null;
  let j = end;
  while (j < text.length && /[ \t]/.test(text[j]!)) j++;
  if (text[j] !== ';') return null;
  const lineEnd = text.indexOf('\n', j);
  if (text.slice(j + 1, lineEnd < 0 ? text.length : lineEnd).trimEnd().endsWith('\\')) return null;
  return start;
}

/** `dim3(...)`, `{...}`, or a variable declared `dim3` in the function that launches: a 2-D/3-D configuration. */
export function isDim3(arg: string | undefined, at: number, text: string, facts: FileFacts): boolean {
  if (!arg) return false;
  const a = arg.trim();
  if (/\bdim3\b|^\{/.test(a)) return true;
  if (!/^[A-Za-z_]\w*$/.test(a)) return false;
  const fn = facts.enclosingFunction(at);
  const scope = fn?.bodySpan ? text.slice(fn.bodySpan.start, at) : text.slice(0, at);
  return new RegExp(`\\bdim3\\s+(?:[^;]*?[,\\s])?${a}\\s*[({=;,]`).test(scope);
}

function paren(e: string): string {
  return /^[\w.]+$/.test(e) ? e : `(${e})`;
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

function lowerFirst(s: string): string {
  return s[0]!.toLowerCase() + s.slice(1);
}
