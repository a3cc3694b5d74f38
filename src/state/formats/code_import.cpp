// code_import.cpp — code.h's code in, end to end: text -> Parse
// (code_parser.cpp) -> Evaluate (code_binder.cpp) -> RunChain
// (code_modules.cpp) -> rows, and the rows the figure draws -> a Doc.
//
// Index
//   [SECTION] INPUT   torch.randn's sizes, else the first conv's in_channels on the current size
//   [SECTION] ROWS    ReadModelCode
//   [SECTION] DOC     the drawn rows as the Doc's layers; padding joins the conv after it
#include <algorithm>

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
    std::vector<const PastedRow*> drawn;
    const PastedRow* pending = nullptr;  // padding waiting for the conv after it
    std::string why_not;                 // why the figure's chain ends before the rows do
    size_t kept_shape = 0;
    for (const PastedRow& row : m.rows) {
        if (row.side) continue;
        if (row.kind == PastedKind::PassThrough) {
            ++kept_shape;
            continue;
        }
        if (row.kind == PastedKind::Pad) {
            if (pending) {
                why_not = code::AtLine(row.line) + row.type + " follows another padding: put all of it in one.";
                break;
            }
            pending = &row;
            continue;
        }
        if (row.kind != PastedKind::Layer) {
            if (row.kind == PastedKind::AdaptivePool && row.out == row.in) {
                ++kept_shape;
                continue;
            }
            why_not = code::AtLine(row.line) + row.type + " (" + row.path + ") is not drawn by the figure; it draws the layers before it.";
            break;
        }
        Layer layer = *row.layer;
        if (pending) {
            const PastedRow pad = *pending;
            pending = nullptr;
            auto* o = std::get_if<Conv2dOptions>(&layer.options);
            const std::string before = code::AtLine(row.line) + pad.type + " before " + row.type + ": ";
            if (!o) {
                why_not = before + "the playground pads only a Conv2d this way (a pool or transposed conv has its own padding argument).";
                break;
            }
            if (pad.pad != Padding4{}) {
                if (o->rule == PaddingRule::Same) {
                    why_not = before + "padding='same' after it: put all of the padding in one place.";
                    break;
                }
                if (o->rule == PaddingRule::Valid) o->pad = Padding4{};
                o->rule = PaddingRule::Explicit;
                const bool own = o->pad != Padding4{};
                if (own && (pad.mode != PaddingMode::Zeros || o->mode != PaddingMode::Zeros)) {
                    why_not = before + "two paddings of which one is not zeros do not add up; put all of it in one place.";
                    break;
                }
                o->pad = {o->pad.top + pad.pad.top, o->pad.bottom + pad.pad.bottom, o->pad.left + pad.pad.left,
                          o->pad.right + pad.pad.right};
                if (!own) o->mode = pad.mode;
            }
        }
        doc.layers.push_back(std::move(layer));
        drawn.push_back(&row);
    }
    if (pending && why_not.empty())
        why_not = code::AtLine(pending->line) + pending->type + " is not followed by a Conv2d it pads.";
    if (!why_not.empty()) r.notices.push_back(why_not);
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
    if (kept_shape > 0 && m.rows.size() > 1)
        r.notices.push_back(std::to_string(kept_shape) + " modules that keep the shape (activations, norms, dropout) are rows of the table, not figures.");

    // Edited weights stay when the weight tensor keeps its shape.
    const std::vector<int> was_in = LayerInChannels(current), now_in = LayerInChannels(doc);
    for (size_t i = 0; i < doc.layers.size() && i < current.layers.size(); ++i) {
        const Layer &old = current.layers[i];
        Layer& now = doc.layers[i];
        const bool weights = old.op() == OpKind::Conv2d || old.op() == OpKind::ConvTranspose2d;
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
    for (size_t i = 0; i < doc.layers.size(); ++i) s += (i ? ", " : "") + std::string(LabelOf(doc.layers[i].op()));
    return s + ".";
}

}  // namespace cp
