/**
 * Fix-all leaves a consistent file (issue #20, bugs 3 and 5): the ACL calls it writes come
 * with `#include "acl/acl.h"` even when the file relied on nvcc's implicit
 * `cuda_runtime.h`, and a handle type is not renamed safely while a use of it stays CUDA.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits, safeFixEdits } from '../../server/src/engine';
import { analyze, engine } from '../helpers/engine';

async function fixAll(text: string): Promise<string> {
  const e = await engine();
  for (let round = 0; round < 6; round++) {
    const result = await analyze(text);
    const edits = safeFixEdits(result.findings);
    if (!edits.length) return text;
    const doc = e.open(text);
    try {
      text = applyEdits(text, edits, (p) => doc.lines.offsetAt(p));
    } finally {
      doc.dispose();
    }
  }
  throw new Error('fix-all did not settle');
}

const NO_INCLUDE = `#include <cstdio>

int main() {
  float* d = nullptr;
  cudaMalloc(&d, 1024);
  cudaFree(d);
  cudaDeviceSynchronize();
  return 0;
}
`;

test('fix-all on a file without cuda_runtime.h adds #include "acl/acl.h" once (bug 3)', async () => {
  const fixed = await fixAll(NO_INCLUDE);
  assert.match(fixed, /aclrt/, fixed);
  assert.equal(fixed.match(/#include "acl\/acl\.h"/g)?.length, 1, fixed);
  // After the existing includes, before the code.
  assert.ok(fixed.indexOf('#include "acl/acl.h"') > fixed.indexOf('#include <cstdio>'), fixed);
  assert.ok(fixed.indexOf('#include "acl/acl.h"') < fixed.indexOf('int main'), fixed);
});

test('one quick fix on such a file brings the include with it; files with the header get no second one (bug 3)', async () => {
  const result = await analyze(NO_INCLUDE);
  const free = result.findings.find((f) => /cudaFree/.test(f.message) && f.fixes?.length);
  assert.ok(free, 'cudaFree has a fix');
  assert.ok(free.fixes![0]!.edits.some((e) => e.newText === '#include "acl/acl.h"\n'), JSON.stringify(free.fixes));
  const withHeader = await fixAll(`#include <cuda_runtime.h>\n${NO_INCLUDE}`);
  assert.equal(withHeader.match(/#include "acl\/acl\.h"/g)?.length, 1, withHeader);
  const noIncludes = await fixAll('int main() {\n  cudaDeviceSynchronize();\n  return 0;\n}\n');
  assert.ok(noIncludes.startsWith('#include "acl/acl.h"\n'), noIncludes);
});

const EVENTS = `#include <cuda_runtime.h>

float time(void) {
  cudaEvent_t start;
  cudaEventCreate(&start);
  cudaEventRecord(start);
  cudaEventSynchronize(start);
  cudaEventDestroy(start);
  return 0.f;
}
`;

test('a handle type is not renamed by fix-all while an unsafe use of it remains, and that use is a warning (bug 5)', async () => {
  const result = await analyze(EVENTS);
  const type = result.findings.find((f) => f.code === 'ASC528' && /cudaEvent_t/.test(f.message));
  assert.ok(type);
  assert.equal(type.fixes?.[0]?.safety, 'unsafe');
  assert.equal(type.severity, 'warning');
  assert.match(type.message, /cudaEventRecord/);
  const record = result.findings.find((f) => /`cudaEventRecord`/.test(f.message));
  assert.ok(record);
  assert.equal(record.severity, 'warning');
  const fixed = await fixAll(EVENTS);
  // The type and its unsafe use stay CUDA together; the safe calls are rewritten.
  assert.match(fixed, /cudaEvent_t start;/);
  assert.match(fixed, /cudaEventRecord\(start\)/);
  assert.match(fixed, /aclrtSynchronizeEvent\(start\)/);
  // With the stream given, every use is safe and the type is renamed with them.
  const safe = await fixAll(EVENTS.replace('cudaEventRecord(start)', 'cudaEventRecord(start, s)').replace('float time(void) {', 'float time(cudaStream_t s) {'));
  assert.match(safe, /aclrtEvent start;/);
  assert.match(safe, /aclrtRecordEvent\(start, s\)/);
});
