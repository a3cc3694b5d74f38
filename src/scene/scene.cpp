// scene.cpp — scene.h: a Scene's own accessors (a grid by name, the paint of
// a cell's number) and EditCell. BuildScene, the figure's layout, is
// scene_build.cpp.
//
// [SECTION] Accessors
// [SECTION] EditCell
#include "scene/scene.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "state/model/limits.h"

namespace cp {

// [SECTION] Accessors

const SceneGrid* Scene::Grid(const std::string& name) const {
    for (const SceneGrid& g : grids)
        if (g.name == name) return &g;
    return nullptr;
}

Paint TextPaintOf(const SceneGrid& g, size_t i) {
    if (g.flags[i] & kCellInWindow) return Paint::CellTextOnTap;
    switch (g.fill[i]) {
        case Paint::Current:
        case Paint::Tap: return Paint::CellTextOnTap;
        case Paint::Padding:
        case Paint::InsertedZero:
        case Paint::Outside: return Paint::CellText;
        default: return Paint::CellTextStrong;
    }
}

// [SECTION] EditCell
bool EditCell(Doc& doc, const SceneGrid& g, int r, int c, int delta) {
    if (g.edit == GridEdit::None || r < 0 || c < 0 || r >= g.rows || c >= g.cols) return false;
    const size_t i = g.At(r, c);
    if (!(g.flags[i] & kCellEditable) || size_t(r) >= g.row_source.size() || size_t(c) >= g.col_source.size())
        return false;
    const int y = g.row_source[size_t(r)], x = g.col_source[size_t(c)];
    if (y < 0 || x < 0 || !std::isfinite(g.values[i])) return false;
    std::vector<CellValue>* edits = &doc.input.edits;
    if (g.edit == GridEdit::Weight) {
        if (g.layer < 0 || size_t(g.layer) >= doc.layers.size()) return false;
        edits = &doc.layers[size_t(g.layer)].weight_edits;
    }
    const int value = std::clamp(int(std::lround(g.values[i])) + delta, -kMaxCellValue, kMaxCellValue);
    for (CellValue& e : *edits)
        if (e.o == 0 && e.c == 0 && e.y == y && e.x == x) {
            e.value = value;
            return true;
        }
    if (edits->size() >= size_t(kMaxValueEdits)) return false;
    edits->push_back({0, 0, y, x, value});
    return true;
}

}  // namespace cp
