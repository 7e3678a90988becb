/**
 * The porting cost report: plain JSON, built from the engine's own results for each file
 * (findings, the port recogniser, the estimates) and the cost model. Every number is a sum
 * over findings and kernels that the report lists with ids, so each can be traced back.
 * The CLI, the editor and every export render this one structure.
 */
import type { AnalysisResult } from '../analyze';
import { estimateDocument, type EstimateConfig } from '../estimates';
import { fixesOnDemand } from '../fixesOnDemand';
import { FileFacts } from '../model/facts';
import { reachedFunctions } from '../model/reach';
import { compileKernel } from '../port/pipeline';
import { allRules, ruleByCode } from '../rules';
import type { Family } from '../rules/rule';
import type { ParsedDocument } from '../syntax/document';
import type { Target } from '../target';
import type { Effort, Finding, Fix, Notice, Range, Severity } from '../types';
import { DEFAULT_COST_MODEL, type CostModel, type Hours } from './costModel';

export interface ReportConfig {
  target: Target;
  costModel?: CostModel;
  estimates?: Omit<EstimateConfig, 'target'>;
  /** Version of the tool, recorded in the report. */
  version?: string;
}

/** One file: parsed (doc + result) or skipped (notice). */
export interface ReportItem {
  path: string;
  doc?: ParsedDocument;
  result?: AnalysisResult;
  skipped?: Notice;
}

export type FixKind = 'safe' | 'unsafe' | 'none';

export interface FindingEntry {
  /** `<file>.<n>`, stable for the same input. */
  id: string;
  code: string;
  rule: string;
  family: Family;
  severity: Severity;
  effort: Effort;
  fix: FixKind;
  message: string;
  range: Range;
  /** The kernel it belongs to (inside it, or in a device function it calls), if any. */
  kernel?: string;
  hours: Hours;
  /**
   * The id of the finding this one repeats: the same host-runtime or library construct (rule
   * and CUDA name) again in the same function costs nothing more (docs/cost-model.md).
   */
  repeatOf?: string;
}

export interface Figures {
  findings: number;
  bySeverity: Record<Severity, number>;
  byEffort: Record<Effort, number>;
  byFamily: Partial<Record<Family, number>>;
  fixable: { safe: number; unsafe: number; manual: number };
  hours: Hours;
  personDays: Hours;
}

export interface KernelEntry {
  name: string;
  path: string;
  range: Range;
  /** `complete`: a pattern ports it fully; `skeleton`: structure only, with TODOs. */
  port: 'complete' | 'skeleton';
  classification: 'cube' | 'vector' | 'scalar';
  cubeUtilization: number | null;
  estimate: string;
  /** 0–100, see docs/cost-model.md. */
  readiness: number;
  /** Hours of the kernel itself (on top of its findings). */
  baseHours: Hours;
  findingIds: string[];
  figures: Figures;
}

export interface FileEntry {
  path: string;
  lines: number;
  partial: boolean;
  kernels: KernelEntry[];
  findings: FindingEntry[];
  figures: Figures;
}

export interface RuleTotal {
  code: string;
  rule: string;
  family: Family;
  effort: Effort;
  summary: string;
  count: number;
  fixable: { safe: number; unsafe: number };
  hours: Hours;
}

export interface Report {
  schema: 'ascend-port-report/1';
  tool: { name: 'ascend-port'; version: string };
  target: Target;
  costModel: CostModel;
  summary: Figures & {
    files: { scanned: number; skipped: number; lines: number };
    kernels: { total: number; complete: number; skeleton: number; cubeEligible: number; scalarHeavy: number };
    /** Shares in [0, 1]. */
    shares: { autoFixable: number; safeFix: number; unsafeFix: number; completePorts: number; cubeEligible: number };
  };
  /** Rules by total high-estimate hours, most expensive first. */
  rules: RuleTotal[];
  /** The most expensive rules: the first ten of `rules`. */
  topBlockers: string[];
  /** Findings and hours per family, most expensive first. */
  families: { family: Family; count: number; hours: Hours }[];
  files: FileEntry[];
  skipped: { path: string; reason: string; message: string }[];
}

const SEVERITIES: Severity[] = ['error', 'warning', 'information', 'hint'];
const EFFORTS: Effort[] = ['low', 'medium', 'high'];

const round = (x: number) => Math.round(x * 100) / 100;
const add = (a: Hours, b: Hours): Hours => [a[0] + b[0], a[1] + b[1]];

function fixKind(f: Finding, onDemand: readonly Fix[] = []): FixKind {
  const fixes = [...(f.fixes ?? []), ...onDemand].filter((x) => x.safety !== 'display-only');
  return fixes.some((x) => x.safety === 'safe') ? 'safe' : fixes.length ? 'unsafe' : 'none';
}

