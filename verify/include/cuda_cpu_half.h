// ascend-port verify: CUDA's __half / __half2 / __nv_bfloat16 / __nv_bfloat162 on the CPU.
// Included by cuda_cpu.h. Storage is the 2-byte IEEE pattern (a __half* buffer reads as
// uint16 bits); rounding comes from ap_fp16.h (round to nearest even), so the CUDA side
// and the Ascend C model round identically.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include "ap_fp16.h"

namespace ap_cuda {
namespace detail {

enum Round { RN, RZ, RD, RU };

inline uint16_t f16_step_up(uint16_t b) {  // next value toward +inf
  if (b == 0x8000u) return 0x0001u;
  return (b & 0x8000u) ? uint16_t(b - 1u) : uint16_t(b + 1u);
}
inline uint16_t f16_step_down(uint16_t b) {  // next value toward -inf
  if (b == 0x0000u) return 0x8001u;
  return (b & 0x8000u) ? uint16_t(b + 1u) : uint16_t(b - 1u);
}

/** float -> 16-bit pattern with the given rounding (RN from ap_fp16.h, others adjusted from it). */
template <uint16_t (*ToBits)(float), float (*ToFloat)(uint16_t)>
inline uint16_t round16(float f, Round mode) {
  uint16_t b = ToBits(f);
  if (mode == RN || std::isnan(f)) return b;
  float back = ToFloat(b);
  if (back == f) return b;
  switch (mode) {
    case RZ: if (std::fabs(back) > std::fabs(f)) b = (b & 0x8000u) ? f16_step_up(b) : f16_step_down(b); break;
    case RD: if (back > f) b = f16_step_down(b); break;
    case RU: if (back < f) b = f16_step_up(b); break;
    default: break;
  }
  return b;
}

/**
 * The float nearest to s + err rounded to odd (truncate, then set the last bit if inexact).
 * Rounding that float to 16 bits with RNE equals rounding s + err directly: float has more
 * than 2p + 1 bits for both formats.
 */
inline float round_odd_f32(double s, double err) {
  float f = static_cast<float>(s);
  if (!std::isfinite(f) || std::isnan(s)) return f;
  double diff = (static_cast<double>(f) - s) - err;  // f - exact, sign is exact
  if (diff == 0.0) return f;
  if ((f > 0.0f && diff > 0.0) || (f < 0.0f && diff < 0.0)) f = std::nextafter(f, 0.0f);  // truncate toward zero
  uint32_t u = ap::f32_bits(f);
  if (f == 0.0f) u = (s < 0 ? 0x80000000u : 0u);
  return ap::f32_from(u | 1u);
}
inline float round_odd_f32(double d) { return round_odd_f32(d, 0.0); }

/** a * b + c rounded once (the product is exact in double; the sum's error is tracked). */
inline float fma_odd(float a, float b, float c) {
  double p = static_cast<double>(a) * static_cast<double>(b);
  double s = p + static_cast<double>(c);
  if (!std::isfinite(s)) return static_cast<float>(s);
  double bb = s - p;
  double err = (p - (s - bb)) + (static_cast<double>(c) - bb);
  return round_odd_f32(s, err);
}

}  // namespace detail
}  // namespace ap_cuda

struct __half_raw { unsigned short x; };
struct __half2_raw { unsigned short x, y; };
struct __nv_bfloat16_raw { unsigned short x; };
struct __nv_bfloat162_raw { unsigned short x, y; };

