// ascend-port verify: a minimal cooperative_groups for the CPU model. Included by
// cuda_cpu.h (after the warp operations). Thread blocks, warp-sized tiles
// (tiled_partition<N>, N a power of two up to 32), coalesced_threads(), cg::reduce and
// the tile scans. A grid group exists, but grid.sync() is reported as unsupported: blocks
// run one after another.
#pragma once

namespace cooperative_groups {

namespace detail {
inline unsigned block_rank() { return threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z); }
inline unsigned block_size() { return blockDim.x * blockDim.y * blockDim.z; }
}  // namespace detail

class thread_block {
 public:
  void sync(AP_SITE) const { __syncthreads(file, line); }
  unsigned thread_rank() const { return detail::block_rank(); }
  unsigned size() const { return detail::block_size(); }
  unsigned num_threads() const { return detail::block_size(); }
  dim3 group_index() const { return dim3(blockIdx); }
  dim3 thread_index() const { return dim3(threadIdx); }
  dim3 group_dim() const { return blockDim; }
  dim3 dim_threads() const { return blockDim; }
};
inline thread_block this_thread_block() { return thread_block(); }

class grid_group {
 public:
  void sync(AP_SITE) const {
    ap_cuda::detail::fail(ap_cuda::KernelError::Unsupported,
                          "ap_cuda: grid.sync() at " + ap_cuda::detail::site(file, line) +
                              ": the CPU model runs blocks one after another, so a grid-wide barrier cannot be modelled");
  }
  unsigned long long thread_rank() const {
    unsigned long long b = blockIdx.x + static_cast<unsigned long long>(gridDim.x) * (blockIdx.y + static_cast<unsigned long long>(gridDim.y) * blockIdx.z);
    return b * detail::block_size() + detail::block_rank();
  }
  unsigned long long size() const { return static_cast<unsigned long long>(gridDim.x) * gridDim.y * gridDim.z * detail::block_size(); }
  unsigned long long num_threads() const { return size(); }
  unsigned long long block_rank() const { return blockIdx.x + static_cast<unsigned long long>(gridDim.x) * (blockIdx.y + static_cast<unsigned long long>(gridDim.y) * blockIdx.z); }
  bool is_valid() const { return true; }
  dim3 group_dim() const { return gridDim; }
};
inline grid_group this_grid() { return grid_group(); }

/** A tile of N (power of two, at most 32) consecutive threads of a warp. */
template <unsigned N, class Parent = void>
class thread_block_tile {
  static_assert(N >= 1 && N <= 32 && (N & (N - 1)) == 0,
                "ap_cuda: tiles must be a power of two of at most 32 threads (wider tiles are not modelled)");

 public:
  thread_block_tile() = default;
  template <class P>
  thread_block_tile(const thread_block_tile<N, P>&) {}

  static constexpr unsigned size() { return N; }
  static constexpr unsigned num_threads() { return N; }
  unsigned thread_rank() const { return detail::block_rank() & (N - 1); }
  unsigned meta_group_rank() const { return detail::block_rank() / N; }
  unsigned meta_group_size() const { return (detail::block_size() + N - 1) / N; }
  /** The tile's lanes within the warp. */
  unsigned mask() const {
    if (N == 32) return 0xFFFFFFFFu;
    unsigned lane = detail::block_rank() & 31u;
    return ((1u << N) - 1u) << (lane & ~(N - 1));
  }
  void sync(AP_SITE) const { __syncwarp(mask(), file, line); }
  template <class T>
  T shfl(T v, int src, AP_SITE) const { return __shfl_sync(mask(), v, src, int(N), file, line); }
  template <class T>
  T shfl_down(T v, unsigned d, AP_SITE) const { return __shfl_down_sync(mask(), v, d, int(N), file, line); }
  template <class T>
  T shfl_up(T v, unsigned d, AP_SITE) const { return __shfl_up_sync(mask(), v, d, int(N), file, line); }
  template <class T>
  T shfl_xor(T v, unsigned m, AP_SITE) const { return __shfl_xor_sync(mask(), v, int(m), int(N), file, line); }
  unsigned ballot(int pred, AP_SITE) const {
    unsigned b = __ballot_sync(mask(), pred, file, line);
    unsigned lane = detail::block_rank() & 31u;
    return (b >> (lane & ~(N - 1))) & (N == 32 ? 0xFFFFFFFFu : ((1u << N) - 1u));
  }
  int any(int pred, AP_SITE) const { return __any_sync(mask(), pred, file, line); }
  int all(int pred, AP_SITE) const { return __all_sync(mask(), pred, file, line); }
  template <class T>
  unsigned match_any(T v, AP_SITE) const {
    unsigned lane = detail::block_rank() & 31u;
    return __match_any_sync(mask(), v, file, line) >> (lane & ~(N - 1));
  }
};

template <unsigned N, class Parent>
inline thread_block_tile<N, Parent> tiled_partition(const Parent&) {
  return thread_block_tile<N, Parent>();
}

