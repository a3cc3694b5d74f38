// engine_exports.cpp — the C ABI behind dist/convplay-engine.mjs.
//
// Index
//   [SECTION] The engine instance: workspace, scratch input, last result, last error
//   [SECTION] Loading: the instance, the argument layout and the enum names for JS
//   [SECTION] Calls: validate from shapes, then (after JS copies inputs) run
//   [SECTION] Benchmark aids: the scalar reference path and a mul+add peak loop
//
// Plain C exports instead of embind: the wrapper stays a few KB. The protocol:
// createEngine makes one Engine (cp_engine_create) and keeps its pointer. Per
// call JS writes the arguments into the Engine's EngineArgs (engine_abi.h: by
// field name, offsets from cp_abi_layout) and calls cp_run(e, 1): the shapes
// alone are validated and the output shape computed, so a refused call never
// copies (or grows memory for) its inputs. Then JS asks for a scratch buffer
// (cp_scratch), copies x, w and bias in, in that order, and calls cp_run(e, 0);
// the output sits in the Engine's result buffer until JS copies it out and
// calls cp_result_free; on failure cp_last_error says why. Persistent input and
// output buffers mean no allocation per call and nothing to leak when JS
// throws halfway.
#include <emscripten/emscripten.h>
#include <wasm_simd128.h>

#include <cstdlib>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "module/engine_abi.h"
#include "engine/kernels.h"
#include "engine/ops.h"
#include "engine/workspace.h"

#ifndef CONVPLAY_VERSION
#define CONVPLAY_VERSION "0.0.0"
#endif

namespace {

// [SECTION] The engine instance: workspace, scratch input, last result, last error

// An output buffer this large is released once JS has copied the result out;
// smaller ones stay for the next call.
constexpr size_t kKeptOutputFloats = size_t(1) << 22;  // 16 MiB

// Everything one createEngine() owns. malloc'd buffers: a failed allocation
// returns null (and a message) instead of aborting.
struct Engine {
    cp::abi::EngineArgs args;  // JS writes the next call's arguments here
    cp::Workspace ws;          // the kernels' scratch
    float* scratch = nullptr;  // the inputs, x then w then bias
    size_t scratch_size = 0;
    float* out = nullptr;  // the last result's values; reused, so a call allocates nothing
    size_t out_size = 0;
    cp::Shape out_shape;
    std::string error;
    std::string text;        // the last text handed to JS (layout, names)
    bool reference = false;  // cp_use_reference: conv2d through Conv2dReference
    // The last arguments that passed validation, decoded, with their output
    // shape: the run pass after a shape pass (and a UI asking for the same
    // shape every frame) skips decoding and planning again.
    std::optional<cp::abi::EngineArgs> checked_args;
    cp::abi::EngineCall checked_call;
    cp::Shape checked_shape;

    ~Engine() {
        std::free(scratch);
        std::free(out);
    }
    int Fail(std::string message) {
        error = std::move(message);
        return 0;
    }
    int Keep(const cp::Result<cp::Shape>& r) {
        if (!r.ok()) return Fail(r.error());
        out_shape = r.value();
        return 1;
    }
};

cp::Result<cp::Shape> Conv2dViaReference(cp::TensorView x, cp::TensorView w, std::span<const float> bias,
                                         const cp::Conv2dOptions& o, std::span<float> out);

// Runs a validated call on the inputs in scratch into e.out, grown to `shape`.
int Run(Engine& e, const cp::abi::EngineCall& c, cp::Shape shape) {
    if (int64_t(e.scratch_size) < c.InputFloats())
        return e.Fail("the inputs were not copied in: the scratch buffer holds " + std::to_string(e.scratch_size) +
                      " values, the call reads " + std::to_string(c.InputFloats()));
    const size_t want = size_t(shape.Count());
    if (want > e.out_size) {
        std::free(e.out);
        e.out = static_cast<float*>(std::malloc(want * sizeof(float)));
        e.out_size = e.out ? want : 0;
        if (!e.out) return e.Fail("out of memory: the output needs " + std::to_string((want * sizeof(float)) >> 20) + " MiB");
    }
    const std::span<float> out(e.out, want);
    const cp::TensorView x{c.x, e.scratch};
    const cp::TensorView w{c.w, e.scratch + c.x.Count()};
    const std::span<const float> bias(e.scratch + c.x.Count() + c.w.Count(), size_t(c.bias_len));
    switch (c.op) {
        case cp::OpKind::Conv2d:
            return e.Keep(e.reference ? Conv2dViaReference(x, w, bias, c.conv, out)
                                      : cp::Conv2dInto(x, w, bias, c.conv, out, e.ws));
        case cp::OpKind::ConvTranspose2d: return e.Keep(cp::ConvTranspose2dInto(x, w, bias, c.tconv, out, e.ws));
        case cp::OpKind::MaxPool2d: return e.Keep(cp::MaxPool2dInto(x, c.maxpool, out, e.ws));
        case cp::OpKind::AvgPool2d: return e.Keep(cp::AvgPool2dInto(x, c.avgpool, out, e.ws));
    }
    return e.Fail("unknown op");
}

}  // namespace

