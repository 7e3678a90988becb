/**
 * Port coverage on public code: per corpus and per pattern class, how many kernels port
 * completely and how many of those pass `ascend-port verify` on the CPU.
 *
 *   npm run portcov -- [--target SOC] [--cann 8.x|9.x] [--verify] [--json FILE] [--list]
 *                      NAME=DIR[:INCLUDE_DIR,…] …
 *
 * Each corpus is a folder of `.cu`/`.cuh` files (a checkout of NVIDIA's cuda-samples,
 * ggml's `src/ggml-cuda`, llm.c, …). Include folders are searched for the corpus's own
 * headers, by the analysis (typedefs, macros) and by the verification build. Nothing is
 * downloaded: point it at checkouts you have. docs/port-coverage.md records the runs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine, kernelVerdict, parseTarget, type SourceContext } from '../server/src/engine';
import { FileFacts } from '../server/src/engine/model/facts';
import { kernelClass, PATTERN_CLASSES, type PatternClass } from '../server/src/engine/port/classes';
import { kernelNode } from '../server/src/engine/port/recognize';
import { analyzeGemm } from '../server/src/engine/model/gemmDetect';
import { verifyFile } from '../server/src/node/verify';
import { diskReader, walk } from './corpusFiles';

interface Corpus {
  name: string;
  dir: string;
  includes: string[];
}

interface KernelRow {
  corpus: string;
  file: string;
  kernel: string;
  cls: PatternClass;
  sign: string;
  verdict: 'complete' | 'skeleton';
  reason?: string;
  verified?: boolean;
  verifyNote?: string;
  /** gemm class: whether the GEMM detector reads it, and why not. */
  gemmMiss?: string;
  /** A complete rows port: the high-level API it calls (SoftMax, RmsNorm, LayerNorm), or why it keeps the basic ops. */
  api?: { use: string | null; why: string };
}

function usage(message?: string): never {
  if (message) console.error(`portcov: ${message}`);
  console.error('usage: npm run portcov -- [--target SOC] [--cann 8.x|9.x] [--verify] [--json FILE] [--list] NAME=DIR[:INCLUDE_DIR,…] …');
  process.exit(2);
}

function parseArgs(argv: string[]) {
  const corpora: Corpus[] = [];
  let soc = 'Ascend910B3';
  let cann = '8.x';
  let verify = false;
  let list = false;
  let json: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--target') soc = argv[++i] ?? usage('--target needs a SoC');
    else if (a === '--cann') cann = argv[++i] ?? usage('--cann needs 8.x or 9.x');
    else if (a === '--verify') verify = true;
    else if (a === '--list') list = true;
    else if (a === '--json') json = argv[++i] ?? usage('--json needs a file');
    else if (/^[\w.-]+=/.test(a)) {
      const [name, rest] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
      const [dir, inc] = rest.split(':');
      if (!dir || !fs.existsSync(dir)) usage(`corpus folder not found: ${dir}`);
      corpora.push({ name, dir: path.resolve(dir), includes: (inc ?? '').split(',').filter(Boolean).map((d) => path.resolve(d)) });
    } else usage(`unknown argument ${a}`);
  }
  if (!corpora.length) usage('name at least one corpus');
  return { corpora, soc, cann, verify, list, json };
}

const pct = (a: number, b: number) => (b ? `${Math.round((100 * a) / b)}%` : '–');

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const { target, problems } = parseTarget(args.soc, args.cann);
  if (problems.length) usage(problems.join('; '));
  const engine = await Engine.create();
  const readFile = diskReader();
  const rows: KernelRow[] = [];
  try {
    for (const corpus of args.corpora) {
      for (const file of walk(corpus.dir)) {
        const text = fs.readFileSync(file, 'utf8');
        const context: SourceContext = { path: file.split(path.sep).join('/'), defines: {}, includePaths: corpus.includes.map((d) => d.split(path.sep).join('/')), readFile };
        const doc = engine.open(text, context);
        try {
          const facts = FileFacts.of(doc);
          for (const fn of facts.functions().filter((f) => f.kind === 'global' && f.bodySpan)) {
            const v = kernelVerdict(doc, fn.name, target);
            if (!v) continue;
            const c = kernelClass(facts, doc.text, fn, kernelNode(facts, fn), target);
            const g = c.cls === 'gemm' ? analyzeGemm(facts, fn) : undefined;
            rows.push({
              corpus: corpus.name,
              file: path.relative(corpus.dir, file),
              kernel: fn.name,
              cls: c.cls,
              sign: c.sign,
              gemmMiss: g && 'miss' in g ? g.miss : undefined,
              verdict: v.kind === 'complete' ? 'complete' : 'skeleton',
              ...(v.kind === 'complete' && 'api' in v.plan && v.plan.schedule === 'rows' ? { api: { use: v.plan.api.use?.api ?? null, why: v.plan.api.why } } : {}),
              // The reason of the recogniser for this class when there is one (a reduction's or a row-wise kernel's own blocker, not the elementwise pattern's).
              reason: v.kind === 'complete' ? undefined : (v.reasons.find((r) => (c.cls === 'reduction' && r.startsWith('reduction:')) || (c.cls === 'row-wise' && r.startsWith('rows:')) || (c.cls === 'layout' && r.startsWith('layout:'))) ?? v.reasons[0]),
            });
          }
        } finally {
          doc.dispose();
        }
      }
      if (args.verify) {
        for (const row of rows.filter((r) => r.corpus === corpus.name && r.verdict === 'complete')) {
          const file = path.join(corpus.dir, row.file);
          // The same build context as the analysis above: typedefs from headers (llm.c's floatX) resolve alike.
          const context: SourceContext = { path: file.split(path.sep).join('/'), defines: {}, includePaths: corpus.includes.map((d) => d.split(path.sep).join('/')), readFile };
          const res = await verifyFile(engine, { file, text: fs.readFileSync(file, 'utf8'), kernels: [row.kernel], target, context });
          row.verified = res.status === 'pass';
          if (!row.verified) row.verifyNote = res.message ?? res.kernels[0]?.error ?? (res.buildLog ? res.buildLog.split('\n').find((l) => /error/.test(l))?.trim() : undefined) ?? res.status;
          process.stderr.write(`  verify ${corpus.name} ${row.file} ${row.kernel}: ${row.verified ? 'pass' : `FAIL (${row.verifyNote?.slice(0, 160)})`}\n`);
        }
      }
    }
  } finally {
    engine.dispose();
  }
  printReport(rows, args);
  if (args.json) fs.writeFileSync(args.json, JSON.stringify({ target: { soc: args.soc, cann: args.cann }, verified: args.verify, kernels: rows }, null, 2) + '\n');
}

