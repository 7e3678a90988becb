/**
 * The build configuration: compile_commands.json parsing (real-shaped databases from
 * CMake with nvcc and from Bear), the merge order of settings, the project file and the
 * database, the project file's `defines:`/`includePaths:`/`compileCommands:`, and the
 * host's header reader (open documents first, size limit, symlink policy, bounded cache).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { definesOf, entryFor, parseCompileCommands, splitCommand } from '../../server/src/engine/compileCommands';
import { mergeBuildConfig, normalizeDefines } from '../../server/src/engine/buildConfig';
import { parseProjectConfig } from '../../server/src/engine';
import { buildSourceContext, findCompileCommands, HeaderReader } from '../../server/src/node/buildContext';
import { settingsFrom, withBuildFiles } from '../../server/src/lsp/settings';
import { engine } from '../helpers/engine';
import { assertSnapshot } from '../helpers/snapshot';

// What CMake 3.28 writes for a CUDA target built with nvcc (the `command` form, one shell string).
const CMAKE_NVCC = JSON.stringify([
  {
    directory: '/src/proj/build',
    command:
      '/usr/local/cuda/bin/nvcc -forward-unknown-to-host-compiler -DENABLE_BF16 -DTILE=64 -D"NAME=\\"a b\\"" -I/src/proj/include -I../third_party/cutlass/include -isystem /usr/local/cuda/include -O3 -std=c++17 "--generate-code=arch=compute_80,code=[compute_80,sm_80]" -x cu -c /src/proj/src/gelu.cu -o CMakeFiles/k.dir/src/gelu.cu.o',
    file: '/src/proj/src/gelu.cu',
    output: 'CMakeFiles/k.dir/src/gelu.cu.o',
  },
  {
    directory: '/src/proj/build',
    command: '/usr/bin/c++ -DHOST_ONLY -UENABLE_BF16 -I/src/proj/include -o main.o -c ../src/host/main.cpp',
    file: '../src/host/main.cpp',
  },
]);

// What Bear writes (the `arguments` form, relative file and include paths).
const BEAR = JSON.stringify([
  {
    arguments: ['/usr/bin/nvcc', '-c', '-DUSE_FP16=1', '-Iinclude', '-I', 'kernels/common', '--include-path=gen', '-include', 'config.h', 'kernels/softmax.cu'],
    directory: '/w/repo',
    file: 'kernels/softmax.cu',
  },
]);

test('compile_commands.json, CMake + nvcc (command form): defines, include paths resolved against directory, the entry for the file', () => {
  const db = parseCompileCommands(CMAKE_NVCC, '/src/proj/build');
  assert.deepEqual(db.problems, []);
  assert.equal(db.entries.length, 2);
  const gelu = entryFor(db, '/src/proj/src/gelu.cu')!;
  assert.deepEqual(definesOf(gelu), { ENABLE_BF16: '1', TILE: '64', NAME: '"a b"' });
  assert.deepEqual(gelu.includePaths, ['/src/proj/include', '/src/proj/third_party/cutlass/include', '/usr/local/cuda/include']);
  // The relative `file` resolves against `directory`.
  const host = entryFor(db, '/src/proj/src/host/main.cpp')!;
  assert.equal(host.file, '/src/proj/src/host/main.cpp');
  assert.deepEqual(definesOf(host), { HOST_ONLY: '1' });
});

test('compile_commands.json, Bear (arguments form): -I joined and separate, nvcc long flags, -include', () => {
  const db = parseCompileCommands(BEAR, '/w/repo');
  const e = entryFor(db, '/w/repo/kernels/softmax.cu')!;
  assert.deepEqual(definesOf(e), { USE_FP16: '1' });
  assert.deepEqual(e.includePaths, ['/w/repo/include', '/w/repo/kernels/common', '/w/repo/gen']);
  assert.deepEqual(e.forcedIncludes, ['/w/repo/config.h']);
});

test('a file without an entry takes the entry of a file in the same folder (as clangd infers), else the nearest', () => {
  const db = parseCompileCommands(CMAKE_NVCC, '/src/proj/build');
  // A header beside gelu.cu, and a new .cu file there: gelu.cu's flags.
  assert.equal(entryFor(db, '/src/proj/src/gelu_impl.cuh')?.file, '/src/proj/src/gelu.cu');
  assert.equal(entryFor(db, '/src/proj/src/host/util.h')?.file, '/src/proj/src/host/main.cpp');
  assert.equal(entryFor(parseCompileCommands('[]'), '/x.cu'), undefined);
});

test('-U after -D removes the define; later flags win', () => {
  const db = parseCompileCommands(JSON.stringify([{ directory: '/d', file: 'a.cu', arguments: ['nvcc', '-DX=1', '-DY', '-UX', '-DY=2', 'a.cu'] }]));
  assert.deepEqual(definesOf(db.entries[0]), { Y: '2' });
});

test('bad databases give problems, not throws', () => {
  assert.match(parseCompileCommands('{').problems[0]!, /not JSON/);
  assert.match(parseCompileCommands('{"a":1}').problems[0]!, /array/);
  const db = parseCompileCommands(JSON.stringify([null, { file: 'a.cu' }, { directory: '/d', file: 'b.cu', command: 'cc -DOK b.cu' }, { arguments: ['x'] }]));
  assert.equal(db.entries.length, 1);
  assert.equal(db.problems.length, 3);
});

test('shell splitting follows POSIX quoting', () => {
  assert.deepEqual(splitCommand(`cc -D'A=x y' -DB="q\\"r" C\\ D  'e'"f"`), ['cc', '-DA=x y', '-DB=q"r', 'C D', 'ef']);
});

test('merge order: settings (or CLI flags) over the project file over compile_commands.json; null undefines; include paths in that order, deduplicated', () => {
  const merged = mergeBuildConfig([
    { source: 'settings', defines: { TILE: '128', DEBUG: null }, includePaths: ['/a', '/b'] },
    { source: '.ascend-port.yaml', defines: { TILE: '32', ENABLE_BF16: '1' }, includePaths: ['/b', '/c'] },
    { source: 'compile_commands.json', defines: { TILE: '64', DEBUG: '1', NDEBUG: '1' }, includePaths: ['/d'] },
  ]);
  assert.deepEqual(merged.defines, { TILE: '128', ENABLE_BF16: '1', NDEBUG: '1' });
  assert.deepEqual(merged.includePaths, ['/a', '/b', '/c', '/d']);
});

test('defines as a user writes them: a map or a NAME=VALUE list; bad names are problems', () => {
  assert.deepEqual(normalizeDefines({ A: 1, B: 'x', C: true, D: null, E: false }).defines, { A: '1', B: 'x', C: '1', D: null, E: null });
  assert.deepEqual(normalizeDefines(['A', 'B=2', 'C=']).defines, { A: '1', B: '2', C: '' });
  assert.equal(normalizeDefines(['1X', 'ok']).problems.length, 1);
  assert.equal(normalizeDefines({ 'bad name': 1, ok: [1] }).problems.length, 2);
  assert.equal(normalizeDefines(7).problems.length, 1);
});

test('the project file takes defines, includePaths and compileCommands, with positioned problems', () => {
  const { config, problems } = parseProjectConfig('defines:\n  ENABLE_BF16: 1\n  OLD: null\nincludePaths: [include, ../shared]\ncompileCommands: build\n');
  assert.deepEqual(problems, []);
  assert.deepEqual(config.defines, { ENABLE_BF16: '1', OLD: null });
  assert.deepEqual(config.includePaths, ['include', '../shared']);
  assert.equal(config.compileCommands, 'build');
  assert.deepEqual(parseProjectConfig('defines: [A=1, B]\n').config.defines, { A: '1', B: '1' });
  const bad = parseProjectConfig('defines:\n  - 9bad\nincludePaths: nope\ncompileCommands: [1]\n').problems;
  assert.deepEqual(
    bad.map((p) => [p.range.start.line, p.message]),
    [
      [1, "defines: '9bad' is not NAME or NAME=VALUE"],
      [2, 'includePaths: includePaths must be a list of directories'],
      [3, "'compileCommands' must be the path of compile_commands.json or of its folder"],
    ],
  );
});

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ap-build-'));
}

test('the editor settings: relative paths against the workspace folder and the project folder; compile_commands.json found at the root or build/', () => {
  const root = tmpdir();
  fs.mkdirSync(path.join(root, 'build'));
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'build', 'compile_commands.json'), JSON.stringify([{ directory: path.join(root, 'build'), file: '../src/a.cu', arguments: ['nvcc', '-DFROM_DB=1', '-DTILE=64', '-I../db_inc', '../src/a.cu'] }]));
  const uri = `file://${path.join(root, 'src', 'b.cu')}`;
  const raw = { defines: { TILE: 256 }, includePaths: ['${workspaceFolder}/ws_inc', 'rel_inc'] };
  const project = { config: parseProjectConfig('defines: [PROJ, TILE=32]\nincludePaths: [proj_inc]\n').config, file: path.join(root, '.ascend-port.yaml') };
  const s = withBuildFiles(settingsFrom(raw), uri, raw, project, [root]);
  assert.deepEqual(s.problems, []);
  assert.equal(s.build.compileCommands, path.join(root, 'build', 'compile_commands.json'));
  const db = parseCompileCommands(fs.readFileSync(s.build.compileCommands!, 'utf8'), path.join(root, 'build'));
  const ctx = buildSourceContext({ file: path.join(root, 'src', 'b.cu'), layers: s.build.layers, database: db });
  assert.deepEqual(ctx.defines, { TILE: '256', PROJ: '1', FROM_DB: '1' });
  assert.deepEqual(ctx.includePaths, [path.join(root, 'ws_inc'), path.join(root, 'rel_inc'), path.join(root, 'proj_inc'), path.join(root, 'db_inc')]);
  assert.equal(ctx.path, path.join(root, 'src', 'b.cu'));
  // A configured path that does not exist is a settings problem.
  const missing = withBuildFiles(settingsFrom({ compileCommands: 'nowhere' }), uri, { compileCommands: 'nowhere' }, undefined, [root]);
  assert.match(missing.problems.join(), /no compile_commands.json at nowhere/);
  assert.equal(findCompileCommands('build', root, []), path.join(root, 'build', 'compile_commands.json'));
  fs.rmSync(root, { recursive: true, force: true });
});

test('the header reader: open documents first, then the disk (cached until invalidated), size limit, links out of the workspace refused', () => {
  const root = tmpdir();
  const outside = tmpdir();
  fs.writeFileSync(path.join(root, 'a.cuh'), '#define A 1\n');
  fs.writeFileSync(path.join(root, 'big.cuh'), 'x'.repeat(2000));
  fs.writeFileSync(path.join(outside, 'secret.h'), '#define SECRET 1\n');
  fs.symlinkSync(path.join(outside, 'secret.h'), path.join(root, 'link.h'));
  const open = new Map<string, string>();
  const reader = new HeaderReader({ overlay: (p) => open.get(p), roots: [root], maxFileBytes: 1000 });
  assert.equal(reader.readFile(path.join(root, 'a.cuh')), '#define A 1\n');
  fs.writeFileSync(path.join(root, 'a.cuh'), '#define A 2\n');
  assert.equal(reader.readFile(path.join(root, 'a.cuh')), '#define A 1\n', 'cached until the watcher says it changed');
  reader.invalidate(path.join(root, 'a.cuh'));
  assert.equal(reader.readFile(path.join(root, 'a.cuh')), '#define A 2\n');
  open.set(path.join(root, 'a.cuh'), '#define A 3\n');
  assert.equal(reader.readFile(path.join(root, 'a.cuh')), '#define A 3\n', 'unsaved editor text wins');
  assert.equal(reader.readFile(path.join(root, 'big.cuh')), undefined, 'over the size limit');
  assert.equal(reader.readFile(path.join(root, 'missing.h')), undefined);
  assert.equal(reader.readFile(path.join(root, 'link.h')), undefined, 'a link out of the workspace is not followed');
  const follow = new HeaderReader({ roots: [root], followSymlinks: true });
  assert.equal(follow.readFile(path.join(root, 'link.h')), '#define SECRET 1\n');
  // The cache is bounded by bytes: the oldest entries go first.
  const small = new HeaderReader({ maxCacheBytes: 50 });
  small.readFile(path.join(root, 'a.cuh'));
  fs.writeFileSync(path.join(root, 'a.cuh'), '#define A 4\n');
  small.readFile(path.join(outside, 'secret.h'));
  assert.equal(small.readFile(path.join(root, 'a.cuh')), '#define A 4\n', 'evicted, so read again');
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

test('fixture bf16-project: compile_commands.json with -D and -I, through the host context into the engine (snapshot)', async () => {
  const src = path.resolve(__dirname, '../fixtures/build/bf16-project');
  const dir = fs.realpathSync(tmpdir());
  fs.cpSync(src, dir, { recursive: true });
  fs.mkdirSync(path.join(dir, 'build'), { recursive: true });
  const file = path.join(dir, 'src', 'square.cu');
  const lines: string[] = [];
  for (const defines of [['-DENABLE_BF16'], []]) {
    fs.writeFileSync(path.join(dir, 'build', 'compile_commands.json'), JSON.stringify([{ directory: path.join(dir, 'build'), arguments: ['nvcc', '-I../include', ...defines, '-c', '../src/square.cu'], file: '../src/square.cu' }]));
    const db = parseCompileCommands(fs.readFileSync(path.join(dir, 'build', 'compile_commands.json'), 'utf8'), path.join(dir, 'build'));
    const reader = new HeaderReader({ roots: [dir] });
    const ctx = buildSourceContext({ file, layers: [], database: db, readFile: reader.read });
    const e = await engine();
    const doc = e.open(fs.readFileSync(file, 'utf8'), ctx);
    try {
      const r = e.analyze(doc, { target: { soc: 'Ascend910B3', cann: '8.x' } });
      lines.push(`## compile_commands.json: nvcc -I../include ${defines.join(' ')}`.trimEnd());
      lines.push(`defines: ${JSON.stringify(ctx.defines)}`);
      lines.push(`includes: ${JSON.stringify((r.includes ?? []).map((p) => path.relative(dir, p)))}`);
      lines.push(`inactive: ${JSON.stringify((r.inactive ?? []).map((x) => `${x.start.line + 1}-${x.end.line + 1}`))}`);
      for (const f of r.findings) lines.push(`${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code} ${f.message}`);
      lines.push('');
    } finally {
      doc.dispose();
    }
  }
  assertSnapshot(path.join(src, 'square.snap'), lines.join('\n'));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('compile_commands.json -include: the forced header is read before the document, so its macros decide #if', async () => {
  const src = path.resolve(__dirname, '../fixtures/build/bf16-project');
  const dir = fs.realpathSync(tmpdir());
  fs.cpSync(src, dir, { recursive: true });
  fs.mkdirSync(path.join(dir, 'build'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.h'), '#pragma once\n#define ENABLE_BF16 1\n');
  const file = path.join(dir, 'src', 'square.cu');
  const analyse = async (forced: string[]) => {
    const db = parseCompileCommands(JSON.stringify([{ directory: path.join(dir, 'build'), arguments: ['nvcc', '-I../include', ...forced, '-c', '../src/square.cu'], file: '../src/square.cu' }]), path.join(dir, 'build'));
    const ctx = buildSourceContext({ file, layers: [], database: db, readFile: new HeaderReader({ roots: [dir] }).read });
    const e = await engine();
    const doc = e.open(fs.readFileSync(file, 'utf8'), ctx);
    try {
      const r = e.analyze(doc, { target: { soc: 'Ascend910B3', cann: '8.x' } });
      return { ctx, includes: (r.includes ?? []).map((p) => path.relative(dir, p)), inactive: (r.inactive ?? []).map((x) => x.start.line + 1), codes: r.findings.map((f) => f.code) };
    } finally {
      doc.dispose();
    }
  };
  const forced = await analyse(['-include', '../config.h']);
  assert.deepEqual(forced.ctx.forcedIncludes, [path.join(dir, 'config.h')]);
  assert.deepEqual(forced.includes, ['config.h', 'include/types.cuh']);
  assert.deepEqual(forced.inactive, [12], 'the float-only kernel is compiled out');
  assert.ok(!forced.codes.includes('ASC251'), 'no shuffle finding from the inactive kernel');
  assert.ok(forced.codes.includes('ASC406'), 'bf16 arithmetic, through the typedef the forced macro chose');
  const plain = await analyse([]);
  assert.deepEqual(plain.inactive, []);
  assert.ok(plain.codes.includes('ASC251'));
  fs.rmSync(dir, { recursive: true, force: true });
});
