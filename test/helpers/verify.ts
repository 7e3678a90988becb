/**
 * What verify tests share: a failure summary for assertion messages, and a mutation run (the
 * generated port changed by a function, written to a temporary file and verified as the user's
 * port with `--port`), so a test can show the verifier catches a wrong port.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Engine, SourceContext, Target } from '../../server/src/engine';
import { portKernel } from '../../server/src/engine';
import { verifyFile, type VerifyResult } from '../../server/src/node/verify';

/** Status, message, the start of the build log and the failed cases, for an assertion message. */
export function verifySummary(r: VerifyResult): string {
  return JSON.stringify({ status: r.status, message: r.message, log: r.buildLog?.slice(0, 3000), failed: r.kernels.filter((k) => !k.pass).map((k) => ({ kernel: k.kernel, error: k.error, cases: k.cases.filter((c) => !c.pass) })) }, null, 1).slice(0, 8000);
}

export interface MutationInput {
  engine: Engine;
  /** The CUDA file and its text. */
  file: string;
  text: string;
  target: Target;
  kernel: string;
  /** Where the mutated port is written. */
  tmp: string;
  context?: SourceContext;
}

/** Verifies the generated port of `kernel` after `mutate` (which must change it). */
export async function verifyMutated(m: MutationInput, mutate: (port: string) => string): Promise<VerifyResult> {
  const doc = m.engine.open(m.text, m.context);
  let port: string;
  try {
    port = portKernel(doc, m.engine.analyze(doc, { target: m.target }), m.kernel, m.target, path.basename(m.file))!.text;
  } finally {
    doc.dispose();
  }
  const changed = mutate(port);
  assert.notEqual(changed, port, 'the mutation applies');
  const out = path.join(m.tmp, `${m.kernel}-${Math.random().toString(36).slice(2)}.cpp`);
  fs.writeFileSync(out, changed);
  return verifyFile(m.engine, { file: m.file, text: m.text, target: m.target, kernels: [m.kernel], portFile: out, ...(m.context ? { context: m.context } : {}) });
}

/** 910B3 with the CANN 8.x and 9.x spellings, and 310P3 (no DataCopyPad): where the rows catalogues are verified. */
export const ROWS_TARGETS: readonly Target[] = [
  { soc: 'Ascend910B3', cann: '8.x' },
  { soc: 'Ascend910B3', cann: '9.x' },
  { soc: 'Ascend310P3', cann: '8.x' },
];

/** Verifies `kernels` of `file` on `target` and asserts each generated port passes at least three cases, with no model violation. */
export async function assertKernelsVerify(engine: Engine, input: { file: string; text: string; target: Target; kernels: readonly string[]; context?: SourceContext }): Promise<void> {
  const r = await verifyFile(engine, { file: input.file, text: input.text, target: input.target, kernels: [...input.kernels], ...(input.context ? { context: input.context } : {}) });
  assert.equal(r.status, 'pass', verifySummary(r));
  assert.deepEqual(r.kernels.map((k) => k.kernel).sort(), [...input.kernels].sort());
  for (const k of r.kernels) {
    assert.equal(k.port, 'generated', k.kernel);
    assert.ok(k.cases.length >= 3, k.kernel);
    for (const c of k.cases) assert.deepEqual(c.violations, [], `${k.kernel} case ${c.size}`);
  }
}

/**
 * A rows port with its high-level API path switched off (the launch wrapper no longer computes
 * the API tilings, so apiRows stays 0 and every row takes the basic ops): for mutations of the
 * basic-op path on a target where the API path would otherwise take the short rows.
 */
export function basicPathOnly(port: string): string {
  const out = port.replace(/\n  \w+ApiTiling\(tiling\);[^\n]*/, '');
  assert.notEqual(out, port, 'the port has an API path to switch off');
  return out;
}
