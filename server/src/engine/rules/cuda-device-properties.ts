import type { Target } from '../target';
import { SOC_FACTS } from '../target';
import type { Severity } from '../types';
import { defineRule } from './rule';

/** `aclrtGetDeviceInfo` is in the 2026 runtime headers; its presence in CANN 8.x is unconfirmed. */
function infoSeverity(target: Target): Severity {
  return target.cann === '8.x' ? 'warning' : 'information';
}

function coreCount(target: Target): string {
  const call = SOC_FACTS[target.soc].separated
    ? '`aclrtGetDeviceInfo(deviceId, ACL_DEV_ATTR_VECTOR_CORE_NUM, &value)` (`ACL_DEV_ATTR_CUBE_CORE_NUM` for cube kernels)'
    : '`aclrtGetDeviceInfo(deviceId, ACL_DEV_ATTR_AICORE_CORE_NUM, &value)`';
  return target.cann === '8.x' ? `${call}, read in the 2026 runtime headers (check that your CANN 8.x has it)` : call;
}

const THREAD_FIELDS = new Set([
  'warpSize',
  'maxThreadsPerBlock',
  'maxThreadsDim',
  'maxGridSize',
  'maxThreadsPerMultiProcessor',
  'maxBlocksPerMultiProcessor',
  'regsPerBlock',
  'regsPerMultiprocessor',
]);
const SHARED_FIELDS = new Set(['sharedMemPerBlock', 'sharedMemPerBlockOptin', 'sharedMemPerMultiprocessor', 'reservedSharedMemPerBlock', 'totalConstMem']);

function fieldAdvice(field: string, target: Target): { use: string; severity: Severity } {
  const soc = target.soc;
  if (field === 'multiProcessorCount') return { use: `query the core count with ${coreCount(target)}`, severity: infoSeverity(target) };
  if (field === 'name') return { use: 'use `aclrtGetSocName()`', severity: 'information' };
  if (field === 'totalGlobalMem') return { use: 'use `aclrtGetMemInfo(aclrtMemAttr attr, size_t* free, size_t* total)`', severity: 'information' };
  if (field === 'major' || field === 'minor') return { use: 'there is no compute capability; identify the chip with `aclrtGetSocName()`', severity: 'warning' };
  if (THREAD_FIELDS.has(field)) {
    return SOC_FACTS[soc].simt
      ? { use: 'SIMT kernels there have 32-thread warps and at most 2048 threads per block, and no ACL attribute for this was found', severity: 'warning' }
      : { use: 'a block is one AI Core running one instruction stream over vector tiles, so there are no threads, warps or registers to size', severity: 'error' };
  }
  if (SHARED_FIELDS.has(field)) {
    return {
      use: 'there is no shared or constant memory; the per-core scratchpad is UB, sized per chip (`ASC_UB_SIZE` in kernel code on CANN 9.x, `platform_ascendc::PlatformAscendC` in host tiling code)',
      severity: 'warning',
    };
  }
  return { use: `no ACL device attribute for \`${field}\` was found in the reference`, severity: 'warning' };
}

const CALLS = new Set(['cudaGetDeviceProperties', 'cudaGetDeviceProperties_v2', 'cudaDeviceGetAttribute', 'cudaDriverGetVersion', 'cudaRuntimeGetVersion']);

