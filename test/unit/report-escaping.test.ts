/**
 * Issue #21 item 8: file names reach the Markdown report inert. The saved shape is a
 * workspace whose file names carry HTML and Markdown: rendered with HTML enabled, the old
 * report ran their scripts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_TARGET, reportMarkdown } from '../../server/src/engine';
import { engine } from '../helpers/engine';

const KERNEL = '__global__ void k(float* x) { x[threadIdx.x] = 1.0f; __syncthreads(); }\n';

test('HTML and Markdown in file names are escaped in the Markdown report', async () => {
  const e = await engine();
  const names = ['src/<script>alert(1)</script>.cu', 'src/<img src=x onerror=alert(2)>.cu', 'src/[click](javascript:alert(3)).cu', 'src/a|b\n# heading\r.cu', 'src/`code`*em*_u_.cu'];
  const report = e.report(
    [...names.map((path) => ({ path, bytes: Buffer.from(KERNEL) })), { path: 'src/<b>skipped</b>.cu', bytes: new Uint8Array([0, 1, 2]) }],
    { target: DEFAULT_TARGET },
  );
  const md = reportMarkdown(report);
  assert.doesNotMatch(md, /<script|<img|<b>/i, 'no raw HTML');
  assert.doesNotMatch(md, /(?<!\\)\](?=\(javascript:)/, "no live link");
  assert.doesNotMatch(md, /^# heading/m, 'a newline in a name does not start a heading');
  assert.match(md, /&lt;script&gt;alert\(1\)&lt;\/script&gt;\.cu/);
  assert.match(md, /\\\[click\\\]\(javascript:alert\(3\)\)\.cu/);
  assert.match(md, /a\\\|b \\# heading \.cu/);
  assert.match(md, /\\`code\\`\\\*em\\\*\\_u\\_\.cu/);
  // Every table row still has its eight kernel columns: no name splits a cell.
  for (const row of md.split('\n').filter((l) => l.startsWith('| k |'))) assert.equal(row.split(/(?<!\\)\|/).length - 2, 8, row);
});
