/** The report as JSON: the model itself, stable key order, 2-space indent, one trailing newline. */
import type { Report } from '../model';

export function reportJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
