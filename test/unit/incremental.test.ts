/**
 * Incremental analysis (model/units.ts, reportReuse.ts): an edit re-collects the facts of the
 * declarations it changed and runs the declaration-scoped rules on those only; everything
 * else is reused. The trace in `stats.declarations` says what was re-done, and every
 * incremental result must equal a fresh analysis of the same text.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ANALYSIS_BUDGET, DEFAULT_TARGET, estimateDocument, kernelVerdict, portableKernels, portKernel, type AnalysisResult, type ParsedDocument } from '../../server/src/engine';
import { engine } from '../helpers/engine';
import { prng } from '../fuzz/fuzz';

const FIXTURES = path.resolve(__dirname, '../fixtures');
const KERNELS = fs.readFileSync(path.join(FIXTURES, 'estimates/kernels.cu'), 'utf8');
const config = { target: DEFAULT_TARGET };

/** Everything an editor shows of an analysis and of the estimates, as one comparable value. */
function shown(doc: ParsedDocument, r: AnalysisResult): string {
  return JSON.stringify({ findings: r.findings, kernels: r.kernels, launches: r.launches, notices: r.notices, inactive: r.inactive, estimates: estimateDocument(doc, config) });
}

/** Runs `body` on an open document of `text`, disposed afterwards. */
async function withDocument<T>(text: string, body: (doc: ParsedDocument) => T | Promise<T>): Promise<T> {
  const doc = (await engine()).open(text);
  try {
    return await body(doc);
  } finally {
    doc.dispose();
  }
}

async function fresh(text: string): Promise<string> {
  const e = await engine();
  return withDocument(text, (doc) => shown(doc, e.analyze(doc, config)));
}

test('a one-character edit inside one kernel re-analyses that declaration only', async () => {
  const e = await engine();
  await withDocument(KERNELS, async (doc) => {
    const first = e.analyze(doc, config);
    assert.equal(first.stats.declarations!.recollected.length, first.stats.declarations!.total, 'the first analysis reads every declaration');
    // One keystroke in the body of `add`.
    const at = KERNELS.indexOf('{', KERNELS.indexOf('__global__ void add(')) + 1;
    const edited = `${KERNELS.slice(0, at)} ${KERNELS.slice(at)}`;
    doc.update(edited);
    const r = e.analyze(doc, config);
    const d = r.stats.declarations!;
    assert.deepEqual(d.recollected, ['__global__ void add(const float* a, const float* b, float* c, int n) {']);
    assert.equal(d.reanalysed, 1, 'the declaration-scoped rules ran on the one changed declaration');
    assert.ok(d.total > 5);
    assert.equal(shown(doc, r), await fresh(edited));
  });
});

test('an edit above every declaration moves their reused facts and reports, and equals a fresh analysis', async () => {
  const e = await engine();
  await withDocument(KERNELS, async (doc) => {
    e.analyze(doc, config);
    const edited = `// a comment line\n\n${KERNELS}`;
    doc.update(edited);
    const r = e.analyze(doc, config);
    assert.deepEqual(r.stats.declarations!.recollected, []);
    assert.equal(r.stats.declarations!.reanalysed, 0);
    assert.equal(shown(doc, r), await fresh(edited));
  });
});

test('an edit to a #define line (the worst case) re-reads every declaration and is still right', async () => {
  const e = await engine();
  await withDocument(KERNELS, async (doc) => {
    const first = e.analyze(doc, config);
    const edited = KERNELS.replace('#define N_ELEMS (1 << 24)', '#define N_ELEMS (1 << 20)\n#define HD __host__ __device__');
    assert.notEqual(edited, KERNELS);
    doc.update(edited);
    const r = e.analyze(doc, config);
    assert.equal(r.stats.declarations!.recollected.length, first.stats.declarations!.total + 1);
    assert.equal(shown(doc, r), await fresh(edited));
  });
});

test('a port reused from an earlier version equals a fresh port (verdicts hold no offsets)', async () => {
  const e = await engine();
  const files = ['port/gemm.cu', 'gemm/shared_tiled.cu', 'port/row_reduce.cu', 'estimates/kernels.cu'].map((f) => path.join(FIXTURES, f));
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    await withDocument(text, async (doc) => {
      const first = e.analyze(doc, config);
      for (const k of portableKernels(doc)) portKernel(doc, first, k.name, DEFAULT_TARGET, 'x.cu');
      // Every kernel moves; none changes.
      const edited = `// moved\n\n${text}`;
      doc.update(edited);
      const r = e.analyze(doc, config);
      await withDocument(edited, (fresh) => {
        const f = e.analyze(fresh, config);
        const kernels = portableKernels(doc);
        assert.ok(kernels.length > 0);
        for (const k of kernels) {
          assert.equal(JSON.stringify(portKernel(doc, r, k.name, DEFAULT_TARGET, 'x.cu')), JSON.stringify(portKernel(fresh, f, k.name, DEFAULT_TARGET, 'x.cu')), `${path.basename(file)}: ${k.name}`);
        }
      });
    });
  }
});

