/**
 * The fuzz and property suite (issue #21): seeded mutations of the repository's fixtures
 * and samples, plus the adversarial generators that once froze the server, each a named
 * case. For every input it checks the invariants:
 *
 * - no exception, and no rule error;
 * - bounded time: each analysis within ANALYSIS_LIMIT_MS (the parse limit, the rules
 *   budget, the walk budget and slack) of CPU time, reported per case with its wall time,
 *   counted as an overrun past it (wall time on a busy machine counts other processes too,
 *   so the load average is printed at the start and the end);
 * - no overlapping edits in any fix, nor in fix-all;
 * - fix-all converges: repeated on its own output it reaches a fixed point within a few
 *   rounds (each round applies a non-overlapping subset of the safe fixes);
 * - byte-exact round trip: the regions fix-all did not edit are unchanged, and bytes that
 *   are not UTF-8 survive the read-only Latin-1 admission exactly.
 *
 *   npm run fuzz -- [--seed N] [--count M] [--small] [--only NAME] [--mutations I,J]
 *
 * `--small` scales the adversarial inputs down (the CI run in test/unit/fuzz.test.ts).
 * Peak RSS is reported at the end. Exit code 1 when anything failed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { admitBytes, applyEdits, DEFAULT_PARSE_TIMEOUT_MS, DEFAULT_TARGET, Engine, LineIndex, safeFixEdits, ANALYSIS_BUDGET, type AnalysisResult, type TextEdit } from '../../server/src/engine';

const ROOT = path.resolve(__dirname, '../..');

/** Past this an analysis is a budget overrun: parse limit + rules budget + walk budget + slack. */
/** Rounds of fix-all within which it must reach a fixed point. */
const FIX_ROUNDS = 4;

export const ANALYSIS_LIMIT_MS = DEFAULT_PARSE_TIMEOUT_MS + ANALYSIS_BUDGET.rulesMs + 3000 + 3000;

export interface FuzzOptions {
  seed: number;
  count: number;
  /** Adversarial inputs at a tenth of their size (CI). */
  small?: boolean;
  only?: string;
  /** Only these mutation indices (to re-run failures of a seed); the others are generated and skipped. */
  mutations?: readonly number[];
  log?: (line: string) => void;
}

export interface FuzzReport {
  inputs: number;
  crashes: string[];
  overruns: string[];
  failures: string[];
  /** Analysis time per adversarial case, and the slowest mutation. */
  timings: { name: string; chars: number; ms: number; cpuMs: number; notices: string[] }[];
  maxMutationMs: number;
  peakRssMb: number;
}

/** A small, fast, seeded PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function corpus(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(cu|cuh)$/.test(e.name)) {
        const a = admitBytes(fs.readFileSync(full));
        if (a.ok) out.push({ name: path.relative(ROOT, full), text: a.text });
      }
    }
  };
  walk(path.join(ROOT, 'test/fixtures'));
  walk(path.join(ROOT, 'samples'));
  return out;
}

const TOKENS = ['<<<', '>>>', '(', ')', '{', '}', '[', ']', ';', ',', '"', "'", '/*', '*/', '//', '\n', '\r\n', '\\\n', '#define M(x) ', '#if 0\n', '#endif\n', '__global__ ', '__device__ ', '__shared__ ', 'return ', 'return 0;', 'int main() {', '}\n', 'cudaMalloc(&p, n);', 'cudaMemcpy(a, b, n++, cudaMemcpyHostToDevice);', 'k<<<g, b>>>(x);', '__syncthreads();', 'printf("return 0;");', '// return 0;\n', 'asm volatile("");', 'é', '中文', '\u2028', '\uFEFF', '\t', 'aclInit(nullptr);', '::', '->', 'template <typename T> '];

function mutate(text: string, rnd: () => number): string {
  const at = () => Math.floor(rnd() * (text.length + 1));
  const steps = 1 + Math.floor(rnd() * 4);
  for (let s = 0; s < steps; s++) {
    const op = Math.floor(rnd() * 6);
    const i = at();
    if (op === 0) text = text.slice(0, i) + text.slice(Math.min(text.length, i + Math.floor(rnd() * 40)));
    else if (op === 1) text = text.slice(0, i) + TOKENS[Math.floor(rnd() * TOKENS.length)] + text.slice(i);
    else if (op === 2) {
      const j = Math.min(text.length, i + Math.floor(rnd() * 200));
      text = text.slice(0, j) + text.slice(i, j) + text.slice(j);
    } else if (op === 3) text = text.slice(0, i);
    else if (op === 4) {
      const lines = text.split('\n');
      const a = Math.floor(rnd() * lines.length);
      const b = Math.floor(rnd() * lines.length);
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      text = lines.join('\n');
    } else text = text.replace(/\n/g, rnd() < 0.5 ? '\r\n' : '\n');
  }
  return text;
}

