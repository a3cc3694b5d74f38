// ui_figure.cpp — the figure: a small interpreter of the scene (plates,
// grids, frames, arrows, labels, notes) with ImDrawList, fitted to the
// panel, zoomed and panned by the view. Only cells inside the clip rectangle
// are drawn. It returns edits; it computes nothing the scene does not say.
//
// Input: hovering an output cell shows its window, a click pins it (again:
// unpins); hovering an input cell links the outputs that read it. A click on
// an input or kernel cell adds 1, a right- or shift-click subtracts 1 (the
// tooltip says so). Ctrl + wheel (or pinch) zooms about the pointer, dragging
// pans when zoomed in, a double-click on empty space resets. A plain wheel is
// left to the page, so an embedded figure never traps the host page's scrolling.
#include <algorithm>
#include <cmath>
#include <vector>

#include "imgui.h"
#include "scene/number_format.h"
#include "ui/ui_draw.h"
#include "ui/ui.h"

namespace cp::ui {
namespace {

// Numbers are drawn only where a cell is at least this wide (CSS pixels):
// smaller ones drop the numbers, never the font size.
constexpr float kMinCellForText = 18;
constexpr float kDimmedAlpha = 0.35f;  // the last valid picture, behind an error

struct Painter {
    bool dark = true;
    float alpha = 1;
    ImU32 operator()(Paint paint) const {
        const Rgba c = PaletteColour(paint, dark);
        return IM_COL32(c.r, c.g, c.b, int(float(c.a) * alpha));
    }
};

struct Transform {
    ImVec2 offset;
    float cell = 1;
    ImVec2 At(float x, float y) const { return ImVec2(offset.x + x * cell, offset.y + y * cell); }
};

// A texture grid (image mode's picture, maps and ramp): its GL texture
// stretched over the grid, faded with the figure. Noted as a widget
// ("figure.<name>"), so the page API and tests find where it was drawn.
void DrawTextureGrid(ImDrawList* dl, const SceneGrid& g, const Transform& t, const Painter& colour,
                     const std::vector<unsigned>* textures) {
    const ImVec2 a = t.At(g.x, g.y), b = t.At(g.x + float(g.cols) * g.cell, g.y + float(g.rows) * g.cell);
    const unsigned id = textures && g.texture >= 0 && size_t(g.texture) < textures->size() ? (*textures)[size_t(g.texture)] : 0;
    if (id) dl->AddImage(TextureOf(id), a, b, ImVec2(0, 0), ImVec2(1, 1), IM_COL32(255, 255, 255, int(255 * colour.alpha)));
    else dl->AddRectFilled(a, b, colour(Paint::Outside));
    NoteWidget(("figure." + g.name).c_str(), a.x, a.y, b.x - a.x, b.y - a.y);
}

// Padding's hatch over the rectangle a..b: the lines x + y = k * step
// (k = 1, 2, ...) from its top-left corner, each cut to the rectangle.
void Hatch(ImDrawList* dl, const ImVec2& a, const ImVec2& b, float step, ImU32 colour) {
    const float w = b.x - a.x, h = b.y - a.y;
    for (float s = step; s < w + h - step * 0.5f; s += step)
        dl->AddLine(ImVec2(a.x + std::max(0.0f, s - h), a.y + std::min(s, h)),
                    ImVec2(a.x + std::min(s, w), a.y + std::max(0.0f, s - w)), colour, 1.0f);
}

void DrawGrid(ImDrawList* dl, const SceneGrid& g, const Transform& t, const ImVec4& clip, const Fonts& fonts,
              const Painter& colour) {
    // Visible rows and columns only: a zoomed-in large grid costs what is on screen.
    const int c0 = std::max(0, int(std::floor((clip.x - t.offset.x) / t.cell - g.x)));
    const int c1 = std::min(g.cols, int(std::ceil((clip.z - t.offset.x) / t.cell - g.x)));
    const int r0 = std::max(0, int(std::floor((clip.y - t.offset.y) / t.cell - g.y)));
    const int r1 = std::min(g.rows, int(std::ceil((clip.w - t.offset.y) / t.cell - g.y)));
    const float gap = t.cell >= 6 ? 1.0f : 0.0f;  // lines while a cell is still a cell (a phone: 9 px)
    bool text = t.cell >= kMinCellForText;
    if (text) {  // all of a grid's numbers or none: a grid with gaps would read as missing values
        size_t longest = 0;
        for (size_t i = 0; i < g.values.size(); ++i)
            if (g.flags[i] & kCellShowValue) {
                const std::string v = FormatValue(g.values[i]);
                longest = std::max(longest, size_t(std::count_if(v.begin(), v.end(), [](char ch) { return (ch & 0xC0) != 0x80; })));
            }
        // The large cell font where the numbers fit it (readable from the back
        // of a lecture room), the small one where only it fits, else none.
        ImGui::PushFont(fonts.cell);
        const bool large = float(longest) * ImGui::CalcTextSize("0").x <= t.cell * 0.8f;
        ImGui::PopFont();
        ImGui::PushFont(large ? fonts.cell : fonts.mono);
        if (!large && float(longest) * ImGui::CalcTextSize("0").x > t.cell - 1.5f) {
            ImGui::PopFont();
            text = false;
        }
    }
    // Fills and padding's hatch by rectangles of equal cells: a row's run of
    // one colour is one rect, and the same run on the rows below joins it
    // (the hatch's lines x + y = k * cell / 3 run on across the cells of a
    // rectangle as they do cell by cell). A model's 66 x 66 figure is then a
    // few dozen rects, not 8,000, which were most of a redraw in a software
    // renderer.
    struct Run {
        int c0, c1, r0;
        ImU32 fill;
        bool padding;
    };
    const auto draw_run = [&](const Run& run, int r_end) {
        const ImVec2 a = t.At(g.x + float(run.c0), g.y + float(run.r0)), b = t.At(g.x + float(run.c1), g.y + float(r_end));
        dl->AddRectFilled(a, b, run.fill);
        if (run.padding) Hatch(dl, a, b, t.cell / 3, colour(Paint::Hatch));
    };
    std::vector<Run> open, next;  // the rectangles still growing down, by column
    for (int r = r0; r < r1; ++r) {
        next.clear();
        size_t o = 0;
        for (int c = c0; c < c1;) {
            const ImU32 fill = colour(g.fill[g.At(r, c)]);
            const bool padding = g.flags[g.At(r, c)] & kCellPadding;
            int end = c + 1;
            while (end < c1 && colour(g.fill[g.At(r, end)]) == fill && bool(g.flags[g.At(r, end)] & kCellPadding) == padding)
                ++end;
            while (o < open.size() && open[o].c0 < c) draw_run(open[o++], r);
            if (o < open.size() && open[o].c0 == c && open[o].c1 == end && open[o].fill == fill && open[o].padding == padding)
                next.push_back(open[o++]);
            else
                next.push_back({c, end, r, fill, padding});
            c = end;
        }
        while (o < open.size()) draw_run(open[o++], r);
        std::swap(open, next);
    }
    for (const Run& run : open) draw_run(run, r1);
    for (int r = r0; r < r1; ++r)
        for (int c = c0; c < c1; ++c) {
            const size_t i = g.At(r, c);
            const uint16_t f = g.flags[i];
            if (!(f & (kCellInWindow | kCellUnread)) && !(text && (f & kCellShowValue))) continue;
            const ImVec2 a = t.At(g.x + float(c), g.y + float(r)), b = t.At(g.x + float(c + 1), g.y + float(r + 1));
            if (f & kCellInWindow) dl->AddRectFilled(a, b, colour((f & kCellTap) ? Paint::Tap : Paint::Window));
            if (text && (f & kCellShowValue)) {
                const std::string v = FormatValue(g.values[i]);
                const ImVec2 size = ImGui::CalcTextSize(v.c_str());
                dl->AddText(ImVec2((a.x + b.x - size.x) / 2, (a.y + b.y - size.y) / 2), colour(TextPaintOf(g, i)),
                            v.c_str());
            }
            if (f & kCellUnread) {  // a cross: no window reads this cell (in the corner, beside its number)
                const bool corner = text && (f & kCellShowValue);
                const float m = t.cell * 0.3f, x0 = corner ? b.x - t.cell * 0.3f : a.x + m, y1 = corner ? a.y + t.cell * 0.3f : b.y - m;
                const float x1 = corner ? b.x - t.cell * 0.08f : b.x - m, y0 = corner ? a.y + t.cell * 0.08f : a.y + m;
                dl->AddLine(ImVec2(x0, y0), ImVec2(x1, y1), colour(Paint::Unread), 1.5f);
                dl->AddLine(ImVec2(x1, y0), ImVec2(x0, y1), colour(Paint::Unread), 1.5f);
            }
        }
    // The grid lines: each cell's 1 px inner border, drawn as a strip per row
    // and column edge over the visible cells (2 (rows + cols) quads) rather
    // than an outline per cell (a model's 66 x 66 figure: 4356 stroked rects,
    // most of a redraw in a software renderer).
    if (gap > 0 && r1 > r0 && c1 > c0) {
        const ImU32 line = colour(Paint::GridLine);
        const float x0 = t.At(g.x + float(c0), 0).x, x1 = t.At(g.x + float(c1), 0).x;
        const float y0 = t.At(0, g.y + float(r0)).y, y1 = t.At(0, g.y + float(r1)).y;
        for (int r = r0; r < r1; ++r) {
            const float top = t.At(0, g.y + float(r)).y, bottom = t.At(0, g.y + float(r + 1)).y;
            dl->AddRectFilled(ImVec2(x0, top), ImVec2(x1, top + gap), line);
            dl->AddRectFilled(ImVec2(x0, bottom - gap), ImVec2(x1, bottom), line);
        }
        for (int c = c0; c < c1; ++c) {
            const float left = t.At(g.x + float(c), 0).x, right = t.At(g.x + float(c + 1), 0).x;
            dl->AddRectFilled(ImVec2(left, y0), ImVec2(left + gap, y1), line);
            dl->AddRectFilled(ImVec2(right - gap, y0), ImVec2(right, y1), line);
        }
    }
    // What marks a cell on top of its border.
    for (int r = r0; r < r1; ++r)
        for (int c = c0; c < c1; ++c) {
            const size_t i = g.At(r, c);
            const ImVec2 a = t.At(g.x + float(c), g.y + float(r)), b = t.At(g.x + float(c + 1), g.y + float(r + 1));
            const uint16_t f = g.flags[i];
            if (f & kCellTrail)
                dl->AddCircleFilled(ImVec2(a.x + t.cell * 0.18f, a.y + t.cell * 0.18f), std::max(2.0f, t.cell * 0.07f),
                                    colour(Paint::Trail));
            if (f & kCellCopySource) DashedRect(dl, ImVec2(a.x + 2, a.y + 2), ImVec2(b.x - 2, b.y - 2), colour(Paint::WindowFrame), 2);
            if (f & kCellWinner) dl->AddRect(ImVec2(a.x + 1.5f, a.y + 1.5f), ImVec2(b.x - 1.5f, b.y - 1.5f), colour(Paint::Winner), 2, 0, 3);
            if (f & kCellLinked) dl->AddRect(ImVec2(a.x + 1, a.y + 1), ImVec2(b.x - 1, b.y - 1), colour(Paint::Linked), 2, 0, 2.5f);
        }
    if (text) ImGui::PopFont();
}

// The notes under the figure: their height at a wrap width.
float NotesHeight(const Scene& scene, const Fonts& fonts, float wrap) {
    float h = 0;
    for (const SceneLabel& l : scene.labels) {
        if (l.anchor != Anchor::Below) continue;
        if (l.mono) ImGui::PushFont(fonts.mono);
        h += ImGui::CalcTextSize(l.text.c_str(), nullptr, false, wrap).y + 4;
        if (l.mono) ImGui::PopFont();
    }
    return h > 0 ? h + 10 : 0;
}

// The grid cell under the pointer, as (grid index, row, col), or grid -1.
struct Hit {
    int grid = -1, r = -1, c = -1;
};
Hit HitTest(const Scene& scene, const Transform& t, ImVec2 p) {
    const float x = (p.x - t.offset.x) / t.cell, y = (p.y - t.offset.y) / t.cell;
    for (size_t k = 0; k < scene.grids.size(); ++k) {
        const SceneGrid& g = scene.grids[k];
        const int c = int(std::floor((x - g.x) / g.cell)), r = int(std::floor((y - g.y) / g.cell));
        if (r >= 0 && r < g.rows && c >= 0 && c < g.cols) return {int(k), r, c};
    }
    return {};
}

// Hover, pin, and value edits: what the pointer does to the figure.
void Interact(const Session& session, const Scene& scene, const Transform& t, Edits& edits) {
    const ImGuiIO& io = ImGui::GetIO();
    const View& view = session.view();
    const int layer = view.layer;
    const Hit hit = ImGui::IsItemHovered() ? HitTest(scene, t, io.MousePos) : Hit{};
    const SceneGrid* g = hit.grid >= 0 ? &scene.grids[size_t(hit.grid)] : nullptr;
    const bool on_output = g && g->name == "output", on_source = g && g->name == "source";
    const CellRef hover = on_output ? CellRef{layer, hit.r, hit.c} : CellRef{};
    const CellRef hover_input = on_source ? CellRef{layer, hit.r, hit.c} : CellRef{};
    if (!(hover == view.hover) || !(hover_input == view.hover_input)) {
        View& v = edits.EditView(session);
        v.hover = hover;
        v.hover_input = hover_input;
    }
    if (!g) return;
    const bool editable = g->HasCells() && (g->flags[g->At(hit.r, hit.c)] & kCellEditable) != 0;
    // (None over a picture, image mode's: it would cover the window it is about.)
    const bool touch = TouchInput();  // a finger has no right button or shift key
    const char* tip = editable ? (touch ? "tap: +1" : "click: +1    right-click or shift-click: \xE2\x88\x92" "1")
                      : on_output && g->HasCells() ? (view.pinned == hover ? "click to unpin" : "click to pin this cell's window")
                                                   : nullptr;
    // Above the cell, so it never covers the window below the pointer (nor the finger).
    if (tip) TooltipAt(tip, ImVec2(io.MousePos.x, t.At(0, g->y + float(hit.r) * g->cell).y - (touch ? 44 : 6)));
    // A click is a press and release without a drag (a drag pans).
    const bool still = io.MouseDragMaxDistanceSqr[0] < 36;
    const bool left = ImGui::IsMouseReleased(ImGuiMouseButton_Left) && still;
    const bool right = ImGui::IsMouseReleased(ImGuiMouseButton_Right);
    if (editable && (left || right)) {
        Doc& doc = edits.EditDoc(session);
        EditCell(doc, *g, hit.r, hit.c, right || io.KeyShift ? -1 : +1);
    } else if (on_output && left) {
        View& v = edits.EditView(session);
        v.pinned = v.pinned == hover ? CellRef{} : hover;
    }
}

}  // namespace

float FigureHeightFor(const Scene& scene, const Fonts& fonts, float width) {
    if (scene.width <= 0 || width <= 0) return 0;
    // The cell DrawFigure would pick with room to spare below (capped where a
    // small grid would otherwise ask for a whole screen).
    const float cell = std::clamp(width / scene.width, 4.0f, 44.0f);
    return scene.height * cell + NotesHeight(scene, fonts, width);
}

void DrawFigure(const Session& session, const Scene& scene, const Fonts& fonts, Edits& edits, bool dimmed,
                const std::vector<unsigned>* textures) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (scene.width <= 0 || avail.x <= 0 || avail.y <= 0) return;
    const View& view = session.view();
    const Painter colour{view.dark, dimmed ? kDimmedAlpha : 1.0f};

