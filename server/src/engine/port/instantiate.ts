/**
 * Template instantiations of a kernel, found in its file: the template arguments written at
 * each launch (`k<float, 4><<<…>>>`), or deduced the way C++ deduces them, from the declared
 * types of the launch's arguments (`k<<<g, b>>>(xs, n)` with `float* xs` in the calling
 * function, a cast `(const half*)p`, a literal `1.5f`). When the launch sits in a template
 * host function (`template <class T> void run(const T* x) { k<<<…>>>(x); }`), its
 * instantiations come from the calls of that function, the same way (template arguments
 * written at the call, `run<float>(x)`, or deduced), a few levels deep. Launches are both
 * forms of `FileFacts.launches()`: `<<<>>>` and launch-wrapper calls (`ggml_cuda_kernel_launch(k<T>,
 * params, x)`), whose kernel arguments are read the same way; the calls of a template host
 * function are `FileFacts.calls()`, which names a wrapper call by the wrapper, never by the kernel.
 * Pure: facts and text in, bindings out.
 */
import type { FileFacts } from '../model/facts';
import type { FunctionModel } from '../model/kernels';
import type { Arg } from '../model/scan';

/** One instantiation: every template parameter bound to a type or a constant, as C++ text. */
export type Binding = Readonly<Record<string, string>>;

export interface TemplateParam {
  name: string;
  /**
   * `typename T` / `class T`, a non-type parameter (`int N`, `bool B`) of this C++ type, or a
   * function-pointer parameter (`float (*op)(float)`), bound to the name of a function (its
   * `valueType` is the signature with the name left out: `float (*)(float)`).
   */
  kind: 'type' | 'value' | 'function';
  valueType?: string;
  default?: string;
}

/** Instantiations found, or why none could be (a reason a user can act on). */
export type Instantiations = { bindings: Binding[] } | { reason: string };

/** A site that instantiates a function template: a launch or a call, with its arguments. */
interface Site {
  templateArgs?: string;
  args: readonly Arg[];
  at: number;
}

const MAX_DEPTH = 3;
/**
 * Instantiations of one kernel the port reads from a file. A family of unary operations
 * (ggml's `unary_op_kernel<op, T>`: 27 functions × {half, float}) needs 54; each is one small
 * elementwise port (a class, an entry and a wrapper) and one verify case set, so 64 keeps a
 * family whole while the output and the verify build stay bounded.
 */
export const MAX_BINDINGS = 64;

/** Splits at top-level commas (outside (), [], {} and <>). */
export function splitTopLevelList(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if ('([{<'.includes(c)) depth++;
    else if (')]}>'.includes(c)) depth--;
    if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** `<typename T, int N = 4, float (*op)(float)>` → its parameters; undefined for forms not handled (variadic, template template, pointers to members). */
export function templateParams(fn: FunctionModel): TemplateParam[] | undefined {
  const inner = /^\s*(?:template\s*)?<([^]*)>\s*$/.exec(fn.templateParams ?? '')?.[1];
  if (inner === undefined) return undefined;
  const out: TemplateParam[] = [];
  for (const p of splitTopLevelList(inner)) {
    const [decl, dflt] = splitDefault(p);
    const t = /^(?:typename|class)\s+([A-Za-z_]\w*)$/.exec(decl);
    if (t) {
      out.push({ name: t[1]!, kind: 'type', default: dflt });
      continue;
    }
    const v = /^((?:const\s+)?(?:unsigned\s+|signed\s+)?(?:int|long|short|char|bool|size_t|int32_t|uint32_t|int64_t|uint64_t|unsigned))\s+([A-Za-z_]\w*)$/.exec(decl);
    if (v) {
      out.push({ name: v[2]!, kind: 'value', valueType: v[1]!.replace(/\s+/g, ' '), default: dflt });
      continue;
    }
    // `float (*op)(float)`, `float (*op)(float, float)`: a pointer to a function, bound to a function's name.
    const f = /^((?:const\s+)?[A-Za-z_][\w:]*(?:\s*\*)*)\s*\(\s*\*\s*([A-Za-z_]\w*)\s*\)\s*(\([^()]*\))$/.exec(decl);
    if (f) {
      out.push({ name: f[2]!, kind: 'function', valueType: `${f[1]!.trim()} (*)${f[3]!.replace(/\s+/g, ' ')}`, default: dflt });
      continue;
    }
    return undefined;
  }
  return out;
}

/** A function-pointer argument as written (`op_gelu`, `&op_gelu`, `(op_gelu)`, `::op_gelu`) → the function's name. */
function functionName(v: string): string {
  let s = v.replace(/\s+/g, '');
  while (/^\(.*\)$/.test(s)) s = s.slice(1, -1);
  return s.replace(/^&/, '').replace(/^::/, '');
}

function splitDefault(p: string): [string, string | undefined] {
  let depth = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if ('([{<'.includes(c)) depth++;
    else if (')]}>'.includes(c)) depth--;
    else if (c === '=' && depth === 0) return [p.slice(0, i).trim().replace(/\s+/g, ' '), p.slice(i + 1).trim()];
  }
  return [p.trim().replace(/\s+/g, ' '), undefined];
}

