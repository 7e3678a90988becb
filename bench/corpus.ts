/**
 * A deterministic benchmark corpus made from the bundled samples: each copy renames the
 * functions and macros it defines with a numeric suffix, so the corpus has thousands of
 * distinct kernels rather than one file repeated.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const SAMPLES = path.resolve(__dirname, '../samples');

function sampleTexts(): { name: string; text: string }[] {
  return fs
    .readdirSync(SAMPLES)
    .filter((f) => f.endsWith('.cu'))
    .sort()
    .map((f) => ({ name: f, text: fs.readFileSync(path.join(SAMPLES, f), 'utf8') }));
}

/** Names a sample defines: functions (`name(` after a type) and macros. */
function definedNames(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/#define\s+([A-Za-z_]\w*)/g)) names.add(m[1]!);
  for (const m of text.matchAll(/(?:__global__|__device__|void|float|int|unsigned)\s+(?:__launch_bounds__\([^)]*\)\s+)?([A-Za-z_]\w*)\s*\(/g)) names.add(m[1]!);
  names.delete('main');
  return [...names];
}

function renamed(text: string, names: string[], suffix: string): string {
  if (!names.length) return text;
  const re = new RegExp(`\\b(${names.join('|')})\\b`, 'g');
  return text.replace(re, `$1${suffix}`).replace(/\bint main\(/g, `int main${suffix}(`);
}

/** Files of about one sample each, `totalBytes` in all. */
export function makeCorpusFiles(totalBytes: number): { name: string; text: string }[] {
  const samples = sampleTexts().map((s) => ({ ...s, names: definedNames(s.text) }));
  const files: { name: string; text: string }[] = [];
  let bytes = 0;
  for (let copy = 0; bytes < totalBytes; copy++) {
    for (const s of samples) {
      const text = renamed(s.text, s.names, `_c${copy}`);
      files.push({ name: `c${copy}_${s.name}`, text });
      bytes += Buffer.byteLength(text);
      if (bytes >= totalBytes) break;
    }
  }
  return files;
}

/** One .cu file of about `lines` lines (for edit-latency measurements). */
export function makeEditFile(lines = 5000): string {
  const samples = sampleTexts().map((s) => ({ ...s, names: definedNames(s.text) }));
  const includes = new Set<string>();
  const parts: string[] = [];
  let count = 0;
  for (let copy = 0; count < lines; copy++) {
    for (const s of samples) {
      const body = renamed(s.text, s.names, `_e${copy}`)
        .split('\n')
        .filter((l) => {
          if (/^#include/.test(l)) {
            includes.add(l);
            return false;
          }
          return true;
        });
      parts.push(body.join('\n'));
      count += body.length;
      if (count >= lines) break;
    }
  }
  return `${[...includes].join('\n')}\n${parts.join('\n')}`;
}
