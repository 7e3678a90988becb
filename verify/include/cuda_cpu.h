// ascend-port verify: run CUDA device code on the CPU, compiled by g++ (C++17, Linux).
//
// The CUDA side of `ascend-port verify`: the user's real .cu file, passed through
// cudaCpuView() (server/src/engine/verify/cudaCpuSource.ts), compiles with
//
//   g++ -std=c++17 -O1 -x c++ -I verify/include/cuda_stub -I verify/include
//       -include cuda_cpu.h -Dmain=ap_user_main_ file.cu
//
// and its kernels run with ap_cuda::launch() (or the rewritten launches
// ::ap_cuda::Launch(k, grid, block, smem, stream)(args...)).
//
// Execution model
//   * Blocks run one after another, in blockIdx order (x fastest).
//   * The threads of a block are cooperative fibers on one OS thread. A thread runs until
//     it finishes or reaches __syncthreads() / a warp operation, so a kernel that never
//     synchronises costs two context switches per thread.
//   * __syncthreads() is a real barrier. A thread that reaches it after another thread of
//     the block has exited, threads waiting at two different __syncthreads() call sites,
//     and a block in which nobody can make progress are reported as ap_cuda::KernelError
//     (kind DivergentBarrier, DivergentWarp or Deadlock) instead of hanging.
//   * Warp operations (shuffles, votes, __syncwarp, match, reduce) rendezvous: the lanes
//     named by the mask (that have not exited) arrive, then every lane gets its result.
//     Warps are 32 consecutive linear thread ids.
//   * Atomics are plain read-modify-writes (the fibers share one OS thread); every 256
//     atomics in a row the thread yields, so spin locks between threads of one block
//     make progress.
//   * __shared__ is `static`: one block runs at a time, so a function-static array is
//     exactly that block's shared memory. It is aligned to 16 bytes, as the GPU places shared
//     arrays, so a `float` tile read or written as `float4` does not fault on the CPU. Dynamic
//     shared memory is one fixed buffer (ap_cuda::dynamic_smem<T>()).
// One launch at a time per process; see verify/README.md for the limits.
#pragma once
#if !defined(__cplusplus) || __cplusplus < 201703L
#error "cuda_cpu.h needs C++17 (g++ -std=c++17)"
#endif

#include <algorithm>
#include <cassert>
#include <cfenv>
#include <cfloat>
#include <chrono>
#include <climits>
#include <limits>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <exception>
#include <new>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>
#if !defined(__x86_64__)
#include <ucontext.h>
#endif

#include "ap_fp16.h"

// ---------------------------------------------------------------------------------------
// Qualifiers
// ---------------------------------------------------------------------------------------

#define __global__
#define __device__
#define __host__
// Empty rather than `inline` or an attribute: libstdc++ spells `__attribute__((__noinline__))`,
// which must stay valid, and `inline __forceinline__` must not repeat `inline`.
#define __forceinline__
#define __noinline__
#define __constant__
#define __managed__
#define __grid_constant__
#define __device_builtin__
#define __cudart_builtin__
#define __shared__ static __attribute__((aligned(16)))
#define __launch_bounds__(...)
#define __maxnreg__(...)
#define __cluster_dims__(...)
#define __align__(n) __attribute__((aligned(n)))
#define __builtin_align__(n) __attribute__((aligned(n)))
// g++ understands __restrict__ itself.

#ifndef __CUDACC__
#define __CUDACC__ 1
#endif
#ifndef CUDART_VERSION
#define CUDART_VERSION 12080
#endif
#ifndef CUDA_VERSION
#define CUDA_VERSION 12080
#endif
#ifndef __CUDACC_VER_MAJOR__
#define __CUDACC_VER_MAJOR__ 12
#define __CUDACC_VER_MINOR__ 8
#define __CUDACC_VER_BUILD__ 0
#endif
#define AP_CUDA_CPU 1
// The include guards of the real CUDA headers: code that tests them (helper headers of the
// CUDA samples, for instance) sees the runtime as included.
#define __CUDA_RUNTIME_H__
#define __CUDA_RUNTIME_API_H__
#define __DRIVER_TYPES_H__
#define __VECTOR_TYPES_H__
#define __DEVICE_LAUNCH_PARAMETERS_H__
#define __CUDA_FP16_H__
#define __CUDA_BF16_H__

// ---------------------------------------------------------------------------------------
// Vector types (alignment as CUDA's vector_types.h) and make_*
// ---------------------------------------------------------------------------------------

#define AP_CUDA_VEC(NAME, T, A1, A2, A3, A4)                                                  \
  struct __attribute__((aligned(A1))) NAME##1 { T x; };                                       \
  struct __attribute__((aligned(A2))) NAME##2 { T x, y; };                                    \
  struct __attribute__((aligned(A3))) NAME##3 { T x, y, z; };                                 \
  struct __attribute__((aligned(A4))) NAME##4 { T x, y, z, w; };                              \
  inline constexpr NAME##1 make_##NAME##1(T x) { return NAME##1{x}; }                         \
  inline constexpr NAME##2 make_##NAME##2(T x, T y) { return NAME##2{x, y}; }                 \
  inline constexpr NAME##3 make_##NAME##3(T x, T y, T z) { return NAME##3{x, y, z}; }         \
  inline constexpr NAME##4 make_##NAME##4(T x, T y, T z, T w) { return NAME##4{x, y, z, w}; }

AP_CUDA_VEC(char, signed char, 1, 2, 1, 4)
AP_CUDA_VEC(uchar, unsigned char, 1, 2, 1, 4)
AP_CUDA_VEC(short, short, 2, 4, 2, 8)
AP_CUDA_VEC(ushort, unsigned short, 2, 4, 2, 8)
AP_CUDA_VEC(int, int, 4, 8, 4, 16)
AP_CUDA_VEC(uint, unsigned int, 4, 8, 4, 16)
AP_CUDA_VEC(long, long, 8, 16, 8, 16)
AP_CUDA_VEC(ulong, unsigned long, 8, 16, 8, 16)
AP_CUDA_VEC(longlong, long long, 8, 16, 8, 16)
AP_CUDA_VEC(ulonglong, unsigned long long, 8, 16, 8, 16)
AP_CUDA_VEC(float, float, 4, 8, 4, 16)
AP_CUDA_VEC(double, double, 8, 16, 8, 16)
#undef AP_CUDA_VEC

struct dim3 {
  unsigned int x, y, z;
  constexpr dim3(unsigned int vx = 1, unsigned int vy = 1, unsigned int vz = 1) : x(vx), y(vy), z(vz) {}
  constexpr dim3(uint3 v) : x(v.x), y(v.y), z(v.z) {}
  constexpr operator uint3() const { return uint3{x, y, z}; }
};

// The built-in index variables. The scheduler writes them before it resumes a thread;
// every switch goes through an opaque call, so the compiler reloads them after a barrier.
inline uint3 threadIdx{0, 0, 0};
inline uint3 blockIdx{0, 0, 0};
inline dim3 blockDim{1, 1, 1};
inline dim3 gridDim{1, 1, 1};
static constexpr int warpSize = 32;

// ---------------------------------------------------------------------------------------
// Errors, fibers and the block scheduler
// ---------------------------------------------------------------------------------------

#ifndef AP_CUDA_MAX_DYNAMIC_SMEM
#define AP_CUDA_MAX_DYNAMIC_SMEM (1u << 20)
#endif
#ifndef AP_CUDA_STACK_KIB
#define AP_CUDA_STACK_KIB 128
#endif

namespace ap_cuda {

/** What ap_cuda::launch throws when a kernel cannot run faithfully. */
class KernelError : public std::runtime_error {
 public:
  enum Kind {
    Config,            // invalid grid/block/shared-memory configuration
    Deadlock,          // no thread of the block can make progress
    DivergentBarrier,  // __syncthreads() not reached by every thread, or at different call sites
    DivergentWarp,     // lanes of one warp meet at different warp operations
    Exception,         // a C++ exception escaped a kernel thread
    Trap,              // __trap() or a failed device-side check
    Unsupported,       // grid-wide sync, dynamic parallelism, ...
  };
  KernelError(Kind k, const std::string& message) : std::runtime_error(message), kind(k) {}
  Kind kind;
  static const char* kind_name(Kind k) {
    switch (k) {
      case Config: return "config";
      case Deadlock: return "deadlock";
      case DivergentBarrier: return "divergent-barrier";
      case DivergentWarp: return "divergent-warp";
      case Exception: return "exception";
      case Trap: return "trap";
      case Unsupported: return "unsupported";
    }
    return "unknown";
  }
};

namespace detail {

enum class FState : unsigned char { Ready, Barrier, Warp, Done };

struct Fiber {
  void* sp = nullptr;
#if !defined(__x86_64__)
  ucontext_t uc;
#endif
  uint3 tid{0, 0, 0};
  unsigned linear = 0;
  FState state = FState::Done;
  const char* file = "";
  unsigned line = 0;
};

enum WarpKind : int {
  WK_SYNC, WK_SHFL_IDX, WK_SHFL_UP, WK_SHFL_DOWN, WK_SHFL_XOR, WK_BALLOT, WK_ANY, WK_ALL,
  WK_MATCH_ANY, WK_MATCH_ALL, WK_RED_ADD, WK_RED_MIN, WK_RED_MAX, WK_RED_UMIN, WK_RED_UMAX,
  WK_RED_AND, WK_RED_OR, WK_RED_XOR, WK_ACTIVEMASK,
};

inline const char* warp_kind_name(int k) {
  static const char* const names[] = {
      "__syncwarp", "__shfl_sync", "__shfl_up_sync", "__shfl_down_sync", "__shfl_xor_sync",
      "__ballot_sync", "__any_sync", "__all_sync", "__match_any_sync", "__match_all_sync",
      "__reduce_add_sync", "__reduce_min_sync", "__reduce_max_sync", "__reduce_min_sync",
      "__reduce_max_sync", "__reduce_and_sync", "__reduce_or_sync", "__reduce_xor_sync", "__activemask"};
  return (k >= 0 && k < int(sizeof(names) / sizeof(names[0]))) ? names[k] : "warp operation";
}

struct LaneSlot {
  alignas(16) unsigned char val[16];
  alignas(16) unsigned char res[16];
  unsigned size = 0;
  unsigned mask = 0;
  int kind = WK_SYNC;
  int param = 0;
  int width = 32;
  int pred = 0;
};

struct Warp {
  unsigned existing = 0;  // lanes of this warp that exist in the block
  unsigned alive = 0;     // ... and have not exited
  unsigned arrived = 0;   // ... and wait at a warp operation
  LaneSlot lane[32];
};

struct Sched {
  bool active = false;
  void* main_sp = nullptr;
#if !defined(__x86_64__)
  ucontext_t main_uc;
#endif
  std::vector<Fiber> fibers;
  std::vector<Warp> warps;
  std::vector<unsigned> runq;
  unsigned q_head = 0, q_count = 0;
  Fiber* cur = nullptr;
  unsigned nthreads = 0, exited = 0, first_exited = 0;
  // __syncthreads()
  unsigned bar_arrived = 0;
  const char* bar_file = "";
  unsigned bar_line = 0;
  int bar_kind = 0;
  long long bar_acc = 0;
  long long bar_result = 0;
  // failure of the current block
  bool failed = false;
  KernelError::Kind err_kind = KernelError::Deadlock;
  std::string err_msg;
  // atomics since the current thread was resumed
  unsigned streak = 0;
  // the kernel body (one call per thread)
  void (*body)(void*) = nullptr;
  void* body_ctx = nullptr;
};

inline Sched g_sched;
alignas(128) inline unsigned char g_dyn_smem[AP_CUDA_MAX_DYNAMIC_SMEM];
inline size_t g_dyn_smem_bytes = 0;

// Fiber stacks: one mapping per fiber slot, reused by every block, a guard page below.
struct Stacks {
  std::vector<unsigned char*> lo;  // lowest usable byte (the guard page is just below)
  size_t size = 0;
  size_t page = 4096;
};
inline Stacks g_stacks;

inline std::string fmt3(uint3 v) {
  return "(" + std::to_string(v.x) + "," + std::to_string(v.y) + "," + std::to_string(v.z) + ")";
}
inline std::string site(const char* file, unsigned line) {
  return std::string(file ? file : "?") + ":" + std::to_string(line);
}
inline std::string hex32(unsigned v) {
  char b[16];
  std::snprintf(b, sizeof b, "0x%08x", v);
  return b;
}

}  // namespace detail
}  // namespace ap_cuda

