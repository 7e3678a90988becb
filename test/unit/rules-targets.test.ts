/**
 * Rules whose message depends on the target and the CANN version say what that target
 * has: ASC001 mentions Ascend 950's SIMT mode only on 950, and maps dynamic shared memory
 * to the dynamic UB size only on CANN 9.x.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Engine, type Target } from '../../server/src/engine';

const CU = `__global__ void k(float* x) { extern __shared__ float s[]; s[threadIdx.x] = x[threadIdx.x]; x[threadIdx.x] = s[threadIdx.x]; }
void run(float* x, cudaStream_t st) { k<<<4, 256, 256 * sizeof(float), st>>>(x); }
`;
let engine: Engine;
before(async () => {
  engine = await Engine.create();
});
after(() => engine.dispose());

const asc001 = (target: Target) => engine.analyzeText(CU, { target, only: ['ASC001'] }).findings.map((f) => f.message);

test('ASC001 follows the target: SIMT only on 950, dynamic UB only on CANN 9.x', () => {
  const [b3] = asc001({ soc: 'Ascend910B3', cann: '8.x' });
  assert.match(b3!, /static UB budget on CANN 8\.x/);
  assert.doesNotMatch(b3!, /SIMT/);
  const [b3v9] = asc001({ soc: 'Ascend910B3', cann: '9.x' });
  assert.match(b3v9!, /dynamic UB size, the second chevron argument on CANN 9\.x/);
  const [a950] = asc001({ soc: 'Ascend950', cann: '9.x' });
  assert.match(a950!, /SIMT mode with thread blocks/);
});