/** The adversarial generators, by name, at full size or a tenth. */
export function adversarial(small: boolean): { name: string; text: () => string }[] {
  const k = small ? 0.1 : 1;
  const n = (x: number) => Math.max(1, Math.round(x * k));
  return [
    { name: 'long identifier (1 MB)', text: () => `__global__ void k() { int ${'a'.repeat(n(1_000_000))} = 1; __syncthreads(); }` },
    { name: 'long identifier in half-typed code', text: () => `x${'a'.repeat(n(1_000_000))} y(` },
    { name: '200k nested parentheses', text: () => `int x = ${'('.repeat(n(200_000))};` },
    { name: '5 MB single line of launches', text: () => `__global__ void k(float* a) {}\nvoid h(float* a) {${'k<<<1,2>>>(a);'.repeat(n(5_000_000 / 15))}}` },
    { name: 'comment bomb', text: () => `${'/*'.repeat(n(500_000))}*/ __global__ void k() {}` },
    { name: 'unterminated comments and strings', text: () => `${'"\\'.repeat(n(200_000))}\n${'//\\\n'.repeat(n(100_000))}` },
    { name: '10,000 kernels', text: () => Array.from({ length: n(10_000) }, (_, i) => `__global__ void k${i}(float* x) { x[threadIdx.x] = __shfl_down_sync(0xffffffff, 1.0f, 1); }`).join('\n') },
    { name: 'macro flood', text: () => Array.from({ length: n(50_000) }, (_, i) => `#define M${i}(x) __global__ x<<<1,1>>>(`).join('\n') },
  ];
}

