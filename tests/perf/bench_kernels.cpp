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
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "engine/kernels.h"

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

// Median seconds per call of f, after a 0.3 s warm-up.
template <class F>
double Time(F&& f) {
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

}  // namespace

int main(int argc, char** argv) {
    const char* filter = argc > 1 ? argv[1] : "";
    if (std::strcmp(filter, "other") == 0) {
        Others();
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
