// test_geometry.cpp — geometry.h against independent definitions: sizes by
// counting windows, padding rules by their defining properties, picture helpers
// by brute force and by the compute kernels, and refusals for hostile sizes.
// (Exact agreement with PyTorch's sizes and refusals is test_golden.cpp's job.)
//
// Index
//   [SECTION] OUTPUT SIZES
//   [SECTION] PADDING RULES
//   [SECTION] WINDOWS AND COVERAGE
//   [SECTION] TRANSPOSED AS CONV
//   [SECTION] RECEPTIVE FIELDS
//   [SECTION] REFUSALS
#include <doctest/doctest.h>

#include <algorithm>
#include <climits>
#include <string>
#include <vector>

#include "engine/geometry.h"
#include "engine/receptive.h"
#include "window_oracle.h"
#include "engine/kernels.h"
#include "engine/ops.h"

namespace {

// Every small axis: the sweeps below check each one against a definition.
template <class F>
void ForSmallAxes(F f) {
    for (int in = 1; in <= 7; ++in)
        for (int k = 1; k <= 4; ++k)
            for (int s = 1; s <= 3; ++s)
                for (int d = 1; d <= 3; ++d)
                    for (int lo = 0; lo <= 2; ++lo)
                        for (int hi = 0; hi <= 2; ++hi) f(cp::Axis{in, k, s, lo, hi, d});
}

bool Contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

// [SECTION] OUTPUT SIZES

TEST_CASE("floor output size counts the windows that fit inside the padded input") {
    int checked = 0;
    ForSmallAxes([&](const cp::Axis& a) {
        int fits = 0;  // windows o = 0, 1, ... whose last tap is inside the padded input
        for (int o = 0; o * a.stride <= a.PaddedIn(); ++o)
            if (a.FirstTap(o) + a.EffectiveKernel() - 1 <= a.in - 1 + a.pad_hi) ++fits;
        const auto out = cp::OutputSize(a);
        INFO("in " << a.in << " k " << a.kernel << " s " << a.stride << " d " << a.dilation << " pad " << a.pad_lo
                   << "," << a.pad_hi);
        if (fits == 0) {
            CHECK(!out.ok());
        } else {
            REQUIRE(out.ok());
            CHECK(out.value() == fits);
        }
        ++checked;
    });
    CHECK(checked > 1000);
}

TEST_CASE("ceil output size: windows may overhang the end but must start inside the input or left padding") {
    ForSmallAxes([&](const cp::Axis& a) {
        // Only pooling rounds up, and pooling pads symmetrically by at most half the kernel.
        if (a.pad_lo != a.pad_hi || a.pad_lo > a.kernel / 2) return;
        // Ceil mode keeps window o when it starts at or before the last position a
        // full window could start at, rounded up to the next stride (one extra
        // window at most), and that start is inside the input or the left padding.
        int count = 0;
        for (int o = 0; o * a.stride <= a.PaddedIn(); ++o) {
            const int64_t start_padded = int64_t(o) * a.stride;  // in padded coordinates
            const bool reachable = start_padded < a.PaddedIn() - a.EffectiveKernel() + a.stride;
            const bool starts_inside = start_padded < int64_t(a.in) + a.pad_lo;
            if (reachable && starts_inside) ++count;
        }
        const auto floor_out = cp::OutputSize(a, cp::Rounding::Floor);
        const auto ceil_out = cp::OutputSize(a, cp::Rounding::Ceil);
        INFO("in " << a.in << " k " << a.kernel << " s " << a.stride << " d " << a.dilation << " pad " << a.pad_lo
                   << "," << a.pad_hi);
        if (count == 0) {
            CHECK(!ceil_out.ok());
            return;
        }
        REQUIRE(ceil_out.ok());
        CHECK(ceil_out.value() == count);
        if (floor_out.ok()) {
            CHECK(ceil_out.value() >= floor_out.value());
            CHECK(ceil_out.value() <= floor_out.value() + 1);
        }
    });
}

TEST_CASE("transposed output size inverts the conv size when output_padding < stride") {
    for (int in = 1; in <= 6; ++in)
        for (int k = 1; k <= 4; ++k)
            for (int s = 1; s <= 3; ++s)
                for (int d = 1; d <= 2; ++d)
                    for (int p = 0; p <= 2; ++p)
                        for (int op = 0; op < std::max(s, d); ++op) {
                            const auto t = cp::TransposedOutputSize({in, k, s, p, op, d});
                            if (!t.ok()) continue;
                            // conv(transposed output) gives `in` back: that is what transposed means.
                            const auto back = cp::OutputSize({t.value(), k, s, p, p, d});
                            INFO("in " << in << " k " << k << " s " << s << " d " << d << " p " << p << " op " << op);
                            REQUIRE(back.ok());
                            if (op < s) {
                                CHECK(back.value() == in);
                            } else {
                                // PyTorch also allows output_padding < dilation; then the
                                // extra rows are more than a stride can absorb.
                                CHECK(back.value() > in);
                            }
                        }
}

TEST_CASE("transposed output_padding must be smaller than stride or dilation, per axis") {
    CHECK(!cp::TransposedOutputSize({3, 3, 1, 0, 1, 1}).ok());
    CHECK(cp::TransposedOutputSize({3, 3, 2, 0, 1, 1}).ok());
    CHECK(cp::TransposedOutputSize({3, 3, 1, 0, 1, 2}).ok());
    CHECK(!cp::TransposedOutputSize({3, 3, 2, 0, 2, 2}).ok());
    const auto e = cp::TransposedOutputSize({3, 3, 2, 0, 2, 1}, "height");
    REQUIRE(!e.ok());
    CHECK(Contains(e.error(), "output_padding height is 2"));
}

// [SECTION] PADDING RULES

TEST_CASE("PyTorch 'same' keeps the size at stride 1, pads d*(k-1) in total, the odd one at the end") {
    ForSmallAxes([&](const cp::Axis& a) {
        const auto p = cp::SamePadding(a.in, a.kernel, 1, a.dilation);
        REQUIRE(p.ok());
        CHECK(p.value().lo + p.value().hi == a.EffectiveKernel() - 1);
        CHECK(p.value().hi - p.value().lo >= 0);
        CHECK(p.value().hi - p.value().lo <= 1);
        const auto out = cp::OutputSize({a.in, a.kernel, 1, p.value().lo, p.value().hi, a.dilation});
        REQUIRE(out.ok());
        CHECK(out.value() == a.in);
    });
    const auto strided = cp::SamePadding(5, 3, 2, 1, "width");
    REQUIRE(!strided.ok());
    CHECK(Contains(strided.error(), "stride 1"));
}

TEST_CASE("TensorFlow SAME gives ceil(in/stride) outputs with the least padding, the odd one at the end") {
    ForSmallAxes([&](const cp::Axis& a) {
        const auto p = cp::SamePaddingTF(a.in, a.kernel, a.stride, a.dilation);
        REQUIRE(p.ok());
        const int want = (a.in + a.stride - 1) / a.stride;
        const int lo = p.value().lo, hi = p.value().hi;
        CHECK(hi - lo >= 0);
        CHECK(hi - lo <= 1);
        const auto out = cp::OutputSize({a.in, a.kernel, a.stride, lo, hi, a.dilation});
        REQUIRE(out.ok());
        CHECK(out.value() == want);
        if (lo + hi > 0) {  // one less padding would lose the last output
            const int total = lo + hi - 1;
            const auto fewer = cp::OutputSize({a.in, a.kernel, a.stride, total / 2, total - total / 2, a.dilation});
            CHECK((!fewer.ok() || fewer.value() < want));
        }
    });
}

TEST_CASE("ResolveConvPadding: explicit, valid, same and SAME per axis") {
    const cp::Shape x{1, 1, 6, 5}, w{1, 1, 4, 3};
    cp::Conv2dOptions o;
    o.pad = {1, 2, 3, 0};
    CHECK(cp::ResolveConvPadding(x, w, o).value() == cp::Padding4{1, 2, 3, 0});
    o.rule = cp::PaddingRule::Valid;
    CHECK(cp::ResolveConvPadding(x, w, o).value() == cp::Padding4{});
    o.rule = cp::PaddingRule::Same;
    const auto h = cp::SamePadding(6, 4, 1, 1).value(), v = cp::SamePadding(5, 3, 1, 1).value();
    CHECK(cp::ResolveConvPadding(x, w, o).value() == cp::Padding4{h.lo, h.hi, v.lo, v.hi});
    o.stride = {2, 1};
    CHECK(!cp::ResolveConvPadding(x, w, o).ok());
    o.rule = cp::PaddingRule::SameTF;
    const auto th = cp::SamePaddingTF(6, 4, 2, 1).value(), tw = cp::SamePaddingTF(5, 3, 1, 1).value();
    CHECK(cp::ResolveConvPadding(x, w, o).value() == cp::Padding4{th.lo, th.hi, tw.lo, tw.hi});
}

TEST_CASE("padding mode limits: reflect below the input, circular up to it, replicate and zeros unlimited") {
    for (int in = 1; in <= 5; ++in)
        for (int p = 0; p <= 7; ++p) {
            CHECK(cp::PaddingModeProblem(cp::PaddingMode::Reflect, in, {p, 0}, "h").empty() == (p < in));
            CHECK(cp::PaddingModeProblem(cp::PaddingMode::Reflect, in, {0, p}, "h").empty() == (p < in));
            CHECK(cp::PaddingModeProblem(cp::PaddingMode::Circular, in, {0, p}, "h").empty() == (p <= in));
            CHECK(cp::PaddingModeProblem(cp::PaddingMode::Replicate, in, {p, p}, "h").empty());
            CHECK(cp::PaddingModeProblem(cp::PaddingMode::Zeros, in, {p, p}, "h").empty());
        }
}

// [SECTION] WINDOWS AND COVERAGE

TEST_CASE("Window2d names exactly the input cells the conv kernel multiplies") {
    // Input cells hold their own id (1-based); a one-hot weight at (ky, kx) makes
    // the conv output at (oy, ox) the id of the cell that tap reads, 0 in padding.
    const cp::Axis h{5, 3, 2, 1, 2, 2}, w{4, 2, 1, 2, 0, 3};
    const int oh = cp::OutputSize(h).value(), ow = cp::OutputSize(w).value();
    std::vector<float> x(size_t(h.in * w.in));
    for (size_t i = 0; i < x.size(); ++i) x[i] = float(i + 1);
    for (int ky = 0; ky < h.kernel; ++ky)
        for (int kx = 0; kx < w.kernel; ++kx) {
            std::vector<float> wt(size_t(h.kernel * w.kernel), 0.0f);
            wt[size_t(ky * w.kernel + kx)] = 1.0f;
            cp::ConvGeometry g;
            g.ih = h.in, g.iw = w.in, g.kh = h.kernel, g.kw = w.kernel, g.sh = h.stride, g.sw = w.stride;
            g.dh = h.dilation, g.dw = w.dilation, g.pad_top = h.pad_lo, g.pad_left = w.pad_lo, g.oh = oh, g.ow = ow;
            std::vector<float> y(size_t(oh * ow));
            cp::Conv2dReference(g, x.data(), wt.data(), nullptr, y.data());
            for (int oy = 0; oy < oh; ++oy)
                for (int ox = 0; ox < ow; ++ox) {
                    const auto taps = cp::Window2d(h, w, oy, ox);
                    REQUIRE(taps.size() == size_t(h.kernel * w.kernel));
                    const cp::WindowTap& t = taps[size_t(ky * w.kernel + kx)];
                    CHECK(t.ky == ky);
                    CHECK(t.kx == kx);
                    const float want = t.padding ? 0.0f : float(t.y * w.in + t.x + 1);
                    CHECK(y[size_t(oy * ow + ox)] == want);
                }
        }
}

TEST_CASE("CoverageOf agrees with counting every tap of every window, and names unread and dropped inputs") {
    for (const cp::Rounding r : {cp::Rounding::Floor, cp::Rounding::Ceil}) {
        ForSmallAxes([&](const cp::Axis& a) {
            // Only pooling rounds up, and pooling pads symmetrically by at most half the kernel.
            if (r == cp::Rounding::Ceil && (a.pad_lo != a.pad_hi || a.pad_lo > a.kernel / 2)) return;
            const auto out = cp::OutputSize(a, r);
            if (!out.ok()) return;
            std::vector<int> reads(size_t(a.in), 0);
            for (int o = 0; o < out.value(); ++o) {
                const cp::AxisWindow win = cp::WindowOf(a, o);
                for (int t = 0; t < win.count; ++t)
                    if (!cp::IsPadding(a, win.Tap(t))) ++reads[size_t(win.Tap(t))];
            }
            const cp::AxisCoverage c = cp::CoverageOf(a, out.value());
            INFO("in " << a.in << " k " << a.kernel << " s " << a.stride << " d " << a.dilation << " pad " << a.pad_lo
                       << "," << a.pad_hi << " out " << out.value());
            CHECK(c.reads == reads);
            std::vector<int> unread;
            for (int i = 0; i < a.in; ++i)
                if (reads[size_t(i)] == 0) unread.push_back(i);
            CHECK(c.unread == unread);
            // The dropped tail is unread and ends the input; the input just before it is read.
            REQUIRE(c.dropped_tail >= 0);
            REQUIRE(c.dropped_tail <= a.in);
            for (int i = a.in - c.dropped_tail; i < a.in; ++i) CHECK(reads[size_t(i)] == 0);
            if (c.dropped_tail > 0 && c.dropped_tail < a.in) CHECK(reads[size_t(a.in - 1 - c.dropped_tail)] > 0);
            // Another window would start inside a tail of a full stride.
            CHECK(c.dropped_tail < a.stride);
            // Ceil mode reaches the end unless the stride itself skips past it.
            if (r == cp::Rounding::Ceil && a.stride <= a.EffectiveKernel()) CHECK(c.dropped_tail == 0);
        });
    }
}

TEST_CASE("Coverage2d is the product of the axes and matches a transposed conv of ones") {
    // A transposed conv scatters each output back over the inputs that produced
    // it, so with all-ones it counts, per input cell, the windows reading it.
    const cp::Axis h{6, 3, 2, 1, 1, 1}, w{5, 2, 1, 0, 1, 2};
    const int oh = cp::OutputSize(h).value(), ow = cp::OutputSize(w).value();
    const std::vector<int> cov = cp::Coverage2d(cp::CoverageOf(h, oh), cp::CoverageOf(w, ow));
    cp::ConvGeometry g;  // transposed conv from the conv's output back to its input
    g.ih = oh, g.iw = ow, g.kh = h.kernel, g.kw = w.kernel, g.sh = h.stride, g.sw = w.stride;
    g.dh = h.dilation, g.dw = w.dilation, g.pad_top = h.pad_lo, g.pad_left = w.pad_lo, g.oh = h.in, g.ow = w.in;
    const std::vector<float> ones_out(size_t(oh * ow), 1.0f), ones_w(size_t(h.kernel * w.kernel), 1.0f);
    std::vector<float> counts(size_t(h.in * w.in));
    cp::ConvTranspose2dReference(g, ones_out.data(), ones_w.data(), nullptr, counts.data());
    REQUIRE(cov.size() == counts.size());
    for (size_t i = 0; i < cov.size(); ++i) CHECK(float(cov[i]) == counts[i]);
}

// [SECTION] TRANSPOSED AS CONV

TEST_CASE("a transposed conv equals a stride-1 conv with the flipped kernel over the zero-inserted padded input") {
    int checked = 0;
    for (int in = 1; in <= 4; ++in)
        for (int k = 1; k <= 3; ++k)
            for (int s = 1; s <= 3; ++s)
                for (int d = 1; d <= 2; ++d)
                    for (int p = 0; p <= 3; ++p)
                        for (int op = 0; op < std::max(s, d); ++op) {
                            const cp::TransposedAxis ta{in, k, s, p, op, d};
                            const auto eq = cp::TransposedAsConvOf(ta);
                            if (!eq.ok()) {
                                CHECK(!cp::TransposedOutputSize(ta).ok());
                                continue;
                            }
                            const cp::TransposedAsConv& t = eq.value();
                            INFO("in " << in << " k " << k << " s " << s << " d " << d << " p " << p << " op " << op);
                            CHECK(t.zeros_between == s - 1);
                            CHECK(t.upsampled == (in - 1) * s + 1);
                            CHECK(t.padded == t.upsampled + t.pad_lo + t.pad_hi);
                            // A 1 x in input with distinct values, a 1 x k kernel.
                            std::vector<float> x(static_cast<size_t>(in)), w(static_cast<size_t>(k));
                            for (int i = 0; i < in; ++i) x[size_t(i)] = float(i * 7 % 5 + 1);
                            for (int i = 0; i < k; ++i) w[size_t(i)] = float(i + 2);
                            cp::ConvGeometry g;
                            g.ih = 1, g.iw = in, g.kh = 1, g.kw = k, g.sw = s, g.dw = d, g.pad_left = p;
                            g.oh = 1, g.ow = t.out;
                            std::vector<float> want(size_t(t.out));
                            cp::ConvTranspose2dReference(g, x.data(), w.data(), nullptr, want.data());
                            // Build the equivalent conv's input from `placed`, dropping cropped cells.
                            std::vector<float> padded(size_t(t.padded), 0.0f);
                            for (int i = 0; i < in; ++i)
                                if (t.placed[size_t(i)] >= 0 && t.placed[size_t(i)] < t.padded)
                                    padded[size_t(t.placed[size_t(i)])] = x[size_t(i)];
                            std::vector<float> flipped(w.rbegin(), w.rend());
                            const auto out = cp::OutputSize(t.conv);
                            REQUIRE(out.ok());
                            REQUIRE(out.value() == t.out);
                            cp::ConvGeometry c;
                            c.ih = 1, c.iw = t.padded, c.kh = 1, c.kw = k, c.dw = d, c.oh = 1, c.ow = t.out;
                            std::vector<float> got(size_t(t.out));
                            cp::Conv2dReference(c, padded.data(), flipped.data(), nullptr, got.data());
                            CHECK(got == want);
                            ++checked;
                        }
    CHECK(checked > 200);
}

// [SECTION] RECEPTIVE FIELDS

namespace {

struct Span {
    int64_t lo, hi;
};

// The stack-input coordinates output o of layer `l` depends on, by expanding
// every tap down through the layers (padding coordinates included).
Span BruteSpan(std::span<const cp::StackLayer> layers, size_t l, int64_t o) {
    const cp::StackLayer& s = layers[l];
    Span span{INT64_MAX, INT64_MIN};
    for (int t = 0; t < s.kernel; ++t) {
        const int64_t p = o * s.stride - s.pad_lo + int64_t(t) * s.dilation;
        const Span below = l == 0 ? Span{p, p} : BruteSpan(layers, l - 1, p);
        span.lo = std::min(span.lo, below.lo);
        span.hi = std::max(span.hi, below.hi);
    }
    return span;
}

}  // namespace

TEST_CASE("receptive field size, jump and start match expanding the windows by hand") {
    const std::vector<cp::StackLayer> layers = {
        {3, 1, 1, 1, 1, cp::Rounding::Floor},  // conv 3x3 same
        {2, 2, 0, 0, 1, cp::Rounding::Floor},  // max pool 2
        {3, 1, 2, 2, 2, cp::Rounding::Floor},  // dilated conv
        {3, 2, 1, 1, 1, cp::Rounding::Ceil},   // pool, ceil mode
        {1, 1, 0, 0, 1, cp::Rounding::Floor},  // 1x1 conv
    };
    const auto fields = cp::ReceptiveFieldStack(32, layers);
    REQUIRE(fields.ok());
    REQUIRE(fields.value().size() == layers.size());
    int in = 32;
    for (size_t l = 0; l < layers.size(); ++l) {
        const cp::ReceptiveField& f = fields.value()[l];
        const Span s0 = BruteSpan(layers, l, 0), s1 = BruteSpan(layers, l, 1);
        INFO("layer " << l);
        CHECK(f.start == s0.lo);
        CHECK(f.size == s0.hi - s0.lo + 1);
        CHECK(f.jump == s1.lo - s0.lo);
        CHECK(f.in == in);
        const cp::StackLayer& s = layers[l];
        CHECK(f.out == cp::OutputSize({in, s.kernel, s.stride, s.pad_lo, s.pad_hi, s.dilation}, s.rounding).value());
        CHECK(f.Center() == doctest::Approx(double(s0.lo + s0.hi) / 2.0));
        in = f.out;
    }
}

TEST_CASE("a 256-layer stack's fields are FieldOf's walk down every layer, with and without a transposed conv") {
    // ReceptiveFieldStack keeps the field affine in O(1) a layer until a
    // transposed conv; FieldOf walks every layer below. They must agree.
    for (const int transposed_at : {-1, 40, 255}) {
        std::vector<cp::StackLayer> layers;
        for (int i = 0; i < 256; ++i) {
            cp::StackLayer l{3, 1, 1, 1, 1 + i % 3, cp::Rounding::Floor};
            l.pad_lo = l.pad_hi = l.dilation;  // "same" at stride 1
            if (i % 64 == 63) l = {2, 2, 0, 0, 1, cp::Rounding::Floor};  // a pool: the jump doubles
            if (i % 50 == 7) l = {5, 1, 1, 3, 1, cp::Rounding::Floor};  // uneven padding, same size
            if (i == transposed_at) l = {4, 2, 1, 1, 1, cp::Rounding::Floor, true, 0};
            layers.push_back(l);
        }
        const auto fields = cp::ReceptiveFieldStack(1024, layers);
        REQUIRE(fields.ok());
        for (size_t i = 0; i < layers.size(); ++i) {
            INFO("transposed at " << transposed_at << ", layer " << i);
            const cp::ReceptiveField& f = fields.value()[i];
            const cp::FieldSpan s0 = cp::FieldOf(layers, i, 0);
            CHECK(f.start == s0.lo);
            int64_t most = 0, least = INT64_MAX;
            for (int64_t o = 0; o < std::min<int64_t>(f.period, f.out); ++o) {
                most = std::max(most, cp::FieldOf(layers, i, o).Size());
                least = std::min(least, cp::FieldOf(layers, i, o).Size());
            }
            CHECK(f.size == most);
            CHECK(f.size_min == least);
        }
    }
}

TEST_CASE("receptive field stack names the layer that leaves no output") {
    const std::vector<cp::StackLayer> layers = {{3, 2, 0, 0, 1, cp::Rounding::Floor},
                                                {5, 1, 0, 0, 1, cp::Rounding::Floor}};
    const auto fields = cp::ReceptiveFieldStack(7, layers);  // 7 -> 3 -> a 5-wide window does not fit
    REQUIRE(!fields.ok());
    CHECK(Contains(fields.error(), "layer 2"));
    std::vector<cp::StackLayer> deep(40, cp::StackLayer{1, 1 << 20, 0, 0, 1, cp::Rounding::Floor});
    const auto huge = cp::ReceptiveFieldStack(1, deep);  // jump would overflow int64
    REQUIRE(!huge.ok());
}

// [SECTION] REFUSALS

TEST_CASE("every invalid axis is refused with a message naming the axis and the number") {
    struct Bad {
        cp::Axis axis;
        const char* says;
    };
    const Bad bad[] = {
        {{0, 3, 1, 0, 0, 1}, "input height is 0"},       {{5, 0, 1, 0, 0, 1}, "kernel height is 0"},
        {{5, 3, 0, 0, 0, 1}, "stride height is 0"},       {{5, 3, -2, 0, 0, 1}, "stride height is -2"},
        {{5, 3, 1, 0, 0, 0}, "dilation height is 0"},     {{5, 3, 1, -1, 0, 1}, "padding height is -1"},
        {{5, 3, 1, 0, -3, 1}, "padding height is -3"},    {{5, 7, 1, 0, 1, 1}, "spans 7"},
        {{5, 3, 1, 0, 0, 3}, "spans 7"},
    };
    for (const Bad& b : bad) {
        const auto r = cp::OutputSize(b.axis, cp::Rounding::Floor, "height");
        INFO("expected: " << b.says);
        REQUIRE(!r.ok());
        CHECK(Contains(r.error(), b.says));
    }
}

TEST_CASE("hostile sizes are refused without overflow or allocation") {
    // Near INT_MAX everywhere: int arithmetic would overflow; int64 plus the bound must refuse.
    CHECK(!cp::OutputSize({INT_MAX, INT_MAX, INT_MAX, INT_MAX, INT_MAX, INT_MAX}).ok());
    CHECK(!cp::OutputSize({INT_MAX, 1, 1, 0, 0, 1}).ok());
    CHECK(!cp::OutputSize({1, 2, 1, INT_MAX, INT_MAX, 1}).ok());
    CHECK(!cp::OutputSize({1, 2, 1, 1, 0, INT_MAX}).ok());
    CHECK(!cp::TransposedOutputSize({INT_MAX, INT_MAX, INT_MAX, 0, 0, INT_MAX}).ok());
    CHECK(!cp::TransposedOutputSize({1 << 20, 3, 1 << 12, 0, 0, 1}).ok());  // output 2^32
    CHECK(!cp::SamePadding(5, INT_MAX, 1, INT_MAX).ok());
    CHECK(!cp::SamePaddingTF(5, INT_MAX, INT_MAX, INT_MAX).ok());
    CHECK(!cp::ShapeProblem({INT_MAX, INT_MAX, INT_MAX, INT_MAX}, "input").empty());
    CHECK(!cp::ShapeProblem({1 << 14, 1 << 14, 1, 1}, "input").empty());  // 2^28 elements
    CHECK(cp::ShapeProblem({1 << 13, 1 << 13, 1, 1}, "input").empty());   // exactly the limit
    CHECK(!cp::ShapeProblem({1, 0, 3, 3}, "input").empty());
    // An output larger than the limit from a small input: 8192^2 upsampled by 2 is 2^28.
    const auto t = cp::ConvTranspose2dOutputShape({1, 1, 8192, 8192}, {1, 1, 2, 2}, {{2, 2}});
    REQUIRE(!t.ok());
    CHECK(Contains(t.error(), "elements"));
    // Conv of a huge padded input with a non-zero mode: the padded copy must fit too.
    cp::Conv2dOptions o;
    o.pad = {4000, 4000, 4000, 4000};
    o.mode = cp::PaddingMode::Replicate;
    o.stride = {1000, 1000};
    CHECK(!cp::Conv2dOutputShape({4, 1, 2, 2}, {1, 1, 3, 3}, o).ok());  // 4 x 8002^2 > 2^26
    o.mode = cp::PaddingMode::Zeros;  // zeros are implicit: nothing big is allocated
    CHECK(cp::Conv2dOutputShape({4, 1, 2, 2}, {1, 1, 3, 3}, o).ok());
    // The picture helpers stay empty rather than allocate for an invalid axis.
    CHECK(cp::CoverageOf({INT_MAX, 1, 1, 0, 0, 1}, 5).reads.empty());
    CHECK(cp::Window2d({5, -1, 1, 0, 0, 1}, {5, 3, 1, 0, 0, 1}, 0, 0).empty());
    CHECK(!cp::TransposedAsConvOf({1 << 20, 3, 1 << 12, 0, 0, 1}).ok());
}
