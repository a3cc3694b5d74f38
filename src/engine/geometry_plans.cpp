// geometry_plans.cpp — geometry.h's PLANS: fully validated 2-D geometry of
// each op (padding resolved, every size checked against the caller's element
// bound) that ops.cpp hands to the kernels and picture.cpp draws. The axis
// and padding rules they apply are geometry.cpp's.
#include <algorithm>
#include <climits>
#include <cstdint>
#include <utility>

#include "geometry.h"
#include "message_text.h"
#include "names.h"

namespace cp {
namespace {

using message::Cat;
using message::ShapeText;
using message::TokenList;

constexpr int64_t kMax = kMaxTensorElements;

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

}  // namespace cp
