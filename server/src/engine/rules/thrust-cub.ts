import { defineRule } from './rule';
import { namespaceUses } from './support/device-code';

export default defineRule({
  code: 'ASC706',
  name: 'thrust-cub',
  family: 'libraries',
  effort: 'high',
  summary: 'Thrust and CUB algorithms',
  fixAvailability: 'none',
  severity: () => 'warning',
  docs: `
## What it does
Flags the use of \`thrust::\` and \`cub::\`, once per file at the first use, with the number of uses.

## Why is this a problem on Ascend
Thrust and CUB are CUDA template libraries; neither exists on Ascend. Their algorithms (sort, scan, reduce, transform) have Ascend C building blocks: \`Sort\`/\`TopK\`, \`CumSum\`, \`ReduceSum\`/\`ReduceMax\`, and elementwise vector APIs, each working on UB tiles with host-side tiling. Device vectors become \`aclrtMalloc\` buffers.

## Example
\`\`\`cuda
#include <thrust/device_vector.h>
#include <thrust/sort.h>
void sort_keys(thrust::device_vector<int>& keys) {
  thrust::sort(keys.begin(), keys.end());
}
\`\`\`

## Use instead
Write the algorithm as a kernel over tiles with the matching Ascend C API (\`Sort\`, \`CumSum\`, \`ReduceSum\`, \`Add\`…), keeping data in \`aclrtMalloc\` buffers.
`,
  check(ctx) {
    for (const [lib, re] of [['thrust', /\bthrust\s*::/g], ['cub', /(?<![\w:])cub\s*::/g]] as const) {
      const uses = namespaceUses(ctx, re);
      if (!uses) continue;
      ctx.report({
        span: uses.span,
        message: `${lib === 'thrust' ? 'Thrust' : 'CUB'} (${uses.count} use${uses.count === 1 ? '' : 's'} in this file) does not exist on ${ctx.target.soc}: rewrite each algorithm with Ascend C tile APIs (Sort, CumSum, ReduceSum, ...)`,
      });
    }
  },
});