// One definition for both 16-bit types.
#define AP_CUDA_DEFINE_16(T, RAW, T2, RAW2, TOBITS, TOFLOAT, APT)                                                  \
  struct T {                                                                                                       \
    unsigned short __x;                                                                                            \
    T() = default;                                                                                                 \
    constexpr T(RAW r) : __x(r.x) {}                                                                               \
    T(float f) : __x(TOBITS(f)) {}                                                                                 \
    T(double d) : __x(TOBITS(ap_cuda::detail::round_odd_f32(d))) {}                                               \
    T(int i) : __x(TOBITS(static_cast<float>(i))) {}                                                               \
    T(unsigned i) : __x(TOBITS(static_cast<float>(i))) {}                                                          \
    T(short i) : __x(TOBITS(static_cast<float>(i))) {}                                                             \
    T(unsigned short i) : __x(TOBITS(static_cast<float>(i))) {}                                                    \
    T(long i) : __x(TOBITS(ap_cuda::detail::round_odd_f32(static_cast<double>(i)))) {}                              \
    T(unsigned long i) : __x(TOBITS(ap_cuda::detail::round_odd_f32(static_cast<double>(i)))) {}                     \
    T(long long i) : __x(TOBITS(ap_cuda::detail::round_odd_f32(static_cast<double>(i)))) {}                         \
    T(unsigned long long i) : __x(TOBITS(ap_cuda::detail::round_odd_f32(static_cast<double>(i)))) {}                \
    T(APT v) : __x(v.bits) {}                                                                                      \
    operator float() const { return TOFLOAT(__x); }                                                                \
    operator RAW() const { return RAW{__x}; }                                                                      \
    operator APT() const { return APT::from_bits(__x); }                                                           \
    explicit operator bool() const { return (__x & 0x7FFFu) != 0; }                                                \
    T& operator=(const RAW& r) { __x = r.x; return *this; }                                                        \
  };                                                                                                               \
  struct __attribute__((aligned(4))) T2 {                                                                          \
    T x, y;                                                                                                        \
    T2() = default;                                                                                                \
    constexpr T2(const T& a, const T& b) : x(a), y(b) {}                                                           \
    constexpr T2(RAW2 r) : x(RAW{r.x}), y(RAW{r.y}) {}                                                             \
    operator RAW2() const { return RAW2{x.__x, y.__x}; }                                                           \
    T2& operator=(const RAW2& r) { x = RAW{r.x}; y = RAW{r.y}; return *this; }                                     \
  };                                                                                                               \
  inline T operator+(const T& a, const T& b) { return T(float(a) + float(b)); }                                    \
  inline T operator-(const T& a, const T& b) { return T(float(a) - float(b)); }                                    \
  inline T operator*(const T& a, const T& b) { return T(float(a) * float(b)); }                                    \
  inline T operator/(const T& a, const T& b) { return T(float(a) / float(b)); }                                    \
  inline T& operator+=(T& a, const T& b) { return a = a + b; }                                                     \
  inline T& operator-=(T& a, const T& b) { return a = a - b; }                                                     \
  inline T& operator*=(T& a, const T& b) { return a = a * b; }                                                     \
  inline T& operator/=(T& a, const T& b) { return a = a / b; }                                                     \
  inline T operator+(const T& a) { return a; }                                                                     \
  inline T operator-(const T& a) { return T(RAW{static_cast<unsigned short>(a.__x ^ 0x8000u)}); }                  \
  inline T& operator++(T& a) { return a = a + T(1.0f); }                                                           \
  inline T& operator--(T& a) { return a = a - T(1.0f); }                                                           \
  inline T operator++(T& a, int) { T o = a; ++a; return o; }                                                       \
  inline T operator--(T& a, int) { T o = a; --a; return o; }                                                       \
  inline bool operator==(const T& a, const T& b) { return float(a) == float(b); }                                  \
  inline bool operator!=(const T& a, const T& b) { return float(a) != float(b); }                                  \
  inline bool operator<(const T& a, const T& b) { return float(a) < float(b); }                                    \
  inline bool operator>(const T& a, const T& b) { return float(a) > float(b); }                                    \
  inline bool operator<=(const T& a, const T& b) { return float(a) <= float(b); }                                  \
  inline bool operator>=(const T& a, const T& b) { return float(a) >= float(b); }                                  \
  inline T2 operator+(const T2& a, const T2& b) { return T2(a.x + b.x, a.y + b.y); }                               \
  inline T2 operator-(const T2& a, const T2& b) { return T2(a.x - b.x, a.y - b.y); }                               \
  inline T2 operator*(const T2& a, const T2& b) { return T2(a.x * b.x, a.y * b.y); }                               \
  inline T2 operator/(const T2& a, const T2& b) { return T2(a.x / b.x, a.y / b.y); }                               \
  inline T2& operator+=(T2& a, const T2& b) { return a = a + b; }                                                  \
  inline T2& operator-=(T2& a, const T2& b) { return a = a - b; }                                                  \
  inline T2& operator*=(T2& a, const T2& b) { return a = a * b; }                                                  \
  inline T2& operator/=(T2& a, const T2& b) { return a = a / b; }                                                  \
  inline T2 operator+(const T2& a) { return a; }                                                                   \
  inline T2 operator-(const T2& a) { return T2(-a.x, -a.y); }                                                      \
  inline bool operator==(const T2& a, const T2& b) { return a.x == b.x && a.y == b.y; }                            \
  inline bool operator!=(const T2& a, const T2& b) { return a.x != b.x && a.y != b.y; }                            \
  inline bool operator<(const T2& a, const T2& b) { return a.x < b.x && a.y < b.y; }                               \
  inline bool operator>(const T2& a, const T2& b) { return a.x > b.x && a.y > b.y; }                               \
  inline bool operator<=(const T2& a, const T2& b) { return a.x <= b.x && a.y <= b.y; }                            \
  inline bool operator>=(const T2& a, const T2& b) { return a.x >= b.x && a.y >= b.y; }                            \
  /* arithmetic intrinsics */                                                                                      \
  inline T __hadd(T a, T b) { return a + b; }                                                                      \
  inline T __hsub(T a, T b) { return a - b; }                                                                      \
  inline T __hmul(T a, T b) { return a * b; }                                                                      \
  inline T __hdiv(T a, T b) { return a / b; }                                                                      \
  inline T __hadd_rn(T a, T b) { return a + b; }                                                                   \
  inline T __hsub_rn(T a, T b) { return a - b; }                                                                   \
  inline T __hmul_rn(T a, T b) { return a * b; }                                                                   \
  inline T __hneg(T a) { return -a; }                                                                              \
  inline T __habs(T a) { return T(RAW{static_cast<unsigned short>(a.__x & 0x7FFFu)}); }                            \
  inline T __hfma(T a, T b, T c) { return T(ap_cuda::detail::fma_odd(float(a), float(b), float(c))); }             \
  inline T ap_sat_(T a) { float f = float(a); return std::isnan(f) ? T(0.0f) : f < 0.0f ? T(0.0f) : f > 1.0f ? T(1.0f) : a; } \
  inline T __hadd_sat(T a, T b) { return ap_sat_(a + b); }                                                         \
  inline T __hsub_sat(T a, T b) { return ap_sat_(a - b); }                                                         \
  inline T __hmul_sat(T a, T b) { return ap_sat_(a * b); }                                                         \
  inline T __hfma_sat(T a, T b, T c) { return ap_sat_(__hfma(a, b, c)); }                                          \
  inline T __hfma_relu(T a, T b, T c) { T r = __hfma(a, b, c); return float(r) < 0.0f ? T(0.0f) : r; }             \
  inline bool __hisnan(T a) { return std::isnan(float(a)); }                                                       \
  inline int __hisinf(T a) { float f = float(a); return std::isinf(f) ? (f < 0 ? -1 : 1) : 0; }                    \
  inline T __hmax(T a, T b) { if (__hisnan(a)) return b; if (__hisnan(b)) return a; return float(a) >= float(b) ? a : b; } \
  inline T __hmin(T a, T b) { if (__hisnan(a)) return b; if (__hisnan(b)) return a; return float(a) <= float(b) ? a : b; } \
  inline T __hmax_nan(T a, T b) { if (__hisnan(a)) return a; if (__hisnan(b)) return b; return __hmax(a, b); }      \
  inline T __hmin_nan(T a, T b) { if (__hisnan(a)) return a; if (__hisnan(b)) return b; return __hmin(a, b); }      \
  inline bool __heq(T a, T b) { return float(a) == float(b); }                                                     \
  inline bool __hne(T a, T b) { return !__hisnan(a) && !__hisnan(b) && float(a) != float(b); }                    \
  inline bool __hlt(T a, T b) { return float(a) < float(b); }                                                      \
  inline bool __hle(T a, T b) { return float(a) <= float(b); }                                                     \
  inline bool __hgt(T a, T b) { return float(a) > float(b); }                                                      \
  inline bool __hge(T a, T b) { return float(a) >= float(b); }                                                     \
  inline bool __hequ(T a, T b) { return !(float(a) != float(b)) || __hisnan(a) || __hisnan(b); }                   \
  inline bool __hneu(T a, T b) { return float(a) != float(b); }                                                    \
  inline bool __hltu(T a, T b) { return !(float(a) >= float(b)); }                                                 \
  inline bool __hleu(T a, T b) { return !(float(a) > float(b)); }                                                  \
  inline bool __hgtu(T a, T b) { return !(float(a) <= float(b)); }                                                 \
  inline bool __hgeu(T a, T b) { return !(float(a) < float(b)); }                                                  \
  /* math, computed in float and rounded once */                                                                   \
  inline T hexp(T a) { return T(std::exp(float(a))); }                                                             \
  inline T hexp2(T a) { return T(std::exp2(float(a))); }                                                           \
  inline T hexp10(T a) { return T(std::pow(10.0f, float(a))); }                                                    \
  inline T hlog(T a) { return T(std::log(float(a))); }                                                             \
  inline T hlog2(T a) { return T(std::log2(float(a))); }                                                           \
  inline T hlog10(T a) { return T(std::log10(float(a))); }                                                         \
  inline T hsqrt(T a) { return T(std::sqrt(float(a))); }                                                           \
  inline T hrsqrt(T a) { return T(1.0f / std::sqrt(float(a))); }                                                  \
  inline T hrcp(T a) { return T(1.0f / float(a)); }                                                                \
  inline T hsin(T a) { return T(std::sin(float(a))); }                                                             \
  inline T hcos(T a) { return T(std::cos(float(a))); }                                                             \
  inline T htanh(T a) { return T(std::tanh(float(a))); }                                                           \
  inline T hceil(T a) { return T(std::ceil(float(a))); }                                                           \
  inline T hfloor(T a) { return T(std::floor(float(a))); }                                                         \
  inline T htrunc(T a) { return T(std::trunc(float(a))); }                                                         \
  inline T hrint(T a) { return T(std::nearbyint(float(a))); }                                                      \
  /* pairs */                                                                                                      \
  inline T2 __hadd2(T2 a, T2 b) { return a + b; }                                                                  \
  inline T2 __hsub2(T2 a, T2 b) { return a - b; }                                                                  \
  inline T2 __hmul2(T2 a, T2 b) { return a * b; }                                                                  \
  inline T2 __h2div(T2 a, T2 b) { return a / b; }                                                                  \
  inline T2 __hadd2_sat(T2 a, T2 b) { return T2(__hadd_sat(a.x, b.x), __hadd_sat(a.y, b.y)); }                     \
  inline T2 __hsub2_sat(T2 a, T2 b) { return T2(__hsub_sat(a.x, b.x), __hsub_sat(a.y, b.y)); }                     \
  inline T2 __hmul2_sat(T2 a, T2 b) { return T2(__hmul_sat(a.x, b.x), __hmul_sat(a.y, b.y)); }                     \
  inline T2 __hneg2(T2 a) { return -a; }                                                                           \
  inline T2 __habs2(T2 a) { return T2(__habs(a.x), __habs(a.y)); }                                                 \
  inline T2 __hfma2(T2 a, T2 b, T2 c) { return T2(__hfma(a.x, b.x, c.x), __hfma(a.y, b.y, c.y)); }                 \
  inline T2 __hfma2_sat(T2 a, T2 b, T2 c) { return T2(__hfma_sat(a.x, b.x, c.x), __hfma_sat(a.y, b.y, c.y)); }     \
  inline T2 __hfma2_relu(T2 a, T2 b, T2 c) { return T2(__hfma_relu(a.x, b.x, c.x), __hfma_relu(a.y, b.y, c.y)); } \
  inline T2 __hmax2(T2 a, T2 b) { return T2(__hmax(a.x, b.x), __hmax(a.y, b.y)); }                                 \
  inline T2 __hmin2(T2 a, T2 b) { return T2(__hmin(a.x, b.x), __hmin(a.y, b.y)); }                                 \
  inline T2 __hmax2_nan(T2 a, T2 b) { return T2(__hmax_nan(a.x, b.x), __hmax_nan(a.y, b.y)); }                     \
  inline T2 __hmin2_nan(T2 a, T2 b) { return T2(__hmin_nan(a.x, b.x), __hmin_nan(a.y, b.y)); }                     \
  inline T2 __heq2(T2 a, T2 b) { return T2(T(__heq(a.x, b.x) ? 1.0f : 0.0f), T(__heq(a.y, b.y) ? 1.0f : 0.0f)); }                  \
  inline T2 __hne2(T2 a, T2 b) { return T2(T(__hne(a.x, b.x) ? 1.0f : 0.0f), T(__hne(a.y, b.y) ? 1.0f : 0.0f)); }                  \
  inline T2 __hlt2(T2 a, T2 b) { return T2(T(__hlt(a.x, b.x) ? 1.0f : 0.0f), T(__hlt(a.y, b.y) ? 1.0f : 0.0f)); }                  \
  inline T2 __hle2(T2 a, T2 b) { return T2(T(__hle(a.x, b.x) ? 1.0f : 0.0f), T(__hle(a.y, b.y) ? 1.0f : 0.0f)); }                  \
  inline T2 __hgt2(T2 a, T2 b) { return T2(T(__hgt(a.x, b.x) ? 1.0f : 0.0f), T(__hgt(a.y, b.y) ? 1.0f : 0.0f)); }                  \
  inline T2 __hge2(T2 a, T2 b) { return T2(T(__hge(a.x, b.x) ? 1.0f : 0.0f), T(__hge(a.y, b.y) ? 1.0f : 0.0f)); }                  \
  inline bool __hbeq2(T2 a, T2 b) { return __heq(a.x, b.x) && __heq(a.y, b.y); }                                   \
  inline bool __hbne2(T2 a, T2 b) { return __hne(a.x, b.x) && __hne(a.y, b.y); }                                   \
  inline bool __hblt2(T2 a, T2 b) { return __hlt(a.x, b.x) && __hlt(a.y, b.y); }                                   \
  inline bool __hble2(T2 a, T2 b) { return __hle(a.x, b.x) && __hle(a.y, b.y); }                                   \
  inline bool __hbgt2(T2 a, T2 b) { return __hgt(a.x, b.x) && __hgt(a.y, b.y); }                                   \
  inline bool __hbge2(T2 a, T2 b) { return __hge(a.x, b.x) && __hge(a.y, b.y); }                                   \
  inline T2 __hisnan2(T2 a) { return T2(T(__hisnan(a.x) ? 1.0f : 0.0f), T(__hisnan(a.y) ? 1.0f : 0.0f)); }                         \
  inline T2 h2exp(T2 a) { return T2(hexp(a.x), hexp(a.y)); }                                                       \
  inline T2 h2exp2(T2 a) { return T2(hexp2(a.x), hexp2(a.y)); }                                                    \
  inline T2 h2exp10(T2 a) { return T2(hexp10(a.x), hexp10(a.y)); }                                                 \
  inline T2 h2log(T2 a) { return T2(hlog(a.x), hlog(a.y)); }                                                       \
  inline T2 h2log2(T2 a) { return T2(hlog2(a.x), hlog2(a.y)); }                                                    \
  inline T2 h2log10(T2 a) { return T2(hlog10(a.x), hlog10(a.y)); }                                                 \
  inline T2 h2sqrt(T2 a) { return T2(hsqrt(a.x), hsqrt(a.y)); }                                                    \
  inline T2 h2rsqrt(T2 a) { return T2(hrsqrt(a.x), hrsqrt(a.y)); }                                                 \
  inline T2 h2rcp(T2 a) { return T2(hrcp(a.x), hrcp(a.y)); }                                                       \
  inline T2 h2sin(T2 a) { return T2(hsin(a.x), hsin(a.y)); }                                                       \
  inline T2 h2cos(T2 a) { return T2(hcos(a.x), hcos(a.y)); }                                                       \
  inline T2 h2tanh(T2 a) { return T2(htanh(a.x), htanh(a.y)); }                                                    \
  inline T2 h2ceil(T2 a) { return T2(hceil(a.x), hceil(a.y)); }                                                    \
  inline T2 h2floor(T2 a) { return T2(hfloor(a.x), hfloor(a.y)); }                                                 \
  inline T2 h2trunc(T2 a) { return T2(htrunc(a.x), htrunc(a.y)); }                                                 \
  inline T2 h2rint(T2 a) { return T2(hrint(a.x), hrint(a.y)); }                                                    \
  inline float __low2float(T2 a) { return float(a.x); }                                                            \
  inline float __high2float(T2 a) { return float(a.y); }                                                           \
  inline T2 __lowhigh2highlow(T2 a) { return T2(a.y, a.x); }                                                       \
  inline T2 __hcmadd(T2 a, T2 b, T2 c) {                                                                           \
    return T2(__hfma(-a.y, b.y, __hfma(a.x, b.x, c.x)), __hfma(a.y, b.x, __hfma(a.x, b.y, c.y)));                   \
  }

