// quiz.h — the figure while a quiz waits for its answer (View::HidesOutput,
// the quiz= key): everything a student needs to work the output size out
// (the input, its padding, the window at its first position, the op's
// numbers) and nothing that gives it away. The canvas, the SVG export, the
// scene JSON and the screen readers' description all read this one scene.
#pragma once
#include <string>
#include <vector>

#include "scene/scene.h"

namespace cp {

// BuildScene, or while view.HidesOutput() a scene without the answer: no
// output grid or kernel grid (the kernel's place depends on the output's
// height), a "?" box in the output's place, the caption's last size as "?",
// no notes (the shown cell's sum names its position), no trail, unread
// marks, hover links or heatmap (they count windows), and steps = 0.
Scene BuildShownScene(const LayerPlan& plan, const View& view);

// What the student needs to work the size out, in one line: "Conv2d: input
// 7×7, kernel 3, stride 2, padding 1." (the quiz panel and the parallel DOM).
std::string QuizQuestionText(const Doc& doc, const Layer& layer);

// The quiz's answer judged, in words: the verdict, then (once the answer is
// given) the formula with the layer's numbers. One source for the ImGui panel,
// the page's parallel DOM and the answer message a host page receives.
struct QuizFeedback {
    bool answered = false;           // the student pressed Check
    bool right = false;
    std::string verdict;             // "Right: the output is 4 × 4." / "Not quite: ..."
    std::string general;             // the op's formula in symbols
    std::vector<std::string> working;  // per axis: "H  ⌊(7 + 2·1 − 3) / 2⌋ + 1 = 4"
    std::vector<std::string> notes;    // per axis: what the numbers mean
};
QuizFeedback JudgeQuiz(const Doc& doc, const LayerPlan& plan, const View& view);

}  // namespace cp
