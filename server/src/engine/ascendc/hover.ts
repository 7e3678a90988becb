/**
 * Hover text for Ascend C and ACL API names, from the API table: the declaration, one
 * line on what it does, chip restrictions, and the CANN 8.x / 9.x spelling.
 */
import type { Target } from '../target';
import { apiByName, type ApiEntry } from './api';

export interface ApiHover {
  name: string;
  /** Span of the hovered identifier (UTF-16 offsets). */
  start: number;
  end: number;
  markdown: string;
}

const ID = /[A-Za-z0-9_]/;

/** The identifier around `offset`, if any. */
function identifierAt(text: string, offset: number): { name: string; start: number; end: number } | null {
  let start = offset;
  let end = offset;
  while (start > 0 && ID.test(text[start - 1]!)) start--;
  while (end < text.length && ID.test(text[end]!)) end++;
  if (start === end || /[0-9]/.test(text[start]!)) return null;
  return { name: text.slice(start, end), start, end };
}

export function renderApi(entry: ApiEntry, target: Target): string {
  const qualified = entry.namespace ? `${entry.namespace}::${entry.name}` : entry.name;
  const lines = [`**${qualified}** · Ascend C ${entry.side === 'host' ? 'host (ACL) API' : 'device API'}`, '', '```cpp', entry.decl, '```', '', entry.summary];
  if (entry.support) lines.push('', `Support: ${entry.support}.`);
  if (entry.cann && !entry.cann.includes(target.cann)) {
    lines.push('', entry.renamed ? `On CANN ${target.cann} this API is spelled \`${entry.renamed.name}\`.` : `Not available on CANN ${target.cann}.`);
  } else if (entry.renamed) {
    lines.push('', `CANN ${entry.renamed.cann} spells it \`${entry.renamed.name}\`.`);
  }
  lines.push('', `Source: ascend-c.md [${entry.source}].`);
  return lines.join('\n');
}

/** Hover for the API name at `offset`, or null when the word there is not in the table. */
export function apiHoverAt(text: string, offset: number, target: Target): ApiHover | null {
  const id = identifierAt(text, offset);
  if (!id) return null;
  const entry = apiByName(id.name);
  if (!entry) return null;
  return { name: id.name, start: id.start, end: id.end, markdown: renderApi(entry, target) };
}
