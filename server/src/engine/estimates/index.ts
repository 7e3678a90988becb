/**
 * Per-kernel Cube/Vector estimates and per-launch hints for one document: classification,
 * shapes (annotation → folded constants → defaults), the model, and the text the editor
 * shows (code lens line, hover breakdown, inlay hint). Pure: plain data out.
 */
import { FileFacts, type LaunchSite } from '../model/facts';
import type { FunctionModel } from '../model/kernels';
import { compileKernel } from '../port/pipeline';
import { streamTiling } from '../port/tiling';
import { instanceOfLaunch, isAscendLaunch } from '../port/launch';
import { kernelNode } from '../port/recognize';
import type { ParsedDocument } from '../syntax/document';
import type { Target } from '../target';
import type { Position, Range } from '../types';
import { classifyKernel, type Classification } from './classify';
import { profileFor, type CubeDType, type HardwareOverrides, type HardwareProfile } from './hardware';
import { cubeEstimate, formatCount, formatPercent, formatTime, vectorEstimate, type CubeEstimate, type VectorEstimate } from './model';
import { constantTable, evalConst, findAnnotation, type ShapeValue } from './shapes';

export interface EstimateDefaults {
  n: number;
  M: number;
  N: number;
  K: number;
}

export const DEFAULT_SHAPES: EstimateDefaults = { n: 1 << 20, M: 1024, N: 1024, K: 1024 };

export interface EstimateConfig {
  target: Target;
  defaults?: Partial<EstimateDefaults>;
  hardware?: HardwareOverrides;
}

export interface KernelEstimate {
  kernel: string;
  range: Range;
  nameRange: Range;
  soc: string;
  classification: Classification['kind'];
  reason: string;
  estimate: CubeEstimate | VectorEstimate;
  shapes: Record<string, ShapeValue>;
  dtype: string;
  /** Some shape came from the defaults. */
  assumed: boolean;
  lens: string;
  hover: string;
}

export interface LaunchHint {
  kernel: string;
  position: Position;
  label: string;
  tooltip: string;
}

export interface DocumentEstimates {
  kernels: KernelEstimate[];
  launches: LaunchHint[];
}

const CUBE_TYPES = new Set(['half', 'bfloat16', 'int8', 'float']);

