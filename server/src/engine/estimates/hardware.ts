/**
 * Hardware profiles for the estimates: one per target, written from
 * ../shared/ref/ascend-hw.json and ascend-c.md (§2 A18 vector rates, §3.2 cube rates and
 * fractals, §6 sizes). Every figure carries its source and whether it is confirmed; a
 * figure nobody has published is NaN, and the estimate says it cannot use it. Users
 * override any figure in `ascendPort.estimates.hardware`.
 */
import type { Soc } from '../target';

export interface Figure {
  value: number;
  unit: string;
  source: string;
  confirmed: boolean;
}

export type CubeDType = 'half' | 'bfloat16' | 'int8' | 'float';
export type VecDType = 'half' | 'float';
/** Vector op classes by throughput (A18): add/mul/max-like, and exp/ln/sqrt/div-like. */
export type OpClass = 'simple' | 'transcendental';

export interface HardwareProfile {
  soc: Soc;
  /** Cube cores (AIC) on separated chips; AI Cores on coupled chips. */
  cubeCores: Figure;
  /** Cores that run vector kernels: AIV on separated chips; AI Cores on coupled chips. */
  vectorCores: Figure;
  clockMHz: Figure;
  /** Multiply-accumulates per cycle per cube core, by input type; NaN where the cube has no such path. */
  macsPerCycle: Record<CubeDType, Figure>;
  /** Fractal depth k0 = 32 bytes / sizeof(input) (A29, ini DtypeMKN). */
  k0: Record<CubeDType, number>;
  vectorElemsPerCycle: Record<OpClass, Record<VecDType, Figure>>;
  ubBytes: Figure;
  l1Bytes: Figure;
  l0aBytes: Figure;
  l0bBytes: Figure;
  l0cBytes: Figure;
  /** Device memory bandwidth, GB/s. */
  bandwidthGBs: Figure;
}

const f = (value: number, unit: string, source: string, confirmed = true): Figure => ({ value, unit, source, confirmed });
const INI = (soc: string, key: string) => `CANN 8.1.RC1 ${soc}.ini ${key} [F]`;
const unknown = (unit: string, why: string): Figure => f(Number.NaN, unit, why, false);

const K0: Record<CubeDType, number> = { half: 16, bfloat16: 16, int8: 32, float: 8 };

/** A18: 910B (A2/A3) vector throughput; elsewhere the same rates are assumed and flagged. */
function vectorRates(confirmed: boolean): HardwareProfile['vectorElemsPerCycle'] {
  const src = confirmed ? 'Vector instruction throughput table, Atlas A2/A3 [A18]' : 'A2 rates of [A18] assumed; not published for this chip';
  return {
    simple: { half: f(128, 'elements/cycle', src, confirmed), float: f(64, 'elements/cycle', src, confirmed) },
    transcendental: { half: f(32, 'elements/cycle', src, confirmed), float: f(32, 'elements/cycle', src, confirmed) },
  };
}

function a2(soc: Soc, aic: number, aiv: number, mhz: number, bw: Figure): HardwareProfile {
  const cube = 'Cube throughput table, arch 2201 [A19]';
  return {
    soc,
    cubeCores: f(aic, 'AIC', INI(soc, 'ai_core_cnt')),
    vectorCores: f(aiv, 'AIV', INI(soc, 'vector_core_cnt')),
    clockMHz: f(mhz, 'MHz', INI(soc, 'cube_freq')),
    macsPerCycle: { half: f(4096, 'MAC/cycle', cube), bfloat16: f(4096, 'MAC/cycle', cube), int8: f(8192, 'MAC/cycle', cube), float: f(1024, 'MAC/cycle', cube) },
    k0: K0,
    vectorElemsPerCycle: vectorRates(true),
    ubBytes: f(196608, 'bytes', INI(soc, 'ub_size')),
    l1Bytes: f(524288, 'bytes', INI(soc, 'l1_size')),
    l0aBytes: f(65536, 'bytes', INI(soc, 'l0_a_size')),
    l0bBytes: f(65536, 'bytes', INI(soc, 'l0_b_size')),
    l0cBytes: f(131072, 'bytes', INI(soc, 'l0_c_size')),
    bandwidthGBs: bw,
  };
}

