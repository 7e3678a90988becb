/**
 * `ascend-port migrate <src-dir|files…> --out <dir> [--force] [--verify]`: the command line
 * over `node/migrate.ts` (what it writes, and what it refuses, is described there).
 */
import * as path from 'node:path';
import { DEFAULT_MAX_FILE_BYTES, Engine, parseTarget } from '../engine';
import { runMigration } from '../node/migrate';
import { findProjectConfigFrom, readProjectConfig } from '../node/projectFile';
import { CliContexts, eachArgument, emptyBuildFlags, maxFileBytesOf } from './buildFlags';

export const MIGRATE_USAGE = `migrate options:
  --out <dir>         the new tree (required); refused inside a source folder, and when it is
                      not empty unless --force
  --force             write into a non-empty --out (files of the same name are replaced)
  --verify            run every complete port, as written into --out, against its CUDA kernel on
                      the CPU (see verify) and record the result; exit 1 when one does not match
  --target <soc>, --cann <version>   as for scan
  --max-file-size <MB>  as for scan (larger files are copied unchanged)
  -D, -U, -I, --compile-commands   the build configuration, as for scan
  the sources are read, never written; MIGRATION.md in --out lists what was done and what is left
`;

export async function migrate(argv: string[], usage: (m: string) => Error, version: string): Promise<number> {
  const inputs: string[] = [];
  let out: string | undefined;
  let soc: string | undefined;
  let cann: string | undefined;
  let force = false;
  let verifyPorts = false;
  let maxFileBytes = DEFAULT_MAX_FILE_BYTES;
  const build = emptyBuildFlags();
  eachArgument(argv, build, usage, (a, value) => {
    if (a === '--out' || a === '-o') out = value();
    else if (a === '--target') soc = value();
    else if (a === '--cann') cann = value();
    else if (a === '--force') force = true;
    else if (a === '--verify') verifyPorts = true;
    else if (a === '--max-file-size') maxFileBytes = maxFileBytesOf(value(), usage); else if (a.startsWith('-')) throw usage(`unknown option ${a}`);
    else inputs.push(a);
  });
  if (!inputs.length) throw usage('migrate needs a source folder or files');
  if (!out) throw usage('migrate needs --out <dir>: the sources are never written');
  const { target, problems } = parseTarget(soc, cann);
  if (problems.length) throw usage(problems.join('; '));

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
      onRoot: (root) => {
        const configFile = findProjectConfigFrom(root);
        const project = configFile ? readProjectConfig(configFile) : undefined;
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
    return failed.length ? 1 : 0;
  } finally {
    engine.dispose();
  }
}
