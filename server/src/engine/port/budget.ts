/**
 * What a generated vector kernel may assume about its target: the Unified Buffer it can
 * fill, how many cores to launch on, how many buffers a queue position allows and which
 * copy API handles ragged tails. UB size and core counts come from the hardware profiles of
 * the estimates (`estimates/hardware.ts`); queue limits and DataCopyPad from ascend-c.md
 * §1.2 and §1.4.
 */
import { HARDWARE } from '../estimates/hardware';
import { SOC_FACTS, type Target } from '../target';

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
  /**
   * Cast between bfloat16_t and float: the Atlas A2 (arch 2201) conversion list has f32→bf16
   * (r/f/c/a/z) and bf16→f32 (ascend-c.md §2.2 [F]); the reference lists none for 910A, 310P or
   * 950, so bf16 data is not ported there.
   */
  bf16Cast: boolean;
  /**
   * The row-wise high-level APIs (SoftMax, LogSoftMax, LayerNorm, RmsNorm): each doc page lists
   * Atlas A2/A3, 950 and the 310P AI Core, not the Atlas training series (910A) nor the 310P
   * Vector Core (ascend-c.md §2.4 [A30]). The 310P targets here are the AI Core.
   */
  rowApis: boolean;
}

const RESERVE = 256 + 8 * 1024;

export function portBudget(target: Target): PortBudget {
  const facts = SOC_FACTS[target.soc];
  // The same profile the estimates use: one set of hardware figures, each with its source.
  const hw = HARDWARE[target.soc];
  const ubBytes = hw.ubBytes.value;
  const known = Number.isFinite(hw.vectorCores.value);
  // Generated code needs some core count; where none is published, 32 stands in and says so.
  const vectorCores = known ? hw.vectorCores.value : 32;
  const coresSource = known ? `${hw.vectorCores.source}${hw.vectorCores.confirmed ? '' : ', UNCONFIRMED'}` : `${hw.vectorCores.source}; UNCONFIRMED, set your own`;
  return {
    arch: facts.arch,
    ubBytes,
    ubUsable: ubBytes - RESERVE,
    vectorCores,
    coresSource,
    maxQueueBuffers: target.soc === 'Ascend910A' ? 4 : 8,
    // 950 has DataCopyPad too, but with a PaddingMode template variant the reference does not spell out.
    dataCopyPad: facts.dataCopyPad && facts.arch === 2201,
    bf16Cast: facts.arch === 2201,
    rowApis: facts.arch !== 1001,
  };
}
