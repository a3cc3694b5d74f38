// ui_quiz_panel.cpp — the quiz (quiz=1 or quiz=fixed): the question, two
// integer inputs for the output's height and width, Check, then the verdict
// and the formula with the layer's numbers, and New question (quiz=1 only).
// While unanswered the scene has no output (scene/quiz.h); the typed answer
// goes into the View (transient: never in a link) when Check is pressed.
//
// [SECTION] The question
// [SECTION] The answer and the verdict
#include <cstdio>
#include <cstdlib>
#include <string>

#include "engine/names.h"
#include "imgui.h"
#include "scene/formula.h"
#include "state/formats/embed.h"
#include "ui/ui.h"

namespace cp::ui {
namespace {

// [SECTION] The question

std::string SizeText(Size2 v) {
    return v.h == v.w ? std::to_string(v.h) : std::to_string(v.h) + "\xC3\x97" + std::to_string(v.w);
}

// What the student needs to work the size out, in one line.
std::string Question(const Doc& doc, const Layer& layer) {
    std::string s(LabelOf(layer.op()));
    s += ": input " + std::to_string(doc.input.h) + "\xC3\x97" + std::to_string(doc.input.w);
    s += ", kernel " + SizeText(KernelOf(layer)) + ", stride " + SizeText(StrideOf(layer));
    if (const auto* c = std::get_if<Conv2dOptions>(&layer.options)) {
        if (c->rule == PaddingRule::Same) s += ", padding 'same'";
        else if (c->rule == PaddingRule::Valid) s += ", padding 'valid'";
        else if (c->rule == PaddingRule::SameTF) s += ", padding 'SAME' (TensorFlow)";
        else if (c->pad.top == c->pad.bottom && c->pad.left == c->pad.right) s += ", padding " + SizeText({c->pad.top, c->pad.left});
        else
            s += ", padding top " + std::to_string(c->pad.top) + " bottom " + std::to_string(c->pad.bottom) + " left " +
                 std::to_string(c->pad.left) + " right " + std::to_string(c->pad.right);
    } else {
        s += ", padding " + SizeText(PaddingOf(layer));
    }
    if (HasDilation(layer) && !(DilationOf(layer) == Size2{1, 1})) s += ", dilation " + SizeText(DilationOf(layer));
    if (const auto* t = std::get_if<ConvTranspose2dOptions>(&layer.options);
        t && !(t->output_padding == Size2{0, 0}))
        s += ", output_padding " + SizeText(t->output_padding);
    if (const auto* m = std::get_if<MaxPool2dOptions>(&layer.options); m && m->ceil_mode) s += ", ceil_mode";
    if (const auto* a = std::get_if<AvgPool2dOptions>(&layer.options); a && a->ceil_mode) s += ", ceil_mode";
    return s + ".";
}

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

void Verdict(const Session& session, const Fonts& fonts) {
    const View& view = session.view();
    const LayerPlan& plan = session.viewed();
    if (!plan.picture.ok()) return;
    const Shape out = plan.picture.value().out;
    const bool right = view.quiz_h == out.h && view.quiz_w == out.w;
    ImGui::PushStyleColor(ImGuiCol_Text, right ? ImVec4(0.35f, 0.80f, 0.45f, 1) : ImVec4(1.0f, 0.62f, 0.30f, 1));
    if (right) ImGui::TextWrapped("Right: the output is %d \xC3\x97 %d.", out.h, out.w);
    else
        ImGui::TextWrapped("Not quite: you said %d \xC3\x97 %d, the output is %d \xC3\x97 %d.", view.quiz_h, view.quiz_w,
                           out.h, out.w);
    ImGui::PopStyleColor();
    const LayerWorking w = WorkLayer(session.doc().layers[size_t(view.layer)], plan);
    ImGui::PushFont(fonts.mono);
    ImGui::TextWrapped("%s", w.general.c_str());
    for (const AxisWorking& axis : w.axes) ImGui::TextWrapped("%s  %s", axis.axis.c_str(), axis.formula.c_str());
    ImGui::PopFont();
    // The first sentence of each axis says what the numbers mean.
    for (const AxisWorking& axis : w.axes)
        if (!axis.notes.empty()) ImGui::TextWrapped("%s", axis.notes.front().c_str());
}

}  // namespace

void DrawQuizPanel(const Session& session, const Scene&, const Fonts& fonts, Edits& edits) {
    static AnswerBoxes boxes;
    const Doc& doc = session.doc();
    const View& view = session.view();
    if (!(boxes.doc == doc)) boxes = AnswerBoxes{doc};
    const Layer& layer = doc.layers[size_t(view.layer)];

    ImGui::TextDisabled("QUIZ  \xC2\xB7  what size is the output?");
    ImGui::TextWrapped("%s", Question(doc, layer).c_str());
    if (!session.viewed().picture.ok()) {
        ImGui::TextWrapped("This configuration has no output: %s", session.viewed().picture.error().c_str());
    } else if (!view.quiz_answered) {
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
            v.quiz_answered = true;
            v.quiz_h = h, v.quiz_w = w;
        }
    } else {
        Verdict(session, fonts);
    }
    if (view.embed.quiz == Quiz::On) {
        if (ImGui::Button("New question")) {
            View& v = edits.EditView(session);
            v.embed.quiz_seed += 1;
            v.quiz_answered = false;
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
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Another configuration to work out");
    }
}

}  // namespace cp::ui
