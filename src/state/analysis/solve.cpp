// solve.cpp — solve.h.
//
// [SECTION] Target text
// [SECTION] One axis: every (s, p, d, extra) that gives the size
// [SECTION] Both axes, confirmed by planning the document
#include "state/analysis/solve.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <limits>

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

// The simplest `keep` choices seen so far: pushes are cheap, and bound()
// says the cost past which nothing more can enter (so a search can stop).
class Simplest {
public:
    explicit Simplest(size_t keep) : keep_(keep) {}
    void Push(const AxisChoice& c) {
        if (c.cost > bound()) return;
        out_.push_back(c);
        if (out_.size() >= 4 * keep_) Trim();
    }
    int bound() const { return full_ ? bound_ : std::numeric_limits<int>::max(); }
    std::vector<AxisChoice> Take() {
        Trim();
        return std::move(out_);
    }

private:
    void Trim() {
        std::stable_sort(out_.begin(), out_.end(), [](const AxisChoice& a, const AxisChoice& b) {
            if (a.cost != b.cost) return a.cost < b.cost;
            if (a.d != b.d) return a.d < b.d;
            if (a.s != b.s) return a.s < b.s;
            return a.p < b.p;
        });
        if (out_.size() >= keep_) out_.resize(keep_), full_ = true, bound_ = out_.back().cost;
    }
    size_t keep_;
    std::vector<AxisChoice> out_;
    bool full_ = false;
    int bound_ = 0;
};

