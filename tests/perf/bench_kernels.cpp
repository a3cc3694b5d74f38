// bench_kernels.cpp — micro-benchmark of Conv2dFast on the benchmark shapes
// (N=1, NCHW, float32, bias), straight C++ -> wasm, no JS API in the way.
// Not part of the test suite. Build and run (from the repo root):
//   export here=$PWD; source scripts/env.sh; mkdir -p build/h-simd-perf
//   em++ -std=c++20 -O3 -msimd128 -Isrc src/engine/fast_*.cpp src/engine/reference.cpp \
//       tests/perf/bench_kernels.cpp -sALLOW_MEMORY_GROWTH=1 -sENVIRONMENT=node \
//       -sWASM_ASYNC_COMPILATION=0 -o build/h-simd-perf/bench.js
//   cp build/h-simd-perf/bench.js build/h-simd-perf/bench.cjs   # the repo's package.json says "type": "module"
//   node build/h-simd-perf/bench.cjs [filter-substring]
// Per shape: warm-up past V8's baseline tier, then 9 samples of >= 25 ms
// each; reports the median time per call and GFLOP/s = 2*OH*OW*Cout*(Cin/g)*KH*KW / t
// (for Winograd shapes an "effective" figure: the direct method's flops).
// With the argument "other": pools and a transposed conv, Fast vs Reference.
// With the argument "image" [filter]: image mode's layers on 512x512 and
// 1024x1024 RGB through the public *Into ops (padding modes materialised as
// the page runs them), against its budget (16 ms at 512^2, 60 ms at 1024^2);
// add ops.cpp and geometry.cpp to the em++ line above for it. GFLOP/s and the
// budget check use the fastest sample (the machine is shared).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "engine/kernels.h"
#include "engine/ops.h"

