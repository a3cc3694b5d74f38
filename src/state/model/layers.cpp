// layers.cpp — layers.h: the parameters every op has, a layer's picture and
// output shape (the engine's Plan* for its four ops, PyTorch's rules for the
// layers the figure does not draw), and its parameters and multiply-adds.
//
// [SECTION] INDEX
//   Parameters     KernelOf ... SetDilation, ChangeOp
//   Picture        PictureOf, GroupCount, WeightShapeOf
//   Shapes         OutShapeOf (undrawn layers by PyTorch's rules), KindName
//   Costs          ParamsOf, MultiplyAddsOf: the one formula of each
#include "state/model/layers.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>

#include "engine/geometry.h"

namespace cp {

// [SECTION] Parameters

Size2 KernelOf(const Layer& layer) {
    if (auto* m = std::get_if<MaxPool2dOptions>(&layer.options)) return m->kernel;
    if (auto* a = std::get_if<AvgPool2dOptions>(&layer.options)) return a->kernel;
    return layer.drawn() ? layer.kernel : Size2{1, 1};
}

void SetKernel(Layer& layer, Size2 kernel) {
    if (auto* m = std::get_if<MaxPool2dOptions>(&layer.options)) m->kernel = kernel;
    else if (auto* a = std::get_if<AvgPool2dOptions>(&layer.options)) a->kernel = kernel;
    else layer.kernel = kernel;
}

Size2 StrideOf(const Layer& layer) {
    struct Visit {
        Size2 operator()(const Conv2dOptions& o) const { return o.stride; }
        Size2 operator()(const ConvTranspose2dOptions& o) const { return o.stride; }
        Size2 operator()(const MaxPool2dOptions& o) const { return Pool(o.stride, o.kernel); }
        Size2 operator()(const AvgPool2dOptions& o) const { return Pool(o.stride, o.kernel); }
        static Size2 Pool(Size2 s, Size2 k) { return s.h == 0 && s.w == 0 ? k : s; }
    };
    if (!layer.drawn()) return {1, 1};
    return std::visit(WithUndrawn<Size2>(Visit{}), layer.options);
}

void SetStride(Layer& layer, Size2 stride) {
    std::visit(
        [&](auto& o) {
            if constexpr (requires { o.stride; }) o.stride = stride;
        },
        layer.options);
}

Size2 PaddingOf(const Layer& layer) {
    struct Visit {
        Size2 operator()(const Conv2dOptions& o) const { return {o.pad.top, o.pad.left}; }
        Size2 operator()(const ConvTranspose2dOptions& o) const { return o.padding; }
        Size2 operator()(const MaxPool2dOptions& o) const { return o.padding; }
        Size2 operator()(const AvgPool2dOptions& o) const { return o.padding; }
    };
    return std::visit(WithUndrawn<Size2>(Visit{}), layer.options);  // {0, 0} for the layers not drawn
}

void SetPadding(Layer& layer, Size2 p) {
    struct Visit {
        Size2 p;
        void operator()(Conv2dOptions& o) const { o.pad = Padding4::Symmetric(p.h, p.w); }
        void operator()(ConvTranspose2dOptions& o) const { o.padding = p; }
        void operator()(MaxPool2dOptions& o) const { o.padding = p; }
        void operator()(AvgPool2dOptions& o) const { o.padding = p; }
    };
    std::visit(WithUndrawn<void>(Visit{p}), layer.options);
}

bool HasDilation(const Layer& layer) { return layer.drawn() && layer.op() != OpKind::AvgPool2d; }

Size2 DilationOf(const Layer& layer) {
    return std::visit(
        [](const auto& o) -> Size2 {
            if constexpr (requires { o.dilation; }) return o.dilation;
            else return {1, 1};
        },
        layer.options);
}

void SetDilation(Layer& layer, Size2 d) {
    std::visit(
        [&](auto& o) {
            if constexpr (requires { o.dilation; }) o.dilation = d;
        },
        layer.options);
}

Layer ChangeOp(const Layer& layer, OpKind op) {
    if (layer.drawn() && layer.op() == op) return layer;
    Layer next;
    switch (op) {
        case OpKind::Conv2d: next.options = Conv2dOptions{}; break;
        case OpKind::ConvTranspose2d: next.options = ConvTranspose2dOptions{}; break;
        case OpKind::MaxPool2d: next.options = MaxPool2dOptions{}; break;
        case OpKind::AvgPool2d: next.options = AvgPool2dOptions{}; break;
    }
    if (!layer.drawn()) {  // nothing shared: the new op's defaults
        SetKernel(next, Size2{3, 3});
        return next;
    }
    next.out_channels = layer.out_channels;
    next.bias = layer.bias;
    // Both convs have weights of the same meaning: the preset carries over.
    if (op == OpKind::Conv2d || op == OpKind::ConvTranspose2d) next.kernel_preset = layer.kernel_preset;
    SetKernel(next, KernelOf(layer));
    SetStride(next, StrideOf(layer));
    SetPadding(next, PaddingOf(layer));
    if (HasDilation(layer)) SetDilation(next, DilationOf(layer));
    return next;
}

// [SECTION] Picture

Result<LayerPicture> PictureOf(const Layer& layer, Shape in, bool* too_large, int max_side) {
    struct Visit {
        const Layer& layer;
        Shape in;
        bool* too_large;
        int max_side;
        Result<LayerPicture> operator()(const Conv2dOptions& o) const {
            return PictureConv2d(in, layer.kernel, layer.out_channels, o, max_side, too_large);
        }
        Result<LayerPicture> operator()(const ConvTranspose2dOptions& o) const {
            return PictureConvTranspose2d(in, layer.kernel, layer.out_channels, o, max_side, too_large);
        }
        Result<LayerPicture> operator()(const MaxPool2dOptions& o) const {
            return PictureMaxPool2d(in, o, max_side, too_large);
        }
        Result<LayerPicture> operator()(const AvgPool2dOptions& o) const {
            return PictureAvgPool2d(in, o, max_side, too_large);
        }
    };
    if (!layer.drawn())
        return Result<LayerPicture>::Fail(KindName(layer) + " is not drawn: the figure draws convolutions and pools.");
    return std::visit(WithUndrawn<Result<LayerPicture>>(Visit{layer, in, too_large, max_side}), layer.options);
}

int GroupCount(const Layer& layer) {
    return std::max(1, std::visit(
                           [](const auto& o) {
                               if constexpr (requires { o.groups; }) return o.groups;
                               else return 1;
                           },
                           layer.options));
}

Shape WeightShapeOf(const Layer& layer, int in_channels) {
    const int g = GroupCount(layer);
    if (!layer.drawn()) return {0, 0, 0, 0};
    switch (layer.op()) {
        case OpKind::Conv2d: return {layer.out_channels, std::max(1, in_channels / g), layer.kernel.h, layer.kernel.w};
        case OpKind::ConvTranspose2d:
            return {in_channels, std::max(1, layer.out_channels / g), layer.kernel.h, layer.kernel.w};
        case OpKind::MaxPool2d:
        case OpKind::AvgPool2d: break;
    }
    return {0, 0, 0, 0};
}

// [SECTION] Shapes

namespace {

// a·b for non-negative counts, INT64_MAX when it would overflow: a cost or a
// parameter count of an absurd stack reads as "too many", never wraps.
int64_t MulSat(int64_t a, int64_t b) {
    if (a <= 0 || b <= 0) return 0;
    return a > INT64_MAX / b ? INT64_MAX : a * b;
}
int64_t AddSat(int64_t a, int64_t b) { return a > INT64_MAX - b ? INT64_MAX : a + b; }

Result<Shape> Refuse(const Layer& layer, const std::string& why) {
    return Result<Shape>::Fail(KindName(layer) + ": " + why);
}

// A side the planner can hold (an int with room for the sums of padding).
bool SideFits(int64_t side) { return side >= 1 && side <= kMaxGeometrySide; }

// The shapes of the layers the engine does not compute, by PyTorch's rules.
Result<Shape> OutShapeOfUndrawn(const Layer& layer, Shape in, bool in_flat) {
    const std::string map = std::to_string(in.c) + "x" + std::to_string(in.h) + "x" + std::to_string(in.w);
    if (in_flat && layer.kind() != LayerKind::PassThrough && layer.kind() != LayerKind::Flatten &&
        layer.kind() != LayerKind::Linear)
        return Refuse(layer, "it needs a C×H×W map, but the chain was flattened to " + std::to_string(in.w) +
                                 " features.");
    if (auto* pad = std::get_if<Pad2dOptions>(&layer.options)) {
        const Padding4& p = pad->pad;
        if (pad->mode != PaddingMode::Zeros && (p.top < 0 || p.bottom < 0 || p.left < 0 || p.right < 0))
            return Refuse(layer, "padding must be >= 0 in this mode (only zero or constant padding crops).");
        if (pad->mode == PaddingMode::Reflect &&
            (std::max(p.top, p.bottom) >= in.h || std::max(p.left, p.right) >= in.w))
            return Refuse(layer, "reflect padding must be smaller than the input (" + map + ") on each side.");
        if (pad->mode == PaddingMode::Circular && (std::max(p.top, p.bottom) > in.h || std::max(p.left, p.right) > in.w))
            return Refuse(layer, "circular padding may be at most the input (" + map + ") on each side.");
        const int64_t h = int64_t(in.h) + p.top + p.bottom, w = int64_t(in.w) + p.left + p.right;
        if (h < 1 || w < 1) return Refuse(layer, "the padding crops the " + map + " input to nothing.");
        if (!SideFits(h) || !SideFits(w)) return Refuse(layer, "the padded side is past " + std::to_string(kMaxGeometrySide) + ".");
        return Shape{1, in.c, int(h), int(w)};
    }
    if (auto* ap = std::get_if<AdaptivePool2dOptions>(&layer.options)) {
        if (ap->output.h < 0 || ap->output.w < 0) return Refuse(layer, "the output size must be >= 1.");
        const int h = ap->output.h == 0 ? in.h : ap->output.h, w = ap->output.w == 0 ? in.w : ap->output.w;
        if (!SideFits(h) || !SideFits(w)) return Refuse(layer, "the output side is past " + std::to_string(kMaxGeometrySide) + ".");
        return Shape{1, in.c, h, w};
    }
    if (auto* up = std::get_if<UpsampleOptions>(&layer.options)) {
        int64_t h, w;
        if (up->size.h > 0 || up->size.w > 0) {
            h = up->size.h, w = up->size.w;
        } else {
            if (up->scale.h < 1 || up->scale.w < 1) return Refuse(layer, "the scale factor must be an integer >= 1.");
            h = int64_t(in.h) * up->scale.h, w = int64_t(in.w) * up->scale.w;
        }
        if (h < 1 || w < 1) return Refuse(layer, "the output size must be >= 1.");
        if (!SideFits(h) || !SideFits(w)) return Refuse(layer, "the output side is past " + std::to_string(kMaxGeometrySide) + ".");
        return Shape{1, in.c, int(h), int(w)};
    }
    if (layer.kind() == LayerKind::Flatten) {
        if (in_flat) return in;
        const int64_t f = in.Count() / std::max(1, in.n);
        if (f > kMaxGeometryFeatures)
            return Refuse(layer, map + " is " + std::to_string(f) + " features, past " +
                                     std::to_string(kMaxGeometryFeatures) + ".");
        return Shape{1, 1, 1, int(f)};
    }
    if (auto* lin = std::get_if<LinearOptions>(&layer.options)) {
        if (lin->in_features < 0 || lin->out_features < 1) return Refuse(layer, "features must be >= 1.");
        if (lin->out_features > kMaxGeometryFeatures)
            return Refuse(layer, "more than " + std::to_string(kMaxGeometryFeatures) + " output features.");
        if (lin->in_features > 0 && lin->in_features != in.w)
            return Refuse(layer, "in_features=" + std::to_string(lin->in_features) + " but its input has " +
                                     (in_flat ? std::to_string(in.w) + " features"
                                              : "a last axis of " + std::to_string(in.w) + " (" + map +
                                                    "; flatten first?)") +
                                     ".");
        return Shape{1, in.c, in.h, lin->out_features};
    }
    return in;  // pass-through
}

// Σ over an adaptive pool's output cells of their window lengths, on one axis.
int64_t AdaptiveTaps(int64_t in, int64_t out) {
    int64_t sum = 0;
    for (int64_t i = 0; i < out; ++i) {
        const AdaptiveWindow win = AdaptiveWindowOf(i, in, out);
        sum += win.end - win.start;
    }
    return sum;
}

}  // namespace

template <class Plan>
Result<Shape> OutOf(const Result<Plan>& plan) {
    return plan.ok() ? Result<Shape>(plan.value().out) : Result<Shape>::Fail(plan.error());
}

std::string KindName(const Layer& layer) {
    struct Visit {
        std::string operator()(const Conv2dOptions&) const { return "Conv2d"; }
        std::string operator()(const ConvTranspose2dOptions&) const { return "ConvTranspose2d"; }
        std::string operator()(const MaxPool2dOptions&) const { return "MaxPool2d"; }
        std::string operator()(const AvgPool2dOptions&) const { return "AvgPool2d"; }
        std::string operator()(const PassThroughOptions& o) const { return o.name.empty() ? "Identity" : o.name; }
        std::string operator()(const Pad2dOptions& o) const {
            switch (o.mode) {
                case PaddingMode::Zeros: return o.value == 0 ? "ZeroPad2d" : "ConstantPad2d";
                case PaddingMode::Reflect: return "ReflectionPad2d";
                case PaddingMode::Replicate: return "ReplicationPad2d";
                case PaddingMode::Circular: return "CircularPad2d";
            }
            return "ZeroPad2d";
        }
        std::string operator()(const AdaptivePool2dOptions& o) const {
            return o.max ? "AdaptiveMaxPool2d" : "AdaptiveAvgPool2d";
        }
        std::string operator()(const UpsampleOptions&) const { return "Upsample"; }
        std::string operator()(const FlattenOptions&) const { return "Flatten"; }
        std::string operator()(const LinearOptions&) const { return "Linear"; }
    };
    return std::visit(Visit{}, layer.options);
}

AdaptiveWindow AdaptiveWindowOf(int64_t i, int64_t in, int64_t out) {
    if (out <= 0) return {};
    return {(i * in) / out, ((i + 1) * in + out - 1) / out};
}

Result<Shape> OutShapeOf(const Layer& layer, Shape in, bool in_flat) {
    if (!layer.drawn()) return OutShapeOfUndrawn(layer, in, in_flat);
    if (in_flat)
        return Refuse(layer, "it needs a C×H×W map, but the chain was flattened to " + std::to_string(in.w) +
                                 " features.");
    struct Visit {
        const Layer& layer;
        Shape x;
        // The engine's own plans, with the geometry bound instead of what it
        // allocates: a 3x16384x16384 input has a shape even though no value of
        // it is ever computed here.
        Result<Shape> operator()(const Conv2dOptions& o) const {
            return OutOf(PlanConv2d(x, WeightShapeOf(layer, x.c), 0, o, kMaxGeometryElements));
        }
        Result<Shape> operator()(const ConvTranspose2dOptions& o) const {
            return OutOf(PlanConvTranspose2d(x, WeightShapeOf(layer, x.c), 0, o, kMaxGeometryElements));
        }
        Result<Shape> operator()(const MaxPool2dOptions& o) const { return OutOf(PlanMaxPool2d(x, o, kMaxGeometryElements)); }
        Result<Shape> operator()(const AvgPool2dOptions& o) const { return OutOf(PlanAvgPool2d(x, o, kMaxGeometryElements)); }
    };
    Result<Shape> out = std::visit(WithUndrawn<Result<Shape>>(Visit{layer, Shape{1, in.c, in.h, in.w}}), layer.options);
    // A transposed conv's weights carry out_channels / groups, so the engine's
    // shape check cannot see a remainder there: refuse it as the picture (and
    // PyTorch) does.
    if (const int g = GroupCount(layer); out.ok() && layer.op() == OpKind::ConvTranspose2d && g > 0 &&
                                         layer.out_channels % g != 0)
        return Result<Shape>::Fail("groups=" + std::to_string(g) + " must divide the output channels (" +
                                   std::to_string(layer.out_channels) + "): use a multiple of " +
                                   std::to_string(g) + " filters.");
    return out;
}

// [SECTION] Costs

int64_t ParamsOf(const Layer& layer, Shape in) {
    switch (layer.kind()) {
        case LayerKind::Conv2d:
        case LayerKind::ConvTranspose2d:
            return AddSat(WeightShapeOf(layer, in.c).Count(), layer.bias ? layer.out_channels : 0);
        case LayerKind::PassThrough: return std::get<PassThroughOptions>(layer.options).params;
        case LayerKind::Linear: {
            const auto& o = std::get<LinearOptions>(layer.options);
            const int64_t fin = o.in_features > 0 ? o.in_features : in.w;
            return AddSat(MulSat(fin, o.out_features), layer.bias ? o.out_features : 0);
        }
        default: return 0;
    }
}

int64_t MultiplyAddsOf(const Layer& layer, Shape in, Shape out) {
    const Size2 k = KernelOf(layer);
    const int64_t taps = MulSat(k.h, k.w);
    const int64_t g = GroupCount(layer);
    switch (layer.kind()) {
        case LayerKind::Conv2d: return MulSat(MulSat(out.Count(), in.c / g), taps);
        case LayerKind::ConvTranspose2d: return MulSat(MulSat(in.Count(), out.c / g), taps);
        case LayerKind::MaxPool2d:
        case LayerKind::AvgPool2d: return MulSat(out.Count(), taps);
        case LayerKind::AdaptivePool2d:
            return MulSat(MulSat(in.c, AdaptiveTaps(in.h, out.h)), AdaptiveTaps(in.w, out.w));
        case LayerKind::Linear: return MulSat(out.Count(), in.w);
        default: return 0;
    }
}

}  // namespace cp
