// code_import.cpp — code.h's code in, end to end: text -> Parse
// (code_parser.cpp) -> Evaluate (code_binder.cpp) -> RunChain
// (code_modules.cpp) -> rows, and the rows the figure draws -> a Doc.
//
// Index
//   [SECTION] INPUT   torch.randn's sizes, else the first conv's in_channels on the current size
//   [SECTION] ROWS    ReadModelCode
//   [SECTION] DOC     the drawn rows as the Doc's layers; padding joins the conv after it
#include <algorithm>
#include <optional>

#include "engine/names.h"
#include "state/formats/code.h"
#include "state/formats/code_binder.h"

namespace cp {
namespace {

using code::Module;
using code::ModulePtr;
using code::Value;

// [SECTION] INPUT

// The in_channels of the first conv the chain runs, or -1.
int FirstInChannels(const std::vector<ModulePtr>& chain, int depth = 0) {
    if (depth > 32) return -1;
    for (const ModulePtr& m : chain) {
        if (m->type == "Conv2d" || m->type == "ConvTranspose2d") {
            const Value* v = !m->args.empty() ? &m->args[0] : nullptr;
            for (const auto& [k, kv] : m->kwargs)
                if (k == "in_channels") v = &kv;
            return v && v->kind == Value::Kind::Int && v->i > 0 && v->i <= code::kMaxLiteral ? int(v->i) : -1;
        }
        if (m->type == "LazyConv2d" || m->type == "LazyConvTranspose2d" || m->type == "Linear") return -1;
        if (!m->children.empty())
            if (const int c = FirstInChannels(m->children, depth + 1); c != 0) return c;
    }
    return 0;  // no conv in this part: look further
}

// F.relu, torch.sigmoid, Tensor.relu: the module PyTorch has for it.
bool Functional(std::string_view type) {
    return type.rfind("F.", 0) == 0 || type.rfind("torch.", 0) == 0 || type.rfind("Tensor.", 0) == 0;
}
std::string ModuleNameOf(std::string_view type) {
    if (!Functional(type)) return std::string(type);
    static constexpr std::pair<std::string_view, std::string_view> kModules[] = {
        {"relu", "ReLU"},         {"relu6", "ReLU6"},     {"leaky_relu", "LeakyReLU"}, {"elu", "ELU"},
        {"selu", "SELU"},         {"gelu", "GELU"},       {"silu", "SiLU"},            {"mish", "Mish"},
        {"hardswish", "Hardswish"}, {"sigmoid", "Sigmoid"}, {"tanh", "Tanh"},         {"softmax", "Softmax"},
        {"log_softmax", "LogSoftmax"}, {"dropout", "Dropout"}, {"dropout2d", "Dropout2d"},
        {"local_response_norm", "LocalResponseNorm"}};
    const std::string_view base = type.substr(type.rfind('.') + 1);
    for (const auto& [f, module] : kModules)
        if (f == base) return std::string(module);
    return "Identity";
}

// Notices are shown as they are: bounded in number and length, printable.
void Tidy(std::vector<std::string>& notices) {
    constexpr size_t kMaxNotices = 40, kMaxLength = 300;
    if (notices.size() > kMaxNotices) {
        const size_t more = notices.size() - kMaxNotices + 1;
        notices.resize(kMaxNotices - 1);
        notices.push_back("... and " + std::to_string(more) + " more notices.");
    }
    for (std::string& n : notices) {
        if (n.size() > kMaxLength) {
            size_t cut = kMaxLength - 3;
            while (cut > 0 && (static_cast<unsigned char>(n[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
            n = n.substr(0, cut) + "...";
        }
        for (char& c : n)
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
    }
}


// A side row as a layer of its SideBranch (doc.h); none for a concat.
std::optional<Layer> BranchLayerOf(const PastedRow& row) {
    switch (row.kind) {
        case PastedKind::Layer: {
            if (!row.layer) return std::nullopt;
            Layer layer = *row.layer;
            layer.bias = row.bias;
            return layer;
        }
        case PastedKind::PassThrough:
            return LayerOf(PassThroughOptions{ModuleNameOf(row.type), Functional(row.type) ? "" : row.args, row.params});
        case PastedKind::Pad: return LayerOf(Pad2dOptions{row.pad, row.mode, 0});
        case PastedKind::AdaptivePool:
            return LayerOf(AdaptivePool2dOptions{{row.out.h, row.out.w}, row.type.find("Max") != std::string::npos});
        case PastedKind::Upsample:
            return LayerOf(row.out.h % row.in.h == 0 && row.out.w % row.in.w == 0
                               ? UpsampleOptions{{row.out.h / row.in.h, row.out.w / row.in.w}, {0, 0}}
                               : UpsampleOptions{{1, 1}, {row.out.h, row.out.w}});
        case PastedKind::Flatten: return LayerOf(FlattenOptions{});
        case PastedKind::Linear: {
            Layer fc = LayerOf(LinearOptions{row.type == "LazyLinear" ? 0 : row.in.c, row.out.c});
            fc.bias = row.bias;
            return fc;
        }
        case PastedKind::Concat: return std::nullopt;
    }
    return std::nullopt;
}

// "layer1.0.downsample.0" -> "layer1.0.downsample"; an SE gate's
// "features.1.0.block.1.fc1" -> "features.1.0.block.1" (the gate's own path).
std::string BranchPathOf(const std::string& row_path) {
    for (const char* name : {".downsample", ".shortcut"}) {
        const size_t at = row_path.find(name);
        if (at != std::string::npos) return row_path.substr(0, at + std::string_view(name).size());
    }
    const size_t dot = row_path.rfind('.');
    return dot == std::string::npos ? std::string() : row_path.substr(0, dot);
}

}  // namespace

// [SECTION] ROWS

PastedModel ReadModelCode(std::string_view text, const Doc& current) {
    PastedModel out;
    out.input = Shape{1, current.input.channels, current.input.h, current.input.w};
    if (text.size() > kMaxCodeText) {
        out.stopped = "the code is " + std::to_string(text.size()) + " characters long; at most " +
                      std::to_string(kMaxCodeText) + " are read.";
        return out;
    }
    const code::Parsed parsed = code::Parse(text);
    if (!parsed.refused.empty()) {
        out.stopped = parsed.refused;
        return out;
    }
    for (const code::ParseNotice& n : parsed.notices) out.notices.push_back(n.text);
    code::Evaluated e = code::Evaluate(parsed);
    for (std::string& n : e.notices) out.notices.push_back(std::move(n));
    if (e.input) {
        std::vector<int> dims;
        bool ok = e.input->size() == 4 || e.input->size() == 3;
        for (const Value& v : *e.input) {
            ok &= v.kind == Value::Kind::Int && v.i >= 1 && v.i <= code::kMaxLiteral;
            dims.push_back(ok ? int(v.i) : 0);
        }
        if (ok) {
            const size_t c = dims.size() - 3;
            out.input = Shape{1, dims[c], dims[c + 1], dims[c + 2]};
            out.input_given = true;
        } else {
            std::string shown;
            for (const Value& v : *e.input) shown += (shown.empty() ? "" : ", ") + code::Shown(v.src);
            out.notices.push_back(code::AtLine(e.input_line) + "the input (" + shown +
                                  "): expected (N, C, H, W) or (C, H, W) of positive integers; the current size is used.");
        }
    }
    if (!out.input_given) {
        const int c = FirstInChannels(e.chain);
        if (c > 0) out.input.c = c;
    }
    code::RunChain(e.chain, out.input, out);
    Tidy(out.notices);
    return out;
}

// [SECTION] DOC

CodeImport ImportCode(std::string_view text, const Doc& current) {
    CodeImport r;
    r.model = ReadModelCode(text, current);
    r.notices = r.model.notices;
    const PastedModel& m = r.model;

    Doc doc = current;
    doc.input.channels = m.input.c;
    if (m.input_given) doc.input.h = m.input.h, doc.input.w = m.input.w;
    doc.layers.clear();
    doc.branches.clear();  // the last paste's, if any
    const PastedRow* pending = nullptr;  // padding, which joins the conv after it when it can
    std::optional<SideBranch> pending_gate;  // an SE gate's branch, until the gate's own row is a layer
    std::string why_not;                 // why the Doc's chain ends before the rows do
    auto flush_pad = [&]() {
        if (!pending) return;
        doc.layers.push_back(LayerOf(Pad2dOptions{pending->pad, pending->mode, 0}));
        pending = nullptr;
    };
    // Side rows (a downsample, an SE gate's branch) become the Doc's
    // SideBranches: not in the chain, marked and counted by the Stack tab.
    std::vector<std::string> paths;     // per Doc layer, the row that made it
    std::vector<const PastedRow*> side;  // the side rows since the last main row
    auto flush_side = [&](const PastedRow* next) {
        if (side.empty() || doc.layers.empty()) return side.clear();
        SideBranch b;
        b.name = BranchPathOf(side.front()->path);
        for (const PastedRow* r : side)
            if (auto layer = BranchLayerOf(*r)) b.layers.push_back(std::move(*layer));
        side.clear();
        if (b.layers.empty()) return;
        if (next && next->path == b.name) {
            // A gate: its row comes after its branch and scales its own input.
            b.gate = true;
            b.from = b.join = int(doc.layers.size());
            pending_gate = std::move(b);
            return;
        }
        b.join = int(doc.layers.size()) - 1;
        b.from = b.join;
        const size_t dot = b.name.rfind('.');
        const std::string block = dot == std::string::npos ? std::string() : b.name.substr(0, dot + 1);
        if (!block.empty())
            for (size_t i = 0; i < paths.size(); ++i)
                if (paths[i].compare(0, block.size(), block) == 0) {
                    b.from = int(i);
                    break;
                }
        doc.branches.push_back(std::move(b));
    };
    for (const PastedRow& row : m.rows) {
        if (row.side) {
            if (!side.empty() && BranchPathOf(side.front()->path) != BranchPathOf(row.path)) flush_side(nullptr);
            side.push_back(&row);
            continue;
        }
        if (row.kind == PastedKind::Concat) side.clear();  // parallel branches: the chain ends here
        flush_side(&row);
        struct AfterRow {  // whatever the switch pushed is this row's; a gate's branch joins it
            std::vector<std::string>& paths;
            std::optional<SideBranch>& gate;
            Doc& doc;
            const std::string& path;
            ~AfterRow() {
                while (paths.size() < doc.layers.size()) paths.push_back(path);
                if (gate && int(doc.layers.size()) > gate->join) doc.branches.push_back(std::move(*gate));
                gate.reset();
            }
        } after_row{paths, pending_gate, doc, row.path};
        switch (row.kind) {
            case PastedKind::PassThrough:
                doc.layers.push_back(LayerOf(PassThroughOptions{ModuleNameOf(row.type), Functional(row.type) ? "" : row.args, row.params}));
                continue;
            case PastedKind::Pad:
                flush_pad();
                pending = &row;
                continue;
            case PastedKind::AdaptivePool:
                flush_pad();
                doc.layers.push_back(LayerOf(AdaptivePool2dOptions{{row.out.h, row.out.w}, row.type.find("Max") != std::string::npos}));
                continue;
            case PastedKind::Upsample: {
                flush_pad();
                const bool whole = row.out.h % row.in.h == 0 && row.out.w % row.in.w == 0;
                doc.layers.push_back(LayerOf(whole ? UpsampleOptions{{row.out.h / row.in.h, row.out.w / row.in.w}, {0, 0}}
                                                   : UpsampleOptions{{1, 1}, {row.out.h, row.out.w}}));
                continue;
            }
            case PastedKind::Flatten:
                flush_pad();
                doc.layers.push_back(LayerOf(FlattenOptions{}));
                continue;
            case PastedKind::Linear: {
                flush_pad();
                Layer fc = LayerOf(LinearOptions{row.type == "LazyLinear" ? 0 : row.in.c, row.out.c});
                fc.bias = row.bias;
                doc.layers.push_back(std::move(fc));
                continue;
            }
            case PastedKind::Concat:
                why_not = code::AtLine(row.line) + row.type + " (" + row.path +
                          "): parallel branches are not a chain; the layers before it are applied.";
                break;
            case PastedKind::Layer: break;
        }
        if (!why_not.empty()) break;
        Layer layer = *row.layer;
        layer.bias = row.bias;
        auto* o = std::get_if<Conv2dOptions>(&layer.options);
        // F.pad / nn.ZeroPad2d before a conv is the conv's padding (what the
        // Code tab writes for per-side padding), when the two add up.
        if (pending && o && pending->pad != Padding4{} && o->rule != PaddingRule::Same &&
            !(o->rule == PaddingRule::Explicit && o->pad != Padding4{} &&
              (pending->mode != PaddingMode::Zeros || o->mode != PaddingMode::Zeros))) {
            if (o->rule == PaddingRule::Valid) o->pad = Padding4{};
            const bool own = o->rule == PaddingRule::Explicit && o->pad != Padding4{};
            o->rule = PaddingRule::Explicit;
            const Padding4 p = pending->pad;
            o->pad = {o->pad.top + p.top, o->pad.bottom + p.bottom, o->pad.left + p.left, o->pad.right + p.right};
            if (!own) o->mode = pending->mode;
            pending = nullptr;
        }
        flush_pad();
        doc.layers.push_back(std::move(layer));
    }
    if (why_not.empty()) flush_pad(), flush_side(nullptr);
    if (!why_not.empty()) r.notices.push_back(why_not);
    Tidy(r.notices);
    if (doc.layers.empty()) {
        std::string message = !why_not.empty() ? why_not : !m.stopped.empty() ? m.stopped : std::string();
        if (message.empty() && !r.notices.empty()) message = r.notices.front();
        if (message.empty() || m.rows.empty())
            message = (message.empty() ? "" : message + " ") +
                      std::string("found no layer: expected a line such as nn.Conv2d(3, 16, kernel_size=3, padding=1), "
                                  "an nn.Sequential, a class with forward, or print(model)'s output.");
        r.doc = Result<Doc>::Fail(message);
        return r;
    }

    // Edited weights stay when the weight tensor keeps its shape.
    const std::vector<int> was_in = LayerInChannels(current), now_in = LayerInChannels(doc);
    for (size_t i = 0; i < doc.layers.size() && i < current.layers.size(); ++i) {
        const Layer &old = current.layers[i];
        Layer& now = doc.layers[i];
        const bool weights = old.drawn() && now.drawn() && (old.op() == OpKind::Conv2d || old.op() == OpKind::ConvTranspose2d);
        if (weights && old.op() == now.op() && old.kernel == now.kernel && old.out_channels == now.out_channels &&
            GroupCount(old) == GroupCount(now) && was_in[i] == now_in[i])
            now.weight_edits = old.weight_edits;
    }
    r.doc = std::move(doc);
    return r;
}

Result<Doc> ParseLayerCode(std::string_view text, const Doc& current) { return ImportCode(text, current).doc; }

std::string CodeAppliedMessage(const Doc& doc) {
    std::string s = "Applied " + std::to_string(doc.layers.size()) + (doc.layers.size() == 1 ? " layer: " : " layers: ");
    constexpr size_t kNamed = 8;  // a 170-layer ResNet is not read out in full
    for (size_t i = 0; i < doc.layers.size() && i < kNamed; ++i) s += (i ? ", " : "") + KindName(doc.layers[i]);
    if (doc.layers.size() > kNamed) s += " and " + std::to_string(doc.layers.size() - kNamed) + " more";
    return s + ".";
}

}  // namespace cp
