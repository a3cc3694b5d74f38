// layers.h — one layer of a document: its op and options (the engine's
// four ops, and the kinds a real model has that the figure does not draw),
// the side branches of a pasted block, and what a layer is by geometry
// alone: its output shape, picture, parameters and multiply-adds, each from
// one formula here that every view reads (doc.h's LayerPlan holds them).
//
// [SECTION] INDEX
//   CellValue            a value typed into a cell
//   *Options, LayerKind  the layers the figure does not draw, beside the engine's
//   Layer, SideBranch    a layer; a pasted block's branch beside the main path
//   KernelOf ... ChangeOp   the parameters every op has, and changing the op
//   PictureOf, OutShapeOf   a layer on an input: its picture, its shape
//   ParamsOf, MultiplyAddsOf, GroupCount   what a layer costs
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "engine/ops.h"
#include "engine/picture.h"
#include "state/image/kernels.h"
#include "state/model/limits.h"

namespace cp {

// One value a student typed into a cell, over the seeded pattern: input cell
// (c, y, x), or weight (o, c, y, x) of a layer's kernel.
struct CellValue {
    int o = 0, c = 0, y = 0, x = 0;
    int value = 0;
    bool operator==(const CellValue&) const = default;
};

// [SECTION] LAYERS THE FIGURE DOES NOT DRAW
// A real model has more than convs and pools: activations, norms, padding,
// adaptive pools, upsampling and a classifier head. The engine computes none
// of them, so the figure does not draw them, but PlanDoc gives each its output
// shape, so the chain, the Stack tab and the totals go on through them.

// A layer that keeps the shape: an activation (ReLU, GELU, ...), a norm
// (BatchNorm2d, GroupNorm, ...), dropout or Identity.
struct PassThroughOptions {
    std::string name = "ReLU";  // PyTorch's class name as printed: "ReLU", "BatchNorm2d", "Dropout2d"
    std::string args;           // its arguments as written, for code out: "64, eps=0.001" (may be empty)
    int64_t params = 0;         // trainable parameters: BatchNorm2d(C) = 2C, ReLU = 0
    bool operator==(const PassThroughOptions&) const = default;
};

// Padding as a layer (ZeroPad2d, ConstantPad2d, ReflectionPad2d,
// ReplicationPad2d): out = in + the sides. mode Zeros with value != 0 is
// ConstantPad2d(pad, value). Zeros may be negative (PyTorch crops);
// Reflect needs each side < the input side, Replicate an input of >= 1.
struct Pad2dOptions {
    Padding4 pad;
    PaddingMode mode = PaddingMode::Zeros;
    float value = 0;  // ConstantPad2d's fill (mode Zeros)
    bool operator==(const Pad2dOptions&) const = default;
};

// AdaptiveAvgPool2d / AdaptiveMaxPool2d(output): output cell i of an axis
// reads input [floor(i·in/out), ceil((i+1)·in/out)) (AdaptiveWindowOf).
// A side of 0 keeps the input's (PyTorch's None).
struct AdaptivePool2dOptions {
    Size2 output{1, 1};
    bool max = false;  // AdaptiveMaxPool2d; else AdaptiveAvgPool2d
    bool operator==(const AdaptivePool2dOptions&) const = default;
};

// Upsample / F.interpolate, mode 'nearest': an integer scale per axis, or an
// explicit size (size.h > 0 wins over scale; out cell i reads floor(i·in/out)).
struct UpsampleOptions {
    Size2 scale{2, 2};
    Size2 size{0, 0};
    bool operator==(const UpsampleOptions&) const = default;
};

// Flatten (torch.flatten(x, 1), x.view(N, -1)): ends the spatial chain. Its
// output is C·H·W features along the last axis, as PyTorch's (N, F): planned
// as Shape{1, 1, 1, C·H·W} with LayerPlan::flat set; no conv, pool, pad,
// adaptive pool or upsample may follow.
struct FlattenOptions {
    bool operator==(const FlattenOptions&) const = default;
};

// Linear(in_features, out_features, bias = Layer::bias). It acts on the last
// axis as PyTorch does: after Flatten that is the F features (out
// {1, 1, 1, out_features}); on a C×H×W map in_features must equal W.
// in_features 0: taken from the chain (LazyLinear).
struct LinearOptions {
    int in_features = 0;
    int out_features = 1;
    bool operator==(const LinearOptions&) const = default;
};

// One layer: an op and its options. The first four alternatives are the
// engine's ops in OpKind's order (index() is the op); the rest are in
// LayerKind's order after them.
using LayerOptions = std::variant<Conv2dOptions, ConvTranspose2dOptions, MaxPool2dOptions, AvgPool2dOptions,
                                  PassThroughOptions, Pad2dOptions, AdaptivePool2dOptions, UpsampleOptions,
                                  FlattenOptions, LinearOptions>;

// Every kind of layer, in LayerOptions' order: OpKind's four, then the kinds
// the figure does not draw.
enum class LayerKind { Conv2d, ConvTranspose2d, MaxPool2d, AvgPool2d, PassThrough, Pad2d, AdaptivePool2d, Upsample,
                       Flatten, Linear };
inline constexpr int kDrawnKinds = 4;  // the engine's ops: the figure draws these
static_assert(std::variant_size_v<LayerOptions> == size_t(LayerKind::Linear) + 1);

// A visitor written for the engine's four ops, wrapped as
// std::visit(WithUndrawn<R>(Visit{...}), layer.options), answers the other
// alternatives with R{} (a Result: Fail): for code that handles only drawn()
// layers.
template <class R>
struct UndrawnLayers {
    static R Answer() {
        if constexpr (requires { R::Fail(std::string()); }) return R::Fail("this layer is not drawn");
        else return R();
    }
    R operator()(const PassThroughOptions&) const { return Answer(); }
    R operator()(const Pad2dOptions&) const { return Answer(); }
    R operator()(const AdaptivePool2dOptions&) const { return Answer(); }
    R operator()(const UpsampleOptions&) const { return Answer(); }
    R operator()(const FlattenOptions&) const { return Answer(); }
    R operator()(const LinearOptions&) const { return Answer(); }
};
template <class R, class Visitor>
struct WithUndrawnVisitor : Visitor, UndrawnLayers<R> {
    using Visitor::operator();
    using UndrawnLayers<R>::operator();
};
template <class R, class Visitor>
WithUndrawnVisitor<R, Visitor> WithUndrawn(Visitor v) {
    return {v, {}};
}

struct Layer {
    LayerOptions options = Conv2dOptions{};
    Size2 kernel{3, 3};     // conv and transposed conv weights (pools keep theirs in options)
    int out_channels = 1;   // conv and transposed conv (pools keep the channels)
    bool bias = true;       // conv, transposed conv and linear: a bias per output channel / feature
    std::vector<CellValue> weight_edits;  // over the default weights; at most kMaxValueEdits
    // The weights' base grid (kernels.h) under the edits; None: the default pattern.
    // Conv and transposed conv only (a pool has no weights).
    KernelPreset kernel_preset = KernelPreset::None;
    LayerKind kind() const { return LayerKind(options.index()); }
    // Conv, transposed conv, max or avg pool: the engine computes it and the figure draws it.
    bool drawn() const { return options.index() < size_t(kDrawnKinds); }
    // The engine's op; meaningful only when drawn() (callers that may hold any layer check first).
    OpKind op() const { return OpKind(options.index()); }
    bool operator==(const Layer&) const = default;
};

// A layer of these options, every other field at its default (bias on):
// LayerOf(PassThroughOptions{"BatchNorm2d", "64", 128}), LayerOf(FlattenOptions{}).
inline Layer LayerOf(LayerOptions options) {
    Layer layer;
    layer.options = std::move(options);
    return layer;
}

// A side branch of a pasted block, beside the main path: a ResNet block's
// downsample / shortcut (its output is added to the main path's after layer
// `join`), or a squeeze-and-excitation gate (its C×1×1 output scales layer
// `join`'s input). It reads layer `from`'s input. The figure does not draw it;
// the Stack tab shows it, marked, and counts its parameters and
// multiply-adds (state/analysis/stack.h checks its shape). Pasted code only:
// a link does not carry it.
struct SideBranch {
    std::string name;          // the pasted module path: "layer1.0.downsample", "features.1.0.block.1"
    int from = 0, join = 0;    // layer indices, from <= join
    bool gate = false;         // scales instead of adding: any C×1×1 output
    std::vector<Layer> layers;
    bool operator==(const SideBranch&) const = default;
};
// The layer's PyTorch class name: "Conv2d", "BatchNorm2d" (a pass-through's
// own name), "ReflectionPad2d", "AdaptiveAvgPool2d", "Linear", ...
std::string KindName(const Layer& layer);

// The parameters every op has (or most do), whatever option struct holds
// them: for the controls and the codec, which treat them alike.
Size2 KernelOf(const Layer& layer);
void SetKernel(Layer& layer, Size2 kernel);
Size2 StrideOf(const Layer& layer);      // a pool's default stride reads as its kernel
void SetStride(Layer& layer, Size2 stride);
Size2 PaddingOf(const Layer& layer);     // top and left: symmetric padding
void SetPadding(Layer& layer, Size2 padding);
bool HasDilation(const Layer& layer);    // avg pool has none
Size2 DilationOf(const Layer& layer);
void SetDilation(Layer& layer, Size2 dilation);

// The layer as another op, carrying what the two share (kernel, stride,
// padding, dilation, channels); the rest takes the new op's defaults. A
// pool's default stride (= kernel) becomes explicit for a conv.
Layer ChangeOp(const Layer& layer, OpKind op);

// The picture plan of one layer on an input of shape `in`, through the same
// Plan* validation the engine's compute uses.
// max_side: the longest grid the picture may have (the figure's kMaxPictureSide;
// image mode's formula works on a picture's size, per axis, so allows more).
Result<LayerPicture> PictureOf(const Layer& layer, Shape in, bool* too_large = nullptr, int max_side = kMaxPictureSide);

// The output shape of one layer on an input of shape `in` (N = 1), through the
// engine's *OutputShape: every refusal the compute would give, no allocation.
// in_flat: the input is Flatten's feature vector {1, 1, 1, F} (LayerPlan::flat);
// a spatial layer refuses it. Layers the figure does not draw are planned here
// by their own rules (PyTorch's).
Result<Shape> OutShapeOf(const Layer& layer, Shape in, bool in_flat = false);

// Whether the layer's output is a feature vector, given its input's.
inline bool FlatAfter(const Layer& layer, bool in_flat) {
    return in_flat || layer.kind() == LayerKind::Flatten;
}

// AdaptiveAvg/MaxPool2d's window of output cell i along an axis of `in`
// cells pooled to `out`: input [start, end), PyTorch's rule
// start = floor(i·in/out), end = ceil((i+1)·in/out).
struct AdaptiveWindow {
    int64_t start = 0, end = 0;
};
AdaptiveWindow AdaptiveWindowOf(int64_t i, int64_t in, int64_t out);

// Trainable parameters of one layer on an input of shape `in`: conv and
// transposed conv weights + one bias per output channel when Layer::bias;
// linear in·out (+ out); a pass-through layer's own count; 0 for the rest.
int64_t ParamsOf(const Layer& layer, Shape in);

// The weight tensor's shape as the engine takes it (conv: out x in/groups x
// kh x kw; transposed: in x out/groups x kh x kw); empty for a pool.
Shape WeightShapeOf(const Layer& layer, int in_channels);
int GroupCount(const Layer& layer);

// Multiply-adds of one layer from its shapes: a conv's out·(cin/g)·kh·kw per
// output value; a transposed conv's in·(cout/g)·kh·kw per *input* value (each
// input is scattered over the kernel: the zeros a picture inserts cost
// nothing); a pool's kh·kw comparisons or additions per output value; an
// adaptive pool's window cells summed over its windows; a linear layer's
// in·out per row; 0 for pass-through, pad, upsample and flatten (what
// torchinfo counts). Saturates at INT64_MAX rather than overflowing.
int64_t MultiplyAddsOf(const Layer& layer, Shape in, Shape out);

}  // namespace cp
