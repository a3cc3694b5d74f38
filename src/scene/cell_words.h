// cell_words.h — one cell of the figure in words, for the page's parallel DOM
// (web/a11y.js): a screen reader walks the figure as a grid, cell by cell,
// and each cell says what it is and why, from the same plan and scene the
// canvas draws (never a second model of the geometry).
#pragma once
#include <string>
#include <string_view>

#include "scene/scene.h"

namespace cp {

// Cell (r, c) of the scene's grid `grid` ("source", "output", "kernel"), rows
// and columns counted from 1 as a reader counts a table, e.g.
//   "input row 1, column 1: padding, 0, read by 4 windows"
//   "output row 2, column 3: 17, from rows 3–5, columns 5–7 of the padded input"
// Empty when the grid or the cell does not exist (a quiz's hidden output).
std::string CellWords(const LayerPlan& plan, const Scene& scene, const View& view, std::string_view grid, int r, int c);

}  // namespace cp
