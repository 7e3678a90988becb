/**
 * Launches through launch wrappers (model/launchWrappers.ts): a call of ggml's
 * `ggml_cuda_kernel_launch(k, params, args…)` or of `cudaLaunchKernel((void*)k, grid, block,
 * argsArray, shmem, stream)` is a launch: template arguments bind through it (also from a
 * template host function a non-template function calls), the block size comes from the params
 * local, and no rule rewrites it as if it were `<<<>>>`. Fixture: test/fixtures/port/launch_wrappers.cu.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, kernelVerdict, replaceLaunches, type Target } from '../../server/src/engine';
import { estimateDocument } from '../../server/src/engine/estimates';
import { FileFacts, type LaunchSite } from '../../server/src/engine/model/facts';
import { kernelInstantiations } from '../../server/src/engine/port/instantiate';
import { rewriteLaunch } from '../../server/src/engine/port/launch';

const FILE = path.resolve(__dirname, '../fixtures/port/launch_wrappers.cu');
const TEXT = fs.readFileSync(FILE, 'utf8');
const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
let engine: Engine;

before(async () => {
  engine = await Engine.create();
});
after(() => engine.dispose());

function withDoc<T>(text: string, f: (doc: ReturnType<Engine['open']>, facts: FileFacts) => T): T {
  const doc = engine.open(text);
  try {
    return f(doc, FileFacts.of(doc));
  } finally {
    doc.dispose();
  }
}

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;
const summary = (l: LaunchSite) => ({ form: l.form, kernel: l.kernel, templateArgs: l.templateArgs, config: l.config.map((c) => c.text), args: l.args.map((a) => a.text) });

test('wrapper calls are launches, with the configuration read from the params local and the arguments from the call or the argument array', () => {
  withDoc(TEXT, (doc, facts) => {
    const wrappers = facts.launches().filter((l) => l.form === 'wrapper');
    assert.deepEqual(wrappers.map(summary), [
      // `(dim3)blocks` is read as `blocks`.
      { form: 'wrapper', kernel: 'scale_wrapped', templateArgs: 'T', config: ['blocks', '256', '0', 'stream'], args: ['x', 'y', 's', 'n'] },
      { form: 'wrapper', kernel: 'row_sum_wrapped', templateArgs: undefined, config: ['dim3(rows)', 'block_size', '0', 'stream'], args: ['x', 'out', 'cols', 'block_size'] },
      // The params are the caller's: a launch whose configuration is unknown.
      { form: 'wrapper', kernel: 'fill_wrapped', templateArgs: undefined, config: [], args: ['y', 'v', 'n'] },
      { form: 'wrapper', kernel: 'add_one', templateArgs: undefined, config: ['dim3((n + 127) / 128)', 'dim3(128)', '0', 'stream'], args: ['y', 'n'] },
      // A temporary params object written in the call.
      { form: 'wrapper', kernel: 'scale_by_n', templateArgs: 'T, N', config: ['(n + 255) / 256', '256', '0', 'stream'], args: ['(const T*)x', '(T*)y', 'n'] },
    ]);
    assert.deepEqual(
      wrappers.map((l) => (l.form === 'wrapper' ? [l.wrapper, l.configKnown] : [])),
      [
        ['ggml_cuda_kernel_launch', true],
        ['ggml_cuda_kernel_launch', true],
        ['ggml_cuda_kernel_launch', false],
        ['cudaLaunchKernel', true],
        ['ggml_cuda_kernel_launch', true],
      ],
    );
    // Each kernel's launch sites include its wrapper launch; the analysis lists it with its form.
    const kernel = facts.functions().find((f) => f.name === 'scale_wrapped')!;
    assert.deepEqual(kernel.launchSites.map((l) => l.form), ['wrapper']);
    const listed = engine.analyze(doc, { target: B3 }).launches.filter((l) => l.form === 'wrapper').map((l) => [l.kernel, l.wrapper, l.inFunction]);
    assert.deepEqual(listed, [
      ['scale_wrapped', 'ggml_cuda_kernel_launch', 'scale_wrapped_cuda'],
      ['row_sum_wrapped', 'ggml_cuda_kernel_launch', 'row_sum'],
      ['fill_wrapped', 'ggml_cuda_kernel_launch', 'fill_with'],
      ['add_one', 'cudaLaunchKernel', 'add_one_all'],
      ['scale_by_n', 'ggml_cuda_kernel_launch', 'scale_by_n_cuda'],
    ]);
  });
});

test('a template kernel launched only through the wrapper, from a template host function a non-template function calls, binds T = float and T = half and ports', () => {
  withDoc(TEXT, (doc, facts) => {
    const fn = facts.functions().find((f) => f.name === 'scale_wrapped')!;
    const inst = kernelInstantiations(facts, doc.text, fn);
    assert.ok('bindings' in inst, 'reason' in inst ? inst.reason : '');
    assert.deepEqual(inst.bindings, [{ T: 'float' }, { T: 'half' }]);
    const v = kernelVerdict(doc, 'scale_wrapped', B3)!;
    assert.equal(v.kind, 'complete', v.kind === 'skeleton' ? v.reasons.join('; ') : '');
  });
  // Without the wrapper launch the same kernel is never launched.
  const without = TEXT.replace('ggml_cuda_kernel_launch(scale_wrapped<T>, launch_params, x, y, s, n);', '(void)launch_params;');
  withDoc(without, (doc) => {
    const v = kernelVerdict(doc, 'scale_wrapped', B3)!;
    assert.equal(v.kind, 'skeleton');
    assert.match(v.kind === 'skeleton' ? v.reasons.join('; ') : '', /never launches/);
  });
});

test('template arguments written at the call of a template host function bind the kernel launched in it (T = float, N = 2)', () => {
  withDoc(TEXT, (doc, facts) => {
    const fn = facts.functions().find((f) => f.name === 'scale_by_n')!;
    assert.deepEqual(kernelInstantiations(facts, doc.text, fn), { bindings: [{ T: 'float', N: '2' }] });
    const v = kernelVerdict(doc, 'scale_by_n', B3)!;
    assert.equal(v.kind, 'complete', v.kind === 'skeleton' ? v.reasons.join('; ') : '');
  });
});

test('the block size comes from the params local: a parameter given the same expression as the params block carries blockDim.x', () => {
  withDoc(TEXT, (_doc, facts) => {
    const fn = facts.functions().find((f) => f.name === 'row_sum_wrapped')!;
    assert.deepEqual(facts.blockSizeParams(fn), ['block_size']);
  });
  // A params block other than the argument: no block-size parameter.
  withDoc(TEXT.replace('{dim3(rows), block_size, 0, stream}', '{dim3(rows), 64, 0, stream}'), (_doc, facts) => {
    const fn = facts.functions().find((f) => f.name === 'row_sum_wrapped')!;
    assert.deepEqual(facts.blockSizeParams(fn), []);
  });
});

test('kernel-launch (ASC001) and device-launch neither report nor rewrite a wrapper launch; Replace launches leaves it alone', () => {
  withDoc(TEXT, (doc, facts) => {
    const r = engine.analyze(doc, { target: B3 });
    const asc001 = r.findings.filter((f) => f.code === 'ASC001' || f.code === 'ASC602').map((f) => f.range.start.line + 1);
    // Only the `<<<>>>` inside the wrapper's own body.
    assert.deepEqual(asc001, [lineOf(TEXT, TEXT.indexOf('kernel<<<'))]);
    for (const l of facts.launches().filter((x) => x.form === 'wrapper')) assert.equal(rewriteLaunch(facts, doc.text, B3, l), null, l.kernel);
    // Complete kernels: no chevron launch to replace, so no action (the wrapper call is not rewritten).
    for (const k of ['scale_wrapped', 'fill_wrapped', 'add_one']) {
      assert.equal(kernelVerdict(doc, k, B3)?.kind, 'complete', k);
      assert.equal(replaceLaunches(doc, k, B3, 'launch_wrappers_ascend.h'), null, k);
    }
    // The launch hint sits after the wrapper's configuration argument.
    const hints = estimateDocument(doc, { target: B3 }).launches.filter((h) => h.kernel === 'scale_wrapped');
    assert.equal(hints.length, 1);
    const at = doc.lines.offsetAt(hints[0]!.position);
    assert.equal(doc.text.slice(at - 'launch_params'.length, at), 'launch_params');
  });
});

const HEAD = `struct ggml_cuda_kernel_launch_params { ggml_cuda_kernel_launch_params(dim3 g, dim3 b, int s, cudaStream_t st); };
template <typename K, typename... A> void ggml_cuda_kernel_launch(K k, const ggml_cuda_kernel_launch_params& p, A... a);
__global__ void k1(float* y, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) y[i] = 0.0f; }
`;

function configs(body: string): (string[] | null)[] {
  return withDoc(`${HEAD}void host(float* y, int n, bool a, cudaStream_t s) {\n${body}\n}\n`, (_doc, facts) => facts.launches().filter((l) => l.form === 'wrapper').map((l) => (l.form === 'wrapper' && l.configKnown ? l.config.map((c) => c.text) : null)));
}

test('the params local: the declaration in scope at the launch, a temporary in place, and unknown when changed or out of scope', () => {
  // Declarations in sibling blocks: each launch reads its own.
  assert.deepEqual(
    configs(`if (a) { const ggml_cuda_kernel_launch_params lp = ggml_cuda_kernel_launch_params(n, 32, 0, s); ggml_cuda_kernel_launch(k1, lp, y, n); }
else { const ggml_cuda_kernel_launch_params lp{n, 64, 0, s}; ggml_cuda_kernel_launch(k1, lp, y, n); }`),
    [['n', '32', '0', 's'], ['n', '64', '0', 's']],
  );
  // A temporary written in the call; `static_cast<dim3>(n)` read as `n`.
  assert.deepEqual(configs('ggml_cuda_kernel_launch(k1, ggml_cuda_kernel_launch_params(static_cast<dim3>(n), 128, 0, s), y, n);'), [['n', '128', '0', 's']]);
  // A local that is not const and is named again before the launch: unknown configuration, still a launch.
  assert.deepEqual(configs('ggml_cuda_kernel_launch_params lp(n, 32, 0, s); lp.shmem = 64; ggml_cuda_kernel_launch(k1, lp, y, n);'), [null]);
  // Declared in a block closed before the launch: not the launch's params.
  assert.deepEqual(configs('{ const ggml_cuda_kernel_launch_params lp(n, 32, 0, s); } ggml_cuda_kernel_launch(k1, lp, y, n);'), [null]);
  // Initialised by a function call: not read.
  assert.deepEqual(configs('const ggml_cuda_kernel_launch_params lp = make_params(n); ggml_cuda_kernel_launch(k1, lp, y, n);'), [null]);
  // Comments around an argument are not part of it.
  const args = withDoc(`${HEAD}void host(float* y, int n, cudaStream_t s) {\n  ggml_cuda_kernel_launch(k1, ggml_cuda_kernel_launch_params(n, 32, 0, s), /* out */ y,\n    // the count\n    n /* elements */);\n}\n`, (_doc, facts) => facts.launches().map((l) => l.args.map((a) => a.text)));
  assert.deepEqual(args, [['y', 'n']]);
});

