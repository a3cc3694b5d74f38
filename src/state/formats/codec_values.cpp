// codec_values.cpp — codec_flat.h: the Flat, its defaults from the key
// table, and each key's value written and read.
//
// [SECTION] Defaults and the state
// [SECTION] Layer values
// [SECTION] State values (doc, view, embed)
// [SECTION] Derived from the chain
#include <algorithm>
#include <array>

#include "engine/names.h"
#include "state/formats/codec_flat.h"
#include "state/formats/codec_text.h"
#include "state/formats/embed.h"
#include "state/formats/presets.h"
#include "state/image/images.h"

namespace cp::codec {
namespace {

constexpr std::array<std::string_view, 3> kThemeTokens = {"auto", "dark", "light"};  // Theme's order
constexpr std::array<std::string_view, 3> kQuizTokens = {"0", "1", "fixed"};         // Quiz's order
// The picture tokens are image mode's sample table (state/image/images.h);
// "own" is written (a link says it had one) but read back as the card.
constexpr std::array<std::string_view, kSampleImages.size()> kImageTokens = [] {
    std::array<std::string_view, kSampleImages.size()> t{};
    for (size_t i = 0; i < t.size(); ++i) t[i] = kSampleImages[i].token;
    return t;
}();

bool IsConv(LayerKind k) { return (kConvKinds & KindBit(k)) != 0; }
bool IsPool(LayerKind k) { return (kPoolKinds & KindBit(k)) != 0; }
bool IsSymmetric(const Padding4& p) { return p.top == p.bottom && p.left == p.right; }
Padding4 FromSize(Size2 p) { return Padding4::Symmetric(p.h, p.w); }
Size2 ToSize(const Padding4& p) { return {p.top, p.left}; }

// Printable ASCII only: a name or args from a link reaches code out and the page.
bool Printable(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
}

std::optional<std::string> Why(Parse r, const char* what) {
    if (r == Parse::Ok) return std::nullopt;
    if (r == Parse::OutOfRange) return std::string("out of range");
    return std::string("not ") + what;
}
std::optional<std::string> Boolean(std::string_view value, bool& b) {
    if (value != "0" && value != "1") return std::string("not 0 or 1");
    b = value == "1";
    return std::nullopt;
}
template <size_t N, class E>
std::optional<std::string> Token(std::string_view value, const std::array<std::string_view, N>& tokens, E& e,
                                 const char* what) {
    const auto it = std::find(tokens.begin(), tokens.end(), value);
    if (it == tokens.end()) return std::string("not ") + what;
    e = E(it - tokens.begin());
    return std::nullopt;
}
const char* const kSizeForm = "a size (N or HxW)";

}  // namespace

// [SECTION] Defaults and the state

const LayerFlat& DefaultLayerFlat(LayerKind kind) {
    static_assert(std::variant_size_v<LayerOptions> == 10);
    static const std::array<LayerFlat, 10> kDefaults = [] {
        std::array<LayerFlat, 10> all{};
        for (size_t i = 0; i < all.size(); ++i) {
            LayerFlat& f = all[i];
            f.kind = LayerKind(i);
            for (const KeyRow& row : kKeys)
                if (row.scope == KeyScope::Layer && row.key != kOp && !Derived(row.key) && Applies(row.key, f.kind))
                    ParseLayerValue(f, row.key, DefaultText(row.key, f.kind));
        }
        return all;
    }();
    return kDefaults[size_t(kind)];
}

Flat DefaultFlat(LayerKind kind) {
    Flat f;
    f.l = DefaultLayerFlat(kind);
    for (const KeyRow& row : kKeys)
        if (row.scope != KeyScope::Layer && row.key != kV) ParseValue(f, row.key, row.def);
    return f;
}

LayerFlat FlatOfLayer(const Layer& layer) {
    LayerFlat f = DefaultLayerFlat(layer.kind());
    if (IsConv(layer.kind())) {
        f.w = layer.weight_edits, f.kp = layer.kernel_preset, f.bias = layer.bias;
        f.cout = layer.out_channels, f.k = layer.kernel;
    }
    struct Visit {
        LayerFlat& f;
        const Layer& layer;
        void operator()(const Conv2dOptions& c) const {
            f.g = c.groups, f.s = c.stride, f.d = c.dilation;
            f.rule = c.rule, f.p = c.rule == PaddingRule::Explicit ? c.pad : Padding4{}, f.pm = c.mode;
        }
        void operator()(const ConvTranspose2dOptions& t) const {
            f.g = t.groups, f.s = t.stride, f.d = t.dilation, f.p = FromSize(t.padding), f.opad = t.output_padding;
        }
        void operator()(const MaxPool2dOptions& m) const {
            f.k = m.kernel, f.s = m.stride, f.p = FromSize(m.padding), f.d = m.dilation, f.ceil = m.ceil_mode;
        }
        void operator()(const AvgPool2dOptions& a) const {
            f.k = a.kernel, f.s = a.stride, f.p = FromSize(a.padding), f.ceil = a.ceil_mode;
            f.cip = a.count_include_pad, f.div = a.divisor_override;
        }
        void operator()(const PassThroughOptions& o) const { f.name = o.name, f.args = o.args, f.np = o.params; }
        void operator()(const Pad2dOptions& o) const { f.p = o.pad, f.pm = o.mode, f.fill = o.value; }
        void operator()(const AdaptivePool2dOptions& o) const { f.out = o.output, f.amax = o.max; }
        void operator()(const UpsampleOptions& o) const { f.sf = o.scale, f.out = o.size; }
        void operator()(const FlattenOptions&) const {}
        void operator()(const LinearOptions& o) const { f.fin = o.in_features, f.cout = o.out_features, f.bias = layer.bias; }
    };
    std::visit(Visit{f, layer}, layer.options);
    return f;
}

Flat FlatOf(const Doc& doc, const View& view) {
    Flat f;
    f.l = FlatOfLayer(doc.layers.empty() ? Layer{} : doc.layers.front());
    f.layers = int(doc.layers.size());
    f.branches = int(doc.branches.size());
    f.layer = view.layer;
    f.in = {doc.input.h, doc.input.w};
    f.cin = doc.input.channels;
    f.seed = doc.input.seed;
    f.step = view.step, f.play = view.playing, f.speed = view.speed, f.zoom = view.zoom;
    f.x = doc.input.edits;
    f.flip = doc.flip_kernel;
    if (view.pinned.layer == 0) f.pin_y = view.pinned.y, f.pin_x = view.pinned.x;
    f.hm = view.heatmap, f.theme = view.theme, f.link = view.link_hw, f.preset = view.preset;
    f.embed = view.embed;
    f.view = view.mode, f.img = view.image, f.och = view.image_channel, f.full_scale = view.image_full_range;
    return f;
}

Layer LayerOf(const LayerFlat& f) {
    Layer layer;
    auto conv_fields = [&] {
        layer.kernel = f.k, layer.out_channels = f.cout, layer.weight_edits = f.w;
        layer.kernel_preset = f.kp, layer.bias = f.bias;
    };
    switch (f.kind) {
        case LayerKind::Conv2d: {
            Conv2dOptions o;
            o.stride = f.s, o.rule = f.rule, o.pad = f.rule == PaddingRule::Explicit ? f.p : Padding4{};
            o.dilation = f.d, o.groups = f.g, o.mode = f.pm;
            layer.options = o;
            conv_fields();
            break;
        }
        case LayerKind::ConvTranspose2d: {
            ConvTranspose2dOptions o;
            o.stride = f.s, o.padding = ToSize(f.p), o.output_padding = f.opad, o.dilation = f.d, o.groups = f.g;
            layer.options = o;
            conv_fields();
            break;
        }
        case LayerKind::MaxPool2d: {
            MaxPool2dOptions o;
            o.kernel = f.k, o.stride = f.s, o.padding = ToSize(f.p), o.dilation = f.d, o.ceil_mode = f.ceil;
            layer.options = o;
            break;
        }
        case LayerKind::AvgPool2d: {
            AvgPool2dOptions o;
            o.kernel = f.k, o.stride = f.s, o.padding = ToSize(f.p), o.ceil_mode = f.ceil;
            o.count_include_pad = f.cip, o.divisor_override = f.div;
            layer.options = o;
            break;
        }
        case LayerKind::PassThrough: layer.options = PassThroughOptions{f.name, f.args.value_or(""), f.np.value_or(0)}; break;
        case LayerKind::Pad2d: layer.options = Pad2dOptions{f.p, f.pm, f.fill}; break;
        case LayerKind::AdaptivePool2d: layer.options = AdaptivePool2dOptions{f.out, f.amax}; break;
        case LayerKind::Upsample: layer.options = UpsampleOptions{f.sf, f.out}; break;
        case LayerKind::Flatten: layer.options = FlattenOptions{}; break;
        case LayerKind::Linear:
            layer.options = LinearOptions{f.fin.value_or(0), f.cout};
            layer.bias = f.bias;
            break;
    }
    return layer;
}

LayerFlat Carry(const LayerFlat& from, LayerKind to) {
    LayerFlat f = DefaultLayerFlat(to);
    const bool drawn = (kDrawnKindBits & KindBit(from.kind)) != 0;
    if (drawn && (kDrawnKindBits & KindBit(to))) {
        f.k = from.k;
        f.s = from.s;
        if (IsConv(to)) {  // a pool's 0 means "= kernel": say so in numbers
            if (f.s.h == 0) f.s.h = f.k.h;
            if (f.s.w == 0) f.s.w = f.k.w;
        }
        if (Applies(kD, from.kind) && Applies(kD, to)) f.d = from.d;
        if (to == LayerKind::Conv2d) {
            f.rule = from.rule, f.p = from.p;
        } else if (from.rule == PaddingRule::Valid) {
            f.p = Padding4{};
        } else if (from.rule == PaddingRule::Explicit && IsSymmetric(from.p)) {
            f.p = from.p;
        }  // else: 'same' or asymmetric padding has no equivalent; the op's default
    }
    if (IsConv(from.kind) && IsConv(to)) f.cout = from.cout, f.g = from.g, f.kp = from.kp, f.bias = from.bias;
    if (IsPool(from.kind) && IsPool(to)) f.ceil = from.ceil;
    return f;
}

// [SECTION] Layer values

bool IsClassName(std::string_view s) {
    if (s.empty() || s.size() > kTokenLength || s[0] < 'A' || s[0] > 'Z') return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
}

std::string KindText(const LayerFlat& f) {
    if (f.kind == LayerKind::PassThrough) return IsClassName(f.name) ? f.name : "pass";
    for (const KindToken& t : kKindTokens)
        if (t.kind == f.kind && (f.kind != LayerKind::AdaptivePool2d || t.adaptive_max == f.amax))
            return std::string(t.token);
    return "conv";
}

bool ReadKind(std::string_view value, LayerFlat& f) {
    for (const KindToken& t : kKindTokens)
        if (t.token == value) {
            f.kind = t.kind;
            f.amax = t.adaptive_max;
            return true;
        }
    if (!IsClassName(value)) return false;
    f.kind = LayerKind::PassThrough;
    f.name = std::string(value);
    return true;
}

std::optional<std::string> LayerValueText(const LayerFlat& f, Key key) {
    switch (key) {
        case kOp: return KindText(f);
        case kCout: return std::to_string(f.cout);
        case kG: return std::to_string(f.g);
        case kK: return SizeText(f.k);
        case kS: return SizeText(f.s);
        case kD: return SizeText(f.d);
        case kP:
            if (f.rule != PaddingRule::Explicit) return std::string(TokenOf(f.rule));
            return Padding4Text(f.p);
        case kOpad: return SizeText(f.opad);
        case kPm:
            if (TokenOf(f.pm).empty()) return std::nullopt;
            return std::string(TokenOf(f.pm));
        case kCeil: return f.ceil ? "1" : "0";
        case kCip: return f.cip ? "1" : "0";
        case kDiv: return f.div == 0 ? "none" : std::to_string(f.div);
        case kW: return EditsText(f.w, true);
        case kKp: return std::string(KernelPresetToken(f.kp));
        case kBias: return f.bias ? "1" : "0";
        case kName: return f.name;
        case kArgs: return f.args;
        case kNp: return f.np ? std::optional(std::to_string(*f.np)) : std::nullopt;
        case kFill: return FormatFloat(f.fill);
        case kOut: return SizeText(f.out);
        case kSf: return SizeText(f.sf);
        case kFin: return f.fin ? std::optional(std::to_string(*f.fin)) : std::nullopt;
        default: return std::nullopt;
    }
}

std::optional<std::string> ParseLayerValue(LayerFlat& f, Key key, std::string_view value) {
    switch (key) {
        case kCout: return Why(ParseInt(value, f.cout), "a number");
        case kG: return Why(ParseInt(value, f.g), "a number");
        case kK: return Why(ParseSize(value, f.k), kSizeForm);
        case kS: return Why(ParseSize(value, f.s), kSizeForm);
        case kD: return Why(ParseSize(value, f.d), kSizeForm);
        case kOpad: return Why(ParseSize(value, f.opad), kSizeForm);
        case kP: {
            // Only conv has padding rules (names.h's PaddingRule tokens); "valid" is 0 for every kind.
            const bool conv = f.kind == LayerKind::Conv2d, pad = f.kind == LayerKind::Pad2d;
            auto rule = EnumFromToken<PaddingRule>(value);
            if (rule && TokenOf(*rule) != value) rule.reset();  // v1 reads the canonical tokens only
            if (rule && *rule != PaddingRule::Explicit && (conv || *rule == PaddingRule::Valid)) {
                f.rule = conv ? *rule : PaddingRule::Explicit;
                f.p = Padding4{};
                return std::nullopt;
            }
            if (rule && *rule != PaddingRule::Explicit)
                return std::string("not available for ") + KindText(f) + " (N or HxW)";
            Padding4 p = f.p;
            const Parse r = ParsePadding4(value, p);
            if (r != Parse::Ok)
                return Why(r, conv  ? "a padding (N, HxW, t,b,l,r, same, valid or SAME)"
                              : pad ? "a padding (N, HxW or t,b,l,r)"
                                    : "a padding (N or HxW)");
            if (!conv && !pad && !IsSymmetric(p)) return std::string("not available for ") + KindText(f) + " (N or HxW)";
            f.rule = PaddingRule::Explicit;
            f.p = p;
            return std::nullopt;
        }
        case kPm: {
            const auto m = EnumFromToken<PaddingMode>(value);
            if (!m) return std::string("not a padding mode (zeros, reflect, replicate, circular)");
            f.pm = *m;
            return std::nullopt;
        }
        case kCeil: return Boolean(value, f.ceil);
        case kCip: return Boolean(value, f.cip);
        case kDiv:
            if (value == "none") {
                f.div = 0;
                return std::nullopt;
            }
            return Why(ParseInt(value, f.div), "a number or none");
        case kKp: {
            const auto p = KernelPresetFromToken(value);
            if (!p) return std::string("not a kernel preset (none, identity, box, gauss, sharpen, sobelx, sobely, laplace, emboss)");
            f.kp = *p;
            return std::nullopt;
        }
        case kBias: return Boolean(value, f.bias);
        case kName:
            if (value.empty() || !Printable(value)) return std::string("not a class name (printable characters)");
            f.name = std::string(value);
            return std::nullopt;
        case kArgs:
            if (!Printable(value)) return std::string("not arguments (printable characters)");
            f.args = std::string(value);
            return std::nullopt;
        case kNp: {
            int64_t n = 0;
            if (const auto wrong = Why(ParseI64(value, n), "a number")) return wrong;
            f.np = n;
            return std::nullopt;
        }
        case kFill: return Why(ParseFloat(value, f.fill), "a decimal number");
        case kOut: return Why(ParseSize(value, f.out), kSizeForm);
        case kSf: return Why(ParseSize(value, f.sf), kSizeForm);
        case kFin: {
            int n = 0;
            if (const auto wrong = Why(ParseInt(value, n), "a number")) return wrong;
            f.fin = n;
            return std::nullopt;
        }
        default: return std::nullopt;  // op and w: read by the decoder
    }
}

// [SECTION] State values (doc, view, embed)

std::optional<std::string> ValueText(const Flat& f, Key key) {
    if (KeyRowOf(key).scope == KeyScope::Layer) return LayerValueText(f.l, key);
    switch (key) {
        case kV: return std::to_string(1);
        case kIn: return SizeText(f.in);
        case kCin: return std::to_string(f.cin);
        case kSeed: return std::to_string(f.seed);
        case kStep: return std::to_string(f.step);
        case kPlay: return f.play ? "1" : "0";
        case kSpeed: return FormatFloat(f.speed);
        case kZoom: return FormatFloat(f.zoom);
        case kX: return EditsText(f.x, false);
        case kFlip: return f.flip ? "1" : "0";
        case kPin: return f.pin_y < 0 ? "none" : std::to_string(f.pin_y) + "." + std::to_string(f.pin_x);
        case kHm: return f.hm ? "1" : "0";
        case kTheme:
            if (size_t(f.theme) >= kThemeTokens.size()) return std::nullopt;
            return std::string(kThemeTokens[size_t(f.theme)]);
        case kLink: return f.link ? "1" : "0";
        case kLayers: return std::to_string(f.layers);
        case kBranches: return std::to_string(f.branches);
        case kLayer: return std::to_string(f.layer);
        case kPreset: return f.preset.empty() ? "none" : f.preset;
        case kEmbed: return f.embed.on ? "1" : "0";
        case kShow: return NamesText(f.embed.show, kPanelNames, nullptr);
        case kLock: return NamesText(f.embed.lock, kLockableKeys, "all");
        case kAutoplay: return f.embed.autoplay ? "1" : "0";
        case kOrigin: return f.embed.origin.empty() ? "none" : f.embed.origin;
        case kAutoheight: return f.embed.autoheight ? "1" : "0";
        case kQuiz:
            if (size_t(f.embed.quiz) >= kQuizTokens.size()) return std::nullopt;
            return std::string(kQuizTokens[size_t(f.embed.quiz)]);
        case kQseed: return std::to_string(f.embed.quiz_seed);
        case kView: return std::string(f.view == ViewMode::Image ? "image" : "cells");
        case kImg:
            if (size_t(f.img) >= kImageTokens.size()) return std::nullopt;
            return std::string(kImageTokens[size_t(f.img)]);
        case kOch: return std::to_string(f.och);
        case kTries: return std::to_string(f.embed.tries);
        case kScale: return std::string(f.full_scale ? "full" : "robust");
        default: return std::nullopt;
    }
}

std::optional<std::string> ParseValue(Flat& f, Key key, std::string_view value) {
    if (KeyRowOf(key).scope == KeyScope::Layer) return ParseLayerValue(f.l, key, value);
    switch (key) {
        case kIn: return Why(ParseSize(value, f.in), kSizeForm);
        case kCin: return Why(ParseInt(value, f.cin), "a number");
        case kSeed: return Why(ParseU32(value, f.seed), "a seed (0 to 4294967295)");
        case kStep: return Why(ParseInt(value, f.step), "a number");
        case kPlay: return Boolean(value, f.play);
        case kSpeed: return Why(ParseFloat(value, f.speed), "a decimal number");
        case kZoom: return Why(ParseFloat(value, f.zoom), "a decimal number");
        case kFlip: return Boolean(value, f.flip);
        case kPin: {
            if (value == "none") {
                f.pin_y = f.pin_x = -1;
                return std::nullopt;
            }
            const size_t dot = value.find('.');
            int y = 0, x = 0;
            if (dot == std::string_view::npos || !AllDigits(value.substr(0, dot)) || !AllDigits(value.substr(dot + 1)))
                return std::string("not a cell (row.column) or none");
            if (ParseInt(value.substr(0, dot), y) != Parse::Ok || ParseInt(value.substr(dot + 1), x) != Parse::Ok)
                return std::string("out of range");
            f.pin_y = y, f.pin_x = x;
            return std::nullopt;
        }
        case kHm: return Boolean(value, f.hm);
        case kTheme: return Token(value, kThemeTokens, f.theme, "a theme (auto, dark, light)");
        case kLink: return Boolean(value, f.link);
        case kPreset:
            if (value == "none") {
                f.preset.clear();
                return std::nullopt;
            }
            if (!FindPreset(value)) return std::string("not a preset of this version");
            f.preset = std::string(value);
            return std::nullopt;
        case kEmbed: return Boolean(value, f.embed.on);
        case kShow: {
            uint32_t bits = 0;
            auto wrong = ReadNames(value, kPanelNames, nullptr, "panel", bits);
            f.embed.show = uint16_t(bits);
            return wrong;
        }
        case kLock: return ReadNames(value, kLockableKeys, "all", "key", f.embed.lock);
        case kAutoplay: return Boolean(value, f.embed.autoplay);
        case kOrigin: {
            if (value == "none" || value.empty()) {
                f.embed.origin.clear();
                return std::nullopt;
            }
            auto origin = ReadOrigin(value);
            if (!origin) return std::string("not an origin (https://host or https://host:port, no path)");
            f.embed.origin = std::move(*origin);
            return std::nullopt;
        }
        case kAutoheight: return Boolean(value, f.embed.autoheight);
        case kQuiz: return Token(value, kQuizTokens, f.embed.quiz, "0, 1 or fixed");
        case kQseed: return Why(ParseU32(value, f.embed.quiz_seed), "a number (0 to 4294967295)");
        case kView:
            if (value != "cells" && value != "image") return std::string("not a view (cells, image)");
            f.view = value == "image" ? ViewMode::Image : ViewMode::Cells;
            return std::nullopt;
        case kImg: return Token(value, kImageTokens, f.img, "a picture (card, rings, checker, photo)");
        case kOch: return Why(ParseInt(value, f.och), "a number");
        case kTries: {
            int tries = 0;
            if (ParseInt(value, tries) != Parse::Ok || tries < 1 || tries > 9) return std::string("not a number of tries (1 to 9)");
            f.embed.tries = uint8_t(tries);
            return std::nullopt;
        }
        case kScale:
            if (value != "robust" && value != "full") return std::string("not a colour scale (robust, full)");
            f.full_scale = value == "full";
            return std::nullopt;
        case kLayers: return Why(ParseInt(value, f.layers), "a number of layers");
        case kBranches: return Why(ParseInt(value, f.branches), "a number of side branches");
        case kLayer: return Why(ParseInt(value, f.layer), "a layer number (0 is the first)");
        default: return std::nullopt;  // v, op, x: read by the decoder
    }
}

// [SECTION] Derived from the chain
// A printout's BatchNorm2d(64) says the channel count the chain gives, and its
// 2·64 parameters follow; a Linear's in_features is the chain's features. A
// link leaves out what the layers before already say.

std::vector<ChainIn> ChainInputs(const Doc& doc) {
    std::vector<ChainIn> ins(doc.layers.size());
    ChainIn at{true, Shape{1, doc.input.channels, doc.input.h, doc.input.w}, false};
    for (size_t i = 0; i < doc.layers.size(); ++i) {
        ins[i] = at;
        if (!at.known) continue;
        const Result<Shape> out = OutShapeOf(doc.layers[i], at.in, at.flat);
        at.known = out.ok();
        if (at.known) at.in = out.value(), at.flat = FlatAfter(doc.layers[i], at.flat);
    }
    return ins;
}

namespace {
bool IsBatchNorm(std::string_view name) { return name.rfind("BatchNorm", 0) == 0; }
// What print(model) shows after a BatchNorm's channel count (its defaults):
// the form a pasted printout has, so a printout's norms need no args= at all.
constexpr std::string_view kBatchNormPrinted = ", eps=1e-05, momentum=0.1, affine=True, track_running_stats=True";
int64_t ChannelsOf(const ChainIn& in) { return !in.known ? 0 : in.flat ? in.in.w : in.in.c; }
}  // namespace

std::optional<std::string> DerivedText(const LayerFlat& f, Key key, const ChainIn& in) {
    const bool norm = f.kind == LayerKind::PassThrough && IsBatchNorm(f.name) && in.known;
    switch (key) {
        case kArgs: return norm ? std::to_string(ChannelsOf(in)) + std::string(kBatchNormPrinted) : std::string();
        case kNp: return std::to_string(norm ? 2 * ChannelsOf(in) : 0);
        case kFin: return std::to_string(in.known ? in.in.w : 0);
        default: return std::nullopt;
    }
}

void FillDerived(const std::vector<LayerFlat>& flats, Doc& doc) { FillDerivedLayers(flats, ChainInputs(doc), doc.layers); }

void FillDerivedLayers(const std::vector<LayerFlat>& flats, const std::vector<ChainIn>& ins, std::vector<Layer>& layers) {
    for (size_t i = 0; i < flats.size() && i < layers.size() && i < ins.size(); ++i) {
        const LayerFlat& f = flats[i];
        Layer& layer = layers[i];
        if (auto* o = std::get_if<PassThroughOptions>(&layer.options)) {
            if (!f.args) o->args = *DerivedText(f, kArgs, ins[i]);
            if (!f.np) o->params = std::stoll(*DerivedText(f, kNp, ins[i]));
        } else if (auto* o = std::get_if<LinearOptions>(&layer.options)) {
            if (!f.fin) o->in_features = std::stoi(*DerivedText(f, kFin, ins[i]));
        }
    }
}

}  // namespace cp::codec
