/**
 * Single-thread kernels (the single schedule): the recogniser reads each kernel of
 * test/fixtures/port/single.cu as one CUDA thread's scalar work (a guard to the first thread, a
 * kernel every launch of which is `<<<1, 1>>>`, or an empty body), rejects what is not single-
 * thread with the reason, refuses stores on a target whose reference gives no
 * DataCacheCleanAndInvalid, classifies the ports as scalar work in the estimates, and every port
 * passes g++ -fsyntax-only against the declarations of its CANN version. Numerical agreement is
 * test/verify/single.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { Engine, estimateDocument, kernelVerdict, portKernel, type Target } from '../../server/src/engine';
import type { SingleSchedule } from '../../server/src/engine/port/program';
import { syntaxCheck } from '../helpers/syntax-check';

const DIR = path.resolve(__dirname, '../fixtures/port');
const text = fs.readFileSync(path.join(DIR, 'single.cu'), 'utf8');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
const P3: Target = { soc: 'Ascend310P3', cann: '8.x' };
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});

function verdict(kernel: string, target: Target, src = text) {
  const doc = engine.open(src);
  try {
    return kernelVerdict(doc, kernel, target)!;
  } finally {
    doc.dispose();
  }
}

function schedule(kernel: string, src = text): SingleSchedule {
  const v = verdict(kernel, B3, src);
  assert.equal(v.kind, 'complete', `${kernel}: ${v.kind === 'skeleton' ? v.reasons.join('; ') : ''}`);
  assert.equal(v.kind === 'complete' && v.program.schedule.kind, 'single', kernel);
  return (v as { program: { schedule: SingleSchedule } }).program.schedule;
}

test('a kernel guarded to its first thread is one thread of scalar work, read from GM at constant indices', () => {
  const s = schedule('ratio');
  assert.equal(s.cudaForm, 'first-thread');
  assert.deepEqual(s.steps, [{ k: 'store', tensor: 'out', index: 0, value: 'static_cast<float>(numGm.GetValue(0) / denGm.GetValue(0))' }]);
  assert.deepEqual(s.extents, { num: 1, den: 1, out: 1 });
  const n = schedule('negate_first');
  assert.equal(n.cudaForm, 'first-thread', 'threadIdx.x == 0 && blockIdx.x == 0');
  assert.deepEqual(
    n.steps.map((x) => (x.k === 'local' ? `${x.cppType} ${x.name} = ${x.value}` : `${x.tensor}[${x.index}] = ${x.value}`)),
    ['float v = aGm.GetValue(0)', 'na[0] = static_cast<float>(-v)', 'na[1] = static_cast<float>(v * 2.0f + aGm.GetValue(1))'],
  );
  assert.deepEqual(n.extents, { a: 2, na: 2 });
});

test('a kernel launched <<<1, 1>>> only is single-thread; a compound store reads the element first', () => {
  const d = schedule('divide_by');
  assert.equal(d.cudaForm, 'one-thread-launch');
  assert.deepEqual(d.steps, [{ k: 'store', tensor: 'result', index: 0, value: 'static_cast<float>(resultGm.GetValue(0) / (static_cast<float>(count)))' }]);
  const c = schedule('step_counter');
  assert.equal(c.cudaForm, 'one-thread-launch');
  assert.deepEqual(
    c.steps.map((x) => x.value),
    ['stateGm.GetValue(0) + 1', 'static_cast<int32_t>((next >= limit ? 0 : next))', 'static_cast<int32_t>(stateGm.GetValue(1) + (1))'],
  );
});

test('an empty kernel ports as an empty kernel with the same parameters, on any launch', () => {
  assert.equal(schedule('nothing').cudaForm, 'empty');
  assert.deepEqual(schedule('nothing_with_args').steps, []);
});

test('the same kernel launched with more than one thread is not single-thread', () => {
  const more = text.replace('step_counter<<<1, 1, 0, s>>>', 'step_counter<<<1, 32, 0, s>>>');
  assert.notEqual(more, text);
  const v = verdict('step_counter', B3, more);
  assert.equal(v.kind, 'skeleton');
  assert.ok(v.kind === 'skeleton' && v.reasons.some((r) => /^single: is not a single-thread kernel: no guard to the first thread, and not every launch in this file is `<<<1, 1>>>`/.test(r)), JSON.stringify(v));
  // Named elsewhere (a function pointer could launch it otherwise): not single-thread either.
  const pointer = `${text}\nvoid (*later)(int*, int) = step_counter;\n`;
  assert.equal(verdict('step_counter', B3, pointer).kind, 'skeleton');
});

test('what the single schedule does not port is a skeleton with the reason', () => {
  const perBlock = verdict('per_block_first', B3);
  assert.ok(perBlock.kind === 'skeleton' && perBlock.reasons.includes('single: is not a single-thread kernel: no guard to the first thread, and not every launch in this file is `<<<1, 1>>>`'), JSON.stringify(perBlock));
  const halve = verdict('halve', B3);
  assert.ok(halve.kind === 'skeleton' && halve.reasons.some((r) => r.startsWith('single: computes with the double literal `0.5`')), JSON.stringify(halve));
});

test('stores need DataCacheCleanAndInvalid: refused on 310P3 with the reason; an empty kernel ports there', () => {
  const v = verdict('ratio', P3);
  assert.equal(v.kind, 'skeleton');
  assert.ok(v.kind === 'skeleton' && /^the single port cannot run on Ascend310P3: the scalar unit's GM writes must leave the DataCache through DataCacheCleanAndInvalid/.test(v.reasons[0]!), JSON.stringify(v));
  assert.equal(verdict('nothing', P3).kind, 'complete');
});

test('the port runs on core 0 only, writes through SetValue, cleans the DataCache, and launches one block', () => {
  const doc = engine.open(text);
  try {
    const r = portKernel(doc, engine.analyze(doc, { target: B3 }), 'ratio', B3, 'single.cu')!;
    assert.equal(r.kind, 'complete');
    assert.match(r.text, /if \(AscendC::GetBlockIdx\(\) != 0\) return;/);
    assert.match(r.text, /outGm\.SetValue\(0, static_cast<float>\(numGm\.GetValue\(0\) \/ denGm\.GetValue\(0\)\)\);\n {2}AscendC::DataCacheCleanAndInvalid<float, AscendC::CacheLine::ENTIRE_DATA_CACHE, AscendC::DcciDst::CACHELINE_OUT>\(outGm\);/);
    assert.match(r.text, /ASCEND_PORT_LAUNCH\(ratio, 1, stream, \(GM_ADDR\)num, \(GM_ADDR\)den, \(GM_ADDR\)out\);/);
    assert.doesNotMatch(r.text, /TODO\(ascend-port\)/);
  } finally {
    doc.dispose();
  }
});

test('every single-thread port passes g++ -fsyntax-only on CANN 8.x and 9.x', () => {
  for (const target of [B3, { soc: 'Ascend910B3', cann: '9.x' } as Target]) {
    const doc = engine.open(text);
    try {
      const analysis = engine.analyze(doc, { target });
      for (const k of ['ratio', 'negate_first', 'divide_by', 'step_counter', 'nothing', 'nothing_with_args']) {
        const r = portKernel(doc, analysis, k, target, 'single.cu')!;
        assert.equal(r.kind, 'complete', k);
        const check = syntaxCheck(r.text, target.cann);
        assert.ok(check.ok, `${k} (${target.cann}):\n${check.errors}\n${r.text}`);
      }
    } finally {
      doc.dispose();
    }
  }
});

test('the estimates classify single-thread ports as scalar work from the same program', () => {
  const doc = engine.open(text);
  try {
    engine.analyze(doc, { target: B3 });
    const est = estimateDocument(doc, { target: B3 });
    const ratio = est.kernels.find((e) => e.kernel === 'ratio')!;
    assert.equal(ratio.classification, 'scalar');
    assert.match(ratio.reason, /^a single-thread kernel \(single schedule\): core 0's scalar unit reads and writes 3 GM values/);
    assert.equal(est.kernels.find((e) => e.kernel === 'nothing')!.reason, 'an empty kernel: the port launches one core that does nothing');
  } finally {
    doc.dispose();
  }
});
