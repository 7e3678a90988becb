/**
 * Finding and reading `.ascend-port.yaml` on disk, for the language server and the CLI
 * (the engine itself does no I/O; it only parses the text).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseProjectConfig, PROJECT_CONFIG_FILE, type ConfigProblem, type ProjectConfig } from '../engine/projectConfig';

/** The nearest project file in `dir` or above it. */
export function findProjectConfigFrom(dir: string): string | undefined {
  let d = path.resolve(dir);
  for (let i = 0; i < 64; i++) {
    const candidate = path.join(d, PROJECT_CONFIG_FILE);
    if (fs.existsSync(candidate)) return candidate;
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
  return undefined;
}

export function readProjectConfig(file: string): { config: ProjectConfig; problems: ConfigProblem[] } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { config: { rules: {} }, problems: [{ message: `cannot read ${file}: ${(e as Error).message}`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] };
  }
  return parseProjectConfig(text);
}
