// doc.cpp — doc.h: the default document, kernels of every op, and the chain
// of picture plans through the layers.
#include "state/model/doc.h"

#include <algorithm>
#include <string>

#include "state/model/limits.h"
#include "state/model/values.h"

namespace cp {

Doc DefaultDoc() {
    Doc doc;
    Layer conv;
    Conv2dOptions o;
    o.pad = Padding4::Symmetric(1, 1);
    conv.options = o;
    conv.kernel = {3, 3};
    doc.layers.push_back(conv);
    return doc;
}

Size2 KernelOf(const Layer& layer) {
    if (auto* m = std::get_if<MaxPool2dOptions>(&layer.options)) return m->kernel;
    if (auto* a = std::get_if<AvgPool2dOptions>(&layer.options)) return a->kernel;
    return layer.kernel;
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
    return std::visit(Visit{}, layer.options);
}

void SetStride(Layer& layer, Size2 stride) {
    std::visit([&](auto& o) { o.stride = stride; }, layer.options);
}

Size2 PaddingOf(const Layer& layer) {
    struct Visit {
        Size2 operator()(const Conv2dOptions& o) const { return {o.pad.top, o.pad.left}; }
        Size2 operator()(const ConvTranspose2dOptions& o) const { return o.padding; }
        Size2 operator()(const MaxPool2dOptions& o) const { return o.padding; }
        Size2 operator()(const AvgPool2dOptions& o) const { return o.padding; }
    };
    return std::visit(Visit{}, layer.options);
}

void SetPadding(Layer& layer, Size2 p) {
    struct Visit {
        Size2 p;
        void operator()(Conv2dOptions& o) const { o.pad = Padding4::Symmetric(p.h, p.w); }
        void operator()(ConvTranspose2dOptions& o) const { o.padding = p; }
        void operator()(MaxPool2dOptions& o) const { o.padding = p; }
        void operator()(AvgPool2dOptions& o) const { o.padding = p; }
    };
    std::visit(Visit{p}, layer.options);
}

bool HasDilation(const Layer& layer) { return layer.op() != OpKind::AvgPool2d; }

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
    if (layer.op() == op) return layer;
    Layer next;
    switch (op) {
        case OpKind::Conv2d: next.options = Conv2dOptions{}; break;
        case OpKind::ConvTranspose2d: next.options = ConvTranspose2dOptions{}; break;
        case OpKind::MaxPool2d: next.options = MaxPool2dOptions{}; break;
        case OpKind::AvgPool2d: next.options = AvgPool2dOptions{}; break;
    }
    next.out_channels = layer.out_channels;
    // Both convs have weights of the same meaning: the preset carries over.
    if (op == OpKind::Conv2d || op == OpKind::ConvTranspose2d) next.kernel_preset = layer.kernel_preset;
    SetKernel(next, KernelOf(layer));
    SetStride(next, StrideOf(layer));
    SetPadding(next, PaddingOf(layer));
    if (HasDilation(layer)) SetDilation(next, DilationOf(layer));
    return next;
}

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
    return std::visit(Visit{layer, in, too_large, max_side}, layer.options);
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
    switch (layer.op()) {
        case OpKind::Conv2d: return {layer.out_channels, std::max(1, in_channels / g), layer.kernel.h, layer.kernel.w};
        case OpKind::ConvTranspose2d:
            return {in_channels, std::max(1, layer.out_channels / g), layer.kernel.h, layer.kernel.w};
        case OpKind::MaxPool2d:
        case OpKind::AvgPool2d: break;
    }
    return {0, 0, 0, 0};
}

Result<Shape> OutShapeOf(const Layer& layer, Shape in) {
    struct Visit {
        const Layer& layer;
        Shape x;
        Result<Shape> operator()(const Conv2dOptions& o) const {
            return Conv2dOutputShape(x, WeightShapeOf(layer, x.c), o);
        }
        Result<Shape> operator()(const ConvTranspose2dOptions& o) const {
            return ConvTranspose2dOutputShape(x, WeightShapeOf(layer, x.c), o);
        }
        Result<Shape> operator()(const MaxPool2dOptions& o) const { return MaxPool2dOutputShape(x, o); }
        Result<Shape> operator()(const AvgPool2dOptions& o) const { return AvgPool2dOutputShape(x, o); }
    };
    Result<Shape> out = std::visit(Visit{layer, Shape{1, in.c, in.h, in.w}}, layer.options);
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

int64_t MultiplyAddsOf(const Layer& layer, Shape in, Shape out) {
    const Size2 k = KernelOf(layer);
    const int64_t taps = int64_t(k.h) * k.w;
    const int64_t g = GroupCount(layer);
    switch (layer.op()) {
        case OpKind::Conv2d: return out.Count() * (in.c / g) * taps;
        case OpKind::ConvTranspose2d: return in.Count() * (out.c / g) * taps;
        case OpKind::MaxPool2d:
        case OpKind::AvgPool2d: break;
    }
    return out.Count() * taps;
}

std::vector<LayerPlan> PlanDoc(const Doc& doc, bool* too_large, Workspace* ws) {
    std::vector<LayerPlan> plans;
    plans.reserve(doc.layers.size());
    Shape in{1, doc.input.channels, doc.input.h, doc.input.w};
    bool chain_ok = true;
    int64_t work = 0;  // the chain's multiply-adds, by geometry
    for (size_t i = 0; i < doc.layers.size(); ++i) {
        LayerPlan plan;
        plan.in = in;
        plan.index = int(i);
        plan.flipped = doc.flip_kernel;
        if (chain_ok) {
            plan.out = OutShapeOf(doc.layers[i], in);
            plan.picture = plan.out.ok() ? PictureOf(doc.layers[i], in, too_large)
                                         : Result<LayerPicture>::Fail(plan.out.error());
        } else {
            const std::string why = "layer " + std::to_string(i) + " is invalid, so layer " + std::to_string(i + 1) +
                                    " has no input.";
            plan.out = Result<Shape>::Fail(why);
            plan.picture = Result<LayerPicture>::Fail(why);
        }
        chain_ok = plan.out.ok();
        if (chain_ok) {
            in = plan.out.value();
            work += MultiplyAddsOf(doc.layers[i], plan.in, in);
        }
        plans.push_back(std::move(plan));
    }
    // The values, down the chain, while the whole stack stays interactive.
    if (ws && work <= kMaxMultiplyAdds) {
        for (size_t i = 0; i < plans.size(); ++i) {
            LayerPlan& plan = plans[i];
            if (!plan.picture.ok()) break;
            plan.input = i == 0 ? InputTensor(doc.input) : plans[i - 1].output;
            plan.weights = WeightTensor(doc.layers[i], int(i), plan.in.c, doc.flip_kernel);
            if (plan.input.shape == plan.in) ComputeLayer(doc.layers[i], plan, *ws);
            else plan.input = Tensor{};
        }
    }
    return plans;
}

}  // namespace cp
