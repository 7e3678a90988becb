/**
 * Incremental editing is invisible (issue #19): after any sequence of edits, what the server
 * publishes for a document equals what a fresh analysis of the same text gives.
 *
 * One server (`edited`) opens a realistic document made of real fixtures (kernels, device
 * helpers, host code with launches, `#define` macros including a qualifier macro, typedefs
 * from a header, templates, `#if` branches, non-ASCII comments) and receives 1,000 random
 * incremental `didChange` edits from a seeded PRNG: characters typed or deleted anywhere
 * (biased towards `#define` lines, comments and strings), whole lines of CUDA inserted or
 * deleted, ranges replaced, several changes in one notification, and undo runs that revert
 * the latest edits; line breaks are `\n`, `\r\n` and a lone `\r`, positions UTF-16 (the text has
 * non-ASCII and astral characters). The test keeps its own copy of the text, applying the
 * same edits, so it also checks the server's line-array document (lsp/lineDocument.ts).
 *
 * Edits go out in batches of random size without waiting; after each batch the test waits
 * for the batch's last version to be published (never on time) and compares it, exactly
 * (ranges, codes, severities, messages, related information, tags, fix data; sorted),
 * with a second server (`reference`) that opens the same text under the same URI as a new
 * document, and compares the code lenses the same way. Every 100 edits and at the end, the
 * reference server is restarted so that its analysis is its very first, and the text is
 * also opened as a new document in the edited server itself.
 *
 * Replay a failure with `PROP_SEED=<seed>` (printed on failure); `PROP_SEED=random` draws a
 * seed, `PROP_EDITS=<n>` changes the number of edits.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { LspClient, type Published } from '../helpers/lsp-client';
import { prng } from '../fuzz/fuzz';

const ROOT = path.resolve(__dirname, '../..');
/** The document lives beside the preprocessor fixtures, so `#include "include/real.h"` resolves. */
const DIR = path.join(ROOT, 'test/fixtures/preproc');
const URI = pathToFileURL(path.join(DIR, 'prop-edit.cu')).toString();
const SOURCES = [
  'samples/warp_vote_asm.cu', // a qualifier macro (HOST_DEVICE), inline PTX, warp votes
  'samples/templates_and_macros.cu', // templates, a launch inside a macro, non-ASCII comments
  'test/fixtures/port/host_app.cu', // host code: CHECK macro used many times, a launch
  'test/fixtures/port/helpers.cu', // __device__ helpers, a template kernel, launches
  'test/fixtures/preproc/typedef-port.cu', // typedefs and macros from include/real.h
  'test/fixtures/preproc/if-else-kernels.cu', // #if/#else kernels, an inactive branch
  'test/fixtures/preproc/macro-bodies.cu', // function-like macros with asm and launches
];
const EDITS = Number(process.env.PROP_EDITS ?? 1000);
const SEED = process.env.PROP_SEED === 'random' ? (Math.random() * 2 ** 32) >>> 0 : Number(process.env.PROP_SEED ?? 0x19c0de);
const CHECKPOINT_EVERY = 100;
/** A generous deadline per publication (the analyses take milliseconds; this turns a hang into a failure). */
const WAIT_MS = 60_000;
const CAPABILITIES = { workspace: { configuration: true }, textDocument: { publishDiagnostics: { relatedInformation: true }, codeLens: {} } };

