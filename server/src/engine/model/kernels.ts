/**
 * The kernel model: every function definition with its CUDA qualifiers, parameters,
 * thread-index expressions, shared arrays, barriers, loops, calls and launch sites.
 * Rules, ports and estimates read this instead of walking the tree again.
 */
import type { LensEdit } from '../syntax/lens';
import type { SyntaxNode } from '../syntax/parser';
import type { Span } from '../types';
import type { CallSite, LaunchSite } from './facts';

export type Builtin = 'threadIdx' | 'blockIdx' | 'blockDim' | 'gridDim';
const BUILTINS: ReadonlySet<string> = new Set<Builtin>(['threadIdx', 'blockIdx', 'blockDim', 'gridDim']);

export interface ParamModel {
  name: string;
  /** The declared type as written, without the parameter name (`const float* __restrict__`). */
  type: string;
  /** The element type with qualifiers and pointers removed (`float`). */
  baseType: string;
  pointerDepth: number;
  isReference: boolean;
  /** The pointee (or the scalar) is const. */
  isConst: boolean;
  isRestrict: boolean;
  span: Span;
}

export interface IndexUse {
  builtin: Builtin;
  dim: 'x' | 'y' | 'z';
  span: Span;
}

export interface SharedArrayModel {
  name: string;
  elementType: string;
  /** Array extents as written; an empty string for `[]` (extern dynamic shared memory). */
  dims: string[];
  isExtern: boolean;
  span: Span;
}

export interface LoopModel {
  kind: 'for' | 'while' | 'do';
  span: Span;
  /** `for (...)` header text, or the while condition. */
  header: string;
  /** Strides by `blockDim * gridDim` (a grid-stride loop). */
  gridStride: boolean;
}

export type FunctionKind = 'global' | 'device' | 'host-device' | 'host';

export interface FunctionModel {
  name: string;
  qualifiedName: string;
  kind: FunctionKind;
  /** CUDA qualifiers without underscores, from the lens (macros expanded). */
  qualifiers: string[];
  /** Arguments of `__launch_bounds__(...)`, as written. */
  launchBounds?: string;
  templateParams?: string;
  span: Span;
  nameSpan: Span;
  bodySpan?: Span;
  params: ParamModel[];
  indexUses: IndexUse[];
  sharedArrays: SharedArrayModel[];
  barriers: CallSite[];
  loops: LoopModel[];
  calls: CallSite[];
  /** Launches of this function (kernels only), anywhere in the file. */
  launchSites: LaunchSite[];
}

/** Barriers and fences: block-level, warp-level and memory fences. */
export const BARRIER_NAMES: ReadonlySet<string> = new Set([
  '__syncthreads',
  '__syncthreads_count',
  '__syncthreads_and',
  '__syncthreads_or',
  '__syncwarp',
  '__threadfence',
  '__threadfence_block',
  '__threadfence_system',
]);

/** What function models are built from: the nodes of one tree (or of one unit of it) and their calls. */
export interface FunctionSource {
  text: string;
  lensEdits: readonly LensEdit[];
  nodesOfType(type: string): SyntaxNode[];
  /** The calls inside these nodes, in document order. */
  calls: readonly CallSite[];
}

/** Function models of the source's function definitions, sorted by start, without `launchSites` (see `attachLaunches`). */
export function buildFunctions(facts: FunctionSource): FunctionModel[] {
  const text = facts.text;
  const quals = facts.lensEdits.filter((e) => e.kind === 'qualifier' || e.kind === 'macro');
  const fns: FunctionModel[] = [];
  for (const node of facts.nodesOfType('function_definition')) {
    const body = node.childForFieldName('body');
    const fnDecl = functionDeclarator(node.childForFieldName('declarator'));
    const nameNode = fnDecl?.childForFieldName('declarator');
    if (!fnDecl || !nameNode) continue;
    const headerEnd = body ? body.startIndex : node.endIndex;
    const start = outerStart(node);
    const qualifiers = new Set<string>();
    let launchBounds: string | undefined;
    for (const q of quals) {
      if (q.start < start || q.start >= headerEnd) continue;
      for (const name of q.qualifiers ?? [q.name]) qualifiers.add(name);
      if (q.name === 'launch_bounds' && q.args !== undefined) launchBounds = q.args;
    }
    const kind: FunctionKind = qualifiers.has('global')
      ? 'global'
      : qualifiers.has('device')
        ? qualifiers.has('host')
          ? 'host-device'
          : 'device'
        : 'host';
    const qualifiedName = text.slice(nameNode.startIndex, nameNode.endIndex).replace(/\s+/g, '');
    const params: ParamModel[] = [];
    const paramList = fnDecl.childForFieldName('parameters');
    for (const p of paramList?.namedChildren ?? []) {
      if (p && (p.type === 'parameter_declaration' || p.type === 'optional_parameter_declaration')) params.push(paramModel(p, text));
    }
    // `f(void)` declares no parameters (C style), not one unnamed `void`.
    if (params.length === 1 && !params[0]!.name && params[0]!.pointerDepth === 0 && params[0]!.baseType.trim() === 'void') params.length = 0;
    const tmpl = node.parent?.type === 'template_declaration' ? node.parent.childForFieldName('parameters') : null;
    fns.push({
      name: qualifiedName.split('::').pop() ?? qualifiedName,
      qualifiedName,
      kind,
      qualifiers: [...qualifiers],
      launchBounds,
      templateParams: tmpl ? text.slice(tmpl.startIndex, tmpl.endIndex) : undefined,
      span: { start, end: node.endIndex },
      nameSpan: { start: nameNode.startIndex, end: nameNode.endIndex },
      bodySpan: body ? { start: body.startIndex, end: body.endIndex } : undefined,
      params,
      indexUses: [],
      sharedArrays: [],
      barriers: [],
      loops: [],
      calls: [],
      launchSites: [],
    });
  }
  fns.sort((a, b) => a.span.start - b.span.start);
  attachBodies(facts, fns);
  return fns;
}

