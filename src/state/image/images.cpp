// images.cpp — images.h.
//
// [SECTION] INDEX
//   Samples       the generated test pictures
//   Pixels        downscale size, RGBA -> tensor, grey from colour
//   Run           the Doc's layers on a picture
#include "state/image/images.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "engine/geometry.h"
#include "engine/ops.h"
#include "state/model/values.h"

namespace cp {
namespace {

// [SECTION] Samples

struct Rgb {
    float r, g, b;
};

// 5x7 glyphs for the card's lettering, one row per 5-bit value (MSB left).
struct Glyph {
    char ch;
    std::array<uint8_t, 7> rows;
};
constexpr Glyph kGlyphs[] = {
    {'C', {0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E}}, {'O', {0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}},
    {'N', {0x11, 0x19, 0x15, 0x13, 0x11, 0x11, 0x11}}, {'V', {0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04}},
    {'3', {0x1E, 0x01, 0x01, 0x0E, 0x01, 0x01, 0x1E}}, {'x', {0x00, 0x00, 0x11, 0x0A, 0x04, 0x0A, 0x11}},
    {'K', {0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11}}, {'E', {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F}},
    {'R', {0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11}}, {'L', {0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F}},
};

bool GlyphInk(char ch, int gy, int gx) {
    for (const Glyph& g : kGlyphs)
        if (g.ch == ch) return gy >= 0 && gy < 7 && gx >= 0 && gx < 5 && ((g.rows[size_t(gy)] >> (4 - gx)) & 1);
    return false;
}

// Whether (y, x) is ink of `text` drawn at (top, left), `scale` pixels a dot.
bool TextInk(const char* text, int top, int left, int scale, int y, int x) {
    const int gy = (y - top) / scale, col = (x - left) / scale;
    if (y < top || x < left || gy >= 7) return false;
    const int index = col / 6, gx = col % 6;  // 5 dots and a gap
    for (int i = 0; text[i]; ++i)
        if (i == index) return GlyphInk(text[i], gy, gx);
    return false;
}

// The test card: a frame at the very edge (what padding meets first), a
// checkerboard, bars that get finer (stride aliases them), lettering (edges
// in every direction) and colour blocks on a grey ramp.
Rgb CardPixel(int y, int x, int side) {
    const int half = side / 2;
    const float ramp = 0.25f + 0.5f * float(x) / float(side);
    Rgb p{ramp, ramp, ramp};
    if (y < half && x < half) {  // checkerboard, 16-pixel squares
        const bool on = ((y / 16) + (x / 16)) % 2 == 0;
        p = on ? Rgb{0.95f, 0.95f, 0.95f} : Rgb{0.08f, 0.08f, 0.08f};
    } else if (y < half) {  // vertical bars, period 16 px falling to 2 px
        const float t = float(x - half) / float(half);
        const float period = 16.0f * std::pow(2.0f, -3.0f * t);
        const float phase = float(x - half) / period;
        const bool on = phase - std::floor(phase) < 0.5f;
        p = on ? Rgb{0.9f, 0.9f, 0.9f} : Rgb{0.1f, 0.1f, 0.1f};
    } else if (x < half) {  // lettering on white
        p = Rgb{0.97f, 0.97f, 0.95f};
        const int s = std::max(1, side / 128);
        if (TextInk("CONV", half + side / 16, side / 32, s * 2, y, x) ||
            TextInk("3x3", half + side / 16 + 18 * s, side / 32, s * 2, y, x) ||
            TextInk("KERNEL", half + side / 16 + 40 * s, side / 32, s, y, x))
            p = Rgb{0.05f, 0.05f, 0.1f};
    } else {  // colour blocks (Okabe-Ito) above a diagonal edge
        static constexpr Rgb kBlocks[] = {{0.90f, 0.62f, 0.0f}, {0.34f, 0.71f, 0.91f},
                                          {0.0f, 0.62f, 0.45f}, {0.80f, 0.47f, 0.65f}};
        const int bx = (x - half) * 4 / half, by = (y - half) * 2 / half;
        if (by == 0) p = kBlocks[size_t(std::clamp(bx, 0, 3))];
        else p = (x - half) > (y - half - half / 2) * 2 ? Rgb{0.0f, 0.45f, 0.70f} : Rgb{0.95f, 0.9f, 0.25f};
    }
    // The frame: 2 px dark at the edge, then 2 px light, so each padding mode
    // shows what it makes of an edge.
    const int edge = std::min(std::min(y, x), std::min(side - 1 - y, side - 1 - x));
    if (edge < 2) p = Rgb{0.0f, 0.0f, 0.0f};
    else if (edge < 4) p = Rgb{1.0f, 1.0f, 1.0f};
    return p;
}

// A zone plate: cos(pi r^2 / side) reaches the pixel grid's limit at the
// edge, so every stride and blur shows its aliasing as moire rings.
Rgb RingsPixel(int y, int x, int side) {
    const float dy = float(y) - float(side) / 2 + 0.5f, dx = float(x) - float(side) / 2 + 0.5f;
    const float v = 0.5f + 0.5f * std::cos(3.14159265f * (dy * dy + dx * dx) / float(side));
    return {v, v * 0.9f + 0.05f, 0.2f + 0.8f * v};
}

// Black and white squares, 32 px on the left half and 4 px on the right.
Rgb CheckerPixel(int y, int x, int side) {
    const int cell = x < side / 2 ? 32 : 4;
    const bool on = ((y / cell) + (x / cell)) % 2 == 0;
    const float v = on ? 1.0f : 0.0f;
    return {v, v, v};
}

// [SECTION] Pixels

float Luma(float r, float g, float b) { return 0.2126f * r + 0.7152f * g + 0.0722f * b; }

// [SECTION] Run

}  // namespace

Tensor SampleTensor(SampleImage image, int side) {
    if (side < 1 || side > kMaxImageSide) return {};
    Rgb (*pixel)(int, int, int) = nullptr;
    switch (image) {
        case SampleImage::Card: pixel = CardPixel; break;
        case SampleImage::Rings: pixel = RingsPixel; break;
        case SampleImage::Checker: pixel = CheckerPixel; break;
        case SampleImage::Photo: case SampleImage::Own: return {};
    }
    Tensor t{{1, 3, side, side}, std::vector<float>(size_t(3) * size_t(side) * size_t(side))};
    const size_t plane = size_t(side) * size_t(side);
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) {
            const Rgb p = pixel(y, x, side);
            const size_t i = size_t(y) * size_t(side) + size_t(x);
            t.data[i] = p.r, t.data[plane + i] = p.g, t.data[2 * plane + i] = p.b;
        }
    return t;
}

