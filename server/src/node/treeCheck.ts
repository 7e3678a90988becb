/**
 * The consistency check of a migrated tree (`migrate`, after writing): every kernel file, and
 * every host file with the launch-wrapper headers it includes, is compiled with
 * `g++ -std=c++17 -fsyntax-only` against the declarations generated from the API table
 * (`declarationsHeader`: the Ascend C device API and the ACL host API, qualifiers defined
 * away). `kernel_operator.h` and `acl/acl.h` both resolve to those declarations, so a call of
 * an API that does not exist, or with the wrong arity or types, is an error.
 *
 * An error on a line carrying `TODO(ascend-port)` is expected (the TODO says what is left) and
 * is reported, not counted; any other error fails the check. It says nothing about device-side
 * semantics (alignment, buffer sizes): `verify` and `run-cpu` cover those.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { declarationsHeader } from '../engine';
import type { Migration } from './migrate';
import { run } from './verify';

export interface CheckedFile {
  /** Relative to the tree. */
  file: string;
  kind: 'kernel' | 'host';
  /** Errors on lines without a TODO: each one a failure. */
  errors: CheckMessage[];
  /** Errors on TODO lines: expected, listed. */
  onTodoLines: CheckMessage[];
}

export interface CheckMessage {
  /** Relative to the tree when inside it, else as the compiler printed it. */
  file: string;
  line: number;
  message: string;
}

export interface TreeCheck {
  status: 'pass' | 'fail' | 'not run';
  note?: string;
  files: CheckedFile[];
}

const CHECK_TIMEOUT_MS = 120_000;
const HOST_EXT = /\.(cu|cpp|cc|cxx|c)$/;
const MAX_MESSAGES = 50;

export async function checkTree(outDir: string, m: Migration, compiler: string | undefined, signal?: AbortSignal, jobs = os.availableParallelism?.() ?? os.cpus().length): Promise<TreeCheck> {
  if (!compiler) return { status: 'not run', note: 'no C++ compiler was found', files: [] };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-check-'));
  try {
    fs.writeFileSync(path.join(dir, 'ascendc_decls.h'), declarationsHeader(m.target.cann === '9.x' ? '9.x' : '8.x'));
    fs.writeFileSync(path.join(dir, 'kernel_operator.h'), '#pragma once\n#include "ascendc_decls.h"\n');
    fs.mkdirSync(path.join(dir, 'acl'));
    fs.writeFileSync(path.join(dir, 'acl', 'acl.h'), '#pragma once\n#include "../ascendc_decls.h"\n');
    const launch = '-DASCEND_PORT_LAUNCH(kernel,blocks,stream,...)=((void)(blocks),(void)(stream),kernel(__VA_ARGS__))';
    const userFlags = [...(m.includePaths ?? []).flatMap((d) => ['-I', d]), ...Object.entries(m.defines ?? {}).map(([k, v]) => `-D${k}=${v}`)];
    const todoLines = new Map<string, Set<number>>();
    const todosOf = (abs: string): Set<number> => {
      let set = todoLines.get(abs);
      if (!set) {
        set = new Set();
        try {
          fs.readFileSync(abs, 'utf8').split('\n').forEach((l, i) => l.includes('TODO(ascend-port)') && set!.add(i + 1));
        } catch {
          // not readable: no TODO lines
        }
        todoLines.set(abs, set);
      }
      return set;
    };
    const targets: { file: string; kind: 'kernel' | 'host' }[] = [
      ...m.files.flatMap((f) => f.generated.filter((g) => /\.(cpp|asc)$/.test(g)).map((g) => ({ file: g, kind: 'kernel' as const }))),
      ...m.files.filter((f) => f.status === 'migrated' && HOST_EXT.test(f.output)).map((f) => ({ file: f.output, kind: 'host' as const })),
    ];
    const checkOne = async (t: { file: string; kind: 'kernel' | 'host' }): Promise<CheckedFile> => {
      const abs = path.join(outDir, t.file);
      const r = await run(compiler, ['-std=c++17', '-fsyntax-only', '-w', '-fmax-errors=200', '-I', dir, '-I', path.dirname(abs), '-I', outDir, ...userFlags, launch, '-x', 'c++', abs], dir, CHECK_TIMEOUT_MS, signal);
      const checked: CheckedFile = { file: t.file, kind: t.kind, errors: [], onTodoLines: [] };
      if (r.code !== 0) {
        const messages = parseErrors(r.stderr);
        if (!messages.length) checked.errors.push({ file: t.file, line: 0, message: r.stderr.trim().split('\n').slice(-3).join(' ').slice(0, 400) || 'the compiler failed without an error message' });
        for (const e of messages) {
          const rel = path.relative(outDir, e.file);
          const inTree = !rel.startsWith('..') && !path.isAbsolute(rel);
          const msg = { file: inTree ? rel.split(path.sep).join('/') : e.file, line: e.line, message: e.message };
          if (todosOf(path.resolve(dir, e.file)).has(e.line)) checked.onTodoLines.push(msg);
          else checked.errors.push(msg);
        }
        checked.errors = checked.errors.slice(0, MAX_MESSAGES);
        checked.onTodoLines = checked.onTodoLines.slice(0, MAX_MESSAGES);
      }
      return checked;
    };
    // A few compiler runs at once; results in the order of the files.
    const files: CheckedFile[] = new Array(targets.length);
    let next = 0;
    const worker = async () => {
      while (next < targets.length && !signal?.aborted) {
        const i = next++;
        files[i] = await checkOne(targets[i]!);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, targets.length)) }, worker));
    if (signal?.aborted) return { status: 'not run', note: 'cancelled', files: files.filter(Boolean) };
    return { status: files.some((f) => f.errors.length) ? 'fail' : 'pass', files };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `file:line:col: error: message` lines (fatal errors too), one per error. */
export function parseErrors(stderr: string): { file: string; line: number; message: string }[] {
  const out: { file: string; line: number; message: string }[] = [];
  for (const l of stderr.split('\n')) {
    const m = /^(.+?):(\d+):(?:\d+:)?\s*(?:fatal )?error:\s*(.*)$/.exec(l);
    if (m) out.push({ file: m[1]!, line: Number(m[2]), message: m[3]! });
  }
  return out;
}