export function estimateDocument(doc: ParsedDocument, config: EstimateConfig): DocumentEstimates {
  const facts = FileFacts.of(doc);
  const hw = profileFor(config.target.soc, config.hardware);
  const defaults = { ...DEFAULT_SHAPES, ...config.defaults };
  const consts = constantTable(doc.text);
  // The preprocessor's view wins: the active definition of each object-like macro (from
  // included headers too), and `constexpr`s of headers.
  for (const [name, m] of facts.preproc.macros) if (!m.params && m.body) consts.set(name, m.body);
  for (const [name, c] of facts.preproc.constants) if (c.file !== undefined && !consts.has(name)) consts.set(name, c.value);
  // Both forms: a wrapper launch's configuration and arguments fold like a `<<<>>>` launch's.
  const launches = facts.launches();
  const kernels: KernelEstimate[] = [];
  const byName = new Map<string, { fn: FunctionModel; cls: Classification; n?: ShapeValue }>();
  for (const fn of facts.functions()) {
    if (fn.kind !== 'global' || !fn.bodySpan) continue;
    // Generated or hand-written Ascend C (`__global__ __aicore__`) is already ported: no CUDA estimate.
    if (/\b__aicore__\b/.test(doc.text.slice(fn.span.start, fn.bodySpan.start))) continue;
    const cls = classifyKernel(facts, doc.text, fn, kernelNode(facts, fn), config.target);
    const est = estimateKernel(facts, doc, fn, cls, hw, defaults, consts, launches.filter((l) => l.kernel === fn.name));
    kernels.push(est);
    byName.set(fn.name, { fn, cls, n: est.shapes.n });
  }
  const launchHints: LaunchHint[] = [];
  for (const l of launches) {
    const k = byName.get(l.kernel);
    if (!k || isAscendLaunch(l)) continue;
    const cores = k.cls.kind === 'cube' ? hw.cubeCores.value : hw.vectorCores.value;
    const coreText = Number.isFinite(cores) ? String(cores) : '?';
    let label = `→ Ascend: ${coreText} ${k.cls.kind === 'cube' ? 'AIC' : 'cores'}`;
    let tooltip = `Ascend C launches take a 1-D core count: about one block per ${k.cls.kind === 'cube' ? 'cube core' : 'vector core'} of ${config.target.soc} (${coreText}, ${k.cls.kind === 'cube' ? hw.cubeCores.source : hw.vectorCores.source}).`;
    const verdict = compileKernel(facts, doc.text, k.fn, config.target);
    // A template kernel with several instantiations: the tiling of this launch's own instantiation.
    const inst = verdict.kind === 'complete' && verdict.instances ? instanceOfLaunch(facts, doc.text, k.fn, verdict, l) : null;
    if (verdict.kind === 'complete' && verdict.instances && !inst) {
      label = `→ Ascend: one port per instantiation (${verdict.instances.map((i) => i.lowered.abi.launch.fn).join(', ')})`;
      tooltip = 'This launch makes several instantiations of the kernel (it sits in a template function); each has its own port and tiling.';
    } else if (verdict.kind === 'complete' && verdict.plan.schedule === 'matmul') {
      // The Matmul port: its host tiling (MultiCoreMatmulTiling) splits C over the cube cores.
      tooltip = `The port is a Matmul kernel on the Cube unit: its host tiling (MultiCoreMatmulTiling) splits C over the ${coreText} cube cores (AIC) of ${config.target.soc}.`;
    } else if (verdict.kind === 'complete') {
      // The port's own tiling (its HostAbi and plan): the same arithmetic as its MakeTiling and NumBlocks.
      const plan = inst?.plan ?? verdict.plan;
      const abi = (inst?.lowered ?? verdict.lowered).abi;
      const length = (inst?.program ?? verdict.program).schedule.length;
      const n = foldAt(facts, doc.text, k.fn, length, l, consts);
      if (n !== null && n > 0) {
        const t = streamTiling(plan, n, abi.launch.cores);
        label = `→ Ascend: numBlocks=${t.numBlocks}, ${t.blockLength} per core, tile ${t.tileLength}`;
        tooltip = `With ${length} = ${n}: ${t.numBlocks} cores × ${t.blockLength} elements (a multiple of ${plan.align}, 32 bytes; the last core may have fewer), in tiles of up to ${plan.maxTile} elements that fit the UB (${plan.ubBytesPerElement} bytes per element, ${plan.bufferNum === 2 ? 'double-buffered' : 'single-buffered'}).`;
      } else {
        label = `→ Ascend: numBlocks≤${abi.launch.cores}, tile≤${plan.maxTile}`;
        tooltip = `The element count \`${length}\` is not a constant here; the port's host tiling computes it at run time (tiles of up to ${plan.maxTile} elements).`;
      }
    }
    // After `<<<…>>>`, or after the wrapper's configuration argument.
    launchHints.push({ kernel: l.kernel, position: doc.lines.positionAt(l.form === 'chevron' ? l.configSpan.end : l.configArgsSpan.end), label, tooltip });
  }
  return { kernels, launches: launchHints };
}

/** The value of `expr` (over the kernel's parameters) at one launch, or null. */
function foldAt(facts: FileFacts, text: string, fn: FunctionModel, expr: string, launch: LaunchSite, consts: Map<string, string>): number | null {
  const table = new Map(consts);
  // Constants declared in the launching function (before the launch) win over file-level ones.
  const scope = facts.enclosingFunction(launch.span.start)?.bodySpan;
  for (const m of (scope ? text.slice(scope.start, launch.span.start) : '').matchAll(/\b(?:constexpr|const)?\s*(?:int|long|size_t|int32_t|int64_t|uint32_t|uint64_t|auto)\s+([A-Za-z_]\w*)\s*=\s*([^;]+);/g)) table.set(m[1]!, m[2]!.trim());
  // Parameters become the launch's arguments first, then the arguments fold against the constants.
  const args = new Map(fn.params.map((p, i) => [p.name, launch.args[i]?.text.trim()]));
  // An unguarded kernel's count is the launch's grid × block.
  const [grid, block] = launch.config.map((c) => c.text.trim());
  const substituted = expr
    .replace(/\b(?:gridDim|blockDim)\.x\b|\b[A-Za-z_]\w*\b/g, (id) => {
      if (id === 'gridDim.x') return grid ? `(${grid})` : id;
      if (id === 'blockDim.x') return block ? `(${block})` : id;
      return args.get(id) !== undefined ? `(${args.get(id)})` : id;
    });
  const v = evalConst(substituted, table, 0, false);
  return v !== null && v > 0 ? v : null;
}

function shape(name: string, annotation: ReturnType<typeof findAnnotation>, folded: () => { value: number; detail: string } | null, fallback: number): ShapeValue {
  const a = annotation?.values[name];
  if (a !== undefined) return { value: a, source: 'annotation', detail: `line ${annotation!.line + 1}` };
  const f = folded();
  if (f) return { value: f.value, source: 'folded', detail: f.detail };
  return { value: fallback, source: 'default', detail: `ascendPort.estimates.defaults.${name}` };
}

