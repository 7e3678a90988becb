/**
 * The user's wrappers are not library calls, and repeated mechanical calls cost once:
 * a macro defined in an included header (llm.c's `cublasCheck`) is skipped like one the file
 * defines, and the cost report charges one finding per host-runtime/library construct and
 * function (docs/cost-model.md).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Engine, type SourceContext } from '../../server/src/engine';

const B3 = { soc: 'Ascend910B3', cann: '8.x' } as const;
let engine: Engine;
before(async () => {
  engine = await Engine.create();
});
after(() => engine.dispose());

const HEADER = '#pragma once\n#define cublasCheck(s) do { if ((s) != 0) return; } while (0)\n#define ncclCheck(s) (s)\n';
const MAIN = [
  '#include "checks.h"',
  'int cublasCreate(void** h);',
  'int ncclGroupStart();',
  'void setup(void* h) {',
  '  cublasCheck(cublasCreate(&h));',
  '  ncclCheck(ncclGroupStart());',
  '}',
  '',
].join('\n');

function context(withHeader: boolean): SourceContext {
  return { path: '/ws/train.cu', defines: {}, includePaths: [], readFile: (p) => (withHeader && p === '/ws/checks.h' ? HEADER : undefined) };
}

function open(text: string, ctx: SourceContext) {
  const doc = engine.open(text, ctx);
  return doc;
}

test('a wrapper macro defined in an included header is not a library call; the calls inside the wrapper still are', () => {
  const names = (withHeader: boolean) => {
    const doc = open(MAIN, context(withHeader));
    try {
      return engine
        .analyze(doc, { target: B3 })
        .findings.filter((f) => f.code === 'ASC701' || f.code === 'ASC705')
        .map((f) => /`(\w+)`/.exec(f.message)![1])
        .sort();
    } finally {
      doc.dispose();
    }
  };
  assert.deepEqual(names(true), ['cublasCreate', 'ncclGroupStart']);
  // Without the header the wrapper names are unknown and look like library calls.
  assert.deepEqual(names(false), ['cublasCheck', 'cublasCreate', 'ncclCheck', 'ncclGroupStart']);
});

test('wrappers the way real code writes them: a toolkit-like header name beside the file, a macro under #ifdef, a function in the caller\'s namespace', () => {
  // llm.c: `#include "cublas_common.h"` is its own header (beside matmul.cuh), not the toolkit's;
  // its `ncclCheck` is defined under `#ifdef MULTI_GPU`. tiny-cuda-nn: `cublasGetError` is a
  // function of namespace tcnn called inside tcnn.
  const files: Record<string, string> = {
    '/ws/llmc/cublas_common.h': '#pragma once\n#define cublasCheck(s) do { if ((s) != 0) return; } while (0)\n',
    '/ws/llmc/zero.cuh': '#pragma once\n#ifdef MULTI_GPU\n#define ncclCheck(s) (s)\n#endif\n',
    // The same name through an include path is the toolkit's: never read.
    '/opt/cuda/include/cuda_common.h': '#define cudaCommonWrapper(x) (x)\n',
  };
  const text = [
    '#include "cublas_common.h"',
    '#include "zero.cuh"',
    '#include "cuda_common.h"',
    'int cublasCreate(void** h);',
    'int ncclGroupStart();',
    'int cublasGetStatusString(int s);',
    'namespace tcnn {',
    'inline int cublasGetError(int s) { return cublasGetStatusString(s); }',
    'void setup(void* h) {',
    '  cublasCheck(cublasCreate(&h));',
    '  ncclCheck(ncclGroupStart());',
    '  cublasGetError(0);',
    '}',
    '}',
    'void outside() { cublasGetError(1); }',
    '',
  ].join('\n');
  const doc = engine.open(text, { path: '/ws/llmc/matmul.cuh', defines: {}, includePaths: ['/opt/cuda/include'], readFile: (p) => files[p] });
  try {
    const result = engine.analyze(doc, { target: B3 });
    assert.deepEqual(result.includes, ['/ws/llmc/cublas_common.h', '/ws/llmc/zero.cuh']);
    const named = result.findings
      .filter((f) => f.code === 'ASC701' || f.code === 'ASC705')
      .map((f) => `${/`(\w+)`/.exec(f.message)![1]}:${f.range.start.line + 1}`)
      .sort();
    // The wrappers are the user's; the library calls inside them, and `cublasGetError` called
    // outside its namespace (where it names no function of the file), are the library's.
    assert.deepEqual(named, ['cublasCreate:10', 'cublasGetError:15', 'cublasGetStatusString:8', 'ncclGroupStart:11']);
  } finally {
    doc.dispose();
  }
});

test('the report charges a repeated host-runtime construct once per function', () => {
  const text = [
    '#include <cuda_runtime.h>',
    'void up(float* d, const float* h, size_t n) {',
    '  cudaMemcpy(d, h, n, cudaMemcpyHostToDevice);',
    '  cudaMemcpy(d + n, h + n, n, cudaMemcpyHostToDevice);',
    '  cudaMemcpy(d + 2 * n, h, n, cudaMemcpyHostToDevice);',
    '}',
    'void down(float* h, const float* d, size_t n) {',
    '  cudaMemcpy(h, d, n, cudaMemcpyDeviceToHost);',
    '}',
    '',
  ].join('\n');
  const report = engine.report([{ path: 'copy.cu', bytes: new TextEncoder().encode(text) }], { target: B3, only: ['ASC502'] });
  const findings = report.files[0]!.findings;
  assert.equal(findings.length, 4);
  const [a, b, c, d] = findings;
  assert.equal(a!.repeatOf, undefined);
  assert.equal(b!.repeatOf, a!.id);
  assert.equal(c!.repeatOf, a!.id);
  assert.deepEqual(b!.hours, [0, 0]);
  assert.equal(d!.repeatOf, undefined, 'another function is another construct');
  assert.ok(d!.hours[1] > 0);
  const sum = findings.reduce((s, f) => s + f.hours[1], 0);
  assert.equal(report.files[0]!.figures.hours[1], Math.round(sum * 100) / 100);
});
