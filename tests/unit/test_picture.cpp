// test_picture.cpp — the picture plan (engine/picture.h) against the engine's
// own compute: rebuild each op's source grid as a tensor from the picture
// (input cells, padding copies, zeros), run the plain op the picture claims
// it is over that grid, and demand the real op's result. So the figure shows
// exactly what the engine computes, for every op, padding mode and stride.
//
// Index
//   [SECTION] HELPERS
//   [SECTION] EVERY OP IS A WINDOW OVER ITS GRID
//   [SECTION] READS, REFUSALS AND LIMITS
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "engine/geometry.h"
#include "window_oracle.h"
#include "engine/ops.h"
#include "engine/picture.h"

namespace {

// [SECTION] HELPERS

struct Lcg {
    uint32_t s;
    int Next(int lo, int hi) {  // in [lo, hi]
        s = s * 1664525u + 1013904223u;
        return lo + int((s >> 8) % uint32_t(hi - lo + 1));
    }
};

cp::Tensor Ramp(cp::Shape s) {
    cp::Tensor t{s, std::vector<float>(size_t(s.Count()))};
    for (size_t i = 0; i < t.data.size(); ++i) t.data[i] = float(int(i * 7 % 13) - 6);
    return t;
}

// The source grid as a tensor: the input value a cell holds or copies along
// both axes, `fill` where either axis says zero padding / inserted zero / outside.
cp::Tensor GridOf(const cp::LayerPicture& p, const cp::Tensor& x, float fill) {
    cp::Tensor g{{1, 1, p.h.cells, p.w.cells}, std::vector<float>(size_t(p.h.cells) * size_t(p.w.cells), fill)};
    for (int r = 0; r < p.h.cells; ++r)
        for (int c = 0; c < p.w.cells; ++c) {
            const int sy = p.h.source[size_t(r)], sx = p.w.source[size_t(c)];
            if (sy >= 0 && sx >= 0) g.data[size_t(r) * size_t(p.w.cells) + size_t(c)] = x.data[size_t(sy * x.shape.w + sx)];
        }
    return g;
}

void CheckClose(const cp::Tensor& a, const cp::Tensor& b) {
    REQUIRE(a.shape == b.shape);
    for (size_t i = 0; i < a.data.size(); ++i)
        if (a.data[i] != b.data[i]) REQUIRE(a.data[i] == doctest::Approx(b.data[i]).epsilon(1e-4));
}

}  // namespace

// [SECTION] EVERY OP IS A WINDOW OVER ITS GRID

TEST_CASE("conv: the picture's padded grid, slid over with stride and dilation, gives Conv2d's result") {
    Lcg rng{7};
    int checked = 0;
    for (int trial = 0; trial < 600; ++trial) {
        const cp::Shape xs{1, 1, rng.Next(1, 9), rng.Next(1, 9)};
        const cp::Size2 k{rng.Next(1, 4), rng.Next(1, 4)};
        cp::Conv2dOptions o;
        o.stride = {rng.Next(1, 3), rng.Next(1, 3)};
        o.dilation = {rng.Next(1, 3), rng.Next(1, 3)};
        o.rule = cp::PaddingRule(rng.Next(0, 3));
        o.pad = {rng.Next(0, 3), rng.Next(0, 3), rng.Next(0, 3), rng.Next(0, 3)};
        o.mode = cp::PaddingMode(rng.Next(0, 3));
        const cp::Tensor x = Ramp(xs), w = Ramp({1, 1, k.h, k.w});
        const auto pic = cp::PictureConv2d(xs, k, 1, o, 160);
        const auto y = cp::Conv2d(x.View(), w.View(), {}, o);
        REQUIRE(pic.ok() == y.ok());
        if (!pic.ok()) {
            CHECK(pic.error() == y.error());  // the picture refuses with the engine's own message
            continue;
        }
        const cp::Tensor grid = GridOf(pic.value(), x, 0.0f);
        cp::Conv2dOptions plain;
        plain.stride = o.stride;
        plain.dilation = o.dilation;
        const auto z = cp::Conv2d(grid.View(), w.View(), {}, plain);
        REQUIRE(z.ok());
        CheckClose(z.value(), y.value());
        CHECK(pic.value().out == y.value().shape);
        ++checked;
    }
    CHECK(checked > 200);
}

