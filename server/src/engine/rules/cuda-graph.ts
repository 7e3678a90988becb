import { defineRule } from './rule';

/** `cudaGraph*` except the graphics-interop API (`cudaGraphics*`). */
const GRAPH = /^cudaGraph(?!ics)[A-Z]/;
const CAPTURE = new Set([
  'cudaStreamBeginCapture',
  'cudaStreamBeginCaptureToGraph',
  'cudaStreamEndCapture',
  'cudaStreamIsCapturing',
  'cudaStreamGetCaptureInfo',
  'cudaStreamUpdateCaptureDependencies',
  'cudaThreadExchangeStreamCaptureMode',
  'cudaUserObjectCreate',
  'cudaUserObjectRetain',
  'cudaUserObjectRelease',
]);

export default defineRule({
  code: 'ASC515',
  name: 'cuda-graph',
  family: 'host-runtime',
  effort: 'high',
  summary: 'CUDA graphs and stream capture',
  fixAvailability: 'none',
  severity: () => 'error',
  docs: `
## What it does
Flags every \`cudaGraph*\` call (\`cudaGraphCreate\`, \`cudaGraphInstantiate\`, \`cudaGraphLaunch\`, \`cudaGraphAddKernelNode\`, \`cudaGraphExecDestroy\`, ...), stream capture (\`cudaStreamBeginCapture\`, \`cudaStreamEndCapture\`, \`cudaStreamIsCapturing\`, \`cudaStreamGetCaptureInfo\`, ...) and graph user objects. The graphics-interop calls \`cudaGraphics*\` belong to \`cuda-graphics-interop\`.

## Why is this a problem on Ascend
No graph or stream-capture API was found in the ACL runtime reference this tool relies on (the event flag \`ACL_EVENT_CAPTURE_STREAM_PROGRESS\` hints at capture support in newer runtimes, but no capture call is documented there). The captured work has to be issued directly: the kernel launches, \`aclrtMemcpyAsync\` copies and event records in order on an \`aclrtStream\`, followed by \`aclrtSynchronizeStream\`. Launch overhead that graphs used to hide should be reduced by launching fewer, larger kernels (about one block per AI Core).

## Example
\`\`\`cuda
void replay(cudaGraphExec_t exec, cudaStream_t s) {
  cudaGraphLaunch(exec, s);
}
\`\`\`

## Use instead
\`\`\`cpp
void replay(aclrtStream s) {
  // issue the kernel launches and aclrtMemcpyAsync calls the graph held, in order
  aclrtSynchronizeStream(s);
}
\`\`\`
`,
  scope: 'declaration',
  check(ctx) {
    const names = new Set(CAPTURE);
    for (const c of ctx.facts.calls()) if (GRAPH.test(c.name)) names.add(c.name);
    for (const call of ctx.facts.callsTo(names)) {
      const capture = CAPTURE.has(call.name);
      ctx.report({
        span: call.nameSpan,
        message: `\`${call.name}\` has no equivalent on ${ctx.target.soc}: ${capture ? 'stream capture is' : 'CUDA graphs are'} not in the ACL reference, so issue the work directly on an aclrtStream and wait with \`aclrtSynchronizeStream\``,
      });
    }
  },
});
