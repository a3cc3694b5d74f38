// test_fast_kernels.cpp — the fast kernels (src/engine/fast_*.cpp) against
// definitions written here from the formulas in kernels.h, independently of
// the engine's reference kernels (and, in one case, against those too):
//   conv and transposed conv: summed in double, so the tolerance measures only
//         the fast kernel's float rounding: |fast - exact| <= 1e-6 * sqrt(K)
//         * sum|terms| + 1e-6 with K the reduction length (ConvTolerance).
//   pools: PyTorch 1.13's CPU rules (clipping, count_include_pad,
//         divisor_override incl. negative, NaN wins in max) in float, same
//         summation order: identical bits expected.
// Geometries are random but seeded (reproducible), plus sweeps that force
// every path: output widths 1..17 (all tile/tail widths), every channel-block
// remainder, strides 1..4, dilation, padding, groups and depthwise, batch > 1,
// the scalar fallback, both Winograd variants with every size remainder.
// Outputs start as NaN, so a pixel a kernel forgets to write fails.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "engine/kernels.h"
#include "engine/ops.h"

namespace {

using cp::ConvGeometry;
using cp::PoolGeometry;

// [SECTION] Conv definition, in double

struct Exact {
    double value;  // the exact-ish sum
    double mag;    // sum of |terms|, the scale of float rounding
};

std::vector<Exact> ConvExact(const ConvGeometry& g, const std::vector<float>& x, const std::vector<float>& w,
                             const float* bias) {
    const int cin_g = g.cin / g.groups, cout_g = g.cout / g.groups;
    std::vector<Exact> y(size_t(g.n) * g.cout * g.oh * g.ow);
    for (int n = 0; n < g.n; ++n)
        for (int co = 0; co < g.cout; ++co)
            for (int oy = 0; oy < g.oh; ++oy)
                for (int ox = 0; ox < g.ow; ++ox) {
                    double s = bias ? bias[co] : 0.0, mag = bias ? std::fabs(bias[co]) : 0.0;
                    const int grp = co / cout_g;
                    for (int ci = 0; ci < cin_g; ++ci)
                        for (int ky = 0; ky < g.kh; ++ky)
                            for (int kx = 0; kx < g.kw; ++kx) {
                                const int iy = oy * g.sh - g.pad_top + ky * g.dh;
                                const int ix = ox * g.sw - g.pad_left + kx * g.dw;
                                if (iy < 0 || iy >= g.ih || ix < 0 || ix >= g.iw) continue;
                                const double t =
                                    double(w[((size_t(co) * cin_g + ci) * g.kh + ky) * g.kw + kx]) *
                                    x[((size_t(n) * g.cin + grp * cin_g + ci) * g.ih + iy) * g.iw + ix];
                                s += t;
                                mag += std::fabs(t);
                            }
                    y[((size_t(n) * g.cout + co) * g.oh + oy) * g.ow + ox] = {s, mag};
                }
    return y;
}

// Float summation of K terms errs by at most ~K * 2^-24 * sum|terms| (and
// typically sqrt(K) times less); 1e-6 * sqrt(K) * sum|terms| + 1e-6 is ~16x the
// typical error and far below what any indexing mistake produces (a missing or
// wrong term changes the result by about one term, ~sum|terms|/K).
double ConvTolerance(int K, double mag) { return 1e-6 * std::sqrt(double(K)) * mag + 1e-6; }

std::string Describe(const ConvGeometry& g) {
    return "n" + std::to_string(g.n) + " cin" + std::to_string(g.cin) + " " + std::to_string(g.ih) + "x" +
           std::to_string(g.iw) + " cout" + std::to_string(g.cout) + " k" + std::to_string(g.kh) + "x" +
           std::to_string(g.kw) + " s" + std::to_string(g.sh) + "," + std::to_string(g.sw) + " d" +
           std::to_string(g.dh) + "," + std::to_string(g.dw) + " p" + std::to_string(g.pad_top) + "," +
           std::to_string(g.pad_left) + " out" + std::to_string(g.oh) + "x" + std::to_string(g.ow) + " groups" +
           std::to_string(g.groups);
}

// Output size from PyTorch's formula; false if the output would be empty.
bool Resolve(ConvGeometry& g, int pad_bottom, int pad_right) {
    const int eh = g.ih + g.pad_top + pad_bottom - g.dh * (g.kh - 1) - 1;
    const int ew = g.iw + g.pad_left + pad_right - g.dw * (g.kw - 1) - 1;
    if (eh < 0 || ew < 0) return false;
    g.oh = eh / g.sh + 1;
    g.ow = ew / g.sw + 1;
    return true;
}

// One workspace for the whole suite, as the JS module keeps one per engine:
// every case runs on buffers an earlier, differently shaped case left behind.
cp::Workspace& Shared() {
    static cp::Workspace ws;
    return ws;
}

std::vector<float> Random(std::mt19937& rng, size_t count) {
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    std::vector<float> v(count);
    for (float& f : v) f = u(rng);
    return v;
}

// Runs Conv2dFast on random data and checks every output. Returns false
// (after reporting the first mismatch) on failure.
bool CheckConv(const ConvGeometry& g, std::mt19937& rng, bool with_bias = true) {
    const int cin_g = g.cin / g.groups;
    const std::vector<float> x = Random(rng, size_t(g.n) * g.cin * g.ih * g.iw);
    const std::vector<float> w = Random(rng, size_t(g.cout) * cin_g * g.kh * g.kw);
    const std::vector<float> b = Random(rng, g.cout);
    const float* bias = with_bias ? b.data() : nullptr;
    // Fill the output with NaN so a pixel the kernel forgets to write fails.
    std::vector<float> y(size_t(g.n) * g.cout * g.oh * g.ow, std::numeric_limits<float>::quiet_NaN());
    cp::Conv2dFast(g, x.data(), w.data(), bias, y.data(), Shared());
    const std::vector<Exact> e = ConvExact(g, x, w, bias);
    const int K = cin_g * g.kh * g.kw;
    for (size_t i = 0; i < y.size(); ++i) {
        const double tol = ConvTolerance(K, e[i].mag);
        if (!(std::fabs(y[i] - e[i].value) <= tol)) {
            INFO(Describe(g), " bias=", with_bias, " at ", i, ": fast ", y[i], " exact ", e[i].value, " tol ", tol);
            CHECK(false);
            return false;
        }
    }
    return true;
}

ConvGeometry Conv(int n, int cin, int ih, int iw, int cout, int kh, int kw, int s, int p, int d = 1, int groups = 1) {
    ConvGeometry g;
    g.n = n, g.cin = cin, g.ih = ih, g.iw = iw, g.cout = cout, g.kh = kh, g.kw = kw;
    g.sh = g.sw = s, g.dh = g.dw = d, g.pad_top = g.pad_left = p, g.groups = groups;
    REQUIRE(Resolve(g, p, p));
    return g;
}

}  // namespace

