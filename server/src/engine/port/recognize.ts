/** Runs the pattern registry on one kernel of a file. */
import type { FileFacts } from '../model/facts';
import type { FunctionModel } from '../model/kernels';
import type { Rejection } from './ir';
import { PATTERNS, type Recognized } from './patterns';

export function kernelNode(facts: FileFacts, fn: FunctionModel) {
  return facts.nodesOfType('function_definition').find((n) => n.endIndex === fn.span.end && (!fn.bodySpan || n.childForFieldName('body')?.startIndex === fn.bodySpan.start));
}

type Recognition = Recognized | { rejections: (Rejection & { pattern: string })[] };
/** Per facts (one document version), per kernel: recognition runs once however many features ask. */
const memo = new WeakMap<FileFacts, Map<FunctionModel, Recognition>>();

/** The first pattern that accepts the kernel, or every pattern's reason for rejecting it. */
export function recognizeKernel(facts: FileFacts, text: string, fn: FunctionModel): Recognition {
  let byFn = memo.get(facts);
  if (!byFn) memo.set(facts, (byFn = new Map()));
  const hit = byFn.get(fn);
  if (hit) return hit;
  const r = recognizeUncached(facts, text, fn);
  byFn.set(fn, r);
  return r;
}

function recognizeUncached(facts: FileFacts, text: string, fn: FunctionModel): Recognition {
  const node = kernelNode(facts, fn);
  if (!node) return { rejections: [{ pattern: 'all', reason: 'the kernel could not be parsed' }] };
  const rejections: (Rejection & { pattern: string })[] = [];
  const typeArgs = fn.templateParams ? instantiation(facts, fn) : undefined;
  const pre = facts.preproc;
  const resolveType = (t: string) => pre.resolveType(t);
  const constant = (name: string) => pre.constant(name);
  for (const p of PATTERNS) {
    const r = p.recognize({ fn, node, text, typeArgs, resolveType, constant });
    if ('pattern' in r) return r;
    rejections.push({ pattern: p.name, ...r });
  }
  return { rejections };
}

/**
 * `template <typename T, class U>` bound to the template arguments of the launches of `fn`
 * in this file, when they all use the same ones (`k<float><<<…>>>`). Non-type parameters
 * or several instantiations give undefined.
 */
export function instantiation(facts: FileFacts, fn: FunctionModel): Record<string, string> | undefined {
  const params = /^\s*(?:template\s*)?<(.*)>\s*$/s.exec(fn.templateParams ?? '')?.[1]?.split(',').map((p) => p.trim());
  if (!params?.length) return undefined;
  const names: string[] = [];
  for (const p of params) {
    const m = /^(?:typename|class)\s+([A-Za-z_]\w*)$/.exec(p);
    if (!m) return undefined;
    names.push(m[1]!);
  }
  const lists = new Set(facts.launches().filter((l) => l.kernel === fn.name && l.templateArgs).map((l) => l.templateArgs!.replace(/\s+/g, '').replace(/^<|>$/g, '')));
  if (lists.size !== 1) return undefined;
  const args = [...lists][0]!.split(',');
  if (args.length !== names.length) return undefined;
  return Object.fromEntries(names.map((n, i) => [n, args[i]!]));
}
