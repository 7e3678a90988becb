// Injection fixture: Ascend C tokens inside an ordinary C++ file.
#include "kernel_operator.h"
extern "C" __global__ __aicore__ void scale(GM_ADDR x, uint32_t n) {
  AscendC::GlobalTensor<float> g;
  AscendC::LocalTensor<float> l;
  AscendC::TQue<AscendC::QuePosition::VECOUT, 1> q;
  AscendC::Muls(l, l, 2.0f, n);
  AscendC::DataCopy(g, l, n);
  AscendC::SetAtomicAdd<float>();
  AscendC::PipeBarrier<PIPE_MTE3>();
  // GlobalTensor and __gm__ in a comment stay comment
  const char* note = "DataCopy(GM_ADDR) in a string";
}
void host() { aclrtSynchronizeStream(nullptr); }
