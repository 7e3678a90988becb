/**
 * `ascend-port report <paths…> --format md|csv|json|sarif|html [--out FILE]`: the porting
 * cost report from the same engine call as the editor (`Engine.report`), so the numbers
 * are the same. Files are found by `discoverFiles` (node/discover.ts), the editor's rule too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_MAX_FILE_BYTES, Engine, parseTarget, renderReport, REPORT_FORMATS, type Report, type ReportFile, type ReportFormat } from '../engine';
import { readSource, symlinkNotice } from '../node/source';
import { findProjectConfigFrom, readProjectConfig } from '../node/projectFile';
import { discoverFiles } from '../node/discover';
import { CliContexts, eachArgument, emptyBuildFlags, maxFileBytesOf } from './buildFlags';

export const REPORT_USAGE = `report options:
  --format <f>        md (default), csv, json, sarif or html
  --out <file>        write the report to a file instead of standard output
  --include <glob>    report on files matching this glob (relative to each directory) instead of --ext
  --exclude <glob>    skip files (or folders) matching this glob; may be repeated
  --target <soc>, --cann <version>, --config <file>, --ext <list>, --max-file-size <MB>   as for scan
  -D, -U, -I, --compile-commands   the build configuration, as for scan
  the project file's costModel section sets the effort model (docs/cost-model.md)
`;

/** Where the rule pages are, for SARIF help URIs: docs/rules/ next to the bundle. */
function docsBaseUri(): string {
  return pathToFileURL(path.resolve(__dirname, '..', 'docs', 'rules')).toString() + '/';
}

function render(report: Report, format: ReportFormat): string {
  return renderReport(report, format, { docsBaseUri: docsBaseUri(), toUri: (p) => (path.isAbsolute(p) ? pathToFileURL(p).toString() : p.split(path.sep).map(encodeURIComponent).join('/')) });
}

export async function report(argv: string[], usage: (m: string) => Error, version: string, defaultExt: string[]): Promise<number> {
  const paths: string[] = [];
  let format: ReportFormat = 'md';
  let out: string | undefined;
  let soc: string | undefined;
  let cann: string | undefined;
  let config: string | undefined;
  let ext = defaultExt;
  let include: string | undefined;
  const exclude: string[] = [];
  let maxFileBytes = DEFAULT_MAX_FILE_BYTES;
  const build = emptyBuildFlags();
  eachArgument(argv, build, usage, (a, value) => {
    if (a === '--format' || a === '-f') {
      const f = value();
      if (!(REPORT_FORMATS as readonly string[]).includes(f)) throw usage(`--format must be one of ${REPORT_FORMATS.join(', ')}`);
      format = f as ReportFormat;
    } else if (a === '--out' || a === '-o') out = value();
    else if (a === '--target') soc = value();
    else if (a === '--cann') cann = value();
    else if (a === '--config') config = value();
    else if (a === '--include') include = value();
    else if (a === '--exclude') exclude.push(value());
    else if (a === '--max-file-size') maxFileBytes = maxFileBytesOf(value(), usage); else if (a === '--ext') ext = value().split(',').map((e) => (e.startsWith('.') ? e : `.${e}`));
    else if (a.startsWith('-')) throw usage(`unknown option ${a}`);
    else paths.push(a);
  });
  if (!paths.length) throw usage('report needs at least one file or directory');
  const first = path.resolve(paths[0]!);
  const configFile = config ?? findProjectConfigFrom(fs.existsSync(first) && fs.statSync(first).isDirectory() ? first : path.dirname(first));
  const project = configFile ? readProjectConfig(configFile) : undefined;
  if (project?.problems.length) throw usage(`invalid project file:\n${project.problems.map((p) => `${configFile}:${p.range.start.line + 1}: ${p.message}`).join('\n')}`);
  const { target, problems } = parseTarget(soc ?? project?.config.target?.soc, cann ?? project?.config.target?.cann);
  if (problems.length) throw usage(problems.join('; '));
  const contexts = new CliContexts(build, project && configFile ? { config: project.config, file: configFile } : undefined, maxFileBytes);
  for (const p of contexts.problems) process.stderr.write(`ascend-port: warning: ${p}\n`);
  const walk = discoverFiles(paths, { extensions: ext, include, exclude });
  for (const e of walk.errors) process.stderr.write(`ascend-port: ${e.path}: ${e.message}\n`);
  const engine = await Engine.create();
  let result: Report;
  try {
    // The one admission path: size and links are checked before a byte is read.
    const files = (function* (): Generator<ReportFile> {
      for (const file of walk.files) {
        const read = readSource(file, { maxFileBytes, symlinks: 'follow' });
        if (read.ok) yield { path: file, bytes: read.file.bytes, context: contexts.contextFor(file) };
        else if ('notice' in read) yield { path: file, skipped: read.notice };
        else process.stderr.write(`ascend-port: ${file}: ${read.error}\n`);
      }
      for (const link of walk.symlinks) yield { path: link, skipped: symlinkNotice(link) };
    })();
    result = engine.report(files, { target, costModel: project?.config.costModel, severities: project?.config.rules, version, maxFileBytes });
  } finally {
    engine.dispose();
  }
  const text = render(result, format);
  if (out) {
    try {
      fs.writeFileSync(out, text);
    } catch (e) {
      process.stderr.write(`ascend-port: cannot write ${out}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (e as Error).message}\n`);
      return 2;
    }
  } else process.stdout.write(text);
  return walk.errors.length ? 2 : 0;
}
