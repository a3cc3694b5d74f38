// sanitize.cpp — sanitize.h.
//
// [SECTION] Field clamps
// [SECTION] Whole-document limits: from the chain's shapes
// [SECTION] View
#include "state/model/sanitize.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <string>
#include <utility>

#include "engine/names.h"
#include "state/model/limits.h"

namespace cp {
namespace {

// [SECTION] Field clamps

struct Fixer {
    std::vector<Notice>& notices;
    std::string field;

    void Int(int& v, int lo, int hi, const char* what) {
        if (v >= lo && v <= hi) return;
        const int was = v;
        v = std::clamp(v, lo, hi);
        notices.push_back({field, std::string(what) + " " + std::to_string(was) + " is " +
                                      (was < lo ? "less than " + std::to_string(lo) : "more than " + std::to_string(hi)) +
                                      ": set to " + std::to_string(v) + "."});
    }
    void Pair(Size2& v, int lo, int hi, const char* what) {
        Int(v.h, lo, hi, what);
        Int(v.w, lo, hi, what);
    }
    // Printable ASCII on one line, trimmed, at most `most` characters: a
    // pass-through's name and arguments reach code out, the page and links.
    void Text(std::string& s, size_t most, const char* what) {
        std::string clean;
        for (const char c : s) {
            const bool printable = c >= 0x20 && c < 0x7F;
            if (printable) clean += c;
            else if (!clean.empty() && clean.back() != ' ') clean += ' ';
        }
        const size_t a = clean.find_first_not_of(' '), b = clean.find_last_not_of(' ');
        clean = a == std::string::npos ? std::string() : clean.substr(a, b - a + 1);
        const bool cut = clean.size() > most;
        if (cut) clean.resize(most);
        if (clean == s) return;
        const std::string why = cut ? " longer than " + std::to_string(most) + " characters: cut."
                                    : std::string(" with characters a line cannot hold: replaced.");
        notices.push_back({field, what + why});
        s = std::move(clean);
    }
    template <class E>
    void Enum(E& e, E fallback, const char* what) {
        if (EnumFromInt<E>(int64_t(e))) return;
        notices.push_back({field, std::string("unknown ") + what + " " + std::to_string(int(e)) + ": set to the default."});
        e = fallback;
    }
};

// Geometry only (limits.h): every size within what the arithmetic holds
// exactly. A configuration the engine refuses (a kernel past the padded
// input, say) is not repaired: the figure and the Stack tab explain it.
constexpr int kSide = kMaxGeometrySide, kCh = kMaxGeometryChannels;

void FixLayer(Layer& layer, Fixer& f) {
    struct Visit {
        Layer& layer;
        Fixer& f;
        void operator()(Conv2dOptions& o) const {
            f.Pair(layer.kernel, 1, kSide, "kernel");
            f.Int(layer.out_channels, 1, kCh, "output channels");
            f.Pair(o.stride, 1, kSide, "stride");
            f.Pair(o.dilation, 1, kSide, "dilation");
            f.Int(o.pad.top, 0, kSide, "padding");
            f.Int(o.pad.bottom, 0, kSide, "padding");
            f.Int(o.pad.left, 0, kSide, "padding");
            f.Int(o.pad.right, 0, kSide, "padding");
            f.Int(o.groups, 1, kCh, "groups");
            f.Enum(o.rule, PaddingRule::Explicit, "padding rule");
            f.Enum(o.mode, PaddingMode::Zeros, "padding mode");
        }
        void operator()(ConvTranspose2dOptions& o) const {
            f.Pair(layer.kernel, 1, kSide, "kernel");
            f.Int(layer.out_channels, 1, kCh, "output channels");
            f.Pair(o.stride, 1, kSide, "stride");
            f.Pair(o.dilation, 1, kSide, "dilation");
            f.Pair(o.padding, 0, kSide, "padding");
            f.Pair(o.output_padding, 0, kSide, "output padding");
            f.Int(o.groups, 1, kCh, "groups");
        }
        void operator()(MaxPool2dOptions& o) const {
            f.Pair(o.kernel, 1, kSide, "kernel");
            if (o.stride.h != 0 || o.stride.w != 0) f.Pair(o.stride, 1, kSide, "stride");
            f.Pair(o.padding, 0, kSide, "padding");
            f.Pair(o.dilation, 1, kSide, "dilation");
        }
        void operator()(AvgPool2dOptions& o) const {
            f.Pair(o.kernel, 1, kSide, "kernel");
            if (o.stride.h != 0 || o.stride.w != 0) f.Pair(o.stride, 1, kSide, "stride");
            f.Pair(o.padding, 0, kSide, "padding");
            f.Int(o.divisor_override, -kSide, kSide, "divisor override");
        }
        void operator()(PassThroughOptions& o) const {
            if (o.params < 0) o.params = 0, f.notices.push_back({f.field, "a negative parameter count: set to 0."});
            f.Text(o.name, kMaxLayerName, "class name");
            if (o.name.empty()) o.name = "Identity", f.notices.push_back({f.field, "no class name: set to Identity."});
            f.Text(o.args, kMaxLayerArgs, "arguments");
        }
        void operator()(Pad2dOptions& o) const {
            f.Int(o.pad.top, -kSide, kSide, "padding");
            f.Int(o.pad.bottom, -kSide, kSide, "padding");
            f.Int(o.pad.left, -kSide, kSide, "padding");
            f.Int(o.pad.right, -kSide, kSide, "padding");
            f.Enum(o.mode, PaddingMode::Zeros, "padding mode");
            if (!std::isfinite(o.value)) o.value = 0, f.notices.push_back({f.field, "a fill that is not a number: set to 0."});
        }
        void operator()(AdaptivePool2dOptions& o) const { f.Pair(o.output, 0, kSide, "output size"); }
        void operator()(UpsampleOptions& o) const {
            f.Pair(o.scale, 1, kSide, "scale factor");
            f.Pair(o.size, 0, kSide, "output size");
        }
        void operator()(FlattenOptions&) const {}
        void operator()(LinearOptions& o) const {
            f.Int(o.in_features, 0, kMaxGeometryFeatures, "in_features");
            f.Int(o.out_features, 1, kMaxGeometryFeatures, "out_features");
        }
    };
    std::visit(Visit{layer, f}, layer.options);
}

// Keeps the edits that name a cell of an (o x c x h x w) tensor, one per cell
// (the last one wins), with values clamped, at most kMaxValueEdits of them.
void FixEdits(std::vector<CellValue>& edits, int o, int c, int h, int w, std::vector<Notice>& notices,
              const std::string& field) {
    std::vector<CellValue> kept;
    size_t dropped = 0, clamped = 0;
    for (CellValue e : edits) {
        if (e.o < 0 || e.o >= o || e.c < 0 || e.c >= c || e.y < 0 || e.y >= h || e.x < 0 || e.x >= w) {
            ++dropped;
            continue;
        }
        if (e.value < -kMaxCellValue || e.value > kMaxCellValue) {
            e.value = std::clamp(e.value, -kMaxCellValue, kMaxCellValue);
            ++clamped;
        }
        auto same = std::find_if(kept.begin(), kept.end(), [&](const CellValue& k) {
            return k.o == e.o && k.c == e.c && k.y == e.y && k.x == e.x;
        });
        if (same != kept.end()) *same = e;
        else kept.push_back(e);
    }
    if (kept.size() > size_t(kMaxValueEdits)) {
        dropped += kept.size() - size_t(kMaxValueEdits);
        kept.resize(size_t(kMaxValueEdits));
    }
    if (dropped)
        notices.push_back({field, std::to_string(dropped) + " edited value(s) outside the cells or past the " +
                                      std::to_string(kMaxValueEdits) + " kept: ignored."});
    if (clamped)
        notices.push_back({field, std::to_string(clamped) + " edited value(s) beyond \xC2\xB1" +
                                      std::to_string(kMaxCellValue) + ": clamped."});
    edits = std::move(kept);
}

// [SECTION] Whole-document limits: from the chain's shapes

// Weight edits index a tensor whose channel sizes come from the chain.
void FixWeightEdits(Layer& layer, int in_channels, const std::string& field, std::vector<Notice>& notices) {
    int dim0 = 0, dim1 = 0;
    if (layer.drawn()) {
        const Shape w = WeightShapeOf(layer, in_channels);  // conv: out x in/g; transposed: in x out/g
        dim0 = w.n, dim1 = w.c;
    }
    const Size2 k = KernelOf(layer);
    FixEdits(layer.weight_edits, dim0, dim1, k.h, k.w, notices, field);
}

}  // namespace

// Side branches (doc.h SideBranch): at most kMaxBranches of at most
// kMaxBranchLayers layers, indices within a stack's, printable paths, each
// layer as a main layer. Indices past the chain are the Stack tab's to explain.
void FixBranches(Doc& doc, const std::vector<std::pair<Shape, bool>>& ins, std::vector<Notice>& notices) {
    if (doc.branches.size() > size_t(kMaxBranches)) {
        notices.push_back({"branches", std::to_string(doc.branches.size()) + " side branches are more than " +
                                           std::to_string(kMaxBranches) + ": kept the first " +
                                           std::to_string(kMaxBranches) + "."});
        doc.branches.resize(size_t(kMaxBranches));
    }
    for (size_t j = 0; j < doc.branches.size(); ++j) {
        SideBranch& b = doc.branches[j];
        const std::string field = "side branch " + std::to_string(j + 1);
        Fixer f{notices, field};
        f.Int(b.from, 0, kMaxLayers - 1, "from");
        f.Int(b.join, 0, kMaxLayers - 1, "join");
        f.Text(b.name, kMaxLayerName, "path");
        if (b.layers.size() > size_t(kMaxBranchLayers)) {
            notices.push_back({field, std::to_string(b.layers.size()) + " layers are more than " +
                                          std::to_string(kMaxBranchLayers) + ": kept the first " +
                                          std::to_string(kMaxBranchLayers) + "."});
            b.layers.resize(size_t(kMaxBranchLayers));
        }
        const bool known = size_t(b.from) < ins.size();
        Shape in = known ? ins[size_t(b.from)].first : Shape{1, 1, 1, 1};
        bool flat = known && ins[size_t(b.from)].second, chain = known;
        for (size_t i = 0; i < b.layers.size(); ++i) {
            Layer& layer = b.layers[i];
            Fixer lf{notices, field + " layer " + std::to_string(i + 1)};
            FixLayer(layer, lf);
            FixWeightEdits(layer, in.c, lf.field + " weights", notices);
            if (!chain) continue;
            const Result<Shape> out = OutShapeOf(layer, in, flat);
            if (!(chain = out.ok())) continue;
            in = out.value();
            flat = FlatAfter(layer, flat);
        }
    }
}

namespace {
std::atomic<uint64_t> g_sanitize_runs{0};  // SanitizeRuns: a count for tests, nothing reads it to decide
}  // namespace

uint64_t SanitizeRuns() { return g_sanitize_runs.load(std::memory_order_relaxed); }

std::vector<Notice> Sanitize(Doc& doc) {
    g_sanitize_runs.fetch_add(1, std::memory_order_relaxed);
    std::vector<Notice> notices;
    if (doc.layers.empty()) {
        doc.layers = DefaultDoc().layers;
        notices.push_back({"layers", "there were no layers: added the default conv."});
    }
    if (doc.layers.size() > size_t(kMaxLayers)) {
        notices.push_back({"layers", std::to_string(doc.layers.size()) + " layers are more than " +
                                         std::to_string(kMaxLayers) + ": kept the first " +
                                         std::to_string(kMaxLayers) + "."});
        doc.layers.resize(size_t(kMaxLayers));
    }
    Fixer input{notices, "input"};
    input.Int(doc.input.h, 1, kMaxGeometrySide, "height");
    input.Int(doc.input.w, 1, kMaxGeometrySide, "width");
    input.Int(doc.input.channels, 1, kMaxGeometryChannels, "channels");
    FixEdits(doc.input.edits, 1, doc.input.channels, doc.input.h, doc.input.w, notices, "input");

    // One walk down the chain's shapes (no pictures, no values): the weight
    // edits' sizes. PlanDoc draws and computes only what fits (LimitNotices
    // says when values are not computed); nothing is shrunk to fit a picture.
    Shape in{1, doc.input.channels, doc.input.h, doc.input.w};
    bool flat = false, chain = true;
    std::vector<std::pair<Shape, bool>> ins;  // each layer's input (and whether flat), for the side branches
    ins.reserve(doc.layers.size());
    for (size_t i = 0; i < doc.layers.size(); ++i) {
        Layer& layer = doc.layers[i];
        ins.emplace_back(in, flat);
        Fixer f{notices, "layer " + std::to_string(i + 1)};
        FixLayer(layer, f);
        FixWeightEdits(layer, in.c, "layer " + std::to_string(i + 1) + " weights", notices);
        if (!chain) continue;
        const Result<Shape> out = OutShapeOf(layer, in, flat);
        if (!(chain = out.ok())) continue;
        in = out.value();
        flat = FlatAfter(layer, flat);
    }
    FixBranches(doc, ins, notices);
    return notices;
}

std::vector<Notice> LimitNotices(const std::vector<LayerPlan>& plans) {
    ValueBudget budget;
    for (const LayerPlan& p : plans)
        if (p.out.ok()) budget.Add(p.in, p.out.value(), p.macs);
    if (budget.Fits()) return {};
    return {{"values", kValuesCapNotice}};
}

// [SECTION] View

int ViewedLayer(const View& view, size_t layers) {
    return layers == 0 ? 0 : std::clamp(view.layer, 0, int(layers) - 1);
}

void SanitizeView(View& view, const std::vector<LayerPlan>& plans) {
    const Result<LayerPicture> none = Result<LayerPicture>::Fail("no layer");
    const int layer = ViewedLayer(view, plans.size());
    SanitizeView(view, plans.size(), plans.empty() ? none : plans[size_t(layer)].picture);
}

void SanitizeView(View& view, size_t layers, const Result<LayerPicture>& viewed) {
    view.layer = ViewedLayer(view, layers);
    int64_t steps = 0;
    if (viewed.ok()) steps = viewed.value().Steps();
    view.step = steps > 0 ? int(std::clamp<int64_t>(view.step, 0, steps - 1)) : 0;
    if (steps == 0) view.playing = false;
    // A quiz waits for the answer: the window stays on the first output cell
    // (stepping through would count the outputs for the student).
    if (view.HidesOutput()) view.step = 0, view.playing = false;
    // Image mode's channel: one of the viewed layer's outputs.
    const int channels = viewed.ok() ? viewed.value().out.c : 1;
    view.image_channel = std::clamp(view.image_channel, 0, std::max(1, channels) - 1);
    if (!(view.speed >= 0.25f && view.speed <= 20.0f)) view.speed = std::isfinite(view.speed) ? std::clamp(view.speed, 0.25f, 20.0f) : 2.0f;
    if (!(view.zoom >= 0.25f && view.zoom <= 8.0f)) view.zoom = std::isfinite(view.zoom) ? std::clamp(view.zoom, 0.25f, 8.0f) : 1.0f;
    if (!std::isfinite(view.pan_x)) view.pan_x = 0;
    if (!std::isfinite(view.pan_y)) view.pan_y = 0;
    if (!std::isfinite(view.clock) || view.clock < 0) view.clock = 0;
}

}  // namespace cp
