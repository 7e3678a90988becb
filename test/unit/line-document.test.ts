/**
 * The server's line-array documents (`server/src/lsp/lineDocument.ts`) against an oracle:
 * every change is applied by offsets of a fresh `vscode-languageserver-textdocument`
 * document, and after each change the text, line count and every position ↔ offset mapping
 * must equal those of a fresh reference document of the same text. Random edit sequences from
 * fixed seeds, over LF, CRLF and lone-CR text, with ranges past the ends and reversed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument, type Position, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { LineDocument, LineDocuments, splitLines } from '../../server/src/lsp/lineDocument';
import { prng as rng } from '../fuzz/fuzz';

function expectSame(doc: LineDocument, text: string, where: string): void {
  const ref = TextDocument.create('file:///r', 'cuda', 1, text);
  assert.equal(doc.getText(), text, `${where}: text`);
  assert.equal(doc.lineCount, ref.lineCount, `${where}: lineCount`);
  for (let o = -1; o <= text.length + 1; o++) assert.deepEqual(doc.positionAt(o), ref.positionAt(o), `${where}: positionAt(${o})`);
  for (let line = -1; line <= ref.lineCount; line++) {
    for (let character = -1; character <= 12; character++) {
      const p = { line, character };
      assert.equal(doc.offsetAt(p), ref.offsetAt(p), `${where}: offsetAt(${line}:${character})`);
    }
  }
}

function randomPosition(r: () => number, ref: TextDocument): Position {
  return { line: Math.floor(r() * (ref.lineCount + 2)) - 1, character: Math.floor(r() * 14) - 1 };
}

for (const [name, eols] of [['LF', ['\n']], ['CRLF', ['\r\n']], ['mixed, lone CR', ['\n', '\r\n', '\r']]] as const) {
  test(`line documents equal a fresh reference after random edits (${name})`, () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(seed * 7919);
      const piece = () => {
        const parts = ['a', 'bc', 'def', ' ', '', ...eols, ...eols];
        let s = '';
        for (let k = Math.floor(r() * 5); k > 0; k--) s += parts[Math.floor(r() * parts.length)];
        return s;
      };
      let text = '';
      for (let k = Math.floor(r() * 8); k > 0; k--) text += piece();
      const doc = new LineDocument('file:///d', 'cuda', 1, text);
      expectSame(doc, text, `seed ${seed} start`);
      for (let step = 0; step < 25; step++) {
        const ref = TextDocument.create('file:///r', 'cuda', 1, text);
        let change: TextDocumentContentChangeEvent;
        if (r() < 0.05) {
          change = { text: piece() };
          text = change.text;
        } else {
          const a = randomPosition(r, ref);
          const b = r() < 0.4 ? a : randomPosition(r, ref);
          change = { range: { start: a, end: b }, text: piece() };
          const [x, y] = [ref.offsetAt(a), ref.offsetAt(b)].sort((m, n) => m - n) as [number, number];
          text = text.slice(0, x) + change.text + text.slice(y);
        }
        doc.update([change], step + 2);
        assert.equal(doc.version, step + 2);
        expectSame(doc, text, `seed ${seed} step ${step} ${JSON.stringify(change)}`);
      }
    }
  });
}

test('several changes in one update apply in order, and range reads match the reference', () => {
  const doc = LineDocuments.create('file:///d', 'cuda', 1, 'alpha\nbeta\r\ngamma') as LineDocument;
  LineDocuments.update(doc, [
    { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } }, text: 'B' },
    { range: { start: { line: 0, character: 5 }, end: { line: 0, character: 5 } }, text: '!\n' },
  ], 7);
  assert.equal(doc.getText(), 'alpha!\n\nB\r\ngamma');
  assert.equal(doc.version, 7);
  const ref = TextDocument.create('file:///r', 'cuda', 1, doc.getText());
  const range = { start: { line: 0, character: 3 }, end: { line: 3, character: 2 } };
  assert.equal(doc.getText(range), ref.getText(range));
});

test('splitLines keeps each line break with its line', () => {
  assert.deepEqual(splitLines(''), ['']);
  assert.deepEqual(splitLines('a\r\nb\rc\n'), ['a\r\n', 'b\r', 'c\n', '']);
  assert.deepEqual(splitLines('\r\r\n\n'), ['\r', '\r\n', '\n', '']);
});

test('a typing run in one line changes only that line', () => {
  const doc = new LineDocument('file:///d', 'cuda', 1, 'x\n'.repeat(1000));
  const before = doc.getText();
  for (let i = 0; i < 100; i++) doc.update([{ range: { start: { line: 500, character: i }, end: { line: 500, character: i } }, text: 'y' }], i + 2);
  const after = doc.getText();
  assert.equal(after.length, before.length + 100);
  assert.equal(after, `${'x\n'.repeat(500)}${'y'.repeat(100)}x\n${'x\n'.repeat(499)}`);
});
