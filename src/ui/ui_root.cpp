// ui_root.cpp — the page layout: a header, the notices, the layer panel and
// the figure. Wide windows put the panel beside the figure; narrow ones
// (phones, narrow iframes in a course page) stack them.
#include <algorithm>

#include "imgui.h"
#include "ui/ui.h"

namespace cp::ui {
namespace {

// What the last Sanitize or decode repaired, until dismissed.
void Notices(const Session& session, Edits& edits) {
    if (session.notices().empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.80f, 0.45f, 1));
    for (const Notice& n : session.notices()) ImGui::TextWrapped("%s: %s", n.field.c_str(), n.text.c_str());
    ImGui::PopStyleColor();
    if (ImGui::SmallButton("Dismiss")) edits.dismiss_notices = true;
    ImGui::Spacing();
}

}  // namespace

Edits DrawRoot(const Session& session, const Scene& scene, const Fonts& fonts) {
    Edits edits;
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
    // A stacked (narrow) layout gives the panel the height its content took
    // last frame, and the figure the rest; ImGui's storage remembers it.
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID panel_height_id = ImGui::GetID("panel content height");
    const float last_height = storage->GetFloat(panel_height_id, 0);
    const float stacked_height = last_height > 0 ? std::min(last_height, avail.y * 0.62f) : avail.y * 0.5f;
    const ImVec2 panel_size = narrow ? ImVec2(avail.x, stacked_height) : ImVec2(320, avail.y);
    ImGui::BeginChild("layer", panel_size, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    Notices(session, edits);
    DrawLayerPanel(session, scene, fonts, edits);
    const float content = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y - ImGui::GetStyle().ItemSpacing.y;
    if (content != last_height) edits.redraw = true;  // lay out again with the new height
    storage->SetFloat(panel_height_id, content);
    ImGui::EndChild();
    if (!narrow) ImGui::SameLine();
    ImGui::BeginChild("figure", ImVec2(0, 0), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    DrawFigure(session, scene, fonts, edits);
    ImGui::EndChild();

    ImGui::End();
    return edits;
}

}  // namespace cp::ui
