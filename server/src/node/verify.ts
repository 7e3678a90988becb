/**
 * "Verify port": builds and runs, on this machine's CPU, the original CUDA kernel (its own
 * file, through the CUDA-on-CPU shim) and its Ascend C port (generated, or a port the user
 * edited, through the CPU model of Ascend C and the port's own launch wrapper), on the same
 * inputs and sizes, and compares them. Node side: finds a C++ compiler, writes the three
 * translation units the engine generates into a temporary folder, compiles, runs, and
 * returns plain data. The CLI (`ascend-port verify`, `port --verify`) and the language
 * server (the "Verify port" command) both call `verifyFile`.
 */
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Engine, SourceContext, Target } from '../engine';
import { FileFacts } from '../engine/model/facts';
import { instantiation } from '../engine/port/recognize';
import { compileKernel } from '../engine/port/pipeline';
import { portBudget } from '../engine/port/budget';
import { HARDWARE } from '../engine/estimates/hardware';
import type { GemmDescription } from '../engine/model/gemm';
import { renderInstances, renderKernel } from '../engine/port/render/kernel';
import { cudaCpuView } from '../engine/verify/cudaCpuSource';
import { ascendRunner, cudaRunner, defaultCases, driverMain, launchCases, skeletonShape, withoutHostBodies, type DriverInput } from '../engine/verify/driver';
import { resolvedConditionals } from '../engine/preproc/resolved';

export interface VerifyOutput {
  name: string;
  dtype: string;
  pass: boolean;
  mismatches: number;
  maxAbs: number | string;
  maxRel: number | string;
  rtol: number;
  atol: number;
  first?: { index: number; cuda: number | string; ascend: number | string };
}

export interface VerifyCaseResult {
  kernel: string;
  size: number;
  pass: boolean;
  outputs: VerifyOutput[];
  violations: { api: string; message: string; count: number }[];
  cudaGuardsIntact: boolean;
  cudaError: string | null;
  launchResult: number;
}

export interface KernelVerification {
  kernel: string;
  /** What was verified: the generated complete port, or the port in a file the user gave. */
  port: 'generated' | 'file';
  pass: boolean;
  cases: VerifyCaseResult[];
  /** Why the kernel was not verified (a skeleton without a finished port, a build error). */
  error?: string;
}

export interface VerifyResult {
  /** pass: every case of every kernel passed; fail: a mismatch or violation; error: nothing could be run (exit 2). */
  status: 'pass' | 'fail' | 'error';
  kernels: KernelVerification[];
  message?: string;
  compiler?: string;
  /** Compiler output when a build failed. */
  buildLog?: string;
  /** The folder with the generated sources (kept with `keep`). */
  dir?: string;
}

export interface VerifyRequest {
  /** Path of the CUDA source (for #line, its folder for local headers) and its text. */
  file: string;
  text: string;
  /** Kernels to verify (default: every kernel with a complete port, or every kernel of `portFile`). */
  kernels?: string[];
  /** A port to verify instead of the generated one (a finished skeleton, a hand-edited port). */
  portFile?: string;
  target: Target;
  sizes?: number[];
  compiler?: string;
  seed?: number;
  keep?: boolean;
  /** More folders for the CUDA file's #include "…" (its own folder is always searched). */
  includeDirs?: string[];
  /** The CUDA file's build context (defines, include paths, header access): the analysis sees it, and its defines and include paths go to the CUDA side's compile. */
  context?: SourceContext;
  signal?: AbortSignal;
  /** Called with a short message as the build and the run progress. */
  progress?: (message: string) => void;
  /** GEMM descriptions by kernel name: those kernels are ported as matrix products (the `matmul` schedule) instead of asking the detector. */
  gemms?: Readonly<Record<string, GemmDescription>>;
}

/** The folder with the verification headers (`verify/include`), from the bundle or the source tree. */
export function verifyIncludeDir(): string | null {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'verify', 'include');
    if (fs.existsSync(path.join(candidate, 'ap_verify_driver.h'))) return candidate;
    dir = path.dirname(dir);
  }
  return null;
}

