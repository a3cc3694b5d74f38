// ui_root.cpp — the page layout: a header, the layer panel and the figure.
// Wide windows put the panel beside the figure; narrow ones (phones, narrow
// iframes in a course page) stack them.
#include <algorithm>

#include "imgui.h"
#include "ui/ui.h"

namespace cp::ui {
namespace {
// The layer panel's content height last frame: a stacked (narrow) layout
// gives the panel what it needs and the figure the rest.
float g_panel_content_height = 0;
}  // namespace

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
    const float stacked_height = g_panel_content_height > 0 ? std::min(g_panel_content_height, avail.y * 0.62f) : avail.y * 0.5f;
    const ImVec2 panel_size = narrow ? ImVec2(avail.x, stacked_height) : ImVec2(320, avail.y);
    bool changed = false;
    ConvScene scene;
    ImGui::BeginChild("layer", panel_size, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    changed = DrawLayerPanel(state, fonts, dt, scene);
    const float content = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y - ImGui::GetStyle().ItemSpacing.y;
    if (content != g_panel_content_height) changed = true;  // lay out again with the new height
    g_panel_content_height = content;
    ImGui::EndChild();
    if (!narrow) ImGui::SameLine();
    ImGui::BeginChild("figure", ImVec2(0, 0), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    DrawFigure(scene, fonts);
    ImGui::EndChild();

    ImGui::End();
    return changed || state.playing;
}

}  // namespace cp::ui
