// The same extension-host suite with @vscode/test-electron, for machines that can
// download VS Code (it fetches an editor build at run time, which this project's CI
// machines cannot). Here the suite runs inside code-server instead: test/e2e/exthost.mjs.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const { runTests } = createRequire(path.join(HERE, 'editor/package.json'))('@vscode/test-electron');

try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? '1.99.3',
    extensionDevelopmentPath: path.resolve(HERE, '../..'),
    extensionTestsPath: path.join(HERE, 'exthost/index.js'),
    launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  });
} catch (e) {
  console.error(`test-electron run failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
