// sanitize.cpp — sanitize.h.
//
// [SECTION] Field clamps
// [SECTION] Whole-document limits: picture size and work
// [SECTION] View
#include "state/model/sanitize.h"

#include <algorithm>
#include <cmath>
#include <string>

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
    template <class E>
    void Enum(E& e, E fallback, const char* what) {
        if (EnumFromInt<E>(int64_t(e))) return;
        notices.push_back({field, std::string("unknown ") + what + " " + std::to_string(int(e)) + ": set to the default."});
        e = fallback;
    }
};

void FixLayer(Layer& layer, Fixer& f, const DocLimits& lim) {
    struct Visit {
        Layer& layer;
        Fixer& f;
        const DocLimits& lim;
        void operator()(Conv2dOptions& o) const {
            f.Pair(layer.kernel, 1, lim.kernel_side, "kernel");
            f.Int(layer.out_channels, 1, lim.channels, "output channels");
            f.Pair(o.stride, 1, kMaxStride, "stride");
            f.Pair(o.dilation, 1, kMaxDilation, "dilation");
            f.Int(o.pad.top, 0, kMaxPadding, "padding");
            f.Int(o.pad.bottom, 0, kMaxPadding, "padding");
            f.Int(o.pad.left, 0, kMaxPadding, "padding");
            f.Int(o.pad.right, 0, kMaxPadding, "padding");
            f.Int(o.groups, 1, lim.channels, "groups");
            f.Enum(o.rule, PaddingRule::Explicit, "padding rule");
            f.Enum(o.mode, PaddingMode::Zeros, "padding mode");
        }
        void operator()(ConvTranspose2dOptions& o) const {
            f.Pair(layer.kernel, 1, lim.kernel_side, "kernel");
            f.Int(layer.out_channels, 1, lim.channels, "output channels");
            f.Pair(o.stride, 1, kMaxStride, "stride");
            f.Pair(o.dilation, 1, kMaxDilation, "dilation");
            f.Pair(o.padding, 0, kMaxPadding, "padding");
            f.Pair(o.output_padding, 0, kMaxStride - 1, "output padding");
            f.Int(o.groups, 1, lim.channels, "groups");
        }
        void operator()(MaxPool2dOptions& o) const {
            f.Pair(o.kernel, 1, lim.kernel_side, "kernel");
            if (o.stride.h != 0 || o.stride.w != 0) f.Pair(o.stride, 1, kMaxStride, "stride");
            f.Pair(o.padding, 0, kMaxPadding, "padding");
            f.Pair(o.dilation, 1, kMaxDilation, "dilation");
        }
        void operator()(AvgPool2dOptions& o) const {
            f.Pair(o.kernel, 1, lim.kernel_side, "kernel");
            if (o.stride.h != 0 || o.stride.w != 0) f.Pair(o.stride, 1, kMaxStride, "stride");
            f.Pair(o.padding, 0, kMaxPadding, "padding");
            f.Int(o.divisor_override, -lim.kernel_side * lim.kernel_side, lim.kernel_side * lim.kernel_side,
                  "divisor override");
        }
    };
    std::visit(WithUndrawn<void>(Visit{layer, f, lim}), layer.options);
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

// [SECTION] Whole-document limits: picture size and work

int64_t TotalWork(const std::vector<LayerPlan>& plans) {
    int64_t total = 0;
    for (const LayerPlan& p : plans)
        if (p.picture.ok()) total += p.picture.value().MultiplyAdds();
    return total;
}

std::string Dims(int h, int w) { return std::to_string(h) + "\xC3\x97" + std::to_string(w); }

// Weight edits index a tensor whose channel sizes come from the chain.
void FixWeightEdits(Doc& doc, std::vector<Notice>& notices) {
    const std::vector<LayerPlan> plans = PlanDoc(doc);
    for (size_t i = 0; i < doc.layers.size(); ++i) {
        Layer& layer = doc.layers[i];
        const bool has_weights = layer.op() == OpKind::Conv2d || layer.op() == OpKind::ConvTranspose2d;
        const Size2 k = KernelOf(layer);
        // A weight tensor's two channel dimensions, as the engine lays them out
        // (conv: out x in/groups; transposed: in x out/groups).
        int dim0 = 0, dim1 = 0;
        if (has_weights) {
            const int cin = plans[i].in.c, groups = std::max(1, std::visit([](const auto& o) {
                                                  if constexpr (requires { o.groups; }) return o.groups;
                                                  else return 1;
                                              }, layer.options));
            dim0 = layer.op() == OpKind::Conv2d ? layer.out_channels : cin;
            dim1 = std::max(1, (layer.op() == OpKind::Conv2d ? cin : layer.out_channels) / groups);
        }
        FixEdits(layer.weight_edits, dim0, dim1, k.h, k.w, notices, "layer " + std::to_string(i + 1) + " weights");
    }
}

}  // namespace

