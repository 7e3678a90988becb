/**
 * The API boundary of the engine: a parsed document and a configuration in, plain
 * JSON-serialisable data out. It never throws: a rule that throws is reported in
 * `ruleErrors` and the other rules still run.
 */
import { FileFacts, type LaunchSite } from './model/facts';
import type { FunctionModel } from './model/kernels';
import { allRules } from './rules';
import type { ReportInput, Rule, RuleContext, SpanFix } from './rules/rule';
import { ReportReuse } from './reportReuse';
import type { ParsedDocument } from './syntax/document';
import type { LineIndex } from './syntax/positions';
import type { SeverityOverride } from './projectConfig';
import { findSuppressions } from './suppressions';
import { addAclInclude } from './aclInclude';
import type { Target } from './target';
import type { Finding, Fix, Notice, Range, Severity, Span } from './types';

export interface AnalysisConfig {
  target: Target;
  /** Run only these rule codes (tests, `--select`). */
  only?: readonly string[];
  /** Skip these rule codes. */
  disabled?: readonly string[];
  /** Replaces the registry (tests inject rules through this). */
  rules?: readonly Rule[];
  /** Per-rule severity by code (`off` drops the rule's findings). */
  severities?: Readonly<Record<string, SeverityOverride>>;
}

export interface ParamInfo {
  name: string;
  type: string;
  baseType: string;
  pointerDepth: number;
  isConst: boolean;
  isRestrict: boolean;
  isReference: boolean;
}

export interface LaunchInfo {
  kernel: string;
  /** `k<<<…>>>(…)`, or a call of a launch wrapper (`ggml_cuda_kernel_launch`, `cudaLaunchKernel`: model/launchWrappers.ts). */
  form: 'chevron' | 'wrapper';
  /** The wrapper's name, for a wrapper launch. */
  wrapper?: string;
  range: Range;
  /** `<<<…>>>`, or the wrapper's argument(s) that give the configuration. */
  configRange: Range;
  /** grid, block, shared bytes, stream, as written (for a wrapper launch, the expressions its configuration is built from; empty when unknown). */
  config: string[];
  args: string[];
  templateArgs?: string;
  /** Name of the function the launch is written in. */
  inFunction?: string;
}

export interface KernelInfo {
  name: string;
  kind: 'global' | 'device' | 'host-device';
  qualifiers: string[];
  launchBounds?: string;
  templateParams?: string;
  range: Range;
  nameRange: Range;
  params: ParamInfo[];
  /** Thread-index builtins used, e.g. `threadIdx.x`, with their counts. */
  threadIndex: Record<string, number>;
  /** Highest grid/block dimension indexed: 1, 2 or 3. */
  dimensions: number;
  sharedArrays: { name: string; elementType: string; dims: string[]; isExtern: boolean; range: Range }[];
  barriers: { name: string; range: Range }[];
  loops: { kind: 'for' | 'while' | 'do'; header: string; gridStride: boolean; range: Range }[];
  /** Distinct callee names, in order of first call. */
  calls: string[];
  launches: LaunchInfo[];
}

export interface AnalysisStats {
  chars: number;
  lines: number;
  errorNodes: number;
  lensEdits: number;
  parseMs: number;
  analysisMs: number;
  incremental: boolean;
  /**
   * What this analysis re-did (\`ascendPort.trace.analysis\`): the top-level declarations, those
   * whose facts were collected again (by their first lines; the others were reused from the
   * previous version), and how many the declaration-scoped rules ran on.
   */
  declarations?: { total: number; recollected: string[]; reanalysed: number };
}

export interface AnalysisResult {
  findings: Finding[];
  kernels: KernelInfo[];
  launches: LaunchInfo[];
  notices: Notice[];
  /** Rules that threw, as `CODE: message`; the analysis still completed. */
  ruleErrors: string[];
  /** True when the parse failed or timed out and findings come from a lexical fallback. */
  partial: boolean;
  stats: AnalysisStats;
  /** Absolute paths of the workspace headers the analysis read (directly or nested), for re-analysis when one changes. */
  includes?: string[];
  /** Code in inactive preprocessor branches under the document's defines (greyed by editors, skipped by rules). */
  inactive?: Range[];
}