extern "C" {

// [SECTION] Loading: the instance, the argument layout and the enum names for JS

EMSCRIPTEN_KEEPALIVE const char* cp_version() { return CONVPLAY_VERSION; }

// One per createEngine(); null if memory is exhausted.
EMSCRIPTEN_KEEPALIVE Engine* cp_engine_create() { return new (std::nothrow) Engine(); }
EMSCRIPTEN_KEEPALIVE void cp_engine_destroy(Engine* e) { delete e; }

// engine_abi.h's LayoutText: "name=offset,...;size=bytes".
EMSCRIPTEN_KEEPALIVE const char* cp_abi_layout(Engine* e) {
    e->text = cp::abi::LayoutText();
    return e->text.c_str();
}
// names.h's tables: "OpKind:conv=0,...;PaddingRule:...;PaddingMode:...".
EMSCRIPTEN_KEEPALIVE const char* cp_enum_names(Engine* e) {
    e->text = cp::abi::EnumNamesText();
    return e->text.c_str();
}
// Where JS writes the next call's EngineArgs.
EMSCRIPTEN_KEEPALIVE cp::abi::EngineArgs* cp_args(Engine* e) { return &e->args; }

EMSCRIPTEN_KEEPALIVE const char* cp_last_error(Engine* e) { return e->error.c_str(); }

// [SECTION] Calls: validate from shapes, then (after JS copies inputs) run

// A buffer of at least `floats` floats, valid until the next cp_scratch call,
// or null (with an error) if the memory cannot grow that far. It only grows:
// a steady stream of calls then allocates nothing here.
EMSCRIPTEN_KEEPALIVE float* cp_scratch(Engine* e, double floats) {
    // double, not int: JS may ask for more than 2^31 values, or pass NaN; say so instead of wrapping.
    if (std::string problem = cp::abi::ScratchRequestProblem(floats); !problem.empty()) {
        e->Fail(std::move(problem));
        return nullptr;
    }
    const size_t want = size_t(floats);
    if (want > e->scratch_size) {
        std::free(e->scratch);  // the old contents are not needed: never hold old + new at once
        e->scratch = static_cast<float*>(std::malloc(want * sizeof(float)));
        e->scratch_size = e->scratch ? want : 0;
        if (!e->scratch) {
            e->Fail("out of memory: the inputs need " + std::to_string((want * sizeof(float)) >> 20) + " MiB");
            return nullptr;
        }
    }
    return e->scratch;
}

// The call in e->args. shape_only = 1: validate and compute the output shape
// (cp_result_dim) from the shapes alone, reading no input. 0: also run the op
// on the inputs in scratch. 1 on success, 0 with cp_last_error on refusal.
EMSCRIPTEN_KEEPALIVE int cp_run(Engine* e, int shape_only) {
    if (e->checked_args != e->args) {
        e->checked_args.reset();
        const cp::Result<cp::abi::EngineCall> call = cp::abi::DecodeArgs(e->args);
        if (!call.ok()) return e->Fail(call.error());
        const cp::Result<cp::Shape> shape = cp::abi::PlanShape(call.value());
        if (!shape.ok()) return e->Fail(shape.error());
        e->checked_args = e->args;
        e->checked_call = call.value();
        e->checked_shape = shape.value();
    }
    if (shape_only) return e->Keep(e->checked_shape);
    return Run(*e, e->checked_call, e->checked_shape);
}

EMSCRIPTEN_KEEPALIVE const float* cp_result_data(Engine* e) { return e->out; }
EMSCRIPTEN_KEEPALIVE int cp_result_dim(Engine* e, int i) {
    const cp::Shape& s = e->out_shape;
    return i == 0 ? s.n : i == 1 ? s.c : i == 2 ? s.h : s.w;
}
EMSCRIPTEN_KEEPALIVE void cp_result_free(Engine* e) {
    if (e->out_size <= kKeptOutputFloats) return;
    std::free(e->out);
    e->out = nullptr;
    e->out_size = 0;
}

// [SECTION] Benchmark aids: the scalar reference path and a mul+add peak loop

// 1: conv2d calls run the scalar Conv2dReference kernel (scripts/bench compares
// against it; tests hold the two paths to each other). 0: the normal ops.
EMSCRIPTEN_KEEPALIVE void cp_use_reference(Engine* e, int on) { e->reference = on != 0; }

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
