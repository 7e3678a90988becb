/**
 * The rule as a unit (ruff's model): a stable code, a kebab-case name that names the
 * pattern, an effort class, docs with fixed sections, and a `check` that reports
 * findings through its context. One rule per file; `rules/index.ts` lists them.
 */
import type { FileFacts } from '../model/facts';
import type { Target } from '../target';
import type { Effort, Fix, Severity, Span } from '../types';

export type Family =
  | 'execution-model'
  | 'memory'
  | 'synchronization'
  | 'warp'
  | 'atomics'
  | 'math-types'
  | 'host-runtime'
  | 'low-level'
  | 'libraries';

/** Code ranges per family; a code is assigned once and never reused. */
export const FAMILY_CODES: Readonly<Record<Family, readonly [number, number]>> = {
  'execution-model': [1, 99],
  memory: [100, 199],
  synchronization: [200, 249],
  warp: [250, 299],
  atomics: [300, 399],
  'math-types': [400, 499],
  'host-runtime': [500, 599],
  'low-level': [600, 699],
  libraries: [700, 799],
};

export type FixAvailability = 'always' | 'sometimes' | 'none';

/** Fix edits are expressed as spans of the document text; the engine converts them to ranges. */
export interface SpanEdit {
  span: Span;
  newText: string;
}

export interface SpanFix {
  title: string;
  safety: Fix['safety'];
  edits: SpanEdit[];
}

export interface ReportInput {
  span: Span;
  message: string;
  /** Overrides the rule's default severity for this finding (e.g. a dtype the target lacks). */
  severity?: Severity;
  fixes?: SpanFix[];
  /**
   * A fix may exist here but costs too much to compute with every analysis: the rule's
   * \`fixOnDemand\` gives it when a consumer asks (\`fixesOnDemand\`), for one finding.
   */
  fixOnDemand?: true;
  related?: { span: Span; message: string }[];
  /** The flagged code has no effect on the target (an editor may fade it). */
  unnecessary?: boolean;
  /**
   * The whole construct this finding is about (default: `span`). Findings of the rules in
   * the reporting rule's `supersedes` that lie inside it are dropped: one finding per construct.
   */
  claim?: Span;
}

export interface RuleContext {
  readonly target: Target;
  readonly text: string;
  readonly facts: FileFacts;
  report(finding: ReportInput): void;
}

export interface Rule {
  /** `ASC` plus three digits, inside its family's range. */
  code: string;
  /** Kebab-case, names the pattern ("allow <name>"), equals the file name. */
  name: string;
  family: Family;
  effort: Effort;
  /** One line for tables and hover titles. */
  summary: string;
  fixAvailability: FixAvailability;
  /**
   * Markdown with the sections `## What it does`, `## Why is this a problem on Ascend`,
   * `## Example`, `## Use instead`, and `## Fix safety` when a fix exists.
   */
  docs: string;
  /**
   * Codes of generic rules this specific rule replaces on the constructs it reports (ASC708's
   * tensor-core PTX is also ASC601's inline asm): their findings inside this rule's claims are
   * dropped, so a construct gets the most specific finding only. With this rule off, they stay.
   */
  supersedes?: readonly string[];
  /**
   * \`declaration\`: what the rule reports inside a top-level declaration depends only on that
   * declaration's text and on file-level facts (the target, the directives and headers, the
   * functions' names, kinds and namespaces, namespace aliases and using-directives), and it
   * finds its sites through \`calls()\`, \`callsTo()\`, \`asm()\`, \`fieldExpressions()\` or by iterating
   * \`functions()\` (a function looked up by name comes from \`facts.whole\`). After an edit it runs
   * on the changed declarations only, and its reports elsewhere are reused. Without it the rule
   * runs on the whole file every time.
   */
  scope?: 'declaration';
  /** The default severity on a target. */
  severity(target: Target): Severity;
  check(ctx: RuleContext): void;
  /**
   * The fixes of the finding this rule reported at \`span\` with \`fixOnDemand\` (none when the
   * text there no longer holds it): for fixes that cost a port (ASC001's launch rewrite), asked
   * by the editor's light bulb and the cost report, never by every analysis.
   */
  fixOnDemand?(ctx: Omit<RuleContext, 'report'>, span: Span): SpanFix[];
}

/** Identity helper that gives rule files a typed literal. */
export function defineRule(rule: Rule): Rule {
  return rule;
}

export const REQUIRED_DOC_SECTIONS = [
  '## What it does',
  '## Why is this a problem on Ascend',
  '## Example',
  '## Use instead',
] as const;
export const FIX_SAFETY_SECTION = '## Fix safety';
