import { SOC_FACTS } from '../target';
import { defineRule } from './rule';

/** On Ascend 950, scalar AtomicCas and AtomicExch exist; the rest do not. */
const ON_950: Readonly<Record<string, string>> = { atomicCAS: 'AtomicCas', atomicExch: 'AtomicExch' };

const NAMES = new Set(
  ['atomicCAS', 'atomicExch', 'atomicInc', 'atomicDec', 'atomicAnd', 'atomicOr', 'atomicXor'].flatMap((n) => [n, `${n}_block`, `${n}_system`]),
);

export default defineRule({
  code: 'ASC303',
  name: 'atomic-cas-exch-bitwise',
  family: 'atomics',
  effort: 'high',
  summary: 'Compare-and-swap, exchange, wrapping increment or bitwise atomics',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags \`atomicCAS\`, \`atomicExch\`, \`atomicInc\`, \`atomicDec\`, \`atomicAnd\`, \`atomicOr\` and \`atomicXor\` (and their \`_block\` / \`_system\` scopes).

## Why is this a problem on Ascend
None of these exist on 910A, 910B or 310P, and the DMA atomics cover only add, max and min. Lock-free structures, spin locks and counters built on compare-and-swap need a different design. Ascend 950 has scalar \`AtomicCas\` and \`AtomicExch\` only, so the wrapping and bitwise forms stay errors there.

## Example
\`\`\`cuda
__device__ void lock(int* mutex) {
  while (atomicCAS(mutex, 0, 1) != 0) { }
}
\`\`\`

## Use instead
Give each core a private output region and combine the results in a second phase after \`SyncAll\`. When cores must take turns, order them with \`InitDetermineComputeWorkspace\`, \`WaitPreBlock\` and \`NotifyNextBlock\`, or signal between pairs of cores with \`IBSet\` / \`IBWait\`. On Ascend 950, \`atomicCAS\` and \`atomicExch\` map to \`AtomicCas\` and \`AtomicExch\`.
`,
  scope: 'declaration',
  check(ctx) {
    const simt = SOC_FACTS[ctx.target.soc].simt;
    for (const call of ctx.facts.callsTo(NAMES)) {
      const base = call.name.replace(/_(block|system)$/, '');
      const mapped = simt ? ON_950[base] : undefined;
      ctx.report({
        span: call.nameSpan,
        severity: mapped ? 'information' : undefined,
        message: mapped
          ? `\`${call.name}\` maps to the scalar \`${mapped}\` on ${ctx.target.soc}`
          : `\`${call.name}\` has no equivalent on ${ctx.target.soc}: restructure into per-core outputs combined after SyncAll`,
      });
    }
  },
});
