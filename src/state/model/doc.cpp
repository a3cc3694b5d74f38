// doc.cpp — doc.h: the default document, and the chain of plans through its
// layers (one layer's shape, picture and costs are layers.cpp's).
#include "state/model/doc.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>

#include "engine/geometry.h"
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

std::vector<LayerPlan> PlanDoc(const Doc& doc, bool* too_large, Workspace* ws, int max_side) {
    std::vector<LayerPlan> plans;
    plans.reserve(doc.layers.size());
    Shape in{1, doc.input.channels, doc.input.h, doc.input.w};
    bool chain_ok = true, flat = false;
    ValueBudget budget;
    for (size_t i = 0; i < doc.layers.size(); ++i) {
        LayerPlan plan;
        plan.in = in;
        plan.in_flat = flat;
        plan.index = int(i);
        plan.flipped = doc.flip_kernel;
        if (chain_ok) {
            plan.out = OutShapeOf(doc.layers[i], in, flat);
            plan.picture = plan.out.ok() ? PictureOf(doc.layers[i], in, too_large, max_side)
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
            flat = plan.flat = FlatAfter(doc.layers[i], flat);
            plan.params = ParamsOf(doc.layers[i], plan.in);
            plan.macs = MultiplyAddsOf(doc.layers[i], plan.in, in);
            budget.Add(plan.in, in, plan.macs);
        }
        plans.push_back(std::move(plan));
    }
    // The values, down the chain, while the whole stack stays interactive.
    if (ws && budget.Fits()) {
        for (size_t i = 0; i < plans.size(); ++i) {
            LayerPlan& plan = plans[i];
            if (!plan.picture.ok() || !doc.layers[i].drawn()) break;
            plan.input = i == 0 ? InputTensor(doc.input) : plans[i - 1].output;
            plan.weights = WeightTensor(doc.layers[i], int(i), plan.in.c, doc.flip_kernel);
            if (plan.input.shape == plan.in) ComputeLayer(doc.layers[i], plan, *ws);
            else plan.input = Tensor{};
        }
    }
    return plans;
}

}  // namespace cp
