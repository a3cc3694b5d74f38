// scene_build.cpp — scene.h's BuildScene: the layout of one layer's figure
// in grid units, the numbers in its cells (the plan's values, computed by the
// engine), and the notes that explain them. (scene.cpp holds the Scene's
// own accessors and EditCell.)
//
// [SECTION] Helpers
// [SECTION] Text        chained sizes, unread reasons, the dot product
// [SECTION] BuildScene  in steps: the shown cell, the numbers, the source grid, the window's taps,
//                       the trail, the linked cells, the output, the arrow, the kernel, the notes
#include "scene/scene.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "engine/geometry.h"
#include "scene/number_format.h"
#include "scene/summary.h"
#include "state/model/limits.h"

namespace cp {

namespace {

// [SECTION] Helpers
constexpr float kCaptionBand = 1.3f;  // the chained sizes, over everything
constexpr float kLabelBand = 1.2f;    // room above each grid for its caption
constexpr float kGridGap = 2.0f;      // between the source grid and the output (room for the arrow, not more: phones)
constexpr float kPlateStep = 0.3f;    // offset of each channel stacked behind a grid
constexpr int kMaxPlates = 3;
constexpr const char* kTimes = " \xC3\x97 ";  // " × "

std::string Dims(int h, int w) { return std::to_string(h) + kTimes + std::to_string(w); }
std::string Channels(int c) { return c > 1 ? "  \xC3\x97" + std::to_string(c) : std::string(); }

Paint FillOf(CellKind kind) {
    switch (kind) {
        case CellKind::Input: return Paint::Input;
        case CellKind::ZeroPad:
        case CellKind::CopyPad: return Paint::Padding;
        case CellKind::InsertedZero: return Paint::InsertedZero;
        case CellKind::Outside: return Paint::Outside;
    }
    return Paint::Outside;
}

// The channels of one group share a tint; neighbouring groups alternate.
Paint GroupPaint(int channel, int channels, int groups, Paint base) {
    if (groups <= 1) return base;
    return (channel / std::max(1, channels / groups)) % 2 ? Paint::GroupAlt : base;
}

float Lift(int channels) { return kPlateStep * float(std::clamp(channels - 1, 0, kMaxPlates)); }

// Channels stacked behind grid g: up to kMaxPlates offset copies, deepest first.
void AddPlates(Scene& scene, const SceneGrid& g, int channels, int groups, Paint base) {
    for (int k = std::min(channels - 1, kMaxPlates); k >= 1; --k)
        scene.plates.push_back({g.x + float(k) * kPlateStep, g.y - float(k) * kPlateStep, float(g.cols),
                                float(g.rows), GroupPaint(k, channels, groups, base), 1});
}

void Note(Scene& scene, std::string text, Paint paint = Paint::Caption, bool mono = false) {
    scene.labels.push_back({0, 0, std::move(text), paint, Anchor::Below, mono});
}

// [SECTION] Text

}  // namespace

// "7 × 7 → padded 9 × 9 → 7 × 7"; a transposed conv's "3 × 3 → zeros inserted
// 5 × 5 → padded 9 × 9 → 7 × 7".
std::string ChainCaption(const LayerPicture& p) {
    const char* arrow = " \xE2\x86\x92 ";
    std::string s = Dims(p.in.h, p.in.w) + Channels(p.in.c);
    int h = p.in.h, w = p.in.w;
    if (p.op == OpKind::ConvTranspose2d) {
        h = (p.in.h - 1) * p.h.spacing + 1, w = (p.in.w - 1) * p.w.spacing + 1;
        if (h != p.in.h || w != p.in.w) s += arrow + std::string("zeros inserted ") + Dims(h, w);
    }
    const int ph = h + p.h.pad_lo + p.h.pad_hi, pw = w + p.w.pad_lo + p.w.pad_hi;
    if (ph != h || pw != w) s += arrow + std::string(ph < h || pw < w ? "cropped " : "padded ") + Dims(ph, pw);
    return s + arrow + Dims(p.out.h, p.out.w) + Channels(p.out.c);
}

namespace {

// "row 7", "rows 1, 3 and 5", "rows 1, 3, 5, … 15".
std::string IndexList(const char* one, const char* many, const std::vector<int>& v) {
    if (v.empty()) return {};
    std::string s = std::string(v.size() == 1 ? one : many) + " ";
    if (v.size() > 6)
        return s + std::to_string(v[0]) + ", " + std::to_string(v[1]) + ", " + std::to_string(v[2]) + ", \xE2\x80\xA6 " +
               std::to_string(v.back());
    for (size_t i = 0; i < v.size(); ++i) {
        if (i) s += i + 1 == v.size() ? " and " : ", ";
        s += std::to_string(v[i]);
    }
    return s;
}

// Why input cells along an axis are never read: past the last window (the
// floor), between two windows (the stride), or between two taps (dilation).
enum Reason { kTail, kStride, kGap, kReasons };
void UnreadOf(const PictureAxis& a, std::vector<int> (&out)[kReasons]) {
    for (int i = 0; i < a.in; ++i) {
        const int g = a.origin + i * a.spacing;
        if (g < 0 || g >= a.cells || a.reads[size_t(g)] > 0) continue;
        if (i >= a.in - a.dropped_tail) {
            out[kTail].push_back(i);
            continue;
        }
        bool spanned = false;
        for (int o = 0; o < a.out && !spanned; ++o) spanned = a.Tap(o, 0) <= g && g <= a.Tap(o, a.kernel - 1);
        out[spanned ? kGap : kStride].push_back(i);
    }
}

void UnreadNotes(Scene& scene, const LayerPicture& p) {
    std::vector<int> rows[kReasons], cols[kReasons];
    UnreadOf(p.h, rows);
    UnreadOf(p.w, cols);
    const char* why[kReasons] = {p.ceil_mode ? "no window reaches them" : "the floor drops them",
                                 "the stride steps over them", "they fall between the dilated taps"};
    for (int r = 0; r < kReasons; ++r) {
        const std::string a = IndexList("row", "rows", rows[r]), b = IndexList("column", "columns", cols[r]);
        if (a.empty() && b.empty()) continue;
        const bool single = rows[r].size() == 1 && cols[r].size() == 1;
        const std::string what = a.empty() ? b : b.empty() ? a : a + (single ? " and " : ", ") + b;
        Note(scene, what + ": never read \xE2\x80\x94 " + why[r], Paint::Unread);
    }
}

// A product term: negative factors in parentheses.
std::string Factor(float v) {
    const std::string s = FormatValue(v);
    return v < 0 ? "(" + s + ")" : s;
}

// Terms joined by `sep`, `per` to a line, then " = result".
std::string TermLines(const std::vector<std::string>& terms, const char* sep, int per, const std::string& open,
                      const std::string& close, float result) {
    std::string s = open;
    for (size_t i = 0; i < terms.size(); ++i) {
        if (i) s += i % size_t(per) ? std::string(sep) : sep[0] == ',' ? std::string(",\n") : "\n" + std::string(sep + 1);
        s += terms[i];
    }
    return s + close + " = " + FormatValue(result);
}

}  // namespace

// [SECTION] BuildScene
// One layer's figure in named steps, each reading what the ones before it
// settled (the shown cell, the window, the numbers) from a SceneBuild.
namespace {

struct SceneBuild {
    const LayerPlan& plan;
    const View& view;
    const LayerPicture& p;
    const PictureAxis &ah, &aw;
    Scene scene;
    bool max_pool = false, avg_pool = false, transposed = false;
    bool pinned = false, hovered = false;
    int oy = 0, ox = 0;                        // the output cell shown
    int win_y = 0, win_x = 0, win_h = 0, win_w = 0;  // its window in grid cells
    bool has_in = false, has_out = false, has_w = false;
    int depth = 1;                             // input channels one output channel reads
    float top = 0;                             // the grids' top, under the captions
    SceneGrid src, out;
    // What the window's taps read (WindowTaps).
    std::vector<std::string> terms;
    bool list_terms = false;
    int include_pad = 0, exclude_pad = 0;
    size_t winner = 0;
    std::vector<char> linked_h, linked_w;
    bool linking = false;

