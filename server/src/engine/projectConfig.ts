/**
 * The project file `.ascend-port.yaml`: a team's shared target and per-rule severities.
 *
 *   target:
 *     soc: Ascend910B3
 *     cann: 8.x
 *   rules:
 *     ASC201: off            # a code or a rule name; error | warning | information | hint | off
 *     warp-shuffle: warning
 *   costModel:               # the porting report's effort model (docs/cost-model.md)
 *     hoursPerDay: 6
 *     rules: { ASC251: [6, 16] }
 *   defines:                 # -D defines for #if and macros (a map, or a list of NAME=VALUE)
 *     ENABLE_BF16: 1
 *   includePaths: [include, third_party/cutlass/include]   # relative to this file
 *   compileCommands: build   # compile_commands.json, or the folder holding it
 *
 * Parsing is pure (text in, data out) and never throws: problems come back with their
 * positions so the editor can show them on the file itself.
 */
import { isAlias, isMap, isScalar, LineCounter, parseDocument, type Pair } from 'yaml';
import { normalizeDefines, normalizeIncludePaths } from './buildConfig';
import { normalizeCostModel, type CostModel } from './report/costModel';
import { allRules } from './rules';
import { isCannVersion, isSoc, type CannVersion, type Soc } from './target';
import type { Range, Severity } from './types';

export const PROJECT_CONFIG_FILE = '.ascend-port.yaml';

export type SeverityOverride = Severity | 'off';
const OVERRIDES: readonly SeverityOverride[] = ['error', 'warning', 'information', 'hint', 'off'];

export interface ProjectConfig {
  target?: { soc?: Soc; cann?: CannVersion };
  /** Rule code -> severity override. */
  rules: Record<string, SeverityOverride>;
  /** The cost model of the porting report (docs/cost-model.md), merged over the defaults. */
  costModel?: CostModel;
  /** `-D` defines (`null` undefines), as written; see buildConfig.ts for the merge order. */
  defines?: Record<string, string | null>;
  /** Include directories as written: relative ones are relative to the project file's folder (the host resolves them). */
  includePaths?: string[];
  /** compile_commands.json or its folder, as written (relative to the project file's folder). */
  compileCommands?: string;
}

export interface ConfigProblem {
  message: string;
  range: Range;
}

const RULE_CODES: ReadonlySet<string> = new Set(allRules.map((r) => r.code));
const ruleCode = new Map<string, string>();
for (const r of allRules) {
  ruleCode.set(r.code, r.code);
  ruleCode.set(r.name, r.code);
}

/** Normalises a severity map whose keys are codes or names (settings, project file). */
export function normalizeOverrides(raw: unknown): { rules: Record<string, SeverityOverride>; problems: string[] } {
  const rules: Record<string, SeverityOverride> = {};
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { rules, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { rules, problems: ['rules must be a map of rule code or name to a severity'] };
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const code = ruleCode.get(key) ?? ruleCode.get(key.toUpperCase());
    if (!code) problems.push(`unknown rule '${key}'`);
    else if (!OVERRIDES.includes(value as SeverityOverride)) problems.push(`'${key}': severity must be one of ${OVERRIDES.join(', ')}`);
    else rules[code] = value as SeverityOverride;
  }
  return { rules, problems };
}

/** Problems reported per project file; a 10 MB file of garbage once gave 86,750. */
export const MAX_CONFIG_PROBLEMS = 50;

export function parseProjectConfig(text: string): { config: ProjectConfig; problems: ConfigProblem[] } {
  const result = parseProjectConfigUncapped(text);
  if (result.problems.length <= MAX_CONFIG_PROBLEMS) return result;
  const more = result.problems.length - MAX_CONFIG_PROBLEMS;
  const problems = result.problems.slice(0, MAX_CONFIG_PROBLEMS);
  problems.push({ message: `… and ${more} more problems`, range: problems[problems.length - 1]!.range });
  return { config: result.config, problems };
}