AP_CUDA_DEFINE_16(__half, __half_raw, __half2, __half2_raw, ap::f32_to_f16_bits, ap::f16_bits_to_f32, ap::f16)
AP_CUDA_DEFINE_16(__nv_bfloat16, __nv_bfloat16_raw, __nv_bfloat162, __nv_bfloat162_raw, ap::f32_to_bf16_bits, ap::bf16_bits_to_f32, ap::bf16)
#undef AP_CUDA_DEFINE_16

typedef __half half;
typedef __half2 half2;
typedef __nv_bfloat16 nv_bfloat16;
typedef __nv_bfloat162 nv_bfloat162;

namespace ap_cuda {
namespace detail {
inline unsigned short h_bits(float f, Round m) { return round16<ap::f32_to_f16_bits, ap::f16_bits_to_f32>(f, m); }
inline unsigned short b_bits(float f, Round m) { return round16<ap::f32_to_bf16_bits, ap::bf16_bits_to_f32>(f, m); }
template <class I>
inline I to_int(float f, Round m) {
  if (std::isnan(f)) return I(0);
  double r = m == RZ ? std::trunc(f) : m == RD ? std::floor(f) : m == RU ? std::ceil(f) : std::nearbyint(f);
  if (r <= double(std::numeric_limits<I>::min())) return std::numeric_limits<I>::min();
  if (r >= double(std::numeric_limits<I>::max())) return std::numeric_limits<I>::max();
  return I(r);
}
template <class T>
inline T from_bits16(unsigned short b) {
  T t;
  std::memcpy(static_cast<void*>(&t), &b, 2);
  return t;
}
}  // namespace detail
}  // namespace ap_cuda

