/**
 * "Replace launches": rewrites a CUDA launch `k<<<grid, block, smem, stream>>>(args)` of a
 * kernel with a complete port into a call of the port's host launch wrapper,
 * `LaunchK(args…, stream)` (unguarded kernels also pass grid × block), declared in the
 * generated header `<stem>_ascend.h`. The wrapper computes the tiling and the core count
 * (the HostAbi of the port's lowering); the launch site only forwards its arguments.
 * Skeletons never get a launch rewrite: there would be nothing to call.
 */
import type { FileFacts, LaunchSite } from '../model/facts';
import type { SpanEdit } from '../rules/rule';
import type { Target } from '../target';
import { launchInstantiations } from './instantiate';
import { compileKernel, type PortedInstance, type Verdict } from './pipeline';
import type { FunctionModel } from '../model/kernels';

export interface LaunchRewrite {
  title: string;
  edits: SpanEdit[];
}

/** `k<<<n, nullptr, stream>>>` (or `0` as the second argument) is already an Ascend C launch: CUDA blocks are never empty. */
export function isAscendLaunch(launch: LaunchSite): boolean {
  return /^\s*(nullptr|0)\s*$/.test(launch.config[1]?.text ?? '');
}

/** A launch argument as one line of code: comments removed (a `//` comment would swallow what follows), whitespace folded. */
export function argumentText(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < s.length && s[j] !== c) j += s[j] === '\\' ? 2 : 1;
      out += s.slice(i, j + 1);
      i = j;
    } else if (c === '/' && s[i + 1] === '/') {
      while (i < s.length && s[i] !== '\n') i++;
      out += ' ';
    } else if (c === '/' && s[i + 1] === '*') {
      const close = s.indexOf('*/', i + 2);
      i = close < 0 ? s.length : close + 1;
      out += ' ';
    } else out += c;
  }
  return out.replace(/\\\r?\n/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The instantiation a launch of a template kernel makes, when it makes exactly one that was ported. */
export function instanceOfLaunch(facts: FileFacts, text: string, fn: FunctionModel, verdict: Extract<Verdict, { kind: 'complete' }>, launch: LaunchSite): PortedInstance | null {
  const made = launchInstantiations(facts, text, fn, launch);
  if (!('bindings' in made) || made.bindings.length !== 1) return null;
  const key = JSON.stringify(made.bindings[0]);
  return verdict.instances?.find((i) => JSON.stringify(i.typeArgs) === key) ?? null;
}

export function rewriteLaunch(facts: FileFacts, text: string, target: Target, launch: LaunchSite): LaunchRewrite | null {
  // Only `<<<>>>` is rewritten: a wrapper launch (`ggml_cuda_kernel_launch(k, params, …)`) has
  // no chevrons, and its configuration lives in another statement.
  if (launch.form !== 'chevron') return null;
  const fn = facts.functions().find((f) => f.kind === 'global' && f.name === launch.kernel);
  if (!fn || isAscendLaunch(launch)) return null;
  const verdict = compileKernel(facts, text, fn, target);
  if (verdict.kind !== 'complete' || launch.args.length !== fn.params.length) return null;
  const argsText = text.slice(launch.configSpan.end, launch.span.end);
  if (!argsText.trim().startsWith('(')) return null;
  let abi = verdict.lowered.abi;
  if (verdict.instances) {
    // Each instantiation has its own wrapper: only a launch that makes exactly one of them is rewritten.
    const inst = instanceOfLaunch(facts, text, fn, verdict, launch);
    if (!inst) return null;
    abi = inst.lowered.abi;
  }
  const [grid, block, , stream] = launch.config;
  const fromLaunch = abi.launch.params.some((p) => p.from.startsWith('cudaGrid') || p.from.startsWith('cudaBlock'));
  if (fromLaunch && (!grid || !block)) return null;
  // A 2-D or 3-D configuration (`dim3 grid(…)`): the wrapper gets the fields it takes, x alone too.
  const byField = abi.launch.params.some((q) => q.from === 'cudaGridY' || q.from === 'cudaBlockY') || (fromLaunch && (isDim3(grid!.text, launch.span.start, text, facts) || isDim3(block!.text, launch.span.start, text, facts)));
  // A matrix product's M (or N) from the launch: one field of a 2-D grid or block; a 3-D grid of rows: its three sizes.
  const field = (arg: { text: string } | undefined, axis: 'x' | 'y' | 'z'): string | null => {
    const at = axis === 'x' ? 0 : axis === 'y' ? 1 : 2;
    if (!arg) return null;
    const a = argumentText(arg.text);
    if (!isDim3(a, launch.span.start, text, facts)) return axis === 'x' ? a : '1';
    // `dim3(…)`, `{…}`, or `dim3 grid(N / 16, M / 16);` not changed before the launch: its field's expression.
    const parts = facts.launchFields(a, launch.span.start);
    if (parts && parts.length <= 3 && parts.every((x) => !/[;{}]/.test(x))) return parts[at]?.trim() ?? '1';
    // A dim3 local set otherwise: its field at the launch.
    return /^[A-Za-z_]\w*$/.test(a) ? `${a}.${axis}` : null;
  };
  const fields = new Map<string, string | null>();
  for (const p of abi.launch.params) {
    if (byField && p.from.startsWith('cuda')) {
      const axis = p.from.endsWith('X') ? 'x' : p.from.endsWith('Y') ? 'y' : 'z';
      fields.set(p.from, field(p.from.startsWith('cudaGrid') ? grid : block, axis));
    }
  }
  if ([...fields.values()].some((v) => v === null)) return null;
  const streamText = stream && !/^\s*(0|NULL|nullptr)\s*$/.test(stream.text) ? argumentText(stream.text) : 'nullptr /* TODO(ascend-port): pass an aclrtStream; CUDA used the default stream */';
  const values = abi.launch.params.map((p) => {
    if (p.from === 'arg') return argumentText(launch.args[p.argIndex!]!.text);
    if (fields.has(p.from)) return fields.get(p.from)!;
    if (p.from === 'cudaGridX') return argumentText(grid!.text);
    if (p.from === 'cudaBlockX') return argumentText(block!.text);
    return streamText;
  });
  return {
    title: `Replace the launch of ${launch.kernel} with the Ascend C launch (${abi.launch.fn})`,
    edits: [{ span: { start: launch.span.start, end: launch.span.end }, newText: `${abi.launch.fn}(${values.join(', ')})` }],
  };
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
