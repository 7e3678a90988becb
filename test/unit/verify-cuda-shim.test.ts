/**
 * The CUDA side of `ascend-port verify`:
 *  - cudaCpuView() rewrites a .cu file for the CPU shim (pure; exact outputs below);
 *  - real CUDA fixtures (test/fixtures/verify/cuda/, each also compiled by nvcc in
 *    test/check-fixtures-compile.sh) compile with the shim and a C++ driver per fixture,
 *    run on the CPU, and match values the driver computes independently; barriers CUDA
 *    forbids are reported as ap_cuda::KernelError, never a hang (every run has a time limit).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cudaCpuView } from '../../server/src/engine/verify/cudaCpuSource';
import { compileAndRun, gxxMissing, type RunResult } from '../helpers/cuda-shim';

const FIXTURES = path.resolve(__dirname, '../fixtures/verify/cuda');

function lineCount(s: string): number {
  return s.split('\n').length;
}

// ---------------------------------------------------------------------------------------
// cudaCpuView
// ---------------------------------------------------------------------------------------

describe('cudaCpuView', () => {
  test('a launch becomes a Launch object applied to the arguments', () => {
    const v = cudaCpuView('void h(float* p) { k<<<grid, block>>>(p, 4); }\n');
    assert.equal(v.text, 'void h(float* p) { ::ap_cuda::Launch(k, grid, block)(p, 4); }\n');
    assert.deepEqual(v.notes, []);
  });

  test('shared memory and stream, template arguments, qualified and global names, spaced chevrons', () => {
    const src = [
      'void h() {',
      '  ns::k<float, 256><<<g, b, smem, st>>>(x);',
      '  ::top<<< 1, 2 >>>();',
      '  old< < <n, 32> > >(y);',
      '  (*fp)<<<1, 1>>>(z);',
      '  table[i]<<<1, 1>>>(z);',
      '}',
    ].join('\n');
    assert.equal(
      cudaCpuView(src).text,
      [
        'void h() {',
        '  ::ap_cuda::Launch(ns::k<float, 256>, g, b, smem, st)(x);',
        '  ::ap_cuda::Launch(::top,  1, 2 )();',
        '  ::ap_cuda::Launch(old, n, 32)(y);',
        '  ::ap_cuda::Launch((*fp), 1, 1)(z);',
        '  ::ap_cuda::Launch(table[i], 1, 1)(z);',
        '}',
      ].join('\n'),
    );
  });

  test('launches spanning lines keep every line where it was', () => {
    const src = 'void h() {\n  k<float>\n    <<<(n + 255) / 256,\n       256>>>(a,\n              b);\n  after();\n}\n';
    const v = cudaCpuView(src);
    assert.equal(v.text, 'void h() {\n  ::ap_cuda::Launch(k<float>\n    , (n + 255) / 256,\n       256)(a,\n              b);\n  after();\n}\n');
    assert.equal(lineCount(v.text), lineCount(src));
  });

  test('launches inside a macro keep their backslash continuations', () => {
    const src = '#define LAUNCH(k, n, ...) \\\n  k<<<(n + 255) / 256, \\\n      256>>>(__VA_ARGS__)\nvoid h() { LAUNCH(add, n, p, n); }\n';
    assert.equal(
      cudaCpuView(src).text,
      '#define LAUNCH(k, n, ...) \\\n  ::ap_cuda::Launch(k, (n + 255) / 256, \\\n      256)(__VA_ARGS__)\nvoid h() { LAUNCH(add, n, p, n); }\n',
    );
  });

  test('kernels a function pointer cannot launch (deduced template arguments, default arguments) go through a generic lambda', () => {
    const src = [
      'template <typename T>',
      '__global__ void __launch_bounds__(128) fill(T* p, T v) {}',
      '__global__ void plain(int* p) {}',
      'void h(float* p, int* q) { fill<<<1, 2>>>(p, 1.0f); fill<float><<<1, 2>>>(p, 2.0f); plain<<<1, 2>>>(q); }',
      '__global__ void withDefault(int* p, int n = 4) {}',
      'void g(int* q) { withDefault<<<1, 2>>>(q); }',
    ].join('\n');
    const lines = cudaCpuView(src).text.split('\n');
    assert.equal(lines[5], 'void g(int* q) { ::ap_cuda::Launch([](auto&&... ap_a_) { withDefault(static_cast<decltype(ap_a_)&&>(ap_a_)...); }, 1, 2)(q); }');
    const out = lines[3];
    assert.equal(
      out,
      'void h(float* p, int* q) { ::ap_cuda::Launch([](auto&&... ap_a_) { fill(static_cast<decltype(ap_a_)&&>(ap_a_)...); }, 1, 2)(p, 1.0f); ' +
        '::ap_cuda::Launch(fill<float>, 1, 2)(p, 2.0f); ::ap_cuda::Launch(plain, 1, 2)(q); }',
    );
  });

  test('comments, strings and shift operators are left alone', () => {
    const src = 'void h() {\n  // k<<<1, 1>>>(x);\n  const char* s = "k<<<1,1>>>(x)";\n  /* k<<<2, 2>>>(y); */\n  int z = a << 3 >> 2;\n}\n';
    const v = cudaCpuView(src);
    assert.equal(v.text, src);
  });

  test('extern __shared__ arrays become the launch\'s dynamic shared memory', () => {
    const src = [
      '__global__ void a() { extern __shared__ float s[]; s[0] = 1; }',
      '__global__ void b() {',
      '  extern __shared__ __align__(16) unsigned char raw[];',
      '  extern __shared__ volatile int /* counters */ c[];',
      '  extern float __shared__ f[]; __shared__ extern double d[];',
      '}',
      '#define SMEM(T, n) extern __shared__ T n \\',
      '  [];',
      '// extern __shared__ float notThis[];',
    ].join('\n');
    const v = cudaCpuView(src);
    assert.deepEqual(v.text.split('\n'), [
      '__global__ void a() { float* const s = ::ap_cuda::dynamic_smem<float>(); s[0] = 1; }',
      '__global__ void b() {',
      '  unsigned char* const raw = ::ap_cuda::dynamic_smem<unsigned char>();',
      '  volatile int* const c = ::ap_cuda::dynamic_smem<volatile int>();',
      '  float* const f = ::ap_cuda::dynamic_smem<float>(); double* const d = ::ap_cuda::dynamic_smem<double>();',
      '}',
      '#define SMEM(T, n) T* const n = ::ap_cuda::dynamic_smem<T>(); \\',
      '',
      '// extern __shared__ float notThis[];',
    ]);
  });

  test('static __shared__ loses its static (the shim\'s __shared__ is static)', () => {
    const v = cudaCpuView('__device__ float f() { static __shared__ float s[32]; __shared__ static int n; return s[0] + n; }');
    assert.equal(v.text, '__device__ float f() {        __shared__ float s[32]; __shared__        int n; return s[0] + n; }');
  });

  test('the #line header names the original file, escaped', () => {
    const v = cudaCpuView('int x;\n', { path: 'C:\\src\\my "kernels".cu' });
    assert.equal(v.text, '#line 1 "C:\\\\src\\\\my \\"kernels\\".cu"\nint x;\n');
  });

  test('notes name what cannot run on the CPU, by line', () => {
    const src = [
      '#include <thrust/device_vector.h>',
      '__global__ void k(float* p, cudaTextureObject_t t) {',
      '  asm volatile("membar.gl;");',
      '  p[0] = tex1Dfetch<float>(t, 0);',
      '  cooperative_groups::this_grid().sync();',
      '}',
    ].join('\n');
    const notes = cudaCpuView(src).notes;
    assert.deepEqual(
      notes.map((n) => n.split(':')[0]),
      ['line 3', 'line 4', 'line 1', 'line 5'],
    );
    assert.match(notes[0]!, /inline assembly/);
  });

  test('never throws and keeps the line count on half-typed code and noise', () => {
    const inputs = [
      '',
      'k<<<',
      'k<<<1, 2>>>',
      '<<<>>>()',
      'extern __shared__',
      'extern __shared__ float a[], b[];',
      'template <class T> __global__',
      '#define X k<<<1,\n',
      '"unterminated k<<<1,1>>>(x)',
      '<'.repeat(10_000) + '>'.repeat(10_000) + '(',
      'f<<<1, 1>>>(x);'.repeat(2_000),
      'a::b::c<d<e>>::f<<<1, 1>>>(x);',
    ];
    for (const s of inputs) {
      const v = cudaCpuView(s);
      assert.equal(typeof v.text, 'string');
      assert.equal(lineCount(v.text), lineCount(s), JSON.stringify(s.slice(0, 40)));
    }
    const bad = cudaCpuView('extern __shared__ float a[], b[];');
    assert.match(bad.notes[0] ?? '', /not understood/);
  });
});