export function selectRules(config: AnalysisConfig): readonly Rule[] {
  const only = config.only && config.only.length ? new Set(config.only) : null;
  const disabled = new Set(config.disabled ?? []);
  return (config.rules ?? allRules).filter((r) => (!only || only.has(r.code) || only.has(r.name)) && !disabled.has(r.code) && !disabled.has(r.name));
}

/**
 * Budgets of one analysis beyond the parse's own time limit. Each exhaustion gives a
 * `partial` notice with reason `budget`, and the result holds what was found until then.
 */
export const ANALYSIS_BUDGET = {
  /** Rules start only while the analysis has run less than this (each rule is linear). */
  rulesMs: 4000,
  /** Findings kept per file; a 5 MB line of launches once gave 462 MB of JSON. */
  findings: 2000,
  /** Kernels and launches listed per file. */
  listed: 2000,
};

/**
 * \`reuseReports\`: whether declaration-scoped rules may replay the previous version's reports (off
 * only for the re-run below).
 */
export function analyzeDocument(doc: ParsedDocument, config: AnalysisConfig, reuseReports = true): AnalysisResult {
  const t0 = performance.now();
  const facts = FileFacts.of(doc);
  const lines = doc.lines;
  const findings: Finding[] = [];
  const ruleErrors: string[] = [];
  const notices: Notice[] = [];
  const partial = doc.tree === null;
  // Fixes write `\n`; a CRLF file gets CRLF (one place for every rule's fix).
  const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
  if (partial) {
    notices.push({
      kind: 'partial',
      reason: doc.parse.timedOut ? 'parse-timeout' : 'parse-failed',
      message: doc.parse.timedOut
        ? `partial results: parsing took longer than its time limit (${Math.round(doc.parse.parseMs)} ms); calls, launches and asm were found lexically and the kernel model is empty`
        : 'partial results: the parser failed; calls, launches and asm were found lexically and the kernel model is empty',
    });
  }

  let dropped = 0;
  const skippedRules: string[] = [];
  /** The span of each finding (same index), and the constructs superseding rules claimed. */
  const spans: Span[] = [];
  const claims: { codes: readonly string[]; span: Span }[] = [];
  const rules = selectRules(config).filter((r) => config.severities?.[r.code] !== 'off');
  // Declaration-scoped rules run on the declarations the edit changed; their other reports are reused.
  const reuse = config.rules || !reuseReports ? undefined : ReportReuse.begin(facts, config.target, rules);
  for (const rule of rules) {
    const override = config.severities?.[rule.code] as Severity | undefined;
    if (performance.now() - t0 > ANALYSIS_BUDGET.rulesMs) {
      skippedRules.push(rule.code);
      continue;
    }
    const scoped = reuse && rule.scope === 'declaration' ? reuse : undefined;
    const report = (input: ReportInput) => {
      // Code an inactive preprocessor branch removes is not built: no finding there.
      if (facts.isInactive(input.span.start)) return;
      if (findings.length >= ANALYSIS_BUDGET.findings) {
        dropped++;
        return;
      }
      if (rule.supersedes?.length) claims.push({ codes: rule.supersedes, span: input.claim ?? input.span });
      spans.push(input.span);
      findings.push({
        code: rule.code,
        rule: rule.name,
        severity: override ?? input.severity ?? rule.severity(config.target),
        effort: rule.effort,
        message: input.message,
        range: lines.range(input.span),
        fixes: input.fixes?.length ? input.fixes.map((f) => toFix(f, lines, eol)) : undefined,
        ...(input.fixOnDemand ? { fixOnDemand: true as const } : {}),
        related: relatedOf(input.related, input.span, facts, lines),
        ...(input.unnecessary ? { unnecessary: true } : {}),
      });
    };
    for (const input of scoped?.reused(rule.code) ?? []) report(input);
    const ctx: RuleContext = {
      target: config.target,
      text: doc.text,
      facts: scoped ? scoped.view : facts,
      report: scoped
        ? (input) => {
            if (scoped.record(rule.code, input)) report(input);
          }
        : report,
    };
    try {
      rule.check(ctx);
    } catch (e) {
      scoped?.spoil();
      ruleErrors.push(`${rule.code} ${rule.name} threw: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (skippedRules.length) reuse?.spoil();
  // Past the findings cap, which findings are kept depends on the order they came in, and
  // replayed reports come first: analyse the whole file again, as a fresh analysis would.
  if (dropped && reuse?.replayed) return analyzeDocument(doc, config, false);
  reuse?.commit();
  if (!facts.treeComplete) {
    notices.push({
      kind: 'partial',
      reason: 'budget',
      message: 'partial results: the syntax tree is too deeply nested to collect within its budget; calls and asm were found lexically and some kernels may be missing',
    });
  }
  if (skippedRules.length) {
    notices.push({
      kind: 'partial',
      reason: 'budget',
      message: `partial results: the analysis ran past its ${ANALYSIS_BUDGET.rulesMs / 1000} s budget; ${skippedRules.length} rules did not run (${skippedRules.slice(0, 8).join(', ')}${skippedRules.length > 8 ? ', …' : ''})`,
    });
  }
  if (dropped) {
    notices.push({ kind: 'partial', reason: 'budget', message: `partial results: ${dropped} findings over the limit of ${ANALYSIS_BUDGET.findings} per file were dropped` });
  }
  if (performance.now() - t0 <= ANALYSIS_BUDGET.rulesMs) {
    try {
      const helpers = headerHelperFindings(doc, facts, config, t0);
      if (helpers.skipped) notices.push({ kind: 'partial', reason: 'budget', message: `partial results: ${helpers.skipped} included headers were not analysed for the device helpers kernels call (the analysis ran past its ${ANALYSIS_BUDGET.rulesMs / 1000} s budget)` });
      for (const f of helpers.findings) {
        if (findings.length >= ANALYSIS_BUDGET.findings) {
          dropped++;
          continue;
        }
        findings.push(f);
      }
    } catch (e) {
      ruleErrors.push(`header helpers: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const suppressions = findSuppressions(doc.text, lines);
  for (const code of suppressions.unknown) {
    notices.push({ kind: 'suppressed', reason: 'unknown-rule', message: `ascend-port-ignore names an unknown rule '${code}'` });
  }
  const superseded = (f: Finding, i: number) => claims.some((c) => c.codes.includes(f.code) && spans[i]!.start >= c.span.start && spans[i]!.end <= c.span.end);
  const kept = findings.filter((f, i) => !suppressions.suppresses(f) && !(claims.length && superseded(f, i)));
  addAclInclude(kept, doc.text, facts.maskedText, lines, eol);
  kept.sort(compareFindings);

  const functions = facts.functions();
  const allKernels = functions.filter((f) => f.kind !== 'host');
  // Both forms are listed, each with its `form`.
  const allLaunches = facts.launches();
  const kernels = allKernels.slice(0, ANALYSIS_BUDGET.listed).map((f) => kernelInfo(f, facts, lines));
  const launches = allLaunches.slice(0, ANALYSIS_BUDGET.listed).map((l) => launchInfo(l, facts, lines));
  if (allKernels.length > kernels.length || allLaunches.length > launches.length) {
    notices.push({
      kind: 'partial',
      reason: 'budget',
      message: `partial results: only the first ${[
        ...(allKernels.length > kernels.length ? [`${ANALYSIS_BUDGET.listed} of ${allKernels.length} kernels`] : []),
        ...(allLaunches.length > launches.length ? [`${ANALYSIS_BUDGET.listed} of ${facts.launchesTruncated ? 'more than ' : ''}${allLaunches.length} launches`] : []),
      ].join(' and ')} are listed${facts.launchesTruncated ? ' (launches past that many are not read)' : ''}`,
    });
  }

  const pre = facts.preproc;
  notices.push(...pre.notices);
  return {
    findings: kept,
    kernels,
    launches,
    notices,
    ruleErrors,
    partial,
    includes: [...pre.includes],
    inactive: pre.inactive.map((s) => lines.range(s)),
    stats: {
      chars: doc.text.length,
      lines: lines.lineCount,
      errorNodes: facts.errorNodeCount,
      lensEdits: doc.lens.edits.length,
      parseMs: doc.parse.parseMs,
      analysisMs: performance.now() - t0,
      incremental: doc.parse.incremental,
      declarations: { total: facts.unitTrace.units, recollected: facts.unitTrace.recomputed, reanalysed: reuse?.reanalysed ?? facts.unitTrace.units },
    },
  };
}

/**
 * A rule's related locations, plus, for a finding inside one of the document's own
 * `#define` bodies, where that macro is expanded (up to three places).
 */
function relatedOf(related: { span: Span; message: string }[] | undefined, span: Span, facts: FileFacts, lines: LineIndex): Finding['related'] {
  const out = (related ?? []).map((r) => ({ range: lines.range(r.span), message: r.message }));
  const macro = facts.macroAt(span.start);
  if (macro) {
    const uses = facts.macroExpansions(macro.name);
    for (const u of uses.slice(0, 3)) out.push({ range: lines.range(u), message: `\`${macro.name}\` is expanded here` });
  }
  return out.length ? out : undefined;
}

interface HelperSummary {
  text: string;
  /** Findings of every rule inside each `__device__` helper of the header, by helper name. */
  helpers: Map<string, Finding[]>;
}

/**
 * Header analyses by path and target, once per header text; bounded by count and by the
 * characters of the texts they keep, least recently used first out. The count is above the
 * per-document header limit (PREPROC_LIMITS.headers): a bound below it would evict every
 * entry while one document walks its headers in order (CUTLASS-based files read 155).
 */
const headerAnalyses = new Map<string, HelperSummary>();
const MAX_HEADER_ANALYSES = 1024;
const MAX_HEADER_ANALYSIS_CHARS = 64 * 1024 * 1024;
let headerAnalysisChars = 0;
/** Header analyses do not look into their own headers' helpers (no recursion). */
let inHeaderAnalysis = false;

function helperSummary(doc: ParsedDocument, path: string, text: string, config: AnalysisConfig): HelperSummary {
  const key = `${path}\0${config.target.soc}\0${config.target.cann}`;
  const hit = headerAnalyses.get(key);
  if (hit && hit.text === text) {
    headerAnalyses.delete(key);
    headerAnalyses.set(key, hit);
    return hit;
  }
  const hdoc = doc.sibling(text, { ...doc.context, path });
  inHeaderAnalysis = true;
  try {
    const result = analyzeDocument(hdoc, { target: config.target, rules: config.rules });
    const helpers = new Map<string, Finding[]>();
    for (const fn of FileFacts.of(hdoc).functions()) {
      if ((fn.kind !== 'device' && fn.kind !== 'host-device') || !fn.bodySpan) continue;
      const r = hdoc.lines.range(fn.span);
      const inside = result.findings.filter((f) => after(f.range.start, r.start) && after(r.end, f.range.end));
      if (inside.length) helpers.set(fn.name, inside);
    }
    const summary = { text, helpers };
    const old = headerAnalyses.get(key);
    if (old) {
      headerAnalysisChars -= old.text.length;
      headerAnalyses.delete(key);
    }
    headerAnalyses.set(key, summary);
    headerAnalysisChars += text.length;
    while (headerAnalyses.size > 1 && (headerAnalyses.size > MAX_HEADER_ANALYSES || headerAnalysisChars > MAX_HEADER_ANALYSIS_CHARS)) {
      const [first, evicted] = headerAnalyses.entries().next().value as [string, HelperSummary];
      headerAnalysisChars -= evicted.text.length;
      headerAnalyses.delete(first);
    }
    return summary;
  } finally {
    inHeaderAnalysis = false;
    hdoc.dispose();
  }
}

const after = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line > b.line || (a.line === b.line && a.character >= b.character);

/**
 * Findings of `__device__` helpers defined in included workspace headers, shown on each call
 * from a kernel of the document (one per rule and call), with related information pointing
 * into the header. Same-file helpers are analysed where they are written.
 */
function headerHelperFindings(doc: ParsedDocument, facts: FileFacts, config: AnalysisConfig, t0: number): { findings: Finding[]; skipped: number } {
  const read = doc.context.readFile;
  const includes = facts.preproc.includes;
  if (inHeaderAnalysis || !read || !includes.length) return { findings: [], skipped: 0 };
  let skipped = 0;
  const selected = new Set(selectRules(config).map((r) => r.code));
  const fns = facts.functions();
  const local = new Set(fns.map((f) => f.name));
  // Only names the document's kernels call and do not define are looked up: a file without
  // such calls (an instantiation file of flash-attention over 155 CUTLASS headers) reads none.
  const wanted = new Set<string>();
  for (const k of fns) if (k.kind === 'global') for (const c of k.calls) if (!local.has(c.name)) wanted.add(c.name);
  if (!wanted.size) return { findings: [], skipped: 0 };
  const helpers = new Map<string, { path: string; findings: Finding[] }>();
  for (const path of includes) {
    // Each header is analysed once per text; a first analysis over many headers stops at the budget.
    if (performance.now() - t0 > ANALYSIS_BUDGET.rulesMs) {
      skipped++;
      continue;
    }
    const text = read(path);
    if (text === undefined) continue;
    for (const [name, list] of helperSummary(doc, path, text, config).helpers) if (wanted.has(name) && !helpers.has(name)) helpers.set(name, { path, findings: list });
  }
  if (!helpers.size) return { findings: [], skipped };
  const out: Finding[] = [];
  for (const k of fns) {
    if (k.kind !== 'global') continue;
    for (const call of k.calls) {
      const h = helpers.get(call.name);
      if (!h) continue;
      const seen = new Set<string>();
      for (const f of h.findings) {
        if (seen.has(f.code) || !selected.has(f.code)) continue;
        const override = config.severities?.[f.code];
        if (override === 'off') continue;
        seen.add(f.code);
        const file = h.path.slice(h.path.lastIndexOf('/') + 1);
        out.push({
          code: f.code,
          rule: f.rule,
          severity: override ?? f.severity,
          effort: f.effort,
          message: `\`${k.name}\` calls \`${call.name}\` (${file}:${f.range.start.line + 1}), where: ${f.message}`,
          range: doc.lines.range(call.nameSpan),
          related: [{ range: f.range, message: `in \`${call.name}\`, included from ${file}`, path: h.path }],
        });
      }
    }
  }
  return { findings: out, skipped };
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

function compareFindings(a: Finding, b: Finding): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    a.code.localeCompare(b.code)
  );
}

export function toFix(f: SpanFix, lines: LineIndex, eol: string): Fix {
  const text = (t: string) => (eol === '\n' ? t : t.replace(/\r?\n/g, eol));
  return { title: f.title, safety: f.safety, edits: f.edits.map((e) => ({ range: lines.range(e.span), newText: text(e.newText) })) };
}

function kernelInfo(f: FunctionModel, facts: FileFacts, lines: LineIndex): KernelInfo {
  const threadIndex: Record<string, number> = {};
  let dimensions = 1;
  for (const u of f.indexUses) {
    const key = `${u.builtin}.${u.dim}`;
    threadIndex[key] = (threadIndex[key] ?? 0) + 1;
    dimensions = Math.max(dimensions, u.dim === 'x' ? 1 : u.dim === 'y' ? 2 : 3);
  }
  return {
    name: f.name,
    kind: f.kind as KernelInfo['kind'],
    qualifiers: f.qualifiers,
    launchBounds: f.launchBounds,
    templateParams: f.templateParams,
    range: lines.range(f.span),
    nameRange: lines.range(f.nameSpan),
    params: f.params.map((p) => ({
      name: p.name,
      type: p.type,
      baseType: p.baseType,
      pointerDepth: p.pointerDepth,
      isConst: p.isConst,
      isRestrict: p.isRestrict,
      isReference: p.isReference,
    })),
    threadIndex,
    dimensions,
    sharedArrays: f.sharedArrays.map((s) => ({ name: s.name, elementType: s.elementType, dims: s.dims, isExtern: s.isExtern, range: lines.range(s.span) })),
    barriers: f.barriers.map((b) => ({ name: b.name, range: lines.range(b.nameSpan) })),
    loops: f.loops.map((l) => ({ kind: l.kind, header: l.header, gridStride: l.gridStride, range: lines.range(l.span) })),
    calls: [...new Set(f.calls.map((c) => c.name))],
    launches: f.launchSites.slice(0, ANALYSIS_BUDGET.listed).map((l) => launchInfo(l, facts, lines)),
  };
}

function launchInfo(l: LaunchSite, facts: FileFacts, lines: LineIndex): LaunchInfo {
  return {
    kernel: l.kernel,
    range: lines.range(l.span),
    form: l.form,
    wrapper: l.form === 'wrapper' ? l.wrapper : undefined,
    // A wrapper launch has no `<<<>>>`: its configuration is the wrapper's argument that gives it.
    configRange: lines.range(l.form === 'chevron' ? l.configSpan : l.configArgsSpan),
    config: l.config.map((a) => a.text),
    args: l.args.map((a) => a.text),
    templateArgs: l.templateArgs,
    inFunction: facts.enclosingFunction(l.span.start)?.name,
  };
}
