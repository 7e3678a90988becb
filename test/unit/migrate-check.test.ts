/**
 * The consistency check of a migrated tree: every kernel and host file compiles with
 * `g++ -fsyntax-only` against the declarations generated from the API table, errors on TODO
 * lines aside. On the project's own samples it passes; a host line calling an ACL function
 * that does not exist (not on a TODO line) fails it, with the file and line, and exit code 1.
 * And the CPU model of ACL (verify/include/acl/acl.h) defines every ACL function of the table
 * with the table's exact signature.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ASCEND_C_API } from '../../server/src/engine/ascendc/api';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("the migrated samples pass the consistency check, and each error left is on a TODO line", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-check-'));
  try {
    const out = path.join(work, 'out');
    const r = cli(['migrate', path.join(ROOT, 'samples'), '--out', out]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /consistency check: passed: 14 files against the Ascend C and ACL declarations; 0 errors outside TODO lines, [1-9]\d* on TODO lines/);
    const m = JSON.parse(fs.readFileSync(path.join(out, 'migration.json'), 'utf8'));
    assert.equal(m.check.status, 'pass');
    for (const f of m.check.files) {
      for (const e of f.onTodoLines) {
        const line = fs.readFileSync(path.join(out, e.file), 'utf8').split('\n')[e.line - 1]!;
        assert.match(line, /TODO\(ascend-port\)/, `${e.file}:${e.line}`);
      }
    }
    const md = fs.readFileSync(path.join(out, 'MIGRATION.md'), 'utf8');
    assert.match(md, /## Consistency check\n\nPassed: 14 files compiled with `g\+\+ -fsyntax-only`/);
    assert.match(md, /- on a TODO line: histogram\.cpp:\d+: /);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('a host line calling an ACL function that does not exist fails the check, with its file and line', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-check-'));
  try {
    const src = path.join(work, 'src');
    fs.mkdirSync(src);
    const text = fs.readFileSync(path.join(ROOT, 'samples/vector_add.cu'), 'utf8').replace(/int main\(\) \{\n/, 'int main() {\n  aclrtWarmUpDevice(0);\n');
    assert.match(text, /aclrtWarmUpDevice/);
    fs.writeFileSync(path.join(src, 'vector_add.cu'), text);
    const out = path.join(work, 'out');
    const r = cli(['migrate', src, '--out', out]);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /consistency check: FAILED: .*; 1 errors outside TODO lines/);
    const line = fs.readFileSync(path.join(out, 'vector_add.cpp'), 'utf8').split('\n').findIndex((l) => l.includes('aclrtWarmUpDevice')) + 1;
    assert.match(r.out, new RegExp(`  vector_add\\.cpp:${line}: .*aclrtWarmUpDevice.* was not declared`));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('the CPU model of ACL defines every ACL function of the API table with its signature', () => {
  const fns = ASCEND_C_API.filter((e) => e.side === 'host' && e.kind === 'function' && /^acl/.test(e.name) && !e.decl.includes('...'));
  assert.ok(fns.length >= 30, `${fns.length} ACL functions`);
  const checks = fns.map((e) => {
    const m = new RegExp(`^(.+?)\\b${e.name}\\((.*)\\);`).exec(e.decl);
    assert.ok(m, e.decl);
    return `  (void)static_cast<${m[1]!.trim()} (*)(${m[2]})>(&${e.name});`;
  });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-acl-'));
  try {
    const file = path.join(work, 'check.cpp');
    fs.writeFileSync(file, `#include "acl/acl.h"\nint main() {\n${checks.join('\n')}\n  return 0;\n}\n`);
    const r = spawnSync('g++', ['-std=c++17', '-fsyntax-only', '-I', path.join(ROOT, 'verify/include'), file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

/**
 * Public sample programs (read from local corpora, never copied into the repository): the
 * migrated tree passes the consistency check with every error on a TODO line, MIGRATION.md
 * lists every TODO line, and the sources are byte-identical afterwards. Skipped, with the
 * reason, where the corpus is not on the machine.
 */
const PUBLIC: { name: string; path: string; includes?: string[] }[] = [
  { name: 'cuda-samples vectorAdd', path: '/tmp/pub/cs/Samples/0_Introduction/vectorAdd', includes: ['/tmp/pub/cs/Common'] },
  { name: 'cuda-samples simpleStreams', path: '/tmp/pub/cs/Samples/0_Introduction/simpleStreams', includes: ['/tmp/pub/cs/Common'] },
  { name: 'cuda-samples asyncAPI', path: '/tmp/pub/cs/Samples/0_Introduction/asyncAPI', includes: ['/tmp/pub/cs/Common'] },
  { name: 'cuda-samples reduction', path: '/tmp/pub/cs/Samples/2_Concepts_and_Techniques/reduction', includes: ['/tmp/pub/cs/Common'] },
  { name: 'cuda-samples matrixMul', path: '/tmp/pub/cs/Samples/0_Introduction/matrixMul', includes: ['/tmp/pub/cs/Common'] },
  { name: 'OLCF hw10 streams_solution', path: '/tmp/pub/olcf/exercises/hw10/streams_solution.cu' },
  { name: 'OLCF hw5 reductions', path: '/tmp/pub/olcf/exercises/hw5/reductions.cu' },
  { name: 'OLCF hw2 matrix_mul_shared_solution', path: '/tmp/pub/olcf/exercises/hw2/matrix_mul_shared_solution.cu' },
];

function digest(dir: string): string {
  const h = crypto.createHash('sha256');
  const walk = (p: string) => {
    if (fs.statSync(p).isDirectory()) for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e));
    else h.update(p).update(fs.readFileSync(p));
  };
  walk(dir);
  return h.digest('hex');
}

for (const s of PUBLIC) {
  const missing = fs.existsSync(s.path) ? undefined : `${s.path} is not on this machine (public corpus)`;
  test(`migrate on a public sample passes the consistency check, TODO lines aside: ${s.name}`, { skip: missing ?? false }, () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-check-'));
    try {
      // A single file is migrated from a copy (its folder may hold other samples).
      let input = s.path;
      if (!fs.statSync(s.path).isDirectory()) {
        fs.mkdirSync(path.join(work, 'src'));
        input = path.join(work, 'src', path.basename(s.path));
        fs.copyFileSync(s.path, input);
      }
      const before = digest(s.path);
      const out = path.join(work, 'out');
      const r = cli(['migrate', input, '--out', out, ...(s.includes ?? []).flatMap((i) => ['-I', i])]);
      assert.equal(digest(s.path), before, 'the sources are byte-identical');
      const m = JSON.parse(fs.readFileSync(path.join(out, 'migration.json'), 'utf8'));
      assert.equal(m.check.status, 'pass', `${r.out}\n${JSON.stringify(m.check.files.map((f: { errors: unknown[] }) => f.errors))}`);
      assert.equal(r.code, 0, r.out + r.err);
      const md = fs.readFileSync(path.join(out, 'MIGRATION.md'), 'utf8');
      for (const f of m.files) {
        for (const written of [f.output, ...f.generated]) {
          const lines = fs.readFileSync(path.join(out, written), 'utf8').split('\n');
          lines.forEach((l: string, i: number) => {
            if (l.includes('TODO(ascend-port)')) assert.ok(md.includes(`- ${written}:${i + 1}`), `${written}:${i + 1} is listed in MIGRATION.md`);
          });
        }
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
}