export default defineRule({
  code: 'ASC510',
  name: 'cuda-device-properties',
  family: 'host-runtime',
  effort: 'medium',
  summary: 'CUDA device property queries and `cudaDeviceProp` fields',
  fixAvailability: 'none',
  severity: infoSeverity,
  docs: `
## What it does
Flags \`cudaGetDeviceProperties\`, \`cudaDeviceGetAttribute\`, the version queries \`cudaDriverGetVersion\` / \`cudaRuntimeGetVersion\`, and each field read from a variable declared as \`cudaDeviceProp\` (\`prop.multiProcessorCount\`, \`p->warpSize\`, ...).

## Why is this a problem on Ascend
ACL has no property struct. Single attributes come from \`aclrtGetDeviceInfo(uint32_t deviceId, aclrtDevAttr attr, int64_t* value)\`: \`ACL_DEV_ATTR_AICORE_CORE_NUM\`, \`ACL_DEV_ATTR_CUBE_CORE_NUM\` and \`ACL_DEV_ATTR_VECTOR_CORE_NUM\` give the core counts that replace \`multiProcessorCount\` (launch about one block per core). This call was read in the 2026 runtime headers; its presence in CANN 8.x is not confirmed, so on 8.x targets these findings are warnings. \`aclrtGetSocName()\` names the chip, and \`aclrtGetMemInfo(aclrtMemAttr attr, size_t* free, size_t* total)\` gives memory sizes. Kernel tiling code usually reads hardware figures from \`platform_ascendc::PlatformAscendC\`.

Thread, warp and register limits have no meaning on chips without SIMT (errors there): a block is one AI Core. Shared-memory sizes become the UB size; compute capability becomes the SoC name. No ACL version query was found in the reference.

## Example
\`\`\`cuda
int cores(int dev) {
  cudaDeviceProp prop;
  cudaGetDeviceProperties(&prop, dev);
  return prop.multiProcessorCount;
}
\`\`\`

## Use instead
\`\`\`cpp
int cores(int dev) {
  int64_t n = 0;
  aclrtGetDeviceInfo((uint32_t)dev, ACL_DEV_ATTR_VECTOR_CORE_NUM, &n);
  return (int)n;
}
\`\`\`
`,
  check(ctx) {
    const soc = ctx.target.soc;
    for (const call of ctx.facts.callsTo(CALLS)) {
      if (call.name === 'cudaDriverGetVersion' || call.name === 'cudaRuntimeGetVersion') {
        ctx.report({
          span: call.nameSpan,
          severity: 'warning',
          message: `\`${call.name}\` does not exist on ${soc} and no ACL version query was found in the reference; identify the chip with \`aclrtGetSocName()\``,
        });
        continue;
      }
      const attr = call.name === 'cudaDeviceGetAttribute' ? call.args[1]?.text.trim() : undefined;
      ctx.report({
        span: call.nameSpan,
        message:
          attr === 'cudaDevAttrMultiProcessorCount'
            ? `\`cudaDeviceGetAttribute(cudaDevAttrMultiProcessorCount)\` does not exist on ${soc}: query the core count with ${coreCount(ctx.target)}`
            : `\`${call.name}\` does not exist on ${soc}: query single attributes with \`aclrtGetDeviceInfo(uint32_t deviceId, aclrtDevAttr attr, int64_t* value)\` and the chip with \`aclrtGetSocName()\``,
      });
    }

    // Field reads from variables declared `cudaDeviceProp` (also by reference, pointer or array).
    if (!ctx.text.includes('cudaDeviceProp')) return;
    const masked = ctx.facts.maskedText;
    const props = new Set<string>();
    const decl = /\bcudaDeviceProp\b\s*(?:const\b\s*)?[&*]?\s*(?:const\b\s*)?([A-Za-z_]\w*)/g;
    for (let m = decl.exec(masked); m; m = decl.exec(masked)) props.add(m[1]!);
    if (props.size === 0) return;
    for (const node of ctx.facts.fieldExpressions()) {
      if (!node.plainField) continue;
      const base = /^([A-Za-z_]\w*)\s*(?:\[[^]*\])?$/.exec(ctx.text.slice(node.objectSpan.start, node.objectSpan.end));
      if (!base || !props.has(base[1]!)) continue;
      const advice = fieldAdvice(node.field, ctx.target);
      ctx.report({
        span: node.span,
        severity: advice.severity,
        message: `\`cudaDeviceProp::${node.field}\` does not exist on ${soc}: ${advice.use}`,
      });
    }
  },
});