// ---- half conversions ------------------------------------------------------------------------

inline __half __float2half(float f) { return __half(f); }
inline __half __float2half_rn(float f) { return __half(f); }
inline __half __float2half_rz(float f) { return __half_raw{ap_cuda::detail::h_bits(f, ap_cuda::detail::RZ)}; }
inline __half __float2half_rd(float f) { return __half_raw{ap_cuda::detail::h_bits(f, ap_cuda::detail::RD)}; }
inline __half __float2half_ru(float f) { return __half_raw{ap_cuda::detail::h_bits(f, ap_cuda::detail::RU)}; }
inline __half __double2half(double d) { return __half(d); }
inline float __half2float(__half h) { return float(h); }
inline __half2 __float2half2_rn(float f) { return __half2(__half(f), __half(f)); }
inline __half2 __floats2half2_rn(float a, float b) { return __half2(__half(a), __half(b)); }
inline __half2 __float22half2_rn(float2 f) { return __half2(__half(f.x), __half(f.y)); }
inline float2 __half22float2(__half2 h) { return float2{float(h.x), float(h.y)}; }
inline __half __low2half(__half2 h) { return h.x; }
inline __half __high2half(__half2 h) { return h.y; }
inline __half2 __halves2half2(__half a, __half b) { return __half2(a, b); }
inline __half2 __half2half2(__half a) { return __half2(a, a); }
inline __half2 __lows2half2(__half2 a, __half2 b) { return __half2(a.x, b.x); }
inline __half2 __highs2half2(__half2 a, __half2 b) { return __half2(a.y, b.y); }
inline __half2 __low2half2(__half2 a) { return __half2(a.x, a.x); }
inline __half2 __high2half2(__half2 a) { return __half2(a.y, a.y); }
inline __half2 make_half2(__half a, __half b) { return __half2(a, b); }
inline short __half_as_short(__half h) { return static_cast<short>(h.__x); }
inline unsigned short __half_as_ushort(__half h) { return h.__x; }
inline __half __short_as_half(short s) { return __half_raw{static_cast<unsigned short>(s)}; }
inline __half __ushort_as_half(unsigned short s) { return __half_raw{s}; }