/** The C++17 compiler to use: the setting, then $CXX, then g++ and clang++ on PATH. */
export function findCompiler(preferred?: string): { compiler: string } | { error: string } {
  const candidates = [preferred, process.env.CXX, 'g++', 'clang++'].filter((c): c is string => !!c && c.trim() !== '');
  for (const c of candidates) {
    const r = spawnSync(c, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    if (r.status === 0) return { compiler: c };
  }
  return {
    error: `no C++17 compiler found (tried ${candidates.join(', ')}): verification builds the CUDA kernel and its port for the CPU. Install g++ or clang++, or set ascendPort.verify.compiler (CLI: --compiler).`,
  };
}

const BUILD_TIMEOUT_MS = 300_000;
const RUN_TIMEOUT_MS = 300_000;

export function run(cmd: string, args: string[], cwd: string, timeout: number, signal?: AbortSignal): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, timeout, signal, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null) : 0;
      resolve({ code, stdout: stdout ?? '', stderr: (stderr ?? '') + (err && code === null ? `\n${err.message}` : '') });
    });
  });
}

/**
 * The CUDA file as the CPU build compiles it: host bodies left out (withoutHostBodies). When the
 * configuration resolves some conditional chains, the functions are read from the resolved text
 * (resolvedConditionals), so host code whose statements `#ifdef` splits still parses and is left out.
 */
function cudaSideText(engine: Engine, text: string, facts: FileFacts, run: ReadonlySet<string>, context: SourceContext | undefined): string {
  const resolved = resolvedConditionals(text, facts.preproc.directives, facts.preproc.inactive);
  if (resolved === text) return withoutHostBodies(text, facts.functions(), run);
  const view = engine.open(resolved, context);
  try {
    return withoutHostBodies(resolved, FileFacts.of(view).functions(), run);
  } finally {
    view.dispose();
  }
}

