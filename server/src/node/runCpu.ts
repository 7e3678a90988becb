/**
 * `ascend-port run-cpu <out-dir>` and `migrate --run`: the whole migrated program, run on this
 * machine's CPU against the CUDA original.
 *
 * - **The Ascend side**: the migrated host files (ACL calls, launch-wrapper calls) and every
 *   generated kernel file, built with the host C++ compiler against the CPU model of ACL
 *   (`verify/include/acl/acl.h`) and of Ascend C (`ascendc_model-<cann>.h`), with
 *   `ap_run_ascend.h` force-included: a wrapper's launch runs the kernel once per core.
 * - **The CUDA side**: the original sources (the migration's source root, untouched), built
 *   with the CUDA-on-CPU shim (`cuda_cpu.h`) and their launches rewritten by `cudaCpuView`.
 * - Both run with the same arguments, each in an empty working folder; their exit codes,
 *   standard output (numbers with a decimal point or exponent compared within a tolerance,
 *   every other character exactly) and the files each writes into its working folder are
 *   compared. Standard error is not compared, except that a violation the Ascend C model
 *   recorded fails the run.
 *
 * One program per migrated host file with a `main`; the migrated files without a `main` and
 * every kernel file are linked into each. A program whose kernels are not all complete ports
 * is not run: the skeletons that block it are named.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cudaCpuView } from '../engine/verify/cudaCpuSource';
import { portBudget } from '../engine/port/budget';
import { hasMain, type Migration } from './migrate';
import { findCompiler, run, verifyIncludeDir } from './verify';

export interface RunCpuRequest {
  /** The migrated tree (holds migration.json). */
  outDir: string;
  args?: readonly string[];
  compiler?: string;
  /** Lines of standard output matching one of these are left out of the comparison on both sides (timings). */
  ignoreLines?: readonly RegExp[];
  /** Relative tolerance for printed floating-point numbers (default 1e-5) and the absolute floor (default 1e-6). */
  rtol?: number;
  atol?: number;
  /** Per program run, milliseconds (default 300 s). */
  timeoutMs?: number;
  keep?: boolean;
  signal?: AbortSignal;
  progress?: (message: string) => void;
}

export interface SideRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Files the program wrote into its working folder, relative to it. */
  files: string[];
  /** That working folder. */
  dir: string;
}

export interface ProgramRun {
  /** The migrated host file with `main`, relative to the tree. */
  program: string;
  /** Its CUDA original, relative to the source root. */
  source: string;
  same: boolean;
  /** What differs, one line each (at most 20). */
  differences: string[];
  /** Lines left out by --ignore-line. */
  ignored: number;
  violations: string[];
  cuda?: SideRun;
  ascend?: SideRun;
  error?: string;
  buildLog?: string;
}

export interface RunCpuResult {
  /** `same`: every program matched; `different`: one did not; `blocked`: skeletons; `error`: could not build or run. */
  status: 'same' | 'different' | 'blocked' | 'error';
  message: string;
  programs: ProgramRun[];
  dir?: string;
}

const BUILD_TIMEOUT_MS = 300_000;

type Built = { obj: string } | { error: string; log: string };
const HOST_EXT = /\.(cu|cpp|cc|cxx|c)$/;

export function readMigration(outDir: string): Migration | { error: string } {
  const file = path.join(outDir, 'migration.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Migration;
  } catch (e) {
    return { error: `${file}: ${fs.existsSync(file) ? `cannot be read (${e instanceof Error ? e.message : String(e)})` : 'missing: run-cpu runs a tree written by ascend-port migrate'}` };
  }
}

