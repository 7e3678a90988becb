/**
 * What a generated vector kernel may assume about its target: the Unified Buffer it can
 * fill, how many cores to launch on, how many buffers a queue position allows and which
 * copy API handles ragged tails. Figures from ../shared/ref/ascend-c.md (§1.2, §1.4, §6)
 * and ascend-hw.json; the tag of each source is beside it.
 */
import { SOC_FACTS, type Soc, type Target } from '../target';

export interface PortBudget {
  /** `__NPU_ARCH__` of the target. */
  arch: number;
  /** UB bytes per vector core before reserves [§6]. */
  ubBytes: number;
  /** UB bytes a kernel may fill: minus 256 B, minus the 8 KiB the toolchain reserves unless told not to [§6, 910B]. */
  ubUsable: number;
  /** Cores a vector kernel is launched on: AIV count on separated chips, AI Core count on coupled ones. */
  vectorCores: number;
  /** Where vectorCores comes from, said in the generated code. */
  coresSource: string;
  /** Max TQue buffers per TPosition: hardware event ids (8; 4 on 910A) [A23]. */
  maxQueueBuffers: number;
  /** GM<->UB copies of any byte length with `DataCopyPad(…, DataCopyExtParams, DataCopyPadExtParams)` [A20]. */
  dataCopyPad: boolean;
}

const RESERVE = 256 + 8 * 1024;

const CORES: Readonly<Record<Soc, [number, string]>> = {
  Ascend910B1: [48, 'Ascend910B1.ini vector_core_cnt [F]'],
  Ascend910B2: [48, 'Ascend910B2.ini vector_core_cnt [F]'],
  Ascend910B3: [40, 'Ascend910B3.ini vector_core_cnt [F]'],
  Ascend910B4: [40, 'Ascend910B4.ini vector_core_cnt [F]'],
  Ascend910A: [32, '32 AI Cores, a secondary source [I]; UNCONFIRMED'],
  Ascend310P1: [10, 'Ascend310P1.ini ai_core_cnt [F]'],
  Ascend310P3: [8, 'Ascend310P3.ini ai_core_cnt [F]'],
  Ascend950: [32, 'no core count in the reference; UNCONFIRMED, set your own'],
};

export function portBudget(target: Target): PortBudget {
  const facts = SOC_FACTS[target.soc];
  const ubBytes = facts.arch === 2201 ? 192 * 1024 : 256 * 1024;
  const [vectorCores, coresSource] = CORES[target.soc];
  return {
    arch: facts.arch,
    ubBytes,
    ubUsable: ubBytes - RESERVE,
    vectorCores,
    coresSource,
    maxQueueBuffers: target.soc === 'Ascend910A' ? 4 : 8,
    // 950 has DataCopyPad too, but with a PaddingMode template variant the reference does not spell out.
    dataCopyPad: facts.dataCopyPad && facts.arch === 2201,
  };
}