export async function verifyFile(engine: Engine, req: VerifyRequest): Promise<VerifyResult> {
  const include = verifyIncludeDir();
  if (!include) return { status: 'error', kernels: [], message: 'the verification headers (verify/include) are missing from this installation' };
  const found = findCompiler(req.compiler);
  if ('error' in found) return { status: 'error', kernels: [], message: found.error };
  const { compiler } = found;
  const doc = engine.open(req.text, req.context);
  const kernels: KernelVerification[] = [];
  const inputs: DriverInput[] = [];
  let portText = '';
  let cudaText = req.text;
  try {
    const facts = FileFacts.of(doc);
    const globals = facts.functions().filter((f) => f.kind === 'global' && f.bodySpan);
    const names = req.kernels?.length ? req.kernels : globals.map((f) => f.name);
    cudaText = cudaSideText(engine, doc.text, facts, new Set(names), req.context);
    for (const name of names) {
      const fn = globals.find((f) => f.name === name);
      if (!fn) {
        kernels.push({ kernel: name, port: req.portFile ? 'file' : 'generated', pass: false, cases: [], error: `no __global__ kernel named ${name} in ${req.file}` });
        continue;
      }
      const verdict = compileKernel(facts, doc.text, fn, req.target, req.gemms?.[name]);
      if (verdict.kind !== 'complete') {
        // A skeleton is verified only as the user finished it (--port), through its launch wrapper.
        const shape = req.portFile ? skeletonShape(fn, req.target) : null;
        if (!shape || 'error' in shape) {
          kernels.push({
            kernel: name,
            port: req.portFile ? 'file' : 'generated',
            pass: false,
            cases: [],
            error: shape && 'error' in shape ? shape.error : `the port of ${name} is a skeleton (${verdict.reasons.join('; ')}): finish it by hand and verify that file with --port`,
          });
          continue;
        }
        inputs.push({ fn, kernelRef: fn.name, ...shape, seed: req.seed ?? 1 });
        kernels.push({ kernel: name, port: 'file', pass: false, cases: [] });
        continue;
      }
      const cores = portBudget(req.target).vectorCores;
      const origin = `${path.basename(req.file)}:${doc.lines.positionAt(fn.nameSpan.start).line + 1}`;
      if (verdict.instances) {
        // A template launched with several instantiations: each one verified against its own port (results gathered under the kernel's name).
        for (const inst of verdict.instances) inputs.push({ fn, kernelRef: `${fn.name}<${Object.values(inst.typeArgs).join(', ')}>`, program: inst.program, plan: inst.plan, abi: inst.lowered.abi, cases: defaultCases(inst.plan, cores), seed: req.seed ?? 1 });
        if (!req.portFile) portText += renderInstances(fn.name, verdict.instances, origin) + '\n';
        kernels.push({ kernel: name, port: req.portFile ? 'file' : 'generated', pass: false, cases: [] });
        continue;
      }
      const sched = verdict.program.schedule;
      if (sched.kind === 'matmul' && sched.gemm.cudaLaunch?.instances) {
        // A template GEMM launched with several tile sizes: one Matmul port, and the CUDA side
        // run for each instantiation with its own block (results gathered under the kernel's name).
        for (const inst of sched.gemm.cudaLaunch.instances) {
          const gemm = { ...sched.gemm, cudaLaunch: { ...sched.gemm.cudaLaunch, block: inst.block, tile: inst.tile } };
          const args = Object.values(inst.typeArgs);
          const program = { ...verdict.program, kernel: `${verdict.program.kernel}_${args.join('_').replace(/\W/g, '_')}`, schedule: { ...sched, gemm } };
          const cases = launchCases(gemm) ?? defaultCases(verdict.plan, cores);
          inputs.push({ fn, kernelRef: `${fn.name}<${args.join(', ')}>`, program, plan: verdict.plan, abi: verdict.lowered.abi, cases, seed: req.seed ?? 1 });
        }
        if (!req.portFile) portText += renderKernel(verdict.lowered, origin) + '\n';
        kernels.push({ kernel: name, port: req.portFile ? 'file' : 'generated', pass: false, cases: [] });
        continue;
      }
      const typeArgs = fn.templateParams ? instantiation(facts, doc.text, fn) : undefined;
      const kernelRef = typeArgs ? `${fn.name}<${Object.values(typeArgs).join(', ')}>` : fn.name;
      const cases = (verdict.program.schedule.kind === 'matmul' ? launchCases(verdict.program.schedule.gemm) : undefined) ?? defaultCases(verdict.plan, cores);
      inputs.push({ fn, kernelRef, program: verdict.program, plan: verdict.plan, abi: verdict.lowered.abi, cases, seed: req.seed ?? 1 });
      if (!req.portFile) portText += renderKernel(verdict.lowered, origin) + '\n';
      kernels.push({ kernel: name, port: req.portFile ? 'file' : 'generated', pass: false, cases: [] });
    }
  } finally {
    doc.dispose();
  }
  if (!inputs.length) {
    return { status: 'error', kernels, compiler, message: kernels.map((k) => k.error).filter(Boolean).join('\n') || 'no kernel to verify' };
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-verify-'));
  try {
    const budget = portBudget(req.target);
    const cann = req.target.cann === '9.x' ? '9.x' : '8.x';
    const common = ['-std=c++17', '-O1', '-fwrapv', '-ffp-contract=off', '-w', '-pthread'];
    const sourceAbs = path.resolve(req.file);
    // Local headers the file includes with quotes lose their host-only functions too (a copy in
    // the build folder, found first because the CPU view is compiled from there).
    stageLocalHeaders(engine, cudaText, path.dirname(sourceAbs), dir, new Set());
    const view = cudaCpuView(cudaText);
    fs.writeFileSync(path.join(dir, 'cuda_side.cpp'), `#line 1 ${JSON.stringify(sourceAbs)}\n${view.text}\n#line 1 "ascend-port-verify-cuda-runner"\n${inputs.map(cudaRunner).join('\n')}`);
    const portPath = req.portFile ? path.resolve(req.portFile) : path.join(dir, 'port.cpp');
    if (!req.portFile) fs.writeFileSync(portPath, portText);
    fs.writeFileSync(path.join(dir, 'ascend_side.cpp'), `#include ${JSON.stringify(portPath)}\n${inputs.map(ascendRunner).join('\n')}`);
    fs.writeFileSync(path.join(dir, 'driver.cpp'), driverMain(inputs));
    req.progress?.('building the CUDA kernel and the port for the CPU');
    const [cuda, ascend] = await Promise.all([
      run(compiler, [...common, '-x', 'c++', '-I', path.join(include, 'cuda_stub'), '-I', include, '-I', path.dirname(sourceAbs), ...[...(req.includeDirs ?? []), ...(req.context?.includePaths ?? [])].flatMap((d) => ['-I', path.resolve(d)]), ...Object.entries(req.context?.defines ?? {}).map(([k, v]) => `-D${k}=${v}`), '-include', 'cuda_cpu.h', '-Dmain=ap_user_main_', '-c', 'cuda_side.cpp', '-o', 'cuda_side.o'], dir, BUILD_TIMEOUT_MS, req.signal),
      run(
        compiler,
        [
          ...common,
          '-I', include,
          '-I', path.dirname(portPath),
          `-DAP_CANN=${cann === '9.x' ? 9 : 8}`,
          '-include', 'ap_verify_ascend.h',
          // The CUDA file may declare its kernels extern "C" too: the port's entries get other link names.
          ...[...new Set(inputs.map((d) => d.fn.name))].map((n) => `-D${n}=ap_verify_port_entry_${n}`),
          `-DAP_UB_BYTES=${budget.ubUsable}`,
          `-DAP_HAS_DATACOPYPAD=${budget.dataCopyPad ? 1 : 0}`,
          `-DAP_HAS_BF16=${budget.bf16Cast ? 1 : 0}`,
          `-DAP_HAS_ROW_APIS=${budget.rowApis ? 1 : 0}`,
          `-DAP_MAX_QUEUE_BUFFERS=${budget.maxQueueBuffers}`,
          // The cores PlatformAscendC reports (the Matmul port's host tiling asks for the Cube cores).
          ...coreDefines(req.target),
          '-c', 'ascend_side.cpp', '-o', 'ascend_side.o',
        ],
        dir,
        BUILD_TIMEOUT_MS,
        req.signal,
      ),
    ]);
    if (req.signal?.aborted) return { status: 'error', kernels, compiler, message: 'cancelled' };
    if (cuda.code !== 0 || ascend.code !== 0) {
      const which = cuda.code !== 0 ? 'the CUDA file (with the CPU shim)' : 'the Ascend C port (with the CPU model)';
      return { status: 'error', kernels, compiler, message: `could not build ${which} for the CPU`, buildLog: (cuda.code !== 0 ? cuda.stderr : ascend.stderr).slice(0, 20000), dir: req.keep ? dir : undefined };
    }
    const link = await run(compiler, [...common, '-I', include, 'driver.cpp', 'cuda_side.o', 'ascend_side.o', '-o', 'verify'], dir, BUILD_TIMEOUT_MS, req.signal);
    if (link.code !== 0) return { status: 'error', kernels, compiler, message: 'could not link the verification program', buildLog: link.stderr.slice(0, 20000), dir: req.keep ? dir : undefined };
    req.progress?.('running both sides on the CPU');
    const args = [...(req.sizes?.length ? ['--sizes', req.sizes.join(',')] : []), ...[...new Set(inputs.map((d) => d.fn.name))].flatMap((n) => ['--kernel', n])];
    const result = await run(path.join(dir, 'verify'), args, dir, RUN_TIMEOUT_MS, req.signal);
    if (req.signal?.aborted) return { status: 'error', kernels, compiler, message: 'cancelled' };
    for (const line of result.stdout.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const c = JSON.parse(line) as VerifyCaseResult;
        kernels.find((k) => k.kernel === c.kernel)?.cases.push(c);
      } catch {
        // A line the driver did not write (the user's printf): not a result.
      }
    }
    for (const k of kernels) if (!k.error) k.pass = k.cases.length > 0 && k.cases.every((c) => c.pass);
    const crashed = result.code !== 0 && result.code !== 1;
    if (crashed) {
      for (const k of kernels) if (!k.error && !k.cases.length) k.error = 'the verification program stopped before this kernel';
      return { status: 'error', kernels, compiler, message: `the verification program stopped (${result.code === null ? 'timed out or killed' : `exit ${result.code}`})`, buildLog: result.stderr.slice(0, 20000), dir: req.keep ? dir : undefined };
    }
    const verified = kernels.filter((k) => !k.error);
    return { status: verified.length && verified.every((k) => k.pass) && kernels.every((k) => !k.error) ? 'pass' : verified.some((k) => !k.pass) ? 'fail' : 'error', kernels, compiler, dir: req.keep ? dir : undefined };
  } finally {
    if (!req.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** -DAP_AIC_CORES / -DAP_AIV_CORES from the target's hardware profile (the model's defaults where a figure is unknown). */
function coreDefines(target: Target): string[] {
  const hw = HARDWARE[target.soc];
  return [
    ...(Number.isFinite(hw.cubeCores.value) ? [`-DAP_AIC_CORES=${hw.cubeCores.value}`] : []),
    ...(Number.isFinite(hw.vectorCores.value) ? [`-DAP_AIV_CORES=${hw.vectorCores.value}`] : []),
  ];
}

const MAX_STAGED_HEADERS = 64;
const MAX_HEADER_BYTES = 2 * 1024 * 1024;

/**
 * Copies the local headers `text` includes with quotes (recursively, inside the build
 * folder only) with their host-only function bodies blanked, under the same relative paths.
 */
function stageLocalHeaders(engine: Engine, text: string, fromDir: string, toDir: string, seen: Set<string>): void {
  for (const m of text.matchAll(/^[ \t]*#[ \t]*include[ \t]*"([^"\n]+)"/gm)) {
    const rel = m[1]!;
    if (path.isAbsolute(rel) || rel.split(/[\\/]/).includes('..') || seen.size >= MAX_STAGED_HEADERS) continue;
    const abs = path.resolve(fromDir, rel);
    if (seen.has(abs)) continue;
    let body: string;
    try {
      if (!fs.statSync(abs).isFile() || fs.statSync(abs).size > MAX_HEADER_BYTES) continue;
      body = fs.readFileSync(abs, 'utf8');
    } catch {
      continue;
    }
    seen.add(abs);
    const doc = engine.open(body);
    let blanked: string;
    try {
      blanked = withoutHostBodies(doc.text, FileFacts.of(doc).functions());
    } finally {
      doc.dispose();
    }
    const target = path.join(toDir, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, `#line 1 ${JSON.stringify(abs)}\n${blanked}`);
    stageLocalHeaders(engine, body, path.dirname(abs), path.dirname(target), seen);
  }
}

/** A human summary of a result, one line per case and per problem (CLI and output channel). */
export function formatVerify(r: VerifyResult): string {
  const out: string[] = [];
  for (const k of r.kernels) {
    if (k.error) {
      out.push(`${k.kernel}: not verified: ${k.error}`);
      continue;
    }
    out.push(`${k.kernel}: ${k.pass ? 'PASS' : 'FAIL'} (${k.port === 'file' ? 'port from file' : 'generated port'}, ${k.cases.length} sizes)`);
    for (const c of k.cases) {
      const outs = c.outputs.map((o) => `${o.name} ${o.pass ? 'ok' : 'MISMATCH'} max abs ${o.maxAbs} rel ${o.maxRel}${o.first ? `, first at [${o.first.index}]: CUDA ${o.first.cuda}, Ascend ${o.first.ascend} (${o.mismatches} elements)` : ''}`);
      out.push(`  n=${c.size}: ${c.pass ? 'pass' : 'FAIL'}; ${outs.join('; ')}`);
      for (const v of c.violations) out.push(`    model violation: ${v.api}: ${v.message}${v.count > 1 ? ` (×${v.count})` : ''}`);
      if (c.cudaError) out.push(`    CUDA side: ${c.cudaError}`);
      if (!c.cudaGuardsIntact) out.push('    the CUDA kernel wrote outside its buffers');
      if (c.launchResult !== 0) out.push(`    the launch wrapper returned aclError ${c.launchResult}`);
    }
  }
  if (r.message) out.push(r.message);
  if (r.buildLog) out.push(r.buildLog.trimEnd());
  out.push(r.status === 'pass' ? 'verify: pass' : r.status === 'fail' ? 'verify: FAIL' : 'verify: error');
  return out.join('\n') + '\n';
}