function parseProjectConfigUncapped(text: string): { config: ProjectConfig; problems: ConfigProblem[] } {
  const lines = new LineCounter();
  const config: ProjectConfig = { rules: {} };
  const problems: ConfigProblem[] = [];
  const rangeOf = (r: readonly [number, number, number?] | undefined | null): Range => {
    const a = lines.linePos(r?.[0] ?? 0);
    const b = lines.linePos(r?.[1] ?? r?.[0] ?? 0);
    return { start: { line: a.line - 1, character: a.col - 1 }, end: { line: b.line - 1, character: b.col - 1 } };
  };
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  } catch (e) {
    return { config, problems: [{ message: `cannot read ${PROJECT_CONFIG_FILE}: ${(e as Error).message}`, range: rangeOf(null) }] };
  }
  for (const err of doc.errors) problems.push({ message: `YAML: ${err.message.split('\n')[0]}`, range: rangeOf(err.pos) });
  if (doc.errors.length) return { config, problems };
  // `*anchor` aliases stand for the node they name (`ASC201: *strict`).
  const deref = <T>(node: T): T | unknown => (isAlias(node) ? node.resolve(doc) : node);
  const root = doc.contents;
  if (root === null || root === undefined) return { config, problems };
  if (!isMap(root)) return { config, problems: [{ message: `${PROJECT_CONFIG_FILE} must be a map with 'target', 'rules', 'costModel', 'defines', 'includePaths' and 'compileCommands'`, range: rangeOf(root.range) }] };

  for (const pair of root.items as Pair[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const keyRange = rangeOf(isScalar(pair.key) ? pair.key.range : undefined);
    pair.value = deref(pair.value) as Pair['value'];
    if (key === 'target') {
      if (!isMap(pair.value)) {
        problems.push({ message: "'target' must be a map with 'soc' and 'cann'", range: keyRange });
        continue;
      }
      config.target = {};
      for (const t of pair.value.items as Pair[]) {
        const k = isScalar(t.key) ? String(t.key.value) : '';
        t.value = deref(t.value) as Pair['value'];
        const v = isScalar(t.value) ? String(t.value.value) : undefined;
        const r = rangeOf(isScalar(t.value) ? t.value.range : isScalar(t.key) ? t.key.range : undefined);
        if (k === 'soc') {
          if (isSoc(v)) config.target.soc = v;
          else problems.push({ message: `unknown SoC '${v}'`, range: r });
        } else if (k === 'cann') {
          if (isCannVersion(v)) config.target.cann = v;
          else problems.push({ message: `unknown CANN version '${v}' (8.x or 9.x)`, range: r });
        } else problems.push({ message: `unknown target key '${k}' (soc, cann)`, range: r });
      }
    } else if (key === 'rules') {
      if (!isMap(pair.value)) {
        problems.push({ message: "'rules' must be a map of rule code or name to a severity", range: keyRange });
        continue;
      }
      for (const item of pair.value.items as Pair[]) {
        const k = isScalar(item.key) ? String(item.key.value) : '';
        item.value = deref(item.value) as Pair['value'];
        const v = isScalar(item.value) ? item.value.value : undefined;
        const { rules, problems: p } = normalizeOverrides({ [k]: v });
        Object.assign(config.rules, rules);
        for (const message of p) problems.push({ message, range: rangeOf(isScalar(item.key) ? item.key.range : undefined) });
      }
    } else if (key === 'costModel') {
      let raw: unknown;
      try {
        // toJS resolves aliases, and refuses an alias bomb (yaml's maxAliasCount).
        raw = pair.value && typeof (pair.value as { toJS?: unknown }).toJS === 'function' ? (pair.value as unknown as { toJS: (d: unknown) => unknown }).toJS(doc) : undefined;
      } catch (e) {
        problems.push({ message: `costModel: ${(e as Error).message}`, range: keyRange });
        continue;
      }
      const { model, problems: p } = normalizeCostModel(raw, RULE_CODES);
      config.costModel = model;
      for (const message of p) problems.push({ message: `costModel: ${message}`, range: keyRange });
    } else if (key === 'defines' || key === 'includePaths') {
      let raw: unknown;
      try {
        raw = pair.value && typeof (pair.value as { toJS?: unknown }).toJS === 'function' ? (pair.value as unknown as { toJS: (d: unknown) => unknown }).toJS(doc) : null;
      } catch (e) {
        problems.push({ message: `${key}: ${(e as Error).message}`, range: keyRange });
        continue;
      }
      const valueRange = rangeOf((pair.value as { range?: [number, number, number] } | null)?.range ?? (isScalar(pair.key) ? pair.key.range : undefined));
      if (key === 'defines') {
        const { defines, problems: p } = normalizeDefines(raw);
        config.defines = defines;
        for (const message of p) problems.push({ message: `defines: ${message}`, range: valueRange });
      } else {
        const { includePaths, problems: p } = normalizeIncludePaths(raw);
        config.includePaths = includePaths;
        for (const message of p) problems.push({ message: `includePaths: ${message}`, range: valueRange });
      }
    } else if (key === 'compileCommands') {
      const v = isScalar(pair.value) ? pair.value.value : undefined;
      if (typeof v === 'string' && v.trim()) config.compileCommands = v.trim();
      else problems.push({ message: "'compileCommands' must be the path of compile_commands.json or of its folder", range: keyRange });
    } else {
      problems.push({ message: `unknown key '${key}' (target, rules, costModel, defines, includePaths, compileCommands)`, range: keyRange });
    }
  }
  return { config, problems };
}
