/** Report renderers, one per format; all pure functions of the report model. */
export { reportJson } from './json';
export { reportCsv, csvCell } from './csv';
export { reportMarkdown } from './markdown';
export { reportSarif } from './sarif';
export { reportHtml } from './html';
export { effortByFamilySvg, fixableSvg, readinessSvg, CHART_CSS } from './svg';

export const REPORT_FORMATS = ['md', 'csv', 'json', 'sarif', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
