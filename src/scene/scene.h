// scene.h — one scene model for every op: what the figure shows at one
// moment, as primitives in grid units (one cell = 1). The ImGui figure
// (ui/ui_figure.cpp) and the SVG writer (svg.h) are small interpreters of it,
// so a figure on a slide is the figure on screen, and tests assert on the
// scene instead of on pixels.
//
// Colours are palette ids (roles, not ops): the same role looks the same for
// every op, on the canvas and in an export.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/picture.h"
#include "scene/palette.h"
#include "state/model/doc.h"

namespace cp {

// [SECTION] Primitives
enum CellFlag : uint16_t {
    kCellInWindow = 1,      // inside the current window's span
    kCellTap = 2,           // read by a tap of the current window
    kCellUnread = 4,        // an input cell no window reads (marked with a cross)
    kCellShowValue = 8,     // values[i] is shown in the cell when it fits
    kCellPadding = 16,      // padding: drawn hatched, so it reads as padding without colour
    kCellCopySource = 32,   // an input cell a padding tap of the current window copies (outlined)
    kCellWinner = 64,       // max pool: the cell that wins the current window (outlined)
    kCellTrail = 128,       // the window's top-left was here in an earlier step (a dot)
    kCellLinked = 256,      // the hovered input cell, and every output cell that reads it
    kCellEditable = 512,    // a click edits the value (GridEdit)
};

// What a click on a grid's cell edits in the Doc (EditCell).
enum class GridEdit : uint8_t { None, Input, Weight };

struct SceneGrid {
    std::string name;                 // "source", "output", "kernel": what tests and the SVG call it
    float x = 0, y = 0;               // top-left, cells
    int rows = 0, cols = 0;
    std::vector<Paint> fill;          // rows * cols, row-major
    std::vector<uint16_t> flags;      // rows * cols, CellFlag bits
    std::vector<float> values;        // rows * cols (read where kCellShowValue)
    int texture = -1;                 // an image instead of cells (image mode: scene/image_scene.h's ids); -1: none
    float cell = 1;                   // one cell's side, scene units (a texture grid: one pixel's)
    GridEdit edit = GridEdit::None;   // for kCellEditable cells: the Doc cell of (row_source[r], col_source[c])
    int layer = 0;
    std::vector<int> row_source, col_source;
    size_t At(int r, int c) const { return size_t(r) * size_t(cols) + size_t(c); }
    bool HasCells() const { return texture < 0 && fill.size() == size_t(rows) * size_t(cols); }
};

// The pixels of a texture grid for the renderers that cannot read a GPU
// texture (the SVG writer): RGBA bytes, w x h, row-major; stretched over the grid.
struct SceneRaster {
    int w = 0, h = 0;
    std::vector<uint8_t> rgba;
};

// The colour of cell i's number: dark on the window and the current cell,
// dim on padding and zeros, strong elsewhere. Both renderers use it.
Paint TextPaintOf(const SceneGrid& g, size_t i);

struct SceneFrame {                   // a rectangle outline
    float x = 0, y = 0, w = 0, h = 0;
    Paint paint = Paint::GridFrame;
    float width = 1;                  // line width, CSS pixels
};

// Below: a note under the figure. Notes are stacked in order below `height`,
// left-aligned at x, each as many text lines as it has '\n'-separated lines.
enum class Anchor : uint8_t { Above, Center, Below };
struct SceneLabel {
    float x = 0, y = 0;               // Above: centred on x, sitting on the line y; Center: centred on (x, y)
    std::string text;
    Paint paint = Paint::Caption;
    Anchor anchor = Anchor::Above;
    bool mono = false;
};

struct SceneArrow {                   // a cubic Bezier from p0 to p1 with a head at p1
    float x0 = 0, y0 = 0, cx0 = 0, cy0 = 0, cx1 = 0, cy1 = 0, x1 = 0, y1 = 0;
    float head = 0.3f;                // head length, cells
    Paint paint = Paint::Arrow;
};

// [SECTION] Scene
struct Scene {
    float width = 0, height = 0;      // extent, cells
    std::vector<SceneFrame> plates;   // filled (paint) and outlined, before the grids: channels stacked behind a grid
    std::vector<SceneGrid> grids;
    std::vector<SceneFrame> frames;
    std::vector<SceneLabel> labels;
    std::vector<SceneArrow> arrows;
    // What the panels and the page read beside the picture.
    std::string error;                // why the layer cannot be drawn, else empty
    int64_t steps = 0;                // outputs of the layer (0 when invalid)
    int step = 0;                     // the current one, row-major
    int out_row = 0, out_col = 0;     // the output cell shown: the hovered one, else the pinned one, else the step's
    int window_top = 0, window_left = 0;  // its first tap, in the op's input coordinates (negative: padding)
    int window_bottom = 0, window_right = 0;
    std::string description;          // when set (image mode), the figure in words (describe.h reads it)

    const SceneGrid* Grid(const std::string& name) const;
};

// The figure of `plan` at the view's step: the source grid (padded input, or a
// transposed conv's zero-inserted input), the window with its taps, the
// output with the current cell, captions and the arrow between them.
// With the plan's values: numbers in every cell, the kernel grid, the
// dot product of the shown cell; the view's hover, pin and heatmap.
Scene BuildScene(const LayerPlan& plan, const View& view);

// "7 × 7 → padded 9 × 9 → 7 × 7": the sizes a layer's picture goes through
// (the line over every figure, cells or image).
std::string ChainCaption(const LayerPicture& p);

// Edits the Doc cell behind (r, c) of an editable grid by `delta`, from the
// value the grid shows, clamped to the cell value range. False if the cell
// is not editable.
bool EditCell(Doc& doc, const SceneGrid& g, int r, int c, int delta);

}  // namespace cp
