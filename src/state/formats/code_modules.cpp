// code_modules.cpp — code_binder.h's second step: each module's shape rule,
// run down a chain into PastedRows (the modules' named arguments are
// code_table.cpp's).
//
// Index
//   [SECTION] BLOCKS     containers: in order, residual blocks with a checked side branch,
//                        parallel branches concatenated, squeeze-and-excitation gates
//   [SECTION] LAYERS     one row per module, its shape by PyTorch's rule
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/names.h"
#include "state/formats/code_binder.h"
#include "state/formats/code_table.h"

namespace cp::code {
namespace {

// [SECTION] BLOCKS

std::string ShapeText(Shape s, bool flat) {
    if (flat) return std::to_string(s.c) + " features";
    return std::to_string(s.c) + "x" + std::to_string(s.h) + "x" + std::to_string(s.w);
}

struct State {
    Shape s;
    bool flat = false;
};

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool IsGate(std::string_view type) {
    return type.find("SqueezeExcit") != std::string_view::npos || type == "SELayer" || type == "SEBlock" ||
           type == "SEModule" || type == "SqueezeExcite";
}
bool KnownSequence(std::string_view type) {
    return type == "Sequential" || type == "ModuleList" || type == "Conv2dNormActivation" ||
           type == "ConvNormActivation" || type == "BasicConv2d" || type == "InvertedResidual" || type == "MBConv" ||
           type == "FusedMBConv" || type == "ConvBNReLU" || type == "ConvBNActivation";
}

class Runner {
public:
    explicit Runner(PastedModel& out) : out_(out) {}

    // False when the chain stopped (out_.stopped says why).
    bool Run(const std::vector<ModulePtr>& chain, const std::string& path, bool side, State& st, int depth) {
        for (size_t i = 0; i < chain.size(); ++i) {
            const Module& m = *chain[i];
            const std::string name = m.name.empty() ? (chain.size() > 1 ? std::to_string(i) : "") : m.name;
            const std::string at = path.empty() ? name : name.empty() ? path : path + "." + name;
            if (!Step(m, at, side, st, depth)) return false;
        }
        return true;
    }

private:
    bool Stop(const Module& m, const std::string& why) {
        if (out_.stopped.empty()) out_.stopped = AtLine(m.line) + why;
        Notice(AtLine(m.line) + why);
        return false;
    }
    void Notice(std::string text) {
        for (const std::string& n : out_.notices)
            if (n == text) return;
        out_.notices.push_back(std::move(text));
    }

    bool Step(const Module& m, const std::string& path, bool side, State& st, int depth) {
        if (depth > 32) return Stop(m, "blocks nest more than 32 deep.");
        if (!m.container) return Leaf(m, path, side, st);
        if (!m.note.empty()) Notice(AtLine(m.line) + m.note);
        if (IsGate(m.type)) return Gate(m, path, st, depth);
        std::vector<ModulePtr> main, branch;
        bool residual = m.type == "BasicBlock" || m.type == "Bottleneck";
        for (const ModulePtr& c : m.children) {
            if (c->name == "downsample" || c->name == "shortcut") branch.push_back(c), residual = true;
            else main.push_back(c);
        }
        if (m.type == "Fire" || StartsWith(m.type, "Inception") ||
            (!main.empty() && std::all_of(main.begin(), main.end(), [](const ModulePtr& c) { return StartsWith(c->name, "branch"); })))
            return Concat(m, path, st, depth);
        if (!KnownSequence(m.type) && !residual && m.note.empty() && depth > 0)
            Notice(AtLine(m.line) + m.type + ": its modules are read in the order printed (a printout does not show forward).");
        const State in = st;
        // InceptionAux heads run in training only: rows on the side, params counted, no stop.
        std::vector<ModulePtr> run;
        for (const ModulePtr& c : main) {
            if (c->type == "InceptionAux" || StartsWith(c->name, "aux")) {
                PastedRow row = Row(*c, path.empty() ? c->name : path + "." + c->name, true, st);
                row.kind = PastedKind::PassThrough;
                row.params = ParamsFromArguments(*c, 0);
                row.note = "runs in training only (its forward pools first): parameters counted, shapes not followed";
                out_.rows.push_back(row);
                Notice(AtLine(c->line) + c->type + " (" + c->name + ") runs in training only: a side row with its parameters.");
                continue;
            }
            if (!Run({c}, path, side, st, depth + 1)) return false;
        }
        if (!branch.empty()) {
            State b = in;
            if (!Run(branch, path, true, b, depth + 1)) return false;
            if (b.s != st.s || b.flat != st.flat)
                return Stop(m, m.type + ": its main path gives " + ShapeText(st.s, st.flat) + " but its " + branch[0]->name +
                                   " branch gives " + ShapeText(b.s, b.flat) + "; PyTorch raises when it adds them.");
        } else if (residual && (in.s != st.s || in.flat != st.flat)) {
            return Stop(m, m.type + " adds its input (" + ShapeText(in.s, in.flat) + ") to its output (" +
                               ShapeText(st.s, st.flat) + ") but has no downsample; PyTorch raises.");
        }
        return true;
    }