    SceneBuild(const LayerPlan& plan_, const View& view_)
        : plan(plan_), view(view_), p(plan_.picture.value()), ah(p.h), aw(p.w) {}

    // Source cell (r, c) of channel ch as the layer reads it: the input (or
    // the cell a padding mode copies), 0 or -inf for zero padding, NaN where
    // the plan has no numbers.
    float SourceValue(int ch, int r, int c) const {
        switch (std::max(ah.kind[size_t(r)], aw.kind[size_t(c)])) {
            case CellKind::Input:
            case CellKind::CopyPad:
                return has_in ? plan.input.data[(size_t(ch) * size_t(p.in.h) + size_t(ah.source[size_t(r)])) *
                                                    size_t(p.in.w) + size_t(aw.source[size_t(c)])]
                              : std::numeric_limits<float>::quiet_NaN();
            case CellKind::ZeroPad: return max_pool ? -std::numeric_limits<float>::infinity() : 0.0f;  // PyTorch pads a max pool with -inf
            case CellKind::InsertedZero: return 0.0f;
            case CellKind::Outside: break;
        }
        return std::numeric_limits<float>::quiet_NaN();
    }
    // The weight that multiplies tap (ty, tx) for input channel j of output
    // channel 0. A transposed conv slides its kernel flipped over the grid.
    float Weight(int j, int ty, int tx) const {
        const Shape ws = plan.weights.shape;
        if (transposed)
            return plan.weights.data[((size_t(j) * size_t(ws.c)) * size_t(ws.h) + size_t(ws.h - 1 - ty)) * size_t(ws.w) +
                                     size_t(ws.w - 1 - tx)];
        return plan.weights.data[(size_t(j) * size_t(ws.h) + size_t(ty)) * size_t(ws.w) + size_t(tx)];
    }

