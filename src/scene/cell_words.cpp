// cell_words.cpp — cell_words.h. Every number comes from the layer's picture
// (engine/picture.h: per grid cell its kind, its source and how many windows
// read it) or from the scene's grid (the value drawn in the cell).
#include "scene/cell_words.h"

#include <algorithm>
#include <cmath>

#include "scene/number_format.h"

namespace cp {
namespace {

std::string N(int v) { return std::to_string(v); }

// "rows 3–5" (1-based grid rows of taps), "rows 3–7, every 2nd" when dilated, "row 4" for one tap.
std::string TapSpan(const char* what, const PictureAxis& a, int o) {
    const int first = a.Tap(o, 0) + 1, last = a.Tap(o, a.kernel - 1) + 1;
    if (first == last) return std::string(what) + " " + N(first);
    std::string s = std::string(what) + "s " + N(first) + "\xE2\x80\x93" + N(last);
    if (a.dilation > 1) s += ", every " + N(a.dilation) + (a.dilation == 2 ? "nd" : a.dilation == 3 ? "rd" : "th");
    return s;
}

std::string Reads(int reads) {
    if (reads == 0) return "read by no window";
    return "read by " + N(reads) + (reads == 1 ? " window" : " windows");
}

std::string ValueOf(const SceneGrid& g, size_t i, const View& view, bool source) {
    if (source && view.heatmap) return {};  // the heatmap draws read counts, which the words say anyway
    if (!(g.flags[i] & kCellShowValue) || std::isnan(g.values[i])) return {};
    if (std::isinf(g.values[i])) return g.values[i] < 0 ? "minus infinity" : "infinity";
    return FormatValue(g.values[i]);
}

std::string SourceWords(const LayerPicture& p, const SceneGrid& g, const View& view, int r, int c) {
    const size_t i = g.At(r, c);
    const CellKind kind = std::max(p.h.kind[size_t(r)], p.w.kind[size_t(c)]);
    std::string s = "input row " + N(r + 1) + ", column " + N(c + 1) + ": ";
    const std::string value = ValueOf(g, i, view, true);
    switch (kind) {
        case CellKind::Input:
            s += value.empty() ? "input" : value;
            s += " (unpadded row " + N(p.h.source[size_t(r)] + 1) + ", column " + N(p.w.source[size_t(c)] + 1) + ")";
            break;
        case CellKind::ZeroPad: s += "padding, " + (value.empty() ? std::string("zero") : value); break;
        case CellKind::CopyPad:
            s += "padding, a copy of unpadded row " + N(p.h.source[size_t(r)] + 1) + ", column " +
                 N(p.w.source[size_t(c)] + 1) + (value.empty() ? "" : ", " + value);
            break;
        case CellKind::InsertedZero: s += "a zero inserted between inputs"; break;
        case CellKind::Outside: return s + "past the padding, no value, read by no window";
    }
    // A quiz waiting for its answer hides what counts windows (scene/quiz.h).
    if (!view.HidesOutput()) s += ", " + Reads(p.h.reads[size_t(r)] * p.w.reads[size_t(c)]);
    if (g.flags[i] & kCellTap) s += ", in the current window";
    return s;
}

std::string OutputWords(const LayerPicture& p, const Scene& scene, const SceneGrid& g, const View& view, int r, int c) {
    std::string s = "output row " + N(r + 1) + ", column " + N(c + 1) + ": ";
    const std::string value = ValueOf(g, g.At(r, c), view, false);
    if (!value.empty()) s += value + ", ";
    s += p.op == OpKind::MaxPool2d ? "the largest of " : p.op == OpKind::AvgPool2d ? "the mean of " : "from ";
    s += TapSpan("row", p.h, r) + ", " + TapSpan("column", p.w, c);
    s += p.op == OpKind::ConvTranspose2d ? " of the zero-inserted, padded input" : " of the padded input";
    if (r == scene.out_row && c == scene.out_col) s += ", the cell shown now";
    if (view.pinned.valid() && view.pinned.layer == view.layer && view.pinned.y == r && view.pinned.x == c) s += ", pinned";
    return s;
}

}  // namespace

std::string CellWords(const LayerPlan& plan, const Scene& scene, const View& view, std::string_view grid, int r, int c) {
    if (!plan.picture.ok() || !scene.error.empty()) return {};
    const SceneGrid* g = scene.Grid(std::string(grid));
    if (!g || r < 0 || c < 0 || r >= g->rows || c >= g->cols) return {};
    const LayerPicture& p = plan.picture.value();
    if (grid == "source" && size_t(r) < p.h.kind.size() && size_t(c) < p.w.kind.size())
        return SourceWords(p, *g, view, r, c);
    if (grid == "output" && r < p.out.h && c < p.out.w) return OutputWords(p, scene, *g, view, r, c);
    if (grid == "kernel") {
        const std::string value = ValueOf(*g, g->At(r, c), view, false);
        return "kernel row " + N(r + 1) + ", column " + N(c + 1) + ": weight " + (value.empty() ? "unknown" : value);
    }
    return {};
}

}  // namespace cp
