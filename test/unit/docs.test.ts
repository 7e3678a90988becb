/**
 * docs/rules/ and the README rule table are generated from the rule sources; this fails
 * when they are stale (run `npm run docs`).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { generated, RULES_DOCS } from '../../scripts/gen-docs';

test('generated docs are up to date', () => {
  const files = generated();
  for (const [file, content] of files) {
    assert.ok(fs.existsSync(file), `${path.relative(process.cwd(), file)} is missing: run npm run docs`);
    assert.equal(fs.readFileSync(file, 'utf8'), content, `${path.relative(process.cwd(), file)} is stale: run npm run docs`);
  }
  const orphans = fs.readdirSync(RULES_DOCS).filter((f) => !files.has(path.join(RULES_DOCS, f)));
  assert.deepEqual(orphans, [], 'docs/rules has pages for rules that no longer exist');
});