    // A squeeze-and-excitation gate: its branch (pool, two 1x1 convs) scales
    // the input, so the shape is kept; the branch is run to count its parameters.
    bool Gate(const Module& m, const std::string& path, State& st, int depth) {
        State b = st;
        const size_t first = out_.rows.size();
        if (!Run(m.children, path, true, b, depth + 1)) return false;
        PastedRow row = Row(m, path, false, st);
        row.kind = PastedKind::PassThrough;
        row.note = "a gate: its branch (" + std::to_string(out_.rows.size() - first) + " modules, shown on the side) scales the input, so the shape is kept.";
        out_.rows.push_back(row);
        return true;
    }

    // Parallel branches on one input, concatenated on channels (GoogLeNet's
    // Inception, SqueezeNet's Fire after its squeeze). Branches are named by
    // their prefix: expand1x1 and expand1x1_activation are one branch.
    bool Concat(const Module& m, const std::string& path, State& st, int depth) {
        std::vector<std::pair<std::string, std::vector<ModulePtr>>> branches;
        std::vector<ModulePtr> before;
        for (const ModulePtr& c : m.children) {
            const std::string group = c->name.substr(0, c->name.find('_'));
            const bool parallel = StartsWith(c->name, "branch") || StartsWith(c->name, "expand");
            if (!parallel && branches.empty()) {
                before.push_back(c);
                continue;
            }
            if (branches.empty() || branches.back().first != group) branches.push_back({group, {}});
            branches.back().second.push_back(c);
        }
        if (!Run(before, path, false, st, depth + 1)) return false;
        if (branches.empty()) return true;
        const State in = st;
        int channels = 0;
        std::string parts;
        Shape out = in.s;
        for (size_t i = 0; i < branches.size(); ++i) {
            State b = in;
            if (!Run(branches[i].second, path, true, b, depth + 1)) return false;
            if (b.flat || (i > 0 && (b.s.h != out.h || b.s.w != out.w)))
                return Stop(m, m.type + ": its branches give maps of different sizes (" + ShapeText(out, false) + " and " +
                                   ShapeText(b.s, b.flat) + "); they cannot be concatenated.");
            out = b.s;
            channels += b.s.c;
            parts += (i ? "+" : "") + std::to_string(b.s.c);
        }
        out.c = channels;
        PastedRow row = Row(m, path, false, st);
        row.kind = PastedKind::Concat;
        st.s = out;
        row.out = out;
        row.note = std::to_string(branches.size()) + " parallel branches (shown on the side) concatenated: " + parts +
                   " channels.";
        out_.rows.push_back(row);
        return true;
    }

    // [SECTION] LAYERS

    // A value as Python would write it once evaluated: ngf * 2 -> 128.
    static std::string ValueText(const Value& v) {
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
    static std::string ArgsText(const Module& m) {
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

    PastedRow Row(const Module& m, const std::string& path, bool side, const State& st) const {
        PastedRow r;
        r.path = path;
        r.type = m.type;
        r.args = ArgsText(m);
        r.line = m.line;
        r.in = st.s;
        r.out = st.s;
        r.flat = st.flat;
        r.side = side;
        return r;
    }

    bool Leaf(const Module& m, const std::string& path, bool side, State& st);

    // The rows forward's own flatten (and pooling) would have made, put
    // before the shape-keeping rows (Dropout) that follow the last map.
    void FlattenBefore(const Module& m, const std::string& path, bool pools, State& st) {
        // Only rows of the Linear's own container (torchvision's classifier
        // Sequential): forward flattens between features and classifier.
        const std::string parent = path.substr(0, path.rfind('.') == std::string::npos ? 0 : path.rfind('.') + 1);
        size_t at = out_.rows.size();
        while (at > 0 && out_.rows[at - 1].kind == PastedKind::PassThrough && !out_.rows[at - 1].side &&
               (parent.empty() || StartsWith(out_.rows[at - 1].path, parent)))
            --at;
        std::vector<PastedRow> implied;
        State s = st;
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
    bool Refused(const Module& m, PastedRow row, const std::string& why, State& st) {
        row.refused = true;
        row.note = why;
        if (row.layer && (row.layer->op() == OpKind::Conv2d || row.layer->op() == OpKind::ConvTranspose2d))
            st.s.c = row.layer->out_channels;
        out_.rows.push_back(std::move(row));
        if (!blind_) Stop(m, Shown(m.src) + ": " + why);
        blind_ = true;
        return true;
    }
    bool blind_ = false;  // after a refused layer: no shapes, only layers

    PastedModel& out_;
};

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

#define CP_TRY(var, expr)                                      \
    auto var##_r = (expr);                                     \
    if (!var##_r.ok()) return Stop(m, var##_r.error());        \
    auto var = var##_r.value()

bool Runner::Leaf(const Module& m, const std::string& path, bool side, State& st) {
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

}  // namespace

void RunChain(const std::vector<ModulePtr>& chain, Shape in, PastedModel& out) {
    State st{in, false};
    Runner(out).Run(chain, "", false, st, 0);
}

}  // namespace cp::code

namespace cp {
int64_t PastedModel::Params() const {
    int64_t total = 0;
    for (const PastedRow& r : rows) total += r.params;
    return total;
}
}  // namespace cp