#if defined(__x86_64__)
// Saves the callee-saved registers on the current stack, stores the stack pointer in
// *save, and resumes the context whose stack pointer is `load`. MXCSR and the x87 control
// word are not switched: all simulated threads share the launching thread's modes.
// Weak, so that several translation units may include this header.
extern "C" void ap_cuda_fiber_switch(void** save, void* load);
__asm__(
    ".text\n"
    ".weak ap_cuda_fiber_switch\n"
    ".type ap_cuda_fiber_switch,@function\n"
    "ap_cuda_fiber_switch:\n"
    "  pushq %rbp\n"
    "  pushq %rbx\n"
    "  pushq %r12\n"
    "  pushq %r13\n"
    "  pushq %r14\n"
    "  pushq %r15\n"
    "  movq %rsp, (%rdi)\n"
    "  movq %rsi, %rsp\n"
    "  popq %r15\n"
    "  popq %r14\n"
    "  popq %r13\n"
    "  popq %r12\n"
    "  popq %rbx\n"
    "  popq %rbp\n"
    "  ret\n"
    ".size ap_cuda_fiber_switch, .-ap_cuda_fiber_switch\n");
#endif

namespace ap_cuda {
namespace detail {

inline void fiber_main();

inline size_t stack_bytes() {
  static const size_t bytes = [] {
    size_t kib = AP_CUDA_STACK_KIB;
    if (const char* e = std::getenv("AP_CUDA_STACK_KIB")) {
      long v = std::strtol(e, nullptr, 10);
      if (v >= 16 && v <= 65536) kib = size_t(v);
    }
    return kib * 1024;
  }();
  return bytes;
}

inline void install_overflow_handler();

inline void ensure_stacks(unsigned n) {
  Stacks& st = g_stacks;
  if (st.size == 0) {
    long pg = sysconf(_SC_PAGESIZE);
    st.page = pg > 0 ? size_t(pg) : 4096;
    // The usable stack plus room for the staggered tops (init_fiber).
    st.size = (stack_bytes() + 16384 + st.page - 1) / st.page * st.page;
  }
  while (st.lo.size() < n) {
    size_t total = st.size + st.page;
    void* p = mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) throw KernelError(KernelError::Config, "ap_cuda: cannot map a fiber stack (" + std::to_string(total) + " bytes)");
    mprotect(p, st.page, PROT_NONE);
    st.lo.push_back(static_cast<unsigned char*>(p) + st.page);
  }
  install_overflow_handler();
}

/** Prepares fiber i to start the kernel body from the top of its stack. */
inline void init_fiber(Fiber& f, unsigned i) {
  unsigned char* lo = g_stacks.lo[i];
#if defined(__x86_64__)
  // Stagger the tops so that the fibers' hot frames do not all fall into the same cache sets.
  size_t color = (i & 63u) * 64u + ((i >> 6) & 3u) * 4096u;
  auto* top = reinterpret_cast<std::uint64_t*>(lo + g_stacks.size - color);
  *--top = 0;  // return address of fiber_main: never used, ends backtraces
  *--top = reinterpret_cast<std::uint64_t>(&fiber_main);
  for (int r = 0; r < 6; r++) *--top = 0;  // rbp rbx r12 r13 r14 r15
  f.sp = top;
#else
  getcontext(&f.uc);
  f.uc.uc_stack.ss_sp = lo;
  f.uc.uc_stack.ss_size = g_stacks.size;
  f.uc.uc_link = nullptr;
  makecontext(&f.uc, reinterpret_cast<void (*)()>(&fiber_main), 0);
#endif
}

inline void jump(Fiber& from, Fiber& to) {
#if defined(__x86_64__)
  ap_cuda_fiber_switch(&from.sp, to.sp);
#else
  swapcontext(&from.uc, &to.uc);
#endif
}

/** From a fiber to the scheduler's own context (the launching thread's stack). */
inline void to_main(Fiber& f) {
#if defined(__x86_64__)
  ap_cuda_fiber_switch(&f.sp, g_sched.main_sp);
#else
  swapcontext(&f.uc, &g_sched.main_uc);
#endif
}

inline void resume(Fiber& f) {
#if defined(__x86_64__)
  ap_cuda_fiber_switch(&g_sched.main_sp, f.sp);
#else
  swapcontext(&g_sched.main_uc, &f.uc);
#endif
}

inline void push_ready(unsigned linear) {
  Sched& s = g_sched;
  s.fibers[linear].state = FState::Ready;
  unsigned cap = unsigned(s.runq.size());
  unsigned at = s.q_head + s.q_count;
  s.runq[at >= cap ? at - cap : at] = linear;
  s.q_count++;
}

inline unsigned pop_ready() {
  Sched& s = g_sched;
  unsigned i = s.runq[s.q_head];
  if (++s.q_head == s.runq.size()) s.q_head = 0;
  s.q_count--;
  return i;
}

/**
 * Leaves fiber f (the current one; its state is already set) and runs the next ready
 * fiber directly, or returns to the scheduler when none is ready. Returns when somebody
 * resumes f.
 */
inline void to_scheduler(Fiber& f) {
  Sched& s = g_sched;
  while (s.q_count > 0 && !s.failed) {
    Fiber& n = s.fibers[pop_ready()];
    if (n.state != FState::Ready) continue;
    s.streak = 0;
    if (&n == &f) return;  // the only ready fiber is f itself: carry on
    s.cur = &n;
    threadIdx = n.tid;
    jump(f, n);
    return;
  }
  to_main(f);
}

/** Records the block's failure and leaves the fiber for good (its stack is abandoned). */
[[noreturn]] inline void fail(KernelError::Kind kind, const std::string& msg) {
  Sched& s = g_sched;
  if (!s.active || !s.cur) throw KernelError(kind, msg);
  if (!s.failed) {
    s.failed = true;
    s.err_kind = kind;
    s.err_msg = msg;
  }
  to_main(*s.cur);
  std::abort();  // never resumed
}

inline std::string where() {
  Sched& s = g_sched;
  if (!s.cur) return "host code";
  return "thread " + fmt3(s.cur->tid) + " of block " + fmt3(blockIdx);
}

inline void yield_now() {
  Sched& s = g_sched;
  if (!s.active || !s.cur) return;
  push_ready(s.cur->linear);
  to_scheduler(*s.cur);
}

inline void atomic_tick() {
  Sched& s = g_sched;
  if (s.cur && ++s.streak >= 256) {
    s.streak = 0;
    yield_now();
  }
}

// ---- warp rendezvous -------------------------------------------------------------------

inline unsigned lane_src(int kind, unsigned lane, int param, int width) {
  unsigned w = unsigned(width);
  unsigned base = lane & ~(w - 1u);
  long src = lane;
  switch (kind) {
    case WK_SHFL_IDX: src = long(base) + long(unsigned(param) & (w - 1u)); break;
    case WK_SHFL_UP: src = long(lane) - long(unsigned(param)); if (src < long(base)) src = lane; break;
    case WK_SHFL_DOWN: src = long(lane) + long(unsigned(param)); if (src >= long(base + w)) src = lane; break;
    case WK_SHFL_XOR: src = long(lane ^ unsigned(param)); if (src >= long(base + w) || src < 0 || src > 31) src = lane; break;
    default: break;
  }
  return unsigned(src);
}

/** Completes the warp operation of the lanes in `mask` if all of them (alive) have arrived. */
inline bool try_complete(unsigned warp_index, unsigned mask) {
  Sched& s = g_sched;
  Warp& w = s.warps[warp_index];
  unsigned need = mask & w.alive;
  if (need == 0 || (w.arrived & need) != need) return false;
  int kind = -1;
  for (unsigned l = 0; l < 32; l++) {
    if (!(need >> l & 1u)) continue;
    const LaneSlot& sl = w.lane[l];
    if (sl.mask != mask) return false;  // they wait for a different group: maybe later, else a deadlock
    if (kind < 0) kind = sl.kind;
    else if (sl.kind != kind) {
      Fiber& a = s.fibers[warp_index * 32 + l];
      fail(KernelError::DivergentWarp,
           "ap_cuda: divergent warp operation in block " + fmt3(blockIdx) + ": lanes of warp " +
               std::to_string(warp_index) + " (mask " + hex32(mask) + ") meet at " + warp_kind_name(kind) +
               " and " + warp_kind_name(sl.kind) + " (thread " + fmt3(a.tid) + " at " + site(a.file, a.line) + ")");
    }
  }
  unsigned ballot = 0;
  for (unsigned l = 0; l < 32; l++)
    if ((need >> l & 1u) && w.lane[l].pred) ballot |= 1u << l;
  long long acc = 0;
  bool acc_set = false;
  if (kind >= WK_RED_ADD && kind <= WK_RED_XOR) {
    for (unsigned l = 0; l < 32; l++) {
      if (!(need >> l & 1u)) continue;
      unsigned u;
      std::memcpy(&u, w.lane[l].val, 4);
      long long v = (kind == WK_RED_MIN || kind == WK_RED_MAX) ? (long long)(int)u : (long long)u;
      if (!acc_set) { acc = v; acc_set = true; continue; }
      switch (kind) {
        case WK_RED_ADD: acc = (long long)(unsigned)((unsigned)acc + (unsigned)v); break;
        case WK_RED_MIN: case WK_RED_UMIN: acc = std::min(acc, v); break;
        case WK_RED_MAX: case WK_RED_UMAX: acc = std::max(acc, v); break;
        case WK_RED_AND: acc &= v; break;
        case WK_RED_OR: acc |= v; break;
        case WK_RED_XOR: acc ^= v; break;
        default: break;
      }
    }
  }
  for (unsigned l = 0; l < 32; l++) {
    if (!(need >> l & 1u)) continue;
    LaneSlot& sl = w.lane[l];
    switch (kind) {
      case WK_SHFL_IDX: case WK_SHFL_UP: case WK_SHFL_DOWN: case WK_SHFL_XOR: {
        unsigned src = lane_src(kind, l, sl.param, sl.width);
        if (!(need >> src & 1u)) src = l;  // inactive source: CUDA leaves it undefined; we return the lane's own value
        std::memcpy(sl.res, w.lane[src].val, 16);
        break;
      }
      case WK_BALLOT: std::memcpy(sl.res, &ballot, 4); break;
      case WK_ANY: { int r = ballot != 0; std::memcpy(sl.res, &r, 4); break; }
      case WK_ALL: { int r = ballot == need; std::memcpy(sl.res, &r, 4); break; }
      case WK_MATCH_ANY: case WK_MATCH_ALL: {
        unsigned same = 0;
        for (unsigned o = 0; o < 32; o++)
          if ((need >> o & 1u) && std::memcmp(w.lane[o].val, sl.val, sl.size) == 0) same |= 1u << o;
        unsigned r = kind == WK_MATCH_ANY ? same : (same == need ? need : 0u);
        std::memcpy(sl.res, &r, 4);
        int p = same == need;
        std::memcpy(sl.res + 4, &p, 4);
        break;
      }
      case WK_SYNC: break;
      default: { unsigned r = unsigned(acc); std::memcpy(sl.res, &r, 4); break; }
    }
  }
  w.arrived &= ~need;
  for (unsigned l = 0; l < 32; l++) {
    if (!(need >> l & 1u)) continue;
    Fiber& f = s.fibers[warp_index * 32 + l];
    if (&f == s.cur) f.state = FState::Ready;
    else push_ready(f.linear);
  }
  return true;
}

/**
 * One lane's warp operation: deposits `size` bytes of `val`, waits for the group named by
 * `mask`, and copies its result (16 bytes) to `out`.
 */
inline void warp_op(int kind, unsigned mask, const void* val, unsigned size, int param, int width, int pred,
                    const char* file, unsigned line, void* out) {
  Sched& s = g_sched;
  if (!s.active || !s.cur) {  // host code or outside a launch: a warp of one lane
    unsigned char res[16] = {};
    if (kind == WK_BALLOT || kind == WK_MATCH_ANY || kind == WK_MATCH_ALL) { unsigned r = pred ? 1u : 0u; if (kind != WK_BALLOT) r = 1u; std::memcpy(res, &r, 4); }
    else if (kind == WK_ANY || kind == WK_ALL) { int r = pred != 0; std::memcpy(res, &r, 4); }
    else if (val) std::memcpy(res, val, size);
    if (out) std::memcpy(out, res, 16);
    return;
  }
  if (width < 1 || width > 32 || (width & (width - 1)) != 0)
    fail(KernelError::Config, "ap_cuda: " + std::string(warp_kind_name(kind)) + " with width " + std::to_string(width) +
                                  " at " + site(file, line) + " (" + where() + "): the width must be a power of two from 1 to 32");
  Fiber& f = *s.cur;
  unsigned lane = f.linear & 31u, wi = f.linear >> 5;
  Warp& w = s.warps[wi];
  mask = (mask | (1u << lane)) & w.existing;
  LaneSlot& sl = w.lane[lane];
  std::memset(sl.val, 0, 16);
  if (val && size) std::memcpy(sl.val, val, size);
  sl.size = size;
  sl.mask = mask;
  sl.kind = kind;
  sl.param = param;
  sl.width = width;
  sl.pred = pred;
  w.arrived |= 1u << lane;
  f.state = FState::Warp;
  f.file = file;
  f.line = line;
  // __activemask() is resolved by the scheduler once no lane of the block can run: the
  // lanes that then wait at the same call site are the ones "converged" there.
  if (kind == WK_ACTIVEMASK) sl.mask = 0;
  else try_complete(wi, mask);
  if (f.state == FState::Warp) to_scheduler(f);
  if (out) std::memcpy(out, sl.res, 16);
}

// ---- block barrier ---------------------------------------------------------------------

inline long long barrier(int kind, int pred, const char* file, unsigned line) {
  Sched& s = g_sched;
  if (!s.active || !s.cur) return pred != 0;  // host code: a block of one thread
  Fiber& f = *s.cur;
  if (s.exited > 0) {
    Fiber& e = s.fibers[s.first_exited];
    fail(KernelError::DivergentBarrier,
         "ap_cuda: divergent __syncthreads() in block " + fmt3(blockIdx) + ": thread " + fmt3(f.tid) + " reached it at " +
             site(file, line) + " after " + std::to_string(s.exited) + " of the block's " + std::to_string(s.nthreads) +
             " threads had exited (first: thread " + fmt3(e.tid) +
             "); every thread of a block must reach every __syncthreads()");
  }
  if (s.bar_arrived == 0) {
    s.bar_file = file;
    s.bar_line = line;
    s.bar_kind = kind;
    s.bar_acc = 0;
  } else if (line != s.bar_line || std::strcmp(file, s.bar_file) != 0) {
    fail(KernelError::DivergentBarrier,
         "ap_cuda: divergent __syncthreads() in block " + fmt3(blockIdx) + ": thread " + fmt3(f.tid) + " waits at " +
             site(file, line) + " while " + std::to_string(s.bar_arrived) + " thread(s) wait at " +
             site(s.bar_file, s.bar_line) + "; all threads of a block must reach the same barrier");
  }
  if (kind == 1) s.bar_acc += pred != 0;                       // count
  else if (kind == 2) s.bar_acc += pred == 0;                  // and: count of false
  else if (kind == 3) s.bar_acc += pred != 0;                  // or
  s.bar_arrived++;
  if (s.bar_arrived == s.nthreads) {
    s.bar_result = kind == 2 ? (s.bar_acc == 0) : kind == 3 ? (s.bar_acc != 0) : s.bar_acc;
    s.bar_arrived = 0;
    for (unsigned i = 0; i < s.nthreads; i++)
      if (s.fibers[i].state == FState::Barrier) push_ready(i);
    return s.bar_result;
  }
  f.state = FState::Barrier;
  f.file = file;
  f.line = line;
  to_scheduler(f);
  return s.bar_result;  // valid until every thread has arrived at the next barrier
}

// ---- thread start and exit ---------------------------------------------------------------

inline void on_exit(Fiber& f) {
  Sched& s = g_sched;
  if (s.exited++ == 0) s.first_exited = f.linear;
  unsigned lane = f.linear & 31u, wi = f.linear >> 5;
  Warp& w = s.warps[wi];
  w.alive &= ~(1u << lane);
  if (s.bar_arrived > 0)
    fail(KernelError::DivergentBarrier,
         "ap_cuda: divergent __syncthreads() in block " + fmt3(blockIdx) + ": thread " + fmt3(f.tid) + " exited while " +
             std::to_string(s.bar_arrived) + " thread(s) wait at " + site(s.bar_file, s.bar_line) +
             "; every thread of a block must reach every __syncthreads()");
  // Lanes waiting for this one at a warp operation may now be complete.
  for (unsigned l = 0; l < 32 && w.arrived; l++)
    if ((w.arrived >> l & 1u) && w.lane[l].kind != WK_ACTIVEMASK) try_complete(wi, w.lane[l].mask);
}

inline void fiber_main() {
  Sched& s = g_sched;
  Fiber* f = s.cur;
  try {
    s.body(s.body_ctx);
  } catch (const KernelError& e) {
    if (!s.failed) { s.failed = true; s.err_kind = e.kind; s.err_msg = e.what(); }
  } catch (const std::exception& e) {
    if (!s.failed) { s.failed = true; s.err_kind = KernelError::Exception; s.err_msg = std::string("ap_cuda: exception in ") + where() + ": " + e.what(); }
  } catch (...) {
    if (!s.failed) { s.failed = true; s.err_kind = KernelError::Exception; s.err_msg = "ap_cuda: unknown exception in " + where(); }
  }
  f = s.cur;
  if (!s.failed) on_exit(*f);
  f->state = FState::Done;
  to_scheduler(*f);
  std::abort();  // a finished fiber is never resumed
}

// ---- stack overflow message --------------------------------------------------------------

inline void overflow_handler(int sig, siginfo_t* info, void*) {
  auto addr = reinterpret_cast<std::uintptr_t>(info ? info->si_addr : nullptr);
  for (unsigned char* lo : g_stacks.lo) {
    auto l = reinterpret_cast<std::uintptr_t>(lo);
    if (addr + g_stacks.page >= l && addr < l + 256) {
      static const char msg[] =
          "ap_cuda: stack overflow in a simulated CUDA thread; raise AP_CUDA_STACK_KIB (environment) "
          "or shrink the kernel's local arrays\n";
      ssize_t ignored = write(2, msg, sizeof msg - 1);
      (void)ignored;
      break;
    }
  }
  signal(sig, SIG_DFL);  // the faulting instruction runs again and takes the default action
}

inline void install_overflow_handler() {
#ifndef AP_CUDA_NO_SIGNAL_HANDLER
  static bool done = false;
  if (done) return;
  done = true;
  static std::vector<unsigned char> alt(64 * 1024);
  stack_t ss{};
  ss.ss_sp = alt.data();
  ss.ss_size = alt.size();
  sigaltstack(&ss, nullptr);
  struct sigaction sa{};
  sa.sa_sigaction = &overflow_handler;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, nullptr);
#endif
}

