// codec.cpp — codec.h: the state codec, format v1.
//
// Decoding works on a Flat: one value per key, whatever the op. A Doc and View
// become a Flat (FlatOf), text edits the Flat, and the Flat becomes layer 0
// (LayerOf). The per-op defaults of the format live in DefaultFlat and nowhere
// else, so they cannot drift with DefaultDoc().
//
// [SECTION] Tokens
// [SECTION] Flat: the key space
// [SECTION] Text: excerpts, percent-decoding, numbers
// [SECTION] Values: format and parse per key
// [SECTION] Encode
// [SECTION] Decode
#include "state/formats/codec.h"

#include <algorithm>
#include <array>
#include <map>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "engine/names.h"
#include "state/image/images.h"
#include "state/model/limits.h"
#include "state/formats/embed.h"
#include "state/image/kernels.h"
#include "state/formats/presets.h"

namespace cp {
namespace {

// [SECTION] Tokens
// The engine's name tables (engine/names.h) are the link's tokens: one
// spelling of each op and padding mode everywhere.
std::string OpToken(OpKind op) { return std::string(TokenOf(op)); }

// [SECTION] Flat: the key space

// Keys in the order they are encoded (and applied, after v and op).
enum Key { kV, kOp, kIn, kCin, kSeed, kCout, kG, kK, kS, kD, kP, kOpad, kPm, kCeil, kCip, kDiv,
           kStep, kPlay, kSpeed, kZoom,
           // added in v1 (absent from older links, so they read as before)
           kX, kW, kFlip, kPin, kHm, kTheme, kLink,
           // added for stacks (absent from one-layer links)
           kLayers, kLayer,
           kPreset,
           // the embed keys (state/formats/embed.h)
           kEmbed, kShow, kLock, kAutoplay, kOrigin, kAutoheight, kQuiz, kQseed,
           // image mode and kernel presets
           kKp, kView, kImg, kOch,
           kTries,  // the quiz's tries before the answer shows
           // image mode's colour scale (robust or full)
           kScale,
           // a conv's bias=False (written only when 0)
           kBias, kKeyCount };
constexpr std::array<std::string_view, kKeyCount> kKeyNames = {
    "v", "op", "in", "cin", "seed", "cout", "g", "k", "s", "d", "p", "opad", "pm", "ceil", "cip", "div",
    "step", "play", "speed", "zoom",
    "x", "w", "flip", "pin", "hm", "theme", "link", "layers", "layer", "preset",
    "embed", "show", "lock", "autoplay", "origin", "autoheight", "quiz", "qseed",
    "kp", "view", "img", "och", "tries", "scale", "bias"};

constexpr unsigned Bit(OpKind op) { return 1u << int(op); }
constexpr unsigned kConvs = Bit(OpKind::Conv2d) | Bit(OpKind::ConvTranspose2d);
constexpr unsigned kPools = Bit(OpKind::MaxPool2d) | Bit(OpKind::AvgPool2d);
constexpr unsigned kAll = kConvs | kPools;

// The ops each key applies to.
constexpr std::array<unsigned, kKeyCount> kKeyOps = {
    kAll, kAll, kAll, kAll, kAll,                          // v op in cin seed
    kConvs, kConvs, kAll, kAll,                            // cout g k s
    kConvs | Bit(OpKind::MaxPool2d), kAll,                 // d p
    Bit(OpKind::ConvTranspose2d), Bit(OpKind::Conv2d),     // opad pm
    kPools, Bit(OpKind::AvgPool2d), Bit(OpKind::AvgPool2d),  // ceil cip div
    kAll, kAll, kAll, kAll,                                // step play speed zoom
    kAll, kConvs, kAll, kAll,                              // x w flip pin (flip is the doc's: every op carries it)
    kAll, kAll, kAll,                                      // hm theme link
    kAll, kAll, kAll,                                      // layers layer preset
    kAll, kAll, kAll, kAll, kAll, kAll, kAll, kAll,        // embed show lock autoplay origin autoheight quiz qseed
    kConvs, kAll, kAll, kAll,                              // kp view img och
    kAll,                                                  // tries
    kAll,                                                  // scale
    kConvs};                                               // bias

// The keys every layer has: layer 0's unprefixed, layer i's as "L<i>.<key>",
// in this (encoding) order.
constexpr std::array<Key, 15> kLayerKeys = {kOp, kCout, kG, kK, kS, kD, kP, kOpad, kPm, kCeil, kCip, kDiv, kW, kKp, kBias};
bool IsLayerKey(Key key) { return std::find(kLayerKeys.begin(), kLayerKeys.end(), key) != kLayerKeys.end(); }

bool Applies(Key key, OpKind op) { return (kKeyOps[key] & Bit(op)) != 0; }

struct Flat {
    OpKind op = OpKind::Conv2d;
    Size2 in{7, 7};
    int cin = 1;
    uint32_t seed = 1;
    int cout = 1, g = 1;
    Size2 k{3, 3}, s{1, 1}, d{1, 1};
    PaddingRule rule = PaddingRule::Explicit;  // other than Explicit: conv only
    Padding4 p = Padding4::Symmetric(1, 1);    // other ops: top == bottom, left == right
    Size2 opad{0, 0};
    PaddingMode pm = PaddingMode::Zeros;
    bool ceil = false, cip = true;
    int div = 0;
    int step = 0;
    bool play = false;
    float speed = 2, zoom = 1;
    std::vector<CellValue> x, w;  // input and layer-0 weight edits, in the doc's order
    bool flip = false;
    int pin_y = -1, pin_x = -1;   // layer 0's pinned output cell; -1: none
    bool hm = false;
    Theme theme = Theme::Auto;
    bool link = true;
    std::string preset;           // empty: none
    Embed embed;                  // the embed keys
    KernelPreset kp = KernelPreset::None;
    ViewMode view = ViewMode::Cells;
    SampleImage img = SampleImage::Card;
    int och = 0;
    bool full_scale = false;      // scale=full: image mode's maps coloured over their whole range
    bool bias = true;             // conv and transposed conv
    int layers = 1;               // the document's layer count
    int layer = 0;                // the layer the figure shows
};

// The format's defaults for a layer of `op`: frozen with v1 (see codec.h).
Flat DefaultFlat(OpKind op) {
    Flat f;
    f.op = op;
    if (op != OpKind::Conv2d) f.p = Padding4{};
    if (op == OpKind::MaxPool2d || op == OpKind::AvgPool2d) f.s = {0, 0};
    return f;
}

Padding4 FromSize(Size2 p) { return Padding4::Symmetric(p.h, p.w); }
bool IsSymmetric(const Padding4& p) { return p.top == p.bottom && p.left == p.right; }
Size2 ToSize(const Padding4& p) { return {p.top, p.left}; }

// One layer's keys (op, cout, g, k, s, d, p, opad, pm, ceil, cip, div, w);
// every other field at its default.
Flat FlatOfLayer(const Layer& layer) {
    Flat f = DefaultFlat(layer.op());
    if (layer.op() == OpKind::Conv2d || layer.op() == OpKind::ConvTranspose2d) f.w = layer.weight_edits;
    if (layer.op() == OpKind::Conv2d || layer.op() == OpKind::ConvTranspose2d) f.kp = layer.kernel_preset, f.bias = layer.bias;
    if (auto* c = std::get_if<Conv2dOptions>(&layer.options)) {
        f.cout = layer.out_channels, f.g = c->groups, f.k = layer.kernel, f.s = c->stride, f.d = c->dilation;
        f.rule = c->rule, f.p = c->rule == PaddingRule::Explicit ? c->pad : Padding4{}, f.pm = c->mode;
    } else if (auto* t = std::get_if<ConvTranspose2dOptions>(&layer.options)) {
        f.cout = layer.out_channels, f.g = t->groups, f.k = layer.kernel, f.s = t->stride, f.d = t->dilation;
        f.p = FromSize(t->padding), f.opad = t->output_padding;
    } else if (auto* m = std::get_if<MaxPool2dOptions>(&layer.options)) {
        f.k = m->kernel, f.s = m->stride, f.p = FromSize(m->padding), f.d = m->dilation, f.ceil = m->ceil_mode;
    } else if (auto* a = std::get_if<AvgPool2dOptions>(&layer.options)) {
        f.k = a->kernel, f.s = a->stride, f.p = FromSize(a->padding), f.ceil = a->ceil_mode;
        f.cip = a->count_include_pad, f.div = a->divisor_override;
    }
    return f;
}

Flat FlatOf(const Doc& doc, const View& view) {
    Flat f = FlatOfLayer(doc.layers.empty() ? Layer{} : doc.layers.front());
    f.layers = int(doc.layers.size());
    f.layer = view.layer;
    f.in = {doc.input.h, doc.input.w};
    f.cin = doc.input.channels;
    f.seed = doc.input.seed;
    f.step = view.step;
    f.play = view.playing;
    f.speed = view.speed;
    f.zoom = view.zoom;
    f.x = doc.input.edits;
    f.flip = doc.flip_kernel;
    if (view.pinned.layer == 0) f.pin_y = view.pinned.y, f.pin_x = view.pinned.x;
    f.hm = view.heatmap;
    f.theme = view.theme;
    f.link = view.link_hw;
    f.preset = view.preset;
    f.embed = view.embed;
    f.view = view.mode, f.img = view.image, f.och = view.image_channel;
    f.full_scale = view.image_full_range;
    return f;
}

// Layer 0 from a Flat. Fields the op does not use keep Layer{}'s defaults, so
// equal links give equal docs.
Layer LayerOf(const Flat& f) {
    Layer layer;
    switch (f.op) {
        case OpKind::Conv2d: {
            Conv2dOptions o;
            o.stride = f.s, o.rule = f.rule, o.pad = f.rule == PaddingRule::Explicit ? f.p : Padding4{};
            o.dilation = f.d, o.groups = f.g, o.mode = f.pm;
            layer.options = o, layer.kernel = f.k, layer.out_channels = f.cout, layer.weight_edits = f.w;
            layer.kernel_preset = f.kp, layer.bias = f.bias;
            break;
        }
        case OpKind::ConvTranspose2d: {
            ConvTranspose2dOptions o;
            o.stride = f.s, o.padding = ToSize(f.p), o.output_padding = f.opad, o.dilation = f.d, o.groups = f.g;
            layer.options = o, layer.kernel = f.k, layer.out_channels = f.cout, layer.weight_edits = f.w;
            layer.kernel_preset = f.kp, layer.bias = f.bias;
            break;
        }
        case OpKind::MaxPool2d: {
            MaxPool2dOptions o;
            o.kernel = f.k, o.stride = f.s, o.padding = ToSize(f.p), o.dilation = f.d, o.ceil_mode = f.ceil;
            layer.options = o;
            break;
        }
        case OpKind::AvgPool2d: {
            AvgPool2dOptions o;
            o.kernel = f.k, o.stride = f.s, o.padding = ToSize(f.p), o.ceil_mode = f.ceil;
            o.count_include_pad = f.cip, o.divisor_override = f.div;
            layer.options = o;
            break;
        }
    }
    return layer;
}

bool IsConv(OpKind op) { return (kConvs & Bit(op)) != 0; }
bool IsPool(OpKind op) { return (kPools & Bit(op)) != 0; }

// Switching op (ApplyState): start from the new op's defaults and keep what
// both ops have, with its meaning. Weight edits are not carried: another op's
// weights are another tensor (a transposed conv's are laid out in x out).
Flat Carry(const Flat& from, OpKind to) {
    Flat f = DefaultFlat(to);
    f.in = from.in, f.cin = from.cin, f.seed = from.seed;
    f.step = from.step, f.play = from.play, f.speed = from.speed, f.zoom = from.zoom;
    f.x = from.x, f.flip = from.flip, f.pin_y = from.pin_y, f.pin_x = from.pin_x;
    f.hm = from.hm, f.theme = from.theme, f.link = from.link, f.preset = from.preset;
    f.embed = from.embed;
    f.view = from.view, f.img = from.img, f.och = from.och, f.full_scale = from.full_scale;
    f.k = from.k;
    f.s = from.s;
    if (IsConv(to)) {  // a pool's 0 means "= kernel": say so in numbers
        if (f.s.h == 0) f.s.h = f.k.h;
        if (f.s.w == 0) f.s.w = f.k.w;
    }
    if (Applies(kD, from.op) && Applies(kD, to)) f.d = from.d;
    if (to == OpKind::Conv2d) {
        f.rule = from.rule, f.p = from.p;
    } else if (from.rule == PaddingRule::Valid) {
        f.p = Padding4{};
    } else if (from.rule == PaddingRule::Explicit && IsSymmetric(from.p)) {
        f.p = from.p;
    }  // else: 'same' or asymmetric padding has no equivalent; the op's default
    if (IsConv(from.op) && IsConv(to)) f.cout = from.cout, f.g = from.g, f.kp = from.kp, f.bias = from.bias;
    if (IsPool(from.op) && IsPool(to)) f.ceil = from.ceil;
    return f;
}

// [SECTION] Text: excerpts, percent-decoding, numbers

// A short, printable excerpt of untrusted text for a notice: ASCII only, no
// control characters, nothing markup could pick up.
std::string Excerpt(std::string_view s) {
    constexpr size_t kMax = 20;
    std::string out;
    for (size_t i = 0; i < s.size() && i < kMax; ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const bool plain = c >= 0x20 && c < 0x7F && c != '<' && c != '>' && c != '&' && c != '"' && c != '\'' &&
                           c != '`' && c != '\\';
        out += plain ? char(c) : '?';
    }
    if (s.size() > kMax) out += "...";
    return out;
}

int HexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Percent-decodes `s` ("+" is a space) and trims spaces; nullopt on a broken escape.
std::optional<std::string> Unescape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%') {
            if (i + 2 >= s.size()) return std::nullopt;
            const int hi = HexDigit(s[i + 1]), lo = HexDigit(s[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out += char(hi * 16 + lo);
            i += 2;
        } else {
            out += s[i] == '+' ? ' ' : s[i];
        }
    }
    const size_t a = out.find_first_not_of(' ');
    if (a == std::string::npos) return std::string();
    const size_t b = out.find_last_not_of(' ');
    return out.substr(a, b - a + 1);
}

enum class Parse { Ok, Malformed, OutOfRange };

bool AllDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A decimal integer, optionally negative; nothing else (no "+", no spaces, no "0x").
Parse ParseInt(std::string_view s, int& out) {
    const std::string_view digits = !s.empty() && s[0] == '-' ? s.substr(1) : s;
    if (!AllDigits(digits)) return Parse::Malformed;
    int v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec == std::errc::result_out_of_range) return Parse::OutOfRange;
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return Parse::Malformed;
    out = v;
    return Parse::Ok;
}