const DDR = (soc: string, cores: number, mhz: number, confirmed: boolean) =>
  f((32 * cores * mhz) / 1000, 'GB/s', `derived: ${INI(soc, 'ddr_rate')} 32 B/cycle/core × ${cores} cores × ${mhz} MHz (the same derivation gives 207 GB/s for 310P3, within 1.2% of its published 204.8 GB/s)${confirmed ? '' : '; ddr_rate read for 910B1/B3 and assumed here'}`, confirmed);

function p310(soc: 'Ascend310P1' | 'Ascend310P3', cores: number, bw: Figure): HardwareProfile {
  return {
    soc,
    cubeCores: f(cores, 'AI Cores', INI(soc, 'ai_core_cnt')),
    vectorCores: f(cores, 'AI Cores', `${INI(soc, 'ai_core_cnt')}; the stand-alone Vector Cores are not counted`),
    clockMHz: f(1060, 'MHz', INI(soc, 'cube_freq')),
    macsPerCycle: {
      half: f(4096, 'MAC/cycle', `${INI(soc, 'DtypeMKN')} 16×16×16`),
      bfloat16: unknown('MAC/cycle', 'no bfloat16 mmad in the ini intrinsic map [F]'),
      int8: f(8192, 'MAC/cycle', `${INI(soc, 'DtypeMKN')} 16×32×16`),
      float: unknown('MAC/cycle', 'no float mmad in the ini intrinsic map [F]'),
    },
    k0: K0,
    vectorElemsPerCycle: vectorRates(false),
    ubBytes: f(262144, 'bytes', INI(soc, 'ub_size')),
    l1Bytes: f(1048576, 'bytes', INI(soc, 'l1_size')),
    l0aBytes: f(65536, 'bytes', INI(soc, 'l0_a_size')),
    l0bBytes: f(65536, 'bytes', INI(soc, 'l0_b_size')),
    l0cBytes: f(262144, 'bytes', INI(soc, 'l0_c_size')),
    bandwidthGBs: bw,
  };
}