    void ShownCell();
    void Numbers();
    void SourceGrid();
    void WindowTaps();
    void Trail();
    void Linked();
    void SourceFrames();
    void OutputGrid();
    void Arrow();
    void KernelAndGrids();
    void Notes();
};

// The cell shown: the hovered one, else the pinned one, else the step's; its
// window in grid cells, and its first and last tap in the op's coordinates.
void SceneBuild::ShownCell() {
    max_pool = p.op == OpKind::MaxPool2d, avg_pool = p.op == OpKind::AvgPool2d;
    transposed = p.op == OpKind::ConvTranspose2d;
    scene.steps = p.Steps();
    scene.step = int(std::clamp<int64_t>(view.step, 0, std::max<int64_t>(scene.steps - 1, 0)));
    auto usable = [&](const CellRef& r) {
        return r.valid() && r.layer == plan.index && r.y >= 0 && r.y < p.out.h && r.x >= 0 && r.x < p.out.w;
    };
    pinned = usable(view.pinned), hovered = usable(view.hover);
    oy = scene.step / p.out.w, ox = scene.step % p.out.w;
    if (hovered) oy = view.hover.y, ox = view.hover.x;
    else if (pinned) oy = view.pinned.y, ox = view.pinned.x;
    scene.out_row = oy;
    scene.out_col = ox;
    win_y = ah.Tap(oy, 0), win_x = aw.Tap(ox, 0);
    win_h = ah.Span(), win_w = aw.Span();
    scene.window_top = ah.Coord(win_y);
    scene.window_bottom = ah.Coord(ah.Tap(oy, ah.kernel - 1));
    scene.window_left = aw.Coord(win_x);
    scene.window_right = aw.Coord(aw.Tap(ox, aw.kernel - 1));
}

// Which numbers the plan has (channel 0 in front), and the grids' top.
void SceneBuild::Numbers() {
    has_in = plan.input.shape == p.in && plan.input.data.size() == size_t(p.in.Count());
    has_out = plan.output.shape == p.out && plan.output.data.size() == size_t(p.out.Count());
    has_w = (p.op == OpKind::Conv2d || transposed) && plan.weights.shape.Count() > 0 &&
            plan.weights.data.size() == size_t(plan.weights.shape.Count());
    const Shape ws = plan.weights.shape;
    depth = !has_w ? 1 : transposed ? std::max(1, ws.n / std::max(1, p.groups)) : ws.c;
    top = kCaptionBand + kLabelBand + std::max(Lift(p.in.c), Lift(p.out.c));
}

// The source grid, top-left at (0, top): each cell's role, its number, the
// window over it, what no window reads, the heatmap.
void SceneBuild::SourceGrid() {
    src.name = "source";
    src.x = 0, src.y = top;
    src.rows = ah.cells, src.cols = aw.cells;
    const size_t n = size_t(src.rows) * size_t(src.cols);
    src.fill.resize(n);
    src.flags.assign(n, 0);
    src.values.assign(n, 0.0f);
    winner = n;
    const bool editable_input = plan.index == 0 && has_in && !view.heatmap;
    if (editable_input) {
        src.edit = GridEdit::Input;
        src.row_source.assign(size_t(src.rows), -1);
        src.col_source.assign(size_t(src.cols), -1);
        for (int r = 0; r < src.rows; ++r)
            if (ah.kind[size_t(r)] == CellKind::Input) src.row_source[size_t(r)] = ah.source[size_t(r)];
        for (int c = 0; c < src.cols; ++c)
            if (aw.kind[size_t(c)] == CellKind::Input) src.col_source[size_t(c)] = aw.source[size_t(c)];
    }
    int max_reads = 1;
    for (int r : ah.reads) max_reads = std::max(max_reads, r);
    int max_reads_w = 1;
    for (int c : aw.reads) max_reads_w = std::max(max_reads_w, c);
    max_reads *= max_reads_w;
    for (int r = 0; r < src.rows; ++r) {
        const int dy = r - win_y;
        const bool row_in = dy >= 0 && dy < win_h, row_tap = row_in && dy % ah.dilation == 0;
        for (int c = 0; c < src.cols; ++c) {
            const size_t i = src.At(r, c);
            // A cell is an input cell only if it is one along both axes; else the
            // outer kind of the two wins (CellKind's order).
            const CellKind kind = std::max(ah.kind[size_t(r)], aw.kind[size_t(c)]);
            src.fill[i] = FillOf(kind);
            const int dx = c - win_x;
            const bool in = row_in && dx >= 0 && dx < win_w;
            uint16_t f = 0;
            if (in) f |= kCellInWindow;
            if (in && row_tap && dx % aw.dilation == 0) f |= kCellTap;
            if (kind == CellKind::Input && (ah.reads[size_t(r)] == 0 || aw.reads[size_t(c)] == 0)) f |= kCellUnread;
            if (kind == CellKind::ZeroPad || kind == CellKind::CopyPad) f |= kCellPadding;
            src.values[i] = SourceValue(0, r, c);
            if (!std::isnan(src.values[i])) f |= kCellShowValue;
            if (kind == CellKind::Input && editable_input) f |= kCellEditable;
            if (view.heatmap && kind != CellKind::Outside) {  // how many windows read the cell
                const int reads = ah.reads[size_t(r)] * aw.reads[size_t(c)];
                src.values[i] = float(reads);
                f |= kCellShowValue;
                if (reads > 0) src.fill[i] = Paint(int(Paint::Heat1) + std::min(3, (4 * reads - 1) / max_reads));
            }
            src.flags[i] = f;
        }
    }
}

// The taps of the shown window: copied padding points at its source, the
// dot product (or the pool's max / mean) is written out term by term.
void SceneBuild::WindowTaps() {
    const int kh = ah.kernel, kw = aw.kernel;
    list_terms = int64_t(kh) * kw * depth <= kMaxTapsListed;
    const size_t n = src.fill.size();
    float best = -std::numeric_limits<float>::infinity();
    for (int j = 0; j < depth; ++j)
        for (int ty = 0; ty < kh; ++ty)
            for (int tx = 0; tx < kw; ++tx) {
                const int r = ah.Tap(oy, ty), c = aw.Tap(ox, tx);
                if (r < 0 || r >= src.rows || c < 0 || c >= src.cols) continue;
                const CellKind kind = std::max(ah.kind[size_t(r)], aw.kind[size_t(c)]);
                if (kind == CellKind::Outside) continue;  // past the padding: no value, not counted
                const float v = SourceValue(j, r, c);
                if (j == 0 && kind == CellKind::CopyPad)
                    src.flags[src.At(ah.origin + ah.source[size_t(r)] * ah.spacing,
                                     aw.origin + aw.source[size_t(c)] * aw.spacing)] |= kCellCopySource;
                ++include_pad;
                if (kind == CellKind::Input) {
                    ++exclude_pad;
                    // PyTorch's max pool scans the input part of the window and keeps the first maximum.
                    if (max_pool && (v > best || winner == n)) best = v, winner = src.At(r, c);
                }
                if (list_terms) terms.push_back(has_w ? Factor(v) + "\xC2\xB7" + Factor(Weight(j, ty, tx)) : FormatValue(v));
            }
    if (winner < n) src.flags[winner] |= kCellWinner;
}

// The window's top-left in the steps before the shown one.
void SceneBuild::Trail() {
    for (int k = 0, shown = oy * p.out.w + ox; k < shown; ++k) {
        const int r = ah.Tap(k / p.out.w, 0), c = aw.Tap(k % p.out.w, 0);
        if (r >= 0 && r < src.rows && c >= 0 && c < src.cols) src.flags[src.At(r, c)] |= kCellTrail;
    }
}

// The hovered source cell, and per axis the outputs whose window reads it.
void SceneBuild::Linked() {
    linked_h.assign(size_t(p.out.h), 0), linked_w.assign(size_t(p.out.w), 0);
    const CellRef& h = view.hover_input;
    if (!(h.valid() && h.layer == plan.index && h.y >= 0 && h.y < src.rows && h.x >= 0 && h.x < src.cols)) return;
    linking = true;
    src.flags[src.At(h.y, h.x)] |= kCellLinked;
    for (int o = 0; o < p.out.h; ++o)
        for (int t = 0; t < ah.kernel; ++t) linked_h[size_t(o)] |= ah.Tap(o, t) == h.y;
    for (int o = 0; o < p.out.w; ++o)
        for (int t = 0; t < aw.kernel; ++t) linked_w[size_t(o)] |= aw.Tap(o, t) == h.x;
}

// The source's plates and frames: the grid, the input inside its padding
// (for a transposed conv: the span its cells were spread over), the window.
void SceneBuild::SourceFrames() {
    AddPlates(scene, src, p.in.c, p.groups, Paint::Input);
    scene.frames.push_back({0, top, float(aw.cells), float(ah.cells), Paint::GridFrame, 1});
    const float in_x = float(aw.origin), in_y = float(ah.origin);
    const float in_w = float((p.in.w - 1) * aw.spacing + 1), in_h = float((p.in.h - 1) * ah.spacing + 1);
    scene.frames.push_back({in_x, top + in_y, in_w, in_h, Paint::InputFrame, 2});
    scene.labels.push_back({float(aw.cells) / 2, top - Lift(p.in.c),
                            "input " + Dims(p.in.h, p.in.w) + Channels(p.in.c) +
                                (plan.index > 0 ? " (layer " + std::to_string(plan.index) + "'s output)" : ""),
                            Paint::Caption, Anchor::Above, false});
    scene.frames.push_back({float(win_x), top + float(win_y), float(win_w), float(win_h), Paint::WindowFrame, 2});
}

// The output right of the source: top-aligned with the kernel below it,
// else vertically centred on the source.
void SceneBuild::OutputGrid() {
    out.name = "output";
    out.x = float(aw.cells) + kGridGap;
    out.y = has_w ? top : top + std::max(0.0f, float(ah.cells - p.out.h) / 2);
    out.rows = p.out.h, out.cols = p.out.w;
    out.fill.assign(size_t(out.rows) * size_t(out.cols), Paint::Output);
    out.flags.assign(out.fill.size(), 0);
    out.values.assign(out.fill.size(), 0.0f);
    for (int r = 0; r < out.rows; ++r)
        for (int c = 0; c < out.cols; ++c) {
            const size_t i = out.At(r, c);
            if (has_out) out.values[i] = plan.output.data[i], out.flags[i] |= kCellShowValue;
            if (linking && linked_h[size_t(r)] && linked_w[size_t(c)]) out.flags[i] |= kCellLinked;
        }
    out.fill[out.At(oy, ox)] = Paint::Current;
    AddPlates(scene, out, p.out.c, p.groups, Paint::Output);
    scene.frames.push_back({out.x, out.y, float(out.cols), float(out.rows), Paint::GridFrame, 1});
    scene.labels.push_back({out.x + float(out.cols) / 2, out.y - Lift(p.out.c),
                            "output " + Dims(p.out.h, p.out.w) + Channels(p.out.c), Paint::Caption, Anchor::Above,
                            false});
    scene.width = out.x + float(out.cols) + Lift(p.out.c);
    scene.height = std::max(top + float(ah.cells), out.y + float(out.rows));
}

// The arrow runs from the window's right edge to the output's left edge on
// the shown cell's row (its head never covers a number), leaving and
// arriving horizontally.
void SceneBuild::Arrow() {
    SceneArrow arrow;
    arrow.x0 = float(win_x + win_w) + 0.1f;
    arrow.y0 = top + float(win_y) + float(win_h) / 2;
    arrow.x1 = out.x - 0.08f;
    arrow.y1 = out.y + float(oy) + 0.5f;
    const float mid = (arrow.x0 + arrow.x1) / 2;
    arrow.cx0 = mid, arrow.cy0 = arrow.y0;
    arrow.cx1 = mid, arrow.cy1 = arrow.y1;
    scene.arrows.push_back(arrow);
}

// The kernel under the output, as it slides over the source grid (flipped
// for textbook convolution, and always for a transposed conv); then the
// grids in drawing order, and the chain of sizes over everything.
void SceneBuild::KernelAndGrids() {
    const bool shown_flipped = plan.flipped != transposed;
    const int kh = ah.kernel, kw = aw.kernel;
    scene.grids.push_back(std::move(src));
    scene.grids.push_back(std::move(out));
    if (has_w) {
        const SceneGrid& o = scene.grids.back();
        SceneGrid k;
        k.name = "kernel";
        k.x = o.x;
        k.y = o.y + float(o.rows) + kLabelBand + 0.4f + Lift(depth);
        k.rows = kh, k.cols = kw;
        k.fill.assign(size_t(kh) * size_t(kw), Paint::Tap);
        k.flags.assign(k.fill.size(), kCellShowValue | kCellEditable);
        k.values.resize(k.fill.size());
        k.edit = GridEdit::Weight;
        k.layer = plan.index;
        for (int r = 0; r < kh; ++r) k.row_source.push_back(shown_flipped ? kh - 1 - r : r);
        for (int c = 0; c < kw; ++c) k.col_source.push_back(shown_flipped ? kw - 1 - c : c);
        for (int r = 0; r < kh; ++r)
            for (int c = 0; c < kw; ++c) k.values[k.At(r, c)] = Weight(0, r, c);
        AddPlates(scene, k, depth, 1, Paint::Tap);
        scene.frames.push_back({k.x, k.y, float(kw), float(kh), Paint::WindowFrame, 2});
        scene.labels.push_back({k.x + float(kw) / 2, k.y - Lift(depth),
                                "kernel " + Dims(kh, kw) + Channels(depth) + (shown_flipped ? ", flipped" : ""),
                                Paint::Caption, Anchor::Above, false});
        scene.width = std::max(scene.width, k.x + float(kw) + Lift(depth));
        scene.height = std::max(scene.height, k.y + float(kh));
        scene.grids.push_back(std::move(k));
    }
    scene.labels.insert(scene.labels.begin(),
                        {scene.width / 2, kCaptionBand - 0.2f, ChainCaption(p), Paint::Caption, Anchor::Above, false});
}

// What the figure cannot say with marks alone, under it; the shown cell's
// arithmetic first (a short panel clips the last notes).
void SceneBuild::Notes() {
    const int kw = aw.kernel;
    const size_t n = scene.grids.front().fill.size();
    const float result = has_out ? plan.output.data[size_t(oy) * size_t(p.out.w) + size_t(ox)]
                                 : std::numeric_limits<float>::quiet_NaN();
    const int divisor = !avg_pool ? 0 : p.divisor_override ? p.divisor_override
                                      : p.count_include_pad ? include_pad : exclude_pad;
    if (has_out && has_in) {
        const int per = kw <= 4 ? kw * std::max(1, 4 / kw) : 4;
        std::string text;
        if (!list_terms || terms.empty()) text = "\xE2\x80\xA6 = " + FormatValue(result);
        else if (max_pool) text = TermLines(terms, ", ", per, "max(", ")", result);
        else if (avg_pool) text = TermLines(terms, " + ", per, "(", ") \xC3\xB7 " + std::to_string(divisor), result);
        else text = TermLines(terms, " + ", per, "", "", result);
        Note(scene, "output (" + std::to_string(oy) + ", " + std::to_string(ox) + ") = " + text, Paint::Caption, true);
    }
    if (has_w)
        Note(scene, std::string(plan.flipped ? "convolution (kernel flipped)" : "cross-correlation (PyTorch)") +
                        (transposed ? ": a transposed conv slides its kernel flipped over the zero-inserted input" : ""));
    if (p.mode != PaddingMode::Zeros)
        Note(scene, std::string("padding: ") + ToString(p.mode) + " copies input cells (outlined where the window reads them)");
    if (p.groups > 1 && !max_pool && !avg_pool)
        Note(scene, "groups " + std::to_string(p.groups) + ": each output channel reads " + std::to_string(depth) +
                        " of the " + std::to_string(p.in.c) + " input channels (one tint per group)");
    UnreadNotes(scene, p);
    if (max_pool && winner < n) Note(scene, "max pool: the outlined cell wins the window (padding counts as \xE2\x88\x92\xE2\x88\x9E)");
    if (avg_pool) {
        std::string s = "\xC3\xB7 " + std::to_string(divisor);
        if (p.divisor_override) s += ": divisor_override";
        else
            s += std::string(": count_include_pad=") + (p.count_include_pad ? "True" : "False") + " (with " +
                 (p.count_include_pad ? "False" : "True") + ": \xC3\xB7 " +
                 std::to_string(p.count_include_pad ? exclude_pad : include_pad) + ")";
        Note(scene, s);
    }
    if (pinned && !hovered)
        Note(scene, "output (" + std::to_string(oy) + ", " + std::to_string(ox) + ") is pinned: click it again to let the steps move");
    if (view.heatmap) Note(scene, "heatmap: each cell shows how many windows read it");
}

}  // namespace

Scene BuildScene(const LayerPlan& plan, const View& view) {
    if (!plan.picture.ok()) {
        if (plan.out.ok()) return SummaryScene(plan, plan.picture.error());  // valid, not drawn cell by cell
        Scene scene;
        scene.error = plan.picture.error();
        return scene;
    }
    SceneBuild b(plan, view);
    b.ShownCell();
    b.Numbers();
    b.SourceGrid();
    b.WindowTaps();
    b.Trail();
    b.Linked();
    b.SourceFrames();
    b.OutputGrid();
    b.Arrow();
    b.KernelAndGrids();
    b.Notes();
    return std::move(b.scene);
}

}  // namespace cp
