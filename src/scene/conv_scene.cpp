// conv_scene.cpp — the layout of the convolution figure, in grid units.
//
// [SECTION] Layout constants
// [SECTION] Which input rows/columns any window reads
// [SECTION] BuildConvScene
#include "scene/conv_scene.h"

#include <algorithm>
#include <string>

#include "engine/ops.h"

namespace cp {
namespace {

// [SECTION] Layout constants
constexpr float kLabelBand = 1.6f;  // room above each grid for its caption
constexpr float kGridGap = 3.0f;    // between the padded input and the output

std::string Dims(int h, int w) { return std::to_string(h) + " \xC3\x97 " + std::to_string(w); }

// [SECTION] Which input rows/columns any window reads
// A padded row r is read when some window start o*s plus some tap k*d lands on
// it. Rows past the last window (dropped by the floor in the size formula) and
// rows that dilation steps over are never read.
std::vector<bool> ReadLines(int padded, int out, int stride, int kernel, int dilation) {
    std::vector<bool> read(padded, false);
    for (int o = 0; o < out; ++o)
        for (int k = 0; k < kernel; ++k) {
            int r = o * stride + k * dilation;
            if (r >= 0 && r < padded) read[r] = true;
        }
    return read;
}

}  // namespace

// [SECTION] BuildConvScene
ConvScene BuildConvScene(const AppState& s) {
    ConvScene scene;
    const int ph = s.padding.h, pw = s.padding.w;
    const int padded_h = s.in_h + 2 * ph, padded_w = s.in_w + 2 * pw;

    Conv2dOptions opts;
    opts.stride = s.stride;
    opts.pad = Padding4::Symmetric(ph, pw);
    opts.dilation = s.dilation;
    Result<Shape> out = Conv2dOutputShape(Shape{1, 1, s.in_h, s.in_w}, Shape{1, 1, s.kernel.h, s.kernel.w}, opts);
    if (out.ok()) {
        scene.out_h = out.value().h;
        scene.out_w = out.value().w;
    } else {
        scene.error = out.error();
    }

    const bool valid = scene.out_h > 0 && scene.out_w > 0;
    const int steps = valid ? scene.out_h * scene.out_w : 0;
    const int step = valid ? std::clamp(s.step, 0, steps - 1) : 0;
    const int oy = valid ? step / scene.out_w : 0, ox = valid ? step % scene.out_w : 0;
    const int win_y = oy * s.stride.h, win_x = ox * s.stride.w;  // padded coordinates
    const int win_h = s.dilation.h * (s.kernel.h - 1) + 1, win_w = s.dilation.w * (s.kernel.w - 1) + 1;

    std::vector<bool> rows_read(padded_h, false), cols_read(padded_w, false);
    if (valid) {
        rows_read = ReadLines(padded_h, scene.out_h, s.stride.h, s.kernel.h, s.dilation.h);
        cols_read = ReadLines(padded_w, scene.out_w, s.stride.w, s.kernel.w, s.dilation.w);
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
                cell.never_read = inside && (!rows_read[r] || !cols_read[c]);
            }
            scene.cells.push_back(cell);
        }
    scene.frames.push_back({0, top, float(padded_w), float(padded_h), false});
    scene.frames.push_back({float(pw), top + float(ph), float(s.in_w), float(s.in_h), true});
    std::string caption = "input " + Dims(s.in_h, s.in_w);
    if (ph || pw) caption += "  \xC2\xB7  padded " + Dims(padded_h, padded_w);
    scene.labels.push_back({float(padded_w) / 2, 0, caption, true});

    scene.width = float(padded_w);
    scene.height = top + float(padded_h);
    if (!valid) return scene;

    scene.frames.push_back({float(win_x), top + float(win_y), float(win_w), float(win_h), true});

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
    scene.frames.push_back({out_x, out_y, float(scene.out_w), float(scene.out_h), false});
    scene.labels.push_back({out_x + float(scene.out_w) / 2, out_y - kLabelBand, "output " + Dims(scene.out_h, scene.out_w), true});
    scene.width = out_x + float(scene.out_w);
    scene.height = std::max(scene.height, out_y + float(scene.out_h));
    return scene;
}

}  // namespace cp