Size2 DownscaledSize(int w, int h, int max_side) {
    if (w < 1 || h < 1 || max_side < 1) return {0, 0};
    const int longest = std::max(w, h);
    if (longest <= max_side) return {h, w};
    const double scale = double(max_side) / double(longest);
    return {std::max(1, int(std::lround(h * scale))), std::max(1, int(std::lround(w * scale)))};
}

Tensor ImageTensor(std::span<const uint8_t> rgba, int w, int h, int channels) {
    if (w < 1 || h < 1 || int64_t(w) * h > int64_t(kMaxImageSide) * kMaxImageSide ||
        rgba.size() != size_t(w) * size_t(h) * 4 || (channels != 1 && channels != 3))
        return {};
    const size_t plane = size_t(w) * size_t(h);
    Tensor t{{1, channels, h, w}, std::vector<float>(plane * size_t(channels))};
    for (size_t i = 0; i < plane; ++i) {
        const float a = float(rgba[4 * i + 3]) / 255.0f;
        float rgb[3];
        for (int c = 0; c < 3; ++c) rgb[c] = float(rgba[4 * i + size_t(c)]) / 255.0f * a + (1.0f - a);
        if (channels == 1) t.data[i] = Luma(rgb[0], rgb[1], rgb[2]);
        else
            for (size_t c = 0; c < 3; ++c) t.data[c * plane + i] = rgb[c];
    }
    return t;
}

Tensor WithChannels(const Tensor& rgb, int channels) {
    if (rgb.shape.c != 3 || channels == 3) return rgb;
    const size_t plane = size_t(rgb.shape.h) * size_t(rgb.shape.w);
    Tensor t{{1, 1, rgb.shape.h, rgb.shape.w}, std::vector<float>(plane)};
    for (size_t i = 0; i < plane; ++i) t.data[i] = Luma(rgb.data[i], rgb.data[plane + i], rgb.data[2 * plane + i]);
    return t;
}

std::vector<LayerPlan> PlansAtPicture(const Doc& doc, Shape picture) {
    Doc at = doc;
    at.input.h = picture.h, at.input.w = picture.w, at.input.channels = picture.c;
    return PlanDoc(at, nullptr, nullptr, kMaxImagePictureSide);
}

