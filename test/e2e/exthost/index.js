// Entry of the API-level suite, in the shape @vscode/test-electron expects: exports
// run(), which runs the mocha tests inside the extension host (real `vscode` API).
// Under code-server the verdict is also written to $ASCEND_PORT_RESULT, which the
// runner polls, since no process exit code reaches it.
const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');

// mocha lives with the editor in test/e2e/editor.
const Mocha = createRequire(path.join(__dirname, '../editor/package.json'))('mocha');

function run() {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60000, color: false, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'extension.test.js'));
  return new Promise((resolve, reject) => {
    const failures = [];
    const runner = mocha.run((failed) => {
      const result = { ok: failed === 0, passed: runner.stats.passes, failed, failures };
      if (process.env.ASCEND_PORT_RESULT) fs.writeFileSync(process.env.ASCEND_PORT_RESULT, JSON.stringify(result, null, 2));
      console.log(`${result.passed} passed, ${failed} failed`);
      failed ? reject(new Error(`${failed} tests failed`)) : resolve();
    });
    runner.on('fail', (test, err) => failures.push({ title: test.fullTitle(), error: String(err && err.message) }));
  });
}

module.exports = { run };
