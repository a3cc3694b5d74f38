// ui_stack_panel.cpp — the Stack tab: the document's layers as a table (per
// layer its output C×H×W, receptive field, jump, start, parameters and
// multiply-adds; the totals, split by kind; the warnings), with buttons to
// add, remove and reorder layers. A click on a row shows that layer in the
// figure and the Layer tab (View::layer). The numbers come from
// state/analysis/stack.h; this file only draws them and returns edits.
//
// Built to read a real model (resnet50: ~170 rows): the layers that change
// the map (conv, pool, pad, adaptive pool, upsample) lead their rows; the
// shape-keeping rows after one (BatchNorm, ReLU, Dropout) fold into its row
// by default (a toggle unfolds them); a block's side branch (downsample, SE
// gate) is its own marked row where it joins. The header stays put and only
// the visible rows are laid out (ImGuiListClipper), so a long model costs
// no more per frame than a short one.
//
// [SECTION] Formatting
// [SECTION] Edits
// [SECTION] Items
// [SECTION] Panel
#include <algorithm>
#include <cctype>
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
    else std::snprintf(buf, sizeof buf, "%.*fG", d < 1e11 ? 2 : 1, d / 1e9);
    return buf;
}

// 25557032 -> "25,557,032": the exact count, on hover and in the totals.
std::string Exact(int64_t v) {
    std::string digits = std::to_string(v < 0 ? -v : v), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return v < 0 ? "-" + out : out;
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

// [SECTION] Items

// A row of the table: a layer with the shape-keeping layers folded into it,
// or a side branch.
struct Item {
    int first = 0, last = 0;  // the layers it stands for (rows first..last)
    int branch = -1;          // else: index into StackSummary::branches
    int64_t params = 0, macs = 0;
    std::string folded;       // "BatchNorm2d, ReLU": the rows folded in
};

// A layer that keeps the shape and draws nothing: folded into the row before it.
bool Folds(const StackRow& r) { return r.kind == LayerKind::PassThrough && r.ok; }

std::vector<Item> ItemsOf(const StackSummary& s, bool fold) {
    std::vector<Item> items;
    std::vector<std::vector<int>> joins(s.rows.size());  // per layer, the branches that join after it
    for (size_t b = 0; b < s.branches.size(); ++b)
        if (s.branches[b].join >= 0 && size_t(s.branches[b].join) < s.rows.size())
            joins[size_t(s.branches[b].join)].push_back(int(b));
    std::vector<int> pending;  // branches to show once their layer's row ends
    auto flush = [&]() {
        for (int b : pending) {
            const StackBranch& br = s.branches[size_t(b)];
            items.push_back({br.join, br.join, b, br.params, br.macs, {}});
        }
        pending.clear();
    };
    for (size_t i = 0; i < s.rows.size(); ++i) {
        const StackRow& r = s.rows[i];
        if (fold && Folds(r) && !items.empty() && items.back().branch < 0 && s.rows[size_t(items.back().last)].ok) {
            Item& it = items.back();
            it.last = int(i);
            it.params += r.params;
            it.macs += r.macs;
            it.folded += (it.folded.empty() ? "" : ", ") + r.name;
        } else {
            flush();  // a branch shows after the row holding the layer it joins
            items.push_back({int(i), int(i), -1, r.params, r.macs, {}});
        }
        pending.insert(pending.end(), joins[i].begin(), joins[i].end());
        if (!fold) flush();
    }
    flush();
    return items;
}

// [SECTION] Panel

}  // namespace

