// window_oracle.cpp — window_oracle.h.
#include "window_oracle.h"

#include <algorithm>

namespace cp {
namespace {

// The checks every sliding-window axis shares (geometry.cpp's AxisProblem).
bool AxisValid(const Axis& a) {
    return a.in >= 1 && a.kernel >= 1 && a.stride >= 1 && a.dilation >= 1 && a.pad_lo >= 0 && a.pad_hi >= 0 &&
           a.in <= kMaxTensorElements && a.kernel <= kMaxTensorElements && a.pad_lo <= kMaxTensorElements &&
           a.pad_hi <= kMaxTensorElements;
}

}  // namespace

std::vector<WindowTap> Window2d(const Axis& h, const Axis& w, int oy, int ox, int64_t max_taps) {
    std::vector<WindowTap> taps;
    if (!AxisValid(h) || !AxisValid(w)) return taps;
    if (int64_t(h.kernel) * w.kernel > std::min(max_taps, kMaxTensorElements)) return taps;
    const AxisWindow wy = WindowOf(h, oy), wx = WindowOf(w, ox);
    taps.reserve(size_t(h.kernel) * w.kernel);
    for (int ky = 0; ky < h.kernel; ++ky) {
        for (int kx = 0; kx < w.kernel; ++kx) {
            const int64_t y = wy.Tap(ky), x = wx.Tap(kx);
            taps.push_back({ky, kx, y, x, IsPadding(h, y) || IsPadding(w, x)});
        }
    }
    return taps;
}

AxisCoverage CoverageOf(const Axis& a, int out, int64_t max_cells) {
    AxisCoverage c;
    if (!AxisValid(a) || out < 1 || out > kMaxTensorElements || a.in > max_cells) return c;
    // Tap t of every output walks the input with step `stride`, so each tap adds
    // one arithmetic progression: mark its ends, then sum along each residue
    // class mod stride. O(kernel + in), whatever the stride, dilation or size.
    std::vector<int64_t> acc(size_t(a.in), 0);
    const int64_t s = a.stride;
    for (int t = 0; t < a.kernel; ++t) {
        const int64_t p0 = int64_t(t) * a.dilation - a.pad_lo;  // tap t of output 0
        const int64_t o_lo = std::max<int64_t>(0, p0 >= 0 ? 0 : (-p0 + s - 1) / s);
        const int64_t last = int64_t(a.in) - 1 - p0;
        if (last < 0) continue;
        const int64_t o_hi = std::min<int64_t>(out - 1, last / s);
        if (o_lo > o_hi) continue;
        acc[size_t(p0 + o_lo * s)] += 1;
        const int64_t end = p0 + (o_hi + 1) * s;
        if (end < a.in) acc[size_t(end)] -= 1;
    }
    for (int64_t i = s; i < a.in; ++i) acc[size_t(i)] += acc[size_t(i - s)];
    c.reads.assign(acc.begin(), acc.end());
    for (int i = 0; i < a.in; ++i)
        if (c.reads[size_t(i)] == 0) c.unread.push_back(i);
    const int64_t span_end = a.FirstTap(out - 1) + a.EffectiveKernel() - 1;
    c.dropped_tail = int(std::clamp<int64_t>(int64_t(a.in) - 1 - span_end, 0, a.in));
    return c;
}

std::vector<int> Coverage2d(const AxisCoverage& h, const AxisCoverage& w, int64_t max_cells) {
    std::vector<int> m;
    if (int64_t(h.reads.size()) * int64_t(w.reads.size()) > std::min(max_cells, kMaxTensorElements)) return m;
    m.reserve(h.reads.size() * w.reads.size());
    for (int ry : h.reads)
        for (int rx : w.reads) m.push_back(ry * rx);
    return m;
}

}  // namespace cp
