/**
 * The migration of a project into a new tree, shared by `ascend-port migrate` and the editor's
 * "Migrate Workspace to Ascend C…" (`lsp/migrate.ts`): plain inputs in (paths, target, a
 * build context per file), a `Migration` record out, files written only under `out`, the
 * original untouched (like SYCLomatic's `dpct --in-root … --out-root …`).
 *
 * - Every source file (the scan's extensions) is carried over to the same relative path
 *   under `out`. A file with kernels gets an Ascend C kernel file (`<stem>_ascend.cpp`, or
 *   `.asc` for CANN 9.x) with every kernel, complete or skeleton, and a launch wrapper header
 *   for the complete ones. In the carried-over source, launches of complete kernels call the
 *   wrappers, every safe fix is applied (ACL calls, `acl/acl.h`), and each CUDA kernel
 *   definition gets a `TODO(ascend-port)` line saying where it went.
 * - A file the engine refuses (binary, over the size limit) or cannot write back byte for
 *   byte (not UTF-8) is copied unchanged, and MIGRATION.md says so.
 * - The build: `CMakeLists.txt` for CANN 8.x (the `ascendc_library` flow with `SOC_VERSION`),
 *   `build.sh` for CANN 9.x (`bisheng --npu-arch=…`); neither has been run here.
 * - `MIGRATION.md` and `migration.json`: per file, what was done, each kernel's verdict, and
 *   every finding left in the new tree at its new location (a fresh analysis of the output).
 *
 * Refused before anything is written: `out` inside a source folder or a source inside `out`,
 * a non-empty `out` without `force`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isCudaToolkitHeader } from '../engine/preproc/model';
import { applyEdits, Engine, finishHostText, headerPreamble, hostViewEdits, launchLinesByKernel, markedUnsafeFixEdits, portableKernels, portFileName, portKernel, replaceLaunches, safeFixEdits, type Finding, type SourceContext, type Target, type TextEdit } from '../engine';
import { readSource, writeGenerated, WriteRefused } from './source';
import { checkTree, type TreeCheck } from './treeCheck';
import { findCompiler, verifyFile } from './verify';
import { collectFiles, DEFAULT_EXTENSIONS } from '../cli/walk';

export interface MigratedKernel {
  name: string;
  kind: 'complete' | 'skeleton';
  /** The Ascend C file (relative to --out) holding its port. */
  file: string;
  reasons: string[];
  /** With --verify, for complete ports: the CPU run of the port against the CUDA original. */
  verified?: 'pass' | 'fail' | 'not run';
  verifyNote?: string;
}

export interface Remaining {
  code: string;
  rule: string;
  severity: string;
  /** 1-based, in the new tree. */
  line: number;
  message: string;
}

export interface TodoLine {
  /** Relative to --out. */
  file: string;
  /** 1-based. */
  line: number;
  /** The rule whose finding is on that line, when one is. */
  code?: string;
  /** The TODO's text, from `TODO(ascend-port)` on. */
  text: string;
}

export interface MigratedFile {
  /** Relative to the source root. */
  source: string;
  /** Where it is in the new tree, relative to --out: the same path, but a `.cu` source becomes `.cpp` (host code only once migrated). */
  output: string;
  /** Every `TODO(ascend-port)` line in the files written for it (the carried-over source, the kernel file). */
  todos: TodoLine[];
  /** `migrated`: analysed and rewritten; `copied`: carried over unchanged, with the reason. */
  status: 'migrated' | 'copied';
  note?: string;
  kernels: MigratedKernel[];
  /** Files written for it besides the carried-over source (kernel file, wrapper header). */
  generated: string[];
  fixesApplied: number;
  /** Unsafe fixes applied, each followed by a `TODO(ascend-port)` comment. */
  unsafeFixesApplied: number;
  launchesReplaced: number;
  remaining: Remaining[];
  /** Findings inside the CUDA definitions of kernels ported completely: not listed as work left. */
  inPortedKernels: number;
}

export interface Migration {
  tool: string;
  target: Target;
  sourceRoot: string;
  files: MigratedFile[];
  build: string;
  /** The build configuration the sources were read with (absolute include folders, defines): what run-cpu builds both programs with. */
  includePaths: string[];
  defines: Record<string, string>;
  /** The syntax check of every written kernel and host file against the API table's declarations (treeCheck.ts). */
  check: TreeCheck;
}

class Refused extends Error {}

export interface MigrateRequest {
  /** Source folders or files; the tree keeps their paths relative to their deepest common folder. */
  inputs: readonly string[];
  out: string;
  target: Target;
  /** Write into a non-empty `out`. */
  force?: boolean;
  /** Run every complete port, as written, against the CUDA original (a C++ compiler runs). */
  verify?: boolean;
  compiler?: string;
  /** Compiler runs of the consistency check at once (default: the cores). */
  jobs?: number;
  /** The syntax check of the new tree (on unless false, or a string: the reason it is skipped; needs a C++ compiler, else "not run"). */
  check?: boolean | string;
  maxFileBytes: number;
  /** Written into MIGRATION.md (`ascend-port 0.1.0`). */
  tool: string;
  /** The build context of a source file (its defines, include paths, header reader). */
  contextFor: (file: string) => SourceContext;
  /** Where the project file and build configuration were looked up (the common folder). */
  onRoot?: (root: string) => void;
  onFile?: (record: MigratedFile, done: number, total: number) => void;
  warn?: (message: string) => void;
  signal?: AbortSignal;
}