export function findingHours(model: CostModel, code: string, effort: Effort, fix: FixKind): Hours {
  if (fix !== 'none') return model.fixed[fix];
  return model.rules[code] ?? model.effort[effort];
}

function figures(findings: readonly FindingEntry[], extra: Hours, model: CostModel): Figures {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byEffort = Object.fromEntries(EFFORTS.map((e) => [e, 0])) as Record<Effort, number>;
  const byFamily: Partial<Record<Family, number>> = {};
  const fixable = { safe: 0, unsafe: 0, manual: 0 };
  let hours: Hours = extra;
  for (const f of findings) {
    bySeverity[f.severity]++;
    byEffort[f.effort]++;
    byFamily[f.family] = (byFamily[f.family] ?? 0) + 1;
    if (f.fix === 'safe') fixable.safe++;
    else if (f.fix === 'unsafe') fixable.unsafe++;
    else fixable.manual++;
    hours = add(hours, f.hours);
  }
  const h: Hours = [round(hours[0]), round(hours[1])];
  return { findings: findings.length, bySeverity, byEffort, byFamily, fixable, hours: h, personDays: [round(h[0] / model.hoursPerDay), round(h[1] / model.hoursPerDay)] };
}

function inside(r: Range, outer: Range): boolean {
  const le = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, r.start) && le(r.end, outer.end);
}

/** Readiness of a kernel (docs/cost-model.md): 100 minus 25 per high, 10 per medium and 3 per low-effort finding without a fix; a skeleton is at most 60, a complete port at least 80. */
export function readiness(port: 'complete' | 'skeleton', findings: readonly FindingEntry[]): number {
  let penalty = 0;
  for (const f of findings) if (f.fix === 'none') penalty += f.effort === 'high' ? 25 : f.effort === 'medium' ? 10 : 3;
  const score = Math.max(0, 100 - penalty);
  return port === 'complete' ? Math.max(80, score) : Math.min(60, score);
}

/** Families whose repeated calls are mechanical (descriptor setup, error checks, copies): one cost per construct and function. */
const MECHANICAL: ReadonlySet<Family> = new Set(['host-runtime', 'libraries']);

/**
 * One cost per distinct construct per function for repeated mechanical calls: a finding of
 * the host-runtime or libraries family whose rule and CUDA name (the first name the message
 * quotes) were already charged in the same function costs [0, 0] and points at the first.
 */
