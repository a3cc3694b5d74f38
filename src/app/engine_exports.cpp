// engine_exports.cpp — the C ABI behind dist/convplay-engine.mjs.
//
// Index
//   [SECTION] State shared with JS: scratch input buffer, last result, last error
//   [SECTION] The ops (one export per op; shape_only=1 computes just the output shape)
//   [SECTION] Benchmark aids: the scalar reference path and a mul+add peak loop
//
// Plain C exports instead of embind: the wrapper stays a few KB. The protocol:
// JS asks for a scratch buffer big enough for all inputs (cp_scratch), copies
// them in, calls an op; on success the output sits in the "last result" buffer
// until JS copies it out and calls cp_result_free; on failure cp_last_error
// says why. Persistent input and output buffers mean no allocation per call
// and nothing to leak when JS throws halfway.
#include <emscripten/emscripten.h>
#include <wasm_simd128.h>

#include <cstdlib>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "engine/kernels.h"
#include "engine/ops.h"

#ifndef CONVPLAY_VERSION
#define CONVPLAY_VERSION "0.0.0"
#endif

namespace {

// [SECTION] State shared with JS: scratch input buffer, last result, last error
float* g_scratch = nullptr;  // malloc'd: a failed allocation returns null instead of aborting
size_t g_scratch_size = 0;
float* g_out = nullptr;      // the last result's values; reused, so a call allocates nothing
size_t g_out_size = 0;
cp::Shape g_out_shape;
std::string g_error;
bool g_reference = false;  // cp_use_reference: conv2d through Conv2dReference

// An output buffer this large is released once JS has copied the result out;
// smaller ones stay for the next call.
constexpr size_t kKeptOutputFloats = size_t(1) << 22;  // 16 MiB

int Keep(const cp::Result<cp::Shape>& r) {
    if (!r.ok()) {
        g_error = r.error();
        return 0;
    }
    g_out_shape = r.value();
    return 1;
}

// Runs an *Into op into g_out, grown to the shape the op will produce.
template <class Into>
int KeepInto(const cp::Result<cp::Shape>& shape, Into into) {
    if (!shape.ok()) return Keep(shape);
    const size_t want = size_t(shape.value().Count());
    if (want > g_out_size) {
        std::free(g_out);
        g_out = static_cast<float*>(std::malloc(want * sizeof(float)));
        g_out_size = g_out ? want : 0;
        if (!g_out) {
            g_error = "out of memory: the output needs " + std::to_string((want * sizeof(float)) >> 20) + " MiB";
            return 0;
        }
    }
    return Keep(into(std::span<float>(g_out, want)));
}

cp::Size2 S2(int h, int w) { return {h, w}; }
cp::Shape Sh(int n, int c, int h, int w) { return {n, c, h, w}; }
std::span<const float> Bias(const float* b, int len) { return len > 0 ? std::span(b, size_t(len)) : std::span<const float>(); }

cp::Result<cp::Shape> Conv2dViaReference(cp::TensorView x, cp::TensorView w, std::span<const float> bias,
                                         const cp::Conv2dOptions& o, std::span<float> out);

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* cp_version() { return CONVPLAY_VERSION; }
EMSCRIPTEN_KEEPALIVE const char* cp_last_error() { return g_error.c_str(); }

// A buffer of at least `floats` floats, valid until the next cp_scratch call,
// or null (with an error) if the memory cannot grow that far. It only grows:
// a steady stream of calls then allocates nothing here.
EMSCRIPTEN_KEEPALIVE float* cp_scratch(double floats) {
    // double, not int: JS may ask for more than 2^31 values; say so instead of wrapping.
    if (!(floats >= 0) || floats > 4.0 * double(cp::kMaxTensorElements)) {
        g_error = "the inputs are too large for the engine (" + std::to_string(int64_t(floats)) +
                  " values; at most " + std::to_string(cp::kMaxTensorElements) + " per tensor)";
        return nullptr;
    }
    size_t want = size_t(floats);
    if (want > g_scratch_size) {
        std::free(g_scratch);  // the old contents are not needed: never hold old + new at once
        g_scratch = static_cast<float*>(std::malloc(want * sizeof(float)));
        g_scratch_size = g_scratch ? want : 0;
        if (!g_scratch) {
            g_error = "out of memory: the inputs need " + std::to_string((want * sizeof(float)) >> 20) + " MiB";
            return nullptr;
        }
    }
    return g_scratch;
}

EMSCRIPTEN_KEEPALIVE const float* cp_result_data() { return g_out; }
EMSCRIPTEN_KEEPALIVE int cp_result_dim(int i) {
    const cp::Shape& s = g_out_shape;
    return i == 0 ? s.n : i == 1 ? s.c : i == 2 ? s.h : s.w;
}
EMSCRIPTEN_KEEPALIVE void cp_result_free() {
    if (g_out_size <= kKeptOutputFloats) return;
    std::free(g_out);
    g_out = nullptr;
    g_out_size = 0;
}

// [SECTION] The ops (one export per op; shape_only=1 computes just the output shape)
// Enum arguments use the order of ops.h: rule = Explicit, Same, Valid, SameTF;
// mode = Zeros, Reflect, Replicate, Circular. bias_len 0 = no bias.

EMSCRIPTEN_KEEPALIVE int cp_conv2d(int shape_only, const float* x, int n, int c, int h, int w, const float* wt,
                                   int o, int i, int kh, int kw, const float* bias, int bias_len, int sh, int sw,
                                   int rule, int pt, int pb, int pl, int pr, int dh, int dw, int groups, int mode) {
    cp::Conv2dOptions opt;
    opt.stride = S2(sh, sw);
    opt.rule = cp::PaddingRule(rule);
    opt.pad = {pt, pb, pl, pr};
    opt.dilation = S2(dh, dw);
    opt.groups = groups;
    opt.mode = cp::PaddingMode(mode);
    if (shape_only) return Keep(cp::Conv2dOutputShape(Sh(n, c, h, w), Sh(o, i, kh, kw), opt));
    cp::TensorView xv{Sh(n, c, h, w), x}, wv{Sh(o, i, kh, kw), wt};
    return KeepInto(cp::Conv2dOutputShape(xv.shape, wv.shape, opt), [&](std::span<float> out) {
        return g_reference ? Conv2dViaReference(xv, wv, Bias(bias, bias_len), opt, out)
                           : cp::Conv2dInto(xv, wv, Bias(bias, bias_len), opt, out);
    });
}

EMSCRIPTEN_KEEPALIVE int cp_conv_transpose2d(int shape_only, const float* x, int n, int c, int h, int w,
                                             const float* wt, int o, int i, int kh, int kw, const float* bias,
                                             int bias_len, int sh, int sw, int ph, int pw, int oph, int opw, int dh,
                                             int dw, int groups) {
    cp::ConvTranspose2dOptions opt;
    opt.stride = S2(sh, sw);
    opt.padding = S2(ph, pw);
    opt.output_padding = S2(oph, opw);
    opt.dilation = S2(dh, dw);
    opt.groups = groups;
    if (shape_only) return Keep(cp::ConvTranspose2dOutputShape(Sh(n, c, h, w), Sh(o, i, kh, kw), opt));
    const cp::TensorView xv{Sh(n, c, h, w), x}, wv{Sh(o, i, kh, kw), wt};
    return KeepInto(cp::ConvTranspose2dOutputShape(xv.shape, wv.shape, opt), [&](std::span<float> out) {
        return cp::ConvTranspose2dInto(xv, wv, Bias(bias, bias_len), opt, out);
    });
}

// stride 0 = the kernel size, as in ops.h.
EMSCRIPTEN_KEEPALIVE int cp_max_pool2d(int shape_only, const float* x, int n, int c, int h, int w, int kh, int kw,
                                       int sh, int sw, int ph, int pw, int dh, int dw, int ceil_mode) {
    cp::MaxPool2dOptions opt;
    opt.kernel = S2(kh, kw);
    opt.stride = S2(sh, sw);
    opt.padding = S2(ph, pw);
    opt.dilation = S2(dh, dw);
    opt.ceil_mode = ceil_mode != 0;
    if (shape_only) return Keep(cp::MaxPool2dOutputShape(Sh(n, c, h, w), opt));
    const cp::TensorView xv{Sh(n, c, h, w), x};
    return KeepInto(cp::MaxPool2dOutputShape(xv.shape, opt),
                    [&](std::span<float> out) { return cp::MaxPool2dInto(xv, opt, out); });
}

// divisor 0 = no override, as in ops.h (JS rejects an explicit 0 the way PyTorch does).
EMSCRIPTEN_KEEPALIVE int cp_avg_pool2d(int shape_only, const float* x, int n, int c, int h, int w, int kh, int kw,
                                       int sh, int sw, int ph, int pw, int ceil_mode, int count_include_pad,
                                       int divisor) {
    cp::AvgPool2dOptions opt;
    opt.kernel = S2(kh, kw);
    opt.stride = S2(sh, sw);
    opt.padding = S2(ph, pw);
    opt.ceil_mode = ceil_mode != 0;
    opt.count_include_pad = count_include_pad != 0;
    opt.divisor_override = divisor;
    if (shape_only) return Keep(cp::AvgPool2dOutputShape(Sh(n, c, h, w), opt));
    const cp::TensorView xv{Sh(n, c, h, w), x};
    return KeepInto(cp::AvgPool2dOutputShape(xv.shape, opt),
                    [&](std::span<float> out) { return cp::AvgPool2dInto(xv, opt, out); });
}

// [SECTION] Benchmark aids: the scalar reference path and a mul+add peak loop

// 1: cp_conv2d runs the scalar Conv2dReference kernel (scripts/bench compares
// against it; tests hold the two paths to each other). 0: the normal ops.
EMSCRIPTEN_KEEPALIVE void cp_use_reference(int on) { g_reference = on != 0; }

// The machine's wasm-SIMD mul+add throughput: 12 independent chains (enough to
// hide the mul and add latencies on x64), each step one f32x4 mul and one add,
// i.e. 12 * 4 * 2 = 96 flops per iteration. Baseline wasm SIMD has no FMA.
// The result is returned so the loop cannot be optimised away. mul and add
// come from the caller (e.g. 0.999999 and 1e-7): as constants known to clang
// they become v128.const operands, which V8 rematerialises inside the loop.
EMSCRIPTEN_KEEPALIVE float cp_peak_mul_add(int iterations, float mul, float add) {
    const v128_t m = wasm_f32x4_splat(mul), a = wasm_f32x4_splat(add);
    v128_t v[12];
    for (int k = 0; k < 12; ++k) v[k] = wasm_f32x4_splat(float(k));
    for (int it = 0; it < iterations; ++it) {
#define CP_STEP(k) v[k] = wasm_f32x4_add(wasm_f32x4_mul(v[k], m), a);
        CP_STEP(0) CP_STEP(1) CP_STEP(2) CP_STEP(3) CP_STEP(4) CP_STEP(5)
        CP_STEP(6) CP_STEP(7) CP_STEP(8) CP_STEP(9) CP_STEP(10) CP_STEP(11)
#undef CP_STEP
    }
    v128_t s = v[0];
    for (int k = 1; k < 12; ++k) s = wasm_f32x4_add(s, v[k]);
    return wasm_f32x4_extract_lane(s, 0) + wasm_f32x4_extract_lane(s, 3);
}

}  // extern "C"

