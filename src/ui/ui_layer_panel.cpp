// ui_layer_panel.cpp — the controls for the viewed layer, its output size
// worked out per axis, and the step-through controls. Reads the session and
// the frame's scene; every change goes into `edits`.
#include <algorithm>
#include <string>

#include "imgui.h"
#include "scene/formula.h"
#include "state/limits.h"
#include "ui/ui.h"

namespace cp::ui {
namespace {

// A labelled pair of sliders (height, width) on one row. Returns true on change.
bool PairSlider(const char* label, const char* tooltip, Size2& v, int lo, int hi, float column) {
    ImGui::PushID(label);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tooltip);
    const float w = (ImGui::GetContentRegionAvail().x - column - ImGui::GetStyle().ItemSpacing.x) / 2;
    ImGui::SameLine(column);
    ImGui::SetNextItemWidth(w);
    bool changed = ImGui::SliderInt("##h", &v.h, lo, hi, "h %d", ImGuiSliderFlags_AlwaysClamp);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    changed |= ImGui::SliderInt("##w", &v.w, lo, hi, "w %d", ImGuiSliderFlags_AlwaysClamp);
    ImGui::PopID();
    return changed;
}

const char* OpLabel(OpKind op) {
    switch (op) {
        case OpKind::Conv2d: return "Conv2d";
        case OpKind::ConvTranspose2d: return "ConvTranspose2d";
        case OpKind::MaxPool2d: return "MaxPool2d";
        case OpKind::AvgPool2d: return "AvgPool2d";
    }
    return "";
}

void Parameters(const Session& session, const Fonts&, Edits& edits, float column) {
    const Doc& doc = session.doc();
    const int index = session.view().layer;
    const Layer& layer = doc.layers[size_t(index)];
    ImGui::TextDisabled("LAYER  \xC2\xB7  %s", OpLabel(layer.op()));
    ImGui::Spacing();
    Size2 in{doc.input.h, doc.input.w};
    if (PairSlider("Input", "Height and width of the input feature map", in, 1, kMaxInputSide, column)) {
        Doc& d = edits.EditDoc(session);
        d.input.h = in.h, d.input.w = in.w;
    }
    // Each slider edits a copy of the layer through the accessors every op shares.
    auto edit_layer = [&]() -> Layer& { return edits.EditDoc(session).layers[size_t(index)]; };
    Size2 k = KernelOf(layer), s = StrideOf(layer), p = PaddingOf(layer), d = DilationOf(layer);
    if (PairSlider("Kernel", "Kernel size (k)", k, 1, kMaxKernelSide, column)) SetKernel(edit_layer(), k);
    if (PairSlider("Stride", "How far the window moves each step (s)", s, 1, kMaxStride, column))
        SetStride(edit_layer(), s);
    if (PairSlider("Padding", "Zeros added on each side (p)", p, 0, kMaxPadding, column)) SetPadding(edit_layer(), p);
    if (HasDilation(layer) &&
        PairSlider("Dilation", "Spacing between kernel taps (d)", d, 1, kMaxDilation, column))
        SetDilation(edit_layer(), d);
}

void OutputSize(const Session& session, const Fonts& fonts) {
    ImGui::TextDisabled("OUTPUT SIZE");
    const LayerPlan& plan = session.viewed();
    if (!plan.picture.ok()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.54f, 0.50f, 1));
        ImGui::TextWrapped("%s", plan.picture.error().c_str());
        ImGui::PopStyleColor();
        return;
    }
    ImGui::PushFont(fonts.mono);
    ImGui::Text("H  %s", AxisFormula(plan.picture.value(), true).c_str());
    ImGui::Text("W  %s", AxisFormula(plan.picture.value(), false).c_str());
    ImGui::PopFont();
}

void StepThrough(const Session& session, const Scene& scene, const Fonts& fonts, Edits& edits) {
    ImGui::TextDisabled("STEP THROUGH");
    const int steps = int(scene.steps);
    const View& view = session.view();
    if (ImGui::ArrowButton("prev", ImGuiDir_Left)) {
        View& v = edits.EditView(session);
        v.step = (scene.step + steps - 1) % steps;
    }
    ImGui::SameLine();
    if (ImGui::Button(view.playing ? "Pause" : "Play", ImVec2(64, 0))) {
        View& v = edits.EditView(session);
        v.playing = !v.playing;
        v.clock = 0;
    }
    ImGui::SameLine();
    if (ImGui::ArrowButton("next", ImGuiDir_Right)) {
        View& v = edits.EditView(session);
        v.step = (scene.step + 1) % steps;
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    int shown = scene.step + 1;
    const std::string format = "step %d of " + std::to_string(steps);
    if (ImGui::SliderInt("##step", &shown, 1, steps, format.c_str(), ImGuiSliderFlags_AlwaysClamp)) {
        View& v = edits.EditView(session);
        v.step = shown - 1;
        v.playing = false;
    }
    ImGui::PushFont(fonts.mono);
    ImGui::Text("out[%d, %d] reads rows %d\xE2\x80\xA6%d, cols %d\xE2\x80\xA6%d", scene.out_row, scene.out_col,
                scene.window_top, scene.window_bottom, scene.window_left, scene.window_right);
    ImGui::PopFont();
    ImGui::TextDisabled("(input coordinates; negative = padding)");
}

}  // namespace

void DrawLayerPanel(const Session& session, const Scene& scene, const Fonts& fonts, Edits& edits) {
    const float column = 78;
    Parameters(session, fonts, edits, column);
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    OutputSize(session, fonts);
    if (scene.steps < 1) return;
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    StepThrough(session, scene, fonts, edits);
}

}  // namespace cp::ui
