/**
 * `ascend-port`: the command line over the same engine as the language server.
 *
 *   ascend-port scan <paths...> [--format text|json|sarif] [--target SOC] [--cann 8.x|9.x]
 *                               [--fail-on error|warning|information|none] [--summary] ...
 *   ascend-port rules            list the rules
 *   ascend-port explain <CODE>   print a rule's docs
 *
 * Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or I/O errors.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { allRules, DEFAULT_MAX_FILE_BYTES, Engine, parseTarget, ruleByCode, skippedResult, SOCS, type Severity } from '../engine';
import { symlinkNotice } from '../node/source';
import { summaryText } from './format';
import { Output, OutputError, ScanSink } from './scanOutput';
import { findProjectConfigFrom, readProjectConfig } from '../node/projectFile';
import { collectFiles, DEFAULT_EXTENSIONS } from './walk';
import { port, PORT_USAGE } from './port';
import { report, REPORT_USAGE } from './report';
import { verify, VERIFY_USAGE } from './verify';
import { migrate, MIGRATE_USAGE, runCpuCommand } from './migrate';
import { BUILD_USAGE, CliContexts, emptyBuildFlags, takeBuildFlag, type BuildFlags } from './buildFlags';
import { keepFile, scanFile, type ScannedFile, type ScanSettings } from './scanFile';
import { runAsWorker, scanInWorkers, workerCount } from './workers';

declare const ASCEND_PORT_VERSION: string | undefined;
const VERSION = typeof ASCEND_PORT_VERSION === 'string' ? ASCEND_PORT_VERSION : 'dev';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

const USAGE = `usage: ascend-port <command> [options]

commands:
  scan <paths...>     scan CUDA files and directories for constructs that do not port to Ascend C
  rules               list the rules (code, name, family, effort, severity on the target)
  explain <CODE>      print the docs of a rule (e.g. ascend-port explain ASC251)
  port <file>         port the file's kernels to Ascend C (complete or skeleton), see port options
  report <paths...>   porting cost report (md, csv, json, sarif, html), see report options
  verify <file>       run each kernel and its Ascend C port on the CPU and compare them, see verify options
  migrate <paths...> --out <dir>   a whole project into a new Ascend C tree (sources untouched), see migrate options
  run-cpu <out-dir> [-- args]      run a migrated program and its CUDA original on the CPU and compare them

scan options:
  --format <f>        text (default), json or sarif
  --out <file>        write the report to a file instead of standard output
  --target <soc>      target SoC: ${SOCS.join(', ')} (default Ascend910B3)
  --cann <version>    CANN toolkit: 8.x (default) or 9.x
  --fail-on <level>   exit 1 when a finding is at or above: error (default), warning, information, none
  --config <file>     project file (default: the nearest .ascend-port.yaml above the first path)
  --select <codes>    only these rules (comma-separated codes or names)
  --ignore <codes>    skip these rules
  --ext <list>        file extensions to scan in directories (default ${DEFAULT_EXTENSIONS.join(',')})
  --max-file-size <MB>  skip larger files (default ${DEFAULT_MAX_FILE_BYTES / 1024 / 1024})
  --summary           print a summary after the findings (text format)
  --no-progress       no progress line, even on a terminal
  -j, --jobs <n>      worker threads (default: one per core; 1 scans in this thread); the output
                      is the same for any number
  -h, --help          this help
  -v, --version       the version

${PORT_USAGE}
${REPORT_USAGE}
${VERIFY_USAGE}
${MIGRATE_USAGE}
${BUILD_USAGE}`;

class UsageError extends Error {}

interface ScanArgs {
  paths: string[];
  config?: string;
  format: 'text' | 'json' | 'sarif';
  out?: string;
  soc?: string;
  cann?: string;
  failOn: Severity | 'none';
  select: string[];
  ignore: string[];
  ext: string[];
  maxFileBytes: number;
  summary: boolean;
  progress: boolean;
  /** Worker threads (`--jobs`); undefined: one per core. */
  jobs?: number;
  build: BuildFlags;
}

const LEVELS: ReadonlyArray<Severity | 'none'> = ['error', 'warning', 'information', 'hint', 'none'];
const RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };

function parseScanArgs(argv: string[]): ScanArgs {
  const a: ScanArgs = {
    paths: [],
    format: 'text',
    failOn: 'error',
    select: [],
    ignore: [],
    ext: DEFAULT_EXTENSIONS,
    maxFileBytes: DEFAULT_MAX_FILE_BYTES,
    summary: false,
    progress: true,
    build: emptyBuildFlags(),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const taken = takeBuildFlag(argv, i, a.build, (m) => new UsageError(m));
    if (taken >= 0) {
      i = taken;
      continue;
    }
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--format': {
        const f = value();
        if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format '${f}' (text, json or sarif)`);
        a.format = f;
        break;
      }
      case '--out':
      case '-o':
        a.out = value();
        break;
      case '--target':
        a.soc = value();
        break;
      case '--cann':
        a.cann = value();
        break;
      case '--fail-on': {
        const f = value() as Severity | 'none';
        if (!LEVELS.includes(f)) throw new UsageError(`unknown --fail-on level '${f}' (${LEVELS.join(', ')})`);
        a.failOn = f;
        break;
      }
      case '--config':
        a.config = value();
        break;
      case '--select':
        a.select.push(...value().split(',').map((s) => s.trim()).filter(Boolean));
        break;
      case '--ignore':
        a.ignore.push(...value().split(',').map((s) => s.trim()).filter(Boolean));
        break;
      case '--ext':
        a.ext = value().split(',').map((e) => (e.startsWith('.') ? e : `.${e}`));
        break;
      case '--max-file-size': {
        const mb = Number(value());
        if (!Number.isFinite(mb) || mb <= 0) throw new UsageError('--max-file-size takes a positive number of MB');
        a.maxFileBytes = Math.round(mb * 1024 * 1024);
        break;
      }
      case '--summary':
        a.summary = true;
        break;
      case '--no-progress':
        a.progress = false;
        break;
      case '--jobs':
      case '-j': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) throw new UsageError('--jobs takes a positive whole number');
        a.jobs = n;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`);
        a.paths.push(arg);
    }
  }
  if (a.paths.length === 0) throw new UsageError('scan needs at least one file or directory');
  const known = new Set(allRules.flatMap((r) => [r.code, r.name]));
  for (const c of [...a.select, ...a.ignore]) if (!known.has(c)) throw new UsageError(`unknown rule '${c}' (see ascend-port rules)`);
  return a;
}

async function scan(argv: string[]): Promise<number> {
  const args = parseScanArgs(argv);
  // Project file: flags win over it.
  const first = path.resolve(args.paths[0]!);
  const configFile = args.config ?? findProjectConfigFrom(fs.existsSync(first) && fs.statSync(first).isDirectory() ? first : path.dirname(first));
  const project = configFile ? readProjectConfig(configFile) : undefined;
  if (project?.problems.length) {
    const msgs = project.problems.map((p) => `${configFile}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}`);
    throw new UsageError(`invalid project file:\n${msgs.join('\n')}`);
  }
  const { target, problems } = parseTarget(args.soc ?? project?.config.target?.soc, args.cann ?? project?.config.target?.cann);
  if (problems.length) throw new UsageError(problems.join('; '));
  const severities = project?.config.rules ?? {};
  const contexts = new CliContexts(args.build, project && configFile ? { config: project.config, file: configFile } : undefined, args.maxFileBytes);
  for (const p of contexts.problems) process.stderr.write(`ascend-port: warning: ${p}\n`);

  const walk = collectFiles(args.paths, args.ext);
  const errors = [...walk.errors];
  const progress = args.progress && process.stderr.isTTY;
  const settings: ScanSettings = {
    target,
    select: args.select,
    ignore: args.ignore,
    severities,
    maxFileBytes: args.maxFileBytes,
    format: args.format,
    build: args.build,
    project: project && configFile ? { config: project.config, file: configFile } : undefined,
  };
  const jobs = workerCount(args.jobs, walk.files.length);
  let output: Output;
  try {
    output = new Output(args.out);
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    process.stderr.write(`ascend-port: ${e.message}\n`);
    return EXIT_USAGE;
  }
  const sink = new ScanSink(output, {
    format: args.format,
    version: VERSION,
    target,
    select: args.select,
    ignore: args.ignore,
    summary: args.summary,
    docsBaseUri: `${pathToFileURL(path.resolve(__dirname, '..', 'docs', 'rules')).toString()}/`,
  });
  // In walk order, whichever worker scanned a file: the output is the serial one.
  const take = (one: ScannedFile) => {
    errors.push(...one.errors);
    if (one.file) sink.add(one.file);
  };
  try {
    try {
      if (jobs > 1) {
        await scanInWorkers(walk.files, jobs, settings, (one, done) => {
          take(one);
          if (progress) process.stderr.write(`\r\x1b[Kscanning ${done}/${walk.files.length} (${jobs} workers)`);
        });
      } else {
        const engine = await Engine.create();
        try {
          for (let i = 0; i < walk.files.length; i++) {
            const file = walk.files[i]!;
            if (progress) process.stderr.write(`\r\x1b[Kscanning ${i + 1}/${walk.files.length} ${path.relative('.', file)}`);
            take(scanFile(engine, contexts, file, settings));
          }
        } finally {
          engine.dispose();
        }
      }
    } finally {
      if (progress) process.stderr.write('\r\x1b[K');
    }
    for (const link of walk.symlinks) sink.add(keepFile({ path: link, result: skippedResult(symlinkNotice(link)) }, args.format));
    sink.finish(errors);
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    process.stderr.write(`ascend-port: ${e.message}\n`);
    return EXIT_USAGE;
  } finally {
    sink.dispose();
    output.close();
  }
  if (args.out && args.summary && args.format !== 'text') process.stdout.write(summaryText(VERSION, target, sink.summary()));

  if (errors.length) {
    if (args.format !== 'text') for (const e of errors) process.stderr.write(`ascend-port: ${e.path}: ${e.message}\n`);
    return EXIT_USAGE;
  }
  if (args.failOn !== 'none') {
    const threshold = RANK[args.failOn];
    if (sink.parts.some((p) => (Object.keys(p.bySeverity) as Severity[]).some((sev) => p.bySeverity[sev] > 0 && RANK[sev] >= threshold))) return EXIT_FINDINGS;
  }
  return EXIT_CLEAN;
}