TEST_CASE("transposed conv: the zero-inserted, padded (or cropped) grid under a stride-1 conv of the flipped kernel") {
    Lcg rng{11};
    int checked = 0;
    for (int trial = 0; trial < 600; ++trial) {
        const cp::Shape xs{1, 1, rng.Next(1, 6), rng.Next(1, 6)};
        const cp::Size2 k{rng.Next(1, 4), rng.Next(1, 4)};
        cp::ConvTranspose2dOptions o;
        o.stride = {rng.Next(1, 3), rng.Next(1, 3)};
        o.dilation = {rng.Next(1, 2), rng.Next(1, 2)};
        o.padding = {rng.Next(0, 3), rng.Next(0, 3)};
        o.output_padding = {rng.Next(0, 2), rng.Next(0, 2)};
        const cp::Tensor x = Ramp(xs), w = Ramp({1, 1, k.h, k.w});
        const auto pic = cp::PictureConvTranspose2d(xs, k, 1, o, 160);
        const auto y = cp::ConvTranspose2d(x.View(), w.View(), {}, o);
        REQUIRE(pic.ok() == y.ok());
        if (!pic.ok()) continue;
        const cp::LayerPicture& p = pic.value();
        CHECK(p.h.spacing == o.stride.h);
        cp::Tensor flipped = w;
        for (int r = 0; r < k.h; ++r)
            for (int c = 0; c < k.w; ++c)
                flipped.data[size_t(r * k.w + c)] = w.data[size_t((k.h - 1 - r) * k.w + (k.w - 1 - c))];
        cp::Conv2dOptions plain;
        plain.dilation = o.dilation;
        const auto z = cp::Conv2d(GridOf(p, x, 0.0f).View(), flipped.View(), {}, plain);
        REQUIRE(z.ok());
        CheckClose(z.value(), y.value());
        ++checked;
    }
    CHECK(checked > 200);
}

TEST_CASE("pools: max over the grid (padding and overhang as -inf) and average over it (zeros, count_include_pad)") {
    Lcg rng{5};
    int checked = 0;
    const float ninf = -std::numeric_limits<float>::infinity();
    for (int trial = 0; trial < 600; ++trial) {
        const cp::Shape xs{1, 1, rng.Next(1, 9), rng.Next(1, 9)};
        cp::MaxPool2dOptions m;
        m.kernel = {rng.Next(1, 4), rng.Next(1, 4)};
        m.stride = {rng.Next(1, 3), rng.Next(1, 3)};
        m.padding = {rng.Next(0, 2), rng.Next(0, 2)};
        m.dilation = {rng.Next(1, 2), rng.Next(1, 2)};
        m.ceil_mode = rng.Next(0, 1) == 1;
        const cp::Tensor x = Ramp(xs);
        const auto pic = cp::PictureMaxPool2d(xs, m, 160);
        const auto y = cp::MaxPool2d(x.View(), m);
        REQUIRE(pic.ok() == y.ok());
        if (!pic.ok()) continue;
        cp::MaxPool2dOptions plain;
        plain.kernel = m.kernel, plain.stride = m.stride, plain.dilation = m.dilation;
        const auto z = cp::MaxPool2d(GridOf(pic.value(), x, ninf).View(), plain);
        REQUIRE(z.ok());
        CheckClose(z.value(), y.value());

        cp::AvgPool2dOptions a;
        a.kernel = m.kernel, a.stride = m.stride, a.padding = m.padding;
        const auto apic = cp::PictureAvgPool2d(xs, a, 160);
        const auto ay = cp::AvgPool2d(x.View(), a);
        REQUIRE(apic.ok() == ay.ok());
        if (!apic.ok()) continue;
        cp::AvgPool2dOptions aplain;
        aplain.kernel = a.kernel, aplain.stride = a.stride;
        const auto az = cp::AvgPool2d(GridOf(apic.value(), x, 0.0f).View(), aplain);
        REQUIRE(az.ok());
        CheckClose(az.value(), ay.value());
        ++checked;
    }
    CHECK(checked > 120);
}

// [SECTION] READS, REFUSALS AND LIMITS

