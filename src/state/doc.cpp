// doc.cpp — doc.h: the default document, kernels of every op, and the chain
// of picture plans through the layers.
#include "state/doc.h"

#include <string>

#include "state/limits.h"
#include "state/values.h"

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

Result<LayerPicture> PictureOf(const Layer& layer, Shape in, bool* too_large) {
    struct Visit {
        const Layer& layer;
        Shape in;
        bool* too_large;
        Result<LayerPicture> operator()(const Conv2dOptions& o) const {
            return PictureConv2d(in, layer.kernel, layer.out_channels, o, kMaxPictureSide, too_large);
        }
        Result<LayerPicture> operator()(const ConvTranspose2dOptions& o) const {
            return PictureConvTranspose2d(in, layer.kernel, layer.out_channels, o, kMaxPictureSide, too_large);
        }
        Result<LayerPicture> operator()(const MaxPool2dOptions& o) const {
            return PictureMaxPool2d(in, o, kMaxPictureSide, too_large);
        }
        Result<LayerPicture> operator()(const AvgPool2dOptions& o) const {
            return PictureAvgPool2d(in, o, kMaxPictureSide, too_large);
        }
    };
    return std::visit(Visit{layer, in, too_large}, layer.options);
}

std::vector<LayerPlan> PlanDoc(const Doc& doc, bool* too_large, Workspace* ws) {
    std::vector<LayerPlan> plans;
    plans.reserve(doc.layers.size());
    Shape in{1, doc.input.channels, doc.input.h, doc.input.w};
    bool chain_ok = true;
    for (size_t i = 0; i < doc.layers.size(); ++i) {
        LayerPlan plan;
        plan.in = in;
        plan.index = int(i);
        plan.flipped = doc.flip_kernel;
        if (chain_ok) {
            plan.picture = PictureOf(doc.layers[i], in, too_large);
        } else {
            plan.picture = Result<LayerPicture>::Fail("layer " + std::to_string(i) + " is invalid, so layer " +
                                                      std::to_string(i + 1) + " has no input.");
        }
        chain_ok = plan.picture.ok();
        if (chain_ok && ws) {  // the values, down the chain
            plan.input = i == 0 ? InputTensor(doc.input) : plans.back().output;
            plan.weights = WeightTensor(doc.layers[i], int(i), in.c, doc.flip_kernel);
            if (plan.input.shape == in) ComputeLayer(doc.layers[i], plan, *ws);
            else plan.input = Tensor{};
        }
        if (chain_ok) in = plan.picture.value().out;
        plans.push_back(std::move(plan));
    }
    return plans;
}

}  // namespace cp
