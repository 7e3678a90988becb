/**
 * One discovery rule for the report (issue #20, bugs 1 and 8): brace globs in the excludes
 * work (they used to be joined into one nested-brace glob, which VS Code rejects), and the
 * editor's `ascendPort/reportFiles` returns exactly the files the CLI's `report` covers on
 * the same folder, with `.gitignore`, node_modules and excluded folders skipped.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { discoverFiles, DEFAULT_INCLUDE } from '../../server/src/node/discover';
import { LspClient } from '../helpers/lsp-client';

const ROOT = path.resolve(__dirname, '../..');
const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-port-discover-'));
const client = new LspClient();
const KERNEL = '__global__ void k(float* x) { x[threadIdx.x] = 0; }\n';

before(async () => {
  const files: Record<string, string> = {
    'a.cu': KERNEL,
    'b.cuh': KERNEL,
    'host.cpp': 'void f() { cudaDeviceSynchronize(); }\n',
    'util.h': '#pragma once\n',
    'notes.txt': 'not source\n',
    'build/gen.cu': KERNEL,
    'build/obj.o': 'ELF',
    'node_modules/x/y.cu': KERNEL,
    'vendor/skip.cu': KERNEL,
    'sub/deep/c.cu': KERNEL,
    'sub/deep/c.obj': 'x',
    '.gitignore': 'vendor/\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
    fs.writeFileSync(path.join(ws, rel), text);
  }
  await client.start({ workspace: { configuration: true } });
});

after(async () => {
  await client.stop();
  fs.rmSync(ws, { recursive: true, force: true });
});

const rel = (files: string[]) => files.map((f) => path.relative(ws, f).split(path.sep).join('/')).sort();

test('brace globs (nested too) exclude files and folders', () => {
  const got = rel(discoverFiles([ws], { include: '**/*.{cu,cuh,cpp,h,o,obj}', exclude: ['**/*.{o,obj}', '**/{build,dist}', '**/*.{cuh,{h,hpp}}'] }).files);
  assert.deepEqual(got, ['a.cu', 'host.cpp', 'sub/deep/c.cu']);
});

test('the editor request and the CLI report cover the same files', async () => {
  const exclude = ['**/.git', '**/*.{o,obj}', '**/build'];
  const editor = await client.conn.sendRequest<{ files: string[]; errors: string[] }>('ascendPort/reportFiles', { roots: [pathToFileURL(ws).toString()], include: DEFAULT_INCLUDE, exclude });
  assert.deepEqual(editor.errors, []);
  const editorFiles = editor.files.map((u) => path.relative(ws, new URL(u).pathname).split(path.sep).join('/')).sort();
  assert.deepEqual(editorFiles, ['a.cu', 'b.cuh', 'host.cpp', 'sub/deep/c.cu', 'util.h']);
  const cli = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'report', ws, '--format', 'json', ...exclude.flatMap((g) => ['--exclude', g])], { encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  const report = JSON.parse(cli.stdout) as { files: { path: string }[]; skipped: { path: string }[] };
  const cliFiles = [...report.files, ...report.skipped].map((f) => path.relative(ws, path.resolve(f.path)).split(path.sep).join('/')).sort();
  assert.deepEqual(cliFiles, editorFiles);
});

test('the default include glob is the CLI\'s extension list, and the manifest uses it', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const include = pkg.contributes.configuration.flatMap((s: { properties: Record<string, { default?: unknown }> }) => Object.entries(s.properties)).find(([k]: [string]) => k === 'ascendPort.report.include')[1];
  assert.equal(include.default, DEFAULT_INCLUDE);
});
