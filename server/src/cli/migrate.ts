/**
 * `ascend-port migrate <src-dir|files…> --out <dir> [--force] [--verify]`: the command line
 * over `node/migrate.ts` (what it writes, and what it refuses, is described there).
 */
import * as path from 'node:path';
import { DEFAULT_MAX_FILE_BYTES, Engine, parseTarget } from '../engine';
import * as fs from 'node:fs';
import { migrationRoot, runMigration } from '../node/migrate';
import { runCpu, type RunCpuRequest } from '../node/runCpu';
import { findCompiler } from '../node/verify';
import { findProjectConfigFrom, readProjectConfig } from '../node/projectFile';
import { CliContexts, eachArgument, emptyBuildFlags, maxFileBytesOf } from './buildFlags';

export const MIGRATE_USAGE = `migrate options:
  --out <dir>         the new tree (required); refused inside a source folder, and when it is
                      not empty unless --force
  --force             write into a non-empty --out (files of the same name are replaced)
  --verify            run every complete port, as written into --out, against its CUDA kernel on
                      the CPU (see verify) and record the result; exit 1 when one does not match
  the new tree is then syntax-checked against the Ascend C and ACL declarations (a C++ compiler
  is needed; errors on TODO lines are listed, others make the exit code 1)
  --run               then build and run the migrated program on the CPU against the CUDA original
                      (see run-cpu); refused (exit 2) without a C++ compiler; --ignore-line,
                      --rtol, --atol and program arguments after -- as for run-cpu
  --target <soc>, --cann <version>   as for scan (default: the project file's target)
  --config <file>     the project file (.ascend-port.yaml); default: the one found from the
                      sources' common folder upwards
  --jobs N, -j N      compiler runs of the consistency check at once (default: the cores)
  --max-file-size <MB>  as for scan (larger files are copied unchanged)
  -D, -U, -I, --compile-commands   the build configuration, as for scan
  the sources are read, never written; MIGRATION.md in --out lists what was done and what is left

run-cpu <out-dir> [options] [-- program arguments]
  builds the migrated program (CPU models of ACL and Ascend C) and its CUDA original (the CUDA
  CPU shim), runs both with the same arguments, and compares exit codes, standard output
  (floating-point numbers within a tolerance) and the files each writes; exit 0 same, 1
  different, 2 not run (skeleton kernels, a build error, no compiler)
  --ignore-line <regex>  leave lines of standard output matching it out of the comparison on
                      both sides (timings); may be repeated
  --rtol <x>, --atol <x>   tolerance for printed floating-point numbers (1e-5, 1e-6)
  --compiler <cxx>    the host C++17 compiler (default: $CXX, g++, clang++)
  --timeout <s>       per program run (300)
  --keep              keep the build folder and print its path
`;

export async function migrate(argv: string[], usage: (m: string) => Error, version: string): Promise<number> {
  const inputs: string[] = [];
  let out: string | undefined;
  let soc: string | undefined;
  let cann: string | undefined;
  let force = false;
  let verifyPorts = false;
  let runAfter = false;
  let maxFileBytes = DEFAULT_MAX_FILE_BYTES;
  let config: string | undefined;
  let jobs: number | undefined;
  const build = emptyBuildFlags();
  const ignoreLines: RegExp[] = [];
  const tolerance: { rtol?: number; atol?: number } = {};
  const dashes = argv.indexOf('--');
  const programArgs = dashes >= 0 ? argv.slice(dashes + 1) : [];
  if (dashes >= 0) argv = argv.slice(0, dashes);
  eachArgument(argv, build, usage, (a, value) => {
    if (a === '--ignore-line') ignoreLines.push(regexOf(value(), usage));
    else if (a === '--rtol' || a === '--atol') tolerance[a === '--rtol' ? 'rtol' : 'atol'] = numberOf(value(), a, usage);
    else
    if (a === '--out' || a === '-o') out = value();
    else if (a === '--target') soc = value();
    else if (a === '--cann') cann = value();
    else if (a === '--force') force = true;
    else if (a === '--config') config = value();
    else if (a === '--jobs' || a === '-j') {
      const v = value();
      jobs = Number(v);
      if (!Number.isInteger(jobs) || jobs < 1) throw usage(`${a} needs a whole number of at least 1, not ${v}`);
    }
    else if (a === '--verify') verifyPorts = true;
    else if (a === '--run') runAfter = true;
    else if (a === '--max-file-size') maxFileBytes = maxFileBytesOf(value(), usage); else if (a.startsWith('-')) throw usage(`unknown option ${a}`);
    else inputs.push(a);
  });
  if (!inputs.length) throw usage('migrate needs a source folder or files');
  if (!out) throw usage('migrate needs --out <dir>: the sources are never written');
  // The project file: --config, else the one found from the sources' common folder.
  const missingInput = inputs.find((i) => !fs.existsSync(i));
  const configFile = config ?? (missingInput ? undefined : findProjectConfigFrom(migrationRoot(inputs)));
  const project = configFile ? readProjectConfig(configFile) : undefined;
  if (config && !fs.existsSync(config)) throw usage(`--config: ${config}: no such file`);
  if (project?.problems.length) throw usage(`invalid project file:\n${project.problems.map((p) => `${configFile}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}`).join('\n')}`);
  const { target, problems } = parseTarget(soc ?? project?.config.target?.soc, cann ?? project?.config.target?.cann);
  if (problems.length) throw usage(problems.join('; '));
  if (runAfter) {
    const found = findCompiler();
    if ('error' in found) {
      process.stderr.write(`ascend-port: refusing --run: ${found.error}\n`);
      return 2;
    }
  }

  const engine = await Engine.create();
  let contexts: CliContexts | undefined;
  try {
    const outcome = await runMigration(engine, {
      inputs,
      out,
      target,
      force,
      verify: verifyPorts,
      maxFileBytes,
      tool: `ascend-port ${version}`,
      jobs,
      onRoot: () => {
        contexts = new CliContexts(build, project && configFile && !project.problems.length ? { config: project.config, file: configFile } : undefined, maxFileBytes);
        for (const p of contexts.problems) process.stderr.write(`ascend-port: warning: ${p}\n`);
      },
      contextFor: (file) => contexts!.contextFor(file),
      warn: (m) => process.stderr.write(`ascend-port: warning: ${m}\n`),
      onFile: (record) => {
        const k = record.kernels;
        process.stdout.write(`${record.source}: ${record.status}${record.note ? ` (${record.note})` : ''}${k.length ? `; ${k.filter((x) => x.kind === 'complete').length} of ${k.length} kernels complete` : ''}${record.remaining.length ? `; ${record.remaining.length} findings left` : ''}\n`);
      },
    });
    if (!outcome.ok) {
      process.stderr.write(`ascend-port: ${outcome.refused}\n`);
      return 2;
    }
    const m = outcome.migration;
    const kernels = m.files.flatMap((f) => f.kernels);
    const failed = kernels.filter((k) => k.verified === 'fail');
    process.stdout.write(
      `migrated ${m.files.filter((f) => f.status === 'migrated').length} files (${m.files.filter((f) => f.status === 'copied').length} copied unchanged) into ${out}: ` +
        `${kernels.filter((k) => k.kind === 'complete').length} of ${kernels.length} kernels ported completely` +
        `${verifyPorts ? ` (${kernels.filter((k) => k.verified === 'pass').length} verified, ${failed.length} failed, ${kernels.filter((k) => k.verified === 'not run').length} not run)` : ''}; see ${path.join(out, 'MIGRATION.md')}\n`,
    );
    const c = m.check;
    const outside = c.files.reduce((n, f) => n + f.errors.length, 0);
    process.stdout.write(
      c.status === 'not run'
        ? `consistency check: not run (${c.note ?? 'no compiler'})\n`
        : `consistency check: ${c.status === 'pass' ? 'passed' : 'FAILED'}: ${c.files.length} files against the Ascend C and ACL declarations; ${outside} errors outside TODO lines, ${c.files.reduce((n, f) => n + f.onTodoLines.length, 0)} on TODO lines\n`,
    );
    for (const f of c.files) for (const e of f.errors.slice(0, 10)) process.stdout.write(`  ${e.file}:${e.line}: ${e.message}\n`);
    if (runAfter) {
      const code = await runAndPrint({ outDir: out, ignoreLines, args: programArgs, ...tolerance });
      if (code !== 0) return code;
    }
    return failed.length || c.status === 'fail' ? 1 : 0;
  } finally {
    engine.dispose();
  }
}

