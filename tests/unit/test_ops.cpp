// test_ops.cpp — the ops layer: padding modes, batches and groups decompose as
// their definitions say, refusals carry specific messages, nothing reads or
// allocates before validation. (Values against PyTorch: test_golden.cpp.)
//
// Index
//   [SECTION] HELPERS
//   [SECTION] PAD2D
//   [SECTION] DECOMPOSITIONS   batch, groups, padding modes, pooling identities
//   [SECTION] REFUSALS
#include <doctest/doctest.h>

#include <climits>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "engine/geometry.h"
#include "engine/ops.h"

namespace {

// [SECTION] HELPERS

// Deterministic values without a generator: distinct, mixed sign, not round.
cp::Tensor Filled(cp::Shape s, int seed) {
    cp::Tensor t{s, std::vector<float>(size_t(s.Count()))};
    for (size_t i = 0; i < t.data.size(); ++i) t.data[i] = float(int((i * 37 + size_t(seed) * 11) % 23) - 11) / 8.0f;
    return t;
}

// Channels [c0, c0 + count) of a tensor, or samples [n0, n0 + count) when by_batch.
cp::Tensor Slice(const cp::Tensor& t, int first, int count, bool by_batch) {
    cp::Shape s = t.shape;
    const int64_t plane = int64_t(s.h) * s.w;
    cp::Tensor out;
    if (by_batch) {
        s.n = count;
        out = {s, std::vector<float>(t.data.begin() + first * s.c * plane, t.data.begin() + (first + count) * s.c * plane)};
    } else {
        out.shape = {s.n, count, s.h, s.w};
        for (int n = 0; n < s.n; ++n) {
            auto begin = t.data.begin() + (int64_t(n) * s.c + first) * plane;
            out.data.insert(out.data.end(), begin, begin + count * plane);
        }
    }
    return out;
}

void CheckNear(const std::vector<float>& a, const std::vector<float>& b) {
    REQUIRE(a.size() == b.size());
    int bad = 0;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::fabs(a[i] - b[i]) > 1e-5f + 1e-5f * std::fabs(b[i]) && ++bad <= 3)
            MESSAGE("element " << i << ": " << a[i] << " vs " << b[i]);
    CHECK(bad == 0);
}

bool Contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// Where padded coordinate i of an input of size n reads, by walking: reflect
// bounces off the edge pixels, circular steps whole periods, replicate stops.
int WalkIndex(cp::PaddingMode mode, int i, int n) {
    switch (mode) {
        case cp::PaddingMode::Reflect: {
            if (n == 1) return 0;
            int pos = 0, dir = i < 0 ? -1 : 1;
            for (int step = 0; step < (i < 0 ? -i : i); ++step) {
                if (pos + dir < 0 || pos + dir >= n) dir = -dir;
                pos += dir;
            }
            return pos;
        }
        case cp::PaddingMode::Circular:
            while (i < 0) i += n;
            while (i >= n) i -= n;
            return i;
        case cp::PaddingMode::Replicate: return i < 0 ? 0 : (i >= n ? n - 1 : i);
        case cp::PaddingMode::Zeros: break;
    }
    return -1;  // zeros: no source
}

}  // namespace

// [SECTION] PAD2D

TEST_CASE("Pad2d fills each mode's padding from the input cell that mode names") {
    const cp::Tensor x = Filled({2, 2, 3, 4}, 1);
    const cp::Padding4 pad{2, 1, 3, 3};  // reflect needs < 3 rows / < 4 cols, circular <= them
    for (const cp::PaddingMode mode :
         {cp::PaddingMode::Zeros, cp::PaddingMode::Reflect, cp::PaddingMode::Replicate, cp::PaddingMode::Circular}) {
        INFO("mode " << cp::ToString(mode));
        const auto r = cp::Pad2d(x.View(), pad, mode);
        REQUIRE(r.ok());
        const cp::Tensor& p = r.value();
        REQUIRE(p.shape == cp::Shape{2, 2, 6, 10});
        for (int n = 0; n < 2; ++n)
            for (int c = 0; c < 2; ++c)
                for (int y = 0; y < 6; ++y)
                    for (int xx = 0; xx < 10; ++xx) {
                        const int sy = y - pad.top, sx = xx - pad.left;
                        const bool inside = sy >= 0 && sy < 3 && sx >= 0 && sx < 4;
                        float want = 0.0f;
                        if (inside || mode != cp::PaddingMode::Zeros) {
                            const int iy = inside ? sy : WalkIndex(mode, sy, 3);
                            const int ix = inside ? sx : WalkIndex(mode, sx, 4);
                            want = x.data[size_t(((n * 2 + c) * 3 + iy) * 4 + ix)];
                        }
                        CHECK(p.data[size_t(((n * 2 + c) * 6 + y) * 10 + xx)] == want);
                    }
    }
}

