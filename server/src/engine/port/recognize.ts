/** Runs the pattern registry on one kernel of a file. */
import type { FileFacts } from '../model/facts';
import { paramModel, type FunctionModel } from '../model/kernels';
import { snippetParser, type SyntaxNode, type SyntaxTree } from '../syntax/parser';
import type { Rejection } from './ir';
import { kernelInstantiations, splitTopLevelList, templateParams, type Binding } from './instantiate';
import { PATTERNS, type Recognized } from './patterns';
import type { DeviceHelper, PatternInput } from './patterns/elementwise';

const show = (b: Binding) => Object.entries(b).map(([k, v]) => `${k} = ${v}`).join(', ');

/** The function's definition node, found from its name upwards (no walk of the whole tree). */
export function kernelNode(facts: FileFacts, fn: FunctionModel): SyntaxNode | undefined {
  if (!facts.tree) return undefined;
  for (let n: SyntaxNode | null = facts.tree.rootNode.descendantForIndex(fn.nameSpan.start, fn.nameSpan.end); n; n = n.parent) {
    if (n.type === 'function_definition' && n.endIndex === fn.span.end && (!fn.bodySpan || n.childForFieldName('body')?.startIndex === fn.bodySpan.start)) return n;
    if (n.startIndex < fn.span.start) return undefined;
  }
  return undefined;
}

/** One instantiation of a template kernel, recognised: its binding and a name suffix (`half`, `float_128`). */
export interface RecognizedInstance {
  typeArgs: Binding;
  suffix: string;
  recognized: Recognized;
}

/** The recognised kernel; for a template launched with several instantiations, each of them (the first is the kernel's own). */
export type Recognition = (Recognized & { instances?: RecognizedInstance[] }) | { rejections: (Rejection & { pattern: string })[] };
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
  let typeArgs: Binding | undefined;
  if (fn.templateParams) {
    const inst = kernelInstantiations(facts, text, fn);
    if ('reason' in inst) return { rejections: [{ pattern: 'template', reason: inst.reason }] };
    if (inst.bindings.length > 1) return recognizeInstances(fn, node, text, inst.bindings, helpers(facts, text), { ...preprocessed(facts, fn), helperSources: helperSources(facts, text) }, (b) => launchBlockOf(facts, fn, b));
    typeArgs = inst.bindings[0];
  }
  const launchBlock = launchBlockOf(facts, fn, typeArgs);
  for (const p of PATTERNS) {
    const r = p.recognize({ fn, node, text, typeArgs, deviceHelper: helpers(facts, text), helperSources: helperSources(facts, text), ...preprocessed(facts, fn), ...(launchBlock ? { launchBlock } : {}) });
    if ('pattern' in r) return r;
    rejections.push({ pattern: p.name, ...r });
  }
  return { rejections };
}

/** What a pattern reads of a kernel beside its text, without an instantiation (the pattern classes ask the rows recogniser with it). */
export function patternInput(facts: FileFacts, text: string, fn: FunctionModel, node: SyntaxNode): PatternInput {
  return { fn, node, text, deviceHelper: helpers(facts, text), helperSources: helperSources(facts, text), ...preprocessed(facts, fn) };
}

/** Type aliases and constants as the preprocessor model resolves them (typedefs, `#define`s, `constexpr`s, from headers too). */
function preprocessed(facts: FileFacts, fn: FunctionModel): { resolveType: (t: string) => string; constant: (name: string) => ReturnType<FileFacts['preproc']['constant']>; blockSizeParams: readonly string[]; oneThreadLaunch: boolean; warpBlockLaunch: boolean } {
  const pre = facts.preproc;
  return { resolveType: (t) => pre.resolveType(t), constant: (name) => pre.constant(name), blockSizeParams: facts.blockSizeParams(fn), oneThreadLaunch: facts.oneThreadLaunch(fn), warpBlockLaunch: fn.kind === 'global' && facts.warpBlockLaunch(fn) };
}

/**
 * The `__device__` functions by name, for inlining: one non-template definition with a body,
 * in the document or, when the document has none, in the workspace headers it includes.
 */
function helpers(facts: FileFacts, text: string): (name: string) => DeviceHelper | string | undefined {
  return (name) => {
    const defs = facts.functions().filter((f) => (f.kind === 'device' || f.kind === 'host-device') && f.name === name && f.bodySpan);
    if (!defs.length) return headerHelper(facts, name);
    if (defs.length > 1) return `a __device__ function with ${defs.length} definitions (overloads are not inlined)`;
    const f = defs[0]!;
    if (f.templateParams) return 'a template __device__ function (not inlined yet)';
    const node = kernelNode(facts, f);
    const typeNode = node?.childForFieldName('type');
    if (!node || !typeNode) return 'a __device__ function that could not be parsed';
    return { name, node, text, params: f.params, returnType: text.slice(typeNode.startIndex, typeNode.endIndex) };
  };
}

/**
 * The source of each definition of a `__device__` function, with its `template <…>` head
 * (PatternInput.helperSources). A constant of 32 (`WARP_SIZE`, `#define LANES 32`) is spelled 32,
 * so the patterns read warp sizes one way.
 */
