// test_workspace.cpp — the kernels' scratch lives in the caller's Workspace:
// reused across calls (a warm workspace means no allocation at all, the
// stride-2/4 packing and strides above 8 included), released above
// kKeepBytes, and every buffer that cannot be had (SetLimitBytes) sends the
// kernel down a path that needs none, with the same values.
//
// Index
//   [SECTION] HELPERS      counting operator new, random data, a geometry
//   [SECTION] REUSE        repeated calls on one workspace, no allocation when warm
//   [SECTION] FALLBACKS    the limit hook reaches every no-scratch path
//   [SECTION] HOLDING      what stays between calls
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <random>
#include <string>
#include <vector>

#include "engine/fast_tiles.h"
#include "engine/kernels.h"
#include "engine/ops.h"
#include "engine/workspace.h"

// [SECTION] HELPERS
// Every allocation through operator new is counted while g_counting is set:
// the kernels must make none on a warm workspace. Every form of new and
// delete is replaced, as a set: a sanitizer provides its own for any form
// left out, and memory from its new must not reach our free (std::stable_sort's
// temporary buffer comes from the nothrow form).
namespace {
bool g_counting = false;
int64_t g_allocations = 0;
}  // namespace

void* operator new(std::size_t size) {
    if (g_counting) ++g_allocations;
    if (void* p = std::malloc(size ? size : 1)) return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    if (g_counting) ++g_allocations;
    return std::malloc(size ? size : 1);
}
void* operator new[](std::size_t size) { return operator new(size); }
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return operator new(size, tag); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace {

using cp::ConvGeometry;

std::vector<float> Random(std::mt19937& rng, size_t count) {
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    std::vector<float> v(count);
    for (float& f : v) f = u(rng);
    return v;
}

// Symmetric padding p, square kernel k, stride s.
ConvGeometry Geometry(int cin, int hw, int cout, int k, int s, int p) {
    ConvGeometry g;
    g.cin = cin, g.ih = g.iw = hw, g.cout = cout, g.kh = g.kw = k, g.sh = g.sw = s;
    g.pad_top = g.pad_left = p;
    g.oh = g.ow = (hw + 2 * p - k) / s + 1;
    return g;
}

struct Case {
    ConvGeometry g;
    std::vector<float> x, w, b, want;  // want: the reference kernel's output
};

Case MakeCase(const ConvGeometry& g, std::mt19937& rng) {
    Case c{g, Random(rng, size_t(g.n) * g.cin * g.ih * g.iw), Random(rng, size_t(g.cout) * g.cin * g.kh * g.kw),
           Random(rng, size_t(g.cout)), {}};
    c.want.resize(size_t(g.n) * g.cout * g.oh * g.ow);
    cp::Conv2dReference(g, c.x.data(), c.w.data(), c.b.data(), c.want.data());
    return c;
}

// Inputs in [-1, 1]: |error| stays far below 1e-4 * (K + 1) for any summation order.
bool Matches(const Case& c, const std::vector<float>& y) {
    const double tol = 1e-4 * (c.g.cin * c.g.kh * c.g.kw + 1);
    for (size_t i = 0; i < y.size(); ++i)
        if (!(std::fabs(double(y[i]) - c.want[i]) <= tol)) return false;
    return true;
}

std::vector<float> RunFast(const Case& c, cp::Workspace& ws) {
    std::vector<float> y(c.want.size(), std::nanf(""));
    cp::Conv2dFast(c.g, c.x.data(), c.w.data(), c.b.data(), y.data(), ws);
    return y;
}

// The packed-input paths by stride: 2 and 4 split a padded row by shuffles
// (4 is also Winograd F(4x4)'s packing), 3 the per-phase copy, 9 and 12 go
// past the 8 phases whose bounds are kept on the stack.
std::vector<ConvGeometry> PackedGeometries() {
    return {Geometry(3, 19, 5, 3, 2, 1),   Geometry(2, 23, 4, 5, 4, 2), Geometry(16, 24, 16, 3, 1, 1),
            Geometry(2, 17, 3, 3, 3, 1),   Geometry(2, 40, 3, 10, 9, 1), Geometry(1, 50, 2, 12, 12, 3),
            Geometry(4, 9, 6, 3, 2, 0)};
}

}  // namespace

// [SECTION] REUSE

TEST_CASE("workspace: strides 2, 4, 9, 12 and Winograd give the reference's values across repeated calls on one workspace") {
    std::mt19937 rng(5);
    std::vector<Case> cases;
    for (const ConvGeometry& g : PackedGeometries()) cases.push_back(MakeCase(g, rng));
    cp::Workspace ws;
    for (int round = 0; round < 3; ++round)  // each geometry runs on buffers the others left behind
        for (const Case& c : cases) {
            INFO("round ", round, " stride ", c.g.sw, " cin ", c.g.cin, " hw ", c.g.ih);
            CHECK(Matches(c, RunFast(c, ws)));
        }
}

