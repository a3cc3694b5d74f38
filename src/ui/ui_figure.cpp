// ui_figure.cpp — the figure: a small interpreter of the scene (grids,
// frames, arrows, labels) with ImDrawList, fitted to the panel, zoomed and
// panned by the view. Only cells inside the clip rectangle are drawn.
//
// Input: Ctrl + wheel (or pinch) zooms about the pointer, dragging pans when
// zoomed in, a double-click resets. A plain wheel is left to the page, so an
// embedded figure never traps the host page's scrolling.
#include <algorithm>
#include <cmath>

#include "imgui.h"
#include "scene/svg.h"
#include "ui/ui.h"

namespace cp::ui {
namespace {

ImU32 Colour(Paint paint) {
    const Rgba c = PaletteColour(paint);
    return IM_COL32(c.r, c.g, c.b, c.a);
}

// Numbers are drawn only where a cell is at least this wide (CSS pixels):
// smaller ones drop the numbers, never the font size.
constexpr float kMinCellForText = 18;

struct Transform {
    ImVec2 offset;
    float cell = 1;
    ImVec2 At(float x, float y) const { return ImVec2(offset.x + x * cell, offset.y + y * cell); }
};

void DrawGrid(ImDrawList* dl, const SceneGrid& g, const Transform& t, const ImVec4& clip, const Fonts& fonts) {
    // Visible rows and columns only: a zoomed-in large grid costs what is on screen.
    const int c0 = std::max(0, int(std::floor((clip.x - t.offset.x) / t.cell - g.x)));
    const int c1 = std::min(g.cols, int(std::ceil((clip.z - t.offset.x) / t.cell - g.x)));
    const int r0 = std::max(0, int(std::floor((clip.y - t.offset.y) / t.cell - g.y)));
    const int r1 = std::min(g.rows, int(std::ceil((clip.w - t.offset.y) / t.cell - g.y)));
    const float gap = t.cell >= 12 ? 1.0f : 0.0f;
    const bool text = t.cell >= kMinCellForText;
    if (text) ImGui::PushFont(fonts.mono);
    for (int r = r0; r < r1; ++r)
        for (int c = c0; c < c1; ++c) {
            const size_t i = g.At(r, c);
            const ImVec2 a = t.At(g.x + float(c), g.y + float(r)), b = t.At(g.x + float(c + 1), g.y + float(r + 1));
            const uint16_t f = g.flags[i];
            dl->AddRectFilled(a, b, Colour(g.fill[i]));
            if (f & kCellInWindow) dl->AddRectFilled(a, b, Colour((f & kCellTap) ? Paint::Tap : Paint::Window));
            if (text && (f & kCellShowValue)) {
                const std::string v = FormatValue(g.values[i]);
                const ImVec2 size = ImGui::CalcTextSize(v.c_str());
                dl->AddText(ImVec2((a.x + b.x - size.x) / 2, (a.y + b.y - size.y) / 2),
                            Colour((f & kCellInWindow) ? Paint::CellTextOnTap : Paint::CellText), v.c_str());
            }
            if (f & kCellUnread) {  // a cross: no window reads this cell
                const float m = t.cell * 0.3f;
                dl->AddLine(ImVec2(a.x + m, a.y + m), ImVec2(b.x - m, b.y - m), Colour(Paint::Unread), 1.5f);
                dl->AddLine(ImVec2(b.x - m, a.y + m), ImVec2(a.x + m, b.y - m), Colour(Paint::Unread), 1.5f);
            }
            if (gap > 0) dl->AddRect(a, b, Colour(Paint::GridLine), 0, 0, gap);
        }
    if (text) ImGui::PopFont();
}

}  // namespace

void DrawFigure(const Session& session, const Scene& scene, const Fonts& fonts, Edits& edits) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (scene.width <= 0 || avail.x <= 0 || avail.y <= 0) return;
    const View& view = session.view();

    // Fit to the panel, then the view's zoom and pan (in cells).
    const float fit = std::clamp(std::min(avail.x / scene.width, avail.y / scene.height), 4.0f, 44.0f);
    Transform t;
    t.cell = fit * view.zoom;
    t.offset = ImVec2(origin.x + (avail.x - scene.width * t.cell) / 2 + view.pan_x * t.cell,
                      origin.y + (avail.y - scene.height * t.cell) / 2 + view.pan_y * t.cell);
    if (view.zoom <= 1) {  // unzoomed: top-aligned when taller than the panel, as a page would be
        t.offset.x = std::max(t.offset.x, origin.x);
        t.offset.y = std::max(t.offset.y, origin.y);
    }

    ImGui::InvisibleButton("figure", avail);
    const ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsItemHovered() && io.KeyCtrl && io.MouseWheel != 0) {
        View& v = edits.EditView(session);
        const float before = v.zoom;
        v.zoom = std::clamp(v.zoom * std::pow(1.15f, io.MouseWheel), 0.25f, 8.0f);
        // Keep the cell under the pointer where it is.
        const float gx = (io.MousePos.x - t.offset.x) / t.cell, gy = (io.MousePos.y - t.offset.y) / t.cell;
        const float ratio = v.zoom / before;
        v.pan_x += gx * (1 - ratio) / ratio;
        v.pan_y += gy * (1 - ratio) / ratio;
    }
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left) && view.zoom > 1) {
        View& v = edits.EditView(session);
        v.pan_x += io.MouseDelta.x / t.cell;
        v.pan_y += io.MouseDelta.y / t.cell;
    }
    if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        View& v = edits.EditView(session);
        v.zoom = 1, v.pan_x = 0, v.pan_y = 0;
    }

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec4 clip = dl->GetClipRectMax().x > 0 ? ImVec4(dl->GetClipRectMin().x, dl->GetClipRectMin().y,
                                                            dl->GetClipRectMax().x, dl->GetClipRectMax().y)
                                                   : ImVec4(origin.x, origin.y, origin.x + avail.x, origin.y + avail.y);
    for (const SceneGrid& g : scene.grids) DrawGrid(dl, g, t, clip, fonts);
    for (const SceneFrame& f : scene.frames)
        dl->AddRect(t.At(f.x, f.y), t.At(f.x + f.w, f.y + f.h), Colour(f.paint), 2, 0, f.width);
    for (const SceneArrow& a : scene.arrows) {
        const float head = std::clamp(t.cell * a.head, 5.0f, 9.0f);
        const ImVec2 p0 = t.At(a.x0, a.y0), c0 = t.At(a.cx0, a.cy0), c1 = t.At(a.cx1, a.cy1), tip = t.At(a.x1, a.y1);
        dl->AddBezierCubic(p0, c0, c1, ImVec2(tip.x - head, tip.y), Colour(a.paint), 1.5f);
        dl->AddTriangleFilled(tip, ImVec2(tip.x - head, tip.y - head * 0.6f), ImVec2(tip.x - head, tip.y + head * 0.6f),
                              Colour(a.paint));
    }
    for (const SceneLabel& l : scene.labels) {
        if (l.mono) ImGui::PushFont(fonts.mono);
        const ImVec2 size = ImGui::CalcTextSize(l.text.c_str());
        const ImVec2 p = t.At(l.x, l.y);
        const ImVec2 at = l.anchor == Anchor::Above ? ImVec2(p.x - size.x / 2, p.y - size.y - 6)
                                                    : ImVec2(p.x - size.x / 2, p.y - size.y / 2);
        dl->AddText(at, Colour(l.paint), l.text.c_str());
        if (l.mono) ImGui::PopFont();
    }
}

}  // namespace cp::ui