// ---- bfloat16 conversions --------------------------------------------------------------------

inline __nv_bfloat16 __float2bfloat16(float f) { return __nv_bfloat16(f); }
inline __nv_bfloat16 __float2bfloat16_rn(float f) { return __nv_bfloat16(f); }
inline __nv_bfloat16 __float2bfloat16_rz(float f) { return __nv_bfloat16_raw{ap_cuda::detail::b_bits(f, ap_cuda::detail::RZ)}; }
inline __nv_bfloat16 __float2bfloat16_rd(float f) { return __nv_bfloat16_raw{ap_cuda::detail::b_bits(f, ap_cuda::detail::RD)}; }
inline __nv_bfloat16 __float2bfloat16_ru(float f) { return __nv_bfloat16_raw{ap_cuda::detail::b_bits(f, ap_cuda::detail::RU)}; }
inline __nv_bfloat16 __double2bfloat16(double d) { return __nv_bfloat16(d); }
inline float __bfloat162float(__nv_bfloat16 h) { return float(h); }
inline __nv_bfloat162 __float2bfloat162_rn(float f) { return __nv_bfloat162(__nv_bfloat16(f), __nv_bfloat16(f)); }
inline __nv_bfloat162 __floats2bfloat162_rn(float a, float b) { return __nv_bfloat162(__nv_bfloat16(a), __nv_bfloat16(b)); }
inline __nv_bfloat162 __float22bfloat162_rn(float2 f) { return __nv_bfloat162(__nv_bfloat16(f.x), __nv_bfloat16(f.y)); }
inline float2 __bfloat1622float2(__nv_bfloat162 h) { return float2{float(h.x), float(h.y)}; }
inline __nv_bfloat16 __low2bfloat16(__nv_bfloat162 h) { return h.x; }
inline __nv_bfloat16 __high2bfloat16(__nv_bfloat162 h) { return h.y; }
inline __nv_bfloat162 __halves2bfloat162(__nv_bfloat16 a, __nv_bfloat16 b) { return __nv_bfloat162(a, b); }
inline __nv_bfloat162 __bfloat162bfloat162(__nv_bfloat16 a) { return __nv_bfloat162(a, a); }
inline __nv_bfloat162 __lows2bfloat162(__nv_bfloat162 a, __nv_bfloat162 b) { return __nv_bfloat162(a.x, b.x); }
inline __nv_bfloat162 __highs2bfloat162(__nv_bfloat162 a, __nv_bfloat162 b) { return __nv_bfloat162(a.y, b.y); }
inline __nv_bfloat162 __low2bfloat162(__nv_bfloat162 a) { return __nv_bfloat162(a.x, a.x); }
inline __nv_bfloat162 __high2bfloat162(__nv_bfloat162 a) { return __nv_bfloat162(a.y, a.y); }
inline __nv_bfloat162 make_bfloat162(__nv_bfloat16 a, __nv_bfloat16 b) { return __nv_bfloat162(a, b); }
inline short __bfloat16_as_short(__nv_bfloat16 h) { return static_cast<short>(h.__x); }
inline unsigned short __bfloat16_as_ushort(__nv_bfloat16 h) { return h.__x; }
inline __nv_bfloat16 __short_as_bfloat16(short s) { return __nv_bfloat16_raw{static_cast<unsigned short>(s)}; }
inline __nv_bfloat16 __ushort_as_bfloat16(unsigned short s) { return __nv_bfloat16_raw{s}; }
inline __half __bfloat162half(__nv_bfloat16 b) { return __half(float(b)); }
inline __nv_bfloat16 __half2bfloat16(__half h) { return __nv_bfloat16(float(h)); }