function listRules(argv: string[]): number {
  let soc: string | undefined;
  let cann: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--target') soc = argv[++i];
    else if (argv[i] === '--cann') cann = argv[++i];
    else throw new UsageError(`unknown option '${argv[i]}'`);
  }
  const { target, problems } = parseTarget(soc, cann);
  if (problems.length) throw new UsageError(problems.join('; '));
  for (const r of allRules) {
    process.stdout.write(`${r.code}  ${r.name.padEnd(26)} ${r.family.padEnd(16)} ${r.effort.padEnd(7)} ${r.severity(target).padEnd(12)} ${r.summary.replace(/`/g, '')}\n`);
  }
  return EXIT_CLEAN;
}

function explain(argv: string[]): number {
  const code = argv[0];
  if (!code) throw new UsageError('explain needs a rule code or name');
  const rule = ruleByCode(code.toUpperCase()) ?? allRules.find((r) => r.name === code);
  if (!rule) throw new UsageError(`unknown rule '${code}' (see ascend-port rules)`);
  process.stdout.write(`# ${rule.code} ${rule.name}\n\n${rule.summary}\n${rule.docs}`);
  return EXIT_CLEAN;
}

export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'scan':
        return await scan(rest);
      case 'rules':
        return listRules(rest);
      case 'report':
        return await report(rest, (m) => new UsageError(m), VERSION, DEFAULT_EXTENSIONS);
      case 'port':
        return await port(rest, (m) => new UsageError(m));
      case 'verify':
        return await verify(rest, (m) => new UsageError(m));
      case 'migrate':
        return await migrate(rest, (m) => new UsageError(m), VERSION);
      case 'run-cpu':
        return await runCpuCommand(rest, (m) => new UsageError(m));
      case 'explain':
        return explain(rest);
      case '-v':
      case '--version':
        process.stdout.write(`${VERSION}\n`);
        return EXIT_CLEAN;
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(USAGE);
        return command === undefined ? EXIT_USAGE : EXIT_CLEAN;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`ascend-port: ${e.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    // A file system error (`--out` into a missing directory, a read-only file) is the
    // user's to fix: its message is enough. Anything else is our bug: keep the stack.
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    process.stderr.write(`ascend-port: ${typeof code === 'string' ? (e as Error).message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_USAGE;
  }
}

if (runAsWorker()) {
  // A scan worker thread (cli/workers.ts): it answers the main thread, nothing else.
} else if (require.main === module) {
  // `ascend-port scan … | head`: a reader that stops early is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  void run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
