/** Memory spaces: shared, constant, managed, texture, local arrays, access patterns (ASC100–ASC199). Ordered by code. */
import type { Rule } from '../rule';

export const memoryRules: readonly Rule[] = [];
