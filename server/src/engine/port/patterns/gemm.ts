/**
 * The one place the port asks whether a kernel is a matrix product: the GEMM description of
 * the loop-nest detector (`model/gemmDetect.ts`), which ASC709, the estimates and the pattern
 * classes read too, or undefined. A caller may still pass a description of its own
 * (`compileKernel(…, gemm)`, `portKernel(…, { gemm })`, `verifyFile({ gemms })`), as the
 * Matmul tests do with hand-built ones.
 *
 * A port is complete only once `verify` can run it against the CUDA, and verify launches the
 * CUDA side with one output element per thread on a 2-D grid of 16 × 16 blocks (or the
 * description's `cudaLaunch`). Forms whose threads compute several outputs, or whose block is
 * laid out otherwise (register tiles, warp tiles, `float4` tiles, a 1-D block over a 2-D tile,
 * `wmma`/`mma` fragments, GEMV), need their launch geometry read from their tile constants,
 * which the detector does not do yet: their description carries that as an unknown, so they
 * stay skeletons that say so.
 */
import type { FileFacts } from '../../model/facts';
import type { GemmDescription, GemmForm } from '../../model/gemm';
import { detectGemm } from '../../model/gemmDetect';
import type { FunctionModel } from '../../model/kernels';

/** Forms whose CUDA side verify launches as written: one output per thread, x over columns, y over rows. */
const LAUNCHABLE: ReadonlySet<GemmForm> = new Set(['naive', 'shared-tiled', 'double-buffered']);

export function gemmOf(facts: FileFacts, fn: FunctionModel): GemmDescription | undefined {
  const g = detectGemm(facts, fn);
  if (!g || LAUNCHABLE.has(g.form) || g.cudaLaunch) return g;
  return { ...g, unknowns: [...g.unknowns, `the CUDA launch geometry of a ${g.form} GEMM (its grid and block follow its tile constants), which verify needs to run the CUDA side; the Matmul port is not claimed complete until it is verified`] };
}
