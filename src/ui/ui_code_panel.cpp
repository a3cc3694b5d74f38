// ui_code_panel.cpp — the document as PyTorch and Keras code (state/formats/code.h),
// each with a Copy button, and a field to paste PyTorch layer code back in.
// The writers and the paste reader are in the code tools module, loaded on
// first use (ui_code_panel.h): the panel shows "loading..." and asks the page
// (host action "code") until the code of the document on screen arrives;
// Apply hands the pasted text to the page (host action "import-code"), which
// reads it in the tools module and commits the document through the one door
// (state/commit.h), like every edit; the answer comes back as the message.
//
// [SECTION] Code from the tools module
// [SECTION] Code out
// [SECTION] Code in
#include <algorithm>
#include <cstring>
#include <string>

#include "imgui.h"
#include "ui/ui.h"
#include "ui/ui_code_panel.h"
#include "ui/ui_draw.h"

namespace cp::ui {
namespace {

// [SECTION] Code from the tools module

struct CodeCache {
    Doc doc;             // the document the code is of
    bool valid = false;  // any code arrived yet
    std::string pytorch;
    KerasCode keras;
    Doc asked;             // the document last asked for (asked once, not every frame)
    bool has_asked = false;
};
CodeCache g_code;

struct PasteState {
    char text[kMaxCodeText + 1] = {};
    std::string message;
    bool failed = false;
};
PasteState g_paste;

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

void PasteField(const Session& session, const Fonts& fonts, Edits& edits) {
    PasteState& paste = g_paste;
    ImGui::TextDisabled("PASTE PYTORCH");
    ImGui::PushFont(fonts.mono);
    ImGui::InputTextMultiline("##paste", paste.text, sizeof paste.text,
                              ImVec2(-1, ImGui::GetTextLineHeightWithSpacing() * 4 + ImGui::GetStyle().FramePadding.y * 2),
                              ImGuiInputTextFlags_AllowTabInput);
    NoteWidget("code.paste");
    ImGui::PopFont();
    if (ImGui::IsItemHovered() && paste.text[0] == 0)
        Tooltip("e.g. nn.Conv2d(3, 16, kernel_size=3, stride=2, padding=1)\nor a whole nn.Sequential(...)");
    const bool apply = ImGui::Button("Apply");
    NoteWidget("code.apply");
    if (apply) {
        // The page reads it in the code tools module and commits it (web/code.js);
        // ReceivePasteMessage brings the answer.
        edits.AskHost("import-code", std::string(paste.text, std::strlen(paste.text)));
        paste.failed = false;
        paste.message = "reading\u2026";
    }
    if (!paste.message.empty()) {
        ImGui::SameLine();
        if (paste.failed) ImGui::PushStyleColor(ImGuiCol_Text, PaintVec4(Paint::Warning, session.view().dark));
        ImGui::TextWrapped("%s", paste.message.c_str());
        if (paste.failed) ImGui::PopStyleColor();
    }
}

}  // namespace

void ReceiveCode(const Doc& doc, std::string pytorch, KerasCode keras) {
    g_code.doc = doc;
    g_code.pytorch = std::move(pytorch);
    g_code.keras = std::move(keras);
    g_code.valid = true;
}

void ReceivePasteMessage(std::string message, bool failed) {
    g_paste.message = std::move(message);
    g_paste.failed = failed;
}

void DrawCodePanel(const Session& session, const Fonts& fonts, Edits& edits) {
    CodeCache& code = g_code;
    const bool current = code.valid && code.doc == session.doc();
    if (!current && !(code.has_asked && code.asked == session.doc())) {
        edits.AskHost("code");  // the page answers with cp_app_set_code
        code.asked = session.doc();
        code.has_asked = true;
    }
    if (!code.valid) {
        // The first time only: later the last code stays until the new one arrives (a frame or two).
        ImGui::TextDisabled("PYTORCH");
        ImGui::TextUnformatted("loading\u2026");
    } else {
        CodeBlock("pytorch", "PYTORCH", code.pytorch, fonts, edits);
        ImGui::Spacing();
        if (code.keras.why_not.empty()) {
            CodeBlock("keras", "KERAS (channels_last)", code.keras.code, fonts, edits);
        } else {
            ImGui::TextDisabled("KERAS");
            ImGui::TextWrapped("%s", code.keras.why_not.c_str());
        }
    }
    ImGui::Spacing();
    PasteField(session, fonts, edits);
}

}  // namespace cp::ui
