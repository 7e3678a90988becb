/**
 * The estimate model, pure arithmetic (docs/estimates.md states every formula and what it
 * ignores).
 *
 * Cube kernels (M, N, K, dtype):
 *   padding efficiency = MNK / (⌈M/16⌉·16 · ⌈N/16⌉·16 · ⌈K/k0⌉·k0)
 *   wave efficiency    = tiles / (⌈tiles / AIC⌉ · AIC),  tiles = ⌈M/baseM⌉·⌈N/baseN⌉
 *   ideal compute time = MNK / (MAC/cycle · AIC · f)
 *   compute time       = ideal / (padding · wave)
 *   memory time        = (M·K + K·N)·in bytes + M·N·out bytes, over the bandwidth
 *   time = max(compute, memory); Cube utilisation = ideal / time
 *
 * Vector kernels (n elements, an op mix, bytes per element):
 *   vector time = Σ ops·n / (elements/cycle · vector cores · f);  memory time = bytes·n / bandwidth
 *   Cube utilisation is 0.
 */
import type { CubeDType, HardwareProfile, OpClass, VecDType } from './hardware';

/** Default base tile of one cube core: see docs/estimates.md for why. */
export const BASE_TILE: Record<CubeDType, { m: number; n: number; k: number }> = {
  half: { m: 128, n: 256, k: 64 },
  bfloat16: { m: 128, n: 256, k: 64 },
  int8: { m: 128, n: 256, k: 128 },
  float: { m: 128, n: 256, k: 32 },
};

export const BYTES: Record<CubeDType, number> = { half: 2, bfloat16: 2, int8: 1, float: 4 };
/** Output element of a cube GEMM: int8 accumulates into int32; others keep their type. */
export const OUT_BYTES: Record<CubeDType, number> = { half: 2, bfloat16: 2, int8: 4, float: 4 };

export type Bound = 'compute' | 'memory' | 'unknown';

export interface CubeEstimate {
  kind: 'cube';
  m: number;
  n: number;
  k: number;
  dtype: CubeDType;
  paddingEfficiency: number;
  tiles: number;
  waves: number;
  waveEfficiency: number;
  idealComputeUs: number;
  computeUs: number;
  memoryUs: number;
  bytes: number;
  flops: number;
  /** FLOP per byte of the minimum traffic, and the chip's ridge point (peak FLOP/s ÷ bandwidth). */
  arithmeticIntensity: number;
  ridge: number;
  timeUs: number;
  cubeUtilization: number;
  bound: Bound;
  /** Figures the estimate needed but the profile does not have. */
  missing: string[];
}

export interface VectorEstimate {
  kind: 'vector';
  n: number;
  dtype: VecDType;
  ops: Record<OpClass, number>;
  bytesPerElement: number;
  vectorUs: number;
  memoryUs: number;
  timeUs: number;
  cubeUtilization: 0;
  bound: 'vector' | 'memory' | 'unknown';
  missing: string[];
}

const ceil = Math.ceil;

export function cubeEstimate(hw: HardwareProfile, m: number, n: number, k: number, dtype: CubeDType): CubeEstimate {
  const missing: string[] = [];
  const need = (name: string, v: number) => (Number.isFinite(v) ? v : (missing.push(name), Number.NaN));
  const macs = need(`${dtype} MAC/cycle`, hw.macsPerCycle[dtype].value);
  const cores = need('cube core count', hw.cubeCores.value);
  const hz = need('clock', hw.clockMHz.value) * 1e6;
  const bw = need('memory bandwidth', hw.bandwidthGBs.value) * 1e9;
  const k0 = hw.k0[dtype];
  const paddingEfficiency = (m * n * k) / (ceil(m / 16) * 16 * ceil(n / 16) * 16 * ceil(k / k0) * k0);
  const base = BASE_TILE[dtype];
  const tiles = ceil(m / base.m) * ceil(n / base.n);
  const waves = Number.isFinite(cores) ? ceil(tiles / cores) : Number.NaN;
  const waveEfficiency = tiles / (waves * cores);
  const idealComputeUs = ((m * n * k) / (macs * cores * hz)) * 1e6;
  const computeUs = idealComputeUs / (paddingEfficiency * waveEfficiency);
  const bytes = (m * k + k * n) * BYTES[dtype] + m * n * OUT_BYTES[dtype];
  const memoryUs = (bytes / bw) * 1e6;
  const flops = 2 * m * n * k;
  const timeUs = Math.max(computeUs, memoryUs);
  const bound: Bound = missing.length ? 'unknown' : computeUs >= memoryUs ? 'compute' : 'memory';
  return {
    kind: 'cube',
    m,
    n,
    k,
    dtype,
    paddingEfficiency,
    tiles,
    waves,
    waveEfficiency,
    idealComputeUs,
    computeUs,
    memoryUs,
    bytes,
    flops,
    arithmeticIntensity: flops / bytes,
    ridge: (2 * macs * cores * hz) / bw,
    timeUs,
    cubeUtilization: idealComputeUs / timeUs,
    bound,
    missing,
  };
}

export function vectorEstimate(hw: HardwareProfile, n: number, dtype: VecDType, ops: Record<OpClass, number>, bytesPerElement: number): VectorEstimate {
  const missing: string[] = [];
  const need = (name: string, v: number) => (Number.isFinite(v) ? v : (missing.push(name), Number.NaN));
  const cores = need('vector core count', hw.vectorCores.value);
  const hz = need('clock', hw.clockMHz.value) * 1e6;
  const bw = need('memory bandwidth', hw.bandwidthGBs.value) * 1e9;
  const cyclesPerCore = (ops.simple * n) / hw.vectorElemsPerCycle.simple[dtype].value + (ops.transcendental * n) / hw.vectorElemsPerCycle.transcendental[dtype].value;
  const vectorUs = (cyclesPerCore / (cores * hz)) * 1e6;
  const memoryUs = ((bytesPerElement * n) / bw) * 1e6;
  const timeUs = Math.max(vectorUs, memoryUs);
  return {
    kind: 'vector',
    n,
    dtype,
    ops,
    bytesPerElement,
    vectorUs,
    memoryUs,
    timeUs,
    cubeUtilization: 0,
    bound: missing.length ? 'unknown' : vectorUs >= memoryUs ? 'vector' : 'memory',
    missing,
  };
}

/** 1048576 → "2^20", 4096 → "4096", 1000 → "1000". */
export function formatCount(v: number): string {
  if (v >= 65536 && Number.isInteger(Math.log2(v))) return `2^${Math.log2(v)}`;
  return String(v);
}

/** Microseconds for humans: "9.1 µs", "1.2 ms", "140 ns". */
export function formatTime(us: number): string {
  if (!Number.isFinite(us)) return '? µs';
  if (us >= 1000) return `${(us / 1000).toFixed(us >= 10000 ? 0 : 1)} ms`;
  if (us < 1) return `${Math.round(us * 1000)} ns`;
  return `${us.toFixed(us >= 100 ? 0 : 1)} µs`;
}

export function formatPercent(x: number): string {
  if (!Number.isFinite(x)) return '?%';
  return `${(x * 100).toFixed(x >= 0.995 || x === 0 ? 0 : 1).replace(/\.0$/, '')}%`;
}
