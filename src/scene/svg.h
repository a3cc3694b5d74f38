// svg.h — the scene as a standalone SVG document: the figure for a slide or a
// course page, drawn from the same scene as the canvas. Vectors throughout;
// text stays text (monospace numbers, sans-serif captions).
#pragma once
#include <string>

#include "scene/scene.h"

namespace cp {

// `cell` is the size of one grid cell in SVG user units (CSS pixels); `dark`
// picks the theme's palette and background (View::dark, as on the canvas);
// `title` becomes the document's <title> (what a screen reader or a file
// browser shows).
std::string SceneSvg(const Scene& scene, float cell = 32, bool dark = true,
                     const std::string& title = "convplay figure");

// Formats a cell value the way every consumer shows it: integers without a
// point, others with at most two decimals, minus as U+2212.
std::string FormatValue(float v);

}  // namespace cp
