// quiz.cpp — quiz.h: the scene without the answer.
#include "scene/quiz.h"

#include <algorithm>

#include "engine/names.h"
#include "scene/formula.h"
#include "scene/scene_json.h"

namespace cp {
namespace {

constexpr float kBoxSide = 3;  // the "?" box, cells: room for its caption

void HideOutput(Scene& scene) {
    const SceneGrid* out = scene.Grid("output");
    const SceneGrid* src = scene.Grid("source");
    if (!out || !src) return;
    // Everything right of the source grid is the output's column (the output,
    // the kernel under it, their plates, frames and captions).
    const float column = out->x, top = src->y;
    const float source_bottom = src->y + float(src->rows);
    std::erase_if(scene.grids, [&](const SceneGrid& g) { return g.x >= column; });
    std::erase_if(scene.plates, [&](const SceneFrame& f) { return f.x >= column; });
    std::erase_if(scene.frames, [&](const SceneFrame& f) { return f.x >= column; });
    // The caption (the first label) chains the sizes and ends with the
    // output's: ask for it instead.
    SceneLabel caption;
    const bool has_caption = !scene.labels.empty() && scene.labels.front().anchor == Anchor::Above;
    if (has_caption) {
        caption = scene.labels.front();
        const size_t arrow = caption.text.rfind(" \xE2\x86\x92 ");
        if (arrow != std::string::npos) caption.text = caption.text.substr(0, arrow) + " \xE2\x86\x92 ?";
        scene.labels.erase(scene.labels.begin());
    }
    std::erase_if(scene.labels, [&](const SceneLabel& l) { return l.anchor == Anchor::Below || l.x >= column; });
    for (SceneGrid& g : scene.grids)
        for (uint16_t& f : g.flags) f = uint16_t(f & ~(kCellTrail | kCellUnread | kCellLinked));

    // A "?" where the output was, and the arrow into it.
    const float box_y = top + std::max(0.0f, (source_bottom - top - kBoxSide) / 2);
    scene.frames.push_back({column, box_y, kBoxSide, kBoxSide, Paint::GridFrame, 2});
    scene.labels.push_back({column + kBoxSide / 2, box_y + kBoxSide / 2, "?", Paint::Caption, Anchor::Center, true});
    scene.labels.push_back({column + kBoxSide / 2, box_y, "output ? \xC3\x97 ?", Paint::Caption, Anchor::Above, false});
    for (SceneArrow& a : scene.arrows) {
        a.x1 = column - 0.08f;
        a.y1 = box_y + kBoxSide / 2;
        const float mid = (a.x0 + a.x1) / 2;
        a.cx0 = mid, a.cy0 = a.y0, a.cx1 = mid, a.cy1 = a.y1;
    }
    scene.width = column + kBoxSide;
    scene.height = std::max(source_bottom, box_y + kBoxSide);
    if (has_caption) {
        caption.x = scene.width / 2;
        scene.labels.insert(scene.labels.begin(), caption);
    }
    scene.steps = 0;
    scene.step = scene.out_row = scene.out_col = 0;
}

}  // namespace

Scene BuildShownScene(const LayerPlan& plan, const View& view) {
    if (!view.HidesOutput()) return BuildScene(plan, view);
    // What would count windows for the student goes before the scene is built.
    View v = view;
    v.step = 0, v.playing = false, v.heatmap = false;
    v.hover = v.hover_input = v.pinned = CellRef{};
    Scene scene = BuildScene(plan, v);
    if (scene.error.empty()) HideOutput(scene);
    return scene;
}

namespace {

std::string SizeText(Size2 v) {
    return v.h == v.w ? std::to_string(v.h) : std::to_string(v.h) + "\xC3\x97" + std::to_string(v.w);
}

}  // namespace

std::string QuizQuestionText(const Doc& doc, const Layer& layer) {
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

QuizFeedback JudgeQuiz(const Doc& doc, const LayerPlan& plan, const View& view) {
    QuizFeedback f;
    f.answered = view.quiz_answered;
    if (!plan.picture.ok() || (!f.answered && view.quiz_wrong <= 0)) return f;
    const Shape out = plan.picture.value().out;
    const int tries = std::max(1, int(view.embed.tries));
    f.right = f.answered && view.quiz_h == out.h && view.quiz_w == out.w;
    f.tries = view.quiz_wrong + (f.answered && f.right ? 1 : 0);
    if (f.answered && !f.right) f.tries = std::max(f.tries, 1);
    f.tries_left = f.answered ? 0 : std::max(0, tries - view.quiz_wrong);
    const std::string times = " \xC3\x97 ";
    const std::string said = std::to_string(view.quiz_h) + times + std::to_string(view.quiz_w);
    const LayerWorking w = WorkLayer(doc.layers[size_t(view.layer)], plan);
    if (!f.answered) {  // wrong, with a try left: which part, and a hint
        f.retry = true;
        const bool h_ok = view.quiz_h == out.h, w_ok = view.quiz_w == out.w;
        f.verdict = "Not yet: you said " + said + ". " +
                    (h_ok ? "The height is right, the width is not."
                          : w_ok ? "The width is right, the height is not." : "Neither the height nor the width is right.") +
                    " " + std::to_string(f.tries_left) + (f.tries_left == 1 ? " try left." : " tries left.");
        // First which formula, then the numbers in it (never its result).
        if (view.quiz_wrong <= 1) {
            f.hint = "Hint: " + w.op + " gives  " + w.general;
        } else {
            f.hint = "Hint: the numbers in it:";
            for (const AxisWorking& axis : w.axes) {
                const size_t eq = axis.formula.find(" = ");
                f.hint += "  " + axis.axis + "  " + (eq == std::string::npos ? axis.formula : axis.formula.substr(0, eq)) + " = ?";
            }
        }
        return f;
    }
    f.verdict = f.right ? "Right: the output is " + std::to_string(out.h) + times + std::to_string(out.w) + "."
                        : "Not quite: you said " + said + ", the output is " + std::to_string(out.h) + times +
                              std::to_string(out.w) + ". Here is how it is worked out:";
    f.general = w.general;
    for (const AxisWorking& axis : w.axes) {
        f.working.push_back(axis.axis + "  " + axis.formula);
        if (!axis.notes.empty()) f.notes.push_back(axis.notes.front());
    }
    return f;
}

View AnswerQuiz(const View& view, const LayerPlan& plan, int h, int w) {
    if (view.embed.quiz == Quiz::Off || view.quiz_answered || !plan.picture.ok()) return view;
    View v = view;
    v.quiz_h = h, v.quiz_w = w;
    const Shape out = plan.picture.value().out;
    if (h == out.h && w == out.w) v.quiz_answered = true;
    else if (++v.quiz_wrong >= std::max(1, int(view.embed.tries))) v.quiz_answered = true;
    return v;
}

std::string QuizAnswerJson(const Doc& doc, const LayerPlan& plan, const View& after) {
    const QuizFeedback f = JudgeQuiz(doc, plan, after);
    return std::string("{\"correct\":") + (f.right ? "true" : "false") + ",\"tries\":" + std::to_string(f.tries) +
           ",\"finished\":" + (f.answered ? "true" : "false") + ",\"question\":" +
           JsonString(QuizQuestionText(doc, doc.layers[size_t(after.layer)])) + "}";
}

}  // namespace cp
