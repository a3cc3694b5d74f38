// describe.h — the figure in one or two sentences, for screen readers: the
// canvas is invisible to them, so the page keeps this text in an aria-live
// element beside it (web/convplay.js).
#pragma once
#include <string>

#include "scene/scene.h"

namespace cp {

// e.g. "Conv2d, input 7×7, kernel 3, stride 2, padding 1: output 4×4. Step 6
// of 16: output row 1, column 1 reads input rows 1 to 3, columns 1 to 3."
// Rows and columns count from 0, as in PyTorch; a negative one is padding.
// hide_output (a quiz waiting for its answer, View::HidesOutput): the
// configuration only, and that the output size is the question.
std::string Describe(const LayerPlan& plan, const Scene& scene, bool hide_output = false);

}  // namespace cp
