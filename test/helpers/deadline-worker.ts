/** The worker side of `deadline.ts`: analyses one text and posts a summary. */
import { parentPort, workerData } from 'node:worker_threads';
import { DEFAULT_TARGET, Engine } from '../../server/src/engine';
import type { AnalysisSummary } from './deadline';

void (async () => {
  const { text, options } = workerData as { text: string; options: { maxFileBytes?: number } };
  const engine = await Engine.create();
  parentPort!.postMessage({ ready: true });
  const r = engine.analyzeText(text, { target: DEFAULT_TARGET, ...options });
  const summary: AnalysisSummary = {
    ruleErrors: r.ruleErrors,
    codes: r.findings.map((f) => f.code),
    notices: r.notices.map((n) => ({ reason: n.reason, message: n.message })),
    launches: r.launches.length,
    kernels: r.kernels.length,
    jsonLength: JSON.stringify(r).length,
  };
  parentPort!.postMessage({ summary });
})();
