import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC550',
  name: 'driver-texture-surface',
  family: 'host-runtime',
  effort: 'high',
  summary: "CUDA driver texture and surface objects and references (`cuTexObjectCreate`, `cuSurfObjectCreate`, `cuTexRef*`)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags \`cuTexObject*\`, \`cuSurfObject*\`, the legacy \`cuTexRef*\`/\`cuSurfRef*\` calls, \`cuModuleGetTexRef\`, \`cuModuleGetSurfRef\` and \`cuParamSetTexRef\`.

## Why is this a problem on Ascend
There are no texture units, samplers or surfaces on Ascend. Filtering, normalised coordinates and border modes must be written as vector code over tiles copied from global memory.

## Example
\`\`\`cuda
#include <cuda.h>
void drop(CUtexObject t) { cuTexObjectDestroy(t); }
\`\`\`

## Use instead
Copy the data GM→UB with \`DataCopy\` and interpolate with \`Mul\`/\`Add\` over the tile (see ASC106).
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC550');
  },
});
