// kernels.cpp — kernels.h: the presets built from 1-D binomial pieces.
#include "state/image/kernels.h"

#include <array>

namespace cp {
namespace {

struct Entry {
    std::string_view token, label;
};
constexpr std::array<Entry, kKernelPresetCount> kEntries = {{
    {"none", "Custom (edit the cells)"},
    {"identity", "Identity"},
    {"box", "Box blur"},
    {"gauss", "Gaussian blur"},
    {"sharpen", "Sharpen"},
    {"sobelx", "Sobel x (vertical edges)"},
    {"sobely", "Sobel y (horizontal edges)"},
    {"laplace", "Laplacian"},
    {"emboss", "Emboss"},
}};

// 1-D convolution of two rows (full length a + b - 1).
std::vector<float> Convolve(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.empty() || b.empty()) return {};
    std::vector<float> out(a.size() + b.size() - 1, 0.0f);
    for (size_t i = 0; i < a.size(); ++i)
        for (size_t j = 0; j < b.size(); ++j) out[i + j] += a[i] * b[j];
    return out;
}

// Row n of Pascal's triangle (n taps): the binomial smoothing of that length.
std::vector<float> Smooth(int n) {
    std::vector<float> row{1.0f};
    for (int i = 1; i < n; ++i) row = Convolve(row, {1.0f, 1.0f});
    return row;
}

std::vector<float> Derivative(int n) {
    if (n <= 1) return std::vector<float>(size_t(n > 0 ? n : 0), 0.0f);
    if (n == 2) return {-1.0f, 1.0f};
    return Convolve({-1.0f, 0.0f, 1.0f}, Smooth(n - 2));
}

std::vector<float> Second(int n) {
    if (n < 3) return std::vector<float>(size_t(n > 0 ? n : 0), 0.0f);
    return Convolve({1.0f, -2.0f, 1.0f}, Smooth(n - 2));
}

// The outer product column x row.
std::vector<float> Outer(const std::vector<float>& col, const std::vector<float>& row) {
    std::vector<float> g;
    g.reserve(col.size() * row.size());
    for (float c : col)
        for (float r : row) g.push_back(c * r);
    return g;
}

}  // namespace

std::string_view KernelPresetToken(KernelPreset p) {
    const auto i = size_t(p);
    return i < kEntries.size() ? kEntries[i].token : std::string_view{};
}

std::string_view KernelPresetLabel(KernelPreset p) {
    const auto i = size_t(p);
    return i < kEntries.size() ? kEntries[i].label : std::string_view{};
}

std::optional<KernelPreset> KernelPresetFromToken(std::string_view token) {
    for (size_t i = 0; i < kEntries.size(); ++i)
        if (kEntries[i].token == token) return KernelPreset(i);
    return std::nullopt;
}

std::vector<float> KernelPresetGrid(KernelPreset p, Size2 k) {
    if (p == KernelPreset::None || k.h < 1 || k.w < 1) return {};
    const size_t n = size_t(k.h) * size_t(k.w);
    const int cy = (k.h - 1) / 2, cx = (k.w - 1) / 2;
    std::vector<float> identity(n, 0.0f);
    identity[size_t(cy) * size_t(k.w) + size_t(cx)] = 1.0f;
    // The Laplacian: each axis's second difference through the centre line.
    auto laplace = [&] {
        std::vector<float> g(n, 0.0f);
        const std::vector<float> dy = Second(k.h), dx = Second(k.w);
        for (int y = 0; y < k.h; ++y) g[size_t(y) * size_t(k.w) + size_t(cx)] += dy[size_t(y)];
        for (int x = 0; x < k.w; ++x) g[size_t(cy) * size_t(k.w) + size_t(x)] += dx[size_t(x)];
        return g;
    };
    switch (p) {
        case KernelPreset::None: break;
        case KernelPreset::Identity: return identity;
        case KernelPreset::Box: return std::vector<float>(n, 1.0f / float(n));
        case KernelPreset::Gaussian: {
            std::vector<float> g = Outer(Smooth(k.h), Smooth(k.w));
            float sum = 0;
            for (float v : g) sum += v;
            for (float& v : g) v /= sum;
            return g;
        }
        case KernelPreset::SobelX: return Outer(Smooth(k.h), Derivative(k.w));
        case KernelPreset::SobelY: return Outer(Derivative(k.h), Smooth(k.w));
        case KernelPreset::Laplace: return laplace();
        case KernelPreset::Sharpen: {
            std::vector<float> g = laplace();
            for (size_t i = 0; i < n; ++i) g[i] = identity[i] - g[i];
            return g;
        }
        case KernelPreset::Emboss: {
            std::vector<float> g = identity;
            // Offsets from the true centre (a half cell off for an even size), so
            // they sum to zero and a flat area keeps its value at every size.
            const float my = float(k.h - 1) / 2, mx = float(k.w - 1) / 2;
            const float ry = my >= 1 ? my : 1, rx = mx >= 1 ? mx : 1;
            for (int y = 0; y < k.h; ++y)
                for (int x = 0; x < k.w; ++x)
                    g[size_t(y) * size_t(k.w) + size_t(x)] += (float(y) - my) / ry + (float(x) - mx) / rx;
            return g;
        }
    }
    return {};
}

}  // namespace cp
