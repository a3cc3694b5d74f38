// ui_stack_panel.cpp — the Stack tab: the document's layers as a table (per
// layer its output C×H×W, receptive field, jump, start, parameters and
// multiply-adds; the totals; the warnings), with buttons to add, remove and
// reorder layers. A click on a row shows that layer in the figure and the
// Layer tab (View::layer). The numbers come from state/analysis/stack.h; this file
// only draws them and returns edits.
//
// [SECTION] Formatting
// [SECTION] Edits
// [SECTION] Panel
#include <algorithm>
#include <cstdio>
#include <iterator>
#include <string>

#include "imgui.h"
#include "state/model/limits.h"
#include "state/analysis/stack.h"
#include "ui/ui.h"
#include "ui/ui_draw.h"

namespace cp::ui {
namespace {

// [SECTION] Formatting

// 61706 -> "61.7K", 1.2e8 -> "120M": a table cell, readable at a glance.
std::string Compact(int64_t v) {
    char buf[32];
    const double d = double(v);
    if (v < 10000) std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
    else if (v < 1000000) std::snprintf(buf, sizeof buf, "%.*fK", d < 1e5 ? 1 : 0, d / 1e3);
    else if (v < 1000000000) std::snprintf(buf, sizeof buf, "%.*fM", d < 1e8 ? 1 : 0, d / 1e6);
    else std::snprintf(buf, sizeof buf, "%.1fG", d / 1e9);
    return buf;
}

// One number per axis, or "h×w" when they differ.
std::string Both(const std::string& h, const std::string& w) { return h == w ? h : h + "\xC3\x97" + w; }

std::string FieldText(const ReceptiveField& f) {
    std::string s = std::to_string(f.size);
    if (f.size_min != f.size) s = std::to_string(f.size_min) + "-" + s;  // varies with the output (transposed)
    return s;
}

// [SECTION] Edits

Layer NewLayer(OpKind op, int channels) {
    Layer l;
    switch (op) {
        case OpKind::Conv2d: {
            Conv2dOptions o;
            o.pad = Padding4::Symmetric(1, 1);
            l.options = o;
            l.kernel = {3, 3};
            break;
        }
        case OpKind::ConvTranspose2d: {
            ConvTranspose2dOptions o;
            o.stride = {2, 2};
            l.options = o;
            l.kernel = {2, 2};
            break;
        }
        case OpKind::MaxPool2d: {
            MaxPool2dOptions o;
            o.kernel = {2, 2};
            l.options = o;
            break;
        }
        case OpKind::AvgPool2d: {
            AvgPool2dOptions o;
            o.kernel = {2, 2};
            l.options = o;
            break;
        }
    }
    l.out_channels = std::max(1, channels);  // keeps the channel count, as a plain stack would
    return l;
}

// [SECTION] Panel

}  // namespace

void DrawStackPanel(const Session& session, const Fonts& fonts, Edits& edits) {
    const Doc& doc = session.doc();
    const StackSummary s = SummarizeStack(doc, session.plans());
    const int viewed = session.view().layer;

    ImGui::TextDisabled("INPUT");
    ImGui::SameLine();
    ImGui::PushFont(fonts.mono);
    ImGui::TextUnformatted(ShapeLabel(s.input).c_str());
    ImGui::PopFont();

    // Add after the viewed layer, with the channels it outputs.
    const int at = std::min(viewed + 1, int(doc.layers.size()));
    const int channels = at > 0 && s.rows[size_t(at - 1)].ok ? s.rows[size_t(at - 1)].out.c : doc.input.channels;
    const bool room = doc.layers.size() < size_t(kMaxLayers);
    ImGui::BeginDisabled(!room);
    struct Add {
        const char* label;
        OpKind op;
        const char* tip;
    };
    static const Add kAdds[] = {{"+ Conv", OpKind::Conv2d, "Add a 3x3 conv (padding 1) after the shown layer"},
                                {"+ Max pool", OpKind::MaxPool2d, "Add a 2x2 max pool after the shown layer"},
                                {"+ Avg pool", OpKind::AvgPool2d, "Add a 2x2 average pool after the shown layer"},
                                {"+ Transposed", OpKind::ConvTranspose2d,
                                 "Add a 2x2 stride-2 transposed conv (doubles the size) after the shown layer"}};
    for (size_t i = 0; i < std::size(kAdds); ++i) {
        if (i > 0) {
            const float next = ImGui::CalcTextSize(kAdds[i].label).x + ImGui::GetStyle().FramePadding.x * 2;
            if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + next <
                ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
                ImGui::SameLine();
        }
        if (ImGui::SmallButton(kAdds[i].label)) {
            Doc& d = edits.EditDoc(session);
            d.layers.insert(d.layers.begin() + at, NewLayer(kAdds[i].op, channels));
            edits.EditView(session).layer = at;
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", kAdds[i].tip);
    }
    ImGui::EndDisabled();

    // Warnings first: on a phone the table scrolls, and these are the point.
    if (!s.warnings.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.62f, 0.20f, 1));
        for (const std::string& w : s.warnings) ImGui::TextWrapped("%s", w.c_str());
        ImGui::PopStyleColor();
        ImGui::Spacing();
    }