namespace {

// Conv2d on the scalar reference kernel, for explicit zero padding (what the
// benchmark uses). The engine's own validation runs first, so an invalid
// configuration fails with the engine's message.
cp::Result<cp::Shape> Conv2dViaReference(cp::TensorView x, cp::TensorView w, std::span<const float> bias,
                                         const cp::Conv2dOptions& o, std::span<float> y) {
    cp::Result<cp::Shape> out = cp::Conv2dOutputShape(x.shape, w.shape, o);
    if (!out.ok()) return out;
    if (o.rule != cp::PaddingRule::Explicit || o.mode != cp::PaddingMode::Zeros)
        return cp::Result<cp::Shape>::Fail("the reference path takes explicit zero padding only");
    if (!bias.empty() && int(bias.size()) != w.shape.n) return cp::Result<cp::Shape>::Fail("bias length differs from Cout");
    cp::ConvGeometry g;
    g.n = x.shape.n, g.cin = x.shape.c, g.ih = x.shape.h, g.iw = x.shape.w;
    g.cout = w.shape.n, g.kh = w.shape.h, g.kw = w.shape.w;
    g.sh = o.stride.h, g.sw = o.stride.w, g.dh = o.dilation.h, g.dw = o.dilation.w;
    g.pad_top = o.pad.top, g.pad_left = o.pad.left;
    g.oh = out.value().h, g.ow = out.value().w;
    g.groups = o.groups;
    std::vector<float> zeros;
    if (bias.empty()) zeros.assign(size_t(g.cout), 0.0f);  // the kernel contract does not promise a null bias
    cp::Conv2dReference(g, x.data, w.data, bias.empty() ? zeros.data() : bias.data(), y.data());
    return out;
}

}  // namespace
