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
 * of a block's X × Y tile (the block is X / t by Y / t' threads). Any other form takes the
 * geometry its launches in the file write (`launchGeometry`): a constant block and a grid that
 * covers M and N in constant tiles.
 */
import type { FileFacts } from '../../model/facts';
import type { GemmDescription, GemmExtent, GemmForm } from '../../model/gemm';
import { detectGemm } from '../../model/gemmDetect';
import type { FunctionModel } from '../../model/kernels';
import { matchBracket } from '../../model/scan';
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
    const floorTiles = new RegExp(`<\\s*\\(?\\s*${kName}\\s*\\)?\\s*/\\s*([A-Za-z_0-9]+)\\s*;`).exec(body);
    if (floorTiles) {
      // The CUDA sums the first ⌊K / T⌋ · T products: so does the port, its K that expression
      // (A's rows stay K long: a block of a larger A). Verify runs multiples of the tile.
      const per = sideIn(bound)(floorTiles[1]!);
      const side = squareSide(tiles);
      // A remainder the kernel handles itself would make it the whole product: not read.
      const remainder = walksRest(body, g.k.expr.trim());
      if (!instances && !remainder && side !== undefined && per === side && g.k.kind === 'param' && /^[A-Za-z_]\w*$/.test(g.k.expr.trim())) {
        const K = g.k.expr.trim();
        return { ...g, k: { kind: 'param', expr: `${K} / ${side} * ${side}` }, cudaLaunch: { block: [side, side], tile: [side, side], mAxis: 'y', kWhole: { param: K, tile: side } } };
      }
      const why = remainder ? `and the kernel handles the rest of K itself (a loop up to ${g.k.expr}, or \`${g.k.expr} %\`), which the detector does not read` : `which is not the side of its square shared tiles; the CUDA leaves out the rest of K in steps the port does not read`;
      return { ...g, unknowns: [...g.unknowns, `K: the tile loop runs ${g.k.expr} / ${floorTiles[1]} whole tiles, ${why}`] };
    }
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
  const read = g.form === 'mma' ? undefined : launchGeometry(facts, fn, g);
  if (read) return read;
  return { ...g, unknowns: [...g.unknowns, `the CUDA launch geometry of a ${g.form} GEMM (its grid and block follow its tile constants), which verify needs to run the CUDA side; the Matmul port is not claimed complete until it is verified`] };
}

/**
 * The CUDA launch of a product as every launch of it in this file writes it: a constant block
 * (x, y; z 1) and a grid whose x and y fields each cover M or N in tiles of a constant X:
 * `(E + X - 1) / X` or `ceil_div(E, X)` (the ragged last tile included), E the launch's
 * argument for the kernel's M or N parameter. A field `E / X` covers whole tiles only: read for
 * an extent only the launch knows (no bound check: M = gridDim × X), and for the N parameter as
 * the product of ⌊N / X⌋ · X columns the CUDA computes, B's and C's rows staying N long
 * (`cudaLaunch.nWhole`); refused for the M parameter. Undefined when any launch reads otherwise,
 * or the kernel is named anywhere but its launches.
 */
