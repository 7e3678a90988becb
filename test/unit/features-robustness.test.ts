/**
 * Ports, estimates and the report on bad input: every fixture and sample cut short at
 * several points (half-typed code), and bytes that are not CUDA at all. Nothing throws;
 * every kernel gets a complete port or a skeleton.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { Engine, estimateDocument, portableKernels, portKernel, type Target } from '../../server/src/engine';

const ROOT = path.resolve(__dirname, '../..');
const TARGETS: Target[] = [
  { soc: 'Ascend910B3', cann: '8.x' },
  { soc: 'Ascend310P3', cann: '9.x' },
  { soc: 'Ascend950', cann: '9.x' },
];
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});

function inputs(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const dir of ['samples', 'test/fixtures/port', 'test/fixtures/estimates', 'test/fixtures/rules']) {
    for (const f of fs.readdirSync(path.join(ROOT, dir))) {
      if (!f.endsWith('.cu')) continue;
      const text = fs.readFileSync(path.join(ROOT, dir, f), 'utf8');
      out.push({ name: `${dir}/${f}`, text });
      for (const cut of [0.3, 0.6, 0.9]) out.push({ name: `${dir}/${f} cut at ${cut}`, text: text.slice(0, Math.floor(text.length * cut)) });
    }
  }
  out.push({ name: 'noise', text: '}{)(<<<>>>__global__ void (int* p[) { p[i] = ; for (;;' });
  out.push({ name: 'only a kernel header', text: '__global__ void k(float* x, int n)' });
  return out;
}

test('ports and estimates never throw on fixtures, samples, half-typed code and noise', () => {
  let kernels = 0;
  for (const { name, text } of inputs()) {
    const doc = engine.open(text);
    try {
      for (const target of TARGETS) {
        const analysis = engine.analyze(doc, { target });
        assert.doesNotThrow(() => estimateDocument(doc, { target }), name);
        for (const k of portableKernels(doc)) {
          const r = portKernel(doc, analysis, k.name, target, name);
          assert.ok(r, `${name}: ${k.name}`);
          assert.ok(r.kind === 'complete' || /NOT a complete port/.test(r.text), `${name}: ${k.name}`);
          kernels++;
        }
      }
    } finally {
      doc.dispose();
    }
  }
  assert.ok(kernels > 100, `${kernels} kernels ported`);
});

test('the report takes bytes that are not text, and empty files', () => {
  const r = engine.report(
    [
      { path: 'a.cu', bytes: new Uint8Array([0, 1, 2, 255]) },
      { path: 'b.cu', bytes: new Uint8Array([0xc3, 0x28]) },
      { path: 'c.cu', bytes: new Uint8Array() },
    ],
    { target: TARGETS[0]! },
  );
  // Bytes that are not UTF-8 are analysed as Latin-1 (issue #21 item 13); only the binary file is skipped.
  assert.deepEqual(r.skipped.map((s) => s.reason), ['binary']);
  assert.equal(r.summary.files.scanned, 2);
  assert.deepEqual(r.summary.hours, [0, 0]);
});
