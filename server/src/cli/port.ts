/**
 * `ascend-port port <file.cu> [--kernel NAME]... [--out DIR] [--replace-launches] [--fix] [--verify]`:
 * the editor's "Port kernel to Ascend C", "Replace launches" and "fix all" for batch use.
 * Writes each kernel's block into `<stem>_ascend.cpp` (or `.asc` for CANN 9.x) and, for
 * complete ports, the launch wrapper's declaration into `<stem>_ascend.h`, beside the source
 * or into --out. A kernel ported before is replaced in place; other blocks (and hand edits
 * outside this kernel's block) are kept. Prints one line per kernel (complete or skeleton,
 * and why). The source is only changed with --replace-launches or --fix; --verify runs each
 * complete port against its CUDA kernel on the CPU. Reading and writing go through
 * `node/source.ts`, the admission path every command shares.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, DEFAULT_MAX_FILE_BYTES, Engine, headerPreamble, parseTarget, portableKernels, portFileName, portKernel, previousPort, replaceLaunches, safeFixEdits } from '../engine';
import { formatVerify, verifyFile } from '../node/verify';
import { readSource, writeGenerated, writeSourceBack, WriteRefused } from '../node/source';
import { findProjectConfigFrom, readProjectConfig } from '../node/projectFile';
import { CliContexts, eachArgument, emptyBuildFlags, maxFileBytesOf } from './buildFlags';

export const PORT_USAGE = `port options:
  --kernel <name>     port only this kernel (repeatable; default: every __global__ kernel)
  --out <dir>         write the Ascend C file there (default: beside the source)
  --target <soc>, --cann <version>   as for scan
  --replace-launches  also replace the CUDA launches of completely ported kernels with the
                      Ascend C launch wrapper and include <stem>_ascend.h, in place
  --fix               also apply every safe fix to the source file (fix-all), in place;
                      --fix and --replace-launches are refused (exit 2) for a file that is not UTF-8
  --verify            run every complete port it writes against its CUDA kernel on the CPU (see verify);
                      exit 1 when one does not match
  --max-file-size <MB>  as for scan
  -D, -U, -I, --compile-commands   the build configuration, as for scan
  an existing output file keeps its hand edits: only the ported kernels' blocks are replaced
`;

export async function port(argv: string[], usage: (m: string) => Error): Promise<number> {
  const kernels: string[] = [];
  let file: string | undefined;
  let out: string | undefined;
  let soc: string | undefined;
  let cann: string | undefined;
  let fix = false;
  let maxFileBytes = DEFAULT_MAX_FILE_BYTES;
  let replace = false;
  let verifyPorts = false;
  const build = emptyBuildFlags();
  eachArgument(argv, build, usage, (a, value) => {
    if (a === '--kernel') kernels.push(value());
    else if (a === '--out' || a === '-o') out = value();
    else if (a === '--target') soc = value();
    else if (a === '--cann') cann = value();
    else if (a === '--fix') fix = true;
    else if (a === '--replace-launches') replace = true;
    else if (a === '--verify') verifyPorts = true;
    else if (a === '--max-file-size') maxFileBytes = maxFileBytesOf(value(), usage);
    else if (a.startsWith('-')) throw usage(`unknown option ${a}`);
    else if (file) throw usage('port takes one source file');
    else file = a;
  });
  if (!file) throw usage('port needs a source file');
  const { target, problems } = parseTarget(soc, cann);
  if (problems.length) throw usage(problems.join('; '));
  // The same admission as scan: size before reading, binary, encoding. A file that is not
  // UTF-8 is analysed and ported read-only; --fix refuses to write it back.
  const read = readSource(file, { maxFileBytes, symlinks: 'follow' });
  if (!read.ok) {
    process.stderr.write(`ascend-port: ${'error' in read ? `cannot read ${file}: ${read.error}` : `${file}: ${read.notice.message}`}\n`);
    return 2;
  }
  const source = read.file;
  if (source.notice) process.stderr.write(`ascend-port: warning: ${file}: ${source.notice.message}\n`);
  if ((fix || replace) && !source.exact) {
    process.stderr.write(`ascend-port: refusing ${fix ? '--fix' : '--replace-launches'} on ${file}: it is not valid UTF-8 (GBK or Latin-1?), so writing it back would change bytes it did not edit; re-save it as UTF-8 first\n`);
    return 2;
  }
  const text = source.text;
  const configFile = findProjectConfigFrom(path.dirname(path.resolve(file)));
  const project = configFile ? readProjectConfig(configFile) : undefined;
  const contexts = new CliContexts(build, project && configFile && !project.problems.length ? { config: project.config, file: configFile } : undefined, maxFileBytes);
  for (const p of contexts.problems) process.stderr.write(`ascend-port: warning: ${p}\n`);
  const context = contexts.contextFor(file);
  const engine = await Engine.create();
  const doc = engine.open(text, context);
  try {
    const analysis = engine.analyze(doc, { target });
    const names = portableKernels(doc).map((k) => k.name);
    const unknown = kernels.filter((k) => !names.includes(k));
    if (unknown.length) throw usage(`no __global__ kernel named ${unknown.join(', ')} in ${file} (found: ${names.join(', ') || 'none'})`);
    const chosen = kernels.length ? kernels : names;
    if (!chosen.length) process.stdout.write(`${file}: no __global__ kernels to port\n`);
    else {
      const ports = chosen.map((k) => portKernel(doc, analysis, k, target, path.basename(file!))!);
      const extension = target.cann === '9.x' ? '.asc' : '.cpp';
      const dest = out ? path.join(out, path.basename(portFileName(file, extension))) : portFileName(file, extension);
      if (out) fs.mkdirSync(out, { recursive: true });
      const header = out ? path.join(out, path.basename(portFileName(file, '.h'))) : portFileName(file, '.h');
      // Like the editor: an existing file keeps everything but the blocks of the kernels
      // ported again, so hand edits elsewhere survive.
      const written = writeBlocks(dest, ports.map((p) => ({ kernel: p.kernel, text: p.text })), '');
      const declarations = ports.filter((p) => p.declaration).map((p) => ({ kernel: p.kernel, text: p.declaration! }));
      if (declarations.length) writeBlocks(header, declarations, headerPreamble(path.basename(dest)));
      for (const p of ports) process.stdout.write(`${p.kernel}: ${p.kind}${p.kind === 'skeleton' ? ` (${[...p.reasons, `blockers: ${[...new Set(p.blockers.map((b) => b.code))].join(', ') || 'none found'}`].join('; ')})` : ''}\n`);
      process.stdout.write(`${written.existed ? `updated ${dest} (${written.replaced} replaced, ${written.appended} appended)` : `wrote ${dest}`}${declarations.length ? ` and ${header}` : ''}\n`);
      let sourceText = text;
      if (replace) {
        const edits = ports.flatMap((p) => replaceLaunches(doc, p.kernel, target, path.basename(header))?.edits ?? []);
        sourceText = applyEdits(sourceText, edits, (p) => doc.lines.offsetAt(p));
        process.stdout.write(`replaced ${edits.filter((e) => e.newText.startsWith('Launch')).length} launches in ${file}\n`);
      }
      if (fix) {
        const edits = safeFixEdits(analysis.findings);
        sourceText = applyEdits(sourceText, edits, (p) => doc.lines.offsetAt(p));
        process.stdout.write(`applied ${edits.length} safe fixes to ${file}\n`);
      }
      if (sourceText !== text) writeSourceBack(source, sourceText);
      const complete = ports.filter((p) => p.kind === 'complete').map((p) => p.kernel);
      if (verifyPorts && complete.length) {
        // The port as written (the kernel file), against the CUDA source as it was read.
        const result = await verifyFile(engine, { file, text, target, kernels: complete, portFile: dest, context });
        process.stdout.write(formatVerify(result));
        if (result.status !== 'pass') return result.status === 'fail' ? 1 : 2;
      }
    }
    if (fix && !chosen.length) {
      const edits = safeFixEdits(analysis.findings);
      if (edits.length) writeSourceBack(source, applyEdits(text, edits, (p) => doc.lines.offsetAt(p)));
      process.stdout.write(`applied ${edits.length} safe fixes to ${file}\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof WriteRefused) {
      process.stderr.write(`ascend-port: ${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    doc.dispose();
    engine.dispose();
  }
}

/**
 * Puts each kernel's block into a generated file through the admission path: an existing
 * file (not a symlink, valid UTF-8) keeps everything but the blocks of the kernels ported
 * again; a new file starts with `preamble`.
 */
