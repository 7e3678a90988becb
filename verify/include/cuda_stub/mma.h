// ascend-port verify: <mma.h> (nvcuda::wmma) on the CPU shim.
//
// Every lane of a warp holds the whole fragment, row-major (element (r, c) of an R × C
// fragment is x[r * C + c]), so `num_elements` is R × C rather than CUDA's per-lane share, and
// a loop over `x[i]` touches every element once per lane, with the same result. Code that
// relies on CUDA's mapping of elements to lanes (which the CUDA docs leave unspecified) does
// not run here as on a GPU. The warp-wide calls rendezvous (`__syncwarp`) before they touch
// memory, so every lane has loaded before any lane stores: `d` may alias `c`, as on a GPU.
// Products are formed and summed in float (int for 8-bit integer fragments), then rounded to
// the accumulator's type. `__float_to_tf32` rounds to 10 mantissa bits, to nearest, ties away
// from zero.
#pragma once
#include "cuda_cpu.h"

namespace nvcuda {
namespace wmma {

struct matrix_a {};
struct matrix_b {};
struct accumulator {};
struct row_major {};
struct col_major {};
enum layout_t { mem_row_major, mem_col_major };

namespace precision {
struct tf32 {};
}  // namespace precision

namespace ap_detail {
template <class T> struct storage { using type = T; };
template <> struct storage<precision::tf32> { using type = float; };
template <class T> struct wide { using type = float; };
template <> struct wide<int> { using type = int; };
template <> struct wide<signed char> { using type = int; };
template <> struct wide<unsigned char> { using type = int; };
template <class Use, int M, int N, int K> struct shape;
template <int M, int N, int K> struct shape<matrix_a, M, N, K> { static constexpr int rows = M, cols = K; };
template <int M, int N, int K> struct shape<matrix_b, M, N, K> { static constexpr int rows = K, cols = N; };
template <int M, int N, int K> struct shape<accumulator, M, N, K> { static constexpr int rows = M, cols = N; };
}  // namespace ap_detail

template <class Use, int M, int N, int K, class T, class Layout = void>
struct fragment {
  using element_type = typename ap_detail::storage<T>::type;
  static constexpr int ap_rows = ap_detail::shape<Use, M, N, K>::rows;
  static constexpr int ap_cols = ap_detail::shape<Use, M, N, K>::cols;
  enum { num_elements = ap_rows * ap_cols };
  element_type x[num_elements];
};

template <class Use, int M, int N, int K, class T, class L, class V>
inline void fill_fragment(fragment<Use, M, N, K, T, L>& f, const V& v) {
  for (int i = 0; i < f.num_elements; ++i) f.x[i] = static_cast<typename fragment<Use, M, N, K, T, L>::element_type>(v);
}

namespace ap_detail {
template <class F, class P>
inline void load(F& f, const P* p, unsigned ldm, bool colMajor) {
  for (int r = 0; r < F::ap_rows; ++r)
    for (int c = 0; c < F::ap_cols; ++c)
      f.x[r * F::ap_cols + c] = static_cast<typename F::element_type>(colMajor ? p[static_cast<size_t>(c) * ldm + r] : p[static_cast<size_t>(r) * ldm + c]);
}
}  // namespace ap_detail

/** A or B: the layout is the fragment's. */
template <class Use, int M, int N, int K, class T, class L, class P>
inline void load_matrix_sync(fragment<Use, M, N, K, T, L>& f, const P* p, unsigned ldm, const char* file = __builtin_FILE(), unsigned line = __builtin_LINE()) {
  static_assert(!std::is_same<Use, accumulator>::value, "an accumulator fragment is loaded with a layout (mem_row_major or mem_col_major)");
  __syncwarp(0xFFFFFFFFu, file, line);
  ap_detail::load(f, p, ldm, std::is_same<L, col_major>::value);
}

/** The accumulator: the layout is the call's. */
template <int M, int N, int K, class T, class P>
inline void load_matrix_sync(fragment<accumulator, M, N, K, T>& f, const P* p, unsigned ldm, layout_t layout, const char* file = __builtin_FILE(), unsigned line = __builtin_LINE()) {
  __syncwarp(0xFFFFFFFFu, file, line);
  ap_detail::load(f, p, ldm, layout == mem_col_major);
}

template <int M, int N, int K, class T, class P>
inline void store_matrix_sync(P* p, const fragment<accumulator, M, N, K, T>& f, unsigned ldm, layout_t layout, const char* file = __builtin_FILE(), unsigned line = __builtin_LINE()) {
  __syncwarp(0xFFFFFFFFu, file, line);
  using F = fragment<accumulator, M, N, K, T>;
  for (int r = 0; r < F::ap_rows; ++r)
    for (int c = 0; c < F::ap_cols; ++c) {
      P v = static_cast<P>(f.x[r * F::ap_cols + c]);
      if (layout == mem_col_major) p[static_cast<size_t>(c) * ldm + r] = v;
      else p[static_cast<size_t>(r) * ldm + c] = v;
    }
}

/** d = a · b + c. */
template <int M, int N, int K, class TA, class LA, class TB, class LB, class TC, class TD>
inline void mma_sync(fragment<accumulator, M, N, K, TD>& d, const fragment<matrix_a, M, N, K, TA, LA>& a, const fragment<matrix_b, M, N, K, TB, LB>& b, const fragment<accumulator, M, N, K, TC>& c, bool = false) {
  using W = typename ap_detail::wide<typename ap_detail::storage<TA>::type>::type;
  typename fragment<accumulator, M, N, K, TD>::element_type out[M * N];
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      W s = static_cast<W>(c.x[i * N + j]);
      for (int k = 0; k < K; ++k) s += static_cast<W>(a.x[i * K + k]) * static_cast<W>(b.x[k * N + j]);
      out[i * N + j] = static_cast<typename fragment<accumulator, M, N, K, TD>::element_type>(s);
    }
  for (int i = 0; i < M * N; ++i) d.x[i] = out[i];
}

/** Rounds to tf32 (10 mantissa bits): to nearest, ties away from zero; Inf and NaN unchanged. */
inline float __float_to_tf32(float in) {
  std::uint32_t u;
  std::memcpy(&u, &in, 4);
  if ((u & 0x7F800000u) != 0x7F800000u) u = (u + 0x1000u) & 0xFFFFE000u;
  float out;
  std::memcpy(&out, &u, 4);
  return out;
}

}  // namespace wmma
}  // namespace nvcuda