/** A template's function starts at `template <...>`, so ranges cover the whole declaration. */
function outerStart(node: SyntaxNode): number {
  return node.parent?.type === 'template_declaration' ? node.parent.startIndex : node.startIndex;
}

function functionDeclarator(decl: SyntaxNode | null): SyntaxNode | null {
  let d = decl;
  for (let depth = 0; d && depth < 8; depth++) {
    if (d.type === 'function_declarator') return d;
    d = d.childForFieldName('declarator');
  }
  return null;
}

export function paramModel(p: SyntaxNode, text: string): ParamModel {
  const typeNode = p.childForFieldName('type');
  let pointerDepth = 0;
  let isReference = false;
  let isRestrict = false;
  let isConst = false;
  let name = '';
  // Qualifiers before the declarator apply to the pointee (`const float* p`).
  for (const c of p.children) {
    if (c?.type === 'type_qualifier') {
      if (c.text === 'const') isConst = true;
      if (/restrict/.test(c.text)) isRestrict = true;
    }
  }
  let d = p.childForFieldName('declarator');
  for (let depth = 0; d && depth < 16; depth++) {
    if (d.type === 'pointer_declarator') pointerDepth++;
    else if (d.type === 'reference_declarator') isReference = true;
    else if (d.type === 'identifier') {
      name = d.text;
      break;
    } else if (d.type === 'array_declarator') pointerDepth++;
    for (const c of d.children) if (c?.type === 'type_qualifier' && /restrict/.test(c.text)) isRestrict = true;
    const next: SyntaxNode | null = d.childForFieldName('declarator') ?? d.namedChildren.find((c) => c?.type === 'identifier') ?? null;
    if (!next) break;
    d = next;
  }
  const span = { start: p.startIndex, end: p.endIndex };
  const full = text.slice(span.start, span.end);
  const type = name ? full.slice(0, full.lastIndexOf(name)).trim() || full : full;
  return {
    name,
    type: type.replace(/\s+/g, ' '),
    baseType: typeNode ? text.slice(typeNode.startIndex, typeNode.endIndex) : type,
    pointerDepth,
    isReference,
    isConst,
    isRestrict,
    span,
  };
}

