/**
 * docs/rules/ and the README rule table are generated from the rule sources; this fails
 * when they are stale (run `npm run docs`).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { coverageDoc, COVERAGE, driverCoverageDoc, NAME_COVERAGE } from '../../scripts/gen-coverage';
import { generated, RULES_DOCS } from '../../scripts/gen-docs';
import { RUNTIME_FUNCTION } from '../../server/src/engine/runtime/table';
import { apiByName } from '../../server/src/engine/ascendc/api';

test('generated docs are up to date', () => {
  const files = generated();
  for (const [file, content] of files) {
    assert.ok(fs.existsSync(file), `${path.relative(process.cwd(), file)} is missing: run npm run docs`);
    assert.equal(fs.readFileSync(file, 'utf8'), content, `${path.relative(process.cwd(), file)} is stale: run npm run docs`);
  }
  const orphans = fs.readdirSync(RULES_DOCS).filter((f) => !files.has(path.join(RULES_DOCS, f)));
  assert.deepEqual(orphans, [], 'docs/rules has pages for rules that no longer exist');
});

test('docs/driver-api-coverage.md is up to date and every driver function is reported', async () => {
  const doc = await driverCoverageDoc();
  assert.equal(fs.readFileSync(NAME_COVERAGE.driver, 'utf8'), doc, 'docs/driver-api-coverage.md is stale: run npm run docs');
  assert.doesNotMatch(doc, /not reported yet|see the rule page/);
});

test('no coverage page sends the reader to a rule page', () => {
  for (const f of [COVERAGE, ...Object.values(NAME_COVERAGE)]) assert.doesNotMatch(fs.readFileSync(f, 'utf8'), /see the rule page/, f);
});

test('docs/runtime-api-coverage.md is up to date', async () => {
  assert.equal(fs.readFileSync(COVERAGE, 'utf8'), await coverageDoc(), 'docs/runtime-api-coverage.md is stale: run npm run docs');
});

test('the runtime table covers every CUDA runtime call in ascend-c.md §5, and every ACL name it emits is in the API table', () => {
  // Every CUDA runtime function named in ../shared/ref/ascend-c.md §5 (its CUDA→ACL table).
  const cuda = new Set(['cudaDeviceCanAccessPeer', 'cudaDeviceReset', 'cudaDeviceSynchronize', 'cudaEventCreate', 'cudaEventDestroy', 'cudaEventElapsedTime', 'cudaEventQuery', 'cudaEventRecord', 'cudaEventSynchronize', 'cudaFree', 'cudaFreeHost', 'cudaGetDevice', 'cudaGetDeviceCount', 'cudaGetDeviceProperties', 'cudaGetErrorString', 'cudaGetLastError', 'cudaLaunchHostFunc', 'cudaLaunchKernel', 'cudaMalloc', 'cudaMallocHost', 'cudaMallocManaged', 'cudaMemGetInfo', 'cudaMemcpy', 'cudaMemcpy2D', 'cudaMemcpyAsync', 'cudaMemset', 'cudaMemsetAsync', 'cudaSetDevice', 'cudaStreamCreate', 'cudaStreamDestroy', 'cudaStreamSynchronize', 'cudaStreamWaitEvent']);
  const missing = [...cuda].filter((n) => !RUNTIME_FUNCTION.has(n));
  assert.deepEqual(missing, []);
  for (const f of RUNTIME_FUNCTION.values()) if (f.acl) assert.ok(apiByName(f.acl), `${f.cuda} maps to ${f.acl}, which the API table lacks`);
});
