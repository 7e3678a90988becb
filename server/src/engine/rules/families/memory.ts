/** Memory spaces: shared, constant, managed, texture, local arrays, access patterns (ASC100–ASC199). Ordered by code. */
import constantMemory from '../constant-memory';
import dynamicSharedMemory from '../dynamic-shared-memory';
import managedVariable from '../managed-variable';
import readOnlyLoad from '../read-only-load';
import vectorTypeLoad from '../vector-type-load';
import largeLocalArray from '../large-local-array';
import cacheHintedStore from '../cache-hinted-store';
import legacyTextureReference from '../legacy-texture-reference';
import gatherScatter from '../gather-scatter';
import layoutTransform from '../layout-transform';
import addressSpaceConversion from '../address-space-conversion';
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
  legacyTextureReference, // ASC110
  gatherScatter, // ASC111
  layoutTransform, // ASC112
  addressSpaceConversion, // ASC113
];
