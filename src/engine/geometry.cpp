// geometry.cpp — sizes, validity and picture facts of sliding-window ops.
//
// Index
//   [SECTION] MESSAGES      building messages without iostreams (keeps the wasm small)
//   [SECTION] AXIS
//   [SECTION] PADDING
//   [SECTION] SHAPES
//   (PLANS, the validated 2-D geometry ops.cpp hands the kernels: geometry_plans.cpp)
//   [SECTION] PICTURE
#include "geometry.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <utility>
#include <type_traits>

#include "message_text.h"
#include "names.h"

namespace cp {
namespace {

// [SECTION] MESSAGES

using message::Cat;
using message::ShapeText;
using message::TokenList;

// " height" / "" so messages read "stride height is 0" or "stride is 0".
std::string Named(const char* name) { return (name && *name) ? Cat(' ', name) : std::string(); }

constexpr int64_t kMax = kMaxTensorElements;

}  // namespace

// [SECTION] AXIS

namespace {

// The checks every sliding-window axis shares. Bounds at kMax keep all later
// int64 arithmetic far from overflow and every vector a picture helper makes small.
std::string AxisProblem(const Axis& a, const char* name) {
    const std::string n = Named(name);
    if (a.in < 1) return Cat("input", n, " is ", a.in, ": every dimension must be at least 1.");
    if (a.kernel < 1) return Cat("kernel", n, " is ", a.kernel, ": it must be at least 1.");
    if (a.stride < 1) return Cat("stride", n, " is ", a.stride, ": it must be at least 1.");
    if (a.dilation < 1)
        return Cat("dilation", n, " is ", a.dilation, ": it must be at least 1 (1 means no gaps between taps).");
    if (a.pad_lo < 0 || a.pad_hi < 0)
        return Cat("padding", n, " is ", std::min(a.pad_lo, a.pad_hi),
                   ": padding cannot be negative (crop the input instead).");
    if (a.in > kMax || a.kernel > kMax || a.pad_lo > kMax || a.pad_hi > kMax)
        return Cat("a size along", n, " exceeds ", static_cast<long long>(kMax),
                   ", the most the engine allocates: use smaller sizes.");
    return {};
}

}  // namespace

Result<int> OutputSize(const Axis& a, Rounding rounding, const char* name) {
    if (std::string p = AxisProblem(a, name); !p.empty()) return Result<int>::Fail(p);
    const std::string n = Named(name);
    const int64_t padded = a.PaddedIn(), eff = a.EffectiveKernel();
    int64_t out;
    if (rounding == Rounding::Floor) {
        if (padded < eff) {
            return Result<int>::Fail(Cat(
                "the window", n, " spans ", static_cast<long long>(eff), " (kernel ", a.kernel, ", dilation ",
                a.dilation, ") but the padded input", n, " is only ", static_cast<long long>(padded), " (", a.in,
                " + padding ", a.pad_lo, " + ", a.pad_hi, "): use a smaller kernel or dilation, or pad ",
                static_cast<long long>(eff - padded), " more."));
        }
        out = (padded - eff) / a.stride + 1;
    } else {
        // Ceil mode may add one output, but only if that window starts inside
        // the input or the left padding; one starting in the right padding would
        // read nothing but padding.
        out = FloorDiv(padded - eff + a.stride - 1, a.stride) + 1;
        if (out > 1 && (out - 1) * a.stride >= int64_t(a.in) + a.pad_lo) --out;
        if (out < 1) {
            return Result<int>::Fail(Cat(
                "the window", n, " spans ", static_cast<long long>(eff), " (kernel ", a.kernel, ", dilation ",
                a.dilation, ") but the padded input", n, " is only ", static_cast<long long>(padded), " (", a.in,
                " + padding ", a.pad_lo, " + ", a.pad_hi, "), leaving ", static_cast<long long>(out),
                " outputs: use a smaller kernel or dilation, or more padding."));
        }
    }
    if (out > kMax)
        return Result<int>::Fail(Cat("the output", n, " would be ", static_cast<long long>(out),
                                     " long, more than the engine allocates: use a larger stride or smaller input."));
    return int(out);
}

Result<int> TransposedOutputSize(const TransposedAxis& a, const char* name) {
    const std::string n = Named(name);
    if (a.in < 1) return Result<int>::Fail(Cat("input", n, " is ", a.in, ": every dimension must be at least 1."));
    if (a.kernel < 1) return Result<int>::Fail(Cat("kernel", n, " is ", a.kernel, ": it must be at least 1."));
    if (a.stride < 1) return Result<int>::Fail(Cat("stride", n, " is ", a.stride, ": it must be at least 1."));
    if (a.dilation < 1) return Result<int>::Fail(Cat("dilation", n, " is ", a.dilation, ": it must be at least 1."));
    if (a.padding < 0)
        return Result<int>::Fail(Cat("padding", n, " is ", a.padding, ": padding cannot be negative."));
    if (a.output_padding < 0)
        return Result<int>::Fail(Cat("output_padding", n, " is ", a.output_padding, ": it cannot be negative."));
    // output_padding only picks one of the `stride` input sizes that a strided
    // conv maps to the same output size; beyond stride (or dilation) it would
    // invent rows no input position explains.
    if (a.output_padding >= a.stride && a.output_padding >= a.dilation)
        return Result<int>::Fail(Cat("output_padding", n, " is ", a.output_padding,
                                     " but must be smaller than the stride (", a.stride, ") or the dilation (",
                                     a.dilation, "): use output_padding <= ", std::max(a.stride, a.dilation) - 1,
                                     "."));
    if (a.in > kMax || a.kernel > kMax)
        return Result<int>::Fail(Cat("a size along", n, " exceeds ", static_cast<long long>(kMax),
                                     ", the most the engine allocates: use smaller sizes."));
    const int64_t out = int64_t(a.in - 1) * a.stride - 2 * int64_t(a.padding) +
                        int64_t(a.dilation) * (a.kernel - 1) + a.output_padding + 1;
    if (out < 1)
        return Result<int>::Fail(Cat("the output", n, " would be ", static_cast<long long>(out),
                                     " = (", a.in, "-1)*", a.stride, " - 2*", a.padding, " + ", a.dilation, "*(",
                                     a.kernel, "-1) + ", a.output_padding,
                                     " + 1: reduce the padding or use a larger kernel, stride or dilation."));
    if (out > kMax)
        return Result<int>::Fail(Cat("the output", n, " would be ", static_cast<long long>(out),
                                     " long, more than the engine allocates: use a smaller stride or input."));
    return int(out);
}

// [SECTION] PADDING

Result<AxisPadding> SamePadding(int in, int kernel, int stride, int dilation, const char* name) {
    const std::string n = Named(name);
    if (stride != 1)
        return Result<AxisPadding>::Fail(
            Cat("padding='same' needs stride 1 but stride", n, " is ", stride,
                ": use explicit padding, 'valid', or TensorFlow's SAME (which allows strides)."));
    if (std::string p = AxisProblem({in, kernel, 1, 0, 0, dilation}, name); !p.empty())
        return Result<AxisPadding>::Fail(p);
    const int64_t total = int64_t(dilation) * (kernel - 1);
    if (total > 2 * kMax)
        return Result<AxisPadding>::Fail(Cat("padding='same'", n, " would need ", static_cast<long long>(total),
                                             " padding: use a smaller kernel or dilation."));
    const int lo = int(total / 2);
    return AxisPadding{lo, int(total - lo)};
}

Result<AxisPadding> SamePaddingTF(int in, int kernel, int stride, int dilation, const char* name) {
    if (std::string p = AxisProblem({in, kernel, stride, 0, 0, dilation}, name); !p.empty())
        return Result<AxisPadding>::Fail(p);
    const int64_t out = (int64_t(in) + stride - 1) / stride;
    const int64_t eff = int64_t(dilation) * (kernel - 1) + 1;
    const int64_t total = std::max<int64_t>((out - 1) * stride + eff - in, 0);
    if (total > 2 * kMax)
        return Result<AxisPadding>::Fail(Cat("SAME padding", Named(name), " would need ",
                                             static_cast<long long>(total),
                                             ": use a smaller kernel or dilation."));
    const int lo = int(total / 2);
    return AxisPadding{lo, int(total - lo)};
}

// Labels live in names.h; these stay for callers that want a C string. Every
// label is a string literal, so data() is NUL-terminated.
int PaddingSource(PaddingMode mode, int64_t i, int in) {
    switch (mode) {
        case PaddingMode::Reflect:
            if (i < 0) return int(-i);
            if (i >= in) return int(2 * int64_t(in - 1) - i);
            return int(i);
        case PaddingMode::Replicate: return int(i < 0 ? 0 : (i >= in ? in - 1 : i));
        case PaddingMode::Circular: return int(((i % in) + in) % in);
        case PaddingMode::Zeros: break;
    }
    return -1;
}

const char* ToString(PaddingMode mode) {
    const std::string_view label = LabelOf(mode);
    return label.empty() ? "?" : label.data();
}

const char* ToString(PaddingRule rule) {
    const std::string_view label = LabelOf(rule);
    return label.empty() ? "?" : label.data();
}

std::string PaddingModeProblem(PaddingMode mode, int in, AxisPadding pad, const char* name) {
    const std::string n = Named(name);
    const int most = std::max(pad.lo, pad.hi);
    // Reflect mirrors around the edge pixel without repeating it, so it has only
    // in-1 pixels to mirror; circular wraps around at most once.
    if (mode == PaddingMode::Reflect && most >= in)
        return Cat("reflect padding", n, " (", pad.lo, ", ", pad.hi, ") must be smaller than the input", n, " (",
                   in, "): use padding <= ", in - 1, " or the 'replicate' mode.");
    if (mode == PaddingMode::Circular && most > in)
        return Cat("circular padding", n, " (", pad.lo, ", ", pad.hi, ") would wrap around the input", n, " (", in,
                   ") more than once: use padding <= ", in, ".");
    return {};
}

// [SECTION] SHAPES

std::string ShapeProblem(Shape s, const char* what, int64_t max_elements) {
    if (s.n < 1 || s.c < 1 || s.h < 1 || s.w < 1)
        return Cat(what, " shape ", ShapeText(s), " has a dimension below 1: every dimension must be at least 1.");
    int64_t count = 1;
    for (int d : {s.n, s.c, s.h, s.w}) {
        if (count > max_elements / d)  // checked before the product, so it never overflows
            return Cat(what, " shape ", ShapeText(s), " has more than ", static_cast<long long>(max_elements),
                       max_elements == kMax ? " elements, the most the engine allocates: use smaller sizes."
                                            : " elements: use smaller sizes.");
        count *= d;
    }
    return {};
}

// [SECTION] PICTURE

AxisWindow WindowOf(const Axis& a, int o) { return {a.FirstTap(o), a.dilation, a.kernel}; }

Result<TransposedAsConv> TransposedAsConvOf(const TransposedAxis& a, const char* name) {
    auto out = TransposedOutputSize(a, name);
    if (!out.ok()) return Result<TransposedAsConv>::Fail(out.error());
    const int64_t upsampled = int64_t(a.in - 1) * a.stride + 1;
    const int64_t reach = int64_t(a.dilation) * (a.kernel - 1);
    const int64_t lo = reach - a.padding, hi = reach - a.padding + a.output_padding;
    if (upsampled > kMax || lo > kMax || hi > kMax || upsampled + std::max<int64_t>(lo, 0) +
                                                          std::max<int64_t>(hi, 0) > kMax)
        return Result<TransposedAsConv>::Fail(Cat("the zero-inserted input", Named(name), " would have ",
                                                  static_cast<long long>(upsampled + lo + hi),
                                                  " cells, too many to show: use a smaller stride or input."));
    TransposedAsConv t;
    t.zeros_between = a.stride - 1;
    t.pad_lo = int(lo), t.pad_hi = int(hi);
    t.upsampled = int(upsampled);
    t.padded = int(upsampled + lo + hi);
    t.placed.resize(size_t(a.in));
    for (int i = 0; i < a.in; ++i) t.placed[size_t(i)] = int(lo + int64_t(i) * a.stride);
    t.conv = {t.padded, a.kernel, 1, 0, 0, a.dilation};
    t.out = out.value();
    return t;
}

}  // namespace cp