/** Whole lines the edits insert: statements, launches, macros, typedefs, kernels, braces, half-typed code. */
const LINES = [
  '  __syncthreads();',
  '  atomicAdd(&x[0], 1.0f);',
  '  k<<<g, b>>>(p, n);',
  '#define HD __host__ __device__',
  'HD inline float twice(float v) { return 2.0f * v; }',
  'typedef float real;',
  'typedef real_t elem2_t;',
  '__global__ void z(float* q) { q[threadIdx.x] = 0; }',
  '__global__ void w(real* q, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) q[i] = twice(q[i]); }',
  '  z<<<1, 32>>>(d_a);',
  '  CHECK(cudaMemset(d_a, 0, bytes));',
  '  int lane = threadIdx.x % 32; float s = __shfl_down_sync(0xffffffff, v, 1);',
  '  __shared__ float tile[256];',
  '}',
  '{',
  '#if FAST_PATH_LEVEL > 1',
  '#else',
  '#endif',
  '#ifdef __CUDA_ARCH__',
  '#define SCALE(v) ((v) * 2.0f)',
  '#define LAUNCH(k, n, ...) k<<<((n) + 255) / 256, 256>>>(__VA_ARGS__)',
  '  LAUNCH(z, n, d_a);',
  'template <typename T> __device__ T sq(T v) { return v * v; }',
  '// a comment with größe 大小 ✓ and 😀',
  '  const char* msg = "kernel <<<1,1>>> in a string";',
  // Half-typed lines.
  '__global__ void half_typed(float* p',
  '  for (int i = 0; i <',
  '  k<<<g,',
  '#define BROKEN(a) a +',
  'template <typename',
  '  if (threadIdx.x == 0) atomicAdd(',
  '/* an unterminated comment',
  '  "an unterminated string',
  '#if',
  '__device__ __forceinline__',
];
/** Characters typed one at a time (line breaks too: `\n`, and a `\r` alone or before a `\n`, which the protocol counts as line breaks). */
const CHARS = '\n\rabcxyz_019 \t;,.(){}[]<>*&|+-=!?:#/\\"\'\n%^~';
/** Text that replaces a range. */
const REPLACEMENTS = ['', 'x', '0', ' ', '__device__ ', '__global__ ', 'HOST_DEVICE ', '<<<1, 1>>>', 'threadIdx.x', 'float', 'int*', ');', '\n', '{\n', '}\n', '/*', '*/', '"', '#define Q 1\n', '\r\n', 'x;\r\n', 'CHECK(', 'real_t'];


interface Position {
  line: number;
  character: number;
}
interface Change {
  range: { start: Position; end: Position };
  text: string;
}
/** An edit in offsets of the text it applies to (UTF-16 code units, like LSP positions). */
interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The LSP position of `offset` (line breaks `\r\n`, `\r` and `\n`, as the protocol counts them). */
function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) {
      // A \r\n is one break; an offset between its two characters is inside the break.
      if (i + 1 >= offset) break;
      i++;
      line++;
      lineStart = i + 1;
    } else if (c === 10 || c === 13) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

/** Moves an offset off the middle of a surrogate pair or of a `\r\n` (LSP positions never split either). */
function snap(text: string, offset: number): number {
  const prev = text.charCodeAt(offset - 1);
  const here = text.charCodeAt(offset);
  if (prev >= 0xd800 && prev <= 0xdbff && here >= 0xdc00 && here <= 0xdfff) return offset - 1;
  if (prev === 13 && here === 10) return offset - 1;
  return offset;
}

