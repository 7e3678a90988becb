import { runtimeFixes } from './support/runtime-fix';
import type { Severity } from '../types';
import { defineRule } from './rule';

const EVENT: Readonly<Record<string, { use: string; severity?: Severity }>> = {
  cudaEventCreate: { use: 'use `aclrtCreateEvent(aclrtEvent* event)`' },
  cudaEventCreateWithFlags: {
    use: 'use `aclrtCreateEventWithFlag(aclrtEvent* event, uint32_t flag)` with ACL flags (`ACL_EVENT_SYNC`, `ACL_EVENT_TIME_LINE`, ...); CUDA flags do not carry over',
    severity: 'warning',
  },
  cudaEventRecord: { use: 'use `aclrtRecordEvent(aclrtEvent event, aclrtStream stream)`, which needs an explicit stream' },
  cudaEventRecordWithFlags: { use: 'use `aclrtRecordEvent(aclrtEvent event, aclrtStream stream)`, which takes no flags', severity: 'warning' },
  cudaEventSynchronize: { use: 'use `aclrtSynchronizeEvent(aclrtEvent event)`' },
  cudaEventElapsedTime: { use: 'use `aclrtEventElapsedTime(float* ms, aclrtEvent startEvent, aclrtEvent endEvent)`' },
  cudaEventQuery: {
    use: 'use `aclrtQueryEventStatus(aclrtEvent, aclrtEventRecordedStatus*)`, which returns the status through its second argument instead of the return value',
    severity: 'warning',
  },
  cudaEventDestroy: { use: 'use `aclrtDestroyEvent(aclrtEvent)`' },
};

export default defineRule({
  code: 'ASC507',
  name: 'cuda-event',
  family: 'host-runtime',
  effort: 'low',
  summary: 'CUDA event creation, recording, timing, queries and destruction',
  fixAvailability: 'sometimes',
  severity: () => 'information',
  docs: `
## What it does
Flags the CUDA event API: \`cudaEventCreate\`, \`cudaEventCreateWithFlags\`, \`cudaEventRecord\`, \`cudaEventRecordWithFlags\`, \`cudaEventSynchronize\`, \`cudaEventElapsedTime\`, \`cudaEventQuery\` and \`cudaEventDestroy\`.

## Why is this a problem on Ascend
ACL events are \`aclrtEvent\` handles with their own calls: \`aclrtCreateEvent(aclrtEvent* event)\` or \`aclrtCreateEventWithFlag(aclrtEvent*, uint32_t flag)\` (flags \`ACL_EVENT_SYNC\`, \`ACL_EVENT_CAPTURE_STREAM_PROGRESS\`, \`ACL_EVENT_TIME_LINE\`, ...), \`aclrtRecordEvent(aclrtEvent event, aclrtStream stream)\`, \`aclrtSynchronizeEvent(aclrtEvent event)\`, \`aclrtEventElapsedTime(float* ms, aclrtEvent startEvent, aclrtEvent endEvent)\` (milliseconds, as in CUDA), \`aclrtQueryEventStatus(aclrtEvent, aclrtEventRecordedStatus*)\` and \`aclrtDestroyEvent(aclrtEvent)\`. \`cudaEventRecord\` defaults to stream 0; \`aclrtRecordEvent\` needs the stream. Calls with CUDA flags and \`cudaEventQuery\` (status through an out-parameter) are warnings. Whether an ACL event needs a flag to be usable for timing is not confirmed in the reference: check it when porting timing code.

## Example
\`\`\`cuda
float time_it(cudaStream_t s) {
  cudaEvent_t a, b;
  cudaEventCreate(&a);
  cudaEventCreate(&b);
  cudaEventRecord(a, s);
  cudaEventRecord(b, s);
  cudaEventSynchronize(b);
  float ms = 0;
  cudaEventElapsedTime(&ms, a, b);
  return ms;
}
\`\`\`

## Use instead
\`\`\`cpp
float time_it(aclrtStream s) {
  aclrtEvent a, b;
  aclrtCreateEvent(&a);
  aclrtCreateEvent(&b);
  aclrtRecordEvent(a, s);
  aclrtRecordEvent(b, s);
  aclrtSynchronizeEvent(b);
  float ms = 0;
  aclrtEventElapsedTime(&ms, a, b);
  return ms;
}
\`\`\`

## Fix safety
\`cudaEventCreate\`, \`cudaEventSynchronize\`, \`cudaEventElapsedTime\`, \`cudaEventDestroy\` and \`cudaEventRecord\` with a stream are rewritten safely. \`cudaEventRecord\` on the default stream is unsafe and gets a \`TODO(ascend-port)\` for the stream. Calls whose flags or result shape differ (\`cudaEventCreateWithFlags\`, \`cudaEventQuery\`) get no fix.
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(new Set(Object.keys(EVENT)))) {
      const m = EVENT[call.name]!;
      // The C++ overload `cudaEventCreate(&e, flags)` carries flags too.
      const flagged = call.name === 'cudaEventCreate' && call.args.length > 1;
      const fixes = flagged ? [] : runtimeFixes(call);
      // A rewrite that needs review leaves a CUDA call behind after fix-all: a warning, not information.
      const unsafe = fixes.some((f) => f.safety === 'unsafe');
      ctx.report({
        span: call.nameSpan,
        severity: flagged || unsafe ? 'warning' : m.severity,
        fixes,
        message: `\`${call.name}\` does not exist on ${ctx.target.soc}: ${flagged ? EVENT.cudaEventCreateWithFlags!.use : m.use}`,
      });
    }
  },
});