function estimateKernel(facts: FileFacts, doc: ParsedDocument, fn: FunctionModel, classification: Classification, hw: HardwareProfile, defaults: EstimateDefaults, consts: Map<string, string>, launches: LaunchSite[]): KernelEstimate {
  let cls = classification;
  const annotation = findAnnotation(doc.text, fn.span.start, fn.bodySpan!.end);
  const fold = (expr: string | undefined) => () => {
    if (!expr) return null;
    for (const l of launches) {
      const v = foldAt(facts, doc.text, fn, expr, l, consts);
      if (v !== null) return { value: v, detail: `\`${expr}\` at the launch on line ${doc.lines.positionAt(l.span.start).line + 1}` };
    }
    return null;
  };
  const range = doc.lines.range(fn.span);
  const nameRange = doc.lines.range(fn.nameSpan);
  const soc = hw.soc;
  let estimate: CubeEstimate | VectorEstimate;
  const shapes: Record<string, ShapeValue> = {};
  let dtype: string;
  if (cls.kind === 'cube') {
    shapes.M = shape('M', annotation, fold(cls.gemm?.m), defaults.M);
    shapes.N = shape('N', annotation, fold(cls.gemm?.n), defaults.N);
    shapes.K = shape('K', annotation, fold(cls.gemm?.k), defaults.K);
    dtype = annotation?.dtype && CUBE_TYPES.has(annotation.dtype) ? annotation.dtype : cls.dtype;
    if (!Number.isFinite(hw.macsPerCycle[dtype as CubeDType].value) && Number.isFinite(hw.macsPerCycle.half.value)) {
      cls = { ...cls, reason: `${cls.reason}; ${soc} has no ${dtype} Cube path (${hw.macsPerCycle[dtype as CubeDType].source}), so it is estimated in half: cast the inputs` };
      dtype = 'half';
    }
    estimate = cubeEstimate(hw, shapes.M.value, shapes.N.value, shapes.K.value, dtype as CubeDType);
  } else {
    shapes.n = shape('n', annotation, fold(cls.bound), defaults.n);
    dtype = annotation?.dtype === 'half' || annotation?.dtype === 'float' ? annotation.dtype : cls.dtype === 'half' ? 'half' : 'float';
    estimate = vectorEstimate(hw, shapes.n.value, dtype as 'half' | 'float', cls.ops, cls.bytesPerElement);
  }
  const assumed = Object.values(shapes).some((s) => s.source === 'default');
  const annotated = Object.values(shapes).some((s) => s.source === 'annotation');
  const memoryName = soc.startsWith('Ascend910') ? 'HBM' : 'memory';
  const boundLabel =
    estimate.bound === 'unknown'
      ? `needs ${estimate.missing.join(', ')}`
      : estimate.bound === 'memory'
        ? `${memoryName}-bound`
        : estimate.bound === 'compute'
          ? 'Cube-bound'
          : 'vector-bound';
  const shapeText = cls.kind === 'cube' ? `${shapes.M!.value}×${shapes.N!.value}×${shapes.K!.value} ${dtype}` : `n=${formatCount(shapes.n!.value)}`;
  // Matrix shapes written for a kernel estimated as a vector kernel do not apply; say so instead of dropping them silently.
  const ignored = cls.kind === 'cube' ? [] : ['M', 'N', 'K'].filter((k) => annotation?.values[k] !== undefined);
  const suffix = assumed ? ` (assumed${ignored.length ? `; ${ignored.join('/')} ignored` : ''})` : annotated ? ' (annotated)' : ignored.length ? ` (${ignored.join('/')} ignored)` : '';
  const head = cls.kind === 'scalar' ? `${soc} · scalar-heavy · Cube 0%` : `${soc} · Cube ${formatPercent(estimate.cubeUtilization)}`;
  // Without the hardware figures there is no time to show: the lens says so briefly and the hover lists what is missing.
  const lens =
    estimate.bound === 'unknown'
      ? `${soc} · ${cls.kind === 'cube' ? 'Cube-eligible' : cls.kind === 'scalar' ? 'scalar-heavy' : 'vector'} · no estimate: hardware figures unknown (hover)`
      : `${head} · ${boundLabel} · ≈ ${formatTime(estimate.timeUs)}${cls.kind === 'scalar' ? ' (vector lower bound)' : ''} @ ${shapeText}${suffix}`;
  const notes: string[] = [];
  if (estimate.bound === 'unknown') notes.push(`**Missing for ${soc}**: ${estimate.missing.join(', ')}. Set measured figures in \`ascendPort.estimates.hardware\` (docs/estimates.md).`);
  if (ignored.length) notes.push(`**${ignored.join(', ')} ignored**: this kernel is estimated as a ${cls.kind} kernel over \`n\` elements (${cls.reason}); write \`n=…\` in the annotation.`);
  return { kernel: fn.name, range, nameRange, soc, classification: cls.kind, reason: cls.reason, estimate, shapes, dtype, assumed, lens, hover: hoverText(fn.name, cls, estimate, shapes, hw, lens, notes) };
}

