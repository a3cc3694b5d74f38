// geometry.cpp — sizes, validity and picture facts of sliding-window ops.
//
// Index
//   [SECTION] MESSAGES      building messages without iostreams (keeps the wasm small)
//   [SECTION] AXIS
//   [SECTION] PADDING
//   [SECTION] SHAPES
//   [SECTION] PLANS
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

// "zeros, reflect, ...": an enum's canonical tokens, for messages.
template <class E>
std::string TokenList() {
    std::string s;
    for (const EnumName<E>& n : CanonicalNames<E>()) s += (s.empty() ? "" : ", ") + std::string(n.token);
    return s;
}

std::string ShapeText(Shape s) { return Cat('[', s.n, ", ", s.c, ", ", s.h, ", ", s.w, ']'); }

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

namespace {

template <class T>
Result<T> Fail(std::string message) {
    return Result<T>::Fail(std::move(message));
}

// Every one of n, c, h, w is >= 1 here; only the product needs checking.
std::string OutputProblem(Shape s, int64_t max_elements) {
    if (std::string p = ShapeProblem(s, "the output", max_elements); !p.empty()) return p;
    return {};
}

}  // namespace

// [SECTION] PLANS

Result<Padding4> ResolveConvPadding(Shape x, Shape w, const Conv2dOptions& o) {
    switch (o.rule) {
        case PaddingRule::Explicit: return o.pad;
        case PaddingRule::Valid: return Padding4{};
        case PaddingRule::Same:
        case PaddingRule::SameTF: {
            auto rule = o.rule == PaddingRule::Same ? SamePadding : SamePaddingTF;
            auto h = rule(x.h, w.h, o.stride.h, o.dilation.h, "height");
            if (!h.ok()) return Fail<Padding4>(h.error());
            auto v = rule(x.w, w.w, o.stride.w, o.dilation.w, "width");
            if (!v.ok()) return Fail<Padding4>(v.error());
            return Padding4{h.value().lo, h.value().hi, v.value().lo, v.value().hi};
        }
    }
    return Fail<Padding4>("unknown padding rule");
}

