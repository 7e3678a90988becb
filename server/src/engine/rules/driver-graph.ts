import { defineRule } from './rule';
import { reportTableCalls } from './support/names';

/** Names, mappings and rewrites: the CUDA-name table (rules/names/driver.ts). */
export default defineRule({
  code: 'ASC551',
  name: 'driver-graph',
  family: 'host-runtime',
  effort: 'high',
  summary: "CUDA driver graphs and stream capture (`cuGraph*`, `cuStreamBeginCapture`, `cuUserObject*`)",
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags the driver API's graphs (\`cuGraphCreate\`, \`cuGraphAdd*Node\`, \`cuGraphInstantiate\`, \`cuGraphLaunch\`, …), stream capture (\`cuStreamBeginCapture\`, \`cuStreamEndCapture\`, …), user objects and graph memory.

## Why is this a problem on Ascend
The reference lists no graph or capture API in the ACL runtime. The work a graph replays has to be issued on a stream again each time.

## Example
\`\`\`cuda
#include <cuda.h>
void g(CUgraph* gr) { cuGraphCreate(gr, 0); }
\`\`\`

## Use instead
Issue the kernels and copies on an \`aclrtStream\` in a host function and call it where the graph was launched.
`,
  scope: 'declaration',
  check(ctx) {
    reportTableCalls(ctx, 'ASC551');
  },
});