Parse ParseU32(std::string_view s, uint32_t& out) {
    if (!AllDigits(s)) return (!s.empty() && s[0] == '-' && AllDigits(s.substr(1))) ? Parse::OutOfRange : Parse::Malformed;
    uint32_t v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec == std::errc::result_out_of_range) return Parse::OutOfRange;
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return Parse::Malformed;
    out = v;
    return Parse::Ok;
}

// "N" or "HxW".
Parse ParseSize(std::string_view s, Size2& out) {
    const size_t x = s.find_first_of("xX");
    Size2 v;
    Parse a, b;
    if (x == std::string_view::npos) {
        a = b = ParseInt(s, v.h);
        v.w = v.h;
    } else {
        a = ParseInt(s.substr(0, x), v.h);
        b = ParseInt(s.substr(x + 1), v.w);
    }
    if (a == Parse::Malformed || b == Parse::Malformed) return Parse::Malformed;
    if (a == Parse::OutOfRange || b == Parse::OutOfRange) return Parse::OutOfRange;
    out = v;
    return Parse::Ok;
}

// "t,b,l,r", or a size.
Parse ParsePadding4(std::string_view s, Padding4& out) {
    if (s.find(',') == std::string_view::npos) {
        Size2 v;
        const Parse r = ParseSize(s, v);
        if (r == Parse::Ok) out = FromSize(v);
        return r;
    }
    std::array<int, 4> v{};
    Parse worst = Parse::Ok;
    for (int i = 0; i < 4; ++i) {
        const size_t comma = s.find(',');
        if ((i < 3) == (comma == std::string_view::npos)) return Parse::Malformed;
        const Parse r = ParseInt(s.substr(0, comma), v[size_t(i)]);
        if (r == Parse::Malformed) return r;
        if (r == Parse::OutOfRange) worst = r;
        s = i < 3 ? s.substr(comma + 1) : std::string_view();
    }
    if (worst == Parse::Ok) out = {v[0], v[1], v[2], v[3]};
    return worst;
}

