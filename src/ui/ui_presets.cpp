// ui_presets.cpp — the Presets button and its menu (state/formats/presets.h), and the
// caption of the preset last applied. Applying one goes through the codec
// (ApplyPreset decodes the preset's link), so a preset shows exactly what its
// shared link shows. Reads the session; every change goes into `edits`.
#include <string>

#include "imgui.h"
#include "state/commit.h"
#include "state/formats/codec.h"
#include "state/formats/presets.h"
#include "state/formats/share_names.h"
#include "ui/ui.h"
#include "ui/ui_draw.h"

namespace cp::ui {

// The answer is kept per preset and document: asked every frame.
bool StillThePreset(const Session& session, const Preset& preset) {
    static std::string id;
    static Doc doc;
    static bool still = false;
    if (id != preset.id || !(doc == session.doc())) {
        id = std::string(preset.id);
        doc = session.doc();
        still = IsPresetDoc(preset, doc);
    }
    return still;
}

void DrawPresetsMenu(const Session& session, const Fonts& fonts, Edits& edits) {
    (void)fonts;
    if (ImGui::Button("Presets\xE2\x80\xA6")) ImGui::OpenPopup("presets");
    NoteWidget("presets");
    if (ImGui::IsItemHovered()) Tooltip("Ready-made configurations: the cases of the convolution arithmetic guide, and common misconceptions");
    if (ImGui::BeginPopup("presets")) {
        std::string_view group;
        for (const Preset& p : Presets()) {
            if (p.group != group) {
                if (!group.empty()) ImGui::Separator();
                group = p.group;
                ImGui::TextDisabled("%.*s", int(group.size()), group.data());
            }
            ImGui::PushID(p.id.data(), p.id.data() + p.id.size());
            const std::string title(p.title);
            Doc doc = session.doc();
            View view = session.view();
            auto apply = [&] { ApplyPreset(p, doc, view); };  // its link decodes with no notice (test_presets.cpp)
            // One that needs a locked key (lock=) is shown disabled, with why:
            // the commit's gate (state/commit.h) would refuse it.
            std::vector<std::string_view> locked;
            if (session.view().embed.lock) apply(), locked = ChangedLockedKeys(session.doc(), session.view(), doc, view);
            if (!locked.empty()) ImGui::BeginDisabled();
            if (ImGui::Selectable(title.c_str(), session.view().preset == p.id)) {
                if (!session.view().embed.lock) apply();
                edits.doc = std::move(doc);
                edits.view = std::move(view);
                edits.dismiss_notices = true;  // the old notices were about the old configuration
                ImGui::CloseCurrentPopup();
            }
            if (!locked.empty()) ImGui::EndDisabled();
            NoteWidget(("preset." + std::string(p.id)).c_str());
            if (!locked.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
                Tooltip("Locked: this preset %s.", LockedWhy(locked).c_str());
            else if (ImGui::IsItemHovered()) Tooltip("%.*s", int(p.caption.size()), p.caption.data());
            ImGui::PopID();
        }
        ImGui::EndPopup();
    }

    // The caption of the preset on screen, until it is cleared.
    const Preset* shown = FindPreset(session.view().preset);
    if (!shown) return;
    const bool still = StillThePreset(session, *shown);
    ImGui::SameLine();
    if (ImGui::SmallButton("\xC3\x97##clear preset")) edits.EditView(session).preset.clear();
    if (ImGui::IsItemHovered()) Tooltip("Hide the preset's caption");
    // The title says what is on screen (share_names.h FigureCaption): the
    // preset's while the figure is the preset's, else the figure in words.
    ImGui::TextWrapped("%s", FigureCaption(session.doc(), shown, still).c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%.*s%s", int(shown->caption.size()), shown->caption.data(),
                       still ? "" : "  (changed since: the caption describes the preset)");
    ImGui::PopStyleColor();
}

}  // namespace cp::ui
