// ui_code_panel.cpp — the document as PyTorch and Keras code (state/formats/code.h),
// each with a Copy button, and a field to paste PyTorch layer code back in:
// Apply parses it against the current document and returns the result as a
// Doc edit (Sanitize then repairs it with notices, like every edit), or shows
// the part it did not understand.
//
// [SECTION] Code out
// [SECTION] Code in
#include <algorithm>
#include <cstring>
#include <string>

#include "imgui.h"
#include "state/commit.h"
#include "state/formats/code.h"
#include "ui/ui.h"
#include "ui/ui_draw.h"

namespace cp::ui {
namespace {

// The code is written again only when the document changes (the app draws
// on every hover; PlanDoc is not free).
struct CodeCache {
    Doc doc;
    bool valid = false;
    std::string pytorch;
    KerasCode keras;
};

const CodeCache& CodeOf(const Doc& doc) {
    static CodeCache cache;
    if (!cache.valid || !(cache.doc == doc)) {
        cache.doc = doc;
        cache.pytorch = PyTorchCode(doc);
        cache.keras = KerasCodeOf(doc);
        cache.valid = true;
    }
    return cache;
}

// [SECTION] Code out

void CodeBlock(const char* id, const char* title, const std::string& code, const Fonts& fonts, Edits& edits) {
    ImGui::PushID(id);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", title);
    ImGui::SameLine();
    // The page copies (SDL's clipboard does not reach the browser's).
    const bool copy = ImGui::SmallButton("Copy");
    NoteWidget((std::string("code.copy.") + id).c_str());
    if (copy) edits.AskHost("copy", code);
    // Lines as written (no wrapping: it is Python), scrolled sideways when long.
    ImGui::PushFont(fonts.mono);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float text_h = ImGui::CalcTextSize(code.c_str(), code.c_str() + code.size()).y;
    const float height = std::min(text_h, ImGui::GetTextLineHeight() * 24) + style.WindowPadding.y * 2 + style.ScrollbarSize;
    ImGui::BeginChild("code", ImVec2(0, height), true, ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::TextUnformatted(code.c_str(), code.c_str() + code.size());
    ImGui::EndChild();
    ImGui::PopFont();
    ImGui::PopID();
}

// [SECTION] Code in

struct PasteState {
    char text[kMaxCodeText + 1] = {};
    std::string message;
    bool failed = false;
};

void PasteField(const Session& session, const Fonts& fonts, Edits& edits) {
    static PasteState paste;
    ImGui::TextDisabled("PASTE PYTORCH");
    ImGui::PushFont(fonts.mono);
    ImGui::InputTextMultiline("##paste", paste.text, sizeof paste.text,
                              ImVec2(-1, ImGui::GetTextLineHeightWithSpacing() * 4 + ImGui::GetStyle().FramePadding.y * 2),
                              ImGuiInputTextFlags_AllowTabInput);
    NoteWidget("code.paste");
    ImGui::PopFont();
    if (ImGui::IsItemHovered() && paste.text[0] == 0)
        ImGui::SetTooltip("e.g. nn.Conv2d(3, 16, kernel_size=3, stride=2, padding=1)\nor a whole nn.Sequential(...)");
    const bool apply = ImGui::Button("Apply");
    NoteWidget("code.apply");
    if (apply) {
        const CodeImport imported = ImportCode(std::string_view(paste.text, std::strlen(paste.text)), session.doc());
        const Result<Doc>& parsed = imported.doc;
        paste.failed = !parsed.ok();
        if (parsed.ok()) {
            edits.EditDoc(session) = ThroughCodec(parsed.value(), &edits.notices);  // what a link to it opens
            edits.EditView(session).preset.clear();  // the preset's caption described the state before
            paste.message = CodeAppliedMessage(parsed.value());
            // What was not read, or stopped the chain, with its line (a few: the rest are in importCode's notices).
            for (size_t i = 0; i < imported.notices.size() && i < 4; ++i) paste.message += "\n" + imported.notices[i];
        } else {
            paste.message = parsed.error();
        }
    }
    if (!paste.message.empty()) {
        ImGui::SameLine();
        if (paste.failed) ImGui::PushStyleColor(ImGuiCol_Text, PaintVec4(Paint::Warning, session.view().dark));
        ImGui::TextWrapped("%s", paste.message.c_str());
        if (paste.failed) ImGui::PopStyleColor();
    }
}

}  // namespace

void DrawCodePanel(const Session& session, const Fonts& fonts, Edits& edits) {
    const CodeCache& code = CodeOf(session.doc());
    CodeBlock("pytorch", "PYTORCH", code.pytorch, fonts, edits);
    ImGui::Spacing();
    if (code.keras.why_not.empty()) {
        CodeBlock("keras", "KERAS (channels_last)", code.keras.code, fonts, edits);
    } else {
        ImGui::TextDisabled("KERAS");
        ImGui::TextWrapped("%s", code.keras.why_not.c_str());
    }
    ImGui::Spacing();
    PasteField(session, fonts, edits);
}

}  // namespace cp::ui
