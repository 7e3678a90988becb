/**
 * Architecture invariants that code review would otherwise have to remember:
 * - the engine imports nothing from vscode or the LSP libraries;
 * - web-tree-sitter is imported by exactly one module;
 * - only lsp/ and the composition root import vscode-languageserver.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const SERVER = path.resolve(__dirname, '../../server/src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) found.push((m[1] ?? m[2] ?? m[3] ?? m[4])!);
  return found;
}

test('the engine imports nothing from vscode or the LSP libraries', () => {
  const engineFiles = sources(path.join(SERVER, 'engine'));
  assert.ok(engineFiles.length > 10);
  for (const f of engineFiles) {
    for (const i of imports(f)) {
      assert.ok(!/^vscode/.test(i), `${path.relative(SERVER, f)} imports ${i}`);
      assert.ok(!i.startsWith('../lsp') && !i.includes('/lsp/') && !i.startsWith('../cli'), `${path.relative(SERVER, f)} imports ${i}`);
    }
  }
});

test('web-tree-sitter is imported by exactly one module', () => {
  const importers = sources(SERVER).filter((f) => imports(f).includes('web-tree-sitter'));
  assert.deepEqual(importers.map((f) => path.relative(SERVER, f)), [path.join('engine', 'syntax', 'parser.ts')]);
});

test('only lsp/, server.ts and main.ts import vscode-languageserver', () => {
  for (const f of sources(SERVER)) {
    const rel = path.relative(SERVER, f);
    if (rel.startsWith(`lsp${path.sep}`) || rel === 'server.ts' || rel === 'main.ts') continue;
    for (const i of imports(f)) assert.ok(!i.startsWith('vscode-languageserver'), `${rel} imports ${i}`);
  }
});

test('the import checker itself sees imports (so the tests above can fail)', () => {
  const probe = path.join(SERVER, 'engine', 'syntax', 'parser.ts');
  assert.ok(imports(probe).includes('web-tree-sitter'));
  assert.ok(imports(path.join(SERVER, 'lsp', 'convert.ts')).includes('vscode-languageserver/node'));
});