std::vector<Notice> Sanitize(Doc& doc) {
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
    // A stack has the larger, geometry-only limits (limits.h, DocLimits).
    const DocLimits lim = LimitsFor(doc.layers.size());
    Fixer input{notices, "input"};
    input.Int(doc.input.h, 1, lim.input_side, "height");
    input.Int(doc.input.w, 1, lim.input_side, "width");
    input.Int(doc.input.channels, 1, lim.channels, "channels");
    for (size_t i = 0; i < doc.layers.size(); ++i) {
        Fixer f{notices, "layer " + std::to_string(i + 1)};
        FixLayer(doc.layers[i], f, lim);
    }
    if (doc.layers.size() > 1) {
        // A stack is not shrunk to fit a picture or the work cap: its table is
        // geometry, and PlanDoc draws and computes only what fits.
        FixEdits(doc.input.edits, 1, doc.input.channels, doc.input.h, doc.input.w, notices, "input");
        FixWeightEdits(doc, notices);
        return notices;
    }

    // Every field is in range now, so each picture costs at most
    // kMaxPictureSide cells per axis to plan. A transposed conv (or a chain of
    // them) can still ask for more than that: shrink the input until it fits.
    const int h0 = doc.input.h, w0 = doc.input.w;
    for (int round = 0; round < 64; ++round) {
        bool too_large = false;
        PlanDoc(doc, &too_large);
        if (!too_large || (doc.input.h == 1 && doc.input.w == 1)) break;
        doc.input.h = std::max(1, doc.input.h * 4 / 5);
        doc.input.w = std::max(1, doc.input.w * 4 / 5);
    }
    if (doc.input.h != h0 || doc.input.w != w0)
        notices.push_back({"input", "the input " + Dims(h0, w0) + " made a grid longer than " +
                                        std::to_string(kMaxPictureSide) + " cells: reduced to " +
                                        Dims(doc.input.h, doc.input.w) + "."});

    // The work cap: halve the heaviest layer's filters (or the input's
    // channels) until the whole document fits.
    for (int round = 0; round < 64; ++round) {
        const std::vector<LayerPlan> plans = PlanDoc(doc);
        const int64_t work = TotalWork(plans);
        if (work <= kMaxMultiplyAdds) break;
        size_t heaviest = 0;
        int64_t most = -1;
        for (size_t i = 0; i < plans.size(); ++i)
            if (plans[i].picture.ok() && plans[i].picture.value().MultiplyAdds() > most) {
                most = plans[i].picture.value().MultiplyAdds();
                heaviest = i;
            }
        Layer& layer = doc.layers[heaviest];
        const bool has_filters = layer.op() == OpKind::Conv2d || layer.op() == OpKind::ConvTranspose2d;
        std::string what;
        if (has_filters && layer.out_channels > 1) {
            layer.out_channels = std::max(1, layer.out_channels / 2);
            what = "layer " + std::to_string(heaviest + 1) + " output channels reduced to " +
                   std::to_string(layer.out_channels);
        } else if (doc.input.channels > 1) {
            doc.input.channels = std::max(1, doc.input.channels / 2);
            what = "input channels reduced to " + std::to_string(doc.input.channels);
        } else {
            doc.input.h = std::max(1, doc.input.h / 2);
            doc.input.w = std::max(1, doc.input.w / 2);
            what = "input reduced to " + Dims(doc.input.h, doc.input.w);
        }
        notices.push_back({"work", std::to_string(work) + " multiply-adds are more than the " +
                                       std::to_string(kMaxMultiplyAdds) + " that stay interactive: " + what + "."});
    }
    // Groups that stopped dividing after a channel cut are the engine's to
    // explain (a message beside the control), not a repair.

    // Edited values last: the sizes they index are final now.
    FixEdits(doc.input.edits, 1, doc.input.channels, doc.input.h, doc.input.w, notices, "input");
    FixWeightEdits(doc, notices);
    return notices;
}

// [SECTION] View

void SanitizeView(View& view, const std::vector<LayerPlan>& plans) {
    view.layer = plans.empty() ? 0 : std::clamp(view.layer, 0, int(plans.size()) - 1);
    int64_t steps = 0;
    if (!plans.empty() && plans[size_t(view.layer)].picture.ok())
        steps = plans[size_t(view.layer)].picture.value().Steps();
    view.step = steps > 0 ? int(std::clamp<int64_t>(view.step, 0, steps - 1)) : 0;
    if (steps == 0) view.playing = false;
    // A quiz waits for the answer: the window stays on the first output cell
    // (stepping through would count the outputs for the student).
    if (view.HidesOutput()) view.step = 0, view.playing = false;
    // Image mode's channel: one of the viewed layer's outputs.
    const int channels = !plans.empty() && plans[size_t(view.layer)].picture.ok()
                             ? plans[size_t(view.layer)].picture.value().out.c : 1;
    view.image_channel = std::clamp(view.image_channel, 0, std::max(1, channels) - 1);
    if (!(view.speed >= 0.25f && view.speed <= 20.0f)) view.speed = std::isfinite(view.speed) ? std::clamp(view.speed, 0.25f, 20.0f) : 2.0f;
    if (!(view.zoom >= 0.25f && view.zoom <= 8.0f)) view.zoom = std::isfinite(view.zoom) ? std::clamp(view.zoom, 0.25f, 8.0f) : 1.0f;
    if (!std::isfinite(view.pan_x)) view.pan_x = 0;
    if (!std::isfinite(view.pan_y)) view.pan_y = 0;
    if (!std::isfinite(view.clock) || view.clock < 0) view.clock = 0;
}

}  // namespace cp