export function chargeRepeatsOnce(findings: FindingEntry[], functionOf: (f: FindingEntry) => number): void {
  const first = new Map<string, string>();
  for (const f of findings) {
    if (!MECHANICAL.has(f.family)) continue;
    const fn = functionOf(f);
    if (fn < 0) continue;
    const name = /`([^`]+)`/.exec(f.message)?.[1] ?? '';
    const key = `${f.code}\u0000${name}\u0000${fn}`;
    const id = first.get(key);
    if (id === undefined) first.set(key, f.id);
    else {
      f.hours = [0, 0];
      f.repeatOf = id;
    }
  }
}

function fileEntry(item: ReportItem, index: number, config: ReportConfig, model: CostModel): FileEntry {
  const { doc, result } = item;
  const findings: FindingEntry[] = result!.findings.map((f, i) => {
    // A launch rewrite is a fix when the kernel ports completely: the report ports every kernel anyway.
    const fix = fixKind(f, doc && f.fixOnDemand ? fixesOnDemand(doc, f, config.target) : []);
    return {
      id: `${index + 1}.${i + 1}`,
      code: f.code,
      rule: f.rule,
      family: ruleByCode(f.code)?.family ?? 'execution-model',
      severity: f.severity,
      effort: f.effort,
      fix,
      message: f.message,
      range: f.range,
      hours: findingHours(model, f.code, f.effort, fix),
    };
  });
  const kernels: KernelEntry[] = [];
  if (doc) {
    const facts = FileFacts.of(doc);
    const fns = facts.functions();
    chargeRepeatsOnce(findings, (f) => facts.enclosingFunction(doc.lines.offsetAt(f.range.start))?.span.start ?? -1);
    const estimates = new Map(estimateDocument(doc, { ...config.estimates, target: config.target }).kernels.map((k) => [k.kernel, k]));
    for (const fn of fns) {
      if (fn.kind !== 'global' || !fn.bodySpan) continue;
      const ranges = reachedFunctions(fns, fn).map((r) => doc.lines.range(r.f.span));
      const own = findings.filter((f) => !f.kernel && f.code !== 'ASC001' && ranges.some((r) => inside(f.range, r)));
      for (const f of own) f.kernel = fn.name;
      const port = compileKernel(facts, doc.text, fn, config.target).kind;
      const est = estimates.get(fn.name);
      const baseHours = model.kernel[port];
      kernels.push({
        name: fn.name,
        path: item.path,
        range: doc.lines.range(fn.span),
        port,
        classification: est?.classification ?? 'vector',
        cubeUtilization: est && Number.isFinite(est.estimate.cubeUtilization) ? round(est.estimate.cubeUtilization) : null,
        estimate: est?.lens ?? '',
        readiness: readiness(port, own),
        baseHours,
        findingIds: own.map((f) => f.id),
        figures: figures(own, baseHours, model),
      });
    }
  }
  const kernelHours = kernels.reduce<Hours>((h, k) => add(h, k.baseHours), [0, 0]);
  return { path: item.path, lines: result!.stats.lines, partial: result!.partial, kernels, findings, figures: figures(findings, kernelHours, model) };
}

function familyTotals(rules: readonly RuleTotal[]): Report['families'] {
  const by = new Map<Family, { family: Family; count: number; hours: Hours }>();
  for (const r of rules) {
    const t = by.get(r.family) ?? { family: r.family, count: 0, hours: [0, 0] as Hours };
    t.count += r.count;
    t.hours = [round(t.hours[0] + r.hours[0]), round(t.hours[1] + r.hours[1])];
    by.set(r.family, t);
  }
  return [...by.values()].sort((a, b) => b.hours[1] - a.hours[1] || a.family.localeCompare(b.family));
}

/** Builds a report file by file, so each parsed document can be disposed as soon as it is added. */
export class ReportBuilder {
  private readonly files: FileEntry[] = [];
  private readonly skipped: Report['skipped'] = [];
  private readonly model: CostModel;

  constructor(private readonly config: ReportConfig) {
    this.model = config.costModel ?? DEFAULT_COST_MODEL;
  }

  add(item: ReportItem): void {
    if (item.skipped || !item.result) this.skipped.push({ path: item.path, reason: item.skipped?.reason ?? 'parse-failed', message: item.skipped?.message ?? 'not analysed' });
    else this.files.push(fileEntry(item, this.files.length, this.config, this.model));
  }

  finish(): Report {
    const { files, skipped, model, config } = this;
    const allFindings = files.flatMap((f) => f.findings);
    const allKernels = files.flatMap((f) => f.kernels);
    const kernelHours = allKernels.reduce<Hours>((h, k) => add(h, k.baseHours), [0, 0]);
    const base = figures(allFindings, kernelHours, model);
    const byRule = new Map<string, RuleTotal>();
    for (const f of allFindings) {
      let t = byRule.get(f.code);
      if (!t) {
        const r = ruleByCode(f.code);
        t = { code: f.code, rule: f.rule, family: f.family, effort: f.effort, summary: r?.summary ?? '', count: 0, fixable: { safe: 0, unsafe: 0 }, hours: [0, 0] };
        byRule.set(f.code, t);
      }
      t.count++;
      if (f.fix === 'safe') t.fixable.safe++;
      if (f.fix === 'unsafe') t.fixable.unsafe++;
      t.hours = add(t.hours, f.hours);
    }
    const order = new Map(allRules.map((r, i) => [r.code, i]));
    const rules = [...byRule.values()]
      .map((t) => ({ ...t, hours: [round(t.hours[0]), round(t.hours[1])] as Hours }))
      .sort((a, b) => b.hours[1] - a.hours[1] || b.hours[0] - a.hours[0] || (order.get(a.code) ?? 0) - (order.get(b.code) ?? 0));
    const share = (n: number, d: number) => (d ? round(n / d) : 0);
    const complete = allKernels.filter((k) => k.port === 'complete').length;
    const cube = allKernels.filter((k) => k.classification === 'cube').length;
    return {
      schema: 'ascend-port-report/1',
      tool: { name: 'ascend-port', version: config.version ?? 'dev' },
      target: config.target,
      costModel: model,
      summary: {
        ...base,
        files: { scanned: files.length, skipped: skipped.length, lines: files.reduce((s, f) => s + f.lines, 0) },
        kernels: { total: allKernels.length, complete, skeleton: allKernels.length - complete, cubeEligible: cube, scalarHeavy: allKernels.filter((k) => k.classification === 'scalar').length },
        shares: {
          autoFixable: share(base.fixable.safe + base.fixable.unsafe, base.findings),
          safeFix: share(base.fixable.safe, base.findings),
          unsafeFix: share(base.fixable.unsafe, base.findings),
          completePorts: share(complete, allKernels.length),
          cubeEligible: share(cube, allKernels.length),
        },
      },
      rules,
      topBlockers: rules.slice(0, 10).map((r) => r.code),
      families: familyTotals(rules),
      files,
      skipped,
    };
  }
}

export function buildReport(items: readonly ReportItem[], config: ReportConfig): Report {
  const b = new ReportBuilder(config);
  for (const item of items) b.add(item);
  return b.finish();
}
