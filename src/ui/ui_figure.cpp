// ui_figure.cpp — draws the ConvScene display list with ImDrawList, scaled to
// fit the panel: padded input, kernel window, output grid and their captions.
#include <algorithm>

#include "imgui.h"
#include "scene/conv_scene.h"
#include "ui/ui.h"

namespace cp::ui {
namespace {

// Colours chosen to stay distinct for the common colour-vision deficiencies:
// blue input, grey padding, amber window and output step.
constexpr ImU32 kInput = IM_COL32(52, 92, 140, 255);
constexpr ImU32 kPadding = IM_COL32(44, 48, 56, 255);
constexpr ImU32 kWindow = IM_COL32(214, 142, 40, 60);   // the window's span, over what it covers
constexpr ImU32 kTap = IM_COL32(240, 170, 60, 190);      // a tap: translucent, so padding still reads as padding
constexpr ImU32 kOutput = IM_COL32(48, 110, 96, 255);
constexpr ImU32 kCurrent = IM_COL32(240, 170, 60, 255);
constexpr ImU32 kGridLine = IM_COL32(22, 24, 29, 255);
constexpr ImU32 kGridFrame = IM_COL32(120, 128, 142, 255);
constexpr ImU32 kInputFrame = IM_COL32(150, 190, 240, 255);
constexpr ImU32 kWindowFrame = IM_COL32(250, 200, 110, 255);
constexpr ImU32 kNeverRead = IM_COL32(255, 120, 110, 200);
constexpr ImU32 kCaption = IM_COL32(200, 206, 216, 255);

}  // namespace

void DrawFigure(const ConvScene& scene, const Fonts& fonts) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (scene.width <= 0 || avail.x <= 0 || avail.y <= 0) return;

    const float cell = std::clamp(std::min(avail.x / scene.width, avail.y / scene.height), 4.0f, 44.0f);
    const ImVec2 offset(origin.x + std::max(0.0f, (avail.x - scene.width * cell) / 2),
                        origin.y + std::max(0.0f, (avail.y - scene.height * cell) / 2));
    auto at = [&](float x, float y) { return ImVec2(offset.x + x * cell, offset.y + y * cell); };
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float gap = cell >= 12 ? 1.0f : 0.0f;

    for (const SceneCell& c : scene.cells) {
        const ImVec2 a = at(c.x, c.y), b = at(c.x + 1, c.y + 1);
        ImU32 fill = c.role == CellRole::Input ? kInput : c.role == CellRole::Padding ? kPadding : kOutput;
        if (c.current) fill = kCurrent;
        dl->AddRectFilled(a, b, fill);
        if (c.in_window) dl->AddRectFilled(a, b, c.is_tap ? kTap : kWindow);
        if (c.role == CellRole::Padding && cell >= 18) {  // zeros: a small 0 when there is room
            ImGui::PushFont(fonts.mono);
            const ImVec2 t = ImGui::CalcTextSize("0");
            dl->AddText(ImVec2((a.x + b.x - t.x) / 2, (a.y + b.y - t.y) / 2),
                        c.in_window ? IM_COL32(40, 30, 10, 255) : IM_COL32(110, 116, 128, 255), "0");
            ImGui::PopFont();
        }
        if (c.never_read) {  // a cross: the floor in the size formula drops it
            const float m = cell * 0.3f;
            dl->AddLine(ImVec2(a.x + m, a.y + m), ImVec2(b.x - m, b.y - m), kNeverRead, 1.5f);
            dl->AddLine(ImVec2(b.x - m, a.y + m), ImVec2(a.x + m, b.y - m), kNeverRead, 1.5f);
        }
        if (gap > 0) dl->AddRect(a, b, kGridLine, 0, 0, gap);
    }
    for (const SceneFrame& f : scene.frames) {
        const ImU32 colour = f.role == FrameRole::Window ? kWindowFrame : f.role == FrameRole::Input ? kInputFrame : kGridFrame;
        dl->AddRect(at(f.x, f.y), at(f.x + f.w, f.y + f.h), colour, 2, 0, f.role == FrameRole::Grid ? 1.0f : 2.0f);
    }
    for (const SceneArrow& arrow : scene.arrows) {
        const ImVec2 p0 = at(arrow.x0, arrow.y0), p1 = at(arrow.x1, arrow.y1);
        const float head = std::clamp(cell * 0.3f, 5.0f, 9.0f);
        const ImVec2 tip(p1.x - 3, p1.y);
        dl->AddBezierCubic(ImVec2(p0.x + 4, p0.y), ImVec2((p0.x + tip.x) / 2, p0.y), ImVec2((p0.x + tip.x) / 2, tip.y),
                           ImVec2(tip.x - head, tip.y), IM_COL32(250, 200, 110, 170), 1.5f);
        dl->AddTriangleFilled(tip, ImVec2(tip.x - head, tip.y - head * 0.6f), ImVec2(tip.x - head, tip.y + head * 0.6f),
                              IM_COL32(250, 200, 110, 220));
    }
    for (const SceneLabel& l : scene.labels) {  // centred, sitting just above the line y
        const ImVec2 t = ImGui::CalcTextSize(l.text.c_str());
        const ImVec2 p = at(l.x, l.y);
        dl->AddText(ImVec2(p.x - t.x / 2, p.y - t.y - 6), kCaption, l.text.c_str());
    }
    ImGui::Dummy(avail);
}

}  // namespace cp::ui
