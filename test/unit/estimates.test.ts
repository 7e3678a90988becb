/**
 * The estimate model against hand-computed cases (the arithmetic is in the test names
 * and comments), the hardware profiles against the reference, classification and shape
 * folding on a real CUDA fixture.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { Engine, estimateDocument } from '../../server/src/engine';
import { HARDWARE, profileFor } from '../../server/src/engine/estimates/hardware';
import { cubeEstimate, vectorEstimate } from '../../server/src/engine/estimates/model';
import { constantTable, evalConst, parseAssumptions } from '../../server/src/engine/estimates/shapes';

const B3 = HARDWARE.Ascend910B3;
const close = (actual: number, expected: number, tolerance = 0.005) => assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * tolerance, `${actual} is not ≈ ${expected}`);

test('910B3 profile: 20 AIC, 40 AIV, 1800 MHz, 1152 GB/s = 32 B/cycle × 20 × 1800 MHz (derived), 4096 fp16 MAC/cycle', () => {
  assert.equal(B3.cubeCores.value, 20);
  assert.equal(B3.vectorCores.value, 40);
  assert.equal(B3.clockMHz.value, 1800);
  assert.equal(B3.bandwidthGBs.value, 1152);
  assert.equal(B3.macsPerCycle.half.value, 4096);
  assert.equal(B3.macsPerCycle.int8.value, 8192);
  assert.equal(B3.k0.int8, 32);
  assert.equal(HARDWARE.Ascend910B1.bandwidthGBs.value, 1420.8);
  assert.equal(HARDWARE.Ascend310P3.bandwidthGBs.value, 207.2);
  assert.ok(Number.isNaN(HARDWARE.Ascend910A.bandwidthGBs.value) && !HARDWARE.Ascend910A.bandwidthGBs.confirmed, '910A bandwidth is unknown and says so');
  assert.ok(Number.isNaN(HARDWARE.Ascend310P3.macsPerCycle.float.value), '310P has no float cube path');
  for (const p of Object.values(HARDWARE)) for (const f of [p.cubeCores, p.clockMHz, p.bandwidthGBs, p.ubBytes]) assert.ok(f.source.length > 0, `${p.soc}: every figure names its source`);
});

test('overrides replace a figure and say where it came from', () => {
  const p = profileFor('Ascend950', { cubeCores: 32, clockMHz: 1600, bandwidthGBs: 1600, vectorTranscendentalFloat: 64 });
  assert.equal(p.vectorElemsPerCycle.transcendental.float.value, 64);
  assert.equal(p.cubeCores.value, 32);
  assert.match(p.cubeCores.source, /your setting/);
  assert.ok(Number.isNaN(HARDWARE.Ascend950.cubeCores.value));
});

test('4096³ fp16 GEMM on 910B3: padding 1; 32×16 = 512 tiles of 128×256 over 20 AIC = 26 waves → 512/520 = 98.46%; ideal 4096³/(4096·20·1.8e9) = 466.0 µs; memory 100.7 MB / 1152 GB/s = 87.4 µs → Cube-bound, 473.3 µs, utilisation 98.46%', () => {
  const e = cubeEstimate(B3, 4096, 4096, 4096, 'half');
  assert.equal(e.paddingEfficiency, 1);
  assert.equal(e.tiles, 512);
  assert.equal(e.waves, 26);
  close(e.waveEfficiency, 512 / 520);
  close(e.idealComputeUs, 466.03);
  close(e.computeUs, 473.31);
  assert.equal(e.bytes, 2 * 4096 * 4096 * 2 + 4096 * 4096 * 2);
  close(e.memoryUs, 87.38);
  assert.equal(e.bound, 'compute');
  close(e.cubeUtilization, 0.9846);
  close(e.arithmeticIntensity, 1365.3);
});

test('ragged 1000³ fp16 on 910B3: padding 1e9/1008³ = 97.64%; ⌈1000/128⌉·⌈1000/256⌉ = 8·4 = 32 tiles on 20 AIC = 2 waves → 80%; ideal 6.78 µs → 6.78/(0.9764·0.8) = 8.68 µs; utilisation 78.1%', () => {
  const e = cubeEstimate(B3, 1000, 1000, 1000, 'half');
  close(e.paddingEfficiency, 1e9 / 1008 ** 3);
  assert.equal(e.tiles, 32);
  assert.equal(e.waves, 2);
  close(e.waveEfficiency, 0.8);
  close(e.idealComputeUs, 6.7817);
  close(e.computeUs, 8.6822);
  close(e.memoryUs, 5.208);
  assert.equal(e.bound, 'compute');
  close(e.cubeUtilization, 0.7811);
});

test('4096³ int8 on 910B3: k0 = 32, 8192 MAC/cycle → ideal 233.0 µs, /0.9846 = 236.7 µs; int32 output: 2·4096² + 4·4096² bytes = 100.7 MB → 87.4 µs; utilisation 98.46%', () => {
  const e = cubeEstimate(B3, 4096, 4096, 4096, 'int8');
  assert.equal(e.paddingEfficiency, 1);
  close(e.idealComputeUs, 233.02);
  close(e.computeUs, 236.66);
  assert.equal(e.bytes, 2 * 4096 * 4096 + 4 * 4096 * 4096);
  close(e.cubeUtilization, 0.9846);
});

test('elementwise add of 2^24 floats on 910B3: vector 2^24/(64·40·1.8e9) = 3.64 µs; memory 12 B × 2^24 / 1152 GB/s = 174.8 µs → memory-bound, Cube 0%', () => {
  const e = vectorEstimate(B3, 2 ** 24, 'float', { simple: 1, transcendental: 0 }, 12);
  close(e.vectorUs, 3.641);
  close(e.memoryUs, 174.76);
  assert.equal(e.bound, 'memory');
  assert.equal(e.cubeUtilization, 0);
  close(e.timeUs, 174.76);
});

test('Exp-heavy: 20 Exp per float element over 2^24: vector 20·2^24/(32·40·1.8e9) = 145.6 µs > memory 8 B × 2^24 / 1152 GB/s = 116.5 µs → vector-bound', () => {
  const e = vectorEstimate(B3, 2 ** 24, 'float', { simple: 0, transcendental: 20 }, 8);
  close(e.vectorUs, 145.64);
  close(e.memoryUs, 116.51);
  assert.equal(e.bound, 'vector');
});

test('a figure the profile lacks makes the estimate say what it needs instead of inventing it', () => {
  const e = cubeEstimate(HARDWARE.Ascend950, 1024, 1024, 1024, 'half');
  assert.equal(e.bound, 'unknown');
  assert.deepEqual(e.missing, ['cube core count', 'clock', 'memory bandwidth']);
});

test('shapes: annotations and constant folding', () => {
  assert.deepEqual(parseAssumptions(' M=4096 N=4096 K=4096 dtype=half'), { values: { M: 4096, N: 4096, K: 4096 }, dtype: 'half' });
  assert.deepEqual(parseAssumptions('n=2^20').values, { n: 1048576 });
  const table = constantTable('#define N (1 << 20)\nconstexpr int kRows = 1000;\nstatic const size_t kBytes = N * sizeof(float);\n');
  assert.equal(evalConst('(N + 255) / 256', table, 0, false), 4096);
  assert.equal(evalConst('kRows * 2', table, 0, false), 2000);
  assert.equal(evalConst('n * 2', table, 0, false), null, 'unknown identifiers do not fold');
  assert.equal(evalConst('2 ^ 3', table, 0, false), null, 'C `^` is XOR, not a power');
});

let engine: Engine;
before(async () => {
  engine = await Engine.create();
});

test('the fixture: GEMMs are cube-eligible with folded or annotated shapes, the add is memory-bound, the gather is scalar-heavy', () => {
  const doc = engine.open(fs.readFileSync(path.resolve(__dirname, '../fixtures/estimates/kernels.cu'), 'utf8'));
  try {
    const r = estimateDocument(doc, { target: { soc: 'Ascend910B3', cann: '8.x' } });
    const k = Object.fromEntries(r.kernels.map((x) => [x.kernel, x]));
    assert.equal(k.gemm_naive!.classification, 'cube');
    assert.deepEqual([k.gemm_naive!.shapes.M!.value, k.gemm_naive!.shapes.N!.value, k.gemm_naive!.shapes.K!.value], [1000, 1000, 1000]);
    assert.equal(k.gemm_naive!.shapes.M!.source, 'folded');
    // float 1000³: padding 1e9/(1008·1008·1000) = 98.4%, 2 waves at 80% → 78.7%.
    assert.equal(k.gemm_naive!.lens, 'Ascend910B3 · Cube 78.7% · Cube-bound · ≈ 34.5 µs @ 1000×1000×1000 float');
    assert.equal(k.gemm_half!.lens, 'Ascend910B3 · Cube 98.5% · Cube-bound · ≈ 473 µs @ 4096×4096×4096 half (annotated)');
    assert.equal(k.add!.lens, 'Ascend910B3 · Cube 0% · HBM-bound · ≈ 175 µs @ n=2^24');
    assert.equal(k.exp_heavy!.classification, 'vector');
    assert.deepEqual(k.exp_heavy!.estimate.kind === 'vector' && k.exp_heavy!.estimate.ops, { simple: 0, transcendental: 8 }, '5 Exp, Ln, Sqrt and Div per element');
    assert.equal(k.gather!.classification, 'scalar');
    assert.match(k.gather!.lens, /scalar-heavy/);
    assert.match(k.gemm_naive!.hover, /fractal padding efficiency \| 98\.4%/);
    const launch = r.launches.find((l) => l.kernel === 'add')!;
    // 2^24 over 40 cores: ⌈16777216/40⌉ = 419431 → 419432 (multiple of 8); tile 7808.
    assert.equal(launch.label, '→ Ascend: numBlocks=40, 419432 per core, tile 7808');
    const on310 = estimateDocument(doc, { target: { soc: 'Ascend310P3', cann: '8.x' } });
    assert.match(on310.kernels.find((x) => x.kernel === 'gemm_naive')!.reason, /no float Cube path/);
  } finally {
    doc.dispose();
  }
});

test('issue #20 bug 7: Ascend C kernels get no estimate, M/N/K on a vector kernel are reported, an unknown figure keeps the lens short', async () => {
  const e = await Engine.create();
  const estimate = (text: string, soc: 'Ascend910B3' | 'Ascend950' = 'Ascend910B3') => {
    const doc = e.open(text);
    try {
      return estimateDocument(doc, { target: { soc, cann: '8.x' } });
    } finally {
      doc.dispose();
    }
  };
  const ascendc = estimate('#include "kernel_operator.h"\nextern "C" __global__ __aicore__ void add(GM_ADDR x) { }\n');
  assert.deepEqual(ascendc.kernels, []);
  const vector = estimate('// ascend-port: assume M=4096 N=4096\n__global__ void scale(float* x, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) x[i] *= 2.f; }\n');
  assert.match(vector.kernels[0]!.lens, /M\/N ignored/);
  assert.match(vector.kernels[0]!.hover, /\*\*M, N ignored\*\*/);
  const on950 = estimate('__global__ void scale(float* x, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) x[i] *= 2.f; }\n', 'Ascend950');
  const k = on950.kernels[0]!;
  assert.doesNotMatch(k.lens, /\?/);
  assert.match(k.lens, /no estimate: hardware figures unknown/);
  assert.ok(k.lens.length < 80, k.lens);
  assert.match(k.hover, /\*\*Missing for Ascend950\*\*: .+ascendPort\.estimates\.hardware/);
  e.dispose();
});