function helperSources(facts: FileFacts, text: string): (name: string) => readonly string[] {
  const warpSize = (src: string) => src.replace(/\b[A-Za-z_]\w*\b/g, (w) => (facts.preproc.constant(w)?.value === 32 && !facts.preproc.constant(w)!.float ? '32' : w));
  // A header definition starts at `__device__`: its head is the words before it on its declaration.
  const withHead = (src: string, start: number, end: number) => {
    // The words before the definition on its declaration (`template <reduction_func_t f>`), back to the previous `;`, `{` or `}`.
    const before = src.slice(Math.max(0, start - 300), start);
    // (Preprocessor lines in between, `#include`s before the first definition, are not part of it.)
    return warpSize(before.slice(Math.max(before.lastIndexOf(';'), before.lastIndexOf('}'), before.lastIndexOf('{')) + 1).replace(/^[ \t]*#.*$/gm, '') + src.slice(start, end));
  };
  return (name) => {
    const defs = facts.functions().filter((f) => (f.kind === 'device' || f.kind === 'host-device') && f.name === name && f.bodySpan);
    // A document function's span already starts at its `template <…>` head; nothing before it is
    // read (the port's cache key covers the helper's own declaration, not the text around it).
    if (defs.length) return defs.map((f) => warpSize(text.slice(f.span.start, f.span.end)));
    return facts.headerDeviceDefinitions(name).map(({ text: h, def }) => withHead(h, def.start, def.end));
  };
}

/** Header helpers parsed so far, by their definition's text (bounded; the oldest goes first). */
const headerHelpers = new Map<string, { tree: SyntaxTree | null; helper: DeviceHelper | string }>();
const MAX_HEADER_HELPERS = 256;
/** CUDA qualifiers and storage words before the return type: blanked (same length) so the definition parses as plain C++. */
const QUALIFIER_WORDS = /\b(?:__device__|__host__|__forceinline__|__inline__|__noinline__|inline|static|constexpr)\b/g;

/**
 * A `__device__` function defined in a workspace header the document includes (ggml's
 * `ggml_cuda_op_gelu_single` in unary.cuh): its definition's text alone, qualifiers blanked,
 * parsed with the document's grammar. Refused when it is defined more than once (overloads,
 * or one definition per `#if` branch) or is a template; a body's `#if` lines reach the
 * pattern, which reads them as it reads the document's (PDL helpers) or refuses them.
 */
function headerHelper(facts: FileFacts, name: string): DeviceHelper | string | undefined {
  const found = facts.headerDeviceDefinitions(name);
  if (!found.length) return undefined;
  const file = found[0]!.file.slice(found[0]!.file.lastIndexOf('/') + 1);
  if (found.length > 1) return `a __device__ function with ${found.length} definitions in the included headers (overloads are not inlined)`;
  const { text, def } = found[0]!;
  if (def.template) return `a template __device__ function of ${file} (not inlined yet)`;
  const source = text.slice(def.start, def.end);
  const snippet = source.replace(QUALIFIER_WORDS, (w) => ' '.repeat(w.length));
  const hit = headerHelpers.get(snippet);
  if (hit) return hit.helper;
  const language = facts.tree?.language;
  const tree = language ? snippetParser(language).parse(snippet, null, 200).tree : null;
  const node = tree && !tree.rootNode.hasError ? tree.rootNode.namedChildren.find((c) => c?.type === 'function_definition') : undefined;
  const typeNode = node?.childForFieldName('type');
  let declarator = node?.childForFieldName('declarator') ?? null;
  while (declarator && declarator.type !== 'function_declarator') declarator = declarator.childForFieldName('declarator');
  let helper: DeviceHelper | string;
  if (!node || !typeNode || !declarator) helper = `a __device__ function of ${file} that could not be parsed`;
  else {
    const params = (declarator.childForFieldName('parameters')?.namedChildren ?? []).filter((p) => p && (p.type === 'parameter_declaration' || p.type === 'optional_parameter_declaration')).map((p) => paramModel(p!, snippet));
    if (params.length === 1 && !params[0]!.name && params[0]!.pointerDepth === 0 && params[0]!.baseType.trim() === 'void') params.length = 0;
    helper = { name, node, text: snippet, params, returnType: snippet.slice(typeNode.startIndex, typeNode.endIndex) };
  }
  headerHelpers.set(snippet, { tree, helper });
  if (headerHelpers.size > MAX_HEADER_HELPERS) {
    const [k, v] = headerHelpers.entries().next().value as [string, { tree: SyntaxTree | null }];
    headerHelpers.delete(k);
    v.tree?.delete();
  }
  return helper;
}

/**
 * The block every launch of the kernel uses, or (with a binding) every launch that writes this
 * instantiation's template arguments (`k<256, true><<<g, b>>>`; a left-out argument is its
 * default), when they agree and are constants; undefined otherwise (deduced arguments, a block
 * the launches compute, launches that differ).
 */
function launchBlockOf(facts: FileFacts, fn: FunctionModel, binding: Binding | undefined): readonly [number, number, number] | undefined {
  if (fn.kind !== 'global') return undefined;
  const sites = facts.launchBlocks(fn);
  const params = binding ? templateParams(fn) : undefined;
  const value = (v: string): string => {
    const t = v.replace(/\s+/g, '');
    const c = /^[A-Za-z_]\w*$/.test(t) ? facts.preproc.constant(t) : undefined;
    return c && !c.float ? String(c.value) : t;
  };
  const mine = binding
    ? sites.filter((s) => {
        if (s.templateArgs === undefined || !params) return false;
        const args = splitTopLevelList(s.templateArgs);
        return params.every((q, i) => {
          const want = binding[q.name];
          const got = args[i] ?? q.default;
          return want === undefined || (got !== undefined && value(got) === value(want));
        });
      })
    : sites;
  const first = mine[0]?.block;
  if (!first || mine.some((s) => !s.block || s.block.join() !== first.join())) return undefined;
  return first;
}

/** Every instantiation through the patterns: complete only if each one is recognised (by the same pattern). */
function recognizeInstances(fn: FunctionModel, node: SyntaxNode, text: string, bindings: readonly Binding[], deviceHelper: ReturnType<typeof helpers>, pre: ReturnType<typeof preprocessed> & { helperSources: ReturnType<typeof helperSources> }, blockOf: (b: Binding) => readonly [number, number, number] | undefined): Recognition {
  const instances: RecognizedInstance[] = [];
  const suffixes = new Set<string>();
  let firstRefusal: Recognition | undefined;
  const refused: Binding[] = [];
  for (const typeArgs of bindings) {
    const rejections: (Rejection & { pattern: string })[] = [];
    let hit: Recognized | undefined;
    // This instantiation's launches: their block (and whether it is one warp, as for the whole kernel).
    const launchBlock = blockOf(typeArgs);
    const oneWarp = !!launchBlock && launchBlock[0] === 32 && launchBlock[1] === 1 && launchBlock[2] === 1;
    for (const p of PATTERNS) {
      const r = p.recognize({ fn, node, text, typeArgs, deviceHelper, ...pre, ...(launchBlock ? { launchBlock } : {}), warpBlockLaunch: pre.warpBlockLaunch || oneWarp });
      if ('pattern' in r) {
        hit = r;
        break;
      }
      rejections.push({ pattern: p.name, ...r });
    }
    if (!hit) {
      refused.push(typeArgs);
      if (firstRefusal) continue;
      const at = `instantiated with ${show(typeArgs)} (one of ${bindings.length} instantiations in this file)`;
      // A reason that names its schedule (`rows schedule: …`) or is a noun phrase (`pointer parameter \`y\` has …`) follows a colon;
      // a reason that is a predicate (`uses shared memory`) follows `it`.
      firstRefusal = { rejections: rejections.map((r) => ({ ...r, reason: /^(?:\w+ schedule: |pointer parameter |parameter |the |a |an |`)/.test(r.reason) ? `${at}: ${r.reason}` : `${at}, it ${/^not /.test(r.reason) ? 'is ' : ''}${r.reason}` })) };
      continue;
    }
    let suffix = instanceSuffix(typeArgs);
    while (suffixes.has(suffix)) suffix += '_';
    suffixes.add(suffix);
    instances.push({ typeArgs, suffix, recognized: { ...hit, name: `${fn.name}_${suffix}` } });
  }
  if (firstRefusal && 'rejections' in firstRefusal) {
    // Complete only if every instantiation ports: the first refusal's reasons, and which instantiations are refused.
    if (refused.length === 1) return firstRefusal;
    const listed = refused.slice(0, 12).map((b) => show(b)).join('; ') + (refused.length > 12 ? `; and ${refused.length - 12} more` : '');
    return { rejections: [...firstRefusal.rejections, { pattern: 'template', reason: `${refused.length} of ${bindings.length} instantiations are not recognised (${listed}); the first one's reasons are above` }] };
  }
  if (new Set(instances.map((i) => i.recognized.pattern)).size > 1) return { rejections: [{ pattern: 'template', reason: 'its instantiations fall into different patterns' }] };
  return { ...instances[0]!.recognized, name: fn.name, instances };
}

/** `{T: 'half', N: '128'}` → `half_128`: a C++ identifier fragment naming the instantiation. */
export function instanceSuffix(b: Binding): string {
  return Object.values(b).map((v) => v.replace(/\*/g, 'p').replace(/::/g, '_').replace(/\W+/g, '_').replace(/^_+|_+$/g, '')).join('_') || 'inst';
}

/**
 * The one instantiation of a template kernel this file launches (written at the launch or
 * deduced from its arguments' declared types; see `instantiate.ts`), or undefined when there
 * are none or several.
 */
export function instantiation(facts: FileFacts, text: string, fn: FunctionModel): Binding | undefined {
  const r = kernelInstantiations(facts, text, fn);
  return 'bindings' in r && r.bindings.length === 1 ? r.bindings[0] : undefined;
}