/** The lanes that call coalesced_threads() together (see __activemask()). */
class coalesced_group {
 public:
  explicit coalesced_group(unsigned mask) : mask_(mask) {}
  unsigned size() const { return unsigned(__popc(mask_)); }
  unsigned num_threads() const { return size(); }
  unsigned thread_rank() const { return unsigned(__popc(mask_ & __lanemask_lt_())); }
  void sync(AP_SITE) const { __syncwarp(mask_, file, line); }
  template <class T>
  T shfl(T v, unsigned rank, AP_SITE) const { return __shfl_sync(mask_, v, int(lane_of(rank)), 32, file, line); }
  unsigned ballot(int pred, AP_SITE) const {
    unsigned b = __ballot_sync(mask_, pred, file, line);
    unsigned r = 0, k = 0;
    for (unsigned l = 0; l < 32; l++)
      if (mask_ >> l & 1u) r |= ((b >> l) & 1u) << k++;
    return r;
  }
  int any(int pred, AP_SITE) const { return __any_sync(mask_, pred, file, line); }
  int all(int pred, AP_SITE) const { return __all_sync(mask_, pred, file, line); }

 private:
  static unsigned __lanemask_lt_() { return (1u << (detail::block_rank() & 31u)) - 1u; }
  unsigned lane_of(unsigned rank) const {
    for (unsigned l = 0, k = 0; l < 32; l++)
      if (mask_ >> l & 1u) {
        if (k == rank) return l;
        k++;
      }
    return detail::block_rank() & 31u;
  }
  unsigned mask_;
};
inline coalesced_group coalesced_threads(AP_SITE) { return coalesced_group(__activemask(file, line)); }

/** A thread block or a tile of at most 32 threads, chosen at run time. */
class thread_group {
 public:
  thread_group(const thread_block&) : tile_(0) {}
  template <unsigned N, class P>
  thread_group(const thread_block_tile<N, P>&) : tile_(N) {}
  explicit thread_group(unsigned tile) : tile_(tile) {}
  unsigned size() const { return tile_ ? tile_ : detail::block_size(); }
  unsigned num_threads() const { return size(); }
  unsigned thread_rank() const { return tile_ ? detail::block_rank() & (tile_ - 1) : detail::block_rank(); }
  void sync(AP_SITE) const {
    if (!tile_) { __syncthreads(file, line); return; }
    unsigned lane = detail::block_rank() & 31u;
    unsigned m = tile_ == 32 ? 0xFFFFFFFFu : ((1u << tile_) - 1u) << (lane & ~(tile_ - 1));
    __syncwarp(m, file, line);
  }

 private:
  unsigned tile_;  // 0: the whole block
};

/** tiled_partition(parent, n) with n a power of two of at most 32. */
inline thread_group tiled_partition(const thread_group&, unsigned n, AP_SITE) {
  if (n == 0 || n > 32 || (n & (n - 1)) != 0)
    ap_cuda::detail::fail(ap_cuda::KernelError::Unsupported, "ap_cuda: tiled_partition(g, " + std::to_string(n) + ") at " +
                                                                ap_cuda::detail::site(file, line) + ": only tiles of 1 to 32 threads (powers of two) are modelled");
  return thread_group(n);
}

template <class G>
inline void sync(const G& g, AP_SITE) { g.sync(file, line); }
template <class G>
inline auto thread_rank(const G& g) { return g.thread_rank(); }
template <class G>
inline auto group_size(const G& g) { return g.size(); }

template <class T> struct plus { T operator()(const T& a, const T& b) const { return a + b; } };
template <class T> struct less { T operator()(const T& a, const T& b) const { return b < a ? b : a; } };
template <class T> struct greater { T operator()(const T& a, const T& b) const { return a < b ? b : a; } };
template <class T> struct bit_and { T operator()(const T& a, const T& b) const { return a & b; } };
template <class T> struct bit_or { T operator()(const T& a, const T& b) const { return a | b; } };
template <class T> struct bit_xor { T operator()(const T& a, const T& b) const { return a ^ b; } };

/** Every thread of the tile gets op over the tile's values (butterfly order). */
template <unsigned N, class P, class T, class Op>
inline T reduce(const thread_block_tile<N, P>& g, T v, Op op) {
  for (unsigned o = N / 2; o > 0; o /= 2) v = op(v, g.shfl_xor(v, o));
  return v;
}
template <unsigned N, class P, class T, class Op>
inline T inclusive_scan(const thread_block_tile<N, P>& g, T v, Op op) {
  for (unsigned o = 1; o < N; o *= 2) {
    T u = g.shfl_up(v, o);
    if (g.thread_rank() >= o) v = op(v, u);
  }
  return v;
}
template <unsigned N, class P, class T>
inline T inclusive_scan(const thread_block_tile<N, P>& g, T v) { return inclusive_scan(g, v, plus<T>()); }
template <unsigned N, class P, class T, class Op>
inline T exclusive_scan(const thread_block_tile<N, P>& g, T v, Op op) {
  T inc = inclusive_scan(g, v, op);
  T prev = g.shfl_up(inc, 1);
  return g.thread_rank() == 0 ? T{} : prev;
}
template <unsigned N, class P, class T>
inline T exclusive_scan(const thread_block_tile<N, P>& g, T v) { return exclusive_scan(g, v, plus<T>()); }

}  // namespace cooperative_groups
