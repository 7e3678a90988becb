/**
 * lower for the `matmul` schedule: the names the Matmul kernel and its host tiling call (through
 * the API table, spelled for the target's CANN, as every schedule does), the host ABI (the
 * CUDA arguments in order; the entry takes the GM operands, the system workspace, the batch
 * count and strides, and the TCubeTiling by value), and the epilogue's own rows lowering.
 * `render/matmul.ts` writes it out.
 */
import type { Target } from '../../target';
import { apiCalls, argLaunchParams } from '../calls';
import { pascal } from '../emit/names';
import type { EntryParam, HostAbi, LaunchParam, Lowered } from '../lower';
import { lowerRows } from '../rows/lower';
import { tensors, type TileProgram } from '../program';
import { launchDims, type MatmulPlan } from './plan';

export interface MatmulLowering {
  /** The epilogue's complete rows lowering (its own kernel, tiling and launch wrapper). */
  epilogue?: Lowered;
  /** CUDA parameter names of the operands. */
  a: string;
  b: string;
  c: string;
  bias?: string;
  /** CANN 9.x: a `__cube__` kernel; 8.x: `extern "C" __global__ __aicore__` with KERNEL_TASK_TYPE_DEFAULT. */
  cubeQualifier: string;
  /** Names of the table entries the renderer spells (already counted in `apis`). */
  names: Record<string, string>;
}

export function lowerMatmul(program: TileProgram, plan: MatmulPlan, target: Target): Lowered & { matmul: MatmulLowering } {
  if (program.schedule.kind !== 'matmul') throw new Error('not a matmul program');
  const g = program.schedule.gemm;
  const calls = apiCalls(program, target);
  const { used, A, M } = calls;
  const P = pascal(program.kernel);
  const ts = tensors(program);
  const names: Record<string, string> = {};
  for (const n of ['Matmul', 'MatmulType', 'CubeFormat', 'TPosition', 'GlobalTensor', 'TPipe', 'GetBlockIdx', 'REGIST_MATMUL_OBJ', 'GetSysWorkSpacePtr', 'TCubeTiling', 'GM_ADDR', '__gm__', 'MultiCoreMatmulTiling', 'PlatformAscendCManager', 'PlatformAscendC', 'DataType', 'aclError', 'ACL_SUCCESS', 'aclrtMalloc', 'aclrtFree', 'aclrtMemset', 'aclrtSynchronizeStream', 'aclrtMemMallocPolicy', 'aclrtStream']) names[n] = A(n);
  for (const m of ['SetOrgShape', 'SetTail', 'SetTensorA', 'SetTensorB', 'IterateAll', 'End', ...(plan.fusedBias ? ['SetBias'] : [])]) names[m] = M('Matmul', m);
  // K = 0 with a fused bias: the wrapper copies the bias into each row of C.
  if (plan.fusedBias && !plan.epilogue) names.aclrtMemcpy = A('aclrtMemcpy');
  M('GlobalTensor', 'SetGlobalBuffer');
  for (const m of ['SetDim', 'SetAType', 'SetBType', 'SetCType', 'SetOrgShape', 'SetShape', 'EnableBias', 'SetBufferSpace', 'GetTiling', ...(plan.fusedBias ? ['SetBiasType'] : [])]) M('MultiCoreMatmulTiling', m);
  M('PlatformAscendC', 'GetCoreNumAic');
  M('PlatformAscendC', 'GetLibApiWorkSpaceSize');
  M('PlatformAscendCManager', 'GetInstance');
  let cubeQualifier: string;
  if (target.cann === '9.x') cubeQualifier = `__global__ ${A('__cube__')}`;
  else {
    cubeQualifier = `extern "C" __global__ ${A('__aicore__')}`;
    names.KERNEL_TASK_TYPE_DEFAULT = A('KERNEL_TASK_TYPE_DEFAULT');
    names.KernelMetaType = A('KernelMetaType');
    names.SetSysWorkspace = A('SetSysWorkspace');
  }
  const epilogue = plan.epilogue ? lowerRows(plan.epilogue.program, plan.epilogue.plan, target) : undefined;
  const out = plan.epilogue ? 'matmulOut' : g.c.param;
  const launchParams: LaunchParam[] = argLaunchParams(program);
  // A product without bound checks: M (or N) from the CUDA launch's grid and block dimensions.
  for (const d of launchDims(g)) launchParams.push({ name: d, cppType: 'uint64_t', from: d });
  launchParams.push({ name: 'stream', cppType: A('aclrtStream'), from: 'stream' });
  const gm = (name: string): EntryParam => ({ name, kind: 'gm', cppType: A('GM_ADDR'), dtype: ts.find((t) => t.name === name)?.dtype ?? 'float' });
  const abi: HostAbi = {
    kernel: program.kernel,
    entry: [
      gm(g.a.param),
      gm(g.b.param),
      ...(plan.fusedBias && g.epilogue.bias ? [gm(g.epilogue.bias.param)] : []),
      { name: out, kind: 'gm', cppType: A('GM_ADDR'), dtype: plan.outType },
      { name: 'workspace', kind: 'gm', cppType: A('GM_ADDR') },
      { name: 'batchCount', kind: 'scalar', cppType: 'uint64_t' },
      { name: 'strideA', kind: 'scalar', cppType: 'uint64_t' },
      { name: 'strideB', kind: 'scalar', cppType: 'uint64_t' },
      { name: 'strideC', kind: 'scalar', cppType: 'uint64_t' },
      // Blocks of larger matrices: the rows' strides (leading dimensions), for SetOrgShape.
      ...(plan.ld ? (['ldA', 'ldB', 'ldC'] as const).map((name): EntryParam => ({ name, kind: 'scalar', cppType: 'uint64_t' })) : []),
      { name: 'tiling', kind: 'tiling', cppType: `AscendC::tiling::${names.TCubeTiling}` },
    ],
    tiling: { type: `AscendC::tiling::${names.TCubeTiling}`, fields: [], make: '', numBlocks: '' },
    launch: {
      fn: `Launch${P}`,
      params: launchParams,
      length: program.schedule.length,
      cores: plan.cubeCores,
      coresSource: plan.cubeCoresSource,
      staging: false,
      second: target.cann === '9.x' ? '0' : 'nullptr',
    },
    constants: [],
  };
  if (epilogue) for (const n of epilogue.apis) used.add(n);
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
    matmul: { ...(epilogue ? { epilogue } : {}), a: g.a.param, b: g.b.param, c: g.c.param, ...(g.epilogue.bias ? { bias: g.epilogue.bias.param } : {}), cubeQualifier, names },
  };
}
