/** Report renderers, one per format; all pure functions of the report model. */
export { reportJson } from './json';
export { reportCsv, csvCell } from './csv';
export { reportMarkdown } from './markdown';
export { reportSarif, sarifLog, sarifResult, sarifRule, SARIF_LEVEL } from './sarif';
export { reportHtml } from './html';
export { effortByFamilySvg, fixableSvg, readinessSvg, CHART_CSS } from './svg';

import type { Report } from '../model';
import { reportCsv } from './csv';
import { reportHtml } from './html';
import { reportJson } from './json';
import { reportMarkdown } from './markdown';
import { reportSarif } from './sarif';

export const REPORT_FORMATS = ['md', 'csv', 'json', 'sarif', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Renders a report; SARIF needs where the rule pages are and how a report path becomes a URI. */
export function renderReport(report: Report, format: ReportFormat, sarif: { docsBaseUri: string; toUri: (path: string) => string }): string {
  switch (format) {
    case 'json':
      return reportJson(report);
    case 'csv':
      return reportCsv(report);
    case 'sarif':
      return reportSarif(report, sarif.docsBaseUri, sarif.toUri);
    case 'html':
      return reportHtml(report);
    default:
      return reportMarkdown(report);
  }
}
