/**
 * The targets offered in the picker. The engine has the authoritative facts; these are
 * the one-line descriptions the picker shows.
 */
export interface Choice {
  value: string;
  description: string;
}

export const SOC_CHOICES: readonly Choice[] = [
  { value: 'Ascend910B1', description: 'arch 2201 · Atlas A2 · 24 AI Cores, separated Cube/Vector (1:2)' },
  { value: 'Ascend910B2', description: 'arch 2201 · Atlas A2 · 24 AI Cores, separated Cube/Vector (1:2)' },
  { value: 'Ascend910B3', description: 'arch 2201 · Atlas A2 · 20 AI Cores, separated Cube/Vector (1:2)' },
  { value: 'Ascend910B4', description: 'arch 2201 · Atlas A2 · 20 AI Cores, separated Cube/Vector (1:2)' },
  { value: 'Ascend910A', description: 'arch 1001 · first-gen training · coupled cores, no Matmul API, no DataCopyPad' },
  { value: 'Ascend310P1', description: 'arch 2002 · inference · coupled cores' },
  { value: 'Ascend310P3', description: 'arch 2002 · inference · coupled cores' },
  { value: 'Ascend950', description: 'arch 3510 · separated Cube/Vector · the only target with a SIMT mode' },
];

export const CANN_CHOICES: readonly Choice[] = [
  { value: '8.x', description: 'CANN 8.x toolkits: older API spellings (SetAtomicNone, WholeReduceSum, …)' },
  { value: '9.x', description: 'CANN 9.x toolkits: renamed APIs (DisableDmaAtomic, ReduceRepeat, …), .asc files' },
];
