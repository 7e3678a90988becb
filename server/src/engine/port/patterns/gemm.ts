/**
 * The one place the port asks whether a kernel is a matrix product: the GEMM description of
 * the loop-nest detector (`model/gemmDetect.ts`), which ASC709, the estimates and the pattern
 * classes read too, or undefined. A caller may still pass a description of its own
 * (`compileKernel(…, gemm)`, `portKernel(…, { gemm })`, `verifyFile({ gemms })`), as the
 * Matmul tests do with hand-built ones.
 *
 * A port is complete only once `verify` can run it against the CUDA, and verify launches the
 * CUDA side with one output element per thread on a 2-D grid of 16 × 16 blocks (or the
 * description's `cudaLaunch`; a shared-memory tiled kernel gets a T × T block from its square
 * T × T shared tiles, T a constant or a template parameter bound by the kernel's launches or by
 * its call of the `__device__` helper the product is in; a template launched with several tile
 * sizes gets one block per instantiation, which verify runs each). Forms whose threads compute several outputs, or whose block is
 * laid out otherwise (register tiles, warp tiles, `float4` tiles, a 1-D block over a 2-D tile,
 * inline-PTX `mma` fragments, GEMV), need their launch geometry read from their tile constants,
 * which the detector does not do yet: their description carries that as an unknown, so they
 * stay skeletons that say so. A `wmma` kernel's geometry comes from the detector (one warp per
 * fragment along the axis whose origin divides a global x index by the warp size), and so does
 * that of a register-tiled kernel without bound checks whose threads each store a t × t' tile
 * of a block's X × Y tile (the block is X / t by Y / t' threads).
 */
import type { FileFacts } from '../../model/facts';
import type { GemmDescription, GemmForm } from '../../model/gemm';
import { detectGemm } from '../../model/gemmDetect';
import type { FunctionModel } from '../../model/kernels';
import { kernelInstantiations, splitTopLevelList, templateParams } from '../instantiate';
import { instantiation } from '../recognize';

/** Forms whose CUDA side verify launches as written: one output per thread, x over columns, y over rows. */
const LAUNCHABLE: ReadonlySet<GemmForm> = new Set(['naive', 'shared-tiled', 'double-buffered']);