test('cudaLaunchKernel is a launch only when its argument array holds the arguments\' addresses', () => {
  const launches = (body: string) =>
    withDoc(`${HEAD}void host(float* y, int n, void** given, cudaStream_t s) {\n${body}\n}\n`, (_doc, facts) => facts.launches().map((l) => [l.form, l.kernel, l.args.map((a) => a.text).join(',')]));
  assert.deepEqual(launches('void* args[] = {&y, (void*)&n}; cudaLaunchKernel((void*)k1, dim3(4), dim3(32), args, 0, s);'), [['wrapper', 'k1', 'y,n']]);
  assert.deepEqual(launches('cudaLaunchCooperativeKernel(reinterpret_cast<const void*>(&k1), 4, 32, (void**)given, 0, s);'), []);
  assert.deepEqual(launches('void* args[] = {y, &n}; cudaLaunchKernel((void*)k1, 4, 32, args, 0, s);'), []);
  assert.deepEqual(launches('void* args[] = {&y, &n}; args[0] = given[0]; cudaLaunchKernel((void*)k1, 4, 32, args, 0, s);'), []);
  // The same array passed to two launches: both read it.
  assert.deepEqual(launches('void* args[] = {&y, &n}; cudaLaunchKernel((void*)k1, 4, 32, args, 0, s); cudaLaunchKernel((void*)k1, 4, 32, (void**)args, 0, s);'), [['wrapper', 'k1', 'y,n'], ['wrapper', 'k1', 'y,n']]);
  // Passed to another function in between: it could change the elements.
  assert.deepEqual(launches('void* args[] = {&y, &n}; fill(args); cudaLaunchKernel((void*)k1, 4, 32, args, 0, s);'), []);
  // The call stays a call: cuda-launch-api still reports it.
  withDoc(`${HEAD}void host(float* y, int n, cudaStream_t s) {\n  void* args[] = {&y, &n};\n  cudaLaunchKernel((void*)k1, dim3(4), dim3(32), args, 0, s);\n}\n`, (doc, facts) => {
    assert.equal(facts.calls().filter((c) => c.name === 'cudaLaunchKernel').length, 1);
    assert.ok(engine.analyze(doc, { target: B3 }).findings.some((f) => f.rule === 'cuda-launch-api'));
  });
});