export type MigrateOutcome = { ok: true; migration: Migration } | { ok: false; refused: string };

/** The deepest folder holding every input (where a project file is looked up). */
export function migrationRoot(inputs: readonly string[]): string {
  return commonRoot(inputs);
}

/**
 * Migrates `inputs` into `out`. Refusals (out inside a source folder, a source inside out, a
 * non-empty out without `force`, a missing input, a symbolic link in the way) come back as
 * `{ ok: false }` before anything is written, or as soon as the link is met.
 */
export async function runMigration(engine: Engine, req: MigrateRequest): Promise<MigrateOutcome> {
  try {
    const outDir = realOrResolved(req.out);
    for (const input of req.inputs) {
      if (!fs.existsSync(input)) throw new Refused(`${input}: no such file or directory`);
      const src = realOrResolved(input);
      const srcDir = fs.statSync(src).isDirectory() ? src : path.dirname(src);
      if (inside(outDir, srcDir)) throw new Refused(`refusing to migrate into ${req.out}: it is inside the source folder ${srcDir}, and the sources are never written`);
      if (inside(src, outDir)) throw new Refused(`refusing to migrate ${input}: it is inside the output folder ${req.out}`);
    }
    if (fs.existsSync(outDir)) {
      if (!fs.statSync(outDir).isDirectory()) throw new Refused(`refusing to migrate into ${req.out}: it is not a folder`);
      if (fs.readdirSync(outDir).length && !req.force) throw new Refused(`refusing to migrate into ${req.out}: it is not empty (add --force to write into it)`);
    }
    const root = commonRoot(req.inputs);
    req.onRoot?.(root);
    const walked = collectFiles(req.inputs, DEFAULT_EXTENSIONS);
    for (const e of walked.errors) req.warn?.(`${e.path}: ${e.message}`);
    for (const l of walked.symlinks) req.warn?.(`${l}: a symbolic link, not followed and not carried over`);
    fs.mkdirSync(outDir, { recursive: true });
    const migration: Migration = { tool: req.tool, target: req.target, sourceRoot: root, files: [], build: '', includePaths: [], defines: {}, check: { status: 'not run', files: [] } };
    // Ascend C files already in the tree (earlier ports, hand-finished skeletons) are carried
    // over unchanged after the CUDA files; one whose path a new port took is kept beside it.
    const ascend = walked.files.filter(isAscendC);
    const files = [...walked.files.filter((f) => !ascend.includes(f)), ...ascend];
    const relatives = new Set(files.map((f) => path.relative(root, realOrResolved(f)).split(path.sep).join('/')));
    for (const [i, file] of files.entries()) {
      if (req.signal?.aborted) throw new Refused(`cancelled after ${i} of ${files.length} files; ${req.out} holds those files only`);
      const rel = path.relative(root, realOrResolved(file)).split(path.sep).join('/');
      let dest = path.join(outDir, rel);
      const copyDest = dest;
      // A migrated .cu file holds host code only: it becomes .cpp, unless a source of that name exists.
      const hostRel = rel.replace(/\.cu$/, '.cpp');
      if (!ascend.includes(file) && hostRel !== rel && !relatives.has(hostRel)) dest = path.join(outDir, hostRel);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      let record: MigratedFile;
      if (ascend.includes(file)) {
        const generated = migration.files.some((f) => f.generated.includes(rel));
        if (generated) dest = dest.replace(/(\.[^./]+)$/, '.previous$1');
        copyUnchanged(file, dest);
        const kept = path.relative(outDir, dest).split(path.sep).join('/');
        record = { source: rel, status: 'copied', note: generated ? `an Ascend C file already in the project: kept as ${kept}, since the migration wrote a new port at ${rel}; compare the two` : 'an Ascend C file already in the project', output: rel, todos: [], kernels: [], generated: [], fixesApplied: 0, unsafeFixesApplied: 0, launchesReplaced: 0, remaining: [], inPortedKernels: 0 };
      } else {
        const context = req.contextFor(file);
        if (i === 0) {
          migration.includePaths = context.includePaths.map((d) => path.resolve(d));
          migration.defines = { ...context.defines };
        }
        try {
          record = migrateFile(engine, file, rel, dest, copyDest, outDir, req.target, context, req.maxFileBytes);
        } catch (e) {
          if (e instanceof Refused || e instanceof WriteRefused) throw e;
          // An analysis that fails on one file (our bug) costs that file, not the migration.
          copyUnchanged(file, copyDest);
          dest = copyDest;
          record = { source: rel, status: 'copied', note: `could not be migrated (${e instanceof Error ? e.message : String(e)}): copied unchanged; please report it`, output: rel, todos: [], kernels: [], generated: [], fixesApplied: 0, unsafeFixesApplied: 0, launchesReplaced: 0, remaining: [], inPortedKernels: 0 };
        }
        if (req.verify) await verifyRecord(engine, record, file, outDir, req.target, context, req.compiler, req.signal);
      }
      record.output = path.relative(outDir, record.status === 'copied' && !ascend.includes(file) ? copyDest : dest).split(path.sep).join('/');
      record.todos = todoLines(outDir, record);
      migration.files.push(record);
      req.onFile?.(record, i + 1, files.length);
    }
    migration.build = writeBuild(outDir, migration, root);
    if (req.check === undefined || req.check === true) {
      const found = findCompiler(req.compiler);
      migration.check = await checkTree(outDir, migration, 'error' in found ? undefined : found.compiler, req.signal, req.jobs);
    } else migration.check = { status: 'not run', note: typeof req.check === 'string' ? req.check : 'not asked for', files: [] };
    writeGenerated(path.join(outDir, 'migration.json'), `${JSON.stringify(migration, null, 2)}\n`);
    writeGenerated(path.join(outDir, 'MIGRATION.md'), migrationMarkdown(migration));
    return { ok: true, migration };
  } catch (e) {
    if (e instanceof Refused || e instanceof WriteRefused) return { ok: false, refused: e.message };
    throw e;
  }
}

