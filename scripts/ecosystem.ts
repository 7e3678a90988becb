/**
 * The ecosystem check (like ruff's): runs every rule over public CUDA corpora present on the
 * machine and records, per corpus, the findings per rule and three reviewed invariants:
 * - `recursion`: the functions ASC607 reports (each must be real recursion);
 * - `hostAsm`: ASC601 findings on asm without PTX inside host functions (must be 0);
 * - `libraryOnUserName`: library and driver findings whose name the corpus itself defines
 *   as a macro or a function (must be 0, or each listed with the reason it is not seen).
 * Counts only, never code. `npm run ecosystem` prints the table and writes the snapshot
 * (test/ecosystem/snapshot.json); test/ecosystem/ecosystem.test.ts compares against it when the
 * corpora are present, and is skipped with the reason when they are not.
 *
 * Corpora (read-only): cuda-samples (/tmp/pub/cs), llm.c (/tmp/pub/llmc), ggml's CUDA backend
 * (/tmp/pub/ggml), CUTLASS examples (/tmp/ecosystem/cutlass, extracted from the local mirror
 * with `git --git-dir=<mirror> archive HEAD examples include tools/util/include | tar -x`),
 * flash-attention (/tmp/pub/flash-attention: `archive HEAD csrc hopper` of Dao-AILab/flash-attention)
 * and tiny-cuda-nn (/tmp/pub/tiny-cuda-nn: `archive HEAD` of NVlabs/tiny-cuda-nn, submodules absent).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine, type Target } from '../server/src/engine';
import { FileFacts } from '../server/src/engine/model/facts';
import { CUDA_AND_HEADERS, diskReader, walk } from './corpusFiles';

export interface Corpus {
  name: string;
  dir: string;
  includes: string[];
  /** Sub-folders to scan (default: all of `dir`). */
  roots?: string[];
  /** Files to scan (default: `.cu`/`.cuh`). */
  ext?: RegExp;
}

export const CORPORA: readonly Corpus[] = [
  { name: 'cuda-samples', dir: '/tmp/pub/cs', includes: ['/tmp/pub/cs/Common'] },
  { name: 'llm.c', dir: '/tmp/pub/llmc', includes: ['/tmp/pub/llmc/dev/cuda', '/tmp/pub/llmc/llmc'] },
  { name: 'ggml-cuda', dir: '/tmp/pub/ggml', includes: ['/tmp/pub/ggml-inc/include', '/tmp/pub/ggml-inc/src'] },
  { name: 'cutlass-examples', dir: '/tmp/ecosystem/cutlass', roots: ['examples'], includes: ['/tmp/ecosystem/cutlass/include', '/tmp/ecosystem/cutlass/tools/util/include', '/tmp/ecosystem/cutlass/examples/common'] },
  // flash-attention's CUTLASS is a submodule: the CUTLASS corpus's headers stand in for it.
  { name: 'flash-attention', dir: '/tmp/pub/flash-attention', roots: ['csrc', 'hopper'], ext: CUDA_AND_HEADERS, includes: ['/tmp/pub/flash-attention/csrc/flash_attn/src', '/tmp/pub/flash-attention/hopper', '/tmp/ecosystem/cutlass/include'] },
  { name: 'tiny-cuda-nn', dir: '/tmp/pub/tiny-cuda-nn', roots: ['include', 'src', 'samples', 'benchmarks', 'tests'], ext: CUDA_AND_HEADERS, includes: ['/tmp/pub/tiny-cuda-nn/include', '/tmp/pub/tiny-cuda-nn/dependencies'] },
];

export const SNAPSHOT = path.resolve(__dirname, '..', 'test', 'ecosystem', 'snapshot.json');
const TARGET: Target = { soc: 'Ascend910B3', cann: '8.x' };
/**
 * PTX in an asm statement (a dotted opcode such as `st.async.shared` or `mov.u32`, or a special
 * register): device code even where the function's qualifier is a macro of a header the kernel
 * model does not expand (CUTLASS's `CUTE_DEVICE`). Host asm is asm without it.
 */
const PTX = /\b[a-z]+\.[a-z0-9:]+|%%?(?:laneid|warpid|smid|clock|tid|ctaid|globaltimer)/;
/** Rules whose names are library or driver API names: they must never report the user's own. */
const NAME_RULES = /^ASC(?:5(?:3\d|4\d|5\d|6[0-4])|7(?:0[1-5]|1[0135-6]))$/;

export interface CorpusResult {
  files: number;
  lines: number;
  findings: number;
  byRule: Record<string, number>;
  recursion: string[];
  hostAsm: number;
  libraryOnUserName: Record<string, number>;
}

/** Which corpora are on this machine, and the reason for each that is not. */
export function presentCorpora(): { present: Corpus[]; missing: string[] } {
  const present: Corpus[] = [];
  const missing: string[] = [];
  for (const c of CORPORA) {
    const roots = (c.roots ?? ['.']).map((r) => path.join(c.dir, r));
    if (roots.every((r) => fs.existsSync(r))) present.push(c);
    else missing.push(`${c.name}: ${roots.find((r) => !fs.existsSync(r))} is not on this machine`);
  }
  return { present, missing };
}