// ---- blocks and grids ----------------------------------------------------------------------

inline std::string describe_stuck() {
  Sched& s = g_sched;
  // Group the waiting threads by what they wait at.
  struct Group { std::string what; unsigned count; uint3 first; };
  std::vector<Group> groups;
  for (unsigned i = 0; i < s.nthreads; i++) {
    const Fiber& f = s.fibers[i];
    std::string what;
    if (f.state == FState::Barrier) what = "__syncthreads() at " + site(f.file, f.line);
    else if (f.state == FState::Warp) {
      const LaneSlot& sl = s.warps[i >> 5].lane[i & 31u];
      what = std::string(warp_kind_name(sl.kind)) + " (mask " + hex32(sl.mask) + ", warp " + std::to_string(i >> 5) + ") at " + site(f.file, f.line);
    } else continue;
    bool found = false;
    for (auto& g : groups)
      if (g.what == what) { g.count++; found = true; break; }
    if (!found) groups.push_back({what, 1, f.tid});
  }
  std::string out;
  for (auto& g : groups) out += "\n  " + std::to_string(g.count) + " thread(s) wait at " + g.what + " (first: thread " + fmt3(g.first) + ")";
  out += "\n  " + std::to_string(s.exited) + " thread(s) exited";
  return out;
}

/**
 * Called when no thread of the block is ready: every group of lanes of one warp waiting
 * at the same __activemask() call site gets its group as the mask. True if any was.
 */
inline bool resolve_activemasks() {
  Sched& s = g_sched;
  bool any = false;
  for (unsigned wi = 0; wi < s.warps.size(); wi++) {
    Warp& w = s.warps[wi];
    for (unsigned l = 0; l < 32; l++) {
      if (!(w.arrived >> l & 1u) || w.lane[l].kind != WK_ACTIVEMASK) continue;
      const Fiber& a = s.fibers[wi * 32 + l];
      unsigned group = 0;
      for (unsigned o = l; o < 32; o++) {
        if (!(w.arrived >> o & 1u) || w.lane[o].kind != WK_ACTIVEMASK) continue;
        const Fiber& b = s.fibers[wi * 32 + o];
        if (b.line == a.line && std::strcmp(b.file, a.file) == 0) group |= 1u << o;
      }
      for (unsigned o = 0; o < 32; o++) {
        if (!(group >> o & 1u)) continue;
        std::memcpy(w.lane[o].res, &group, 4);
        push_ready(wi * 32 + o);
      }
      w.arrived &= ~group;
      any = true;
    }
  }
  return any;
}

inline void run_block(unsigned n) {
  Sched& s = g_sched;
  s.exited = 0;
  s.bar_arrived = 0;
  s.q_head = 0;
  s.q_count = 0;
  unsigned bx = blockDim.x, by = blockDim.y;
  for (unsigned i = 0; i < n; i++) {
    Fiber& f = s.fibers[i];
    f.linear = i;
    f.tid = uint3{i % bx, (i / bx) % by, i / (bx * by)};
    init_fiber(f, i);
    push_ready(i);
  }
  for (unsigned wi = 0; wi < s.warps.size(); wi++) {
    Warp& w = s.warps[wi];
    unsigned lanes = std::min(32u, n - wi * 32);
    w.existing = w.alive = lanes == 32 ? 0xFFFFFFFFu : ((1u << lanes) - 1u);
    w.arrived = 0;
  }
  for (;;) {
    while (s.q_count > 0 && !s.failed) {
      Fiber& f = s.fibers[pop_ready()];
      if (f.state != FState::Ready) continue;
      s.cur = &f;
      s.streak = 0;
      threadIdx = f.tid;
      resume(f);
    }
    if (s.failed || !resolve_activemasks()) break;
  }
  s.cur = nullptr;
  if (s.failed) throw KernelError(s.err_kind, s.err_msg);
  if (s.exited != n)
    throw KernelError(KernelError::Deadlock, "ap_cuda: deadlock in block " + fmt3(blockIdx) + " of grid " +
                                                 fmt3(uint3(gridDim)) + ": no thread can continue" + describe_stuck());
}

inline void check_config(dim3 grid, dim3 block, size_t smem) {
  auto bad = [&](const std::string& why) {
    throw KernelError(KernelError::Config, "ap_cuda: invalid launch configuration grid " + fmt3(uint3(grid)) + " block " +
                                               fmt3(uint3(block)) + " shared " + std::to_string(smem) + " bytes: " + why);
  };
  if (grid.x == 0 || grid.y == 0 || grid.z == 0 || block.x == 0 || block.y == 0 || block.z == 0) bad("a dimension is 0");
  if (block.x > 1024 || block.y > 1024 || block.z > 64) bad("block dimensions exceed (1024, 1024, 64)");
  if (std::uint64_t(block.x) * block.y * block.z > 1024) bad("more than 1024 threads per block");
  if (grid.y > 65535 || grid.z > 65535) bad("grid.y and grid.z must be at most 65535");
  if (smem > AP_CUDA_MAX_DYNAMIC_SMEM)
    bad("dynamic shared memory above the CPU model's " + std::to_string(AP_CUDA_MAX_DYNAMIC_SMEM) +
        " bytes (define AP_CUDA_MAX_DYNAMIC_SMEM to raise it)");
}

struct ActiveGuard {
  ActiveGuard() { g_sched.active = true; }
  ~ActiveGuard() {
    g_sched.active = false;
    g_sched.cur = nullptr;
    threadIdx = uint3{0, 0, 0};
    blockIdx = uint3{0, 0, 0};
  }
};

/** Runs body(ctx) once per thread of the grid; throws KernelError. */
inline void run_grid(dim3 grid, dim3 block, size_t smem, void (*body)(void*), void* ctx) {
  Sched& s = g_sched;
  if (s.active)
    throw KernelError(KernelError::Unsupported, "ap_cuda: a kernel launched another kernel (dynamic parallelism is not modelled)");
  check_config(grid, block, smem);
  unsigned n = block.x * block.y * block.z;
  ensure_stacks(n);
  if (s.fibers.size() < n) s.fibers.resize(n);
  s.warps.assign((n + 31) / 32, Warp{});
  s.runq.assign(n, 0);
  s.nthreads = n;
  s.failed = false;
  s.err_msg.clear();
  s.body = body;
  s.body_ctx = ctx;
  g_dyn_smem_bytes = smem;
  ActiveGuard guard;
  gridDim = grid;
  blockDim = block;
  for (unsigned z = 0; z < grid.z; z++)
    for (unsigned y = 0; y < grid.y; y++)
      for (unsigned x = 0; x < grid.x; x++) {
        blockIdx = uint3{x, y, z};
        run_block(n);
      }
}

template <class F, class Tuple>
struct Body {
  F* f;
  Tuple* args;
  static void call(void* p) {
    auto* b = static_cast<Body*>(p);
    std::apply(*b->f, *b->args);  // each thread gets its own copies of the by-value parameters
  }
};

template <class T>
struct is_fn_ptr : std::false_type {};
template <class R, class... P>
struct is_fn_ptr<R (*)(P...)> : std::true_type {};

}  // namespace detail

/** This launch's dynamic shared memory (`extern __shared__ T name[]`), aligned to 128 bytes. */
template <class T>
inline T* dynamic_smem() {
  return reinterpret_cast<T*>(detail::g_dyn_smem);
}
/** Bytes of dynamic shared memory requested by the current (or last) launch. */
inline size_t dynamic_smem_size() { return detail::g_dyn_smem_bytes; }

