/**
 * Plain data that crosses the engine boundary. Everything here is JSON-serialisable:
 * the LSP layer, the CLI and (later) the report webview consume it unchanged.
 *
 * Positions are 0-based lines and UTF-16 code-unit columns, the LSP convention.
 * web-tree-sitter parses JavaScript strings as UTF-16, so tree offsets are UTF-16
 * code units too; `syntax/positions.ts` is the one place that converts offsets,
 * positions and UTF-8 byte offsets.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A half-open span of UTF-16 code-unit offsets into the document text. */
export interface Span {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export type Effort = 'low' | 'medium' | 'high';

/** How safe a fix is to apply without reading it (ruff's Applicability). */
export type FixSafety = 'safe' | 'unsafe' | 'display-only';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  safety: FixSafety;
  edits: TextEdit[];
}

export interface Finding {
  /** Stable rule code, e.g. `ASC101`. */
  code: string;
  /** Kebab-case rule name, e.g. `warp-shuffle`. */
  rule: string;
  severity: Severity;
  effort: Effort;
  message: string;
  range: Range;
  fixes?: Fix[];
  /**
   * The rule may have a fix here that costs too much to compute with every analysis (ASC001's
   * launch rewrite needs the kernel's port): ask \`fixesOnDemand\` for it. \`fixes\` is then empty.
   */
  fixOnDemand?: true;
  /**
   * Other places that explain the finding (the kernel a launch starts, where a macro is
   * expanded): in the same document, or, with `path`, in another file (the absolute path of
   * an included header, for a helper's finding shown on the kernel that calls it).
   */
  related?: { range: Range; message: string; path?: string }[];
  /** The flagged code has no effect on the target (editors may fade it: LSP `DiagnosticTag.Unnecessary`). */
  unnecessary?: boolean;
}

/** A note about the analysis itself (skipped file, parse timeout, ...), not about the code. */
export interface Notice {
  /** `read-only`: analysed, but the file must not be written back (it was not decoded exactly). */
  kind: 'skipped' | 'partial' | 'suppressed' | 'read-only';
  reason: 'binary' | 'too-large' | 'invalid-utf8' | 'symlink' | 'parse-timeout' | 'parse-failed' | 'budget' | 'unknown-rule' | 'include-limit' | 'macro-limit';
  message: string;
}
