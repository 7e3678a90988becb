/**
 * `ascend-port migrate --run` and `run-cpu`: the migrated program, built against the CPU models
 * of ACL and Ascend C, prints what the CUDA original prints under the CUDA CPU shim. Whole
 * programs of our own (test/fixtures/programs) always; public single-file sample programs
 * (NVIDIA cuda-samples' vectorAdd, OLCF's CUDA training series vector adds) when their
 * corpora are on the machine, else skipped with the reason. Refusals exit 2 with the reason;
 * a migrated program that computes something else exits 1 and says where.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { compareText } from '../../server/src/node/runCpu';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const PROGRAMS = path.join(ROOT, 'test/fixtures/programs');

function cli(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A source folder holding copies of `files`, and an output folder beside it. */
function project(files: string[]): { src: string; out: string; work: string } {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-run-'));
  const src = path.join(work, 'src');
  fs.mkdirSync(src);
  for (const f of files) fs.copyFileSync(f, path.join(src, path.basename(f)));
  return { src, out: path.join(work, 'out'), work };
}

test('migrate --run: a program with a stream, events, pinned memory, async copies and a result file runs the same once migrated', () => {
  const p = project([path.join(PROGRAMS, 'stream_saxpy.cu')]);
  try {
    // Timings are the one line that may differ: left out of the comparison on both sides.
    const r = cli(['migrate', p.src, '--out', p.out, '--run', '--ignore-line', '^kernel time:', '--', '4099']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /run-cpu stream_saxpy\.cpp \(CUDA original stream_saxpy\.cu\): same output \(2 lines ignored by --ignore-line\)/);
    const host = fs.readFileSync(path.join(p.out, 'stream_saxpy.cpp'), 'utf8');
    for (const api of ['aclrtCreateStream', 'aclrtCreateEvent', 'aclrtRecordEvent', 'aclrtMemcpyAsync', 'aclrtMallocHost', 'aclrtEventElapsedTime', 'LaunchSaxpy']) assert.match(host, new RegExp(`\\b${api}\\(`), api);
    assert.doesNotMatch(host, /\bcuda[A-Z]\w*\(|<<<|__global__/);
    // Without --ignore-line the timing line is a difference, and the exit code says so.
    const again = cli(['run-cpu', p.out, '--', '4099']);
    assert.equal(again.code, 1, again.out + again.err);
    assert.match(again.out, /standard output line 1: CUDA "kernel time: [\d.]+ ms", migrated "kernel time: [\d.]+ ms"/);
  } finally {
    fs.rmSync(p.work, { recursive: true, force: true });
  }
});

test('run-cpu: two kernels in a row and integer counts; a port edited to compute something else is caught', () => {
  const p = project([path.join(PROGRAMS, 'clamp_count.cu')]);
  try {
    const r = cli(['migrate', p.src, '--out', p.out, '--run']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /clamp_count\.cpp \(CUDA original clamp_count\.cu\): same output\n/);
    // Break the port of scale_by: multiply by s twice. The counts change, and run-cpu says which line differs.
    const kernel = path.join(p.out, 'clamp_count_ascend.cpp');
    const text = fs.readFileSync(kernel, 'utf8');
    const broken = text.replace(/AscendC::Muls\((\w+), (\w+), ([^;]+), (\w+)\);/, 'AscendC::Muls($1, $2, $3, $4);\n    AscendC::Muls($1, $1, $3, $4);');
    assert.notEqual(broken, text, 'the port of scale_by multiplies with Muls');
    fs.writeFileSync(kernel, broken);
    const bad = cli(['run-cpu', p.out]);
    assert.equal(bad.code, 1, bad.out + bad.err);
    assert.match(bad.out, /DIFFERENT\n {2}standard output line 1: CUDA "clamped low: \d+, high: \d+, out\[7\] = [-\d.e+]+", migrated "clamped low: 0, high: 0/);
  } finally {
    fs.rmSync(p.work, { recursive: true, force: true });
  }
});

test('run-cpu refuses, with exit 2, a program whose kernels are not all complete ports, and names them', () => {
  const p = project([path.join(PROGRAMS, 'clamp_branches.cu')]);
  try {
    const r = cli(['migrate', p.src, '--out', p.out, '--run']);
    assert.equal(r.code, 2, r.out + r.err);
    assert.match(r.out, /run-cpu: blocked: not run: 1 kernel is a skeleton, so the migrated program cannot compute what the CUDA does: clamp_to \(clamp_count|clamp_to \(clamp_branches\.cu: /);
  } finally {
    fs.rmSync(p.work, { recursive: true, force: true });
  }
});

test('migrate --run without a C++ compiler is refused with exit 2 before anything is written', () => {
  const p = project([path.join(PROGRAMS, 'clamp_count.cu')]);
  try {
    const env = { ...process.env, PATH: '/nonexistent', CXX: '/nonexistent/c++' };
    const r = cli(['migrate', p.src, '--out', p.out, '--run'], env);
    assert.equal(r.code, 2, r.out + r.err);
    assert.match(r.err, /refusing --run: no C\+\+17 compiler found/);
    assert.ok(!fs.existsSync(p.out), 'nothing was written');
    const usage = cli(['run-cpu', p.out], env);
    assert.equal(usage.code, 2);
  } finally {
    fs.rmSync(p.work, { recursive: true, force: true });
  }
});

test('run-cpu compares printed numbers within tolerance, everything else exactly', () => {
  const same = (a: string, b: string, ignore: RegExp[] = []) => compareText(a, b, { ignoreLines: ignore }).differences;
  assert.deepEqual(same('C[0] = 1.234571\n', 'C[0] = 1.234572\n'), []);
  assert.deepEqual(same('sum = 12.50\n', 'sum = 12.51\n'), [], 'one unit in the last printed digit');
  assert.equal(same('sum = 12.50\n', 'sum = 12.53\n').length, 1);
  assert.equal(same('count 3\n', 'count 4\n').length, 1, 'integers are exact');
  assert.equal(same('Test PASSED\n', 'Test FAILED\n').length, 1);
  assert.ok(same('a\nb\n', 'a\n').length >= 1);
  assert.deepEqual(same('nan inf -inf\n', 'nan inf -inf\n'), []);
  assert.deepEqual(same('time 3.1 ms\nok\n', 'time 9.0 ms\nok\n', [/^time/]), []);
});

/** Public single-file sample programs whose kernels all port completely (read from local corpora, never copied into the repository). */
const PUBLIC: { name: string; file: string; includes?: string[]; args?: string[] }[] = [
  { name: 'cuda-samples vectorAdd', file: '/tmp/pub/cs/Samples/0_Introduction/vectorAdd/vectorAdd.cu', includes: ['/tmp/pub/cs/Common'] },
  { name: 'OLCF cuda-training-series hw1 vector_add_solution', file: '/tmp/pub/olcf/exercises/hw1/vector_add_solution.cu' },
  { name: 'OLCF cuda-training-series hw3 vector_add_solution (grid-stride, 32 M elements)', file: '/tmp/pub/olcf/exercises/hw3/vector_add_solution.cu' },
];

for (const s of PUBLIC) {
  const missing = fs.existsSync(s.file) ? undefined : `${s.file} is not on this machine (public corpus; see docs/migrate.md)`;
  test(`migrate --run on a public program: ${s.name}`, { skip: missing ?? false }, () => {
    const p = project([s.file]);
    try {
      const r = cli(['migrate', p.src, '--out', p.out, '--run', ...(s.includes ?? []).flatMap((i) => ['-I', i])]);
      assert.equal(r.code, 0, r.out + r.err);
      assert.match(r.out, /: same output\n/);
      const m = JSON.parse(fs.readFileSync(path.join(p.out, 'migration.json'), 'utf8'));
      assert.equal(m.check.status, 'pass', JSON.stringify(m.check));
    } finally {
      fs.rmSync(p.work, { recursive: true, force: true });
    }
  });
}
