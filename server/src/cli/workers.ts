/**
 * Parallel `scan`: worker threads, each with its own engine (its own wasm parser), take
 * files one at a time from the main thread and send back what `scanFile` kept. Results
 * are handed on in the files' order, so the output is the serial output, byte for byte. Each
 * worker disposes a file's parse as soon as its findings are out (`scanFile`).
 *
 * The worker is this same bundle (`dist/cli.js`) started with `workerData.role`; when the
 * CLI runs from TypeScript sources (tests through tsx) there is no bundle to start, and the
 * scan stays serial.
 */
import * as os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Engine } from '../engine';
import { CliContexts } from './buildFlags';
import { scanFile, type ScannedFile, type ScanSettings } from './scanFile';

const ROLE = 'ascend-port-scan-worker';

/** Below this many files per worker, starting workers costs more than it saves. */
const MIN_FILES_PER_WORKER = 4;

/** How many workers a scan of `files` files uses for `--jobs` (undefined: one per core). */
export function workerCount(jobs: number | undefined, files: number): number {
  const wanted = jobs ?? os.availableParallelism();
  const useful = Math.floor(files / MIN_FILES_PER_WORKER);
  const n = Math.max(1, Math.min(wanted, useful));
  // Only the bundle can be started as a worker.
  return n > 1 && __filename.endsWith('.js') ? n : 1;
}

/**
 * Scans `files` with `n` workers; `onResult` sees each file as it arrives, in walk order (a
 * file that comes early waits for the ones before it), with the count done (for progress).
 */
export async function scanInWorkers(files: readonly string[], n: number, settings: ScanSettings, onResult: (scanned: ScannedFile, done: number) => void): Promise<void> {
  const early = new Map<number, ScannedFile>();
  let inOrder = 0;
  let next = 0;
  let done = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: n }, () => {
        const worker = new Worker(__filename, { workerData: { role: ROLE, settings } });
        workers.push(worker);
        return new Promise<void>((resolve, reject) => {
          const give = () => {
            if (next >= files.length) {
              resolve();
              return;
            }
            const index = next++;
            worker.postMessage({ index, file: files[index] });
          };
          worker.on('message', (m: { ready?: true; index?: number; scanned?: ScannedFile; error?: string }) => {
            if (m.error !== undefined) {
              reject(new Error(m.error));
              return;
            }
            if (m.index !== undefined) {
              early.set(m.index, m.scanned!);
              done++;
              for (let one = early.get(inOrder); one; one = early.get(inOrder)) {
                early.delete(inOrder++);
                onResult(one, done);
              }
            }
            give();
          });
          worker.on('error', reject);
          worker.on('exit', (code) => {
            if (next < files.length || done < files.length) reject(new Error(`a scan worker exited (code ${code}) before the scan ended`));
          });
        });
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Runs the worker side when this module's bundle was started as a scan worker; true if so. */
export function runAsWorker(): boolean {
  if (isMainThread || (workerData as { role?: string } | null)?.role !== ROLE) return false;
  const settings = (workerData as { settings: ScanSettings }).settings;
  void (async () => {
    const port = parentPort!;
    try {
      const engine = await Engine.create();
      const contexts = new CliContexts(settings.build, settings.project, settings.maxFileBytes);
      port.on('message', (m: { index: number; file: string }) => {
        let scanned: ScannedFile;
        try {
          scanned = scanFile(engine, contexts, m.file, settings);
        } catch (e) {
          // The serial scan would have stopped here with the same error.
          port.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
          return;
        }
        port.postMessage({ index: m.index, scanned });
      });
      port.postMessage({ ready: true });
    } catch (e) {
      port.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  })();
  return true;
}
