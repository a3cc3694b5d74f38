// summary.cpp — summary.h.
#include "scene/summary.h"

namespace cp {
namespace {

std::string ShapeText(Shape s, bool flat) {
    if (flat) return std::to_string(s.w) + " features";
    return std::to_string(s.c) + "\xC3\x97" + std::to_string(s.h) + "\xC3\x97" + std::to_string(s.w);
}

}  // namespace

Scene SummaryScene(const LayerPlan& plan, const std::string& why) {
    Scene scene;
    constexpr float kBox = 6, kGap = 4, kTop = 1.5f;
    const Shape out = plan.out.value();
    struct Block {
        float x;
        Paint fill;
        const char* caption;
        std::string shape;
    };
    const Block blocks[] = {{0, Paint::Input, "input", ShapeText(plan.in, plan.in_flat)},
                            {kBox + kGap, Paint::Output, "output", ShapeText(out, plan.flat)}};
    for (const Block& b : blocks) {
        scene.plates.push_back({b.x, kTop, kBox, kBox, b.fill, 1});
        scene.frames.push_back({b.x, kTop, kBox, kBox, Paint::GridFrame, 1});
        scene.labels.push_back({b.x + kBox / 2, kTop - 0.3f, b.caption, Paint::Caption, Anchor::Above, false});
        scene.labels.push_back({b.x + kBox / 2, kTop + kBox / 2, b.shape, Paint::CellTextStrong, Anchor::Center, true});
    }
    const float y = kTop + kBox / 2;
    scene.arrows.push_back({kBox + 0.4f, y, kBox + kGap / 2, y, kBox + kGap / 2, y, kBox + kGap - 0.4f, y, 0.4f,
                            Paint::Arrow});
    scene.labels.push_back({0, kTop + kBox + 0.8f, why, Paint::Caption, Anchor::Below, false});
    scene.width = 2 * kBox + kGap;
    scene.height = kTop + kBox + 2;
    return scene;
}

}  // namespace cp
