/**
 * The hand-written runtime of the Ascend C CPU model (`sim.ts` puts it in front of the
 * simulation bodies of the API table): qualifiers and types, the violation log, the GM
 * allocation registry, the per-core UB and queue state, and the checked helpers the
 * simulation bodies call. Facts behind each check are from ../shared/ref/ascend-c.md
 * (section and source tag in the comment next to it); docs/verify.md describes the model.
 *
 * C++17, host g++. Everything is `inline` with function-local statics, so several
 * translation units of one driver share one model state.
 */

import { hostQualifierDefines } from './decls';

/** Everything the simulation bodies stand on: includes, -D configuration, qualifiers, types, and the ap_model runtime. */
export const SIM_PRELUDE = String.raw`#pragma once
#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <type_traits>
#include <vector>
#include "ap_fp16.h"

// ---- Configuration the driver passes with -D ----
// UB bytes one core's TPipe may fill (910B: 192 KiB minus 256 B minus the 8 KiB toolchain reserve, §6).
#ifndef AP_UB_BYTES
#define AP_UB_BYTES (196608 - 8448)
#endif
// 1 when the target converts between bfloat16_t and float (Atlas A2, §2.2).
#ifndef AP_HAS_BF16
#define AP_HAS_BF16 1
#endif
// 1 when the target has DataCopyPad (A2/A3, 310B, 950; not 910A, not 310P, §1.4 [A20]).
#ifndef AP_HAS_DATACOPYPAD
#define AP_HAS_DATACOPYPAD 1
#endif
// 1 when the row-wise high-level APIs (SoftMax, LayerNorm, RmsNorm) are on the target's product list (A2/A3, 950, 310P AI Core; not 910A, §2.4 [A30]).
#ifndef AP_HAS_ROW_APIS
#define AP_HAS_ROW_APIS 1
#endif
// TQue buffers per TPosition: the hardware event ids, 8 (4 on 910A) (§1.2 [A23]).
#ifndef AP_MAX_QUEUE_BUFFERS
#define AP_MAX_QUEUE_BUFFERS 8
#endif
// Cube (AIC) and vector (AIV) cores of the target, for platform_ascendc::PlatformAscendC (910B3: 20 and 40, §6).
#ifndef AP_AIC_CORES
#define AP_AIC_CORES 20
#endif
#ifndef AP_AIV_CORES
#define AP_AIV_CORES 40
#endif

// ---- Qualifiers and types (§1.1) ----
${hostQualifierDefines()}
using half = ap::f16;
using bfloat16_t = ap::bf16;
enum pipe_t { PIPE_S, PIPE_V, PIPE_M, PIPE_MTE1, PIPE_MTE2, PIPE_MTE3, PIPE_FIX, PIPE_ALL };

namespace ap_model {

/** One kind of violation: the API, what went wrong, how often, and the first core that hit it. */
struct Violation {
  std::string api;
  std::string message;
  uint64_t count = 0;
  int64_t firstCore = 0;
};

namespace detail {

constexpr size_t kGuard = 256;           // guard bytes on each side of a GM allocation
constexpr uint8_t kGuardByte = 0xA5;
constexpr uint8_t kUbFill = 0xFF;        // fresh UB reads as NaN (float, half) or -1 (integers)
constexpr size_t kMaxDistinct = 1000;    // distinct violations kept; the rest are counted in one entry

struct GmAlloc {
  uint8_t* raw = nullptr;   // with guards
  uintptr_t base = 0;       // what gm_alloc returned
  size_t bytes = 0;
  int id = 0;
};

enum class BufState { TBuf, Free, Allocated, Enqueued, Dequeued };

struct Buffer {
  std::unique_ptr<uint8_t[]> data;
  uint64_t bytes = 0;       // rounded up to 32
  uint64_t ubOffset = 0;    // where the TPipe placed it
  std::string name;         // "TQue #1 (VECIN) buffer 0", "TBuf #2 (VECCALC)"
  int queue = -1;           // owning queue id, -1 for TBuf
  bool spare = false;       // handed out after a queue violation; not part of the UB budget
  BufState state = BufState::TBuf;
};

struct Queue {
  int id = 0;
  std::string name;         // "TQue #1 (VECIN, 2 x 4096 B)"
  int32_t depth = 1;
  std::vector<Buffer*> bufs;
  std::deque<Buffer*> fifo;
};

struct State {
  std::vector<Violation> violations;
  std::map<std::string, size_t> index;
  uint64_t dropped = 0;
  std::map<uintptr_t, GmAlloc> gm;
  int gmNext = 0;
  int64_t blockIdx = 0;
  int64_t blockNum = 1;
  bool inCore = false;
  std::vector<std::unique_ptr<Buffer>> buffers;
  std::vector<std::unique_ptr<Queue>> queues;
  uint64_t ubUsed = 0;
  int tbufs = 0;
  int positionBuffers[32] = {};
  const void* atomicType = nullptr;     // SetAtomicAdd<T>'s type tag, null when off
  const char* atomicTypeName = "";
  uint8_t* sysWorkspace = nullptr;      // SetSysWorkspace's pointer for this core (GetSysWorkSpacePtr)
};

inline State& st() {
  static State s;
  return s;
}

inline std::string fmt(const char* f, ...) {
  char buf[768];
  va_list ap;
  va_start(ap, f);
  std::vsnprintf(buf, sizeof buf, f, ap);
  va_end(ap);
  return buf;
}

/** Records a violation; the same api + message is counted, not repeated. */
inline void report(const char* api, const std::string& message) {
  State& s = st();
  std::string key = std::string(api) + '\n' + message;
  auto it = s.index.find(key);
  if (it != s.index.end()) {
    s.violations[it->second].count++;
    return;
  }
  if (s.violations.size() >= kMaxDistinct) {
    s.dropped++;
    return;
  }
  s.index.emplace(key, s.violations.size());
  s.violations.push_back(Violation{api, message, 1, s.blockIdx});
}

template <class T> const char* tname() {
  if (std::is_same<T, float>::value) return "float";
  if (std::is_same<T, half>::value) return "half";
  if (std::is_same<T, bfloat16_t>::value) return "bfloat16_t";
  if (std::is_same<T, double>::value) return "double";
  if (std::is_same<T, int8_t>::value) return "int8_t";
  if (std::is_same<T, uint8_t>::value) return "uint8_t";
  if (std::is_same<T, int16_t>::value) return "int16_t";
  if (std::is_same<T, uint16_t>::value) return "uint16_t";
  if (std::is_same<T, int32_t>::value) return "int32_t";
  if (std::is_same<T, uint32_t>::value) return "uint32_t";
  if (std::is_same<T, int64_t>::value) return "int64_t";
  if (std::is_same<T, uint64_t>::value) return "uint64_t";
  return "T";
}
template <class T> const void* ttag() {
  static const char tag = 0;
  return &tag;
}

template <class T> T load(const uint8_t* p) {
  T v;
  std::memcpy(static_cast<void*>(&v), p, sizeof(T));
  return v;
}
template <class T> void store(uint8_t* p, T v) { std::memcpy(p, static_cast<const void*>(&v), sizeof(T)); }

// ---- Global memory ----

/** Where a GlobalTensor points: an address, and the allocation it belongs to (id -1: none). */
struct GmRef {
  uintptr_t addr = 0;
  uintptr_t lo = 0;
  uintptr_t hi = 0;
  int id = -1;
};

inline const GmAlloc* gm_find(uintptr_t p) {
  State& s = st();
  auto it = s.gm.upper_bound(p);
  if (it == s.gm.begin()) return nullptr;
  --it;
  return p <= it->second.base + it->second.bytes ? &it->second : nullptr;
}

inline std::string gm_name(const GmRef& g) { return fmt("GM allocation #%d (%llu bytes)", g.id, (unsigned long long)(g.hi - g.lo)); }

/** SetGlobalBuffer: finds the allocation; elements 0 = the rest of the allocation. */
inline GmRef gm_bind(const char* api, uintptr_t p, uint64_t elements, size_t es, bool sized) {
  GmRef g;
  g.addr = p;
  const GmAlloc* a = gm_find(p);
  if (!a) {
    report(api, fmt("the pointer %p is not inside any GM allocation made with ap_model::gm_alloc; every access through this tensor is refused", (void*)p));
    return g;
  }
  g.lo = a->base;
  g.hi = a->base + a->bytes;
  g.id = a->id;
  if (sized && elements * es > g.hi - p) {
    report(api, fmt("bufferSize %llu x %zu bytes = %llu bytes from byte %llu of %s runs %llu bytes past its end",
                    (unsigned long long)elements, es, (unsigned long long)(elements * es), (unsigned long long)(p - g.lo), gm_name(g).c_str(),
                    (unsigned long long)(p + elements * es - g.hi)));
  }
  if (p % es != 0) report(api, fmt("the GM address is not aligned to sizeof(T) = %zu bytes (DataCopy requires it, §1.4 [A20])", es));
  return g;
}

inline bool gm_in(const GmRef& g, uintptr_t a, size_t bytes) { return g.id >= 0 && a >= g.lo && a + bytes <= g.hi && a + bytes >= a; }

/** Reports one GM access of bytes bytes at byteOff from the tensor's address that leaves its allocation. */
inline void gm_oob(const char* api, const GmRef& g, uint64_t byteOff, uint64_t bytes, bool write) {
  if (g.id < 0) {
    report(api, fmt("%s %llu bytes through a GlobalTensor that is not in any GM allocation; %s", write ? "writes" : "reads", (unsigned long long)bytes,
                    write ? "the writes are dropped" : "zeros are read"));
    return;
  }
  uintptr_t a = g.addr + byteOff;
  long long from = (long long)(a - g.lo);
  const char* where = from < 0 ? "starts before the allocation" : "runs past the end of the allocation";
  report(api, fmt("%s bytes [%lld, %lld) of %s, which %s; %s", write ? "writes" : "reads", from, from + (long long)bytes, gm_name(g).c_str(), where,
                  write ? "the out-of-bounds bytes are not written" : "out-of-bounds bytes read as zero"));
}

/** Scalar GM access (GlobalTensor::GetValue/SetValue). */
template <class T> T gm_get(const char* api, const GmRef& g, uint64_t index) {
  uintptr_t a = g.addr + index * sizeof(T);
  if (!gm_in(g, a, sizeof(T))) {
    gm_oob(api, g, index * sizeof(T), sizeof(T), false);
    return T{};
  }
  return load<T>(reinterpret_cast<const uint8_t*>(a));
}
template <class T> void gm_set(const char* api, const GmRef& g, uint64_t index, T v) {
  uintptr_t a = g.addr + index * sizeof(T);
  if (!gm_in(g, a, sizeof(T))) {
    gm_oob(api, g, index * sizeof(T), sizeof(T), true);
    return;
  }
  store<T>(reinterpret_cast<uint8_t*>(a), v);
}

// ---- Unified Buffer ----

/** Where a LocalTensor points: a buffer, a byte offset into it, and its element count. */
struct UbRef {
  Buffer* buf = nullptr;
  uint64_t off = 0;
  uint64_t len = 0;
};

inline uint8_t* ub_ptr(const UbRef& r) { return r.buf ? r.buf->data.get() + r.off : nullptr; }

/** Two UB ranges (where a LocalTensor starts, and a length in bytes) share bytes: the same buffer, overlapping offsets. */
inline bool ub_overlap(const UbRef& a, uint64_t aBytes, const UbRef& b, uint64_t bBytes) { return a.buf == b.buf && a.off < b.off + bBytes && b.off < a.off + aBytes; }

/**
 * Checks one LocalTensor operand of an access of count elements of es bytes; returns how
 * many elements can be accessed safely (the rest is skipped). vec: a vector/DMA operand,
 * whose start must be 32-byte aligned (§1.4 alignment table [A2]).
 */
inline int64_t ub_check(const char* api, const char* role, const UbRef& r, size_t es, int64_t count, bool vec) {
  if (!r.buf) {
    report(api, fmt("%s is a LocalTensor that was never allocated (no AllocTensor, DeQue or TBuf::Get)", role));
    return 0;
  }
  if (r.buf->state == BufState::Free) report(api, fmt("%s uses %s after FreeTensor", role, r.buf->name.c_str()));
  if (count < 0) {
    report(api, fmt("count %lld is negative", (long long)count));
    return 0;
  }
  if (vec && (r.buf->ubOffset + r.off) % 32 != 0)
    report(api, fmt("%s starts %llu bytes into %s: UB operands must start 32-byte aligned", role, (unsigned long long)r.off, r.buf->name.c_str()));
  uint64_t avail = r.off >= r.buf->bytes ? 0 : (r.buf->bytes - r.off) / es;
  if ((uint64_t)count > avail) {
    std::string size = es == 1 ? fmt("%lld bytes", (long long)count) : fmt("%lld x %zu bytes = %llu bytes", (long long)count, es, (unsigned long long)(count * es));
    report(api, fmt("%s accesses %s from byte %llu of %s (%llu bytes): %llu bytes past its end", role, size.c_str(), (unsigned long long)r.off, r.buf->name.c_str(),
                    (unsigned long long)r.buf->bytes, (unsigned long long)(r.off + count * es - r.buf->bytes)));
    return (int64_t)avail;
  }
  return count;
}

inline Buffer* new_buffer(uint64_t bytes, const std::string& name, int queue, BufState state, bool spare) {
  State& s = st();
  auto b = std::make_unique<Buffer>();
  b->bytes = (bytes + 31) / 32 * 32;
  b->data.reset(new uint8_t[b->bytes ? b->bytes : 32]);
  std::memset(b->data.get(), kUbFill, b->bytes ? b->bytes : 32);
  b->name = name;
  b->queue = queue;
  b->state = state;
  b->spare = spare;
  if (!spare) {
    b->ubOffset = s.ubUsed;
    s.ubUsed += b->bytes;
  }
  s.buffers.push_back(std::move(b));
  return s.buffers.back().get();
}

inline const char* pos_name(int pos) {
  static const char* names[] = {"GM", "A1", "A2", "B1", "B2", "C1", "C2", "CO1", "CO2", "VECIN", "VECOUT", "VECCALC", "SPM", "TSCM", "C2PIPE2GM", "C2PIPE2LOCAL", "MAX"};
  return pos >= 0 && pos < 17 ? names[pos] : "?";
}

inline void check_budget(const char* what) {
  State& s = st();
  if (s.ubUsed > (uint64_t)(AP_UB_BYTES))
    report("InitBuffer", fmt("%s brings this core's UB total to %llu bytes, over the budget of %llu bytes (AP_UB_BYTES)", what, (unsigned long long)s.ubUsed,
                             (unsigned long long)(AP_UB_BYTES)));
}

/** TPipe::InitBuffer for a TQue: num buffers of len bytes, each rounded up to 32 bytes (§1.2 [A10, A23]). */
inline Queue* init_queue(Queue* already, int pos, int32_t depth, unsigned num, uint32_t len) {
  State& s = st();
  if (already) report("InitBuffer", fmt("InitBuffer is called a second time for %s", already->name.c_str()));
  auto q = std::make_unique<Queue>();
  q->id = (int)s.queues.size() + 1;
  q->depth = depth;
  q->name = fmt("TQue #%d (%s, %u x %u bytes)", q->id, pos_name(pos), num, len);
  if (num == 0) report("InitBuffer", fmt("%s: num is 0, the queue has no buffer", q->name.c_str()));
  if (len == 0) report("InitBuffer", fmt("%s: len is 0 bytes", q->name.c_str()));
  for (unsigned i = 0; i < num; i++) q->bufs.push_back(new_buffer(len, fmt("TQue #%d (%s) buffer %u", q->id, pos_name(pos), i), q->id, BufState::Free, false));
  if (pos >= 0 && pos < 32) {
    s.positionBuffers[pos] += (int)num;
    if (s.positionBuffers[pos] > AP_MAX_QUEUE_BUFFERS)
      report("InitBuffer", fmt("%d TQue buffers on TPosition %s, more than the %d the target allows (AP_MAX_QUEUE_BUFFERS)", s.positionBuffers[pos], pos_name(pos), AP_MAX_QUEUE_BUFFERS));
  }
  check_budget(q->name.c_str());
  s.queues.push_back(std::move(q));
  return s.queues.back().get();
}

/** TPipe::InitBuffer for a TBuf: one buffer of len bytes, rounded up to 32. */
inline Buffer* init_tbuf(Buffer* already, int pos, uint32_t len) {
  State& s = st();
  int id = ++s.tbufs;
  std::string name = fmt("TBuf #%d (%s)", id, pos_name(pos));
  if (already) report("InitBuffer", fmt("InitBuffer is called a second time for %s", already->name.c_str()));
  if (len == 0) report("InitBuffer", fmt("%s: len is 0 bytes", name.c_str()));
  Buffer* b = new_buffer(len, name, -1, BufState::TBuf, false);
  check_budget(fmt("%s of %u bytes", name.c_str(), len).c_str());
  return b;
}

inline Buffer* spare_for(Queue* q, BufState state) {
  return new_buffer(q && !q->bufs.empty() ? q->bufs[0]->bytes : 32, q ? "a spare buffer of " + q->name : std::string("a spare buffer"), q ? q->id : -1, state, true);
}

inline UbRef whole(Buffer* b, size_t es) { return UbRef{b, 0, b->bytes / es}; }

inline UbRef que_alloc(Queue* q, size_t es) {
  if (!q) {
    report("AllocTensor", "AllocTensor on a TQue that InitBuffer never set up");
    return whole(spare_for(nullptr, BufState::Allocated), es);
  }
  for (Buffer* b : q->bufs)
    if (b->state == BufState::Free) {
      b->state = BufState::Allocated;
      return whole(b, es);
    }
  report("AllocTensor", fmt("no free buffer in %s: all %zu are allocated or enqueued (a FreeTensor is missing, or more tensors are live than InitBuffer's num)", q->name.c_str(), q->bufs.size()));
  return whole(spare_for(q, BufState::Allocated), es);
}

inline bool que_enque(Queue* q, const UbRef& r) {
  if (!q) {
    report("EnQue", "EnQue on a TQue that InitBuffer never set up");
    return false;
  }
  if (!r.buf || r.buf->queue != q->id) {
    report("EnQue", fmt("EnQue on %s of a tensor that was not allocated from it (%s)", q->name.c_str(), r.buf ? r.buf->name.c_str() : "an unallocated tensor"));
    return false;
  }
  if (r.buf->state == BufState::Enqueued) {
    report("EnQue", fmt("the same tensor of %s is enqueued twice", q->name.c_str()));
    return false;
  }
  if (r.buf->state == BufState::Free) report("EnQue", fmt("EnQue on %s of a tensor after its FreeTensor", q->name.c_str()));
  if ((int32_t)q->fifo.size() >= q->depth)
    report("EnQue", fmt("%s already holds %zu enqueued tensor(s): depth %d exceeded (EnQue without DeQue)", q->name.c_str(), q->fifo.size(), q->depth));
  r.buf->state = BufState::Enqueued;
  q->fifo.push_back(r.buf);
  return true;
}

inline UbRef que_deque(Queue* q, size_t es) {
  if (!q) {
    report("DeQue", "DeQue on a TQue that InitBuffer never set up");
    return whole(spare_for(nullptr, BufState::Dequeued), es);
  }
  if (q->fifo.empty()) {
    report("DeQue", fmt("DeQue on %s, which holds no enqueued tensor (the hardware waits forever); a spare buffer of UB fill is returned", q->name.c_str()));
    return whole(spare_for(q, BufState::Dequeued), es);
  }
  Buffer* b = q->fifo.front();
  q->fifo.pop_front();
  b->state = BufState::Dequeued;
  return whole(b, es);
}

inline void que_free(Queue* q, const UbRef& r) {
  if (!q) {
    report("FreeTensor", "FreeTensor on a TQue that InitBuffer never set up");
    return;
  }
  if (!r.buf || r.buf->queue != q->id) {
    report("FreeTensor", fmt("FreeTensor on %s of a tensor that was not allocated from it (%s)", q->name.c_str(), r.buf ? r.buf->name.c_str() : "an unallocated tensor"));
    return;
  }
  if (r.buf->state == BufState::Free) {
    report("FreeTensor", fmt("FreeTensor twice on the same tensor of %s", q->name.c_str()));
    return;
  }
  if (r.buf->state == BufState::Enqueued) {
    report("FreeTensor", fmt("FreeTensor of a tensor still enqueued on %s (DeQue it first)", q->name.c_str()));
    q->fifo.erase(std::find(q->fifo.begin(), q->fifo.end(), r.buf));
  }
  r.buf->state = BufState::Free;
}

// ---- DMA ----

/** GM -> UB of bytes bytes; those outside the allocation read as zero, reported once. */
inline void gm_to_ub(const char* api, const GmRef& g, uint64_t byteOff, uint8_t* ub, uint64_t bytes) {
  uintptr_t a = g.addr + byteOff;
  if (gm_in(g, a, bytes)) {
    std::memcpy(ub, reinterpret_cast<const void*>(a), bytes);
    return;
  }
  gm_oob(api, g, byteOff, bytes, false);
  for (uint64_t i = 0; i < bytes; i++) ub[i] = gm_in(g, a + i, 1) ? *reinterpret_cast<const uint8_t*>(a + i) : 0;
}

template <class T> void atomic_add_elem(uint8_t* gm, const uint8_t* ub) { store<T>(gm, static_cast<T>(load<T>(gm) + load<T>(ub))); }

/** UB -> GM of bytes bytes of T; with SetAtomicAdd active, adds instead of storing. Out-of-bounds writes are dropped. */
template <class T> void ub_to_gm(const char* api, const GmRef& g, uint64_t byteOff, const uint8_t* ub, uint64_t bytes) {
  State& s = st();
  uintptr_t a = g.addr + byteOff;
  bool in = gm_in(g, a, bytes);
  if (!in) gm_oob(api, g, byteOff, bytes, true);
  if (s.atomicType) {
    if (s.atomicType != ttag<T>())
      report(api, fmt("SetAtomicAdd<%s> is active but this copy moves %s; the model adds as %s", s.atomicTypeName, tname<T>(), tname<T>()));
    for (uint64_t i = 0; i + sizeof(T) <= bytes; i += sizeof(T))
      if (gm_in(g, a + i, sizeof(T))) atomic_add_elem<T>(reinterpret_cast<uint8_t*>(a + i), ub + i);
    return;
  }
  if (in) {
    std::memcpy(reinterpret_cast<void*>(a), ub, bytes);
    return;
  }
  for (uint64_t i = 0; i < bytes; i++)
    if (gm_in(g, a + i, 1)) *reinterpret_cast<uint8_t*>(a + i) = ub[i];
}

// ---- Element arithmetic ----

template <class T> struct is_fp : std::integral_constant<bool, std::is_floating_point<T>::value || std::is_same<T, half>::value || std::is_same<T, bfloat16_t>::value> {};

template <class T> double to_d(T v) {
  if constexpr (std::is_same<T, half>::value || std::is_same<T, bfloat16_t>::value) return static_cast<double>(static_cast<float>(v));
  else return static_cast<double>(v);
}

/** Unary math in float, rounded once to T (half: ap::f16's round to nearest even). */
template <class T, class F> T in_float(T a, F f) {
  if constexpr (std::is_same<T, double>::value) return static_cast<T>(f(static_cast<double>(a)));
  else return static_cast<T>(static_cast<float>(f(static_cast<float>(a))));
}

// RoundMode values, in the order of the enum (§2.2 [A13, A35]).
enum { R_NONE, R_RINT, R_FLOOR, R_CEIL, R_ROUND, R_TRUNC, R_ODD };

template <class D> D fp_step(D x, int dir) {
  if constexpr (std::is_same<D, float>::value) return std::nextafter(x, dir > 0 ? std::numeric_limits<float>::infinity() : -std::numeric_limits<float>::infinity());
  else if constexpr (std::is_same<D, double>::value) return std::nextafter(x, dir > 0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity());
  else {
    int32_t key = (x.bits & 0x8000u) ? -(int32_t)(x.bits & 0x7FFFu) : (int32_t)(x.bits & 0x7FFFu);
    key += dir;
    return D::from_bits(static_cast<uint16_t>(key < 0 ? (0x8000u | (uint32_t)(-key)) : (uint32_t)key));
  }
}
template <class D> uint64_t fp_lsb(D x) {
  if constexpr (std::is_same<D, float>::value) return load<uint32_t>(reinterpret_cast<const uint8_t*>(&x)) & 1u;
  else if constexpr (std::is_same<D, double>::value) return load<uint64_t>(reinterpret_cast<const uint8_t*>(&x)) & 1u;
  else return x.bits & 1u;
}

/** v (exact) to a floating type D with a RoundMode. */
template <class D> D round_fp(double v, int mode) {
  D c = static_cast<D>(static_cast<float>(v));  // round to nearest even (v is exact in float for every source the model casts from)
  if constexpr (std::is_same<D, double>::value) c = v;
  if (std::isnan(v)) return c;
  double cv = to_d(c);
  if (cv == v) return c;
  D lo = c, hi = c;
  if (cv > v) lo = fp_step(c, -1);
  else hi = fp_step(c, +1);
  double dlo = to_d(lo), dhi = to_d(hi);
  // Past the largest finite value, measure to where the next value would be.
  if (std::isinf(dhi)) dhi = 2 * to_d(fp_step(hi, -1)) - to_d(fp_step(fp_step(hi, -1), -1));
  if (std::isinf(dlo)) dlo = 2 * to_d(fp_step(lo, +1)) - to_d(fp_step(fp_step(lo, +1), +1));
  switch (mode) {
    case R_FLOOR: return lo;
    case R_CEIL: return hi;
    case R_TRUNC: return v > 0 ? lo : hi;
    case R_ROUND: return v - dlo < dhi - v ? lo : dhi - v < v - dlo ? hi : (v > 0 ? hi : lo);
    case R_ODD: return fp_lsb(lo) ? lo : hi;
    default: return c;  // CAST_RINT, and CAST_NONE when precision is lost
  }
}

/** v to an integer type D with a RoundMode; out-of-range values saturate and NaN gives 0 (a model assumption). */
template <class D> D round_int(double v, int mode) {
  if (std::isnan(v)) return D(0);
  double r;
  switch (mode) {
    case R_FLOOR: r = std::floor(v); break;
    case R_CEIL: r = std::ceil(v); break;
    case R_TRUNC: r = std::trunc(v); break;
    case R_ROUND: r = std::round(v); break;
    default: r = std::nearbyint(v); break;
  }
  if (r <= (double)std::numeric_limits<D>::min()) return std::numeric_limits<D>::min();
  if (r >= (double)std::numeric_limits<D>::max()) return std::numeric_limits<D>::max();
  return static_cast<D>(r);
}

template <class D, class S> D cast_elem(S s, int mode) {
  double v = to_d(s);
  if constexpr (is_fp<D>::value) return round_fp<D>(v, mode);
  else return round_int<D>(v, mode);
}

}  // namespace detail

// ---- The driver's API ----

/** Allocates GM for a kernel argument and registers its exact byte range; contents are zero. */
inline void* gm_alloc(size_t bytes) {
  detail::State& s = detail::st();
  detail::GmAlloc a;
  a.raw = static_cast<uint8_t*>(::operator new(bytes + 2 * detail::kGuard, std::align_val_t(64)));
  std::memset(a.raw, detail::kGuardByte, detail::kGuard);
  std::memset(a.raw + detail::kGuard, 0, bytes);
  std::memset(a.raw + detail::kGuard + bytes, detail::kGuardByte, detail::kGuard);
  a.base = reinterpret_cast<uintptr_t>(a.raw + detail::kGuard);
  a.bytes = bytes;
  a.id = ++s.gmNext;
  s.gm[a.base] = a;
  return reinterpret_cast<void*>(a.base);
}

/** Frees a gm_alloc allocation; reports a write into its guard bytes (a write that bypassed the model). */
inline void gm_free(void* p) {
  detail::State& s = detail::st();
  auto it = s.gm.find(reinterpret_cast<uintptr_t>(p));
  if (it == s.gm.end()) {
    detail::report("gm_free", "gm_free of a pointer gm_alloc did not return");
    return;
  }
  const detail::GmAlloc& a = it->second;
  for (size_t i = 0; i < detail::kGuard; i++)
    if (a.raw[i] != detail::kGuardByte || a.raw[detail::kGuard + a.bytes + i] != detail::kGuardByte) {
      detail::report("gm_free", detail::fmt("the guard bytes around GM allocation #%d (%zu bytes) were overwritten", a.id, a.bytes));
      break;
    }
  ::operator delete(a.raw, std::align_val_t(64));
  s.gm.erase(it);
}

/** Ends a core: reports tensors never freed or never dequeued, and an atomic mode left on; frees its UB. */
inline void end_core() {
  detail::State& s = detail::st();
  for (auto& q : s.queues) {
    size_t live = 0, queued = 0;
    for (detail::Buffer* b : q->bufs) {
      if (b->state == detail::BufState::Allocated || b->state == detail::BufState::Dequeued) live++;
      if (b->state == detail::BufState::Enqueued) queued++;
    }
    if (live) detail::report("FreeTensor", detail::fmt("at the end of the core, %zu tensor(s) of %s were never freed (AllocTensor or DeQue without FreeTensor)", live, q->name.c_str()));
    if (queued) detail::report("DeQue", detail::fmt("at the end of the core, %zu tensor(s) are still enqueued on %s (EnQue without DeQue)", queued, q->name.c_str()));
  }
  if (s.atomicType) detail::report("SetAtomicAdd", detail::fmt("SetAtomicAdd<%s> is still active at the end of the core (no SetAtomicNone / DisableDmaAtomic)", s.atomicTypeName));
  s.queues.clear();
  s.buffers.clear();
  s.ubUsed = 0;
  s.tbufs = 0;
  std::fill(std::begin(s.positionBuffers), std::end(s.positionBuffers), 0);
  s.atomicType = nullptr;
  s.inCore = false;
}

/** Starts a core: fresh UB and queues, GetBlockIdx() = blockIdx, GetBlockNum() = blockNum. */
inline void begin_core(int64_t blockIdx, int64_t blockNum) {
  detail::State& s = detail::st();
  if (s.inCore) {
    detail::report("begin_core", "begin_core without end_core for the previous core");
    end_core();
  }
  s.blockIdx = blockIdx;
  s.blockNum = blockNum;
  s.inCore = true;
  s.sysWorkspace = nullptr;
}

/** begin_core, f(), end_core. */
template <class F> void run_core(int64_t blockIdx, int64_t blockNum, F&& f) {
  begin_core(blockIdx, blockNum);
  f();
  end_core();
}

/** Every distinct violation so far, in the order first seen; a last entry counts any beyond the first 1000. */
inline const std::vector<Violation>& violations() {
  detail::State& s = detail::st();
  static std::vector<Violation> out;
  out = s.violations;
  if (s.dropped) out.push_back(Violation{"ap_model", detail::fmt("%llu more violations of other kinds were not kept", (unsigned long long)s.dropped), s.dropped, 0});
  return out;
}

inline void clear_violations() {
  detail::State& s = detail::st();
  s.violations.clear();
  s.index.clear();
  s.dropped = 0;
}

/** Prints the violations, one per line: "api: message (n times, first on core c)". Returns how many kinds. */
inline size_t print_violations(std::FILE* out) {
  const std::vector<Violation>& v = violations();
  for (const Violation& x : v) std::fprintf(out, "%s: %s (%llu time%s, first on core %lld)\n", x.api.c_str(), x.message.c_str(), (unsigned long long)x.count, x.count == 1 ? "" : "s", (long long)x.firstCore);
  return v.size();
}

}  // namespace ap_model
`;

