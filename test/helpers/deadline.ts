/**
 * A hang detector for synchronous analyses. `node:test`'s `timeout` cannot interrupt
 * synchronous work: a quadratic analysis that takes three minutes still "passes" when it
 * ends. Here the analysis runs in a worker thread that is terminated at the deadline, so a
 * hang is a failure. Deadlines are far above the expected time (a hang, not a speed target:
 * speed is measured by `npm run bench` and `npm run fuzz`).
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface AnalysisSummary {
  ruleErrors: string[];
  codes: string[];
  notices: { reason: string; message: string }[];
  launches: number;
  kernels: number;
  jsonLength: number;
}

export function analyzeWithin(text: string, options: { maxFileBytes?: number }, deadlineMs: number): Promise<AnalysisSummary> {
  return new Promise((resolve, reject) => {
    // tsx's `--import` hooks do not reach a worker's entry; its require hook, set up in the worker, does.
    const entry = path.join(__dirname, 'deadline-worker.ts');
    const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, { eval: true, workerData: { text, options } });
    // The deadline counts from the engine being ready, not from the worker's start.
    let timer: NodeJS.Timeout | undefined;
    worker.on('message', (m: { ready?: true; summary?: AnalysisSummary }) => {
      if (m.ready) {
        timer = setTimeout(() => {
          void worker.terminate();
          reject(new Error(`the analysis did not finish within ${deadlineMs} ms: it hangs or is superlinear`));
        }, deadlineMs);
      } else if (m.summary) {
        clearTimeout(timer);
        void worker.terminate();
        resolve(m.summary);
      }
    });
    worker.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