// ---- integer conversions with rounding modes (both types) ------------------------------------

#define AP_CUDA_INT_CONV(PFX, T, BITS, SUF, MODE)                                                                    \
  inline int __##PFX##2int_##SUF(T h) { return ap_cuda::detail::to_int<int>(float(h), ap_cuda::detail::MODE); }       \
  inline unsigned __##PFX##2uint_##SUF(T h) { return ap_cuda::detail::to_int<unsigned>(float(h), ap_cuda::detail::MODE); } \
  inline short __##PFX##2short_##SUF(T h) { return ap_cuda::detail::to_int<short>(float(h), ap_cuda::detail::MODE); } \
  inline unsigned short __##PFX##2ushort_##SUF(T h) { return ap_cuda::detail::to_int<unsigned short>(float(h), ap_cuda::detail::MODE); } \
  inline long long __##PFX##2ll_##SUF(T h) { return ap_cuda::detail::to_int<long long>(float(h), ap_cuda::detail::MODE); } \
  inline unsigned long long __##PFX##2ull_##SUF(T h) { return ap_cuda::detail::to_int<unsigned long long>(float(h), ap_cuda::detail::MODE); } \
  inline T __int2##PFX##_##SUF(int i) { return ap_cuda::detail::from_bits16<T>(ap_cuda::detail::BITS(float(i), ap_cuda::detail::MODE)); } \
  inline T __uint2##PFX##_##SUF(unsigned i) { return ap_cuda::detail::from_bits16<T>(ap_cuda::detail::BITS(ap_cuda::detail::round_odd_f32(double(i)), ap_cuda::detail::MODE)); } \
  inline T __short2##PFX##_##SUF(short i) { return ap_cuda::detail::from_bits16<T>(ap_cuda::detail::BITS(float(i), ap_cuda::detail::MODE)); } \
  inline T __ushort2##PFX##_##SUF(unsigned short i) { return ap_cuda::detail::from_bits16<T>(ap_cuda::detail::BITS(float(i), ap_cuda::detail::MODE)); } \
  inline T __ll2##PFX##_##SUF(long long i) { return ap_cuda::detail::from_bits16<T>(ap_cuda::detail::BITS(ap_cuda::detail::round_odd_f32(double(i)), ap_cuda::detail::MODE)); } \
  inline T __ull2##PFX##_##SUF(unsigned long long i) { return ap_cuda::detail::from_bits16<T>(ap_cuda::detail::BITS(ap_cuda::detail::round_odd_f32(double(i)), ap_cuda::detail::MODE)); }

#define AP_CUDA_INT_CONV_ALL(PFX, T, BITS) \
  AP_CUDA_INT_CONV(PFX, T, BITS, rn, RN)   \
  AP_CUDA_INT_CONV(PFX, T, BITS, rz, RZ)   \
  AP_CUDA_INT_CONV(PFX, T, BITS, rd, RD)   \
  AP_CUDA_INT_CONV(PFX, T, BITS, ru, RU)
AP_CUDA_INT_CONV_ALL(half, __half, h_bits)
AP_CUDA_INT_CONV_ALL(bfloat16, __nv_bfloat16, b_bits)
#undef AP_CUDA_INT_CONV_ALL
#undef AP_CUDA_INT_CONV
inline signed char __half2char_rz(__half h) { return ap_cuda::detail::to_int<signed char>(float(h), ap_cuda::detail::RZ); }
inline unsigned char __half2uchar_rz(__half h) { return ap_cuda::detail::to_int<unsigned char>(float(h), ap_cuda::detail::RZ); }