// ---------------------------------------------------------------------------------------
// Fixtures run on the CPU
// ---------------------------------------------------------------------------------------

const missing = gxxMissing();
if (missing) console.log(`# skipping the CUDA shim runs: ${missing}`);

function fixture(name: string): { text: string; file: string } {
  const file = path.join(FIXTURES, name);
  return { text: fs.readFileSync(file, 'utf8'), file };
}

async function runFixture(name: string, driver: string): Promise<RunResult> {
  const { text, file } = fixture(name);
  const r = await compileAndRun(path.basename(name, '.cu'), text, file, driver);
  assert.ok(r.compiled, `${name} did not compile with the shim:\n${r.compileErrors.slice(0, 4000)}`);
  assert.equal(r.signal, null, `${name} was killed (${r.signal}); stderr:\n${r.stderr}`);
  return r;
}

function assertPassed(r: RunResult, expected: string[]): void {
  assert.deepEqual(r.failed, [], r.stdout);
  assert.deepEqual(r.ok, expected, r.stdout);
  assert.equal(r.status, 0, `exit ${r.status}\n${r.stdout}\n${r.stderr}`);
}

/** 1-based lines of `needle` in a fixture. */
function linesOf(name: string, needle: string): number[] {
  return fixture(name)
    .text.split('\n')
    .flatMap((l, i) => (l.includes(needle) ? [i + 1] : []));
}

