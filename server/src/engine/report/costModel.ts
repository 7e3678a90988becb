/**
 * The effort model of the porting cost report (docs/cost-model.md): hours per finding by
 * effort class and fix availability, per-rule overrides, hours per kernel by port kind,
 * and productive hours per person-day. Every figure is a [low, high] range. Users set any
 * of it in `ascendPort.costModel` or the `costModel:` section of `.ascend-port.yaml`.
 */
import type { Effort, FixSafety } from '../types';

export type Hours = [low: number, high: number];

export interface CostModel {
  /** Productive engineering hours in a person-day. */
  hoursPerDay: number;
  /** Hours per finding without an automatic fix, by the rule's effort class. */
  effort: Record<Effort, Hours>;
  /** Hours per finding whose fix is automatic: reviewing a safe fix, checking an unsafe one. */
  fixed: Record<Exclude<FixSafety, 'display-only'>, Hours>;
  /** Hours per kernel on top of its findings: review and test a complete port, write the computation of a skeleton. */
  kernel: { complete: Hours; skeleton: Hours };
  /** Per-rule hours per finding, by code; they replace the effort-class figure. */
  rules: Record<string, Hours>;
}

export const DEFAULT_COST_MODEL: CostModel = {
  hoursPerDay: 6,
  effort: { low: [0.25, 0.5], medium: [1, 3], high: [4, 12] },
  fixed: { safe: [0.05, 0.1], unsafe: [0.25, 0.5] },
  kernel: { complete: [0.5, 1], skeleton: [2, 6] },
  rules: {},
};

function hours(raw: unknown): Hours | null {
  if (Array.isArray(raw) && raw.length === 2 && raw.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0) && raw[0] <= raw[1]) return [raw[0], raw[1]];
  if (typeof raw === 'number' && Number.isFinite(raw) && raw >= 0) return [raw, raw];
  return null;
}

/** Merges user settings over `base` (the defaults, or a project file's model); bad values are reported and ignored, never thrown. */
export function normalizeCostModel(raw: unknown, knownCodes: ReadonlySet<string>, base: CostModel = DEFAULT_COST_MODEL): { model: CostModel; problems: string[] } {
  const model: CostModel = structuredClone(base);
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { model, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { model, problems: ['costModel must be a map'] };
  const r = raw as Record<string, unknown>;
  const range = (where: string, v: unknown, set: (h: Hours) => void) => {
    const h = hours(v);
    if (h) set(h);
    else problems.push(`${where} must be hours, a number or [low, high] with low ≤ high`);
  };
  for (const [key, value] of Object.entries(r)) {
    if (key === 'hoursPerDay') {
      if (typeof value === 'number' && value > 0 && value <= 24) model.hoursPerDay = value;
      else problems.push('hoursPerDay must be a number of hours between 0 and 24');
    } else if (key === 'effort' || key === 'fixed' || key === 'kernel') {
      if (!value || typeof value !== 'object') {
        problems.push(`${key} must be a map`);
        continue;
      }
      const target = model[key] as Record<string, Hours>;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (!(k in target)) problems.push(`unknown ${key} class '${k}' (${Object.keys(target).join(', ')})`);
        else range(`${key}.${k}`, v, (h) => (target[k] = h));
      }
    } else if (key === 'rules') {
      if (!value || typeof value !== 'object') {
        problems.push('rules must be a map of rule code to hours');
        continue;
      }
      for (const [code, v] of Object.entries(value as Record<string, unknown>)) {
        if (!knownCodes.has(code)) problems.push(`unknown rule '${code}'`);
        else range(`rules.${code}`, v, (h) => (model.rules[code] = h));
      }
    } else problems.push(`unknown costModel key '${key}' (hoursPerDay, effort, fixed, kernel, rules)`);
  }
  return { model, problems };
}
