// ui_chain.cpp — a stack as a chain of maps, drawn above the figure (and as
// image mode's row of maps): the input and each layer's output as a box whose
// sides grow with the map's height and width (on a log scale, so 224 and 1
// both read), the layer between two boxes as an arrow, its label above the
// box it makes and the map's C×H×W under it. The viewed layer's box is
// outlined; a click on a box views that layer.
//
// The cone: for one output cell (the hovered one, on the figure or on a box
// here, else the step's), every earlier map shows the cells it depends on
// (state/analysis/stack.h: FieldCone), so the receptive field grows visibly from the
// last map back to the input. A dashed outline marks where the field runs
// into padding past the map's edge.
//
// [SECTION] Layout
// [SECTION] Drawing
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "engine/names.h"
#include "imgui.h"
#include "scene/palette.h"
#include "state/analysis/stack.h"
#include "ui/ui.h"
#include "ui/ui_draw.h"

namespace cp::ui {
namespace {

// [SECTION] Layout

constexpr float kMaxBox = 76;  // px: the largest map's side
constexpr float kMinBox = 10;  // px: a 1×1 map
constexpr float kGap = 36;     // px between two boxes: the arrow

float SideOf(int n, int largest) {
    const float t = std::log2(1.0f + float(std::max(n, 1))) / std::log2(1.0f + float(std::max(largest, 1)));
    return kMinBox + (kMaxBox - kMinBox) * std::clamp(t, 0.0f, 1.0f);
}

// A box's short title: "conv", "maxpool", "pad", "adaptive", "upsample".
std::string ShortName(const StackRow& r) {
    if (r.spatial) return std::string(TokenOf(r.op));
    switch (r.kind) {
        case LayerKind::Pad2d: return "pad";
        case LayerKind::AdaptivePool2d: return "adaptive";
        case LayerKind::Upsample: return "upsample";
        default: return r.name;
    }
}

}  // namespace

// [SECTION] Drawing

const StackSummary& StackSummaryOf(const Doc& doc, const std::vector<LayerPlan>& plans) {
    // What SummarizeStack reads of each plan, beside the doc.
    struct PlanKey {
        Shape in, out;
        bool ok = false, drawable = false, flat = false, in_flat = false;
        int64_t params = 0, macs = 0;
        bool operator==(const PlanKey&) const = default;
    };
    struct Entry {
        Doc doc;
        std::vector<PlanKey> plans;
        StackSummary summary;
    };
    static Entry entries[2];
    static int last = 0;  // the entry used last; the other is replaced
    std::vector<PlanKey> keys;
    keys.reserve(plans.size());
    for (const LayerPlan& p : plans)
        keys.push_back({p.in, p.out.ok() ? p.out.value() : Shape{}, p.out.ok(), p.picture.ok(), p.flat, p.in_flat,
                        p.params, p.macs});
    for (int i : {last, 1 - last})
        if (entries[i].plans == keys && entries[i].doc == doc) return entries[last = i].summary;
    last = 1 - last;
    entries[last] = {doc, std::move(keys), SummarizeStack(doc, plans)};
    return entries[last].summary;
}

// Titles above, sizes below, then a line for side-branch brackets.
float ChainHeight() { return ImGui::GetTextLineHeightWithSpacing() * 3 + kMaxBox + 14; }

CellRef DrawChain(const Session& session, const Doc& doc, const std::vector<LayerPlan>& plans, const Fonts& fonts,
                  Edits& edits, CellRef cone_of, const std::vector<ChainTexture>& textures) {
    const StackSummary& s = StackSummaryOf(doc, plans);
    const View& view = session.view();
    const bool dark = view.dark;
    CellRef hovered;
    if (s.rows.empty()) return hovered;

    // The maps: the input, then the output of each layer that changes the map
    // (conv, pool, pad, adaptive pool, upsample) while the chain goes on. The
    // shape-keeping layers (BatchNorm, ReLU) are the Stack tab's; Flatten ends it.
    struct Box {
        int map = 0, last_map = 0;  // the maps it stands for (a run: several)
        Shape shape;
        std::string title, size;
        bool ok = true;
        float w = 0, h = 0, col = 0, x = 0;
        int sides = 0;  // side branches that start and join inside it
    };
    auto shows = [](const StackRow& r) {
        return !r.ok || (!r.flat && r.kind != LayerKind::PassThrough && r.kind != LayerKind::Linear);
    };
    std::vector<Box> boxes;
    boxes.push_back({0, 0, s.input, "input", ShapeLabel(s.input)});
    for (const StackRow& r : s.rows) {
        if (r.flat && r.ok) break;
        if (!shows(r)) continue;
        Box b{r.index + 1, r.index + 1, r.out, "L" + std::to_string(r.index + 1) + " " + r.label,
              r.ok ? ShapeLabel(r.out) : "stops here"};
        b.ok = r.ok;
        boxes.push_back(b);
        if (!r.ok) break;
    }
    int largest = 1;
    for (const Box& b : boxes)
        if (b.ok) largest = std::max({largest, b.shape.h, b.shape.w});
    // Columns as wide as their texts; where the whole chain is wider than the
    // panel, short titles ("L5 conv": the table has the rest) and shorter
    // arrows; still wider, runs of layers that keep H×W become one box
    // ("L5-L14 · 7 conv"), so resnet50 reads as its five stages.
    const float room = ImGui::GetContentRegionAvail().x;
    float x = 0, gap = kGap;
    auto layout = [&]() {
        x = 0;
        for (Box& b : boxes) {
            b.w = b.ok ? SideOf(b.shape.w, largest) : kMinBox * 2;
            b.h = b.ok ? SideOf(b.shape.h, largest) : kMinBox * 2;
            ImGui::PushFont(fonts.mono);
            const float size_w = ImGui::CalcTextSize(b.size.c_str()).x;
            ImGui::PopFont();
            b.col = std::max({b.w, ImGui::CalcTextSize(b.title.c_str()).x, size_w}) + 8;
            b.x = x;
            x += b.col + gap;
        }
    };
    for (int pass = 0; pass < 3; ++pass) {
        layout();
        if (x - gap <= room || pass == 2) break;
        gap = kGap * 0.6f;
        if (pass == 0) {
            for (Box& b : boxes)
                if (b.map > 0) b.title = "L" + std::to_string(b.map) + " " + ShortName(s.rows[size_t(b.map - 1)]);
            continue;
        }
        std::vector<Box> runs;
        std::vector<int> counts;
        for (const Box& b : boxes) {
            Box* run = runs.empty() ? nullptr : &runs.back();
            if (run && run->map > 0 && run->ok && b.ok && b.shape.h == run->shape.h && b.shape.w == run->shape.w) {
                run->last_map = b.map, run->shape = b.shape, run->size = b.size;
                ++counts.back();
                run->title = "L" + std::to_string(run->map) + "-" + std::to_string(run->last_map) + " \xC2\xB7 " +
                             std::to_string(counts.back()) + " layers";
            } else {
                runs.push_back(b);
                counts.push_back(1);
            }
        }
        boxes = std::move(runs);
    }
    // Side branches: one inside a box is counted on it; one that skips boxes
    // is a bracket under them, from the map it reads to the box it joins.
    auto box_of = [&](int map) {  // the last box at or before this map (shape-keeping maps are the box before)
        size_t at = 0;
        for (size_t i = 0; i < boxes.size(); ++i)
            if (boxes[i].map <= map) at = i;
        return at;
    };
    struct Bracket {
        size_t from, to;
        std::string name;
    };
    std::vector<Bracket> brackets;
    for (const StackBranch& br : s.branches) {
        if (!br.ok || br.join + 1 > boxes.back().last_map) continue;
        const size_t from = box_of(br.from), to = box_of(br.join + 1);
        if (from == to) ++boxes[from].sides;
        else brackets.push_back({from, to, br.name.substr(br.name.rfind('.') + 1)});
    }
    for (Box& b : boxes)
        if (b.sides > 0) b.size += " +" + std::to_string(b.sides) + (b.sides == 1 ? " side" : " sides");
    layout();
    const float width = x - gap, line = ImGui::GetTextLineHeightWithSpacing();
    const float height = ChainHeight();

    ImGui::BeginChild("chain", ImVec2(0, height + ImGui::GetStyle().ScrollbarSize), false,
                      ImGuiWindowFlags_HorizontalScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // A chain wider than the panel scrolls; a newly viewed layer scrolls into the middle.
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID seen = ImGui::GetID("viewed");
    if (storage->GetInt(seen, -1) != view.layer) {
        const Box& b = boxes[box_of(view.layer + 1)];
        ImGui::SetScrollX(std::max(0.0f, b.x + b.col / 2 - ImGui::GetWindowWidth() / 2));
        storage->SetInt(seen, view.layer);
    }
    const float mid = origin.y + line + 4 + kMaxBox / 2;  // boxes are centred on this line

    // The cone of one output cell on every earlier map.
    const bool cone_ok = cone_of.valid() && size_t(cone_of.layer) < s.rows.size() && s.rows[size_t(cone_of.layer)].ok;
    const std::vector<ConeMap> cone =
        cone_ok ? FieldCone(doc, plans, cone_of.layer, cone_of.y, cone_of.x) : std::vector<ConeMap>{};

    for (size_t i = 0; i < boxes.size(); ++i) {
        const Box& b = boxes[i];
        const float cx = origin.x + b.x + b.col / 2;
        const ImVec2 a(std::floor(cx - b.w / 2), std::floor(mid - b.h / 2)), z(a.x + b.w, a.y + b.h);
        const bool viewed = i == box_of(view.layer + 1);
        // Title above, size below, centred on the column.
        const ImVec2 tw = ImGui::CalcTextSize(b.title.c_str());
        dl->AddText(ImVec2(cx - tw.x / 2, origin.y), viewed ? ImGui::GetColorU32(ImGuiCol_Text)
                                                             : ImGui::GetColorU32(ImGuiCol_TextDisabled),
                    b.title.c_str());
        ImGui::PushFont(fonts.mono);
        const ImVec2 sw = ImGui::CalcTextSize(b.size.c_str());
        dl->AddText(ImVec2(cx - sw.x / 2, origin.y + line + 8 + kMaxBox),
                    b.ok ? ImGui::GetColorU32(ImGuiCol_Text) : IM_COL32(255, 190, 90, 255), b.size.c_str());
        ImGui::PopFont();
        // The arrow from the previous box.
        if (i > 0) {
            const Box& p = boxes[i - 1];
            const float from = origin.x + p.x + p.col / 2 + p.w / 2 + 4, to = a.x - 4;
            dl->AddLine(ImVec2(from, mid), ImVec2(to - 6, mid), PaintColour(Paint::Arrow, dark), 1.5f);
            dl->AddTriangleFilled(ImVec2(to, mid), ImVec2(to - 7, mid - 4), ImVec2(to - 7, mid + 4), PaintColour(Paint::Arrow, dark));
        }
        if (!b.ok) {  // the layer that stops the chain: a cross
            dl->AddRect(a, z, IM_COL32(255, 190, 90, 255), 2, 0, 1.5f);
            dl->AddLine(a, z, IM_COL32(255, 190, 90, 255), 1.5f);
            dl->AddLine(ImVec2(z.x, a.y), ImVec2(a.x, z.y), IM_COL32(255, 190, 90, 255), 1.5f);
            continue;
        }
        // The map: its picture in image mode, else a tinted box with its channels stacked behind.
        const ChainTexture t = size_t(b.last_map) < textures.size() ? textures[size_t(b.last_map)] : ChainTexture{};
        const unsigned tex = t.id;
        const Paint fill = b.map == 0 ? Paint::Input : Paint::Output;
        for (int c = std::min(b.shape.c, 3) - 1; c > 0 && !tex; --c)
            dl->AddRectFilled(ImVec2(a.x + 3.0f * float(c), a.y - 3.0f * float(c)), ImVec2(z.x + 3.0f * float(c), z.y - 3.0f * float(c)),
                              PaintColour(fill, dark, 110), 1);
        if (tex) dl->AddImage(TextureOf(tex), a, z, ImVec2(t.u0, t.v0), ImVec2(t.u1, t.v1));
        else dl->AddRectFilled(a, z, PaintColour(fill, dark), 1);
        dl->AddRect(a, z, viewed ? PaintColour(Paint::Current, dark) : PaintColour(Paint::GridFrame, dark), 1, 0, viewed ? 2.5f : 1);

        // The cone's cells on this map (map j of the cone is layer j's input).
        const float ch = b.h / float(b.shape.h), cw = b.w / float(b.shape.w);
        for (const ConeMap& m : cone) {
            if (m.map != b.last_map || m.rows.Empty() || m.cols.Empty()) continue;
            const ImVec2 u(a.x + float(m.cols.lo) * cw, a.y + float(m.rows.lo) * ch);
            const ImVec2 v(a.x + float(m.cols.hi + 1) * cw, a.y + float(m.rows.hi + 1) * ch);
            const ImVec2 cu(std::max(u.x, a.x), std::max(u.y, a.y)), cv(std::min(v.x, z.x), std::min(v.y, z.y));
            dl->AddRectFilled(cu, ImVec2(std::max(cv.x, cu.x + 2), std::max(cv.y, cu.y + 2)), PaintColour(Paint::Window, dark, 150));
            dl->AddRect(cu, ImVec2(std::max(cv.x, cu.x + 2), std::max(cv.y, cu.y + 2)), PaintColour(Paint::WindowFrame, dark), 0, 0, 2);
            if (u.x < a.x || u.y < a.y || v.x > z.x || v.y > z.y) DashedRect(dl, u, v, PaintColour(Paint::Padding, dark), 1.5f, 3, 2.5f);
        }
        // The cell itself, on its own map.
        if (cone_ok && b.last_map == cone_of.layer + 1) {
            const ImVec2 u(a.x + float(cone_of.x) * cw, a.y + float(cone_of.y) * ch);
            dl->AddRect(u, ImVec2(std::max(u.x + cw, u.x + 3), std::max(u.y + ch, u.y + 3)), PaintColour(Paint::Current, dark), 0, 0, 2);
        }
        // A click views the layer; hovering an output map picks the cell under the pointer.
        ImGui::SetCursorScreenPos(a);
        ImGui::PushID(b.last_map);
        if (ImGui::InvisibleButton("##map", ImVec2(std::max(b.w, 1.0f), std::max(b.h, 1.0f))) && b.map > 0)
            edits.EditView(session).layer = b.last_map - 1;
        NoteWidget(("chain." + std::to_string(b.last_map)).c_str());
        if (ImGui::IsItemHovered() && b.map > 0) {
            const ImVec2 mouse = ImGui::GetIO().MousePos;
            const int r = std::clamp(int((mouse.y - a.y) / ch), 0, b.shape.h - 1);
            const int c = std::clamp(int((mouse.x - a.x) / cw), 0, b.shape.w - 1);
            hovered = {b.last_map - 1, r, c};
            // (Tooltip: wrapped inside the screen, "tap" on touch.)
            if (!cone.empty() && cone_of == hovered) {
                const ConeMap& in = cone.front();
                Tooltip("L%d output (%d, %d): click to view layer %d\nreads input rows %lld..%lld, columns %lld..%lld "
                        "(%lld\xC3\x97%lld)",
                        b.last_map, r, c, b.last_map, static_cast<long long>(in.rows.lo),
                        static_cast<long long>(in.rows.hi), static_cast<long long>(in.cols.lo),
                        static_cast<long long>(in.cols.hi), static_cast<long long>(in.rows.Size()),
                        static_cast<long long>(in.cols.Size()));
            } else {
                Tooltip("L%d output (%d, %d): click to view layer %d", b.last_map, r, c, b.last_map);
            }
        }
        ImGui::PopID();
    }
    // Side-branch brackets under the sizes: a dashed line from the map a
    // branch reads to the box it joins, named where the name fits.
    const float by = origin.y + line * 2 + 10 + kMaxBox;
    for (const Bracket& k : brackets) {
        const Box &a = boxes[k.from], &z = boxes[k.to];
        const float x0 = origin.x + a.x + a.col / 2, x1 = origin.x + z.x + z.col / 2;
        const ImU32 c = PaintColour(Paint::Trail, dark);
        dl->AddLine(ImVec2(x0, by - 4), ImVec2(x0, by + 2), c, 1.5f);
        dl->AddLine(ImVec2(x1, by - 4), ImVec2(x1, by + 2), c, 1.5f);
        for (float u = x0; u < x1; u += 7) dl->AddLine(ImVec2(u, by + 2), ImVec2(std::min(u + 4, x1), by + 2), c, 1.5f);
        const std::string label = "+ " + k.name;
        const ImVec2 tw = ImGui::CalcTextSize(label.c_str());
        if (tw.x + 8 < x1 - x0) dl->AddText(ImVec2((x0 + x1 - tw.x) / 2, by + 3), ImGui::GetColorU32(ImGuiCol_TextDisabled), label.c_str());
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x + width, origin.y + height - 4));
    ImGui::Dummy(ImVec2(1, 1));
    ImGui::EndChild();
    return hovered;
}

}  // namespace cp::ui
