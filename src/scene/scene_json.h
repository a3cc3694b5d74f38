// scene_json.h — the scene and the viewed layer's geometry as JSON, for the
// page bridge (window.convplay.getScene / getGeometry) and its tests.
#pragma once
#include <string>

#include "scene/scene.h"

namespace cp {

// {width, height, error, steps, step, current: [row, col], window: {top, left,
// bottom, right}, grids: [{name, x, y, rows, cols, fill: [paint ids],
// flags: [bits], values: [numbers, null where none], editable}], frames: [...],
// labels: [{x, y, text, paint, note}], arrows: [...], plates: [...]}
std::string SceneJson(const Scene& scene);

// {op, input: [h, w], padding: {top, bottom, left, right}, padded: [h, w],
// output: [h, w], steps, step, current: {out: [oy, ox], inTopLeft: [y, x]}},
// or {error: "..."}. Coordinates are the op's input coordinates (negative
// inside the padding); for a transposed conv, `padded` is the zero-inserted,
// padded input of the equivalent stride-1 conv and coordinates are its.
std::string GeometryJson(const LayerPlan& plan, const Scene& scene);

// A JSON string literal for any UTF-8 text (control characters escaped).
std::string JsonString(const std::string& s);

}  // namespace cp
