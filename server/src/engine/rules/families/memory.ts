/** Memory spaces: shared, constant, managed, texture, local arrays, access patterns (ASC100–ASC199). Ordered by code. */
import constantMemory from '../constant-memory';
import dynamicSharedMemory from '../dynamic-shared-memory';
import managedVariable from '../managed-variable';
import readOnlyLoad from '../read-only-load';
import vectorTypeLoad from '../vector-type-load';
import largeLocalArray from '../large-local-array';
import cacheHintedStore from '../cache-hinted-store';
import type { Rule } from '../rule';
import sharedMemory from '../shared-memory';
import textureFetch from '../texture-fetch';

export const memoryRules: readonly Rule[] = [
  sharedMemory, // ASC101
  dynamicSharedMemory, // ASC102
  constantMemory, // ASC103
  managedVariable, // ASC104
  readOnlyLoad, // ASC105
  textureFetch, // ASC106
  vectorTypeLoad, // ASC107
  largeLocalArray, // ASC108
  cacheHintedStore, // ASC109
];
