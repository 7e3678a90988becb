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
import { declarationsHeader, DECLARED_HEADERS } from '../engine';
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
    for (const h of DECLARED_HEADERS) {
      fs.mkdirSync(path.join(dir, path.dirname(h)), { recursive: true });
      fs.writeFileSync(path.join(dir, h), `#pragma once\n#include ${JSON.stringify(path.join(dir, 'ascendc_decls.h'))}\n`);
    }
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
    const inTree = (f: string) => {
      const rel = path.relative(outDir, path.resolve(dir, f));
      return !rel.startsWith('..') && !path.isAbsolute(rel);
    };
    const compile = async (abs: string, source: string) => {
      const r = await run(compiler, ['-std=c++17', '-fsyntax-only', '-w', '-fmax-errors=200', '-I', dir, '-I', path.dirname(abs), '-I', outDir, ...userFlags, launch, '-x', 'c++', source], dir, CHECK_TIMEOUT_MS, signal);
      return { ok: r.code === 0, stderr: r.stderr, messages: r.code === 0 ? [] : parseErrors(r.stderr) };
    };
    const checkOne = async (t: { file: string; kind: 'kernel' | 'host' }): Promise<CheckedFile> => {
      const abs = path.join(outDir, t.file);
      const checked: CheckedFile = { file: t.file, kind: t.kind, errors: [], onTodoLines: [] };
      let r = await compile(abs, abs);
      if (!r.ok && !r.messages.length) checked.errors.push({ file: t.file, line: 0, message: r.stderr.trim().split('\n').slice(-3).join(' ').slice(0, 400) || 'the compiler failed without an error message' });
      const seen = new Set<string>();
      const take = (messages: ReturnType<typeof parseErrors>) => {
        for (const e of messages) {
          // An error inside a header outside the tree counts at the tree's #include line that
          // pulled it in (a TODO there says the header needs the CUDA toolkit).
          const at = inTree(e.file) ? e : [...e.includedFrom].reverse().find((x) => inTree(x.file)) ?? e;
          const rel = path.relative(outDir, path.resolve(dir, at.file)).split(path.sep).join('/');
          const msg = { file: inTree(at.file) ? rel : at.file, line: at.line, message: at === e ? e.message : `${e.message} (in ${e.file}:${e.line}, included here)` };
          const key = `${msg.file}:${msg.line}:${msg.message}`;
          if (seen.has(key)) continue;
          seen.add(key);
          if (todosOf(path.resolve(dir, at.file)).has(at.line)) checked.onTodoLines.push(msg);
          else checked.errors.push(msg);
        }
      };
      take(r.messages);
      // A fatal error at a TODO #include line of this file (a header that needs the CUDA
      // toolkit) stops g++ there: the rest of the file is checked again without those lines,
      // so what depended on the header shows up too.
      const todoIncludes = new Set(checked.onTodoLines.filter((m) => m.file === t.file && /No such file or directory/.test(m.message)).map((m) => m.line));
      if (todoIncludes.size) {
        const lines = fs.readFileSync(abs, 'utf8').split('\n');
        for (const n of todoIncludes) if (/^\s*#\s*include\b/.test(lines[n - 1] ?? '')) lines[n - 1] = '// (left out for the check: a TODO include)';
        const copy = path.join(dir, `check-${t.file.replace(/[^A-Za-z0-9_.-]/g, '_')}`);
        fs.writeFileSync(copy, `#line 1 ${JSON.stringify(abs)}\n${lines.join('\n')}`);
        r = await compile(abs, copy);
        take(r.messages);
      }
      checked.errors = checked.errors.slice(0, MAX_MESSAGES);
      checked.onTodoLines = checked.onTodoLines.slice(0, MAX_MESSAGES);
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

/**
 * `file:line:col: error: message` lines (fatal errors too), one per error, each with the
 * include chain g++ printed before it (`In file included from a.cpp:3,` … outermost first).
 */
export function parseErrors(stderr: string): { file: string; line: number; message: string; includedFrom: { file: string; line: number }[] }[] {
  const out: { file: string; line: number; message: string; includedFrom: { file: string; line: number }[] }[] = [];
  let chain: { file: string; line: number }[] = [];
  for (const l of stderr.split('\n')) {
    const inc = /^(?:In file included from|\s+from)\s+(.+?):(\d+)[,:]\s*$/.exec(l);
    if (inc) {
      if (/^In file/.test(l)) chain = [];
      chain.push({ file: inc[1]!, line: Number(inc[2]) });
      continue;
    }
    const m = /^(.+?):(\d+):(?:\d+:)?\s*(?:fatal )?error:\s*(.*)$/.exec(l);
    if (m) {
      // g++ prints the innermost includer first: outermost first here.
      out.push({ file: m[1]!, line: Number(m[2]), message: m[3]!, includedFrom: [...chain].reverse() });
      chain = [];
    } else if (!/^\s/.test(l) && !/: (?:note|warning|In function|In member)/.test(l)) chain = [];
  }
  return out;
}
