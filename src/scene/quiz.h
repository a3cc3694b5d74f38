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

// The quiz's answer judged, in words. A wrong answer says which part is
// wrong and gives a hint, until the student has used the link's tries
// (tries=, default 2); then, as after a right answer, the answer shows with
// the formula and the layer's numbers. One source for the ImGui panel, the
// page's parallel DOM and the message a host page receives.
struct QuizFeedback {
    bool answered = false;           // finished: right, or out of tries
    bool right = false;
    bool retry = false;              // wrong, and another try is left
    int tries = 0;                   // answers given so far
    int tries_left = 0;
    std::string verdict;             // "Right: the output is 4 × 4." / "Not yet: the height is right, the width is not." / ...
    std::string hint;                // while retrying: which formula, then the numbers in it
    std::string general;             // once answered: the op's formula in symbols
    std::vector<std::string> working;  // per axis: "H  ⌊(7 + 2·1 − 3) / 2⌋ + 1 = 4"
    std::vector<std::string> notes;    // per axis: what the numbers mean
};
QuizFeedback JudgeQuiz(const Doc& doc, const LayerPlan& plan, const View& view);

// The view after the student answers h × w: finished when right or out of
// tries, else one more wrong answer (the answer kept, for the verdict).
// Unchanged when there is no quiz, it is finished, or the layer has no output.
View AnswerQuiz(const View& view, const LayerPlan& plan, int h, int w);

// What the frame tells its host page after an answer (web/embed.js posts it
// as {type: 'convplay:answer', ...}): {"correct":…,"tries":…,"question":"…"}.
std::string QuizAnswerJson(const Doc& doc, const LayerPlan& plan, const View& after);

}  // namespace cp
