// ascend-port verify: the driver's runtime. For each kernel and size it makes the inputs
// (random values plus edge values), gives the CUDA side and the Ascend C side identical
// copies, runs both, compares every output element with the tolerance of the program's op
// classes, checks the CUDA side's guard bytes, collects the Ascend C model's violations and
// prints one JSON line. Exit code: 0 when every case passed, 1 otherwise.
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <string>
#include <vector>
#include "ap_fp16.h"
#include "ap_verify_support.h"

extern "C" void* ap_verify_gm_alloc(size_t bytes);
extern "C" void ap_verify_gm_free(void* p);
extern "C" void ap_verify_clear(void);
extern "C" size_t ap_verify_violations(char* buf, size_t cap);

enum ApDType { AP_F32, AP_F16, AP_I32, AP_BF16, AP_I8, AP_U8, AP_I16, AP_U16, AP_U32 };

namespace ap_verify {

inline size_t dsize(ApDType t) {
  switch (t) {
    case AP_I8: case AP_U8: return 1;
    case AP_F16: case AP_BF16: case AP_I16: case AP_U16: return 2;
    default: return 4;
  }
}
inline const char* dname(ApDType t) {
  switch (t) {
    case AP_F32: return "float";
    case AP_F16: return "half";
    case AP_BF16: return "bfloat16";
    case AP_I8: return "int8";
    case AP_U8: return "uint8";
    case AP_I16: return "int16";
    case AP_U16: return "uint16";
    case AP_U32: return "uint32";
    default: return "int32";
  }
}
/** Integer element types: compared exactly, filled with integers over their whole range. */
inline bool is_int(ApDType t) { return t != AP_F32 && t != AP_F16 && t != AP_BF16; }

struct Options {
  std::vector<uint64_t> sizes;
  std::vector<std::string> kernels;
  bool wants(const char* k) const { return kernels.empty() || std::find(kernels.begin(), kernels.end(), k) != kernels.end(); }
};

inline Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    std::string v = argv[i + 1];
    if (a == "--sizes") {
      size_t at = 0;
      while (at < v.size()) {
        size_t comma = v.find(',', at);
        std::string part = v.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
        if (!part.empty()) o.sizes.push_back(std::strtoull(part.c_str(), nullptr, 10));
        if (comma == std::string::npos) break;
        at = comma + 1;
      }
    } else if (a == "--kernel") {
      o.kernels.push_back(v);
    }
  }
  return o;
}

inline int& failures() {
  static int n = 0;
  return n;
}

inline int finish() { return failures() == 0 ? 0 : 1; }

/** A number as JSON (NaN and infinities as strings). */
inline std::string jnum(double v) {
  if (std::isnan(v)) return "\"nan\"";
  if (std::isinf(v)) return v > 0 ? "\"inf\"" : "\"-inf\"";
  char b[40];
  std::snprintf(b, sizeof b, "%.9g", v);
  return b;
}

/** The CUDA side's error (a shim report such as a barrier deadlock), set by the CUDA runner. */
inline std::string& cuda_error() {
  static std::string e;
  return e;
}

constexpr size_t kGuard = 64;
constexpr uint8_t kGuardByte = 0x5C;

class Case {
 public:
  Case(const char* kernel, uint64_t size, uint32_t seed) : kernel_(kernel), size_(size) {
    uint64_t h = 1469598103934665603ull ^ seed;
    for (const char* p = kernel; *p; ++p) h = (h ^ static_cast<uint8_t>(*p)) * 1099511628211ull;
    state_ = (h ^ (size * 0x9E3779B97F4A7C15ull)) | 1;
  }

  ~Case() {
    for (auto& t : tensors_) ap_verify_gm_free(t.ascend);
  }

  /** A scalar argument: a small positive integer, or a float of either sign in [0.5, 2). */
  double scalar(bool integral) {
    if (integral) return static_cast<double>(1 + next() % 9);
    double v = 0.5 + 1.5 * uniform();
    return (next() & 1) ? -v : v;
  }