/** A declared type: its base (qualifiers removed) and pointer depth. */
interface TypeOf {
  base: string;
  depth: number;
}

const QUALIFIERS = /\b(?:const|volatile|__restrict__|__restrict|restrict|static|constexpr|register|__device__|__shared__|__constant__)\b/g;

function parseType(text: string): TypeOf {
  const depth = (text.match(/\*/g) ?? []).length;
  const base = text.replace(/[*&]/g, ' ').replace(QUALIFIERS, ' ').replace(/\s+/g, ' ').trim().replace(/^struct /, '');
  return { base, depth };
}

/** Every instantiation of the kernel `fn` that this file launches. */
export function kernelInstantiations(facts: FileFacts, text: string, fn: FunctionModel): Instantiations {
  const params = templateParams(fn);
  if (!params) return { reason: `has template parameters \`${(fn.templateParams ?? '').replace(/\s+/g, ' ').slice(0, 80)}\` the port does not bind (only \`typename T\`, integer or bool constants and function pointers such as \`float (*op)(float)\`)` };
  const sites: Site[] = facts.launches().filter((l) => l.kernel === fn.name).map((l) => ({ templateArgs: l.templateArgs, args: l.args, at: l.span.start }));
  if (!sites.length) return { reason: 'template kernel that this file never launches: its template arguments are unknown (launch it, or port an instantiation)' };
  return bindSites(facts, text, fn, params, sites, 0);
}

/** The instantiations one launch of `fn` makes (several when it sits in a template function). */
export function launchInstantiations(facts: FileFacts, text: string, fn: FunctionModel, launch: { templateArgs?: string; args: readonly Arg[]; span: { start: number } }): Instantiations {
  const params = templateParams(fn);
  if (!params) return { reason: 'template parameters not bound' };
  return bindSite(facts, text, fn, params, { templateArgs: launch.templateArgs, args: launch.args, at: launch.span.start }, 0);
}

function bindSites(facts: FileFacts, text: string, fn: FunctionModel, params: TemplateParam[], sites: Site[], depth: number): Instantiations {
  const found = new Map<string, Binding>();
  for (const site of sites) {
    const r = bindSite(facts, text, fn, params, site, depth);
    if ('reason' in r) return r;
    for (const b of r.bindings) found.set(JSON.stringify(b), b);
    if (found.size > MAX_BINDINGS) return { reason: `is instantiated more than ${MAX_BINDINGS} ways in this file` };
  }
  return { bindings: [...found.values()] };
}