TEST_CASE("reads per grid cell agree with the engine's CoverageOf, and the floor's dropped tail is named") {
    // 8 wide, k3 s2 p0: windows at 0, 2, 4; input 7 is never read.
    cp::Conv2dOptions o;
    o.stride = {2, 2};
    const auto pic = cp::PictureConv2d({1, 1, 8, 8}, {3, 3}, 1, o, 160);
    REQUIRE(pic.ok());
    const cp::PictureAxis& a = pic.value().w;
    CHECK(a.reads == std::vector<int>{1, 1, 2, 1, 2, 1, 1, 0});
    CHECK(a.dropped_tail == 1);
    Lcg rng{3};
    for (int trial = 0; trial < 300; ++trial) {
        const cp::Axis ax{rng.Next(1, 12), rng.Next(1, 4), rng.Next(1, 3), 0, 0, rng.Next(1, 3)};
        cp::Conv2dOptions c;
        c.stride = {ax.stride, ax.stride};
        c.dilation = {ax.dilation, ax.dilation};
        const auto p = cp::PictureConv2d({1, 1, ax.in, ax.in}, {ax.kernel, ax.kernel}, 1, c, 160);
        const auto out = cp::OutputSize(ax);
        REQUIRE(p.ok() == out.ok());
        if (!p.ok()) continue;
        const cp::AxisCoverage cov = cp::CoverageOf(ax, out.value());
        CHECK(p.value().h.reads == cov.reads);  // no padding: grid cells are input cells
        CHECK(p.value().h.dropped_tail == cov.dropped_tail);
    }
}

TEST_CASE("padding copies name the input cell they copy, as F.pad computes them") {
    for (cp::PaddingMode mode : {cp::PaddingMode::Reflect, cp::PaddingMode::Replicate, cp::PaddingMode::Circular}) {
        cp::Conv2dOptions o;
        o.pad = {2, 1, 3, 2};
        o.mode = mode;
        const cp::Shape xs{1, 1, 4, 5};
        const auto pic = cp::PictureConv2d(xs, {3, 3}, 1, o, 160);
        REQUIRE(pic.ok());
        const cp::Tensor x = Ramp(xs);
        const auto padded = cp::Pad2d(x.View(), o.pad, mode);
        REQUIRE(padded.ok());
        CheckClose(GridOf(pic.value(), x, -99.0f), padded.value());
        CHECK(pic.value().h.kind[0] == cp::CellKind::CopyPad);
    }
}

TEST_CASE("a picture larger than the limit is refused before anything is allocated, and says so") {
    cp::ConvTranspose2dOptions o;
    o.stride = {8, 8};
    bool too_large = false;
    const auto pic = cp::PictureConvTranspose2d({1, 1, 64, 64}, {9, 9}, 1, o, 160, &too_large);
    REQUIRE_FALSE(pic.ok());
    CHECK(too_large);
    CHECK(pic.error().find("the figure draws up to 160") != std::string::npos);
    // An engine refusal is not a size problem.
    too_large = false;
    cp::Conv2dOptions same;
    same.rule = cp::PaddingRule::Same;
    same.stride = {2, 2};
    CHECK_FALSE(cp::PictureConv2d({1, 1, 7, 7}, {3, 3}, 1, same, 160, &too_large).ok());
    CHECK_FALSE(too_large);
    // Engine-sized inputs (a million cells a side) cost a message, not memory.
    CHECK_FALSE(cp::PictureConv2d({1, 1, 1 << 20, 4}, {3, 3}, 1, {}, 160).ok());
    CHECK_FALSE(cp::PictureMaxPool2d({1, 1, 4, 1 << 20}, {}, 160).ok());
}

TEST_CASE("picture helpers are bounded: Window2d and Coverage2d refuse more than their limit") {
    const cp::Axis big{1 << 20, 1 << 12, 1, 0, 0, 1};
    CHECK(cp::Window2d(big, big, 0, 0).empty());           // 2^24 taps > kMaxPictureTaps
    CHECK(cp::CoverageOf(big, 1).reads.empty());            // 2^20 cells > kMaxPictureCells
    cp::AxisCoverage wide;
    wide.reads.assign(size_t(1) << 10, 1);
    CHECK(cp::Coverage2d(wide, wide).empty());
    CHECK(cp::Coverage2d(wide, wide, int64_t(1) << 20).size() == size_t(1) << 20);
}