  /**
   * range 1 (moderate, `true`): inputs within [-4, 4] only (no ±3e38 or 70000 edges), for reductions, whose sums of such
   * values depend on the order; range 2 (unit): inputs within [-1, 1], for matrix products (docs/verify.md);
   * range 3 (scalars): a few values read at constant indices (`pars[0]`), each as a scalar argument is drawn
   * (either sign, magnitude in [0.5, 2)), with no edge values, so that every element tells the values apart.
   */
  void tensor(const char* name, ApDType t, uint64_t n, bool read, bool written, bool nanInf, double rtol, double atol, void** cudaSlot, void** ascendSlot, int range = 0) {
    Tensor x;
    x.name = name;
    x.t = t;
    x.n = n;
    x.read = read;
    x.written = written;
    x.rtol = rtol;
    x.atol = atol;
    size_t bytes = n * dsize(t);
    x.cuda.assign(kGuard + bytes + kGuard, kGuardByte);
    x.ascend = ap_verify_gm_alloc(bytes == 0 ? 1 : bytes);
    std::vector<uint8_t> init(bytes);
    if (read) fill_inputs(init.data(), t, n, nanInf, range);
    else fill_sentinel(init.data(), t, n);
    std::memcpy(x.cuda.data() + kGuard, init.data(), bytes);
    std::memcpy(x.ascend, init.data(), bytes);
    tensors_.push_back(std::move(x));
    // Slots are filled once every tensor exists (vectors may move).
    slots_.push_back({cudaSlot, ascendSlot});
    for (size_t i = 0; i < tensors_.size(); ++i) {
      *slots_[i].first = tensors_[i].cuda.data() + kGuard;
      *slots_[i].second = tensors_[i].ascend;
    }
  }

  void run_cuda(const std::function<void()>& f) {
    cuda_error().clear();
    try {
      f();
    } catch (const std::exception& e) {
      cuda_error() = e.what();
    } catch (...) {
      cuda_error() = "the CUDA side threw";
    }
  }

  void run_ascend(const std::function<int()>& f) {
    ap_verify_clear();
    ascend_rc_ = f();
  }

