/**
 * Issue #21, items 1, 5, 12 and 13: one admission path for every command that reads or
 * writes a file. The shapes are the ones that corrupted files or misled users: a GBK
 * source rewritten by `port --fix`, a Latin-1 byte that hid a file, a file over the size
 * limit read in full, a symlink planted at the port's output path, hand edits overwritten
 * by a second `port`, a symlinked source skipped without a word, `--out` stack traces.
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

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-admission-'));
}

const HOST = `#include <cuda_runtime.h>
__global__ void scale(float* x, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] = 2.0f * x[i];
}
void run(float* h, int n) {
  float* d;
  cudaMalloc(&d, n * sizeof(float));
  cudaMemcpy(d, h, n * sizeof(float), cudaMemcpyHostToDevice);
  scale<<<(n + 255) / 256, 256>>>(d, n);
  cudaFree(d);
}
`;

/** `// 缩放核函数` ("scaling kernel") encoded in GBK, as editors on Chinese Windows save it. */
const GBK_COMMENT = Buffer.from([0x2f, 0x2f, 0x20, 0xcb, 0xf5, 0xb7, 0xc5, 0xba, 0xcb, 0xba, 0xaf, 0xca, 0xfd, 0x0a]);

test('port --fix refuses to write back a GBK file (exit 2, bytes unchanged); scan analyses it read-only with a warning', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'gbk.cu');
    const bytes = Buffer.concat([GBK_COMMENT, Buffer.from(HOST)]);
    fs.writeFileSync(file, bytes);
    const r = cli(['port', file, '--fix']);
    assert.equal(r.code, 2, r.out + r.err);
    assert.match(r.err, /refusing --fix on .*gbk\.cu: it is not valid UTF-8/);
    assert.ok(fs.readFileSync(file).equals(bytes), 'the source is byte for byte what it was');
    const s = cli(['scan', file, '--format', 'json', '--fail-on', 'none']);
    assert.equal(s.code, 0, s.err);
    const json = JSON.parse(s.out) as { files: { findings: { code: string }[]; notices: { kind: string; reason: string }[] }[] };
    assert.deepEqual(json.files[0]!.notices.map((n) => [n.kind, n.reason]), [['read-only', 'invalid-utf8']]);
    assert.ok(json.files[0]!.findings.some((f) => f.code === 'ASC501'), 'cudaMalloc is still found');
    // Porting without --fix writes only the new file, with the warning.
    const p = cli(['port', file]);
    assert.equal(p.code, 0, p.err);
    assert.match(p.err, /warning: .*not valid UTF-8/);
    assert.ok(fs.readFileSync(file).equals(bytes));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a file with one Latin-1 byte in a comment is analysed, not skipped', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'latin1.cu');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from(`\n${HOST}`)]));
    const s = cli(['scan', file, '--format', 'json', '--fail-on', 'none']);
    const json = JSON.parse(s.out) as { files: { findings: { code: string }[] }[]; summary: { filesSkipped: number } };
    assert.equal(json.summary.filesSkipped, 0);
    assert.ok(json.files[0]!.findings.length > 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('port checks the size limit before reading, like scan', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'big.cu');
    fs.writeFileSync(file, HOST + `// ${'x'.repeat(200 * 1024)}\n`);
    const r = cli(['port', file, '--fix', '--max-file-size', '0.1']);
    assert.equal(r.code, 2);
    assert.match(r.err, /over the 102\.4 KB limit/);
    assert.ok(!fs.existsSync(path.join(dir, 'big_ascend.cpp')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('port never writes through a symlink at the output path', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'k.cu');
    fs.writeFileSync(file, HOST);
    const victim = path.join(dir, 'victim.txt');
    fs.writeFileSync(victim, 'precious\n');
    fs.symlinkSync(victim, path.join(dir, 'k_ascend.cpp'));
    const r = cli(['port', file]);
    assert.equal(r.code, 2, r.out);
    assert.match(r.err, /refusing to write .*k_ascend\.cpp: .*symbolic link/);
    assert.equal(fs.readFileSync(victim, 'utf8'), 'precious\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('port again keeps hand edits: only the kernel block is replaced, as in the editor', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'k.cu');
    fs.writeFileSync(file, HOST);
    assert.equal(cli(['port', file]).code, 0);
    const out = path.join(dir, 'k_ascend.cpp');
    const first = fs.readFileSync(out, 'utf8');
    fs.writeFileSync(out, `// my hand-written host wrapper\nint helper() { return 1; }\n${first}\n// tail note\n`);
    const r = cli(['port', file]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /updated .*k_ascend\.cpp \(1 replaced, 0 appended\)/);
    const again = fs.readFileSync(out, 'utf8');
    assert.ok(again.startsWith('// my hand-written host wrapper\nint helper() { return 1; }\n'), again.slice(0, 200));
    assert.ok(again.endsWith('\n// tail note\n'));
    assert.equal(again.split('__aicore__ void scale').length, first.split('__aicore__ void scale').length, 'the kernel is not duplicated');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('port --fix on a file without kernels still applies the safe fixes', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'host.cu');
    fs.writeFileSync(file, 'void f(float** d, int n) {\n  cudaFree(*d);\n}\n');
    const r = cli(['port', file, '--fix']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /no __global__ kernels to port/);
    assert.match(r.out, /applied [1-9]\d* safe fixes/);
    assert.match(fs.readFileSync(file, 'utf8'), /aclrtFree\(\*d\)/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a symlinked source in a scanned directory is reported, not skipped silently', () => {
  const dir = tempDir();
  try {
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'real.cu'), HOST);
    fs.symlinkSync(path.join(dir, 'real.cu'), path.join(dir, 'src', 'link.cu'));
    const s = cli(['scan', path.join(dir, 'src'), '--fail-on', 'none']);
    assert.equal(s.code, 0, s.err);
    assert.match(s.out, /link\.cu: note: skipped: .*link\.cu is a symbolic link/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--out into a missing directory is a one-line error, not a stack trace', () => {
  const dir = tempDir();
  try {
    fs.writeFileSync(path.join(dir, 'k.cu'), HOST);
    for (const args of [
      ['report', dir, '--out', path.join(dir, 'missing', 'r.md')],
      ['scan', dir, '--out', path.join(dir, 'missing', 'r.txt')],
      ['port', path.join(dir, 'k.cu'), '--out', path.join(dir, 'k.cu')],
    ]) {
      const r = cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.doesNotMatch(r.err, /\n\s+at /, r.err);
      assert.match(r.err, /^ascend-port: /);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