TEST_CASE("Conv2dFast: every output width 1..17 hits every tile and tail path") {
    std::mt19937 rng(1);
    // cout 1..9 covers channel blocks of 4, 3, 2 and 1 (and 4+remainders).
    for (int ow = 1; ow <= 17; ++ow)
        for (int cout : {1, 2, 3, 4, 5, 6, 7, 8, 9}) {
            CHECK(CheckConv(Conv(1, 2, 3, ow, cout, 3, 3, 1, 1), rng));  // padded (packed input)
            if (ow >= 3) CHECK(CheckConv(Conv(1, 2, 4, ow + 2, cout, 3, 3, 1, 0), rng));  // direct (no packing)
        }
}

TEST_CASE("Conv2dFast: benchmark shapes, reduced in size where the check would be slow") {
    std::mt19937 rng(2);
    CHECK(CheckConv(Conv(1, 1, 5, 5, 1, 3, 3, 1, 1), rng));
    CHECK(CheckConv(Conv(1, 1, 28, 28, 8, 3, 3, 1, 1), rng));
    CHECK(CheckConv(Conv(1, 3, 32, 32, 8, 5, 5, 2, 2), rng));
    CHECK(CheckConv(Conv(1, 3, 64, 64, 16, 3, 3, 1, 1), rng));
    CHECK(CheckConv(Conv(1, 8, 64, 64, 8, 3, 3, 1, 2, 2), rng));
    CHECK(CheckConv(Conv(1, 16, 32, 40, 32, 3, 3, 1, 1), rng));
    CHECK(CheckConv(Conv(1, 64, 14, 14, 64, 3, 3, 1, 1), rng));
    CHECK(CheckConv(Conv(1, 64, 14, 14, 64, 1, 1, 1, 0), rng));
    CHECK(CheckConv(Conv(1, 32, 28, 28, 32, 3, 3, 1, 1, 1, 32), rng));  // depthwise
    CHECK(CheckConv(Conv(1, 3, 56, 56, 32, 3, 3, 2, 1), rng));
    CHECK(CheckConv(Conv(1, 3, 64, 64, 16, 5, 5, 1, 2), rng));
}

TEST_CASE("Conv2dFast: strides, dilations, kernels bigger than stride, asymmetric everything") {
    std::mt19937 rng(3);
    for (int s = 1; s <= 4; ++s)
        for (int d = 1; d <= 3; ++d)
            for (int k : {1, 2, 3, 4, 5}) {
                ConvGeometry g = Conv(1, 2, 13, 19, 5, k, k, s, 0, d);
                g.pad_top = k / 2;
                g.pad_left = (k + 1) / 2;
                if (Resolve(g, (k - 1) / 2, k / 2 + 1)) CHECK(CheckConv(g, rng));
            }
    // Different strides/dilations/kernels per axis.
    ConvGeometry g = Conv(2, 3, 11, 17, 6, 2, 5, 1, 0);
    g.sh = 3, g.sw = 2, g.dh = 2, g.dw = 1, g.pad_top = 1, g.pad_left = 2;
    REQUIRE(Resolve(g, 0, 3));
    CHECK(CheckConv(g, rng));
    g.sh = 1, g.sw = 3, g.dh = 1, g.dw = 3, g.pad_top = 0, g.pad_left = 0;
    REQUIRE(Resolve(g, 2, 0));
    CHECK(CheckConv(g, rng));
}

