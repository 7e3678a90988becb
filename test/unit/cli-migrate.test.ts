/**
 * `ascend-port migrate`: a project into a new tree. The sources stay byte for byte as they
 * were; the new tree has the kernel files, the launch wrappers, the host code with the safe
 * fixes and wrapper calls, the build for the CANN version, and MIGRATION.md/migration.json
 * with what is left; refused cases write nothing and exit 2.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Every file below `dir` with the hash of its bytes. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-migrate-'));
}

test('migrate carries a project into a new tree and leaves the sources byte-identical', () => {
  const work = tmp();
  try {
    const src = path.join(work, 'proj');
    fs.cpSync(path.join(ROOT, 'samples'), src, { recursive: true });
    // A file the engine cannot rewrite byte for byte (Latin-1 comment) and a CMakeLists.txt to carry over.
    fs.writeFileSync(path.join(src, 'legacy.cu'), Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from('\n__global__ void k(float* x) { x[0] = 1.0f; }\n')]));
    fs.writeFileSync(path.join(src, 'CMakeLists.txt'), 'project(proj LANGUAGES CXX CUDA)\nadd_executable(vector_add vector_add.cu)\n');
    // An earlier port, hand-edited: carried over, kept beside the new port of the same name.
    const handPort = '// my finished port\nextern "C" __global__ __aicore__ void vector_add(GM_ADDR a) {}\n';
    fs.writeFileSync(path.join(src, 'vector_add_ascend.cpp'), handPort);
    const before = tree(src);
    const out = path.join(work, 'out');
    const r = cli(['migrate', src, '--out', out]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(tree(src), before, 'the source tree is unchanged');

    // Host code, now a .cpp file: the launch calls the wrapper, the runtime calls are ACL, the
    // kernel definition is gone and a comment says where it went; no CUDA qualifier is left.
    assert.ok(!fs.existsSync(path.join(out, 'vector_add.cu')));
    const host = fs.readFileSync(path.join(out, 'vector_add.cpp'), 'utf8');
    assert.match(host, /#include "vector_add_ascend\.h"/);
    assert.match(host, /LaunchVectorAdd\(d_a, d_b, d_c, n, /);
    assert.match(host, /aclrtMalloc\(\(void\*\*\)&d_a, bytes, ACL_MEM_MALLOC_HUGE_FIRST\)/);
    assert.doesNotMatch(host, /\bcudaMalloc\(|<<</);
    assert.match(host, /^\/\/ `vector_add` \(line \d+ of the CUDA source\) is ported completely to vector_add_ascend\.cpp; its launches call the wrapper declared in vector_add_ascend\.h\.$/m);
    assert.doesNotMatch(host, /__global__|__device__|threadIdx/);
    assert.match(fs.readFileSync(path.join(out, 'vector_add_ascend.cpp'), 'utf8'), /extern "C" __global__ __aicore__ void vector_add\(/);
    assert.match(fs.readFileSync(path.join(out, 'vector_add_ascend.h'), 'utf8'), /aclError LaunchVectorAdd\(/);
    // A skeleton says what is missing, in the kernel file and beside the CUDA definition.
    const histHost = fs.readFileSync(path.join(out, 'histogram.cpp'), 'utf8');
    assert.match(histHost, /\/\/ TODO\(ascend-port\): `histogram` \(line \d+ of the CUDA source\) is only a skeleton in histogram_ascend\.cpp: /);
    // Its launch stays, marked: the skeleton has no wrapper to call yet.
    assert.match(histHost, /<<<.*\/\/ TODO\(ascend-port\): launch of the skeleton `histogram`/);
    assert.match(fs.readFileSync(path.join(out, 'histogram_ascend.cpp'), 'utf8'), /TODO\(ascend-port\)/);
    // The file that is not UTF-8 is carried over byte for byte, and said so.
    assert.deepEqual(fs.readFileSync(path.join(out, 'legacy.cu')), fs.readFileSync(path.join(src, 'legacy.cu')));

    const m = JSON.parse(fs.readFileSync(path.join(out, 'migration.json'), 'utf8'));
    assert.deepEqual(m.target, { soc: 'Ascend910B3', cann: '8.x' });
    const legacy = m.files.find((f: { source: string }) => f.source === 'legacy.cu');
    assert.equal(legacy.status, 'copied');
    assert.match(legacy.note, /not valid UTF-8/);
    const kernels = m.files.flatMap((f: { kernels: { name: string; kind: string }[] }) => f.kernels);
    assert.deepEqual(kernels.filter((k: { kind: string }) => k.kind === 'complete').map((k: { name: string }) => k.name).sort(), ['block_sum', 'clamp01', 'saxpy', 'sgemm_tiled', 'vector_add']);
    const va = m.files.find((f: { source: string }) => f.source === 'vector_add.cu');
    assert.equal(va.launchesReplaced, 1);
    assert.ok(va.fixesApplied >= 10, `${va.fixesApplied} fixes`);
    // What is left is located in the new tree: the same codes on the same lines as a scan of the new file.
    const hist = m.files.find((f: { source: string }) => f.source === 'histogram.cu');
    assert.ok(hist.remaining.length > 0);
    const scanned = JSON.parse(cli(['scan', path.join(out, 'histogram.cpp'), '--format', 'json', '--fail-on', 'none']).out);
    const at = (list: { code: string; line: number }[]) => list.map((x) => `${x.code}:${x.line}`).sort();
    assert.deepEqual(at(hist.remaining), at(scanned.files[0].findings.map((f: { code: string; range: { start: { line: number } } }) => ({ code: f.code, line: f.range.start.line + 1 }))));
    assert.equal(fs.readFileSync(path.join(out, 'vector_add_ascend.previous.cpp'), 'utf8'), handPort);
    const previous = m.files.find((f: { source: string }) => f.source === 'vector_add_ascend.cpp');
    assert.match(previous.note, /kept as vector_add_ascend\.previous\.cpp/);
    const md = fs.readFileSync(path.join(out, 'MIGRATION.md'), 'utf8');
    assert.match(md, /5 of 8 kernels ported completely/);
    assert.match(md, /\| `histogram` \| histogram\.cu \| histogram_ascend\.cpp \| skeleton: /);
    assert.match(md, /### legacy\.cu\n\nCopied unchanged: not valid UTF-8/);
    // Every TODO line of the new tree is listed, with its file and line.
    const todos = m.files.flatMap((f: { todos: { file: string; line: number; text: string }[] }) => f.todos);
    for (const f of ['histogram.cpp', 'histogram_ascend.cpp']) {
      const lines = fs.readFileSync(path.join(out, f), 'utf8').split('\n').flatMap((l, i) => (l.includes('TODO(ascend-port)') ? [i + 1] : []));
      assert.ok(lines.length > 0, f);
      assert.deepEqual(todos.filter((t: { file: string }) => t.file === f).map((t: { line: number }) => t.line), lines, f);
      for (const line of lines) assert.ok(md.includes(`- ${f}:${line}`), `${f}:${line} is listed in MIGRATION.md`);
    }

    // The build, structurally: SOC_VERSION, CANN's ascendc.cmake, every kernel file in the
    // library, one program per host file with main(), ACL linked, the original carried as comments.
    const cmake = fs.readFileSync(path.join(out, 'CMakeLists.txt'), 'utf8');
    assert.match(cmake, /written for CANN 8\.x/);
    assert.match(cmake, /kernel-invocation samples/);
    assert.match(cmake, /^set\(SOC_VERSION "Ascend910B3" CACHE STRING/m);
    assert.match(cmake, /^include\(\$\{ASCENDC_CMAKE_DIR\}\/ascendc\.cmake\)$/m);
    const library = /^ascendc_library\(ascend_port_kernels STATIC\n((?: {2}\S+\n)+)\)$/m.exec(cmake);
    assert.ok(library, cmake);
    assert.deepEqual(library[1]!.trim().split(/\s+/).sort(), m.files.flatMap((f: { generated: string[] }) => f.generated).filter((g: string) => g.endsWith('.cpp')).sort());
    assert.match(cmake, /^add_executable\(vector_add vector_add\.cpp\)$/m);
    assert.match(cmake, /^target_link_libraries\(vector_add PRIVATE ascend_port_kernels ascendcl\)$/m);
    assert.match(cmake, /^#   add_executable\(vector_add vector_add\.cu\)$/m);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('migrate --verify runs each complete port as written into the new tree against the CUDA original', () => {
  const work = tmp();
  try {
    const out = path.join(work, 'out');
    const r = cli(['migrate', path.join(ROOT, 'samples/vector_add.cu'), '--out', out, '--verify']);
    assert.equal(r.code, 0, r.err + r.out);
    assert.match(r.out, /1 of 1 kernels ported completely \(1 verified, 0 failed, 0 not run\)/);
    const m = JSON.parse(fs.readFileSync(path.join(out, 'migration.json'), 'utf8'));
    assert.equal(m.files[0].kernels[0].verified, 'pass');
    assert.match(fs.readFileSync(path.join(out, 'MIGRATION.md'), 'utf8'), /\| `vector_add` \| vector_add\.cu \| vector_add_ascend\.cpp \| complete, verify: pass \|/);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('migrate for CANN 9.x writes .asc kernel files and a bisheng build', () => {
  const work = tmp();
  try {
    const out = path.join(work, 'out');
    const r = cli(['migrate', path.join(ROOT, 'samples/vector_add.cu'), '--out', out, '--cann', '9.x']);
    assert.equal(r.code, 0, r.err);
    assert.ok(fs.existsSync(path.join(out, 'vector_add_ascend.asc')));
    const build = fs.readFileSync(path.join(out, 'build.sh'), 'utf8');
    assert.match(build, /written for CANN 9\.x/);
    assert.match(build, /^ARCH=dav-2201$/m);
    assert.match(build, /^bisheng vector_add_ascend\.asc .*--npu-arch=\$ARCH/m);
    assert.ok(!fs.existsSync(path.join(out, 'CMakeLists.txt')));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('migrate refuses, with exit 2 and nothing written, to write into the sources or over a non-empty folder', () => {
  const work = tmp();
  try {
    const src = path.join(work, 'proj');
    fs.cpSync(path.join(ROOT, 'samples'), src, { recursive: true });
    const before = tree(src);
    const into = cli(['migrate', src, '--out', path.join(src, 'ascend')]);
    assert.equal(into.code, 2);
    assert.match(into.err, /inside the source folder/);
    assert.ok(!fs.existsSync(path.join(src, 'ascend')));
    assert.deepEqual(tree(src), before);

    const busy = path.join(work, 'busy');
    fs.mkdirSync(busy);
    fs.writeFileSync(path.join(busy, 'keep.txt'), 'mine\n');
    const r = cli(['migrate', src, '--out', busy]);
    assert.equal(r.code, 2);
    assert.match(r.err, /it is not empty \(add --force/);
    assert.deepEqual(fs.readdirSync(busy), ['keep.txt']);
    const forced = cli(['migrate', src, '--out', busy, '--force']);
    assert.equal(forced.code, 0, forced.err);
    assert.equal(fs.readFileSync(path.join(busy, 'keep.txt'), 'utf8'), 'mine\n');
    assert.ok(fs.existsSync(path.join(busy, 'MIGRATION.md')));

    const usage = cli(['migrate', src]);
    assert.equal(usage.code, 2);
    assert.match(usage.err, /migrate needs --out <dir>/);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test("migrate takes the target from the project file (or --config), and --jobs", () => {
  const work = tmp();
  try {
    const src = path.join(work, 'proj');
    fs.mkdirSync(src);
    fs.copyFileSync(path.join(ROOT, 'samples/vector_add.cu'), path.join(src, 'vector_add.cu'));
    fs.writeFileSync(path.join(src, '.ascend-port.yaml'), 'target:\n  soc: Ascend310P3\n');
    const out = path.join(work, 'out');
    const r = cli(['migrate', src, '--out', out, '--jobs', '1']);
    assert.equal(r.code, 0, r.err + r.out);
    assert.equal(JSON.parse(fs.readFileSync(path.join(out, 'migration.json'), 'utf8')).target.soc, 'Ascend310P3');
    // --config names another project file; the flag --target wins over both.
    const other = path.join(work, 'other.yaml');
    fs.writeFileSync(other, 'target:\n  soc: Ascend910B4\n');
    assert.equal(cli(['migrate', src, '--out', out, '--force', '--config', other]).code, 0);
    assert.equal(JSON.parse(fs.readFileSync(path.join(out, 'migration.json'), 'utf8')).target.soc, 'Ascend910B4');
    assert.equal(cli(['migrate', src, '--out', out, '--force', '--config', other, '--target', 'Ascend910B2']).code, 0);
    assert.equal(JSON.parse(fs.readFileSync(path.join(out, 'migration.json'), 'utf8')).target.soc, 'Ascend910B2');
    const bad = cli(['migrate', src, '--out', out, '--force', '--jobs', '0']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--jobs needs a whole number of at least 1/);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('migrate marks a launch through a launch wrapper of a complete kernel with a TODO: it is not rewritten and names a kernel the host file no longer has', () => {
  const src = tmp();
  const out = path.join(tmp(), 'out');
  fs.copyFileSync(path.join(ROOT, 'test/fixtures/port/launch_wrappers.cu'), path.join(src, 'launch_wrappers.cu'));
  const r = cli(['migrate', src, '--out', out]);
  assert.equal(r.code, 0, r.err);
  const host = fs.readFileSync(path.join(out, 'launch_wrappers.cpp'), 'utf8').split('\n');
  const line = (needle: string) => host.find((l) => l.includes(needle)) ?? '';
  assert.match(line('ggml_cuda_kernel_launch(scale_wrapped<T>'), /TODO\(ascend-port\): launch of `scale_wrapped` through a launch wrapper: call the port's launch wrapper declared in launch_wrappers_ascend\.h/);
  assert.match(line('cudaLaunchKernel((const void*)add_one'), /TODO\(ascend-port\): launch of `add_one` through a launch wrapper/);
  // A skeleton's wrapper launch gets the skeleton's TODO.
  assert.match(line('ggml_cuda_kernel_launch(row_sum_wrapped'), /TODO\(ascend-port\): launch of the skeleton `row_sum_wrapped`/);
});
