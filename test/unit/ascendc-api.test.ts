import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { apiHoverAt, ASCEND_C_API, declarationsHeader } from '../../server/src/engine';

test('API names are unique within their namespace and every entry has a declaration, a summary and a source', () => {
  // Unique within a namespace: the kernel's AscendC::tiling::SoftMaxTiling and the host's optiling::SoftMaxTiling are two entries.
  const names = ASCEND_C_API.map((e) => `${e.namespace}::${e.name}`);
  assert.equal(new Set(names).size, names.length);
  for (const e of ASCEND_C_API) {
    assert.ok(e.decl.length > 0 && e.summary.length > 0, e.name);
    assert.match(e.source, /^[A-Z]\d*$/, `${e.name} names its source`);
    if (e.renamed) assert.ok(ASCEND_C_API.some((x) => x.name === e.renamed!.name), `${e.name} renames to an entry`);
  }
});

test('the generated declarations header compiles for both CANN versions', () => {
  for (const cann of ['8.x', '9.x'] as const) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-decls-'));
    fs.writeFileSync(path.join(dir, 'd.h'), declarationsHeader(cann));
    fs.writeFileSync(path.join(dir, 't.cpp'), '#include "d.h"\nint main() { return 0; }\n');
    const r = spawnSync('g++', ['-std=c++17', '-fsyntax-only', path.join(dir, 't.cpp')], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(r.status, 0, r.stderr);
  }
});

test('hover on an API name shows its declaration, and the spelling for the target CANN version', () => {
  const text = 'AscendC::SetAtomicNone(); AscendC::Add(z, x, y, n); int AddOne = 1;';
  const h = apiHoverAt(text, text.indexOf('Add(') + 1, { soc: 'Ascend910B3', cann: '8.x' })!;
  assert.equal(h.name, 'Add');
  assert.match(h.markdown, /const LocalTensor<T>& src0, const LocalTensor<T>& src1, const int32_t& count/);
  assert.equal(apiHoverAt(text, text.indexOf('AddOne') + 2, { soc: 'Ascend910B3', cann: '8.x' }), null);
  const renamed = apiHoverAt(text, 12, { soc: 'Ascend950', cann: '9.x' })!;
  assert.match(renamed.markdown, /On CANN 9\.x this API is spelled `DisableDmaAtomic`/);
});
