/**
 * File snapshots: compared byte for byte; `UPDATE_SNAPSHOTS=1` rewrites them (review the diff).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';

export function assertSnapshot(file: string, actual: string): void {
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `missing snapshot ${file}; run with UPDATE_SNAPSHOTS=1 and review it`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `snapshot ${file} differs; if the change is intended, run with UPDATE_SNAPSHOTS=1 and review the diff`);
}
