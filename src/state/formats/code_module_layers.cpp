// code_module_layers.cpp — code_runner.h's LAYERS: one row per module, its
// shape by PyTorch's rule (the named arguments bound through code_table.h),
// the arguments written back as code out needs them, and what a layer the
// engine refuses leaves of the chain.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/names.h"
#include "state/formats/code_runner.h"
#include "state/formats/code_table.h"

namespace cp::code {
namespace {

// Four sides (left, right, top, bottom), or F.pad's two (the width's).
Result<Padding4> PadSides(const Value& v, std::string_view name) {
    const std::string bad = Args::Bad(name, v, "(left, right, top, bottom) of integers");
    if (v.kind == Value::Kind::Int && std::abs(v.i) <= kMaxLiteral) return Padding4::Symmetric(int(v.i), int(v.i));
    if (v.kind != Value::Kind::Seq || (v.items.size() != 4 && v.items.size() != 2)) return Result<Padding4>::Fail(bad);
    int s[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < v.items.size(); ++i) {
        if (v.items[i].kind != Value::Kind::Int || std::abs(v.items[i].i) > kMaxLiteral) return Result<Padding4>::Fail(bad);
        s[i] = int(v.items[i].i);
    }
    return Padding4{s[2], s[3], s[0], s[1]};
}

}  // namespace

// A value as Python would write it once evaluated: ngf * 2 -> 128.
std::string Runner::ValueText(const Value& v) {
    if (v.kind == Value::Kind::Str) return "'" + v.s + "'";
    if (v.kind == Value::Kind::Int) return std::to_string(v.i);
    if (v.kind == Value::Kind::Bool) return v.i ? "True" : "False";
    if (v.kind == Value::Kind::None) return "None";
    if (v.kind == Value::Kind::Float) {
        char text[32];
        std::snprintf(text, sizeof text, "%.9g", v.f);
        std::string t = text;
        return t.find_first_of(".en") == std::string::npos ? t + ".0" : t;
    }
    if (v.kind == Value::Kind::Unknown && !v.src.empty() && v.src.find_first_of("()., '\"") == std::string::npos)
        return "'" + v.src + "'";  // a printout's unquoted mode=nearest
    if (v.kind == Value::Kind::Seq) {
        std::string s;
        for (const Value& i : v.items) {
            const std::string t = ValueText(i);
            if (t.empty()) return {};
            s += (s.empty() ? "" : ", ") + t;
        }
        return "(" + s + (v.items.size() == 1 ? ",)" : ")");
    }
    return v.src;  // empty for a value the binder could not read
}

// The arguments as code out writes them back (PassThroughOptions::args);
// empty when one of them has no text of its own, so code out writes the
// layer without arguments rather than "ReLU(, )".
std::string Runner::ArgsText(const Module& m) {
    std::string s;
    for (const Value& v : m.args) {
        const std::string t = ValueText(v);
        if (t.empty()) return {};
        s += (s.empty() ? "" : ", ") + t;
    }
    for (const auto& [k, v] : m.kwargs) {
        const std::string t = ValueText(v);
        if (t.empty()) return {};
        s += (s.empty() ? "" : ", ") + k + "=" + t;
    }
    return s.size() > 200 ? "" : s;
}

// The rows forward's own flatten (and pooling) would have made, put
// before the shape-keeping rows (Dropout) that follow the last map.
void Runner::FlattenBefore(const Module& m, const std::string& path, bool pools, ChainState& st) {
    // Only rows of the Linear's own container (torchvision's classifier
    // Sequential): forward flattens between features and classifier.
    const std::string parent = path.substr(0, path.rfind('.') == std::string::npos ? 0 : path.rfind('.') + 1);
    size_t at = out_.rows.size();
    while (at > 0 && out_.rows[at - 1].kind == PastedKind::PassThrough && !out_.rows[at - 1].side &&
           (parent.empty() || StartsWith(out_.rows[at - 1].path, parent)))
        --at;
    std::vector<PastedRow> implied;
    ChainState s = st;
    auto implied_row = [&](PastedKind kind, const char* type, Shape out, bool flat, const char* note) {
        PastedRow r = Row(m, path, false, s);
        r.kind = kind, r.type = type, r.out = out, r.flat = flat, r.note = note;
        r.path = path.substr(0, path.rfind('.') == std::string::npos ? 0 : path.rfind('.'));
        s.s = out, s.flat = flat;
        implied.push_back(r);
    };
    if (pools)
        implied_row(PastedKind::AdaptivePool, "F.adaptive_avg_pool2d", Shape{1, st.s.c, 1, 1}, false,
                    "in forward, not in a printout (in_features is the channel count)");
    implied_row(PastedKind::Flatten, "torch.flatten", Shape{1, int(int64_t(s.s.c) * s.s.h * s.s.w), 1, 1}, true,
                "in forward, not in a printout");
    for (size_t i = at; i < out_.rows.size(); ++i) out_.rows[i].in = out_.rows[i].out = s.s, out_.rows[i].flat = true;
    out_.rows.insert(out_.rows.begin() + long(at), implied.begin(), implied.end());
    st = s;
}

// A layer the engine refuses (what PyTorch raises) is still a row and a
// layer of the Doc, whose Sanitize repairs it with notices; the chain stops.
// The layers after it are still read (a link may hold them: the Doc is
// the user's), channels checked, without shapes.
bool Runner::Refused(const Module& m, PastedRow row, const std::string& why, ChainState& st) {
    row.refused = true;
    row.note = why;
    if (row.layer && (row.layer->op() == OpKind::Conv2d || row.layer->op() == OpKind::ConvTranspose2d))
        st.s.c = row.layer->out_channels;
    out_.rows.push_back(std::move(row));
    if (!blind_) Stop(m, Shown(m.src) + ": " + why);
    blind_ = true;
    return true;
}

#define CP_TRY(var, expr)                                      \
    auto var##_r = (expr);                                     \
    if (!var##_r.ok()) return Stop(m, var##_r.error());        \
    auto var = var##_r.value()

bool Runner::Leaf(const Module& m, const std::string& path, bool side, ChainState& st) {
    const ModuleSpec* spec = SpecOf(m.type);
    if (!spec)
        return Stop(m, Shown(m.src) + ": " + m.type + " is not a layer convplay knows, so its output shape is not known; the chain stops here.");
    PastedRow row = Row(m, path, side, st);
    if (spec->role == Role::Pass) {
        row.kind = PastedKind::PassThrough;
        out_.rows.push_back(row);
        return true;
    }
    if (blind_ && spec->role != Role::Conv && spec->role != Role::ConvT && spec->role != Role::MaxPool &&
        spec->role != Role::AvgPool && spec->role != Role::Pad)
        return false;
    std::string error;
    const Args a(m, *spec, error);
    if (!error.empty() && spec->role != Role::View) return Stop(m, error);
    const Shape x = st.s;
    const int64_t features = int64_t(x.c) * x.h * x.w;
    auto need_map = [&]() { return st.flat ? Stop(m, Shown(m.src) + " after the map was flattened: PyTorch raises (it wants N, C, H, W).") : true; };
    auto add = [&](PastedRow r) {
        st.s = r.out;
        st.flat = r.flat;
        out_.rows.push_back(std::move(r));
        return true;
    };
    switch (spec->role) {
        case Role::Conv:
        case Role::ConvT: {
            if (!need_map()) return false;
            const bool conv = spec->role == Role::Conv;
            int in_c = x.c;
            if (!spec->lazy) {
                CP_TRY(given, a.Int("in_channels"));
                if (given != x.c)
                    return Stop(m, Shown(m.src) + ": in_channels is " + std::to_string(given) + " but " +
                                       (out_.rows.empty() ? "the input" : "the layer before") + " gives " +
                                       std::to_string(x.c) + " channels; PyTorch would raise when it runs.");
                in_c = given;
            }
            CP_TRY(out_c, a.Int("out_channels"));
            CP_TRY(k, a.Size("kernel_size"));
            CP_TRY(stride, a.Size("stride"));
            CP_TRY(dilation, a.Size("dilation"));
            CP_TRY(groups, a.Int("groups"));
            CP_TRY(bias, a.Bool("bias"));
            const std::optional<std::string> mode_text = a.Str("padding_mode");
            const std::optional<PaddingMode> mode = mode_text ? EnumFromToken<PaddingMode>(*mode_text) : std::nullopt;
            if (!mode) {
                std::string expected = "one of";
                for (const auto& e : CanonicalNames<PaddingMode>()) expected += std::string(" '") + std::string(e.token) + "'";
                return Stop(m, Args::Bad("padding_mode", a.Get("padding_mode"), expected));
            }
            Layer layer;
            layer.kernel = k;
            layer.out_channels = out_c;
            if (conv) {
                Conv2dOptions o;
                o.stride = stride, o.dilation = dilation, o.groups = groups, o.mode = *mode;
                const Value& p = a.Get("padding");
                if (p.kind == Value::Kind::Str && p.s == "same") o.rule = PaddingRule::Same;
                else if (p.kind == Value::Kind::Str && p.s == "valid") o.rule = PaddingRule::Valid;
                else if (p.kind == Value::Kind::Seq && p.items.size() == 4)
                    return Stop(m, "padding=" + Shown(p.src) + ": nn.Conv2d pads both sides of an axis alike; for per-side padding put F.pad(x, (left, right, top, bottom)) or nn.ZeroPad2d before it.");
                else {
                    const Result<Size2> pad = a.Size("padding");
                    if (!pad.ok()) return Stop(m, Args::Bad("padding", p, "an integer, a tuple of two, 'same' or 'valid'"));
                    o.pad = Padding4::Symmetric(pad.value().h, pad.value().w);
                }
                layer.options = o;
            } else {
                if (*mode != PaddingMode::Zeros)
                    return Stop(m, "padding_mode=" + Shown(a.Get("padding_mode").src) + ": nn.ConvTranspose2d supports only 'zeros' (PyTorch raises ValueError).");
                ConvTranspose2dOptions o;
                CP_TRY(pad, a.Size("padding"));
                CP_TRY(opad, a.Size("output_padding"));
                o.stride = stride, o.dilation = dilation, o.groups = groups, o.padding = pad, o.output_padding = opad;
                layer.options = o;
            }
            row.kind = PastedKind::Layer;
            row.layer = layer;
            const Result<Shape> out = OutShapeOf(layer, x);
            if (blind_ || !out.ok()) return Refused(m, row, blind_ ? "not planned: an earlier layer is refused" : out.error(), st);
            row.bias = bias;
            const int64_t g = std::max(1, groups);
            row.params = (conv ? int64_t(out_c) * (in_c / g) : int64_t(in_c) * (out_c / g)) * k.h * k.w + (bias ? out_c : 0);
            row.out = out.value();
            return add(row);
        }
        case Role::MaxPool:
        case Role::AvgPool: {
            if (!need_map()) return false;
            CP_TRY(k, a.Size("kernel_size"));
            Size2 stride{0, 0};
            if (!a.IsNone("stride")) {
                CP_TRY(s, a.Size("stride"));
                stride = s;
            }
            CP_TRY(pad, a.Size("padding"));
            CP_TRY(ceil, a.Bool("ceil_mode"));
            Layer layer;
            if (spec->role == Role::MaxPool) {
                MaxPool2dOptions o;
                CP_TRY(d, a.Size("dilation"));
                CP_TRY(ri, a.Bool("return_indices"));
                (void)ri;  // the indices come too; the sizes are the same
                o.kernel = k, o.stride = stride, o.padding = pad, o.dilation = d, o.ceil_mode = ceil;
                layer.options = o;
            } else {
                AvgPool2dOptions o;
                CP_TRY(cip, a.Bool("count_include_pad"));
                o.kernel = k, o.stride = stride, o.padding = pad, o.ceil_mode = ceil, o.count_include_pad = cip;
                if (!a.IsNone("divisor_override")) {
                    CP_TRY(d, a.Int("divisor_override"));
                    if (d == 0) return Stop(m, "divisor_override=0: PyTorch refuses a zero divisor; leave it out (None).");
                    o.divisor_override = d;
                }
                layer.options = o;
            }
            row.kind = PastedKind::Layer;
            row.layer = layer;
            const Result<Shape> out = OutShapeOf(layer, x);
            if (blind_ || !out.ok()) return Refused(m, row, blind_ ? "not planned: an earlier layer is refused" : out.error(), st);
            row.out = out.value();
            return add(row);
        }
        case Role::AdaptivePool: {
            if (!need_map()) return false;
            const Value& v = a.Get("output_size");
            int size[2] = {x.h, x.w};
            const std::vector<Value> items = v.kind == Value::Kind::Seq ? v.items : std::vector<Value>{v, v};
            if (items.size() != 2) return Stop(m, Args::Bad("output_size", v, "an integer or a tuple of two"));
            for (int i = 0; i < 2; ++i) {
                if (items[size_t(i)].kind == Value::Kind::None) continue;
                CP_TRY(s, Args::IntOf("output_size", items[size_t(i)]));
                if (s < 1) return Stop(m, Args::Bad("output_size", v, "positive sizes"));
                size[i] = s;
            }
            // PyTorch's windows: start = floor(i·in/out), end = ceil((i+1)·in/out)
            auto widest = [](int in, int out) {
                int w = 0;
                for (int i = 0; i < out && i < 4096; ++i)
                    w = std::max<int>(w, int((int64_t(i + 1) * in + out - 1) / out - int64_t(i) * in / out));
                return w;
            };
            row.kind = PastedKind::AdaptivePool;
            row.out = Shape{1, x.c, size[0], size[1]};
            row.note = "windows up to " + std::to_string(widest(x.h, size[0])) + "x" + std::to_string(widest(x.w, size[1])) +
                       " (start = floor(i*in/out), end = ceil((i+1)*in/out))";
            return add(row);
        }
        case Role::Pad: {
            if (!need_map()) return false;
            CP_TRY(p, PadSides(a.Get(m.type == "F.pad" ? "pad" : "padding"), m.type == "F.pad" ? "pad" : "padding"));
            PaddingMode mode = m.type == "ReflectionPad2d"    ? PaddingMode::Reflect
                               : m.type == "ReplicationPad2d" ? PaddingMode::Replicate
                               : m.type == "CircularPad2d"    ? PaddingMode::Circular
                                                              : PaddingMode::Zeros;
            if (m.type == "F.pad") {
                const std::optional<std::string> t = a.Str("mode");
                const std::optional<PaddingMode> known =
                    !t || *t == "zeros" ? std::nullopt : *t == "constant" ? PaddingMode::Zeros : EnumFromToken<PaddingMode>(*t);
                if (!known) return Stop(m, Args::Bad("mode", a.Get("mode"), "'constant', 'reflect', 'replicate' or 'circular'"));
                mode = *known;
            }
            const Value& value = a.Get("value");
            const bool zero = value.kind == Value::Kind::None || (value.kind == Value::Kind::Int && value.i == 0) ||
                              (value.kind == Value::Kind::Float && value.f == 0);
            if (!zero) row.note = "pads with " + Shown(value.src) + " (the figure pads with zeros)";
            row.kind = PastedKind::Pad;
            row.pad = p;
            row.mode = mode;
            const int64_t h = int64_t(x.h) + p.top + p.bottom, w = int64_t(x.w) + p.left + p.right;
            if (h < 1 || w < 1 || h > kMaxLiteral || w > kMaxLiteral)
                return Stop(m, Shown(m.src) + ": the padded map would be " + std::to_string(h) + "x" + std::to_string(w) + ".");
            row.out = Shape{1, x.c, int(h), int(w)};
            return add(row);
        }
        case Role::Upsample: {
            if (!need_map()) return false;
            int64_t h = x.h, w = x.w;
            auto pair = [](const Value& v) { return v.kind == Value::Kind::Seq ? v.items : std::vector<Value>{v, v}; };
            if (!a.IsNone("size")) {
                const std::vector<Value> s = pair(a.Get("size"));
                if (s.size() != 2) return Stop(m, Args::Bad("size", a.Get("size"), "an integer or a tuple of two"));
                CP_TRY(sh, Args::IntOf("size", s[0]));
                CP_TRY(sw, Args::IntOf("size", s[1]));
                h = sh, w = sw;
            } else if (!a.IsNone("scale_factor")) {
                const std::vector<Value> s = pair(a.Get("scale_factor"));
                if (s.size() != 2) return Stop(m, Args::Bad("scale_factor", a.Get("scale_factor"), "a number or a tuple of two"));
                double f[2];
                for (int i = 0; i < 2; ++i) {
                    const Value& e = s[size_t(i)];
                    if (e.kind != Value::Kind::Int && e.kind != Value::Kind::Float)
                        return Stop(m, Args::Bad("scale_factor", a.Get("scale_factor"), "a number or a tuple of two"));
                    f[i] = e.kind == Value::Kind::Int ? double(e.i) : e.f;
                }
                h = int64_t(std::floor(double(x.h) * f[0])), w = int64_t(std::floor(double(x.w) * f[1]));
            } else {
                return Stop(m, Shown(m.src) + ": either size or scale_factor should be defined (PyTorch raises).");
            }
            if (h < 1 || w < 1 || h > kMaxLiteral || w > kMaxLiteral)
                return Stop(m, Shown(m.src) + ": the output would be " + std::to_string(h) + "x" + std::to_string(w) + ".");
            const std::optional<std::string> mode = a.Str("mode");
            if (mode && *mode != "nearest") row.note = "mode " + *mode + ": the shape is nearest's; the values differ";
            row.kind = PastedKind::Upsample;
            row.out = Shape{1, x.c, int(h), int(w)};
            return add(row);
        }
        case Role::Flatten:
        case Role::View: {
            if (spec->role == Role::Flatten) {
                CP_TRY(start, a.Int("start_dim"));
                CP_TRY(end, a.Int("end_dim"));
                if (!((start == 1 || start == 0) && (end == -1 || end == 3)))
                    return Stop(m, Shown(m.src) + " keeps a spatial axis; only a flatten to (N, features) is followed.");
            } else {
                std::vector<Value> dims = m.args;
                if (dims.size() == 1 && dims[0].kind == Value::Kind::Seq) dims = dims[0].items;
                if (dims.size() != 2) return Stop(m, Shown(m.src) + ": only a view to (N, features) is followed.");
                const Value& f = dims[1];
                const bool batch_first_known = dims[0].kind == Value::Kind::Int && dims[0].i != -1;
                if (f.kind == Value::Kind::Int && f.i != -1 && f.i != features)
                    return Stop(m, Shown(m.src) + ": " + std::to_string(f.i) + " features, but the map has " +
                                       ShapeText(x, st.flat) + " = " + std::to_string(features) +
                                       (batch_first_known ? "; PyTorch raises." : "; the batch would change size."));
                if (batch_first_known && dims[0].i != 1 && f.kind == Value::Kind::Int && f.i == -1)
                    return Stop(m, Shown(m.src) + ": the batch would change size.");
            }
            if (features > kMaxLiteral) return Stop(m, Shown(m.src) + ": too many features.");
            row.kind = PastedKind::Flatten;
            row.out = Shape{1, int(features), 1, 1};
            row.flat = true;
            return add(row);
        }
        case Role::Linear: {
            int in_f = int(std::min<int64_t>(features, kMaxLiteral));
            if (!spec->lazy) {
                CP_TRY(given, a.Int("in_features"));
                in_f = given;
            }
            CP_TRY(out_f, a.Int("out_features"));
            CP_TRY(bias, a.Bool("bias"));
            // After a map, forward flattens it (torchvision's classifiers), or
            // pools it to 1x1 first when in_features is the channel count
            // (mobilenet_v2): neither is in a printout, so both are rows here.
            const bool pools = !st.flat && in_f != features && in_f == x.c;
            if (in_f != features && !pools)
                return Stop(m, Shown(m.src) + ": in_features is " + std::to_string(in_f) + " but " +
                                   (st.flat ? "the features are " : "the map " + ShapeText(x, false) + " has ") +
                                   std::to_string(features) + "; PyTorch raises (mat1 and mat2 shapes cannot be multiplied).");
            if (!st.flat) {
                Notice(AtLine(m.line) + Shown(m.src) + " follows a " + ShapeText(x, false) + " map: read as " +
                       (pools ? "pooled to 1x1 and flattened" : "flattened") + " first, as forward does.");
                FlattenBefore(m, path, pools, st);
                row.in = st.s;
                row.flat = true;
            }
            if (out_f < 1) return Stop(m, Args::Bad("out_features", a.Get("out_features"), "a positive integer"));
            row.kind = PastedKind::Linear;
            row.bias = bias;
            row.params = int64_t(in_f) * out_f + (bias ? out_f : 0);
            row.out = Shape{1, out_f, 1, 1};
            row.flat = true;
            return add(row);
        }
        case Role::BatchNorm:
        case Role::InstanceNorm:
        case Role::GroupNorm: {
            const bool group = spec->role == Role::GroupNorm;
            CP_TRY(c, a.Int(group ? "num_channels" : "num_features"));
            if (c != x.c)
                return Stop(m, Shown(m.src) + ": it expects " + std::to_string(c) + " channels but gets " +
                                   std::to_string(x.c) + "; PyTorch raises.");
            if (group) {
                CP_TRY(g, a.Int("num_groups"));
                if (g < 1 || c % g != 0)
                    return Stop(m, Shown(m.src) + ": num_channels must be divisible by num_groups (PyTorch raises).");
            }
            CP_TRY(affine, a.Bool("affine"));
            row.kind = PastedKind::PassThrough;
            row.params = affine ? 2 * int64_t(c) : 0;
            return add(row);
        }
        case Role::LayerNorm: {
            const Value& v = a.Get("normalized_shape");
            int64_t n = 1;
            for (const Value& d : v.kind == Value::Kind::Seq ? v.items : std::vector<Value>{v}) {
                CP_TRY(i, Args::IntOf("normalized_shape", d));
                n *= std::max(1, i);
                if (n > kMaxLiteral) return Stop(m, Args::Bad("normalized_shape", v, "a smaller shape"));
            }
            CP_TRY(affine, a.Bool("elementwise_affine"));
            row.kind = PastedKind::PassThrough;
            row.params = affine ? 2 * n : 0;
            return add(row);
        }
        case Role::PReLU: {
            CP_TRY(n, a.Int("num_parameters"));
            row.kind = PastedKind::PassThrough;
            row.params = std::max(0, n);
            return add(row);
        }
        case Role::Pass: break;
    }
    return add(row);
}

#undef CP_TRY

}  // namespace cp::code
