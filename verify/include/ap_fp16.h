// ascend-port verify: software IEEE binary16 (half) and bfloat16 for the CPU models.
//
// Both the CUDA-on-CPU shim (`__half`, `__nv_bfloat16`) and the Ascend C model (`half`,
// `bfloat16_t`) store their values in these types, so the two sides of a verification
// round the same way. Conversions from float round to nearest, ties to even (CUDA's
// __float2half_rn, Ascend's CAST_RINT); conversions to float are exact. Arithmetic is done
// in float and rounded once: for + - * / and sqrt that equals correctly rounded half
// (binary32 has at least 2p+2 bits for p = 11 and p = 8).
#pragma once
#include <cstdint>
#include <cstring>

namespace ap {

inline uint32_t f32_bits(float f) { uint32_t u; std::memcpy(&u, &f, 4); return u; }
inline float f32_from(uint32_t u) { float f; std::memcpy(&f, &u, 4); return f; }

/** float -> binary16 bits, round to nearest even; overflow to ±Inf, NaN stays NaN. */
inline uint16_t f32_to_f16_bits(float f) {
  uint32_t x = f32_bits(f);
  uint32_t sign = (x >> 16) & 0x8000u;
  uint32_t ax = x & 0x7FFFFFFFu;
  if (ax >= 0x7F800000u) return static_cast<uint16_t>(sign | (ax > 0x7F800000u ? 0x7E00u : 0x7C00u));
  if (ax >= 0x477FF000u) return static_cast<uint16_t>(sign | 0x7C00u);  // rounds to >= 65520: Inf
  if (ax < 0x38800000u) {                                               // below the smallest normal half
    if (ax < 0x33000000u) return static_cast<uint16_t>(sign);           // below half of the smallest subnormal
    uint32_t e = ax >> 23;
    uint32_t m = (ax & 0x7FFFFFu) | 0x800000u;
    uint32_t shift = 126u - e;                                          // 14 + (113 - e) - 1
    uint32_t r = m >> shift;
    uint32_t rem = m & ((1u << shift) - 1u);
    uint32_t halfway = 1u << (shift - 1u);
    if (rem > halfway || (rem == halfway && (r & 1u))) r++;
    return static_cast<uint16_t>(sign | r);
  }
  uint32_t r = ((ax - 0x38000000u) >> 13);
  uint32_t rem = ax & 0x1FFFu;
  if (rem > 0x1000u || (rem == 0x1000u && (r & 1u))) r++;
  return static_cast<uint16_t>(sign | r);
}

/** binary16 bits -> float, exact. */
inline float f16_bits_to_f32(uint16_t h) {
  uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  uint32_t e = (h >> 10) & 0x1Fu;
  uint32_t m = h & 0x3FFu;
  if (e == 0x1Fu) return f32_from(sign | 0x7F800000u | (m << 13));
  if (e != 0) return f32_from(sign | ((e + 112u) << 23) | (m << 13));
  if (m == 0) return f32_from(sign);
  // Subnormal: m * 2^-24.
  float v = static_cast<float>(m) * 5.9604644775390625e-8f;
  return sign ? -v : v;
}

/** float -> bfloat16 bits, round to nearest even; NaN stays NaN. */
inline uint16_t f32_to_bf16_bits(float f) {
  uint32_t x = f32_bits(f);
  if ((x & 0x7FFFFFFFu) > 0x7F800000u) return static_cast<uint16_t>((x >> 16) | 0x40u);
  x += 0x7FFFu + ((x >> 16) & 1u);
  return static_cast<uint16_t>(x >> 16);
}

inline float bf16_bits_to_f32(uint16_t b) { return f32_from(static_cast<uint32_t>(b) << 16); }

/** A 16-bit float stored as its bits; converts implicitly to float, and from float with RNE. */
template <uint16_t (*ToBits)(float), float (*ToFloat)(uint16_t)>
struct f16_base {
  uint16_t bits = 0;
  f16_base() = default;
  f16_base(float f) : bits(ToBits(f)) {}
  f16_base(double d) : bits(ToBits(static_cast<float>(d))) {}
  f16_base(int i) : bits(ToBits(static_cast<float>(i))) {}
  f16_base(unsigned i) : bits(ToBits(static_cast<float>(i))) {}
  f16_base(long long i) : bits(ToBits(static_cast<float>(i))) {}
  static f16_base from_bits(uint16_t b) { f16_base h; h.bits = b; return h; }
  operator float() const { return ToFloat(bits); }
  f16_base& operator+=(f16_base o) { return *this = f16_base(float(*this) + float(o)); }
  f16_base& operator-=(f16_base o) { return *this = f16_base(float(*this) - float(o)); }
  f16_base& operator*=(f16_base o) { return *this = f16_base(float(*this) * float(o)); }
  f16_base& operator/=(f16_base o) { return *this = f16_base(float(*this) / float(o)); }
  friend f16_base operator+(f16_base a, f16_base b) { return f16_base(float(a) + float(b)); }
  friend f16_base operator-(f16_base a, f16_base b) { return f16_base(float(a) - float(b)); }
  friend f16_base operator*(f16_base a, f16_base b) { return f16_base(float(a) * float(b)); }
  friend f16_base operator/(f16_base a, f16_base b) { return f16_base(float(a) / float(b)); }
  friend f16_base operator-(f16_base a) { return from_bits(static_cast<uint16_t>(a.bits ^ 0x8000u)); }
  friend bool operator==(f16_base a, f16_base b) { return float(a) == float(b); }
  friend bool operator!=(f16_base a, f16_base b) { return float(a) != float(b); }
  friend bool operator<(f16_base a, f16_base b) { return float(a) < float(b); }
  friend bool operator>(f16_base a, f16_base b) { return float(a) > float(b); }
  friend bool operator<=(f16_base a, f16_base b) { return float(a) <= float(b); }
  friend bool operator>=(f16_base a, f16_base b) { return float(a) >= float(b); }
};

using f16 = f16_base<f32_to_f16_bits, f16_bits_to_f32>;
using bf16 = f16_base<f32_to_bf16_bits, bf16_bits_to_f32>;

}  // namespace ap
