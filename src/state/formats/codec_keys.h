// codec_keys.h — the link's vocabulary: ONE table of keys (codec.h describes
// the format). Each row is a key: its name, its scope, the layer kinds it
// applies to, its default per kind, whether an embed may lock it, the longest
// value it takes, and one line of documentation. The encoder, the decoder,
// lock= (embed.h's kLockableKeys) and the README's table all read this table;
// the static checks below hold it complete and consistent.
//
// Index
//   [SECTION] LAYER KINDS   bits and op= tokens of every LayerKind
//   [SECTION] THE TABLE     Key (encoding order) and kKeys
//   [SECTION] CHECKS        unique names, complete in Key order, lockable bits
//   [SECTION] LOOKUPS       KeyRowOf, FindKey, Applies, DefaultText
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "engine/names.h"
#include "state/model/doc.h"

namespace cp {

// [SECTION] LAYER KINDS

using KindBits = uint16_t;
constexpr KindBits KindBit(LayerKind k) { return KindBits(1u << int(k)); }
inline constexpr KindBits kConvKinds = KindBit(LayerKind::Conv2d) | KindBit(LayerKind::ConvTranspose2d);
inline constexpr KindBits kPoolKinds = KindBit(LayerKind::MaxPool2d) | KindBit(LayerKind::AvgPool2d);
inline constexpr KindBits kDrawnKindBits = kConvKinds | kPoolKinds;
inline constexpr KindBits kAllKinds = KindBits((1u << (int(LayerKind::Linear) + 1)) - 1);

// op= tokens. The engine's four ops keep names.h's tokens (frozen v1); an
// adaptive pool has one token per flavour. A pass-through layer is written
// op=<its class name> when that starts with a capital (op=ReLU, op=BatchNorm2d:
// every token here is lower case, so the two never meet), else op=pass&name=.
struct KindToken {
    std::string_view token;
    LayerKind kind;
    bool adaptive_max = false;  // AdaptivePool2d only: AdaptiveMaxPool2d
};
inline constexpr std::array<KindToken, 11> kKindTokens = {{
    {TokenOf(OpKind::Conv2d), LayerKind::Conv2d},
    {TokenOf(OpKind::ConvTranspose2d), LayerKind::ConvTranspose2d},
    {TokenOf(OpKind::MaxPool2d), LayerKind::MaxPool2d},
    {TokenOf(OpKind::AvgPool2d), LayerKind::AvgPool2d},
    {"pass", LayerKind::PassThrough},
    {"pad", LayerKind::Pad2d},
    {"adaptavg", LayerKind::AdaptivePool2d, false},
    {"adaptmax", LayerKind::AdaptivePool2d, true},
    {"up", LayerKind::Upsample},
    {"flatten", LayerKind::Flatten},
    {"linear", LayerKind::Linear},
}};

// [SECTION] THE TABLE

// Keys in the order they are encoded (and applied, after v and op). Frozen
// v1 keys first, then each addition in the order it was added.
enum Key : uint8_t {
    kV, kOp, kIn, kCin, kSeed, kCout, kG, kK, kS, kD, kP, kOpad, kPm, kCeil, kCip, kDiv,
    kStep, kPlay, kSpeed, kZoom,
    kX, kW, kFlip, kPin, kHm, kTheme, kLink,  // added within v1
    kLayers, kLayer, kPreset,                  // stacks
    kEmbed, kShow, kLock, kAutoplay, kOrigin, kAutoheight, kQuiz, kQseed,  // embeds
    kKp, kView, kImg, kOch, kTries, kScale,    // image mode, kernel presets, quiz tries
    kBias,                                     // bias=False
    kName, kArgs, kNp, kFill, kOut, kSf, kFin,  // the layers the figure does not draw
    kBranches, kFrom, kJoin, kGate, kPath,     // side branches: B<j>.<key>, their layers B<j>.L<i>.<key>
    kKeyCount
};

// Doc: the document's own (one per link). Layer: every layer has one, layer 0
// unprefixed, layer i as L<i>.<key>. View and Embed: what the page shows.
// Branch: side branch j's own, B<j>.<key> (besides B<j>.layers, and its
// layers' keys as B<j>.L<i>.<key>, i from 0).
enum class KeyScope : uint8_t { Doc, Layer, View, Embed, Branch };

// Values are tokens of at most this many characters, unless a row says more.
inline constexpr uint16_t kTokenLength = 64;

struct KeyRow {
    Key key;
    std::string_view name;
    KeyScope scope;
    KindBits kinds;          // the layer kinds it applies to (Doc, View, Embed keys: every kind)
    std::string_view def;    // the default in link form; empty: derived from the chain (see `doc`)
    KindBits other_kinds;    // kinds whose default is `other` instead of `def`
    std::string_view other;
    bool lockable;           // lock= may name it (embed.h)
    uint16_t max_length;     // the longest value read
    std::string_view doc;    // one line: what it means and what it takes
};

// The table's short names: C convs, P pools, D the drawn four, A every kind;
// Do/La/Vi/Em the scopes; T a token's length.
namespace key_table {
constexpr KindBits C = kConvKinds, P = kPoolKinds, D = kDrawnKindBits, A = kAllKinds;
constexpr KindBits Bit(LayerKind k) { return KindBit(k); }
constexpr KeyScope Do = KeyScope::Doc, La = KeyScope::Layer, Vi = KeyScope::View, Em = KeyScope::Embed,
                   Br = KeyScope::Branch;
constexpr uint16_t T = kTokenLength;
}  // namespace key_table

inline constexpr std::array<KeyRow, kKeyCount> kKeys = [] {
    using namespace key_table;
    using K = LayerKind;
    return std::array<KeyRow, kKeyCount>{{
        {kV, "v", Do, A, "1", 0, "", false, T, "format version: 1 (a larger one is read best-effort)"},
        {kOp, "op", La, A, "conv", 0, "", true, T,
         "the layer's kind: conv tconv maxpool avgpool pad adaptavg adaptmax up flatten linear, a pass-through's "
         "class name (ReLU, BatchNorm2d) or pass"},
        {kIn, "in", Do, A, "7", 0, "", true, T, "input height x width: N | HxW"},
        {kCin, "cin", Do, A, "1", 0, "", true, T, "input channels"},
        {kSeed, "seed", Do, A, "1", 0, "", true, T, "seed of the input's values: 0..4294967295"},
        {kCout, "cout", La, C | Bit(K::Linear), "1", 0, "", true, T, "output channels; linear: out_features"},
        {kG, "g", La, C, "1", 0, "", true, T, "groups"},
        {kK, "k", La, D, "3", 0, "", true, T, "kernel: N | HxW"},
        {kS, "s", La, D, "1", P, "0", true, T, "stride: N | HxW (a pool's 0: the kernel)"},
        {kD, "d", La, C | Bit(K::MaxPool2d), "1", 0, "", true, T, "dilation: N | HxW"},
        {kP, "p", La, D | Bit(K::Pad2d), "1", (D & ~Bit(K::Conv2d)) | Bit(K::Pad2d), "0", true, T,
         "padding: N | HxW | t,b,l,r; conv also same | valid | SAME; pad: t,b,l,r may be negative (a crop)"},
        {kOpad, "opad", La, Bit(K::ConvTranspose2d), "0", 0, "", true, T, "output_padding: N | HxW"},
        {kPm, "pm", La, Bit(K::Conv2d) | Bit(K::Pad2d), "zeros", 0, "", true, T,
         "padding mode: zeros | reflect | replicate | circular"},
        {kCeil, "ceil", La, P, "0", 0, "", true, T, "ceil_mode: 0 | 1"},
        {kCip, "cip", La, Bit(K::AvgPool2d), "1", 0, "", true, T, "count_include_pad: 0 | 1"},
        {kDiv, "div", La, Bit(K::AvgPool2d), "none", 0, "", true, T, "divisor_override: N | none"},
        {kStep, "step", Vi, A, "0", 0, "", false, T, "the step-through's output cell, row-major"},
        {kPlay, "play", Vi, A, "0", 0, "", false, T, "playing: 0 | 1"},
        {kSpeed, "speed", Vi, A, "2", 0, "", false, T, "steps per second: a decimal"},
        {kZoom, "zoom", Vi, A, "1", 0, "", false, T, "figure scale: a decimal"},
        {kX, "x", Do, A, "none", 0, "", true, 1024, "the input's edited values: [c.]y.x.value joined by _"},
        {kW, "w", La, C, "none", 0, "", true, 1024, "the weights' edited values: [[o.]c.]y.x.value joined by _"},
        {kFlip, "flip", Do, A, "0", 0, "", true, T, "textbook convolution (the kernel flipped): 0 | 1"},
        {kPin, "pin", Vi, A, "none", 0, "", false, T, "layer 0's pinned output cell: row.column | none"},
        {kHm, "hm", Vi, A, "0", 0, "", true, T, "the reads heatmap: 0 | 1"},
        {kTheme, "theme", Vi, A, "auto", 0, "", false, T, "colour theme: auto | dark | light"},
        {kLink, "link", Vi, A, "1", 0, "", false, T, "one slider while height == width: 0 | 1"},
        {kLayers, "layers", Do, A, "1", 0, "", false, T,
         "the number of layers (limits.h: kMaxLayers); B<j>.layers: branch j's, 0..kMaxBranchLayers"},
        {kLayer, "layer", Vi, A, "0", 0, "", false, T, "the layer the figure shows (0 is the first)"},
        {kPreset, "preset", Vi, A, "none", 0, "", false, T, "the preset last applied (its caption): an id | none"},
        {kEmbed, "embed", Em, A, "0", 0, "", false, T, "embed mode: the figure and the panels of show= only"},
        {kShow, "show", Em, A, "none", 0, "", false, T, "panels shown besides the figure: a comma list | none"},
        {kLock, "lock", Em, A, "none", 0, "", false, T, "keys shown read-only: a comma list | all | none"},
        {kAutoplay, "autoplay", Em, A, "0", 0, "", false, T, "start the step-through when the frame loads"},
        {kOrigin, "origin", Em, A, "none", 0, "", false, 300, "postMessage only with http(s)://host[:port]"},
        {kAutoheight, "autoheight", Em, A, "0", 0, "", false, T, "tell the host the height the content wants"},
        {kQuiz, "quiz", Em, A, "0", 0, "", false, T, "hide the output size until answered: 0 | 1 | fixed"},
        {kQseed, "qseed", Em, A, "0", 0, "", false, T, "the quiz's question number"},
        {kKp, "kp", La, C, "none", 0, "", true, T, "the weights' base grid: a kernel preset of kernels.h | none"},
        {kView, "view", Vi, A, "cells", 0, "", false, T, "what the figure area shows: cells | image"},
        {kImg, "img", Vi, A, "card", 0, "", false, T, "image mode's picture: card | rings | checker | photo | own"},
        {kOch, "och", Vi, A, "0", 0, "", false, T, "the output channel image mode shows"},
        {kTries, "tries", Em, A, "2", 0, "", false, T, "quiz answers before the answer shows: 1..9"},
        {kScale, "scale", Vi, A, "robust", 0, "", false, T, "image mode's colour scale: robust | full"},
        {kBias, "bias", La, C | Bit(K::Linear), "1", 0, "", false, T, "a bias per output: 0 | 1"},
        {kName, "name", La, Bit(K::PassThrough), "ReLU", 0, "", false, T,
         "op=pass's class name, when it is not a capitalised identifier (percent-encoded)"},
        {kArgs, "args", La, Bit(K::PassThrough), "", 0, "", false, 256,
         "its arguments as written (percent-encoded); default: BatchNorm's C, else none"},
        {kNp, "np", La, Bit(K::PassThrough), "", 0, "", false, T,
         "its trainable parameters; default: BatchNorm's 2C, else 0"},
        {kFill, "fill", La, Bit(K::Pad2d), "0", 0, "", false, T, "ConstantPad2d's value: a decimal"},
        {kOut, "out", La, Bit(K::AdaptivePool2d) | Bit(K::Upsample), "1", Bit(K::Upsample), "0", false, T,
         "output size: N | HxW (0: the input's side; upsample's 0: by sf)"},
        {kSf, "sf", La, Bit(K::Upsample), "2", 0, "", false, T, "upsample's scale factor: N | HxW"},
        {kFin, "fin", La, Bit(K::Linear), "", 0, "", false, T,
         "in_features; default: what the chain gives (0: LazyLinear)"},
        {kBranches, "branches", Do, A, "0", 0, "", false, T,
         "the number of side branches, B0. to B<n-1>. (a block's downsample, an SE gate): 0..kMaxBranches"},
        {kFrom, "from", Br, A, "0", 0, "", false, T, "B<j>.from: the main layer whose input the branch reads"},
        {kJoin, "join", Br, A, "0", 0, "", false, T, "B<j>.join: the main layer whose output the branch meets"},
        {kGate, "gate", Br, A, "0", 0, "", false, T, "B<j>.gate: 1 scales the joined map (an SE gate), 0 adds to it"},
        {kPath, "path", Br, A, "none", 0, "", false, T,
         "B<j>.path: the branch's module path (layer1.0.downsample), percent-encoded | none"},
    }};
}();

// [SECTION] CHECKS

namespace key_table {
constexpr bool InKeyOrder() {
    for (size_t i = 0; i < kKeys.size(); ++i)
        if (kKeys[i].key != Key(i) || kKeys[i].name.empty() || kKeys[i].doc.empty()) return false;
    return true;
}
constexpr bool NamesUnique() {
    for (size_t i = 0; i < kKeys.size(); ++i)
        for (size_t j = i + 1; j < kKeys.size(); ++j)
            if (kKeys[i].name == kKeys[j].name) return false;
    return true;
}
constexpr bool KindTokensUnique() {
    for (size_t i = 0; i < kKindTokens.size(); ++i) {
        if (kKindTokens[i].token.empty() || kKindTokens[i].token[0] < 'a' || kKindTokens[i].token[0] > 'z') return false;
        for (size_t j = i + 1; j < kKindTokens.size(); ++j)
            if (kKindTokens[i].token == kKindTokens[j].token) return false;
    }
    return true;
}
constexpr size_t LockableCount() {
    size_t n = 0;
    for (const KeyRow& row : kKeys) n += row.lockable;
    return n;
}
}  // namespace key_table
static_assert(key_table::InKeyOrder(), "kKeys lists every Key once, in Key's order, each with a name and a doc line");
static_assert(key_table::NamesUnique(), "key names are unique");
static_assert(key_table::KindTokensUnique(), "op= tokens are unique and lower case (a capital starts a class name)");
static_assert(key_table::LockableCount() <= 32, "lock= bits fit Embed::lock");

// The keys lock= may name, in the table's order (their bit is their position).
inline constexpr std::array<std::string_view, key_table::LockableCount()> kLockableKeyNames = [] {
    std::array<std::string_view, key_table::LockableCount()> names{};
    size_t n = 0;
    for (const KeyRow& row : kKeys)
        if (row.lockable) names[n++] = row.name;
    return names;
}();

// [SECTION] LOOKUPS

constexpr const KeyRow& KeyRowOf(Key key) { return kKeys[size_t(key)]; }
constexpr std::optional<Key> FindKey(std::string_view name) {
    for (const KeyRow& row : kKeys)
        if (row.name == name) return row.key;
    return std::nullopt;
}
constexpr bool Applies(Key key, LayerKind kind) { return (kKeys[size_t(key)].kinds & KindBit(kind)) != 0; }
// The key's default for a layer of `kind`; empty when derived from the chain.
constexpr std::string_view DefaultText(Key key, LayerKind kind) {
    const KeyRow& row = kKeys[size_t(key)];
    return (row.other_kinds & KindBit(kind)) ? row.other : row.def;
}
constexpr bool Derived(Key key) { return kKeys[size_t(key)].def.empty(); }
// A key of a side branch itself, B<j>.<key>: its Branch-scope keys and layers.
constexpr bool IsBranchKey(Key key) { return kKeys[size_t(key)].scope == KeyScope::Branch || key == kLayers; }

}  // namespace cp
