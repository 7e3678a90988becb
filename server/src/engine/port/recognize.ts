/** Runs the pattern registry on one kernel of a file. */
import type { FileFacts } from '../model/facts';
import type { FunctionModel } from '../model/kernels';
import type { Rejection } from './ir';
import { PATTERNS, type Recognized } from './patterns';

export function kernelNode(facts: FileFacts, fn: FunctionModel) {
  return facts.nodesOfType('function_definition').find((n) => n.endIndex === fn.span.end && (!fn.bodySpan || n.childForFieldName('body')?.startIndex === fn.bodySpan.start));
}

/** The first pattern that accepts the kernel, or every pattern's reason for rejecting it. */
export function recognizeKernel(facts: FileFacts, text: string, fn: FunctionModel): Recognized | { rejections: (Rejection & { pattern: string })[] } {
  const node = kernelNode(facts, fn);
  if (!node) return { rejections: [{ pattern: 'all', reason: 'the kernel could not be parsed' }] };
  const rejections: (Rejection & { pattern: string })[] = [];
  for (const p of PATTERNS) {
    const r = p.recognize({ fn, node, text });
    if ('pattern' in r) return r;
    rejections.push({ pattern: p.name, ...r });
  }
  return { rejections };
}