// A decimal without exponent: "-"? digits ("." digits?)? or "." digits.
// Parsed by strtof from digits and an exponent only ("25e-1"), which no
// locale's decimal point can change; glibc and musl round it correctly.
Parse ParseFloat(std::string_view s, float& out) {
    std::string_view t = s;
    const bool negative = !t.empty() && t[0] == '-';
    if (negative) t.remove_prefix(1);
    const size_t dot = t.find('.');
    const std::string_view whole = t.substr(0, dot);
    const std::string_view frac = dot == std::string_view::npos ? std::string_view() : t.substr(dot + 1);
    if (whole.empty() && frac.empty()) return Parse::Malformed;
    if ((!whole.empty() && !AllDigits(whole)) || (!frac.empty() && !AllDigits(frac))) return Parse::Malformed;
    std::string digits = negative ? "-" : "";
    digits.append(whole).append(frac);
    digits += "e-" + std::to_string(frac.size());
    char* end = nullptr;
    const float v = std::strtof(digits.c_str(), &end);
    if (end != digits.c_str() + digits.size()) return Parse::Malformed;
    if (!std::isfinite(v)) return Parse::OutOfRange;
    out = v;
    return Parse::Ok;
}

// The shortest fixed-point text that reads back as exactly `v` (speeds and
// zooms are a few digits); nullopt if none fits a value.
std::optional<std::string> FormatFloat(float v) {
    if (!std::isfinite(v)) return std::nullopt;
    for (int digits = 0; digits <= 12; ++digits) {
        char buf[96];
        const int n = std::snprintf(buf, sizeof buf, "%.*f", digits, double(v));
        if (n <= 0 || size_t(n) >= sizeof buf || size_t(n) > kMaxStateToken) return std::nullopt;
        std::string s(buf, size_t(n));
        for (char& c : s)  // whatever the locale's decimal point was
            if (!(c >= '0' && c <= '9') && c != '-') c = '.';
        float back = 0;
        if (ParseFloat(s, back) == Parse::Ok && back == v) return s;
    }
    return std::nullopt;
}

// [SECTION] Value edits: "[[o.]c.]y.x.value" entries joined by "_"
// Leading indices that are 0 are left out by the encoder (a 1-channel input's
// edit is "y.x.value"); the decoder accepts every length. A malformed entry is
// skipped with a notice; cells and values out of range are Sanitize's to drop
// or clamp, with its own notice.

std::string EditsText(const std::vector<CellValue>& edits, bool weights) {
    if (edits.empty()) return "none";
    std::string s;
    for (const CellValue& e : edits) {
        if (!s.empty()) s += '_';
        if (weights && e.o != 0) s += std::to_string(e.o) + "." + std::to_string(e.c) + ".";
        else if (e.c != 0) s += std::to_string(e.c) + ".";
        s += std::to_string(e.y) + "." + std::to_string(e.x) + "." + std::to_string(e.value);
    }
    return s;
}

struct EditsRead {
    std::vector<CellValue> edits;
    int malformed = 0;
    std::string first_bad;
};

// The entries of an x= or w= value. At most kMaxEditsToken characters arrive
// here, so at most a few hundred entries are kept before Sanitize bounds them.
EditsRead ReadEdits(std::string_view s, bool weights) {
    EditsRead r;
    if (s == "none") return r;
    const size_t max_fields = weights ? 5 : 4;
    for (size_t start = 0;;) {
        const size_t end = std::min(s.find('_', start), s.size());
        const std::string_view entry = s.substr(start, end - start);
        std::array<int, 5> v{};
        size_t n = 0;
        bool ok = true;
        for (size_t a = 0; ok;) {
            const size_t b = std::min(entry.find('.', a), entry.size());
            ok = n < max_fields && ParseInt(entry.substr(a, b - a), v[n]) == Parse::Ok;
            ++n;
            if (b == entry.size()) break;
            a = b + 1;
        }
        if (ok && n >= 3) {
            CellValue e;  // right-aligned: value, x, y, then c, then o
            e.value = v[n - 1], e.x = v[n - 2], e.y = v[n - 3];
            if (n >= 4) e.c = v[n - 4];
            if (n >= 5) e.o = v[n - 5];
            r.edits.push_back(e);
        } else if (r.malformed++ == 0) {
            r.first_bad = std::string(entry);
        }
        if (end == s.size()) break;
        start = end + 1;
    }
    return r;
}