TEST_CASE("workspace: a warm workspace means no allocation in the conv kernels (stride-2/4 packing included)") {
    std::mt19937 rng(6);
    std::vector<Case> cases;
    for (const ConvGeometry& g : PackedGeometries()) cases.push_back(MakeCase(g, rng));
    ConvGeometry t = Geometry(4, 7, 3, 4, 2, 1);  // a transposed conv: its phase outputs and flipped weights
    t.oh = t.ow = (t.ih - 1) * t.sh - 2 * t.pad_top + t.kh;
    const std::vector<float> tx = Random(rng, size_t(t.cin) * t.ih * t.iw), tw = Random(rng, size_t(t.cin) * t.cout * 16);
    cp::Workspace ws;
    std::vector<std::vector<float>> ys;
    for (const Case& c : cases) ys.push_back(RunFast(c, ws));  // warm-up: the workspace grows to its largest need
    std::vector<float> ty(size_t(t.cout) * t.oh * t.ow);
    cp::ConvTranspose2dFast(t, tx.data(), tw.data(), nullptr, ty.data(), ws);

    g_allocations = 0;
    g_counting = true;
    for (size_t i = 0; i < cases.size(); ++i) {
        const Case& c = cases[i];
        cp::Conv2dFast(c.g, c.x.data(), c.w.data(), c.b.data(), ys[i].data(), ws);
    }
    cp::ConvTranspose2dFast(t, tx.data(), tw.data(), nullptr, ty.data(), ws);
    g_counting = false;
    CHECK(g_allocations == 0);
    for (size_t i = 0; i < cases.size(); ++i) CHECK(Matches(cases[i], ys[i]));
}

// [SECTION] FALLBACKS

TEST_CASE("workspace: with no scratch to be had, every conv path falls back to the same values") {
    std::mt19937 rng(7);
    for (const ConvGeometry& g : PackedGeometries()) {
        const Case c = MakeCase(g, rng);
        for (size_t limit : {size_t(0), size_t(64), size_t(4096)}) {
            cp::Workspace ws;
            ws.SetLimitBytes(limit);
            INFO("limit ", limit, " stride ", g.sw, " cin ", g.cin);
            CHECK(Matches(c, RunFast(c, ws)));
            CHECK(ws.HeldBytes() <= limit * 13);  // at most one buffer per slot, each within the limit
        }
    }
}

TEST_CASE("workspace: PackPadded without its row buffer (memory short) packs the same as with it") {
    std::mt19937 rng(8);
    for (int sw : {2, 4})
        for (int iw : {1, 5, 8, 13}) {
            const int ih = 3, channels = 2, pad_top = 1, pad_left = sw == 2 ? 1 : 2, rows = ih + 2;
            const int phase_len = (iw + 2 * pad_left + sw - 1) / sw + 1;
            const std::vector<float> x = Random(rng, size_t(channels) * ih * iw);
            const size_t size = size_t(channels) * rows * sw * phase_len;
            std::vector<float> with(size, std::nanf("")), without(size, std::nanf("")),
                row(size_t(sw) * phase_len);
            cp::fast::PackPadded(x.data(), channels, ih, iw, pad_top, pad_left, sw, rows, phase_len, with.data(),
                                 row.data());
            cp::fast::PackPadded(x.data(), channels, ih, iw, pad_top, pad_left, sw, rows, phase_len, without.data(),
                                 nullptr);
            INFO("stride ", sw, " iw ", iw);
            CHECK(with == without);
        }
}

TEST_CASE("workspace: a transposed conv and a padded-mode conv without scratch") {
    std::mt19937 rng(9);
    ConvGeometry t = Geometry(3, 6, 4, 3, 2, 1);
    t.oh = t.ow = (t.ih - 1) * t.sh - 2 * t.pad_top + t.kh;
    const std::vector<float> x = Random(rng, size_t(t.cin) * t.ih * t.iw), w = Random(rng, size_t(t.cin) * t.cout * 9);
    std::vector<float> want(size_t(t.cout) * t.oh * t.ow), got(want.size());
    cp::ConvTranspose2dReference(t, x.data(), w.data(), nullptr, want.data());
    cp::Workspace ws;
    ws.SetLimitBytes(0);
    cp::ConvTranspose2dFast(t, x.data(), w.data(), nullptr, got.data(), ws);
    CHECK(got == want);  // the fallback is the reference itself

    // Reflect padding needs its materialised input: no fallback, a message.
    cp::Tensor xt{{1, 2, 5, 5}, Random(rng, 50)}, wt{{3, 2, 3, 3}, Random(rng, 54)};
    cp::Conv2dOptions o;
    o.rule = cp::PaddingRule::Same;
    o.mode = cp::PaddingMode::Reflect;
    std::vector<float> out(75);
    const auto refused = cp::Conv2dInto(xt.View(), wt.View(), {}, o, out, ws);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().rfind("out of memory: the padded input needs", 0) == 0);
    ws.SetLimitBytes(SIZE_MAX);
    const auto done = cp::Conv2dInto(xt.View(), wt.View(), {}, o, out, ws);
    REQUIRE(done.ok());
    CHECK(out == cp::Conv2d(xt.View(), wt.View(), {}, o).value().data);
}

// [SECTION] HOLDING

TEST_CASE("workspace: small buffers stay for the next call, large ones are released") {
    std::mt19937 rng(10);
    cp::Workspace ws;
    CHECK(ws.HeldBytes() == 0);
    const Case small = MakeCase(Geometry(3, 19, 5, 3, 2, 1), rng);
    RunFast(small, ws);
    const size_t held = ws.HeldBytes();
    CHECK(held > 0);
    RunFast(small, ws);
    CHECK(ws.HeldBytes() == held);
    // A packed input of 8 x 400 x 400 floats (5 MiB) is above kKeepBytes.
    const Case large = MakeCase(Geometry(8, 398, 1, 3, 2, 1), rng);
    RunFast(large, ws);
    CHECK(ws.HeldBytes() <= 4 * cp::Scratch::kKeepBytes);
    CHECK(ws.conv.input.Bytes() <= cp::Scratch::kKeepBytes);
    ws.Release();
    CHECK(ws.HeldBytes() == 0);
}
