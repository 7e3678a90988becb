/**
 * The manifest contributes what the features need, and every path it names exists.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

test('the ascendc language is registered for .asc files, with grammar and configuration', () => {
  const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'ascendc');
  assert.ok(lang, 'ascendc language contributed');
  assert.deepEqual(lang.extensions, ['.asc']);
  assert.ok(fs.existsSync(path.join(ROOT, lang.configuration)));
  const grammars = pkg.contributes.grammars as { language?: string; scopeName: string; path: string; injectTo?: string[] }[];
  assert.ok(grammars.some((g) => g.language === 'ascendc' && g.scopeName === 'source.ascendc'));
  const injection = grammars.find((g) => g.injectTo);
  assert.deepEqual(injection?.injectTo, ['source.cpp', 'source.cuda-cpp', 'source.ascendc']);
  for (const g of grammars) {
    const grammar = JSON.parse(fs.readFileSync(path.join(ROOT, g.path), 'utf8'));
    assert.equal(grammar.scopeName, g.scopeName);
  }
  assert.ok(pkg.activationEvents.includes('onLanguage:ascendc'));
});

test('snippets are contributed for ascendc and C++, and settings and commands are declared', () => {
  const langs = pkg.contributes.snippets.map((s: { language: string; path: string }) => {
    assert.ok(fs.existsSync(path.join(ROOT, s.path)));
    return s.language;
  });
  assert.deepEqual(langs.sort(), ['ascendc', 'cpp']);
  const props = pkg.contributes.configuration.flatMap((s: { properties: Record<string, unknown> }) => Object.keys(s.properties));
  for (const key of ['ascendPort.target.soc', 'ascendPort.target.cann', 'ascendPort.trace.server']) assert.ok(props.includes(key), key);
  assert.match(pkg.engines.vscode, /^\^1\.91\./, 'VS Code 1.91-1.99 (code-server 4.99) must be allowed');
});

test('Restricted Mode and virtual workspaces: limited support is declared with its reasons (issue #21)', () => {
  // The extension runs nothing from the workspace, so it stays on in Restricted Mode.
  const trust = pkg.capabilities?.untrustedWorkspaces;
  assert.equal(trust?.supported, 'limited');
  assert.match(trust.description, /Restricted Mode/);
  assert.match(trust.description, /compiler/, 'says what is disabled and why');
  const virtual = pkg.capabilities?.virtualWorkspaces;
  assert.equal(virtual?.supported, 'limited');
  assert.match(virtual.description, /open documents/);
  // Commands that run a workspace compiler refuse in untrusted workspaces and say why (the
  // client checks `workspace.isTrusted`; test/e2e/restricted.mjs clicks them in Restricted
  // Mode). So they stay visible in the palette and carry no `enablement`, which would make
  // the palette hide them and their lenses do nothing, without a word.
  const commands = (pkg.contributes.commands as { command: string; enablement?: string }[]).filter((c) => /verify|migrate/i.test(c.command));
  assert.ok(commands.some((c) => c.command === 'ascendPort.verifyPort'), 'Verify Port is a command');
  const palette = pkg.contributes.menus.commandPalette as { command: string; when?: string }[];
  for (const c of commands) {
    assert.equal(c.enablement, undefined, `${c.command} must not be silently disabled`);
    assert.doesNotMatch(palette.find((m) => m.command === c.command)?.when ?? '', /isWorkspaceTrusted/, `${c.command} stays in the palette to say why it is off`);
  }
  const client = fs.readFileSync(path.join(ROOT, 'client/src/verify.ts'), 'utf8');
  assert.match(client, /if \(!vscode\.workspace\.isTrusted\) \{\n\s+void vscode\.window\.showWarningMessage\('[^']*off in Restricted Mode/, 'Verify Port refuses in Restricted Mode, with the reason');
  assert.deepEqual(trust.restrictedConfigurations, ['ascendPort.verify.compiler', 'ascendPort.headers.followSymlinks'], 'a compiler path, and reading through links out of the workspace, from workspace settings are not used in Restricted Mode');
});