    // Fit the cells and the notes under them to the panel, then the view's zoom and pan (in cells).
    // Cells come first: the notes get what is left once numbers fit in the cells
    // (notes past the panel's bottom are clipped before the cells lose their numbers).
    const float notes = NotesHeight(scene, fonts, avail.x);
    const float whole = std::min(avail.x / scene.width, avail.y / scene.height);
    // (Cells too small for numbers whatever happens, a phone's, give the notes
    // their room down to 10 px, rather than push the worked equation out.)
    const float floor = whole >= kMinCellForText ? std::min(whole, kMinCellForText + 4) : std::min(whole, 10.0f);
    const float fit = std::clamp(std::max(std::min(avail.x / scene.width, (avail.y - notes) / scene.height), floor),
                                 4.0f, 60.0f);  // small grids grow for the back row, up to 60 px a cell
    Transform t;
    t.cell = fit * view.zoom;
    const float total_h = scene.height * t.cell + notes;
    t.offset = ImVec2(origin.x + (avail.x - scene.width * t.cell) / 2 + view.pan_x * t.cell,
                      origin.y + (avail.y - total_h) / 2 + view.pan_y * t.cell);
    if (view.zoom <= 1) {  // unzoomed: top-aligned when taller than the panel, as a page would be
        t.offset.x = std::max(t.offset.x, origin.x);
        t.offset.y = std::max(t.offset.y, origin.y);
    }

