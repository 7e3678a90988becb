/**
 * lower for the `single` schedule: the host ABI (the entry takes every tensor and scalar in
 * CUDA's order, no tiling; the wrapper launches one block) and the API names the work uses,
 * through the API table like every schedule. `render/single.ts` writes the steps.
 */
import type { Target } from '../../target';
import { apiCalls, argLaunchParams } from '../calls';
import { pascal } from '../emit/names';
import type { EntryParam, HostAbi, LaunchParam, Lowered } from '../lower';
import type { SingleSchedule, TileProgram } from '../program';
import type { SinglePlan } from './plan';

export function lowerSingle(program: TileProgram, plan: SinglePlan, target: Target): Lowered {
  const s = program.schedule as SingleSchedule;
  const calls = apiCalls(program, target);
  const { used, A, M } = calls;
  const P = pascal(program.kernel);
  const launchParams: LaunchParam[] = argLaunchParams(program);
  launchParams.push({ name: 'stream', cppType: A('aclrtStream'), from: 'stream' });
  const entry: EntryParam[] = program.args.map((a): EntryParam => (a.kind === 'tensor' ? { name: a.name, kind: 'gm', cppType: A('GM_ADDR'), dtype: a.dtype } : { name: a.name, kind: 'scalar', cppType: a.cppType }));
  const abi: HostAbi = {
    kernel: program.kernel,
    entry,
    tiling: { type: '', fields: [], make: '', numBlocks: '' },
    launch: {
      fn: `Launch${P}`,
      params: launchParams,
      length: s.length,
      cores: 1,
      coresSource: 'one core: the work of one CUDA thread',
      staging: false,
      second: target.cann === '9.x' ? '0' : 'nullptr',
    },
    constants: [],
  };
  for (const n of ['__aicore__', '__gm__', 'aclError', 'ACL_SUCCESS']) A(n);
  if (s.steps.length) {
    for (const n of ['GlobalTensor', 'GetBlockIdx']) A(n);
    M('GlobalTensor', 'SetGlobalBuffer');
    if (s.steps.some((x) => /\.GetValue\(/.test(x.value))) M('GlobalTensor', 'GetValue');
  }
  if (s.steps.some((x) => x.k === 'store')) {
    M('GlobalTensor', 'SetValue');
    for (const n of ['DataCacheCleanAndInvalid', 'CacheLine', 'DcciDst']) A(n);
  }
  return {
    program,
    plan,
    target,
    className: `Kernel${P}`,
    phases: { copyIn: [], compute: [], copyOut: [] },
    buffers: [],
    tbufs: [],
    abi,
    apis: [...used].sort(),
  };
}
