// Small Ascend C programs against the CPU model (verify/include/ascendc_model-<cann>.h), one per
// case, chosen by argv[1]. Each prints `name=value` lines with exact results (floats as their
// value and their bits) and then the model's violations as `V|api|message|count`.
// test/unit/verify-model.test.ts compiles this file once per configuration and asserts on the output.
#include "kernel_operator.h"

#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <string>

using namespace AscendC;

namespace {

void out(const char* name, double v) { std::printf("%s=%.17g\n", name, v); }
void outh(const char* name, half v) { std::printf("%s=%.17g bits=%04x\n", name, (double)(float)v, v.bits); }
void outi(const char* name, long long v) { std::printf("%s=%lld\n", name, v); }

template <typename T> GlobalTensor<T> gm(T* p, uint64_t n) {
  GlobalTensor<T> g;
  g.SetGlobalBuffer(p, n);
  return g;
}

template <typename T> T* alloc(uint64_t n) { return static_cast<T*>(ap_model::gm_alloc(n * sizeof(T))); }

// One core with a TPipe; f gets the pipe.
void core(const std::function<void(TPipe&)>& f) {
  ap_model::begin_core(0, 1);
  {
    TPipe pipe;
    f(pipe);
  }
  ap_model::end_core();
}

void turnAtomicOff() {
#if AP_MODEL_CANN == 9
  DisableDmaAtomic();
#else
  SetAtomicNone();
#endif
}

const std::map<std::string, std::function<void()>> CASES = {
    // ---- Results ----
    {"add",
     [] {
       core([](TPipe& pipe) {
         TBuf<TPosition::VECCALC> b;
         pipe.InitBuffer(b, 6 * 256);
         LocalTensor<half> x = b.Get<half>(), y = b.Get<half>()[128], z = b.Get<half>()[256];
         LocalTensor<float> fx = b.Get<float>()[192], fy = b.Get<float>()[256], fz = b.Get<float>()[320];
         x.SetValue(0, half(2048.0f)), y.SetValue(0, half(1.0f));  // 2049 is a tie between 2048 and 2050: even is 2048
         x.SetValue(1, half(2050.0f)), y.SetValue(1, half(1.0f));  // 2051: tie between 2050 and 2052: even is 2052
         x.SetValue(2, half(0.1f)), y.SetValue(2, half(0.2f));     // 0.0999755859375 + 0.199951171875: a tie, even is 0x34CC
         Add(z, x, y, 3);
         outh("h0", z.GetValue(0)), outh("h1", z.GetValue(1)), outh("h2", z.GetValue(2));
         fx.SetValue(0, 1.5f), fy.SetValue(0, 2.25f);
         Add(fz, fx, fy, 1);
         out("f0", fz.GetValue(0));
       });
     }},
    {"half_math",
     [] {
       core([](TPipe& pipe) {
         TBuf<TPosition::VECCALC> b;
         pipe.InitBuffer(b, 3 * 256);
         LocalTensor<half> x = b.Get<half>(), y = b.Get<half>()[128], z = b.Get<half>()[256];
         x.SetValue(0, half(1.0f)), x.SetValue(1, half(3.0f));
         Exp(z, x, 1);
         outh("exp1", z.GetValue(0));  // e = 2.71828..., nearest half 2.71875
         Duplicate(y, half(1.0f), 2);
         Div(z, y, x, 2);
         outh("third", z.GetValue(1));  // 1/3 rounded once: 0.333251953125
         Muls(z, x, half(0.1f), 2);
         outh("mul", z.GetValue(1));  // 3 x 0.0999755859375 = 0.2999267578125, a tie: 0.2998046875
         Duplicate(z, half(-2.0f), 2);
         Abs(z, z, 2);
         outh("abs", z.GetValue(0));
         Axpy(z, x, half(2.0f), 2);  // 2 + 3 x 2
         outh("axpy", z.GetValue(1));
       });
     }},
    {"cast",
     [] {
       core([](TPipe& pipe) {
         TBuf<TPosition::VECCALC> b;
         pipe.InitBuffer(b, 4 * 256);
         LocalTensor<float> f = b.Get<float>();
         LocalTensor<half> h = b.Get<half>()[128];
         LocalTensor<int32_t> i = b.Get<int32_t>()[128];
         LocalTensor<float> g = b.Get<float>()[192];
         const char* names[] = {"NONE", "RINT", "FLOOR", "CEIL", "ROUND", "TRUNC", "ODD"};
         const RoundMode modes[] = {RoundMode::CAST_NONE, RoundMode::CAST_RINT, RoundMode::CAST_FLOOR, RoundMode::CAST_CEIL, RoundMode::CAST_ROUND, RoundMode::CAST_TRUNC, RoundMode::CAST_ODD};
         // 1 + 2^-11: halfway between the halves 1 and 1 + 2^-10; its negative; 1 + 3 x 2^-12; 70000 (over 65504).
         f.SetValue(0, 1.00048828125f), f.SetValue(1, -1.00048828125f), f.SetValue(2, 1.000732421875f), f.SetValue(3, 70000.0f);
         for (int m = 0; m < 7; m++) {
           Cast(h, f, modes[m], 4);
           for (int k = 0; k < 4; k++) {
             char name[32];
             std::snprintf(name, sizeof name, "h%d_%s", k, names[m]);
             outh(name, h.GetValue(k));
           }
         }
         f.SetValue(0, 2.5f), f.SetValue(1, -2.5f), f.SetValue(2, 3e9f);
         for (int m = 0; m < 6; m++) {
           Cast(i, f, modes[m], 3);
           for (int k = 0; k < 3; k++) {
             char name[32];
             std::snprintf(name, sizeof name, "i%d_%s", k, names[m]);
             outi(name, i.GetValue(k));
           }
         }
         i.SetValue(0, 16777217);  // between the floats 2^24 (even) and 2^24 + 2 (odd)
         for (int m = 0; m < 7; m++) {
           Cast(g, i, modes[m], 1);
           char name[32];
           std::snprintf(name, sizeof name, "f_%s", names[m]);
           out(name, g.GetValue(0));
         }
       });
     }},
    {"compare_select",
     [] {
       core([](TPipe& pipe) {
         TBuf<TPosition::VECCALC> b, m;
         pipe.InitBuffer(b, 4 * 256);
         pipe.InitBuffer(m, 32);
         LocalTensor<float> x = b.Get<float>(), y = b.Get<float>()[64], z = b.Get<float>()[128], w = b.Get<float>()[192];
         LocalTensor<uint8_t> mask = m.Get<uint8_t>();
         for (int k = 0; k < 64; k++) x.SetValue(k, (float)k), y.SetValue(k, 100.0f + k);
         Duplicate(w, 9.5f, 64);
         Compare(mask, x, w, CMPMODE::LT, 64);  // k < 9.5: bits 0..9
         for (int k = 0; k < 8; k++) {
           char name[16];
           std::snprintf(name, sizeof name, "mask%d", k);
           outi(name, mask.GetValue(k));
         }
         Select(z, mask, x, y, SELMODE::VSEL_TENSOR_TENSOR_MODE, 64);
         out("sel9", z.GetValue(9)), out("sel10", z.GetValue(10));
         Select(z, mask, x, -1.0f, SELMODE::VSEL_TENSOR_SCALAR_MODE, 64);
         out("sels9", z.GetValue(9)), out("sels10", z.GetValue(10));
       });
     }},
    {"reduce_sum",
     [] {
       core([](TPipe& pipe) {
         TBuf<TPosition::VECCALC> b, t;
         pipe.InitBuffer(b, 512);
         pipe.InitBuffer(t, 512);
         LocalTensor<float> x = b.Get<float>();
         for (int k = 0; k < 100; k++) x.SetValue(k, (float)(k + 1));
         LocalTensor<float> dst = t.Get<float>(), tmp = t.Get<float>()[8];
         ReduceSum(dst, x, tmp, 100);
         out("sum", dst.GetValue(0));
       });
     }},
#if AP_MODEL_CANN == 8
    {"whole_reduce_sum",
     [] {
       core([](TPipe& pipe) {
         TBuf<TPosition::VECCALC> b, t;
         pipe.InitBuffer(b, 3 * 256);
         pipe.InitBuffer(t, 64);
         LocalTensor<float> x = b.Get<float>(), dst = t.Get<float>();
         for (int k = 0; k < 192; k++) x.SetValue(k, (float)(k + 1));
         Duplicate(dst, -1.0f, 16);
         // Three repeats of 64 floats, all elements: 1+..+64, 65+..+128, 129+..+192; dst every 2nd element.
         WholeReduceSum(dst, x, 64, 3, 2, 1, 8);
         out("r0", dst.GetValue(0)), out("gap", dst.GetValue(1)), out("r1", dst.GetValue(2)), out("r2", dst.GetValue(4));
         // The first 10 elements of each of two repeats 128 floats apart (srcRepStride 16 blocks).
         WholeReduceSum(dst, x, 10, 2, 1, 1, 16);
         out("m0", dst.GetValue(0)), out("m1", dst.GetValue(1));
       });
     }},
    {"block_reduce_sum",
     [] {
       core([](TPipe& pipe) {
         TBuf<TPosition::VECCALC> b, t, hb, ht;
         pipe.InitBuffer(b, 2 * 256);
         pipe.InitBuffer(t, 64 * 4);
         pipe.InitBuffer(hb, 256);
         pipe.InitBuffer(ht, 32);
         LocalTensor<float> x = b.Get<float>(), dst = t.Get<float>();
         for (int k = 0; k < 128; k++) x.SetValue(k, (float)(k + 1));
         BlockReduceSum(dst, x, 2, 64, 1, 1, 8);  // 2 repeats x 8 blocks of 8 floats
         out("b0", dst.GetValue(0)), out("b9", dst.GetValue(9));
         BlockReduceSum(dst, x, 1, 12, 1, 1, 8);  // the first 12 floats only
         out("p0", dst.GetValue(0)), out("p1", dst.GetValue(1)), out("p2", dst.GetValue(2));
         // One block of 16 halves added as a binary tree, saturating: 60000 + 60000 -> 65504, -30000 + 112, 65504 - 29888.
         LocalTensor<half> h = hb.Get<half>(), hd = ht.Get<half>();
         Duplicate(h, half(0.0f), 128);
         h.SetValue(0, half(60000.0f)), h.SetValue(1, half(60000.0f)), h.SetValue(2, half(-30000.0f)), h.SetValue(3, half(112.0f));
         BlockReduceSum(hd, h, 1, 128, 1, 1, 8);
         outh("h0", hd.GetValue(0));
       });
     }},
    {"whole_reduce_sum_over_read",
     [] {
       core([](TPipe& pipe) {
         TBuf<TPosition::VECCALC> b, t;
         pipe.InitBuffer(b, 256);
         pipe.InitBuffer(t, 32);
         WholeReduceSum(t.Get<float>(), b.Get<float>(), 64, 2, 1, 1, 8);  // the second repeat is past the 64-float buffer
       });
     }},
#endif
    {"datacopypad_tail",
     [] {
       float* src = alloc<float>(13);
       float* dst = alloc<float>(13);
       for (int k = 0; k < 13; k++) src[k] = 1.0f + k;
       core([&](TPipe& pipe) {
         TQue<TPosition::VECIN, 1> q;
         pipe.InitBuffer(q, 1, 64);
         GlobalTensor<float> s = gm(src, 13), d = gm(dst, 13);
         LocalTensor<float> l = q.AllocTensor<float>();
         DataCopyExtParams p{1, 13 * sizeof(float), 0, 0, 0};
         DataCopyPadExtParams<float> pad{true, 0, 3, 7.0f};  // 13 floats + 3 padding = one 64-byte row
         DataCopyPad(l, s, p, pad);
         out("ub12", l.GetValue(12)), out("ub13", l.GetValue(13)), out("ub15", l.GetValue(15));
         q.EnQue(l);
         LocalTensor<float> r = q.DeQue<float>();
         DataCopyPad(d, r, p);
         q.FreeTensor(r);
       });
       double sum = 0;
       for (int k = 0; k < 13; k++) sum += dst[k];
       out("gm_sum", sum);  // 1 + ... + 13 = 91
       ap_model::gm_free(src), ap_model::gm_free(dst);
     }},
    {"datacopy_strided",
     [] {
       float* src = alloc<float>(64);
       float* dst = alloc<float>(64);
       for (int k = 0; k < 64; k++) src[k] = (float)k;
       core([&](TPipe& pipe) {
         TBuf<TPosition::VECCALC> b;
         pipe.InitBuffer(b, 64);
         LocalTensor<float> l = b.Get<float>();
         // 2 blocks of one 32-byte unit (8 floats), one unit of gap in GM, none in UB.
         DataCopy(l, gm(src, 64), DataCopyParams{2, 1, 1, 0});
         out("ub0", l.GetValue(0)), out("ub7", l.GetValue(7)), out("ub8", l.GetValue(8)), out("ub15", l.GetValue(15));
         // Back out with the gap in GM: floats 0..7 and 16..23 of dst.
         DataCopy(gm(dst, 64), l, DataCopyParams{2, 1, 0, 1});
       });
       out("gm7", dst[7]), out("gm8", dst[8]), out("gm16", dst[16]), out("gm23", dst[23]);
       ap_model::gm_free(src), ap_model::gm_free(dst);
     }},
    {"atomic_add",
     [] {
       float* acc = alloc<float>(8);
       for (int c = 0; c < 3; c++) {
         ap_model::begin_core(c, 3);
         {
           TPipe pipe;
           TBuf<TPosition::VECCALC> b;
           pipe.InitBuffer(b, 32);
           LocalTensor<float> l = b.Get<float>();
           Duplicate(l, 1.5f, 8);
           GlobalTensor<float> g = gm(acc, 8);
           SetAtomicAdd<float>();
           DataCopy(g, l, 8);
           turnAtomicOff();
           DataCopy(g, l, 0);
         }
         ap_model::end_core();
       }
       out("acc0", acc[0]), out("acc7", acc[7]);  // 3 x 1.5
       ap_model::gm_free(acc);
     }},
    {"block_idx",
     [] {
       ap_model::begin_core(5, 8);
       outi("idx", GetBlockIdx()), outi("num", GetBlockNum());
       ap_model::end_core();
     }},
    {"clean_pipeline",
     [] {
       // The canonical double-buffered pipeline, 4 tiles of 64 floats: no violation.
       float* x = alloc<float>(256);
       float* y = alloc<float>(256);
       for (int k = 0; k < 256; k++) x[k] = (float)k;
       core([&](TPipe& pipe) {
         TQue<TPosition::VECIN, 1> qi;
         TQue<TPosition::VECOUT, 1> qo;
         pipe.InitBuffer(qi, 2, 256);
         pipe.InitBuffer(qo, 2, 256);
         GlobalTensor<float> gx = gm(x, 256), gy = gm(y, 256);
         for (int t = 0; t < 4; t++) {
           LocalTensor<float> a = qi.AllocTensor<float>();
           DataCopy(a, gx[t * 64], 64);
           qi.EnQue(a);
           LocalTensor<float> b = qi.DeQue<float>();
           LocalTensor<float> c = qo.AllocTensor<float>();
           Muls(c, b, 2.0f, 64);
           qo.EnQue(c);
           qi.FreeTensor(b);
           LocalTensor<float> d = qo.DeQue<float>();
           DataCopy(gy[t * 64], d, 64);
           qo.FreeTensor(d);
         }
       });
       out("y255", y[255]);
       ap_model::gm_free(x), ap_model::gm_free(y);
     }},

    // ---- Checks ----
    {"datacopy_7_floats",
     [] {
       float* x = alloc<float>(64);
       for (int k = 0; k < 64; k++) x[k] = 3.0f;
       core([&](TPipe& pipe) {
         TQue<TPosition::VECIN, 1> q;
         pipe.InitBuffer(q, 1, 256);
         LocalTensor<float> l = q.AllocTensor<float>();
         DataCopy(l, gm(x, 64), 7);  // 28 bytes: rounded down to 0
         out("ub0", l.GetValue(0));
         q.FreeTensor(l);
       });
       ap_model::gm_free(x);
     }},
    {"ub_over_budget",
     [] {
       core([](TPipe& pipe) {
         TQue<TPosition::VECIN, 1> q;
         TBuf<TPosition::VECCALC> b;
         pipe.InitBuffer(q, 2, 90001);  // 2 x 90016 bytes after rounding up to 32
         pipe.InitBuffer(b, 9000);      // 9024: 189056 bytes in all, over 188160
       });
     }},
    {"ub_within_budget",
     [] {
       core([](TPipe& pipe) {
         TQue<TPosition::VECIN, 1> q;
         pipe.InitBuffer(q, 2, (AP_UB_BYTES) / 2);
       });
     }},
    {"compare_100_floats",
     [] {
       core([](TPipe& pipe) {
         TBuf<TPosition::VECCALC> b, m;
         pipe.InitBuffer(b, 2 * 512);
         pipe.InitBuffer(m, 32);
         LocalTensor<float> x = b.Get<float>(), y = b.Get<float>()[128];
         LocalTensor<uint8_t> mask = m.Get<uint8_t>();
         Duplicate(m.Get<uint16_t>(), static_cast<uint16_t>(0), 16);  // cleared through uint16: Duplicate takes no 8-bit type
         Duplicate(x, 1.0f, 128);
         Duplicate(y, 2.0f, 128);
         Compare(mask, x, y, CMPMODE::LT, 100);  // 400 bytes: one whole repeat (64 floats) compared
         outi("mask7", mask.GetValue(7)), outi("mask8", mask.GetValue(8));
       });
     }},
    {"compare_over_read",
     [] {
       core([](TPipe& pipe) {
         TBuf<TPosition::VECCALC> a, c, m;
         pipe.InitBuffer(a, 128);  // 32 floats: a whole repeat reads 64
         pipe.InitBuffer(c, 256);
         pipe.InitBuffer(m, 32);
         LocalTensor<uint8_t> mask = m.Get<uint8_t>();
         Compare(mask, a.Get<float>(), c.Get<float>(), CMPMODE::GT, 64);
       });
     }},
    {"gm_read_past_end",
     [] {
       float* x = alloc<float>(8);
       for (int k = 0; k < 8; k++) x[k] = 5.0f;
       core([&](TPipe& pipe) {
         TBuf<TPosition::VECCALC> b;
         pipe.InitBuffer(b, 64);
         LocalTensor<float> l = b.Get<float>();
         DataCopy(l, gm(x, 8), 16);
         out("ub7", l.GetValue(7)), out("ub8", l.GetValue(8));
         GlobalTensor<float> g = gm(x, 8);
         out("scalar", g.GetValue(9));
       });
       ap_model::gm_free(x);
     }},
    {"gm_write_past_end",
     [] {
       float* x = alloc<float>(8);
       float* next = alloc<float>(8);
       for (int k = 0; k < 8; k++) next[k] = 42.0f;
       unsigned char after[64];
       std::memcpy(after, reinterpret_cast<unsigned char*>(x + 8), sizeof after);  // guard bytes past x
       core([&](TPipe& pipe) {
         TBuf<TPosition::VECCALC> b;
         pipe.InitBuffer(b, 64);
         LocalTensor<float> l = b.Get<float>();
         Duplicate(l, -1.0f, 16);
         GlobalTensor<float> g = gm(x, 8);
         DataCopy(g, l, 16);
         g.SetValue(12, 9.0f);
       });
       out("x7", x[7]);
       outi("after_untouched", std::memcmp(after, reinterpret_cast<unsigned char*>(x + 8), sizeof after) == 0);
       out("next0", next[0]);
       ap_model::gm_free(x), ap_model::gm_free(next);
     }},
    {"setglobalbuffer_too_big",
     [] {
       float* x = alloc<float>(8);
       GlobalTensor<float> g;
       g.SetGlobalBuffer(x, 9);
       ap_model::gm_free(x);
     }},
    {"deque_empty",
     [] {
       core([](TPipe& pipe) {
         TQue<TPosition::VECIN, 1> q;
         pipe.InitBuffer(q, 2, 256);
         LocalTensor<float> l = q.DeQue<float>();
         q.FreeTensor(l);
       });
     }},
    {"never_freed",
     [] {
       core([](TPipe& pipe) {
         TQue<TPosition::VECOUT, 1> q;
         pipe.InitBuffer(q, 2, 256);
         LocalTensor<float> l = q.AllocTensor<float>();
         Duplicate(l, 0.0f, 64);
       });
     }},
    {"never_dequeued",
     [] {
       core([](TPipe& pipe) {
         TQue<TPosition::VECIN, 1> q;
         pipe.InitBuffer(q, 2, 256);
         q.EnQue(q.AllocTensor<float>());
       });
     }},
    {"alloc_exhausted",
     [] {
       core([](TPipe& pipe) {
         TQue<TPosition::VECIN, 1> q;
         pipe.InitBuffer(q, 1, 256);
         LocalTensor<float> a = q.AllocTensor<float>();
         LocalTensor<float> b = q.AllocTensor<float>();
         q.FreeTensor(a);
         q.FreeTensor(b);
       });
     }},
    {"enque_foreign",
     [] {
       core([](TPipe& pipe) {
         TQue<TPosition::VECIN, 1> q1, q2;
         pipe.InitBuffer(q1, 1, 256);
         pipe.InitBuffer(q2, 1, 256);
         LocalTensor<float> a = q1.AllocTensor<float>();
         q2.EnQue(a);
         q1.FreeTensor(a);
       });
     }},
    {"cast_int32_half",
     [] {
       core([](TPipe& pipe) {
         TBuf<TPosition::VECCALC> b;
         pipe.InitBuffer(b, 512);
         LocalTensor<int32_t> i = b.Get<int32_t>();
         LocalTensor<half> h = b.Get<half>()[128];
         Duplicate(i, 3, 64);
         Cast(h, i, RoundMode::CAST_NONE, 64);
         outh("h0", h.GetValue(0));
       });
     }},
    {"bf16_cast",
     [] {
       core([](TPipe& pipe) {
         TBuf<TPosition::VECCALC> b;
         pipe.InitBuffer(b, 1024);
         LocalTensor<float> f = b.Get<float>();
         LocalTensor<bfloat16_t> h = b.Get<bfloat16_t>()[256];
         LocalTensor<float> g = b.Get<float>()[192];
         Duplicate(f, 1.00390625f, 64);  // 1 + 2^-8: a tie between two bf16 values, to even (1.0)
         Cast(h, f, RoundMode::CAST_RINT, 64);
         Cast(g, h, RoundMode::CAST_NONE, 64);
         out("g0", g.GetValue(0));
       });
     }},
    {"bf16_add",
     [] {
       core([](TPipe& pipe) {
         TBuf<TPosition::VECCALC> b;
         pipe.InitBuffer(b, 512);
         LocalTensor<bfloat16_t> h = b.Get<bfloat16_t>();
         Add(h, h, h, 128);
       });
     }},
    {"datacopypad",
     [] {
       float* x = alloc<float>(5);
       core([&](TPipe& pipe) {
         TBuf<TPosition::VECCALC> b;
         pipe.InitBuffer(b, 32);
         LocalTensor<float> l = b.Get<float>();
         DataCopyPadExtParams<float> pad{false, 0, 0, 0.0f};
         DataCopyPad(l, gm(x, 5), DataCopyExtParams{1, 5 * sizeof(float), 0, 0, 0}, pad);
       });
       ap_model::gm_free(x);
     }},
    {"misaligned_operand",
     [] {
       core([](TPipe& pipe) {
         TBuf<TPosition::VECCALC> b;
         pipe.InitBuffer(b, 512);
         LocalTensor<float> x = b.Get<float>();
         Adds(x[3], x[64], 1.0f, 8);
       });
     }},
    {"datacopypad_blocklen",
     [] {
       float* x = alloc<float>(8);
       core([&](TPipe& pipe) {
         TBuf<TPosition::VECCALC> b;
         pipe.InitBuffer(b, 32);
         DataCopyPad(gm(x, 8), b.Get<float>(), DataCopyExtParams{1, 2097152, 0, 0, 0});
       });
       ap_model::gm_free(x);
     }},
    {"use_after_free",
     [] {
       core([](TPipe& pipe) {
         TQue<TPosition::VECOUT, 1> q;
         pipe.InitBuffer(q, 1, 256);
         LocalTensor<float> l = q.AllocTensor<float>();
         q.FreeTensor(l);
         Duplicate(l, 1.0f, 64);
       });
     }},
    {"atomic_left_on",
     [] {
       core([](TPipe&) { SetAtomicAdd<half>(); });
     }},
    {"guard_overwritten",
     [] {
       float* x = alloc<float>(8);
       x[8] = 1.0f;  // a raw write past the allocation, outside the model's APIs
       ap_model::gm_free(x);
     }},
    {"syncall", [] { SyncAll(); }},
    {"dedupe",
     [] {
       float* x = alloc<float>(64);
       core([&](TPipe& pipe) {
         TBuf<TPosition::VECCALC> b;
         pipe.InitBuffer(b, 256);
         for (int k = 0; k < 1000; k++) DataCopy(b.Get<float>(), gm(x, 64), 7);
       });
       ap_model::gm_free(x);
     }},
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 || !CASES.count(argv[1])) {
    std::fprintf(stderr, "usage: model-cases <case>; cases:");
    for (auto& c : CASES) std::fprintf(stderr, " %s", c.first.c_str());
    std::fprintf(stderr, "\n");
    return 2;
  }
  CASES.at(argv[1])();
  for (const ap_model::Violation& v : ap_model::violations()) std::printf("V|%s|%s|%llu\n", v.api.c_str(), v.message.c_str(), (unsigned long long)v.count);
  return 0;
}
