// ui_layer_panel.cpp — the controls for one Conv2d layer, the output size
// worked out per axis, and the step-through controls.
#include <algorithm>
#include <string>

#include "imgui.h"
#include "scene/conv_scene.h"
#include "ui/ui.h"

namespace cp::ui {
namespace {

// One parameter as a pair of sliders, height and width side by side.
bool PairSlider(const char* label, const char* help, Size2& v, int lo, int hi, float column) {
    ImGui::PushID(label);
    ImGui::TextUnformatted(label);
    if (help && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help);
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

// The output size formula for one axis with the numbers filled in.
void AxisFormula(const Fonts& fonts, const char* axis, int in, int pad, int dil, int k, int stride, int out) {
    ImGui::PushFont(fonts.mono);
    ImGui::Text("%s  \xE2\x8C\x8A(%d + 2\xC2\xB7%d \xE2\x88\x92 %d\xC2\xB7(%d\xE2\x88\x92" "1) \xE2\x88\x92 1) / %d\xE2\x8C\x8B + 1 = %d",
                axis, in, pad, dil, k, stride, out);
    ImGui::PopFont();
}

}  // namespace

bool DrawLayerPanel(AppState& s, const Fonts& fonts, float dt, ConvScene& scene) {
    const float column = 78;
    bool changed = false;
    ImGui::TextDisabled("LAYER  \xC2\xB7  Conv2d");
    ImGui::Spacing();
    Size2 in{s.in_h, s.in_w};
    if (PairSlider("Input", "Height and width of the input feature map", in, 1, kMaxInputSide, column)) {
        s.in_h = in.h;
        s.in_w = in.w;
        changed = true;
    }
    changed |= PairSlider("Kernel", "Kernel size (k)", s.kernel, 1, kMaxKernelSide, column);
    changed |= PairSlider("Stride", "How far the window moves each step (s)", s.stride, 1, kMaxStride, column);
    changed |= PairSlider("Padding", "Zeros added on each side (p)", s.padding, 0, kMaxPadding, column);
    changed |= PairSlider("Dilation", "Spacing between kernel taps (d)", s.dilation, 1, kMaxDilation, column);

    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    scene = BuildConvScene(s);
    ImGui::TextDisabled("OUTPUT SIZE");
    if (!scene.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.54f, 0.50f, 1));
        ImGui::TextWrapped("%s", scene.error.c_str());
        ImGui::PopStyleColor();
        s.playing = false;
        return changed;
    }
    AxisFormula(fonts, "H", s.in_h, s.padding.h, s.dilation.h, s.kernel.h, s.stride.h, scene.out_h);
    AxisFormula(fonts, "W", s.in_w, s.padding.w, s.dilation.w, s.kernel.w, s.stride.w, scene.out_w);

    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    ImGui::TextDisabled("STEP THROUGH");
    const int steps = scene.out_h * scene.out_w;
    const int step_drawn = std::clamp(s.step, 0, steps - 1);
    s.step = step_drawn;
    if (ImGui::ArrowButton("prev", ImGuiDir_Left)) { s.step = (s.step + steps - 1) % steps; changed = true; }
    ImGui::SameLine();
    if (ImGui::Button(s.playing ? "Pause" : "Play", ImVec2(64, 0))) { s.playing = !s.playing; changed = true; }
    ImGui::SameLine();
    if (ImGui::ArrowButton("next", ImGuiDir_Right)) { s.step = (s.step + 1) % steps; changed = true; }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    int shown = s.step + 1;
    const std::string format = "step %d of " + std::to_string(steps);
    if (ImGui::SliderInt("##step", &shown, 1, steps, format.c_str(), ImGuiSliderFlags_AlwaysClamp)) {
        s.step = shown - 1;
        s.playing = false;
        changed = true;
    }
    // Play advances about two cells a second: slow enough to follow the window.
    if (s.playing) {
        s.play_clock += dt;
        if (s.play_clock > 0.5f) { s.play_clock = 0; s.step = (s.step + 1) % steps; }
    }
    if (s.step != step_drawn) scene = BuildConvScene(s);  // only when the step moved
    ImGui::PushFont(fonts.mono);
    ImGui::Text("out[%d, %d] reads rows %lld\xE2\x80\xA6%lld, cols %lld\xE2\x80\xA6%lld", scene.step_row,
                scene.step_col, (long long)scene.window_top, (long long)scene.window_bottom,
                (long long)scene.window_left, (long long)scene.window_right);
    ImGui::PopFont();
    ImGui::TextDisabled("(input coordinates; negative = padding)");
    return changed;
}

}  // namespace cp::ui