    // The table: one row per layer (label, then its output shape), the shown
    // layer highlighted. Laid out by hand at fixed columns: ImGui's tables
    // module would cost the page more than this whole panel.
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float left = ImGui::GetCursorPosX();
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::PushFont(fonts.mono);
    const float digit = ImGui::CalcTextSize("0").x;
    ImGui::PopFont();
    // Right-aligned numeric columns, from the right edge: MACs, params, start, jump, RF.
    const float col_w[5] = {digit * 6.5f, digit * 7.0f, digit * 5.5f, digit * 5.0f, digit * 6.0f};
    float col_x[5];
    float x = left + width;
    for (int i = 0; i < 5; ++i) x -= col_w[i], col_x[i] = x;
    auto cell = [&](int col, float y, const std::string& text, bool dim = false) {
        const float w = ImGui::CalcTextSize(text.c_str()).x;
        ImGui::SetCursorPos(ImVec2(col_x[col] + col_w[col] - w - digit * 0.5f, y));
        if (dim) ImGui::TextDisabled("%s", text.c_str());
        else ImGui::TextUnformatted(text.c_str());
    };
    {
        const float y = ImGui::GetCursorPosY();
        ImGui::TextDisabled("Layer");
        static const char* const kHeads[5] = {"MACs", "params", "start", "jump", "RF"};
        for (int i = 0; i < 5; ++i) cell(i, y, kHeads[i], true);
        ImGui::SetCursorPos(ImVec2(left, y + line));
        ImGui::Separator();
    }
    for (const StackRow& r : s.rows) {
        ImGui::PushID(r.index);
        const float y = ImGui::GetCursorPosY();
        if (ImGui::Selectable("##row", r.index == viewed, ImGuiSelectableFlags_AllowItemOverlap, ImVec2(width, line * 2 - 4)))
            edits.EditView(session).layer = r.index;
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Show layer %d in the figure and the Layer tab%s", r.index + 1,
                              r.ok && !r.drawable ? " (too large to draw cell by cell: its numbers are here)" : "");
        ImGui::SetCursorPos(ImVec2(left, y));
        ImGui::Text("%d  %s", r.index + 1, r.label.c_str());
        ImGui::PushFont(fonts.mono);
        ImGui::SetCursorPos(ImVec2(left, y + line - 2));
        if (r.ok) {
            ImGui::TextDisabled("   \xE2\x86\x92 %s%s", ShapeLabel(r.out).c_str(), r.collapsed ? "  (1\xC3\x97" "1!)" : "");
        } else {
            ImGui::PushStyleColor(ImGuiCol_Text, PaintVec4(Paint::Error, session.view().dark));
            ImGui::TextUnformatted("   no output");
            ImGui::PopStyleColor();
        }
        if (r.ok) {
            // Numbers on the label's line would collide with a long label: the shape's line holds them.
            const float ny = y + line - 2;
            if (r.rf_ok) {
                cell(4, ny, Both(FieldText(r.rf_h), FieldText(r.rf_w)));
                cell(3, ny, Both(r.rf_h.jump.Text(), r.rf_w.jump.Text()));
                cell(2, ny, Both(std::to_string(r.rf_h.start), std::to_string(r.rf_w.start)));
            }
            cell(1, ny, Compact(r.params));
            cell(0, ny, Compact(r.macs));
        }
        ImGui::PopFont();
        ImGui::SetCursorPos(ImVec2(left, y + line * 2));
        ImGui::PopID();
    }
    {
        ImGui::Separator();
        const float y = ImGui::GetCursorPosY();
        ImGui::TextUnformatted("Total");
        ImGui::PushFont(fonts.mono);
        cell(1, y, Compact(s.params));
        cell(0, y, Compact(s.macs));
        ImGui::PopFont();
        ImGui::SetCursorPos(ImVec2(left, y + line));
    }
    // Reorder and remove the shown layer.
    const int shown = std::clamp(viewed, 0, int(doc.layers.size()) - 1);
    ImGui::AlignTextToFramePadding();
    ImGui::Text("Layer %d:", shown + 1);
    ImGui::SameLine();
    ImGui::BeginDisabled(shown == 0);
    if (ImGui::SmallButton("Move up")) {
        Doc& d = edits.EditDoc(session);
        std::swap(d.layers[size_t(shown)], d.layers[size_t(shown - 1)]);
        edits.EditView(session).layer = shown - 1;
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(size_t(shown + 1) >= doc.layers.size());
    if (ImGui::SmallButton("Move down")) {
        Doc& d = edits.EditDoc(session);
        std::swap(d.layers[size_t(shown)], d.layers[size_t(shown + 1)]);
        edits.EditView(session).layer = shown + 1;
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(doc.layers.size() <= 1);
    if (ImGui::SmallButton("Remove")) {
        Doc& d = edits.EditDoc(session);
        d.layers.erase(d.layers.begin() + shown);
        edits.EditView(session).layer = std::max(0, shown - 1);
    }
    ImGui::EndDisabled();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("RF: input pixels one output sees (a range where it varies); jump: input pixels between "
                       "neighbouring outputs (a fraction after upsampling); start: first pixel of output 0 "
                       "(negative: padding). Params: weights + bias.");
    ImGui::PopStyleColor();

    if (s.single) {
        ImGui::Spacing();
        ImGui::TextWrapped("One conv with the same %dx%d field (stride %d, %d\xE2\x86\x92%d channels) would have %s "
                           "parameters; this stack has %s.",
                           s.single_kernel.h, s.single_kernel.w, s.single_stride.h, s.input.c, s.rows.back().out.c,
                           Compact(s.single_params).c_str(), Compact(s.params).c_str());
    }
    if (!s.values && s.stopped_at != 0) {
        ImGui::Spacing();
        ImGui::TextDisabled("Too much work to compute values live: the figure shows geometry only.");
    }
}

}  // namespace cp::ui
