// quiz.cpp — quiz.h: the scene without the answer.
#include "scene/quiz.h"

#include <algorithm>

namespace cp {
namespace {

constexpr float kBoxSide = 3;  // the "?" box, cells: room for its caption

void HideOutput(Scene& scene) {
    const SceneGrid* out = scene.Grid("output");
    const SceneGrid* src = scene.Grid("source");
    if (!out || !src) return;
    // Everything right of the source grid is the output's column (the output,
    // the kernel under it, their plates, frames and captions).
    const float column = out->x, top = src->y;
    const float source_bottom = src->y + float(src->rows);
    std::erase_if(scene.grids, [&](const SceneGrid& g) { return g.x >= column; });
    std::erase_if(scene.plates, [&](const SceneFrame& f) { return f.x >= column; });
    std::erase_if(scene.frames, [&](const SceneFrame& f) { return f.x >= column; });
    // The caption (the first label) chains the sizes and ends with the
    // output's: ask for it instead.
    SceneLabel caption;
    const bool has_caption = !scene.labels.empty() && scene.labels.front().anchor == Anchor::Above;
    if (has_caption) {
        caption = scene.labels.front();
        const size_t arrow = caption.text.rfind(" \xE2\x86\x92 ");
        if (arrow != std::string::npos) caption.text = caption.text.substr(0, arrow) + " \xE2\x86\x92 ?";
        scene.labels.erase(scene.labels.begin());
    }
    std::erase_if(scene.labels, [&](const SceneLabel& l) { return l.anchor == Anchor::Below || l.x >= column; });
    for (SceneGrid& g : scene.grids)
        for (uint16_t& f : g.flags) f = uint16_t(f & ~(kCellTrail | kCellUnread | kCellLinked));

    // A "?" where the output was, and the arrow into it.
    const float box_y = top + std::max(0.0f, (source_bottom - top - kBoxSide) / 2);
    scene.frames.push_back({column, box_y, kBoxSide, kBoxSide, Paint::GridFrame, 2});
    scene.labels.push_back({column + kBoxSide / 2, box_y + kBoxSide / 2, "?", Paint::Caption, Anchor::Center, true});
    scene.labels.push_back({column + kBoxSide / 2, box_y, "output ? \xC3\x97 ?", Paint::Caption, Anchor::Above, false});
    for (SceneArrow& a : scene.arrows) {
        a.x1 = column - 0.08f;
        a.y1 = box_y + kBoxSide / 2;
        const float mid = (a.x0 + a.x1) / 2;
        a.cx0 = mid, a.cy0 = a.y0, a.cx1 = mid, a.cy1 = a.y1;
    }
    scene.width = column + kBoxSide;
    scene.height = std::max(source_bottom, box_y + kBoxSide);
    if (has_caption) {
        caption.x = scene.width / 2;
        scene.labels.insert(scene.labels.begin(), caption);
    }
    scene.steps = 0;
    scene.step = scene.out_row = scene.out_col = 0;
}

}  // namespace

Scene BuildShownScene(const LayerPlan& plan, const View& view) {
    if (!view.HidesOutput()) return BuildScene(plan, view);
    // What would count windows for the student goes before the scene is built.
    View v = view;
    v.step = 0, v.playing = false, v.heatmap = false;
    v.hover = v.hover_input = v.pinned = CellRef{};
    Scene scene = BuildScene(plan, v);
    if (scene.error.empty()) HideOutput(scene);
    return scene;
}

}  // namespace cp