function printReport(rows: KernelRow[], args: ReturnType<typeof parseArgs>): void {
  const verifyCol = args.verify;
  console.log(`# Port coverage on ${args.soc}, CANN ${args.cann}${verifyCol ? ' (complete ports verified on the CPU)' : ' (not verified: add --verify)'}\n`);
  for (const corpus of args.corpora) {
    const mine = rows.filter((r) => r.corpus === corpus.name);
    const complete = mine.filter((r) => r.verdict === 'complete');
    console.log(`## ${corpus.name}: ${mine.length} kernels, ${complete.length} complete${verifyCol ? `, ${complete.filter((r) => r.verified).length} verified` : ''}\n`);
    console.log(`| class | kernels | complete |${verifyCol ? ' verified |' : ''} top skeleton reason |`);
    console.log(`|---|---:|---:|${verifyCol ? '---:|' : ''}---|`);
    for (const cls of PATTERN_CLASSES) {
      const inCls = mine.filter((r) => r.cls === cls);
      if (!inCls.length) continue;
      const done = inCls.filter((r) => r.verdict === 'complete');
      const reasons = new Map<string, number>();
      for (const r of inCls) if (r.reason) {
        const key = r.reason.replace(/`[^`]*`/g, '`…`').replace(/\s*\(ASC\d+\)/, '').slice(0, 90);
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
      }
      const top = [...reasons].sort((a, b) => b[1] - a[1])[0];
      console.log(`| ${cls} | ${inCls.length} | ${done.length} (${pct(done.length, inCls.length)}) |${verifyCol ? ` ${done.filter((r) => r.verified).length} (${pct(done.filter((r) => r.verified).length, inCls.length)}) |` : ''} ${top ? `${top[1]}× ${top[0].replace(/\|/g, '\\|')}` : ''} |`);
    }
    const target = mine.filter((r) => r.cls === 'elementwise' || r.cls === 'broadcast' || r.cls === 'reduction');
    const ok = target.filter((r) => r.verdict === 'complete' && (!verifyCol || r.verified));
    console.log(`\nelementwise + broadcast + reduction: ${ok.length} of ${target.length} (${pct(ok.length, target.length)}) ${verifyCol ? 'complete and verified' : 'complete'}\n`);
    // The high-level row APIs: which complete rows ports call one, and why the others keep the basic ops.
    const withApi = complete.filter((r) => r.api);
    if (withApi.length) {
      const by = new Map<string, number>();
      for (const r of withApi) if (r.api!.use) by.set(r.api!.use, (by.get(r.api!.use) ?? 0) + 1);
      const calls = withApi.filter((r) => r.api!.use).length;
      console.log(`High-level row APIs: ${calls} of ${withApi.length} complete rows ports call one${by.size ? ` (${[...by].map(([a, n]) => `${a} ${n}`).join(', ')})` : ''}; the others keep the basic ops:`);
      const whys = new Map<string, number>();
      for (const r of withApi.filter((x) => !x.api!.use)) {
        const key = r.api!.why.replace(/`[^`]*`/g, '`…`').replace(/exp\(\w+\)/g, 'exp(…)').slice(0, 110);
        whys.set(key, (whys.get(key) ?? 0) + 1);
      }
      for (const [w, n] of [...whys].sort((a, b) => b[1] - a[1])) console.log(`- ${n}× ${w}`);
      console.log('');
    }
    // GEMM detection: every kernel of the gemm class the detector reads, and each miss with its reason.
    const gemms = mine.filter((r) => r.cls === 'gemm');
    if (gemms.length) {
      const misses = gemms.filter((r) => r.gemmMiss !== undefined);
      console.log(`GEMM detection: ${gemms.length - misses.length} of ${gemms.length} gemm-class kernels (${pct(gemms.length - misses.length, gemms.length)}) read by the detector${misses.length ? '; missed:' : ''}`);
      for (const r of misses) console.log(`- miss: ${r.file} \`${r.kernel}\`: ${r.gemmMiss}`);
      console.log('');
    }
    if (args.list) {
      for (const r of mine) console.log(`- ${r.file} \`${r.kernel}\` [${r.cls}: ${r.sign}] ${r.verdict}${r.verified === undefined ? '' : r.verified ? ', verified' : `, NOT verified (${r.verifyNote})`}${r.api?.use ? ` (${r.api.use} API)` : ''}${r.reason ? `: ${r.reason}` : ''}`);
      console.log('');
    }
    const failed = complete.filter((r) => r.verified === false);
    if (failed.length) {
      console.log('Complete but not verified:');
      for (const r of failed) console.log(`- ${r.file} \`${r.kernel}\`: ${r.verifyNote}`);
      console.log('');
    }
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : String(e));
  process.exit(1);
});
