/**
 * Reuse of declaration-scoped rules' reports across a document's versions (`Rule.scope`).
 *
 * What such a rule reports inside a unit (a top-level declaration, `model/units.ts`) is a
 * function of the unit's text and of a file-level key (`FileFacts.ruleUnits`). So after an
 * edit the rule runs on a view of the facts restricted to the units whose text has no stored
 * reports, and the stored reports of every other unit are replayed, moved to where the unit
 * now starts. Reports are stored per unit digest, in offsets relative to the unit's start;
 * a unit with a report reaching outside it is not stored (it is analysed again next time).
 * Nothing is stored from a version where a scoped rule threw or did not run.
 */
import type { FileFacts } from './model/facts';
import { detached } from './model/units';
import type { ReportInput, Rule } from './rules/rule';
import type { Target } from './target';
import type { Span } from './types';

interface Stored {
  key: string;
  /** Per unit digest: per rule code, the reports relative to the unit's start. */
  byUnit: Map<string, Map<string, ReportInput[]>>;
}

const STORE = 'declaration-scoped reports';

interface Unit {
  start: number;
  end: number;
  hash: string;
}

export class ReportReuse {
  private recorded = new Map<number, Map<string, ReportInput[]>>();
  private spoiled = false;

  private constructor(
    private readonly facts: FileFacts,
    private readonly key: string,
    private readonly units: readonly Unit[],
    /** Indices of the units the scoped rules run on. */
    private readonly dirty: ReadonlySet<number>,
    private readonly previous: Stored['byUnit'] | undefined,
    /** The facts the scoped rules see. */
    readonly view: FileFacts,
  ) {}

  /** The reuse plan of one analysis: which units are analysed again, and the view for them. */
  static begin(facts: FileFacts, target: Target, rules: readonly Rule[]): ReportReuse | undefined {
    const codes = rules.filter((r) => r.scope === 'declaration').map((r) => r.code);
    if (!codes.length || !facts.tree) return undefined;
    const { units, key: fileKey } = facts.ruleUnits();
    const key = `${target.soc}|${target.cann}|${codes.join(',')}|${fileKey}`;
    const stored = facts.acrossVersions(STORE).get(STORE) as Stored | undefined;
    const previous = stored && stored.key === key ? stored.byUnit : undefined;
    const dirty = new Set<number>();
    units.forEach((u, i) => {
      if (!previous?.has(u.hash)) dirty.add(i);
    });
    const view = !previous ? facts : facts.restrictedTo(units.filter((_, i) => dirty.has(i)));
    return new ReportReuse(facts, key, units, dirty, previous, view);
  }

  /** Whether reports of an earlier version are replayed in this one. */
  get replayed(): boolean {
    return this.previous !== undefined;
  }

  /** How many units the scoped rules run on. */
  get reanalysed(): number {
    return this.dirty.size;
  }

  private replay?: Map<string, ReportInput[]>;

  /** The stored reports of `code` in the units not analysed again, moved to their units' places. */
  reused(code: string): readonly ReportInput[] {
    if (!this.previous) return [];
    if (!this.replay) {
      // One pass over the units for every rule.
      this.replay = new Map();
      for (let i = 0; i < this.units.length; i++) {
        if (this.dirty.has(i)) continue;
        const u = this.units[i]!;
        for (const [c, list] of this.previous.get(u.hash) ?? []) {
          let out = this.replay.get(c);
          if (!out) this.replay.set(c, (out = []));
          for (const r of list) out.push(moved(r, u.start));
        }
      }
    }
    return this.replay.get(code) ?? [];
  }

  /**
   * Records a fresh report of a scoped rule; false when it lies in a unit whose reports are
   * replayed (the restricted view can still reach it through whole-file questions).
   */
  record(code: string, input: ReportInput): boolean {
    const i = this.unitAt(input.span.start);
    if (i < 0) {
      // Outside every unit: nothing to key it by, so nothing is stored from this version.
      this.spoiled = true;
      return true;
    }
    if (!this.dirty.has(i)) return false;
    let byCode = this.recorded.get(i);
    if (!byCode) this.recorded.set(i, (byCode = new Map()));
    const list = byCode.get(code);
    if (list) list.push(input);
    else byCode.set(code, [input]);
    return true;
  }

  /** A scoped rule threw or did not run: keep nothing from this version. */
  spoil(): void {
    this.spoiled = true;
  }

  /** Stores this version's reports per unit for the next version. */
  commit(): void {
    if (this.spoiled) {
      this.facts.acrossVersions(STORE).delete(STORE);
      return;
    }
    const byUnit: Stored['byUnit'] = new Map();
    this.units.forEach((u, i) => {
      if (byUnit.has(u.hash)) return;
      if (!this.dirty.has(i)) {
        const kept = this.previous?.get(u.hash);
        if (kept) byUnit.set(u.hash, kept);
        return;
      }
      const relative = new Map<string, ReportInput[]>();
      for (const [code, list] of this.recorded.get(i) ?? []) {
        if (!list.every((r) => spansOf(r).every((s) => s.start >= u.start && s.end <= u.end))) return;
        relative.set(
          code,
          list.map((r) => moved(r, -u.start)),
        );
      }
      // Detached from this version's text when (if) the next version comes.
      this.facts.detachLater(() => {
        for (const [code, list] of relative) relative.set(code, detached(list));
      });
      byUnit.set(u.hash, relative);
    });
    this.facts.acrossVersions(STORE).set(STORE, { key: this.key, byUnit } satisfies Stored);
  }

  private unitAt(offset: number): number {
    let lo = 0;
    let hi = this.units.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const u = this.units[mid]!;
      if (offset < u.start) hi = mid - 1;
      else if (offset >= u.end) lo = mid + 1;
      else return mid;
    }
    return -1;
  }
}

function spansOf(r: ReportInput): Span[] {
  return [r.span, ...(r.claim ? [r.claim] : []), ...(r.related ?? []).map((x) => x.span), ...(r.fixes ?? []).flatMap((f) => f.edits.map((e) => e.span))];
}

function moved(r: ReportInput, d: number): ReportInput {
  if (d === 0) return r;
  const m = (s: Span): Span => ({ start: s.start + d, end: s.end + d });
  return {
    ...r,
    span: m(r.span),
    ...(r.claim ? { claim: m(r.claim) } : {}),
    ...(r.related ? { related: r.related.map((x) => ({ ...x, span: m(x.span) })) } : {}),
    ...(r.fixes ? { fixes: r.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, span: m(e.span) })) })) } : {}),
  };
}
