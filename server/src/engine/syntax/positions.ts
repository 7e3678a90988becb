/**
 * The one place where offsets, positions and UTF-8 byte offsets are converted.
 *
 * Engine offsets are UTF-16 code units: web-tree-sitter parses JavaScript strings as
 * UTF-16, so `node.startIndex` is a UTF-16 index, and LSP positions default to UTF-16
 * columns. UTF-8 byte offsets are needed only at the edges (SARIF byte offsets,
 * comparing with native tree-sitter tools), and are computed here on demand.
 */
import type { Position, Range, Span } from '../types';

export class LineIndex {
  /** Offset of the first character of each line. `\r\n`, `\n` and lone `\r` end a line. */
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    if (!text.includes('\r')) {
      // Only `\n` line ends (most files): the native search, several times faster than a loop.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 /* \n */) starts.push(i + 1);
        else if (c === 13 /* \r */) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Position of a UTF-16 offset; offsets outside the text are clamped. */
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.lineStarts[lo]! };
  }

  /** UTF-16 offset of a position; a character past the end of its line is clamped to the line end. */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line]!;
    const end = start + this.lineText(position.line).length;
    return Math.min(start + Math.max(0, position.character), end);
  }

  range(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }

  /** Text of a line without its line break. */
  lineText(line: number): string {
    if (line < 0 || line >= this.lineStarts.length) return '';
    const start = this.lineStarts[line]!;
    const end = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1]! : this.text.length;
    return this.text.slice(start, end).replace(/\r?\n$|\r$/, '');
  }
}

/** Number of UTF-8 bytes needed for `text.slice(0, offset)`. Lone surrogates count as U+FFFD (3 bytes). */
export function utf8ByteOffset(text: string, offset: number): number {
  let bytes = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        // A surrogate pair is one code point of 4 bytes; an offset between the halves rounds up.
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** The UTF-16 offset at which the given UTF-8 byte offset falls (rounded down to a code point start). */
export function utf16OffsetOfByte(text: string, byteOffset: number): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let width: number;
    let units = 1;
    if (c < 0x80) width = 1;
    else if (c < 0x800) width = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      width = 4;
      units = 2;
    } else width = 3;
    if (bytes + width > byteOffset) return i;
    bytes += width;
    i += units - 1;
  }
  return text.length;
}

/** Column as a count of Unicode code points, 1-based: what a human counts in a terminal. */
export function codePointColumn(lineText: string, character: number): number {
  let col = 1;
  for (let i = 0; i < character && i < lineText.length; i++) {
    const c = lineText.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && (lineText.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    col++;
  }
  return col;
}