test('an edit of a launch in host code changes the verdict of a kernel that reads its block size from the launch', async () => {
  const e = await engine();
  const text = fs.readFileSync(path.join(FIXTURES, 'port/rows.cu'), 'utf8');
  await withDocument(text, async (doc) => {
    e.analyze(doc, config);
    assert.equal(kernelVerdict(doc, 'row_mean_threads', DEFAULT_TARGET)?.kind, 'complete');
    // Only the host function changes: the kernel's own text and the declarations it names do not.
    doc.update(text.replace('(means, data, width, threads);', '(means, data, width, 64);'));
    e.analyze(doc, config);
    assert.equal(kernelVerdict(doc, 'row_mean_threads', DEFAULT_TARGET)?.kind, 'skeleton');
    doc.update(text);
    e.analyze(doc, config);
    assert.equal(kernelVerdict(doc, 'row_mean_threads', DEFAULT_TARGET)?.kind, 'complete');
  });
});

test('past the findings cap an incremental analysis keeps the findings a fresh one keeps', async () => {
  const e = await engine();
  const body = 'float* p; cudaMalloc((void**)&p, 4); cudaFree(p);\n'.repeat(ANALYSIS_BUDGET.findings / 3);
  const text = `void first() {\n${body}}\nvoid second() {\n${body}}\n`;
  await withDocument(text, async (doc) => {
    e.analyze(doc, config);
    // An edit in the first function: the second one's reports would be replayed before it.
    const edited = text.replace('void first() {\n', 'void first() {\n  cudaDeviceSynchronize();\n');
    doc.update(edited);
    const r = e.analyze(doc, config);
    assert.ok(r.notices.some((n) => /findings over the limit/.test(n.message)), 'the cap is reached');
    assert.equal(shown(doc, r), await fresh(edited));
  });
});

/**
 * Seeded random edits over real fixtures (CUDA snippets, deletions, copies of other parts of
 * the file): after every edit the incremental analysis equals a fresh one. `INCREMENTAL_SEED`
 * replays a failure.
 */
test('incremental analysis equals a fresh analysis after random edits', async () => {
  const e = await engine();
  const seed0 = Number(process.env.INCREMENTAL_SEED ?? 20261203);
  const rnd = prng(seed0);
  const snippets = [
    '__syncthreads();\n',
    'int tmp = 0;\n',
    '}',
    '{',
    'atomicAdd(&x[0], 1.0f);\n',
    '#define HD __host__ __device__\n',
    'typedef float real;\n',
    '__global__ void z(float* q) { q[threadIdx.x] = 0; }\n',
    'k<<<g, b>>>(p, n);\n',
    'using namespace cooperative_groups;\n',
    'namespace cg = cooperative_groups;\n',
    'cudaMalloc(&p, 4);\n',
    '__shfl_down_sync(0xffffffff, v, 1);\n',
    '__device__ float add(float a, float b) { return a + b; }\n',
    'x',
    ';',
    '(',
  ];
  const files = ['estimates/kernels.cu', 'preproc/macro-bodies.cu', 'programs/stream_saxpy.cu', 'port/row_reduce.cu'].map((f) => path.join(FIXTURES, f));
  files.push(path.resolve(__dirname, '../../samples/templates_and_macros.cu'), path.resolve(__dirname, '../../samples/block_reduce.cu'));
  const edits = Number(process.env.INCREMENTAL_EDITS ?? 40);
  for (const file of files) {
    let text = fs.readFileSync(file, 'utf8');
    await withDocument(text, async (doc) => {
      e.analyze(doc, config);
      for (let i = 0; i < edits; i++) {
        const at = Math.floor(rnd() * (text.length + 1));
        const r = rnd();
        if (r < 0.4) text = text.slice(0, at) + snippets[Math.floor(rnd() * snippets.length)] + text.slice(at);
        else if (r < 0.7) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 3));
        else {
          const from = Math.floor(rnd() * text.length);
          text = text.slice(0, at) + text.slice(from, from + Math.floor(rnd() * 40)) + text.slice(at);
        }
        doc.update(text);
        const got = shown(doc, e.analyze(doc, config));
        assert.equal(got, await fresh(text), `${path.basename(file)}, edit ${i} (seed ${seed0})`);
      }
    });
  }
});
