// number_format.h — how a cell value is written, the same in every place that
// shows one: the scene's notes, the canvas (ui/ui_figure.cpp) and the SVG
// writer (svg.h). Its own header, so the scene does not include a renderer.
#pragma once
#include <string>

namespace cp {

// Integers without a point, others with at most two decimals, minus as U+2212;
// infinities as ∞ and −∞ (a max pool's padding), NaN as "NaN".
std::string FormatValue(float v);

}  // namespace cp
