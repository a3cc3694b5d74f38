// ui_formula_panel.cpp — the viewed layer's output size worked out
// (scene/formula.h) and "solve for" (state/analysis/solve.h): the student types a
// target size, the panel lists the settings that give it, a click applies one.
// Reads the session; every change goes into `edits`.
//
// [SECTION] Worked formula
// [SECTION] Solve for
#include <cstdio>
#include <string>

#include "imgui.h"
#include "scene/formula.h"
#include "state/analysis/solve.h"
#include "state/commit.h"
#include "state/formats/codec.h"
#include "ui/ui.h"
#include "ui/ui_draw.h"

namespace cp::ui {
namespace {

// [SECTION] Worked formula

void Working(const Session& session, const Doc& doc, const std::vector<LayerPlan>& plans, const Fonts& fonts) {
    const int index = session.view().layer;
    if (size_t(index) >= doc.layers.size() || size_t(index) >= plans.size()) return;
    const LayerWorking w = WorkLayer(doc.layers[size_t(index)], plans[size_t(index)]);
    ImGui::TextDisabled("FORMULA  \xC2\xB7  %s", w.op.c_str());
    ImGui::PushFont(fonts.mono);
    ImGui::TextWrapped("%s", w.general.c_str());
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", w.symbols.c_str());
    ImGui::PopStyleColor();
    if (!w.error.empty()) {
        ImGui::Spacing();
        ImGui::TextWrapped("No output: %s", w.error.c_str());
        return;
    }
    for (const AxisWorking& axis : w.axes) {
        ImGui::Spacing();
        ImGui::PushFont(fonts.mono);
        ImGui::TextWrapped("%s  %s", axis.axis.c_str(), axis.formula.c_str());
        ImGui::PopFont();
        ImGui::Indent();
        for (const std::string& note : axis.notes) ImGui::TextWrapped("%s", note.c_str());
        ImGui::Unindent();
    }
}

// [SECTION] Solve for

// The target text box keeps its text across frames; it restarts from the
// layer's own output size when the viewed layer changes. The rows are solved
// again only when the document, the layer or the target changes.
struct SolveState {
    int layer = -1;
    char text[24] = {};
    Doc doc;
    std::string solved_for;  // the text the rows were solved for
    SolveResult result;
};

void SolveFor(const Session& session, const Doc& doc, const std::vector<LayerPlan>& plans, const Fonts& fonts,
              Edits& edits) {
    static SolveState state;
    const int index = session.view().layer;
    if (size_t(index) >= plans.size()) return;
    const LayerPlan& plan = plans[size_t(index)];
    ImGui::TextDisabled("SOLVE FOR AN OUTPUT SIZE");
    if (state.layer != index) {
        state.layer = index;
        const std::string start = plan.picture.ok() ? std::to_string(plan.picture.value().out.h) + "x" +
                                                          std::to_string(plan.picture.value().out.w)
                                                    : std::string();
        std::snprintf(state.text, sizeof state.text, "%s", start.c_str());
        state.solved_for.clear();
    }
    ImGui::SetNextItemWidth(120);
    ImGui::InputTextWithHint("##target", "e.g. 4 or 4x3", state.text, sizeof state.text,
                             ImGuiInputTextFlags_CharsNoBlank);
    if (ImGui::IsItemHovered()) Tooltip("The output size you want: one number, or height x width");
    const auto target = ParseTargetSize(state.text);
    if (!target) {
        ImGui::SameLine();
        ImGui::TextDisabled("a size: 4, or 4x3");
        return;
    }
    if (state.solved_for != state.text || !(state.doc == doc)) {
        state.doc = doc;
        state.solved_for = state.text;
        state.result = SolveForOutput(state.doc, index, *target);
    }
    const SolveResult& r = state.result;
    ImGui::PushFont(fonts.mono);
    ImGui::TextUnformatted((r.heading + ":").c_str());
    ImGui::PopFont();
    if (r.rows.empty()) {
        ImGui::TextWrapped("None: %s", r.none.c_str());
        return;
    }
    ImGui::PushFont(fonts.mono);
    for (size_t i = 0; i < r.rows.size(); ++i) {
        const SolveRow& row = r.rows[i];
        ImGui::PushID(int(i));
        // A row that needs a locked key (lock=) is shown disabled, with why:
        // the commit's gate (state/commit.h) would refuse it whole.
        Doc with_row = session.doc();
        if (size_t(index) < with_row.layers.size()) with_row.layers[size_t(index)] = row.layer;
        const std::vector<std::string_view> locked =
            ChangedLockedKeys(session.doc(), session.view(), with_row, session.view());
        const std::string label = row.label + (row.current ? "   (now)" : "") + (locked.empty() ? "" : "   (locked)");
        if (!locked.empty()) ImGui::BeginDisabled();
        if (ImGui::Selectable(label.c_str(), row.current)) edits.EditDoc(session) = with_row;
        if (!locked.empty()) ImGui::EndDisabled();
        NoteWidget(("solve." + std::to_string(i)).c_str());
        if (!locked.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            Tooltip("Locked: this row %s.", LockedWhy(locked).c_str());
        else if (ImGui::IsItemHovered()) Tooltip("Apply: stride, padding and dilation become %s", row.label.c_str());
        ImGui::PopID();
    }
    ImGui::PopFont();
    ImGui::TextDisabled(TouchInput() ? "simplest first; a tap applies it" : "simplest first; a click applies it");
}

}  // namespace

void DrawFormulaPanel(const Session& session, const Fonts& fonts, Edits& edits, const ImageFrame* image) {
    // Image mode works the sizes out for the picture, not the cell view's input.
    const bool picture = image && image->run && session.view().mode == ViewMode::Image && !image->plans.empty();
    const Doc& doc = picture ? image->doc : session.doc();
    const std::vector<LayerPlan>& plans = picture ? image->plans : session.plans();
    Working(session, doc, plans, fonts);
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    SolveFor(session, doc, plans, fonts, edits);
}

}  // namespace cp::ui