namespace {

struct Shape {
    const char* name;
    int hw, cin, cout, k, s, p, d, groups;
};

const Shape kShapes[] = {
    {"5x5 1->1 k3 p1", 5, 1, 1, 3, 1, 1, 1, 1},
    {"28x28 1->8 k3 p1", 28, 1, 8, 3, 1, 1, 1, 1},
    {"32x32 3->8 k5 s2 p2", 32, 3, 8, 5, 2, 2, 1, 1},
    {"64x64 3->16 k3 p1", 64, 3, 16, 3, 1, 1, 1, 1},
    {"64x64 8->8 k3 d2 p2", 64, 8, 8, 3, 1, 2, 2, 1},
    {"128x128 16->32 k3 p1", 128, 16, 32, 3, 1, 1, 1, 1},
    {"56x56 64->64 k3 p1", 56, 64, 64, 3, 1, 1, 1, 1},
    {"56x56 64->64 k1", 56, 64, 64, 1, 1, 0, 1, 1},
    {"dw 112x112 C32 k3 p1", 112, 32, 32, 3, 1, 1, 1, 32},
    {"224x224 3->32 k3 s2 p1", 224, 3, 32, 3, 2, 1, 1, 1},
    {"512x512 3->16 k5 p2", 512, 3, 16, 5, 1, 2, 1, 1},
};

double Now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

// Median seconds per call of f, after a 0.3 s warm-up (the fastest sample in
// *min_out, if given: on a shared, loaded machine the least disturbed one).
template <class F>
double Time(F&& f, double* min_out = nullptr) {
    int reps = 0;
    const double t0 = Now();
    while (Now() - t0 < 0.3) {
        f();
        ++reps;
    }
    const int per_sample = std::max(1, int(reps * 0.025 / 0.3));
    std::vector<double> samples;
    for (int i = 0; i < 9; ++i) {
        const double a = Now();
        for (int r = 0; r < per_sample; ++r) f();
        samples.push_back((Now() - a) / per_sample);
    }
    std::sort(samples.begin(), samples.end());
    if (min_out) *min_out = samples[0];
    return samples[samples.size() / 2];
}

// Pools (112x112x32, as after a first conv) and a 2x upsampling transposed
// conv: the Fast kernel against the scalar Reference.
void Others() {
    std::mt19937 rng(2);
    std::uniform_real_distribution<float> u(-1, 1);
    std::vector<float> x(size_t(32) * 112 * 112), y(x.size() * 4);
    for (float& f : x) f = u(rng);
    struct PoolCase {
        const char* name;
        int k, s, p;
        bool max;
    } pools[] = {{"maxpool 112x112x32 k2 s2", 2, 2, 0, true}, {"maxpool 112x112x32 k3 s1 p1", 3, 1, 1, true},
                 {"avgpool 112x112x32 k2 s2", 2, 2, 0, false}, {"avgpool 112x112x32 k3 s1 p1", 3, 1, 1, false},
                 {"maxpool 112x112x32 k3 s3", 3, 3, 0, true}};
    for (const PoolCase& c : pools) {
        cp::PoolGeometry g;
        g.c = 32, g.ih = g.iw = 112, g.kh = g.kw = c.k, g.sh = g.sw = c.s, g.pad_h = g.pad_w = c.p;
        g.oh = g.ow = (112 + 2 * c.p - c.k) / c.s + 1;
        const double fast = Time([&] { (c.max ? cp::MaxPool2dFast : cp::AvgPool2dFast)(g, x.data(), y.data()); });
        const double ref =
            Time([&] { (c.max ? cp::MaxPool2dReference : cp::AvgPool2dReference)(g, x.data(), y.data()); });
        std::printf("%-30s fast %8.1f us  reference %8.1f us  (%.1fx)\n", c.name, fast * 1e6, ref * 1e6, ref / fast);
    }
    cp::ConvGeometry g;  // ConvTranspose2d(32, 16, 4, stride 2, padding 1): 28x28 -> 56x56
    g.cin = 32, g.ih = g.iw = 28, g.cout = 16, g.kh = g.kw = 4, g.sh = g.sw = 2, g.pad_top = g.pad_left = 1;
    g.oh = g.ow = 56;
    std::vector<float> w(size_t(32) * 16 * 16), b(16);
    for (float& f : w) f = u(rng);
    cp::Workspace ws;
    const double fast = Time([&] { cp::ConvTranspose2dFast(g, x.data(), w.data(), b.data(), y.data(), ws); });
    const double ref = Time([&] { cp::ConvTranspose2dReference(g, x.data(), w.data(), b.data(), y.data()); });
    std::printf("%-30s fast %8.1f us  reference %8.1f us  (%.1fx)\n", "convT 28x28 32->16 k4 s2 p1", fast * 1e6,
                ref * 1e6, ref / fast);
}


// [SECTION] Image mode: RGB pictures through the public ops, one Workspace.
struct ImageCase {
    std::string name;
    double flops;  // multiply-adds x 2 (conv); 0 for pools
    std::function<void(cp::Workspace&)> run;
};

std::vector<ImageCase> ImageCases(std::mt19937& rng) {
    std::uniform_real_distribution<float> u(-1, 1);
    auto random = [&](size_t n) {
        auto v = std::make_shared<std::vector<float>>(n);
        for (float& f : *v) f = u(rng);
        return v;
    };
    auto out = std::make_shared<std::vector<float>>(size_t(16) * 1024 * 1024 * 4);
    std::vector<ImageCase> cases;
    const char* mode_names[] = {"zeros", "reflect", "replicate", "circular"};
    auto conv = [&](int hw, int cin, int cout, int groups, int k, int s, int d, cp::PaddingMode mode) {
        auto x = random(size_t(cin) * hw * hw);
        auto w = random(size_t(cout) * (cin / groups) * k * k);
        auto b = random(size_t(cout));
        cp::Conv2dOptions o;
        o.stride = cp::Size2::Both(s), o.dilation = cp::Size2::Both(d), o.groups = groups, o.mode = mode;
        const int p = d * (k - 1) / 2;
        o.pad = cp::Padding4::Symmetric(p, p);
        const int oh = (hw + 2 * p - d * (k - 1) - 1) / s + 1;
        char name[96];
        std::snprintf(name, sizeof name, "%d^2 %d->%d%s k%d s%d d%d %s", hw, cin, cout, groups > 1 ? " dw" : "", k,
                      s, d, mode_names[int(mode)]);
        cases.push_back({name, 2.0 * oh * oh * cout * (cin / groups) * k * k, [=](cp::Workspace& ws) {
                             auto r = cp::Conv2dInto({{1, cin, hw, hw}, x->data()}, {{cout, cin / groups, k, k}, w->data()},
                                                     *b, o, *out, ws);
                             if (!r.ok()) std::printf("%s\n", r.error().c_str());
                         }});
    };
    auto convt = [&](int ihw, int cin, int cout, int groups, int k, int s, int p, int op) {
        auto x = random(size_t(cin) * ihw * ihw);
        auto w = random(size_t(cin) * (cout / groups) * k * k);
        auto b = random(size_t(cout));
        cp::ConvTranspose2dOptions o;
        o.stride = cp::Size2::Both(s), o.padding = cp::Size2::Both(p), o.output_padding = cp::Size2::Both(op);
        o.groups = groups;
        const int oh = (ihw - 1) * s - 2 * p + (k - 1) + op + 1;
        char name[96];
        std::snprintf(name, sizeof name, "convT %d^2->%d^2 %d->%d%s k%d s%d p%d", ihw, oh, cin, cout,
                      groups > 1 ? " dw" : "", k, s, p);
        // Useful multiply-adds: every input pixel times every tap (the ones landing in the output).
        cases.push_back({name, 2.0 * ihw * ihw * cin * (cout / groups) * k * k, [=](cp::Workspace& ws) {
                             auto r = cp::ConvTranspose2dInto({{1, cin, ihw, ihw}, x->data()},
                                                              {{cin, cout / groups, k, k}, w->data()}, *b, o, *out, ws);
                             if (!r.ok()) std::printf("%s\n", r.error().c_str());
                         }});
    };
    auto pool = [&](int hw, bool max, int k, int s, int p, int d, bool ceil, bool include_pad, int divisor) {
        auto x = random(size_t(3) * hw * hw);
        char name[96];
        std::snprintf(name, sizeof name, "%s %d^2 C3 k%d s%d p%d d%d%s%s%s", max ? "maxpool" : "avgpool", hw, k, s, p,
                      d, ceil ? " ceil" : "", !max && !include_pad ? " excl-pad" : "", divisor ? " div" : "");
        cases.push_back({name, 0, [=](cp::Workspace& ws) {
                             bool ok;
                             if (max) {
                                 cp::MaxPool2dOptions o;
                                 o.kernel = cp::Size2::Both(k), o.stride = cp::Size2::Both(s);
                                 o.padding = cp::Size2::Both(p), o.dilation = cp::Size2::Both(d), o.ceil_mode = ceil;
                                 ok = cp::MaxPool2dInto({{1, 3, hw, hw}, x->data()}, o, *out, ws).ok();
                             } else {
                                 cp::AvgPool2dOptions o;
                                 o.kernel = cp::Size2::Both(k), o.stride = cp::Size2::Both(s);
                                 o.padding = cp::Size2::Both(p), o.ceil_mode = ceil;
                                 o.count_include_pad = include_pad, o.divisor_override = divisor;
                                 ok = cp::AvgPool2dInto({{1, 3, hw, hw}, x->data()}, o, *out, ws).ok();
                             }
                             if (!ok) std::printf("pool failed\n");
                         }});
    };
    using M = cp::PaddingMode;
    for (M m : {M::Zeros, M::Reflect, M::Replicate, M::Circular})
        for (int k : {3, 5, 7}) conv(512, 3, 3, 3, k, 1, 1, m);
    for (M m : {M::Zeros, M::Reflect, M::Replicate, M::Circular})
        for (int k : {3, 5, 7}) conv(512, 3, 1, 1, k, 1, 1, m);
    for (int d : {1, 2, 3})
        for (int k : {3, 5, 7}) {
            conv(512, 3, 3, 3, k, 1, d, M::Zeros);
            conv(512, 3, 1, 1, k, 1, d, M::Zeros);
            conv(512, 3, 8, 1, k, 1, d, M::Zeros);
        }
    conv(512, 3, 16, 1, 7, 1, 1, M::Reflect);
    conv(512, 3, 3, 3, 7, 2, 1, M::Zeros);
    conv(512, 3, 3, 3, 7, 3, 2, M::Zeros);
    conv(1024, 3, 3, 3, 7, 1, 1, M::Reflect);
    conv(1024, 3, 1, 1, 7, 1, 1, M::Reflect);
    conv(1024, 3, 3, 3, 7, 1, 3, M::Zeros);
    conv(1024, 3, 8, 1, 5, 1, 1, M::Zeros);
    convt(256, 3, 3, 3, 4, 2, 1, 0);
    convt(256, 3, 3, 1, 4, 2, 1, 0);
    convt(256, 3, 3, 1, 3, 2, 1, 1);
    convt(171, 3, 3, 3, 7, 3, 2, 0);
    convt(128, 3, 3, 3, 8, 4, 2, 0);
    convt(512, 3, 3, 3, 3, 1, 1, 0);
    convt(512, 3, 3, 3, 4, 2, 1, 0);
    convt(512, 3, 1, 1, 7, 2, 3, 1);
    for (bool max : {true, false}) {
        pool(512, max, 3, 3, 0, 1, false, true, 0);
        pool(512, max, 4, 4, 1, 1, true, true, 0);
        pool(512, max, 5, 5, 2, 1, true, false, 0);
        pool(512, max, 7, 3, 3, 1, false, false, 0);
        pool(512, max, 2, 2, 0, 1, false, true, 0);
        pool(1024, max, 3, 3, 1, 1, true, true, 0);
    }
    pool(512, true, 3, 3, 1, 2, true, true, 0);
    pool(512, false, 4, 4, 2, 1, false, true, 5);
    return cases;
}

void Image(const char* filter) {
    std::mt19937 rng(3);
    cp::Workspace ws;
    for (const ImageCase& c : ImageCases(rng)) {
        if (!std::strstr(c.name.c_str(), filter)) continue;
        double t_min;
        const double t = Time([&] { c.run(ws); }, &t_min);
        const double budget = c.name.rfind("1024", 0) == 0 || c.name.find("->1024") != std::string::npos ? 60 : 16;
        std::printf("%-40s median %8.2f ms  min %8.2f ms", c.name.c_str(), t * 1e3, t_min * 1e3);
        if (c.flops > 0) std::printf("  %6.2f GFLOP/s", c.flops / t_min * 1e-9);
        std::printf("%s\n", t_min * 1e3 <= budget ? "" : "  OVER BUDGET");
    }
}

}  // namespace

