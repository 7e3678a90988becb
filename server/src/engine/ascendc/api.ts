/**
 * The Ascend C and ACL API table: one entry per API name that ascend-port emits, shows
 * on hover, highlights, or uses in snippets. Every entry carries the declaration as the
 * reference (../shared/ref/ascend-c.md) gives it, and the tag of that reference's source
 * (A7, A14, D, ...). `decls.ts` turns the table into a C++ declarations header that
 * syntax-checks generated code and snippets with g++, and `sim.ts` turns the `sim` bodies
 * of the device entries into the CPU model that `ascend-port verify` runs generated ports
 * on, so there is one table, not three.
 *
 * Declarations are written as C++ that compiles against the header's stand-in types;
 * they keep the real parameter names, types, order and defaults. A `sim` body defines the
 * same signatures (C++17, against the model's runtime in `simPrelude.ts`).
 */
import type { CannVersion } from '../target';

export type ApiKind = 'function' | 'class' | 'macro' | 'enum' | 'qualifier' | 'constant';

export interface ApiEntry {
  /** The name as written in code (unqualified). */
  name: string;
  /** C++ namespace, empty for the global namespace (ACL, macros, qualifiers). */
  namespace: '' | 'AscendC' | 'matmul_tiling' | 'AscendC::tiling' | 'platform_ascendc' | 'ge' | 'optiling';
  kind: ApiKind;
  /** Declaration(s) shown on hover and emitted into the declarations header. */
  decl: string;
  /** One line on what it does. */
  summary: string;
  /** Where it runs: device (kernel) or host. */
  side: 'device' | 'host';
  /** Source tag from ascend-c.md's legend. */
  source: string;
  /** CANN versions that spell it this way (default: both). */
  cann?: readonly CannVersion[];
  /** The other version's spelling, when the API was renamed. */
  renamed?: { cann: CannVersion; name: string };
  /** Chip restrictions, as the reference states them. */
  support?: string;
  /** A member function documented on its own; its declaration lives in its class. */
  member?: boolean;
  /**
   * Its definition in the CPU model of `ascend-port verify` (`sim.ts` assembles the model
   * header from these and a runtime prelude): C++17 written against the declaration above,
   * computing the result and reporting what the hardware punishes. `AS_DECLARED` when the
   * declaration is already a definition (enums, plain structs).
   */
  sim?: string;
}

/** The `sim` of an entry whose declaration is already its definition. */
export const AS_DECLARED = '(as declared)';

const device = 'device' as const;
const host = 'host' as const;

