// doc.cpp — doc.h: the default document, and the chain of plans through its
// layers (one layer's shape, picture and costs are layers.cpp's).
#include "state/model/doc.h"

#include <algorithm>
#include <atomic>
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

namespace {
std::atomic<uint64_t> g_plan_doc_runs{0};  // PlanDocRuns: a count for tests, nothing reads it to decide
}  // namespace

uint64_t PlanDocRuns() { return g_plan_doc_runs.load(std::memory_order_relaxed); }

std::vector<LayerPlan> PlanDoc(const Doc& doc, bool* too_large, Workspace* ws, int max_side) {
    g_plan_doc_runs.fetch_add(1, std::memory_order_relaxed);
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
            // One engine plan per drawn layer: a picture is planned by the
            // same Plan* as the shape (with a tighter element bound), so a
            // layer with a picture has its shape; only the others (not
            // drawn, refused, or too large to draw) are shaped on their own.
            if (doc.layers[i].drawn() && !flat) plan.picture = PictureOf(doc.layers[i], in, too_large, max_side);
            plan.out = plan.picture.ok() ? Result<Shape>(plan.picture.value().out) : OutShapeOf(doc.layers[i], in, flat);
            if (!plan.out.ok()) plan.picture = Result<LayerPicture>::Fail(plan.out.error());
            else if (!doc.layers[i].drawn()) plan.picture = PictureOf(doc.layers[i], in);  // why it is not drawn
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