export function gemmOf(facts: FileFacts, fn: FunctionModel): GemmDescription | undefined {
  const g = detectGemm(facts, fn);
  if (!g || g.cudaLaunch) return g;
  if (g.form === 'naive') {
    // Which grid axis walks M: the index compared with M in the guard (`if (bt < BT && …)`,
    // `int bt = blockIdx.x * blockDim.x + threadIdx.x`). Verify's default is y over M.
    const body = fn.bodySpan ? facts.text.slice(fn.bodySpan.start, fn.bodySpan.end) : '';
    const esc = (x: string) => x.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const row = new RegExp(`\\b([A-Za-z_]\\w*)\\s*<\\s*\\(?\\s*${esc(g.m.expr)}\\s*\\)?\\s*(?:&&|\\)|\\|\\|)`).exec(body)?.[1];
    const def = row ? new RegExp(`\\b${esc(row)}\\s*=\\s*([^;]*);`).exec(body)?.[1] : undefined;
    const axis = def ? /\b(?:blockIdx|threadIdx)\.([xy])\b/.exec(def)?.[1] : undefined;
    return axis === 'x' ? { ...g, cudaLaunch: { block: [16, 16], mAxis: 'x' } } : g;
  }
  if (LAUNCHABLE.has(g.form)) {
    // A shared-memory tiled kernel loads T × T tiles with a T × T block: T from its square
    // shared tiles (`__shared__ float As[T][T]`, T a literal or a constant).
    // T may be a template parameter: of the kernel, bound by its one instantiation in the
    // file, or of the `__device__` helper the product was read in, bound by the kernel's call
    // (`tiled<16>(C, A, B, …)`).
    const site = g.site;
    const helper = site && (site.start < fn.span.start || site.end > fn.span.end) ? facts.functions().find((f) => f !== fn && f.bodySpan && f.span.start <= site.start && site.end <= f.span.end) : undefined;
    const owner = helper ?? fn;
    const bound: Record<string, string> = {};
    const params = templateParams(owner);
    if (params && helper) {
      const body = fn.bodySpan ? facts.text.slice(fn.bodySpan.start, fn.bodySpan.end) : '';
      const call = new RegExp(`\\b${helper.name}\\s*<([^<>;]*)>\\s*\\(`).exec(body);
      const args = call ? splitTopLevelList(call[1]!) : [];
      params.forEach((q, i) => {
        if (args[i] !== undefined) bound[q.name] = args[i]!.trim();
      });
    } else if (params) Object.assign(bound, instantiation(facts, facts.text, fn) ?? {});
    const sideIn = (b: Record<string, string>) => (d: string) => {
      const t = (b[d.trim()] ?? d).trim();
      if (/^\d+$/.test(t)) return Number(t);
      const c = /^[A-Za-z_]\w*$/.test(t) ? facts.preproc.constant(t) : undefined;
      return c && !c.float && Number.isInteger(c.value) ? c.value : undefined;
    };
    // (A double-buffered kernel's tiles are `As[2][T][T]`: the last two extents.)
    const tilesIn = (b: Record<string, string>) => owner.sharedArrays.filter((a) => !a.isExtern && (a.dims.length === 2 || a.dims.length === 3)).map((a) => a.dims.slice(-2).map(sideIn(b)));
    const squareSide = (ts: Array<Array<number | undefined>>) => {
      const t = ts[0]?.[0];
      return t && t >= 1 && t <= 32 && ts.every((d) => d[0] === t && d[1] === t) ? t : undefined;
    };
    const tiles = tilesIn(bound);
    // A template kernel launched with several tile sizes: one block per instantiation.
    const many = params && !helper && !Object.keys(bound).length ? kernelInstantiations(facts, facts.text, fn) : undefined;
    const instances = many && 'bindings' in many && many.bindings.length > 1 ? many.bindings.map((b) => ({ typeArgs: { ...b }, t: squareSide(tilesIn(b)) })) : undefined;
    const t = tiles[0]?.[0];
    // `for (… t < K / T; …)` walks whole tiles only: the CUDA leaves out the remainder of K.
    const body = owner.bodySpan ? facts.text.slice(owner.bodySpan.start, owner.bodySpan.end) : '';
    const kName = g.k.expr.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const floorTiles = new RegExp(`<\\s*\\(?\\s*${kName}\\s*\\)?\\s*/\\s*[A-Za-z_0-9]+\\s*;`).test(body);
    if (floorTiles) return { ...g, unknowns: [...g.unknowns, `K: the tile loop runs ${g.k.expr} / T whole tiles, so the CUDA leaves out the rest of K when it is not a multiple of the tile; a port of the whole product would not compute what the CUDA computes`] };
    // Producer and consumer threads (a block-scope `cuda::pipeline` with roles): the block has
    // more threads than the T × T tile, in a shape only the launch says.
    if (/\bpipeline_role\b|\bpipeline_shared_state\b/.test(body)) return { ...g, unknowns: [...g.unknowns, 'the CUDA block of a GEMM that splits its threads into producers and consumers (`cuda::pipeline_role`): it is not the T × T of its tiles, and verify has no model of block-scope pipelines; the Matmul port is not claimed complete until it is verified'] };
    if (instances && instances.every((i) => i.t !== undefined)) {
      const first = instances[0]!.t!;
      return { ...g, cudaLaunch: { block: [first, first], tile: [first, first], mAxis: 'y', instances: instances.map((i) => ({ typeArgs: i.typeArgs, block: [i.t!, i.t!], tile: [i.t!, i.t!] })) } };
    }
    if (squareSide(tiles)) return { ...g, cudaLaunch: { block: [t!, t!], tile: [t!, t!], mAxis: 'y' } };
    return { ...g, unknowns: [...g.unknowns, 'the CUDA block of a shared-memory tiled GEMM: its shared tiles are not square T × T arrays with a constant T, so verify cannot launch the CUDA side; the Matmul port is not claimed complete until it is verified'] };
  }
  return { ...g, unknowns: [...g.unknowns, `the CUDA launch geometry of a ${g.form} GEMM (its grid and block follow its tile constants), which verify needs to run the CUDA side; the Matmul port is not claimed complete until it is verified`] };
}