  /**
   * Block partials (a reduction's first kernel, out[blockIdx.x]): CUDA's partials and the port's
   * differ by design (other blocks), so what is compared is their sum, the value the second pass
   * computes: on each side element 0 becomes the sum of the first `count` elements (added in
   * double, rounded to float) and the others 0.
   */
  void fold_sum(const char* name, uint64_t count) {
    for (auto& x : tensors_) {
      if (x.name != name || x.t != AP_F32) continue;
      uint8_t* sides[2] = {x.cuda.data() + kGuard, static_cast<uint8_t*>(x.ascend)};
      for (uint8_t* p : sides) {
        double total = 0;
        for (uint64_t i = 0; i < count && i < x.n; ++i) total += value(p, x.t, i);
        for (uint64_t i = 0; i < x.n; ++i) store(p, x.t, i, i == 0 ? total : 0.0);
      }
    }
  }
  /**
   * Block partial maxima or minima: the port writes the whole result into every partial, CUDA
   * one value per block; what is compared is the max (min) of the first `count` on each side,
   * the value the second pass computes, in element 0 (the others 0).
   */
  void fold_extreme(const char* name, uint64_t count, bool is_max) {
    for (auto& x : tensors_) {
      if (x.name != name || x.t != AP_F32) continue;
      uint8_t* sides[2] = {x.cuda.data() + kGuard, static_cast<uint8_t*>(x.ascend)};
      for (uint8_t* p : sides) {
        double best = 0;
        for (uint64_t i = 0; i < count && i < x.n; ++i) {
          const double v = value(p, x.t, i);
          if (i == 0 || (is_max ? v > best : v < best) || v != v) best = v;
        }
        for (uint64_t i = 0; i < x.n; ++i) store(p, x.t, i, i == 0 ? best : 0.0);
      }
    }
  }
  void compare_and_report() {
    std::string outputs;
    bool pass = cuda_error().empty() && ascend_rc_ == 0;
    bool guardsOk = true;
    for (auto& x : tensors_) {
      for (size_t i = 0; i < kGuard; ++i) {
        if (x.cuda[i] != kGuardByte || x.cuda[kGuard + x.n * dsize(x.t) + i] != kGuardByte) guardsOk = false;
      }
      if (!x.written) continue;
      uint64_t bad = 0;
      double maxAbs = 0, maxRel = 0;
      int64_t first = -1;
      double firstCuda = 0, firstAscend = 0;
      const uint8_t* c = x.cuda.data() + kGuard;
      const uint8_t* a = static_cast<const uint8_t*>(x.ascend);
      for (uint64_t i = 0; i < x.n; ++i) {
        double cv = value(c, x.t, i), av = value(a, x.t, i);
        bool same = (std::isnan(cv) && std::isnan(av)) || cv == av;
        double diff = 0, rel = 0;
        if (!same) {
          diff = std::fabs(cv - av);
          double scale = std::max(std::fabs(cv), std::fabs(av));
          rel = scale > 0 ? diff / scale : 0;
          same = std::isfinite(diff) && diff <= x.atol + x.rtol * scale;
          if (std::isfinite(diff)) {
            maxAbs = std::max(maxAbs, diff);
            maxRel = std::max(maxRel, rel);
          }
        }
        if (!same) {
          if (first < 0) {
            first = static_cast<int64_t>(i);
            firstCuda = cv;
            firstAscend = av;
          }
          ++bad;
        }
      }
      if (bad) pass = false;
      if (!outputs.empty()) outputs += ',';
      outputs += "{\"name\":" + json_string(x.name) + ",\"dtype\":\"" + dname(x.t) + "\",\"pass\":" + (bad ? "false" : "true") + ",\"mismatches\":" + std::to_string(bad) +
                 ",\"maxAbs\":" + jnum(maxAbs) + ",\"maxRel\":" + jnum(maxRel) + ",\"rtol\":" + jnum(x.rtol) + ",\"atol\":" + jnum(x.atol);
      if (first >= 0) outputs += ",\"first\":{\"index\":" + std::to_string(first) + ",\"cuda\":" + jnum(firstCuda) + ",\"ascend\":" + jnum(firstAscend) + "}";
      outputs += "}";
    }
    std::vector<char> buf(1 << 16);
    size_t need = ap_verify_violations(buf.data(), buf.size());
    if (need >= buf.size()) {
      buf.resize(need + 1);
      ap_verify_violations(buf.data(), buf.size());
    }
    std::string violations = buf.data();
    if (violations != "[]") pass = false;
    if (!pass) ++failures();
    std::printf("{\"kernel\":%s,\"size\":%llu,\"pass\":%s,\"outputs\":[%s],\"violations\":%s,\"cudaGuardsIntact\":%s,\"cudaError\":%s,\"launchResult\":%d}\n", json_string(kernel_).c_str(),
                static_cast<unsigned long long>(size_), pass ? "true" : "false", outputs.c_str(), violations.c_str(), guardsOk ? "true" : "false",
                cuda_error().empty() ? "null" : json_string(cuda_error()).c_str(), ascend_rc_);
    std::fflush(stdout);
  }

 private:
  struct Tensor {
    std::string name;
    ApDType t = AP_F32;
    uint64_t n = 0;
    bool read = false, written = false;
    double rtol = 0, atol = 0;
    std::vector<uint8_t> cuda;
    void* ascend = nullptr;
  };

