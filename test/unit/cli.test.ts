/**
 * The CLI as users run it: the bundled dist/cli.js in a child process.
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
  // spawnSync keeps 1 MB of output by default and cuts the rest: a scan of the fixtures prints more.
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  assert.equal(r.error, undefined, `the CLI ran to its end: ${String(r.error)}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempTree(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-cli-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

const KERNEL = '__global__ void k(float* p) {\n  __syncthreads();\n  p[0] = __shfl_down_sync(0xffffffff, p[0], 1);\n}\n';

test('scan prints file:line:col code message and exits 1 on errors', () => {
  assert.ok(fs.existsSync(CLI), 'run npm run build first');
  const dir = tempTree({ 'a.cu': KERNEL });
  const r = cli(['scan', dir, '--no-progress']);
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 2);
  assert.equal(lines[0], `${path.join(dir, 'a.cu')}:2:3 ASC201 warning: \`__syncthreads\` has no direct equivalent on Ascend910B3: one AI Core runs one instruction stream; order copy and compute pipes with TQue EnQue/DeQue or SetFlag/WaitFlag`);
  assert.match(lines[1]!, /a\.cu:3:10 ASC251 error: /);
});

test('--fail-on and --target change the exit code', () => {
  const dir = tempTree({ 'a.cu': KERNEL });
  assert.equal(cli(['scan', dir, '--target', 'Ascend950', '--cann', '9.x']).code, 0, 'only information on 950');
  assert.equal(cli(['scan', dir, '--target', 'Ascend950', '--fail-on', 'information']).code, 1);
  assert.equal(cli(['scan', dir, '--fail-on', 'none']).code, 0);
  const clean = tempTree({ 'ok.cu': 'int add(int a, int b) { return a + b; }\n' });
  const r = cli(['scan', clean]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '');
});

test('usage and I/O errors exit 2', () => {
  assert.equal(cli(['scan']).code, 2);
  assert.equal(cli(['scan', '.', '--format', 'xml']).code, 2);
  assert.equal(cli(['scan', '.', '--target', 'Ascend123']).code, 2);
  assert.equal(cli(['frobnicate']).code, 2);
  const r = cli(['scan', '/definitely/not/here.cu']);
  assert.equal(r.code, 2);
  assert.match(r.stdout, /not\/here\.cu: error: no such file or directory/);
});

test('directories skip node_modules and .gitignore build dirs; binary files are reported, Latin-1 files analysed read-only, not fatal', () => {
  const dir = tempTree({
    '.gitignore': 'build/\n*.gen.cu\n',
    'src/k.cu': KERNEL,
    'src/skip.gen.cu': KERNEL,
    'build/k.cu': KERNEL,
    'node_modules/x/k.cu': KERNEL,
    'src/blob.cu': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]),
    'src/latin1.cu': Buffer.from([0x2f, 0x2f, 0x20, 0xe9, 0x0a]),
  });
  const r = cli(['scan', dir, '--format', 'json']);
  assert.equal(r.code, 1);
  const report = JSON.parse(r.stdout) as { files: { path: string; notices: { reason: string }[] }[]; summary: { filesScanned: number; filesSkipped: number } };
  assert.deepEqual(report.files.map((f) => path.relative(dir, f.path)).sort(), ['src/blob.cu', 'src/k.cu', 'src/latin1.cu']);
  assert.deepEqual(report.files.flatMap((f) => f.notices.map((n) => n.reason)).sort(), ['binary', 'invalid-utf8']);
  // Issue #21 item 13: a Latin-1 byte in a comment no longer hides the file; it is analysed with a read-only notice.
  assert.equal(report.summary.filesScanned, 2);
  assert.equal(report.summary.filesSkipped, 1);
});

test('SARIF output is SARIF 2.1.0 with rules and UTF-16 regions', () => {
  const dir = tempTree({ 'a.cu': `// 😀\n${KERNEL}` });
  const r = cli(['scan', dir, '--format', 'sarif']);
  const sarif = JSON.parse(r.stdout) as {
    version: string;
    runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[] }[] }[];
  };
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0]!;
  assert.ok(run.tool.driver.rules.some((x) => x.id === 'ASC251'));
  const shfl = run.results.find((x) => x.ruleId === 'ASC251')!;
  assert.equal(shfl.level, 'error');
  assert.deepEqual(shfl.locations[0]!.physicalLocation.region.startLine, 4);
  assert.deepEqual(shfl.locations[0]!.physicalLocation.region.startColumn, 10);
});

test('rules and explain', () => {
  const r = cli(['rules', '--target', 'Ascend950']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^ASC251 {2}warp-shuffle .* information /m);
  const e = cli(['explain', 'ASC251']);
  assert.equal(e.code, 0);
  assert.match(e.stdout, /## Why is this a problem on Ascend/);
  assert.equal(cli(['explain', 'ASC999']).code, 2);
});

test('the nearest .ascend-port.yaml sets target and severities; flags win; an invalid one is a usage error', () => {
  const dir = tempTree({ '.ascend-port.yaml': 'target:\n  soc: Ascend950\nrules:\n  ASC201: error\n', 'src/a.cu': KERNEL });
  const r = cli(['scan', path.join(dir, 'src'), '--format', 'json']);
  const report = JSON.parse(r.stdout) as { target: { soc: string }; files: { findings: { code: string; severity: string }[] }[] };
  assert.equal(report.target.soc, 'Ascend950');
  assert.deepEqual(report.files[0]!.findings.map((f) => [f.code, f.severity]), [['ASC201', 'error'], ['ASC251', 'information']]);
  assert.equal(r.code, 1, 'the overridden error fails the run');
  const flagged = JSON.parse(cli(['scan', path.join(dir, 'src'), '--format', 'json', '--target', 'Ascend910B3']).stdout) as { target: { soc: string } };
  assert.equal(flagged.target.soc, 'Ascend910B3');
  const bad = tempTree({ '.ascend-port.yaml': 'rules:\n  ASC999: off\n', 'a.cu': KERNEL });
  const b = cli(['scan', bad]);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /\.ascend-port\.yaml:2:3: unknown rule 'ASC999'/);
});

test('a parallel scan prints exactly what a serial scan prints, in every format', () => {
  // Samples and fixtures: real CUDA, binary and invalid files, headers, project files. With
  // --jobs 3 the files are spread over three worker threads and come back in any order.
  // A copy, so that the file set cannot change between the two scans.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-jobs-'));
  fs.cpSync(path.join(ROOT, 'samples'), path.join(dir, 'samples'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'test/fixtures'), path.join(dir, 'fixtures'), { recursive: true });
  const paths = ['samples', 'fixtures'];
  for (const format of ['text', 'json', 'sarif']) {
    const serial = cli(['scan', ...paths, '--format', format, '--fail-on', 'none', '--no-progress', '--jobs', '1'], dir);
    const parallel = cli(['scan', ...paths, '--format', format, '--fail-on', 'none', '--no-progress', '--jobs', '3'], dir);
    assert.equal(serial.code, parallel.code, `${format}: exit codes`);
    assert.ok(serial.stdout.length > 10_000, `${format}: the scan found things`);
    assert.equal(parallel.stdout, serial.stdout, `${format}: stdout`);
    assert.equal(parallel.stderr, serial.stderr, `${format}: stderr`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('scan writes its JSON file by file, and it is exactly what JSON.stringify(…, null, 2) writes; --out gets the same bytes', () => {
  // The files' entries are written one by one (through a temporary file, after the summary):
  // a round trip through JSON.parse must give back the same text, with files and with none.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-json-'));
  fs.cpSync(path.join(ROOT, 'samples'), path.join(dir, 'samples'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'empty'));
  fs.writeFileSync(path.join(dir, 'empty', 'notes.txt'), 'not CUDA');
  // The CLI's own temporary directory, to see that it leaves nothing there.
  const tmp = path.join(dir, 'tmp');
  fs.mkdirSync(tmp);
  const scan = (args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, 'scan', ...args, '--format', 'json', '--fail-on', 'none', '--no-progress'], { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, TMPDIR: tmp } });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  try {
    for (const paths of [['samples'], ['empty']]) {
      const text = scan(paths);
      const parsed = JSON.parse(text) as { files: unknown[] };
      assert.equal(text, `${JSON.stringify(parsed, null, 2)}\n`, `${paths}: the JSON is JSON.stringify's`);
      assert.equal(parsed.files.length > 0, paths[0] === 'samples');
      const out = path.join(dir, 'out.json');
      assert.equal(scan([...paths, '--out', out]), '');
      assert.equal(fs.readFileSync(out, 'utf8'), text, `${paths}: --out`);
    }
    // An --out the CLI cannot write: a usage error naming it, not a crash.
    const bad = spawnSync(process.execPath, [CLI, 'scan', 'samples', '--format', 'json', '--no-progress', '--out', path.join(dir, 'missing', 'out.json')], { cwd: dir, encoding: 'utf8', env: { ...process.env, TMPDIR: tmp } });
    assert.equal(bad.status, 2, bad.stderr);
    assert.match(bad.stderr, /^ascend-port: cannot write .*missing\/out\.json: ENOENT/);
    assert.deepEqual(fs.readdirSync(tmp), [], 'no temporary file is left behind');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--jobs takes a positive whole number', () => {
  for (const bad of ['0', '-2', '1.5', 'all']) {
    const r = cli(['scan', 'samples', '--jobs', bad]);
    assert.equal(r.code, 2, bad);
    assert.match(r.stderr, /--jobs takes a positive whole number|--jobs needs a value/);
  }
});
