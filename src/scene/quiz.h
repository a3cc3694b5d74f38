// quiz.h — the figure while a quiz waits for its answer (View::HidesOutput,
// the quiz= key): everything a student needs to work the output size out
// (the input, its padding, the window at its first position, the op's
// numbers) and nothing that gives it away. The canvas, the SVG export, the
// scene JSON and the screen readers' description all read this one scene.
#pragma once
#include "scene/scene.h"

namespace cp {

// BuildScene, or while view.HidesOutput() a scene without the answer: no
// output grid or kernel grid (the kernel's place depends on the output's
// height), a "?" box in the output's place, the caption's last size as "?",
// no notes (the shown cell's sum names its position), no trail, unread
// marks, hover links or heatmap (they count windows), and steps = 0.
Scene BuildShownScene(const LayerPlan& plan, const View& view);

}  // namespace cp
