import { matchBracket } from '../model/scan';
import { SOC_FACTS } from '../target';
import type { Span } from '../types';
import { defineRule } from './rule';
import { isDeviceFunction } from './support/device-code';

const ATOMICS = new Set([
  'atomicCAS', 'atomicCAS_block', 'atomicCAS_system',
  'atomicExch', 'atomicExch_block', 'atomicExch_system',
  'atomicAdd', 'atomicAdd_block', 'atomicAdd_system',
  'atomicOr', 'atomicOr_block', 'atomicOr_system',
]);
const LITERAL = /^[-+]?(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*$/;
const ATOMIC_LOAD = /\.\s*load\s*\(\s*(?:::\s*)?(?:cuda\s*::\s*)?(?:std\s*::\s*)?memory_order_\w+/;

/** The condition of a `while (...)` or `do ... while (...)` loop, parentheses included. */
function conditionSpan(masked: string, loop: { kind: string; span: Span }): Span | undefined {
  let open: number;
  if (loop.kind === 'while') {
    open = masked.indexOf('(', loop.span.start);
  } else {
    const w = masked.slice(loop.span.start, loop.span.end).lastIndexOf('while');
    if (w < 0) return undefined;
    open = masked.indexOf('(', loop.span.start + w);
  }
  if (open < 0 || open >= loop.span.end) return undefined;
  const close = matchBracket(masked, open);
  return close < 0 ? undefined : { start: open, end: close + 1 };
}

export default defineRule({
  code: 'ASC209',
  name: 'spin-wait',
  family: 'synchronization',
  effort: 'high',
  summary: 'Loops that spin on a lock or poll a flag written by another block',
  fixAvailability: 'none',
  severity: (t) => (SOC_FACTS[t.soc].simt ? 'warning' : 'error'),
  docs: `
## What it does
Flags \`while\` and \`do ... while\` loops in device code whose condition waits for another thread or block:
- a lock taken with \`atomicCAS(p, <constant>, <constant>)\` or \`atomicExch(p, <constant>)\`;
- an atomic read \`atomicAdd(p, 0)\` / \`atomicOr(p, 0)\`, or an atomic \`.load(memory_order_...)\`;
- a read of a \`volatile\` variable of the function (parameter or local).

A compare-and-swap retry loop (\`atomicCAS(p, assumed, v)\` with a variable) is not a wait and is left to the atomics rules.

## Why is this a problem on Ascend
Spinning assumes the other side is running and that its write becomes visible. On the SIMD cores of 910A, 910B and 310P neither holds without help: there are no scalar atomics (\`AtomicCas\` and \`AtomicExch\` exist on Ascend 950 only), and scalar reads and writes of GM go through a per-core DataCache, so a polled flag may never change unless the writer cleans its cache with \`DataCacheCleanAndInvalid\`. Cores wait for each other with \`SyncAll\` (launching no more blocks than physical cores), and ordered sections use \`InitDetermineComputeWorkspace\` / \`NotifyNextBlock\` / \`WaitPreBlock\`. On Ascend 950 the scalar atomics exist, so a lock can be kept, but the residency and cache rules still apply.

## Example
\`\`\`cuda
__global__ void serial_update(int* lock, float* total, const float* x) {
  if (threadIdx.x == 0) {
    while (atomicCAS(lock, 0, 1) != 0) {}
    *total += x[blockIdx.x];
    atomicExch(lock, 0);
  }
}
\`\`\`

## Use instead
Write one partial result per core to a GM workspace, barrier the cores with \`SyncAll()\`, and let one core reduce the partials; or accumulate with the DMA atomic \`SetAtomicAdd<float>()\` + \`DataCopy\` + \`DisableDmaAtomic()\`.
`,
  check(ctx) {
    const fns = ctx.facts.functions().filter((f) => isDeviceFunction(f) && f.bodySpan && f.loops.some((l) => l.kind !== 'for'));
    if (!fns.length) return;
    const soc = ctx.target.soc;
    const simt = SOC_FACTS[soc].simt;
    const masked = ctx.facts.maskedText;
    const atomics = ctx.facts.callsTo(ATOMICS);
    for (const fn of fns) {
      const body = masked.slice(fn.bodySpan!.start, fn.bodySpan!.end);
      const volatiles = new Set(fn.params.filter((p) => /\bvolatile\b/.test(p.type)).map((p) => p.name));
      const decl = /\bvolatile\b[^;=(){}]*?([A-Za-z_]\w*)\s*(?=[=;[])/g;
      for (let m = decl.exec(body); m; m = decl.exec(body)) volatiles.add(m[1]!);
      const shared = new Set(fn.sharedArrays.map((a) => a.name));
      const sharedDecl = /\b__shared__\b[^;=(){}]*?([A-Za-z_]\w*)\s*(?=[=;[])/g;
      for (let m = sharedDecl.exec(body); m; m = sharedDecl.exec(body)) shared.add(m[1]!);
      const volatileRe = volatiles.size ? new RegExp(`(?<![\\w.>:])(?:${[...volatiles].join('|')})\\b`) : undefined;
      for (const loop of fn.loops) {
        if (loop.kind === 'for' || ctx.facts.enclosingFunction(loop.span.start) !== fn) continue;
        const cond = conditionSpan(masked, loop);
        if (!cond) continue;
        const condText = masked.slice(cond.start, cond.end);
        let why: string | undefined;
        let lock = false;
        let polled = '';
        for (const c of atomics) {
          if (c.span.start < cond.start || c.span.end > cond.end) continue;
          polled = c.args[0]?.text ?? '';
          const lit = (i: number) => c.args[i] !== undefined && LITERAL.test(c.args[i]!.text.trim());
          if (c.name.startsWith('atomicCAS') && lit(1) && lit(2)) {
            why = `spins on a lock taken with \`${c.name}\``;
            lock = true;
          } else if (c.name.startsWith('atomicExch') && lit(1)) {
            why = `spins on a lock taken with \`${c.name}\``;
            lock = true;
          } else if ((c.name.startsWith('atomicAdd') || c.name.startsWith('atomicOr')) && c.args[1]?.text.trim() === '0') {
            why = `polls a counter read with \`${c.name}(..., 0)\``;
          }
          if (why) break;
        }
        if (!why && ATOMIC_LOAD.test(condText)) why = 'polls an atomic load';
        if (!why && volatileRe) {
          const v = volatileRe.exec(condText);
          if (v) {
            why = `polls the volatile \`${v[0]}\``;
            polled = v[0];
          }
        }
        if (!why) continue;
        // A lock or flag in shared memory is waited on by the threads of one block, not by other cores.
        if (shared.size && new RegExp(`(?<![\\w.>:])(?:${[...shared].join('|')})\\b`).test(polled)) {
          const kw0 = loop.kind === 'do' ? 'do' : 'while';
          ctx.report({
            span: { start: loop.span.start, end: loop.span.start + kw0.length },
            message: simt
              ? `this loop ${why} in shared memory: threads of one block wait on each other; in ${soc}'s SIMT mode keep it with asc_syncthreads and the SIMT atomics, or remove the lock by giving each thread its own slot`
              : `this loop ${why} in shared memory, a wait between threads of one block: ${soc} runs one instruction stream per core, so there is no other thread to wait for; make the critical section ordinary sequential code on the core's UB tile (no SyncAll is needed)`,
          });
          continue;
        }
        const kw = loop.kind === 'do' ? 'do' : 'while';
        ctx.report({
          span: { start: loop.span.start, end: loop.span.start + kw.length },
          message: simt
            ? `this loop ${why}: ${soc} has scalar AtomicCas/AtomicExch, but every polled core must be resident (numBlocks <= physical cores) and GM writes must leave the DataCache (DataCacheCleanAndInvalid); prefer SyncAll`
            : `this loop ${why}, which ${soc} cannot do: ${lock ? 'there are no scalar atomics; write per-core partials and SyncAll, or order the section with NotifyNextBlock/WaitPreBlock' : 'scalar GM reads go through the per-core DataCache; synchronise the cores with SyncAll instead'}`,
        });
      }
    }
  },
});