describe('CUDA fixtures on the CPU shim', { concurrency: 2, skip: missing ?? false }, () => {
  test('shared-memory tree reduction with __syncthreads and the counting barriers', async () => {
    const r = await runFixture('reduce_shared.cu', String.raw`
int main() {
  const int n = 1000, B = 256, G = (n + B - 1) / B;
  std::vector<float> in(n);
  for (int i = 0; i < n; i++) in[i] = float(i % 7) - 3.0f + (i % 5 == 0 ? 8.0f : 0.0f);
  std::vector<float> partial(G, -1.0f);
  ap_cuda::launch(blockSum, dim3(G), dim3(B), 0, in.data(), partial.data(), n);
  bool same = true;
  for (int b = 0; b < G; b++) {
    float s = 0;
    for (int i = b * B; i < n && i < (b + 1) * B; i++) s += in[i];
    if (s != partial[b]) { same = false; std::printf("block %d: %g, expected %g\n", b, partial[b], s); }
  }
  EXPECT(same, "blockSum");
  std::vector<int> counts(G, -1);
  ap_cuda::launch(countPositive, G, B, 0, in.data(), counts.data(), n);
  bool cs = true;
  for (int b = 0; b < G; b++) {
    int c = 0, any = 0, all = 1;
    for (int t = 0; t < B; t++) {
      int i = b * B + t;
      bool inside = i < n;
      c += inside && in[i] > 0.0f;
      any |= inside && in[i] > 2.5f;
      all &= inside;
    }
    if (counts[b] != c * 100 + any * 10 + all) { cs = false; std::printf("block %d: %d, expected %d\n", b, counts[b], c * 100 + any * 10 + all); }
  }
  EXPECT(cs, "syncthreads_count_or_and");
  EXPECT(counts[3] % 10 == 0 && counts[0] % 10 == 1, "last block is partial");
  return ap_failures;
}`);
    assertPassed(r, ['blockSum', 'syncthreads_count_or_and', 'last block is partial']);
  });

  test('warp shuffles: shuffle-down sums, segmented scan with width, broadcast, cooperative-groups tiles', async () => {
    const r = await runFixture('warp_shuffle.cu', String.raw`
int main() {
  const int n = 1000, B = 256, G = 4;
  std::vector<float> in(n);
  for (int i = 0; i < n; i++) in[i] = float((i * 37) % 11);
  std::vector<float> out(G, -1.0f);
  ap_cuda::launch(shuffleSum, G, B, 0, in.data(), out.data(), n);
  bool ok = true;
  for (int b = 0; b < G; b++) {
    float s = 0;
    for (int i = b * B; i < n && i < (b + 1) * B; i++) s += in[i];
    if (s != out[b]) { ok = false; std::printf("block %d: %g, expected %g\n", b, out[b], s); }
  }
  EXPECT(ok, "shuffleSum");
  std::vector<float> out96(1, -1.0f);
  ap_cuda::launch(shuffleSum, 1, 96, 0, in.data(), out96.data(), 96);
  float s96 = 0;
  for (int i = 0; i < 96; i++) s96 += in[i];
  EXPECT(out96[0] == s96, "shuffleSum with three warps");

  std::vector<int> sin(64), scan(64, -1), smax(64, -1);
  for (int i = 0; i < 64; i++) sin[i] = (i * 5) % 9;
  ap_cuda::launch(segmentScan, 1, 64, 0, sin.data(), scan.data(), smax.data());
  bool scanOk = true, maxOk = true;
  for (int i = 0; i < 64; i++) {
    int seg = i / 8 * 8, s = 0, m = 0;
    for (int k = seg; k <= i; k++) s += sin[k];
    for (int k = seg; k < seg + 8; k++) m = sin[k] > m ? sin[k] : m;
    scanOk &= scan[i] == s;
    maxOk &= smax[i] == m;
  }
  EXPECT(scanOk, "segment scan (shfl_up, width 8)");
  EXPECT(maxOk, "segment max (shfl_xor, width 8)");

  std::vector<double> d(64), bc(64, -1);
  std::vector<int> ts(4, -1), tr(64, -1);
  for (int i = 0; i < 64; i++) d[i] = double((i * 7) % 13);
  ap_cuda::launch(broadcastAndTiles, 1, 64, 0, d.data(), bc.data(), ts.data(), tr.data());
  bool bcOk = true, tsOk = true, trOk = true;
  for (int i = 0; i < 64; i++) bcOk &= bc[i] == d[i / 32 * 32 + 3];
  for (int t = 0; t < 4; t++) {
    int s = 0, m = 0;
    for (int k = 16 * t; k < 16 * t + 16; k++) { s += int(d[k]); m = int(d[k]) > m ? int(d[k]) : m; }
    tsOk &= ts[t] == s;
    for (int k = 16 * t; k < 16 * t + 16; k++) trOk &= tr[k] == m;
  }
  EXPECT(bcOk, "broadcast of doubles from lane 3");
  EXPECT(tsOk, "tile shfl_down sums");
  EXPECT(trOk, "cg::reduce with greater");
  return ap_failures;
}`);
    assertPassed(r, [
      'shuffleSum',
      'shuffleSum with three warps',
      'segment scan (shfl_up, width 8)',
      'segment max (shfl_xor, width 8)',
      'broadcast of doubles from lane 3',
      'tile shfl_down sums',
      'cg::reduce with greater',
    ]);
  });

  test('ballot, popcount, any and all per warp', async () => {
    const r = await runFixture('ballot.cu', String.raw`
int main() {
  const int warps = 6, n = warps * 32;
  std::vector<int> flags(n, 0);
  for (int i = 0; i < n; i++) flags[i] = (i % 3 == 0) || (i / 32 == 4);  // warp 4: all set
  for (int i = 5 * 32; i < 6 * 32; i++) flags[i] = 0;                      // warp 5: none
  std::vector<unsigned> masks(warps, 0);
  std::vector<int> counts(warps, -1), anyAll(warps, -1);
  ap_cuda::launch(ballotCount, 2, 96, 0, flags.data(), masks.data(), counts.data(), anyAll.data());
  bool mOk = true, cOk = true, aOk = true;
  for (int w = 0; w < warps; w++) {
    unsigned m = 0;
    for (int l = 0; l < 32; l++) if (flags[w * 32 + l]) m |= 1u << l;
    int c = 0;
    for (int l = 0; l < 32; l++) c += (m >> l) & 1u;
    mOk &= masks[w] == m;
    cOk &= counts[w] == c;
    aOk &= anyAll[w] == (m != 0) * 2 + (m == 0xffffffffu);
  }
  EXPECT(mOk, "ballot masks");
  EXPECT(cOk, "popc of ballots");
  EXPECT(aOk, "any and all");
  EXPECT(masks[0] == 0x49249249u, "warp 0 mask");
  return ap_failures;
}`);
    assertPassed(r, ['ballot masks', 'popc of ballots', 'any and all', 'warp 0 mask']);
  });

  test('atomics into global memory: histogram, min/max, wrapping atomicInc, CAS loop, double add', async () => {
    const r = await runFixture('atomics.cu', String.raw`
int main() {
  const int n = 1000, nb = 7;
  std::vector<int> v(n);
  for (int i = 0; i < n; i++) v[i] = (i * 7919) % 1009;
  std::vector<unsigned> bins(nb, 0);
  int total = 0;
  ap_cuda::launch(histogram, 3, 64, 0, v.data(), n, bins.data(), nb, &total);
  std::vector<unsigned> eb(nb, 0);
  long long et = 0;
  for (int i = 0; i < n; i++) { eb[v[i] % nb]++; et += v[i]; }
  EXPECT(bins == eb, "histogram bins");
  EXPECT(total == et, "atomicAdd total");
  int lo = 1 << 30, hi = -1;
  unsigned ticket = 0;
  std::vector<unsigned> order(n, 99);
  ap_cuda::launch(extremes, (n + 127) / 128, 128, 0, v.data(), n, &lo, &hi, &ticket, order.data());
  int elo = v[0], ehi = v[0];
  for (int x : v) { elo = x < elo ? x : elo; ehi = x > ehi ? x : ehi; }
  EXPECT(lo == elo && hi == ehi, "atomicMin and atomicMax");
  std::vector<int> seen(10, 0);
  bool range = true;
  for (unsigned o : order) { if (o > 9) range = false; else seen[o]++; }
  EXPECT(range && ticket == unsigned(n % 10), "atomicInc wraps at 9");
  bool even = true;
  for (int s : seen) even &= s == n / 10;
  EXPECT(even, "every ticket value handed out equally often");
  std::vector<float> f(n);
  for (int i = 0; i < n; i++) f[i] = float((i * 31) % 997) * 0.25f - 50.0f;
  float fmax = -1e30f;
  double sum = 0.0, esum = 0.0;
  float ef = f[0];
  for (float x : f) { ef = x > ef ? x : ef; esum += x; }
  ap_cuda::launch(floatMax, (n + 255) / 256, 256, 0, f.data(), n, &fmax, &sum);
  EXPECT(fmax == ef, "CAS-loop float maximum");
  EXPECT(sum == esum, "atomicAdd on double");
  std::vector<int> src(n), dst(n, -1);
  int positives = 0, busyWarps = 0;
  for (int i = 0; i < n; i++) src[i] = (i % 64 < 32) ? 0 : ((i * 13) % 5) - 1;  // every other warp has no positive value
  for (int w = 0; w * 32 < n; w++) {
    bool any = false;
    for (int i = w * 32; i < n && i < w * 32 + 32; i++) if (src[i] > 0) { positives++; any = true; }
    busyWarps += any;
  }
  int count = 0, leaders = 0;
  ap_cuda::launch(compactPositive, (n + 127) / 128, 128, 0, src.data(), dst.data(), &count, &leaders, n);
  std::vector<int> got(dst.begin(), dst.begin() + (count < n ? count : n)), want;
  for (int x : src) if (x > 0) want.push_back(x);
  std::sort(got.begin(), got.end());
  std::sort(want.begin(), want.end());
  EXPECT(count == positives && got == want, "warp-aggregated compaction");
  EXPECT(leaders == busyWarps, "one atomicAdd per warp: __activemask() is the lanes in the branch");
  return ap_failures;
}`);
    assertPassed(r, [
      'histogram bins',
      'atomicAdd total',
      'atomicMin and atomicMax',
      'atomicInc wraps at 9',
      'every ticket value handed out equally often',
      'CAS-loop float maximum',
      'atomicAdd on double',
      'warp-aggregated compaction',
      'one atomicAdd per warp: __activemask() is the lanes in the branch',
    ]);
  });

  test('half and bfloat16 kernels round like binary16 / bfloat16 hardware (checked against _Float16 and a frexp reference)', async () => {
    const r = await runFixture('half_bf16.cu', String.raw`
#include <cstring>
static unsigned short bits16(const void* p) { unsigned short u; std::memcpy(&u, p, 2); return u; }
static float bf16_ref(float f) { int e; float m = std::frexp(f, &e); return std::ldexp(std::nearbyint(std::ldexp(m, 8)), e - 8); }
int main() {
  static_assert(sizeof(__half) == 2 && sizeof(__half2) == 4 && alignof(__half2) == 4, "half layout");
  static_assert(sizeof(__nv_bfloat16) == 2 && sizeof(__nv_bfloat162) == 4, "bfloat16 layout");
  const int n = 300;
  std::vector<_Float16> ra(n), rb(n);
  std::vector<unsigned short> a(n), b(n), fo(n), eo(n);
  std::vector<float> sums(n);
  for (int i = 0; i < n; i++) {
    ra[i] = (_Float16)((i - 150) * 0.037f + 0.001f * i);
    rb[i] = (_Float16)(7.0f / (1 + i) - 0.5f);
    a[i] = bits16(&ra[i]);
    b[i] = bits16(&rb[i]);
  }
  // The kernel reads and writes __half buffers that are plain uint16 bits.
  ap_cuda::launch(halfOps, 2, 256, 0, reinterpret_cast<const __half*>(a.data()), reinterpret_cast<const __half*>(b.data()),
                  reinterpret_cast<__half*>(fo.data()), reinterpret_cast<__half*>(eo.data()), sums.data(), n);
  bool fmaOk = true, expOk = true, sumOk = true;
  for (int i = 0; i < n; i++) {
    _Float16 f = (_Float16)((double)ra[i] * (double)rb[i] + 0.5);
    _Float16 q = (_Float16)((float)ra[i] * 0.25f);
    _Float16 e = (_Float16)std::exp((float)q);
    float s = (float)(_Float16)((float)ra[i] + (float)rb[i]) + (ra[i] > rb[i] ? 1000.0f : 0.0f);
    if (fo[i] != bits16(&f)) { fmaOk = false; std::printf("fma %d: %04x, expected %04x\n", i, fo[i], bits16(&f)); }
    expOk &= eo[i] == bits16(&e);
    sumOk &= sums[i] == s;
  }
  EXPECT(fmaOk, "__hfma rounds once");
  EXPECT(expOk, "hexp of __hmul");
  EXPECT(sumOk, "__hadd and __hgt");

  const int m = 100;
  std::vector<__half2> h2(m), o2(m);
  std::vector<float2> wide(m);
  for (int i = 0; i < m; i++) h2[i] = __floats2half2_rn(0.1f * i - 3.0f, 1.0f / (i + 3));
  ap_cuda::launch(half2Ops, 1, 128, 0, h2.data(), o2.data(), wide.data(), m);
  bool h2Ok = true, wideOk = true;
  for (int i = 0; i < m; i++) {
    _Float16 x, y;
    std::memcpy(&x, &h2[i].x, 2);
    std::memcpy(&y, &h2[i].y, 2);
    _Float16 tx = (_Float16)((float)x + 1.0f), ty = (_Float16)((float)y - 1.0f);
    _Float16 rx = (_Float16)((float)x * (float)tx), ry = (_Float16)((float)y * (float)ty);
    h2Ok &= bits16(&o2[i].x) == bits16(&rx) && bits16(&o2[i].y) == bits16(&ry);
    wideOk &= wide[i].x == (float)y && wide[i].y == (float)x;
  }
  EXPECT(h2Ok, "__hmul2 of __hadd2");
  EXPECT(wideOk, "__half22float2 of __lowhigh2highlow");

  std::vector<float> in(n), back(n);
  std::vector<__nv_bfloat16> sq(n);
  for (int i = 0; i < n; i++) in[i] = (i - 150) * 0.0123456f + 1e-3f;
  ap_cuda::launch(bf16Ops, 3, 128, 0, in.data(), sq.data(), back.data(), n);
  bool bOk = true, sqOk = true;
  for (int i = 0; i < n; i++) {
    float rb16 = bf16_ref(in[i]);
    bOk &= back[i] == rb16;
    float rsq = bf16_ref(rb16 * rb16);
    unsigned u;
    std::memcpy(&u, &rsq, 4);
    sqOk &= __bfloat162float(sq[i]) == rsq && bits16(&sq[i]) == (u >> 16);
  }
  EXPECT(bOk, "__float2bfloat16 rounds to nearest even");
  EXPECT(sqOk, "bfloat16 __hmul");
  return ap_failures;
}`);
    assertPassed(r, [
      '__hfma rounds once',
      'hexp of __hmul',
      '__hadd and __hgt',
      '__hmul2 of __hadd2',
      '__half22float2 of __lowhigh2highlow',
      '__float2bfloat16 rounds to nearest even',
      'bfloat16 __hmul',
    ]);
  });

  test('float4 vectorised copy and int2 packing (CUDA alignments)', async () => {
    const r = await runFixture('vector_copy.cu', String.raw`
int main() {
  static_assert(alignof(float4) == 16 && sizeof(float4) == 16 && alignof(float2) == 8 && sizeof(float3) == 12 &&
                alignof(int2) == 8 && alignof(double2) == 16 && alignof(char4) == 4 && alignof(short4) == 8, "CUDA vector layouts");
  const int n = 1030;
  std::vector<float> in(n), out(n, 0.0f);
  for (int i = 0; i < n; i++) in[i] = 0.5f * i - 7.0f;
  ap_cuda::launch(scaleCopy4, (n / 4 + 127) / 128, 128, 0, in.data(), out.data(), n);
  bool ok = true;
  for (int i = 0; i < n; i++) ok &= out[i] == 2.0f * in[i];
  EXPECT(ok, "scaleCopy4 including the tail");
  std::vector<int> ints(20);
  for (int i = 0; i < 20; i++) ints[i] = i * i;
  std::vector<int2> pairs(10);
  ap_cuda::launch(packInt2, 1, 32, 0, ints.data(), pairs.data(), 10);
  bool pOk = true;
  for (int i = 0; i < 10; i++) pOk &= pairs[i].x == ints[2 * i] && pairs[i].y == ints[2 * i + 1];
  EXPECT(pOk, "make_int2 pairs");
  return ap_failures;
}`);
    assertPassed(r, ['scaleCopy4 including the tail', 'make_int2 pairs']);
  });

  test('file-level cuBLAS / cuBLASLt globals (a compute type, a data type, a handle, a status test) compile beside the kernel', async () => {
    const r = await runFixture('library_globals.cu', String.raw`
int main() {
  std::vector<float> in(5, 1.5f), out(5, 0.0f);
  ap_cuda::launch(offsetBy, 1, 32, 0, in.data(), out.data(), 0.25f, 5);
  bool ok = true;
  for (float v : out) ok &= v == 1.75f;
  EXPECT(ok, "offsetBy");
  EXPECT(library_ok(CUBLAS_STATUS_SUCCESS) && library_compute == CUBLAS_COMPUTE_32F && library_lowp == CUDA_R_16BF, "the library constants");
  return ap_failures;
}`);
    assertPassed(r, ['offsetBy', 'the library constants']);
  });

  test('file-level MPI and NCCL declarations (a status check, a communicator in a struct) compile beside the kernel', async () => {
    const r = await runFixture('multi_process.cu', String.raw`
int main() {
  std::vector<float> data(9, 0.0f);
  ap_cuda::launch(fillWith, 1, 32, 0, data.data(), 9, 3.0f);
  bool ok = true;
  for (float v : data) ok &= v == 3.0f;
  EXPECT(ok, "fillWith");
  ProcessGroup g{0, 1, nullptr};
  EXPECT(nccl_ok(ncclSuccess) && mpi_ok(MPI_SUCCESS) && g.comm == nullptr, "the library declarations");
  return ap_failures;
}`);
    assertPassed(r, ['fillWith', 'the library declarations']);
  });

  test('inter-process handle types in a file-level struct (IPC and memory-pool export) compile beside the kernel', async () => {
    const r = await runFixture('ipc_types.cu', String.raw`
int main() {
  std::vector<char> bytes(7, 0);
  ap_cuda::launch(fillBytes, 1, 32, 0, bytes.data(), 7, char(9));
  bool ok = true;
  for (char b : bytes) ok &= b == 9;
  EXPECT(ok, "fillBytes");
  EXPECT(shared_state_template().handleType == cudaMemHandleTypeNone && sizeof(cudaIpcMemHandle_t) == 64, "the handle types");
  return ap_failures;
}`);
    assertPassed(r, ['fillBytes', 'the handle types']);
  });

  test('grid-stride loop and a 2-D grid', async () => {
    const r = await runFixture('grid_stride.cu', String.raw`
int main() {
  const int n = 100000;
  std::vector<float> x(n), y(n), e(n);
  for (int i = 0; i < n; i++) { x[i] = float(i % 1000) * 0.001f; y[i] = float(i % 17); e[i] = std::fma(3.0f, x[i], y[i]); }
  ap_cuda::launch(saxpy, 8, 128, 0, n, 3.0f, x.data(), y.data());
  EXPECT(y == e, "saxpy covers every element once");
  const int w = 40, h = 13;
  std::vector<int> out(w * h, -1);
  ap_cuda::launch(coords, dim3(3, 2), dim3(16, 8), 0, out.data(), w, h);
  bool ok = true;
  for (int yy = 0; yy < h; yy++)
    for (int xx = 0; xx < w; xx++) ok &= out[yy * w + xx] == yy * 1000 + xx;
  EXPECT(ok, "2-D coordinates");
  return ap_failures;
}`);
    assertPassed(r, ['saxpy covers every element once', '2-D coordinates']);
  });

  test('template kernels: ap_cuda::launch with a specialisation, and the rewritten launches of a host function', async () => {
    const r = await runFixture('template_kernel.cu', String.raw`
int main() {
  const int n = 500;
  std::vector<float> in(n), out(n, 1.0f);
  for (int i = 0; i < n; i++) in[i] = 0.5f * i;
  ap_cuda::launch(scaleAdd<float, 128>, (n + 127) / 128, 128, 0, out.data(), in.data(), 2.0f, n);
  bool ok = true;
  for (int i = 0; i < n; i++) ok &= out[i] == 2.0f * in[i] + 1.0f;
  EXPECT(ok, "scaleAdd<float, 128>");
  std::vector<double> d(n, 0.0);
  runAll(out.data(), in.data(), d.data(), n, nullptr);
  bool ok2 = true, ok3 = true;
  for (int i = 0; i < n; i++) { ok2 &= out[i] == 4.0f * in[i] + 1.0f; ok3 &= d[i] == -1.5; }
  EXPECT(ok2, "explicit template launch in host code");
  EXPECT(ok3, "deduced template launch and namespaced template launch");
  ap_cuda::launch(ops::negate<double>, 8, 64, 0, d.data(), n);
  EXPECT(d[0] == 1.5 && d[n - 1] == 1.5, "ops::negate<double>");
  return ap_failures;
}`);
    assertPassed(r, ['scaleAdd<float, 128>', 'explicit template launch in host code', 'deduced template launch and namespaced template launch', 'ops::negate<double>']);
  });

  test('dynamic shared memory: extern __shared__ arrays get the launch\'s buffer', async () => {
    const r = await runFixture('dynamic_smem.cu', String.raw`
int main() {
  std::vector<int> d(64);
  for (int i = 0; i < 64; i++) d[i] = i * 3;
  ap_cuda::launch(reverseBlock, 1, 64, 64 * sizeof(int), d.data(), 64);
  bool ok = true;
  for (int i = 0; i < 64; i++) ok &= d[i] == (63 - i) * 3;
  EXPECT(ok, "reverseBlock");
  EXPECT(ap_cuda::dynamic_smem_size() == 64 * sizeof(int), "dynamic_smem_size");
  const int n = 50;
  std::vector<float> a(n), out(n);
  std::vector<int> b(n);
  for (int i = 0; i < n; i++) { a[i] = i + 0.5f; b[i] = 2 * i; }
  ap_cuda::launch(twoArrays, 1, n, n * (sizeof(float) + sizeof(int)), a.data(), b.data(), out.data(), n);
  bool ok2 = true;
  for (int t = 0; t < n; t++) ok2 &= out[t] == a[n - 1 - t] * float(b[(t + 1) % n]);
  EXPECT(ok2, "twoArrays in one buffer");
  EXPECT(reinterpret_cast<unsigned long>(ap_cuda::dynamic_smem<char>()) % 16 == 0, "aligned to 16");
  return ap_failures;
}`);
    assertPassed(r, ['reverseBlock', 'dynamic_smem_size', 'twoArrays in one buffer', 'aligned to 16']);
  });

  test('barriers CUDA forbids are reported as KernelError with the call sites; later launches still work', async () => {
    const r = await runFixture('divergent_barrier.cu', String.raw`
#include <string>
static void expectError(const char* what, ap_cuda::KernelError::Kind kind, void (*launchIt)()) {
  try {
    launchIt();
    std::printf("FAIL %s: no error\n", what);
    ap_failures++;
  } catch (const ap_cuda::KernelError& e) {
    std::string m = e.what();
    std::replace(m.begin(), m.end(), '\n', ' ');
    std::printf("error %s: %s\n", ap_cuda::KernelError::kind_name(e.kind), m.c_str());
    EXPECT(e.kind == kind, what);
  }
}
static std::vector<float> data(64, 1.0f);
static std::vector<int> out(64, 0);
int main() {
  ap_cuda::launch(earlyExit, 1, 64, 0, data.data(), 64);
  bool ok = true;
  for (float v : data) ok &= v == 3.0f;
  EXPECT(ok, "earlyExit with every thread inside runs");
  expectError("early return before __syncthreads", ap_cuda::KernelError::DivergentBarrier,
              [] { ap_cuda::launch(earlyExit, 1, 64, 0, data.data(), 40); });
  expectError("two different __syncthreads", ap_cuda::KernelError::DivergentBarrier,
              [] { ap_cuda::launch(twoBarriers, 1, 32, 0, out.data()); });
  expectError("shuffle waiting for a barrier", ap_cuda::KernelError::Deadlock,
              [] { ap_cuda::launch(shuffleVersusBarrier, 1, 32, 0, out.data()); });
  std::fill(data.begin(), data.end(), 1.0f);
  ap_cuda::launch(earlyExit, 2, 64, 0, data.data(), 64);
  EXPECT(data[0] == 7.0f && data[63] == 7.0f, "launches after a reported error run normally");
  return ap_failures;
}`);
    assertPassed(r, [
      'earlyExit with every thread inside runs',
      'early return before __syncthreads',
      'two different __syncthreads',
      'shuffle waiting for a barrier',
      'launches after a reported error run normally',
    ]);
    const name = 'divergent_barrier.cu';
    const [earlyBarrier, firstOfTwo, secondOfTwo, shuffleBarrier] = linesOf(name, '__syncthreads();');
    const shfl = linesOf(name, '__shfl_sync(')[0];
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('error '));
    assert.equal(errors.length, 3, r.stdout);
    assert.match(errors[0]!, new RegExp(`^error divergent-barrier: .*thread \\(40,0,0\\) exited .*${name}:${earlyBarrier}\\b`));
    assert.match(errors[1]!, new RegExp(`^error divergent-barrier: .*${name}:${secondOfTwo}\\b.*${name}:${firstOfTwo}\\b`));
    assert.match(errors[2]!, new RegExp(`^error deadlock: .*16 thread\\(s\\) wait at __shfl_sync .*${name}:${shfl}\\b.*16 thread\\(s\\) wait at __syncthreads\\(\\) at .*${name}:${shuffleBarrier}\\b`));
  });

  test('assert() and __trap() in a kernel stop the launch as KernelError::Trap (cudaErrorAssert for rewritten launches); a spin lock inside a block makes progress', async () => {
    const r = await runFixture('device_checks.cu', String.raw`
#include <string>
int main() {
  std::vector<int> p(64, 0);
  ap_cuda::launch(checkZero, 1, 64, 0, p.data());
  EXPECT(true, "assert that holds");
  p[37] = 5;
  try {
    ap_cuda::launch(checkZero, 1, 64, 0, p.data());
    EXPECT(false, "failed assert reported");
  } catch (const ap_cuda::KernelError& e) {
    std::printf("error %s: %s\n", ap_cuda::KernelError::kind_name(e.kind), e.what());
    EXPECT(e.kind == ap_cuda::KernelError::Trap && std::string(e.what()).find("thread (37,0,0)") != std::string::npos, "failed assert reported");
  }
  p[37] = -1;
  try {
    ap_cuda::launch(trapOnNegative, 1, 64, 0, p.data());
    EXPECT(false, "__trap reported");
  } catch (const ap_cuda::KernelError& e) {
    EXPECT(e.kind == ap_cuda::KernelError::Trap, "__trap reported");
  }
  int lock = 0, counter = 0;
  ap_cuda::launch(lockedIncrement, 3, 256, 0, &lock, &counter);
  EXPECT(counter == 768 && lock == 0, "spin lock");
  EXPECT(launchCheckZero(p.data(), 32) == cudaSuccess, "rewritten launch without a failure");
  p[7] = 1;
  EXPECT(launchCheckZero(p.data(), 32) == cudaErrorAssert, "rewritten launch reports cudaErrorAssert");
  EXPECT(ap_cuda::last_launch_failure().kind == ap_cuda::KernelError::Trap &&
         ap_cuda::last_launch_failure().message.find("thread (7,0,0)") != std::string::npos, "last_launch_failure");
  int a = 1, b = 2;
  EXPECT(cudaMemcpy(&a, &b, sizeof a, cudaMemcpyHostToHost) == cudaErrorAssert && a == 1, "the error is sticky");
  return ap_failures;
}`);
    assertPassed(r, [
      'assert that holds',
      'failed assert reported',
      '__trap reported',
      'spin lock',
      'rewritten launch without a failure',
      'rewritten launch reports cudaErrorAssert',
      'last_launch_failure',
      'the error is sticky',
    ]);
    const line = linesOf('device_checks.cu', 'assert(p[threadIdx.x] == 0)')[0];
    assert.ok(r.stdout.includes('assertion `p[threadIdx.x] == 0` failed'), r.stdout);
    assert.ok(r.stdout.includes(`device_checks.cu:${line} (thread (37,0,0)`), r.stdout);
  });

  test('a whole host program (cudaMalloc, memcpy, streams, events, constant memory, a launch) compiles and runs', async () => {
    const r = await runFixture('host_main.cu', String.raw`
int main() {
  char arg0[] = "host_main";
  char* argv[] = {arg0, nullptr};
  int rc = ap_user_main_(1, argv);
  EXPECT(rc == 0, "host main returns 0");
  return ap_failures;
}`);
    assertPassed(r, ['host main returns 0']);
    assert.match(r.stdout, /^vecAddScaled on ap_cuda CPU model: 5000 elements, 0 errors$/m);
  });
});