/** Names a corpus defines itself: macros and function definitions, by a lexical scan of its files and include folders. */
function userNames(files: readonly string[], read: (p: string) => string | undefined): Set<string> {
  const names = new Set<string>();
  const def = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)/gm;
  const fn = /^[ \t]*(?:(?:static|inline|__host__|__device__|__forceinline__|extern|template\s*<[^>]*>)\s+)*[\w:<>*&\s]+?[\s*&]([A-Za-z_]\w*)\s*\([^;{]*\)\s*(?:const\s*)?\{/gm;
  for (const f of files) {
    const text = read(f) ?? '';
    for (const m of text.matchAll(def)) names.add(m[1]!);
    for (const m of text.matchAll(fn)) names.add(m[1]!);
  }
  return names;
}

export async function scanCorpus(engine: Engine, c: Corpus): Promise<CorpusResult> {
  const read = diskReader();
  const files = (c.roots ?? ['.']).flatMap((r) => walk(path.join(c.dir, r), c.ext));
  // The corpus's own names come from its sources and every header it can include.
  const headers = [...new Set(c.includes.filter((d) => fs.existsSync(d)).flatMap((d) => walk(d, CUDA_AND_HEADERS)))];
  const own = userNames([...files, ...headers], read);
  const r: CorpusResult = { files: 0, lines: 0, findings: 0, byRule: {}, recursion: [], hostAsm: 0, libraryOnUserName: {} };
  for (const file of files) {
    const text = read(file);
    if (text === undefined) continue;
    const doc = engine.open(text, { path: file, defines: {}, includePaths: c.includes, readFile: read });
    try {
      const result = engine.analyze(doc, { target: TARGET });
      r.files++;
      r.lines += result.stats.lines;
      const facts = FileFacts.of(doc);
      for (const f of result.findings) {
        r.findings++;
        r.byRule[f.code] = (r.byRule[f.code] ?? 0) + 1;
        const offset = doc.lines.offsetAt(f.range.start);
        const rel = path.relative(c.dir, file);
        if (f.code === 'ASC607') r.recursion.push(`${rel}: ${facts.enclosingFunction(offset)?.name ?? '?'}`);
        if (f.code === 'ASC601' && facts.enclosingFunction(offset)?.kind === 'host' && !PTX.test(text.slice(offset, text.indexOf(';', offset) + 1 || offset + 400))) r.hostAsm++;
        const name = /`([A-Za-z_]\w*)`/.exec(f.message)?.[1];
        if (NAME_RULES.test(f.code) && name && own.has(name)) {
          const key = `${f.code} ${name} (${rel})`;
          r.libraryOnUserName[key] = (r.libraryOnUserName[key] ?? 0) + 1;
        }
      }
    } finally {
      doc.dispose();
    }
  }
  r.byRule = Object.fromEntries(Object.entries(r.byRule).sort(([a], [b]) => a.localeCompare(b)));
  r.recursion.sort();
  return r;
}

export async function scanAll(corpora: readonly Corpus[]): Promise<Record<string, CorpusResult>> {
  const engine = await Engine.create();
  try {
    const out: Record<string, CorpusResult> = {};
    for (const c of corpora) out[c.name] = await scanCorpus(engine, c);
    return out;
  } finally {
    engine.dispose();
  }
}

export function snapshotText(results: Record<string, CorpusResult>): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}

if (require.main === module) {
  const { present, missing } = presentCorpora();
  for (const m of missing) console.log(`skipped ${m}`);
  void scanAll(present).then((results) => {
    const codes = [...new Set(Object.values(results).flatMap((r) => Object.keys(r.byRule)))].sort();
    const names = Object.keys(results);
    console.log(`| rule | ${names.join(' | ')} |`);
    console.log(`|---|${names.map(() => '---').join('|')}|`);
    for (const code of codes) console.log(`| ${code} | ${names.map((n) => results[n]!.byRule[code] ?? 0).join(' | ')} |`);
    for (const n of names) {
      const r = results[n]!;
      console.log(`${n}: ${r.files} files, ${r.lines} lines, ${r.findings} findings; ASC607 on ${r.recursion.length} (${r.recursion.join('; ') || 'none'}); host asm ${r.hostAsm}; library rules on user names ${Object.values(r.libraryOnUserName).reduce((a, b) => a + b, 0)}`);
    }
    if (process.argv.includes('--write') || missing.length === 0) {
      fs.mkdirSync(path.dirname(SNAPSHOT), { recursive: true });
      const previous = fs.existsSync(SNAPSHOT) ? (JSON.parse(fs.readFileSync(SNAPSHOT, 'utf8')) as Record<string, CorpusResult>) : {};
      fs.writeFileSync(SNAPSHOT, snapshotText({ ...previous, ...results }));
      console.log(`wrote ${path.relative(process.cwd(), SNAPSHOT)}`);
    }
  });
}