const inside = (child: string, parent: string) => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

function realOrResolved(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** The deepest folder holding every input. */
function commonRoot(inputs: readonly string[]): string {
  const dirs = inputs.map((i) => {
    const abs = realOrResolved(i);
    return fs.existsSync(abs) && fs.statSync(abs).isDirectory() ? abs : path.dirname(abs);
  });
  let root = dirs[0]!;
  while (!dirs.every((d) => inside(d, root))) root = path.dirname(root);
  return root;
}

/** A generated port or its header (`<stem>_ascend.cpp/.asc/.h`), an `.asc` file, or a file with Ascend C kernels. */
function isAscendC(file: string): boolean {
  if (/(_ascend\.(cpp|asc|h)|\.asc)$/.test(file)) return true;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(64 * 1024);
      const n = fs.readSync(fd, head, 0, head.length, 0);
      return /\b__aicore__\b|#\s*include\s*"kernel_operator\.h"/.test(head.subarray(0, n).toString('latin1'));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** Carries a file over byte for byte; never through a symbolic link already at `dest`. */
function copyUnchanged(file: string, dest: string): void {
  if (isLink(dest)) throw new Refused(`refusing to write ${dest}: it is a symbolic link`);
  fs.writeFileSync(dest, fs.readFileSync(file));
}

function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function migrateFile(engine: Engine, file: string, rel: string, dest: string, copyDest: string, outDir: string, target: Target, context: SourceContext, maxFileBytes: number): MigratedFile {
  const record: MigratedFile = { source: rel, status: 'migrated', output: rel, todos: [], kernels: [], generated: [], fixesApplied: 0, unsafeFixesApplied: 0, launchesReplaced: 0, remaining: [], inPortedKernels: 0 };
  const read = readSource(file, { maxFileBytes, symlinks: 'follow' });
  if (!read.ok) {
    copyUnchanged(file, copyDest);
    return { ...record, status: 'copied', note: 'error' in read ? `cannot read it: ${read.error}` : read.notice.message };
  }
  if (!read.file.exact) {
    copyUnchanged(file, copyDest);
    return { ...record, status: 'copied', note: 'not valid UTF-8 (GBK or Latin-1?): copied byte for byte, not rewritten; re-save it as UTF-8 and migrate again' };
  }
  const text = read.file.text;
  const doc = engine.open(text, context);
  let output = text;
  try {
    const analysis = engine.analyze(doc, { target });
    const kernels = portableKernels(doc);
    const edits: TextEdit[] = [];
    if (kernels.length) {
      const extension = target.cann === '9.x' ? '.asc' : '.cpp';
      const kernelFile = portFileName(dest, extension);
      const headerFile = portFileName(dest, '.h');
      const ports = kernels.map((k) => portKernel(doc, analysis, k.name, target, path.basename(file))!).filter(Boolean);
      writeGenerated(kernelFile, ports.map((p) => p.text).join('\n'));
      record.generated.push(path.relative(outDir, kernelFile).split(path.sep).join('/'));
      const declarations = ports.filter((p) => p.declaration);
      if (declarations.length) {
        writeGenerated(headerFile, headerPreamble(path.basename(kernelFile)) + declarations.map((p) => p.declaration!).join('\n'));
        record.generated.push(path.relative(outDir, headerFile).split(path.sep).join('/'));
      }
      const notes = new Map<string, string>();
      const where = path.basename(kernelFile);
      for (const p of ports) {
        record.kernels.push({ name: p.kernel, kind: p.kind, file: path.relative(outDir, kernelFile).split(path.sep).join('/'), reasons: p.kind === 'skeleton' ? p.reasons : [] });
        const line = (kernels.find((k) => k.name === p.kernel)?.range.start.line ?? 0) + 1;
        notes.set(
          p.kernel,
          p.kind === 'complete'
            ? `// \`${p.kernel}\` (line ${line} of the CUDA source) is ported completely to ${where}; its launches call the wrapper declared in ${path.basename(headerFile)}.`
            : `// TODO(ascend-port): \`${p.kernel}\` (line ${line} of the CUDA source) is only a skeleton in ${where}: ${p.reasons.join('; ').replace(/\s+/g, ' ')}. Finish the port there; the CUDA original is what it must compute.`,
        );
        if (p.kind === 'complete') {
          const r = replaceLaunches(doc, p.kernel, target, path.basename(headerFile));
          if (r) {
            edits.push(...r.edits);
            record.launchesReplaced += r.edits.filter((e) => e.newText.startsWith('Launch')).length;
          }
          // A launch through a launch wrapper (`ggml_cuda_kernel_launch(k, params, …)`) is not rewritten: it names a kernel the host file no longer has.
          for (const l of launchLinesByKernel(doc, 'wrapper').get(p.kernel) ?? []) {
            const at = { line: l, character: doc.lines.lineText(l).length };
            if (!/\\\s*$/.test(doc.lines.lineText(l))) edits.push({ range: { start: at, end: at }, newText: ` // TODO(ascend-port): launch of \`${p.kernel}\` through a launch wrapper: call the port's launch wrapper declared in ${path.basename(headerFile)} here` });
          }
        } else {
          for (const l of launchLinesByKernel(doc).get(p.kernel) ?? []) {
            const at = { line: l, character: doc.lines.lineText(l).length };
            if (!/\\\s*$/.test(doc.lines.lineText(l))) edits.push({ range: { start: at, end: at }, newText: ` // TODO(ascend-port): launch of the skeleton \`${p.kernel}\`: finish its port in ${where}, then call its launch wrapper here` });
          }
        }
      }
      const view = hostViewEdits(doc, notes);
      edits.push(...view.edits);
    }
    // Safe fixes that do not touch a span a launch rewrite already changed.
    const fixes = safeFixEdits(analysis.findings).filter((f) => !edits.some((e) => overlaps(e, f, doc.lines.offsetAt.bind(doc.lines))));
    record.fixesApplied = fixes.length;
    const unsafe = markedUnsafeFixEdits(analysis.findings, [...edits, ...fixes]);
    record.unsafeFixesApplied = unsafe.count;
    output = finishHostText(applyEdits(text, [...edits, ...fixes, ...unsafe.edits], (p) => doc.lines.offsetAt(p)), /\.cu$/.test(file));
  } finally {
    doc.dispose();
  }
  writeGenerated(dest, read.file.bom ? `\uFEFF${output}` : output);
  // What is left, where it now is: a fresh analysis of the carried-over file.
  // Findings inside the CUDA definition of a kernel ported completely are not work left.
  const after = engine.open(output, { ...context, path: file });
  try {
    const done = new Set(record.kernels.filter((k) => k.kind === 'complete').map((k) => k.name));
    const ported = portableKernels(after).filter((k) => done.has(k.name)).map((k) => k.range);
    const within = (f: Finding) => ported.some((r) => f.range.start.line >= r.start.line && f.range.start.line <= r.end.line);
    const findings = engine.analyze(after, { target }).findings;
    record.remaining = findings.filter((f) => !within(f)).map(remainingOf);
    record.inPortedKernels = findings.length - record.remaining.length;
  } finally {
    after.dispose();
  }
  // Every line that still needs a human says so in the file itself.
  const marked = markTodoLines(output, record.remaining, (name, quoted) => cudaHeaderBehind(name, quoted, path.dirname(file), context.includePaths));
  if (marked !== output) writeGenerated(dest, read.file.bom ? `\uFEFF${marked}` : marked);
  return record;
}

/** Runs the complete ports written for one file against the original CUDA (the source as read, the port as written). */
async function verifyRecord(engine: Engine, record: MigratedFile, file: string, outDir: string, target: Target, context: SourceContext, compiler?: string, signal?: AbortSignal): Promise<void> {
  const complete = record.kernels.filter((k) => k.kind === 'complete');
  if (!complete.length) return;
  const result = await verifyFile(engine, { file, text: fs.readFileSync(file, 'utf8'), target, kernels: complete.map((k) => k.name), portFile: path.join(outDir, complete[0]!.file), context, compiler, signal });
  for (const k of complete) {
    const v = result.kernels.find((x) => x.kernel === k.name);
    k.verified = v ? (v.pass ? 'pass' : v.error ? 'not run' : 'fail') : 'not run';
    const note = v?.error ?? (v ? undefined : result.message);
    if (note) k.verifyNote = note;
  }
}

/**
 * A `TODO(ascend-port)` at the end of every line of the carried-over source that still holds
 * CUDA a host compiler rejects: a warning or error finding left on it, a launch (`<<<`) or a
 * `dim3`. Lines only get text appended, so the findings' line numbers stay right. Inside a
 * macro's continuation lines the TODO is a block comment before the `\`.
 */
function markTodoLines(text: string, remaining: readonly Remaining[], cudaBehind: (name: string, quoted: boolean) => string | undefined = () => undefined): string {
  const byLine = new Map<number, string>();
  for (const r of remaining) if (!byLine.has(r.line - 1)) byLine.set(r.line - 1, `${r.code} ${r.rule}`);
  // Helpers named for CUDA (cuda-samples' findCudaDevice, checkCudaErrors) that this file does
  // not define: their headers define them only with the CUDA runtime.
  const defined = new Set([...text.matchAll(/^[ \t]*#[ \t]*define[ \t]+(\w+)/gm), ...text.matchAll(/\b(\w+)\s*\([^;{}()]*(?:\([^()]*\)[^;{}()]*)*\)\s*(?:const\s*)?\{/g)].map((m) => m[1]!));
  const lines = text.split('\n');
  // Function-like macros whose body launches a kernel: each use is a launch too.
  const launchMacros = [...text.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)\((?:[^\n\\]|\\\r?\n)*<<</gm)].map((m) => m[1]!);
  const macroUse = launchMacros.length ? new RegExp(`\\b(${launchMacros.join('|')})\\s*\\(`) : undefined;
  // Variables and parameters of a CUDA type (dim3, uchar4, cudaArray*, cudaTextureObject_t …):
  // every line using one.
  const typed = new RegExp(`\\b(?:dim3|${CUDA_VECTOR_TYPE.source}|${CUDA_NAME.source.replace(/^\\b/, '').replace(/\\b$/, '')})(?:\\s*<[^<>;]*>)?(?:\\s*(?:const\\b|\\*|&))*\\s*([A-Za-z_]\\w*)\\s*(?=[;=,()\\[{])`, 'g');
  const stripped = text.replace(/\/\/[^\n]*/g, '');
  const dim3Names = [...new Set([...stripped.matchAll(typed)].map((m) => m[1]!))].filter((n) => n.length > 1 && !/^(?:const|return|sizeof|operator)$/.test(n));
  const dim3Use = dim3Names.length ? new RegExp(`\\b(${dim3Names.join('|')})\\b`) : undefined;
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.includes('TODO(ascend-port)')) continue;
    const code = line.replace(/\/\/.*$|\/\*.*?\*\//g, '');
    const use = !/^\s*#\s*define\b/.test(code) ? macroUse?.exec(code)?.[1] : undefined;
    const name = CUDA_NAME.exec(code)?.[0];
    const dimVar = dim3Use?.exec(code)?.[1];
    const vector = new RegExp(`\\b(?:${CUDA_VECTOR_TYPE.source}|make_(?:${CUDA_VECTOR_TYPE.source}))\\b`).exec(code)?.[0];
    const inc = /^\s*#\s*include\s*(?:"([^"]+)"|<([^>]+)>)/.exec(code);
    const behind = inc ? cudaBehind((inc[1] ?? inc[2])!.trim(), inc[1] !== undefined) : undefined;
    const helper = [...code.matchAll(CUDA_HELPER)].map((m) => m[1]!).find((h) => !defined.has(h));
    const why =
      byLine.get(i) ??
      (behind
        ? `a header that includes the CUDA toolkit's \`${behind}\``
        : /<<</.test(code)
        ? 'a CUDA launch'
        : use
          ? `a CUDA launch through the macro ${use}`
          : /\bdim3\b/.test(code)
            ? 'a CUDA launch configuration (dim3)'
            : name
              ? `the CUDA name \`${name}\``
              : vector
                ? `the CUDA vector type \`${vector}\``
                : dimVar
                ? `\`${dimVar}\`, declared with a CUDA type`
              : helper
                ? `\`${helper}\`, a helper named for CUDA that this file does not define (its header defines it only with the CUDA runtime)`
                : undefined);
    if (!why) continue;
    const cr = line.endsWith('\r') ? '\r' : '';
    const body = cr ? line.slice(0, -1) : line;
    const note = `TODO(ascend-port): ${why} left here (see MIGRATION.md)`;
    const cont = /\\\s*$/.exec(body);
    lines[i] = cont ? `${body.slice(0, cont.index)}/* ${note} */ ${body.slice(cont.index)}${cr}` : `${body} // ${note}${cr}`;
    changed = true;
  }
  return changed ? lines.join('\n') : text;
}

/**
 * The CUDA toolkit header a workspace or library header includes directly (cuda-samples'
 * helper_math.h includes cuda_runtime.h), found through the including file's folder (quoted)
 * and the include paths; undefined for toolkit headers themselves (commented out already),
 * headers not found, and headers that include none. Reads at most 256 KB of one header.
 */
function cudaHeaderBehind(name: string, quoted: boolean, dir: string, includePaths: readonly string[]): string | undefined {
  if (isCudaToolkitHeader(name) || name.startsWith('acl/')) return undefined;
  for (const d of [...(quoted ? [dir] : []), ...includePaths]) {
    const f = path.resolve(d, name);
    let text: string;
    try {
      const fd = fs.openSync(f, 'r');
      try {
        const buf = Buffer.alloc(256 * 1024);
        text = buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0)).toString('latin1');
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      continue;
    }
    const masked = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ');
    for (const m of masked.matchAll(/^[ \t]*#[ \t]*include[ \t]*(?:<([^>\n]+)>|"([^"\n]+)")/gm)) {
      const inc = (m[1] ?? m[2])!.trim();
      if (isCudaToolkitHeader(inc)) return inc;
    }
    return undefined;
  }
  return undefined;
}

/** CUDA's vector types (`uchar4`, `float2`, `int3` …), which plain C++ does not have. */
const CUDA_VECTOR_TYPE = /(?:u?char|u?short|u?int|u?long|longlong|ulonglong|float|double|half|bfloat16)[1-4]/;

/** CUDA runtime, driver and library names, constants and namespaces, which ACL has none of. */
const CUDA_NAME = /\b(?:cuda[A-Z]\w*|CUDART_\w+|CUDA_[A-Z]\w*|cu[A-Z][a-z]\w*|CU_[A-Z]\w*|(?:cublas|curand|cufft|cusparse|cusolver|cudnn|nvrtc|nvtx)[A-Z_]\w*|(?:CUBLAS|CURAND|CUFFT|CUSPARSE|CUSOLVER|CUDNN|NVRTC)_\w+|cooperative_groups|nvcuda)\b/;
/** A call of a function named for CUDA (`findCudaDevice(`, `checkCudaErrors(`, `getLastCudaError(`). */
const CUDA_HELPER = /\b([A-Za-z_]\w*(?:Cuda|CUDA)\w*)\s*\(/g;

/** Every `TODO(ascend-port)` line of the files written for a record, with the rule of a finding left on that line. */
function todoLines(outDir: string, record: MigratedFile): TodoLine[] {
  if (record.status !== 'migrated') return [];
  const out: TodoLine[] = [];
  for (const file of [record.output, ...record.generated]) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(outDir, file), 'utf8');
    } catch {
      continue;
    }
    text.split('\n').forEach((l, i) => {
      const at = l.indexOf('TODO(ascend-port)');
      if (at < 0) return;
      const code = file === record.output ? record.remaining.find((r) => r.line === i + 1)?.code : undefined;
      out.push({ file, line: i + 1, ...(code ? { code } : {}), text: l.slice(at).replace(/\s*\*\/\s*$/, '').trim().slice(0, 400) });
    });
  }
  return out;
}

function overlaps(a: TextEdit, b: TextEdit, offsetAt: (p: { line: number; character: number }) => number): boolean {
  const [as, ae, bs, be] = [offsetAt(a.range.start), offsetAt(a.range.end), offsetAt(b.range.start), offsetAt(b.range.end)];
  if (as === ae || bs === be) return false;
  return as < be && bs < ae;
}

function remainingOf(f: Finding): Remaining {
  return { code: f.code, rule: f.rule, severity: f.severity, line: f.range.start.line + 1, message: f.message };
}

/**
 * The build for the new tree, written from the facts in the Ascend C reference (§5):
 * CANN 8.x builds kernels with CMake's `ascendc_library` (from CANN's `ascendc.cmake`) and
 * `SOC_VERSION`; CANN 9.x compiles `.asc` files with `bisheng --npu-arch=…`.
 */
function writeBuild(outDir: string, m: Migration, root: string): string {
  const kernelFiles = m.files.flatMap((f) => f.generated.filter((g) => /\.(cpp|asc)$/.test(g)));
  const hostFiles = m.files.filter((f) => f.status === 'migrated' && /\.(cu|cpp|cc|cxx|c)$/.test(f.output) && hasMain(path.join(outDir, f.output))).map((f) => f.output);
  const original = path.join(root, 'CMakeLists.txt');
  const carried = fs.existsSync(original) ? fs.readFileSync(original, 'utf8') : undefined;
  const name = path.basename(root).replace(/[^A-Za-z0-9_]/g, '_') || 'migrated';
  if (m.target.cann === '9.x') {
    const arch = NPU_ARCH[m.target.soc];
    const lines = [
      '#!/bin/sh',
      `# Build of the Ascend C tree migrated by ascend-port from ${name}, written for CANN 9.x:`,
      '# `bisheng <file>.asc --npu-arch=<arch>` compiles kernels and host code together.',
      '# Not run by ascend-port (no CANN toolkit was available): check it against your toolkit.',
      'set -e',
      ...(arch ? [`ARCH=${arch}`] : [`# TODO(ascend-port): the --npu-arch value for ${m.target.soc} is not confirmed by the reference this tool uses; set it.`, 'ARCH=${ARCH:?set ARCH to the --npu-arch value of your SoC}']),
      ...kernelFiles.map((k) => `bisheng ${k} -c --npu-arch=$ARCH -o ${k.replace(/\.asc$/, '.o')}`),
      ...(hostFiles.length ? [`# TODO(ascend-port): link the host program (${hostFiles.join(', ')}) with the kernel objects and ACL (-lascendcl).`] : []),
      '',
    ];
    writeGenerated(path.join(outDir, 'build.sh'), lines.join('\n'));
    fs.chmodSync(path.join(outDir, 'build.sh'), 0o755);
    return 'build.sh';
  }
  const lines = [
    `# Build of the Ascend C tree migrated by ascend-port from ${name}, written for CANN 8.x.`,
    "# It follows the shape of CANN's kernel-invocation samples: the kernels are one library",
    '# built by `ascendc_library` (from the toolkit\'s ascendc.cmake) for SOC_VERSION, and the host',
    '# program links it and ACL. Not run by ascend-port (no CANN toolkit was available).',
    'cmake_minimum_required(VERSION 3.16)',
    `project(${name} LANGUAGES CXX)`,
    '',
    `set(SOC_VERSION "${m.target.soc}" CACHE STRING "Ascend SoC the kernels are compiled for")`,
    'set(ASCEND_CANN_PACKAGE_PATH "$ENV{ASCEND_HOME_PATH}" CACHE PATH "CANN toolkit folder")',
    'if(EXISTS ${ASCEND_CANN_PACKAGE_PATH}/compiler/tikcpp/ascendc_kernel_cmake)',
    '  set(ASCENDC_CMAKE_DIR ${ASCEND_CANN_PACKAGE_PATH}/compiler/tikcpp/ascendc_kernel_cmake)',
    'else()',
    '  set(ASCENDC_CMAKE_DIR ${ASCEND_CANN_PACKAGE_PATH}/tools/tikcpp/ascendc_kernel_cmake)',
    'endif()',
    'include(${ASCENDC_CMAKE_DIR}/ascendc.cmake)',
    '',
    ...(kernelFiles.length ? ['ascendc_library(ascend_port_kernels STATIC', ...kernelFiles.map((k) => `  ${k}`), ')', ''] : ['# No kernels were found to build.', '']),
    ...(hostFiles.length
      ? [
          '# One program per host source with a main(): the CUDA host code with the ACL fixes applied.',
          '# TODO(ascend-port): finish the findings MIGRATION.md lists before these compile with a host compiler.',
          ...hostFiles.flatMap((h) => {
            const exe = h.replace(/\.[^./]+$/, '').replace(/[^A-Za-z0-9_]/g, '_');
            return [
              `add_executable(${exe} ${h})`,
              ...(h.endsWith('.cu') ? [`set_source_files_properties(${h} PROPERTIES LANGUAGE CXX)`] : []),
              `target_include_directories(${exe} PRIVATE \${ASCEND_CANN_PACKAGE_PATH}/include)`,
              `target_link_directories(${exe} PRIVATE \${ASCEND_CANN_PACKAGE_PATH}/lib64)`,
              `target_link_libraries(${exe} PRIVATE ${kernelFiles.length ? 'ascend_port_kernels ' : ''}ascendcl)`,
              '',
            ];
          }),
        ]
      : []),
    ...(carried
      ? ['# TODO(ascend-port): the original CMakeLists.txt, for its other targets and flags (CUDA ones do not apply):', ...carried.split(/\r?\n/).map((l) => `#   ${l}`), '']
      : []),
  ];
  writeGenerated(path.join(outDir, 'CMakeLists.txt'), lines.join('\n'));
  return 'CMakeLists.txt';
}

/** `--npu-arch` per SoC where the reference gives it (ascend-c.md §0.1: dav-2201 for 910B, dav-3510 for 950). */
const NPU_ARCH: Readonly<Record<string, string>> = {
  Ascend910B1: 'dav-2201',
  Ascend910B2: 'dav-2201',
  Ascend910B3: 'dav-2201',
  Ascend910B4: 'dav-2201',
  Ascend950: 'dav-3510',
};

function checkMarkdown(c: TreeCheck): string[] {
  const md = ['## Consistency check', ''];
  if (c.status === 'not run') return [...md, `Not run${c.note ? `: ${c.note}` : ''}. It compiles every kernel file and host file with \`g++ -fsyntax-only\` against the declarations of the Ascend C and ACL APIs this tool knows.`, ''];
  const errors = c.files.reduce((n, f) => n + f.errors.length, 0);
  const todo = c.files.reduce((n, f) => n + f.onTodoLines.length, 0);
  md.push(
    `${c.status === 'pass' ? 'Passed' : 'FAILED'}: ${c.files.length} files compiled with \`g++ -fsyntax-only\` against the declarations of the Ascend C and ACL APIs (${c.files.filter((f) => f.kind === 'kernel').length} kernel files, ${c.files.filter((f) => f.kind === 'host').length} host files); ${errors} error${errors === 1 ? '' : 's'} outside TODO lines, ${todo} on TODO lines (expected: the TODO says what is left). It checks names, arity and types, not device semantics (\`verify\` and \`run-cpu\` do).`,
    '',
  );
  for (const f of c.files) {
    for (const e of f.errors) md.push(`- error: ${e.file}:${e.line}: ${e.message}`);
    for (const e of f.onTodoLines) md.push(`- on a TODO line: ${e.file}:${e.line}: ${e.message}`);
  }
  if (errors || todo) md.push('');
  return md;
}

/** Whether a file defines `int main(` (a program's entry). */
export function hasMain(file: string): boolean {
  try {
    return /\bint\s+main\s*\(/.test(fs.readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}

function migrationMarkdown(m: Migration): string {
  const kernels = m.files.flatMap((f) => f.kernels);
  const complete = kernels.filter((k) => k.kind === 'complete');
  const md: string[] = [
    '# Migration to Ascend C',
    '',
    `Written by ${m.tool} for ${m.target.soc}, CANN ${m.target.cann}, from \`${m.sourceRoot}\` (not modified).`,
    '',
    `- ${m.files.length} files carried over, ${m.files.filter((f) => f.status === 'copied').length} of them unchanged.`,
    `- ${complete.length} of ${kernels.length} kernels ported completely; the others are skeletons with \`TODO(ascend-port)\` where work is left.`,
    `- ${m.files.reduce((n, f) => n + f.fixesApplied, 0)} safe fixes applied, ${m.files.reduce((n, f) => n + f.unsafeFixesApplied, 0)} unsafe fixes applied with a \`TODO(ascend-port)\` each, ${m.files.reduce((n, f) => n + f.launchesReplaced, 0)} launches replaced by launch-wrapper calls.`,
    `- ${m.files.reduce((n, f) => n + f.todos.length, 0)} \`TODO(ascend-port)\` lines in the new tree, all listed below.`,
    `- The build: \`${m.build}\`, written for CANN ${m.target.cann} and not run here (no CANN toolkit was available).`,
    '- The carried-over sources hold host code only: each kernel definition is replaced by a comment saying where its port is (a `TODO(ascend-port)` for a skeleton), device functions are removed (the ports carry what they need), `__host__ __device__` functions lose their qualifiers, and a `.cu` file becomes `.cpp`. The CUDA originals stay in the source tree.',
    '- A complete port is checked by running it against the CUDA original on the CPU (`migrate --verify`, or `ascend-port verify <source.cu> --port <port file>`).',
    '',
    ...checkMarkdown(m.check),
    '## Kernels',
    '',
    '| kernel | source | port | verdict |',
    '|---|---|---|---|',
    ...m.files.flatMap((f) =>
      f.kernels.map((k) => {
        const verdict = k.kind === 'complete' ? `complete${k.verified ? `, verify: ${k.verified}${k.verifyNote ? ` (${k.verifyNote})` : ''}` : ', not verified (migrate --verify)'}` : `skeleton: ${k.reasons.join('; ')}`;
        return `| \`${k.name}\` | ${f.source} | ${k.file} | ${verdict.replace(/\|/g, '\\|').replace(/\s+/g, ' ')} |`;
      }),
    ),
    '',
    '## Files',
    '',
  ];
  for (const f of m.files) {
    md.push(`### ${f.source}`, '');
    if (f.status === 'copied') md.push(`Copied unchanged: ${f.note}.`, '');
    else {
      md.push(`${f.output !== f.source ? `Now \`${f.output}\`. ` : ''}${f.fixesApplied} safe fix${f.fixesApplied === 1 ? '' : 'es'} applied, ${f.unsafeFixesApplied} unsafe (each with a TODO), ${f.launchesReplaced} launch${f.launchesReplaced === 1 ? '' : 'es'} replaced${f.generated.length ? `; generated ${f.generated.join(', ')}` : ''}${f.inPortedKernels ? `; ${f.inPortedKernels} findings inside the CUDA definitions of kernels ported completely are not listed` : ''}.`, '');
      if (f.remaining.length) {
        md.push(`Left to do (${f.remaining.length}):`, '');
        for (const r of f.remaining) md.push(`- line ${r.line}: ${r.code} ${r.rule} (${r.severity}): ${r.message.replace(/\s+/g, ' ')}`);
        md.push('');
      } else md.push('Nothing left that the rules find.', '');
      if (f.todos.length) {
        md.push(`TODO lines (${f.todos.length}):`, '');
        for (const t of f.todos) md.push(`- ${t.file}:${t.line}${t.code ? ` (${t.code})` : ''}: ${t.text.replace(/\s+/g, ' ')}`);
        md.push('');
      }
    }
  }
  return md.join('\n');
}