export async function runCpuCommand(argv: string[], usage: (m: string) => Error): Promise<number> {
  let outDir: string | undefined;
  const ignoreLines: RegExp[] = [];
  const req: Omit<RunCpuRequest, 'outDir'> & { args: string[] } = { args: [] };
  const rest = argv.indexOf('--');
  const own = rest >= 0 ? argv.slice(0, rest) : argv;
  if (rest >= 0) req.args.push(...argv.slice(rest + 1));
  const num = (v: string, what: string) => numberOf(v, what, usage);
  for (let i = 0; i < own.length; i++) {
    const a = own[i]!;
    const value = () => {
      const v = own[++i];
      if (v === undefined) throw usage(`${a} needs a value`);
      return v;
    };
    if (a === '--ignore-line') ignoreLines.push(regexOf(value(), usage));
    else if (a === '--rtol') req.rtol = num(value(), a);
    else if (a === '--atol') req.atol = num(value(), a);
    else if (a === '--compiler') req.compiler = value();
    else if (a === '--timeout') req.timeoutMs = num(value(), a) * 1000;
    else if (a === '--keep') req.keep = true;
    else if (a.startsWith('-')) throw usage(`unknown option ${a}`);
    else if (outDir === undefined) outDir = a;
    else throw usage(`run-cpu takes one migrated tree, not ${a} too (program arguments go after --)`);
  }
  if (!outDir) throw usage('run-cpu needs the folder migrate wrote');
  return runAndPrint({ ...req, outDir, ignoreLines });
}

function numberOf(v: string, what: string, usage: (m: string) => Error): number {
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || x < 0) throw usage(`${what} needs a non-negative number, not ${v}`);
  return x;
}

function regexOf(v: string, usage: (m: string) => Error): RegExp {
  try {
    return new RegExp(v);
  } catch (e) {
    throw usage(`--ignore-line: not a regular expression: ${v} (${e instanceof Error ? e.message : String(e)})`);
  }
}

async function runAndPrint(req: RunCpuRequest): Promise<number> {
  const r = await runCpu({ ...req, progress: (m) => process.stderr.write(`ascend-port: ${m}\n`) });
  for (const p of r.programs) {
    process.stdout.write(`run-cpu ${p.program} (CUDA original ${p.source}): ${p.error ? `not run: ${p.error}` : p.same ? `same output${p.ignored ? ` (${p.ignored} lines ignored by --ignore-line)` : ''}` : 'DIFFERENT'}\n`);
    for (const d of p.differences) process.stdout.write(`  ${d}\n`);
    if (p.buildLog) process.stdout.write(p.buildLog.split('\n').slice(0, 30).map((l) => `  | ${l}`).join('\n') + '\n');
  }
  process.stdout.write(`run-cpu: ${r.status}: ${r.message}\n`);
  if (r.dir) process.stdout.write(`run-cpu: build folder kept at ${r.dir}\n`);
  return r.status === 'same' ? 0 : r.status === 'different' ? 1 : 2;
}
