// ops.h — the engine's public compute API, as torch.nn.functional (1.13).
//
// Each op validates its configuration exactly where PyTorch would raise and
// returns Result::Fail with a specific message instead; on success it returns
// a new tensor. Defaults match PyTorch: conv stride 1, pool stride = kernel.
#pragma once
#include <span>

#include "tensor.h"
#include "workspace.h"

namespace cp {

struct Size2 {
    int h = 1, w = 1;
    static Size2 Both(int v) { return {v, v}; }
    bool operator==(const Size2&) const = default;
};

// The ops this engine computes, for callers that hold a layer of any kind.
// names.h has every enum's tokens and labels: a new value needs its row there.
enum class OpKind { Conv2d, ConvTranspose2d, MaxPool2d, AvgPool2d };

enum class PaddingMode { Zeros, Reflect, Replicate, Circular };
// Explicit: use Conv2dOptions::pad. Same: PyTorch's padding='same' (stride 1 only;
// an even effective kernel pads one more at the bottom/right). Valid: no padding.
// SameTF: TensorFlow's 'SAME' (any stride; out = ceil(in / stride)).
enum class PaddingRule { Explicit, Same, Valid, SameTF };

struct Padding4 {
    int top = 0, bottom = 0, left = 0, right = 0;
    static Padding4 Symmetric(int ph, int pw) { return {ph, ph, pw, pw}; }
    bool operator==(const Padding4&) const = default;
};

struct Conv2dOptions {
    Size2 stride{1, 1};
    PaddingRule rule = PaddingRule::Explicit;
    Padding4 pad;              // used when rule == Explicit
    Size2 dilation{1, 1};
    int groups = 1;
    PaddingMode mode = PaddingMode::Zeros;
    bool operator==(const Conv2dOptions&) const = default;
};

struct ConvTranspose2dOptions {
    Size2 stride{1, 1};
    Size2 padding{0, 0};
    Size2 output_padding{0, 0};
    Size2 dilation{1, 1};
    int groups = 1;
    bool operator==(const ConvTranspose2dOptions&) const = default;
};

struct MaxPool2dOptions {
    Size2 kernel{1, 1};
    Size2 stride{0, 0};  // 0 = kernel size
    Size2 padding{0, 0};
    Size2 dilation{1, 1};
    bool ceil_mode = false;
    bool operator==(const MaxPool2dOptions&) const = default;
};

struct AvgPool2dOptions {
    Size2 kernel{1, 1};
    Size2 stride{0, 0};  // 0 = kernel size
    Size2 padding{0, 0};
    bool ceil_mode = false;
    bool count_include_pad = true;
    int divisor_override = 0;  // 0 = none; PyTorch rejects an explicit 0
    bool operator==(const AvgPool2dOptions&) const = default;
};

// bias: empty, or one value per output channel.
Result<Shape> Conv2dOutputShape(Shape x, Shape w, const Conv2dOptions& o);
Result<Tensor> Conv2d(TensorView x, TensorView w, std::span<const float> bias, const Conv2dOptions& o);

Result<Shape> ConvTranspose2dOutputShape(Shape x, Shape w, const ConvTranspose2dOptions& o);
Result<Tensor> ConvTranspose2d(TensorView x, TensorView w, std::span<const float> bias,
                               const ConvTranspose2dOptions& o);

Result<Shape> MaxPool2dOutputShape(Shape x, const MaxPool2dOptions& o);
Result<Tensor> MaxPool2d(TensorView x, const MaxPool2dOptions& o);

Result<Shape> AvgPool2dOutputShape(Shape x, const AvgPool2dOptions& o);
Result<Tensor> AvgPool2d(TensorView x, const AvgPool2dOptions& o);

// The input with padding materialised, as F.pad(x, (left, right, top, bottom), mode):
// what a conv with a non-zero padding mode actually slides over (and what a picture
// of reflect/replicate/circular padding shows). Rejects negative padding and the
// limits of each mode (reflect: each side < the input; circular: <= the input).
Result<Tensor> Pad2d(TensorView x, const Padding4& pad, PaddingMode mode);

// The same ops writing into memory the caller owns (out.size() >= the output
// shape's Count(), else Fail), returning the output shape, with their scratch
// in the caller's Workspace (one per thread; reuse it across calls). For
// callers that reuse buffers across many calls, such as the JS module: no
// allocation and no zero-fill per call. The kernels write every output value.
// (The allocating ops above use a Workspace of their own per call.)
Result<Shape> Conv2dInto(TensorView x, TensorView w, std::span<const float> bias, const Conv2dOptions& o,
                         std::span<float> out, Workspace& ws);
Result<Shape> ConvTranspose2dInto(TensorView x, TensorView w, std::span<const float> bias,
                                  const ConvTranspose2dOptions& o, std::span<float> out, Workspace& ws);
Result<Shape> MaxPool2dInto(TensorView x, const MaxPool2dOptions& o, std::span<float> out, Workspace& ws);
Result<Shape> AvgPool2dInto(TensorView x, const AvgPool2dOptions& o, std::span<float> out, Workspace& ws);

// The smallest and largest finite value (NaN and ±inf skipped), in one SIMD
// pass: what a colormap's legend spans. lo > hi when no value is finite.
struct FiniteRange {
    float lo = 0, hi = -1;
};
FiniteRange FiniteRangeOf(std::span<const float> xs);

// The largest tensor the engine will allocate, in elements: a configuration
// whose input, weights or output exceed it is rejected with a message, so a
// hostile URL or a typo cannot make the page allocate without bound.
inline constexpr int64_t kMaxTensorElements = int64_t(1) << 26;  // 64 Mi floats = 256 MiB

}  // namespace cp
