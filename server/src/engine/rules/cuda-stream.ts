import { runtimeFixes } from './support/runtime-fix';
import type { Severity } from '../types';
import { defineRule } from './rule';

/** CUDA stream call → what to use on Ascend, and the severity when it is not a plain mapping. */
const STREAM: Readonly<Record<string, { use: string; severity?: Severity }>> = {
  cudaStreamCreate: { use: 'use `aclrtCreateStream(aclrtStream* stream)`' },
  cudaStreamCreateWithFlags: {
    use: 'use `aclrtCreateStream(aclrtStream* stream)`; CUDA stream flags have no documented counterpart (`aclrtCreateStreamWithConfig(stream, priority, flag)` takes ACL flags)',
    severity: 'warning',
  },
  cudaStreamCreateWithPriority: {
    use: 'use `aclrtCreateStreamWithConfig(stream, priority, flag)`, whose priority range and flags are ACL values, not CUDA ones',
    severity: 'warning',
  },
  cudaStreamDestroy: { use: 'use `aclrtDestroyStream(aclrtStream)`' },
  cudaStreamSynchronize: { use: 'use `aclrtSynchronizeStream(aclrtStream)` (or `aclrtSynchronizeStreamWithTimeout(stream, timeout)`)' },
  cudaStreamWaitEvent: { use: 'use `aclrtStreamWaitEvent(aclrtStream stream, aclrtEvent event)`, which takes no flags' },
  cudaStreamQuery: {
    use: 'no non-blocking stream query was found in the ACL reference; record an event with `aclrtRecordEvent` and poll it with `aclrtQueryEventStatus`',
    severity: 'warning',
  },
  cudaStreamGetPriority: { use: 'no equivalent was found in the ACL reference; keep the priority you passed to `aclrtCreateStreamWithConfig`', severity: 'warning' },
  cudaStreamGetFlags: { use: 'no equivalent was found in the ACL reference; keep the flags you created the stream with', severity: 'warning' },
  cudaDeviceGetStreamPriorityRange: { use: 'no equivalent was found in the ACL reference; check the priority range in your CANN version\'s `acl_rt.h`', severity: 'warning' },
  cudaStreamSetAttribute: { use: 'stream attributes (such as L2 access policy windows) have no equivalent in the ACL reference; remove the call', severity: 'warning' },
  cudaStreamGetAttribute: { use: 'stream attributes have no equivalent in the ACL reference; remove the call', severity: 'warning' },
};

export default defineRule({
  code: 'ASC506',
  name: 'cuda-stream',
  family: 'host-runtime',
  effort: 'low',
  summary: 'CUDA stream creation, destruction, synchronisation and queries',
  fixAvailability: 'sometimes',
  severity: () => 'information',
  docs: `
## What it does
Flags the CUDA stream API: \`cudaStreamCreate\`, \`cudaStreamCreateWithFlags\`, \`cudaStreamCreateWithPriority\`, \`cudaStreamDestroy\`, \`cudaStreamSynchronize\`, \`cudaStreamWaitEvent\`, \`cudaStreamQuery\`, and the stream priority, flag and attribute queries. Stream capture belongs to \`cuda-graph\` and \`cudaStreamAddCallback\` to \`cuda-launch-api\`.

## Why is this a problem on Ascend
ACL has its own stream type, \`aclrtStream\`, and its own calls: \`aclrtCreateStream(aclrtStream* stream)\`, \`aclrtDestroyStream(aclrtStream)\`, \`aclrtSynchronizeStream(aclrtStream)\` (also \`aclrtSynchronizeStreamWithTimeout(stream, int32_t timeout)\`) and \`aclrtStreamWaitEvent(aclrtStream stream, aclrtEvent event)\`. Kernel launches on Ascend are asynchronous and must be followed by \`aclrtSynchronizeStream\` before results are read. Calls with CUDA flags or priorities are warnings: \`aclrtCreateStreamWithConfig(stream, priority, flag)\` exists but takes ACL values. No non-blocking stream query, priority query or stream attribute was found in the ACL reference.

## Example
\`\`\`cuda
void work(float* d_x) {
  cudaStream_t s;
  cudaStreamCreate(&s);
  cudaStreamSynchronize(s);
  cudaStreamDestroy(s);
}
\`\`\`

## Use instead
\`\`\`cpp
void work(float* d_x) {
  aclrtStream s;
  aclrtCreateStream(&s);
  aclrtSynchronizeStream(s);
  aclrtDestroyStream(s);
}
\`\`\`

## Fix safety
Calls with a direct ACL counterpart (\`cudaStreamCreate\`, \`cudaStreamDestroy\`, \`cudaStreamSynchronize\`, \`cudaStreamWaitEvent\` without flags) are rewritten safely. Dropping the flags of \`cudaStreamCreateWithFlags\` or \`cudaStreamWaitEvent\` is unsafe, and so is synchronising CUDA's default stream (\`0\`), which gets a \`TODO(ascend-port)\`. Calls without a counterpart get no fix.
`,
  scope: 'declaration',
  check(ctx) {
    for (const call of ctx.facts.callsTo(new Set(Object.keys(STREAM)))) {
      const m = STREAM[call.name]!;
      const fixes = runtimeFixes(call);
      // A rewrite that needs review leaves a CUDA call behind after fix-all: a warning, not information.
      const severity = m.severity ?? (fixes.some((f) => f.safety === 'unsafe') ? 'warning' : undefined);
      ctx.report({ span: call.nameSpan, severity, fixes, message: `\`${call.name}\` does not exist on ${ctx.target.soc}: ${m.use}` });
    }
  },
});
