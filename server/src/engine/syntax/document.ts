/**
 * A parsed CUDA document: the text, its lensed twin, and the tree of the lensed text.
 * It owns its tree and deletes it. Updates reparse incrementally.
 *
 * Incremental strategy: the lens is recomputed on the whole new text (linear and cheap),
 * then the single changed region between the old and the new lensed text is found by a
 * common prefix/suffix scan and handed to `tree.edit()` before reparsing with the old
 * tree. This is correct for any sequence of content changes, including ones that turn
 * text into or out of a CUDA construct (typing `__global__` changes the lensed text
 * differently from the raw text).
 */
import { applyCudaLens, type LensResult } from './lens';
import type { CppParser, SyntaxTree, TreeEdit } from './parser';
import { LineIndex } from './positions';
import { EMPTY_CONTEXT, type SourceContext } from '../preproc/context';

export const DEFAULT_PARSE_TIMEOUT_MS = 5000;

export interface ParseState {
  tree: SyntaxTree | null;
  timedOut: boolean;
  parseMs: number;
  /** True when this version was parsed incrementally from the previous tree. */
  incremental: boolean;
}

export class ParsedDocument {
  private _text: string;
  private _lens: LensResult;
  private _lines: LineIndex;
  private _lensLines: LineIndex;
  private state: ParseState;
  private disposed = false;

  constructor(
    private readonly parser: CppParser,
    text: string,
    private readonly timeoutMs = DEFAULT_PARSE_TIMEOUT_MS,
    private _context: SourceContext = EMPTY_CONTEXT,
  ) {
    this._text = text;
    this._lens = applyCudaLens(text);
    this._lines = new LineIndex(text);
    this._lensLines = new LineIndex(this._lens.text);
    const out = parser.parse(this._lens.text, null, timeoutMs);
    this.state = { tree: out.tree, timedOut: out.timedOut, parseMs: out.ms, incremental: false };
  }

  get text(): string {
    return this._text;
  }
  get lens(): LensResult {
    return this._lens;
  }
  get lines(): LineIndex {
    return this._lines;
  }
  get tree(): SyntaxTree | null {
    return this.state.tree;
  }
  get parse(): Readonly<ParseState> {
    return this.state;
  }
  /** Defines, include paths and header access of the document's build configuration. */
  get context(): SourceContext {
    return this._context;
  }

  /** Parses another text (an included header) with this document's parser; the caller owns and disposes it. */
  sibling(text: string, context: SourceContext): ParsedDocument {
    return new ParsedDocument(this.parser, text, this.timeoutMs, context);
  }

  /** Replaces the build context (settings changed, a header changed): facts are recomputed on next use. */
  setContext(context: SourceContext): void {
    this._context = context;
  }

  /** Replaces the text and reparses, incrementally when a previous tree exists. */
  update(newText: string): void {
    if (this.disposed) throw new Error('ParsedDocument used after dispose()');
    if (newText === this._text) return;
    const oldLensed = this._lens.text;
    const oldLensLines = this._lensLines;
    const lens = applyCudaLens(newText);
    const newLensed = lens.text;
    const newLensLines = new LineIndex(newLensed);

    let oldTree = this.state.tree;
    if (oldTree) {
      const edit = diffEdit(oldLensed, newLensed, oldLensLines, newLensLines);
      if (edit) oldTree.edit(edit);
    }
    const out = this.parser.parse(newLensed, oldTree, this.timeoutMs);
    if (oldTree) oldTree.delete();
    oldTree = null;

    this._text = newText;
    this._lens = lens;
    this._lines = new LineIndex(newText);
    this._lensLines = newLensLines;
    this.state = { tree: out.tree, timedOut: out.timedOut, parseMs: out.ms, incremental: this.state.tree !== null };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.state.tree?.delete();
    this.state = { ...this.state, tree: null };
  }
}

/** The one edit that turns `before` into `after`, or null when they are equal. */
export function diffEdit(before: string, after: string, beforeLines: LineIndex, afterLines: LineIndex): TreeEdit | null {
  if (before === after) return null;
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < max - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  )
    suffix++;
  const startIndex = prefix;
  const oldEndIndex = before.length - suffix;
  const newEndIndex = after.length - suffix;
  const point = (lines: LineIndex, offset: number) => {
    const p = lines.positionAt(offset);
    return { row: p.line, column: p.character };
  };
  return {
    startIndex,
    oldEndIndex,
    newEndIndex,
    startPosition: point(beforeLines, startIndex),
    oldEndPosition: point(beforeLines, oldEndIndex),
    newEndPosition: point(afterLines, newEndIndex),
  } as TreeEdit;
}
