/**
 * The rule registry: one explicit, ordered list per family (rules/families/), joined in
 * code order. Adding a rule means one file, one line in its family's list, one fixture
 * in test/fixtures/rules/ and its snapshot.
 */
import { atomicsRules } from './families/atomics';
import { executionModelRules } from './families/execution-model';
import { hostRuntimeRules } from './families/host-runtime';
import { librariesRules } from './families/libraries';
import { lowLevelRules } from './families/low-level';
import { mathTypesRules } from './families/math-types';
import { memoryRules } from './families/memory';
import { synchronizationRules } from './families/synchronization';
import { warpRules } from './families/warp';
import type { Rule } from './rule';

export const allRules: readonly Rule[] = [
  ...executionModelRules,
  ...memoryRules,
  ...synchronizationRules,
  ...warpRules,
  ...atomicsRules,
  ...mathTypesRules,
  ...hostRuntimeRules,
  ...lowLevelRules,
  ...librariesRules,
];

const byCode = new Map(allRules.map((r) => [r.code, r]));

export function ruleByCode(code: string): Rule | undefined {
  return byCode.get(code);
}
