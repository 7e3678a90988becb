/**
 * The report as CSV (RFC 4180: CRLF line ends, fields with commas, quotes or line breaks
 * quoted, quotes doubled). One row per finding and one per kernel (its own hours), so the
 * hours columns sum to the report's totals. Text cells that a spreadsheet would read as a
 * formula (starting with = + - @, a tab or a carriage return) are prefixed with `'`.
 */
import type { Report } from '../model';

const HEADER = ['kind', 'id', 'file', 'line', 'column', 'kernel', 'code', 'rule', 'family', 'severity', 'effort', 'fix', 'port', 'readiness', 'hours_low', 'hours_high', 'message'];

export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function reportCsv(report: Report): string {
  const rows: (string | number)[][] = [HEADER];
  for (const file of report.files) {
    for (const k of file.kernels) {
      rows.push(['kernel', '', file.path, k.range.start.line + 1, k.range.start.character + 1, k.name, '', '', '', '', '', '', k.port, k.readiness, k.baseHours[0], k.baseHours[1], k.estimate]);
    }
    for (const f of file.findings) {
      rows.push(['finding', f.id, file.path, f.range.start.line + 1, f.range.start.character + 1, f.kernel ?? '', f.code, f.rule, f.family, f.severity, f.effort, f.fix, '', '', f.hours[0], f.hours[1], f.message]);
    }
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
