/**
 * The server's text documents: an array of lines instead of one string.
 *
 * `vscode-languageserver-textdocument` keeps each document as one string. Every incremental
 * change builds a new concatenated string, and the next change reads a character of it
 * (`ensureBeforeEOL`), which makes V8 flatten, that is copy, the whole document. On a
 * 5,000-line file an edit storm spent most of its time copying (about 0.3 ms per keystroke,
 * 1,000 keystrokes queued in front of a hover).
 *
 * Here a change touches only the lines it spans (plus one neighbour on each side, so that a
 * `\r` and a `\n` meeting across the old boundary become one line break, as a fresh split
 * would make them). The full text is joined, and line offsets are computed, only when
 * someone asks, and then cached until the next change. Positions behave as in the reference
 * implementation: a character past the end of a line, or inside its line break, means the
 * end of the line's text; a line past the end means the end of the document.
 */
import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';

/** Splits text into lines that keep their line break (`\r\n`, `\r` or `\n`); the last has none. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      lines.push(text.slice(start, i + 1));
      start = i + 1;
    } else if (c === 10 /* \n */) {
      lines.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  lines.push(text.slice(start));
  return lines;
}

/** Length of a line without its line break. */
function contentLength(line: string): number {
  let n = line.length;
  if (n > 0 && line.charCodeAt(n - 1) === 10) n--;
  if (n > 0 && line.charCodeAt(n - 1) === 13) n--;
  return n;
}

export class LineDocument implements TextDocument {
  private lines: string[];
  private text: string | undefined;
  /** offsets[i] is where line i starts; only the first `validOffsets` entries are current. */
  private readonly offsets: number[] = [0];
  private validOffsets = 1;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    private currentVersion: number,
    content: string,
  ) {
    this.lines = splitLines(content);
    this.text = content;
  }

  get version(): number {
    return this.currentVersion;
  }

  get lineCount(): number {
    return this.lines.length;
  }

  getText(range?: Range): string {
    if (this.text === undefined) this.text = this.lines.join('');
    if (!range) return this.text;
    return this.text.substring(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lines.length) return this.length();
    if (position.line < 0) return 0;
    const p = this.clamp(position);
    return this.lineOffset(p.line) + p.character;
  }

  positionAt(offset: number): Position {
    const total = this.length();
    offset = Math.max(0, Math.min(offset, total));
    const offsets = this.allOffsets();
    let low = 0;
    let high = offsets.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (offsets[mid]! > offset) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    return { line, character: Math.min(offset - offsets[line]!, contentLength(this.lines[line]!)) };
  }

  /** Applies the changes in order (the `TextDocuments` update contract). */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change && change.range) this.replace(change.range, change.text);
      else {
        this.lines = splitLines(change.text);
        this.text = change.text;
        this.validOffsets = 1;
      }
    }
    this.currentVersion = version;
  }

  private replace(range: Range, inserted: string): void {
    let start = this.clampForEdit(range.start);
    let end = this.clampForEdit(range.end);
    if (start.line > end.line || (start.line === end.line && start.character > end.character)) [start, end] = [end, start];
    // Re-split one line on each side too: a `\r` ending the previous line and a `\n` starting
    // the inserted text are one line break, as they would be in a fresh split.
    const first = Math.max(0, start.line - 1);
    const last = Math.min(this.lines.length - 1, end.line + 1);
    let before = '';
    for (let l = first; l < start.line; l++) before += this.lines[l];
    let after = '';
    for (let l = end.line + 1; l <= last; l++) after += this.lines[l];
    const joined = before + this.lines[start.line]!.slice(0, start.character) + inserted + this.lines[end.line]!.slice(end.character) + after;
    const replacement = splitLines(joined);
    // A region that does not reach the end of the document ends with a line break, so its
    // split ends with an empty piece that is not a line: the next line starts there.
    if (last < this.lines.length - 1) replacement.pop();
    if (replacement.length === last - first + 1 && replacement.length <= 3) {
      for (let i = 0; i < replacement.length; i++) this.lines[first + i] = replacement[i]!;
    } else if (replacement.length < 10_000) {
      this.lines.splice(first, last - first + 1, ...replacement);
    } else {
      this.lines = this.lines.slice(0, first).concat(replacement, this.lines.slice(last + 1));
    }
    this.text = undefined;
    this.validOffsets = Math.min(this.validOffsets, first + 1);
  }

  /** A position inside the document: past-the-end lines go to the end, characters to the text's end. */
  private clampForEdit(position: Position): Position {
    if (position.line >= this.lines.length) {
      const line = this.lines.length - 1;
      return { line, character: contentLength(this.lines[line]!) };
    }
    if (position.line < 0) return { line: 0, character: 0 };
    return this.clamp(position);
  }

  private clamp(position: Position): Position {
    const max = contentLength(this.lines[position.line]!);
    return { line: position.line, character: Math.max(0, Math.min(position.character, max)) };
  }

  private length(): number {
    const last = this.lines.length - 1;
    return this.lineOffset(last) + this.lines[last]!.length;
  }

  private lineOffset(line: number): number {
    const offsets = this.offsets;
    for (let i = this.validOffsets; i <= line; i++) offsets[i] = offsets[i - 1]! + this.lines[i - 1]!.length;
    if (line >= this.validOffsets) this.validOffsets = line + 1;
    return offsets[line]!;
  }

  private allOffsets(): number[] {
    const last = this.lines.length - 1;
    this.lineOffset(last);
    this.offsets.length = this.lines.length;
    return this.offsets;
  }
}

/** The `TextDocuments` configuration for `LineDocument`. */
export const LineDocuments = {
  create(uri: string, languageId: string, version: number, content: string): TextDocument {
    return new LineDocument(uri, languageId, version, content);
  },
  update(document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    (document as LineDocument).update(changes, version);
    return document;
  },
};