function launchGeometry(facts: FileFacts, fn: FunctionModel, g: GemmDescription): GemmDescription | undefined {
  const sites = facts.launchesOf(fn.name);
  const blocks = facts.launchBlocks(fn);
  if (!sites.length || g.batch || blocks.length !== sites.length || blocks.some((b) => !b.block || b.block.join() !== blocks[0]!.block!.join())) return undefined;
  const [bx, by, bz] = blocks[0]!.block!;
  if (bz !== 1) return undefined;
  const body = fn.bodySpan ? facts.text.slice(fn.bodySpan.start, fn.bodySpan.end) : '';
  const norm = (t: string) => {
    let x = t.replace(/\s+/g, '');
    while (/^\((.*)\)$/.test(x) && matchBracket(x, 0) === x.length - 1) x = x.slice(1, -1);
    return x;
  };
  const paramAt = (e: GemmExtent) => (e.kind === 'param' && /^[A-Za-z_]\w*$/.test(e.expr.trim()) ? fn.params.findIndex((p) => p.name === e.expr.trim()) : -1);
  const mAt = paramAt(g.m);
  const nAt = paramAt(g.n);
  const mFromLaunch = g.m.kind === 'launch' && !g.m.grid && g.unknowns.includes(M_UNKNOWN);
  if ((mAt < 0 && !mFromLaunch) || nAt < 0) return undefined;
  let found: { mAxis: 'x' | 'y'; tile: [number, number]; nWhole: boolean } | undefined;
  for (const site of sites) {
    if (site.form !== 'chevron' || site.args.length !== fn.params.length || site.config.length < 2) return undefined;
    const fields = facts.launchFields(site.config[0]!.text, site.span.start);
    if (!fields || fields.length < 2 || fields.length > 3 || (fields[2] !== undefined && facts.integerConstant(fields[2]) !== 1)) return undefined;
    const cover = (field: string): { e: string; x: number; whole: boolean } | undefined => {
      const f = norm(field);
      const call = /^\w*(?:ceil_?div|div_?up|cdiv|DIV_UP|CEIL_DIV|iDivUp|CeilDiv)\w*\((.+),([^,]+)\)$/i.exec(f);
      if (call) {
        const x = facts.integerConstant(call[2]!);
        return x ? { e: norm(call[1]!), x, whole: false } : undefined;
      }
      const slash = f.lastIndexOf('/');
      if (slash < 0) return undefined;
      const x = facts.integerConstant(f.slice(slash + 1));
      if (!x) return undefined;
      const num = norm(f.slice(0, slash));
      for (const tail of [`+${f.slice(slash + 1)}-1`, `+(${f.slice(slash + 1)}-1)`, `+${x - 1}`, `-1+${f.slice(slash + 1)}`]) if (num.endsWith(tail)) return { e: norm(num.slice(0, -tail.length)), x, whole: false };
      return { e: num, x, whole: true };
    };
    const [cx, cy] = [cover(fields[0]!), cover(fields[1]!)];
    if (!cx || !cy) return undefined;
    const nArg = norm(site.args[nAt]!.text);
    const mArg = mAt >= 0 ? norm(site.args[mAt]!.text) : undefined;
    const nAxis = cx.e === nArg ? 'x' : cy.e === nArg ? 'y' : undefined;
    if (!nAxis) return undefined;
    const mAxis = nAxis === 'x' ? 'y' : 'x';
    const cm = mAxis === 'x' ? cx : cy;
    const cn = nAxis === 'x' ? cx : cy;
    // A parameter extent in whole tiles only: the CUDA leaves out its remainder. For N that is a
    // product of ⌊N / X⌋ · X columns in rows N long (the port's leading dimensions); an M parameter
    // in whole tiles is refused. (M without a bound check is whatever the grid covers, gridDim × its
    // tile, ragged or not.)
    const nWhole = cn.whole;
    // (Unless the kernel walks the rest of N itself: then it is not read.)
    if (nWhole && walksRest(body, fn.params[nAt]!.name)) return undefined;
    if (mArg !== undefined && (cm.e !== mArg || cm.whole)) return undefined;
    const tile: [number, number] = [cx.x, cy.x];
    if (found && (found.mAxis !== mAxis || found.tile.join() !== tile.join() || found.nWhole !== nWhole)) return undefined;
    found = { mAxis, tile, nWhole };
  }
  if (!found) return undefined;
  const out: GemmDescription = { ...g, cudaLaunch: { block: [bx, by], tile: found.tile, mAxis: found.mAxis } };
  if (found.nWhole) {
    const per = found.mAxis === 'x' ? found.tile[1] : found.tile[0];
    const param = g.n.expr.trim();
    out.n = { kind: 'param', expr: `${param} / ${per} * ${per}` };
    out.cudaLaunch = { ...out.cudaLaunch!, nWhole: { param, tile: per } };
  }
  if (mFromLaunch) {
    // No bound check on M: it is what the grid covers, gridDim × the tile along M.
    const perBlock = found.mAxis === 'x' ? found.tile[0] : found.tile[1];
    out.m = { kind: 'launch', expr: `gridDim.${found.mAxis} * ${perBlock}`, grid: { axis: found.mAxis, perBlock } };
    out.unknowns = g.unknowns.filter((u) => u !== M_UNKNOWN);
  }
  return out;
}

const M_UNKNOWN = 'M: no bound check on the row index; only the launch knows it';

/** The body walks an extent's remainder past whole tiles itself: a loop up to `E`, or `E %`. */
function walksRest(body: string, extent: string): boolean {
  const e = extent.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\bfor\\s*\\([^;]*;[^;]*<=?\\s*\\(?\\s*${e}\\s*\\)?\\s*;|\\b${e}\\s*%`).test(body);
}

