// ui_share_panel.cpp — the header's Share button (placed by ui_root.cpp) and the
// panel it opens: copy a link to this view or an embed code for a course page,
// export the figure as PNG, SVG or an animated GIF of the step-through, print.
//
// Only the page can touch the clipboard, make a file or print, and only it
// knows its own address: every button asks it (Edits::AskHost) by an action
// name that web/share.js registers. The panel shows the state the link
// carries (the codec's text, the same the URL fragment holds), so a reader
// sees what is shared before sharing it.
#include <algorithm>
#include <string>

#include "imgui.h"
#include "state/formats/codec.h"
#include "ui/ui.h"
#include "ui/ui_draw.h"

namespace cp::ui {
namespace {

// A short confirmation under the buttons after a click, for this long.
constexpr double kConfirmSeconds = 2.5;

// A button that asks the page for `action`; the confirmation is kept in
// ImGui's storage (transient UI state, never the session).
void HostButton(const char* label, const char* action, const char* tip, const char* confirm, Edits& edits,
                std::string text = {}) {
    if (ImGui::Button(label)) {
        edits.AskHost(action, std::move(text));
        ImGuiStorage* storage = ImGui::GetStateStorage();
        storage->SetFloat(ImGui::GetID("share confirm time"), float(ImGui::GetTime()));
        storage->SetVoidPtr(ImGui::GetID("share confirm text"), const_cast<char*>(confirm));
    }
    if (ImGui::IsItemHovered()) Tooltip("%s", tip);
}

// Buttons in a row that wrap to the next line where the popup is narrow (a phone).
void NextInRow(const char* next_label, float right) {
    const float w = ImGui::CalcTextSize(next_label).x + ImGui::GetStyle().FramePadding.x * 2;
    if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w <= right) ImGui::SameLine();
}

}  // namespace

void DrawShareButton(const Session& session, const Scene& scene, const Fonts& fonts, Edits& edits) {
    if (ImGui::Button("Share")) ImGui::OpenPopup("share");
    if (ImGui::IsItemHovered()) Tooltip("Link, embed code, PNG, SVG, GIF, print");
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    // As wide as the text needs on a laptop, the screen less a margin on a phone;
    // under the button, right-aligned with it (not wherever the pointer was),
    // kept inside the screen.
    const float width = std::min(440.0f, vp->WorkSize.x - 24.0f);
    const ImVec2 below(ImGui::GetItemRectMax().x, ImGui::GetItemRectMax().y + 4);
    const float left = std::clamp(below.x - width, vp->WorkPos.x + 12.0f, vp->WorkPos.x + vp->WorkSize.x - 12.0f - width);
    ImGui::SetNextWindowPos(ImVec2(left, below.y), ImGuiCond_Appearing);
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, vp->WorkSize.y - 24.0f));
    if (!ImGui::BeginPopup("share")) return;
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;

    ImGui::TextDisabled("LINK");
    ImGui::TextWrapped("The link opens exactly this view: every setting is in it.");
    // The state the link carries, as the URL fragment shows it.
    const std::string state = "#" + EncodeState(session.doc(), session.view());
    ImGui::PushFont(fonts.mono);
    ImGui::PushTextWrapPos(0);
    // Long edited-value lists are cut here; the copied link has them all.
    if (state.size() > 240) ImGui::Text("%.*s\xE2\x80\xA6", 240, state.c_str());
    else ImGui::TextUnformatted(state.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    HostButton("Copy link", "share-copy-link", "The page's address with this view's settings", "Link copied", edits);
    NextInRow("Copy embed code", right);
    HostButton("Copy embed code", "share-copy-embed",
               "An <iframe> for a course page or a blog, showing this view (embed=1)", "Embed code copied", edits);
    NextInRow("Copy HTML link", right);
    HostButton("Copy HTML link", "share-copy-html-link",
               "A plain <a href> link, for hosts that strip iframes (Moodle does, unless the text is trusted)",
               "HTML link copied", edits);
    // Which controls a student may change, panels, quiz, theme, size: a page
    // over the canvas with a live preview (web/builder.js), not ImGui widgets.
    HostButton("Embed builder\xE2\x80\xA6", "share-builder",
               "Choose what students may change and see, with a live preview, then copy the code", "", edits);
    NoteWidget("share.builder");

    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    ImGui::TextDisabled("EXPORT THE FIGURE");
    const bool can_export = scene.error.empty();
    ImGui::BeginDisabled(!can_export);
    // The PNG's scale over the figure's size on screen: 2x by default, sharp on
    // a slide; 4x for print posters (within the export's pixel caps).
    static int png_scale = 2;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("PNG size");
    for (int scale : {1, 2, 4}) {
        ImGui::SameLine();
        const std::string label = std::to_string(scale) + "\xC3\x97";
        if (ImGui::RadioButton(label.c_str(), png_scale == scale)) png_scale = scale;
        NoteWidget(("share.png." + std::to_string(scale)).c_str());
    }
    HostButton("PNG", "share-export-png", "A picture of the figure at the size chosen above, for documents and slides",
               "PNG saved", edits, std::to_string(png_scale));
    NextInRow("SVG", right);
    HostButton("SVG", "share-export-svg", "Vectors and text: sharp at any size, for slides (opens in Inkscape)",
               "SVG saved", edits);
    NextInRow("Animated GIF", right);
    // The GIF animates the cell view's step-through; image mode has no steps
    // (the whole map is computed at once), so it has no GIF to make.
    const bool image_mode = session.view().mode == ViewMode::Image;
    ImGui::BeginDisabled(image_mode);
    HostButton("Animated GIF", "share-export-gif", "The step-through, one frame per output step (at most 60)",
               "Making the GIF\xE2\x80\xA6", edits);
    ImGui::EndDisabled();
    ImGui::EndDisabled();
    if (image_mode && can_export)
        ImGui::TextWrapped("The GIF animates the cells' step-through: switch to Cells to make one. "
                           "PNG and SVG hold the picture and its maps.");
    NextInRow("Print\xE2\x80\xA6", right);
    HostButton("Print\xE2\x80\xA6", "share-print", "Prints the figure (not the controls)", "", edits);
    if (!can_export) ImGui::TextWrapped("Nothing to export while the layer is invalid.");
    else if (scene.steps > 60)
        ImGui::TextWrapped("The GIF shows 60 of the %lld steps, evenly spaced.", static_cast<long long>(scene.steps));

    // The confirmation of the last click, for a moment.
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const float at = storage->GetFloat(ImGui::GetID("share confirm time"), -100.0f);
    const char* text = static_cast<const char*>(storage->GetVoidPtr(ImGui::GetID("share confirm text")));
    if (text && *text && ImGui::GetTime() - double(at) < kConfirmSeconds) {
        ImGui::Spacing();
        ImGui::TextDisabled("%s", text);
        edits.redraw = true;  // keep drawing until it fades
    }
    ImGui::EndPopup();
}

}  // namespace cp::ui
