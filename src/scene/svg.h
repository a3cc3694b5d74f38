// svg.h — the scene as a standalone SVG document: the figure for a slide or a
// course page, drawn from the same scene as the canvas. Vectors throughout;
// text stays text (monospace numbers, sans-serif captions).
#pragma once
#include <string>
#include <vector>

#include "scene/scene.h"

namespace cp {

// `cell` is the size of one grid cell in SVG user units (CSS pixels); `dark`
// picks the theme's palette and background (View::dark, as on the canvas);
// `title` becomes the document's <title> (what a screen reader or a file
// browser shows). `rasters`: the pixels of the scene's texture grids, by
// SceneGrid::texture (image mode), embedded as PNG data: URLs; a texture
// grid without its raster is left empty (its frame stays).
std::string SceneSvg(const Scene& scene, float cell = 32, bool dark = true,
                     const std::string& title = "convplay figure",
                     const std::vector<SceneRaster>* rasters = nullptr);

}  // namespace cp