/**
 * Runs `kernel` on the CPU over grid x block threads with `smem` bytes of dynamic shared
 * memory. The arguments are converted to the kernel's parameter types once, as a CUDA
 * launch does, and each thread receives its own copy. Throws ap_cuda::KernelError.
 */
template <class... P, class... A>
void launch(void (*kernel)(P...), dim3 grid, dim3 block, size_t smem, A&&... args) {
  static_assert(sizeof...(P) == sizeof...(A), "ap_cuda::launch: the number of arguments differs from the kernel's parameters");
  std::tuple<std::decay_t<P>...> params{std::forward<A>(args)...};
  detail::Body<void(P...), decltype(params)> body{kernel, &params};
  detail::run_grid(grid, block, smem, &decltype(body)::call, &body);
}

/** Like launch(), for any callable (a lambda that calls a template kernel, ...). */
template <class F, class... A>
void launch_callable(F&& f, dim3 grid, dim3 block, size_t smem, A&&... args) {
  std::tuple<std::decay_t<A>...> params{std::forward<A>(args)...};
  using Fn = std::remove_reference_t<F>;
  detail::Body<Fn, decltype(params)> body{&f, &params};
  detail::run_grid(grid, block, smem, &decltype(body)::call, &body);
}

}  // namespace ap_cuda

// ---------------------------------------------------------------------------------------
// Half and bfloat16
// ---------------------------------------------------------------------------------------

#include "cuda_cpu_half.h"

// ---------------------------------------------------------------------------------------
// Host runtime stubs (so that host code in the same file compiles; simple host memory)
// ---------------------------------------------------------------------------------------

enum cudaError {
  cudaSuccess = 0,
  cudaErrorInvalidValue = 1,
  cudaErrorMemoryAllocation = 2,
  cudaErrorInitializationError = 3,
  cudaErrorInvalidConfiguration = 9,
  cudaErrorInvalidDevicePointer = 17,
  cudaErrorInvalidMemcpyDirection = 21,
  cudaErrorNoDevice = 100,
  cudaErrorInvalidDevice = 101,
  cudaErrorInvalidResourceHandle = 400,
  cudaErrorNotReady = 600,
  cudaErrorIllegalAddress = 700,
  cudaErrorAssert = 710,
  cudaErrorIllegalInstruction = 715,
  cudaErrorLaunchFailure = 719,
  cudaErrorNotSupported = 801,
  cudaErrorUnknown = 999,
};
typedef enum cudaError cudaError_t;

enum cudaMemcpyKind {
  cudaMemcpyHostToHost = 0,
  cudaMemcpyHostToDevice = 1,
  cudaMemcpyDeviceToHost = 2,
  cudaMemcpyDeviceToDevice = 3,
  cudaMemcpyDefault = 4,
};

struct CUstream_st {};
struct CUevent_st {
  std::chrono::steady_clock::time_point t{};
};
typedef CUstream_st* cudaStream_t;
typedef CUevent_st* cudaEvent_t;
// Inter-process handles: declared so host code that passes them around compiles; no IPC call runs on the CPU.
struct cudaIpcMemHandle_t { char reserved[64]; };
struct cudaIpcEventHandle_t { char reserved[64]; };
// Stream-ordered allocator pools shared between processes: the types only.
enum cudaMemAllocationHandleType { cudaMemHandleTypeNone = 0, cudaMemHandleTypePosixFileDescriptor = 1, cudaMemHandleTypeWin32 = 2, cudaMemHandleTypeWin32Kmt = 4, cudaMemHandleTypeFabric = 8 };
struct cudaMemPoolPtrExportData { unsigned char reserved[64]; };

#define cudaStreamDefault 0x00
#define cudaStreamNonBlocking 0x01
#define cudaStreamLegacy ((cudaStream_t)0x1)
#define cudaStreamPerThread ((cudaStream_t)0x2)
#define cudaEventDefault 0x00
#define cudaEventBlockingSync 0x01
#define cudaEventDisableTiming 0x02
#define cudaHostAllocDefault 0x00
#define cudaHostAllocPortable 0x01
#define cudaHostAllocMapped 0x02
#define cudaHostAllocWriteCombined 0x04
#define cudaHostRegisterDefault 0x00
#define cudaHostRegisterPortable 0x01
#define cudaHostRegisterMapped 0x02
#define cudaHostRegisterIoMemory 0x04
#define cudaHostRegisterReadOnly 0x08
#define cudaDeviceScheduleSpin 0x01
#define cudaDeviceScheduleYield 0x02
#define cudaDeviceScheduleBlockingSync 0x04
#define cudaDeviceLmemResizeToMax 0x10
#define CUDART_CB
#define cudaMemAttachGlobal 0x01
#define cudaMemAttachHost 0x02
#define cudaDeviceScheduleAuto 0x00
#define cudaDeviceMapHost 0x08

enum cudaFuncAttribute {
  cudaFuncAttributeMaxDynamicSharedMemorySize = 8,
  cudaFuncAttributePreferredSharedMemoryCarveout = 9,
};
enum cudaFuncCache { cudaFuncCachePreferNone = 0, cudaFuncCachePreferShared = 1, cudaFuncCachePreferL1 = 2, cudaFuncCachePreferEqual = 3 };
enum cudaSharedMemConfig { cudaSharedMemBankSizeDefault = 0, cudaSharedMemBankSizeFourByte = 1, cudaSharedMemBankSizeEightByte = 2 };
enum cudaLimit {
  cudaLimitStackSize = 0,
  cudaLimitPrintfFifoSize = 1,
  cudaLimitMallocHeapSize = 2,
  cudaLimitDevRuntimeSyncDepth = 3,
  cudaLimitDevRuntimePendingLaunchCount = 4,
  cudaLimitMaxL2FetchGranularity = 5,
  cudaLimitPersistingL2CacheSize = 6,
};
enum cudaComputeMode {
  cudaComputeModeDefault = 0,
  cudaComputeModeExclusive = 1,
  cudaComputeModeProhibited = 2,
  cudaComputeModeExclusiveProcess = 3,
};
enum cudaDeviceAttr {
  cudaDevAttrMaxThreadsPerBlock = 1,
  cudaDevAttrMaxBlockDimX = 2,
  cudaDevAttrMaxGridDimX = 5,
  cudaDevAttrMaxSharedMemoryPerBlock = 8,
  cudaDevAttrWarpSize = 10,
  cudaDevAttrClockRate = 13,
  cudaDevAttrMultiProcessorCount = 16,
  cudaDevAttrIntegrated = 18,
  cudaDevAttrComputeMode = 20,
  cudaDevAttrComputeCapabilityMajor = 75,
  cudaDevAttrComputeCapabilityMinor = 76,
  cudaDevAttrMaxSharedMemoryPerMultiprocessor = 81,
  cudaDevAttrMaxSharedMemoryPerBlockOptin = 97,
};

struct cudaDeviceProp {
  char name[256];
  size_t totalGlobalMem;
  size_t sharedMemPerBlock;
  int regsPerBlock;
  int warpSize;
  size_t memPitch;
  int maxThreadsPerBlock;
  int maxThreadsDim[3];
  int maxGridSize[3];
  int clockRate;
  size_t totalConstMem;
  int major;
  int minor;
  size_t textureAlignment;
  int deviceOverlap;
  int multiProcessorCount;
  int kernelExecTimeoutEnabled;
  int integrated;
  int canMapHostMemory;
  int computeMode;
  int concurrentKernels;
  int ECCEnabled;
  int pciBusID;
  int pciDeviceID;
  int pciDomainID;
  int asyncEngineCount;
  int unifiedAddressing;
  int memoryClockRate;
  int memoryBusWidth;
  int l2CacheSize;
  int maxThreadsPerMultiProcessor;
  size_t sharedMemPerMultiprocessor;
  int regsPerMultiprocessor;
  int managedMemory;
  int isMultiGpuBoard;
  int concurrentManagedAccess;
  int cooperativeLaunch;
  int cooperativeMultiDeviceLaunch;
  size_t sharedMemPerBlockOptin;
  int maxBlocksPerMultiProcessor;
};

struct cudaFuncAttributes {
  size_t sharedSizeBytes;
  size_t constSizeBytes;
  size_t localSizeBytes;
  int maxThreadsPerBlock;
  int numRegs;
  int ptxVersion;
  int binaryVersion;
  int maxDynamicSharedSizeBytes;
};

namespace ap_cuda {
namespace detail {
inline cudaError_t g_last_error = cudaSuccess;
/** Set by a launch that failed the way a GPU kernel does not recover from (trap, assert, ...). */
inline cudaError_t g_sticky_error = cudaSuccess;
inline cudaError_t sticky() { return g_sticky_error; }
inline cudaError_t ok_or(bool ok, cudaError_t err) {
  if (!ok) g_last_error = err;
  return ok ? cudaSuccess : err;
}
}  // namespace detail
}  // namespace ap_cuda

inline const char* cudaGetErrorString(cudaError_t e) {
  switch (e) {
    case cudaSuccess: return "no error";
    case cudaErrorInvalidValue: return "invalid argument";
    case cudaErrorMemoryAllocation: return "out of memory";
    case cudaErrorInvalidConfiguration: return "invalid configuration argument";
    case cudaErrorInvalidDevice: return "invalid device ordinal";
    case cudaErrorNotSupported: return "operation not supported";
    case cudaErrorLaunchFailure: return "unspecified launch failure";
    case cudaErrorAssert: return "device-side assert triggered";
    case cudaErrorIllegalInstruction: return "an illegal instruction was encountered";
    default: return "unknown error";
  }
}
inline const char* cudaGetErrorName(cudaError_t e) {
  switch (e) {
    case cudaSuccess: return "cudaSuccess";
    case cudaErrorInvalidValue: return "cudaErrorInvalidValue";
    case cudaErrorMemoryAllocation: return "cudaErrorMemoryAllocation";
    case cudaErrorInvalidConfiguration: return "cudaErrorInvalidConfiguration";
    case cudaErrorInvalidDevice: return "cudaErrorInvalidDevice";
    case cudaErrorNotSupported: return "cudaErrorNotSupported";
    case cudaErrorLaunchFailure: return "cudaErrorLaunchFailure";
    case cudaErrorAssert: return "cudaErrorAssert";
    case cudaErrorIllegalInstruction: return "cudaErrorIllegalInstruction";
    default: return "cudaErrorUnknown";
  }
}
inline cudaError_t cudaGetLastError() {
  cudaError_t e = ap_cuda::detail::g_last_error;
  ap_cuda::detail::g_last_error = ap_cuda::detail::sticky();
  return e;
}
inline cudaError_t cudaPeekAtLastError() { return ap_cuda::detail::g_last_error; }