constexpr std::array<std::string_view, 3> kThemeTokens = {"auto", "dark", "light"};  // Theme's order
constexpr std::array<std::string_view, 3> kQuizTokens = {"0", "1", "fixed"};         // Quiz's order

// [SECTION] Embed keys: name lists and origins

// Bits of `names` as a comma list ("formula,steps"); `none` when empty, `all`
// (if given) when every bit is set.
template <size_t N>
std::string NamesText(uint32_t bits, const std::array<std::string_view, N>& names, const char* all) {
    if (bits == 0) return "none";
    if (all && bits == (1u << N) - 1) return all;
    std::string s;
    for (size_t i = 0; i < N; ++i)
        if (bits & (1u << i)) {
            if (!s.empty()) s += ',';
            s += names[i];
        }
    return s;
}

// A comma list of names into bits; unknown names are left out and reported.
// Returns what was wrong (nullopt: nothing); bits is set either way, to the
// names it knew.
template <size_t N>
std::optional<std::string> ReadNames(std::string_view value, const std::array<std::string_view, N>& names,
                                     const char* all, const char* what, uint32_t& bits) {
    uint32_t read = 0;
    int unknown = 0;
    std::string first_unknown;
    if (value == "none" || value.empty()) {
        bits = 0;
        return std::nullopt;
    }
    if (all && value == all) {
        bits = (1u << N) - 1;
        return std::nullopt;
    }
    for (size_t start = 0;;) {
        const size_t end = std::min(value.find(',', start), value.size());
        std::string_view item = value.substr(start, end - start);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) {
            const auto it = std::find(names.begin(), names.end(), item);
            if (it != names.end()) read |= 1u << (it - names.begin());
            else if (unknown++ == 0) first_unknown = Excerpt(item);
        }
        if (end == value.size()) break;
        start = end + 1;
    }
    bits = read;
    if (unknown == 0) return std::nullopt;
    std::string list;
    for (const std::string_view n : names) list += (list.empty() ? "" : ", ") + std::string(n);
    return "naming " + std::to_string(unknown) + " unknown " + what + (unknown == 1 ? "" : "s") + " ('" +
           first_unknown + "'; known: " + list + (all ? std::string(", ") + all : "") + ")";
}

// An origin as browsers write MessageEvent.origin: http(s)://host[:port],
// the host a name, IPv4 or [IPv6]; nothing else (no path, quotes or spaces,
// which could not match any sender anyway). Scheme and host are lowercased,
// as the browser's own serialization is.
std::optional<std::string> ReadOrigin(std::string_view value) {
    std::string s;
    for (const char c : value) s += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
    size_t at = 0;
    if (s.rfind("https://", 0) == 0) at = 8;
    else if (s.rfind("http://", 0) == 0) at = 7;
    else return std::nullopt;
    size_t host_end = at;
    if (host_end < s.size() && s[host_end] == '[') {
        while (host_end < s.size() && s[host_end] != ']') {
            const char c = s[host_end];
            if (host_end > at && !(HexDigit(c) >= 0 || c == ':' || c == '.')) return std::nullopt;
            ++host_end;
        }
        if (host_end == s.size()) return std::nullopt;
        ++host_end;  // the ']'
    } else {
        while (host_end < s.size() && ((s[host_end] >= 'a' && s[host_end] <= 'z') ||
                                       (s[host_end] >= '0' && s[host_end] <= '9') || s[host_end] == '.' ||
                                       s[host_end] == '-'))
            ++host_end;
    }
    if (host_end == at) return std::nullopt;
    if (host_end < s.size()) {
        int port = 0;
        if (s[host_end] != ':' || !AllDigits(std::string_view(s).substr(host_end + 1)) ||
            ParseInt(std::string_view(s).substr(host_end + 1), port) != Parse::Ok || port < 1 || port > 65535)
            return std::nullopt;
    }
    return s;
}
// The picture tokens are image mode's sample table (state/image/images.h);
// "own" is written (a link says it had one) but read back as the card.
constexpr std::array<std::string_view, kSampleImages.size()> kImageTokens = [] {
    std::array<std::string_view, kSampleImages.size()> t{};
    for (size_t i = 0; i < t.size(); ++i) t[i] = kSampleImages[i].token;
    return t;
}();

// [SECTION] Values: format and parse per key

std::string SizeText(Size2 v) {
    return v.h == v.w ? std::to_string(v.h) : std::to_string(v.h) + "x" + std::to_string(v.w);
}

std::string PaddingText(const Flat& f) {
    switch (f.rule) {
        case PaddingRule::Same: return "same";
        case PaddingRule::Valid: return "valid";
        case PaddingRule::SameTF: return "SAME";
        case PaddingRule::Explicit: break;
    }
    if (IsSymmetric(f.p)) return SizeText(ToSize(f.p));
    return std::to_string(f.p.top) + "," + std::to_string(f.p.bottom) + "," + std::to_string(f.p.left) + "," +
           std::to_string(f.p.right);
}

// A key's value in its link form; nullopt when the format cannot carry it.
std::optional<std::string> ValueText(const Flat& f, Key key) {
    switch (key) {
        case kV: return std::to_string(kStateFormatVersion);
        case kOp: return OpToken(f.op);
        case kIn: return SizeText(f.in);
        case kCin: return std::to_string(f.cin);
        case kSeed: return std::to_string(f.seed);
        case kCout: return std::to_string(f.cout);
        case kG: return std::to_string(f.g);
        case kK: return SizeText(f.k);
        case kS: return SizeText(f.s);
        case kD: return SizeText(f.d);
        case kP: return PaddingText(f);
        case kOpad: return SizeText(f.opad);
        case kPm:
            if (TokenOf(f.pm).empty()) return std::nullopt;
            return std::string(TokenOf(f.pm));
        case kCeil: return f.ceil ? "1" : "0";
        case kCip: return f.cip ? "1" : "0";
        case kDiv: return f.div == 0 ? "none" : std::to_string(f.div);
        case kStep: return std::to_string(f.step);
        case kPlay: return f.play ? "1" : "0";
        case kSpeed: return FormatFloat(f.speed);
        case kZoom: return FormatFloat(f.zoom);
        case kX: return EditsText(f.x, false);
        case kW: return EditsText(f.w, true);
        case kFlip: return f.flip ? "1" : "0";
        case kPin: return f.pin_y < 0 ? "none" : std::to_string(f.pin_y) + "." + std::to_string(f.pin_x);
        case kHm: return f.hm ? "1" : "0";
        case kTheme:
            if (size_t(f.theme) >= kThemeTokens.size()) return std::nullopt;
            return std::string(kThemeTokens[size_t(f.theme)]);
        case kLink: return f.link ? "1" : "0";
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
        case kKp: return std::string(KernelPresetToken(f.kp));
        case kView: return std::string(f.view == ViewMode::Image ? "image" : "cells");
        case kImg:
            if (size_t(f.img) >= kImageTokens.size()) return std::nullopt;
            return std::string(kImageTokens[size_t(f.img)]);
        case kOch: return std::to_string(f.och);
        case kTries: return std::to_string(f.embed.tries);
        case kScale: return std::string(f.full_scale ? "full" : "robust");
        case kBias: return f.bias ? "1" : "0";
        case kLayers: return std::to_string(f.layers);
        case kLayer: return std::to_string(f.layer);
        case kKeyCount: break;
    }
    return std::nullopt;
}

