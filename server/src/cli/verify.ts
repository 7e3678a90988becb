/**
 * `ascend-port verify FILE.cu [--kernel NAME]... [--port PORT_FILE] [--target SOC] [--cann V]
 * [--sizes N,N,…] [--compiler CXX] [--json] [--keep]`: runs each kernel and its Ascend C port
 * on the CPU and compares them (see node/verify.ts). Exit 0 on pass, 1 on a mismatch or a
 * model violation, 2 on usage, toolchain or build errors.
 */
import * as fs from 'node:fs';
import { Engine, parseTarget } from '../engine';
import { readSource } from '../node/source';
import { formatVerify, verifyFile, type VerifyResult } from '../node/verify';
import { findProjectConfigFrom, readProjectConfig } from '../node/projectFile';
import { CliContexts, eachArgument, emptyBuildFlags } from './buildFlags';
import * as path from 'node:path';

export const VERIFY_USAGE = `verify options:
  --kernel <name>     verify only this kernel (repeatable; default: every kernel with a complete port)
  --port <file>       verify this Ascend C file (a finished skeleton, a hand-edited port) instead of the generated port
  --sizes <n,n,…>     element counts to run (default: 1, below one 32-byte block, ragged, several cores, more tiles than cores)
  --compiler <cxx>    C++17 compiler (default: $CXX, g++, clang++)
  -D, -U, -I, --compile-commands   the build configuration, as for scan: the analysis sees it, and
                      the CUDA side is compiled with its defines and include folders
  --target <soc>, --cann <version>   as for scan
  --json              print the result as JSON
  --keep              keep the generated build folder (its path is printed)
`;

export async function verify(argv: string[], usage: (m: string) => Error): Promise<number> {
  const kernels: string[] = [];
  let file: string | undefined;
  let portFile: string | undefined;
  let soc: string | undefined;
  let cann: string | undefined;
  let compiler: string | undefined;
  let sizes: number[] | undefined;
  let json = false;
  let keep = false;
  const build = emptyBuildFlags();
  eachArgument(argv, build, usage, (a, value) => {
    if (a === '--kernel') kernels.push(value());
    else if (a === '--port') portFile = value();
    else if (a === '--target') soc = value();
    else if (a === '--cann') cann = value();
    else if (a === '--compiler') compiler = value();
    else if (a === '--sizes') {
      sizes = value().split(',').map((s) => Number(s.trim()));
      if (!sizes.length || sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 1e9)) throw usage('--sizes takes whole numbers from 1 to 1e9, comma-separated');
    } else if (a === '--json') json = true;
    else if (a === '--keep') keep = true;
    else if (a.startsWith('-')) throw usage(`unknown option ${a}`);
    else if (file) throw usage('verify takes one CUDA source file');
    else file = a;
  });
  if (!file) throw usage('verify needs a CUDA source file');
  const { target, problems } = parseTarget(soc, cann);
  if (problems.length) throw usage(problems.join('; '));
  // The admission path every command shares (size, binary, encoding, symlinks); verify only reads.
  const read = readSource(file, { symlinks: 'follow' });
  if (!read.ok) {
    process.stderr.write(`ascend-port: ${'error' in read ? `cannot read ${file}: ${read.error}` : `${file}: ${read.notice.message}`}\n`);
    return 2;
  }
  if (read.file.notice) process.stderr.write(`ascend-port: warning: ${file}: ${read.file.notice.message}\n`);
  const text = read.file.text;
  if (portFile && !fs.existsSync(portFile)) {
    process.stderr.write(`ascend-port: cannot read the port ${portFile}\n`);
    return 2;
  }
  const configFile = findProjectConfigFrom(path.dirname(path.resolve(file)));
  const project = configFile ? readProjectConfig(configFile) : undefined;
  const contexts = new CliContexts(build, project && configFile && !project.problems.length ? { config: project.config, file: configFile } : undefined);
  for (const p of contexts.problems) process.stderr.write(`ascend-port: warning: ${p}\n`);
  const context = contexts.contextFor(file);
  const engine = await Engine.create();
  let result: VerifyResult;
  try {
    result = await verifyFile(engine, { file, text, kernels, portFile, target, sizes, compiler, keep, context });
  } finally {
    engine.dispose();
  }
  process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : formatVerify(result));
  if (keep && result.dir) process.stdout.write(`build folder: ${result.dir}\n`);
  return result.status === 'pass' ? 0 : result.status === 'fail' ? 1 : 2;
}
