// share_names.cpp — share_names.h.
#include "state/formats/share_names.h"

#include <variant>

#include "engine/names.h"
#include "state/formats/codec.h"

namespace cp {
namespace {

// The ops in words, for people (names.h has their tokens and PyTorch names).
std::string_view OpWords(OpKind op) {
    switch (op) {
        case OpKind::Conv2d: return "convolution";
        case OpKind::ConvTranspose2d: return "transposed convolution";
        case OpKind::MaxPool2d: return "max pool";
        case OpKind::AvgPool2d: return "average pool";
    }
    return TokenOf(op);
}

// 3, or 3x5 (`times`: the separator).
std::string Pair(Size2 v, const char* times) {
    return v.h == v.w ? std::to_string(v.h) : std::to_string(v.h) + times + std::to_string(v.w);
}

std::string PaddingWords(const Layer& layer, const char* times) {
    if (const auto* conv = std::get_if<Conv2dOptions>(&layer.options)) {
        if (conv->rule != PaddingRule::Explicit) return std::string(TokenOf(conv->rule));
        const Padding4& p = conv->pad;
        if (p.top != p.bottom || p.left != p.right)
            return std::to_string(p.top) + "," + std::to_string(p.bottom) + "," + std::to_string(p.left) + "," +
                   std::to_string(p.right);
    }
    return Pair(PaddingOf(layer), times);
}

constexpr const char* kTimes = "\xC3\x97";  // ×

std::string LayerWords(const Layer& layer) {
    return "kernel " + Pair(KernelOf(layer), kTimes) + ", stride " + Pair(StrideOf(layer), kTimes) + ", padding " +
           PaddingWords(layer, kTimes);
}

// Lower case letters, digits and 'x'; anything else one '-'.
std::string FilePart(const std::string& text) {
    std::string out;
    for (char c : text) {
        const char l = c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
        const bool keep = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9');
        if (keep) out += l;
        else if (!out.empty() && out.back() != '-') out += '-';
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}

}  // namespace

std::string FigureTitle(const Doc& doc) {
    if (doc.layers.empty()) return "no layers";
    const std::string input = std::to_string(doc.input.h) + kTimes + std::to_string(doc.input.w) + " input";
    if (doc.layers.size() == 1) return std::string(OpWords(doc.layers[0].op())) + ", " + input + ", " + LayerWords(doc.layers[0]);
    std::string ops;
    for (size_t i = 0; i < doc.layers.size(); ++i) ops += (i ? ", " : "") + std::string(OpWords(doc.layers[i].op()));
    return std::to_string(doc.layers.size()) + " layers (" + ops + "), " + input;
}

std::string FigureCaption(const Doc& doc, const Preset* preset, bool still) {
    if (!preset) return {};
    if (still) return std::string(preset->title);
    return FigureTitle(doc) + " (changed from the preset)";
}

std::string FigureFileStem(const Doc& doc) {
    if (doc.layers.empty()) return "convplay";
    const Layer& l = doc.layers[0];
    const std::string first = FilePart(std::string(TokenOf(l.op()))) + "-k" + FilePart(Pair(KernelOf(l), "x")) + "-s" +
                              FilePart(Pair(StrideOf(l), "x")) + "-p" + FilePart(PaddingWords(l, "x"));
    if (doc.layers.size() == 1) return "convplay-" + first;
    return "convplay-" + std::to_string(doc.layers.size()) + "-layers-" + first;
}

std::string EmbedState(const Doc& doc, const View& view) {
    View framed = view;
    framed.embed.on = true;
    framed.embed.origin.clear();
    framed.embed.autoheight = false;
    framed.quiz_answered = false;
    return EncodeState(doc, framed);
}

}  // namespace cp
