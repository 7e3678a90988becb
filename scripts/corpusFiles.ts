/**
 * Shared by the corpus scripts (`portcov.ts`, `ecosystem.ts`): the CUDA files of a checkout
 * in a stable order, and a header reader for the analysis, cached for the run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** CUDA sources. */
export const CUDA_FILES = /\.(cu|cuh)$/;
/** CUDA sources and C/C++ headers (header-only libraries such as tiny-cuda-nn keep their kernels in `.h`). */
export const CUDA_AND_HEADERS = /\.(cu|cuh|h|hpp|hh|inl)$/;

/** Every file below `dir` whose name matches `ext` (CUDA sources by default), sorted by name at each level. */
export function walk(dir: string, ext: RegExp = CUDA_FILES, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, ext, out);
    else if (ext.test(e.name)) out.push(p);
  }
  return out;
}

/** Headers read from disk for the analysis, cached for the run; anything over 2 MB is refused. */
export function diskReader(): (p: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (p) => {
    if (cache.has(p)) return cache.get(p);
    let text: string | undefined;
    try {
      const st = fs.statSync(p);
      if (st.isFile() && st.size <= 2 * 1024 * 1024) text = fs.readFileSync(p, 'utf8');
    } catch {
      text = undefined;
    }
    cache.set(p, text);
    return text;
  };
}