TEST_CASE("Pad2d refuses each mode's limits and negative padding") {
    const cp::Tensor x = Filled({1, 1, 3, 4}, 2);
    CHECK(!cp::Pad2d(x.View(), {3, 0, 0, 0}, cp::PaddingMode::Reflect).ok());
    CHECK(cp::Pad2d(x.View(), {2, 2, 3, 3}, cp::PaddingMode::Reflect).ok());
    CHECK(!cp::Pad2d(x.View(), {0, 0, 0, 5}, cp::PaddingMode::Circular).ok());
    CHECK(cp::Pad2d(x.View(), {3, 3, 4, 4}, cp::PaddingMode::Circular).ok());
    CHECK(cp::Pad2d(x.View(), {9, 9, 9, 9}, cp::PaddingMode::Replicate).ok());
    const auto neg = cp::Pad2d(x.View(), {0, -1, 0, 0}, cp::PaddingMode::Zeros);
    REQUIRE(!neg.ok());
    CHECK(Contains(neg.error(), "negative"));
    const auto huge = cp::Pad2d(x.View(), {INT_MAX, INT_MAX, 0, 0}, cp::PaddingMode::Replicate);
    REQUIRE(!huge.ok());
}

// [SECTION] DECOMPOSITIONS

TEST_CASE("a conv with a padding mode is a valid conv over Pad2d's output") {
    const cp::Tensor x = Filled({2, 3, 5, 4}, 3), w = Filled({4, 3, 3, 2}, 4);
    const std::vector<float> bias = {0.5f, -1.0f, 0.25f, 2.0f};
    for (const cp::PaddingMode mode :
         {cp::PaddingMode::Zeros, cp::PaddingMode::Reflect, cp::PaddingMode::Replicate, cp::PaddingMode::Circular}) {
        for (const cp::PaddingRule rule : {cp::PaddingRule::Explicit, cp::PaddingRule::Same, cp::PaddingRule::SameTF}) {
            INFO("mode " << cp::ToString(mode) << " rule " << cp::ToString(rule));
            cp::Conv2dOptions o;
            o.rule = rule;
            o.mode = mode;
            o.pad = {2, 0, 1, 3};
            o.dilation = {1, 2};
            o.stride = rule == cp::PaddingRule::SameTF ? cp::Size2{2, 3} : cp::Size2{1, 1};
            const auto y = cp::Conv2d(x.View(), w.View(), bias, o);
            REQUIRE(y.ok());
            const auto pad = cp::ResolveConvPadding(x.shape, w.shape, o);
            REQUIRE(pad.ok());
            const auto padded = cp::Pad2d(x.View(), pad.value(), mode);
            REQUIRE(padded.ok());
            cp::Conv2dOptions valid = o;
            valid.rule = cp::PaddingRule::Valid;
            valid.mode = cp::PaddingMode::Zeros;
            const auto want = cp::Conv2d(padded.value().View(), w.View(), bias, valid);
            REQUIRE(want.ok());
            CHECK(y.value().shape == want.value().shape);
            CheckNear(y.value().data, want.value().data);
            if (rule == cp::PaddingRule::SameTF) {  // TF's promise: ceil(in / stride)
                CHECK(y.value().shape.h == (5 + 1) / 2);
                CHECK(y.value().shape.w == (4 + 2) / 3);
            }
            if (rule == cp::PaddingRule::Same) CHECK(y.value().shape == cp::Shape{2, 4, 5, 4});
        }
    }
}

