// doc.cpp — doc.h: the default document, kernels of every op, and the chain
// of picture plans through the layers.
#include "state/doc.h"

#include <string>

#include "state/limits.h"

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

std::vector<LayerPlan> PlanDoc(const Doc& doc, bool* too_large) {
    std::vector<LayerPlan> plans;
    plans.reserve(doc.layers.size());
    Shape in{1, doc.input.channels, doc.input.h, doc.input.w};
    bool chain_ok = true;
    for (size_t i = 0; i < doc.layers.size(); ++i) {
        LayerPlan plan;
        plan.in = in;
        if (chain_ok) {
            plan.picture = PictureOf(doc.layers[i], in, too_large);
        } else {
            plan.picture = Result<LayerPicture>::Fail("layer " + std::to_string(i) + " is invalid, so layer " +
                                                      std::to_string(i + 1) + " has no input.");
        }
        chain_ok = plan.picture.ok();
        if (chain_ok) in = plan.picture.value().out;
        plans.push_back(std::move(plan));
    }
    return plans;
}

}  // namespace cp
