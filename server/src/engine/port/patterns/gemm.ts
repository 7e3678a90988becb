/**
 * The one place the port asks whether a kernel is a matrix product: the GEMM description of
 * the loop-nest detector (model/gemm.ts), or undefined. Until the detector is connected here,
 * this answers undefined for every kernel, and a description reaches the port only when a
 * caller passes one (`compileKernel(…, gemm)`, `portKernel(…, { gemm })`, `verifyFile({ gemms })`),
 * as the tests do with hand-built descriptions.
 */
import type { FileFacts } from '../../model/facts';
import type { GemmDescription } from '../../model/gemm';
import type { FunctionModel } from '../../model/kernels';

export function gemmOf(facts: FileFacts, fn: FunctionModel): GemmDescription | undefined {
  void facts;
  void fn;
  return undefined;
}