/** The instantiations one launch or call makes (several when it sits in a template function with several instantiations). */
function bindSite(facts: FileFacts, text: string, fn: FunctionModel, params: TemplateParam[], site: Site, depth: number): Instantiations {
  const caller = facts.enclosingFunction(site.at);
  // Bindings of the caller's own template parameters: each gives one reading of this site.
  let contexts: Binding[] = [{}];
  const callerParams = caller?.templateParams ? templateParams(caller) : undefined;
  const callerNames = new Set(callerParams?.map((p) => p.name) ?? []);
  let callerResolved = false;
  const resolveCaller = (): Instantiations | undefined => {
    if (callerResolved || !caller || !callerParams?.length) return undefined;
    callerResolved = true;
    if (depth >= MAX_DEPTH) return { reason: `is launched from \`${caller.name}\`, a template instantiated through more than ${MAX_DEPTH} levels of template functions` };
    // Calls of this function: not a qualified or member call of another one of the same name (`cg::reduce`, `obj.reduce`).
    const calls = facts.calls().filter((c) => c.name === caller.name && !/(?:::|\.|->)/.test(c.qualified.replace(/<[^]*$/, '').replace(/^::/, '')) && !(caller.bodySpan && c.span.start >= caller.bodySpan.start && c.span.end <= caller.bodySpan.end));
    // Explicit instantiations (`template void reduce<float>(int size, …);`): each names the template arguments.
    const instantiations = explicitInstantiations(text, caller.name);
    if (!calls.length && !instantiations.length) return { reason: `is launched from the template function \`${caller.name}\`, which this file never calls: its template arguments are unknown` };
    const r = bindSites(facts, text, caller, callerParams, [...calls.map((c) => ({ templateArgs: writtenTemplateArgs(text, c), args: c.args, at: c.span.start })), ...instantiations], depth + 1);
    if ('reason' in r) return { reason: `is launched from the template function \`${caller.name}\`, whose instantiation is not known: it ${r.reason}` };
    contexts = r.bindings;
    return undefined;
  };
  const explicit = site.templateArgs !== undefined ? splitTopLevelList(site.templateArgs.replace(/^<|>$/g, '')) : [];
  // The written text of each explicit argument or deduction; caller template names are substituted per context below.
  const written = new Map<string, string>();
  params.forEach((p, i) => {
    if (i < explicit.length) written.set(p.name, explicit[i]!);
  });
  for (const [i, fp] of fn.params.entries()) {
    const target = params.find((p) => p.kind === 'type' && p.name === parseType(fp.type).base && !written.has(p.name));
    if (!target) continue;
    const arg = site.args[i];
    if (!arg) continue;
    const t = argType(facts, text, caller, arg.text, site.at);
    if (!t) continue;
    if (t.depth !== fp.pointerDepth) continue;
    written.set(target.name, t.base);
  }
  for (const p of params) {
    if (written.has(p.name)) continue;
    if (p.default !== undefined) written.set(p.name, p.default);
    else return { reason: `is launched on line ${text.slice(0, site.at).split("\n").length} without \`${p.name}\` being deducible from the arguments' declared types: write the template arguments at the launch (\`${fn.name}<…>\`)` };
  }
  const usesCaller = [...written.values()].some((v) => [...callerNames].some((n) => new RegExp(`\\b${n}\\b`).test(v)));
  if (usesCaller) {
    const bad = resolveCaller();
    if (bad) return bad;
  }
  const out: Binding[] = [];
  for (const ctx of contexts) {
    const b: Record<string, string> = {};
    for (const p of params) {
      let v = written.get(p.name)!;
      for (const [k, val] of Object.entries(ctx)) v = v.replace(new RegExp(`\\b${k}\\b`, 'g'), val);
      b[p.name] = p.kind === 'type' ? parseType(v).base + '*'.repeat(parseType(v).depth) : p.kind === 'function' ? functionName(v) : v.replace(/\s+/g, ' ').trim();
    }
    out.push(b);
  }
  return { bindings: out };
}

/**
 * The explicit instantiation definitions of a template function at file scope
 * (`template void reduce<float>(int size, int threads, …);`): a site whose written template
 * arguments bind every parameter (the argument list is the declaration's, not values).
 */
function explicitInstantiations(text: string, name: string): Site[] {
  const out: Site[] = [];
  const re = new RegExp(`(?:^|[;}\\n])\\s*template\\s+(?!<)[\\w\\s:*&<>,]*?\\b${name}\\s*(<[^;{}()]*>)\\s*\\([^;{}]*\\)\\s*;`, 'g');
  for (const m of text.matchAll(re)) out.push({ templateArgs: m[1]!, args: [], at: m.index! + m[0].indexOf('template') });
  return out;
}