namespace {

// The border the first layer's window sees: its resolved padding (the
// plan's picture), drawn in its mode; none for a transposed conv (its
// padding crops) or a border the engine refuses (the layer's error says why).
void FirstBorder(ImageRun& run, const Layer& layer, const LayerPlan& plan) {
    if (!plan.picture.ok() || layer.op() == OpKind::ConvTranspose2d) return;
    const LayerPicture& pic = plan.picture.value();
    const Padding4& p = pic.pad;
    const Shape& in = run.input.shape;
    const bool drawable = p.top >= 0 && p.bottom >= 0 && p.left >= 0 && p.right >= 0 &&
                          PaddingModeProblem(pic.mode, in.h, AxisPadding{p.top, p.bottom}, "").empty() &&
                          PaddingModeProblem(pic.mode, in.w, AxisPadding{p.left, p.right}, "").empty();
    if (drawable) run.pad = p, run.mode = pic.mode;
}

}  // namespace

ImageRun RunImage(const Doc& doc, Tensor picture, Workspace& ws) {
    ImageRun run;
    run.input = std::move(picture);
    if (run.input.data.empty()) return run;
    // One plan of the chain at the picture's size: each layer's shape, its
    // multiply-adds (doc.h MultiplyAddsOf, the Stack tab's and the work
    // cap's formula) and its picture (the window a pixel peek shows).
    run.plans = PlansAtPicture(doc, run.input.shape);
    const Tensor* x = &run.input;
    for (size_t i = 0; i < doc.layers.size() && i < run.plans.size(); ++i) {
        const Layer& layer = doc.layers[i];
        const LayerPlan& plan = run.plans[i];
        ImageLayer out;
        out.in = x->shape;
        if (!plan.out.ok()) {
            out.error = plan.out.error();
        } else if (!layer.drawn()) {
            out.error = plan.picture.error();  // the engine computes convs and pools only
        } else if (plan.out.value().Count() > kMaxImageElements) {
            out.error = "layer " + std::to_string(i + 1) + "'s map would hold " + std::to_string(plan.out.value().Count()) +
                        " values, more than image mode's " + std::to_string(kMaxImageElements) +
                        ": use fewer channels, a smaller stride or a smaller picture.";
        } else if (run.multiply_adds + plan.macs > kMaxImageMultiplyAdds) {
            out.error = "the layers take " + std::to_string(run.multiply_adds + plan.macs) +
                        " multiply-adds on this picture, more than image mode's " +
                        std::to_string(kMaxImageMultiplyAdds) + ": use fewer channels or a smaller kernel.";
        }
        if (out.error.empty()) {
            out.out = plan.out.value();
            out.output = Tensor{out.out, std::vector<float>(size_t(out.out.Count()))};
            const Tensor w = WeightTensor(layer, int(i), x->shape.c, doc.flip_kernel);
            const Result<Shape> done =
                RunLayerInto(layer, x->View(), w.View(), std::span<float>(out.output.data), ws);
            if (!done.ok()) out.error = done.error(), out.output = Tensor{};
            run.multiply_adds += plan.macs;
        }
        if (i == 0) FirstBorder(run, layer, plan);
        if (const FiniteRange r = FiniteRangeOf(out.output.data); r.lo <= r.hi)
            out.lo = std::min(out.lo, r.lo), out.hi = std::max(out.hi, r.hi);
        const bool failed = !out.error.empty();
        run.layers.push_back(std::move(out));
        if (failed) break;
        x = &run.layers.back().output;
    }
    return run;
}

int InputIndexAt(PaddingMode mode, int64_t i, int n) { return i >= 0 && i < n ? int(i) : PaddingSource(mode, i, n); }

float PaddedValue(const ImageRun& run, int c, int py, int px) {
    const Shape& in = run.input.shape;
    const int y = InputIndexAt(run.mode, int64_t(py) - run.pad.top, in.h);
    const int x = InputIndexAt(run.mode, int64_t(px) - run.pad.left, in.w);
    if (y < 0 || x < 0 || c < 0 || c >= in.c) return 0.0f;
    return run.input.data[(size_t(c) * size_t(in.h) + size_t(y)) * size_t(in.w) + size_t(x)];
}

Tensor PaddedPicture(const ImageRun& run) {
    if (run.input.data.empty()) return {};
    const Shape s = run.PaddedShape();
    Tensor t{s, std::vector<float>(size_t(s.Count()))};
    size_t i = 0;
    for (int c = 0; c < s.c; ++c)
        for (int y = 0; y < s.h; ++y)
            for (int x = 0; x < s.w; ++x) t.data[i++] = PaddedValue(run, c, y, x);
    return t;
}

}  // namespace cp
