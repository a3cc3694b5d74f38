// ui_root.cpp — the page layout: a header, the layer panel and the figure.
// Wide windows put the panel beside the figure; narrow ones (phones, narrow
// iframes in a course page) stack them.
#include "imgui.h"
#include "ui/ui.h"

namespace cp::ui {

bool DrawRoot(AppState& state, const Fonts& fonts, float dt) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("convplay", nullptr, flags);

    ImGui::PushFont(fonts.title);
    ImGui::TextUnformatted("convplay");
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("how convolution reshapes images");
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize("v" CONVPLAY_VERSION).x);
    ImGui::TextDisabled("v" CONVPLAY_VERSION);

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const bool narrow = avail.x < 720;
    const ImVec2 panel_size = narrow ? ImVec2(avail.x, avail.y * 0.5f) : ImVec2(320, avail.y);
    bool changed = false;
    ImGui::BeginChild("layer", panel_size, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    changed = DrawLayerPanel(state, fonts, dt);
    ImGui::EndChild();
    if (!narrow) ImGui::SameLine();
    ImGui::BeginChild("figure", ImVec2(0, 0), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    DrawFigure(state, fonts);
    ImGui::EndChild();

    ImGui::End();
    return changed || state.playing;
}

}  // namespace cp::ui