export async function runCpu(req: RunCpuRequest): Promise<RunCpuResult> {
  const include = verifyIncludeDir();
  if (!include) return { status: 'error', message: 'the CPU models (verify/include) are missing from this installation', programs: [] };
  const found = findCompiler(req.compiler);
  if ('error' in found) return { status: 'error', message: found.error, programs: [] };
  const m = readMigration(req.outDir);
  if ('error' in m) return { status: 'error', message: m.error, programs: [] };
  const outDir = path.resolve(req.outDir);
  const skeletons = m.files.flatMap((f) => f.kernels.filter((k) => k.kind !== 'complete').map((k) => `${k.name} (${f.source}: ${k.reasons.join('; ')})`));
  if (skeletons.length) {
    return { status: 'blocked', message: `not run: ${skeletons.length} kernel${skeletons.length === 1 ? ' is a skeleton' : 's are skeletons'}, so the migrated program cannot compute what the CUDA does: ${skeletons.join('; ')}`, programs: [] };
  }
  const hosts = m.files.filter((f) => f.status === 'migrated' && HOST_EXT.test(f.output));
  const mains = hosts.filter((f) => hasMain(path.join(outDir, f.output)));
  if (!mains.length) return { status: 'error', message: 'no migrated source has a main(): nothing to run', programs: [] };
  const kernelFiles = m.files.flatMap((f) => f.generated.filter((g) => /\.(cpp|asc)$/.test(g)));

  const compiler = found.compiler;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-run-'));
  const programs: ProgramRun[] = [];
  try {
    const budget = portBudget(m.target);
    const common = ['-std=c++17', '-O1', '-fwrapv', '-ffp-contract=off', '-w', '-pthread'];
    const userFlags = [...(m.includePaths ?? []).flatMap((d) => ['-I', d]), ...Object.entries(m.defines ?? {}).map(([k, v]) => `-D${k}=${v}`)];
    const ascendFlags = [
      ...common,
      '-I', include,
      `-DAP_CANN=${m.target.cann === '9.x' ? 9 : 8}`,
      '-DAP_ACL_REQUIRE_INIT',
      `-DAP_UB_BYTES=${budget.ubUsable}`,
      `-DAP_HAS_DATACOPYPAD=${budget.dataCopyPad ? 1 : 0}`,
      `-DAP_HAS_BF16=${budget.bf16Cast ? 1 : 0}`,
      `-DAP_HAS_ROW_APIS=${budget.rowApis ? 1 : 0}`,
      `-DAP_MAX_QUEUE_BUFFERS=${budget.maxQueueBuffers}`,
      `-DAP_ACL_VECTOR_CORE_NUM=${budget.vectorCores}`,
      '-include', 'ap_run_ascend.h',
    ];
    // The Ascend side's objects that every program links: the kernel files and the host files without main.
    req.progress?.('building the migrated program with the CPU models of ACL and Ascend C');
    const shared: string[] = [];
    const compileAscend = async (rel: string, tag: string): Promise<Built> => {
      const src = path.join(outDir, rel);
      const obj = path.join(dir, `ascend_${tag}.o`);
      const r = await run(compiler, [...ascendFlags, '-I', path.dirname(src), '-I', outDir, ...userFlags, '-x', 'c++', '-c', src, '-o', obj], dir, BUILD_TIMEOUT_MS, req.signal);
      return r.code === 0 ? { obj } : { error: `could not build ${rel} (the migrated tree) for the CPU`, log: r.stderr };
    };
    const compileCuda = async (rel: string, tag: string): Promise<Built> => {
      const src = path.join(m.sourceRoot, rel);
      const view = cudaCpuView(fs.readFileSync(src, 'utf8'), { path: src });
      const cpp = path.join(dir, `cuda_${tag}.cpp`);
      fs.writeFileSync(cpp, view.text);
      const obj = path.join(dir, `cuda_${tag}.o`);
      const r = await run(compiler, [...common, '-x', 'c++', '-I', path.join(include, 'cuda_stub'), '-I', include, '-I', path.dirname(src), ...userFlags, '-include', 'cuda_cpu.h', '-c', cpp, '-o', obj], dir, BUILD_TIMEOUT_MS, req.signal);
      return r.code === 0 ? { obj } : { error: `could not build ${rel} (the CUDA original) with the CPU shim`, log: r.stderr };
    };
    const sharedCuda: string[] = [];
    let n = 0;
    for (const k of kernelFiles) {
      const r = await compileAscend(k, `k${n++}`);
      if ('error' in r) return { status: 'error', message: r.error, programs: [{ program: k, source: k, same: false, differences: [], ignored: 0, violations: [], error: r.error, buildLog: r.log.slice(0, 20000) }], dir: req.keep ? dir : undefined };
      shared.push(r.obj);
    }
    for (const h of hosts.filter((f) => !mains.includes(f))) {
      const a = await compileAscend(h.output, `h${n}`);
      const c = await compileCuda(h.source, `h${n++}`);
      const failed = 'error' in a ? a : 'error' in c ? c : undefined;
      if (failed && 'error' in failed) return { status: 'error', message: failed.error, programs: [{ program: h.output, source: h.source, same: false, differences: [], ignored: 0, violations: [], error: failed.error, buildLog: failed.log.slice(0, 20000) }], dir: req.keep ? dir : undefined };
      shared.push((a as { obj: string }).obj);
      sharedCuda.push((c as { obj: string }).obj);
    }
    for (const main of mains) {
      if (req.signal?.aborted) break;
      const record: ProgramRun = { program: main.output, source: main.source, same: false, differences: [], ignored: 0, violations: [] };
      programs.push(record);
      const tag = `m${n++}`;
      const [a, c] = await Promise.all([compileAscend(main.output, tag), compileCuda(main.source, tag)]);
      const failed = 'error' in a ? a : 'error' in c ? c : undefined;
      if (failed && 'error' in failed) {
        record.error = failed.error;
        record.buildLog = failed.log.slice(0, 20000);
        continue;
      }
      const ascendExe = path.join(dir, `ascend_${tag}`);
      const cudaExe = path.join(dir, `cuda_${tag}`);
      const [la, lc] = await Promise.all([
        run(compiler, [...common, (a as { obj: string }).obj, ...shared, '-o', ascendExe], dir, BUILD_TIMEOUT_MS, req.signal),
        run(compiler, [...common, (c as { obj: string }).obj, ...sharedCuda, '-o', cudaExe], dir, BUILD_TIMEOUT_MS, req.signal),
      ]);
      if (la.code !== 0 || lc.code !== 0) {
        record.error = `could not link the ${la.code !== 0 ? 'migrated' : 'CUDA'} program`;
        record.buildLog = (la.code !== 0 ? la.stderr : lc.stderr).slice(0, 20000);
        continue;
      }
      req.progress?.(`running ${main.source} (CUDA, on the shim) and ${main.output} (migrated, on the models)`);
      const [ra, rc] = await Promise.all([runIn(ascendExe, req, path.join(dir, `run_ascend_${tag}`)), runIn(cudaExe, req, path.join(dir, `run_cuda_${tag}`))]);
      record.ascend = ra;
      record.cuda = rc;
      compareRuns(record, req);
    }
  } finally {
    if (!req.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
  const bad = programs.filter((p) => !p.same);
  const status = programs.some((p) => p.error) ? 'error' : bad.length ? 'different' : 'same';
  const message =
    status === 'same'
      ? `${programs.length} program${programs.length === 1 ? '' : 's'}: the migrated program's output is the CUDA original's on the CPU`
      : status === 'error'
        ? programs.filter((p) => p.error).map((p) => `${p.program}: ${p.error}`).join('; ')
        : bad.map((p) => `${p.program}: ${p.differences[0] ?? 'differs'}`).join('; ');
  return { status, message, programs, dir: req.keep ? dir : undefined };
}

async function runIn(exe: string, req: RunCpuRequest, cwd: string): Promise<SideRun> {
  fs.mkdirSync(cwd, { recursive: true });
  const r = await run(exe, [...(req.args ?? [])], cwd, req.timeoutMs ?? 300_000, req.signal);
  return { code: r.code, stdout: r.stdout, stderr: r.stderr, files: listFiles(cwd), dir: cwd };
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out.sort();
}

/** Fills `same`, `differences`, `ignored` and `violations` of a program whose two sides ran. */
export function compareRuns(record: ProgramRun, req: Pick<RunCpuRequest, 'ignoreLines' | 'rtol' | 'atol'>): void {
  const a = record.ascend!;
  const c = record.cuda!;
  const diffs: string[] = [];
  record.violations = a.stderr.split('\n').filter((l) => l.startsWith('ascend-port-model-violation: ')).map((l) => l.slice('ascend-port-model-violation: '.length));
  for (const v of record.violations) diffs.push(`the Ascend C model recorded a violation: ${v}`);
  if (a.code !== c.code) diffs.push(`exit code: CUDA ${c.code ?? 'killed or timed out'}, migrated ${a.code ?? 'killed or timed out'}`);
  const out = compareText(c.stdout, a.stdout, req);
  record.ignored = out.ignored;
  diffs.push(...out.differences.map((d) => `standard output ${d}`));
  const files = new Set([...c.files, ...a.files]);
  for (const f of files) {
    if (!c.files.includes(f) || !a.files.includes(f)) {
      diffs.push(`file ${f}: written only by the ${c.files.includes(f) ? 'CUDA' : 'migrated'} program`);
      continue;
    }
    const cb = fs.readFileSync(path.join(c.dir, f));
    const ab = fs.readFileSync(path.join(a.dir, f));
    if (cb.equals(ab)) continue;
    const text = (b: Buffer) => !b.includes(0) && b.length <= 16 * 1024 * 1024;
    if (text(cb) && text(ab)) diffs.push(...compareText(cb.toString('latin1'), ab.toString('latin1'), req).differences.map((d) => `file ${f} ${d}`));
    else diffs.push(`file ${f}: the bytes differ`);
  }
  record.differences = diffs.slice(0, 20);
  record.same = diffs.length === 0;
}

/** Compares two outputs line by line: numbers with a decimal point or an exponent within tolerance, all else exactly. */
export function compareText(expected: string, actual: string, req: Pick<RunCpuRequest, 'ignoreLines' | 'rtol' | 'atol'>): { differences: string[]; ignored: number } {
  const keep = (l: string) => !(req.ignoreLines ?? []).some((r) => r.test(l));
  const ex = expected.split('\n');
  const ac = actual.split('\n');
  const exKept = ex.filter(keep);
  const acKept = ac.filter(keep);
  const ignored = ex.length - exKept.length + (ac.length - acKept.length);
  const differences: string[] = [];
  const rtol = req.rtol ?? 1e-5;
  const atol = req.atol ?? 1e-6;
  const n = Math.max(exKept.length, acKept.length);
  for (let i = 0; i < n && differences.length < 20; i++) {
    const e = exKept[i];
    const a = acKept[i];
    if (e === undefined || a === undefined) {
      differences.push(`line ${i + 1}: ${e === undefined ? `only the migrated program printed ${JSON.stringify(a)}` : `only the CUDA program printed ${JSON.stringify(e)}`}`);
      continue;
    }
    if (e === a || sameUpToFloats(e, a, rtol, atol)) continue;
    differences.push(`line ${i + 1}: CUDA ${JSON.stringify(e)}, migrated ${JSON.stringify(a)}`);
  }
  return { differences, ignored };
}

const NUMBER = /[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|[-+]?(?:inf(?:inity)?|nan)\b/gi;

function sameUpToFloats(e: string, a: string, rtol: number, atol: number): boolean {
  const en = [...e.matchAll(NUMBER)];
  const an = [...a.matchAll(NUMBER)];
  if (en.length !== an.length || e.replace(NUMBER, '#') !== a.replace(NUMBER, '#')) return false;
  for (let i = 0; i < en.length; i++) {
    const x = en[i]![0];
    const y = an[i]![0];
    if (x === y) continue;
    const isFloat = (s: string) => /[.eE]|inf|nan/i.test(s);
    if (!isFloat(x) || !isFloat(y)) return false;
    const fx = Number.parseFloat(x.replace(/^\+/, ''));
    const fy = Number.parseFloat(y.replace(/^\+/, ''));
    const vx = Number.isNaN(fx) ? (/inf/i.test(x) ? (x.startsWith('-') ? -Infinity : Infinity) : NaN) : fx;
    const vy = Number.isNaN(fy) ? (/inf/i.test(y) ? (y.startsWith('-') ? -Infinity : Infinity) : NaN) : fy;
    if (Number.isNaN(vx) && Number.isNaN(vy)) continue;
    if (vx === vy) continue;
    // One unit in the last printed digit: two values within tolerance may round to neighbours.
    const digits = (t: string) => (/[eE]/.test(t) ? -1 : (t.split('.')[1] ?? '').length);
    const dx = digits(x);
    const dy = digits(y);
    const lastDigit = dx >= 0 && dy >= 0 ? 10 ** -Math.min(dx, dy) : 0;
    const scale = Math.max(Math.abs(vx), Math.abs(vy));
    if (!(Math.abs(vx - vy) <= Math.max(atol + rtol * scale, lastDigit * 1.0000001))) return false;
  }
  return true;
}
