// stack.cpp — stack.h.
//
// [SECTION] Labels
// [SECTION] Receptive-field layers from the document
// [SECTION] Summary
// [SECTION] Cone
// (The JSON the page reads is stack_json.cpp.)
#include "state/analysis/stack.h"


#include "engine/names.h"
#include "state/model/limits.h"

namespace cp {
namespace {

constexpr const char* kTimes = "\xC3\x97";  // ×
constexpr const char* kArrow = "\xE2\x86\x92";  // →

std::string kTimesText(Size2 scale) {  // "×2", "×2×3"
    return std::string(kTimes) + (scale.h == scale.w ? std::to_string(scale.h)
                                                     : std::to_string(scale.h) + kTimes + std::to_string(scale.w));
}

std::string Pair(Size2 v) {
    return v.h == v.w ? std::to_string(v.h) : std::to_string(v.h) + "x" + std::to_string(v.w);
}

// [SECTION] Receptive-field layers from the document

// The layer along each axis, with its padding resolved for this input (a
// conv's 'same' depends on the input size). False when no one kernel and
// stride describe it (the field varies from output to output, or the chain
// was flattened).
bool AxesOf(const Layer& layer, Shape in, Shape out, StackLayer& h, StackLayer& w) {
    const Size2 k = KernelOf(layer), s = StrideOf(layer), d = DilationOf(layer);
    h = StackLayer{k.h, s.h, 0, 0, d.h};
    w = StackLayer{k.w, s.w, 0, 0, d.w};
    if (!layer.drawn()) {
        switch (layer.kind()) {
            case LayerKind::PassThrough: return true;
            case LayerKind::Pad2d: {
                const Padding4& p = std::get<Pad2dOptions>(layer.options).pad;
                if (p.top < 0 || p.bottom < 0 || p.left < 0 || p.right < 0) return false;  // a crop
                h.pad_lo = p.top, h.pad_hi = p.bottom, w.pad_lo = p.left, w.pad_hi = p.right;
                return true;
            }
            case LayerKind::AdaptivePool2d:
                // Uniform windows only when the output divides the input.
                if (in.h % out.h || in.w % out.w) return false;
                h.kernel = h.stride = in.h / out.h, w.kernel = w.stride = in.w / out.w;
                return true;
            case LayerKind::Upsample:
                // Nearest by an integer factor: each output reads one input,
                // as a transposed conv with a kernel and stride of the factor.
                if (out.h % in.h || out.w % in.w) return false;
                h.transposed = w.transposed = true;
                h.kernel = h.stride = out.h / in.h, w.kernel = w.stride = out.w / in.w;
                return true;
            default: return false;  // flatten, linear: every feature sees the whole input
        }
    }
    if (auto* c = std::get_if<Conv2dOptions>(&layer.options)) {
        const auto pad = ResolveConvPadding(Shape{1, in.c, in.h, in.w}, WeightShapeOf(layer, in.c), *c);
        const Padding4 p = pad.ok() ? pad.value() : c->pad;
        h.pad_lo = p.top, h.pad_hi = p.bottom, w.pad_lo = p.left, w.pad_hi = p.right;
    } else if (auto* t = std::get_if<ConvTranspose2dOptions>(&layer.options)) {
        h.transposed = w.transposed = true;
        h.pad_lo = h.pad_hi = t->padding.h, w.pad_lo = w.pad_hi = t->padding.w;
        h.output_padding = t->output_padding.h, w.output_padding = t->output_padding.w;
    } else {
        const Size2 p = PaddingOf(layer);
        const bool ceil = std::visit(
            [](const auto& o) {
                if constexpr (requires { o.ceil_mode; }) return o.ceil_mode;
                else return false;
            },
            layer.options);
        h.pad_lo = h.pad_hi = p.h, w.pad_lo = w.pad_hi = p.w;
        h.rounding = w.rounding = ceil ? Rounding::Ceil : Rounding::Floor;
    }
    return true;
}

int64_t MulSat(int64_t a, int64_t b) { return b != 0 && a > INT64_MAX / b ? INT64_MAX : a * b; }
int64_t AddSat(int64_t a, int64_t b) { return a > INT64_MAX - b ? INT64_MAX : a + b; }

// A row's parameters into the summary's totals by kind.
void CountParams(StackSummary& s, LayerKind kind, int64_t params) {
    switch (kind) {
        case LayerKind::Conv2d:
        case LayerKind::ConvTranspose2d: s.params_conv = AddSat(s.params_conv, params); break;
        case LayerKind::Linear: s.params_linear = AddSat(s.params_linear, params); break;
        default: s.params_norm = AddSat(s.params_norm, params); break;
    }
    s.params = AddSat(s.params, params);
}

std::string Named(const StackRow& r) { return "layer " + std::to_string(r.index + 1) + " (" + r.label + ")"; }

}  // namespace

// [SECTION] Labels

std::string ShapeLabel(Shape s) {
    return std::to_string(s.c) + kTimes + std::to_string(s.h) + kTimes + std::to_string(s.w);
}

namespace {

// "BatchNorm2d", "ReflectionPad2d 1,1,2,2", "AdaptiveAvgPool2d → 7×7", "Linear 4096 → 1000".
std::string UndrawnLabel(const Layer& layer) {
    std::string t = KindName(layer);
    if (auto* p = std::get_if<Pad2dOptions>(&layer.options)) {
        t += " " + std::to_string(p->pad.top) + "," + std::to_string(p->pad.bottom) + "," +
             std::to_string(p->pad.left) + "," + std::to_string(p->pad.right);
    } else if (auto* a = std::get_if<AdaptivePool2dOptions>(&layer.options)) {
        auto side = [](int v) { return v == 0 ? std::string("in") : std::to_string(v); };
        t += std::string(" ") + kArrow + " " + side(a->output.h) + kTimes + side(a->output.w);
    } else if (auto* u = std::get_if<UpsampleOptions>(&layer.options)) {
        t += u->size.h > 0 || u->size.w > 0 ? std::string(" ") + kArrow + " " + std::to_string(u->size.h) + kTimes +
                                                  std::to_string(u->size.w)
                                            : " " + kTimesText(u->scale);
    } else if (auto* l = std::get_if<LinearOptions>(&layer.options)) {
        t += " " + (l->in_features > 0 ? std::to_string(l->in_features) : std::string("?")) + " " + kArrow + " " +
             std::to_string(l->out_features);
    }
    return t;
}

}  // namespace

std::string LayerLabel(const Layer& layer) {
    if (!layer.drawn()) return UndrawnLabel(layer);
    const Size2 k = KernelOf(layer), s = StrideOf(layer), d = DilationOf(layer), p = PaddingOf(layer);
    std::string t = std::string(TokenOf(layer.op())) + " " + std::to_string(k.h) + kTimes + std::to_string(k.w);
    if (!(s == Size2{1, 1}) && !((layer.op() == OpKind::MaxPool2d || layer.op() == OpKind::AvgPool2d) && s == k))
        t += " s" + Pair(s);
    if (auto* c = std::get_if<Conv2dOptions>(&layer.options); c && c->rule != PaddingRule::Explicit) {
        t += c->rule == PaddingRule::Same ? " same" : c->rule == PaddingRule::SameTF ? " SAME" : "";
    } else if (auto* c2 = std::get_if<Conv2dOptions>(&layer.options);
               c2 && !(c2->pad.top == c2->pad.bottom && c2->pad.left == c2->pad.right)) {
        t += " p" + std::to_string(c2->pad.top) + "," + std::to_string(c2->pad.bottom) + "," +
             std::to_string(c2->pad.left) + "," + std::to_string(c2->pad.right);
    } else if (!(p == Size2{0, 0})) {
        t += " p" + Pair(p);
    }
    if (!(d == Size2{1, 1})) t += " d" + Pair(d);
    if (auto* tc = std::get_if<ConvTranspose2dOptions>(&layer.options); tc && !(tc->output_padding == Size2{0, 0}))
        t += " op" + Pair(tc->output_padding);
    if (layer.op() == OpKind::Conv2d || layer.op() == OpKind::ConvTranspose2d) {
        t += std::string(" ") + kArrow + " " + std::to_string(layer.out_channels);
        if (GroupCount(layer) > 1) t += " g" + std::to_string(GroupCount(layer));
    }
    return t;
}

// [SECTION] Summary

void ShiftBranches(Doc& doc, int at, int delta) {
    std::vector<SideBranch> kept;
    for (SideBranch b : doc.branches) {
        if (delta < 0 && b.from == at && b.join == at) continue;  // a gate on the removed layer
        if (b.from > at || (delta > 0 && b.from == at)) b.from += delta;
        if (b.join > at || (delta > 0 && b.join == at) || (delta < 0 && b.join == at && b.join > b.from)) b.join += delta;
        if (b.from < 0 || b.join < b.from) continue;
        kept.push_back(std::move(b));
    }
    doc.branches = std::move(kept);
}

int64_t TorchinfoMacsOf(const Layer& layer, Shape out, int64_t params) {
    switch (layer.kind()) {
        case LayerKind::Conv2d:
        case LayerKind::ConvTranspose2d: return MulSat(params, MulSat(out.h, out.w));
        default: return params;  // once per sample; 0 for a layer without parameters
    }
}

namespace {

// A side branch planned from layer `from`'s input (doc.h SideBranch).
StackBranch PlanBranch(const SideBranch& b, const std::vector<LayerPlan>& plans) {
    StackBranch sb;
    sb.name = b.name, sb.from = b.from, sb.join = b.join, sb.gate = b.gate;
    if (b.from < 0 || b.join < b.from || size_t(b.join) >= plans.size() || !plans[size_t(b.join)].out.ok()) {
        sb.error = "the layers it joins are no longer there";
        return sb;
    }
    Shape in = plans[size_t(b.from)].in;
    bool flat = plans[size_t(b.from)].in_flat, ok = true;
    for (size_t i = 0; i < b.layers.size(); ++i) {
        const Layer& layer = b.layers[i];
        StackRow r;
        r.index = int(i);
        r.kind = layer.kind();
        r.op = layer.drawn() ? layer.op() : OpKind::Conv2d;
        r.name = KindName(layer);
        r.spatial = layer.drawn();
        r.label = LayerLabel(layer);
        const Result<Shape> out = ok ? OutShapeOf(layer, in, flat) : Result<Shape>::Fail("after a layer without output");
        r.ok = out.ok();
        if (!r.ok) {
            if (ok) sb.error = r.label + ": " + out.error();
            ok = false;
            sb.rows.push_back(std::move(r));
            continue;
        }
        r.out = out.value();
        r.params = ParamsOf(layer, in);
        r.macs = MultiplyAddsOf(layer, in, r.out);
        r.torchinfo_macs = TorchinfoMacsOf(layer, r.out, r.params);
        flat = FlatAfter(layer, flat);
        r.flat = flat;
        sb.params = AddSat(sb.params, r.params);
        sb.macs = AddSat(sb.macs, r.macs);
        sb.torchinfo_macs = AddSat(sb.torchinfo_macs, r.torchinfo_macs);
        in = r.out;
        sb.rows.push_back(std::move(r));
    }
    if (!ok) return sb;
    sb.out = in;
    const Shape main = plans[size_t(b.join)].out.value();
    if (b.gate) {
        sb.ok = in.h == 1 && in.w == 1 && in.c == main.c;
        if (!sb.ok) sb.error = "it gives " + ShapeLabel(in) + ", which cannot scale the " + ShapeLabel(main) + " map";
    } else {
        sb.ok = in == main;
        if (!sb.ok) sb.error = "it gives " + ShapeLabel(in) + " but the main path gives " + ShapeLabel(main) + "; PyTorch raises when it adds them";
    }
    return sb;
}

}  // namespace

StackSummary SummarizeStack(const Doc& doc, const std::vector<LayerPlan>& plans) {
    StackSummary s;
    s.input = {1, doc.input.channels, doc.input.h, doc.input.w};
    std::vector<StackLayer> axes_h, axes_w;
    bool rf_exact = true;  // every layer so far has one kernel and stride per axis
    std::vector<size_t> rf_rows;  // the rows of axes_h / axes_w, in order
    int64_t work = 0;
    for (size_t i = 0; i < doc.layers.size() && i < plans.size(); ++i) {
        const Layer& layer = doc.layers[i];
        const LayerPlan& plan = plans[i];
        StackRow r;
        r.index = int(i);
        r.op = layer.drawn() ? layer.op() : OpKind::Conv2d;
        r.kind = layer.kind();
        r.name = KindName(layer);
        r.spatial = layer.drawn();
        r.flat = plan.flat;
        r.label = LayerLabel(layer);
        r.ok = plan.out.ok();
        if (!r.ok) {
            r.error = plan.out.error();
            if (s.stopped_at < 0) s.stopped_at = int(i);
            s.rows.push_back(std::move(r));
            continue;
        }
        r.out = plan.out.value();
        r.params = plan.params;
        r.macs = plan.macs;
        r.drawable = plan.picture.ok();
        // An adaptive pool to 1×1 is a classifier's chosen global pool, not an accident to warn of.
        r.collapsed = !r.flat && r.out.h == 1 && r.out.w == 1 && (plan.in.h > 1 || plan.in.w > 1) &&
                      r.kind != LayerKind::AdaptivePool2d;
        StackLayer h, w;
        rf_exact = rf_exact && AxesOf(layer, plan.in, r.out, h, w);
        if (rf_exact) axes_h.push_back(h), axes_w.push_back(w), rf_rows.push_back(s.rows.size());
        r.torchinfo_macs = TorchinfoMacsOf(layer, r.out, r.params);
        CountParams(s, r.kind, r.params);
        s.macs = AddSat(s.macs, r.macs);
        s.torchinfo_macs = AddSat(s.torchinfo_macs, r.torchinfo_macs);
        if (r.kind == LayerKind::Conv2d || r.kind == LayerKind::ConvTranspose2d)
            s.torchinfo_conv_macs = AddSat(s.torchinfo_conv_macs, r.torchinfo_macs);
        work = AddSat(work, r.macs);
        s.rows.push_back(std::move(r));
    }
    // Side branches: planned, checked, and counted with the layer they join.
    for (const SideBranch& b : doc.branches) {
        StackBranch sb = PlanBranch(b, plans);
        if (sb.ok) {
            for (const StackRow& r : sb.rows) CountParams(s, r.kind, r.params);
            s.macs = AddSat(s.macs, sb.macs);
            s.torchinfo_macs = AddSat(s.torchinfo_macs, sb.torchinfo_macs);
            for (const StackRow& r : sb.rows)
                if (r.kind == LayerKind::Conv2d || r.kind == LayerKind::ConvTranspose2d)
                    s.torchinfo_conv_macs = AddSat(s.torchinfo_conv_macs, r.torchinfo_macs);
        }
        s.branches.push_back(std::move(sb));
    }

    // The fields, in one walk down the chain (per row, the chain so far).
    if (!rf_rows.empty()) {
        const auto fh = ReceptiveFieldStack(s.input.h, axes_h), fw = ReceptiveFieldStack(s.input.w, axes_w);
        if (fh.ok() && fw.ok())
            for (size_t j = 0; j < rf_rows.size(); ++j) {
                StackRow& r = s.rows[rf_rows[j]];
                r.rf_ok = true, r.rf_h = fh.value()[j], r.rf_w = fw.value()[j];
            }
    }
    if (s.stopped_at < 0 && !s.rows.empty() && s.rows.back().rf_ok) {
        bool transposed = false;
        for (const StackRow& r : s.rows) transposed |= r.kind != LayerKind::Conv2d && r.kind != LayerKind::MaxPool2d &&
                                                    r.kind != LayerKind::AvgPool2d && r.kind != LayerKind::PassThrough;
        const StackRow& last = s.rows.back();
        if (!transposed && last.rf_h.jump.IsInteger() && last.rf_w.jump.IsInteger()) {
            s.single = true;
            s.single_kernel = {int(last.rf_h.size), int(last.rf_w.size)};
            s.single_stride = {int(last.rf_h.jump.num), int(last.rf_w.jump.num)};
            s.single_params = last.rf_h.size * last.rf_w.size * s.input.c * last.out.c + last.out.c;
        }
    }
    s.values = s.stopped_at != 0 && work <= kMaxMultiplyAdds && !s.rows.empty() && s.rows.front().drawable;

    // Warnings, in layer order: where the map collapses, where the chain stops.
    for (const StackRow& r : s.rows) {
        if (!r.ok && r.index == s.stopped_at) {
            const bool vanished = r.error.find("would be") != std::string::npos ||
                                  r.error.find("spans") != std::string::npos ||
                                  r.error.find("larger than") != std::string::npos;
            const std::string in = r.index == 0 ? ShapeLabel(s.input) : ShapeLabel(s.rows[size_t(r.index - 1)].out);
            s.warnings.push_back(Named(r) + " stops the chain" +
                                 (vanished ? ": its " + in + " input leaves no output. " : ": ") + r.error);
        } else if (r.ok && r.collapsed) {
            const bool last = size_t(r.index + 1) == s.rows.size();
            s.warnings.push_back(Named(r) + ": the map collapses to 1" + kTimes + "1 (" + ShapeLabel(r.out) + ")" +
                                 (last ? ": each channel is one number, one feature of the whole input."
                                       : ": every later layer sees a single pixel per channel."));
        }
    }
    for (const StackBranch& b : s.branches)
        if (!b.ok)
            s.warnings.push_back("the side branch " + b.name + " (after layer " + std::to_string(b.join + 1) + ") is not counted: " +
                                 b.error + ".");
    return s;
}

// [SECTION] Cone

std::vector<ConeMap> FieldCone(const Doc& doc, const std::vector<LayerPlan>& plans, int layer, int oy, int ox) {
    std::vector<ConeMap> cone;
    if (layer < 0 || size_t(layer) >= doc.layers.size() || size_t(layer) >= plans.size()) return cone;
    std::vector<StackLayer> axes_h, axes_w;
    for (int i = 0; i <= layer; ++i) {
        if (!plans[size_t(i)].out.ok()) return cone;
        StackLayer h, w;
        if (!AxesOf(doc.layers[size_t(i)], plans[size_t(i)].in, plans[size_t(i)].out.value(), h, w)) return {};
        axes_h.push_back(h), axes_w.push_back(w);
    }
    const Shape out = plans[size_t(layer)].out.value();
    if (oy < 0 || ox < 0 || oy >= out.h || ox >= out.w) return cone;
    const std::span<const StackLayer> hs(axes_h), ws(axes_w);
    for (int j = 0; j <= layer; ++j) {
        // Layers j..layer, read from map j (layer j's input).
        const size_t n = size_t(layer - j + 1);
        ConeMap m;
        m.map = j;
        m.shape = plans[size_t(j)].in;
        m.rows = FieldOf(hs.subspan(size_t(j), n), n - 1, oy);
        m.cols = FieldOf(ws.subspan(size_t(j), n), n - 1, ox);
        cone.push_back(m);
    }
    return cone;
}

}  // namespace cp