// Every choice along one axis, simplest first (at most `keep`). Solved, not
// searched: for each dilation and stride, the size formula gives the few
// paddings (and output paddings) that can reach `target`, and the engine's own
// OutputSize / TransposedOutputSize confirms each. So a 16384-pixel side or a
// stride of 16 (a ViT's patches) costs what a textbook case does: strides run
// until their cost alone passes the simplest `keep` found.
std::vector<AxisChoice> AxisChoices(OpKind op, int in, int k, int target, size_t keep) {
    Simplest best(keep);
    const bool pool = IsPoolOp(op), transposed = op == OpKind::ConvTranspose2d;
    const int default_stride = pool ? k : 1;
    const int max_d = op == OpKind::AvgPool2d || k == 1 ? 1 : kMaxSolveDilation;
    for (int d = 1; d <= max_d && 2 * (d - 1) <= best.bound(); ++d) {
        const int64_t span = int64_t(d) * (k - 1) + 1;
        // A dilated window wider than the input reads mostly padding: not an answer.
        if (d > 1 && !transposed && span > in) break;
        if (d > kMaxDilation && transposed) break;
        // A conv's padding past the window's span adds windows of padding
        // alone; a pool's is at most half its kernel (PyTorch); a transposed
        // conv's at most its span's, or the slider's range.
        const int64_t max_p = op == OpKind::Conv2d ? span - 1 : pool ? k / 2 : std::max<int64_t>(kMaxPadding, span - 1);
        // How far the window can slide with the most padding: past a stride
        // of reach + 1 it fits once whatever the stride, so larger ones only cost more.
        const int64_t reach = int64_t(in) + 2 * max_p - span;
        if (!transposed && reach < 0) continue;
        const int64_t last_s = transposed ? kMaxGeometrySide
                                          : std::min<int64_t>(kMaxGeometrySide, std::max<int64_t>(default_stride, reach + 1) + 1);
        int offered = 0;  // for this dilation
        for (int64_t s = 1; s <= last_s; ++s) {
            // One window (target 1): every stride past the first that fits gives the same.
            if (target == 1 && offered >= 4) break;
            const int base = int(std::min<int64_t>(std::abs(s - default_stride) + 2 * (d - 1), 1 << 30));
            if (base > best.bound()) {
                if (s >= default_stride) break;  // only costlier strides from here
                continue;
            }
            auto offer = [&](int64_t p, int extra, bool ceil_matters) {
                ++offered;
                best.Push({int(s), int(p), d, extra, ceil_matters, base + int(p) + extra + (pool && extra ? 1 : 0)});
            };
            if (transposed) {
                // out = (in - 1)s - 2p + span + opad, so 2p - opad = (in - 1)s + span - target.
                const int64_t r = (int64_t(in) - 1) * s + span - target;
                if (r > 2 * max_p) {
                    if (in > 1) break;  // larger strides only grow the output
                    continue;
                }
                for (int64_t opad = 0; opad < std::max<int64_t>(s, d) && opad <= 2; ++opad) {
                    if (r + opad < 0 || (r + opad) % 2 != 0 || (r + opad) / 2 > max_p) continue;
                    const int64_t p = (r + opad) / 2;
                    const auto n = TransposedOutputSize({in, k, int(s), int(p), int(opad), d});
                    if (n.ok() && n.value() == target) offer(p, int(opad), false);
                }
                if (in == 1 && s >= std::max(kMaxStride, d + 2)) break;  // a 1-wide input: the stride only bounds opad
                continue;
            }
            // out = floor(L / s) + 1 with L = in + 2p - span: the paddings with
            // (target - 1)s <= L <= target·s - 1 (and, for a pool's ceil_mode,
            // a stride lower), each confirmed by the engine.
            const int64_t below = target - (pool ? 2 : 1);
            if (below >= 1 && below * s > reach) break;  // larger strides need more padding than there is
            // (A conv's range is exact; a pool's gets a step of slack for PyTorch's
            // rule that the last window starts inside the input, which the engine applies.)
            const int64_t lo = below * s + span - in, hi = int64_t(target) * s - 1 + span - in;
            const int64_t p0 = pool ? std::max<int64_t>(0, lo / 2 - 1) : std::max<int64_t>(0, lo >= 0 ? (lo + 1) / 2 : -(-lo / 2));
            const int64_t p1 = std::min<int64_t>({max_p, pool ? hi / 2 + 1 : (hi >= 0 ? hi / 2 : -1), p0 + 8});
            for (int64_t p = p0; p <= p1; ++p) {
                const Axis axis{in, k, int(s), int(p), int(p), d};
                const auto floor = OutputSize(axis, Rounding::Floor);
                const bool floor_fits = floor.ok() && floor.value() == target;
                if (floor_fits) offer(p, 0, false);
                if (pool) {
                    const auto ceil = OutputSize(axis, Rounding::Ceil);
                    if (ceil.ok() && ceil.value() == target) offer(p, 1, !floor_fits);
                }
            }
        }
    }
    return best.Take();
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
        if (s.empty() || s.size() > 8 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::nullopt;
        int v = 0;
        std::from_chars(s.data(), s.data() + s.size(), v);
        if (v < 1 || v > kMaxGeometrySide) return std::nullopt;
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
    if (index > 0 && !plans[size_t(index - 1)].out.ok()) {
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
        // The shape by geometry: a layer too large to draw is still solved for.
        if (!planned[size_t(index)].out.ok()) continue;
        const Shape out = planned[size_t(index)].out.value();
        if (out.h != target.h || out.w != target.w) continue;
        SolveRow row;
        row.layer = trial.layers[size_t(index)];
        row.label = Label(op, c.h, c.w);
        row.out = {out.h, out.w};
        row.cost = c.cost;
        const bool drawn = plans[size_t(index)].picture.ok() && planned[size_t(index)].picture.ok();
        row.current = drawn ? SameGeometry(planned[size_t(index)].picture.value(), plans[size_t(index)].picture.value())
                            : row.layer == layer;
        result.rows.push_back(std::move(row));
    }
    if (result.rows.empty()) {
        const bool grows = target.h > in.h || target.w > in.w;
        std::string why = std::string("no stride, padding") + (IsPoolOp(op) ? " (at most half the kernel)" : "") +
                          (op == OpKind::AvgPool2d             ? ""
                           : op == OpKind::ConvTranspose2d ? " or dilation (1 to " + std::to_string(kMaxDilation) + ")"
                                                           : " or dilation (up to " + std::to_string(kMaxSolveDilation) +
                                                                 ", the window within the input)") +
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