export const ASCEND_C_API: readonly ApiEntry[] = [
  // Qualifiers and macros (§1.1).
  { name: '__aicore__', namespace: '', kind: 'qualifier', side: device, source: 'A5', decl: '__aicore__', summary: 'Marks a function that runs on an AI Core; device helpers are `__aicore__ inline`.' },
  { name: '__gm__', namespace: '', kind: 'qualifier', side: device, source: 'A5', decl: '__gm__', summary: 'Address space qualifier: global memory (device DRAM).' },
  { name: '__ubuf__', namespace: '', kind: 'qualifier', side: device, source: 'A5', decl: '__ubuf__', summary: 'Address space qualifier: the Unified Buffer (on-chip vector scratchpad).' },
  { name: '__cbuf__', namespace: '', kind: 'qualifier', side: device, source: 'A5', decl: '__cbuf__', summary: 'Address space qualifier: L1 buffer.' },
  { name: '__ca__', namespace: '', kind: 'qualifier', side: device, source: 'A5', decl: '__ca__', summary: 'Address space qualifier: L0A (left matrix of the Cube unit).' },
  { name: '__cb__', namespace: '', kind: 'qualifier', side: device, source: 'A5', decl: '__cb__', summary: 'Address space qualifier: L0B (right matrix of the Cube unit).' },
  { name: '__cc__', namespace: '', kind: 'qualifier', side: device, source: 'A5', decl: '__cc__', summary: 'Address space qualifier: L0C (Cube accumulator).' },
  { name: '__vector__', namespace: '', kind: 'qualifier', side: device, source: 'A5', cann: ['9.x'], decl: '__vector__', summary: 'CANN 9.x kernel qualifier: the kernel runs on vector cores.' },
  { name: '__cube__', namespace: '', kind: 'qualifier', side: device, source: 'A5', cann: ['9.x'], decl: '__cube__', summary: 'CANN 9.x kernel qualifier: the kernel runs on cube cores.' },
  { name: '__mix__', namespace: '', kind: 'qualifier', side: device, source: 'A5', cann: ['9.x'], decl: '__mix__(cube, vec)', summary: 'CANN 9.x kernel qualifier: a mixed kernel with the given cube:vector core ratio, (1,0), (0,1), (1,1) or (1,2).' },
  { name: 'GM_ADDR', namespace: '', kind: 'macro', side: device, source: 'A12', decl: '#define GM_ADDR __gm__ uint8_t*', summary: 'Type of a kernel parameter that points into global memory.' },

  // Block built-ins (§1.1).
  { name: 'GetBlockIdx', namespace: 'AscendC', kind: 'function', side: device, source: 'A5', decl: '__aicore__ inline int64_t GetBlockIdx();', summary: 'Index of the core (block) running this kernel instance, 0 … GetBlockNum()-1.',
    sim: String.raw`__aicore__ inline int64_t GetBlockIdx() { return ap_model::detail::st().blockIdx; }`,
  },
  { name: 'GetBlockNum', namespace: 'AscendC', kind: 'function', side: device, source: 'A5', decl: '__aicore__ inline int64_t GetBlockNum();', summary: 'Number of cores (blocks) the kernel was launched on.',
    sim: String.raw`__aicore__ inline int64_t GetBlockNum() { return ap_model::detail::st().blockNum; }`,
  },

  // Data structures and queues (§1.2).
  { name: 'TPosition', namespace: 'AscendC', kind: 'enum', side: device, source: 'A13', decl: 'enum class TPosition { GM, A1, A2, B1, B2, C1, C2, CO1, CO2, VECIN, VECOUT, VECCALC, LCM = VECCALC, SPM, SHM = SPM, TSCM, C2PIPE2GM, C2PIPE2LOCAL, MAX };', summary: 'Logical buffer positions: VECIN/VECOUT/VECCALC are in UB, A1/B1 in L1, A2 in L0A, B2 in L0B, CO1 in L0C.',
    sim: AS_DECLARED,
  },
  { name: 'QuePosition', namespace: 'AscendC', kind: 'class', side: device, source: 'A13', decl: 'using QuePosition = TPosition;', summary: 'Alias of TPosition.',
    sim: AS_DECLARED,
  },
  { name: 'GlobalTensor', namespace: 'AscendC', kind: 'class', side: device, source: 'A11', decl: 'template <typename T> class GlobalTensor {\npublic:\n  __aicore__ inline void SetGlobalBuffer(__gm__ T* buffer, uint64_t bufferSize);\n  __aicore__ inline void SetGlobalBuffer(__gm__ T* buffer);\n  __aicore__ inline GlobalTensor operator[](uint64_t offset) const;\n  __aicore__ inline T GetValue(uint64_t offset) const;\n  __aicore__ inline void SetValue(uint64_t offset, T value);\n  __aicore__ inline uint64_t GetSize() const;\n};', summary: 'A view of global memory; GetValue/SetValue go through the scalar pipe and the per-core DataCache.',
    sim: String.raw`template <typename T> class GlobalTensor {
public:
  using ap_elem = T;
  __aicore__ inline void SetGlobalBuffer(__gm__ T* buffer, uint64_t bufferSize) {
    g_ = ap_model::detail::gm_bind("SetGlobalBuffer", reinterpret_cast<uintptr_t>(buffer), bufferSize, sizeof(T), true);
    size_ = bufferSize;
  }
  __aicore__ inline void SetGlobalBuffer(__gm__ T* buffer) {
    g_ = ap_model::detail::gm_bind("SetGlobalBuffer", reinterpret_cast<uintptr_t>(buffer), 0, sizeof(T), false);
    size_ = g_.hi > g_.addr ? (g_.hi - g_.addr) / sizeof(T) : 0;
  }
  __aicore__ inline GlobalTensor operator[](uint64_t offset) const {
    GlobalTensor r = *this;
    r.g_.addr += offset * sizeof(T);
    r.size_ = size_ > offset ? size_ - offset : 0;
    return r;
  }
  __aicore__ inline T GetValue(uint64_t offset) const { return ap_model::detail::gm_get<T>("GlobalTensor::GetValue", g_, offset); }
  __aicore__ inline void SetValue(uint64_t offset, T value) { ap_model::detail::gm_set<T>("GlobalTensor::SetValue", g_, offset, value); }
  __aicore__ inline uint64_t GetSize() const { return size_; }
  const ap_model::detail::GmRef& ap_gm() const { return g_; }
private:
  ap_model::detail::GmRef g_;
  uint64_t size_ = 0;
};`,
  },
  { name: 'LocalTensor', namespace: 'AscendC', kind: 'class', side: device, source: 'A11', decl: 'template <typename T> class LocalTensor {\npublic:\n  __aicore__ inline LocalTensor operator[](uint32_t offset) const;\n  __aicore__ inline T GetValue(uint32_t offset) const;\n  __aicore__ inline void SetValue(uint32_t offset, T value);\n  __aicore__ inline uint32_t GetSize() const;\n  template <typename U> __aicore__ inline LocalTensor<U> ReinterpretCast() const;\n};', summary: 'A tensor in on-chip memory (UB, L1 or L0x, by its TPosition).',
    sim: String.raw`template <typename T> class LocalTensor {
public:
  using ap_elem = T;
  __aicore__ inline LocalTensor operator[](uint32_t offset) const {
    LocalTensor r = *this;
    r.r_.off += static_cast<uint64_t>(offset) * sizeof(T);
    r.r_.len = r_.len > offset ? r_.len - offset : 0;
    return r;
  }
  __aicore__ inline T GetValue(uint32_t offset) const {
    LocalTensor at = (*this)[offset];
    if (ap_model::detail::ub_check("LocalTensor::GetValue", "the tensor", at.r_, sizeof(T), 1, false) < 1) return T{};
    return ap_model::detail::load<T>(ap_model::detail::ub_ptr(at.r_));
  }
  __aicore__ inline void SetValue(uint32_t offset, T value) {
    LocalTensor at = (*this)[offset];
    if (ap_model::detail::ub_check("LocalTensor::SetValue", "the tensor", at.r_, sizeof(T), 1, false) < 1) return;
    ap_model::detail::store<T>(ap_model::detail::ub_ptr(at.r_), value);
  }
  __aicore__ inline uint32_t GetSize() const { return static_cast<uint32_t>(r_.len); }
  template <typename U> __aicore__ inline LocalTensor<U> ReinterpretCast() const {
    return LocalTensor<U>::ap_make(ap_model::detail::UbRef{r_.buf, r_.off, r_.len * sizeof(T) / sizeof(U)});
  }
  static LocalTensor ap_make(const ap_model::detail::UbRef& r) {
    LocalTensor t;
    t.r_ = r;
    return t;
  }
  const ap_model::detail::UbRef& ap_ref() const { return r_; }
private:
  ap_model::detail::UbRef r_;
};`,
  },
  { name: 'TPipe', namespace: 'AscendC', kind: 'class', side: device, source: 'A10', decl: 'class TPipe {\npublic:\n  template <class T> __aicore__ inline bool InitBuffer(T& que, uint8_t num, uint32_t len);\n  template <TPosition pos> __aicore__ inline bool InitBuffer(TBuf<pos>& buf, uint32_t len);\n};', summary: 'Owns the on-chip buffers of a kernel; InitBuffer(que, num, lenBytes) with num = 2 double-buffers.',
    sim: String.raw`class TPipe {
public:
  template <class T> __aicore__ inline bool InitBuffer(T& que, uint8_t num, uint32_t len) {
    que.ap_init(num, len);
    return true;
  }
  template <TPosition pos> __aicore__ inline bool InitBuffer(TBuf<pos>& buf, uint32_t len) {
    buf.ap_init(len);
    return true;
  }
};`,
  },
  { name: 'InitBuffer', namespace: 'AscendC', kind: 'function', member: true, side: device, source: 'A10', decl: 'template <class T> bool TPipe::InitBuffer(T& que, uint8_t num, uint32_t len);\ntemplate <TPosition pos> bool TPipe::InitBuffer(TBuf<pos>& buf, uint32_t len);', summary: 'Allocates num buffers of len bytes (rounded up to 32 B) for a queue, or one buffer for a TBuf.' },
  { name: 'TQue', namespace: 'AscendC', kind: 'class', side: device, source: 'A10', decl: 'template <TPosition pos, int32_t depth, auto mask = 0> class TQue {\npublic:\n  template <typename T> __aicore__ inline LocalTensor<T> AllocTensor();\n  template <typename T> __aicore__ inline bool EnQue(const LocalTensor<T>& tensor);\n  template <typename T> __aicore__ inline LocalTensor<T> DeQue();\n  template <typename T> __aicore__ inline void FreeTensor(LocalTensor<T>& tensor);\n  __aicore__ inline bool VacantInQue();\n  __aicore__ inline bool HasTensorInQue();\n  __aicore__ inline void FreeAllEvent();\n};', summary: 'A queue of on-chip tensors; EnQue/DeQue insert the pipe synchronisation between copy and compute. Depth 1 is recommended.', support: 'at most 8 buffers per TPosition (4 on 910A)',
    sim: String.raw`template <TPosition pos, int32_t depth, auto mask = 0> class TQue {
public:
  template <typename T> __aicore__ inline LocalTensor<T> AllocTensor() { return LocalTensor<T>::ap_make(ap_model::detail::que_alloc(q_, sizeof(T))); }
  template <typename T> __aicore__ inline bool EnQue(const LocalTensor<T>& tensor) { return ap_model::detail::que_enque(q_, tensor.ap_ref()); }
  template <typename T> __aicore__ inline LocalTensor<T> DeQue() { return LocalTensor<T>::ap_make(ap_model::detail::que_deque(q_, sizeof(T))); }
  template <typename T> __aicore__ inline void FreeTensor(LocalTensor<T>& tensor) { ap_model::detail::que_free(q_, tensor.ap_ref()); }
  __aicore__ inline bool VacantInQue() { return q_ && static_cast<int32_t>(q_->fifo.size()) < depth; }
  __aicore__ inline bool HasTensorInQue() { return q_ && !q_->fifo.empty(); }
  __aicore__ inline void FreeAllEvent() {}
  void ap_init(uint8_t num, uint32_t len) { q_ = ap_model::detail::init_queue(q_, static_cast<int>(pos), depth, num, len); }
private:
  ap_model::detail::Queue* q_ = nullptr;
};`,
  },
  { name: 'AllocTensor', namespace: 'AscendC', kind: 'function', member: true, side: device, source: 'A10', decl: 'template <typename T> LocalTensor<T> TQue::AllocTensor();', summary: 'Takes a free buffer of the queue as a LocalTensor.' },
  { name: 'EnQue', namespace: 'AscendC', kind: 'function', member: true, side: device, source: 'A10', decl: 'template <typename T> bool TQue::EnQue(const LocalTensor<T>& tensor);', summary: 'Hands a filled tensor to the next stage (inserts the pipe flag).' },
  { name: 'DeQue', namespace: 'AscendC', kind: 'function', member: true, side: device, source: 'A10', decl: 'template <typename T> LocalTensor<T> TQue::DeQue();', summary: 'Waits for and takes the next tensor from the queue.' },
  { name: 'FreeTensor', namespace: 'AscendC', kind: 'function', member: true, side: device, source: 'A10', decl: 'template <typename T> void TQue::FreeTensor(LocalTensor<T>& tensor);', summary: 'Returns a tensor\'s buffer to its queue.' },
  { name: 'TBuf', namespace: 'AscendC', kind: 'class', side: device, source: 'A10', decl: 'template <TPosition pos = TPosition::LCM> class TBuf {\npublic:\n  template <typename T> __aicore__ inline LocalTensor<T> Get();\n  template <typename T> __aicore__ inline LocalTensor<T> Get(uint32_t len);\n  template <typename T> __aicore__ inline LocalTensor<T> GetWithOffset(uint32_t size, uint32_t offset);\n};', summary: 'A scratch buffer without queue semantics; Get<T>() views it as a tensor (no Free needed).',
    sim: String.raw`template <TPosition pos = TPosition::LCM> class TBuf {
public:
  template <typename T> __aicore__ inline LocalTensor<T> Get() {
    if (!b_) {
      ap_model::detail::report("TBuf::Get", "Get on a TBuf that InitBuffer never set up");
      return LocalTensor<T>();
    }
    return LocalTensor<T>::ap_make(ap_model::detail::whole(b_, sizeof(T)));
  }
  template <typename T> __aicore__ inline LocalTensor<T> Get(uint32_t len) { return GetWithOffset<T>(len, 0); }
  // size in elements, offset in bytes from the start of the buffer.
  template <typename T> __aicore__ inline LocalTensor<T> GetWithOffset(uint32_t size, uint32_t offset) {
    if (!b_) {
      ap_model::detail::report("TBuf::Get", "Get on a TBuf that InitBuffer never set up");
      return LocalTensor<T>();
    }
    uint64_t room = offset < b_->bytes ? (b_->bytes - offset) / sizeof(T) : 0;
    if (size > room) {
      ap_model::detail::report("TBuf::Get", ap_model::detail::fmt("%u x %zu bytes from byte %u do not fit %s (%llu bytes)", size, sizeof(T), offset, b_->name.c_str(), (unsigned long long)b_->bytes));
      size = static_cast<uint32_t>(room);
    }
    return LocalTensor<T>::ap_make(ap_model::detail::UbRef{b_, offset, size});
  }
  void ap_init(uint32_t len) { b_ = ap_model::detail::init_tbuf(b_, static_cast<int>(pos), len); }
private:
  ap_model::detail::Buffer* b_ = nullptr;
};`,
  },

  // Data movement (§1.4).
  { name: 'DataCopy', namespace: 'AscendC', kind: 'function', side: device, source: 'A20', decl: 'template <typename T> __aicore__ inline void DataCopy(const LocalTensor<T>& dst, const GlobalTensor<T>& src, const uint32_t count);\ntemplate <typename T> __aicore__ inline void DataCopy(const GlobalTensor<T>& dst, const LocalTensor<T>& src, const uint32_t count);\ntemplate <typename T> __aicore__ inline void DataCopy(const LocalTensor<T>& dst, const LocalTensor<T>& src, const uint32_t count);\ntemplate <typename T> __aicore__ inline void DataCopy(const LocalTensor<T>& dst, const GlobalTensor<T>& src, const DataCopyParams& params);\ntemplate <typename T> __aicore__ inline void DataCopy(const GlobalTensor<T>& dst, const LocalTensor<T>& src, const DataCopyParams& params);', summary: 'Copies count elements between global memory and UB; count × sizeof(T) must be a multiple of 32 bytes (it is rounded down otherwise).',
    sim: String.raw`template <typename T> __aicore__ inline void DataCopy(const LocalTensor<T>& dst, const GlobalTensor<T>& src, const uint32_t count) {
  uint64_t bytes = ap_model::detail::dma_len<T>("DataCopy", "GM -> UB", count);
  ap_model::detail::dma_in<T>("DataCopy", dst.ap_ref(), src.ap_gm(), 1, bytes, 0, 0, 0);
}
template <typename T> __aicore__ inline void DataCopy(const GlobalTensor<T>& dst, const LocalTensor<T>& src, const uint32_t count) {
  uint64_t bytes = ap_model::detail::dma_len<T>("DataCopy", "UB -> GM", count);
  ap_model::detail::dma_out<T>("DataCopy", dst.ap_gm(), src.ap_ref(), 1, bytes, 0, 0);
}
template <typename T> __aicore__ inline void DataCopy(const LocalTensor<T>& dst, const LocalTensor<T>& src, const uint32_t count) {
  // Whole 32-byte blocks, as between GM and UB: a partial block is rounded down (and reported).
  uint64_t bytes = ap_model::detail::dma_len<T>("DataCopy", "UB -> UB", count);
  ap_model::detail::vunary("DataCopy", dst, src, static_cast<int64_t>(bytes / sizeof(T)), [](T a) { return a; });
}
// Strided: blockCount blocks of blockLen 32-byte units; a stride is the gap between blocks, in 32-byte units.
template <typename T> __aicore__ inline void DataCopy(const LocalTensor<T>& dst, const GlobalTensor<T>& src, const DataCopyParams& params) {
  ap_model::detail::block_count_check("DataCopy", params.blockCount);
  uint64_t len = 32ull * params.blockLen;
  ap_model::detail::dma_in<T>("DataCopy", dst.ap_ref(), src.ap_gm(), params.blockCount, len, len + 32ull * params.srcStride, len + 32ull * params.dstStride, 0);
}
template <typename T> __aicore__ inline void DataCopy(const GlobalTensor<T>& dst, const LocalTensor<T>& src, const DataCopyParams& params) {
  ap_model::detail::block_count_check("DataCopy", params.blockCount);
  uint64_t len = 32ull * params.blockLen;
  ap_model::detail::dma_out<T>("DataCopy", dst.ap_gm(), src.ap_ref(), params.blockCount, len, len + 32ull * params.dstStride, len + 32ull * params.srcStride);
}`,
  },
  { name: 'DataCopyParams', namespace: 'AscendC', kind: 'class', side: device, source: 'A15', decl: 'struct DataCopyParams { uint16_t blockCount; uint16_t blockLen; uint16_t srcStride; uint16_t dstStride; };', summary: 'Strided copy: blockCount blocks of blockLen 32-byte units, with gaps in 32-byte units.',
    sim: AS_DECLARED,
  },
  { name: 'DataCopyPad', namespace: 'AscendC', kind: 'function', side: device, source: 'A20', decl: 'template <typename T> __aicore__ inline void DataCopyPad(const LocalTensor<T>& dst, const GlobalTensor<T>& src, const DataCopyExtParams& params, const DataCopyPadExtParams<T>& padParams);\ntemplate <typename T> __aicore__ inline void DataCopyPad(const GlobalTensor<T>& dst, const LocalTensor<T>& src, const DataCopyExtParams& params);', summary: 'Copies data whose length is not a multiple of 32 bytes, padding in UB; blockLen is in bytes.', support: 'A2/A3 (910B), 310B and 950; not 910A, not 310P',
    sim: String.raw`// GM -> UB: each block lands in UB as leftPadding elements, blockLen bytes, rightPadding elements,
// rounded up to 32 bytes, then dstStride 32-byte blocks of gap; GM blocks are srcStride bytes apart.
// With isPad the padding elements are set to paddingValue; without it the model leaves them as they were.
template <typename T> __aicore__ inline void DataCopyPad(const LocalTensor<T>& dst, const GlobalTensor<T>& src, const DataCopyExtParams& params, const DataCopyPadExtParams<T>& padParams) {
  uint64_t len = ap_model::detail::pad_len<T>("DataCopyPad", params.blockLen);
  uint64_t left = padParams.leftPadding * sizeof(T), right = padParams.rightPadding * sizeof(T);
  if (left > 32 || right > 32)
    ap_model::detail::report("DataCopyPad", ap_model::detail::fmt("leftPadding %u / rightPadding %u elements: each must be at most 32 bytes", padParams.leftPadding, padParams.rightPadding));
  uint64_t ubBlock = (left + len + right + 31) / 32 * 32;
  ap_model::detail::dma_in<T>("DataCopyPad", dst.ap_ref(), src.ap_gm(), params.blockCount, len, len + params.srcStride, ubBlock + 32ull * params.dstStride, left);
  if (!padParams.isPad || (left == 0 && right == 0)) return;
  for (uint64_t b = 0; b < params.blockCount; b++) {
    uint64_t at = b * (ubBlock + 32ull * params.dstStride) / sizeof(T);
    for (uint64_t i = 0; i < padParams.leftPadding; i++) dst[static_cast<uint32_t>(at + i)].SetValue(0, padParams.paddingValue);
    for (uint64_t i = 0; i < padParams.rightPadding; i++) dst[static_cast<uint32_t>(at + (left + len) / sizeof(T) + i)].SetValue(0, padParams.paddingValue);
  }
}
// UB -> GM: blocks of blockLen bytes; UB blocks are blockLen rounded up to 32 bytes plus srcStride 32-byte blocks apart, GM blocks dstStride bytes apart.
template <typename T> __aicore__ inline void DataCopyPad(const GlobalTensor<T>& dst, const LocalTensor<T>& src, const DataCopyExtParams& params) {
  uint64_t len = ap_model::detail::pad_len<T>("DataCopyPad", params.blockLen);
  ap_model::detail::dma_out<T>("DataCopyPad", dst.ap_gm(), src.ap_ref(), params.blockCount, len, len + params.dstStride, (len + 31) / 32 * 32 + 32ull * params.srcStride);
}`,
  },
  { name: 'DataCopyExtParams', namespace: 'AscendC', kind: 'class', side: device, source: 'A15', decl: 'struct DataCopyExtParams { uint16_t blockCount; uint32_t blockLen; uint32_t srcStride; uint32_t dstStride; uint32_t rsv; };', summary: 'DataCopyPad parameters: blockLen in bytes; GM strides in bytes, UB strides in 32-byte blocks.',
    sim: AS_DECLARED,
  },
  { name: 'DataCopyPadExtParams', namespace: 'AscendC', kind: 'class', side: device, source: 'A15', decl: 'template <typename T> struct DataCopyPadExtParams { bool isPad; uint8_t leftPadding; uint8_t rightPadding; T paddingValue; };', summary: 'DataCopyPad padding: left/right padding in elements (at most 32 bytes each) and the value.',
    sim: AS_DECLARED,
  },

  // Vector arithmetic (§2.1).
  { name: 'Add', namespace: 'AscendC', kind: 'function', side: device, source: 'A14', decl: 'template <typename T, bool isSetMask = true> __aicore__ inline void Add(const LocalTensor<T>& dst, const LocalTensor<T>& src0, const LocalTensor<T>& src1, const int32_t& count);', summary: 'dst = src0 + src1 over count elements (128 half or 64 float per cycle on 910B).',
    sim: String.raw`template <typename T, bool isSetMask = true> __aicore__ inline void Add(const LocalTensor<T>& dst, const LocalTensor<T>& src0, const LocalTensor<T>& src1, const int32_t& count) {
  ap_model::detail::vbinary("Add", dst, src0, src1, count, [](T a, T b) { return static_cast<T>(a + b); });
}`,
  },
  { name: 'Sub', namespace: 'AscendC', kind: 'function', side: device, source: 'A14', decl: 'template <typename T, bool isSetMask = true> __aicore__ inline void Sub(const LocalTensor<T>& dst, const LocalTensor<T>& src0, const LocalTensor<T>& src1, const int32_t& count);', summary: 'dst = src0 - src1 over count elements.',
    sim: String.raw`template <typename T, bool isSetMask = true> __aicore__ inline void Sub(const LocalTensor<T>& dst, const LocalTensor<T>& src0, const LocalTensor<T>& src1, const int32_t& count) {
  ap_model::detail::vbinary("Sub", dst, src0, src1, count, [](T a, T b) { return static_cast<T>(a - b); });
}`,
  },
  { name: 'Mul', namespace: 'AscendC', kind: 'function', side: device, source: 'A14', decl: 'template <typename T, bool isSetMask = true> __aicore__ inline void Mul(const LocalTensor<T>& dst, const LocalTensor<T>& src0, const LocalTensor<T>& src1, const int32_t& count);', summary: 'dst = src0 × src1 over count elements.',
    sim: String.raw`template <typename T, bool isSetMask = true> __aicore__ inline void Mul(const LocalTensor<T>& dst, const LocalTensor<T>& src0, const LocalTensor<T>& src1, const int32_t& count) {
  ap_model::detail::vbinary("Mul", dst, src0, src1, count, [](T a, T b) { return static_cast<T>(a * b); });
}`,
  },
  { name: 'Div', namespace: 'AscendC', kind: 'function', side: device, source: 'A14', decl: 'template <typename T, bool isSetMask = true> __aicore__ inline void Div(const LocalTensor<T>& dst, const LocalTensor<T>& src0, const LocalTensor<T>& src1, const int32_t& count);', summary: 'dst = src0 / src1 over count elements (32 per cycle on 910B).',
    sim: String.raw`template <typename T, bool isSetMask = true> __aicore__ inline void Div(const LocalTensor<T>& dst, const LocalTensor<T>& src0, const LocalTensor<T>& src1, const int32_t& count) {
  ap_model::detail::vbinary("Div", dst, src0, src1, count, [](T a, T b) { return static_cast<T>(a / b); });
}`,
  },
  { name: 'Max', namespace: 'AscendC', kind: 'function', side: device, source: 'A14', decl: 'template <typename T, bool isSetMask = true> __aicore__ inline void Max(const LocalTensor<T>& dst, const LocalTensor<T>& src0, const LocalTensor<T>& src1, const int32_t& count);', summary: 'Elementwise maximum.',
    sim: String.raw`template <typename T, bool isSetMask = true> __aicore__ inline void Max(const LocalTensor<T>& dst, const LocalTensor<T>& src0, const LocalTensor<T>& src1, const int32_t& count) {
  ap_model::detail::vbinary("Max", dst, src0, src1, count, [](T a, T b) { return static_cast<T>(a > b ? a : b); });
}`,
  },
  { name: 'Min', namespace: 'AscendC', kind: 'function', side: device, source: 'A14', decl: 'template <typename T, bool isSetMask = true> __aicore__ inline void Min(const LocalTensor<T>& dst, const LocalTensor<T>& src0, const LocalTensor<T>& src1, const int32_t& count);', summary: 'Elementwise minimum.',
    sim: String.raw`template <typename T, bool isSetMask = true> __aicore__ inline void Min(const LocalTensor<T>& dst, const LocalTensor<T>& src0, const LocalTensor<T>& src1, const int32_t& count) {
  ap_model::detail::vbinary("Min", dst, src0, src1, count, [](T a, T b) { return static_cast<T>(a < b ? a : b); });
}`,
  },
  { name: 'Adds', namespace: 'AscendC', kind: 'function', side: device, source: 'A14', decl: 'template <typename T, bool isSetMask = true> __aicore__ inline void Adds(const LocalTensor<T>& dst, const LocalTensor<T>& src, const T& scalarValue, const int32_t& count);', summary: 'dst = src + scalar over count elements.',
    sim: String.raw`template <typename T, bool isSetMask = true> __aicore__ inline void Adds(const LocalTensor<T>& dst, const LocalTensor<T>& src, const T& scalarValue, const int32_t& count) {
  const T s = scalarValue;
  ap_model::detail::vunary("Adds", dst, src, count, [s](T a) { return static_cast<T>(a + s); });
}`,
  },
  { name: 'Muls', namespace: 'AscendC', kind: 'function', side: device, source: 'A14', decl: 'template <typename T, bool isSetMask = true> __aicore__ inline void Muls(const LocalTensor<T>& dst, const LocalTensor<T>& src, const T& scalarValue, const int32_t& count);', summary: 'dst = src × scalar over count elements.',
    sim: String.raw`template <typename T, bool isSetMask = true> __aicore__ inline void Muls(const LocalTensor<T>& dst, const LocalTensor<T>& src, const T& scalarValue, const int32_t& count) {
  const T s = scalarValue;
  ap_model::detail::vunary("Muls", dst, src, count, [s](T a) { return static_cast<T>(a * s); });
}`,
  },
  { name: 'Axpy', namespace: 'AscendC', kind: 'function', side: device, source: 'A14', decl: 'template <typename T, typename U, bool isSetMask = true> __aicore__ inline void Axpy(const LocalTensor<T>& dst, const LocalTensor<U>& src, const U scalarValue, const int32_t& count);', summary: 'dst += src × scalar over count elements.',
    sim: String.raw`// dst = dst + (src x scalar): the product is rounded to U, the sum to T.
template <typename T, typename U, bool isSetMask = true> __aicore__ inline void Axpy(const LocalTensor<T>& dst, const LocalTensor<U>& src, const U scalarValue, const int32_t& count) {
  const U s = scalarValue;
  ap_model::detail::vbinary("Axpy", dst, dst, src, count, [s](T d, U a) { return static_cast<T>(static_cast<float>(d) + static_cast<float>(static_cast<U>(a * s))); });
}`,
  },
  { name: 'Exp', namespace: 'AscendC', kind: 'function', side: device, source: 'A14', decl: 'template <typename T> __aicore__ inline void Exp(const LocalTensor<T>& dst, const LocalTensor<T>& src, const int32_t& count);', summary: 'Elementwise e^x (32 elements per cycle on 910B).', support: 'the basic Exp is not supported on Ascend 950',
    sim: String.raw`// Computed in float and rounded once to T.
template <typename T> __aicore__ inline void Exp(const LocalTensor<T>& dst, const LocalTensor<T>& src, const int32_t& count) {
  ap_model::detail::vunary("Exp", dst, src, count, [](T a) { return ap_model::detail::in_float(a, [](auto x) { return std::exp(x); }); });
}`,
  },
  { name: 'Ln', namespace: 'AscendC', kind: 'function', side: device, source: 'A14', decl: 'template <typename T> __aicore__ inline void Ln(const LocalTensor<T>& dst, const LocalTensor<T>& src, const int32_t& count);', summary: 'Elementwise natural logarithm.',
    sim: String.raw`// Computed in float and rounded once to T.
template <typename T> __aicore__ inline void Ln(const LocalTensor<T>& dst, const LocalTensor<T>& src, const int32_t& count) {
  ap_model::detail::vunary("Ln", dst, src, count, [](T a) { return ap_model::detail::in_float(a, [](auto x) { return std::log(x); }); });
}`,
  },
  { name: 'Abs', namespace: 'AscendC', kind: 'function', side: device, source: 'A14', decl: 'template <typename T> __aicore__ inline void Abs(const LocalTensor<T>& dst, const LocalTensor<T>& src, const int32_t& count);', summary: 'Elementwise absolute value.',
    sim: String.raw`template <typename T> __aicore__ inline void Abs(const LocalTensor<T>& dst, const LocalTensor<T>& src, const int32_t& count) {
  ap_model::detail::vunary("Abs", dst, src, count, [](T a) { return a < static_cast<T>(0) ? static_cast<T>(-a) : a; });
}`,
  },
  { name: 'Sqrt', namespace: 'AscendC', kind: 'function', side: device, source: 'A14', decl: 'template <typename T> __aicore__ inline void Sqrt(const LocalTensor<T>& dst, const LocalTensor<T>& src, const int32_t& count);', summary: 'Elementwise square root.',
    sim: String.raw`// Computed in float and rounded once to T.
template <typename T> __aicore__ inline void Sqrt(const LocalTensor<T>& dst, const LocalTensor<T>& src, const int32_t& count) {
  ap_model::detail::vunary("Sqrt", dst, src, count, [](T a) { return ap_model::detail::in_float(a, [](auto x) { return std::sqrt(x); }); });
}`,
  },
  { name: 'Relu', namespace: 'AscendC', kind: 'function', side: device, source: 'A14', decl: 'template <typename T> __aicore__ inline void Relu(const LocalTensor<T>& dst, const LocalTensor<T>& src, const int32_t& count);', summary: 'Elementwise max(x, 0).',
    sim: String.raw`template <typename T> __aicore__ inline void Relu(const LocalTensor<T>& dst, const LocalTensor<T>& src, const int32_t& count) {
  ap_model::detail::vunary("Relu", dst, src, count, [](T a) { return a > static_cast<T>(0) ? a : static_cast<T>(0); });
}`,
  },
  { name: 'Rsqrt', namespace: 'AscendC', kind: 'function', side: device, source: 'A14', decl: 'template <typename T> __aicore__ inline void Rsqrt(const LocalTensor<T>& dst, const LocalTensor<T>& src, const int32_t& count);', summary: 'dst = 1/√src (128 half or 64 float per cycle on 910B).',
    sim: String.raw`// Computed in float and rounded once to T.
template <typename T> __aicore__ inline void Rsqrt(const LocalTensor<T>& dst, const LocalTensor<T>& src, const int32_t& count) {
  ap_model::detail::vunary("Rsqrt", dst, src, count, [](T a) { return ap_model::detail::in_float(a, [](auto x) { return decltype(x)(1) / std::sqrt(x); }); });
}`,
  },
  { name: 'Reciprocal', namespace: 'AscendC', kind: 'function', side: device, source: 'A14', decl: 'template <typename T> __aicore__ inline void Reciprocal(const LocalTensor<T>& dst, const LocalTensor<T>& src, const int32_t& count);', summary: 'dst = 1/src.',
    sim: String.raw`// Computed in float and rounded once to T.
template <typename T> __aicore__ inline void Reciprocal(const LocalTensor<T>& dst, const LocalTensor<T>& src, const int32_t& count) {
  ap_model::detail::vunary("Reciprocal", dst, src, count, [](T a) { return ap_model::detail::in_float(a, [](auto x) { return decltype(x)(1) / x; }); });
}`,
  },
  { name: 'Power', namespace: 'AscendC', kind: 'function', side: device, source: 'A30', decl: 'template <typename T, bool isReuseSource = false> __aicore__ inline void Power(const LocalTensor<T>& dstTensor, const LocalTensor<T>& src0Tensor, const LocalTensor<T>& src1Tensor, uint32_t calCount);', summary: 'High-level maths: dst = src0 ^ src1 elementwise, half or float (asc-devkit include/adv_api/math/power.h); this overload takes its temporary space from the UB the toolchain reserves.',
    support: 'arch 2201 (910B) and 2002 (310P) in power.h; the overload without sharedTmpBuffer needs the reserved UB (not with --cce-disable-asc-reserved-ubuf)',
    sim: String.raw`// Computed in float (std::pow) and rounded once to T: the hardware's series may differ in the last bits.
template <typename T, bool isReuseSource = false> __aicore__ inline void Power(const LocalTensor<T>& dstTensor, const LocalTensor<T>& src0Tensor, const LocalTensor<T>& src1Tensor, uint32_t calCount) {
  ap_model::detail::vbinary("Power", dstTensor, src0Tensor, src1Tensor, calCount, [](T a, T b) { return static_cast<T>(static_cast<float>(std::pow(static_cast<float>(a), static_cast<float>(b)))); });
}`,
  },
  { name: 'Erf', namespace: 'AscendC', kind: 'function', side: device, source: 'A30', decl: 'template <typename T, bool isReuseSource = false> __aicore__ inline void Erf(const LocalTensor<T>& dstTensor, const LocalTensor<T>& srcTensor, const uint32_t calCount);', summary: 'High-level maths: the error function elementwise, half or float, as a rational approximation P(x)/Q(x) with x clipped to ±3.92 (asc-devkit include/adv_api/math/erf.h).',
    support: '__CCE_AICORE__ 220 (910B) and 200 (310P) in erf.h',
    sim: String.raw`// Computed in float (std::erf) and rounded once to T: the hardware's rational approximation differs in the last bits.
template <typename T, bool isReuseSource = false> __aicore__ inline void Erf(const LocalTensor<T>& dstTensor, const LocalTensor<T>& srcTensor, const uint32_t calCount) {
  ap_model::detail::vunary("Erf", dstTensor, srcTensor, calCount, [](T a) { return ap_model::detail::in_float(a, [](auto x) { return std::erf(x); }); });
}`,
  },
  { name: 'Sin', namespace: 'AscendC', kind: 'function', side: device, source: 'A30', decl: 'template <typename T, bool isReuseSource = false> __aicore__ inline void Sin(const LocalTensor<T>& dstTensor, const LocalTensor<T>& srcTensor, const uint32_t calCount);', summary: 'High-level maths: sine elementwise, half or float: x reduced by round(x/π)·π (π in four parts), then x·P(x²) with a degree-4 P; inputs documented in [-65504, 65504] (asc-devkit include/adv_api/math/sin.h).',
    support: '__NPU_ARCH__ 2201 (910B), 2002 (310P) and 3510 in sin.h',
    sim: String.raw`// Computed in float (std::sin) and rounded once to T: the hardware's polynomial differs in the last bits.
template <typename T, bool isReuseSource = false> __aicore__ inline void Sin(const LocalTensor<T>& dstTensor, const LocalTensor<T>& srcTensor, const uint32_t calCount) {
  ap_model::detail::vunary("Sin", dstTensor, srcTensor, calCount, [](T a) { return ap_model::detail::in_float(a, [](auto x) { return std::sin(x); }); });
}`,
  },
  { name: 'Cos', namespace: 'AscendC', kind: 'function', side: device, source: 'A30', decl: 'template <typename T, bool isReuseSource = false> __aicore__ inline void Cos(const LocalTensor<T>& dstTensor, const LocalTensor<T>& srcTensor, const uint32_t calCount);', summary: 'High-level maths: cosine elementwise, half or float: x reduced by round(x/π + 1/2)·π (π in five parts), then the sine polynomial; inputs documented in [-65504, 65504] (asc-devkit include/adv_api/math/cos.h).',
    support: '__NPU_ARCH__ 2201 (910B), 2002 (310P) and 3510 in cos.h',
    sim: String.raw`// Computed in float (std::cos) and rounded once to T: the hardware's polynomial differs in the last bits.
template <typename T, bool isReuseSource = false> __aicore__ inline void Cos(const LocalTensor<T>& dstTensor, const LocalTensor<T>& srcTensor, const uint32_t calCount) {
  ap_model::detail::vunary("Cos", dstTensor, srcTensor, calCount, [](T a) { return ap_model::detail::in_float(a, [](auto x) { return std::cos(x); }); });
}`,
  },
  { name: 'Maxs', namespace: 'AscendC', kind: 'function', side: device, source: 'A14', decl: 'template <typename T, bool isSetMask = true> __aicore__ inline void Maxs(const LocalTensor<T>& dst, const LocalTensor<T>& src, const T& scalarValue, const int32_t& count);', summary: 'dst = max(src, scalar).',
    sim: String.raw`template <typename T, bool isSetMask = true> __aicore__ inline void Maxs(const LocalTensor<T>& dst, const LocalTensor<T>& src, const T& scalarValue, const int32_t& count) {
  const T s = scalarValue;
  ap_model::detail::vunary("Maxs", dst, src, count, [s](T a) { return static_cast<T>(a > s ? a : s); });
}`,
  },
  { name: 'Mins', namespace: 'AscendC', kind: 'function', side: device, source: 'A14', decl: 'template <typename T, bool isSetMask = true> __aicore__ inline void Mins(const LocalTensor<T>& dst, const LocalTensor<T>& src, const T& scalarValue, const int32_t& count);', summary: 'dst = min(src, scalar).',
    sim: String.raw`template <typename T, bool isSetMask = true> __aicore__ inline void Mins(const LocalTensor<T>& dst, const LocalTensor<T>& src, const T& scalarValue, const int32_t& count) {
  const T s = scalarValue;
  ap_model::detail::vunary("Mins", dst, src, count, [s](T a) { return static_cast<T>(a < s ? a : s); });
}`,
  },
  { name: 'Compare', namespace: 'AscendC', kind: 'function', side: device, source: 'A35', decl: 'template <typename T, typename U> __aicore__ inline void Compare(const LocalTensor<U>& dst, const LocalTensor<T>& src0, const LocalTensor<T>& src1, CMPMODE cmpMode, uint32_t count);', summary: 'Elementwise comparison into a bitmask (one bit per element, uint8 tensor); count × sizeof(T) must be a multiple of 256 bytes.',
    sim: String.raw`template <typename T, typename U> __aicore__ inline void Compare(const LocalTensor<U>& dst, const LocalTensor<T>& src0, const LocalTensor<T>& src1, CMPMODE cmpMode, uint32_t count) {
  ap_model::detail::vcompare("Compare", dst, src0, src1, static_cast<int>(cmpMode), count);
}`,
  },
  { name: 'Select', namespace: 'AscendC', kind: 'function', side: device, source: 'A35', decl: 'template <typename T, typename U> __aicore__ inline void Select(const LocalTensor<T>& dst, const LocalTensor<U>& selMask, const LocalTensor<T>& src0, const LocalTensor<T>& src1, SELMODE selMode, uint32_t count);\ntemplate <typename T, typename U> __aicore__ inline void Select(const LocalTensor<T>& dst, const LocalTensor<U>& selMask, const LocalTensor<T>& src0, T src1, SELMODE selMode, uint32_t count);', summary: 'Per element, src0 where the mask bit is 1, else src1, a tensor or a scalar (the ternary of per-element code).',
    sim: String.raw`template <typename T, typename U> __aicore__ inline void Select(const LocalTensor<T>& dst, const LocalTensor<U>& selMask, const LocalTensor<T>& src0, const LocalTensor<T>& src1, SELMODE selMode, uint32_t count) {
  if (selMode != SELMODE::VSEL_TENSOR_TENSOR_MODE) ap_model::detail::report("Select", "two source tensors need SELMODE::VSEL_TENSOR_TENSOR_MODE; the model selects per mask bit anyway");
  const int64_t n1 = ap_model::detail::ub_check("Select", "src1", src1.ap_ref(), sizeof(T), count, true);
  const uint8_t* b = ap_model::detail::ub_ptr(src1.ap_ref());
  ap_model::detail::vselect("Select", dst, selMask, src0, count, [b, n1](int64_t i) { return i < n1 ? ap_model::detail::load<T>(b + i * sizeof(T)) : T{}; });
}
template <typename T, typename U> __aicore__ inline void Select(const LocalTensor<T>& dst, const LocalTensor<U>& selMask, const LocalTensor<T>& src0, T src1, SELMODE selMode, uint32_t count) {
  if (selMode != SELMODE::VSEL_TENSOR_SCALAR_MODE) ap_model::detail::report("Select", "a scalar src1 needs SELMODE::VSEL_TENSOR_SCALAR_MODE; the model selects per mask bit anyway");
  ap_model::detail::vselect("Select", dst, selMask, src0, count, [src1](int64_t) { return src1; });
}`,
  },
  { name: 'CMPMODE', namespace: 'AscendC', kind: 'enum', side: device, source: 'A13', decl: 'enum class CMPMODE { LT, GT, EQ, LE, GE, NE };', summary: 'Comparison of Compare: less, greater, equal, less-or-equal, greater-or-equal, not equal.',
    sim: AS_DECLARED,
  },
  { name: 'SELMODE', namespace: 'AscendC', kind: 'enum', side: device, source: 'A13', decl: 'enum class SELMODE { VSEL_CMPMASK_SPR, VSEL_TENSOR_SCALAR_MODE, VSEL_TENSOR_TENSOR_MODE };', summary: 'How Select reads its mask and operands; VSEL_TENSOR_TENSOR_MODE takes a mask tensor and two tensors.',
    sim: AS_DECLARED,
  },
  { name: 'Duplicate', namespace: 'AscendC', kind: 'function', side: device, source: 'A14', decl: 'template <typename T> __aicore__ inline void Duplicate(const LocalTensor<T>& dst, const T& scalarValue, const int32_t& count);', summary: 'Fills count elements with a scalar (broadcast).',
    sim: String.raw`template <typename T> __aicore__ inline void Duplicate(const LocalTensor<T>& dst, const T& scalarValue, const int32_t& count) {
  ap_model::detail::vfill("Duplicate", dst, scalarValue, count);
}`,
  },
  { name: 'CreateVecIndex', namespace: 'AscendC', kind: 'function', side: device, source: 'A16', decl: 'template <typename T> __aicore__ inline void CreateVecIndex(LocalTensor<T> dst, const T& firstValue, uint32_t count);', summary: 'An iota: dst[k] = firstValue + k over count elements (half, int16_t, float, int32_t on 910B and 310P, per the asc-devkit headers). The first 32-byte block is written through float, so firstValue + k is exact only below 2^24: ports pass 0 and add the offset with Adds.',
    sim: String.raw`template <typename T> __aicore__ inline void CreateVecIndex(LocalTensor<T> dst, const T& firstValue, uint32_t count) {
  // As the headers compute it: the first block through float (exact below 2^24), the rest by adding whole blocks in T.
  const int64_t n = ap_model::detail::ub_check("CreateVecIndex", "dst", dst.ap_ref(), sizeof(T), count, true);
  uint8_t* d = ap_model::detail::ub_ptr(dst.ap_ref());
  const int64_t blk = static_cast<int64_t>(32 / sizeof(T));
  for (int64_t i = 0; i < n && i < blk; i++) ap_model::detail::store<T>(d + i * sizeof(T), static_cast<T>(static_cast<float>(firstValue) + static_cast<float>(i)));
  for (int64_t i = blk; i < n; i++) ap_model::detail::store<T>(d + i * sizeof(T), static_cast<T>(ap_model::detail::load<T>(d + (i - blk) * sizeof(T)) + static_cast<T>(blk)));
}`,
  },
  { name: 'Cast', namespace: 'AscendC', kind: 'function', side: device, source: 'A14', decl: 'template <typename T, typename U> __aicore__ inline void Cast(const LocalTensor<T>& dst, const LocalTensor<U>& src, const RoundMode& roundMode, const uint32_t count);', summary: 'Converts element types with an explicit rounding mode.',
    sim: String.raw`template <typename T, typename U> __aicore__ inline void Cast(const LocalTensor<T>& dst, const LocalTensor<U>& src, const RoundMode& roundMode, const uint32_t count) {
  ap_model::detail::vcast("Cast", dst, src, static_cast<int>(roundMode), count);
}`,
  },
  { name: 'RoundMode', namespace: 'AscendC', kind: 'enum', side: device, source: 'A13', decl: 'enum class RoundMode { CAST_NONE, CAST_RINT, CAST_FLOOR, CAST_CEIL, CAST_ROUND, CAST_TRUNC, CAST_ODD };', summary: 'Rounding of Cast: RINT is round-half-even, ROUND is half away from zero, TRUNC toward zero.',
    sim: AS_DECLARED,
  },
  { name: 'ReduceSum', namespace: 'AscendC', kind: 'function', side: device, source: 'A39', decl: 'template <typename T> __aicore__ inline void ReduceSum(const LocalTensor<T>& dst, const LocalTensor<T>& src, const LocalTensor<T>& sharedTmpBuffer, const int32_t count);', summary: 'Sums count elements into dst[0], using a temporary buffer.',
    sim: String.raw`template <typename T> __aicore__ inline void ReduceSum(const LocalTensor<T>& dst, const LocalTensor<T>& src, const LocalTensor<T>& sharedTmpBuffer, const int32_t count) {
  ap_model::detail::vreducesum("ReduceSum", dst, src, sharedTmpBuffer, count);
}`,
  },

  { name: 'ReduceMax', namespace: 'AscendC', kind: 'function', side: device, source: 'A39', decl: 'template <typename T> __aicore__ inline void ReduceMax(const LocalTensor<T>& dst, const LocalTensor<T>& src, const LocalTensor<T>& sharedTmpBuffer, const int32_t count, bool calIndex = 0);', summary: 'The maximum of count elements into dst[0] (with calIndex, its index into dst[1]), using a temporary buffer.',
    sim: String.raw`template <typename T> __aicore__ inline void ReduceMax(const LocalTensor<T>& dst, const LocalTensor<T>& src, const LocalTensor<T>& sharedTmpBuffer, const int32_t count, bool calIndex = 0) {
  ap_model::detail::vreducemaxmin("ReduceMax", true, dst, src, sharedTmpBuffer, count, calIndex);
}`,
  },
  { name: 'ReduceMin', namespace: 'AscendC', kind: 'function', side: device, source: 'A39', decl: 'template <typename T> __aicore__ inline void ReduceMin(const LocalTensor<T>& dst, const LocalTensor<T>& src, const LocalTensor<T>& sharedTmpBuffer, const int32_t count, bool calIndex = 0);', summary: 'The minimum of count elements into dst[0] (with calIndex, its index into dst[1]), using a temporary buffer.',
    sim: String.raw`template <typename T> __aicore__ inline void ReduceMin(const LocalTensor<T>& dst, const LocalTensor<T>& src, const LocalTensor<T>& sharedTmpBuffer, const int32_t count, bool calIndex = 0) {
  ap_model::detail::vreducemaxmin("ReduceMin", false, dst, src, sharedTmpBuffer, count, calIndex);
}`,
  },

  { name: 'WholeReduceSum', namespace: 'AscendC', kind: 'function', side: device, source: 'B', cann: ['8.x'], decl: 'template <typename T, bool isSetMask = true> __aicore__ inline void WholeReduceSum(const LocalTensor<T>& dst, const LocalTensor<T>& src, const int32_t mask, const int32_t repeatTime, const int32_t dstRepStride, const int32_t srcBlkStride, const int32_t srcRepStride);', summary: 'Sums each 256-byte repeat (its first mask elements) into one element of dst; half and float; CANN 9.1 replaces it with ReduceRepeat<ReduceType::SUM>.',
    sim: String.raw`// Repeat r reads its first mask elements from the 32-byte blocks at r x srcRepStride + b x srcBlkStride
// (in 32-byte units) and writes their sum to dst[r x dstRepStride] (one element per repeat). The
// model adds left to right in float and rounds once; the hardware's order differs.
template <typename T, bool isSetMask = true> __aicore__ inline void WholeReduceSum(const LocalTensor<T>& dst, const LocalTensor<T>& src, const int32_t mask, const int32_t repeatTime, const int32_t dstRepStride, const int32_t srcBlkStride, const int32_t srcRepStride) {
  ap_model::detail::vwholereducesum("WholeReduceSum", dst, src, mask, repeatTime, dstRepStride, srcBlkStride, srcRepStride);
}`,
  },

  { name: 'BlockReduceSum', namespace: 'AscendC', kind: 'function', side: device, source: 'A39', cann: ['8.x'], decl: 'template <typename T, bool isSetMask = true> __aicore__ inline void BlockReduceSum(const LocalTensor<T>& dst, const LocalTensor<T>& src, const int32_t repeatTime, const int32_t mask, const int32_t dstRepStride, const int32_t srcBlkStride, const int32_t srcRepStride);', summary: 'Sums each 32-byte block of each repeat into one element (8 per repeat); repeatTime comes before mask; CANN 9.1 replaces it with ReduceDataBlock.',
    sim: String.raw`// Repeat r writes 8 sums, one per 32-byte block (blocks r x srcRepStride + b x srcBlkStride, in
// 32-byte units), to dst[r x dstRepStride x 8 + b]; only the repeat's first mask elements count.
// Pairwise (binary tree) adds in T, half saturating at +-65504, as the API documents.
template <typename T, bool isSetMask = true> __aicore__ inline void BlockReduceSum(const LocalTensor<T>& dst, const LocalTensor<T>& src, const int32_t repeatTime, const int32_t mask, const int32_t dstRepStride, const int32_t srcBlkStride, const int32_t srcRepStride) {
  ap_model::detail::vblockreducesum("BlockReduceSum", dst, src, repeatTime, mask, dstRepStride, srcBlkStride, srcRepStride);
}`,
  },

  // Synchronisation and atomics (§4).
  { name: 'PipeBarrier', namespace: 'AscendC', kind: 'function', side: device, source: 'A24', decl: 'template <pipe_t pipe> __aicore__ inline void PipeBarrier();', summary: 'Waits for all earlier instructions of one pipe, e.g. PipeBarrier<PIPE_V>(); PIPE_ALL is expensive.',
    sim: String.raw`// Instructions run in program order in the model: a barrier has nothing to wait for.
template <pipe_t pipe> __aicore__ inline void PipeBarrier() {}`,
  },
  { name: 'CacheLine', namespace: 'AscendC', kind: 'enum', side: device, source: 'A32', decl: 'enum class CacheLine { SINGLE_CACHE_LINE, ENTIRE_DATA_CACHE };', summary: 'What DataCacheCleanAndInvalid acts on: the cache line of the address (up to its next 64-byte boundary), or the whole DataCache of the core.',
    sim: AS_DECLARED,
  },
  { name: 'DcciDst', namespace: 'AscendC', kind: 'enum', side: device, source: 'A32', decl: 'enum class DcciDst { CACHELINE_ALL, CACHELINE_UB, CACHELINE_OUT, CACHELINE_ATOMIC };', summary: 'Which memory DataCacheCleanAndInvalid keeps the DataCache consistent with: CACHELINE_OUT is global memory.',
    sim: AS_DECLARED,
  },
  { name: 'DataCacheCleanAndInvalid', namespace: 'AscendC', kind: 'function', side: device, source: 'A32', decl: 'template <typename T, CacheLine entireType, DcciDst dcciDst> __aicore__ inline void DataCacheCleanAndInvalid(const GlobalTensor<T>& dst);', summary: 'Writes the scalar unit\'s DataCache back to global memory and invalidates it, so GM written with GlobalTensor::SetValue reaches other cores and the host.', support: 'Atlas A2/A3',
    sim: String.raw`// The model's scalar GM accesses go straight to memory: there is no cache to clean.
template <typename T, CacheLine entireType, DcciDst dcciDst> __aicore__ inline void DataCacheCleanAndInvalid(const GlobalTensor<T>& dst) { (void)dst; }`,
  },
  { name: 'SetAtomicAdd', namespace: 'AscendC', kind: 'function', side: device, source: 'A26', decl: 'template <typename T> __aicore__ inline void SetAtomicAdd();', summary: 'Turns the following copies to global memory into atomic adds, until DisableDmaAtomic().', support: '910B: int8, int16, half, bfloat16, int32, float; 310P: int16, half, float; 910A: float only',
    sim: String.raw`template <typename T> __aicore__ inline void SetAtomicAdd() {
  ap_model::detail::st().atomicType = ap_model::detail::ttag<T>();
  ap_model::detail::st().atomicTypeName = ap_model::detail::tname<T>();
}`,
  },
  { name: 'SetAtomicNone', namespace: 'AscendC', kind: 'function', side: device, source: 'A17', cann: ['8.x'], renamed: { cann: '9.x', name: 'DisableDmaAtomic' }, decl: '__aicore__ inline void SetAtomicNone();', summary: 'Ends DMA atomic accumulation (CANN 8.x name of DisableDmaAtomic).',
    sim: String.raw`__aicore__ inline void SetAtomicNone() { ap_model::detail::st().atomicType = nullptr; }`,
  },
  { name: 'DisableDmaAtomic', namespace: 'AscendC', kind: 'function', side: device, source: 'A26', cann: ['9.x'], renamed: { cann: '8.x', name: 'SetAtomicNone' }, decl: '__aicore__ inline void DisableDmaAtomic();', summary: 'Ends DMA atomic accumulation; global memory is not zeroed for you.',
    sim: String.raw`__aicore__ inline void DisableDmaAtomic() { ap_model::detail::st().atomicType = nullptr; }`,
  },
  { name: 'SyncAll', namespace: 'AscendC', kind: 'function', side: device, source: 'A25', decl: 'template <bool isAIVOnly = true> __aicore__ inline void SyncAll(const GlobalTensor<int32_t>& gmWorkspace, const LocalTensor<int32_t>& ubWorkspace, const int32_t usedCores = 0);\ntemplate <bool isAIVOnly = true> __aicore__ inline void SyncAll();', summary: 'Barrier across all cores; numBlocks must not exceed the physical cores.', support: 'hard form only on A2/A3/950',
    sim: String.raw`// Cores run one after another in the model, so a barrier across cores cannot be honoured.
template <bool isAIVOnly = true> __aicore__ inline void SyncAll(const GlobalTensor<int32_t>& gmWorkspace, const LocalTensor<int32_t>& ubWorkspace, const int32_t usedCores = 0) {
  (void)gmWorkspace, (void)ubWorkspace, (void)usedCores;
  ap_model::detail::report("SyncAll", "SyncAll across cores is not simulated (the model runs cores one after another)");
}
template <bool isAIVOnly = true> __aicore__ inline void SyncAll() {
  ap_model::detail::report("SyncAll", "SyncAll across cores is not simulated (the model runs cores one after another)");
}`,
  },

  // Matmul high-level API (§3.3). The CPU model computes what the Cube computes (the product in float, or int32
  // for int8, cast to C's type, plus the bias) and records inconsistent use; block tiles (baseM/N/K) are not modelled.
  { name: 'CubeFormat', namespace: '', kind: 'enum', side: device, source: 'A27', decl: 'enum class CubeFormat { ND = 0, NZ, ZN, ZZ, NN, ND_ALIGN, SCALAR, VECTOR };', summary: 'Layout of a Matmul operand: ND is plain row-major; NZ the fractal format.',
    sim: AS_DECLARED,
  },
  { name: 'KernelMetaType', namespace: '', kind: 'enum', side: device, source: 'A12', decl: 'enum KernelMetaType : uint8_t { KERNEL_TYPE_AIV_ONLY, KERNEL_TYPE_AIC_ONLY, KERNEL_TYPE_MIX_AIV_1_0, KERNEL_TYPE_MIX_AIC_1_0, KERNEL_TYPE_MIX_AIC_1_1, KERNEL_TYPE_MIX_AIC_1_2, KERNEL_TYPE_AICORE, KERNEL_TYPE_VECTORCORE, KERNEL_TYPE_MIX_AICORE, KERNEL_TYPE_MIX_VECTOR_CORE, KERNEL_TYPE_MAX };', summary: 'Which cores a kernel runs on, for KERNEL_TASK_TYPE_DEFAULT (KERNEL_TYPE_AIC_ONLY: the Cube cores only).',
    sim: AS_DECLARED,
  },
  { name: 'KERNEL_TASK_TYPE_DEFAULT', namespace: '', kind: 'macro', side: device, source: 'A12', decl: '#define KERNEL_TASK_TYPE_DEFAULT(value)', summary: 'Inside a kernel body: the cores it runs on (a KernelMetaType value); KERNEL_TYPE_AIC_ONLY for a Cube-only Matmul kernel.',
    sim: '#define KERNEL_TASK_TYPE_DEFAULT(value) ((void)(value))',
  },
  { name: 'MatmulType', namespace: 'AscendC', kind: 'class', side: device, source: 'A27', decl: 'template <TPosition POSITION, CubeFormat FORMAT, typename TYPE, bool ISTRANS = false> struct MatmulType { constexpr static TPosition pos = POSITION; constexpr static CubeFormat format = FORMAT; using T = TYPE; constexpr static bool isTrans = ISTRANS; };', summary: 'Describes one Matmul operand: where it lives, its format (ND/NZ), its element type, and whether it may be transposed (ISTRANS).', support: 'not on 910A',
    sim: AS_DECLARED,
  },
  { name: 'Matmul', namespace: 'AscendC', kind: 'class', side: device, source: 'A27', decl: 'template <class A_TYPE, class B_TYPE, class C_TYPE, class BIAS_TYPE = C_TYPE> class Matmul {\npublic:\n  __aicore__ inline void SetOrgShape(int orgM, int orgN, int orgK);\n  __aicore__ inline void SetOrgShape(int orgM, int orgN, int orgKa, int orgKb, int orgKc = 0);\n  __aicore__ inline void SetTail(int tailM = -1, int tailN = -1, int tailK = -1);\n  __aicore__ inline void SetTensorA(const GlobalTensor<typename A_TYPE::T>& gm, bool isTransposeA = false);\n  __aicore__ inline void SetTensorB(const GlobalTensor<typename B_TYPE::T>& gm, bool isTransposeB = false);\n  __aicore__ inline void SetBias(const GlobalTensor<typename BIAS_TYPE::T>& biasGlobal);\n  template <bool sync = true> __aicore__ inline void IterateAll(const GlobalTensor<typename C_TYPE::T>& gm, uint8_t enAtomic = 0, bool enSequentialWrite = false, bool waitIterateAll = false, bool fakeMsg = false);\n  __aicore__ inline void End();\n};', summary: 'The Cube-unit matrix multiply (high-level API): C = A × B (+ bias) over singleCoreM × singleCoreN of C per core, tiled by a TCubeTiling; SetTail shrinks a tail core\'s share.', support: 'not on 910A; 310P AI Core: A/B half or int8 (MatmulType table)',
    sim: String.raw`// The model: IterateAll computes C[i][j] = sum over k of A[i][k] * B[k][j] (+ bias[j]) for i < singleCoreM (or the
// SetTail value), j < singleCoreN, k < singleCoreK, in float (int32 for int8 inputs, summed in k order), cast once to
// C's type. Element (i, k) of A is at i * Ka + k (k * M + i when transposed), (k, j) of B at k * N + j (j * Kb + k when
// transposed), (i, j) of C at i * N + j (N: orgKc when set), with M, N, Ka, Kb from SetOrgShape or else the tiling.
// Every element goes through the GM bounds checks. The block tiles (baseM/N/K, depths, steps) are not modelled.
template <class A_TYPE, class B_TYPE, class C_TYPE, class BIAS_TYPE = C_TYPE> class Matmul {
public:
  using SrcAT = typename A_TYPE::T;
  using SrcBT = typename B_TYPE::T;
  using DstT = typename C_TYPE::T;
  using BiasT = typename BIAS_TYPE::T;
  Matmul() = default;
  Matmul(const Matmul&) = delete;
  ~Matmul() {
    if (used_ && !ended_) ::ap_model::detail::report("Matmul::End", "a Matmul object computed (IterateAll) but End() was never called");
  }
  __aicore__ inline void SetOrgShape(int orgM, int orgN, int orgK) { SetOrgShape(orgM, orgN, orgK, orgK); }
  __aicore__ inline void SetOrgShape(int orgM, int orgN, int orgKa, int orgKb, int orgKc = 0) {
    if (orgM <= 0 || orgN <= 0 || orgKa <= 0 || orgKb <= 0 || orgKc < 0) ::ap_model::detail::report("Matmul::SetOrgShape", ::ap_model::detail::fmt("shape %d, %d, %d, %d, %d: every extent must be positive", orgM, orgN, orgKa, orgKb, orgKc));
    if (hasA_ || hasB_ || hasBias_) ::ap_model::detail::report("Matmul::SetOrgShape", "SetOrgShape after SetTensorA/SetTensorB/SetBias: it must come before them");
    orgM_ = orgM; orgN_ = orgN; orgKa_ = orgKa; orgKb_ = orgKb; orgKc_ = orgKc;
  }
  __aicore__ inline void SetTail(int tailM = -1, int tailN = -1, int tailK = -1) { tailM_ = tailM; tailN_ = tailN; tailK_ = tailK; }
  __aicore__ inline void SetTensorA(const GlobalTensor<SrcAT>& gm, bool isTransposeA = false) {
    if (isTransposeA && !A_TYPE::isTrans) ::ap_model::detail::report("Matmul::SetTensorA", "isTransposeA = true while A's MatmulType has ISTRANS = false");
    a_ = gm; transA_ = isTransposeA; hasA_ = true;
  }
  __aicore__ inline void SetTensorB(const GlobalTensor<SrcBT>& gm, bool isTransposeB = false) {
    if (isTransposeB && !B_TYPE::isTrans) ::ap_model::detail::report("Matmul::SetTensorB", "isTransposeB = true while B's MatmulType has ISTRANS = false");
    b_ = gm; transB_ = isTransposeB; hasB_ = true;
  }
  __aicore__ inline void SetBias(const GlobalTensor<BiasT>& biasGlobal) {
    if (tiling_ && !tiling_->isBias) ::ap_model::detail::report("Matmul::SetBias", "SetBias with tiling.isBias = 0 (EnableBias(true) on the host sets it)");
    bias_ = biasGlobal; hasBias_ = true;
  }
  template <bool sync = true> __aicore__ inline void IterateAll(const GlobalTensor<DstT>& gm, uint8_t enAtomic = 0, bool enSequentialWrite = false, bool waitIterateAll = false, bool fakeMsg = false) {
    (void)enSequentialWrite; (void)waitIterateAll; (void)fakeMsg;
    const char* api = "Matmul::IterateAll";
    if (!tiling_) { ::ap_model::detail::report(api, "IterateAll on a Matmul that REGIST_MATMUL_OBJ never registered with a tiling"); return; }
    if (!hasA_ || !hasB_) { ::ap_model::detail::report(api, !hasA_ ? "IterateAll without SetTensorA" : "IterateAll without SetTensorB"); return; }
    if (enAtomic != 0) ::ap_model::detail::report(api, "enAtomic != 0 is not modelled: the model stores");
    if (tiling_->isBias && !hasBias_) ::ap_model::detail::report(api, "tiling.isBias = 1 but SetBias was not called");
    const tiling::TCubeTiling& t = *tiling_;
    const int64_t m = tailM_ > 0 ? tailM_ : t.singleCoreM, n = tailN_ > 0 ? tailN_ : t.singleCoreN, k = tailK_ > 0 ? tailK_ : t.singleCoreK;
    const int64_t orgM = orgM_ ? orgM_ : t.M, orgN = orgN_ ? orgN_ : t.N, orgKa = orgKa_ ? orgKa_ : t.Ka, orgKb = orgKb_ ? orgKb_ : t.Kb;
    const int64_t ldc = orgKc_ ? orgKc_ : orgN;
    if (m <= 0 || n <= 0 || k <= 0) { ::ap_model::detail::report(api, ::ap_model::detail::fmt("computes %lld x %lld x %lld: every extent must be positive", (long long)m, (long long)n, (long long)k)); return; }
    if (m > orgM || n > orgN || k > orgKa || k > orgKb || n > ldc) ::ap_model::detail::report(api, ::ap_model::detail::fmt("a %lld x %lld x %lld block is larger than the matrices (M %lld, N %lld, Ka %lld, Kb %lld)", (long long)m, (long long)n, (long long)k, (long long)orgM, (long long)orgN, (long long)orgKa, (long long)orgKb));
    using Acc = typename std::conditional<std::is_same<SrcAT, int8_t>::value, int32_t, float>::type;
    const GmRef_& ga = a_.ap_gm(); const GmRef_& gb = b_.ap_gm(); const GmRef_& gc = gm.ap_gm();
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        Acc s = 0;
        for (int64_t kk = 0; kk < k; ++kk) {
          const SrcAT x = ::ap_model::detail::gm_get<SrcAT>(api, ga, static_cast<uint64_t>(transA_ ? kk * orgM + i : i * orgKa + kk));
          const SrcBT y = ::ap_model::detail::gm_get<SrcBT>(api, gb, static_cast<uint64_t>(transB_ ? j * orgKb + kk : kk * orgN + j));
          s = static_cast<Acc>(s + static_cast<Acc>(x) * static_cast<Acc>(y));
        }
        if (hasBias_) s = static_cast<Acc>(s + static_cast<Acc>(::ap_model::detail::gm_get<BiasT>(api, bias_.ap_gm(), static_cast<uint64_t>(j))));
        ::ap_model::detail::gm_set<DstT>(api, gc, static_cast<uint64_t>(i * ldc + j), static_cast<DstT>(s));
      }
    }
    used_ = true;
  }
  __aicore__ inline void End() {
    ended_ = true;
    hasA_ = hasB_ = hasBias_ = false;
  }
  void ap_regist(const tiling::TCubeTiling* t, __gm__ uint8_t* workspace) {
    if (!workspace) ::ap_model::detail::report("REGIST_MATMUL_OBJ", "the system workspace is null (CANN 8.x: SetSysWorkspace(workspace) first)");
    if (!t) ::ap_model::detail::report("REGIST_MATMUL_OBJ", "no tiling: pass &tiling (or call Init)");
    if (!::ap_model::detail::st().buffers.empty()) ::ap_model::detail::report("REGIST_MATMUL_OBJ", "REGIST_MATMUL_OBJ after InitBuffer: on separated (910B) cores it must come first");
    tiling_ = t;
  }
private:
  using GmRef_ = ::ap_model::detail::GmRef;
  const tiling::TCubeTiling* tiling_ = nullptr;
  GlobalTensor<SrcAT> a_;
  GlobalTensor<SrcBT> b_;
  GlobalTensor<BiasT> bias_;
  bool transA_ = false, transB_ = false, hasA_ = false, hasB_ = false, hasBias_ = false, used_ = false, ended_ = false;
  int orgM_ = 0, orgN_ = 0, orgKa_ = 0, orgKb_ = 0, orgKc_ = 0, tailM_ = -1, tailN_ = -1, tailK_ = -1;
};
template <class MM> void ap_regist_matmul(TPipe* pipe, __gm__ uint8_t* workspace, MM& mm, const tiling::TCubeTiling* t = nullptr) {
  (void)pipe;
  mm.ap_regist(t, workspace);
}`,
  },
  { name: 'SetOrgShape', namespace: 'AscendC', kind: 'function', member: true, side: device, source: 'A27', decl: 'void Matmul::SetOrgShape(int orgM, int orgN, int orgK);\nvoid Matmul::SetOrgShape(int orgM, int orgN, int orgKa, int orgKb, int orgKc = 0);', summary: 'The whole matrices\' shape (elements): M, N, and K of A and of B (orgKc: C\'s row length when it differs from N); before SetTensorA/B.' },
  { name: 'SetTail', namespace: 'AscendC', kind: 'function', member: true, side: device, source: 'A27', decl: 'void Matmul::SetTail(int tailM = -1, int tailN = -1, int tailK = -1);', summary: 'This computation\'s singleCoreM/N/K without changing the tiling: a tail core\'s smaller share.' },
  { name: 'SetTensorA', namespace: 'AscendC', kind: 'function', member: true, side: device, source: 'A27', decl: 'void Matmul::SetTensorA(const GlobalTensor<SrcAT>& gm, bool isTransposeA = false);', summary: 'The left matrix A (at least singleM × singleK); transposed only if its MatmulType has ISTRANS.' },
  { name: 'SetTensorB', namespace: 'AscendC', kind: 'function', member: true, side: device, source: 'A27', decl: 'void Matmul::SetTensorB(const GlobalTensor<SrcBT>& gm, bool isTransposeB = false);', summary: 'The right matrix B (at least singleK × singleN); transposed only if its MatmulType has ISTRANS.' },
  { name: 'SetBias', namespace: 'AscendC', kind: 'function', member: true, side: device, source: 'A27', decl: 'void Matmul::SetBias(const GlobalTensor<BiasT>& biasGlobal);', summary: 'A bias of N values added to every row of C; needs tiling.isBias = 1.' },
  { name: 'IterateAll', namespace: 'AscendC', kind: 'function', member: true, side: device, source: 'A27', decl: 'template <bool sync = true> void Matmul::IterateAll(const GlobalTensor<DstT>& gm, uint8_t enAtomic = 0, bool enSequentialWrite = false, bool waitIterateAll = false, bool fakeMsg = false);', summary: 'Computes this core\'s singleCoreM × singleCoreN block of C into gm (enAtomic 1: add into it).' },
  { name: 'End', namespace: 'AscendC', kind: 'function', member: true, side: device, source: 'A27', decl: 'void Matmul::End();', summary: 'Ends the use of a Matmul object and releases its resources.' },
  { name: 'REGIST_MATMUL_OBJ', namespace: '', kind: 'macro', side: device, source: 'A27', decl: '#define REGIST_MATMUL_OBJ(tpipe, workspace, ...)', summary: 'Registers up to 4 Matmul objects (each with its &tiling) with the pipe and the system workspace; on 910B before InitBuffer.',
    sim: '#define REGIST_MATMUL_OBJ(tpipe, workspace, ...) ::AscendC::ap_regist_matmul((tpipe), (workspace), __VA_ARGS__)',
  },
  { name: 'GetSysWorkSpacePtr', namespace: '', kind: 'function', side: device, source: 'A28', decl: '__aicore__ inline __gm__ uint8_t* GetSysWorkSpacePtr();', summary: 'The system workspace the Matmul API needs; a global function (not in namespace AscendC).',
    sim: String.raw`// CANN 8.x: what SetSysWorkspace set for this launch (null before). CANN 9.x: the runtime passes the launch's
// workspace argument itself; the model, which cannot tell which argument that is, hands out a workspace of its own.
__aicore__ inline __gm__ uint8_t* GetSysWorkSpacePtr() {
  uint8_t* w = ::ap_model::detail::st().sysWorkspace;
#if AP_MODEL_CANN == 9
  static uint8_t* own = static_cast<uint8_t*>(::ap_model::gm_alloc(1024));
  if (!w) w = own;
#endif
  return w;
}`,
  },
  { name: 'SetSysWorkspace', namespace: 'AscendC', kind: 'function', side: device, source: 'B', cann: ['8.x'], decl: '__aicore__ inline void SetSysWorkspace(GM_ADDR workspace);', summary: 'CANN 8.x kernels: hands the system workspace (a launch argument) to the high-level APIs before REGIST_MATMUL_OBJ; deprecated in 9.x, where the runtime passes it.',
    sim: String.raw`__aicore__ inline void SetSysWorkspace(GM_ADDR workspace) {
  if (!workspace) ::ap_model::detail::report("SetSysWorkspace", "the workspace is null");
  if (!::ap_model::detail::st().sysWorkspace) ::ap_model::detail::st().sysWorkspace = workspace;
}`,
  },
  { name: 'TCubeTiling', namespace: 'AscendC::tiling', kind: 'class', side: device, source: 'A28', decl: 'struct TCubeTiling { int32_t usedCoreNum, M, N, Ka, Kb, singleCoreM, singleCoreN, singleCoreK, baseM, baseN, baseK, depthA1, depthB1, stepM, stepN, isBias, iterateOrder, dbL0C; };', summary: 'Matmul tiling, computed on the host (GetTiling) and passed to the kernel by value.',
    sim: AS_DECLARED,
  },
  // The SoftMax high-level API (§2.4 [A30]): the kernel call, its shape and tiling structs, and the host tiling that fills them.
  { name: 'SoftMaxShapeInfo', namespace: 'AscendC', kind: 'class', side: device, source: 'A30', decl: 'struct SoftMaxShapeInfo { uint32_t srcM; uint32_t srcK; uint32_t oriSrcM; uint32_t oriSrcK; };', summary: 'The shape of one SoftMax call: srcM rows of srcK columns in UB (srcK a whole number of 32-byte blocks), of which oriSrcM × oriSrcK are data.',
    sim: AS_DECLARED,
  },
  { name: 'SoftMaxTiling', namespace: 'AscendC::tiling', kind: 'class', side: device, source: 'A30', decl: 'struct SoftMaxTiling { uint32_t srcM, srcK, srcSize, outMaxM, outMaxK, outMaxSize, splitM, splitK, splitSize, reduceM, reduceK, reduceSize, rangeM, tailM, tailSplitSize, tailReduceSize; };', summary: 'SoftMax tiling for one srcM × srcK shape, computed on the host (SoftMaxTilingFunc) and passed to the kernel by value.',
    sim: AS_DECLARED,
  },
  { name: 'SoftMax', namespace: 'AscendC', kind: 'function', side: device, source: 'A30', decl: 'template <typename T, bool isReuseSource = false, bool isBasicBlock = false, bool isDataFormatNZ = false> __aicore__ inline void SoftMax(const LocalTensor<T>& dst, const LocalTensor<T>& sumTensor, const LocalTensor<T>& maxTensor, const LocalTensor<T>& src, const LocalTensor<uint8_t>& sharedTmpBuffer, const tiling::SoftMaxTiling& tiling, const SoftMaxShapeInfo& softmaxShapeInfo = {});', summary: 'Softmax along the last axis of srcM × srcK in UB: dst = exp(src − rowmax) / rowsum; each row\'s max and sum fill one 32-byte block of maxTensor and sumTensor. Reductions cover oriSrcK columns; dst may be src.', support: 'Atlas A2/A3, 950 and 310P AI Core; not the 310P Vector Core, not the Atlas training series (910A)',
    sim: String.raw`// The model: ND layout, no basic-block mode. Per row i < srcM: max and sum over the first oriSrcK columns (in float,
// left to right), then dst = exp(src - max) / sum over all srcK columns; max and sum fill row i's 32-byte block.
// It insists on what the port promises: a tiling computed for exactly this shape, a temporary buffer of at least
// GetSoftMaxMinTmpSize bytes that overlaps neither src nor dst.
template <typename T, bool isReuseSource = false, bool isBasicBlock = false, bool isDataFormatNZ = false>
__aicore__ inline void SoftMax(const LocalTensor<T>& dst, const LocalTensor<T>& sumTensor, const LocalTensor<T>& maxTensor, const LocalTensor<T>& src, const LocalTensor<uint8_t>& sharedTmpBuffer, const tiling::SoftMaxTiling& tiling, const SoftMaxShapeInfo& softmaxShapeInfo = {}) {
  using namespace ap_model::detail;
  const char* api = "SoftMax";
  static_assert(std::is_same<T, float>::value || std::is_same<T, half>::value, "SoftMax takes half or float");
  if (!(AP_HAS_ROW_APIS)) report(api, "SoftMax is not on this target's product list (AP_HAS_ROW_APIS=0: not the Atlas training series, not the 310P Vector Core); the model computes it anyway");
  if (isBasicBlock || isDataFormatNZ) report(api, "the model covers the ND layout without the basic-block mode only");
  const uint32_t m = softmaxShapeInfo.srcM, k = softmaxShapeInfo.srcK, oriK = softmaxShapeInfo.oriSrcK;
  if (m == 0 || k == 0) {
    report(api, "SoftMaxShapeInfo has srcM or srcK 0: the model does not read a LocalTensor's shape");
    return;
  }
  if ((uint64_t)k * sizeof(T) % 32 != 0) report(api, fmt("srcK %u x %zu bytes is not a whole number of 32-byte blocks", k, sizeof(T)));
  if (oriK == 0 || oriK > k || softmaxShapeInfo.oriSrcM != m) report(api, fmt("oriSrcM x oriSrcK %u x %u does not fit srcM x srcK %u x %u (the model wants oriSrcM = srcM, 0 < oriSrcK <= srcK)", softmaxShapeInfo.oriSrcM, oriK, m, k));
  if (tiling.srcM != m || tiling.srcK != k)
    report(api, fmt("the tiling was computed for %u x %u and the call is %u x %u: compute a tiling for each shape (SoftMaxTilingFunc)", tiling.srcM, tiling.srcK, m, k));
  const uint32_t blk = 32 / sizeof(T);
  const uint64_t minTmp = ((uint64_t)blk + k + 64) * 4;
  const int64_t n = (int64_t)m * k;
  if (ub_check(api, "src", src.ap_ref(), sizeof(T), n, true) < n || ub_check(api, "dst", dst.ap_ref(), sizeof(T), n, true) < n) return;
  if (ub_check(api, "sumTensor", sumTensor.ap_ref(), sizeof(T), (int64_t)m * blk, true) < (int64_t)m * blk || ub_check(api, "maxTensor", maxTensor.ap_ref(), sizeof(T), (int64_t)m * blk, true) < (int64_t)m * blk) return;
  if (ub_check(api, "sharedTmpBuffer", sharedTmpBuffer.ap_ref(), 1, (int64_t)minTmp, true) < (int64_t)minTmp)
    report(api, fmt("sharedTmpBuffer holds fewer than the %llu bytes GetSoftMaxMinTmpSize asks for a row of %u columns", (unsigned long long)minTmp, k));
  if (ub_overlap(sharedTmpBuffer.ap_ref(), minTmp, src.ap_ref(), n * sizeof(T)) || ub_overlap(sharedTmpBuffer.ap_ref(), minTmp, dst.ap_ref(), n * sizeof(T))) report(api, "sharedTmpBuffer overlaps src or dst");
  if (oriK == 0 || oriK > k) return;
  std::vector<float> row(k);
  for (uint32_t i = 0; i < m; i++) {
    const uint8_t* s = ub_ptr(src.ap_ref()) + (uint64_t)i * k * sizeof(T);
    for (uint32_t j = 0; j < k; j++) row[j] = static_cast<float>(load<T>(s + j * sizeof(T)));
    float mx = -std::numeric_limits<float>::infinity();
    for (uint32_t j = 0; j < oriK; j++) mx = (row[j] > mx || std::isnan(row[j])) ? row[j] : mx;
    float sum = 0.0f;
    for (uint32_t j = 0; j < oriK; j++) sum += std::exp(row[j] - mx);
    uint8_t* d = ub_ptr(dst.ap_ref()) + (uint64_t)i * k * sizeof(T);
    for (uint32_t j = 0; j < k; j++) store<T>(d + j * sizeof(T), static_cast<T>(std::exp(row[j] - mx) / sum));
    for (uint32_t b = 0; b < blk; b++) {
      store<T>(ub_ptr(maxTensor.ap_ref()) + ((uint64_t)i * blk + b) * sizeof(T), static_cast<T>(mx));
      store<T>(ub_ptr(sumTensor.ap_ref()) + ((uint64_t)i * blk + b) * sizeof(T), static_cast<T>(sum));
    }
  }
}`,
  },
  { name: 'Shape', namespace: 'ge', kind: 'class', side: host, source: 'A30', decl: 'class Shape {\npublic:\n  Shape();\n  explicit Shape(const std::vector<int64_t>& dims);\n  size_t GetDimNum() const;\n  int64_t GetDim(size_t idx) const;\n};', summary: 'A tensor shape for host tiling functions (CANN 9.x calls it AscendC::TensorShape, an alias of ge::Shape).',
    sim: String.raw`class Shape {
public:
  Shape() = default;
  explicit Shape(const std::vector<int64_t>& dims) : dims_(dims) {}
  size_t GetDimNum() const { return dims_.size(); }
  int64_t GetDim(size_t idx) const { return idx < dims_.size() ? dims_[idx] : 0; }
private:
  std::vector<int64_t> dims_;
};`,
  },
  { name: 'SoftMaxTiling', namespace: 'optiling', kind: 'class', side: host, source: 'A30', decl: 'class SoftMaxTiling {\npublic:\n  void SaveToBuffer(void* pdata, size_t capacity);\n  size_t GetDataSize() const;\n};', summary: 'The host\'s SoftMax tiling (a tiling-data class); SaveToBuffer writes it in the layout of the kernel\'s AscendC::tiling::SoftMaxTiling.',
    sim: String.raw`// The model keeps the kernel struct's fields; SaveToBuffer copies them (ap_model::detail::TilingData).
class SoftMaxTiling : public ap_model::detail::TilingData<AscendC::tiling::SoftMaxTiling> {};`,
  },
  { name: 'GetSoftMaxMinTmpSize', namespace: 'AscendC', kind: 'function', side: host, source: 'A30', decl: 'uint32_t GetSoftMaxMinTmpSize(const ge::Shape& srcShape, const uint32_t dataTypeSize, const bool isReuseSource);', summary: 'The fewest bytes of temporary UB a SoftMax of this shape needs (dataTypeSize: the size of the sum and max type).',
    sim: String.raw`// The model: one row of the last axis in float plus a block and 64 floats, (32 / dataTypeSize + srcK + 64) x 4 bytes (the A2 rule).
inline uint32_t GetSoftMaxMinTmpSize(const ge::Shape& srcShape, const uint32_t dataTypeSize, const bool isReuseSource) {
  (void)isReuseSource;
  if (srcShape.GetDimNum() < 1 || dataTypeSize == 0) return 0;
  return static_cast<uint32_t>((32 / dataTypeSize + static_cast<uint64_t>(srcShape.GetDim(srcShape.GetDimNum() - 1)) + 64) * 4);
}`,
  },
  { name: 'SoftMaxTilingFunc', namespace: 'AscendC', kind: 'function', side: host, source: 'A30', decl: 'void SoftMaxTilingFunc(const ge::Shape& srcShape, const uint32_t dataTypeSize, const uint32_t localWorkSpaceSize, optiling::SoftMaxTiling& softmaxTiling);', summary: 'Computes the SoftMax tiling of a shape (leading axes folded into rows, the last axis 32-byte aligned) for a temporary buffer of localWorkSpaceSize bytes.',
    sim: String.raw`// The model records the shape (srcM = the product of the leading axes, srcK = the last axis) and a split of the
// temporary buffer; the kernel model checks the shape against each call.
inline void SoftMaxTilingFunc(const ge::Shape& srcShape, const uint32_t dataTypeSize, const uint32_t localWorkSpaceSize, optiling::SoftMaxTiling& softmaxTiling) {
  const char* api = "SoftMaxTilingFunc";
  if (srcShape.GetDimNum() < 1 || dataTypeSize == 0) {
    ap_model::detail::report(api, "the shape has no axes");
    return;
  }
  uint64_t m = 1;
  for (size_t i = 0; i + 1 < srcShape.GetDimNum(); i++) m *= static_cast<uint64_t>(srcShape.GetDim(i));
  const uint64_t k = static_cast<uint64_t>(srcShape.GetDim(srcShape.GetDimNum() - 1));
  if (k * dataTypeSize % 32 != 0) ap_model::detail::report(api, ap_model::detail::fmt("the last axis, %llu x %u bytes, is not a whole number of 32-byte blocks", (unsigned long long)k, dataTypeSize));
  const uint32_t minTmp = GetSoftMaxMinTmpSize(srcShape, dataTypeSize, false);
  if (localWorkSpaceSize < minTmp) ap_model::detail::report(api, ap_model::detail::fmt("localWorkSpaceSize %u is less than GetSoftMaxMinTmpSize's %u", localWorkSpaceSize, minTmp));
  AscendC::tiling::SoftMaxTiling& t = softmaxTiling.v_;
  t = AscendC::tiling::SoftMaxTiling{};
  t.srcM = static_cast<uint32_t>(m);
  t.srcK = static_cast<uint32_t>(k);
  t.srcSize = static_cast<uint32_t>(m * k);
  t.outMaxM = t.srcM;
  t.outMaxK = 32 / dataTypeSize;
  t.outMaxSize = t.outMaxM * t.outMaxK;
  const uint64_t rowFloats = 32 / dataTypeSize + k + 64;
  const uint64_t split = rowFloats ? std::min<uint64_t>(localWorkSpaceSize / 4 / rowFloats, m) : 0;
  t.splitM = static_cast<uint32_t>(split);
  t.splitK = t.srcK;
  t.splitSize = static_cast<uint32_t>(split * k);
  t.reduceM = t.splitM;
  t.reduceK = 32 / dataTypeSize;
  t.reduceSize = t.reduceM * t.reduceK;
  t.rangeM = split ? static_cast<uint32_t>(m / split) : 0;
  t.tailM = split ? static_cast<uint32_t>(m % split) : 0;
  t.tailSplitSize = static_cast<uint32_t>(t.tailM * k);
  t.tailReduceSize = t.tailM * t.reduceK;
}`,
  },
  // The RmsNorm high-level API (§2.4 [A30]): the kernel call, its tiling struct, and the host tiling that fills it.
  { name: 'RmsNormTiling', namespace: 'AscendC::tiling', kind: 'class', side: device, source: 'A30', decl: 'struct RmsNormTiling { uint32_t bLength, sLength, hLength, originalHLength; float reciprocalOfHLength; uint32_t mainBshLength, mainBsLength, mainBsLengthAlign, loopRound, inputTailPos, tailBshLength, tailBsLength; };', summary: 'RmsNorm tiling for one [B, S, H] shape (H 32-byte aligned, originalHLength the data), computed on the host (GetRmsNormTilingInfo) and passed to the kernel by value; the kernel does not recompute it.',
    sim: AS_DECLARED,
  },
  { name: 'RmsNorm', namespace: 'AscendC', kind: 'function', side: device, source: 'A30', decl: 'template <typename T, bool isBasicBlock = false> __aicore__ inline void RmsNorm(const LocalTensor<T>& dstLocal, const LocalTensor<T>& srcLocal, const LocalTensor<T>& gammaLocal, const LocalTensor<uint8_t>& sharedTmpBuffer, const T epsilon, const tiling::RmsNormTiling& tiling);', summary: 'RMS normalisation of [B, S, H] in UB: dst = src · rsqrt(mean(src²) + epsilon) · gamma per row, the mean over originalHLength columns; H a whole number of 32-byte blocks; dst may not be gamma.', support: 'Atlas A2/A3, 950 and 310P AI Core; not the 310P Vector Core, not the Atlas training series (910A)',
    sim: String.raw`// The model: ND, no basic-block mode. The shape is the tiling's (B x S rows of hLength columns; the API takes no
// other): per row, the sum of squares of the first originalHLength columns (in float, left to right), times
// reciprocalOfHLength, plus epsilon, to the power -1/2; dst = src x that x gamma over all hLength columns.
template <typename T, bool isBasicBlock = false>
__aicore__ inline void RmsNorm(const LocalTensor<T>& dstLocal, const LocalTensor<T>& srcLocal, const LocalTensor<T>& gammaLocal, const LocalTensor<uint8_t>& sharedTmpBuffer, const T epsilon, const tiling::RmsNormTiling& tiling) {
  using namespace ap_model::detail;
  const char* api = "RmsNorm";
  static_assert(std::is_same<T, float>::value || std::is_same<T, half>::value, "RmsNorm takes half or float");
  if (!(AP_HAS_ROW_APIS)) report(api, "RmsNorm is not on this target's product list (AP_HAS_ROW_APIS=0: not the Atlas training series, not the 310P Vector Core); the model computes it anyway");
  if (isBasicBlock) report(api, "the model covers the mode without basic blocks only");
  const uint64_t rows = (uint64_t)tiling.bLength * tiling.sLength, h = tiling.hLength, oriH = tiling.originalHLength;
  if (rows == 0 || h == 0) {
    report(api, "the tiling has no rows or no columns (was GetRmsNormTilingInfo's result checked?)");
    return;
  }
  if (h * sizeof(T) % 32 != 0) report(api, fmt("hLength %llu x %zu bytes is not a whole number of 32-byte blocks", (unsigned long long)h, sizeof(T)));
  if (oriH == 0 || oriH > h) report(api, fmt("originalHLength %llu does not fit hLength %llu", (unsigned long long)oriH, (unsigned long long)h));
  const int64_t n = (int64_t)(rows * h);
  if (ub_check(api, "srcLocal", srcLocal.ap_ref(), sizeof(T), n, true) < n || ub_check(api, "dstLocal", dstLocal.ap_ref(), sizeof(T), n, true) < n || ub_check(api, "gammaLocal", gammaLocal.ap_ref(), sizeof(T), (int64_t)h, true) < (int64_t)h) return;
  const uint64_t minTmp = h * 4 + 32;
  if (ub_check(api, "sharedTmpBuffer", sharedTmpBuffer.ap_ref(), 1, (int64_t)minTmp, true) < (int64_t)minTmp)
    report(api, fmt("sharedTmpBuffer holds fewer than the %llu bytes GetRmsNormMaxMinTmpSize's minimum asks for a row of %llu columns", (unsigned long long)minTmp, (unsigned long long)h));
  if (ub_overlap(dstLocal.ap_ref(), n * sizeof(T), gammaLocal.ap_ref(), h * sizeof(T))) report(api, "dstLocal and gammaLocal share space");
  if (ub_overlap(sharedTmpBuffer.ap_ref(), minTmp, srcLocal.ap_ref(), n * sizeof(T)) || ub_overlap(sharedTmpBuffer.ap_ref(), minTmp, dstLocal.ap_ref(), n * sizeof(T))) report(api, "sharedTmpBuffer overlaps srcLocal or dstLocal");
  if (oriH == 0 || oriH > h) return;
  std::vector<float> row(h), g(h);
  for (uint64_t j = 0; j < h; j++) g[j] = static_cast<float>(load<T>(ub_ptr(gammaLocal.ap_ref()) + j * sizeof(T)));
  for (uint64_t i = 0; i < rows; i++) {
    const uint8_t* s = ub_ptr(srcLocal.ap_ref()) + i * h * sizeof(T);
    for (uint64_t j = 0; j < h; j++) row[j] = static_cast<float>(load<T>(s + j * sizeof(T)));
    float ss = 0.0f;
    for (uint64_t j = 0; j < oriH; j++) ss += row[j] * row[j];
    const float r = 1.0f / std::sqrt(ss * tiling.reciprocalOfHLength + static_cast<float>(epsilon));
    uint8_t* d = ub_ptr(dstLocal.ap_ref()) + i * h * sizeof(T);
    for (uint64_t j = 0; j < h; j++) store<T>(d + j * sizeof(T), static_cast<T>(row[j] * r * g[j]));
  }
}`,
  },
  { name: 'RmsNormTiling', namespace: 'optiling', kind: 'class', side: host, source: 'A30', decl: 'class RmsNormTiling {\npublic:\n  void SaveToBuffer(void* pdata, size_t capacity);\n  size_t GetDataSize() const;\n};', summary: 'The host\'s RmsNorm tiling (a tiling-data class); SaveToBuffer writes it in the layout of the kernel\'s AscendC::tiling::RmsNormTiling.',
    sim: String.raw`// The model keeps the kernel struct's fields; SaveToBuffer copies them (ap_model::detail::TilingData).
class RmsNormTiling : public ap_model::detail::TilingData<AscendC::tiling::RmsNormTiling> {};`,
  },
  { name: 'GetRmsNormMaxMinTmpSize', namespace: 'AscendC', kind: 'function', side: host, source: 'A30', decl: 'bool GetRmsNormMaxMinTmpSize(const ge::Shape& srcShape, const uint32_t typeSize, uint32_t& maxValue, uint32_t& minValue, const bool isBasicBlock = false);', summary: 'The most and fewest bytes of temporary UB an RmsNorm of this [B, S, H] shape uses; false for a shape it does not take.',
    sim: String.raw`// The model: at least one row in float and a block, (H x 4 + 32) bytes; at most that for every row. False unless
// the shape is [B, S, H] with H a whole number of 32-byte blocks.
inline bool GetRmsNormMaxMinTmpSize(const ge::Shape& srcShape, const uint32_t typeSize, uint32_t& maxValue, uint32_t& minValue, const bool isBasicBlock = false) {
  (void)isBasicBlock;
  if (srcShape.GetDimNum() != 3 || typeSize == 0) return false;
  const uint64_t rows = static_cast<uint64_t>(srcShape.GetDim(0)) * static_cast<uint64_t>(srcShape.GetDim(1)), h = static_cast<uint64_t>(srcShape.GetDim(2));
  if (rows == 0 || h == 0 || h * typeSize % 32 != 0) return false;
  minValue = static_cast<uint32_t>(h * 4 + 32);
  maxValue = static_cast<uint32_t>(std::min<uint64_t>(rows * (h * 4 + 32), 0xFFFFFFFFull));
  return true;
}`,
  },
  { name: 'GetRmsNormTilingInfo', namespace: 'AscendC', kind: 'function', side: host, source: 'A30', decl: 'bool GetRmsNormTilingInfo(const ge::Shape& srcShape, const ge::Shape& originSrcShape, const uint32_t stackBufferByteSize, const uint32_t typeSize, optiling::RmsNormTiling& tiling, const bool isBasicBlock = false);', summary: 'Computes the RmsNorm tiling of a [B, S, H] shape (H 32-byte aligned; originSrcShape with the data\'s H) for a temporary buffer of stackBufferByteSize bytes; false when the shapes or the buffer do not do.',
    sim: String.raw`// The model records the shape and a split of the rows over the temporary buffer; false for shapes that differ
// other than in H, an H not 32-byte aligned or a data H above it, or a buffer under GetRmsNormMaxMinTmpSize's minimum.
inline bool GetRmsNormTilingInfo(const ge::Shape& srcShape, const ge::Shape& originSrcShape, const uint32_t stackBufferByteSize, const uint32_t typeSize, optiling::RmsNormTiling& tiling, const bool isBasicBlock = false) {
  uint32_t most = 0, least = 0;
  if (!GetRmsNormMaxMinTmpSize(srcShape, typeSize, most, least, isBasicBlock) || originSrcShape.GetDimNum() != 3) return false;
  if (originSrcShape.GetDim(0) != srcShape.GetDim(0) || originSrcShape.GetDim(1) != srcShape.GetDim(1) || originSrcShape.GetDim(2) < 1 || originSrcShape.GetDim(2) > srcShape.GetDim(2)) return false;
  if (stackBufferByteSize < least) return false;
  AscendC::tiling::RmsNormTiling& t = tiling.v_;
  t = AscendC::tiling::RmsNormTiling{};
  t.bLength = static_cast<uint32_t>(srcShape.GetDim(0));
  t.sLength = static_cast<uint32_t>(srcShape.GetDim(1));
  t.hLength = static_cast<uint32_t>(srcShape.GetDim(2));
  t.originalHLength = static_cast<uint32_t>(originSrcShape.GetDim(2));
  t.reciprocalOfHLength = 1.0f / static_cast<float>(t.originalHLength);
  const uint64_t bs = static_cast<uint64_t>(t.bLength) * t.sLength;
  const uint64_t perRow = static_cast<uint64_t>(t.hLength) * 4 + 32;
  t.mainBsLength = static_cast<uint32_t>(std::min<uint64_t>(bs, stackBufferByteSize / perRow));
  t.mainBsLengthAlign = (t.mainBsLength + 7) / 8 * 8;
  t.mainBshLength = t.mainBsLength * t.hLength;
  t.loopRound = t.mainBsLength ? static_cast<uint32_t>(bs / t.mainBsLength) : 0;
  t.tailBsLength = t.mainBsLength ? static_cast<uint32_t>(bs % t.mainBsLength) : 0;
  t.tailBshLength = t.tailBsLength * t.hLength;
  t.inputTailPos = t.loopRound * t.mainBshLength;
  return true;
}`,
  },
  // The LayerNorm high-level API, its [A, R] form with mean and rstd outputs (§2.4 [A30]): the kernel call, its parameters and tiling, and the host tiling.
  { name: 'LayerNormPara', namespace: 'AscendC', kind: 'class', side: device, source: 'A30', decl: 'struct LayerNormPara { uint32_t aLength; uint32_t rLength; uint32_t rLengthWithPadding; };', summary: 'The shape of one LayerNorm call in its [A, R] form: aLength rows of rLength data columns, rows rLengthWithPadding apart in UB (a whole number of 32-byte blocks).',
    sim: AS_DECLARED,
  },
  { name: 'LayerNormSeparateTiling', namespace: 'AscendC::tiling', kind: 'class', side: device, source: 'A30', decl: 'struct LayerNormSeparateTiling { uint32_t aLength, rLength, halfAddRepeatTimes, rHeadLength; float k2Rec, k2RRec; uint32_t inputXSize, meanVarSize, numberOfTmpBuf, varianceTmpTensorPos, varianceTmpTensorSize, tmpBufSize, oneTmpSize, firstTmpStartPos, secondTmpStartPos, thirdTmpStartPos, loopRound, inputRoundSize, inputTailSize, inputTailPos, meanVarRoundSize, meanVarTailSize, meanVarTailPos, arCurLength, aCurLength; float rValueBack; };', summary: 'LayerNorm tiling of one [A, R] shape (the form with mean and rstd), computed on the host (GetLayerNormNDTilingInfo) and passed to the kernel by value; the kernel does not recompute it.',
    sim: AS_DECLARED,
  },
  { name: 'LayerNorm', namespace: 'AscendC', kind: 'function', side: device, source: 'A30', decl: 'template <typename U, typename T, bool isReuseSource = false> __aicore__ inline void LayerNorm(const LocalTensor<T>& output, const LocalTensor<float>& outputMean, const LocalTensor<float>& outputRstd, const LocalTensor<T>& inputX, const LocalTensor<U>& gamma, const LocalTensor<U>& beta, const float epsilon, const LocalTensor<uint8_t>& sharedTmpBuffer, const LayerNormPara& para, const tiling::LayerNormSeparateTiling& tiling);  // the [A, R] form; a fourth template parameter, the LayerNormConfig, defaults to LNCFG_NORM', summary: 'Layer normalisation of aLength rows in UB: per row mean and rstd = 1 / sqrt(biased variance + epsilon) over rLength columns (into outputMean and outputRstd, one float per row), output = (inputX − mean) · rstd · gamma + beta; it zeroes inputX\'s padding in place; output may not be inputX.', support: 'Atlas A2/A3, 950 and 310P AI Core; not the 310P Vector Core, not the Atlas training series (910A)',
    sim: String.raw`// The model: float data and gamma/beta, the default configuration (both gamma and beta, rstd out). Per row i <
// aLength: the columns past rLength zeroed (as the API's mask does, in place), mean = the sum of the rLength columns
// (in float, left to right) / rLength, var = the sum of squared deviations / rLength, rstd = 1 / sqrt(var + epsilon);
// output = (x - mean) x rstd x gamma + beta over all rLengthWithPadding columns. It insists on a tiling of this
// aLength x rLength (the kernel does not recompute it) and a temporary buffer of GetLayerNormMaxMinTmpSize's minimum.
template <typename U, typename T, bool isReuseSource = false>
__aicore__ inline void LayerNorm(const LocalTensor<T>& output, const LocalTensor<float>& outputMean, const LocalTensor<float>& outputRstd, const LocalTensor<T>& inputX, const LocalTensor<U>& gamma, const LocalTensor<U>& beta, const float epsilon, const LocalTensor<uint8_t>& sharedTmpBuffer, const LayerNormPara& para, const tiling::LayerNormSeparateTiling& tiling) {
  using namespace ap_model::detail;
  const char* api = "LayerNorm";
  static_assert(std::is_same<T, float>::value && std::is_same<U, float>::value, "the model's LayerNorm takes float data, gamma and beta");
  if (!(AP_HAS_ROW_APIS)) report(api, "LayerNorm is not on this target's product list (AP_HAS_ROW_APIS=0: not the Atlas training series, not the 310P Vector Core); the model computes it anyway");
  const uint64_t a = para.aLength, r = para.rLength, rp = para.rLengthWithPadding;
  if (a == 0 || r == 0 || rp < r) {
    report(api, fmt("LayerNormPara %llu x %llu (rows %llu apart) is empty or its padding is shorter than its rows", (unsigned long long)a, (unsigned long long)r, (unsigned long long)rp));
    return;
  }
  if (rp * sizeof(T) % 32 != 0) report(api, fmt("rLengthWithPadding %llu x %zu bytes is not a whole number of 32-byte blocks", (unsigned long long)rp, sizeof(T)));
  if (tiling.aLength != a || tiling.rLength != r)
    report(api, fmt("the tiling was computed for %u x %u and the call is %llu x %llu: compute a tiling for each shape (GetLayerNormNDTilingInfo; the kernel does not recompute it)", tiling.aLength, tiling.rLength, (unsigned long long)a, (unsigned long long)r));
  const int64_t n = (int64_t)(a * rp);
  if (ub_check(api, "inputX", inputX.ap_ref(), sizeof(T), n, true) < n || ub_check(api, "output", output.ap_ref(), sizeof(T), n, true) < n) return;
  if (ub_check(api, "outputMean", outputMean.ap_ref(), 4, (int64_t)a, true) < (int64_t)a || ub_check(api, "outputRstd", outputRstd.ap_ref(), 4, (int64_t)a, true) < (int64_t)a) return;
  if (ub_check(api, "gamma", gamma.ap_ref(), sizeof(U), (int64_t)r, true) < (int64_t)r || ub_check(api, "beta", beta.ap_ref(), sizeof(U), (int64_t)r, true) < (int64_t)r) return;
  const uint64_t minTmp = 2 * ((rp * 4 + 31) / 32 * 32) + (a * 4 + 31) / 32 * 32;
  if (ub_check(api, "sharedTmpBuffer", sharedTmpBuffer.ap_ref(), 1, (int64_t)minTmp, true) < (int64_t)minTmp)
    report(api, fmt("sharedTmpBuffer holds fewer than the %llu bytes GetLayerNormMaxMinTmpSize's minimum asks for %llu rows of %llu columns", (unsigned long long)minTmp, (unsigned long long)a, (unsigned long long)rp));
  if (ub_overlap(output.ap_ref(), n * sizeof(T), inputX.ap_ref(), n * sizeof(T))) report(api, "output and inputX share space");
  if (ub_overlap(sharedTmpBuffer.ap_ref(), minTmp, inputX.ap_ref(), n * sizeof(T)) || ub_overlap(sharedTmpBuffer.ap_ref(), minTmp, output.ap_ref(), n * sizeof(T))) report(api, "sharedTmpBuffer overlaps inputX or output");
  std::vector<float> g(rp, 0.0f), b(rp, 0.0f);
  for (uint64_t j = 0; j < r; j++) {
    g[j] = static_cast<float>(load<U>(ub_ptr(gamma.ap_ref()) + j * sizeof(U)));
    b[j] = static_cast<float>(load<U>(ub_ptr(beta.ap_ref()) + j * sizeof(U)));
  }
  for (uint64_t i = 0; i < a; i++) {
    uint8_t* x = ub_ptr(inputX.ap_ref()) + i * rp * sizeof(T);
    for (uint64_t j = r; j < rp; j++) store<T>(x + j * sizeof(T), static_cast<T>(0.0f));
    float sum = 0.0f;
    for (uint64_t j = 0; j < r; j++) sum += static_cast<float>(load<T>(x + j * sizeof(T)));
    const float mean = sum / static_cast<float>(r);
    float sq = 0.0f;
    for (uint64_t j = 0; j < r; j++) {
      const float d = static_cast<float>(load<T>(x + j * sizeof(T))) - mean;
      sq += d * d;
    }
    const float rstd = 1.0f / std::sqrt(sq / static_cast<float>(r) + epsilon);
    uint8_t* y = ub_ptr(output.ap_ref()) + i * rp * sizeof(T);
    for (uint64_t j = 0; j < rp; j++) store<T>(y + j * sizeof(T), static_cast<T>((static_cast<float>(load<T>(x + j * sizeof(T))) - mean) * rstd * g[j] + b[j]));
    store<float>(ub_ptr(outputMean.ap_ref()) + i * 4, mean);
    store<float>(ub_ptr(outputRstd.ap_ref()) + i * 4, rstd);
  }
}`,
  },
  { name: 'LayerNormSeparateTiling', namespace: 'optiling', kind: 'class', side: host, source: 'A30', decl: 'class LayerNormSeparateTiling {\npublic:\n  void SaveToBuffer(void* pdata, size_t capacity);\n  size_t GetDataSize() const;\n};', summary: 'The host\'s LayerNorm tiling of the [A, R] form (a tiling-data class); SaveToBuffer writes it in the layout of the kernel\'s AscendC::tiling::LayerNormSeparateTiling.',
    sim: String.raw`// The model keeps the kernel struct's fields; SaveToBuffer copies them (ap_model::detail::TilingData).
class LayerNormSeparateTiling : public ap_model::detail::TilingData<AscendC::tiling::LayerNormSeparateTiling> {};`,
  },
  { name: 'GetLayerNormMaxMinTmpSize', namespace: 'AscendC', kind: 'function', side: host, source: 'A30', decl: 'void GetLayerNormMaxMinTmpSize(const ge::Shape& srcShape, const uint32_t typeSize, const bool isReuseSource, const bool isComputeRstd, const bool isOnlyOutput, uint32_t& maxValue, uint32_t& minValue);  // the [A, R] form (isComputeRstd true)', summary: 'The most and fewest bytes of temporary UB a LayerNorm of this [A, R] shape uses (the form with rstd: isComputeRstd true, isOnlyOutput false).',
    sim: String.raw`// The model: two rows of the padded R in float and the A values, each rounded to 32 bytes (the minimum); the
// maximum, that for every row.
inline void GetLayerNormMaxMinTmpSize(const ge::Shape& srcShape, const uint32_t typeSize, const bool isReuseSource, const bool isComputeRstd, const bool isOnlyOutput, uint32_t& maxValue, uint32_t& minValue) {
  (void)isReuseSource;
  maxValue = minValue = 0;
  if (!isComputeRstd || isOnlyOutput) ap_model::detail::report("GetLayerNormMaxMinTmpSize", "the model covers the [A, R] form with rstd (isComputeRstd true, isOnlyOutput false) only");
  if (srcShape.GetDimNum() != 2 || typeSize == 0) return;
  const uint64_t a = static_cast<uint64_t>(srcShape.GetDim(0)), r = static_cast<uint64_t>(srcShape.GetDim(1));
  const uint64_t rp = (r * typeSize + 31) / 32 * 32 / typeSize;
  minValue = static_cast<uint32_t>(2 * ((rp * 4 + 31) / 32 * 32) + (a * 4 + 31) / 32 * 32);
  maxValue = static_cast<uint32_t>(std::min<uint64_t>(2 * a * ((rp * 4 + 31) / 32 * 32) + (a * 4 + 31) / 32 * 32, 0xFFFFFFFFull));
}`,
  },
  { name: 'GetLayerNormNDTilingInfo', namespace: 'AscendC', kind: 'function', side: host, source: 'A30', decl: 'void GetLayerNormNDTilingInfo(const ge::Shape& srcShape, const uint32_t stackBufferSize, const uint32_t typeSize, const bool isReuseSource, const bool isComputeRstd, optiling::LayerNormSeparateTiling& tiling);  // the [A, R] form (isComputeRstd true)', summary: 'Computes the LayerNorm tiling of an [A, R] shape (R the data\'s row length; the padded length follows) for a temporary buffer of stackBufferSize bytes.',
    sim: String.raw`// The model records A, R and 1 / R and a split of the rows over the temporary buffer; the kernel model checks A and R
// against each call.
inline void GetLayerNormNDTilingInfo(const ge::Shape& srcShape, const uint32_t stackBufferSize, const uint32_t typeSize, const bool isReuseSource, const bool isComputeRstd, optiling::LayerNormSeparateTiling& tiling) {
  const char* api = "GetLayerNormNDTilingInfo";
  AscendC::tiling::LayerNormSeparateTiling& t = tiling.v_;
  t = AscendC::tiling::LayerNormSeparateTiling{};
  if (srcShape.GetDimNum() != 2 || typeSize == 0 || !isComputeRstd) {
    ap_model::detail::report(api, "the model covers an [A, R] shape with rstd (isComputeRstd true) only");
    return;
  }
  uint32_t most = 0, least = 0;
  GetLayerNormMaxMinTmpSize(srcShape, typeSize, isReuseSource, isComputeRstd, false, most, least);
  if (stackBufferSize < least) ap_model::detail::report(api, ap_model::detail::fmt("stackBufferSize %u is less than GetLayerNormMaxMinTmpSize's minimum %u", stackBufferSize, least));
  const uint64_t a = static_cast<uint64_t>(srcShape.GetDim(0)), r = static_cast<uint64_t>(srcShape.GetDim(1));
  const uint64_t rp = (r * typeSize + 31) / 32 * 32 / typeSize;
  t.aLength = static_cast<uint32_t>(a);
  t.rLength = static_cast<uint32_t>(r);
  t.rValueBack = r ? 1.0f / static_cast<float>(r) : 0.0f;
  t.k2Rec = t.rValueBack;
  t.k2RRec = t.rValueBack;
  t.inputXSize = static_cast<uint32_t>(a * rp);
  t.meanVarSize = static_cast<uint32_t>(a);
  t.tmpBufSize = stackBufferSize;
  const uint64_t perRow = 2 * rp * 4 + 4;
  t.aCurLength = static_cast<uint32_t>(std::max<uint64_t>(1, std::min<uint64_t>(a, perRow ? stackBufferSize / perRow : a)));
  t.arCurLength = static_cast<uint32_t>(t.aCurLength * rp);
  t.loopRound = t.aCurLength ? static_cast<uint32_t>(a / t.aCurLength) : 0;
  t.inputTailPos = t.loopRound * t.arCurLength;
  t.inputTailSize = static_cast<uint32_t>(a * rp - t.inputTailPos);
}`,
  },
  { name: 'PlatformAscendC', namespace: 'platform_ascendc', kind: 'class', side: host, source: 'A34', decl: 'class PlatformAscendC {\npublic:\n  uint32_t GetCoreNumAic() const;\n  uint32_t GetCoreNumAiv() const;\n  uint32_t GetLibApiWorkSpaceSize() const;\n};', summary: 'The host\'s view of the chip: core counts and the system workspace size the high-level APIs need.',
    sim: String.raw`// The model's chip: core counts from -DAP_AIC_CORES / -DAP_AIV_CORES (the target's profile); a nominal workspace size.
class PlatformAscendC {
public:
  uint32_t GetCoreNumAic() const { return AP_AIC_CORES; }
  uint32_t GetCoreNumAiv() const { return AP_AIV_CORES; }
  uint32_t GetLibApiWorkSpaceSize() const { return 1024; }
};`,
  },
  { name: 'PlatformAscendCManager', namespace: 'platform_ascendc', kind: 'class', side: host, source: 'A34', decl: 'class PlatformAscendCManager {\npublic:\n  static PlatformAscendC* GetInstance();\n  static PlatformAscendC* GetInstance(const char* customSocVersion);\n};', summary: 'The process\'s PlatformAscendC (of the current device, or of a named SoC).',
    sim: String.raw`class PlatformAscendCManager {
public:
  static PlatformAscendC* GetInstance() {
    static PlatformAscendC p;
    return &p;
  }
  static PlatformAscendC* GetInstance(const char* customSocVersion) {
    (void)customSocVersion;
    return GetInstance();
  }
};`,
  },
  { name: 'DataType', namespace: 'matmul_tiling', kind: 'enum', side: host, source: 'A27', decl: 'enum class DataType : int32_t { DT_FLOAT = 0, DT_FLOAT16 = 1, DT_INT8 = 2, DT_INT32 = 3, DT_BF16 = 27 };  // the values the port uses', summary: 'Element types of the host tiling (DT_FLOAT, DT_FLOAT16, DT_BF16, DT_INT8, DT_INT32, …).',
    sim: AS_DECLARED,
  },
  { name: 'MultiCoreMatmulTiling', namespace: 'matmul_tiling', kind: 'class', side: host, source: 'A27', decl: '// The host tiling\'s own buffer positions (matmul_tiling::TPosition), declared with it:\nenum class TPosition : int32_t { GM, A1, A2, B1, B2, C1, C2, CO1, CO2, VECIN, VECOUT, VECCALC, LCM = VECCALC, SPM, SHM = SPM, TSCM, MAX };\nclass MultiCoreMatmulTiling {\npublic:\n  MultiCoreMatmulTiling();\n  explicit MultiCoreMatmulTiling(const platform_ascendc::PlatformAscendC& ascendcPlatform);\n  int32_t SetDim(int32_t dim);\n  int32_t SetAType(TPosition pos, CubeFormat type, DataType dataType, bool isTrans = false);\n  int32_t SetBType(TPosition pos, CubeFormat type, DataType dataType, bool isTrans = false);\n  int32_t SetCType(TPosition pos, CubeFormat type, DataType dataType);\n  int32_t SetBiasType(TPosition pos, CubeFormat type, DataType dataType);\n  int32_t SetOrgShape(int32_t orgMIn, int32_t orgNIn, int32_t orgKIn);\n  int32_t SetShape(int32_t m, int32_t n, int32_t k);\n  int32_t EnableBias(bool isBiasIn = false);\n  int32_t SetBufferSpace(int32_t l1Size = -1, int32_t l0CSize = -1, int32_t ubSize = -1, int32_t btSize = -1);\n  int64_t GetTiling(AscendC::tiling::TCubeTiling& tiling);\n};', summary: 'Host-side Matmul tiling across cores; GetTiling fills the TCubeTiling the kernel reads and returns -1 on failure.',
    sim: String.raw`// The model's tiling: the shapes, types and bias flag the kernel needs, exactly; the split is a model, not Huawei's
// choice: M over up to SetDim cores in multiples of 16 rows, the cores left over N in multiples of 16 columns,
// singleCoreK = K, and nominal base blocks (baseM/N 128 or less, baseK 64 or less). usedCoreNum = the blocks of C.
// (matmul_tiling::TPosition, the host tiling's own copy of the positions, is declared with it.)
enum class TPosition : int32_t { GM, A1, A2, B1, B2, C1, C2, CO1, CO2, VECIN, VECOUT, VECCALC, LCM = VECCALC, SPM, SHM = SPM, TSCM, MAX };
class MultiCoreMatmulTiling {
public:
  MultiCoreMatmulTiling() : dim_(AP_AIC_CORES) {}
  explicit MultiCoreMatmulTiling(const platform_ascendc::PlatformAscendC& ascendcPlatform) : dim_(static_cast<int32_t>(ascendcPlatform.GetCoreNumAic())) {}
  int32_t SetDim(int32_t dim) { dim_ = dim; return 0; }
  int32_t SetAType(TPosition pos, CubeFormat type, DataType dataType, bool isTrans = false) { (void)pos; (void)type; a_ = dataType; transA_ = isTrans; typed_ |= 1; return 0; }
  int32_t SetBType(TPosition pos, CubeFormat type, DataType dataType, bool isTrans = false) { (void)pos; (void)type; b_ = dataType; transB_ = isTrans; typed_ |= 2; return 0; }
  int32_t SetCType(TPosition pos, CubeFormat type, DataType dataType) { (void)pos; (void)type; c_ = dataType; typed_ |= 4; return 0; }
  int32_t SetBiasType(TPosition pos, CubeFormat type, DataType dataType) { (void)pos; (void)type; (void)dataType; return 0; }
  int32_t SetOrgShape(int32_t orgMIn, int32_t orgNIn, int32_t orgKIn) { orgM_ = orgMIn; orgN_ = orgNIn; orgK_ = orgKIn; return 0; }
  int32_t SetShape(int32_t m, int32_t n, int32_t k) { m_ = m; n_ = n; k_ = k; return 0; }
  int32_t EnableBias(bool isBiasIn = false) { bias_ = isBiasIn; return 0; }
  int32_t SetBufferSpace(int32_t l1Size = -1, int32_t l0CSize = -1, int32_t ubSize = -1, int32_t btSize = -1) { (void)l1Size; (void)l0CSize; (void)ubSize; (void)btSize; return 0; }
  int64_t GetTiling(AscendC::tiling::TCubeTiling& tiling) {
    if (typed_ != 7 || m_ <= 0 || n_ <= 0 || k_ <= 0 || dim_ <= 0) return -1;
    if (a_ != b_) return -1;  // A and B of one type (the fp8 and int8-B mixes are not modelled)
    const int32_t orgM = orgM_ > 0 ? orgM_ : m_, orgN = orgN_ > 0 ? orgN_ : n_, orgK = orgK_ > 0 ? orgK_ : k_;
    const auto up16 = [](int64_t v) { return static_cast<int32_t>((v + 15) / 16 * 16); };
    const int64_t mRows = (m_ + 15) / 16, nCols = (n_ + 15) / 16;
    const int64_t mCores = std::max<int64_t>(1, std::min<int64_t>(dim_, mRows));
    const int32_t singleM = up16((m_ + mCores - 1) / mCores);
    const int64_t mBlocks = (m_ + singleM - 1) / singleM;
    const int64_t nCores = std::max<int64_t>(1, std::min<int64_t>(dim_ / mBlocks, nCols));
    const int32_t singleN = up16((n_ + nCores - 1) / nCores);
    const int64_t nBlocks = (n_ + singleN - 1) / singleN;
    tiling = AscendC::tiling::TCubeTiling{};
    tiling.usedCoreNum = static_cast<int32_t>(mBlocks * nBlocks);
    tiling.M = orgM; tiling.N = orgN; tiling.Ka = orgK; tiling.Kb = orgK;
    tiling.singleCoreM = singleM; tiling.singleCoreN = singleN; tiling.singleCoreK = k_;
    tiling.baseM = std::min(singleM, 128); tiling.baseN = std::min(singleN, 128); tiling.baseK = std::min(up16(k_), 64);
    tiling.depthA1 = 1; tiling.depthB1 = 1; tiling.stepM = 1; tiling.stepN = 1;
    tiling.isBias = bias_ ? 1 : 0;
    return 0;
  }
private:
  int32_t dim_ = 1, m_ = 0, n_ = 0, k_ = 0, orgM_ = 0, orgN_ = 0, orgK_ = 0, typed_ = 0;
  DataType a_ = DataType::DT_FLOAT, b_ = DataType::DT_FLOAT, c_ = DataType::DT_FLOAT;
  bool transA_ = false, transB_ = false, bias_ = false;
};`,
  },

  // ACL host runtime (§5).
  { name: 'aclInit', namespace: '', kind: 'function', side: host, source: 'A7', decl: 'aclError aclInit(const char* configPath);', summary: 'Initialises ACL once per process (configPath may be nullptr).' },
  { name: 'aclFinalize', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclFinalize();', summary: 'Tears ACL down at process end.' },
  { name: 'aclrtSetDevice', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtSetDevice(int32_t deviceId);', summary: 'Selects the device and creates its default context.' },
  { name: 'aclrtResetDevice', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtResetDevice(int32_t deviceId);', summary: 'Releases the device\'s resources.' },
  { name: 'aclrtCreateStream', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtCreateStream(aclrtStream* stream);', summary: 'Creates a stream (cudaStreamCreate).' },
  { name: 'aclrtDestroyStream', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtDestroyStream(aclrtStream stream);', summary: 'Destroys a stream.' },
  { name: 'aclrtSynchronizeStream', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtSynchronizeStream(aclrtStream stream);', summary: 'Waits until everything queued on the stream has finished; kernel launches are asynchronous.' },
  { name: 'aclrtSynchronizeDevice', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtSynchronizeDevice();', summary: 'Waits for the whole device (cudaDeviceSynchronize).' },
  { name: 'aclrtMalloc', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtMalloc(void** devPtr, size_t size, aclrtMemMallocPolicy policy);', summary: 'Allocates device memory; the samples use ACL_MEM_MALLOC_HUGE_FIRST.' },
  { name: 'aclrtFree', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtFree(void* devPtr);', summary: 'Frees device memory.' },
  { name: 'aclrtMallocHost', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtMallocHost(void** hostPtr, size_t size);', summary: 'Allocates host memory for fast copies; the device cannot use it directly.' },
  { name: 'aclrtFreeHost', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtFreeHost(void* hostPtr);', summary: 'Frees memory from aclrtMallocHost.' },
  { name: 'aclrtMemcpy', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtMemcpy(void* dst, size_t destMax, const void* src, size_t count, aclrtMemcpyKind kind);', summary: 'Synchronous copy; destMax is the capacity of dst.' },
  { name: 'aclrtMemcpyAsync', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtMemcpyAsync(void* dst, size_t destMax, const void* src, size_t count, aclrtMemcpyKind kind, aclrtStream stream);', summary: 'Asynchronous copy on a stream; on-chip device-to-device copies need 64-byte aligned pointers.' },
  { name: 'aclrtMemset', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtMemset(void* devPtr, size_t maxCount, int32_t value, size_t count);', summary: 'Sets count bytes of device memory.' },
  { name: 'aclrtMemsetAsync', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtMemsetAsync(void* devPtr, size_t maxCount, int32_t value, size_t count, aclrtStream stream);', summary: 'Sets count bytes of device memory, on a stream.' },
  { name: 'aclrtMemcpy2d', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtMemcpy2d(...);  // arguments not transcribed in the reference', summary: 'Pitched 2-D copy; check its arguments in your toolkit\'s acl_rt.h.' },
  { name: 'aclrtGetMemInfo', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtGetMemInfo(aclrtMemAttr attr, size_t* free, size_t* total);', summary: 'Free and total memory of the kind attr names.' },
  { name: 'aclrtGetDevice', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtGetDevice(int32_t* deviceId);', summary: 'The current device id.' },
  { name: 'aclrtGetDeviceCount', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtGetDeviceCount(uint32_t* count);', summary: 'Number of devices, as an unsigned 32-bit count.' },
  { name: 'aclrtGetDeviceInfo', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtGetDeviceInfo(uint32_t deviceId, aclrtDevAttr attr, int64_t* value);', summary: 'One device attribute, e.g. ACL_DEV_ATTR_AICORE_CORE_NUM (2026 runtime; presence in 8.x unconfirmed).' },
  { name: 'aclrtDeviceCanAccessPeer', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtDeviceCanAccessPeer(int32_t* canAccessPeer, int32_t deviceId, int32_t peerDeviceId);', summary: 'Whether deviceId can access peerDeviceId\'s memory.' },
  { name: 'aclrtDeviceEnablePeerAccess', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtDeviceEnablePeerAccess(int32_t peerDeviceId, uint32_t flags);', summary: 'Enables access from the current device to a peer.' },
  { name: 'aclrtCreateEvent', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtCreateEvent(aclrtEvent* event);', summary: 'Creates an event (cudaEventCreate).' },
  { name: 'aclrtCreateEventWithFlag', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtCreateEventWithFlag(aclrtEvent* event, uint32_t flag);', summary: 'Creates an event with ACL flags (ACL_EVENT_SYNC, ACL_EVENT_TIME_LINE, …).' },
  { name: 'aclrtRecordEvent', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtRecordEvent(aclrtEvent event, aclrtStream stream);', summary: 'Records an event on a stream.' },
  { name: 'aclrtSynchronizeEvent', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtSynchronizeEvent(aclrtEvent event);', summary: 'Waits until the event has completed.' },
  { name: 'aclrtEventElapsedTime', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtEventElapsedTime(float* ms, aclrtEvent startEvent, aclrtEvent endEvent);', summary: 'Milliseconds between two recorded events.' },
  { name: 'aclrtQueryEventStatus', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtQueryEventStatus(aclrtEvent event, aclrtEventRecordedStatus* status);', summary: 'Non-blocking event status, returned through status.' },
  { name: 'aclrtDestroyEvent', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtDestroyEvent(aclrtEvent event);', summary: 'Destroys an event.' },
  { name: 'aclrtStreamWaitEvent', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtStreamWaitEvent(aclrtStream stream, aclrtEvent event);', summary: 'Makes the stream wait for the event.' },
  { name: 'aclrtLaunchCallback', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtLaunchCallback(aclrtCallback fn, void* userData, aclrtCallbackBlockType blockType, aclrtStream stream);', summary: 'Runs a host callback in stream order (with aclrtSubscribeReport).' },
  { name: 'aclrtLaunchKernel', namespace: '', kind: 'function', side: host, source: 'D', decl: 'aclError aclrtLaunchKernel(aclrtFuncHandle funcHandle, uint32_t numBlocks, const void* argsData, size_t argsSize, aclrtStream stream);', summary: 'Launches a kernel of a loaded binary (2026 runtime).' },
  { name: 'aclrtGetLastError', namespace: '', kind: 'function', side: host, source: 'E', decl: 'aclError aclrtGetLastError(aclrtLastErrLevel level);', summary: 'The last error of the thread (level ACL_RT_THREAD_LEVEL), and clears it.' },
  { name: 'aclrtPeekAtLastError', namespace: '', kind: 'function', side: host, source: 'E', decl: 'aclError aclrtPeekAtLastError(aclrtLastErrLevel level);', summary: 'The last error of the thread, without clearing it.' },
  { name: 'aclGetRecentErrMsg', namespace: '', kind: 'function', side: host, source: 'D', decl: 'const char* aclGetRecentErrMsg();', summary: 'Message of the most recent failure (takes no error code; 2026 runtime headers).' },
  { name: 'aclrtEvent', namespace: '', kind: 'class', side: host, source: 'D', decl: 'typedef void* aclrtEvent;', summary: 'An event handle (cudaEvent_t).' },
  { name: 'aclrtLastErrLevel', namespace: '', kind: 'enum', side: host, source: 'E', decl: 'typedef enum aclrtLastErrLevel { ACL_RT_THREAD_LEVEL } aclrtLastErrLevel;', summary: 'Scope of aclrtGetLastError.' },
  { name: 'aclrtMemAttr', namespace: '', kind: 'enum', side: host, source: 'D', decl: 'enum aclrtMemAttr : int;  // values not transcribed in the reference', summary: 'Which memory aclrtGetMemInfo reports on.' },
  { name: 'aclrtDevAttr', namespace: '', kind: 'enum', side: host, source: 'D', decl: 'typedef enum aclrtDevAttr { ACL_DEV_ATTR_AICORE_CORE_NUM = 101, ACL_DEV_ATTR_CUBE_CORE_NUM = 102, ACL_DEV_ATTR_VECTOR_CORE_NUM = 201 } aclrtDevAttr;', summary: 'Device attributes of aclrtGetDeviceInfo.' },
  { name: 'aclrtEventRecordedStatus', namespace: '', kind: 'enum', side: host, source: 'D', decl: 'enum aclrtEventRecordedStatus : int;  // values not transcribed in the reference', summary: 'Status written by aclrtQueryEventStatus.' },
  { name: 'aclrtCallbackBlockType', namespace: '', kind: 'enum', side: host, source: 'D', decl: 'enum aclrtCallbackBlockType : int;  // values not transcribed in the reference', summary: 'Whether a stream callback blocks the stream.' },
  { name: 'aclrtCallback', namespace: '', kind: 'class', side: host, source: 'D', decl: 'typedef void (*aclrtCallback)(void* userData);', summary: 'A host callback.' },
  { name: 'aclrtFuncHandle', namespace: '', kind: 'class', side: host, source: 'D', decl: 'typedef void* aclrtFuncHandle;', summary: 'A kernel function of a loaded binary.' },
  { name: 'aclrtStream', namespace: '', kind: 'class', side: host, source: 'D', decl: 'typedef void* aclrtStream;', summary: 'A stream handle (cudaStream_t).' },
  { name: 'aclError', namespace: '', kind: 'class', side: host, source: 'D', decl: 'typedef int aclError;', summary: 'Return code of every ACL call; ACL_SUCCESS (0) on success.' },
  { name: 'ACL_SUCCESS', namespace: '', kind: 'constant', side: host, source: 'D', decl: 'static const int ACL_SUCCESS = 0;', summary: 'The success return code.' },
  { name: 'aclrtMemMallocPolicy', namespace: '', kind: 'enum', side: host, source: 'D', decl: 'typedef enum aclrtMemMallocPolicy { ACL_MEM_MALLOC_HUGE_FIRST, ACL_MEM_MALLOC_HUGE_ONLY, ACL_MEM_MALLOC_NORMAL_ONLY, ACL_MEM_MALLOC_HUGE_FIRST_P2P, ACL_MEM_MALLOC_HUGE_ONLY_P2P, ACL_MEM_MALLOC_NORMAL_ONLY_P2P } aclrtMemMallocPolicy;', summary: 'Allocation policy of aclrtMalloc.' },
  { name: 'aclrtMemcpyKind', namespace: '', kind: 'enum', side: host, source: 'D', decl: 'typedef enum aclrtMemcpyKind { ACL_MEMCPY_HOST_TO_HOST, ACL_MEMCPY_HOST_TO_DEVICE, ACL_MEMCPY_DEVICE_TO_HOST, ACL_MEMCPY_DEVICE_TO_DEVICE, ACL_MEMCPY_DEFAULT } aclrtMemcpyKind;', summary: 'Direction of aclrtMemcpy.' },
];

const byName = new Map<string, ApiEntry>();
for (const e of ASCEND_C_API) if (!byName.has(e.name)) byName.set(e.name, e);

export function apiByName(name: string): ApiEntry | undefined {
  return byName.get(name);
}

/** The entry's spelling on a CANN version: a renamed API points at its other name. */
export function spelledFor(entry: ApiEntry, cann: CannVersion): string {
  if (!entry.cann || entry.cann.includes(cann)) return entry.name;
  return entry.renamed && entry.renamed.cann === cann ? entry.renamed.name : entry.name;
}
