/**
 * Real-code check of the preprocessor model (docs/preprocessor.md), run by hand:
 *   node --import tsx bench/corpus-counts.ts [dir ...]
 * For each directory of CUDA (.cu/.cuh), with headers read from the disk through
 * `SourceContext.readFile`: kernels and launches the engine finds against `grep` counts of
 * `__global__` definitions and `<<<`, and the findings of the macro-related mechanisms
 * (ASC255 lane math, ASC601/ASC708 inline PTX, ASC406 bf16 arithmetic). Prints only.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine, type SourceContext } from '../server/src/engine';

function walk(d: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(cu|cuh)$/.test(e.name)) out.push(p);
  }
  return out;
}

/**
 * `grep`'s view: `__global__` followed by a definition, and `<<<` openers, outside comments and strings
 * (blanked to the same length, so lines stay); those on lines the engine found inactive are counted apart.
 */
function grepCounts(text: string, inactive: Array<{ start: { line: number }; end: { line: number } }>): { kernels: number; launches: number; inactiveKernels: number; inactiveLaunches: number } {
  const code = text
    .replace(/\/\*[^]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/\/\/.*$/gm, '')
    .replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
  const lineOf = (i: number) => code.slice(0, i).split('\n').length - 1;
  const dead = (i: number) => {
    const l = lineOf(i);
    return inactive.some((r) => l >= r.start.line && l < r.end.line);
  };
  const count = (re: RegExp) => {
    let all = 0;
    let off = 0;
    for (const m of code.matchAll(re)) {
      all++;
      if (dead(m.index!)) off++;
    }
    return [all, off] as const;
  };
  const [kernels, inactiveKernels] = count(/__global__[^;{]*\)\s*(?:const\s*)?\{/g);
  const [launches, inactiveLaunches] = count(/<<</g);
  return { kernels, launches, inactiveKernels, inactiveLaunches };
}

void (async () => {
  const engine = await Engine.create();
  const dirs = process.argv.slice(2).length ? process.argv.slice(2) : ['/tmp/pub/llmc/dev/cuda', '/tmp/pub/cs', '/tmp/pub/llmc', '/tmp/pub/ggml'];
  for (const root of dirs) {
    if (!fs.existsSync(root)) continue;
    const t = { kernels: 0, launches: 0, gk: 0, gl: 0, ik: 0, il: 0, asc255: 0, asc601: 0, asc708: 0, asc406: 0, headers: 0, notices: 0 };
    for (const f of walk(root)) {
      const text = fs.readFileSync(f, 'utf8');
      const context: SourceContext = { path: f, defines: {}, includePaths: [root], readFile: (p) => (fs.existsSync(p) && fs.statSync(p).isFile() ? fs.readFileSync(p, 'utf8') : undefined) };
      const doc = engine.open(text, context);
      try {
        const r = engine.analyze(doc, { target: { soc: 'Ascend910B3', cann: '8.x' } });
        const g = grepCounts(text, r.inactive ?? []);
        t.gk += g.kernels;
        t.gl += g.launches;
        t.ik += g.inactiveKernels;
        t.il += g.inactiveLaunches;
        t.kernels += r.kernels.filter((k) => k.kind === 'global').length;
        t.launches += r.launches.length;
        for (const x of r.findings) {
          if (x.code === 'ASC255') t.asc255++;
          if (x.code === 'ASC601') t.asc601++;
          if (x.code === 'ASC708') t.asc708++;
          if (x.code === 'ASC406') t.asc406++;
        }
        t.headers += r.includes?.length ?? 0;
        t.notices += r.notices.filter((n) => n.reason === 'include-limit' || n.reason === 'macro-limit').length;
      } finally {
        doc.dispose();
      }
    }
    console.log(`${root}: kernels ${t.kernels} (grep ${t.gk}, ${t.ik} of them in inactive branches), launches ${t.launches} (grep ${t.gl}, ${t.il} inactive); ASC255 ${t.asc255}, ASC601 ${t.asc601}, ASC708 ${t.asc708}, ASC406 ${t.asc406}; headers read ${t.headers}, limit notices ${t.notices}`);
  }
  engine.dispose();
})();