Result<Conv2dPlan> PlanConv2d(Shape x, Shape w, int64_t bias_len, const Conv2dOptions& o, int64_t max_elements) {
    using R = Result<Conv2dPlan>;
    if (std::string p = ShapeProblem(x, "input", max_elements); !p.empty()) return R::Fail(p);
    if (std::string p = ShapeProblem(w, "weight", max_elements); !p.empty()) return R::Fail(p);
    // An enum cast from an int (a URL, the ABI) may name no value: refuse it here,
    // before MaterialisePadding would index the input with it.
    if (!EnumFromInt<PaddingMode>(static_cast<int64_t>(o.mode)))
        return R::Fail(Cat("padding mode ", static_cast<long long>(o.mode), " is not one of ", TokenList<PaddingMode>(), "."));
    if (!EnumFromInt<PaddingRule>(static_cast<int64_t>(o.rule)))
        return R::Fail(Cat("padding rule ", static_cast<long long>(o.rule), " is not one of ", TokenList<PaddingRule>(), "."));
    if (o.groups < 1) return R::Fail(Cat("groups is ", o.groups, ": it must be at least 1."));
    if (o.stride.h < 1 || o.stride.w < 1)
        return R::Fail(Cat("stride (", o.stride.h, ", ", o.stride.w, ") must be at least 1 on each axis."));
    if (o.dilation.h < 1 || o.dilation.w < 1)
        return R::Fail(Cat("dilation (", o.dilation.h, ", ", o.dilation.w,
                           ") must be at least 1 on each axis (1 means no gaps)."));
    if (o.rule == PaddingRule::Explicit &&
        (o.pad.top < 0 || o.pad.bottom < 0 || o.pad.left < 0 || o.pad.right < 0))
        return R::Fail(Cat("padding (top ", o.pad.top, ", bottom ", o.pad.bottom, ", left ", o.pad.left,
                           ", right ", o.pad.right, ") cannot be negative."));
    if (w.n % o.groups != 0)
        return R::Fail(Cat("groups=", o.groups, " must divide the output channels, but the weight ", ShapeText(w),
                           " has ", w.n, ": use a number of filters that is a multiple of ", o.groups, "."));
    if (int64_t(w.c) * o.groups != x.c)
        return R::Fail(Cat("the weight ", ShapeText(w), " with groups=", o.groups, " expects ",
                           static_cast<long long>(int64_t(w.c) * o.groups), " input channels, but the input ",
                           ShapeText(x), " has ", x.c, ": the weight's second dimension must be channels/groups = ",
                           x.c % o.groups == 0 ? Cat(x.c / o.groups)
                                               : Cat(x.c, "/", o.groups, " (groups must divide the channels)"),
                           "."));
    if (bias_len != 0 && bias_len != w.n)
        return R::Fail(Cat("the bias has ", static_cast<long long>(bias_len), " values but there are ", w.n,
                           " output channels: give one bias per output channel, or none."));
    auto pad = ResolveConvPadding(x, w, o);
    if (!pad.ok()) return R::Fail(pad.error());
    const Padding4 p = pad.value();
    if (std::string e = PaddingModeProblem(o.mode, x.h, {p.top, p.bottom}, "height"); !e.empty()) return R::Fail(e);
    if (std::string e = PaddingModeProblem(o.mode, x.w, {p.left, p.right}, "width"); !e.empty()) return R::Fail(e);

    Conv2dPlan plan;
    plan.h = {x.h, w.h, o.stride.h, p.top, p.bottom, o.dilation.h};
    plan.w = {x.w, w.w, o.stride.w, p.left, p.right, o.dilation.w};
    plan.pad = p;
    plan.mode = o.mode;
    auto oh = OutputSize(plan.h, Rounding::Floor, "height");
    if (!oh.ok()) return R::Fail(oh.error());
    auto ow = OutputSize(plan.w, Rounding::Floor, "width");
    if (!ow.ok()) return R::Fail(ow.error());
    plan.out = {x.n, w.n, oh.value(), ow.value()};
    if (std::string e = OutputProblem(plan.out, max_elements); !e.empty()) return R::Fail(e);

    ConvGeometry& g = plan.kernel;
    g.n = x.n, g.cin = x.c, g.ih = x.h, g.iw = x.w;
    g.cout = w.n, g.kh = w.h, g.kw = w.w;
    g.sh = o.stride.h, g.sw = o.stride.w, g.dh = o.dilation.h, g.dw = o.dilation.w;
    g.pad_top = p.top, g.pad_left = p.left;
    g.oh = oh.value(), g.ow = ow.value();
    g.groups = o.groups;
    if (o.mode != PaddingMode::Zeros) {
        // The kernel reads a materialised padded copy: check that it fits too.
        const Shape padded{x.n, x.c, int(plan.h.PaddedIn()), int(plan.w.PaddedIn())};
        if (plan.h.PaddedIn() > kMax || plan.w.PaddedIn() > kMax)
            return R::Fail(Cat("the padded input would exceed ", static_cast<long long>(kMax),
                               " elements: use less padding."));
        if (std::string e = ShapeProblem(padded, "the padded input", max_elements); !e.empty()) return R::Fail(e);
        g.ih = padded.h, g.iw = padded.w, g.pad_top = 0, g.pad_left = 0;
    }
    return plan;
}

Result<ConvTranspose2dPlan> PlanConvTranspose2d(Shape x, Shape w, int64_t bias_len,
                                                const ConvTranspose2dOptions& o, int64_t max_elements) {
    using R = Result<ConvTranspose2dPlan>;
    if (std::string p = ShapeProblem(x, "input", max_elements); !p.empty()) return R::Fail(p);
    if (std::string p = ShapeProblem(w, "weight", max_elements); !p.empty()) return R::Fail(p);
    if (o.groups < 1) return R::Fail(Cat("groups is ", o.groups, ": it must be at least 1."));
    if (w.n % o.groups != 0)
        return R::Fail(Cat("groups=", o.groups, " must divide the input channels, but the weight ", ShapeText(w),
                           " (in, out/groups, kh, kw) has ", w.n, ": use a channel count that is a multiple of ",
                           o.groups, "."));
    if (w.n != x.c)
        return R::Fail(Cat("the transposed weight ", ShapeText(w), " (in, out/groups, kh, kw) expects ", w.n,
                           " input channels, but the input ", ShapeText(x), " has ", x.c,
                           ": its first dimension must equal the input channels."));
    const int64_t cout = int64_t(w.c) * o.groups;
    if (bias_len != 0 && bias_len != cout)
        return R::Fail(Cat("the bias has ", static_cast<long long>(bias_len), " values but there are ",
                           static_cast<long long>(cout), " output channels: give one bias per output channel, or none."));
    ConvTranspose2dPlan plan;
    plan.h = {x.h, w.h, o.stride.h, o.padding.h, o.output_padding.h, o.dilation.h};
    plan.w = {x.w, w.w, o.stride.w, o.padding.w, o.output_padding.w, o.dilation.w};
    auto oh = TransposedOutputSize(plan.h, "height");
    if (!oh.ok()) return R::Fail(oh.error());
    auto ow = TransposedOutputSize(plan.w, "width");
    if (!ow.ok()) return R::Fail(ow.error());
    if (cout > kMax) return R::Fail(Cat("the output would have ", static_cast<long long>(cout), " channels: too many."));
    plan.out = {x.n, int(cout), oh.value(), ow.value()};
    if (std::string e = OutputProblem(plan.out, max_elements); !e.empty()) return R::Fail(e);
    ConvGeometry& g = plan.kernel;
    g.n = x.n, g.cin = x.c, g.ih = x.h, g.iw = x.w;
    g.cout = int(cout), g.kh = w.h, g.kw = w.w;
    g.sh = o.stride.h, g.sw = o.stride.w, g.dh = o.dilation.h, g.dw = o.dilation.w;
    g.pad_top = o.padding.h, g.pad_left = o.padding.w;
    g.oh = oh.value(), g.ow = ow.value();
    g.groups = o.groups;
    return plan;
}

