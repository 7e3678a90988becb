/**
 * The CUDA-name table (server/src/engine/rules/names/): every row's rule exists, no CUDA
 * name belongs to two rules, every vector-op row is ported to a complete kernel that calls the
 * row's API, on a target with DataCopyPad and on one without (no row carries a reason), every
 * ACL name the rows mention is in the API table, and every CUDA 13 driver function is reported.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiByName, Engine, kernelVerdict, ruleByCode } from '../../server/src/engine';
import { CUDA_DRIVER_FUNCTIONS } from '../../server/src/engine/rules/names/cuda-driver-functions';
import { mappingText, NAME_ROWS, namesOf, rowFor } from '../../server/src/engine/rules/names/table';
import { CUDA_RUNTIME_FUNCTIONS } from '../../server/src/engine/runtime/cuda-runtime-functions';

const B3 = { soc: 'Ascend910B3', cann: '8.x' } as const;
const P3 = { soc: 'Ascend310P3', cann: '8.x' } as const;
let engine: Engine;
before(async () => {
  engine = await Engine.create();
});
after(() => engine.dispose());

const RULES = [...new Set(NAME_ROWS.map((r) => r.rule))];

test("every row's rule exists and every row has a source", () => {
  for (const r of NAME_ROWS) {
    assert.ok(ruleByCode(r.rule), `${r.name}: rule ${r.rule} does not exist`);
    assert.ok(r.source.length > 0, `${r.name} has no source`);
    assert.ok(mappingText(r).length > 0, `${r.name} says nothing about what to use`);
  }
});

test('no CUDA name belongs to two rules', () => {
  const exact = new Map<string, string>();
  for (const r of NAME_ROWS) {
    if (r.prefix) continue;
    const key = `${r.name}`;
    assert.ok(!exact.has(key) || exact.get(key) === r.rule, `${r.name} is listed for ${exact.get(key)} and ${r.rule}`);
    exact.set(key, r.rule);
  }
  const probe = new Set([...exact.keys(), ...CUDA_DRIVER_FUNCTIONS, ...CUDA_RUNTIME_FUNCTIONS, ...NAME_ROWS.filter((r) => r.prefix).map((r) => `${r.name}Probe`)]);
  for (const name of probe) {
    if (!/^[A-Za-z_]\w*$/.test(name)) continue; // header rows (ASC717) are not identifiers
    const owners = RULES.filter((code) => rowFor(namesOf(code), name));
    assert.ok(owners.length <= 1, `${name} belongs to ${owners.join(' and ')}`);
  }
});

const BINARY = new Set(['fmaxf', 'fminf', '__fdividef', '__hadd', '__hsub', '__hmul', '__hdiv', '__hmax', '__hmin', 'powf', '__heq', '__hne', '__hlt', '__hle', '__hgt', '__hge']);
const TERNARY = new Set(['__hfma']);
const COMPOSED = new Set(['tanhf']);
const HALF = (rule: string) => rule === 'ASC405';

test('every vector-op row is accepted by the elementwise port, on a target with DataCopyPad and on one without', () => {
  const vector = NAME_ROWS.filter((r) => r.map.kind === 'vector');
  assert.ok(vector.length >= 40, `${vector.length} vector rows`);
  // No row may say the port does not accept it: the table and the port agree (issue #18).
  assert.deepEqual(vector.filter((r) => r.map.kind === 'vector' && r.map.port !== null).map((r) => r.name), []);
  for (const r of vector) {
    const t = HALF(r.rule) ? '__half' : 'float';
    const call = TERNARY.has(r.name) ? `${r.name}(x[i], y[i], x[i])` : BINARY.has(r.name) ? `${r.name}(x[i], y[i])` : `${r.name}(x[i])`;
    const text = `${HALF(r.rule) ? '#include <cuda_fp16.h>\n' : ''}__global__ void k(const ${t}* x, const ${t}* y, ${t}* z, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) z[i] = ${call}; }\n`;
    for (const target of [B3, P3]) {
      const doc = engine.open(text);
      try {
        const v = kernelVerdict(doc, 'k', target);
        assert.equal(v?.kind, 'complete', `${r.name} (${r.rule}) on ${target.soc} is a vector op the port should accept: ${v && v.kind === 'skeleton' ? v.reasons.join('; ') : v?.kind}`);
        // The API the row names is the one the port calls (the rounding rows' Cast, the comparisons' Compare); tanhf's row says the port composes it instead.
        if (v?.kind === 'complete' && r.map.kind === 'vector' && !COMPOSED.has(r.name)) for (const api of r.map.api.split(' then ')) assert.ok(v.lowered.apis.includes(api), `${r.name}: the port does not call ${api} (it calls ${v.lowered.apis.join(', ')})`);
      } finally {
        doc.dispose();
      }
    }
  }
});

test('every ACL name a row mentions is in the Ascend C/ACL API table', () => {
  for (const r of NAME_ROWS) {
    const text = `${mappingText(r)} ${r.note}`;
    for (const m of text.matchAll(/\bacl[A-Z]\w*/g)) assert.ok(apiByName(m[0]), `${r.name}: ${m[0]} is not in ascendc/api.ts`);
  }
});

test('every CUDA 13 driver function is reported by a driver rule', () => {
  const probe = CUDA_DRIVER_FUNCTIONS.map((n, i) => `void probe_${i}() { ${n}(); }`).join('\n');
  const result = engine.analyzeText(probe, { target: B3 });
  const lines = new Map<number, string[]>();
  for (const f of result.findings) lines.set(f.range.start.line, [...(lines.get(f.range.start.line) ?? []), f.code]);
  const missing = CUDA_DRIVER_FUNCTIONS.filter((_, i) => !(lines.get(i) ?? []).some((c) => Number(c.slice(3)) >= 530 && Number(c.slice(3)) <= 561));
  assert.deepEqual(missing, []);
});

test('the rewrite rows build the documented call from written arguments', () => {
  const row = (name: string) => NAME_ROWS.find((r) => r.name === name && !r.prefix)!;
  const rw = (name: string, args: string[]) => {
    const m = row(name).map;
    assert.equal(m.kind, 'rewrite');
    return m.kind === 'rewrite' ? m.rewrite(args) : null;
  };
  assert.deepEqual(rw('cuInit', ['0']), { text: 'aclInit(nullptr)', safety: 'safe' });
  assert.equal(rw('cuInit', ['CU_FLAGS']), null);
  assert.deepEqual(rw('cuMemcpyHtoD', ['d', 'h', 'n']), { text: 'aclrtMemcpy(reinterpret_cast<void*>(d), n, h, n, ACL_MEMCPY_HOST_TO_DEVICE)', safety: 'unsafe' });
  assert.equal(rw('cuStreamCreate', ['&s', 'CU_STREAM_NON_BLOCKING'])?.safety, 'unsafe');
  assert.equal(rw('cuEventCreate', ['&e', 'CU_EVENT_DISABLE_TIMING']), null);
});
