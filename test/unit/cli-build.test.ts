/**
 * The CLI's build configuration: -D/-U/-I, --compile-commands and the project file's
 * defines:/includePaths: reach the analysis of scan, report and port the same way; every
 * file of a run reads the same headers.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

function cli(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempTree(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-cli-build-')));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

// The shuffle (ASC251) is only in the build when FAST is on; the header says whether.
const KERNEL = `#include "opts.cuh"
__global__ void k(float* p) {
#if FAST
  p[threadIdx.x] = __shfl_down_sync(0xffffffff, p[threadIdx.x], 1);
#endif
}
`;
const HEADER = '#pragma once\n#ifndef FAST\n#define FAST 0\n#endif\n';

const codes = (stdout: string) => [...stdout.matchAll(/ (ASC\d{3}) /g)].map((m) => m[1]);

test('scan: -D chooses the branch; -U and the header default turn it off; -I finds the header', () => {
  const dir = tempTree({ 'src/a.cu': KERNEL, 'inc/opts.cuh': HEADER });
  const file = path.join(dir, 'src/a.cu');
  const scan = (...flags: string[]) => codes(cli(['scan', file, '--no-progress', '--fail-on', 'none', ...flags]).stdout);
  // Without -I the header is not found: FAST is unknown and, with no #else, the first branch is taken.
  assert.deepEqual(scan(), ['ASC251']);
  // The header (found through -I) defaults FAST to 0.
  assert.deepEqual(scan('-I', path.join(dir, 'inc')), []);
  assert.deepEqual(scan('-I', path.join(dir, 'inc'), '-DFAST=1'), ['ASC251']);
  assert.deepEqual(scan(`-I${path.join(dir, 'inc')}`, '-D', 'FAST'), ['ASC251']);
  assert.deepEqual(scan('-I', path.join(dir, 'inc'), '-DFAST', '-UFAST'), []);
  const bad = cli(['scan', file, '-D', '1X']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /-D takes NAME or NAME=VALUE/);
});

test('scan and report: --compile-commands (file or folder) gives each file its entry; the project file layers over it; flags over both', () => {
  const dir = tempTree({
    'src/a.cu': KERNEL,
    'inc/opts.cuh': HEADER,
    'build/compile_commands.json': '',
  });
  fs.writeFileSync(
    path.join(dir, 'build/compile_commands.json'),
    JSON.stringify([{ directory: path.join(dir, 'build'), command: 'nvcc -I../inc -DFAST=1 -c ../src/a.cu -o a.o', file: '../src/a.cu' }]),
  );
  const file = path.join(dir, 'src/a.cu');
  for (const db of [path.join(dir, 'build'), path.join(dir, 'build/compile_commands.json')]) {
    assert.deepEqual(codes(cli(['scan', file, '--no-progress', '--fail-on', 'none', '--compile-commands', db]).stdout), ['ASC251'], db);
  }
  // Found without the flag in build/ under the current folder.
  assert.deepEqual(codes(cli(['scan', 'src/a.cu', '--no-progress', '--fail-on', 'none'], dir).stdout), ['ASC251']);
  // The project file's defines win over the database; a flag wins over the project file.
  fs.writeFileSync(path.join(dir, '.ascend-port.yaml'), 'defines:\n  FAST: 0\ncompileCommands: build\n');
  assert.deepEqual(codes(cli(['scan', file, '--no-progress', '--fail-on', 'none']).stdout), []);
  assert.deepEqual(codes(cli(['scan', file, '--no-progress', '--fail-on', 'none', '-DFAST=1']).stdout), ['ASC251']);
  const report = cli(['report', file, '--format', 'json', '-DFAST=1']);
  assert.equal(report.code, 0, report.stderr);
  assert.match(report.stdout, /"ASC251"/);
  assert.doesNotMatch(cli(['report', file, '--format', 'json']).stdout, /"ASC251"/);
  const missing = cli(['scan', file, '--compile-commands', path.join(dir, 'nowhere')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no compile_commands.json/);
});

test('port and scan: the element type comes from a typedef in an included header, chosen by -D', () => {
  const dir = tempTree({
    'k.cu': `#include "types.cuh"\n__global__ void scale(const real_t* x, real_t* y, int n) {\n  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  if (i < n) y[i] = x[i] * (real_t)2.0f;\n}\n`,
    'types.cuh': '#pragma once\n#include <cuda_bf16.h>\n#ifdef ENABLE_BF16\ntypedef __nv_bfloat16 real_t;\n#else\ntypedef float real_t;\n#endif\n',
  });
  const k = path.join(dir, 'k.cu');
  const float = cli(['port', k]);
  assert.equal(float.code, 0, float.stderr);
  assert.match(float.stdout, /^scale: complete/m);
  assert.doesNotMatch(fs.readFileSync(path.join(dir, 'k_ascend.cpp'), 'utf8'), /bfloat16/);
  const bf16 = cli(['port', k, '-DENABLE_BF16']);
  assert.equal(bf16.code, 0, bf16.stderr);
  assert.match(fs.readFileSync(path.join(dir, 'k_ascend.cpp'), 'utf8'), /bfloat16/, 'the bf16 branch reached the port');
  assert.deepEqual(codes(cli(['scan', k, '--no-progress', '--fail-on', 'none']).stdout), []);
  assert.ok(codes(cli(['scan', k, '--no-progress', '--fail-on', 'none', '-DENABLE_BF16']).stdout).includes('ASC406'), 'bf16 arithmetic through the typedef is flagged');
});

test('verify: -I reaches both the analysis (the typedef resolves, the port is complete) and the CUDA side compile', () => {
  const dir = tempTree({
    'k.cu': `#include "types.cuh"\n__global__ void scale(const real_t* x, real_t* y, int n) {\n  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  if (i < n) y[i] = x[i] * (real_t)2.0f;\n}\n`,
    'inc/types.cuh': '#pragma once\ntypedef float real_t;\n',
  });
  const k = path.join(dir, 'k.cu');
  const without = cli(['verify', k, '--sizes', '1,1003']);
  assert.equal(without.code, 2, 'without the header real_t is unknown: a skeleton, not verified');
  const r = cli(['verify', k, '--sizes', '1,1003', '-I', path.join(dir, 'inc')]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /verify: pass/);
});