TEST_CASE("batches are independent: N samples give the N single-sample results") {
    const cp::Tensor x = Filled({3, 2, 5, 5}, 5), w = Filled({2, 2, 3, 3}, 6), wt = Filled({2, 3, 2, 2}, 7);
    cp::Conv2dOptions co;
    co.pad = cp::Padding4::Symmetric(1, 0);
    co.stride = {2, 1};
    cp::ConvTranspose2dOptions to;
    to.stride = {2, 2};
    to.output_padding = {1, 0};
    cp::MaxPool2dOptions mo;
    mo.kernel = {3, 2};
    mo.padding = {1, 1};
    mo.ceil_mode = true;
    cp::AvgPool2dOptions ao;
    ao.kernel = {2, 3};
    ao.stride = {1, 2};
    ao.padding = {1, 1};
    ao.count_include_pad = false;
    const auto all_c = cp::Conv2d(x.View(), w.View(), {}, co);
    const auto all_t = cp::ConvTranspose2d(x.View(), wt.View(), {}, to);
    const auto all_m = cp::MaxPool2d(x.View(), mo);
    const auto all_a = cp::AvgPool2d(x.View(), ao);
    REQUIRE((all_c.ok() && all_t.ok() && all_m.ok() && all_a.ok()));
    for (int n = 0; n < 3; ++n) {
        const cp::Tensor one = Slice(x, n, 1, true);
        CheckNear(cp::Conv2d(one.View(), w.View(), {}, co).value().data, Slice(all_c.value(), n, 1, true).data);
        CheckNear(cp::ConvTranspose2d(one.View(), wt.View(), {}, to).value().data,
                  Slice(all_t.value(), n, 1, true).data);
        CheckNear(cp::MaxPool2d(one.View(), mo).value().data, Slice(all_m.value(), n, 1, true).data);
        CheckNear(cp::AvgPool2d(one.View(), ao).value().data, Slice(all_a.value(), n, 1, true).data);
    }
}

TEST_CASE("groups are independent convs on channel slices (depthwise included)") {
    for (const int groups : {1, 2, 4}) {
        const cp::Tensor x = Filled({2, 4, 5, 6}, 8);
        const cp::Tensor w = Filled({8, 4 / groups, 3, 2}, 9);
        std::vector<float> bias(8);
        for (int i = 0; i < 8; ++i) bias[size_t(i)] = float(i) / 4.0f;
        cp::Conv2dOptions o;
        o.groups = groups;
        o.pad = {1, 1, 0, 1};
        o.dilation = {2, 1};
        const auto y = cp::Conv2d(x.View(), w.View(), bias, o);
        REQUIRE(y.ok());
        // Transposed weights (Cin, Cout/groups, kh, kw): the same slicing by input channel.
        const cp::Tensor wt = Filled({4, 3, 2, 3}, 10);
        cp::ConvTranspose2dOptions to;
        to.groups = groups;
        to.stride = {2, 1};
        to.padding = {1, 0};
        const auto yt = cp::ConvTranspose2d(x.View(), wt.View(), {}, to);
        REQUIRE(yt.ok());
        const int cin_g = 4 / groups, cout_g = 8 / groups;
        for (int g = 0; g < groups; ++g) {
            INFO("groups " << groups << " group " << g);
            cp::Conv2dOptions one = o;
            one.groups = 1;
            const cp::Tensor xg = Slice(x, g * cin_g, cin_g, false);
            const cp::Tensor wg = Slice(w, g * cout_g, cout_g, true);
            const std::vector<float> bg(bias.begin() + g * cout_g, bias.begin() + (g + 1) * cout_g);
            const auto part = cp::Conv2d(xg.View(), wg.View(), bg, one);
            REQUIRE(part.ok());
            CheckNear(part.value().data, Slice(y.value(), g * cout_g, cout_g, false).data);
            cp::ConvTranspose2dOptions tone = to;
            tone.groups = 1;
            const cp::Tensor wtg = Slice(wt, g * cin_g, cin_g, true);
            const auto tpart = cp::ConvTranspose2d(xg.View(), wtg.View(), {}, tone);
            REQUIRE(tpart.ok());
            CheckNear(tpart.value().data, Slice(yt.value(), g * 3, 3, false).data);
        }
    }
}