const fig = (f: { value: number; unit: string; source: string; confirmed: boolean }) => `${Number.isFinite(f.value) ? f.value : 'unknown'} ${f.unit}${f.confirmed ? '' : ' (unconfirmed)'} — ${f.source}`;

function hoverText(name: string, cls: Classification, e: CubeEstimate | VectorEstimate, shapes: Record<string, ShapeValue>, hw: HardwareProfile, lens: string, notes: string[] = []): string {
  const rows: string[] = [];
  const row = (k: string, v: string) => rows.push(`| ${k} | ${v.replace(/\|/g, '\\|')} |`);
  for (const [k, s] of Object.entries(shapes)) row(k, `${s.value} (${s.source}${s.detail ? `: ${s.detail}` : ''})`);
  if (e.kind === 'cube') {
    const k0 = hw.k0[e.dtype];
    row('fractal padding efficiency', `${formatPercent(e.paddingEfficiency)} = MNK / (⌈M/16⌉·16 · ⌈N/16⌉·16 · ⌈K/${k0}⌉·${k0})`);
    row('core waves', `${e.tiles} base tiles over ${hw.cubeCores.value} AIC = ${e.waves} waves → ${formatPercent(e.waveEfficiency)}`);
    row('ideal Cube time', `${formatTime(e.idealComputeUs)} = MNK / (${hw.macsPerCycle[e.dtype].value} MAC/cycle × ${hw.cubeCores.value} × ${hw.clockMHz.value} MHz)`);
    row('Cube time with losses', formatTime(e.computeUs));
    row('memory time', `${formatTime(e.memoryUs)} = ${(e.bytes / 1e6).toFixed(1)} MB / ${hw.bandwidthGBs.value} GB/s`);
    row('arithmetic intensity', `${e.arithmeticIntensity.toFixed(0)} FLOP/byte (ridge ${Number.isFinite(e.ridge) ? e.ridge.toFixed(0) : '?'})`);
  } else {
    row('op mix per element', `${e.ops.simple} add/mul-class, ${e.ops.transcendental} exp/ln/sqrt/div-class${cls.opsExact ? '' : ' (counted from the source text)'}`);
    row('vector time', `${formatTime(e.vectorUs)} on ${hw.vectorCores.value} cores at ${hw.clockMHz.value} MHz (${hw.vectorElemsPerCycle.simple[e.dtype].value} / ${hw.vectorElemsPerCycle.transcendental[e.dtype].value} ${e.dtype} per cycle)`);
    row('memory time', `${formatTime(e.memoryUs)} = ${e.bytesPerElement} B/element × n / ${hw.bandwidthGBs.value} GB/s`);
  }
  row('estimate', `${formatTime(e.timeUs)}, ${e.bound}-bound, Cube ${formatPercent(e.cubeUtilization)}`);
  return [
    `**${name}**: ${lens}`,
    '',
    ...notes.flatMap((n) => [n, '']),
    `${cls.kind === 'cube' ? 'Cube-eligible' : cls.kind === 'scalar' ? 'Scalar-heavy' : 'Vector'}: ${cls.reason}.`,
    '',
    '| input / factor | value |',
    '|---|---|',
    ...rows,
    '',
    `Hardware: ${hw.soc} — cores ${fig(e.kind === 'cube' ? hw.cubeCores : hw.vectorCores)}; clock ${fig(hw.clockMHz)}; bandwidth ${fig(hw.bandwidthGBs)}.`,
    '',
    'Not modelled: L2 reuse, pipeline bubbles, scalar overhead, launch latency. Set shapes with `// ascend-port: assume M=… N=… K=… n=… dtype=…` above the kernel. See docs/estimates.md.',
  ].join('\n');
}

export { profileFor, HARDWARE, type HardwareOverrides, type HardwareProfile } from './hardware';
export { cubeEstimate, vectorEstimate, type CubeEstimate, type VectorEstimate } from './model';
