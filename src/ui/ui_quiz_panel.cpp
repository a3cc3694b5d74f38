// ui_quiz_panel.cpp — the quiz (quiz=1 or quiz=fixed): the question, two
// integer inputs for the output's height and width, Check, then the verdict
// and the formula with the layer's numbers, and New question (quiz=1 only).
// While unanswered the scene has no output (scene/quiz.h); the typed answer
// goes into the View (transient: never in a link) when Check is pressed.
//
// [SECTION] The answer and the verdict (their words: scene/quiz.h)
#include <cstdio>
#include <cstdlib>
#include <string>

#include "engine/names.h"
#include "imgui.h"
#include "scene/quiz.h"
#include "state/formats/embed.h"
#include "ui/ui.h"
#include "ui/ui_draw.h"

namespace cp::ui {
namespace {

// [SECTION] The answer and the verdict

// The two boxes keep their text across frames; they empty when the question changes.
struct AnswerBoxes {
    Doc doc;
    char h[4] = {}, w[4] = {};
};

bool ReadSide(const char* text, int& out) {
    if (!text[0]) return false;
    char* end = nullptr;
    const long v = std::strtol(text, &end, 10);
    if (*end || v < 0 || v > 999) return false;
    out = int(v);
    return true;
}

void Verdict(const QuizFeedback& f, const Session& session, const Fonts& fonts) {
    ImGui::PushStyleColor(ImGuiCol_Text, PaintVec4(f.right ? Paint::Success : Paint::Warning, session.view().dark));
    ImGui::TextWrapped("%s", f.verdict.c_str());
    ImGui::PopStyleColor();
    if (!f.hint.empty()) {
        ImGui::PushFont(fonts.mono);
        ImGui::TextWrapped("%s", f.hint.c_str());
        ImGui::PopFont();
    }
    if (!f.answered) return;
    ImGui::PushFont(fonts.mono);
    ImGui::TextWrapped("%s", f.general.c_str());
    for (const std::string& line : f.working) ImGui::TextWrapped("%s", line.c_str());
    ImGui::PopFont();
    // The first sentence of each axis says what the numbers mean.
    for (const std::string& note : f.notes) ImGui::TextWrapped("%s", note.c_str());
}

}  // namespace

void DrawQuizPanel(const Session& session, const Scene&, const Fonts& fonts, Edits& edits) {
    static AnswerBoxes boxes;
    const Doc& doc = session.doc();
    const View& view = session.view();
    if (!(boxes.doc == doc)) boxes = AnswerBoxes{doc};
    const Layer& layer = doc.layers[size_t(view.layer)];

    ImGui::TextDisabled("QUIZ  \xC2\xB7  what size is the output?");
    ImGui::TextWrapped("%s", QuizQuestionText(doc, layer).c_str());
    if (!session.viewed().picture.ok()) {
        ImGui::TextWrapped("This configuration has no output: %s", session.viewed().picture.error().c_str());
    } else if (!view.quiz_answered) {
        const QuizFeedback f = JudgeQuiz(doc, session.viewed(), view);
        if (f.retry) Verdict(f, session, fonts);  // which part is wrong, a hint, the tries left
        const float box = ImGui::CalcTextSize("000").x + ImGui::GetStyle().FramePadding.x * 2;
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("H");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(box);
        ImGui::InputText("##quiz h", boxes.h, sizeof boxes.h, ImGuiInputTextFlags_CharsDecimal);
        NoteWidget("quiz.h");
        ImGui::SameLine();
        ImGui::TextUnformatted("\xC3\x97  W");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(box);
        const bool enter = ImGui::InputText("##quiz w", boxes.w, sizeof boxes.w,
                                            ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue);
        NoteWidget("quiz.w");
        ImGui::SameLine();
        int h = 0, w = 0;
        const bool complete = ReadSide(boxes.h, h) && ReadSide(boxes.w, w);
        ImGui::BeginDisabled(!complete);
        const bool check = ImGui::Button("Check");
        ImGui::EndDisabled();
        NoteWidget("quiz.check");
        if ((check || enter) && complete) {
            View& v = edits.EditView(session);
            v = AnswerQuiz(v, session.viewed(), h, w);
            edits.AskHost("answer", QuizAnswerJson(doc, session.viewed(), v));
        }
    } else {
        Verdict(JudgeQuiz(doc, session.viewed(), view), session, fonts);
    }
    if (view.embed.quiz == Quiz::On) {
        if (ImGui::Button("New question")) {
            View& v = edits.EditView(session);
            v.embed.quiz_seed += 1;
            v.quiz_answered = false, v.quiz_wrong = 0;
            v.step = 0, v.playing = false, v.pinned = CellRef{};
            v.preset.clear();
            Doc& d = edits.EditDoc(session);
            const Doc next = QuizQuestion(v.embed.quiz_seed);
            d.input = next.input;
            d.flip_kernel = next.flip_kernel;
            d.layers = next.layers;
            v.layer = 0;
        }
        NoteWidget("quiz.new");
        if (ImGui::IsItemHovered()) Tooltip("Another configuration to work out");
    }
}

}  // namespace cp::ui