TEST_CASE("avg pool with divisor_override 1 sums the window, as a depthwise conv of ones does") {
    const cp::Tensor x = Filled({2, 3, 6, 5}, 11);
    cp::AvgPool2dOptions a;
    a.kernel = {3, 2};
    a.stride = {2, 1};
    a.padding = {1, 1};
    a.divisor_override = 1;
    const auto sums = cp::AvgPool2d(x.View(), a);
    REQUIRE(sums.ok());
    cp::Conv2dOptions c;
    c.groups = 3;
    c.stride = {2, 1};
    c.pad = cp::Padding4::Symmetric(1, 1);
    const cp::Tensor ones{{3, 1, 3, 2}, std::vector<float>(18, 1.0f)};
    const auto conv = cp::Conv2d(x.View(), ones.View(), {}, c);
    REQUIRE(conv.ok());
    CHECK(sums.value().shape == conv.value().shape);
    CheckNear(sums.value().data, conv.value().data);
    // count_include_pad divides every (unclipped) window by the kernel area.
    a.divisor_override = 0;
    const auto mean = cp::AvgPool2d(x.View(), a);
    REQUIRE(mean.ok());
    std::vector<float> want = conv.value().data;
    for (float& v : want) v /= 6.0f;
    CheckNear(mean.value().data, want);
}

TEST_CASE("max pool: NaN in a window wins, padding never does") {
    cp::Tensor x = Filled({1, 1, 4, 4}, 12);
    for (float& v : x.data) v = -100.0f - v;  // all far below 0, the value zero padding would have
    x.data[5] = std::numeric_limits<float>::quiet_NaN();
    cp::MaxPool2dOptions o;
    o.kernel = {2, 2};
    o.stride = {1, 1};
    o.padding = {1, 1};
    const auto y = cp::MaxPool2d(x.View(), o);
    REQUIRE(y.ok());
    REQUIRE(y.value().shape == cp::Shape{1, 1, 5, 5});
    for (int oy = 0; oy < 5; ++oy)
        for (int ox = 0; ox < 5; ++ox) {
            const float v = y.value().data[size_t(oy * 5 + ox)];
            const bool sees_nan = (oy == 1 || oy == 2) && (ox == 1 || ox == 2);  // windows holding (1, 1)
            CHECK(std::isnan(v) == sees_nan);
            if (!sees_nan) CHECK(v < -50.0f);
        }
}

// [SECTION] REFUSALS

TEST_CASE("each invalid conv configuration has its own message") {
    const cp::Tensor x = Filled({1, 4, 5, 5}, 13), w = Filled({4, 2, 3, 3}, 14);
    struct Bad {
        const char* what;
        cp::Conv2dOptions o;
        cp::Shape w;
        int bias;
        const char* says;
    };
    auto opts = [](auto f) {
        cp::Conv2dOptions o;
        o.groups = 2;
        f(o);
        return o;
    };
    const Bad bad[] = {
        {"groups 0", opts([](auto& o) { o.groups = 0; }), w.shape, 0, "groups is 0"},
        {"groups not dividing filters", opts([](auto& o) { o.groups = 3; }), {3, 2, 3, 3}, 0, "groups=3"},
        {"channel mismatch", opts([](auto&) {}), {4, 1, 3, 3}, 0, "input channels"},
        {"bias", opts([](auto&) {}), w.shape, 3, "bias has 3"},
        {"stride", opts([](auto& o) { o.stride = {0, 1}; }), w.shape, 0, "stride"},
        {"dilation", opts([](auto& o) { o.dilation = {1, -1}; }), w.shape, 0, "dilation"},
        {"negative padding", opts([](auto& o) { o.pad = {0, 0, -2, 0}; }), w.shape, 0, "cannot be negative"},
        {"kernel too large", opts([](auto&) {}), {4, 2, 6, 3}, 0, "padded input height is only 5"},
        {"same strided", opts([](auto& o) { o.rule = cp::PaddingRule::Same, o.stride = {1, 2}; }), w.shape, 0,
         "stride 1"},
        {"reflect too wide", opts([](auto& o) { o.mode = cp::PaddingMode::Reflect, o.pad = {5, 5, 0, 0}; }), w.shape,
         0, "reflect padding height"},
        {"circular too wide", opts([](auto& o) { o.mode = cp::PaddingMode::Circular, o.pad = {0, 0, 0, 6}; }),
         w.shape, 0, "more than once"},
    };
    for (const Bad& b : bad) {
        INFO(b.what);
        const cp::Tensor wt = Filled(b.w, 15);
        const std::vector<float> bias(size_t(b.bias), 1.0f);
        const auto r = cp::Conv2d(x.View(), wt.View(), bias, b.o);
        REQUIRE(!r.ok());
        CHECK(Contains(r.error(), b.says));
    }
}