TEST_CASE("Conv2dFast: tiny inputs, batches, groups, no bias") {
    std::mt19937 rng(4);
    CHECK(CheckConv(Conv(1, 1, 1, 1, 1, 1, 1, 1, 0), rng));
    CHECK(CheckConv(Conv(1, 1, 1, 1, 3, 3, 3, 1, 1), rng));   // 1x1 input, all taps but one in padding
    CHECK(CheckConv(Conv(3, 4, 1, 1, 4, 1, 1, 1, 0), rng));   // batch of 1x1 images
    CHECK(CheckConv(Conv(1, 2, 2, 2, 2, 5, 5, 1, 2), rng));   // kernel bigger than input
    CHECK(CheckConv(Conv(3, 6, 9, 10, 9, 3, 3, 2, 1, 1, 3), rng));
    CHECK(CheckConv(Conv(2, 8, 12, 13, 16, 3, 3, 1, 1, 1, 8), rng));  // depthwise, multiplier 2
    CHECK(CheckConv(Conv(2, 8, 12, 13, 8, 3, 3, 2, 1, 1, 8), rng));   // depthwise, stride 2
    CHECK(CheckConv(Conv(1, 6, 7, 21, 10, 3, 3, 1, 1, 1, 2), rng, false));
    CHECK(CheckConv(Conv(1, 3, 7, 7, 4, 7, 7, 1, 0), rng, false));     // output 1x1
}

TEST_CASE("Conv2dFast: pathological padding and dilation (scalar fallback) stay correct") {
    std::mt19937 rng(5);
    // The padded plane would be ~2600^2 floats: Conv2dFast must not pack it.
    ConvGeometry g = Conv(1, 1, 2, 2, 2, 2, 2, 1, 1300, 2600);
    CHECK((g.oh == 2 && g.ow == 2));
    CHECK(CheckConv(g, rng));
}

TEST_CASE("Conv2dFast: 300 random geometries") {
    std::mt19937 rng(6);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    int checked = 0;
    while (checked < 300) {
        ConvGeometry g;
        g.groups = pick(0, 3) == 0 ? pick(2, 4) : 1;
        g.cin = g.groups * pick(1, 5);
        g.cout = g.groups * pick(1, 9);
        g.n = pick(1, 2);
        g.ih = pick(1, 16), g.iw = pick(1, 23);
        g.kh = pick(1, 5), g.kw = pick(1, 5);
        g.sh = pick(1, 3), g.sw = pick(1, 3);
        g.dh = pick(1, 3), g.dw = pick(1, 3);
        g.pad_top = pick(0, 3), g.pad_left = pick(0, 3);
        if (!Resolve(g, pick(0, 3), pick(0, 3))) continue;
        CHECK(CheckConv(g, rng, pick(0, 4) != 0));
        ++checked;
    }
}

// [SECTION] Pools

