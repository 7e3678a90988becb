/**
 * The engine's public surface. Pure: text and configuration in, plain data out. Nothing
 * here imports vscode or the LSP libraries (test/unit/architecture.test.ts checks).
 */
import { ReportBuilder, type Report, type ReportConfig } from './report/model';
import { analyzeDocument, type AnalysisConfig, type AnalysisResult } from './analyze';
import { admitBytes, admitText, DEFAULT_MAX_FILE_BYTES, type Admission } from './input';
import { DEFAULT_PARSE_TIMEOUT_MS, ParsedDocument } from './syntax/document';
import { CppParser, loadCppLanguage, type ParserOptions } from './syntax/parser';
import type { Notice } from './types';
import type { SourceContext } from './preproc/context';

export * from './analyze';
export * from './target';
export * from './types';
export { allRules, ruleByCode } from './rules';
export type { Rule, Family } from './rules/rule';
export { ParsedDocument, DEFAULT_PARSE_TIMEOUT_MS } from './syntax/document';
export { LineIndex, utf8ByteOffset, codePointColumn } from './syntax/positions';
export { DEFAULT_MAX_FILE_BYTES } from './input';
export { EMPTY_CONTEXT, type SourceContext } from './preproc/context';
export type { Admission } from './input';

export interface EngineOptions extends ParserOptions {
  parseTimeoutMs?: number;
}

export interface LimitOptions {
  maxFileBytes?: number;
}

/** A file of a report: its bytes (and its build context), or the notice of a caller that skipped it without reading it. */
export type ReportFile = { path: string; bytes: Uint8Array; context?: SourceContext } | { path: string; skipped: Notice };
export type ReportFileConfig = ReportConfig & LimitOptions & Pick<AnalysisConfig, 'severities' | 'only' | 'disabled'>;

/** Owns the parser. One per process (server, CLI run, test file); call `dispose()` at the end. */
export class Engine {
  private constructor(
    private readonly parser: CppParser,
    readonly parseTimeoutMs: number,
  ) {}

  static async create(options: EngineOptions = {}): Promise<Engine> {
    const language = await loadCppLanguage(options);
    return new Engine(new CppParser(language), options.parseTimeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS);
  }

  /** Parses `text` into a document the caller owns (and must `dispose()`). */
  open(text: string, context?: SourceContext): ParsedDocument {
    return new ParsedDocument(this.parser, text, this.parseTimeoutMs, context);
  }

  analyze(doc: ParsedDocument, config: AnalysisConfig): AnalysisResult {
    return analyzeDocument(doc, config);
  }

  /** One-shot analysis of editor text; skipped inputs give a result with one notice. */
  analyzeText(text: string, config: AnalysisConfig & LimitOptions): AnalysisResult {
    return this.analyzeAdmitted(admitText(text, config.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES), config);
  }

  /** One-shot analysis of file bytes (CLI, workspace scans): checks binary, size and UTF-8 first. */
  analyzeBytes(bytes: Uint8Array, config: AnalysisConfig & LimitOptions): AnalysisResult {
    return this.analyzeAdmitted(admitBytes(bytes, config.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES), config);
  }

  private analyzeAdmitted(admission: Admission, config: AnalysisConfig): AnalysisResult {
    if (!admission.ok) return skippedResult(admission.notice);
    const doc = this.open(admission.text);
    try {
      const result = analyzeDocument(doc, config);
      if (admission.notice) result.notices.unshift(admission.notice);
      return result;
    } finally {
      doc.dispose();
    }
  }

  /**
   * The porting cost report over files (path and bytes, or a notice when the caller's own
   * admission already skipped the file), in order. One engine call for the CLI and the
   * editor, so both give the same numbers; each document is disposed as soon as it is counted.
   */
  report(files: Iterable<ReportFile>, config: ReportFileConfig): Report {
    const builder = new ReportBuilder(config);
    for (const file of files) this.reportFile(builder, file, config);
    return builder.finish();
  }

  /** Adds one file to a report under construction (the editor yields between files). */
  reportFile(builder: ReportBuilder, file: ReportFile, config: ReportFileConfig): void {
    const admission = 'skipped' in file ? ({ ok: false, notice: file.skipped } as const) : admitBytes(file.bytes, config.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
    if (!admission.ok) {
      builder.add({ path: file.path, skipped: admission.notice });
      return;
    }
    const doc = this.open(admission.text, 'bytes' in file ? file.context : undefined);
    try {
      builder.add({ path: file.path, doc, result: analyzeDocument(doc, { target: config.target, severities: config.severities, only: config.only, disabled: config.disabled }) });
    } finally {
      doc.dispose();
    }
  }

  dispose(): void {
    this.parser.delete();
  }
}

export function skippedResult(notice: Notice): AnalysisResult {
  return {
    findings: [],
    kernels: [],
    launches: [],
    notices: [notice],
    ruleErrors: [],
    partial: false,
    stats: { chars: 0, lines: 0, errorNodes: 0, lensEdits: 0, parseMs: 0, analysisMs: 0, incremental: false },
  };
}

export { admitBytes, admitText };
export { tooLargeNotice } from './input';
export { apiHoverAt, type ApiHover } from './ascendc/hover';
export { ASCEND_C_API, apiByName, type ApiEntry } from './ascendc/api';
export { declarationsHeader, DECLARED_HEADERS } from './ascendc/decls';
export { normalizeOverrides, parseProjectConfig, PROJECT_CONFIG_FILE, type ProjectConfig, type SeverityOverride } from './projectConfig';
export { portKernel, portableKernels, portFileName, previousPort, replaceLaunches, kernelVerdict, launchLinesByKernel, type PortOptions, type PortResult, type PortableKernel } from './port';
export type { Verdict } from './port/pipeline';
export type { HostAbi, Lowered } from './port/lower';
export type { TileProgram } from './port/program';
export type { GemmDescription } from './model/gemm';
export { headerPreamble } from './port/render/kernel';
export { finishHostText, hostViewEdits, type HostView } from './port/hostView';
export { safeFixEdits, markedUnsafeFixEdits, applyEdits } from './fixes';
export { fixesOnDemand } from './fixesOnDemand';
export { RUNTIME_FUNCTIONS, RUNTIME_NAMES, type RuntimeFunction } from './runtime/table';
export { OVERRIDE_KEYS } from './estimates/hardware';
export { estimateDocument, DEFAULT_SHAPES, type DocumentEstimates, type KernelEstimate, type LaunchHint, type EstimateDefaults, type HardwareOverrides } from './estimates';
export { buildReport, ReportBuilder, readiness, type Report, type ReportConfig, type FileEntry, type KernelEntry, type FindingEntry, type Figures, type RuleTotal } from './report/model';
export { DEFAULT_COST_MODEL, normalizeCostModel, type CostModel, type Hours } from './report/costModel';
export * from './report/formats';
export { cudaCpuView, type CudaCpuView, type CudaCpuViewOptions } from './verify/cudaCpuSource';
