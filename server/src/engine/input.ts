/**
 * Admission checks for bad input: binary files, files over the size limit and invalid
 * UTF-8 are skipped with one clear notice instead of being parsed.
 */
import type { Notice } from './types';

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

/** How much of the start of a file is inspected for NUL bytes and control characters. */
const BINARY_SNIFF_BYTES = 8192;

export type Admission = { ok: true; text: string } | { ok: false; notice: Notice };

/** A size in KB below 1 MB, else MB, with `digits` decimals. */
function size(bytes: number, digits: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(digits)} KB` : `${(bytes / (1024 * 1024)).toFixed(digits)} MB`;
}

/** The file's size and the limit, with as many decimals as it takes to tell them apart (bytes as a last resort). */
function sizes(fileBytes: number, maxBytes: number): [string, string] {
  for (let digits = 1; digits <= 3; digits++) {
    const a = size(fileBytes, digits);
    const b = size(maxBytes, digits);
    if (a !== b) return [a, b];
  }
  return [`${fileBytes} bytes`, `${maxBytes}-byte`];
}

function tooLarge(fileBytes: number, maxBytes: number): Notice {
  const [file, limit] = sizes(fileBytes, maxBytes);
  return {
    kind: 'skipped',
    reason: 'too-large',
    message: `skipped: file is ${file}, over the ${limit} limit (raise ascendPort.maxFileSizeMB or --max-file-size to analyse it)`,
  };
}

const BINARY: Notice = {
  kind: 'skipped',
  reason: 'binary',
  message: 'skipped: file looks binary (it contains NUL bytes), not CUDA source',
};

/** Checks raw bytes (CLI, workspace scans) and decodes them strictly as UTF-8. */
export function admitBytes(bytes: Uint8Array, maxBytes = DEFAULT_MAX_FILE_BYTES): Admission {
  if (bytes.length > maxBytes) return { ok: false, notice: tooLarge(bytes.length, maxBytes) };
  const sniff = bytes.subarray(0, BINARY_SNIFF_BYTES);
  if (sniff.includes(0)) return { ok: false, notice: BINARY };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    return {
      ok: false,
      notice: {
        kind: 'skipped',
        reason: 'invalid-utf8',
        message: `skipped: file is not valid UTF-8 (first bad byte at offset ${at}); re-save it as UTF-8 to analyse it`,
      },
    };
  }
  return { ok: true, text };
}

/** Checks text that an editor already decoded (the language server). */
export function admitText(text: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Admission {
  // text.length is a lower bound on the UTF-8 size, and cheap.
  if (text.length > maxBytes) return { ok: false, notice: tooLarge(text.length, maxBytes) };
  if (text.slice(0, BINARY_SNIFF_BYTES).includes('\0')) return { ok: false, notice: BINARY };
  return { ok: true, text };
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (i + k >= bytes.length || (bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return i;
}