inline cudaError_t cudaMalloc(void** p, size_t n) {
  if (!p) return cudaErrorInvalidValue;
  *p = std::aligned_alloc(256, (n + 255) / 256 * 256 + 256);
  return ap_cuda::detail::ok_or(*p != nullptr, cudaErrorMemoryAllocation);
}
template <class T>
inline cudaError_t cudaMalloc(T** p, size_t n) { return cudaMalloc(reinterpret_cast<void**>(p), n); }
inline cudaError_t cudaMallocManaged(void** p, size_t n, unsigned = cudaMemAttachGlobal) { return cudaMalloc(p, n); }
template <class T>
inline cudaError_t cudaMallocManaged(T** p, size_t n, unsigned f = cudaMemAttachGlobal) { return cudaMallocManaged(reinterpret_cast<void**>(p), n, f); }
inline cudaError_t cudaMallocHost(void** p, size_t n) { return cudaMalloc(p, n); }
template <class T>
inline cudaError_t cudaMallocHost(T** p, size_t n) { return cudaMalloc(reinterpret_cast<void**>(p), n); }
inline cudaError_t cudaHostAlloc(void** p, size_t n, unsigned) { return cudaMalloc(p, n); }
template <class T>
inline cudaError_t cudaHostAlloc(T** p, size_t n, unsigned f) { return cudaHostAlloc(reinterpret_cast<void**>(p), n, f); }
inline cudaError_t cudaMallocPitch(void** p, size_t* pitch, size_t width, size_t height) {
  if (!pitch) return cudaErrorInvalidValue;
  *pitch = (width + 255) / 256 * 256;
  return cudaMalloc(p, *pitch * height);
}
template <class T>
inline cudaError_t cudaMallocPitch(T** p, size_t* pitch, size_t w, size_t h) { return cudaMallocPitch(reinterpret_cast<void**>(p), pitch, w, h); }
inline cudaError_t cudaFree(void* p) { std::free(p); return cudaSuccess; }
inline cudaError_t cudaFreeHost(void* p) { std::free(p); return cudaSuccess; }
inline cudaError_t cudaHostRegister(void*, size_t, unsigned) { return cudaSuccess; }
inline cudaError_t cudaHostUnregister(void*) { return cudaSuccess; }
inline cudaError_t cudaHostGetDevicePointer(void** d, void* h, unsigned) { if (d) *d = h; return cudaSuccess; }
inline cudaError_t cudaMemcpy(void* dst, const void* src, size_t n, cudaMemcpyKind = cudaMemcpyDefault) {
  if (ap_cuda::detail::sticky() != cudaSuccess) return ap_cuda::detail::sticky();
  if (n && (!dst || !src)) return ap_cuda::detail::ok_or(false, cudaErrorInvalidValue);
  if (n) std::memmove(dst, src, n);
  return cudaSuccess;
}
inline cudaError_t cudaMemcpyAsync(void* dst, const void* src, size_t n, cudaMemcpyKind k = cudaMemcpyDefault, cudaStream_t = nullptr) { return cudaMemcpy(dst, src, n, k); }
inline cudaError_t cudaMemcpy2D(void* dst, size_t dpitch, const void* src, size_t spitch, size_t width, size_t height, cudaMemcpyKind = cudaMemcpyDefault) {
  for (size_t r = 0; r < height; r++) std::memmove(static_cast<char*>(dst) + r * dpitch, static_cast<const char*>(src) + r * spitch, width);
  return cudaSuccess;
}
inline cudaError_t cudaMemcpy2DAsync(void* dst, size_t dpitch, const void* src, size_t spitch, size_t width, size_t height, cudaMemcpyKind k = cudaMemcpyDefault, cudaStream_t = nullptr) {
  return cudaMemcpy2D(dst, dpitch, src, spitch, width, height, k);
}
inline cudaError_t cudaMemset(void* p, int v, size_t n) {
  if (n && !p) return ap_cuda::detail::ok_or(false, cudaErrorInvalidValue);
  if (n) std::memset(p, v, n);
  return cudaSuccess;
}
inline cudaError_t cudaMemsetAsync(void* p, int v, size_t n, cudaStream_t = nullptr) { return cudaMemset(p, v, n); }
inline cudaError_t cudaMemset2D(void* p, size_t pitch, int v, size_t width, size_t height) {
  for (size_t r = 0; r < height; r++) std::memset(static_cast<char*>(p) + r * pitch, v, width);
  return cudaSuccess;
}
inline cudaError_t cudaMemset2DAsync(void* p, size_t pitch, int v, size_t width, size_t height, cudaStream_t = nullptr) {
  return cudaMemset2D(p, pitch, v, width, height);
}
inline cudaError_t cudaMemPrefetchAsync(const void*, size_t, int, cudaStream_t = nullptr) { return cudaSuccess; }
template <class T>
inline cudaError_t cudaMemcpyToSymbol(const T& symbol, const void* src, size_t n, size_t offset = 0, cudaMemcpyKind = cudaMemcpyHostToDevice) {
  if (offset + n > sizeof(T)) return ap_cuda::detail::ok_or(false, cudaErrorInvalidValue);
  std::memcpy(reinterpret_cast<char*>(const_cast<T*>(&symbol)) + offset, src, n);
  return cudaSuccess;
}
template <class T>
inline cudaError_t cudaMemcpyToSymbolAsync(const T& symbol, const void* src, size_t n, size_t offset = 0, cudaMemcpyKind k = cudaMemcpyHostToDevice, cudaStream_t = nullptr) {
  return cudaMemcpyToSymbol(symbol, src, n, offset, k);
}
template <class T>
inline cudaError_t cudaMemcpyFromSymbol(void* dst, const T& symbol, size_t n, size_t offset = 0, cudaMemcpyKind = cudaMemcpyDeviceToHost) {
  if (offset + n > sizeof(T)) return ap_cuda::detail::ok_or(false, cudaErrorInvalidValue);
  std::memcpy(dst, reinterpret_cast<const char*>(&symbol) + offset, n);
  return cudaSuccess;
}
template <class T>
inline cudaError_t cudaGetSymbolAddress(void** p, const T& symbol) { *p = const_cast<T*>(&symbol); return cudaSuccess; }

inline cudaError_t cudaDeviceSynchronize() { return ap_cuda::detail::sticky(); }
inline cudaError_t cudaProfilerStart() { return cudaSuccess; }
inline cudaError_t cudaProfilerStop() { return cudaSuccess; }
inline cudaError_t cudaThreadSynchronize() { return cudaSuccess; }
inline cudaError_t cudaDeviceReset() { return cudaSuccess; }
inline cudaError_t cudaSetDeviceFlags(unsigned) { return cudaSuccess; }
inline cudaError_t cudaGetDeviceFlags(unsigned* f) { if (f) *f = 0; return cudaSuccess; }
inline cudaError_t cudaDeviceSetLimit(cudaLimit, size_t) { return cudaSuccess; }
inline cudaError_t cudaDeviceGetLimit(size_t* v, cudaLimit l) {
  if (v) *v = l == cudaLimitStackSize ? ap_cuda::detail::stack_bytes() : l == cudaLimitPrintfFifoSize ? size_t(1) << 20 : size_t(8) << 20;
  return cudaSuccess;
}
inline cudaError_t cudaThreadSetLimit(cudaLimit l, size_t v) { return cudaDeviceSetLimit(l, v); }
inline cudaError_t cudaDeviceCanAccessPeer(int* can, int, int) { if (can) *can = 0; return cudaSuccess; }
inline cudaError_t cudaDeviceEnablePeerAccess(int, unsigned) { return cudaErrorInvalidDevice; }
inline cudaError_t cudaDeviceDisablePeerAccess(int) { return cudaErrorInvalidDevice; }
inline cudaError_t cudaGetDevice(int* d) { if (d) *d = 0; return cudaSuccess; }
inline cudaError_t cudaSetDevice(int d) { return ap_cuda::detail::ok_or(d == 0, cudaErrorInvalidDevice); }
inline cudaError_t cudaGetDeviceCount(int* n) { if (n) *n = 1; return cudaSuccess; }
inline cudaError_t cudaDriverGetVersion(int* v) { if (v) *v = CUDART_VERSION; return cudaSuccess; }
inline cudaError_t cudaRuntimeGetVersion(int* v) { if (v) *v = CUDART_VERSION; return cudaSuccess; }
inline cudaError_t cudaMemGetInfo(size_t* free_bytes, size_t* total) {
  if (free_bytes) *free_bytes = size_t(8) << 30;
  if (total) *total = size_t(16) << 30;
  return cudaSuccess;
}
inline cudaError_t cudaGetDeviceProperties(cudaDeviceProp* p, int device) {
  if (!p || device != 0) return ap_cuda::detail::ok_or(false, cudaErrorInvalidDevice);
  std::memset(p, 0, sizeof *p);
  std::snprintf(p->name, sizeof p->name, "%s", "ap_cuda CPU model");
  p->totalGlobalMem = size_t(16) << 30;
  p->sharedMemPerBlock = 48 * 1024;
  p->sharedMemPerBlockOptin = AP_CUDA_MAX_DYNAMIC_SMEM;
  p->sharedMemPerMultiprocessor = AP_CUDA_MAX_DYNAMIC_SMEM;
  p->regsPerBlock = 65536;
  p->regsPerMultiprocessor = 65536;
  p->warpSize = 32;
  p->memPitch = size_t(1) << 31;
  p->maxThreadsPerBlock = 1024;
  p->maxThreadsDim[0] = 1024; p->maxThreadsDim[1] = 1024; p->maxThreadsDim[2] = 64;
  p->maxGridSize[0] = 2147483647; p->maxGridSize[1] = 65535; p->maxGridSize[2] = 65535;
  p->clockRate = 1000000;
  p->memoryClockRate = 1000000;
  p->memoryBusWidth = 256;
  p->totalConstMem = 65536;
  p->major = 8;
  p->minor = 0;
  p->textureAlignment = 512;
  p->multiProcessorCount = 1;
  p->maxThreadsPerMultiProcessor = 2048;
  p->maxBlocksPerMultiProcessor = 32;
  p->l2CacheSize = 4 << 20;
  p->unifiedAddressing = 1;
  p->managedMemory = 1;
  p->canMapHostMemory = 1;
  p->concurrentKernels = 1;
  p->cooperativeLaunch = 0;
  return cudaSuccess;
}
inline cudaError_t cudaDeviceGetAttribute(int* v, cudaDeviceAttr a, int device) {
  cudaDeviceProp p;
  cudaError_t e = cudaGetDeviceProperties(&p, device);
  if (e != cudaSuccess || !v) return e;
  switch (a) {
    case cudaDevAttrMaxThreadsPerBlock: *v = p.maxThreadsPerBlock; break;
    case cudaDevAttrMaxBlockDimX: *v = p.maxThreadsDim[0]; break;
    case cudaDevAttrMaxGridDimX: *v = p.maxGridSize[0]; break;
    case cudaDevAttrMaxSharedMemoryPerBlock: *v = int(p.sharedMemPerBlock); break;
    case cudaDevAttrWarpSize: *v = 32; break;
    case cudaDevAttrClockRate: *v = p.clockRate; break;
    case cudaDevAttrMultiProcessorCount: *v = p.multiProcessorCount; break;
    case cudaDevAttrIntegrated: *v = p.integrated; break;
    case cudaDevAttrComputeMode: *v = cudaComputeModeDefault; break;
    case cudaDevAttrComputeCapabilityMajor: *v = p.major; break;
    case cudaDevAttrComputeCapabilityMinor: *v = p.minor; break;
    case cudaDevAttrMaxSharedMemoryPerMultiprocessor: *v = int(p.sharedMemPerMultiprocessor); break;
    case cudaDevAttrMaxSharedMemoryPerBlockOptin: *v = int(p.sharedMemPerBlockOptin); break;
    default: *v = 0; break;
  }
  return cudaSuccess;
}

inline cudaError_t cudaStreamCreate(cudaStream_t* s) { if (s) *s = new CUstream_st(); return cudaSuccess; }
inline cudaError_t cudaStreamCreateWithFlags(cudaStream_t* s, unsigned) { return cudaStreamCreate(s); }
inline cudaError_t cudaStreamCreateWithPriority(cudaStream_t* s, unsigned, int) { return cudaStreamCreate(s); }
inline cudaError_t cudaStreamDestroy(cudaStream_t s) {
  if (s != cudaStreamLegacy && s != cudaStreamPerThread) delete s;
  return cudaSuccess;
}
inline cudaError_t cudaStreamSynchronize(cudaStream_t) { return ap_cuda::detail::sticky(); }
inline cudaError_t cudaStreamQuery(cudaStream_t) { return cudaSuccess; }
inline cudaError_t cudaStreamWaitEvent(cudaStream_t, cudaEvent_t, unsigned = 0) { return cudaSuccess; }
inline cudaError_t cudaEventCreate(cudaEvent_t* e) { if (e) *e = new CUevent_st(); return cudaSuccess; }
inline cudaError_t cudaEventCreateWithFlags(cudaEvent_t* e, unsigned) { return cudaEventCreate(e); }
inline cudaError_t cudaEventCreate(cudaEvent_t* e, unsigned) { return cudaEventCreate(e); }
inline cudaError_t cudaEventRecord(cudaEvent_t e, cudaStream_t = nullptr) {
  if (!e) return ap_cuda::detail::ok_or(false, cudaErrorInvalidResourceHandle);
  e->t = std::chrono::steady_clock::now();
  return cudaSuccess;
}
inline cudaError_t cudaEventSynchronize(cudaEvent_t) { return ap_cuda::detail::sticky(); }
inline cudaError_t cudaEventQuery(cudaEvent_t) { return cudaSuccess; }
inline cudaError_t cudaEventElapsedTime(float* ms, cudaEvent_t a, cudaEvent_t b) {
  if (!ms || !a || !b) return ap_cuda::detail::ok_or(false, cudaErrorInvalidValue);
  *ms = std::chrono::duration<float, std::milli>(b->t - a->t).count();
  return cudaSuccess;
}
inline cudaError_t cudaEventDestroy(cudaEvent_t e) { delete e; return cudaSuccess; }

template <class T>
inline cudaError_t cudaFuncSetAttribute(T*, cudaFuncAttribute, int) { return cudaSuccess; }
template <class T>
inline cudaError_t cudaFuncSetCacheConfig(T*, cudaFuncCache) { return cudaSuccess; }
template <class T>
inline cudaError_t cudaFuncSetSharedMemConfig(T*, cudaSharedMemConfig) { return cudaSuccess; }
inline cudaError_t cudaDeviceSetCacheConfig(cudaFuncCache) { return cudaSuccess; }
inline cudaError_t cudaDeviceSetSharedMemConfig(cudaSharedMemConfig) { return cudaSuccess; }
template <class T>
inline cudaError_t cudaFuncGetAttributes(cudaFuncAttributes* a, T*) {
  if (a) { std::memset(a, 0, sizeof *a); a->maxThreadsPerBlock = 1024; a->maxDynamicSharedSizeBytes = AP_CUDA_MAX_DYNAMIC_SMEM; }
  return cudaSuccess;
}
template <class T>
inline cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessor(int* n, T, int, size_t) { if (n) *n = 1; return cudaSuccess; }
template <class T>
inline cudaError_t cudaOccupancyMaxPotentialBlockSize(int* min_grid, int* block, T, size_t = 0, int limit = 0) {
  if (min_grid) *min_grid = 1;
  if (block) *block = limit > 0 && limit < 256 ? limit : 256;
  return cudaSuccess;
}