/** The template arguments written at a call (`run<op_abs>(…)` → `<op_abs>`), from the text between the callee's name and its arguments. */
function writtenTemplateArgs(text: string, c: { nameSpan: { end: number }; argsSpan: { start: number } }): string | undefined {
  const between = text.slice(c.nameSpan.end, c.argsSpan.start).trim();
  return /^<[^]*>$/.test(between) ? between : undefined;
}

/** The type of an argument expression at a call site, when C++ would deduce it plainly. */
function argType(facts: FileFacts, text: string, caller: FunctionModel | undefined, arg: string, at: number): TypeOf | undefined {
  let a = arg.trim();
  while (/^\(([^]*)\)$/.test(a) && balanced(a.slice(1, -1))) a = a.slice(1, -1).trim();
  const cCast = /^\(\s*([A-Za-z_][\w:\s]*?[\s*]*)\)\s*(?=[A-Za-z_(&])/.exec(a);
  if (cCast) return parseType(cCast[1]!);
  const cxxCast = /^(?:static_cast|reinterpret_cast|const_cast)\s*<([^<>]+)>\s*\(/.exec(a);
  if (cxxCast) return parseType(cxxCast[1]!);
  if (/^-?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?[fF]$/.test(a)) return { base: 'float', depth: 0 };
  if (/^-?(?:\d+\.\d*|\.\d+|\d+[eE][-+]?\d+)(?:[eE][-+]?\d+)?$/.test(a)) return { base: 'double', depth: 0 };
  if (/^-?\d+$/.test(a)) return { base: 'int', depth: 0 };
  const addr = /^&\s*([A-Za-z_]\w*)\s*\[[^]*\]$/.exec(a);
  if (addr) return declared(facts, text, caller, addr[1]!, at);
  const arith = /^([A-Za-z_]\w*)\s*[+-]\s*[^]+$/.exec(a);
  if (arith) {
    const t = declared(facts, text, caller, arith[1]!, at);
    return t && t.depth > 0 ? t : undefined;
  }
  if (/^[A-Za-z_]\w*$/.test(a)) return declared(facts, text, caller, a, at);
  return undefined;
}

function balanced(s: string): boolean {
  let d = 0;
  for (const c of s) {
    if (c === '(') d++;
    else if (c === ')' && --d < 0) return false;
  }
  return d === 0;
}

/** The declared type of `name` in the calling function (a parameter, or the last local declaration before `at`). */
function declared(facts: FileFacts, text: string, caller: FunctionModel | undefined, name: string, at: number): TypeOf | undefined {
  if (!caller) return undefined;
  const p = caller.params.find((q) => q.name === name);
  let best: TypeOf | undefined = p && !p.isReference ? { base: parseType(p.type).base, depth: p.pointerDepth } : undefined;
  if (!caller.bodySpan) return best;
  for (const d of facts.nodesOfType('declaration')) {
    if (d.startIndex < caller.bodySpan.start || d.endIndex > at) continue;
    const typeNode = d.childForFieldName('type');
    if (!typeNode) continue;
    for (const decl of d.namedChildren) {
      if (!decl || decl === typeNode || decl.type === 'type_qualifier' || decl.type === 'storage_class_specifier') continue;
      let n: typeof decl | null = decl;
      let depth = 0;
      for (let k = 0; n && k < 8; k++) {
        if (n.type === 'identifier') break;
        if (n.type === 'pointer_declarator') depth++;
        else if (n.type === 'array_declarator') depth++;
        else if (n.type !== 'init_declarator') {
          n = null;
          break;
        }
        n = n.childForFieldName('declarator');
      }
      if (n?.type === 'identifier' && text.slice(n.startIndex, n.endIndex) === name) best = { base: parseType(text.slice(typeNode.startIndex, typeNode.endIndex)).base, depth };
    }
  }
  return best;
}
