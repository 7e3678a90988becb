/**
 * Every snippet body is expanded with its placeholder defaults and syntax-checked with
 * g++ against the declarations header generated from the API table (the same check
 * generated ports get). CANN 9.x snippets are checked against the 9.x header, the rest
 * against 8.x, so a renamed API in the wrong snippet fails.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { declarationsHeader } from '../../server/src/engine/ascendc/decls';
import { applyCudaLens } from '../../server/src/engine/syntax/lens';

const ROOT = path.resolve(__dirname, '../..');
const SNIPPETS = path.join(ROOT, 'snippets/ascendc.json');

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

/** `${1:text}` -> text, `$1` / `$0` -> nothing (nested placeholders resolved inside out). */
function expand(body: string): string {
  let s = body;
  for (let i = 0; i < 5; i++) s = s.replace(/\$\{\d+:([^${}]*)\}/g, '$1');
  return s.replace(/\$\{\d+\}|\$\d+/g, '');
}

/** g++ has no chevrons: a launch `k<<<cfg>>>(args)` is checked as the call `k(args)`. */
function launchesAsCalls(text: string): string {
  const lens = applyCudaLens(text);
  let out = text;
  for (const e of [...lens.edits].reverse()) if (e.kind === 'launch') out = out.slice(0, e.start) + out.slice(e.end);
  return out;
}

/** Declarations a snippet expects around it, and whether it goes inside a function. */
const CONTEXT: Record<string, { scope: 'file' | 'device' | 'host'; prelude?: string; after?: string }> = {
  'Vector kernel class': { scope: 'file' },
  'Kernel entry': { scope: 'file', prelude: 'template <typename T> struct KernelAdd { __aicore__ void Init(GM_ADDR, GM_ADDR, GM_ADDR, uint32_t, uint32_t); __aicore__ void Process(); };' },
  'TBuf temporary buffer': { scope: 'device', prelude: 'AscendC::TPipe pipe; uint32_t tileLength = 256;' },
  'DataCopyPad GM to UB': { scope: 'device', prelude: 'AscendC::LocalTensor<float> xLocal; AscendC::GlobalTensor<float> xGm; uint32_t count = 100;' },
  'Matmul kernel setup': { scope: 'device', prelude: 'AscendC::TPipe pipe; AscendC::tiling::TCubeTiling tiling; AscendC::GlobalTensor<half> aGm, bGm; AscendC::GlobalTensor<float> cGm;' },
  'Matmul host tiling': { scope: 'host', prelude: 'int32_t coreNum = 20, M = 128, N = 128, K = 64;' },
  'ACL host program': { scope: 'host', prelude: 'size_t n = 1024; int args = 0;', after: 'void kernel(int);' },
  'Atomic add accumulation': { scope: 'device', prelude: 'AscendC::GlobalTensor<float> outGm; AscendC::LocalTensor<float> partialLocal; uint32_t count = 64;' },
};

function contextFor(name: string) {
  const base = name.replace(/ \(CANN 9\.x\)$/, '');
  return CONTEXT[base];
}

function compile(source: string, cann: '8.x' | '9.x'): { ok: boolean; errors: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-snippet-'));
  try {
    fs.writeFileSync(path.join(dir, 'ascendc_decls.h'), declarationsHeader(cann));
    fs.writeFileSync(path.join(dir, 'snippet.cpp'), `#include "ascendc_decls.h"\n${source}\n`);
    const r = spawnSync('g++', ['-std=c++17', '-fsyntax-only', '-Wno-unused', path.join(dir, 'snippet.cpp')], { encoding: 'utf8' });
    return { ok: r.status === 0, errors: `${r.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const snippets = JSON.parse(fs.readFileSync(SNIPPETS, 'utf8')) as Record<string, Snippet>;

test('snippets are well-formed and unique', () => {
  const prefixes = Object.values(snippets).map((s) => s.prefix);
  assert.equal(new Set(prefixes).size, prefixes.length);
  assert.ok(Object.keys(snippets).length >= 7);
  for (const [name, s] of Object.entries(snippets)) {
    assert.match(s.prefix, /^(asc|acl)-[a-z0-9-]+$/, name);
    assert.ok(s.description.length > 10, name);
    assert.ok(contextFor(name), `${name} has a syntax-check context in this test`);
  }
});

for (const [name, s] of Object.entries(snippets)) {
  test(`snippet "${name}" passes the declarations-header syntax check`, () => {
    const ctx = contextFor(name)!;
    const cann = name.endsWith('(CANN 9.x)') ? '9.x' : '8.x';
    const body = launchesAsCalls(expand(s.body.join('\n')));
    const wrapped =
      ctx.scope === 'file'
        ? `${ctx.prelude ?? ''}\n${body}`
        : `${ctx.after ?? ''}\n${ctx.scope === 'device' ? '__aicore__ inline ' : ''}int check() {\n${ctx.prelude ?? ''}\n${body}\nreturn 0;\n}`;
    const r = compile(wrapped, cann);
    assert.ok(r.ok, `g++ rejected the snippet:\n${r.errors}\n--- source ---\n${wrapped}`);
  });
}

test('the syntax check rejects an API that does not exist, and a name of the wrong CANN version', () => {
  assert.equal(compile('__aicore__ void f() { AscendC::AddVectors(); }', '8.x').ok, false);
  assert.equal(compile('__aicore__ void f() { AscendC::DisableDmaAtomic(); }', '8.x').ok, false);
  assert.equal(compile('__aicore__ void f() { AscendC::DisableDmaAtomic(); }', '9.x').ok, true);
});

test('GetSysWorkSpacePtr is a global function, as in the real headers: the matmul snippet calls it unqualified', () => {
  assert.equal(compile('__aicore__ void f() { (void)GetSysWorkSpacePtr(); }', '8.x').ok, true);
  assert.equal(compile('__aicore__ void f() { (void)AscendC::GetSysWorkSpacePtr(); }', '8.x').ok, false);
  assert.doesNotMatch(fs.readFileSync(path.resolve(__dirname, '../../snippets/ascendc.json'), 'utf8'), /AscendC::GetSysWorkSpacePtr/);
});
