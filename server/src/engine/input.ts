/**
 * Admission checks for bad input: binary files and files over the size limit are skipped
 * with one clear notice instead of being parsed. Bytes that are not valid UTF-8 (a GBK
 * or Latin-1 comment) are decoded byte for byte as Latin-1 and analysed read-only: the
 * admission says the text is not `exact`, and no command writes such a file back.
 */
import type { Notice } from './types';

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

/** How much of the start of a file is inspected for NUL bytes and control characters. */
const BINARY_SNIFF_BYTES = 8192;

/**
 * `exact`: the text re-encodes to the bytes that were read (strict UTF-8, plus the byte
 * order mark when `bom`, which the decoder strips). Only exact text may be written back
 * to its file. `notice` says why a file is read-only.
 */
export type Admission = { ok: true; text: string; exact: boolean; bom: boolean; notice?: Notice } | { ok: false; notice: Notice };

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

export function tooLargeNotice(fileBytes: number, maxBytes: number): Notice {
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
  if (bytes.length > maxBytes) return { ok: false, notice: tooLargeNotice(bytes.length, maxBytes) };
  const sniff = bytes.subarray(0, BINARY_SNIFF_BYTES);
  if (sniff.includes(0)) return { ok: false, notice: BINARY };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // GBK or Latin-1 bytes (Chinese or accented comments). Latin-1 maps every byte to one
    // character, so code, offsets and lines stay right and only non-ASCII text looks wrong.
    const at = firstInvalidUtf8(bytes);
    return {
      ok: true,
      text: latin1(bytes),
      bom: false,
      exact: false,
      notice: {
        kind: 'read-only',
        reason: 'invalid-utf8',
        message: `file is not valid UTF-8 (first bad byte at offset ${at}, GBK or Latin-1?): analysed as Latin-1, read-only; fixes are never written back to it (re-save it as UTF-8 to apply them)`,
      },
    };
  }
  return { ok: true, text, exact: true, bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf };
}

/** Checks text that an editor already decoded (the language server). */
export function admitText(text: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Admission {
  // text.length is a lower bound on the UTF-8 size, and cheap.
  if (text.length > maxBytes) return { ok: false, notice: tooLargeNotice(text.length, maxBytes) };
  if (text.slice(0, BINARY_SNIFF_BYTES).includes('\0')) return { ok: false, notice: BINARY };
  return { ok: true, text, exact: true, bom: false };
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

/** Decodes every byte as the code point of the same value (ISO-8859-1), in chunks. */
function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}