function writeBlocks(file: string, blocks: readonly { kernel: string; text: string }[], preamble: string): { existed: boolean; replaced: number; appended: number } {
  const existing = fs.existsSync(file) || isLink(file) ? readSource(file, { symlinks: 'skip', maxFileBytes: Number.MAX_SAFE_INTEGER }) : null;
  if (existing && !existing.ok) throw new WriteRefused(`refusing to write ${file}: ${'error' in existing ? existing.error : existing.notice.message.replace(/^skipped: /, '')}`);
  if (existing && !existing.file.exact) throw new WriteRefused(`refusing to write ${file}: it is not valid UTF-8, so its hand edits could not be kept byte for byte`);
  const merged = mergePorts(existing ? existing.file.text : preamble.length ? preamble : null, blocks);
  if (existing) writeSourceBack(existing.file, merged.text);
  else writeGenerated(file, merged.text);
  return { existed: !!existing, replaced: merged.replaced, appended: merged.appended };
}

function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The editor's rule for an existing output file (`previousPort`): a kernel ported before
 * has its block replaced, a new one is appended; the rest of the file is kept as it is.
 */
export function mergePorts(existing: string | null, ports: readonly { kernel: string; text: string }[]): { text: string; replaced: number; appended: number } {
  if (existing === null) return { text: ports.map((p) => p.text).join('\n'), replaced: 0, appended: ports.length };
  let text = existing;
  let replaced = 0;
  let appended = 0;
  for (const p of ports) {
    const previous = previousPort(text, p.kernel);
    if (previous) {
      text = text.slice(0, previous.start) + p.text + text.slice(previous.end);
      replaced++;
    } else {
      text = text.length === 0 ? p.text : `${text}${text.endsWith('\n') ? '' : '\n'}\n${p.text}`;
      appended++;
    }
  }
  return { text, replaced, appended };
}