/** Line start offsets of `text` (for choosing lines). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** Spans worth aiming at: `#define` lines (with their continuations), comments and string literals. */
function hotSpans(text: string): { defines: [number, number][]; commentsAndStrings: [number, number][] } {
  const defines: [number, number][] = [];
  for (const m of text.matchAll(/^[ \t]*#[ \t]*define\b(?:[^\n]*\\\n)*[^\n]*/gm)) defines.push([m.index, m.index + m[0].length]);
  const commentsAndStrings: [number, number][] = [];
  for (const m of text.matchAll(/\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"/g)) commentsAndStrings.push([m.index, m.index + m[0].length]);
  return { defines, commentsAndStrings };
}

class EditGenerator {
  /** Inverses of the applied edits, latest last: popping one and applying it is an undo. */
  private readonly undo: Edit[] = [];
  private undoRun = 0;

  constructor(
    private readonly rnd: () => number,
    public text: string,
  ) {}

  private int(n: number): number {
    return Math.floor(this.rnd() * n);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }

  /** An offset anywhere, or (40% of the time) inside a `#define` line, a comment or a string. */
  private offset(): number {
    const r = this.rnd();
    if (r < 0.4) {
      const spans = hotSpans(this.text);
      const pool = r < 0.25 ? spans.defines : spans.commentsAndStrings;
      if (pool.length) {
        const [s, e] = this.pick(pool);
        return snap(this.text, s + this.int(e - s + 1));
      }
    }
    return snap(this.text, this.int(this.text.length + 1));
  }

  /** The next edit (in offsets of the current text); applying it is the caller's job through `apply`. */
  next(): Edit {
    if (this.undoRun > 0 && this.undo.length) {
      this.undoRun--;
      return this.undo[this.undo.length - 1]!;
    }
    const r = this.rnd();
    const len = this.text.length;
    if (r < 0.3) {
      // Type a character.
      const at = this.offset();
      return { start: at, end: at, text: this.pick([...CHARS]) };
    }
    if (r < 0.5 && len > 0) {
      // Delete a character (a surrogate pair or a \r\n as one).
      const at = snap(this.text, Math.min(this.offset(), len - 1));
      const end = snap(this.text, at + 1) === at ? at + 2 : at + 1;
      return { start: at, end: Math.min(end, len), text: '' };
    }
    const starts = lineStarts(this.text);
    if (r < 0.65) {
      // Insert a whole line.
      const at = this.pick(starts);
      return { start: at, end: at, text: `${this.pick(LINES)}\n` };
    }
    if (r < 0.75 && starts.length > 1) {
      // Delete a whole line.
      const i = this.int(starts.length - 1);
      return { start: starts[i]!, end: starts[i + 1]!, text: '' };
    }
    if (r < 0.9) {
      // Replace a range of up to 40 characters.
      const at = this.offset();
      const end = snap(this.text, Math.min(len, at + this.int(41)));
      return { start: at, end: Math.max(at, end), text: this.pick(REPLACEMENTS) };
    }
    // Undo the latest 1 to 6 edits, one per edit.
    this.undoRun = this.int(6);
    return this.undo.length ? this.undo[this.undo.length - 1]! : { start: 0, end: 0, text: '' };
  }

  /** Applies `e` to the text and records (or consumes) its inverse; returns the LSP change. */
  apply(e: Edit): Change {
    const change: Change = { range: { start: positionAt(this.text, e.start), end: positionAt(this.text, e.end) }, text: e.text };
    const removed = this.text.slice(e.start, e.end);
    this.text = this.text.slice(0, e.start) + e.text + this.text.slice(e.end);
    if (this.undo.length && this.undo[this.undo.length - 1] === e) this.undo.pop();
    else {
      this.undo.push({ start: e.start, end: e.start + e.text.length, text: removed });
      if (this.undo.length > 300) this.undo.shift();
    }
    return change;
  }
}

/** A publication or lens list in a form that compares exactly across documents: the document's URI, path and name replaced, diagnostics sorted. */
function normalised(value: unknown, uri: string): string {
  const file = new URL(uri).pathname;
  const stem = path.basename(file, '.cu');
  const json = JSON.stringify(value).split(uri).join('<uri>').split(file).join('<path>').split(stem).join('<stem>');
  return json;
}

function sortedDiagnostics(p: Published, uri: string): string[] {
  return p.diagnostics.map((d) => normalised(d, uri)).sort();
}

/** The lines that differ between two sorted lists, for the failure message. */
function difference(got: string[], want: string[]): string {
  const g = new Set(got);
  const w = new Set(want);
  const missing = want.filter((x) => !g.has(x));
  const extra = got.filter((x) => !w.has(x));
  const show = (xs: string[]) => xs.slice(0, 5).map((x) => `    ${x.length > 400 ? `${x.slice(0, 400)}…` : x}`).join('\n');
  return `${got.length} in the edited document vs ${want.length} fresh; only in the edited document (${extra.length}):\n${show(extra)}\n  only in the fresh analysis (${missing.length}):\n${show(missing)}`;
}

/** The last publication of `uri` at `version`, waiting for it if needed (on messages, with a deadline). */
async function publication(client: LspClient, uri: string, version: number): Promise<Published> {
  await client.diagnosticsWhere((p) => p.uri === uri && p.version === version, `${uri} version ${version}`, WAIT_MS);
  for (let i = client.published.length - 1; ; i--) if (client.published[i]!.uri === uri && client.published[i]!.version === version) return client.published[i]!;
}

async function codeLenses(client: LspClient, uri: string): Promise<string[]> {
  const lenses = await client.conn.sendRequest<unknown[] | null>('textDocument/codeLens', { textDocument: { uri } });
  return (lenses ?? []).map((l) => normalised(l, uri)).sort();
}

/** Opens `text` as a new document in `client`, returns its diagnostics and lenses, and closes it. */
async function fresh(client: LspClient, uri: string, text: string): Promise<{ diagnostics: string[]; lenses: string[] }> {
  // The same URI may have been open before: forget its earlier publications.
  for (let i = client.published.length - 1; i >= 0; i--) if (client.published[i]!.uri === uri) client.published.splice(i, 1);
  const p = await client.open(uri, text);
  const lenses = await codeLenses(client, uri);
  await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return { diagnostics: sortedDiagnostics(p, uri), lenses };
}

const edited = new LspClient();
let reference = new LspClient();

before(async () => {
  await Promise.all([edited.start(CAPABILITIES), reference.start(CAPABILITIES)]);
});

after(async () => {
  await Promise.all([edited.stop(), reference.stop()]);
});

test(`${EDITS} random incremental edits publish what a fresh analysis of the same text publishes (seed ${SEED})`, async (t) => {
  const text = SOURCES.map((f) => fs.readFileSync(path.join(ROOT, f), 'utf8')).join('\n');
  const rnd = prng(SEED);
  const gen = new EditGenerator(rnd, text);
  const replay = `replay with PROP_SEED=${SEED}${EDITS === 1000 ? '' : ` PROP_EDITS=${EDITS}`}`;
  const opened = await edited.open(URI, text);
  assert.ok(opened.diagnostics.length > 10, `the document has findings to keep in step (${opened.diagnostics.length})`);

  let version = 1;
  let sent = 0;
  let batches = 0;
  let checkpoints = 0;
  let nextCheckpoint = CHECKPOINT_EVERY;
  let maxDiagnostics = 0;
  let maxLenses = 0;
  const t0 = performance.now();
  while (sent < EDITS) {
    // A batch: 1 edit (a third of the time), else up to 20, each notification carrying 1 to 3 changes.
    const size = Math.min(EDITS - sent, rnd() < 0.33 ? 1 : 2 + Math.floor(rnd() * 19));
    for (let i = 0; i < size; ) {
      const n = Math.min(size - i, rnd() < 0.8 ? 1 : 2 + Math.floor(rnd() * 2));
      const contentChanges: Change[] = [];
      for (let j = 0; j < n; j++) contentChanges.push(gen.apply(gen.next()));
      void edited.conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: ++version }, contentChanges });
      i += n;
    }
    sent += size;
    batches++;
    const checkpoint = sent >= nextCheckpoint || sent === EDITS;
    if (checkpoint) {
      // The reference's analysis of this text is its first: a new server.
      await reference.stop();
      reference = new LspClient();
      await reference.start(CAPABILITIES);
    }
    const [published, want] = await Promise.all([publication(edited, URI, version), fresh(reference, URI, gen.text)]);
    const got = sortedDiagnostics(published, URI);

    const gotLenses = await codeLenses(edited, URI);
    // On a difference, the text is kept in a file for the failure message.
    const where = () => {
      const file = path.join(os.tmpdir(), `ascend-port-edit-property-${SEED}.cu`);
      fs.writeFileSync(file, gen.text);
      return `after ${sent} edits (version ${version}; the text is in ${file}); ${replay}`;
    };
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
    maxDiagnostics = Math.max(maxDiagnostics, got.length);
    maxLenses = Math.max(maxLenses, gotLenses.length);
    if (!same(got, want.diagnostics)) assert.fail(`the edited document's diagnostics differ from a fresh server's ${where()}\n  ${difference(got, want.diagnostics)}`);
    if (!same(gotLenses, want.lenses)) assert.fail(`the edited document's code lenses differ from a fresh server's ${where()}\n  ${difference(gotLenses, want.lenses)}`);
    if (checkpoint) {
      // The same text as a new document of the edited server.
      const again = await fresh(edited, pathToFileURL(path.join(DIR, `prop-fresh${++checkpoints}.cu`)).toString(), gen.text);
      if (!same(got, again.diagnostics)) assert.fail(`the edited document's diagnostics differ from a new document in the same server ${where()}\n  ${difference(got, again.diagnostics)}`);
      if (!same(gotLenses, again.lenses)) assert.fail(`the edited document's code lenses differ from a new document in the same server ${where()}\n  ${difference(gotLenses, again.lenses)}`);
      nextCheckpoint += CHECKPOINT_EVERY;
    }
  }
  t.diagnostic(
    `seed ${SEED}: ${sent} edits in ${version - 1} versions, ${batches} batches compared with a fresh server, ${checkpoints} checkpoints in a new server; ` +
      `up to ${maxDiagnostics} diagnostics and ${maxLenses} code lenses; final text ${gen.text.length} characters; ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
});