function attachBodies(facts: FunctionSource, fns: FunctionModel[]): void {
  if (fns.length === 0) return;
  const inBody = (offset: number): FunctionModel | undefined => {
    const f = enclosingFunction(fns, offset);
    return f?.bodySpan && offset >= f.bodySpan.start && offset < f.bodySpan.end ? f : undefined;
  };
  const text = facts.text;

  for (const node of facts.nodesOfType('field_expression')) {
    const arg = node.childForFieldName('argument');
    const field = node.childForFieldName('field');
    if (!arg || !field || arg.type !== 'identifier' || !BUILTINS.has(arg.text)) continue;
    if (field.text !== 'x' && field.text !== 'y' && field.text !== 'z') continue;
    inBody(node.startIndex)?.indexUses.push({
      builtin: arg.text as Builtin,
      dim: field.text,
      span: { start: node.startIndex, end: node.endIndex },
    });
  }

  for (const call of facts.calls) {
    const f = inBody(call.span.start);
    if (!f) continue;
    f.calls.push(call);
    if (BARRIER_NAMES.has(call.name) && call.qualified === call.name) f.barriers.push(call);
  }

  const loopKinds: Array<[string, LoopModel['kind']]> = [
    ['for_statement', 'for'],
    ['while_statement', 'while'],
    ['do_statement', 'do'],
  ];
  for (const [type, kind] of loopKinds) {
    for (const node of facts.nodesOfType(type)) {
      const f = inBody(node.startIndex);
      if (!f) continue;
      const body = node.childForFieldName('body');
      const headerEnd = kind === 'do' ? node.endIndex : body ? body.startIndex : node.endIndex;
      const headerStart = kind === 'do' && body ? body.endIndex : node.startIndex;
      const header = text.slice(headerStart, headerEnd).replace(/\s+/g, ' ').trim();
      f.loops.push({ kind, span: { start: node.startIndex, end: node.endIndex }, header, gridStride: isGridStride(header, f, text) });
    }
  }

  const shared = facts.lensEdits.filter((e) => (e.kind === 'qualifier' && e.name === 'shared') || (e.kind === 'macro' && e.qualifiers?.includes('shared')));
  if (shared.length) {
    for (const node of facts.nodesOfType('declaration')) {
      const q = shared.find((e) => e.start >= node.startIndex && e.end <= node.endIndex);
      if (!q) continue;
      const f = inBody(node.startIndex);
      const typeNode = node.childForFieldName('type');
      const isExtern = node.children.some((c) => c?.type === 'storage_class_specifier' && c.text === 'extern');
      for (const d of node.childrenForFieldName('declarator')) {
        if (!d) continue;
        const model = sharedArray(d, text, typeNode ? text.slice(typeNode.startIndex, typeNode.endIndex) : '', isExtern);
        if (model && f) f.sharedArrays.push(model);
      }
    }
  }

}

/** Each kernel's launches, anywhere in the file (`launchSites`). */
export function attachLaunches(fns: readonly FunctionModel[], launches: readonly LaunchSite[]): void {
  const byName = new Map<string, FunctionModel[]>();
  for (const f of fns) if (f.kind === 'global') byName.set(f.name, [...(byName.get(f.name) ?? []), f]);
  for (const l of launches) for (const f of byName.get(l.kernel) ?? []) f.launchSites.push(l);
}

function sharedArray(d: SyntaxNode, text: string, elementType: string, isExtern: boolean): SharedArrayModel | null {
  const dims: string[] = [];
  let n: SyntaxNode | null = d.type === 'init_declarator' ? d.childForFieldName('declarator') : d;
  for (let depth = 0; n && n.type === 'array_declarator' && depth < 8; depth++) {
    const size = n.childForFieldName('size');
    dims.unshift(size ? text.slice(size.startIndex, size.endIndex) : '');
    n = n.childForFieldName('declarator');
  }
  if (!n || n.type !== 'identifier') return null;
  return { name: n.text, elementType, dims, isExtern, span: { start: d.startIndex, end: d.endIndex } };
}

const GRID_STRIDE = /\bblockDim\s*\.\s*[xyz]\s*\*\s*gridDim\s*\.\s*[xyz]|\bgridDim\s*\.\s*[xyz]\s*\*\s*blockDim\s*\.\s*[xyz]/;

/** `i += blockDim.x * gridDim.x`, directly or through a variable initialised with it. */
function isGridStride(header: string, f: FunctionModel, text: string): boolean {
  if (GRID_STRIDE.test(header)) return true;
  if (!f.bodySpan) return false;
  const step = /(?:\+=|=\s*[A-Za-z_]\w*\s*\+)\s*([A-Za-z_]\w*)\s*\)?\s*$/.exec(header.replace(/\)\s*$/, ''));
  if (!step) return false;
  const body = text.slice(f.bodySpan.start, f.bodySpan.end);
  const decl = new RegExp(`\\b${step[1]}\\s*=\\s*([^;]+);`).exec(body);
  return !!decl && GRID_STRIDE.test(decl[1]!);
}

/** The innermost function in `fns` (sorted by start) whose span contains `offset`. */
export function enclosingFunction(fns: readonly FunctionModel[], offset: number): FunctionModel | undefined {
  // Binary search for the last function starting at or before offset, then walk back:
  // definitions nest only for methods of local classes, so the walk is short.
  let lo = 0;
  let hi = fns.length - 1;
  let idx = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (fns[mid]!.span.start <= offset) {
      idx = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let i = idx; i >= 0; i--) {
    const f = fns[i]!;
    if (offset < f.span.end) return f;
    if (i < idx - 8) break;
  }
  return undefined;
}