  uint64_t next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return state_;
  }
  double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }

  static double value(const uint8_t* p, ApDType t, uint64_t i) {
    if (t == AP_F32) { float f; std::memcpy(&f, p + 4 * i, 4); return f; }
    if (t == AP_I32) { int32_t v; std::memcpy(&v, p + 4 * i, 4); return v; }
    if (t == AP_U32) { uint32_t v; std::memcpy(&v, p + 4 * i, 4); return v; }
    if (t == AP_I8) return static_cast<int8_t>(p[i]);
    if (t == AP_U8) return p[i];
    if (t == AP_I16) { int16_t v; std::memcpy(&v, p + 2 * i, 2); return v; }
    if (t == AP_U16) { uint16_t v; std::memcpy(&v, p + 2 * i, 2); return v; }
    uint16_t h; std::memcpy(&h, p + 2 * i, 2);
    return t == AP_BF16 ? ap::bf16_bits_to_f32(h) : ap::f16_bits_to_f32(h);
  }

  static void store(uint8_t* p, ApDType t, uint64_t i, double v) {
    if (t == AP_F32) { float f = static_cast<float>(v); std::memcpy(p + 4 * i, &f, 4); }
    else if (t == AP_I32) { int32_t x = static_cast<int32_t>(v); std::memcpy(p + 4 * i, &x, 4); }
    else if (t == AP_U32) { uint32_t x = static_cast<uint32_t>(static_cast<int64_t>(v)); std::memcpy(p + 4 * i, &x, 4); }
    else if (t == AP_I8 || t == AP_U8) p[i] = static_cast<uint8_t>(static_cast<int64_t>(v));
    else if (t == AP_I16 || t == AP_U16) { uint16_t x = static_cast<uint16_t>(static_cast<int64_t>(v)); std::memcpy(p + 2 * i, &x, 2); }
    else { uint16_t h = t == AP_BF16 ? ap::f32_to_bf16_bits(static_cast<float>(v)) : ap::f32_to_f16_bits(static_cast<float>(v)); std::memcpy(p + 2 * i, &h, 2); }
  }

  /** Random values in [-4, 4) (integers in [-1000, 1000]), with the edge values at both ends. */
  void fill_inputs(uint8_t* p, ApDType t, uint64_t n, bool nanInf, int range = 0) {
    if (range == 3) {
      for (uint64_t i = 0; i < n; ++i) store(p, t, i, t == AP_I32 ? static_cast<double>(1 + next() % 9) : scalar(false));
      return;
    }
    const bool moderate = range == 1;
    const bool unit = range == 2;
    std::vector<double> edges;
    if (is_int(t) && t != AP_I32) {
      // The type's whole range: both ends, zero, one and the values next to the sign bit.
      if (t == AP_I8) edges = {0, 1, -1, 127, -128, 126, -127};
      else if (t == AP_U8) edges = {0, 1, 255, 254, 127, 128};
      else if (t == AP_I16) edges = {0, 1, -1, 32767, -32768, 2049, -2049};
      else if (t == AP_U16) edges = {0, 1, 65535, 32767, 32768};
      else edges = {0, 1, 4294967295.0, 2147483647.0, 2147483648.0};
    } else if (unit && t != AP_I32) edges = {0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1e-3, -1e-3, 0.25, -0.75};
    else if (moderate && t != AP_I32) edges = {0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.5, -2.5, 1e-3, -1e-3, 3.0, 0.25, 4.0, -4.0};
    else if (t == AP_I32) edges = {0, 1, -1, 2, -2, 7, -7, 46340, -46340, 1000, -1000};
    else {
      edges = {0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.5, -2.5, 1e-3, -1e-3, 3.0, 0.25};
      if (t == AP_F16) { edges.push_back(65504.0); edges.push_back(-65504.0); edges.push_back(5.9604644775390625e-8); if (nanInf) edges.push_back(70000.0); }
      else { edges.push_back(1e-30); edges.push_back(3.0e38); edges.push_back(-3.0e38); edges.push_back(70000.0); }
      if (nanInf) { edges.push_back(NAN); edges.push_back(INFINITY); edges.push_back(-INFINITY); }
    }
    for (uint64_t i = 0; i < n; ++i) {
      double v = t == AP_I32 ? static_cast<double>(static_cast<int64_t>(next() % 2001) - 1000)
                 : is_int(t) ? static_cast<double>(static_cast<int64_t>(next() >> 16) % (int64_t(1) << (8 * dsize(t))))  // every bit pattern; store keeps the low bits
                 : unit ? -1.0 + 2.0 * uniform()
                 : -4.0 + 8.0 * uniform();
      store(p, t, i, v);
    }
    uint64_t k = std::min<uint64_t>(edges.size(), n);
    for (uint64_t i = 0; i < k; ++i) store(p, t, i, edges[i]);
    if (n > 2 * edges.size()) for (uint64_t i = 0; i < edges.size(); ++i) store(p, t, n - 1 - i, edges[i]);
  }

  /** Outputs start with the same value on both sides, so an element the port never writes differs from CUDA's. */
  static void fill_sentinel(uint8_t* p, ApDType t, uint64_t n) {
    for (uint64_t i = 0; i < n; ++i) store(p, t, i, t == AP_I32 || t == AP_U32 ? 0x5A5A5A5A : t == AP_I16 || t == AP_U16 ? 0x5A5A : t == AP_I8 || t == AP_U8 ? 0x5A : (t == AP_F16 ? 1234.0 : 12345.678));
  }

  std::string kernel_;
  uint64_t size_;
  uint64_t state_;
  int ascend_rc_ = 0;
  std::vector<Tensor> tensors_;
  std::vector<std::pair<void**, void**>> slots_;
};

}  // namespace ap_verify
