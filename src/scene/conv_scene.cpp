// conv_scene.cpp — the layout of the convolution figure, in grid units.
//
// [SECTION] Layout constants
// [SECTION] BuildConvScene
#include "scene/conv_scene.h"

#include <algorithm>
#include <string>

#include "engine/geometry.h"

namespace cp {
namespace {

// [SECTION] Layout constants
constexpr float kLabelBand = 1.2f;  // room above each grid for its caption
constexpr float kGridGap = 3.0f;    // between the padded input and the output

std::string Dims(int h, int w) { return std::to_string(h) + " \xC3\x97 " + std::to_string(w); }

}  // namespace

// [SECTION] BuildConvScene
ConvScene BuildConvScene(const AppState& s) {
    ConvScene scene;
    const int ph = s.padding.h, pw = s.padding.w;
    const int padded_h = s.in_h + 2 * ph, padded_w = s.in_w + 2 * pw;

    // The picture is per axis: the engine's geometry gives the sizes, the
    // window of each output and which inputs no window reads.
    const Axis axis_h{s.in_h, s.kernel.h, s.stride.h, ph, ph, s.dilation.h};
    const Axis axis_w{s.in_w, s.kernel.w, s.stride.w, pw, pw, s.dilation.w};
    const Result<int> out_h = OutputSize(axis_h, Rounding::Floor, "height");
    const Result<int> out_w = OutputSize(axis_w, Rounding::Floor, "width");
    if (out_h.ok() && out_w.ok()) {
        scene.out_h = out_h.value();
        scene.out_w = out_w.value();
    } else {
        scene.error = out_h.ok() ? out_w.error() : out_h.error();
    }

    const bool valid = scene.out_h > 0 && scene.out_w > 0;
    const int steps = valid ? scene.out_h * scene.out_w : 0;
    const int step = valid ? std::clamp(s.step, 0, steps - 1) : 0;
    const int oy = valid ? step / scene.out_w : 0, ox = valid ? step % scene.out_w : 0;
    // The current window in padded coordinates (the engine's are input coordinates).
    const AxisWindow wy = WindowOf(axis_h, oy), wx = WindowOf(axis_w, ox);
    const int win_y = int(wy.first) + ph, win_x = int(wx.first) + pw;
    const int win_h = int(axis_h.EffectiveKernel()), win_w = int(axis_w.EffectiveKernel());
    scene.step_row = oy;
    scene.step_col = ox;
    scene.window_top = wy.first;
    scene.window_bottom = wy.Tap(wy.count - 1);
    scene.window_left = wx.first;
    scene.window_right = wx.Tap(wx.count - 1);
    AxisCoverage cover_h, cover_w;
    if (valid) {
        cover_h = CoverageOf(axis_h, scene.out_h);
        cover_w = CoverageOf(axis_w, scene.out_w);
    }

    // The padded input, top-left at (0, kLabelBand).
    const float top = kLabelBand;
    scene.cells.reserve(size_t(padded_h) * padded_w + size_t(scene.out_h) * scene.out_w);
    for (int r = 0; r < padded_h; ++r)
        for (int c = 0; c < padded_w; ++c) {
            SceneCell cell;
            cell.x = float(c);
            cell.y = top + float(r);
            const bool inside = r >= ph && r < ph + s.in_h && c >= pw && c < pw + s.in_w;
            cell.role = inside ? CellRole::Input : CellRole::Padding;
            if (valid) {
                const int dy = r - win_y, dx = c - win_x;
                cell.in_window = dy >= 0 && dy < win_h && dx >= 0 && dx < win_w;
                cell.is_tap = cell.in_window && dy % s.dilation.h == 0 && dx % s.dilation.w == 0;
                cell.never_read = inside && (cover_h.reads[r - ph] == 0 || cover_w.reads[c - pw] == 0);
            }
            scene.cells.push_back(cell);
        }
    scene.frames.push_back({0, top, float(padded_w), float(padded_h), FrameRole::Grid});
    scene.frames.push_back({float(pw), top + float(ph), float(s.in_w), float(s.in_h), FrameRole::Input});
    std::string caption = "input " + Dims(s.in_h, s.in_w);
    if (ph || pw) caption += "  \xC2\xB7  padded " + Dims(padded_h, padded_w);
    scene.labels.push_back({float(padded_w) / 2, top, caption});

    scene.width = float(padded_w);
    scene.height = top + float(padded_h);
    if (!valid) return scene;

    scene.frames.push_back({float(win_x), top + float(win_y), float(win_w), float(win_h), FrameRole::Window});

    // The output, vertically centred on the padded input.
    const float out_x = float(padded_w) + kGridGap;
    const float out_y = top + std::max(0.0f, float(padded_h - scene.out_h) / 2);
    for (int r = 0; r < scene.out_h; ++r)
        for (int c = 0; c < scene.out_w; ++c) {
            SceneCell cell;
            cell.x = out_x + float(c);
            cell.y = out_y + float(r);
            cell.role = CellRole::Output;
            cell.current = r == oy && c == ox;
            scene.cells.push_back(cell);
        }
    scene.frames.push_back({out_x, out_y, float(scene.out_w), float(scene.out_h), FrameRole::Grid});
    scene.labels.push_back({out_x + float(scene.out_w) / 2, out_y, "output " + Dims(scene.out_h, scene.out_w)});
    // The arrow runs from the window's right edge to the current output cell.
    scene.arrows.push_back({float(win_x + win_w), top + float(win_y) + float(win_h) / 2,
                            out_x + float(ox), out_y + float(oy) + 0.5f});
    scene.width = out_x + float(scene.out_w);
    scene.height = std::max(scene.height, out_y + float(scene.out_h));
    return scene;
}

}  // namespace cp
