// ascend-port verify: <cuda_fp8.h> for the CPU shim. The E4M3 type only (OCP FP8: 1 sign,
// 4 exponent bits with bias 7, 3 mantissa bits, no infinities, 0x7F/0xFF NaN, largest
// finite 448), and __nv_cvt_e8m0_to_bf16raw (an E8M0 scale byte, a power of two, as bf16 bits). Conversion from float rounds to nearest, ties to even, and saturates to
// ±448 as CUDA's __NV_SATFINITE constructors do; conversion to float is exact. E5M2 and the
// vector types (__nv_fp8x2_*) are not provided: a file that uses them does not build, and
// verify says so.
#pragma once
#include <cmath>
#include <cstdint>
#include "cuda_cpu.h"

typedef unsigned char __nv_fp8_storage_t;

struct __nv_fp8_e4m3 {
  __nv_fp8_storage_t __x = 0;

  static float ap_decode(unsigned char bits) {
    const int sign = bits & 0x80 ? -1 : 1;
    const int e = (bits >> 3) & 0xF;
    const int m = bits & 0x7;
    if (e == 0xF && m == 0x7) return NAN;
    const float mag = e == 0 ? std::ldexp(static_cast<float>(m) / 8.0f, -6) : std::ldexp(1.0f + static_cast<float>(m) / 8.0f, e - 7);
    return sign * mag;
  }
  static unsigned char ap_encode(float f) {
    if (std::isnan(f)) return 0x7F;
    const unsigned char sign = std::signbit(f) ? 0x80 : 0x00;
    const float a = std::fabs(f);
    if (a >= 448.0f) return static_cast<unsigned char>(sign | 0x7E);
    // Nearest of the 127 finite magnitudes, ties to the even code.
    unsigned char best = 0;
    float bestErr = INFINITY;
    for (unsigned c = 0; c <= 0x7E; c++) {
      const float err = std::fabs(ap_decode(static_cast<unsigned char>(c)) - a);
      if (err < bestErr || (err == bestErr && (c & 1) == 0)) {
        best = static_cast<unsigned char>(c);
        bestErr = err;
      }
    }
    return static_cast<unsigned char>(sign | best);
  }

  __nv_fp8_e4m3() = default;
  explicit __nv_fp8_e4m3(float f) : __x(ap_encode(f)) {}
  explicit __nv_fp8_e4m3(double f) : __x(ap_encode(static_cast<float>(f))) {}
  explicit __nv_fp8_e4m3(__half h) : __x(ap_encode(static_cast<float>(h))) {}
  explicit operator float() const { return ap_decode(__x); }
  explicit operator __half() const { return __half(ap_decode(__x)); }
};

/** E8M0 (exponent only, bias 127; 0xFF is NaN) to bf16 bits: 2^(x - 127), exact (x = 0 is bf16's subnormal 2^-127). */
inline __nv_bfloat16_raw __nv_cvt_e8m0_to_bf16raw(const __nv_fp8_storage_t x) {
  if (x == 0xFF) return __nv_bfloat16_raw{static_cast<unsigned short>(0x7FFF)};
  if (x == 0) return __nv_bfloat16_raw{static_cast<unsigned short>(0x0040)};
  return __nv_bfloat16_raw{static_cast<unsigned short>(static_cast<unsigned>(x) << 7)};
}
