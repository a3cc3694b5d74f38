// engine_abi.h — the arguments of one engine call as they cross the C ABI
// (dist/convplay-engine.mjs -> engine_exports.cpp), declared once.
//
// JS writes an EngineArgs into wasm memory field by field, by name: the names
// and byte offsets come from cp_abi_layout(), which is generated from the same
// CP_ENGINE_ARGS list as the struct, so nothing about the layout is copied
// into JS by hand. Enum fields carry names.h's values (JS reads them through
// cp_enum_names()). Everything arriving here is untrusted: DecodeArgs range-
// checks every enum and flag and refuses with a message instead of casting.
//
// Pure C++ (std only, header-only) so the native test suite tests the very
// conversion the exports use.
//
// Index
//   [SECTION] FIELDS     the X-macro list, the struct, the layout text
//   [SECTION] DECODE     EngineArgs -> a checked EngineCall
//   [SECTION] VALIDATE   the shape-only pass, before any input is copied
//   [SECTION] MESSAGES   numbers from JS that are not sizes
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "engine/geometry.h"
#include "engine/names.h"
#include "engine/ops.h"

namespace cp::abi {

// [SECTION] FIELDS
// X(name, comment). All int32. Inputs sit in the engine's scratch buffer in
// the order x, w, bias, their sizes given by the shapes and bias_len.
#define CP_ENGINE_ARGS(X)                                                                   \
    X(op, "OpKind")                                                                         \
    X(x_n, "input shape, NCHW")                                                             \
    X(x_c, "")                                                                              \
    X(x_h, "")                                                                              \
    X(x_w, "")                                                                              \
    X(w_n, "weight shape (conv and transposed conv)")                                       \
    X(w_c, "")                                                                              \
    X(w_h, "")                                                                              \
    X(w_w, "")                                                                              \
    X(bias_len, "0: no bias")                                                               \
    X(kernel_h, "pooling window")                                                           \
    X(kernel_w, "")                                                                         \
    X(stride_h, "pooling: 0 = the kernel size")                                             \
    X(stride_w, "")                                                                         \
    X(rule, "PaddingRule (conv)")                                                           \
    X(pad_top, "explicit conv padding")                                                     \
    X(pad_bottom, "")                                                                       \
    X(pad_left, "")                                                                         \
    X(pad_right, "")                                                                        \
    X(padding_h, "transposed conv and pooling padding")                                     \
    X(padding_w, "")                                                                        \
    X(output_padding_h, "transposed conv")                                                  \
    X(output_padding_w, "")                                                                 \
    X(dilation_h, "conv, transposed conv, max pooling")                                     \
    X(dilation_w, "")                                                                       \
    X(groups, "conv and transposed conv")                                                   \
    X(mode, "PaddingMode (conv)")                                                           \
    X(ceil_mode, "0 or 1 (pooling)")                                                        \
    X(count_include_pad, "0 or 1 (avg pooling)")                                            \
    X(divisor_override, "0 = none (avg pooling)")

struct EngineArgs {
#define CP_FIELD(name, comment) int32_t name = 0;
    CP_ENGINE_ARGS(CP_FIELD)
#undef CP_FIELD
    bool operator==(const EngineArgs&) const = default;
};

// "name=offset,...;size=bytes": what JS needs to write an EngineArgs by name.
inline std::string LayoutText() {
    std::string s;
#define CP_FIELD(name, comment) \
    s += std::string(#name) + "=" + std::to_string(offsetof(EngineArgs, name)) + ",";
    CP_ENGINE_ARGS(CP_FIELD)
#undef CP_FIELD
    s.back() = ';';
    return s + "size=" + std::to_string(sizeof(EngineArgs));
}

// "Enum:token=value,...;..." for every names.h table, aliases included.
template <class E>
void AppendNames(std::string& s) {
    s += EnumTypeName<E>();
    s += ':';
    for (const EnumName<E>& n : EnumNames<E>()) {
        s += n.token;
        s += '=' + std::to_string(static_cast<int>(n.value)) + ',';
    }
    s.back() = ';';
}
inline std::string EnumNamesText() {
    std::string s;
    AppendNames<OpKind>(s);
    AppendNames<PaddingRule>(s);
    AppendNames<PaddingMode>(s);
    s.pop_back();
    return s;
}

// [SECTION] DECODE

// One call, checked: the op, the shapes, and that op's options.
struct EngineCall {
    OpKind op = OpKind::Conv2d;
    Shape x, w;  // w: conv ops only
    int bias_len = 0;
    Conv2dOptions conv;
    ConvTranspose2dOptions tconv;
    MaxPool2dOptions maxpool;
    AvgPool2dOptions avgpool;
    // Floats of input the op reads from scratch: x, then w, then bias.
    int64_t InputFloats() const {
        const bool weights = op == OpKind::Conv2d || op == OpKind::ConvTranspose2d;
        return x.Count() + (weights ? w.Count() + bias_len : 0);
    }
};

template <class E>
std::string EnumProblem(const char* field, int32_t v) {
    std::string s = std::string(field) + " " + std::to_string(v) + " names no " + std::string(EnumTypeName<E>()) +
                    " (expected ";
    for (int i = 0; i < EnumCount<E>(); ++i)
        s += std::to_string(i) + " = " + std::string(TokenOf(static_cast<E>(i))) + (i + 1 < EnumCount<E>() ? ", " : ")");
    return s;
}

inline Result<EngineCall> DecodeArgs(const EngineArgs& a) {
    using R = Result<EngineCall>;
    EngineCall c;
    const std::optional<OpKind> op = EnumFromInt<OpKind>(a.op);
    if (!op) return R::Fail(EnumProblem<OpKind>("op", a.op));
    c.op = *op;
    c.x = {a.x_n, a.x_c, a.x_h, a.x_w};
    c.w = {a.w_n, a.w_c, a.w_h, a.w_w};
    if (a.bias_len < 0) return R::Fail("bias_len " + std::to_string(a.bias_len) + " is negative");
    c.bias_len = a.bias_len;
    for (const auto& [name, v] : {std::pair{"ceil_mode", a.ceil_mode}, std::pair{"count_include_pad", a.count_include_pad}})
        if (v != 0 && v != 1) return R::Fail(std::string(name) + " must be 0 or 1, got " + std::to_string(v));
    switch (c.op) {
        case OpKind::Conv2d: {
            const std::optional<PaddingRule> rule = EnumFromInt<PaddingRule>(a.rule);
            if (!rule) return R::Fail(EnumProblem<PaddingRule>("rule", a.rule));
            const std::optional<PaddingMode> mode = EnumFromInt<PaddingMode>(a.mode);
            if (!mode) return R::Fail(EnumProblem<PaddingMode>("mode", a.mode));
            c.conv.stride = {a.stride_h, a.stride_w};
            c.conv.rule = *rule;
            c.conv.pad = {a.pad_top, a.pad_bottom, a.pad_left, a.pad_right};
            c.conv.dilation = {a.dilation_h, a.dilation_w};
            c.conv.groups = a.groups;
            c.conv.mode = *mode;
            break;
        }
        case OpKind::ConvTranspose2d:
            c.tconv.stride = {a.stride_h, a.stride_w};
            c.tconv.padding = {a.padding_h, a.padding_w};
            c.tconv.output_padding = {a.output_padding_h, a.output_padding_w};
            c.tconv.dilation = {a.dilation_h, a.dilation_w};
            c.tconv.groups = a.groups;
            break;
        case OpKind::MaxPool2d:
            c.maxpool.kernel = {a.kernel_h, a.kernel_w};
            c.maxpool.stride = {a.stride_h, a.stride_w};
            c.maxpool.padding = {a.padding_h, a.padding_w};
            c.maxpool.dilation = {a.dilation_h, a.dilation_w};
            c.maxpool.ceil_mode = a.ceil_mode != 0;
            break;
        case OpKind::AvgPool2d:
            c.avgpool.kernel = {a.kernel_h, a.kernel_w};
            c.avgpool.stride = {a.stride_h, a.stride_w};
            c.avgpool.padding = {a.padding_h, a.padding_w};
            c.avgpool.ceil_mode = a.ceil_mode != 0;
            c.avgpool.count_include_pad = a.count_include_pad != 0;
            c.avgpool.divisor_override = a.divisor_override;
            break;
    }
    return c;
}

// [SECTION] VALIDATE

// The output shape, or the engine's message, from shapes alone: the exports
// run this before JS copies any input in, so a refused call costs no memory.
// (bias_len is checked here too: a wrong bias is refused before the copy.)
inline Result<Shape> PlanShape(const EngineCall& c) {
    const auto shape = [](const auto& plan) {
        return plan.ok() ? Result<Shape>(plan.value().out) : Result<Shape>::Fail(plan.error());
    };
    switch (c.op) {
        case OpKind::Conv2d: return shape(PlanConv2d(c.x, c.w, c.bias_len, c.conv));
        case OpKind::ConvTranspose2d: return shape(PlanConvTranspose2d(c.x, c.w, c.bias_len, c.tconv));
        case OpKind::MaxPool2d: return shape(PlanMaxPool2d(c.x, c.maxpool));
        case OpKind::AvgPool2d: return shape(PlanAvgPool2d(c.x, c.avgpool));
    }
    return Result<Shape>::Fail("unknown op");
}

// [SECTION] MESSAGES

// A count JS asked for, as text, whatever the double holds: NaN, infinities
// and values past int64 must not be cast (that is undefined behaviour).
inline std::string CountText(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    if (v == std::floor(v) && std::fabs(v) < 9007199254740992.0) return std::to_string(int64_t(v));  // 2^53: exact
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

// Why `floats` is not a number of input values the engine takes; empty when it is.
inline std::string ScratchRequestProblem(double floats) {
    const double most = 4.0 * double(kMaxTensorElements);  // input + weights + bias, each within the limit
    if (!(floats >= 0) || floats != std::floor(floats))  // NaN fails both comparisons
        return "the inputs cannot be sized: " + CountText(floats) + " is not a number of values";
    if (floats > most)
        return "the inputs are too large for the engine (" + CountText(floats) + " values; at most " +
               std::to_string(kMaxTensorElements) + " per tensor)";
    return {};
}

}  // namespace cp::abi