/**
 * Checked loops the simulation bodies share, over any tensor type with `ap_elem`,
 * `ap_ref()` (LocalTensor) or `ap_gm()` (GlobalTensor): templates, so they can precede the
 * classes of the table.
 */
export const SIM_HELPERS = String.raw`namespace ap_model {
namespace detail {

// ---- DMA (§1.4 [A15, A20]) ----

/** Contiguous DataCopy: count x sizeof(T) must be a multiple of 32 bytes; the hardware rounds down. Returns the bytes moved. */
template <class T> uint64_t dma_len(const char* api, const char* dir, uint32_t count) {
  uint64_t bytes = (uint64_t)count * sizeof(T);
  if (bytes % 32)
    report(api, fmt("%s: count %u x %zu bytes = %llu bytes is not a multiple of 32 bytes; the hardware rounds it down and copies %llu bytes", dir, count, sizeof(T),
                    (unsigned long long)bytes, (unsigned long long)(bytes / 32 * 32)));
  return bytes / 32 * 32;
}

/**
 * GM -> UB in blocks: block b reads blockBytes from GM at b x gmStride and writes them to UB at
 * b x ubStride + ubLead. Blocks that do not fit the UB buffer are skipped (and reported).
 */
template <class T> void dma_in(const char* api, const UbRef& ub, const GmRef& gm, uint64_t blocks, uint64_t blockBytes, uint64_t gmStride, uint64_t ubStride, uint64_t ubLead) {
  if (blocks == 0 || blockBytes == 0) return;
  uint64_t extent = (blocks - 1) * ubStride + ubLead + blockBytes;
  uint64_t avail = (uint64_t)ub_check(api, "the UB tensor (dst)", ub, 1, (int64_t)extent, true);
  uint8_t* p = ub_ptr(ub);
  for (uint64_t b = 0; b < blocks; b++) {
    uint64_t at = b * ubStride + ubLead;
    if (at + blockBytes > avail) break;
    gm_to_ub(api, gm, b * gmStride, p + at, blockBytes);
  }
}

/** UB -> GM in blocks: block b reads blockBytes from UB at b x ubStride and writes them to GM at b x gmStride. */
template <class T> void dma_out(const char* api, const GmRef& gm, const UbRef& ub, uint64_t blocks, uint64_t blockBytes, uint64_t gmStride, uint64_t ubStride) {
  if (blocks == 0 || blockBytes == 0) return;
  uint64_t extent = (blocks - 1) * ubStride + blockBytes;
  uint64_t avail = (uint64_t)ub_check(api, "the UB tensor (src)", ub, 1, (int64_t)extent, true);
  const uint8_t* p = ub_ptr(ub);
  for (uint64_t b = 0; b < blocks; b++) {
    uint64_t at = b * ubStride;
    if (at + blockBytes > avail) break;
    ub_to_gm<T>(api, gm, b * gmStride, p + at, blockBytes);
  }
}

inline void block_count_check(const char* api, uint64_t blockCount) {
  if (blockCount > 4095) report(api, fmt("blockCount %llu is over 4095", (unsigned long long)blockCount));
}

/** DataCopyPad preconditions: the target has it, blockLen <= 2097151 bytes and a whole number of elements. Returns the usable blockLen. */
template <class T> uint64_t pad_len(const char* api, uint64_t blockLen) {
  if (!(AP_HAS_DATACOPYPAD))
    report(api, "DataCopyPad is not available on this target (AP_HAS_DATACOPYPAD=0: 910A and 310P have no DataCopyPad); the model copies anyway");
  if (blockLen > 2097151) {
    report(api, fmt("blockLen %llu bytes is over the limit of 2097151 bytes; the model copies 2097151", (unsigned long long)blockLen));
    blockLen = 2097151;
  }
  if (blockLen % sizeof(T))
    report(api, fmt("blockLen %llu bytes is not a whole number of %zu-byte elements", (unsigned long long)blockLen, sizeof(T)));
  return blockLen;
}

// ---- Vector operations: count-form loops over checked operands ----

/** The reference lists no bfloat16_t vector arithmetic (A2: half, float, int32, int16, §2.1 [F]); only copies and Cast take it. */
template <class T> void bf16_math(const char* api) {
  if (std::is_same<T, bfloat16_t>::value && std::strcmp(api, "Cast") != 0 && std::strcmp(api, "DataCopy") != 0)
    report(api, "element type bfloat16_t: the vector arithmetic in the reference takes half, float, int32 and int16; Cast to float first");
  // 8-bit, uint16 and uint32 tiles are only copied and converted (asc-devkit Cast.md; ascend-c.md §2.1 lists no arithmetic on them).
  if ((std::is_same<T, int8_t>::value || std::is_same<T, uint8_t>::value || std::is_same<T, uint16_t>::value || std::is_same<T, uint32_t>::value) &&
      std::strcmp(api, "Cast") != 0 && std::strcmp(api, "DataCopy") != 0)
    report(api, fmt("element type %s: the vector arithmetic in the reference takes half, float, int32 and int16; Cast first", tname<T>()));
}

template <class D, class S, class F> void vunary(const char* api, const D& dst, const S& src, int64_t count, F f) {
  using TD = typename D::ap_elem;
  using TS = typename S::ap_elem;
  bf16_math<TS>(api);
  int64_t n = ub_check(api, "dst", dst.ap_ref(), sizeof(TD), count, true);
  n = std::min(n, ub_check(api, "src", src.ap_ref(), sizeof(TS), count, true));
  uint8_t* d = ub_ptr(dst.ap_ref());
  const uint8_t* s = ub_ptr(src.ap_ref());
  for (int64_t i = 0; i < n; i++) store<TD>(d + i * sizeof(TD), f(load<TS>(s + i * sizeof(TS))));
}

template <class D, class S0, class S1, class F> void vbinary(const char* api, const D& dst, const S0& src0, const S1& src1, int64_t count, F f) {
  using TD = typename D::ap_elem;
  using T0 = typename S0::ap_elem;
  using T1 = typename S1::ap_elem;
  bf16_math<T0>(api);
  int64_t n = ub_check(api, "dst", dst.ap_ref(), sizeof(TD), count, true);
  n = std::min(n, ub_check(api, "src0", src0.ap_ref(), sizeof(T0), count, true));
  n = std::min(n, ub_check(api, "src1", src1.ap_ref(), sizeof(T1), count, true));
  uint8_t* d = ub_ptr(dst.ap_ref());
  const uint8_t* a = ub_ptr(src0.ap_ref());
  const uint8_t* b = ub_ptr(src1.ap_ref());
  for (int64_t i = 0; i < n; i++) store<TD>(d + i * sizeof(TD), f(load<T0>(a + i * sizeof(T0)), load<T1>(b + i * sizeof(T1))));
}

template <class D> void vfill(const char* api, const D& dst, typename D::ap_elem v, int64_t count) {
  using T = typename D::ap_elem;
  // asc-devkit Duplicate.md: int16, uint16, half, bfloat16, int32, uint32 and float on A2/A3/310P/910A; 8-bit only on 950.
  if (std::is_same<T, int8_t>::value || std::is_same<T, uint8_t>::value)
    report(api, fmt("element type %s: Duplicate takes no 8-bit type on 910B/310P (fill half and Cast)", tname<T>()));
  int64_t n = ub_check(api, "dst", dst.ap_ref(), sizeof(T), count, true);
  uint8_t* d = ub_ptr(dst.ap_ref());
  for (int64_t i = 0; i < n; i++) store<T>(d + i * sizeof(T), v);
}

/** Cast: rounding per RoundMode; conversions the hardware does not do directly are violations (§2.2 [A35, F]). */
template <class D, class S> void vcast(const char* api, const D& dst, const S& src, int mode, int64_t count) {
  using TD = typename D::ap_elem;
  using TS = typename S::ap_elem;
  if (std::is_same<TS, int32_t>::value && std::is_same<TD, half>::value)
    report(api, "int32 -> half Cast depends on SetDeqScale (the DEQSCALE register) on 910B/310P; cast through float");
  if (std::is_same<TS, half>::value && std::is_same<TD, bfloat16_t>::value)
    report(api, "half -> bfloat16_t has no direct Cast in the A2 conversion list; cast through float");
  else if ((std::is_same<TS, bfloat16_t>::value && !std::is_same<TD, float>::value && !std::is_same<TD, bfloat16_t>::value) ||
           (std::is_same<TD, bfloat16_t>::value && !std::is_same<TS, float>::value && !std::is_same<TS, bfloat16_t>::value))
    report(api, fmt("%s -> %s has no direct Cast in the A2 conversion list (bf16 converts from and to float only); cast through float", tname<TS>(), tname<TD>()));
  if ((std::is_same<TS, bfloat16_t>::value || std::is_same<TD, bfloat16_t>::value) && !(AP_HAS_BF16))
    report(api, "bfloat16_t Cast on a target whose conversion list has no bf16 (AP_HAS_BF16=0: only Atlas A2 lists bf16 <-> float); the model converts anyway");
  if (mode == R_ODD && !is_fp<TD>::value) report(api, fmt("CAST_ODD to the integer type %s is not modelled; the model rounds to nearest even", tname<TD>()));
  if (mode < R_NONE || mode > R_ODD) report(api, fmt("RoundMode %d is not modelled; the model rounds to nearest even", mode));
  vunary(api, dst, src, count, [mode](TS a) { return cast_elem<TD, TS>(a, mode); });
}

template <class T> bool cmp_elem(T a, T b, int mode) {
  switch (mode) {
    case 0: return a < b;
    case 1: return a > b;
    case 2: return a == b;
    case 3: return a <= b;
    case 4: return a >= b;
    default: return a != b;
  }
}

/**
 * Compare: count x sizeof(T) must be a multiple of 256 bytes (one repeat); a partial repeat
 * is ignored (§2.2 [A35]). Reads count elements of each source, writes count / 8 mask bytes;
 * bit i (LSB first) of the mask is the comparison of element i.
 */
template <class M, class S0, class S1> void vcompare(const char* api, const M& dst, const S0& src0, const S1& src1, int mode, uint32_t count) {
  using T = typename S0::ap_elem;
  using U = typename M::ap_elem;
  uint64_t bytes = (uint64_t)count * sizeof(T);
  if (bytes % 256)
    report(api, fmt("count %u x %zu bytes = %llu bytes is not a multiple of 256 bytes (one repeat); the partial repeat is ignored", count, sizeof(T), (unsigned long long)bytes));
  int64_t n = (int64_t)(bytes / 256 * 256 / sizeof(T));
  int64_t m = std::min(ub_check(api, "src0", src0.ap_ref(), sizeof(T), n, true), ub_check(api, "src1", src1.ap_ref(), sizeof(T), n, true));
  int64_t maskBytes = n / 8;
  int64_t maskOk = ub_check(api, "dst (mask)", dst.ap_ref(), 1, maskBytes, true);
  (void)sizeof(U);
  uint8_t* d = ub_ptr(dst.ap_ref());
  const uint8_t* a = ub_ptr(src0.ap_ref());
  const uint8_t* b = ub_ptr(src1.ap_ref());
  for (int64_t byte = 0; byte < maskOk; byte++) {
    uint8_t bits = 0;
    for (int k = 0; k < 8; k++) {
      int64_t i = byte * 8 + k;
      if (i < m && cmp_elem<T>(load<T>(a + i * sizeof(T)), load<T>(b + i * sizeof(T)), mode)) bits |= (uint8_t)(1u << k);
    }
    d[byte] = bits;
  }
}

/** Select: element i is src0[i] where mask bit i is 1, else src1[i] (or the scalar). */
template <class D, class M, class S0, class Pick1> void vselect(const char* api, const D& dst, const M& mask, const S0& src0, int64_t count, Pick1 pick1) {
  using T = typename D::ap_elem;
  int64_t n = ub_check(api, "dst", dst.ap_ref(), sizeof(T), count, true);
  n = std::min(n, ub_check(api, "src0", src0.ap_ref(), sizeof(T), count, true));
  int64_t maskOk = ub_check(api, "selMask", mask.ap_ref(), 1, (count + 7) / 8, true);
  n = std::min(n, maskOk * 8);
  uint8_t* d = ub_ptr(dst.ap_ref());
  const uint8_t* m = ub_ptr(mask.ap_ref());
  const uint8_t* a = ub_ptr(src0.ap_ref());
  for (int64_t i = 0; i < n; i++) store<T>(d + i * sizeof(T), ((m[i / 8] >> (i % 8)) & 1u) ? load<T>(a + i * sizeof(T)) : pick1(i));
}

/**
 * ReduceSum: dst[0] = the sum of count elements. Accumulation order of the model: each 256-byte
 * repeat is summed left to right in float, then the repeat sums are added left to right in
 * float, and the total is rounded to T once. The hardware's order differs; compare with a
 * tolerance.
 */
template <class D, class S, class W> void vreducesum(const char* api, const D& dst, const S& src, const W& tmp, int64_t count) {
  using T = typename S::ap_elem;
  int64_t n = ub_check(api, "src", src.ap_ref(), sizeof(T), count, true);
  ub_check(api, "sharedTmpBuffer", tmp.ap_ref(), sizeof(T), 0, true);
  if (ub_check(api, "dst", dst.ap_ref(), sizeof(T), 1, true) < 1) return;
  const int64_t perRepeat = 256 / (int64_t)sizeof(T);
  const uint8_t* s = ub_ptr(src.ap_ref());
  float total = 0.0f;
  for (int64_t r = 0; r < n; r += perRepeat) {
    float part = 0.0f;
    for (int64_t i = r; i < std::min(n, r + perRepeat); i++) part += static_cast<float>(load<T>(s + i * sizeof(T)));
    total += part;
  }
  store<T>(ub_ptr(dst.ap_ref()), static_cast<T>(total));
}

/**
 * ReduceMax / ReduceMin over the first count elements (§2.3 [A39]): dst[0] is the maximum
 * (minimum); with calIndex, dst[1] holds the index of its first occurrence, stored as the bits
 * of a uint32_t. NaN-free inputs give the same value in any order.
 */
template <class D, class S, class W> void vreducemaxmin(const char* api, bool isMax, const D& dst, const S& src, const W& tmp, int64_t count, bool calIndex) {
  using T = typename S::ap_elem;
  if (!std::is_same<T, half>::value && !std::is_same<T, float>::value) report(api, fmt("element type %s: %s takes half or float", tname<T>(), api));
  int64_t n = ub_check(api, "src", src.ap_ref(), sizeof(T), count, true);
  ub_check(api, "sharedTmpBuffer", tmp.ap_ref(), sizeof(T), 0, true);
  if (ub_check(api, "dst", dst.ap_ref(), sizeof(T), calIndex ? 2 : 1, true) < 1 || n < 1) return;
  const uint8_t* s = ub_ptr(src.ap_ref());
  T best = load<T>(s);
  uint32_t at = 0;
  for (int64_t i = 1; i < n; i++) {
    T v = load<T>(s + i * sizeof(T));
    if (isMax ? static_cast<float>(v) > static_cast<float>(best) : static_cast<float>(v) < static_cast<float>(best)) {
      best = v;
      at = static_cast<uint32_t>(i);
    }
  }
  store<T>(ub_ptr(dst.ap_ref()), best);
  if (calIndex && sizeof(T) == 4) std::memcpy(ub_ptr(dst.ap_ref()) + sizeof(T), &at, sizeof at);
}

/** Common range checks of the repeat-form reductions; returns false when nothing can be computed. */
template <class T> bool repeat_args(const char* api, int32_t& mask, int32_t& repeatTime, int32_t dstRepStride, int32_t srcBlkStride, int32_t srcRepStride) {
  const int32_t perRepeat = 256 / (int32_t)sizeof(T);
  if (!std::is_same<T, half>::value && !std::is_same<T, float>::value) report(api, fmt("element type %s: %s takes half or float", tname<T>(), api));
  if (mask < 1 || mask > perRepeat) {
    report(api, fmt("mask %d is outside [1, %d] for %zu-byte elements; the model clamps it", mask, perRepeat, sizeof(T)));
    mask = std::max(1, std::min(mask, perRepeat));
  }
  if (repeatTime < 0 || repeatTime > 255) {
    report(api, fmt("repeatTime %d is outside [0, 255]; the model clamps it", repeatTime));
    repeatTime = std::max(0, std::min(repeatTime, 255));
  }
  if (dstRepStride < 0 || srcBlkStride < 0 || srcRepStride < 0) {
    report(api, "negative strides are not modelled");
    return false;
  }
  return repeatTime > 0;
}

/** Element k of repeat r, in elements from the source tensor's start (strides in 32-byte units). */
template <class T> int64_t repeat_elem(int64_t r, int64_t k, int32_t srcBlkStride, int32_t srcRepStride) {
  const int64_t perBlock = 32 / (int64_t)sizeof(T);
  return (r * srcRepStride * 32 + (k / perBlock) * srcBlkStride * 32) / (int64_t)sizeof(T) + k % perBlock;
}

/** WholeReduceSum, contiguous-mask form (§2.3 [B]): one sum per repeat; half and float only. */
template <class D, class S> void vwholereducesum(const char* api, const D& dst, const S& src, int32_t mask, int32_t repeatTime, int32_t dstRepStride, int32_t srcBlkStride, int32_t srcRepStride) {
  using T = typename S::ap_elem;
  if (!repeat_args<T>(api, mask, repeatTime, dstRepStride, srcBlkStride, srcRepStride)) return;
  const int64_t srcExtent = repeat_elem<T>(repeatTime - 1, mask - 1, srcBlkStride, srcRepStride) + 1;
  const int64_t srcOk = ub_check(api, "src", src.ap_ref(), sizeof(T), srcExtent, true);
  const int64_t dstOk = ub_check(api, "dst", dst.ap_ref(), sizeof(T), (int64_t)(repeatTime - 1) * dstRepStride + 1, false);
  const uint8_t* s = ub_ptr(src.ap_ref());
  uint8_t* d = ub_ptr(dst.ap_ref());
  for (int64_t r = 0; r < repeatTime; r++) {
    float sum = 0.0f;
    for (int64_t k = 0; k < mask; k++) {
      int64_t at = repeat_elem<T>(r, k, srcBlkStride, srcRepStride);
      if (at < srcOk) sum += static_cast<float>(load<T>(s + at * sizeof(T)));
    }
    int64_t to = r * dstRepStride;
    if (to < dstOk) store<T>(d + to * sizeof(T), static_cast<T>(sum));
  }
}

/** One pairwise add of BlockReduceSum: in T, half saturating at +-65504 (§2.3, the API's documented overflow behaviour). */
template <class T> T block_add(T a, T b) {
  if constexpr (std::is_same<T, half>::value) {
    float v = static_cast<float>(a) + static_cast<float>(b);
    if (v > 65504.0f) return half(65504.0f);
    if (v < -65504.0f) return half(-65504.0f);
    return half(v);
  } else return static_cast<T>(a + b);
}

/**
 * BlockReduceSum, contiguous-mask form (§2.3 [A39]): per repeat, one sum per 32-byte block, 8 per
 * repeat, added as a binary tree. A block with none of the first mask elements sums to 0 (a model
 * assumption). dstRepStride counts reduced repeats (8 elements); dst starts 16-byte (half) or
 * 32-byte (float) aligned.
 */
template <class D, class S> void vblockreducesum(const char* api, const D& dst, const S& src, int32_t repeatTime, int32_t mask, int32_t dstRepStride, int32_t srcBlkStride, int32_t srcRepStride) {
  using T = typename S::ap_elem;
  if (!repeat_args<T>(api, mask, repeatTime, dstRepStride, srcBlkStride, srcRepStride)) return;
  const int64_t perBlock = 32 / (int64_t)sizeof(T);
  const int64_t srcExtent = repeat_elem<T>(repeatTime - 1, mask - 1, srcBlkStride, srcRepStride) + 1;
  const int64_t srcOk = ub_check(api, "src", src.ap_ref(), sizeof(T), srcExtent, true);
  const UbRef& dr = dst.ap_ref();
  if (dr.buf && (dr.buf->ubOffset + dr.off) % (8 * sizeof(T)) != 0)
    report(api, fmt("dst starts %llu bytes into %s: it must start %zu-byte aligned", (unsigned long long)dr.off, dr.buf->name.c_str(), 8 * sizeof(T)));
  const int64_t dstOk = ub_check(api, "dst", dr, sizeof(T), ((int64_t)(repeatTime - 1) * dstRepStride + 1) * 8, false);
  const uint8_t* s = ub_ptr(src.ap_ref());
  uint8_t* d = ub_ptr(dr);
  for (int64_t r = 0; r < repeatTime; r++) {
    for (int64_t b = 0; b < 8; b++) {
      T lane[16];
      for (int64_t i = 0; i < perBlock; i++) {
        int64_t k = b * perBlock + i;
        int64_t at = repeat_elem<T>(r, k, srcBlkStride, srcRepStride);
        lane[i] = k < mask && at < srcOk ? load<T>(s + at * sizeof(T)) : static_cast<T>(0);
      }
      for (int64_t width = perBlock / 2; width >= 1; width /= 2)
        for (int64_t i = 0; i < width; i++) lane[i] = block_add<T>(lane[2 * i], lane[2 * i + 1]);
      int64_t to = r * dstRepStride * 8 + b;
      if (to < dstOk) store<T>(d + to * sizeof(T), lane[0]);
    }
  }
}

/**
 * The host side of a high-level API's tiling-data class (optiling::SoftMaxTiling, …): the model
 * keeps the kernel struct's fields, in its order, and SaveToBuffer copies them as the library does.
 */
template <class K> struct TilingData {
  void SaveToBuffer(void* pdata, size_t capacity) {
    if (pdata == nullptr || capacity < sizeof(v_)) {
      report("SaveToBuffer", fmt("capacity %zu bytes is less than the tiling's %zu", capacity, sizeof(v_)));
      return;
    }
    std::memcpy(pdata, &v_, sizeof(v_));
  }
  size_t GetDataSize() const { return sizeof(v_); }
  K v_{};
};

}  // namespace detail
}  // namespace ap_model
`;
