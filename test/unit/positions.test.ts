import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codePointColumn, LineIndex, utf8ByteOffset } from '../../server/src/engine';
import { utf16OffsetOfByte } from '../../server/src/engine/syntax/positions';
import { analyze } from '../helpers/engine';

test('offsets and positions round-trip across \\n, \\r\\n and lone \\r', () => {
  const text = 'a\r\nbc\rdef\n\nx';
  const idx = new LineIndex(text);
  assert.equal(idx.lineCount, 5);
  for (let o = 0; o <= text.length; o++) {
    const p = idx.positionAt(o);
    if (text[o - 1] === '\r' && text[o] === '\n') continue; // between \r and \n is not a position
    assert.equal(idx.offsetAt(p), o, `offset ${o} -> ${JSON.stringify(p)}`);
  }
  assert.deepEqual(idx.positionAt(3), { line: 1, character: 0 });
  assert.equal(idx.lineText(2), 'def');
  // A character past the end of a line clamps to the line end, before the break.
  assert.equal(idx.offsetAt({ line: 0, character: 99 }), 1);
  assert.equal(idx.offsetAt({ line: 99, character: 0 }), text.length);
});

test('UTF-16 columns, UTF-8 byte offsets and code-point columns with non-ASCII text', () => {
  const line = 'int größe = 1; // 大小 😀 x';
  const x = line.lastIndexOf('x');
  assert.equal(x, 24); // 😀 is two UTF-16 code units
  assert.equal(utf8ByteOffset(line, x), Buffer.byteLength(line.slice(0, x), 'utf8'));
  assert.equal(utf16OffsetOfByte(line, Buffer.byteLength(line.slice(0, x), 'utf8')), x);
  assert.equal(codePointColumn(line, x), 24); // 1-based, the emoji counts once
});

test('findings after non-ASCII comments and identifiers carry LSP (UTF-16) columns', async () => {
  const text = [
    '// größe — 大小 — ✓ 😀😀',
    '__global__ void k(float* ü) { /* 😀 */ __syncthreads(); }',
    '',
  ].join('\n');
  const r = await analyze(text, { only: ['ASC201'] });
  assert.equal(r.findings.length, 1);
  const line1 = text.split('\n')[1]!;
  assert.deepEqual(r.findings[0]!.range.start, { line: 1, character: line1.indexOf('__syncthreads') });
  assert.deepEqual(r.findings[0]!.range.end, { line: 1, character: line1.indexOf('__syncthreads') + '__syncthreads'.length });
  assert.equal(r.kernels[0]!.params[0]!.name, 'ü');
});
