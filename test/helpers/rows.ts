/**
 * What the rows-catalogue unit tests share: a kernel's verdict, the rows recogniser's reason of a skeleton, and the
 * check that every complete port of a fixture compiles (g++ -fsyntax-only) on 910B3 with the CANN
 * 8.x and 9.x spellings and on 310P3.
 */
import assert from 'node:assert/strict';
import { kernelVerdict, portKernel, type Engine, type SourceContext, type Target } from '../../server/src/engine';
import { syntaxCheck } from './syntax-check';

type Verdict = NonNullable<ReturnType<typeof kernelVerdict>>;

/** The verdict of `kernel` in `text` on `target` (910B3, CANN 8.x unless given): the document is opened for it and closed. */
export function verdictOf(engine: Engine, text: string, kernel: string, target: Target = { soc: 'Ascend910B3', cann: '8.x' }): Verdict {
  const doc = engine.open(text);
  try {
    return kernelVerdict(doc, kernel, target)!;
  } finally {
    doc.dispose();
  }
}

/** A skeleton's rows reason (all reasons when the rows recogniser gave none); '' for a complete port. */
export function rowsReason(v: Verdict): string {
  return v.kind === 'skeleton' ? (v.reasons.find((r) => r.startsWith('rows')) ?? v.reasons.join('\n')) : '';
}

/** Each of `kernels` ports completely and its port passes g++ -fsyntax-only on every target. */
export function assertPortsCompile(engine: Engine, input: { text: string; name: string; kernels: readonly string[]; context?: SourceContext; /** 910B3 (CANN 8.x, 9.x) and 310P3 unless given. */ targets?: readonly Target[] }): void {
  for (const target of input.targets ?? ([{ soc: 'Ascend910B3', cann: '8.x' }, { soc: 'Ascend910B3', cann: '9.x' }, { soc: 'Ascend310P3', cann: '8.x' }] as Target[])) {
    const doc = engine.open(input.text, input.context);
    try {
      const analysis = engine.analyze(doc, { target });
      for (const k of input.kernels) {
        const r = portKernel(doc, analysis, k, target, input.name)!;
        assert.equal(r.kind, 'complete', `${k} on ${target.soc}`);
        assert.doesNotMatch(r.text, /__ap_/, `${k}: no internal name in the port`);
        const check = syntaxCheck(r.text, target.cann);
        assert.ok(check.ok, `${k} (${target.soc}, ${target.cann}):\n${check.errors}`);
      }
    } finally {
      doc.dispose();
    }
  }
}
