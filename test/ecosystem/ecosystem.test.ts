/**
 * The ecosystem check: the findings per rule on the public corpora present on this machine
 * must equal the reviewed snapshot (test/ecosystem/snapshot.json; `npm run ecosystem` rewrites
 * it, and the diff is the review), and the snapshot's invariants hold: ASC607 only on real
 * recursion (the listed functions are reviewed), no inline asm of host code reported, and no
 * library or driver rule on a name the corpus defines except the ones listed with their reason
 * in KNOWN_USER_NAMES. A corpus that is not on the machine is skipped, with the reason.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { CORPORA, presentCorpora, scanAll, SNAPSHOT, type CorpusResult } from '../../scripts/ecosystem';

/**
 * Library findings on user-defined names that a per-file analysis cannot avoid, each reviewed
 * with its reason. None today: llm.c's wrappers, once listed here, are seen through the headers
 * that define them (`llmc/cublas_common.h`, named like a toolkit header but beside the file)
 * and through macros defined in inactive branches (`ncclCheck` under `#ifdef MULTI_GPU`).
 */
const KNOWN_USER_NAMES: Readonly<Record<string, readonly string[]>> = {};

const snapshot = fs.existsSync(SNAPSHOT) ? (JSON.parse(fs.readFileSync(SNAPSHOT, 'utf8')) as Record<string, CorpusResult>) : {};
const { present, missing } = presentCorpora();

for (const c of CORPORA) {
  const absent = missing.find((m) => m.startsWith(`${c.name}:`));
  test(`ecosystem: ${c.name} matches the reviewed snapshot`, { skip: absent ? `corpus not present (${absent}); nothing was compared` : false }, async () => {
    const expected = snapshot[c.name];
    assert.ok(expected, `test/ecosystem/snapshot.json has no ${c.name}: run npm run ecosystem and review it`);
    const actual = (await scanAll(present.filter((p) => p.name === c.name)))[c.name]!;
    assert.equal(actual.hostAsm, 0, 'inline asm in host code reported as device code');
    for (const key of Object.keys(actual.libraryOnUserName)) {
      assert.ok((KNOWN_USER_NAMES[c.name] ?? []).includes(key), `a library rule reports the user's own name: ${key}`);
    }
    assert.deepEqual(actual, expected, 'the findings changed: run npm run ecosystem, review the diff of test/ecosystem/snapshot.json and commit it');
  });
}
