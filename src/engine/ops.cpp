// ops.cpp — ops.h: validate through geometry.h's plans, materialise non-zero
// padding modes, run the fast kernel into the output (the caller's memory for
// the *Into ops, a fresh tensor for the others).
#include "ops.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "geometry.h"
#include "kernels.h"

namespace cp {
namespace {

// A view whose pointer is missing cannot be read; say so instead of crashing.
bool MissingData(TensorView v) { return v.data == nullptr; }

// x padded to ph x pw per plane, into padded (n*c*ph*pw floats, every one
// written). index: ph + pw ints of scratch, the source row and column of each
// padded row and column. Zeros mode never reaches SourceIndex: its padded
// cells are 0.
void MaterialisePadding(TensorView x, const Padding4& p, PaddingMode mode, int ph, int pw, float* padded,
                        int32_t* index) {
    const int64_t planes = int64_t(x.shape.n) * x.shape.c;
    if (mode == PaddingMode::Zeros) {
        std::fill(padded, padded + planes * ph * pw, 0.0f);
        for (int64_t plane = 0; plane < planes; ++plane)
            for (int y = 0; y < x.shape.h; ++y)
                for (int c = 0; c < x.shape.w; ++c)
                    padded[(plane * ph + y + p.top) * pw + c + p.left] = x.data[(plane * x.shape.h + y) * x.shape.w + c];
        return;
    }
    int32_t* rows = index;
    int32_t* cols = index + ph;
    for (int y = 0; y < ph; ++y) rows[y] = PaddingSource(mode, int64_t(y) - p.top, x.shape.h);
    for (int c = 0; c < pw; ++c) cols[c] = PaddingSource(mode, int64_t(c) - p.left, x.shape.w);
    // Columns [left, left + w) of every padded row are the source row itself:
    // copied as a block, only the border columns go through the index (a
    // gather per value was ~1 ms of a 512^2 RGB conv's few).
    const int left = std::min(p.left, pw), mid_end = std::min(p.left + x.shape.w, pw);
    float* out = padded;
    for (int64_t plane = 0; plane < planes; ++plane) {
        const float* in = x.data + plane * x.shape.h * x.shape.w;
        for (int y = 0; y < ph; ++y) {
            const float* row = in + int64_t(rows[y]) * x.shape.w;
            for (int c = 0; c < left; ++c) out[c] = row[cols[c]];
            if (mid_end > left) std::copy(row, row + (mid_end - left), out + left);
            for (int c = std::max(left, mid_end); c < pw; ++c) out[c] = row[cols[c]];
            out += pw;
        }
    }
}

std::string OutOfMemory(const char* what, int64_t floats) {
    return std::string("out of memory: ") + what + " needs " + std::to_string((floats * 4) >> 20) + " MiB.";
}

Tensor Allocate(Shape s) { return Tensor{s, std::vector<float>(size_t(s.Count()))}; }

// The message when a caller's buffer cannot hold the output; empty when it can.
std::string OutputProblem(Shape s, std::span<float> out) {
    if (int64_t(out.size()) >= s.Count()) return {};
    return "the output buffer holds " + std::to_string(out.size()) + " values but the output needs " +
           std::to_string(s.Count()) + ".";
}

// The allocating ops are their *Into twins run on a fresh tensor.
template <class Into>
Result<Tensor> IntoNewTensor(const Result<Shape>& shape, Into into) {
    if (!shape.ok()) return Result<Tensor>::Fail(shape.error());
    Tensor y = Allocate(shape.value());
    const Result<Shape> done = into(std::span<float>(y.data));
    if (!done.ok()) return Result<Tensor>::Fail(done.error());
    return y;
}

}  // namespace

Result<Tensor> Pad2d(TensorView x, const Padding4& pad, PaddingMode mode) {
    if (std::string e = ShapeProblem(x.shape, "input"); !e.empty()) return Result<Tensor>::Fail(e);
    if (pad.top < 0 || pad.bottom < 0 || pad.left < 0 || pad.right < 0)
        return Result<Tensor>::Fail("padding cannot be negative (crop the input instead).");
    if (std::string e = PaddingModeProblem(mode, x.shape.h, {pad.top, pad.bottom}, "height"); !e.empty())
        return Result<Tensor>::Fail(e);
    if (std::string e = PaddingModeProblem(mode, x.shape.w, {pad.left, pad.right}, "width"); !e.empty())
        return Result<Tensor>::Fail(e);
    const int64_t ph = int64_t(x.shape.h) + pad.top + pad.bottom, pw = int64_t(x.shape.w) + pad.left + pad.right;
    if (ph > kMaxTensorElements || pw > kMaxTensorElements)
        return Result<Tensor>::Fail("the padded input would be larger than the engine allocates: use less padding.");
    const Shape out{x.shape.n, x.shape.c, int(ph), int(pw)};
    if (std::string e = ShapeProblem(out, "the padded input"); !e.empty()) return Result<Tensor>::Fail(e);
    if (MissingData(x)) return Result<Tensor>::Fail("the input has no data.");
    Tensor padded = Allocate(out);
    std::vector<int32_t> index(size_t(out.h) + size_t(out.w));
    MaterialisePadding(x, pad, mode, out.h, out.w, padded.data.data(), index.data());
    return padded;
}

Result<Shape> Conv2dOutputShape(Shape x, Shape w, const Conv2dOptions& o) {
    auto plan = PlanConv2d(x, w, 0, o);
    if (!plan.ok()) return Result<Shape>::Fail(plan.error());
    return plan.value().out;
}

Result<Shape> Conv2dInto(TensorView x, TensorView w, std::span<const float> bias, const Conv2dOptions& o,
                         std::span<float> out, Workspace& ws) {
    auto plan = PlanConv2d(x.shape, w.shape, int64_t(bias.size()), o);
    if (!plan.ok()) return Result<Shape>::Fail(plan.error());
    if (MissingData(x) || MissingData(w)) return Result<Shape>::Fail("the input or weight has no data.");
    const Conv2dPlan& p = plan.value();
    if (std::string e = OutputProblem(p.out, out); !e.empty()) return Result<Shape>::Fail(e);
    const float* b = bias.empty() ? nullptr : bias.data();
    if (p.mode == PaddingMode::Zeros) {
        Conv2dFast(p.kernel, x.data, w.data, b, out.data(), ws);
        return p.out;
    }
    // Other modes: the kernel slides over the materialised padded input.
    const int64_t floats = int64_t(x.shape.n) * x.shape.c * p.kernel.ih * p.kernel.iw;
    float* padded = ws.Get(ws.padding.values, size_t(floats));
    int32_t* index = ws.Get(ws.padding.index, size_t(p.kernel.ih) + size_t(p.kernel.iw));
    Result<Shape> result = p.out;
    if (padded && index) {
        MaterialisePadding(x, p.pad, p.mode, p.kernel.ih, p.kernel.iw, padded, index);
        Conv2dFast(p.kernel, padded, w.data, b, out.data(), ws);
    } else {
        result = Result<Shape>::Fail(OutOfMemory("the padded input", floats));
    }
    ws.padding.values.Done();
    ws.padding.index.Done();
    return result;
}

Result<Tensor> Conv2d(TensorView x, TensorView w, std::span<const float> bias, const Conv2dOptions& o) {
    Workspace ws;
    return IntoNewTensor(Conv2dOutputShape(x.shape, w.shape, o),
                         [&](std::span<float> out) { return Conv2dInto(x, w, bias, o, out, ws); });
}

Result<Shape> ConvTranspose2dOutputShape(Shape x, Shape w, const ConvTranspose2dOptions& o) {
    auto plan = PlanConvTranspose2d(x, w, 0, o);
    if (!plan.ok()) return Result<Shape>::Fail(plan.error());
    return plan.value().out;
}

Result<Shape> ConvTranspose2dInto(TensorView x, TensorView w, std::span<const float> bias,
                                  const ConvTranspose2dOptions& o, std::span<float> out, Workspace& ws) {
    auto plan = PlanConvTranspose2d(x.shape, w.shape, int64_t(bias.size()), o);
    if (!plan.ok()) return Result<Shape>::Fail(plan.error());
    if (MissingData(x) || MissingData(w)) return Result<Shape>::Fail("the input or weight has no data.");
    if (std::string e = OutputProblem(plan.value().out, out); !e.empty()) return Result<Shape>::Fail(e);
    ConvTranspose2dFast(plan.value().kernel, x.data, w.data, bias.empty() ? nullptr : bias.data(), out.data(), ws);
    return plan.value().out;
}

Result<Tensor> ConvTranspose2d(TensorView x, TensorView w, std::span<const float> bias,
                               const ConvTranspose2dOptions& o) {
    Workspace ws;
    return IntoNewTensor(ConvTranspose2dOutputShape(x.shape, w.shape, o),
                         [&](std::span<float> out) { return ConvTranspose2dInto(x, w, bias, o, out, ws); });
}

Result<Shape> MaxPool2dOutputShape(Shape x, const MaxPool2dOptions& o) {
    auto plan = PlanMaxPool2d(x, o);
    if (!plan.ok()) return Result<Shape>::Fail(plan.error());
    return plan.value().out;
}

// Pooling needs no scratch; the Workspace is there so every *Into op is called alike.
Result<Shape> MaxPool2dInto(TensorView x, const MaxPool2dOptions& o, std::span<float> out, Workspace&) {
    auto plan = PlanMaxPool2d(x.shape, o);
    if (!plan.ok()) return Result<Shape>::Fail(plan.error());
    if (MissingData(x)) return Result<Shape>::Fail("the input has no data.");
    if (std::string e = OutputProblem(plan.value().out, out); !e.empty()) return Result<Shape>::Fail(e);
    MaxPool2dFast(plan.value().kernel, x.data, out.data());
    return plan.value().out;
}

Result<Tensor> MaxPool2d(TensorView x, const MaxPool2dOptions& o) {
    Workspace ws;
    return IntoNewTensor(MaxPool2dOutputShape(x.shape, o),
                         [&](std::span<float> out) { return MaxPool2dInto(x, o, out, ws); });
}

Result<Shape> AvgPool2dOutputShape(Shape x, const AvgPool2dOptions& o) {
    auto plan = PlanAvgPool2d(x, o);
    if (!plan.ok()) return Result<Shape>::Fail(plan.error());
    return plan.value().out;
}

Result<Shape> AvgPool2dInto(TensorView x, const AvgPool2dOptions& o, std::span<float> out, Workspace&) {
    auto plan = PlanAvgPool2d(x.shape, o);
    if (!plan.ok()) return Result<Shape>::Fail(plan.error());
    if (MissingData(x)) return Result<Shape>::Fail("the input has no data.");
    if (std::string e = OutputProblem(plan.value().out, out); !e.empty()) return Result<Shape>::Fail(e);
    AvgPool2dFast(plan.value().kernel, x.data, out.data());
    return plan.value().out;
}

Result<Tensor> AvgPool2d(TensorView x, const AvgPool2dOptions& o) {
    Workspace ws;
    return IntoNewTensor(AvgPool2dOutputShape(x.shape, o),
                         [&](std::span<float> out) { return AvgPool2dInto(x, o, out, ws); });
}

}  // namespace cp
