// picture.cpp — picture.h: one source-grid description for every op, built
// from the engine's own plans.
//
// [SECTION] Helpers
// [SECTION] Axes       a padded axis (conv, pools) and a zero-inserted one (transposed conv)
// [SECTION] Ops
#include "picture.h"

#include <algorithm>
#include <string>

#include "geometry.h"

namespace cp {
namespace {

// [SECTION] Helpers

// Set by the axes when a grid is longer than the caller's limit.
struct Limit {
    int max_side;
    bool* too_large;
};

std::string TooLarge(const char* what, int64_t cells, Limit limit) {
    if (limit.too_large) *limit.too_large = true;
    // Not an error: the layer's shapes are exact; the figure shows a summary.
    return std::string("too large to draw cell by cell (its ") + what + " is " + std::to_string(cells) +
           " cells; the figure draws up to " + std::to_string(limit.max_side) + "): shown as its shapes, which are exact.";
}

// Windows per grid cell, by walking every tap of every output: out * kernel
// steps, bounded by the grid (max_side) times the kernel.
void CountReads(PictureAxis& a) {
    a.reads.assign(size_t(a.cells), 0);
    for (int o = 0; o < a.out; ++o)
        for (int t = 0; t < a.kernel; ++t) {
            const int g = a.Tap(o, t);
            if (g >= 0 && g < a.cells) ++a.reads[size_t(g)];
        }
    // Input cells past the last one any window reads: the floor dropped them.
    a.dropped_tail = 0;
    for (int i = a.in - 1; i >= 0; --i) {
        const int g = a.origin + i * a.spacing;
        if (g >= 0 && g < a.cells && a.reads[size_t(g)] > 0) break;
        ++a.dropped_tail;
    }
}

// [SECTION] Axes

// A conv's or a pool's axis: pad_lo cells, the input, pad_hi cells, and, for
// a ceil-mode pool, cells past the padding that the last window overhangs.
Result<PictureAxis> PaddedAxis(const Axis& ax, int out, PaddingMode mode, Limit limit, const char* name) {
    PictureAxis a;
    a.in = ax.in, a.out = out;
    a.stride = ax.stride, a.dilation = ax.dilation, a.kernel = ax.kernel;
    a.pad_lo = ax.pad_lo, a.pad_hi = ax.pad_hi;
    a.origin = ax.pad_lo;
    const int64_t padded = ax.PaddedIn();
    const int64_t reach = int64_t(out - 1) * ax.stride + ax.EffectiveKernel();
    const int64_t cells = std::max(padded, reach);
    if (cells > limit.max_side) return Result<PictureAxis>::Fail(TooLarge(name, cells, limit));
    a.cells = int(cells);
    a.kind.assign(size_t(a.cells), CellKind::Outside);
    a.source.assign(size_t(a.cells), -1);
    for (int g = 0; g < a.cells; ++g) {
        const int i = g - a.pad_lo;
        if (g >= padded) continue;  // overhang: nothing there
        if (i >= 0 && i < a.in) {
            a.kind[size_t(g)] = CellKind::Input;
            a.source[size_t(g)] = i;
        } else if (mode == PaddingMode::Zeros) {
            a.kind[size_t(g)] = CellKind::ZeroPad;
        } else {
            a.kind[size_t(g)] = CellKind::CopyPad;
            a.source[size_t(g)] = PaddingSource(mode, i, a.in);
        }
    }
    CountReads(a);
    return a;
}

// A transposed conv's axis: the input with stride-1 zeros between neighbours,
// then d*(k-1)-p zeros before and that plus output_padding after (a negative
// count crops), walked by a stride-1 window.
Result<PictureAxis> ZeroInsertedAxis(const TransposedAxis& ax, Limit limit, const char* name) {
    auto t = TransposedAsConvOf(ax, name);
    if (!t.ok()) return Result<PictureAxis>::Fail(t.error());
    const TransposedAsConv& tc = t.value();
    if (tc.padded > limit.max_side) return Result<PictureAxis>::Fail(TooLarge(name, tc.padded, limit));
    PictureAxis a;
    a.in = ax.in, a.out = tc.out;
    a.stride = 1, a.dilation = ax.dilation, a.kernel = ax.kernel;
    a.pad_lo = tc.pad_lo, a.pad_hi = tc.pad_hi;
    a.origin = tc.pad_lo;
    a.spacing = ax.stride;
    a.cells = tc.padded;
    a.kind.assign(size_t(a.cells), CellKind::ZeroPad);
    a.source.assign(size_t(a.cells), -1);
    for (int g = 0; g < a.cells; ++g) {
        const int u = g - tc.pad_lo;  // index in the zero-inserted input
        if (u < 0 || u >= tc.upsampled) continue;
        if (u % ax.stride == 0) {
            a.kind[size_t(g)] = CellKind::Input;
            a.source[size_t(g)] = u / ax.stride;
        } else {
            a.kind[size_t(g)] = CellKind::InsertedZero;
        }
    }
    CountReads(a);
    return a;
}

// The pictures' common tail: both axes, or the first one's message.
Result<LayerPicture> Finish(LayerPicture pic, Result<PictureAxis> h, Result<PictureAxis> w) {
    if (!h.ok()) return Result<LayerPicture>::Fail(h.error());
    if (!w.ok()) return Result<LayerPicture>::Fail(w.error());
    pic.h = std::move(h.value());
    pic.w = std::move(w.value());
    return pic;
}

Result<LayerPicture> PoolPicture(OpKind op, Shape x, const Result<Pool2dPlan>& plan, Limit limit) {
    if (!plan.ok()) return Result<LayerPicture>::Fail(plan.error());
    const Pool2dPlan& p = plan.value();
    LayerPicture pic;
    pic.op = op;
    pic.in = {1, x.c, x.h, x.w};
    pic.out = {1, p.out.c, p.out.h, p.out.w};
    pic.kernel = {p.h.kernel, p.w.kernel};
    pic.pad = Padding4::Symmetric(p.h.pad_lo, p.w.pad_lo);
    pic.groups = x.c;
    return Finish(pic, PaddedAxis(p.h, p.out.h, PaddingMode::Zeros, limit, "height"),
                              PaddedAxis(p.w, p.out.w, PaddingMode::Zeros, limit, "width"));
}

}  // namespace

// [SECTION] Ops

Result<LayerPicture> PictureConv2d(Shape x, Size2 kernel, int out_channels, const Conv2dOptions& o, int max_side,
                                   bool* too_large) {
    const Limit limit{max_side, too_large};
    const int groups = std::max(o.groups, 1);
    const Shape w{out_channels, std::max(1, x.c / groups), kernel.h, kernel.w};
    auto plan = PlanConv2d({1, x.c, x.h, x.w}, w, 0, o);
    if (!plan.ok()) return Result<LayerPicture>::Fail(plan.error());
    const Conv2dPlan& p = plan.value();
    LayerPicture pic;
    pic.op = OpKind::Conv2d;
    pic.in = {1, x.c, x.h, x.w};
    pic.out = p.out;
    pic.kernel = kernel;
    pic.pad = p.pad;
    pic.mode = p.mode;
    pic.groups = o.groups;
    return Finish(pic, PaddedAxis(p.h, p.out.h, p.mode, limit, "height"),
                              PaddedAxis(p.w, p.out.w, p.mode, limit, "width"));
}

Result<LayerPicture> PictureConvTranspose2d(Shape x, Size2 kernel, int out_channels,
                                            const ConvTranspose2dOptions& o, int max_side, bool* too_large) {
    const Limit limit{max_side, too_large};
    if (o.groups >= 1 && out_channels % o.groups != 0)
        return Result<LayerPicture>::Fail("groups=" + std::to_string(o.groups) + " must divide the output channels (" +
                                          std::to_string(out_channels) + "): use a multiple of " +
                                          std::to_string(o.groups) + " filters.");
    const Shape w{x.c, std::max(1, out_channels / std::max(o.groups, 1)), kernel.h, kernel.w};
    auto plan = PlanConvTranspose2d({1, x.c, x.h, x.w}, w, 0, o);
    if (!plan.ok()) return Result<LayerPicture>::Fail(plan.error());
    const ConvTranspose2dPlan& p = plan.value();
    LayerPicture pic;
    pic.op = OpKind::ConvTranspose2d;
    pic.in = {1, x.c, x.h, x.w};
    pic.out = p.out;
    pic.kernel = kernel;
    pic.pad = Padding4::Symmetric(o.padding.h, o.padding.w);
    pic.groups = o.groups;
    return Finish(pic, ZeroInsertedAxis(p.h, limit, "height"),
                                       ZeroInsertedAxis(p.w, limit, "width"));
}

Result<LayerPicture> PictureMaxPool2d(Shape x, const MaxPool2dOptions& o, int max_side, bool* too_large) {
    auto pic = PoolPicture(OpKind::MaxPool2d, x, PlanMaxPool2d({1, x.c, x.h, x.w}, o), {max_side, too_large});
    if (pic.ok()) pic.value().ceil_mode = o.ceil_mode;
    return pic;
}

Result<LayerPicture> PictureAvgPool2d(Shape x, const AvgPool2dOptions& o, int max_side, bool* too_large) {
    auto pic = PoolPicture(OpKind::AvgPool2d, x, PlanAvgPool2d({1, x.c, x.h, x.w}, o), {max_side, too_large});
    if (pic.ok()) {
        pic.value().ceil_mode = o.ceil_mode;
        pic.value().count_include_pad = o.count_include_pad;
        pic.value().divisor_override = o.divisor_override;
    }
    return pic;
}

}  // namespace cp