    // Where each grid is drawn, under "figure.<name>" (for tests that click a cell).
    for (const SceneGrid& g : scene.grids)
        NoteWidget(("figure." + g.name).c_str(), t.At(g.x, g.y).x, t.At(g.x, g.y).y, float(g.cols) * t.cell,
                   float(g.rows) * t.cell);
    // Where cell (0, 0) of the scene is and how large a cell is: the page's
    // parallel DOM draws its focus ring on the cell it focuses (web/a11y.js).
    NoteWidget("figure.cells", t.offset.x, t.offset.y, t.cell, t.cell);
    // The notes (the worked equation among them) wrap at the panel's right
    // edge, from the cells' left edge, or from the panel's where that leaves
    // them too little room; what does not fit under the cells makes the
    // panel scroll (a drag on a phone), never a cut-off line.
    float note_x = std::max(t.At(0, 0).x, origin.x);
    auto notes_at = [&](float x) {
        float h = 0;
        for (const SceneLabel& l : scene.labels) {
            if (l.anchor != Anchor::Below) continue;
            if (l.mono) ImGui::PushFont(fonts.mono);
            h += ImGui::CalcTextSize(ForPointer(l.text).c_str(), nullptr, false, std::max(80.0f, origin.x + avail.x - x)).y + 4;
            if (l.mono) ImGui::PopFont();
        }
        return h;
    };
    const float cells_bottom = t.At(0, scene.height).y + 10;
    float notes_h = notes_at(note_x);
    if (note_x > origin.x && cells_bottom + notes_h > origin.y + avail.y) note_x = origin.x, notes_h = notes_at(note_x);
    const float content_h = view.zoom <= 1 ? std::max(avail.y, cells_bottom + notes_h - origin.y) : avail.y;
    ImGui::InvisibleButton("figure", ImVec2(avail.x, content_h), ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    const ImGuiIO& io = ImGui::GetIO();
    if (!dimmed) {  // the last valid picture is only shown, never edited
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
        if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) &&
            HitTest(scene, t, io.MousePos).grid < 0) {
            View& v = edits.EditView(session);
            v.zoom = 1, v.pan_x = 0, v.pan_y = 0;
        }
        Interact(session, scene, t, edits);
    }

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec4 clip = dl->GetClipRectMax().x > 0 ? ImVec4(dl->GetClipRectMin().x, dl->GetClipRectMin().y,
                                                            dl->GetClipRectMax().x, dl->GetClipRectMax().y)
                                                   : ImVec4(origin.x, origin.y, origin.x + avail.x, origin.y + avail.y);
    for (const SceneFrame& f : scene.plates) {
        dl->AddRectFilled(t.At(f.x, f.y), t.At(f.x + f.w, f.y + f.h), colour(f.paint), 2);
        dl->AddRect(t.At(f.x, f.y), t.At(f.x + f.w, f.y + f.h), colour(Paint::GridFrame), 2, 0, 1);
    }
    // Arrows run under the grids (never across their numbers); their heads sit on top.
    auto head_of = [&](const SceneArrow& a) { return std::clamp(t.cell * a.head, 5.0f, 9.0f); };
    for (const SceneArrow& a : scene.arrows) {
        const ImVec2 p0 = t.At(a.x0, a.y0), c0 = t.At(a.cx0, a.cy0), c1 = t.At(a.cx1, a.cy1), tip = t.At(a.x1, a.y1);
        dl->AddBezierCubic(p0, c0, c1, ImVec2(tip.x - head_of(a), tip.y), colour(a.paint), 1.5f);
    }
    for (const SceneGrid& g : scene.grids) {
        if (g.HasCells()) DrawGrid(dl, g, t, clip, fonts, colour);
        else DrawTextureGrid(dl, g, t, colour, textures);
    }
    for (const SceneFrame& f : scene.frames)
        dl->AddRect(t.At(f.x, f.y), t.At(f.x + f.w, f.y + f.h), colour(f.paint), 2, 0, f.width);
    for (const SceneArrow& a : scene.arrows) {
        const float head = head_of(a);
        const ImVec2 tip = t.At(a.x1, a.y1);
        dl->AddTriangleFilled(tip, ImVec2(tip.x - head, tip.y - head * 0.6f), ImVec2(tip.x - head, tip.y + head * 0.6f),
                              colour(a.paint));
    }
    // Notes start under the cells (note_x above) and wrap at the panel's right.
    float note_y = cells_bottom;
    for (const SceneLabel& l : scene.labels) {
        if (l.anchor != Anchor::Below) continue;
        if (l.mono) ImGui::PushFont(fonts.mono);
        const float wrap = std::max(80.0f, origin.x + avail.x - note_x);
        const std::string text = ForPointer(l.text);
        dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(note_x, note_y), colour(l.paint), text.c_str(),
                    nullptr, wrap);
        const ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
        NoteWidget("note", note_x, note_y, size.x, size.y);  // (tests: wrapped inside the panel)
        note_y += size.y + 4;
        if (l.mono) ImGui::PopFont();
    }
    // Captions, the grids' own before the sizes line over them (the scene puts
    // that first): where cells are a few pixels the bands between captions are
    // thinner than a line of text, and a caption that would run into one
    // already drawn is left out.
    // A caption never covers a grid either (on a phone the band between the
    // output and the kernel under it is thinner than a line): where it would,
    // it moves beside its own grid's top, right or left; failing both, it is
    // left out (the sizes line and the controls still say it).
    std::vector<ImVec4> grids;
    for (const SceneGrid& g : scene.grids) {
        const ImVec2 a = t.At(g.x, g.y), b = t.At(g.x + float(g.cols) * g.cell, g.y + float(g.rows) * g.cell);
        grids.push_back(ImVec4(a.x, a.y, b.x, b.y));
    }
    auto overlaps = [](const ImVec4& p, const ImVec4& q) { return p.x < q.z && q.x < p.z && p.y < q.w && q.y < p.w; };
    std::vector<ImVec4> above;
    for (auto it = scene.labels.rbegin(); it != scene.labels.rend(); ++it) {
        const SceneLabel& l = *it;
        if (l.anchor == Anchor::Below) continue;
        if (l.mono) ImGui::PushFont(fonts.mono);
        const ImVec2 size = ImGui::CalcTextSize(l.text.c_str());
        const ImVec2 p = t.At(l.x, l.y);
        std::vector<ImVec2> places{l.anchor == Anchor::Above ? ImVec2(p.x - size.x / 2, p.y - size.y - 6)
                                                             : ImVec2(p.x - size.x / 2, p.y - size.y / 2)};
        if (l.anchor == Anchor::Above) {
            // Its own grid: the one whose top edge it sits on.
            const ImVec4* own = nullptr;
            for (const ImVec4& g : grids)
                if (p.x >= g.x && p.x <= g.z && std::fabs(g.y - p.y) <= t.cell * 1.5f + 8 && (!own || std::fabs(g.y - p.y) < std::fabs(own->y - p.y)))
                    own = &g;
            if (own) {
                places.push_back(ImVec2(own->z + 6, own->y));
                places.push_back(ImVec2(own->x - 6 - size.x, own->y));
                places.push_back(ImVec2((own->x + own->z - size.x) / 2, own->w + 4));  // under it, above the notes
            }
        }
        for (size_t i = 0; i < places.size(); ++i) {
            const ImVec2 at = places[i];
            const ImVec4 box(at.x, at.y, at.x + size.x, at.y + size.y);
            // A place beside or under a grid fits the panel, above the notes.
            bool clash = i > 0 && (box.x < clip.x - 1 || box.z > clip.z + 1 || box.w > cells_bottom - 2);
            if (l.anchor == Anchor::Above) {
                for (const ImVec4& o : above) clash |= overlaps(box, o);
                for (const ImVec4& g : grids) clash |= overlaps(box, g);
            }
            if (clash) continue;
            dl->AddText(at, colour(l.paint), l.text.c_str());
            if (l.anchor == Anchor::Above) above.push_back(box);
            NoteWidget("caption", box.x, box.y, size.x, size.y);  // (tests: never over a grid)
            break;
        }
        if (l.mono) ImGui::PopFont();
    }
}

}  // namespace cp::ui