int main(int argc, char** argv) {
    const char* filter = argc > 1 ? argv[1] : "";
    if (std::strcmp(filter, "other") == 0) {
        Others();
        return 0;
    }
    if (std::strcmp(filter, "image") == 0) {
        Image(argc > 2 ? argv[2] : "");
        return 0;
    }
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> u(-1, 1);
    double log_sum = 0;
    int count = 0;
    cp::Workspace ws;  // one for the run, as the JS module keeps one per engine
    for (const Shape& s : kShapes) {
        if (!std::strstr(s.name, filter)) continue;
        cp::ConvGeometry g;
        g.cin = s.cin, g.ih = g.iw = s.hw, g.cout = s.cout, g.kh = g.kw = s.k;
        g.sh = g.sw = s.s, g.dh = g.dw = s.d, g.pad_top = g.pad_left = s.p, g.groups = s.groups;
        g.oh = g.ow = (s.hw + 2 * s.p - s.d * (s.k - 1) - 1) / s.s + 1;
        std::vector<float> x(size_t(s.cin) * s.hw * s.hw), w(size_t(s.cout) * (s.cin / s.groups) * s.k * s.k),
            b(s.cout), y(size_t(s.cout) * g.oh * g.ow);
        for (auto* v : {&x, &w, &b})
            for (float& f : *v) f = u(rng);
        const double flops = 2.0 * g.oh * g.ow * s.cout * (s.cin / s.groups) * s.k * s.k;
        // Warm-up: 0.3 s, and learn how many calls make a 25 ms sample.
        int reps = 0;
        const double t0 = Now();
        while (Now() - t0 < 0.3) {
            cp::Conv2dFast(g, x.data(), w.data(), b.data(), y.data(), ws);
            ++reps;
        }
        const int per_sample = std::max(1, int(reps * 0.025 / 0.3));
        std::vector<double> samples;
        for (int i = 0; i < 9; ++i) {
            const double a = Now();
            for (int r = 0; r < per_sample; ++r) cp::Conv2dFast(g, x.data(), w.data(), b.data(), y.data(), ws);
            samples.push_back((Now() - a) / per_sample);
        }
        std::sort(samples.begin(), samples.end());
        const double t = samples[samples.size() / 2];
        std::printf("%-26s %10.1f us  %6.2f GFLOP/s  (min %.1f us)\n", s.name, t * 1e6, flops / t * 1e-9,
                    samples[0] * 1e6);
        log_sum += std::log(t);
        ++count;
    }
    if (count) std::printf("geomean time %.1f us over %d shapes\n", std::exp(log_sum / count) * 1e6, count);
    return 0;
}
