/**
 * The porting cost report on a fixture workspace whose numbers are worked out by hand
 * below; the CLI and the engine give byte-identical JSON; SARIF validates against the
 * SARIF 2.1.0 schema; CSV is RFC 4180 and safe in spreadsheets; the cost model reads from
 * the project file.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, test } from 'node:test';
import Ajv from 'ajv';
import { Engine, normalizeCostModel, parseProjectConfig, reportCsv, reportJson, reportSarif, csvCell, type Report } from '../../server/src/engine';
import { collectFiles } from '../../server/src/cli/walk';

const ROOT = path.resolve(__dirname, '../..');
const WS = 'test/fixtures/report-workspace';
const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
const TARGET = { soc: 'Ascend910B3', cann: '8.x' } as const;
let engine: Engine;
let report: Report;

/** The official SARIF 2.1.0 schema (draft-04 JSON Schema), compiled with ajv 6. */
function sarifValidator() {
  const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, schemaId: 'auto' } as never);
  ajv.addMetaSchema(JSON.parse(fs.readFileSync(require.resolve('ajv/lib/refs/json-schema-draft-04.json'), 'utf8')));
  return ajv.compile(schema);
}

function filesOf(paths: string[]) {
  return collectFiles(paths).files.map((p) => ({ path: p, bytes: fs.readFileSync(path.resolve(ROOT, p)) }));
}

before(async () => {
  engine = await Engine.create();
  process.chdir(ROOT);
  report = engine.report(filesOf([WS]), { target: TARGET, version: VERSION });
});

test('the fixture workspace, by hand (default cost model)', () => {
  const s = report.summary;
  // add.cu, host.cu, reduce.cu analysed; binary.cu skipped (NUL bytes).
  assert.deepEqual(s.files, { scanned: 3, skipped: 1, lines: report.files.reduce((n, f) => n + f.lines, 0) });
  assert.deepEqual(report.skipped.map((x) => [path.basename(x.path), x.reason]), [['binary.cu', 'binary']]);
  // host.cu: ASC527 include, ASC501 cudaMalloc, ASC502 cudaMemcpy, ASC503 cudaFree, all low with safe fixes.
  // reduce.cu: ASC101 shared (medium), ASC251 shuffle (high), ASC201 barrier (medium), ASC301 atomicAdd (medium), none fixable.
  assert.equal(s.findings, 8);
  assert.deepEqual(s.bySeverity, { error: 1, warning: 3, information: 4, hint: 0 });
  assert.deepEqual(s.byEffort, { low: 4, medium: 3, high: 1 });
  assert.deepEqual(s.fixable, { safe: 4, unsafe: 0, manual: 4 });
  // Kernels: add (elementwise → complete), reduce (skeleton); none Cube-eligible.
  assert.deepEqual(s.kernels, { total: 2, complete: 1, skeleton: 1, cubeEligible: 0, scalarHeavy: 0 });
  assert.deepEqual(s.shares, { autoFixable: 0.5, safeFix: 0.5, unsafeFix: 0, completePorts: 0.5, cubeEligible: 0 });
  // Hours: host 4 × [0.05, 0.1] = [0.2, 0.4]; reduce findings [1,3]·3 + [4,12] = [7, 21] plus the skeleton [2, 6];
  // add: a complete port [0.5, 1]. Total [0.2 + 7 + 2 + 0.5, 0.4 + 21 + 6 + 1] = [9.7, 28.4] h;
  // at 6 h/day: [1.62, 4.73] person-days.
  assert.deepEqual(s.hours, [9.7, 28.4]);
  assert.deepEqual(s.personDays, [1.62, 4.73]);
  const byName = Object.fromEntries(report.files.flatMap((f) => f.kernels).map((k) => [k.name, k]));
  // reduce: 100 − 25 (high) − 3 × 10 (medium) = 45, under the skeleton cap of 60.
  assert.equal(byName.reduce!.readiness, 45);
  assert.equal(byName.reduce!.port, 'skeleton');
  assert.deepEqual(byName.reduce!.figures.hours, [9, 27]);
  assert.equal(byName.add!.readiness, 100);
  assert.equal(byName.add!.port, 'complete');
  // The most expensive rule first; ties in catalogue order.
  assert.deepEqual(report.topBlockers, ['ASC251', 'ASC101', 'ASC201', 'ASC301', 'ASC501', 'ASC502', 'ASC503', 'ASC527']);
  assert.deepEqual(report.families.map((f) => [f.family, f.hours]), [
    ['warp', [4, 12]],
    ['atomics', [1, 3]],
    ['memory', [1, 3]],
    ['synchronization', [1, 3]],
    ['host-runtime', [0.2, 0.4]],
  ]);
});

test('every number traces to findings and kernels: the totals are their sums', () => {
  const findings = report.files.flatMap((f) => f.findings);
  const kernels = report.files.flatMap((f) => f.kernels);
  const sum = (i: 0 | 1) => Math.round((findings.reduce((s, f) => s + f.hours[i], 0) + kernels.reduce((s, k) => s + k.baseHours[i], 0)) * 100) / 100;
  assert.deepEqual(report.summary.hours, [sum(0), sum(1)]);
  for (const k of kernels) {
    const own = findings.filter((f) => k.findingIds.includes(f.id));
    assert.ok(own.every((f) => f.kernel === k.name));
    assert.equal(k.figures.findings, own.length);
  }
  assert.equal(new Set(findings.map((f) => f.id)).size, findings.length, 'finding ids are unique');
});

