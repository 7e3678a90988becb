/**
 * The one place tests create and call the engine, so API changes touch one file.
 */
import * as fs from 'node:fs';
import { Engine, DEFAULT_TARGET, type AnalysisResult, type SourceContext, type Target } from '../../server/src/engine';

let enginePromise: Promise<Engine> | undefined;

export function engine(): Promise<Engine> {
  return (enginePromise ??= Engine.create());
}

export async function analyze(text: string, options: { target?: Partial<Target>; only?: string[] } = {}): Promise<AnalysisResult> {
  const e = await engine();
  return e.analyzeText(text, { target: { ...DEFAULT_TARGET, ...options.target }, only: options.only });
}

/** The build context of a fixture that includes its headers: the file at `file`, headers read from disk. */
export function diskContext(file: string): SourceContext {
  return { path: file, defines: {}, includePaths: [], readFile: (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined) };
}
