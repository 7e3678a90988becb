/**
 * Where `scan` writes, file by file in walk order, as each file's piece comes (`KeptFile`):
 * text goes straight to the output; JSON's entries go to a temporary file and follow the
 * summary, which comes first in the output but is known only at the end; SARIF keeps the
 * results (its format wants them all at once). So a text or JSON scan holds no findings of the
 * files before, and never the output as one string: its memory is flat in the file count.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { selectRules, type Target } from '../engine';
import { formatSarif, JSON_FILES_END, jsonFilesPiece, jsonFrame, summarizeParts, summaryText, textOfErrors, type FileResult, type Summary, type SummaryPart } from './format';
import type { KeptFile } from './scanFile';

/** Opening or writing the \`--out\` file failed (the scan reports it and exits with the usage code). */
export class OutputError extends Error {}

/** The output: a file (`--out`) or standard output. */
export class Output {
  private readonly fd: number | undefined;
  constructor(private readonly file: string | undefined) {
    this.fd = file === undefined ? undefined : this.onFile(() => fs.openSync(file, 'w'));
  }
  write(text: string): void {
    if (!text) return;
    if (this.fd === undefined) process.stdout.write(text);
    else this.onFile(() => fs.writeSync(this.fd!, text));
  }
  /** Copies a file's bytes to the output, a megabyte at a time. */
  copy(file: string): void {
    const from = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(1 << 20);
      for (let n = fs.readSync(from, buf); n > 0; n = fs.readSync(from, buf)) {
        if (this.fd === undefined) process.stdout.write(Buffer.from(buf.subarray(0, n)));
        else this.onFile(() => fs.writeSync(this.fd!, buf, 0, n));
      }
    } finally {
      fs.closeSync(from);
    }
  }
  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
  }
  /** An operation on the \`--out\` file, its failure an \`OutputError\` naming the file. */
  private onFile<T>(op: () => T): T {
    try {
      return op();
    } catch (e) {
      throw new OutputError(`cannot write ${this.file}: ${(e as Error).message}`);
    }
  }
}

export interface ScanSinkOptions {
  format: 'text' | 'json' | 'sarif';
  version: string;
  target: Target;
  select: string[];
  ignore: string[];
  /** Text output: the summary after the findings. */
  summary: boolean;
  docsBaseUri: string;
}

export class ScanSink {
  /** Each file's part of the summary, in walk order. */
  readonly parts: SummaryPart[] = [];
  private readonly results: FileResult[] = [];
  /** JSON: the temporary file of the entries (\`fd\` undefined once closed). */
  private readonly temp: { dir: string; fd: number | undefined } | undefined;
  private entries = 0;

  constructor(
    private readonly out: Output,
    private readonly o: ScanSinkOptions,
  ) {
    if (o.format === 'json') {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-scan-'));
      this.temp = { dir, fd: fs.openSync(path.join(dir, 'files.json'), 'w') };
    }
  }

  /** The next file in walk order. */
  add(f: KeptFile): void {
    this.parts.push(f.part);
    if (this.o.format === 'text') this.out.write(f.piece!);
    else if (this.temp) fs.writeSync(this.temp.fd!, jsonFilesPiece(f.piece!, this.entries++));
    else this.results.push(f.result!);
  }

  summary(): Summary {
    return summarizeParts(this.parts);
  }

  /** Writes what follows the files (errors, the summary; for JSON the whole frame around them). */
  finish(errors: { path: string; message: string }[]): void {
    const o = this.o;
    if (o.format === 'text') {
      this.out.write(textOfErrors(errors));
      if (o.summary) this.out.write(summaryText(o.version, o.target, this.summary()));
    } else if (this.temp) {
      this.closeTemp();
      const frame = jsonFrame(o.version, o.target, this.summary(), errors);
      this.out.write(frame.head);
      if (this.entries) {
        this.out.copy(path.join(this.temp.dir, 'files.json'));
        this.out.write(JSON_FILES_END);
      } else this.out.write('[]');
      this.out.write(frame.tail);
    } else {
      this.out.write(formatSarif({ version: o.version, target: o.target, files: this.results, errors }, selectRules({ target: o.target, only: o.select, disabled: o.ignore }), o.docsBaseUri));
    }
  }

  /** Removes the temporary file (after `finish`, or when the scan failed). */
  dispose(): void {
    if (!this.temp) return;
    this.closeTemp();
    fs.rmSync(this.temp.dir, { recursive: true, force: true });
  }

  private closeTemp(): void {
    if (this.temp?.fd === undefined) return;
    fs.closeSync(this.temp.fd);
    this.temp.fd = undefined;
  }
}