export const HARDWARE: Readonly<Record<Soc, HardwareProfile>> = {
  Ascend910B1: a2('Ascend910B1', 24, 48, 1850, DDR('Ascend910B1', 24, 1850, true)),
  Ascend910B2: a2('Ascend910B2', 24, 48, 1800, DDR('Ascend910B2', 24, 1800, false)),
  Ascend910B3: a2('Ascend910B3', 20, 40, 1800, DDR('Ascend910B3', 20, 1800, true)),
  Ascend910B4: a2('Ascend910B4', 20, 40, 1500, DDR('Ascend910B4', 20, 1500, false)),
  Ascend910A: {
    soc: 'Ascend910A',
    cubeCores: f(32, 'AI Cores', 'third-party article [I]', false),
    vectorCores: f(32, 'AI Cores', 'third-party article [I]', false),
    clockMHz: f(977, 'MHz', 'implied by the reported 256 TFLOPS / (32 cores × 8192 FLOP/cycle) [I]; not published', false),
    macsPerCycle: {
      half: f(4096, 'MAC/cycle', 'Hot Chips 31 talk, third-party report [H]', false),
      bfloat16: unknown('MAC/cycle', 'no bfloat16 cube path found for 910A'),
      int8: f(8192, 'MAC/cycle', 'Hot Chips 31 talk, third-party report [H]', false),
      float: unknown('MAC/cycle', 'no float cube rate found for 910A'),
    },
    k0: K0,
    vectorElemsPerCycle: vectorRates(false),
    ubBytes: f(262144, 'bytes', 'first-generation Ascend910B.ini ub_size [F]', false),
    l1Bytes: f(1048576, 'bytes', 'first-generation Ascend910B.ini l1_size [F]', false),
    l0aBytes: f(65536, 'bytes', 'first-generation Ascend910B.ini [F]', false),
    l0bBytes: f(65536, 'bytes', 'first-generation Ascend910B.ini [F]', false),
    l0cBytes: f(262144, 'bytes', 'first-generation Ascend910B.ini [F]', false),
    bandwidthGBs: unknown('GB/s', 'no published or derivable figure for 910A'),
  },
  Ascend310P1: p310('Ascend310P1', 10, unknown('GB/s', 'no figure; the ddr_rate derivation was only cross-checked for 310P3')),
  Ascend310P3: p310('Ascend310P3', 8, f(207.2, 'GB/s', 'derived: Ascend310P3.ini ddr_rate × cores × clock, AI Cores and Vector Cores (8×1060 MHz×17 B + 7×1000 MHz×9 B); published 204.8 GB/s [F]')),
  Ascend950: {
    soc: 'Ascend950',
    cubeCores: unknown('AIC', 'no core count in the reference for 950'),
    vectorCores: unknown('AIV', 'no core count in the reference for 950'),
    clockMHz: unknown('MHz', 'no clock in the reference for 950'),
    macsPerCycle: {
      half: f(4096, 'MAC/cycle', 'fp16 16×16×16 per cycle, arch 3510 [A4]'),
      bfloat16: f(4096, 'MAC/cycle', 'bf16 as fp16, arch 3510 [A4]', false),
      int8: f(8192, 'MAC/cycle', 'int8 16×32×16 per cycle, arch 3510 [A4]'),
      float: unknown('MAC/cycle', 'no float cube rate in the reference for 950'),
    },
    k0: K0,
    vectorElemsPerCycle: vectorRates(false),
    ubBytes: f(262144, 'bytes', 'arch 3510 spec [A4]'),
    l1Bytes: f(524288, 'bytes', 'arch 3510 spec [A4]'),
    l0aBytes: f(65536, 'bytes', 'arch 3510 spec [A4]'),
    l0bBytes: f(65536, 'bytes', 'arch 3510 spec [A4]'),
    l0cBytes: f(262144, 'bytes', 'arch 3510 spec [A4]'),
    bandwidthGBs: unknown('GB/s', 'no bandwidth in the reference for 950'),
  },
};

/** Overridable figures, by the names users write in settings. */
export const OVERRIDE_KEYS = ['cubeCores', 'vectorCores', 'clockMHz', 'bandwidthGBs', 'macsHalf', 'macsInt8', 'macsFloat', 'macsBfloat16', 'vectorSimpleHalf', 'vectorSimpleFloat', 'vectorTranscendentalHalf', 'vectorTranscendentalFloat'] as const;
export type HardwareOverrides = Partial<Record<(typeof OVERRIDE_KEYS)[number], number>>;

export function profileFor(soc: Soc, overrides?: HardwareOverrides): HardwareProfile {
  const base = HARDWARE[soc];
  if (!overrides) return base;
  const user = (value: number | undefined, fig: Figure): Figure => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? f(value, fig.unit, 'your setting ascendPort.estimates.hardware', true) : fig);
  return {
    ...base,
    cubeCores: user(overrides.cubeCores, base.cubeCores),
    vectorCores: user(overrides.vectorCores, base.vectorCores),
    clockMHz: user(overrides.clockMHz, base.clockMHz),
    bandwidthGBs: user(overrides.bandwidthGBs, base.bandwidthGBs),
    macsPerCycle: {
      half: user(overrides.macsHalf, base.macsPerCycle.half),
      bfloat16: user(overrides.macsBfloat16, base.macsPerCycle.bfloat16),
      int8: user(overrides.macsInt8, base.macsPerCycle.int8),
      float: user(overrides.macsFloat, base.macsPerCycle.float),
    },
    vectorElemsPerCycle: {
      simple: { half: user(overrides.vectorSimpleHalf, base.vectorElemsPerCycle.simple.half), float: user(overrides.vectorSimpleFloat, base.vectorElemsPerCycle.simple.float) },
      transcendental: {
        half: user(overrides.vectorTranscendentalHalf, base.vectorElemsPerCycle.transcendental.half),
        float: user(overrides.vectorTranscendentalFloat, base.vectorElemsPerCycle.transcendental.float),
      },
    },
  };
}