test('the CLI and the engine give byte-identical JSON', () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'report', WS, '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, reportJson(report));
});

test('SARIF validates against the SARIF 2.1.0 schema and carries rule metadata, help URIs and locations', () => {
  const validate = sarifValidator();
  const sarif = JSON.parse(reportSarif(report, 'file:///opt/ascend-port/docs/rules/', (p) => p));
  assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.rules.length, 8);
  const shfl = run.tool.driver.rules.find((r: { id: string }) => r.id === 'ASC251');
  assert.equal(shfl.helpUri, 'file:///opt/ascend-port/docs/rules/ASC251.md');
  assert.match(shfl.help.markdown, /## Why is this a problem on Ascend/);
  const result = run.results.find((x: { ruleId: string }) => x.ruleId === 'ASC251');
  assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, `${WS}/reduce.cu`);
  assert.equal(result.locations[0].physicalLocation.region.startLine, 5);
  assert.equal(result.properties.hoursHigh, 12);
  // A deliberately broken log fails, so the check can fail.
  assert.equal(validate({ version: '2.1.0', runs: [{ tool: {} }] }), false);
});

test('the scan command SARIF validates too', () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'scan', WS, '--format', 'sarif', '--fail-on', 'none'], { cwd: ROOT, encoding: 'utf8' });
  const validate = sarifValidator();
  assert.ok(validate(JSON.parse(r.stdout)), JSON.stringify(validate.errors, null, 2));
});

test('CSV is RFC 4180, its hours sum to the totals, and file names cannot inject formulas', () => {
  const csv = reportCsv(report);
  assert.ok(csv.endsWith('\r\n') && !/[^\r]\n/.test(csv), 'CRLF line ends');
  const rows = csv.trimEnd().split('\r\n');
  assert.equal(rows[0], 'kind,id,file,line,column,kernel,code,rule,family,severity,effort,fix,port,readiness,hours_low,hours_high,message');
  assert.equal(rows.length, 1 + 2 + 8);
  assert.equal(csvCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
  assert.equal(csvCell('+1'), "'+1");
  assert.equal(csvCell('-2'), "'-2");
  assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('line\nbreak'), '"line\nbreak"');
  assert.equal(csvCell(-2), '-2', 'numbers are numbers');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-csv-'));
  try {
    const evil = path.join(dir, '=cmd|calc.cu');
    fs.copyFileSync(path.join(ROOT, WS, 'host.cu'), evil);
    const r = engine.report([{ path: evil, bytes: fs.readFileSync(evil) }], { target: TARGET });
    for (const line of reportCsv(r).split('\r\n').slice(1, -1)) assert.ok(!line.split(',')[2]!.startsWith('='), line);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the cost model comes from .ascend-port.yaml and settings, over the defaults; bad values are reported', () => {
  const { config, problems } = parseProjectConfig('costModel:\n  hoursPerDay: 8\n  rules:\n    ASC251: [6, 16]\n  effort:\n    medium: 2\n');
  assert.deepEqual(problems, []);
  assert.equal(config.costModel!.hoursPerDay, 8);
  assert.deepEqual(config.costModel!.rules.ASC251, [6, 16]);
  assert.deepEqual(config.costModel!.effort.medium, [2, 2]);
  const r = engine.report(filesOf([WS]), { target: TARGET, costModel: config.costModel });
  // reduce: ASC251 [6,16] + 3 × [2,2] = [12, 22], + skeleton [2,6]; host [0.2,0.4]; add [0.5,1] → [14.7, 29.4] h, / 8.
  assert.deepEqual(r.summary.hours, [14.7, 29.4]);
  assert.deepEqual(r.summary.personDays, [1.84, 3.68]);
  const bad = normalizeCostModel({ hoursPerDay: -1, effort: { huge: 3 }, rules: { ASC999: 1 }, kernel: { complete: [3, 1] } }, new Set(['ASC251']));
  assert.deepEqual(bad.problems, [
    'hoursPerDay must be a number of hours between 0 and 24',
    "unknown effort class 'huge' (low, medium, high)",
    "unknown rule 'ASC999'",
    'kernel.complete must be hours, a number or [low, high] with low ≤ high',
  ]);
});

test('the CLI writes every format to --out', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-report-'));
  try {
    for (const f of ['md', 'csv', 'json', 'sarif', 'html']) {
      const out = path.join(dir, `r.${f}`);
      const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'report', WS, '--format', f, '--out', out], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.ok(fs.statSync(out).size > 200, `${f} is empty`);
    }
    assert.match(fs.readFileSync(path.join(dir, 'r.md'), 'utf8'), /\*\*1\.6–4\.7 person-days\*\*/);
    assert.match(fs.readFileSync(path.join(dir, 'r.html'), 'utf8'), /Content-Security-Policy" content="default-src 'none'/);
    const bad = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'report', WS, '--format', 'pdf'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(bad.status, 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