TEST_CASE("refusals come before reading data: absent data with an invalid shape is a message, not a crash") {
    const cp::TensorView nothing{{1 << 20, 1 << 20, 1 << 20, 1 << 20}, nullptr};
    CHECK(!cp::Conv2d(nothing, nothing, {}, {}).ok());
    CHECK(!cp::ConvTranspose2d(nothing, nothing, {}, {}).ok());
    CHECK(!cp::MaxPool2d(nothing, {}).ok());
    CHECK(!cp::AvgPool2d(nothing, {}).ok());
    CHECK(!cp::Pad2d(nothing, {}, cp::PaddingMode::Zeros).ok());
    // A valid shape but no data: still a message.
    const cp::TensorView empty{{1, 1, 3, 3}, nullptr};
    const auto r = cp::MaxPool2d(empty, {});
    REQUIRE(!r.ok());
    CHECK(Contains(r.error(), "no data"));
    // Pool refusals: padding beyond half the kernel (not its dilated span), negative stride.
    const cp::Tensor x = Filled({1, 1, 7, 7}, 16);
    cp::MaxPool2dOptions m;
    m.kernel = {3, 3};
    m.dilation = {3, 3};
    m.padding = {2, 0};
    const auto half = cp::MaxPool2d(x.View(), m);
    REQUIRE(!half.ok());
    CHECK(Contains(half.error(), "half the kernel"));
    cp::AvgPool2dOptions a;
    a.kernel = {2, 2};
    a.stride = {-1, 1};
    CHECK(!cp::AvgPool2d(x.View(), a).ok());
}

TEST_CASE("ops: the *Into twins write the same values into the caller's buffer, and refuse a short one") {
    cp::Tensor x{{1, 2, 6, 5}, {}}, w{{3, 2, 3, 3}, {}};
    for (int i = 0; i < 60; ++i) x.data.push_back(float(i % 7) - 3.0f);
    for (int i = 0; i < 54; ++i) w.data.push_back(float(i % 5) * 0.5f - 1.0f);
    const std::vector<float> bias{0.5f, -1.0f, 2.0f};
    cp::Conv2dOptions o;
    o.pad = cp::Padding4{1, 0, 2, 1};
    o.stride = {2, 1};
    const auto y = cp::Conv2d(x.View(), w.View(), bias, o);
    REQUIRE(y.ok());
    std::vector<float> out(size_t(y.value().shape.Count()) + 1, -7.0f);  // one spare value stays untouched
    cp::Workspace ws;
    const auto shape = cp::Conv2dInto(x.View(), w.View(), bias, o, out, ws);
    REQUIRE(shape.ok());
    CHECK(shape.value() == y.value().shape);
    CHECK(std::vector<float>(out.begin(), out.end() - 1) == y.value().data);
    CHECK(out.back() == -7.0f);

    std::vector<float> short_out(size_t(y.value().shape.Count()) - 1);
    const auto refused = cp::Conv2dInto(x.View(), w.View(), bias, o, short_out, ws);
    CHECK_FALSE(refused.ok());
    CHECK(refused.error().find("output buffer holds") != std::string::npos);

    cp::MaxPool2dOptions mo;
    mo.kernel = {2, 2};
    const auto m = cp::MaxPool2d(x.View(), mo);
    REQUIRE(m.ok());
    std::vector<float> mout(size_t(m.value().shape.Count()));
    REQUIRE(cp::MaxPool2dInto(x.View(), mo, mout, ws).ok());
    CHECK(mout == m.value().data);
    CHECK_FALSE(cp::AvgPool2dInto(x.View(), cp::AvgPool2dOptions{}, std::span<float>(), ws).ok());
}
