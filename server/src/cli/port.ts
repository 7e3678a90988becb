/**
 * `ascend-port port <file.cu> [--kernel NAME]... [--out DIR] [--replace-launches] [--fix]`:
 * the editor's "Port kernel to Ascend C", "Replace launches" and "fix all" for batch use.
 * Writes each kernel's block into `<stem>_ascend.cpp` (or `.asc` for CANN 9.x) and, for
 * complete ports, the launch wrapper's declaration into `<stem>_ascend.h`, beside the source
 * or into --out. A kernel ported before is replaced in place; other blocks (and hand edits
 * outside this kernel's block) are kept. Prints one line per kernel (complete or skeleton,
 * and why). The source is only changed with --replace-launches or --fix.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatVerify, verifyFile } from '../node/verify';
import { applyEdits, Engine, headerPreamble, parseTarget, portableKernels, portFileName, portKernel, previousPort, replaceLaunches, safeFixEdits } from '../engine';

export const PORT_USAGE = `port options:
  --kernel <name>     port only this kernel (repeatable; default: every __global__ kernel)
  --out <dir>         write the Ascend C file there (default: beside the source)
  --target <soc>, --cann <version>   as for scan
  --replace-launches  also replace the CUDA launches of completely ported kernels with the
                      Ascend C launch wrapper and include <stem>_ascend.h, in place
  --fix               also apply every safe fix to the source file (fix-all), in place
  --verify            run every complete port it writes against its CUDA kernel on the CPU (see verify);
                      exit 1 when one does not match
`;

export async function port(argv: string[], usage: (m: string) => Error): Promise<number> {
  const kernels: string[] = [];
  let file: string | undefined;
  let out: string | undefined;
  let soc: string | undefined;
  let cann: string | undefined;
  let fix = false;
  let replace = false;
  let verifyPorts = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw usage(`${a} needs a value`);
      return v;
    };
    if (a === '--kernel') kernels.push(value());
    else if (a === '--out' || a === '-o') out = value();
    else if (a === '--target') soc = value();
    else if (a === '--cann') cann = value();
    else if (a === '--fix') fix = true;
    else if (a === '--replace-launches') replace = true;
    else if (a === '--verify') verifyPorts = true;
    else if (a.startsWith('-')) throw usage(`unknown option ${a}`);
    else if (file) throw usage('port takes one source file');
    else file = a;
  }
  if (!file) throw usage('port needs a source file');
  const { target, problems } = parseTarget(soc, cann);
  if (problems.length) throw usage(problems.join('; '));
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`ascend-port: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const engine = await Engine.create();
  const doc = engine.open(text);
  try {
    const analysis = engine.analyze(doc, { target });
    const names = portableKernels(doc).map((k) => k.name);
    const unknown = kernels.filter((k) => !names.includes(k));
    if (unknown.length) throw usage(`no __global__ kernel named ${unknown.join(', ')} in ${file} (found: ${names.join(', ') || 'none'})`);
    const chosen = kernels.length ? kernels : names;
    if (!chosen.length) {
      process.stdout.write(`${file}: no __global__ kernels to port\n`);
      return 0;
    }
    const ports = chosen.map((k) => portKernel(doc, analysis, k, target, path.basename(file!))!);
    const extension = target.cann === '9.x' ? '.asc' : '.cpp';
    const dest = out ? path.join(out, path.basename(portFileName(file, extension))) : portFileName(file, extension);
    const header = out ? path.join(out, path.basename(portFileName(file, '.h'))) : portFileName(file, '.h');
    if (out) fs.mkdirSync(out, { recursive: true });
    writeBlocks(dest, ports.map((p) => ({ kernel: p.kernel, text: p.text })), '');
    const declarations = ports.filter((p) => p.declaration).map((p) => ({ kernel: p.kernel, text: p.declaration! }));
    if (declarations.length) writeBlocks(header, declarations, headerPreamble(path.basename(dest)));
    for (const p of ports) process.stdout.write(`${p.kernel}: ${p.kind}${p.kind === 'skeleton' ? ` (${[...p.reasons, `blockers: ${[...new Set(p.blockers.map((b) => b.code))].join(', ') || 'none found'}`].join('; ')})` : ''}\n`);
    process.stdout.write(`wrote ${dest}${declarations.length ? ` and ${header}` : ''}\n`);
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
    if (sourceText !== text) fs.writeFileSync(file, sourceText);
    const complete = ports.filter((p) => p.kind === 'complete').map((p) => p.kernel);
    if (verifyPorts && complete.length) {
      // The port as written (the kernel file), against the CUDA source as it was read.
      const result = await verifyFile(engine, { file, text, target, kernels: complete, portFile: dest });
      process.stdout.write(formatVerify(result));
      if (result.status !== 'pass') return result.status === 'fail' ? 1 : 2;
    }
    return 0;
  } finally {
    doc.dispose();
    engine.dispose();
  }
}

/**
 * Puts each kernel's block into a generated file: an earlier block of the same kernel is
 * replaced where it stands, new ones are appended, and everything else in the file (other
 * kernels, hand edits outside the blocks) is kept.
 */
function writeBlocks(file: string, blocks: { kernel: string; text: string }[], preamble: string): void {
  let content: string | null = null;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch {
    content = null;
  }
  let next = content ?? preamble;
  for (const b of blocks) {
    const previous = previousPort(next, b.kernel);
    if (previous) next = next.slice(0, previous.start) + b.text + next.slice(previous.end);
    else next = next.length === 0 || next === preamble ? next + b.text : `${next}${next.endsWith('\n') ? '' : '\n'}\n${b.text}`;
  }
  fs.writeFileSync(file, next);
}
