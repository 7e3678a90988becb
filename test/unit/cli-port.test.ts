/**
 * `ascend-port port`: writes the Ascend C file, reports complete vs skeleton per kernel,
 * applies fix-all with --fix, and fails with a usage error for an unknown kernel; and the
 * CLI survives a reader that closes the pipe early.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('port writes <stem>_ascend.cpp and its header and leaves the source alone; --replace-launches and --fix rewrite the host code', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-cli-port-'));
  try {
    const source = path.join(dir, 'vector_add.cu');
    fs.copyFileSync(path.join(ROOT, 'samples/vector_add.cu'), source);
    const original = fs.readFileSync(source, 'utf8');
    const plain = cli(['port', source]);
    assert.equal(plain.code, 0, plain.err);
    assert.equal(fs.readFileSync(source, 'utf8'), original, 'porting alone does not touch the CUDA source');
    const r = cli(['port', source, '--replace-launches', '--fix']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^vector_add: complete$/m);
    const ported = fs.readFileSync(path.join(dir, 'vector_add_ascend.cpp'), 'utf8');
    assert.match(ported, /extern "C" __global__ __aicore__ void vector_add\(GM_ADDR a, GM_ADDR b, GM_ADDR c, VectorAddTiling tiling\)/);
    assert.equal(ported.match(/extern "C" __global__/g)!.length, 1, 'porting again replaces the kernel block');
    const header = fs.readFileSync(path.join(dir, 'vector_add_ascend.h'), 'utf8');
    assert.match(header, /aclError LaunchVectorAdd\(const void\* a, const void\* b, void\* c, int n, aclrtStream stream\);/);
    const fixed = fs.readFileSync(source, 'utf8');
    assert.match(fixed, /aclrtMalloc\(\(void\*\*\)&d_a, bytes, ACL_MEM_MALLOC_HUGE_FIRST\)/);
    assert.match(fixed, /LaunchVectorAdd\(d_a, d_b, d_c, n, /);
    assert.match(fixed, /#include "vector_add_ascend\.h"/);
    assert.doesNotMatch(fixed, /cudaMalloc\(/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('port of a block reduction is complete (reduceAll), a histogram is a skeleton that names its blockers; CANN 9.x writes .asc; an unknown kernel is a usage error', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-cli-port-'));
  try {
    const r = cli(['port', path.join(ROOT, 'samples/block_reduce.cu'), '--out', dir, '--cann', '9.x']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^block_sum: complete$/m);
    assert.match(fs.readFileSync(path.join(dir, 'block_reduce_ascend.asc'), 'utf8'), /Complete port of a reduction \(reduceAll schedule\)[^]*AscendC::DisableDmaAtomic\(\);/);
    const h = cli(['port', path.join(ROOT, 'samples/histogram.cu'), '--out', dir, '--cann', '9.x']);
    assert.equal(h.code, 0, h.err);
    assert.match(h.out, /^histogram: skeleton \(.*blockers: .*ASC301/m);
    assert.match(fs.readFileSync(path.join(dir, 'histogram_ascend.asc'), 'utf8'), /NOT a complete port/);
    const bad = cli(['port', path.join(ROOT, 'samples/block_reduce.cu'), '--kernel', 'nope']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /no __global__ kernel named nope/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a reader that closes the pipe early does not crash the CLI', () => {
  const r = spawnSync('bash', ['-c', `node ${JSON.stringify(CLI)} scan ${JSON.stringify(path.join(ROOT, 'samples'))} --format sarif --fail-on none | head -c 10 >/dev/null; echo "status \${PIPESTATUS[0]}"`], { encoding: 'utf8' });
  assert.doesNotMatch(r.stderr, /EPIPE|Unhandled/);
  assert.match(r.stdout, /status 0/);
});
