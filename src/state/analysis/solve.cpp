// solve.cpp — solve.h.
//
// [SECTION] Target text
// [SECTION] One axis: every (s, p, d, extra) that gives the size
// [SECTION] Both axes, confirmed by planning the document
#include "state/analysis/solve.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "engine/geometry.h"
#include "state/model/limits.h"
#include "state/model/sanitize.h"

namespace cp {
namespace {

const char* const kTimes = "\xC3\x97";   // ×
const char* const kArrow = "\xE2\x86\x92";  // →

bool IsPoolOp(OpKind op) { return op == OpKind::MaxPool2d || op == OpKind::AvgPool2d; }

std::string Dims(int h, int w) { return std::to_string(h) + kTimes + std::to_string(w); }
std::string Pair(int h, int w) { return h == w ? std::to_string(h) : Dims(h, w); }

// [SECTION] One axis: every (s, p, d, extra) that gives the size

// extra: a transposed conv's output_padding, or a pool's ceil_mode (0/1).
struct AxisChoice {
    int s = 1, p = 0, d = 1, extra = 0;
    bool ceil_matters = false;  // a pool's ceil row whose size floor would not give
    int cost = 0;
    bool operator==(const AxisChoice& o) const { return s == o.s && p == o.p && d == o.d && extra == o.extra; }
};

// Every choice along one axis, simplest first (at most `keep`).
std::vector<AxisChoice> AxisChoices(OpKind op, int in, int k, int target, size_t keep) {
    std::vector<AxisChoice> out;
    const int default_stride = IsPoolOp(op) ? k : 1;
    const int max_d = op == OpKind::AvgPool2d ? 1 : kMaxDilation;
    for (int d = 1; d <= max_d; ++d)
        for (int s = 1; s <= kMaxStride; ++s)
            for (int p = 0; p <= kMaxPadding; ++p) {
                const int base = std::abs(s - default_stride) + p + 2 * (d - 1);
                if (op == OpKind::ConvTranspose2d) {
                    for (int op_pad = 0; op_pad < std::max(s, d); ++op_pad) {
                        const auto n = TransposedOutputSize({in, k, s, p, op_pad, d});
                        if (n.ok() && n.value() == target) out.push_back({s, p, d, op_pad, false, base + op_pad});
                    }
                    continue;
                }
                // A conv's padding past the window's span adds windows of
                // padding alone; a pool's is at most half its kernel (PyTorch).
                if (op == OpKind::Conv2d && p > d * (k - 1)) continue;
                if (IsPoolOp(op) && p > k / 2) continue;
                const Axis axis{in, k, s, p, p, d};
                const auto floor = OutputSize(axis, Rounding::Floor);
                if (floor.ok() && floor.value() == target) out.push_back({s, p, d, 0, false, base});
                if (IsPoolOp(op)) {
                    const auto ceil = OutputSize(axis, Rounding::Ceil);
                    if (ceil.ok() && ceil.value() == target)
                        out.push_back({s, p, d, 1, !(floor.ok() && floor.value() == target), base + 2});
                }
            }
    std::stable_sort(out.begin(), out.end(), [](const AxisChoice& a, const AxisChoice& b) {
        if (a.cost != b.cost) return a.cost < b.cost;
        if (a.d != b.d) return a.d < b.d;
        if (a.s != b.s) return a.s < b.s;
        return a.p < b.p;
    });
    if (out.size() > keep) out.resize(keep);
    return out;
}

// [SECTION] Both axes, confirmed by planning the document

Layer Apply(Layer layer, const AxisChoice& h, const AxisChoice& w) {
    const Size2 s{h.s, w.s}, p{h.p, w.p}, d{h.d, w.d};
    struct Visit {
        Size2 s, p, d;
        int eh, ew;
        void operator()(Conv2dOptions& o) const {
            o.stride = s, o.dilation = d, o.rule = PaddingRule::Explicit, o.pad = Padding4::Symmetric(p.h, p.w);
        }
        void operator()(ConvTranspose2dOptions& o) const {
            o.stride = s, o.padding = p, o.dilation = d, o.output_padding = {eh, ew};
        }
        void operator()(MaxPool2dOptions& o) const {
            o.stride = s, o.padding = p, o.dilation = d, o.ceil_mode = eh != 0;
        }
        void operator()(AvgPool2dOptions& o) const { o.stride = s, o.padding = p, o.ceil_mode = eh != 0; }
    };
    const Size2 kernel = KernelOf(layer), before = StrideOf(layer);
    std::visit(WithUndrawn<void>(Visit{s, p, d, h.extra, w.extra}), layer.options);
    // A pool's stride left at "= kernel" stays so: the link stays short.
    if (before == kernel && s == kernel && (layer.op() == OpKind::MaxPool2d || layer.op() == OpKind::AvgPool2d))
        std::visit([&](auto& o) {
            if constexpr (requires { o.ceil_mode; }) o.stride = Size2{0, 0};
        }, layer.options);
    return layer;
}

std::string Label(OpKind op, const AxisChoice& h, const AxisChoice& w) {
    std::string label = "s" + Pair(h.s, w.s) + " p" + Pair(h.p, w.p);
    if (h.d != 1 || w.d != 1) label += " d" + Pair(h.d, w.d);
    if (op == OpKind::ConvTranspose2d && (h.extra != 0 || w.extra != 0)) label += " opad" + Pair(h.extra, w.extra);
    if (IsPoolOp(op) && h.extra != 0) label += " + ceil";
    return label;
}

// Whether two plans of a layer slide the same window the same way: the
// layer's own configuration, however it was spelled (padding='same' or its
// numbers, a pool's stride 0 or its kernel).
bool SameGeometry(const LayerPicture& a, const LayerPicture& b) {
    auto same = [](const PictureAxis& x, const PictureAxis& y) {
        return x.stride == y.stride && x.spacing == y.spacing && x.dilation == y.dilation && x.kernel == y.kernel &&
               x.pad_lo == y.pad_lo && x.pad_hi == y.pad_hi && x.out == y.out;
    };
    return same(a.h, b.h) && same(a.w, b.w) && a.pad == b.pad;  // ceil_mode: only where it changes `out`
}

}  // namespace

std::optional<Size2> ParseTargetSize(std::string_view text) {
    auto trim = [](std::string_view s) {
        while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
        while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
        return s;
    };
    auto number = [](std::string_view s) -> std::optional<int> {
        if (s.empty() || s.size() > 3 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::nullopt;
        int v = 0;
        std::from_chars(s.data(), s.data() + s.size(), v);
        if (v < 1) return std::nullopt;
        return v;
    };
    text = trim(text);
    size_t cut = text.find_first_of("xX"), width = 1;
    if (cut == std::string_view::npos) cut = text.find(kTimes), width = 2;
    if (cut == std::string_view::npos) {
        const auto v = number(text);
        if (!v) return std::nullopt;
        return Size2{*v, *v};
    }
    const auto h = number(trim(text.substr(0, cut))), w = number(trim(text.substr(cut + width)));
    if (!h || !w) return std::nullopt;
    return Size2{*h, *w};
}

SolveResult SolveForOutput(const Doc& doc, int index, Size2 target, size_t max_rows) {
    SolveResult result;
    const std::vector<LayerPlan> plans = PlanDoc(doc);
    if (index < 0 || size_t(index) >= plans.size()) {
        result.none = "there is no layer " + std::to_string(index + 1) + ".";
        return result;
    }
    const Layer& layer = doc.layers[size_t(index)];
    const OpKind op = layer.op();
    const Shape in = plans[size_t(index)].in;
    const Size2 k = KernelOf(layer);
    result.heading = Dims(in.h, in.w) + " " + kArrow + " " + Dims(target.h, target.w) + " with k" + Pair(k.h, k.w);
    if (index > 0 && !plans[size_t(index - 1)].picture.ok()) {
        result.none = "an earlier layer has no output, so this layer has no input to solve for.";
        return result;
    }

    // Each axis alone; with the same question on both, only square answers.
    constexpr size_t kPerAxis = 24;
    const std::vector<AxisChoice> hs = AxisChoices(op, in.h, k.h, target.h, kPerAxis);
    const bool square = in.h == in.w && k.h == k.w && target.h == target.w;
    const std::vector<AxisChoice> ws = square ? hs : AxisChoices(op, in.w, k.w, target.w, kPerAxis);
    struct Combo {
        AxisChoice h, w;
        int cost;
    };
    std::vector<Combo> combos;
    for (const AxisChoice& h : hs)
        for (const AxisChoice& w : ws) {
            if (square && !(h == w)) continue;
            if (IsPoolOp(op) && h.extra != w.extra) continue;              // ceil_mode is one flag
            if (IsPoolOp(op) && h.extra && !h.ceil_matters && !w.ceil_matters) continue;  // = the floor row
            const int ceil_once = IsPoolOp(op) && h.extra ? 2 : 0;         // counted once, not per axis
            combos.push_back({h, w, square ? h.cost : h.cost + w.cost - ceil_once});
        }
    std::stable_sort(combos.begin(), combos.end(), [](const Combo& a, const Combo& b) { return a.cost < b.cost; });

    // Confirm in order: apply, sanitize, plan; keep rows that need no repair
    // and give exactly the target. Bounded: a hostile target costs little.
    int tries = 0;
    for (const Combo& c : combos) {
        if (result.rows.size() >= max_rows || ++tries > 64) break;
        Doc trial = doc;
        trial.layers[size_t(index)] = Apply(layer, c.h, c.w);
        if (!Sanitize(trial).empty()) continue;
        const std::vector<LayerPlan> planned = PlanDoc(trial);
        if (!planned[size_t(index)].picture.ok()) continue;
        const Shape out = planned[size_t(index)].picture.value().out;
        if (out.h != target.h || out.w != target.w) continue;
        SolveRow row;
        row.layer = trial.layers[size_t(index)];
        row.label = Label(op, c.h, c.w);
        row.out = {out.h, out.w};
        row.cost = c.cost;
        row.current = plans[size_t(index)].picture.ok() &&
                      SameGeometry(planned[size_t(index)].picture.value(), plans[size_t(index)].picture.value());
        result.rows.push_back(std::move(row));
    }
    if (result.rows.empty()) {
        const bool grows = target.h > in.h || target.w > in.w;
        std::string why = "no stride (1 to " + std::to_string(kMaxStride) + "), padding (0 to " +
                          std::to_string(kMaxPadding) + ")" +
                          (op == OpKind::AvgPool2d ? "" : " or dilation (1 to " + std::to_string(kMaxDilation) + ")") +
                          " gives " + Dims(target.h, target.w) + " here";
        if (op != OpKind::ConvTranspose2d && grows)
            why += ": a " + std::string(IsPoolOp(op) ? "pool" : "conv") +
                   " keeps or shrinks a size (by about the kernel); to grow one, use a transposed conv.";
        else if (op == OpKind::ConvTranspose2d && !grows)
            why += ": a transposed conv mostly grows a size; to shrink one, use a conv or a pool.";
        else
            why += ": try another kernel size.";
        result.none = why;
    }
    return result;
}

}  // namespace cp
