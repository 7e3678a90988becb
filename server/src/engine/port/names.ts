/**
 * Names the generated Ascend C gives to the CUDA kernel's scalars, kept apart from the
 * port's own members. A scalar `s` is the member `s_`, unless `s_` is one of the port's
 * members (`start_`, `length_`, `tileLength_`, the rows port's `cols_`, `stride_`, `rowv0_`, `rowg0_`, a queue, a buffer, a `…Gm_` tensor): then it is
 * `sArg_`. (ggml's `arange_f32(dst, ne0, start, step)` once declared `start_` twice.)
 */
const INTERNAL = /^(?:start|end|length|tileLength|indexBase|tileStart|pipe|slots|cols|stride|rowStart|rowEnd|row[vug]\d+|tmpBuf\d+|maskBuf|mappedBuf|workBuf|partBuf|accBuf|rowBuf|inQueue\w*|outQueue\w*|rowOutQueue|\w*Gm|\w*Buf)$/;

export function scalarMember(name: string): string {
  return INTERNAL.test(name) ? `${name}Arg_` : `${name}_`;
}