namespace {

struct PoolArgs {
    Size2 kernel, stride, padding, dilation;
    bool ceil_mode;
};

Result<Pool2dPlan> PlanPool2d(Shape x, const PoolArgs& a, int64_t max_elements) {
    using R = Result<Pool2dPlan>;
    if (std::string p = ShapeProblem(x, "input", max_elements); !p.empty()) return R::Fail(p);
    if (a.kernel.h < 1 || a.kernel.w < 1)
        return R::Fail(Cat("kernel (", a.kernel.h, ", ", a.kernel.w, ") must be at least 1 on each axis."));
    // 0 is the default (stride = kernel); only negative strides are wrong.
    if (a.stride.h < 0 || a.stride.w < 0)
        return R::Fail(Cat("stride (", a.stride.h, ", ", a.stride.w,
                           ") must be at least 1 on each axis (or 0 for the kernel size)."));
    if (a.dilation.h < 1 || a.dilation.w < 1)
        return R::Fail(Cat("dilation (", a.dilation.h, ", ", a.dilation.w, ") must be at least 1 on each axis."));
    if (a.padding.h < 0 || a.padding.w < 0)
        return R::Fail(Cat("padding (", a.padding.h, ", ", a.padding.w, ") cannot be negative."));
    // PyTorch 1.13 compares the padding with half the kernel itself, not the
    // dilated span, for max and avg pooling alike: more padding could make a
    // window that sees only padding.
    if (a.padding.h > a.kernel.h / 2 || a.padding.w > a.kernel.w / 2)
        return R::Fail(Cat("padding (", a.padding.h, ", ", a.padding.w, ") must be at most half the kernel (",
                           a.kernel.h, ", ", a.kernel.w, "): use padding <= (", a.kernel.h / 2, ", ",
                           a.kernel.w / 2, ") or a larger kernel."));
    const Rounding r = a.ceil_mode ? Rounding::Ceil : Rounding::Floor;
    Pool2dPlan plan;
    const int sh = a.stride.h == 0 ? a.kernel.h : a.stride.h, sw = a.stride.w == 0 ? a.kernel.w : a.stride.w;
    plan.h = {x.h, a.kernel.h, sh, a.padding.h, a.padding.h, a.dilation.h};
    plan.w = {x.w, a.kernel.w, sw, a.padding.w, a.padding.w, a.dilation.w};
    auto oh = OutputSize(plan.h, r, "height");
    if (!oh.ok()) return R::Fail(oh.error());
    auto ow = OutputSize(plan.w, r, "width");
    if (!ow.ok()) return R::Fail(ow.error());
    plan.out = {x.n, x.c, oh.value(), ow.value()};
    if (std::string e = OutputProblem(plan.out, max_elements); !e.empty()) return R::Fail(e);
    PoolGeometry& g = plan.kernel;
    g.n = x.n, g.c = x.c, g.ih = x.h, g.iw = x.w;
    g.kh = a.kernel.h, g.kw = a.kernel.w, g.sh = sh, g.sw = sw, g.dh = a.dilation.h, g.dw = a.dilation.w;
    g.pad_h = a.padding.h, g.pad_w = a.padding.w;
    g.oh = oh.value(), g.ow = ow.value();
    return plan;
}

}  // namespace

Result<Pool2dPlan> PlanMaxPool2d(Shape x, const MaxPool2dOptions& o, int64_t max_elements) {
    return PlanPool2d(x, {o.kernel, o.stride, o.padding, o.dilation, o.ceil_mode}, max_elements);
}

Result<Pool2dPlan> PlanAvgPool2d(Shape x, const AvgPool2dOptions& o, int64_t max_elements) {
    auto plan = PlanPool2d(x, {o.kernel, o.stride, o.padding, Size2{1, 1}, o.ceil_mode}, max_elements);
    if (!plan.ok()) return plan;
    plan.value().kernel.count_include_pad = o.count_include_pad;
    plan.value().kernel.divisor_override = o.divisor_override;
    return plan;
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
