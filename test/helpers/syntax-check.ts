/**
 * Syntax-checks Ascend C (and ACL host code) with `g++ -std=c++17 -fsyntax-only` in CPU
 * mode against the declarations header generated from the API table
 * (`test/ascendc/ascendc_decls-<cann>.h`, written by `npm run docs` and checked for
 * staleness by docs.test.ts): qualifiers are
 * defined away, and `kernel_operator.h` / `acl/acl.h` both resolve to that header.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DECLARED_HEADERS } from '../../server/src/engine/ascendc/decls';
import { applyCudaLens } from '../../server/src/engine/syntax/lens';

export const DECLS_DIR = path.resolve(__dirname, '../ascendc');

export function declsPath(cann: '8.x' | '9.x'): string {
  return path.join(DECLS_DIR, `ascendc_decls-${cann}.h`);
}

/** g++ has no chevrons: a launch `k<<<cfg>>>(args)` is checked as the call `k(args)` (the config is checked separately as expressions). */
export function launchesAsCalls(text: string): string {
  const lens = applyCudaLens(text);
  let out = text;
  for (const e of [...lens.edits].reverse()) if (e.kind === 'launch') out = out.slice(0, e.start) + out.slice(e.end);
  return out;
}

export function syntaxCheck(source: string, cann: '8.x' | '9.x', extraFlags: string[] = []): { ok: boolean; errors: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-gxx-'));
  try {
    fs.copyFileSync(declsPath(cann), path.join(dir, 'ascendc_decls.h'));
    // kernel_operator.h, acl/acl.h and the Matmul port's headers (device Matmul, TCubeTiling, host platform and tiling) resolve to the same declarations.
    for (const h of DECLARED_HEADERS) {
      fs.mkdirSync(path.join(dir, path.dirname(h)), { recursive: true });
      fs.writeFileSync(path.join(dir, h), `#pragma once\n#include "${path.join(dir, 'ascendc_decls.h')}"\n`);
    }
    const file = path.join(dir, 'check.cpp');
    fs.writeFileSync(file, source);
    // g++ has no chevrons: the port's launch macro becomes a plain call, which checks the arguments against the entry.
    const launch = '-DASCEND_PORT_LAUNCH(kernel,blocks,stream,...)=((void)(blocks),(void)(stream),kernel(__VA_ARGS__))';
    const r = spawnSync('g++', ['-std=c++17', '-fsyntax-only', '-w', '-I', dir, launch, ...extraFlags, file], { encoding: 'utf8' });
    return { ok: r.status === 0, errors: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