// ---------------------------------------------------------------------------------------
// Launch objects for rewritten `k<<<grid, block, smem, stream>>>(args)`
// ---------------------------------------------------------------------------------------

namespace ap_cuda {

/** The last KernelError of a rewritten launch (Launch(...)(...)); empty message if none. */
struct LaunchFailure {
  KernelError::Kind kind = KernelError::Config;
  std::string message;
};
inline LaunchFailure& last_launch_failure() {
  static LaunchFailure f;
  return f;
}

namespace detail {
/** A failed rewritten launch reports like CUDA: an error code for the runtime API, sticky unless a configuration error. */
inline void record_launch_failure(const KernelError& e) {
  last_launch_failure() = LaunchFailure{e.kind, e.what()};
  std::fprintf(stderr, "%s\n", e.what());
  cudaError_t code = cudaErrorLaunchFailure;
  switch (e.kind) {
    case KernelError::Config: code = cudaErrorInvalidConfiguration; break;
    case KernelError::Unsupported: code = cudaErrorNotSupported; break;
    case KernelError::Trap: code = std::strstr(e.what(), "assertion") ? cudaErrorAssert : cudaErrorIllegalInstruction; break;
    default: break;
  }
  g_last_error = code;
  if (e.kind != KernelError::Config && e.kind != KernelError::Unsupported) g_sticky_error = code;
}
}  // namespace detail

/**
 * The callable returned by Launch(): `Launch(k, g, b)(args...)` runs the kernel. Like a CUDA
 * launch it does not throw: a KernelError is printed to stderr, kept in
 * last_launch_failure(), and returned by cudaGetLastError() / cudaDeviceSynchronize()
 * (cudaErrorAssert for a failed assert, cudaErrorInvalidConfiguration, ...). Define
 * AP_CUDA_LAUNCH_THROWS to let it propagate instead.
 */
template <class F>
class Launcher {
 public:
  Launcher(F f, dim3 grid, dim3 block, size_t smem) : f_(f), grid_(grid), block_(block), smem_(smem) {}
  template <class... A>
  void operator()(A&&... args) const {
#ifndef AP_CUDA_LAUNCH_THROWS
    try {
#endif
      if constexpr (detail::is_fn_ptr<F>::value) launch(f_, grid_, block_, smem_, std::forward<A>(args)...);
      else launch_callable(f_, grid_, block_, smem_, std::forward<A>(args)...);
#ifndef AP_CUDA_LAUNCH_THROWS
    } catch (const KernelError& e) {
      detail::record_launch_failure(e);
    }
#endif
  }

 private:
  F f_;
  dim3 grid_, block_;
  size_t smem_;
};

/**
 * `::ap_cuda::Launch(k, grid, block, smem, stream)(args...)` is the rewrite of
 * `k<<<grid, block, smem, stream>>>(args...)`. The stream is accepted and ignored
 * (launches run synchronously). `k` may be a kernel, a kernel template specialisation
 * (`k<float>`), or any callable.
 */
template <class F>
Launcher<std::decay_t<F>> Launch(F&& kernel, dim3 grid, dim3 block, size_t smem = 0, cudaStream_t stream = nullptr) {
  (void)stream;
  return Launcher<std::decay_t<F>>(std::forward<F>(kernel), grid, block, smem);
}

}  // namespace ap_cuda

// cudaLaunchKernelEx (CUDA 11.8+): the configuration's grid, block and dynamic shared memory,
// launched like a rewritten <<<…>>> launch. Launch attributes (programmatic stream
// serialisation, clusters, …) have no effect on the CPU, where launches run one after another.
enum cudaLaunchAttributeID {
  cudaLaunchAttributeIgnore = 0,
  cudaLaunchAttributeCooperative = 2,
  cudaLaunchAttributeProgrammaticStreamSerialization = 5,
};
union cudaLaunchAttributeValue {
  char pad[64];
  int cooperative;
  int programmaticStreamSerializationAllowed;
};
struct cudaLaunchAttribute {
  cudaLaunchAttributeID id;
  cudaLaunchAttributeValue val;
};
struct cudaLaunchConfig_t {
  dim3 gridDim;
  dim3 blockDim;
  size_t dynamicSmemBytes;
  cudaStream_t stream;
  cudaLaunchAttribute* attrs;
  unsigned int numAttrs;
};
template <class... KArgs, class... Args>
inline cudaError_t cudaLaunchKernelEx(const cudaLaunchConfig_t* config, void (*kernel)(KArgs...), Args&&... args) {
  ::ap_cuda::Launch(kernel, config->gridDim, config->blockDim, config->dynamicSmemBytes, config->stream)(std::forward<Args>(args)...);
  return cudaGetLastError();
}

// ---------------------------------------------------------------------------------------
// Synchronisation, warp operations
// ---------------------------------------------------------------------------------------

inline void __syncthreads(const char* file = __builtin_FILE(), unsigned line = __builtin_LINE()) {
  ap_cuda::detail::barrier(0, 0, file, line);
}
inline int __syncthreads_count(int pred, const char* file = __builtin_FILE(), unsigned line = __builtin_LINE()) {
  return int(ap_cuda::detail::barrier(1, pred, file, line));
}
inline int __syncthreads_and(int pred, const char* file = __builtin_FILE(), unsigned line = __builtin_LINE()) {
  return int(ap_cuda::detail::barrier(2, pred, file, line));
}
inline int __syncthreads_or(int pred, const char* file = __builtin_FILE(), unsigned line = __builtin_LINE()) {
  return int(ap_cuda::detail::barrier(3, pred, file, line));
}

#ifndef AP_CUDA_NO_ASSERT_HOOK
// A failed assert() in a kernel stops the launch with KernelError::Trap (CUDA traps the
// kernel); in host code it prints and aborts as usual. Weak, so that several translation
// units may include this header; it takes precedence over the C library's definition.
extern "C" __attribute__((weak, noreturn)) void __assert_fail(const char* expr, const char* file, unsigned line,
                                                             const char* function) noexcept {
  ap_cuda::detail::Sched& s = ap_cuda::detail::g_sched;
  if (s.active && s.cur)
    ap_cuda::detail::fail(ap_cuda::KernelError::Trap, "ap_cuda: assertion `" + std::string(expr) + "` failed in " +
                                                          (function ? function : "?") + " at " + ap_cuda::detail::site(file, line) +
                                                          " (" + ap_cuda::detail::where() + ")");
  std::fprintf(stderr, "%s:%u: %s: Assertion `%s' failed.\n", file, line, function ? function : "?", expr);
  std::abort();
}
#endif

inline void __threadfence() {}
inline void __threadfence_block() {}
inline void __threadfence_system() {}
inline void __nanosleep(unsigned) { ap_cuda::detail::yield_now(); }
[[noreturn]] inline void __trap() { ap_cuda::detail::fail(ap_cuda::KernelError::Trap, "ap_cuda: __trap() in " + ap_cuda::detail::where()); }
inline void __brkpt() {}

namespace ap_cuda {
namespace detail {
template <class T>
inline T shfl(int kind, unsigned mask, T var, int param, int width, const char* file, unsigned line) {
  static_assert(std::is_trivially_copyable<T>::value && sizeof(T) <= 16, "warp shuffles take trivially copyable values of at most 16 bytes");
  alignas(16) unsigned char out[16];
  warp_op(kind, mask, &var, unsigned(sizeof(T)), param, width, 0, file, line, out);
  T r;
  std::memcpy(static_cast<void*>(&r), out, sizeof(T));
  return r;
}
inline unsigned vote(int kind, unsigned mask, int pred, const char* file, unsigned line) {
  alignas(16) unsigned char out[16];
  warp_op(kind, mask, nullptr, 0, 0, 32, pred != 0, file, line, out);
  unsigned r;
  std::memcpy(&r, out, 4);
  return r;
}
inline unsigned reduce(int kind, unsigned mask, unsigned v, const char* file, unsigned line) {
  alignas(16) unsigned char out[16];
  warp_op(kind, mask, &v, 4, 0, 32, 0, file, line, out);
  unsigned r;
  std::memcpy(&r, out, 4);
  return r;
}
/** The lanes of the current thread's warp that exist and have not exited. */
inline unsigned live_lanes() {
  Sched& s = g_sched;
  if (!s.active || !s.cur) return 1u;
  return s.warps[s.cur->linear >> 5].alive;
}
}  // namespace detail
}  // namespace ap_cuda

#define AP_SITE const char* file = __builtin_FILE(), unsigned line = __builtin_LINE()

template <class T>
inline T __shfl_sync(unsigned mask, T var, int srcLane, int width = warpSize, AP_SITE) {
  return ap_cuda::detail::shfl(ap_cuda::detail::WK_SHFL_IDX, mask, var, srcLane, width, file, line);
}
template <class T>
inline T __shfl_up_sync(unsigned mask, T var, unsigned delta, int width = warpSize, AP_SITE) {
  return ap_cuda::detail::shfl(ap_cuda::detail::WK_SHFL_UP, mask, var, int(delta), width, file, line);
}
template <class T>
inline T __shfl_down_sync(unsigned mask, T var, unsigned delta, int width = warpSize, AP_SITE) {
  return ap_cuda::detail::shfl(ap_cuda::detail::WK_SHFL_DOWN, mask, var, int(delta), width, file, line);
}
template <class T>
inline T __shfl_xor_sync(unsigned mask, T var, int laneMask, int width = warpSize, AP_SITE) {
  return ap_cuda::detail::shfl(ap_cuda::detail::WK_SHFL_XOR, mask, var, laneMask, width, file, line);
}
// Legacy forms: every live lane of the warp takes part.
template <class T>
inline T __shfl(T var, int srcLane, int width = warpSize, AP_SITE) { return __shfl_sync(0xFFFFFFFFu, var, srcLane, width, file, line); }
template <class T>
inline T __shfl_up(T var, unsigned delta, int width = warpSize, AP_SITE) { return __shfl_up_sync(0xFFFFFFFFu, var, delta, width, file, line); }
template <class T>
inline T __shfl_down(T var, unsigned delta, int width = warpSize, AP_SITE) { return __shfl_down_sync(0xFFFFFFFFu, var, delta, width, file, line); }
template <class T>
inline T __shfl_xor(T var, int laneMask, int width = warpSize, AP_SITE) { return __shfl_xor_sync(0xFFFFFFFFu, var, laneMask, width, file, line); }

inline unsigned __ballot_sync(unsigned mask, int pred, AP_SITE) { return ap_cuda::detail::vote(ap_cuda::detail::WK_BALLOT, mask, pred, file, line); }
inline int __any_sync(unsigned mask, int pred, AP_SITE) { return int(ap_cuda::detail::vote(ap_cuda::detail::WK_ANY, mask, pred, file, line)); }
inline int __all_sync(unsigned mask, int pred, AP_SITE) { return int(ap_cuda::detail::vote(ap_cuda::detail::WK_ALL, mask, pred, file, line)); }
inline int __uni_sync(unsigned mask, int pred, AP_SITE) {
  unsigned b = ap_cuda::detail::vote(ap_cuda::detail::WK_BALLOT, mask, pred, file, line);
  unsigned m = mask & ap_cuda::detail::live_lanes();
  return (b & m) == 0 || (b & m) == m;
}
inline unsigned __ballot(int pred, AP_SITE) { return __ballot_sync(0xFFFFFFFFu, pred, file, line); }
inline int __any(int pred, AP_SITE) { return __any_sync(0xFFFFFFFFu, pred, file, line); }
inline int __all(int pred, AP_SITE) { return __all_sync(0xFFFFFFFFu, pred, file, line); }
inline void __syncwarp(unsigned mask = 0xFFFFFFFFu, AP_SITE) {
  ap_cuda::detail::warp_op(ap_cuda::detail::WK_SYNC, mask, nullptr, 0, 0, 32, 0, file, line, nullptr);
}
/**
 * The lanes of the warp that reach this call site together: each lane waits until no
 * thread of the block can run, then the lanes waiting here form the mask.
 */
inline unsigned __activemask(AP_SITE) {
  alignas(16) unsigned char out[16];
  ap_cuda::detail::warp_op(ap_cuda::detail::WK_ACTIVEMASK, 0, nullptr, 0, 0, 32, 1, file, line, out);
  unsigned r;
  std::memcpy(&r, out, 4);
  return r;
}
inline unsigned __lanemask_lt() { unsigned l = threadIdx.x & 31u; return (1u << l) - 1u; }

