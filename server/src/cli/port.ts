/**
 * `ascend-port port <file.cu> [--kernel NAME]... [--out DIR] [--fix]`: the editor's
 * "Port kernel to Ascend C" and "fix all" for batch use. Writes `<stem>_ascend.cpp` (or
 * `.asc` for CANN 9.x) beside the source or into --out, prints one line per kernel
 * (complete or skeleton, and why), and with --fix applies every safe fix to the source.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, Engine, parseTarget, portableKernels, portFileName, portKernel, safeFixEdits } from '../engine';

export const PORT_USAGE = `port options:
  --kernel <name>     port only this kernel (repeatable; default: every __global__ kernel)
  --out <dir>         write the Ascend C file there (default: beside the source)
  --target <soc>, --cann <version>   as for scan
  --fix               also apply every safe fix to the source file (fix-all), in place
`;

export async function port(argv: string[], usage: (m: string) => Error): Promise<number> {
  const kernels: string[] = [];
  let file: string | undefined;
  let out: string | undefined;
  let soc: string | undefined;
  let cann: string | undefined;
  let fix = false;
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
    if (out) fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(dest, ports.map((p) => p.text).join('\n'));
    for (const p of ports) process.stdout.write(`${p.kernel}: ${p.kind}${p.kind === 'skeleton' ? ` (${[...p.reasons, `blockers: ${[...new Set(p.blockers.map((b) => b.code))].join(', ') || 'none found'}`].join('; ')})` : ''}\n`);
    process.stdout.write(`wrote ${dest}\n`);
    if (fix) {
      const edits = safeFixEdits(analysis.findings);
      fs.writeFileSync(file, applyEdits(text, edits, (p) => doc.lines.offsetAt(p)));
      process.stdout.write(`applied ${edits.length} safe fixes to ${file}\n`);
    }
    return 0;
  } finally {
    doc.dispose();
    engine.dispose();
  }
}
