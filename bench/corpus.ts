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

/**
 * The macro of the edit file that many functions use: a `#define` whose edit changes the
 * expansion in every one of them (the worst case of an incremental analysis). Its body has
 * `0.5f`; the bench types and deletes a `2` after `0.` (`0.25f`).
 */
export const SHARED_MACRO = '#define EDIT_SCALE(v) ((v) * 0.5f)';

/**
 * One .cu file of about `lines` lines (for edit-latency measurements): copies of the samples,
 * each followed by one `__host__ __device__` helper (through a qualifier macro) that uses
 * SHARED_MACRO, so that about a hundred functions use it.
 */
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
      body.push(`EDIT_HD inline float edit_scale_${s.name.replace(/\W/g, '_')}_e${copy}(float v) { return EDIT_SCALE(v); }`);
      parts.push(body.join('\n'));
      count += body.length;
      if (count >= lines) break;
    }
  }
  return `${[...includes].join('\n')}\n#define EDIT_HD __host__ __device__\n${SHARED_MACRO}\n${parts.join('\n')}`;
}