template <class T>
inline unsigned __match_any_sync(unsigned mask, T value, AP_SITE) {
  static_assert(sizeof(T) == 4 || sizeof(T) == 8, "__match_any_sync takes 32- or 64-bit values");
  alignas(16) unsigned char out[16];
  ap_cuda::detail::warp_op(ap_cuda::detail::WK_MATCH_ANY, mask, &value, unsigned(sizeof(T)), 0, 32, 0, file, line, out);
  unsigned r;
  std::memcpy(&r, out, 4);
  return r;
}
template <class T>
inline unsigned __match_all_sync(unsigned mask, T value, int* pred, AP_SITE) {
  static_assert(sizeof(T) == 4 || sizeof(T) == 8, "__match_all_sync takes 32- or 64-bit values");
  alignas(16) unsigned char out[16];
  ap_cuda::detail::warp_op(ap_cuda::detail::WK_MATCH_ALL, mask, &value, unsigned(sizeof(T)), 0, 32, 0, file, line, out);
  unsigned r;
  int p;
  std::memcpy(&r, out, 4);
  std::memcpy(&p, out + 4, 4);
  if (pred) *pred = p;
  return r;
}
inline unsigned __reduce_add_sync(unsigned mask, unsigned v, AP_SITE) { return ap_cuda::detail::reduce(ap_cuda::detail::WK_RED_ADD, mask, v, file, line); }
inline int __reduce_add_sync(unsigned mask, int v, AP_SITE) { return int(ap_cuda::detail::reduce(ap_cuda::detail::WK_RED_ADD, mask, unsigned(v), file, line)); }
inline unsigned __reduce_min_sync(unsigned mask, unsigned v, AP_SITE) { return ap_cuda::detail::reduce(ap_cuda::detail::WK_RED_UMIN, mask, v, file, line); }
inline int __reduce_min_sync(unsigned mask, int v, AP_SITE) { return int(ap_cuda::detail::reduce(ap_cuda::detail::WK_RED_MIN, mask, unsigned(v), file, line)); }
inline unsigned __reduce_max_sync(unsigned mask, unsigned v, AP_SITE) { return ap_cuda::detail::reduce(ap_cuda::detail::WK_RED_UMAX, mask, v, file, line); }
inline int __reduce_max_sync(unsigned mask, int v, AP_SITE) { return int(ap_cuda::detail::reduce(ap_cuda::detail::WK_RED_MAX, mask, unsigned(v), file, line)); }
inline unsigned __reduce_and_sync(unsigned mask, unsigned v, AP_SITE) { return ap_cuda::detail::reduce(ap_cuda::detail::WK_RED_AND, mask, v, file, line); }
inline unsigned __reduce_or_sync(unsigned mask, unsigned v, AP_SITE) { return ap_cuda::detail::reduce(ap_cuda::detail::WK_RED_OR, mask, v, file, line); }
inline unsigned __reduce_xor_sync(unsigned mask, unsigned v, AP_SITE) { return ap_cuda::detail::reduce(ap_cuda::detail::WK_RED_XOR, mask, v, file, line); }

// ---------------------------------------------------------------------------------------
// Atomics: plain read-modify-write (one OS thread), a yield every 256 in a row
// ---------------------------------------------------------------------------------------

namespace ap_cuda {
namespace detail {
template <class T, class Op>
inline T rmw(T* p, Op op) {
  atomic_tick();
  T old = *p;
  *p = op(old);
  return old;
}
}  // namespace detail
}  // namespace ap_cuda

#define AP_ATOMIC_SCOPES(RET, NAME, PARAMS, ARGS) \
  inline RET NAME##_block PARAMS { return NAME ARGS; } \
  inline RET NAME##_system PARAMS { return NAME ARGS; }

#define AP_ATOMIC_OP(NAME, T, EXPR)                                                            \
  inline T NAME(T* a, T v) { return ap_cuda::detail::rmw(a, [&](T o) -> T { (void)o; return EXPR; }); } \
  AP_ATOMIC_SCOPES(T, NAME, (T * a, T v), (a, v))

AP_ATOMIC_OP(atomicAdd, int, decltype(o)(o + v))
AP_ATOMIC_OP(atomicAdd, unsigned int, decltype(o)(o + v))
AP_ATOMIC_OP(atomicAdd, unsigned long long, decltype(o)(o + v))
AP_ATOMIC_OP(atomicAdd, float, o + v)
AP_ATOMIC_OP(atomicAdd, double, o + v)
AP_ATOMIC_OP(atomicAdd, __half, __hadd(o, v))
AP_ATOMIC_OP(atomicAdd, __half2, __hadd2(o, v))
AP_ATOMIC_OP(atomicAdd, __nv_bfloat16, __hadd(o, v))
AP_ATOMIC_OP(atomicAdd, __nv_bfloat162, __hadd2(o, v))
AP_ATOMIC_OP(atomicAdd, float2, (float2{o.x + v.x, o.y + v.y}))
AP_ATOMIC_OP(atomicAdd, float4, (float4{o.x + v.x, o.y + v.y, o.z + v.z, o.w + v.w}))
AP_ATOMIC_OP(atomicSub, int, decltype(o)(o - v))
AP_ATOMIC_OP(atomicSub, unsigned int, decltype(o)(o - v))
AP_ATOMIC_OP(atomicExch, int, v)
AP_ATOMIC_OP(atomicExch, unsigned int, v)
AP_ATOMIC_OP(atomicExch, unsigned long long, v)
AP_ATOMIC_OP(atomicExch, float, v)
AP_ATOMIC_OP(atomicMin, int, std::min(o, v))
AP_ATOMIC_OP(atomicMin, unsigned int, std::min(o, v))
AP_ATOMIC_OP(atomicMin, long long, std::min(o, v))
AP_ATOMIC_OP(atomicMin, unsigned long long, std::min(o, v))
AP_ATOMIC_OP(atomicMax, int, std::max(o, v))
AP_ATOMIC_OP(atomicMax, unsigned int, std::max(o, v))
AP_ATOMIC_OP(atomicMax, long long, std::max(o, v))
AP_ATOMIC_OP(atomicMax, unsigned long long, std::max(o, v))
AP_ATOMIC_OP(atomicAnd, int, o & v)
AP_ATOMIC_OP(atomicAnd, unsigned int, o & v)
AP_ATOMIC_OP(atomicAnd, unsigned long long, o & v)
AP_ATOMIC_OP(atomicOr, int, o | v)
AP_ATOMIC_OP(atomicOr, unsigned int, o | v)
AP_ATOMIC_OP(atomicOr, unsigned long long, o | v)
AP_ATOMIC_OP(atomicXor, int, o ^ v)
AP_ATOMIC_OP(atomicXor, unsigned int, o ^ v)
AP_ATOMIC_OP(atomicXor, unsigned long long, o ^ v)
AP_ATOMIC_OP(atomicInc, unsigned int, (o >= v) ? 0u : o + 1u)
AP_ATOMIC_OP(atomicDec, unsigned int, (o == 0u || o > v) ? v : o - 1u)
#undef AP_ATOMIC_OP

#define AP_ATOMIC_CAS(T)                                                                        \
  inline T atomicCAS(T* a, T compare, T v) {                                                    \
    return ap_cuda::detail::rmw(a, [&](T o) -> T { return o == compare ? v : o; });             \
  }                                                                                             \
  inline T atomicCAS_block(T* a, T c, T v) { return atomicCAS(a, c, v); }                       \
  inline T atomicCAS_system(T* a, T c, T v) { return atomicCAS(a, c, v); }
AP_ATOMIC_CAS(int)
AP_ATOMIC_CAS(unsigned int)
AP_ATOMIC_CAS(unsigned long long)
AP_ATOMIC_CAS(unsigned short)
#undef AP_ATOMIC_CAS
#undef AP_ATOMIC_SCOPES

// ---------------------------------------------------------------------------------------
// Intrinsics
// ---------------------------------------------------------------------------------------

namespace ap_cuda {
namespace detail {
template <class To, class From>
inline To bit_cast(const From& f) {
  static_assert(sizeof(To) == sizeof(From), "bit_cast: sizes differ");
  To t;
  std::memcpy(static_cast<void*>(&t), &f, sizeof(To));
  return t;
}
/** fn() evaluated under a rounding mode (FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD). */
template <class T, class Fn>
inline T rounded(int mode, Fn fn) {
  int old = std::fegetround();
  std::fesetround(mode);
  volatile T r = fn();
  std::fesetround(old);
  return r;
}
template <class I>
inline I f2i(double x, int mode) {
  if (std::isnan(x)) return I(0);
  double r = mode == FE_TOWARDZERO ? std::trunc(x) : mode == FE_DOWNWARD ? std::floor(x) : mode == FE_UPWARD ? std::ceil(x) : std::nearbyint(x);
  if (r <= double(std::numeric_limits<I>::min())) return std::numeric_limits<I>::min();
  if (r >= double(std::numeric_limits<I>::max())) return std::numeric_limits<I>::max();
  return I(r);
}
}  // namespace detail
}  // namespace ap_cuda

// Fast-math intrinsics: computed with the accurate function (the GPU's are approximations).
inline float __expf(float x) { return std::exp(x); }
inline float __exp10f(float x) { return std::pow(10.0f, x); }
inline float __logf(float x) { return std::log(x); }
inline float __log2f(float x) { return std::log2(x); }
inline float __log10f(float x) { return std::log10(x); }
inline float __sinf(float x) { return std::sin(x); }
inline float __cosf(float x) { return std::cos(x); }
inline float __tanf(float x) { return std::tan(x); }
inline void __sincosf(float x, float* s, float* c) { *s = std::sin(x); *c = std::cos(x); }
inline float __powf(float x, float y) { return std::pow(x, y); }
inline float __tanhf(float x) { return std::tanh(x); }
inline float __fdividef(float x, float y) { return x / y; }
inline float fdividef(float x, float y) { return x / y; }
inline float __saturatef(float x) { return std::isnan(x) ? 0.0f : x < 0.0f ? 0.0f : x > 1.0f ? 1.0f : x; }
inline float rsqrtf(float x) { return 1.0f / std::sqrt(x); }
inline double rsqrt(double x) { return 1.0 / std::sqrt(x); }
inline float rcbrtf(float x) { return 1.0f / std::cbrt(x); }
inline double rcbrt(double x) { return 1.0 / std::cbrt(x); }
inline float sinpif(float x) { return std::sin(float(M_PI) * x); }
inline float cospif(float x) { return std::cos(float(M_PI) * x); }
inline double sinpi(double x) { return std::sin(M_PI * x); }
inline double cospi(double x) { return std::cos(M_PI * x); }
inline void sincospif(float x, float* s, float* c) { *s = sinpif(x); *c = cospif(x); }
inline void sincospi(double x, double* s, double* c) { *s = sinpi(x); *c = cospi(x); }
inline float normcdff(float x) { return 0.5f * std::erfc(-x * float(M_SQRT1_2)); }
inline double normcdf(double x) { return 0.5 * std::erfc(-x * M_SQRT1_2); }
inline float rhypotf(float x, float y) { return 1.0f / std::hypot(x, y); }
inline float norm3df(float a, float b, float c) { return std::sqrt(a * a + b * b + c * c); }
inline float rnorm3df(float a, float b, float c) { return 1.0f / norm3df(a, b, c); }
inline float norm4df(float a, float b, float c, float d) { return std::sqrt(a * a + b * b + c * c + d * d); }
inline double erfinv(double y) {
  if (y <= -1.0) return y == -1.0 ? -INFINITY : NAN;
  if (y >= 1.0) return y == 1.0 ? INFINITY : NAN;
  double x = 0.0;  // Newton on erf(x) - y, from a rough start
  double w = -std::log((1.0 - y) * (1.0 + y));
  x = std::copysign(std::sqrt(std::max(0.0, w - std::log(std::max(w, 1e-300)) * 0.5)), y) * 0.85;
  for (int i = 0; i < 60; i++) {
    double err = std::erf(x) - y;
    double d = 2.0 / std::sqrt(M_PI) * std::exp(-x * x);
    if (d == 0.0) break;
    double step = err / d;
    x -= step;
    if (std::fabs(step) <= 1e-16 * std::max(1.0, std::fabs(x))) break;
  }
  return x;
}
inline float erfinvf(float y) { return float(erfinv(y)); }
inline float erfcinvf(float y) { return float(erfinv(1.0 - double(y))); }
inline double erfcinv(double y) { return erfinv(1.0 - y); }

#define AP_RND_F(NAME, MODE, EXPR) \
  inline float NAME(float x, float y) { return ap_cuda::detail::rounded<float>(MODE, [&] { volatile float a = x, b = y; return EXPR; }); }
#define AP_RND_D(NAME, MODE, EXPR) \
  inline double NAME(double x, double y) { return ap_cuda::detail::rounded<double>(MODE, [&] { volatile double a = x, b = y; return EXPR; }); }
