// scene.cpp — scene.h: the layout of the figure, in grid units.
//
// [SECTION] Layout constants
// [SECTION] BuildScene
#include "scene/scene.h"

#include <algorithm>
#include <string>

namespace cp {

const SceneGrid* Scene::Grid(const std::string& name) const {
    for (const SceneGrid& g : grids)
        if (g.name == name) return &g;
    return nullptr;
}

namespace {

// [SECTION] Layout constants
constexpr float kLabelBand = 1.2f;  // room above each grid for its caption
constexpr float kGridGap = 3.0f;    // between the source grid and the output

std::string Dims(int h, int w) { return std::to_string(h) + " \xC3\x97 " + std::to_string(w); }

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

// The caption of the source grid: the input, and what padding (or zero
// insertion) made of it.
std::string SourceCaption(const LayerPicture& p) {
    std::string caption = "input " + Dims(p.in.h, p.in.w);
    const bool grown = p.h.cells != p.in.h || p.w.cells != p.in.w;
    if (!grown) return caption;
    if (p.op == OpKind::ConvTranspose2d) return caption + "  \xC2\xB7  zeros inserted " + Dims(p.h.cells, p.w.cells);
    return caption + "  \xC2\xB7  padded " + Dims(p.h.cells, p.w.cells);
}

}  // namespace

// [SECTION] BuildScene
Scene BuildScene(const LayerPlan& plan, const View& view) {
    Scene scene;
    if (!plan.picture.ok()) {
        scene.error = plan.picture.error();
        return scene;
    }
    const LayerPicture& p = plan.picture.value();
    const PictureAxis &ah = p.h, &aw = p.w;
    scene.steps = p.Steps();
    scene.step = int(std::clamp<int64_t>(view.step, 0, std::max<int64_t>(scene.steps - 1, 0)));
    const int oy = scene.step / p.out.w, ox = scene.step % p.out.w;
    scene.out_row = oy;
    scene.out_col = ox;
    // The window in grid cells, and its first and last tap in the op's coordinates.
    const int win_y = ah.Tap(oy, 0), win_x = aw.Tap(ox, 0);
    const int win_h = ah.Span(), win_w = aw.Span();
    scene.window_top = ah.Coord(win_y);
    scene.window_bottom = ah.Coord(ah.Tap(oy, ah.kernel - 1));
    scene.window_left = aw.Coord(win_x);
    scene.window_right = aw.Coord(aw.Tap(ox, aw.kernel - 1));

    // The source grid, top-left at (0, kLabelBand).
    const float top = kLabelBand;
    SceneGrid src;
    src.name = "source";
    src.x = 0, src.y = top;
    src.rows = ah.cells, src.cols = aw.cells;
    const size_t n = size_t(src.rows) * size_t(src.cols);
    src.fill.resize(n);
    src.flags.assign(n, 0);
    src.values.assign(n, 0.0f);
    for (int r = 0; r < src.rows; ++r) {
        const int dy = r - win_y;
        const bool row_in = dy >= 0 && dy < win_h, row_tap = row_in && dy % ah.dilation == 0;
        for (int c = 0; c < src.cols; ++c) {
            const size_t i = src.At(r, c);
            const CellKind ky = ah.kind[size_t(r)], kx = aw.kind[size_t(c)];
            // A cell is an input cell only if it is one along both axes; else the
            // outer kind of the two wins (CellKind's order).
            const CellKind kind = std::max(ky, kx);
            src.fill[i] = FillOf(kind);
            const int dx = c - win_x;
            const bool in = row_in && dx >= 0 && dx < win_w;
            uint8_t f = 0;
            if (in) f |= kCellInWindow;
            if (in && row_tap && dx % aw.dilation == 0) f |= kCellTap;
            if (kind == CellKind::Input && (ah.reads[size_t(r)] == 0 || aw.reads[size_t(c)] == 0)) f |= kCellUnread;
            // Zeros are known without computing anything: show them.
            if (kind == CellKind::ZeroPad || kind == CellKind::InsertedZero) f |= kCellShowValue;
            src.flags[i] = f;
        }
    }
    scene.grids.push_back(std::move(src));
    scene.frames.push_back({0, top, float(aw.cells), float(ah.cells), Paint::GridFrame, 1});
    // The input inside its padding (for a transposed conv: the span its cells were spread over).
    const float in_x = float(aw.origin), in_y = float(ah.origin);
    const float in_w = float((p.in.w - 1) * aw.spacing + 1), in_h = float((p.in.h - 1) * ah.spacing + 1);
    scene.frames.push_back({in_x, top + in_y, in_w, in_h, Paint::InputFrame, 2});
    scene.labels.push_back({float(aw.cells) / 2, top, SourceCaption(p), Paint::Caption, Anchor::Above, false});
    scene.frames.push_back({float(win_x), top + float(win_y), float(win_w), float(win_h), Paint::WindowFrame, 2});

    // The output, vertically centred on the source grid.
    SceneGrid out;
    out.name = "output";
    out.x = float(aw.cells) + kGridGap;
    out.y = top + std::max(0.0f, float(ah.cells - p.out.h) / 2);
    out.rows = p.out.h, out.cols = p.out.w;
    out.fill.assign(size_t(out.rows) * size_t(out.cols), Paint::Output);
    out.flags.assign(out.fill.size(), 0);
    out.values.assign(out.fill.size(), 0.0f);
    out.fill[out.At(oy, ox)] = Paint::Current;
    scene.frames.push_back({out.x, out.y, float(out.cols), float(out.rows), Paint::GridFrame, 1});
    scene.labels.push_back({out.x + float(out.cols) / 2, out.y, "output " + Dims(p.out.h, p.out.w), Paint::Caption,
                            Anchor::Above, false});

    // The arrow runs from the window's right edge to the current output cell,
    // leaving and arriving horizontally.
    SceneArrow arrow;
    arrow.x0 = float(win_x + win_w) + 0.1f;
    arrow.y0 = top + float(win_y) + float(win_h) / 2;
    arrow.x1 = out.x + float(ox) - 0.08f;
    arrow.y1 = out.y + float(oy) + 0.5f;
    const float mid = (arrow.x0 + arrow.x1) / 2;
    arrow.cx0 = mid, arrow.cy0 = arrow.y0;
    arrow.cx1 = mid, arrow.cy1 = arrow.y1;
    scene.arrows.push_back(arrow);

    scene.width = out.x + float(out.cols);
    scene.height = std::max(top + float(ah.cells), out.y + float(out.rows));
    scene.grids.push_back(std::move(out));
    return scene;
}

}  // namespace cp
