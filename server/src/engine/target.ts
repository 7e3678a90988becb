/**
 * Target hardware and toolkit. Facts come from ../shared/ref/ascend-c.md (sections 0.1,
 * 4, 6 and 7, which name their sources); each flag below names the fact it encodes.
 */

export const SOCS = [
  'Ascend910B1',
  'Ascend910B2',
  'Ascend910B3',
  'Ascend910B4',
  'Ascend910A',
  'Ascend310P1',
  'Ascend310P3',
  'Ascend950',
] as const;
export type Soc = (typeof SOCS)[number];

export const CANN_VERSIONS = ['8.x', '9.x'] as const;
export type CannVersion = (typeof CANN_VERSIONS)[number];

export interface Target {
  soc: Soc;
  cann: CannVersion;
}

export const DEFAULT_TARGET: Target = { soc: 'Ascend910B3', cann: '8.x' };

export interface SocFacts {
  /** `__NPU_ARCH__` value. */
  arch: number;
  /** Product family, as Ascend docs name it. */
  family: string;
  /** AI Cores split into separate Cube (AIC) and Vector (AIV) cores. */
  separated: boolean;
  /** SIMT API (threads, warps, `asc_shfl_*`, scalar atomics): Ascend 950 only. */
  simt: boolean;
  /** `DataCopyPad` for unaligned GM<->UB copies: A2/A3, 310B and 950; not 910A, not 310P [A20]. */
  dataCopyPad: boolean;
  /** Matmul high-level API: not on 910A. */
  matmulApi: boolean;
  /** DMA atomic max/min (`SetAtomicMax/Min`): A2/A3/950 only. */
  dmaAtomicMaxMin: boolean;
  /** Hard `SyncAll()` across cores: A2/A3/950 only. */
  hardSyncAll: boolean;
  /** Element types `SetAtomicAdd` supports for UB->GM copies. */
  dmaAtomicAddTypes: readonly string[];
}

const A2: Omit<SocFacts, 'family'> = {
  arch: 2201,
  separated: true,
  simt: false,
  dataCopyPad: true,
  matmulApi: true,
  dmaAtomicMaxMin: true,
  hardSyncAll: true,
  dmaAtomicAddTypes: ['int8_t', 'int16_t', 'half', 'bfloat16_t', 'int32_t', 'float'],
};

const P310: Omit<SocFacts, 'family'> = {
  arch: 2002,
  separated: false,
  simt: false,
  dataCopyPad: false,
  matmulApi: true,
  dmaAtomicMaxMin: false,
  hardSyncAll: false,
  dmaAtomicAddTypes: ['int16_t', 'half', 'float'],
};

export const SOC_FACTS: Readonly<Record<Soc, SocFacts>> = {
  Ascend910B1: { ...A2, family: 'Atlas A2 training/inference series' },
  Ascend910B2: { ...A2, family: 'Atlas A2 training/inference series' },
  Ascend910B3: { ...A2, family: 'Atlas A2 training/inference series' },
  Ascend910B4: { ...A2, family: 'Atlas A2 training/inference series' },
  Ascend910A: {
    arch: 1001,
    family: 'Atlas training series (first generation)',
    separated: false,
    simt: false,
    dataCopyPad: false,
    matmulApi: false,
    dmaAtomicMaxMin: false,
    hardSyncAll: false,
    dmaAtomicAddTypes: ['float'],
  },
  Ascend310P1: { ...P310, family: 'Atlas inference series' },
  Ascend310P3: { ...P310, family: 'Atlas inference series' },
  Ascend950: {
    arch: 3510,
    family: 'Ascend 950PR/950DT',
    separated: true,
    simt: true,
    dataCopyPad: true,
    matmulApi: true,
    dmaAtomicMaxMin: true,
    hardSyncAll: true,
    dmaAtomicAddTypes: ['int8_t', 'int16_t', 'half', 'bfloat16_t', 'int32_t', 'float'],
  },
};

export function isSoc(value: unknown): value is Soc {
  return typeof value === 'string' && (SOCS as readonly string[]).includes(value);
}

export function isCannVersion(value: unknown): value is CannVersion {
  return typeof value === 'string' && (CANN_VERSIONS as readonly string[]).includes(value);
}

/** Accepts loose user input (`910b3`, `ascend950`, `9`, `9.0`) and returns a valid target. */
export function parseTarget(soc: unknown, cann: unknown): { target: Target; problems: string[] } {
  const problems: string[] = [];
  let s: Soc = DEFAULT_TARGET.soc;
  if (soc !== undefined && soc !== null && soc !== '') {
    const wanted = String(soc).toLowerCase().replace(/^ascend/, '');
    const hit = SOCS.find((x) => x.toLowerCase().replace(/^ascend/, '') === wanted);
    if (hit) s = hit;
    else problems.push(`unknown SoC '${String(soc)}'; expected one of ${SOCS.join(', ')}`);
  }
  let c: CannVersion = DEFAULT_TARGET.cann;
  if (cann !== undefined && cann !== null && cann !== '') {
    const major = /^(\d+)/.exec(String(cann))?.[1];
    const hit = CANN_VERSIONS.find((v) => v.startsWith(`${major}.`));
    if (hit) c = hit;
    else problems.push(`unknown CANN version '${String(cann)}'; expected one of ${CANN_VERSIONS.join(', ')}`);
  }
  return { target: { soc: s, cann: c }, problems };
}

export function formatTarget(t: Target): string {
  return `${t.soc} · CANN ${t.cann}`;
}
