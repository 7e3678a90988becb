import { SOC_FACTS } from '../target';
import { defineRule } from './rule';

const OCCUPANCY = /^cudaOccupancy[A-Z]/;

export default defineRule({
  code: 'ASC518',
  name: 'cuda-occupancy',
  family: 'host-runtime',
  effort: 'medium',
  summary: 'Occupancy calculator (`cudaOccupancy*`)',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags every \`cudaOccupancy*\` call: \`cudaOccupancyMaxActiveBlocksPerMultiprocessor\`, \`cudaOccupancyMaxPotentialBlockSize\`, their \`WithFlags\` and \`VariableSMem\` forms, \`cudaOccupancyAvailableDynamicSMemPerBlock\` and the cluster queries.

## Why is this a problem on Ascend
There is no block size to tune and no occupancy: an Ascend C block is one AI Core running one instruction stream. The launch size is a core count, and the usual choice is about one block per physical core, each looping over its tiles. The core count comes from \`aclrtGetDeviceInfo(uint32_t deviceId, aclrtDevAttr attr, int64_t* value)\` with \`ACL_DEV_ATTR_VECTOR_CORE_NUM\`, \`ACL_DEV_ATTR_CUBE_CORE_NUM\` or \`ACL_DEV_ATTR_AICORE_CORE_NUM\` (read in the 2026 runtime headers), or from \`platform_ascendc::PlatformAscendC\` in tiling code. Code built around the calculator's answer must be redesigned around tiles.

## Example
\`\`\`cuda
__global__ void scale(float* x, int n);

int blocks() {
  int minGrid = 0, block = 0;
  cudaOccupancyMaxPotentialBlockSize(&minGrid, &block, scale, 0, 0);
  return minGrid;
}
\`\`\`

## Use instead
\`\`\`cpp
int blocks(int32_t dev) {
  int64_t cores = 0;
  aclrtGetDeviceInfo((uint32_t)dev, ACL_DEV_ATTR_VECTOR_CORE_NUM, &cores);
  return (int)cores;
}
\`\`\`
`,
  scope: 'declaration',
  check(ctx) {
    const names = new Set<string>();
    for (const c of ctx.facts.calls()) if (OCCUPANCY.test(c.name)) names.add(c.name);
    const attr = SOC_FACTS[ctx.target.soc].separated ? 'ACL_DEV_ATTR_VECTOR_CORE_NUM' : 'ACL_DEV_ATTR_AICORE_CORE_NUM';
    for (const call of ctx.facts.callsTo(names)) {
      ctx.report({
        span: call.nameSpan,
        message: `\`${call.name}\` has no equivalent on ${ctx.target.soc}, where a block is one AI Core: launch about one block per core, counted with \`aclrtGetDeviceInfo(deviceId, ${attr}, &value)\``,
      });
    }
  },
});
