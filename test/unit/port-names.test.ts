/**
 * Kernel parameter names and the names the generated code uses: a scalar named like a
 * member of the port class gets its own member (verified in test/verify, names.cu); a
 * parameter named like a variable of the entry or the launch wrapper makes the kernel an
 * honest skeleton instead of a port that does not compile.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Engine, kernelVerdict, portKernel } from '../../server/src/engine';
import { scalarMember } from '../../server/src/engine/port/names';

const B3 = { soc: 'Ascend910B3', cann: '8.x' } as const;
let engine: Engine;
before(async () => {
  engine = await Engine.create();
});
after(() => engine.dispose());

test('scalar members stay apart from the port members', () => {
  assert.equal(scalarMember('alpha'), 'alpha_');
  for (const n of ['start', 'length', 'tileLength', 'pipe', 'xGm', 'tmpBuf0', 'inQueueX']) assert.equal(scalarMember(n), `${n}Arg_`);
  const doc = engine.open('__global__ void ramp(float* d, int n, float start) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) d[i] = start + d[i]; }\n');
  try {
    const port = portKernel(doc, null, 'ramp', B3, 'ramp.cu')!;
    assert.equal(port.kind, 'complete');
    assert.match(port.text, /float startArg_;/);
    assert.equal((port.text.match(/\bstart_\b/g) ?? []).length > 0, true);
    assert.doesNotMatch(port.text, /float start_;/);
  } finally {
    doc.dispose();
  }
});

test('a parameter named like a wrapper variable gives a skeleton that says so', () => {
  const doc = engine.open('__global__ void scale_by(float* x, int n, float total) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) x[i] = x[i] / total; }\n');
  try {
    const v = kernelVerdict(doc, 'scale_by', B3)!;
    assert.equal(v.kind, 'skeleton');
    assert.match(v.kind === 'skeleton' ? v.reasons[0]! : '', /parameter `total` has the name of a variable of the generated entry or launch wrapper/);
  } finally {
    doc.dispose();
  }
});