namespace {

// PyTorch 1.13 output size (ceil_mode drops a last window that starts in the
// right padding).
int PoolOut(int in, int k, int s, int p, int d, bool ceil_mode) {
    const int span = in + 2 * p - d * (k - 1) - 1;
    int out = (ceil_mode ? (span + s - 1) / s : span / s) + 1;
    if (ceil_mode && (out - 1) * s >= in + p) --out;
    return out;
}

float MaxDef(const PoolGeometry& g, const float* plane, int oy, int ox) {
    float m = -std::numeric_limits<float>::infinity();
    for (int ky = 0; ky < g.kh; ++ky)
        for (int kx = 0; kx < g.kw; ++kx) {
            const int iy = oy * g.sh - g.pad_h + ky * g.dh, ix = ox * g.sw - g.pad_w + kx * g.dw;
            if (iy < 0 || iy >= g.ih || ix < 0 || ix >= g.iw) continue;
            const float v = plane[iy * g.iw + ix];
            if (v > m || std::isnan(v)) m = v;
        }
    return m;
}

float AvgDef(const PoolGeometry& g, const float* plane, int oy, int ox) {
    int hs = oy * g.sh - g.pad_h, ws = ox * g.sw - g.pad_w;
    int he = std::min(hs + g.kh, g.ih + g.pad_h), we = std::min(ws + g.kw, g.iw + g.pad_w);
    const int pool_size = (he - hs) * (we - ws);
    hs = std::max(hs, 0), ws = std::max(ws, 0), he = std::min(he, g.ih), we = std::min(we, g.iw);
    if (hs >= he || ws >= we) return 0.0f;
    float s = 0.0f;
    for (int iy = hs; iy < he; ++iy)
        for (int ix = ws; ix < we; ++ix) s += plane[iy * g.iw + ix];
    const int div = g.divisor_override ? g.divisor_override : g.count_include_pad ? pool_size : (he - hs) * (we - ws);
    return s / float(div);
}

bool SameFloat(float a, float b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

bool CheckPool(const PoolGeometry& g, const std::vector<float>& x, bool max) {
    std::vector<float> y(size_t(g.n) * g.c * g.oh * g.ow, -12345.0f);
    if (max) cp::MaxPool2dFast(g, x.data(), y.data());
    else cp::AvgPool2dFast(g, x.data(), y.data());
    for (int pc = 0; pc < g.n * g.c; ++pc)
        for (int oy = 0; oy < g.oh; ++oy)
            for (int ox = 0; ox < g.ow; ++ox) {
                const float* plane = x.data() + size_t(pc) * g.ih * g.iw;
                const float want = max ? MaxDef(g, plane, oy, ox) : AvgDef(g, plane, oy, ox);
                const float got = y[(size_t(pc) * g.oh + oy) * g.ow + ox];
                // Same summation order as the definition: identical bits expected.
                if (!SameFloat(got, want)) {
                    INFO((max ? "max" : "avg"), " k", g.kh, "x", g.kw, " s", g.sh, ",", g.sw, " p", g.pad_h, ",",
                         g.pad_w, " d", g.dh, ",", g.dw, " in ", g.ih, "x", g.iw, " out ", g.oh, "x", g.ow,
                         " at plane ", pc, " (", oy, ",", ox, "): got ", got, " want ", want);
                    CHECK(false);
                    return false;
                }
            }
    return true;
}

}  // namespace

TEST_CASE("Max/AvgPool2dFast: random geometries against PyTorch's rules") {
    std::mt19937 rng(7);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    int checked = 0;
    while (checked < 400) {
        PoolGeometry g;
        const bool max = checked % 2 == 0;
        g.n = pick(1, 2), g.c = pick(1, 3), g.ih = pick(1, 14), g.iw = pick(1, 25);
        g.kh = pick(1, 4), g.kw = pick(1, 4);
        g.sh = pick(1, 3), g.sw = pick(1, 3);
        if (max) g.dh = pick(1, 2), g.dw = pick(1, 2);
        g.pad_h = pick(0, g.kh / 2), g.pad_w = pick(0, g.kw / 2);
        const bool ceil_mode = pick(0, 1);
        g.count_include_pad = pick(0, 1);
        g.divisor_override = pick(0, 3) == 0 ? pick(1, 7) * (pick(0, 1) ? 1 : -1) : 0;  // PyTorch allows < 0
        if (g.ih + 2 * g.pad_h < g.dh * (g.kh - 1) + 1 || g.iw + 2 * g.pad_w < g.dw * (g.kw - 1) + 1) continue;
        g.oh = PoolOut(g.ih, g.kh, g.sh, g.pad_h, g.dh, ceil_mode);
        g.ow = PoolOut(g.iw, g.kw, g.sw, g.pad_w, g.dw, ceil_mode);
        CHECK(CheckPool(g, Random(rng, size_t(g.n) * g.c * g.ih * g.iw), max));
        ++checked;
    }
}

TEST_CASE("Max/AvgPool2dFast: wide rows through the vector paths (stride 1 and 2), every width") {
    std::mt19937 rng(8);
    for (int iw = 1; iw <= 40; ++iw)
        for (int s : {1, 2})
            for (int k : {1, 2, 3})
                for (int p = 0; p <= k / 2; ++p)
                    for (bool max : {true, false}) {
                        PoolGeometry g;
                        g.n = 1, g.c = 2, g.ih = 5, g.iw = iw, g.kh = g.kw = k, g.sh = g.sw = s;
                        g.pad_h = g.pad_w = p;
                        g.count_include_pad = iw % 2 == 0;
                        if (iw + 2 * p < k) continue;
                        g.oh = PoolOut(g.ih, k, s, p, 1, false);
                        g.ow = PoolOut(g.iw, k, s, p, 1, false);
                        CHECK(CheckPool(g, Random(rng, size_t(g.c) * g.ih * g.iw), max));
                    }
}

TEST_CASE("Max/AvgPool2dFast: strides 3..9 (shuffled and gathered vector loads) in every mode") {
    std::mt19937 rng(14);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    int checked = 0;
    while (checked < 600) {
        PoolGeometry g;
        const bool max = checked % 2 == 0;
        g.n = pick(1, 2), g.c = pick(1, 3), g.ih = pick(1, 20), g.iw = pick(1, 130);
        g.kh = pick(1, 9), g.kw = pick(1, 9);
        g.sh = pick(1, 9), g.sw = pick(3, 9);
        if (pick(0, 3) == 0) g.sw = g.kw;  // the usual non-overlapping windows, stride > kernel otherwise often
        if (max) g.dh = pick(1, 3), g.dw = pick(1, 3);
        g.pad_h = pick(0, g.kh / 2), g.pad_w = pick(0, g.kw / 2);
        const bool ceil_mode = pick(0, 1);
        g.count_include_pad = pick(0, 1);
        g.divisor_override = pick(0, 3) == 0 ? pick(1, 9) * (pick(0, 1) ? 1 : -1) : 0;
        if (g.ih + 2 * g.pad_h < g.dh * (g.kh - 1) + 1 || g.iw + 2 * g.pad_w < g.dw * (g.kw - 1) + 1) continue;
        g.oh = PoolOut(g.ih, g.kh, g.sh, g.pad_h, g.dh, ceil_mode);
        g.ow = PoolOut(g.iw, g.kw, g.sw, g.pad_w, g.dw, ceil_mode);
        std::vector<float> x = Random(rng, size_t(g.n) * g.c * g.ih * g.iw);
        if (max && pick(0, 4) == 0) x[size_t(pick(0, int(x.size()) - 1))] = std::numeric_limits<float>::quiet_NaN();
        CHECK(CheckPool(g, x, max));
        // And the engine's reference: max exactly, avg to float rounding (the reference sums in double).
        std::vector<float> fast(size_t(g.n) * g.c * g.oh * g.ow), ref(fast.size());
        (max ? cp::MaxPool2dFast : cp::AvgPool2dFast)(g, x.data(), fast.data());
        (max ? cp::MaxPool2dReference : cp::AvgPool2dReference)(g, x.data(), ref.data());
        for (size_t j = 0; j < fast.size(); ++j) {
            const bool same = max ? SameFloat(fast[j], ref[j]) : std::fabs(fast[j] - ref[j]) <= 1e-5f;
            if (!same) {
                INFO((max ? "max" : "avg"), " k", g.kh, "x", g.kw, " s", g.sh, ",", g.sw, " at ", j, ": fast ", fast[j],
                     " reference ", ref[j]);
                CHECK(false);
                break;
            }
        }
        ++checked;
    }
    // Every row width past the vector threshold, for each stride with its own load.
    for (int sw = 3; sw <= 6; ++sw)
        for (int iw = 1; iw <= 3 * 4 * sw + 9; ++iw)
            for (int k : {1, 2, 3, sw})
                for (bool max : {true, false}) {
                    PoolGeometry g;
                    g.c = 2, g.ih = 4, g.iw = iw, g.kh = g.kw = k, g.sh = 2, g.sw = sw, g.pad_w = k / 2;
                    g.count_include_pad = iw % 2 == 0;
                    if (iw + 2 * g.pad_w < k) continue;
                    g.oh = PoolOut(g.ih, k, 2, 0, 1, false);
                    g.ow = PoolOut(g.iw, k, sw, g.pad_w, 1, iw % 3 == 0);
                    CHECK(CheckPool(g, Random(rng, size_t(g.c) * g.ih * g.iw), max));
                }
}

TEST_CASE("MaxPool2dFast: a NaN in the window wins, in vector and scalar columns") {
    PoolGeometry g;
    g.ih = 3, g.iw = 20, g.kh = g.kw = 3, g.sh = g.sw = 1, g.pad_h = g.pad_w = 1, g.oh = 3, g.ow = 20;
    std::vector<float> x(size_t(g.ih) * g.iw, 1.0f);
    x[1 * g.iw + 0] = std::numeric_limits<float>::quiet_NaN();   // border column
    x[1 * g.iw + 10] = std::numeric_limits<float>::quiet_NaN();  // interior column
    x[2 * g.iw + 15] = 7.0f;
    std::vector<float> y(size_t(g.oh) * g.ow);
    cp::MaxPool2dFast(g, x.data(), y.data());
    for (int oy = 0; oy < 3; ++oy) {
        CHECK(std::isnan(y[oy * 20 + 0]));
        CHECK(std::isnan(y[oy * 20 + 1]));
        CHECK(y[oy * 20 + 2] == 1.0f);
        for (int ox = 9; ox <= 11; ++ox) CHECK(std::isnan(y[oy * 20 + ox]));
        CHECK(y[oy * 20 + 12] == 1.0f);
        CHECK(y[oy * 20 + 15] == (oy >= 1 ? 7.0f : 1.0f));
    }
}

// [SECTION] Fast against the engine's own reference kernels

TEST_CASE("Fast kernels agree with the *Reference kernels on random geometries") {
    std::mt19937 rng(9);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    for (int i = 0; i < 150; ++i) {
        ConvGeometry g;
        g.groups = pick(0, 2) == 0 ? pick(2, 3) : 1;
        g.cin = g.groups * pick(1, 4), g.cout = g.groups * pick(1, 9), g.n = pick(1, 2);
        g.ih = pick(1, 12), g.iw = pick(1, 21), g.kh = pick(1, 4), g.kw = pick(1, 4);
        g.sh = pick(1, 3), g.sw = pick(1, 3), g.dh = pick(1, 2), g.dw = pick(1, 2);
        g.pad_top = pick(0, 2), g.pad_left = pick(0, 2);
        if (!Resolve(g, pick(0, 2), pick(0, 2))) continue;
        const int K = g.cin / g.groups * g.kh * g.kw;
        const std::vector<float> x = Random(rng, size_t(g.n) * g.cin * g.ih * g.iw);
        const std::vector<float> w = Random(rng, size_t(g.cout) * K);
        const std::vector<float> b = Random(rng, g.cout);
        std::vector<float> fast(size_t(g.n) * g.cout * g.oh * g.ow), ref(fast.size());
        cp::Conv2dFast(g, x.data(), w.data(), b.data(), fast.data(), Shared());
        cp::Conv2dReference(g, x.data(), w.data(), b.data(), ref.data());
        // Inputs in [-1, 1]: sum|terms| <= K + 1.
        for (size_t j = 0; j < fast.size(); ++j) REQUIRE(std::fabs(fast[j] - ref[j]) <= ConvTolerance(K, K + 1.0));
    }
    for (int i = 0; i < 150; ++i) {
        PoolGeometry g;
        g.n = pick(1, 2), g.c = pick(1, 3), g.ih = pick(1, 12), g.iw = pick(1, 23);
        g.kh = pick(1, 3), g.kw = pick(1, 3), g.sh = pick(1, 3), g.sw = pick(1, 2);
        g.pad_h = pick(0, g.kh / 2), g.pad_w = pick(0, g.kw / 2);
        g.count_include_pad = pick(0, 1);
        const bool ceil_mode = pick(0, 1);
        if (g.ih + 2 * g.pad_h < g.kh || g.iw + 2 * g.pad_w < g.kw) continue;
        g.oh = PoolOut(g.ih, g.kh, g.sh, g.pad_h, 1, ceil_mode);
        g.ow = PoolOut(g.iw, g.kw, g.sw, g.pad_w, 1, ceil_mode);
        const std::vector<float> x = Random(rng, size_t(g.n) * g.c * g.ih * g.iw);
        std::vector<float> fast(size_t(g.n) * g.c * g.oh * g.ow), ref(fast.size());
        cp::MaxPool2dFast(g, x.data(), fast.data());
        cp::MaxPool2dReference(g, x.data(), ref.data());
        CHECK(fast == ref);  // max picks an input value: exact
        cp::AvgPool2dFast(g, x.data(), fast.data());
        cp::AvgPool2dReference(g, x.data(), ref.data());
        // The reference sums in double, the fast path in float (<= 9 terms of |x| <= 1).
        for (size_t j = 0; j < fast.size(); ++j) REQUIRE(std::fabs(fast[j] - ref[j]) <= 1e-6f);
    }
}

// [SECTION] Transposed conv

namespace {

// kernels.h's definition, scattered: input pixel (iy, ix) through tap (ky, kx)
// lands on output (iy*sh - pad_top + ky*dh, ix*sw - pad_left + kx*dw).
std::vector<Exact> ConvTransposeExact(const ConvGeometry& g, const std::vector<float>& x,
                                      const std::vector<float>& w, const float* bias) {
    const int cin_g = g.cin / g.groups, cout_g = g.cout / g.groups;
    std::vector<Exact> y(size_t(g.n) * g.cout * g.oh * g.ow);
    for (int n = 0; n < g.n; ++n)
        for (int co = 0; co < g.cout; ++co)
            for (size_t i = 0; i < size_t(g.oh) * g.ow; ++i) {
                const float b = bias ? bias[co] : 0.0f;
                y[(size_t(n) * g.cout + co) * g.oh * g.ow + i] = {b, std::fabs(b)};
            }
    for (int n = 0; n < g.n; ++n)
        for (int ci = 0; ci < g.cin; ++ci) {
            const int grp = ci / cin_g;
            for (int col = 0; col < cout_g; ++col)
                for (int iy = 0; iy < g.ih; ++iy)
                    for (int ix = 0; ix < g.iw; ++ix)
                        for (int ky = 0; ky < g.kh; ++ky)
                            for (int kx = 0; kx < g.kw; ++kx) {
                                const int oy = iy * g.sh - g.pad_top + ky * g.dh;
                                const int ox = ix * g.sw - g.pad_left + kx * g.dw;
                                if (oy < 0 || oy >= g.oh || ox < 0 || ox >= g.ow) continue;
                                const double t = double(w[((size_t(ci) * cout_g + col) * g.kh + ky) * g.kw + kx]) *
                                                 x[((size_t(n) * g.cin + ci) * g.ih + iy) * g.iw + ix];
                                Exact& e = y[((size_t(n) * g.cout + grp * cout_g + col) * g.oh + oy) * g.ow + ox];
                                e.value += t;
                                e.mag += std::fabs(t);
                            }
        }
    return y;
}

}  // namespace

TEST_CASE("ConvTranspose2dFast: random geometries against the definition and the reference") {
    std::mt19937 rng(10);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    int checked = 0;
    while (checked < 200) {
        ConvGeometry g;
        g.groups = pick(0, 2) == 0 ? pick(2, 3) : 1;
        g.cin = g.groups * pick(1, 4), g.cout = g.groups * pick(1, 6), g.n = pick(1, 2);
        g.ih = pick(1, 9), g.iw = pick(1, 13), g.kh = pick(1, 4), g.kw = pick(1, 4);
        g.sh = pick(1, 3), g.sw = pick(1, 3), g.dh = pick(1, 2), g.dw = pick(1, 2);
        g.pad_top = pick(0, 3), g.pad_left = pick(0, 3);
        // PyTorch: out = (in-1)*stride - 2*pad + dilation*(k-1) + output_padding + 1,
        // output_padding < max(stride, dilation).
        g.oh = (g.ih - 1) * g.sh - 2 * g.pad_top + g.dh * (g.kh - 1) + pick(0, std::max(g.sh, g.dh) - 1) + 1;
        g.ow = (g.iw - 1) * g.sw - 2 * g.pad_left + g.dw * (g.kw - 1) + pick(0, std::max(g.sw, g.dw) - 1) + 1;
        if (g.oh < 1 || g.ow < 1) continue;
        const int cout_g = g.cout / g.groups;
        const std::vector<float> x = Random(rng, size_t(g.n) * g.cin * g.ih * g.iw);
        const std::vector<float> w = Random(rng, size_t(g.cin) * cout_g * g.kh * g.kw);
        const std::vector<float> b = Random(rng, g.cout);
        const float* bias = pick(0, 3) ? b.data() : nullptr;
        std::vector<float> fast(size_t(g.n) * g.cout * g.oh * g.ow, std::numeric_limits<float>::quiet_NaN());
        std::vector<float> ref(fast.size());
        cp::ConvTranspose2dFast(g, x.data(), w.data(), bias, fast.data(), Shared());
        cp::ConvTranspose2dReference(g, x.data(), w.data(), bias, ref.data());
        const std::vector<Exact> e = ConvTransposeExact(g, x, w, bias);
        // Terms per output: at most Cin/groups * KH * KW.
        const int K = g.cin / g.groups * g.kh * g.kw;
        for (size_t i = 0; i < fast.size(); ++i) {
            const double tol = ConvTolerance(K, e[i].mag);
            if (!(std::fabs(fast[i] - e[i].value) <= tol) || !(std::fabs(fast[i] - ref[i]) <= ConvTolerance(K, K + 1.0))) {
                INFO(Describe(g), " at ", i, ": fast ", fast[i], " exact ", e[i].value, " reference ", ref[i]);
                CHECK(false);
                break;
            }
        }
        ++checked;
    }
}

namespace {

// ConvTranspose2dFast on random data against the scattered definition and the
// reference; the output starts as NaN so a phase that is never written fails.
bool CheckConvTranspose(const ConvGeometry& g, std::mt19937& rng, bool with_bias) {
    const int cout_g = g.cout / g.groups;
    const std::vector<float> x = Random(rng, size_t(g.n) * g.cin * g.ih * g.iw);
    const std::vector<float> w = Random(rng, size_t(g.cin) * cout_g * g.kh * g.kw);
    const std::vector<float> b = Random(rng, g.cout);
    const float* bias = with_bias ? b.data() : nullptr;
    std::vector<float> fast(size_t(g.n) * g.cout * g.oh * g.ow, std::numeric_limits<float>::quiet_NaN());
    std::vector<float> ref(fast.size());
    cp::ConvTranspose2dFast(g, x.data(), w.data(), bias, fast.data(), Shared());
    cp::ConvTranspose2dReference(g, x.data(), w.data(), bias, ref.data());
    const std::vector<Exact> e = ConvTransposeExact(g, x, w, bias);
    const int K = g.cin / g.groups * g.kh * g.kw;
    for (size_t i = 0; i < fast.size(); ++i) {
        const double tol = ConvTolerance(K, e[i].mag);
        if (!(std::fabs(fast[i] - e[i].value) <= tol) || !(std::fabs(fast[i] - ref[i]) <= ConvTolerance(K, K + 1.0))) {
            INFO(Describe(g), " bias=", with_bias, " at ", i, ": fast ", fast[i], " exact ", e[i].value, " reference ",
                 ref[i]);
            CHECK(false);
            return false;
        }
    }
    return true;
}

// PyTorch's output size for one axis; < 1 when there is none.
int TransposedOut(int in, int k, int s, int p, int d, int output_padding) {
    return (in - 1) * s - 2 * p + d * (k - 1) + output_padding + 1;
}

}  // namespace

TEST_CASE("ConvTranspose2dFast: stride phases, including ones no tap reaches, cropping and wide rows") {
    std::mt19937 rng(12);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    int checked = 0;
    // Random: strides up to 5 (above the kernel too: phases with no taps are the
    // bias), dilations sharing a factor with the stride, padding beyond the
    // kernel's reach (negative phase padding: cropped), asymmetric everything.
    while (checked < 400) {
        ConvGeometry g;
        g.groups = pick(0, 2) == 0 ? pick(2, 3) : 1;
        g.cin = g.groups * pick(1, 3), g.cout = g.groups * pick(1, 5), g.n = pick(1, 2);
        g.ih = pick(1, 9), g.iw = pick(1, 24), g.kh = pick(1, 7), g.kw = pick(1, 7);
        g.sh = pick(1, 5), g.sw = pick(1, 5), g.dh = pick(1, 4), g.dw = pick(1, 4);
        g.pad_top = pick(0, 6), g.pad_left = pick(0, 6);
        g.oh = TransposedOut(g.ih, g.kh, g.sh, g.pad_top, g.dh, pick(0, std::max(g.sh, g.dh) - 1));
        g.ow = TransposedOut(g.iw, g.kw, g.sw, g.pad_left, g.dw, pick(0, std::max(g.sw, g.dw) - 1));
        if (g.oh < 1 || g.ow < 1) continue;
        CHECK(CheckConvTranspose(g, rng, pick(0, 3) != 0));
        ++checked;
    }
    // Fixed edge cases: image mode's upsamplings, 1xN and Nx1, a 1x1 input,
    // stride > kernel, output_padding, depthwise, crop to a single pixel.
    struct Case {
        int cin, cout, groups, ih, iw, kh, kw, sh, sw, ph, pw, dh, dw, oph, opw;
    } cases[] = {
        {3, 3, 3, 20, 37, 4, 4, 2, 2, 1, 1, 1, 1, 0, 0},  {3, 3, 1, 20, 37, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1},
        {3, 3, 3, 11, 19, 7, 7, 3, 3, 2, 2, 1, 1, 0, 2},  {3, 3, 3, 9, 13, 8, 8, 4, 4, 2, 2, 1, 1, 3, 0},
        {3, 1, 1, 1, 40, 1, 7, 1, 2, 0, 3, 1, 1, 0, 1},   {3, 2, 1, 40, 1, 7, 1, 3, 1, 3, 0, 1, 1, 2, 0},
        {2, 4, 2, 1, 1, 3, 3, 2, 2, 0, 0, 1, 1, 1, 1},    {1, 1, 1, 6, 6, 2, 2, 5, 5, 0, 0, 1, 1, 4, 4},
        {1, 2, 1, 5, 7, 3, 3, 2, 2, 3, 3, 1, 1, 0, 0},    {3, 3, 3, 8, 8, 3, 3, 2, 3, 1, 1, 2, 3, 1, 2},
        {3, 6, 3, 17, 23, 5, 5, 1, 1, 2, 2, 2, 2, 1, 0},  {1, 1, 1, 4, 4, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0},
    };
    for (const Case& c : cases) {
        ConvGeometry g;
        g.cin = c.cin, g.cout = c.cout, g.groups = c.groups, g.ih = c.ih, g.iw = c.iw, g.kh = c.kh, g.kw = c.kw;
        g.sh = c.sh, g.sw = c.sw, g.pad_top = c.ph, g.pad_left = c.pw, g.dh = c.dh, g.dw = c.dw;
        g.oh = TransposedOut(g.ih, g.kh, g.sh, g.pad_top, g.dh, c.oph);
        g.ow = TransposedOut(g.iw, g.kw, g.sw, g.pad_left, g.dw, c.opw);
        REQUIRE(g.oh >= 1);
        REQUIRE(g.ow >= 1);
        CHECK(CheckConvTranspose(g, rng, true));
        CHECK(CheckConvTranspose(g, rng, false));
    }
}

TEST_CASE("ConvTranspose2dFast: out of memory falls back to the reference, same values") {
    std::mt19937 rng(13);
    ConvGeometry g;
    g.cin = 3, g.cout = 3, g.groups = 3, g.ih = 9, g.iw = 14, g.kh = g.kw = 4, g.sh = g.sw = 2;
    g.pad_top = g.pad_left = 1;
    g.oh = TransposedOut(g.ih, 4, 2, 1, 1, 0), g.ow = TransposedOut(g.iw, 4, 2, 1, 1, 1);
    cp::Workspace small;
    small.SetLimitBytes(64);  // the phase scratch cannot be had
    const std::vector<float> x = Random(rng, size_t(g.cin) * g.ih * g.iw), w = Random(rng, size_t(g.cin) * 16);
    std::vector<float> fast(size_t(g.cout) * g.oh * g.ow, std::numeric_limits<float>::quiet_NaN()), ref(fast.size());
    cp::ConvTranspose2dFast(g, x.data(), w.data(), nullptr, fast.data(), small);
    cp::ConvTranspose2dReference(g, x.data(), w.data(), nullptr, ref.data());
    CHECK(fast == ref);
}

// [SECTION] Winograd (3x3, stride 1, Cin and Cout >= 8, Cin * Cout >= 144; F(4x4) for Cin <= 16)

TEST_CASE("Conv2dFast: 3x3 stride-1 convs with many channels (Winograd path), every output size parity") {
    std::mt19937 rng(11);
    for (int oh : {2, 3, 4, 5, 8, 9}) {
        for (int ow = 2; ow <= 19; ++ow) {
            const int cin = 12 + (ow % 3) * 3, cout = 12 + ow % 5;  // channel-block remainders 0..3
            const int pad = ow % 3, pad_extra = oh % 2;          // padding 0..2, asymmetric too
            ConvGeometry g;
            g.n = ow % 4 == 0 ? 2 : 1, g.cin = cin, g.cout = cout, g.kh = g.kw = 3;
            g.pad_top = g.pad_left = pad;
            g.ih = oh + 2 - pad - (pad + pad_extra), g.iw = ow + 2 - 2 * pad;
            if (g.ih < 1 || g.iw < 1) continue;
            REQUIRE(Resolve(g, pad + pad_extra, pad));
            REQUIRE(g.oh == oh);
            CHECK(CheckConv(g, rng, ow % 2 == 0));
        }
    }
    CHECK(CheckConv(Conv(1, 64, 20, 21, 64, 3, 3, 1, 1), rng));
    // F(4x4) tiles (Cin <= 16, Cin*Cout >= 256, >= 400 outputs): every row/column remainder mod 4.
    for (int oh = 20; oh <= 23; ++oh)
        for (int ow = 20; ow <= 27; ++ow) {
            ConvGeometry g = Conv(oh == 21 ? 2 : 1, 16, oh, ow, 16 + ow % 4, 3, 3, 1, 1);
            CHECK(CheckConv(g, rng, ow % 3 != 0));
        }
    CHECK(CheckConv(Conv(1, 16, 64, 64, 32, 3, 3, 1, 0), rng));
    CHECK(CheckConv(Conv(1, 12, 2, 2, 12, 3, 3, 1, 1), rng));  // one tile
    CHECK(CheckConv(Conv(1, 8, 9, 11, 32, 3, 3, 1, 1), rng));   // Cin at the threshold
}

TEST_CASE("FiniteRangeOf: the finite extremes of every length, with NaN and infinities anywhere") {
    std::mt19937 rng(20261206);
    std::uniform_real_distribution<float> value(-50.0f, 50.0f);
    constexpr float kInf = std::numeric_limits<float>::infinity(), kNaN = std::numeric_limits<float>::quiet_NaN();
    for (int n = 0; n <= 41; ++n)
        for (int trial = 0; trial < 20; ++trial) {
            std::vector<float> xs(static_cast<size_t>(n), 0.0f);
            for (float& x : xs) {
                const int pick = int(rng() % 10);
                x = pick == 0 ? kNaN : pick == 1 ? (rng() % 2 ? kInf : -kInf) : value(rng);
            }
            float lo = kInf, hi = -kInf;
            for (const float x : xs)
                if (std::isfinite(x)) lo = std::min(lo, x), hi = std::max(hi, x);
            const cp::FiniteRange r = cp::FiniteRangeOf(xs);
            INFO("n " << n << " trial " << trial);
            if (lo > hi) {
                CHECK(r.lo > r.hi);  // nothing finite
            } else {
                CHECK(r.lo == lo);
                CHECK(r.hi == hi);
            }
        }
    const std::vector<float> one{kNaN, 3.5f, kInf, -kInf, kNaN};
    CHECK(cp::FiniteRangeOf(one).lo == 3.5f);
    CHECK(cp::FiniteRangeOf(one).hi == 3.5f);
}