function overlapping(edits: readonly TextEdit[], lines: LineIndex): boolean {
  const spans = edits.map((e) => [lines.offsetAt(e.range.start), lines.offsetAt(e.range.end)] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (let i = 1; i < spans.length; i++) if (spans[i]![0] < spans[i - 1]![1] || (spans[i]![0] === spans[i - 1]![0] && spans[i]![1] === spans[i - 1]![1])) return true;
  return false;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const log = options.log ?? (() => undefined);
  const engine = await Engine.create();
  const report: FuzzReport = { inputs: 0, crashes: [], overruns: [], failures: [], timings: [], maxMutationMs: 0, peakRssMb: 0 };
  const target = DEFAULT_TARGET;
  const analyze = (name: string, text: string): { result: AnalysisResult; ms: number; cpuMs: number } | null => {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let result: AnalysisResult;
    try {
      result = engine.analyzeText(text, { target, maxFileBytes: 8 * 1024 * 1024 });
    } catch (e) {
      report.crashes.push(`${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return null;
    }
    const ms = performance.now() - t0;
    const used = process.cpuUsage(cpu0);
    const cpuMs = (used.user + used.system) / 1000;
    if (result.ruleErrors.length) report.crashes.push(`${name}: ${result.ruleErrors.join('; ')}`);
    // The budget is the work the analysis does: this process's CPU time. Wall time also
    // counts other processes on a busy machine (both are printed).
    if (cpuMs > ANALYSIS_LIMIT_MS) report.overruns.push(`${name}: ${Math.round(cpuMs)} ms CPU (${Math.round(ms)} ms wall)`);
    return { result, ms, cpuMs };
  };

  const check = (name: string, text: string): number => {
    report.inputs++;
    const first = analyze(name, text);
    if (!first) return 0;
    const lines = new LineIndex(text);
    for (const f of first.result.findings) for (const fix of f.fixes ?? []) if (overlapping(fix.edits, lines)) report.failures.push(`${name}: ${f.code} fix '${fix.title}' has overlapping edits`);
    const edits = safeFixEdits(first.result.findings);
    if (overlapping(edits, lines)) report.failures.push(`${name}: fix-all has overlapping edits`);
    if (!edits.length) return first.ms;
    const fixed = applyEdits(text, edits, (p) => lines.offsetAt(p));
    // Byte-exact round trip of the regions no edit touched.
    // In the order their texts appear in the result (see applyEdits): by offset, an insertion
    // before a replacement starting at the same offset, then in the list's order.
    const spans = edits.map((e, i) => [lines.offsetAt(e.range.start), lines.offsetAt(e.range.end), e.newText, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[3] - b[3]);
    let src = 0;
    let dst = 0;
    for (const [start, end, newText] of spans) {
      if (fixed.slice(dst, dst + (start - src)) !== text.slice(src, start)) {
        report.failures.push(`${name}: fix-all changed text outside its edits near offset ${src}`);
        break;
      }
      dst += start - src + newText.length;
      src = end;
    }
    if (fixed.slice(dst) !== text.slice(src)) report.failures.push(`${name}: fix-all changed the text after its last edit`);
    // Fix-all converges: it applies a non-overlapping subset, so a fix that overlapped an
    // applied one may come in the next round, but a few rounds reach a fixed point.
    let current = fixed;
    for (let round = 2; ; round++) {
      const next = analyze(`${name} (fix-all round ${round})`, current);
      if (!next) break;
      const more = safeFixEdits(next.result.findings);
      const lines2 = new LineIndex(current);
      const after = more.length ? applyEdits(current, more, (p) => lines2.offsetAt(p)) : current;
      if (after === current) break;
      if (round === FIX_ROUNDS) {
        report.failures.push(`${name}: fix-all does not converge in ${FIX_ROUNDS} rounds (${[...new Set(next.result.findings.filter((f) => f.fixes?.some((x) => x.safety === 'safe')).map((f) => f.code))].join(', ')} still offered)`);
        break;
      }
      current = after;
    }
    return first.ms;
  };

  try {
    for (const g of adversarial(!!options.small)) {
      if ((options.only && !g.name.includes(options.only)) || options.mutations) continue;
      const text = g.text();
      const before = report.crashes.length + report.overruns.length;
      check(`adversarial: ${g.name}`, text);
      const r = analyze(`${g.name} (notices)`, text);
      const ms = r?.ms ?? 0;
      report.timings.push({ name: g.name, chars: text.length, ms, cpuMs: r?.cpuMs ?? 0, notices: r ? r.result.notices.map((n) => n.reason) : [] });
      log(`${g.name.padEnd(36)} ${String(text.length).padStart(9)} chars ${String(Math.round(ms)).padStart(6)} ms wall ${String(Math.round(r?.cpuMs ?? 0)).padStart(6)} ms CPU  ${r?.result.notices.map((n) => n.reason).join(', ') || 'no notice'}${report.crashes.length + report.overruns.length > before ? '  FAILED' : ''}`);
    }
    if (!options.only || options.mutations) {
      const files = corpus();
      const rnd = prng(options.seed);
      // Non-UTF-8 bytes: the read-only admission decodes byte for byte.
      for (let i = 0; i < Math.min(20, options.count); i++) {
        const bytes = Buffer.from(files[Math.floor(rnd() * files.length)]!.text, 'utf8');
        for (let k = 0; k < 4; k++) bytes[Math.floor(rnd() * bytes.length)] = 0x80 + Math.floor(rnd() * 0x80);
        const a = admitBytes(bytes);
        if (a.ok && !a.exact && !Buffer.from(a.text, 'latin1').equals(bytes)) report.failures.push(`latin-1 round trip ${i}: bytes changed`);
      }
      for (let i = 0; i < options.count; i++) {
        const base = files[Math.floor(rnd() * files.length)]!;
        const mutated = mutate(base.text, rnd);
        if (options.mutations && !options.mutations.includes(i)) continue;
        const ms = check(`mutation ${i} of ${base.name} (seed ${options.seed})`, mutated);
        report.maxMutationMs = Math.max(report.maxMutationMs, ms);
        if ((i + 1) % 500 === 0) log(`${i + 1}/${options.count} mutations`);
      }
    }
  } finally {
    engine.dispose();
  }
  report.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  return report;
}

/** Mutation `index` of `seed`, as `runFuzz` generates it (to reproduce a failure). */
export function mutationOf(seed: number, index: number): { base: string; text: string } {
  const files = corpus();
  const rnd = prng(seed);
  for (let i = 0; i < 20; i++) {
    const bytes = Buffer.from(files[Math.floor(rnd() * files.length)]!.text, 'utf8');
    for (let k = 0; k < 4; k++) void Math.floor(rnd() * bytes.length), void rnd();
  }
  for (let i = 0; ; i++) {
    const base = files[Math.floor(rnd() * files.length)]!;
    const text = mutate(base.text, rnd);
    if (i === index) return { base: base.name, text };
  }
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const value = (flag: string, fallback: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
  };
  const options: FuzzOptions = { seed: Number(value('--seed', '1')), count: Number(value('--count', '300')), small: argv.includes('--small'), only: argv.includes('--only') ? value('--only', '') : undefined, mutations: argv.includes('--mutations') ? value('--mutations', '').split(',').map(Number) : undefined, log: (l) => console.log(l) };
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`load average at the start: ${load()} (${os.availableParallelism()} cores)`);
  void runFuzz(options).then((r) => {
    console.log(`load average at the end: ${load()}`);
    for (const c of r.crashes) console.log(`CRASH ${c}`);
    for (const o of r.overruns) console.log(`OVERRUN ${o}`);
    for (const f of r.failures.slice(0, 50)) console.log(`INVARIANT ${f}`);
    console.log(
      `fuzz: seed ${options.seed}, ${r.inputs} inputs (${options.count} mutations + ${r.timings.length} adversarial): ${r.crashes.length} crashes, ${r.overruns.length} budget overruns (limit ${ANALYSIS_LIMIT_MS} ms of CPU per analysis), ${r.failures.length} invariant failures; slowest mutation ${Math.round(r.maxMutationMs)} ms; peak RSS ${r.peakRssMb} MB`,
    );
    process.exitCode = r.crashes.length + r.overruns.length + r.failures.length ? 1 : 0;
  });
}