// Reads `value` into key's field of f; returns what was wrong, if anything
// ("a number", "out of range", ...), leaving the field as it was.
std::optional<std::string> ParseValue(Flat& f, Key key, std::string_view value) {
    auto result = [](Parse r, const char* what) -> std::optional<std::string> {
        if (r == Parse::Ok) return std::nullopt;
        if (r == Parse::OutOfRange) return std::string("out of range");
        return std::string("not ") + what;
    };
    auto boolean = [&](bool& b) -> std::optional<std::string> {
        if (value == "0" || value == "1") {
            b = value == "1";
            return std::nullopt;
        }
        return std::string("not 0 or 1");
    };
    switch (key) {
        case kIn: return result(ParseSize(value, f.in), "a size (N or HxW)");
        case kCin: return result(ParseInt(value, f.cin), "a number");
        case kSeed: return result(ParseU32(value, f.seed), "a seed (0 to 4294967295)");
        case kCout: return result(ParseInt(value, f.cout), "a number");
        case kG: return result(ParseInt(value, f.g), "a number");
        case kK: return result(ParseSize(value, f.k), "a size (N or HxW)");
        case kS: return result(ParseSize(value, f.s), "a size (N or HxW)");
        case kD: return result(ParseSize(value, f.d), "a size (N or HxW)");
        case kOpad: return result(ParseSize(value, f.opad), "a size (N or HxW)");
        case kP: {
            const bool conv = f.op == OpKind::Conv2d;
            if (value == "valid") {
                f.rule = conv ? PaddingRule::Valid : PaddingRule::Explicit;
                f.p = Padding4{};
                return std::nullopt;
            }
            if (value == "same" || value == "SAME") {
                if (!conv) return std::string("not available for ") + OpToken(f.op) + " (N or HxW)";
                f.rule = value == "same" ? PaddingRule::Same : PaddingRule::SameTF;
                f.p = Padding4{};
                return std::nullopt;
            }
            Padding4 p = f.p;
            const Parse r = ParsePadding4(value, p);
            if (r != Parse::Ok) return result(r, conv ? "a padding (N, HxW, t,b,l,r, same, valid or SAME)"
                                                       : "a padding (N or HxW)");
            if (!conv && !IsSymmetric(p))
                return std::string("not available for ") + OpToken(f.op) + " (N or HxW)";
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
        case kCeil: return boolean(f.ceil);
        case kCip: return boolean(f.cip);
        case kDiv:
            if (value == "none") {
                f.div = 0;
                return std::nullopt;
            }
            return result(ParseInt(value, f.div), "a number or none");
        case kStep: return result(ParseInt(value, f.step), "a number");
        case kPlay: return boolean(f.play);
        case kSpeed: return result(ParseFloat(value, f.speed), "a decimal number");
        case kZoom: return result(ParseFloat(value, f.zoom), "a decimal number");
        case kFlip: return boolean(f.flip);
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
        case kHm: return boolean(f.hm);
        case kBias: return boolean(f.bias);
        case kTheme: {
            const auto it = std::find(kThemeTokens.begin(), kThemeTokens.end(), value);
            if (it == kThemeTokens.end()) return std::string("not a theme (auto, dark, light)");
            f.theme = Theme(it - kThemeTokens.begin());
            return std::nullopt;
        }
        case kLink: return boolean(f.link);
        case kPreset:
            if (value == "none") {
                f.preset.clear();
                return std::nullopt;
            }
            if (!FindPreset(value)) return std::string("not a preset of this version");
            f.preset = std::string(value);
            return std::nullopt;
        case kEmbed: return boolean(f.embed.on);
        case kShow: {
            uint32_t bits = 0;
            auto wrong = ReadNames(value, kPanelNames, nullptr, "panel", bits);
            f.embed.show = uint16_t(bits);
            return wrong;
        }
        case kLock: return ReadNames(value, kLockableKeys, "all", "key", f.embed.lock);
        case kAutoplay: return boolean(f.embed.autoplay);
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
        case kAutoheight: return boolean(f.embed.autoheight);
        case kQuiz: {
            const auto it = std::find(kQuizTokens.begin(), kQuizTokens.end(), value);
            if (it == kQuizTokens.end()) return std::string("not 0, 1 or fixed");
            f.embed.quiz = Quiz(it - kQuizTokens.begin());
            return std::nullopt;
        }
        case kQseed: return result(ParseU32(value, f.embed.quiz_seed), "a number (0 to 4294967295)");
        case kKp: {
            const auto p = KernelPresetFromToken(value);
            if (!p) return std::string("not a kernel preset (none, identity, box, gauss, sharpen, sobelx, sobely, laplace, emboss)");
            f.kp = *p;
            return std::nullopt;
        }
        case kView:
            if (value != "cells" && value != "image") return std::string("not a view (cells, image)");
            f.view = value == "image" ? ViewMode::Image : ViewMode::Cells;
            return std::nullopt;
        case kImg: {
            const auto it = std::find(kImageTokens.begin(), kImageTokens.end(), value);
            if (it == kImageTokens.end()) return std::string("not a picture (card, rings, checker, photo)");
            f.img = SampleImage(it - kImageTokens.begin());
            return std::nullopt;
        }
        case kOch: return result(ParseInt(value, f.och), "a number");
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
        case kLayers: return result(ParseInt(value, f.layers), "a number of layers");
        case kLayer: return result(ParseInt(value, f.layer), "a layer number (0 is the first)");
        case kX: case kW:  // entry by entry, in Decode
        case kV: case kOp: case kKeyCount: break;  // read before the others
    }
    return std::nullopt;
}

// [SECTION] Encode

std::string EscapeValue(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : s) {
        const unsigned char c = static_cast<unsigned char>(ch);
        const bool plain = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           c == '-' || c == '.' || c == '_' || c == '~' || c == ',';
        if (plain) {
            out += ch;
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

// [SECTION] Decode

// Value edits are lists: room for kMaxValueEdits entries of the longest form
// ("15.15.8.8.-99_"); every other value is a token.
constexpr size_t kMaxEditsToken = 1024;
static_assert(size_t(kMaxValueEdits) * 14 <= kMaxEditsToken);
// An origin may be longer than a token: a host name has up to 253 characters.
constexpr size_t kMaxOriginToken = 300;
size_t MaxValueLength(Key key) {
    return key == kX || key == kW ? kMaxEditsToken : key == kOrigin ? kMaxOriginToken : kMaxStateToken;
}

// Collects the codec's notices, at most a screenful.
struct Notices {
    std::vector<Notice>& out;
    int dropped = 0;
    static constexpr size_t kMax = 12;
    void Add(std::string text) {
        if (out.size() < kMax) out.push_back({"link", std::move(text)});
        else ++dropped;
    }
    void Finish() {
        if (dropped > 0) out.push_back({"link", "and " + std::to_string(dropped) + " more problems in the link."});
    }
};

DecodeResult Decode(std::string_view text, Doc& doc, View& view, bool fresh) {
    DecodeResult result;
    Notices notes{result.notices};

    if (!text.empty() && text[0] == '#') text.remove_prefix(1);
    if (text.size() > kMaxStateText) {
        // Cut at a '&' so no half pair is read.
        const size_t cut = text.substr(0, kMaxStateText + 1).rfind('&');
        notes.Add("the link is " + std::to_string(text.size()) + " characters long: read the first " +
                  std::to_string(cut == std::string_view::npos ? 0 : cut) + ".");
        text = text.substr(0, cut == std::string_view::npos ? 0 : cut);
    }

    // Split into pairs; the last value of each known key wins.
    std::array<std::optional<std::string>, kKeyCount> values;
    std::array<int, kKeyCount> counts{};
    // Layer i > 0's keys, "L<i>.<key>": stored only for the layers a key
    // names (layers=999 allocates nothing; i < kMaxLayers is checked first).
    struct LayerKeys {
        std::array<std::optional<std::string>, kKeyCount> values;
        std::array<int, kKeyCount> counts{};
    };
    std::map<size_t, LayerKeys> layer_keys;
    int empty_parts = 0;
    for (size_t start = 0; !text.empty();) {
        size_t end = text.find('&', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view part = text.substr(start, end - start);
        if (part.empty()) {
            ++empty_parts;
        } else if (const size_t eq = part.find('='); eq == std::string_view::npos) {
            notes.Add("'" + Excerpt(part) + "' has no '=value': ignored.");
        } else {
            const auto key = Unescape(part.substr(0, eq));
            const auto value = Unescape(part.substr(eq + 1));
            const auto known = key ? std::find(kKeyNames.begin(), kKeyNames.end(), std::string_view(*key))
                                   : kKeyNames.end();
            if (!key || !value) {
                notes.Add("'" + Excerpt(part) + "' has a broken %-escape: ignored.");
            } else if (key->empty()) {
                notes.Add("'" + Excerpt(part) + "' has no key: ignored.");
            } else if (key->size() > kMaxStateToken) {
                notes.Add("a key of " + std::to_string(key->size()) + " characters ('" + Excerpt(*key) +
                          "'): ignored.");
            } else if (known == kKeyNames.end() && key->size() > 1 && (*key)[0] == 'L' &&
                       key->find('.') != std::string::npos) {
                // A later layer's key: L<i>.<key>, 0 < i < kMaxLayers.
                const size_t dot = key->find('.');
                const std::string_view index = std::string_view(*key).substr(1, dot - 1);
                const std::string_view name = std::string_view(*key).substr(dot + 1);
                const auto lk = std::find(kKeyNames.begin(), kKeyNames.end(), name);
                int i = -1;
                if (!AllDigits(index) || index.size() > 5 || ParseInt(index, i) != Parse::Ok) {
                    notes.Add("'" + Excerpt(*key) + "' is not a layer key (L1. to L" + std::to_string(kMaxLayers - 1) +
                              ". then a key): ignored.");
                } else if (lk == kKeyNames.end() || !IsLayerKey(Key(lk - kKeyNames.begin()))) {
                    notes.Add("'" + Excerpt(*key) + "': " + Excerpt(name) + " is not a key of a layer: ignored.");
                } else if (i == 0) {
                    notes.Add("'" + Excerpt(*key) + "': the first layer's keys have no prefix (" + Excerpt(name) +
                              "=): ignored.");
                } else if (i >= kMaxLayers) {
                    notes.Add("'" + Excerpt(*key) + "': a stack has at most " + std::to_string(kMaxLayers) +
                              " layers (L1. to L" + std::to_string(kMaxLayers - 1) + "): ignored.");
                } else if (value->size() > MaxValueLength(Key(lk - kKeyNames.begin()))) {
                    notes.Add(Excerpt(*key) + " has a value of " + std::to_string(value->size()) +
                              " characters: ignored.");
                } else {
                    const auto k = size_t(lk - kKeyNames.begin());
                    LayerKeys& lk = layer_keys[size_t(i)];
                    lk.values[k] = *value;
                    ++lk.counts[k];
                }
            } else if (known == kKeyNames.end()) {
                notes.Add("unknown key '" + Excerpt(*key) + "': ignored.");
            } else if (value->size() > MaxValueLength(Key(known - kKeyNames.begin()))) {
                notes.Add(*key + " has a value of " + std::to_string(value->size()) + " characters: ignored.");
            } else {
                const auto k = size_t(known - kKeyNames.begin());
                values[k] = *value;
                ++counts[k];
            }
        }
        if (end == text.size()) break;
        start = end + 1;
    }
    if (empty_parts > 0) notes.Add("ignored " + std::to_string(empty_parts) + " empty part(s) between '&'.");
    for (size_t k = 0; k < kKeyCount; ++k)
        if (counts[k] > 1)
            notes.Add(std::string(kKeyNames[k]) + " is given " + std::to_string(counts[k]) +
                      " times: used the last, " + std::string(kKeyNames[k]) + "=" + Excerpt(*values[k]) + ".");
    for (const auto& [i, lk] : layer_keys)
        for (size_t k = 0; k < kKeyCount; ++k)
            if (lk.counts[k] > 1) {
                const std::string name = "L" + std::to_string(i) + "." + std::string(kKeyNames[k]);
                notes.Add(name + " is given " + std::to_string(lk.counts[k]) + " times: used the last, " + name +
                          "=" + Excerpt(*lk.values[k]) + ".");
            }

    if (values[kV]) {
        int v = 0;
        if (ParseInt(*values[kV], v) != Parse::Ok || v < 1)
            notes.Add("v=" + Excerpt(*values[kV]) + " is not a format version: read as v=1.");
        else if (v > kStateFormatVersion)
            notes.Add("the link is from a newer convplay (v=" + std::to_string(v) +
                      "): read what this version knows.");
    }

    // The op first: the other keys' defaults and meanings depend on it.
    const Flat current = fresh ? DefaultFlat(OpKind::Conv2d) : FlatOf(doc, view);
    OpKind op = current.op;
    if (values[kOp]) {
        if (const auto named = EnumFromToken<OpKind>(*values[kOp])) op = *named;
        else
            notes.Add("op=" + Excerpt(*values[kOp]) + " is not an op (conv, tconv, maxpool, avgpool): using " +
                      OpToken(op) + ".");
    }
    Flat f = fresh ? DefaultFlat(op) : op == current.op ? current : Carry(current, op);

    for (size_t i = kOp + 1; i < kKeyCount; ++i) {
        const Key key = Key(i);
        if (!values[key]) continue;
        const std::string name(kKeyNames[key]);
        if (!Applies(key, op)) {
            notes.Add(name + " does not apply to " + OpToken(op) + ": ignored.");
            continue;
        }
        if (key == kX || key == kW) {
            EditsRead read = ReadEdits(*values[key], key == kW);
            if (read.malformed > 0)
                notes.Add(name + ": " + std::to_string(read.malformed) + " malformed entr" +
                          (read.malformed == 1 ? "y" : "ies") + " ('" + Excerpt(read.first_bad) + "'): ignored; one is " +
                          (key == kW ? "[[o.]c.]y.x.value" : "[c.]y.x.value") + ".");
            // Nothing readable keeps what was there, as any malformed value does.
            if (read.malformed == 0 || !read.edits.empty()) (key == kX ? f.x : f.w) = std::move(read.edits);
            continue;
        }
        if (const auto wrong = ParseValue(f, key, *values[key]))
            notes.Add(name + "=" + Excerpt(*values[key]) + " is " + *wrong + ": using " +
                      ValueText(f, key).value_or("the default") + ".");
    }
    // The stack: how many layers, then each later layer from its L<i>. keys,
    // on its op's defaults (a fresh link) or on the layer as it is (setState).
    const int had = fresh ? 1 : std::max<int>(1, int(doc.layers.size()));
    int count = values[kLayers] ? f.layers : had;
    if (count < 1 || count > kMaxLayers) {
        const int was = count;
        count = std::clamp(count, 1, kMaxLayers);
        notes.Add("layers=" + std::to_string(was) + " is " + (was < 1 ? "less than 1" : "more than " + std::to_string(kMaxLayers)) +
                  ": using " + std::to_string(count) + ".");
    }
    std::vector<Layer> later;  // layers 1 .. count-1
    for (int i = 1; i < count; ++i) {
        static const LayerKeys kNone;
        const auto found = layer_keys.find(size_t(i));
        const auto& lv = (found == layer_keys.end() ? kNone : found->second).values;
        const bool existing = !fresh && size_t(i) < doc.layers.size();
        const Flat was = existing ? FlatOfLayer(doc.layers[size_t(i)]) : DefaultFlat(OpKind::Conv2d);
        OpKind lop = was.op;
        const std::string prefix = "L" + std::to_string(i) + ".";
        if (lv[kOp]) {
            if (const auto named = EnumFromToken<OpKind>(*lv[kOp])) lop = *named;
            else
                notes.Add(prefix + "op=" + Excerpt(*lv[kOp]) + " is not an op (conv, tconv, maxpool, avgpool): using " +
                          OpToken(lop) + ".");
        }
        Flat lf = !existing ? DefaultFlat(lop) : lop == was.op ? was : Carry(was, lop);
        for (const Key key : kLayerKeys) {
            if (key == kOp || !lv[key]) continue;
            const std::string name = prefix + std::string(kKeyNames[key]);
            if (!Applies(key, lop)) {
                notes.Add(name + " does not apply to " + OpToken(lop) + ": ignored.");
                continue;
            }
            if (key == kW) {
                EditsRead read = ReadEdits(*lv[key], true);
                if (read.malformed > 0)
                    notes.Add(name + ": " + std::to_string(read.malformed) + " malformed entr" +
                              (read.malformed == 1 ? "y" : "ies") + " ('" + Excerpt(read.first_bad) +
                              "'): ignored; one is [[o.]c.]y.x.value.");
                if (read.malformed == 0 || !read.edits.empty()) lf.w = std::move(read.edits);
                continue;
            }
            if (const auto wrong = ParseValue(lf, key, *lv[key]))
                notes.Add(name + "=" + Excerpt(*lv[key]) + " is " + *wrong + ": using " +
                          ValueText(lf, key).value_or("the default") + ".");
        }
        later.push_back(LayerOf(lf));
    }
    for (const auto& [i, lk] : layer_keys)
        for (size_t k = 0; k < kKeyCount && i >= size_t(count); ++k)
            if (lk.values[k])
                notes.Add("L" + std::to_string(i) + "." + std::string(kKeyNames[k]) + ": the link has " +
                          std::to_string(count) + " layer" + (count == 1 ? "" : "s") + " (layers=" +
                          std::to_string(count) + "): ignored.");
    notes.Finish();

    // The state, then Sanitize before anything is planned.
    if (fresh) {
        doc = Doc{};
        view = View{};
    }
    doc.input.h = f.in.h, doc.input.w = f.in.w, doc.input.channels = f.cin, doc.input.seed = f.seed;
    doc.input.edits = f.x;
    doc.flip_kernel = f.flip;
    if (doc.layers.empty()) doc.layers.emplace_back();
    doc.layers.front() = LayerOf(f);
    doc.layers.resize(1);
    doc.layers.insert(doc.layers.end(), later.begin(), later.end());
    if (values[kLayer]) view.layer = f.layer;
    view.step = f.step, view.playing = f.play, view.speed = f.speed, view.zoom = f.zoom;
    view.heatmap = f.hm, view.theme = f.theme, view.link_hw = f.link, view.preset = f.preset;
    view.embed = f.embed;
    // autoplay starts the step-through of a freshly loaded frame.
    if (fresh && f.embed.autoplay) view.playing = true;
    if (view.HidesOutput() && (view.playing || view.step != 0)) {
        if (!(fresh && f.embed.autoplay && !f.play && f.step == 0))
            result.notices.push_back({"quiz", "the step-through waits until the answer is checked."});
        view.playing = false, view.step = 0;
    }
    view.mode = f.view, view.image = f.img, view.image_channel = f.och, view.image_full_range = f.full_scale;
    // A picture from the sender's disk is not in the link (it never leaves their page).
    if (view.image == SampleImage::Own && values[kImg]) {
        result.notices.push_back({"link", "this link was made with the sender's own picture, which links do not "
                                          "carry: showing the test card (open your own with Picture\xE2\x80\xA6)."});
        view.image = SampleImage::Card;
    }
    if (f.pin_y >= 0) view.pinned = CellRef{0, f.pin_y, f.pin_x};
    else if (view.pinned.layer == 0) view.pinned = CellRef{};  // pin=none; a pin on a later layer stays

    // A 16-layer stack can need a repair per field: a screenful of them, then a count.
    std::vector<Notice> repairs = Sanitize(doc);
    constexpr size_t kMaxRepairs = 24;
    const size_t more = repairs.size() > kMaxRepairs ? repairs.size() - kMaxRepairs : 0;
    if (more) repairs.resize(kMaxRepairs);
    for (Notice& n : repairs) result.notices.push_back(std::move(n));
    if (more) result.notices.push_back({"layers", "and " + std::to_string(more) + " more repairs."});

    const View asked = view;
    const std::vector<LayerPlan> plans = PlanDoc(doc);
    SanitizeView(view, plans);
    if (values[kLayer] && view.layer != asked.layer)
        result.notices.push_back({"view", "layer=" + std::to_string(asked.layer) + " is not a layer of this stack: showing layer " +
                                              std::to_string(view.layer) + "."});
    if (view.step != asked.step)
        result.notices.push_back({"view", "step " + std::to_string(asked.step) + " is not a step of this layer: set to " +
                                              std::to_string(view.step) + "."});
    if (view.playing != asked.playing)
        result.notices.push_back({"view", "this layer has nothing to step through: not playing."});
    if (view.image_channel != asked.image_channel)
        result.notices.push_back({"view", "och=" + std::to_string(asked.image_channel) +
                                              " is not an output channel of this layer: showing " +
                                              std::to_string(view.image_channel) + "."});
    if (view.speed != asked.speed)
        result.notices.push_back({"view", "speed is outside 0.25 to 20: set to " +
                                              FormatFloat(view.speed).value_or("2") + "."});
    if (view.zoom != asked.zoom)
        result.notices.push_back({"view", "zoom is outside 0.25 to 8: set to " + FormatFloat(view.zoom).value_or("1") +
                                              "."});
    // A pinned cell must be a cell of its layer's output (sizes may have changed).
    if (const CellRef pin = view.pinned; pin.valid()) {
        const bool planned = size_t(pin.layer) < plans.size() && plans[size_t(pin.layer)].picture.ok();
        const Shape out = planned ? plans[size_t(pin.layer)].picture.value().out : Shape{};
        if (!planned || pin.y < 0 || pin.y >= out.h || pin.x < 0 || pin.x >= out.w) {
            result.notices.push_back(
                {"view", "pin " + std::to_string(pin.y) + "." + std::to_string(pin.x) + " is not a cell of " +
                             (planned ? "the " + std::to_string(out.h) + "\xC3\x97" + std::to_string(out.w) + " output"
                                      : std::string("an output")) +
                             ": not pinned."});
            view.pinned = CellRef{};
        }
    }
    return result;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> StateKeys(const Doc& doc, const View& view) {
    const Flat f = FlatOf(doc, view);
    const Flat base = DefaultFlat(f.op);  // the op's own default is conv's
    std::vector<std::pair<std::string, std::string>> pairs;
    pairs.emplace_back("v", std::to_string(kStateFormatVersion));
    for (size_t i = kOp; i < kKeyCount; ++i) {
        const Key key = Key(i);
        if (key == kLayer) {  // after layers=, the later layers' keys
            for (size_t l = 1; l < doc.layers.size(); ++l) {
                const Flat lf = FlatOfLayer(doc.layers[l]);
                const Flat lbase = DefaultFlat(lf.op);
                for (const Key lk : kLayerKeys) {
                    if (!Applies(lk, lf.op)) continue;
                    const auto value = ValueText(lf, lk);
                    const bool at_default = lk == kOp ? lf.op == OpKind::Conv2d : value == ValueText(lbase, lk);
                    if (value && !at_default)
                        pairs.emplace_back("L" + std::to_string(l) + "." + std::string(kKeyNames[lk]), *value);
                }
            }
        }
        if (!Applies(key, f.op)) continue;
        const auto value = ValueText(f, key);
        const bool at_default = key == kOp ? f.op == OpKind::Conv2d : value == ValueText(base, key);
        if (value && !at_default) pairs.emplace_back(std::string(kKeyNames[key]), *value);
    }
    return pairs;
}

std::string EncodeState(const Doc& doc, const View& view) {
    std::string text;
    for (const auto& [key, value] : StateKeys(doc, view)) {
        if (!text.empty()) text += '&';
        text += key;
        text += '=';
        text += EscapeValue(value);
    }
    return text;
}

DecodeResult DecodeState(std::string_view text, Doc& doc, View& view) { return Decode(text, doc, view, true); }

DecodeResult ApplyState(std::string_view text, Doc& doc, View& view) { return Decode(text, doc, view, false); }

bool RestoreLocked(const Doc& before, const View& before_view, Doc& doc, View& view) {
    const uint32_t lock = before_view.embed.lock;
    if (lock == 0 || doc.layers.empty() || before.layers.empty()) return false;
    const Flat was = FlatOf(before, before_view), now = FlatOf(doc, view);
    // The old op first (the other keys' meanings depend on it), then every
    // locked key that changed, with its old value.
    std::string text;
    if ((lock & LockBit("op")) && was.op != now.op) text = "op=" + OpToken(was.op);
    for (const std::string_view name : kLockableKeys) {
        if (name == "op" || !(lock & LockBit(name))) continue;
        const Key key = Key(std::find(kKeyNames.begin(), kKeyNames.end(), name) - kKeyNames.begin());
        if (!Applies(key, was.op)) continue;
        const auto old_value = ValueText(was, key);
        if (!old_value || old_value == ValueText(now, key)) continue;
        if (!text.empty()) text += '&';
        text += std::string(name) + "=" + EscapeValue(*old_value);
    }
    if (text.empty()) return false;
    ApplyState(text, doc, view);
    return true;
}

std::vector<std::string_view> ChangedLockedKeys(const Doc& before, const View& before_view, const Doc& doc,
                                                const View& view) {
    std::vector<std::string_view> changed;
    const uint32_t lock = before_view.embed.lock;
    if (lock == 0 || doc.layers.empty() || before.layers.empty()) return changed;
    const Flat was = FlatOf(before, before_view), now = FlatOf(doc, view);
    for (const std::string_view name : kLockableKeys) {
        if (!(lock & LockBit(name))) continue;
        const Key key = Key(std::find(kKeyNames.begin(), kKeyNames.end(), name) - kKeyNames.begin());
        if (key >= kKeyCount) continue;
        const bool differs = key == kOp ? was.op != now.op
                                        : Applies(key, was.op) != Applies(key, now.op) ||
                                              (Applies(key, was.op) && ValueText(was, key) != ValueText(now, key));
        if (differs) changed.push_back(name);
    }
    return changed;
}

std::string PlaygroundState(const Doc& doc, const View& view) {
    View plain = view;
    plain.embed = Embed{};
    plain.quiz_answered = false;
    return EncodeState(doc, plain);
}

}  // namespace cp