#define AP_RND_ALL(BASE, EXPR)                      \
  AP_RND_F(__f##BASE##_rn, FE_TONEAREST, EXPR)      \
  AP_RND_F(__f##BASE##_rz, FE_TOWARDZERO, EXPR)     \
  AP_RND_F(__f##BASE##_ru, FE_UPWARD, EXPR)         \
  AP_RND_F(__f##BASE##_rd, FE_DOWNWARD, EXPR)       \
  AP_RND_D(__d##BASE##_rn, FE_TONEAREST, EXPR)      \
  AP_RND_D(__d##BASE##_rz, FE_TOWARDZERO, EXPR)     \
  AP_RND_D(__d##BASE##_ru, FE_UPWARD, EXPR)         \
  AP_RND_D(__d##BASE##_rd, FE_DOWNWARD, EXPR)
AP_RND_ALL(add, a + b)
AP_RND_ALL(sub, a - b)
AP_RND_ALL(mul, a * b)
#undef AP_RND_ALL
AP_RND_F(__fdiv_rn, FE_TONEAREST, a / b)
AP_RND_F(__fdiv_rz, FE_TOWARDZERO, a / b)
AP_RND_F(__fdiv_ru, FE_UPWARD, a / b)
AP_RND_F(__fdiv_rd, FE_DOWNWARD, a / b)
AP_RND_D(__ddiv_rn, FE_TONEAREST, a / b)
AP_RND_D(__ddiv_rz, FE_TOWARDZERO, a / b)
AP_RND_D(__ddiv_ru, FE_UPWARD, a / b)
AP_RND_D(__ddiv_rd, FE_DOWNWARD, a / b)
#undef AP_RND_F
#undef AP_RND_D
inline float __fmaf_rn(float a, float b, float c) { return std::fma(a, b, c); }
inline float __fmaf_rz(float a, float b, float c) { return ap_cuda::detail::rounded<float>(FE_TOWARDZERO, [&] { volatile float x = a; return std::fma(x, b, c); }); }
inline float __fmaf_ru(float a, float b, float c) { return ap_cuda::detail::rounded<float>(FE_UPWARD, [&] { volatile float x = a; return std::fma(x, b, c); }); }
inline float __fmaf_rd(float a, float b, float c) { return ap_cuda::detail::rounded<float>(FE_DOWNWARD, [&] { volatile float x = a; return std::fma(x, b, c); }); }
inline double __fma_rn(double a, double b, double c) { return std::fma(a, b, c); }
inline float __frcp_rn(float x) { return 1.0f / x; }
inline float __fsqrt_rn(float x) { return std::sqrt(x); }
inline float __frsqrt_rn(float x) { return float(1.0 / std::sqrt(double(x))); }
inline double __drcp_rn(double x) { return 1.0 / x; }
inline double __dsqrt_rn(double x) { return std::sqrt(x); }

inline int __float_as_int(float x) { return ap_cuda::detail::bit_cast<int>(x); }
inline unsigned __float_as_uint(float x) { return ap_cuda::detail::bit_cast<unsigned>(x); }
inline float __int_as_float(int x) { return ap_cuda::detail::bit_cast<float>(x); }
inline float __uint_as_float(unsigned x) { return ap_cuda::detail::bit_cast<float>(x); }
inline long long __double_as_longlong(double x) { return ap_cuda::detail::bit_cast<long long>(x); }
inline double __longlong_as_double(long long x) { return ap_cuda::detail::bit_cast<double>(x); }
inline int __double2hiint(double x) { return int(ap_cuda::detail::bit_cast<unsigned long long>(x) >> 32); }
inline int __double2loint(double x) { return int(unsigned(ap_cuda::detail::bit_cast<unsigned long long>(x))); }
inline double __hiloint2double(int hi, int lo) {
  return ap_cuda::detail::bit_cast<double>((static_cast<unsigned long long>(unsigned(hi)) << 32) | unsigned(lo));
}

#define AP_F2I(SUFFIX, MODE)                                                                            \
  inline int __float2int_##SUFFIX(float x) { return ap_cuda::detail::f2i<int>(x, MODE); }              \
  inline unsigned __float2uint_##SUFFIX(float x) { return ap_cuda::detail::f2i<unsigned>(x, MODE); }   \
  inline long long __float2ll_##SUFFIX(float x) { return ap_cuda::detail::f2i<long long>(x, MODE); }   \
  inline unsigned long long __float2ull_##SUFFIX(float x) { return ap_cuda::detail::f2i<unsigned long long>(x, MODE); } \
  inline int __double2int_##SUFFIX(double x) { return ap_cuda::detail::f2i<int>(x, MODE); }            \
  inline unsigned __double2uint_##SUFFIX(double x) { return ap_cuda::detail::f2i<unsigned>(x, MODE); } \
  inline long long __double2ll_##SUFFIX(double x) { return ap_cuda::detail::f2i<long long>(x, MODE); } \
  inline unsigned long long __double2ull_##SUFFIX(double x) { return ap_cuda::detail::f2i<unsigned long long>(x, MODE); }
AP_F2I(rn, FE_TONEAREST)
AP_F2I(rz, FE_TOWARDZERO)
AP_F2I(ru, FE_UPWARD)
AP_F2I(rd, FE_DOWNWARD)
#undef AP_F2I
inline float __int2float_rn(int x) { return float(x); }
inline float __uint2float_rn(unsigned x) { return float(x); }
inline float __ll2float_rn(long long x) { return float(x); }
inline float __ull2float_rn(unsigned long long x) { return float(x); }
inline double __int2double_rn(int x) { return double(x); }
inline double __ll2double_rn(long long x) { return double(x); }
inline float __double2float_rn(double x) { return float(x); }
inline float __double2float_rz(double x) { return ap_cuda::detail::rounded<float>(FE_TOWARDZERO, [&] { volatile double v = x; return float(v); }); }
inline float __double2float_ru(double x) { return ap_cuda::detail::rounded<float>(FE_UPWARD, [&] { volatile double v = x; return float(v); }); }
inline float __double2float_rd(double x) { return ap_cuda::detail::rounded<float>(FE_DOWNWARD, [&] { volatile double v = x; return float(v); }); }

inline int __popc(unsigned x) { return __builtin_popcount(x); }
inline int __popcll(unsigned long long x) { return __builtin_popcountll(x); }
inline int __clz(int x) { return x == 0 ? 32 : __builtin_clz(unsigned(x)); }
inline int __clzll(long long x) { return x == 0 ? 64 : __builtin_clzll(static_cast<unsigned long long>(x)); }
inline int __ffs(int x) { return __builtin_ffs(x); }
inline int __ffsll(long long x) { return __builtin_ffsll(x); }
inline unsigned __brev(unsigned x) {
  x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
  x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
  x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
  x = ((x >> 8) & 0x00FF00FFu) | ((x & 0x00FF00FFu) << 8);
  return (x >> 16) | (x << 16);
}
inline unsigned long long __brevll(unsigned long long x) {
  return (static_cast<unsigned long long>(__brev(unsigned(x))) << 32) | __brev(unsigned(x >> 32));
}
inline unsigned __umulhi(unsigned a, unsigned b) { return unsigned((static_cast<unsigned long long>(a) * b) >> 32); }
inline int __mulhi(int a, int b) { return int((static_cast<long long>(a) * b) >> 32); }
inline unsigned long long __umul64hi(unsigned long long a, unsigned long long b) { return static_cast<unsigned long long>((static_cast<unsigned __int128>(a) * b) >> 64); }
inline long long __mul64hi(long long a, long long b) { return static_cast<long long>((static_cast<__int128>(a) * b) >> 64); }
inline int __mul24(int a, int b) { return int(unsigned(((a << 8) >> 8) * ((b << 8) >> 8))); }
inline unsigned __umul24(unsigned a, unsigned b) { return (a & 0xFFFFFFu) * (b & 0xFFFFFFu); }
inline int __hadd(int a, int b) { return int((static_cast<long long>(a) + b) >> 1); }
inline int __rhadd(int a, int b) { return int((static_cast<long long>(a) + b + 1) >> 1); }
inline unsigned __uhadd(unsigned a, unsigned b) { return unsigned((static_cast<unsigned long long>(a) + b) >> 1); }
inline unsigned __urhadd(unsigned a, unsigned b) { return unsigned((static_cast<unsigned long long>(a) + b + 1) >> 1); }
inline unsigned __sad(int a, int b, unsigned c) { return c + unsigned(a > b ? static_cast<long long>(a) - b : static_cast<long long>(b) - a); }
inline unsigned __usad(unsigned a, unsigned b, unsigned c) { return c + (a > b ? a - b : b - a); }
inline unsigned __byte_perm(unsigned x, unsigned y, unsigned s) {
  unsigned long long v = (static_cast<unsigned long long>(y) << 32) | x;
  unsigned r = 0;
  for (int i = 0; i < 4; i++) r |= unsigned((v >> (((s >> (4 * i)) & 7u) * 8)) & 0xFFu) << (8 * i);
  return r;
}
inline unsigned __funnelshift_l(unsigned lo, unsigned hi, unsigned s) { unsigned long long v = (static_cast<unsigned long long>(hi) << 32) | lo; return unsigned((v << (s & 31u)) >> 32); }
inline unsigned __funnelshift_lc(unsigned lo, unsigned hi, unsigned s) { unsigned long long v = (static_cast<unsigned long long>(hi) << 32) | lo; return unsigned((v << std::min(s, 32u)) >> 32); }
inline unsigned __funnelshift_r(unsigned lo, unsigned hi, unsigned s) { unsigned long long v = (static_cast<unsigned long long>(hi) << 32) | lo; return unsigned(v >> (s & 31u)); }
inline unsigned __funnelshift_rc(unsigned lo, unsigned hi, unsigned s) { unsigned long long v = (static_cast<unsigned long long>(hi) << 32) | lo; return unsigned(v >> std::min(s, 32u)); }

// Cache-hinted loads and stores: plain memory accesses.
template <class T> inline T __ldg(const T* p) { return *p; }
template <class T> inline T __ldca(const T* p) { return *p; }
template <class T> inline T __ldcg(const T* p) { return *p; }
template <class T> inline T __ldcs(const T* p) { return *p; }
template <class T> inline T __ldlu(const T* p) { return *p; }
template <class T> inline T __ldcv(const T* p) { return *p; }
template <class T> inline void __stwb(T* p, T v) { *p = v; }
template <class T> inline void __stcg(T* p, T v) { *p = v; }
template <class T> inline void __stcs(T* p, T v) { *p = v; }
template <class T> inline void __stwt(T* p, T v) { *p = v; }
template <class T> inline void __prefetch_global_l1(const T*) {}
template <class T> inline void __prefetch_global_l2(const T*) {}

inline long long clock64() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// CUDA's min/max overloads in the global namespace (std::min/max are templates and lose to these).
#define AP_MINMAX(A, B, R)                                                   \
  inline R min(A a, B b) { return static_cast<R>(a) < static_cast<R>(b) ? static_cast<R>(a) : static_cast<R>(b); } \
  inline R max(A a, B b) { return static_cast<R>(a) > static_cast<R>(b) ? static_cast<R>(a) : static_cast<R>(b); }
AP_MINMAX(int, int, int)
AP_MINMAX(unsigned, unsigned, unsigned)
AP_MINMAX(int, unsigned, unsigned)
AP_MINMAX(unsigned, int, unsigned)
AP_MINMAX(long, long, long)
AP_MINMAX(unsigned long, unsigned long, unsigned long)
AP_MINMAX(long long, long long, long long)
AP_MINMAX(unsigned long long, unsigned long long, unsigned long long)
AP_MINMAX(long long, unsigned long long, unsigned long long)
AP_MINMAX(unsigned long long, long long, unsigned long long)
AP_MINMAX(int, long long, long long)
AP_MINMAX(long long, int, long long)
#undef AP_MINMAX
inline float min(float a, float b) { return std::fmin(a, b); }
inline float max(float a, float b) { return std::fmax(a, b); }
inline double min(double a, double b) { return std::fmin(a, b); }
inline double max(double a, double b) { return std::fmax(a, b); }
inline float min(float a, int b) { return std::fmin(a, float(b)); }
inline float max(float a, int b) { return std::fmax(a, float(b)); }
inline float min(int a, float b) { return std::fmin(float(a), b); }
inline float max(int a, float b) { return std::fmax(float(a), b); }
inline double min(double a, float b) { return std::fmin(a, double(b)); }
inline double max(double a, float b) { return std::fmax(a, double(b)); }
inline double min(float a, double b) { return std::fmin(double(a), b); }
inline double max(float a, double b) { return std::fmax(double(a), b); }
inline double min(double a, int b) { return std::fmin(a, double(b)); }
inline double max(double a, int b) { return std::fmax(a, double(b)); }
inline double min(int a, double b) { return std::fmin(double(a), b); }
inline double max(int a, double b) { return std::fmax(double(a), b); }
inline unsigned umin(unsigned a, unsigned b) { return a < b ? a : b; }
inline unsigned umax(unsigned a, unsigned b) { return a > b ? a : b; }
inline long long llmin(long long a, long long b) { return a < b ? a : b; }
inline long long llmax(long long a, long long b) { return a > b ? a : b; }
inline unsigned long long ullmin(unsigned long long a, unsigned long long b) { return a < b ? a : b; }
inline unsigned long long ullmax(unsigned long long a, unsigned long long b) { return a > b ? a : b; }

// ---------------------------------------------------------------------------------------
// Cooperative groups
// ---------------------------------------------------------------------------------------

#include "cuda_cpu_cg.h"

#undef AP_SITE