void DrawStackPanel(const Session& session, const Fonts& fonts, Edits& edits) {
    const Doc& doc = session.doc();
    const StackSummary& s = StackSummaryOf(doc, session.plans());
    const int viewed = session.view().layer;
    const bool dark = session.view().dark;

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
    auto same_line_if_fits = [](const char* label) {
        const float next = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
        if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + next <
            ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
            ImGui::SameLine();
    };
    for (size_t i = 0; i < std::size(kAdds); ++i) {
        if (i > 0) same_line_if_fits(kAdds[i].label);
        if (ImGui::SmallButton(kAdds[i].label)) {
            Doc& d = edits.EditDoc(session);
            d.layers.insert(d.layers.begin() + at, NewLayer(kAdds[i].op, channels));
            ShiftBranches(d, at, 1);
            edits.EditView(session).layer = at;
        }
        if (ImGui::IsItemHovered()) Tooltip("%s", kAdds[i].tip);
    }
    ImGui::EndDisabled();
    // Warnings first: on a phone the table scrolls, and these are the point.
    if (!s.warnings.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, PaintVec4(Paint::Warning, dark));
        for (size_t i = 0; i < s.warnings.size() && i < 3; ++i) ImGui::TextWrapped("%s", s.warnings[i].c_str());
        ImGui::PopStyleColor();
        if (s.warnings.size() > 3) {
            ImGui::TextDisabled("and %d more (hover)", int(s.warnings.size() - 3));
            if (ImGui::IsItemHovered()) {
                std::string rest;
                for (size_t i = 3; i < s.warnings.size(); ++i) rest += s.warnings[i] + "\n";
                Tooltip("%s", rest.c_str());
            }
        }
    }

    // Totals above the table: with 170 rows, below it they would be out of sight.
    ImGui::Separator();
    auto exact_tip = [](int64_t v) {
        if (ImGui::IsItemHovered()) Tooltip("%s", Exact(v).c_str());
    };
    ImGui::TextUnformatted("Parameters");
    ImGui::SameLine();
    ImGui::PushFont(fonts.mono);
    ImGui::TextUnformatted(Exact(s.params).c_str());
    ImGui::PopFont();
    {
        std::string kinds;
        auto kind = [&](const char* name, int64_t v) {
            if (v > 0) kinds += (kinds.empty() ? "" : " \xC2\xB7 ") + std::string(name) + " " + Compact(v);
        };
        kind("conv", s.params_conv);
        kind("norm", s.params_norm);
        kind("linear", s.params_linear);
        if (!kinds.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            ImGui::TextWrapped("trainable: %s", kinds.c_str());
            ImGui::PopStyleColor();
            if (ImGui::IsItemHovered())
                Tooltip("conv %s\nnorm and other shape-keeping layers %s\nlinear %s", Exact(s.params_conv).c_str(),
                                  Exact(s.params_norm).c_str(), Exact(s.params_linear).c_str());
        }
    }
    ImGui::TextUnformatted("Multiply-adds");
    ImGui::SameLine();
    ImGui::PushFont(fonts.mono);
    ImGui::TextUnformatted(Compact(s.macs).c_str());
    ImGui::PopFont();
    exact_tip(s.macs);
    if (s.torchinfo_macs != s.macs) {
        ImGui::SameLine();
        ImGui::TextDisabled("torchinfo");
        ImGui::SameLine();
        ImGui::PushFont(fonts.mono);
        ImGui::TextUnformatted(Compact(s.torchinfo_macs).c_str());
        ImGui::PopFont();
        if (ImGui::IsItemHovered())
            Tooltip("torchinfo's Total mult-adds: %s (convolutions %s).\nIt counts every weight and bias once per "
                              "output position of a conv (a transposed conv too: the zeros it inserts), a norm's or a "
                              "linear layer's parameters once, and pools as 0.\nThe MACs column counts what is computed: no "
                              "bias, a transposed conv per input value, a pool's window.",
                              Exact(s.torchinfo_macs).c_str(), Exact(s.torchinfo_conv_macs).c_str());
    }

    // Fold the shape-keeping rows into the layer before them (on by default for a real model).
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID fold_id = ImGui::GetID("fold pass-through");
    int passthrough = 0;
    for (const StackRow& r : s.rows) passthrough += Folds(r);
    bool fold = storage->GetBool(fold_id, true);
    if (passthrough > 0) {
        if (ImGui::Checkbox("Fold shape-keeping layers", &fold)) storage->SetBool(fold_id, fold);
        if (ImGui::IsItemHovered())
            Tooltip("BatchNorm, ReLU, Dropout... keep the shape: folded, each shows in the row of the layer before it.");
    }
    fold = fold && passthrough > 0;
    const std::vector<Item> items = ItemsOf(s, fold);

    // The table: a fixed header, then the rows in a scrolling child.
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::PushFont(fonts.mono);
    const float digit = ImGui::CalcTextSize("0").x;
    ImGui::PopFont();
    // Right-aligned numeric columns, from the right edge: MACs, params, start, jump, RF.
    const float col_w[5] = {digit * 6.5f, digit * 7.0f, digit * 5.5f, digit * 5.0f, digit * 6.0f};
    float col_x[5];
    float x = width - ImGui::GetStyle().ScrollbarSize;
    for (int i = 0; i < 5; ++i) x -= col_w[i], col_x[i] = x;
    const ImVec2 head = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    auto cell = [&](ImDrawList* to, ImVec2 at, int col, const std::string& text, ImU32 colour) {
        const float w = ImGui::CalcTextSize(text.c_str()).x;
        to->AddText(ImVec2(at.x + col_x[col] + col_w[col] - w - digit * 0.5f, at.y), colour, text.c_str());
    };
    {
        static const char* const kHeads[5] = {"MACs", "params", "start", "jump", "RF"};
        static const char* const kTips[5] = {
            "Multiply-adds: what the layer computes (no bias; a pool's window)",
            "Trainable parameters: weights + bias (a folded row: with its BatchNorm's)",
            "Input pixel under output 0's field's first tap (negative: padding)",
            "Input pixels between neighbouring outputs (a fraction after upsampling)",
            "Receptive field: input pixels one output sees (a range where it varies)"};
        const ImU32 dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
        dl->AddText(head, dim, "Layer");
        for (int i = 0; i < 5; ++i) {
            cell(dl, head, i, kHeads[i], dim);
            if (ImGui::IsMouseHoveringRect(ImVec2(head.x + col_x[i], head.y), ImVec2(head.x + col_x[i] + col_w[i], head.y + line)))
                Tooltip("%s", kTips[i]);
        }
        ImGui::Dummy(ImVec2(width, line));
        ImGui::Separator();
    }
    const float item_h = line * 2;
    // The buttons and notes under the table: as tall as they were last frame.
    const ImGuiID footer_id = ImGui::GetID("footer height");
    const float footer = storage->GetFloat(footer_id, line * 5);
    const float rest = ImGui::GetContentRegionAvail().y - footer;
    const float table_h = std::clamp(rest, std::min(item_h * 6, item_h * float(items.size())), item_h * float(items.size()) + 4);
    ImGui::BeginChild("rows", ImVec2(0, table_h), false, ImGuiWindowFlags_NoNav);
    // Every row exactly item_h tall: the clipper places the rows it skips by that height.
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 2));
    // A newly viewed layer scrolls into view (a click on the chain, the keyboard).
    const ImGuiID seen_id = ImGui::GetID("viewed");
    int viewed_item = -1;
    for (size_t i = 0; i < items.size(); ++i)
        if (items[i].branch < 0 && items[i].first <= viewed && viewed <= items[i].last) viewed_item = int(i);
    if (storage->GetInt(seen_id, -1) != viewed && viewed_item >= 0) {
        const float y = item_h * float(viewed_item);
        if (y < ImGui::GetScrollY() || y + item_h > ImGui::GetScrollY() + ImGui::GetWindowHeight())
            ImGui::SetScrollY(std::max(0.0f, y - ImGui::GetWindowHeight() / 3));
        storage->SetInt(seen_id, viewed);
    }
    ImDrawList* rows_dl = ImGui::GetWindowDrawList();
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text), dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    ImGuiListClipper clipper;
    clipper.Begin(int(items.size()), item_h);
    while (clipper.Step()) {
        for (int n = clipper.DisplayStart; n < clipper.DisplayEnd; ++n) {
            const Item& it = items[size_t(n)];
            const bool branch = it.branch >= 0;
            const StackRow& r = s.rows[size_t(it.first)];
            const StackRow& last = s.rows[size_t(it.last)];
            ImGui::PushID(n);
            const ImVec2 at = ImGui::GetCursorScreenPos();
            const bool selected = !branch && it.first <= viewed && viewed <= it.last;
            if (ImGui::Selectable("##row", selected, 0, ImVec2(0, item_h - 2)))
                edits.EditView(session).layer = it.first;
            const bool hovered = ImGui::IsItemHovered();
            // Spatial layers lead: a bar in the output colour; a side branch: a dashed one, indented.
            if (branch) {
                for (float y = at.y + 2; y < at.y + item_h - 4; y += 6)
                    rows_dl->AddRectFilled(ImVec2(at.x + digit * 1.5f, y), ImVec2(at.x + digit * 1.5f + 3, y + 3),
                                           PaintColour(Paint::Trail, dark));
            } else if (r.kind != LayerKind::PassThrough && r.kind != LayerKind::Flatten && r.kind != LayerKind::Linear) {
                rows_dl->AddRectFilled(ImVec2(at.x, at.y + 2), ImVec2(at.x + 3, at.y + item_h - 4), PaintColour(Paint::Output, dark));
            }
            const float indent = branch ? digit * 3 : digit * 1;
            rows_dl->PushClipRect(at, ImVec2(at.x + width - ImGui::GetStyle().ScrollbarSize, at.y + item_h), true);
            if (branch) {
                const StackBranch& b = s.branches[size_t(it.branch)];
                std::string labels;
                for (const StackRow& br : b.rows) labels += (labels.empty() ? "" : ", ") + br.label;
                // The path's last name ("downsample", "1" for an SE gate's block) and its layers; the rest on hover.
                const std::string tail = b.name.substr(b.name.rfind('.') + 1);
                const std::string title = std::string(b.gate ? "+ gate: " : "+ ") +
                                          (b.gate || tail.empty() || std::isdigit(static_cast<unsigned char>(tail[0])) ? "" : tail + ": ") + labels;
                rows_dl->AddText(ImVec2(at.x + indent, at.y), dim, title.c_str());
                ImGui::PushFont(fonts.mono);
                const ImVec2 second(at.x + indent, at.y + line - 2);
                if (b.ok) {
                    rows_dl->AddText(second, dim, (std::string("\xE2\x86\x92 ") + ShapeLabel(b.out)).c_str());
                    cell(rows_dl, ImVec2(at.x, second.y), 1, Compact(b.params), text);
                    cell(rows_dl, ImVec2(at.x, second.y), 0, Compact(b.macs), text);
                } else {
                    rows_dl->AddText(second, PaintColour(Paint::Error, dark), ("not counted: " + b.error).c_str());
                }
                ImGui::PopFont();
                if (hovered)
                    Tooltip("Side branch %s: reads layer %d's input, %s after layer %d.\n%s\nparams %s, MACs %s",
                                      b.name.c_str(), b.from + 1, b.gate ? "scales the map" : "added to the main path",
                                      b.join + 1, labels.c_str(), Exact(b.params).c_str(), Exact(b.macs).c_str());
            } else {
                const std::string number = it.first == it.last ? std::to_string(it.first + 1)
                                                               : std::to_string(it.first + 1) + "-" + std::to_string(it.last + 1);
                const std::string title = number + "  " + r.label;
                const bool passthrough = r.kind == LayerKind::PassThrough;
                rows_dl->AddText(ImVec2(at.x + indent, at.y), passthrough ? dim : text, title.c_str());
                if (!it.folded.empty()) {
                    // The folded names where they fit, else how many (a phone): never cut mid-word.
                    const float w = ImGui::CalcTextSize(title.c_str()).x;
                    std::string folded = "+ " + it.folded;
                    const float right = at.x + width - ImGui::GetStyle().ScrollbarSize - digit;
                    auto fits = [&](const std::string& t) { return at.x + indent + w + digit + ImGui::CalcTextSize(t.c_str()).x <= right; };
                    if (!fits(folded)) folded = "+" + std::to_string(it.last - it.first) + " more";
                    if (!fits(folded)) folded = "+" + std::to_string(it.last - it.first);
                    rows_dl->AddText(ImVec2(at.x + indent + w + digit, at.y), dim, folded.c_str());
                }
                ImGui::PushFont(fonts.mono);
                const ImVec2 second(at.x + indent, at.y + line - 2);
                if (last.ok) {
                    // The numbers of the row's last layer: a folded BatchNorm keeps the conv's field.
                    rows_dl->AddText(second, text,
                                     (std::string("\xE2\x86\x92 ") + ShapeLabel(last.out) + (last.collapsed ? " (1\xC3\x97" "1!)" : ""))
                                         .c_str());
                    const ImVec2 nums(at.x, second.y);
                    if (last.rf_ok) {
                        cell(rows_dl, nums, 4, Both(FieldText(last.rf_h), FieldText(last.rf_w)), text);
                        cell(rows_dl, nums, 3, Both(last.rf_h.jump.Text(), last.rf_w.jump.Text()), text);
                        cell(rows_dl, nums, 2, Both(std::to_string(last.rf_h.start), std::to_string(last.rf_w.start)), text);
                    }
                    cell(rows_dl, nums, 1, Compact(it.params), text);
                    cell(rows_dl, nums, 0, Compact(it.macs), text);
                } else {
                    rows_dl->AddText(second, PaintColour(Paint::Error, dark), "no output");
                }
                ImGui::PopFont();
                if (hovered) {
                    ImGui::BeginTooltip();
                    ImGui::Text("Layer %s: %s%s", number.c_str(), r.label.c_str(),
                                it.folded.empty() ? "" : (" + " + it.folded).c_str());
                    if (last.ok) ImGui::Text("params %s, MACs %s", Exact(it.params).c_str(), Exact(it.macs).c_str());
                    else ImGui::TextUnformatted(last.error.c_str());
                    ImGui::TextDisabled("Click to show it in the figure and the Layer tab%s",
                                        last.ok && !r.drawable && r.spatial ? " (too large to draw cell by cell)" : "");
                    ImGui::EndTooltip();
                }
            }
            rows_dl->PopClipRect();
            ImGui::PopID();
        }
    }
    clipper.End();
    ImGui::PopStyleVar();
    ImGui::EndChild();

    const float footer_top = ImGui::GetCursorPosY();
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
        ShiftBranches(d, shown, -1);
        edits.EditView(session).layer = std::max(0, shown - 1);
    }
    ImGui::EndDisabled();

    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("Hover a column name or a row for exact numbers.");
    ImGui::PopStyleColor();
    if (s.single) {
        ImGui::TextWrapped("One conv with the same %dx%d field (stride %d, %d\xE2\x86\x92%d channels) would have %s "
                           "parameters; this stack has %s.",
                           s.single_kernel.h, s.single_kernel.w, s.single_stride.h, s.input.c, s.rows.back().out.c,
                           Compact(s.single_params).c_str(), Compact(s.params).c_str());
    }
    if (!s.values && s.stopped_at != 0) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("Too much work to compute values live: the figure shows geometry only.");
        ImGui::PopStyleColor();
    }
    storage->SetFloat(footer_id, ImGui::GetCursorPosY() - footer_top + ImGui::GetStyle().ItemSpacing.y);

    // On a phone the figure has no room for the chain of maps (ui_root.cpp
    // draws it above the figure only where it fits): it comes here, under
    // the table, which stays first.
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    if (doc.layers.size() > 1 && display.x < 760 && display.y * 0.38f < ChainHeight() * 2.5f) {
        ImGui::Separator();
        ImGui::TextDisabled("Chain of maps (the layers that change the map)");
        DrawChain(session, doc, session.plans(), fonts, edits, CellRef{});
    }
}

}  // namespace cp::ui
