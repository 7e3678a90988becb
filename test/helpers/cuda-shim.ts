/**
 * Compiles a CUDA file with the CPU shim (verify/include/cuda_cpu.h) the way
 * `ascend-port verify` does, together with a C++ test driver, and runs it:
 *
 *   g++ -std=c++17 -O1 -x c++ -I verify/include/cuda_stub -I verify/include
 *       -include cuda_cpu.h -Dmain=ap_user_main_ driver.cpp
 *
 * The driver `#include`s the file's cudaCpuView() text, then `#undef main` and defines
 * its own main. Compilation and the run are asynchronous so that tests can overlap them.
 */
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cudaCpuView } from '../../server/src/engine/verify/cudaCpuSource';

export const VERIFY_INCLUDE = path.resolve(__dirname, '../../verify/include');
export const CUDA_STUB = path.join(VERIFY_INCLUDE, 'cuda_stub');

export const SHIM_FLAGS = ['-std=c++17', '-O1', '-x', 'c++', '-I', CUDA_STUB, '-I', VERIFY_INCLUDE, '-include', 'cuda_cpu.h', '-Dmain=ap_user_main_'];

/** Null when g++ runs, else why not. */
export function gxxMissing(): string | null {
  const r = spawnSync('g++', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? null : `g++ is not available (${r.error ? String(r.error) : `exit ${r.status}`})`;
}

/** Checks and their results, printed by the driver prelude's EXPECT. */
export const DRIVER_PRELUDE = `
#undef main
#include <cstdio>
#include <cmath>
#include <vector>
static int ap_failures = 0;
#define EXPECT(cond, what)                                              \\
  do {                                                                  \\
    if (cond) std::printf("ok %s\\n", what);                            \\
    else { std::printf("FAIL %s (driver line %d)\\n", what, __LINE__); ap_failures++; } \\
  } while (0)
`;

export interface RunResult {
  compiled: boolean;
  compileErrors: string;
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Names of the EXPECT checks that passed, in order. */
  ok: string[];
  /** Lines starting with FAIL. */
  failed: string[];
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 << 20, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: number | string; signal?: string }) | null;
      resolve({
        code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
        signal: e?.signal ?? null,
        stdout: stdout ?? '',
        stderr: (stderr ?? '') + (e && typeof e.code === 'string' ? String(e) : ''),
      });
    });
  });
}

/**
 * Writes `source` through cudaCpuView (with `#line` pointing at `sourcePath`), compiles
 * it with `driver` (C++ after DRIVER_PRELUDE), and runs the program with a time limit.
 */
export async function compileAndRun(name: string, source: string, sourcePath: string, driver: string, timeoutMs = 60_000): Promise<RunResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ap-cuda-shim-${name}-`));
  try {
    const view = cudaCpuView(source, { path: sourcePath });
    fs.writeFileSync(path.join(dir, 'kernel.view.cu'), view.text);
    fs.writeFileSync(path.join(dir, 'driver.cpp'), `#include "kernel.view.cu"\n${DRIVER_PRELUDE}\n${driver}\n`);
    const exe = path.join(dir, 'driver');
    const c = await run('g++', [...SHIM_FLAGS, path.join(dir, 'driver.cpp'), '-o', exe], 120_000);
    if (c.code !== 0) return { compiled: false, compileErrors: c.stderr, status: null, signal: null, stdout: '', stderr: '', ok: [], failed: [] };
    const r = await run(exe, [], timeoutMs);
    const lines = r.stdout.split('\n');
    return {
      compiled: true,
      compileErrors: '',
      status: r.code,
      signal: r.signal,
      stdout: r.stdout,
      stderr: r.stderr,
      ok: lines.filter((l) => l.startsWith('ok ')).map((l) => l.slice(3)),
      failed: lines.filter((l) => l.startsWith('FAIL')),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
