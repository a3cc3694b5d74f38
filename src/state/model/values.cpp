// values.cpp — values.h.
#include "state/model/values.h"

#include <algorithm>

namespace cp {
int SeededInputValue(uint32_t seed, int c, int y, int x) {
    // A small integer hash (xorshift-multiply): neighbours differ, no visible stripes.
    uint32_t h = seed * 0x9E3779B9u ^ uint32_t(c) * 0x85EBCA6Bu ^ uint32_t(y) * 0xC2B2AE35u ^ uint32_t(x) * 0x27D4EB2Fu;
    h ^= h >> 15;
    h *= 0x2C1B3C6Du;
    h ^= h >> 12;
    h *= 0x297A2D39u;
    h ^= h >> 15;
    return int(h % 10u);
}

int DefaultWeight(int layer, int o, int c, int y, int x) {
    // Rows read -1 1 -1 / 2 0 2 / 1 -1 1 for the first 3x3: signs and zeros a student can follow.
    return (3 * y + 2 * x + o + c + layer) % 4 - 1;
}

Tensor InputTensor(const InputSpec& in) {
    Tensor t{{1, in.channels, in.h, in.w}, {}};
    t.data.resize(size_t(t.shape.Count()));
    size_t i = 0;
    for (int c = 0; c < in.channels; ++c)
        for (int y = 0; y < in.h; ++y)
            for (int x = 0; x < in.w; ++x) t.data[i++] = float(SeededInputValue(in.seed, c, y, x));
    for (const CellValue& e : in.edits)
        if (e.c >= 0 && e.c < in.channels && e.y >= 0 && e.y < in.h && e.x >= 0 && e.x < in.w)
            t.data[(size_t(e.c) * size_t(in.h) + size_t(e.y)) * size_t(in.w) + size_t(e.x)] = float(e.value);
    return t;
}

Tensor WeightTensor(const Layer& layer, int layer_index, int in_channels, bool flip) {
    const OpKind op = layer.op();
    if (op != OpKind::Conv2d && op != OpKind::ConvTranspose2d) return Tensor{{0, 0, 0, 0}, {}};
    const int groups = GroupCount(layer);
    const Shape s = op == OpKind::Conv2d
                        ? Shape{layer.out_channels, std::max(1, in_channels / groups), layer.kernel.h, layer.kernel.w}
                        : Shape{in_channels, std::max(1, layer.out_channels / groups), layer.kernel.h, layer.kernel.w};
    Tensor t{s, std::vector<float>(size_t(s.Count()))};
    auto at = [&](int o, int c, int y, int x) -> float& {
        if (flip) y = s.h - 1 - y, x = s.w - 1 - x;
        return t.data[((size_t(o) * size_t(s.c) + size_t(c)) * size_t(s.h) + size_t(y)) * size_t(s.w) + size_t(x)];
    };
    // A preset (kernels.h) is the same grid in every (o, c) slice, over the
    // channels a group sums (a transposed conv sums its in/groups per output).
    const std::vector<float> grid = KernelPresetGrid(layer.kernel_preset, layer.kernel);
    const int summed = op == OpKind::Conv2d ? s.c : std::max(1, in_channels / groups);
    for (int o = 0; o < s.n; ++o)
        for (int c = 0; c < s.c; ++c)
            for (int y = 0; y < s.h; ++y)
                for (int x = 0; x < s.w; ++x)
                    at(o, c, y, x) = grid.empty() ? float(DefaultWeight(layer_index, o, c, y, x))
                                                  : grid[size_t(y) * size_t(s.w) + size_t(x)] / float(summed);
    for (const CellValue& e : layer.weight_edits)
        if (e.o >= 0 && e.o < s.n && e.c >= 0 && e.c < s.c && e.y >= 0 && e.y < s.h && e.x >= 0 && e.x < s.w)
            at(e.o, e.c, e.y, e.x) = float(e.value);
    return t;
}

Result<Shape> RunLayerInto(const Layer& layer, TensorView x, TensorView w, std::span<float> y, Workspace& ws) {
    struct Visit {
        TensorView x, w;
        std::span<float> y;
        Workspace& ws;
        Result<Shape> operator()(const Conv2dOptions& o) const { return Conv2dInto(x, w, {}, o, y, ws); }
        Result<Shape> operator()(const ConvTranspose2dOptions& o) const {
            return ConvTranspose2dInto(x, w, {}, o, y, ws);
        }
        Result<Shape> operator()(const MaxPool2dOptions& o) const { return MaxPool2dInto(x, o, y, ws); }
        Result<Shape> operator()(const AvgPool2dOptions& o) const { return AvgPool2dInto(x, o, y, ws); }
    };
    return std::visit(WithUndrawn<Result<Shape>>(Visit{x, w, y, ws}), layer.options);
}

bool ComputeLayer(const Layer& layer, LayerPlan& plan, Workspace& ws) {
    plan.output = Tensor{};
    if (!plan.picture.ok()) return false;
    const Shape out = plan.picture.value().out;
    Tensor y{out, std::vector<float>(size_t(out.Count()))};
    const TensorView x = plan.input.View(), w = plan.weights.View();
    const Result<Shape> done = RunLayerInto(layer, x, w, std::span<float>(y.data), ws);
    if (!done.ok() || !(done.value() == out)) return false;
    plan.output = std::move(y);
    return true;
}

}  // namespace cp
