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

// The roles of the figure, named: a student learns the colours once.
void Legend(const Session& session) {
    struct Item {
        Paint paint;
        const char* text;
    };
    static const Item kItems[] = {{Paint::Input, "input"},   {Paint::Padding, "padding"},
                                  {Paint::Tap, "kernel tap"}, {Paint::Output, "output"},
                                  {Paint::Current, "current output"}, {Paint::InsertedZero, "inserted zero"}};
    const bool dark = session.view().dark;
    ImGui::TextDisabled("LEGEND");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float side = ImGui::GetTextLineHeight() * 0.8f;
    float x = ImGui::GetCursorScreenPos().x;
    const float right = x + ImGui::GetContentRegionAvail().x;
    int shown = 0;
    for (const Item& item : kItems) {
        if (item.paint == Paint::InsertedZero && session.viewed().picture.ok() &&
            session.viewed().picture.value().op != OpKind::ConvTranspose2d)
            continue;
        const float w = side + 6 + ImGui::CalcTextSize(item.text).x + 14;
        if (shown > 0 && x + w <= right) ImGui::SameLine();
        else x = ImGui::GetCursorScreenPos().x;
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const ImVec2 top(at.x, at.y + (ImGui::GetTextLineHeight() - side) / 2);
        const Rgba c = PaletteColour(item.paint, dark);
        dl->AddRectFilled(top, ImVec2(top.x + side, top.y + side), IM_COL32(c.r, c.g, c.b, c.a), 2);
        ImGui::Dummy(ImVec2(side, ImGui::GetTextLineHeight()));
        ImGui::SameLine(0, 6);
        ImGui::TextUnformatted(item.text);
        x = ImGui::GetItemRectMax().x + 14;
        ++shown;
    }
    // The unread mark is a cross, not a colour.
    ImGui::TextDisabled("\xC3\x97 on a cell: no window reads it");
}

// Dark, light, or whatever the page prefers.
void ThemeChooser(const Session& session, Edits& edits) {
    static const char* const kThemes[] = {"Auto", "Dark", "Light"};
    int theme = int(session.view().theme);
    ImGui::SetNextItemWidth(ImGui::CalcTextSize("Light").x + ImGui::GetFrameHeight() * 2);
    if (ImGui::Combo("##theme", &theme, kThemes, IM_ARRAYSIZE(kThemes))) edits.EditView(session).theme = Theme(theme);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Theme (Auto follows the system or the host page)");
}

// The viewed layer: its controls, its size formula, the step-through and the legend.
void DrawLayerTab(const Session& session, const Scene& scene, const Fonts& fonts, Edits& edits) {
    DrawLayerPanel(session, scene, fonts, edits);
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    DrawFormulaPanel(session, fonts, edits);
    if (scene.steps >= 1) {
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::Spacing();
        DrawStepPanel(session, scene, fonts, edits);
    }
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    Legend(session);
}

}  // namespace

Edits DrawRoot(const Session& session, const Scene& scene, const Scene& last_valid, const Fonts& fonts) {
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
    // The tagline only where it fits beside the theme chooser (not on a phone).
    if (ImGui::GetContentRegionAvail().x > 640) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("how convolution reshapes images");
    }
    const float version_w = ImGui::CalcTextSize("v" CONVPLAY_VERSION).x;
    const float theme_w = ImGui::CalcTextSize("Light").x + ImGui::GetFrameHeight() * 2;
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - version_w - theme_w - ImGui::GetStyle().ItemSpacing.x);
    ThemeChooser(session, edits);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("v" CONVPLAY_VERSION);
    DrawPresetsMenu(session, fonts, edits);

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const bool narrow = avail.x < 720;
    // A stacked (narrow) layout gives the panel the height its content took
    // last frame, and the figure the rest; ImGui's storage remembers it.
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID panel_height_id = ImGui::GetID("panel content height");
    const float last_height = storage->GetFloat(panel_height_id, 0);
    const float stacked_height = last_height > 0 ? std::min(last_height, avail.y * 0.62f) : avail.y * 0.5f;
    const ImVec2 panel_size = narrow ? ImVec2(avail.x, stacked_height) : ImVec2(std::clamp(avail.x * 0.3f, 340.0f, 420.0f), avail.y);
    ImGui::BeginChild("layer", panel_size, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    Notices(session, edits);
    // One tab per panel; each tab's body is one Draw*Panel call.
    if (ImGui::BeginTabBar("panels")) {
        if (ImGui::BeginTabItem("Layer")) {
            DrawLayerTab(session, scene, fonts, edits);
            ImGui::EndTabItem();
        }
        // A document that becomes a stack (a Networks preset, a link) opens on this tab.
        const ImGuiID seen_id = ImGui::GetID("stack layers seen");
        const int seen = storage->GetInt(seen_id, 1), layers = int(session.doc().layers.size());
        storage->SetInt(seen_id, layers);
        if (ImGui::BeginTabItem("Stack", nullptr, layers > 1 && seen <= 1 ? ImGuiTabItemFlags_SetSelected : 0)) {
            DrawStackPanel(session, fonts, edits);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Code")) {
            DrawCodePanel(session, fonts, edits);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    const float content = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y - ImGui::GetStyle().ItemSpacing.y;
    if (content != last_height) edits.redraw = true;  // lay out again with the new height
    storage->SetFloat(panel_height_id, content);
    ImGui::EndChild();
    if (!narrow) ImGui::SameLine();
    ImGui::BeginChild("figure", ImVec2(0, 0), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    const bool refused = !scene.error.empty();
    DrawFigure(session, refused ? last_valid : scene, fonts, edits, refused);
    ImGui::EndChild();

    ImGui::End();
    return edits;
}

}  // namespace cp::ui
