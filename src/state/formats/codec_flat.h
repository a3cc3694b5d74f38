// codec_flat.h — the codec's working form (internal to codec*.cpp): a Flat
// holds one value per key, whatever the layer's kind. A Doc and View become a
// Flat (FlatOf), text edits the Flat (ParseValue), and the Flat becomes the
// state again (LayerOf). The defaults are the key table's (codec_keys.h),
// parsed once, so they cannot drift with DefaultDoc().
//
// [SECTION] Flat
// [SECTION] Between the state and the Flat
// [SECTION] Values in link form
// [SECTION] What the chain gives (derived defaults)
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "state/formats/codec_keys.h"
#include "state/model/doc.h"

namespace cp::codec {

// [SECTION] Flat

// One layer's keys. Fields the kind does not use keep these values.
struct LayerFlat {
    LayerKind kind = LayerKind::Conv2d;
    int cout = 1, g = 1;
    Size2 k{3, 3}, s{1, 1}, d{1, 1};
    PaddingRule rule = PaddingRule::Explicit;  // other than Explicit: conv only
    Padding4 p = Padding4::Symmetric(1, 1);    // drawn ops but conv: top == bottom, left == right
    Size2 opad{0, 0};
    PaddingMode pm = PaddingMode::Zeros;
    bool ceil = false, cip = true;
    int div = 0;
    std::vector<CellValue> w;
    KernelPreset kp = KernelPreset::None;
    bool bias = true;
    // The kinds the figure does not draw.
    std::string name = "ReLU";        // pass-through
    std::optional<std::string> args;  // pass-through; nullopt: what the chain gives (FillDerived)
    std::optional<int64_t> np;        // pass-through's parameters; nullopt: what the chain gives
    float fill = 0;                   // pad
    bool amax = false;                // adaptive pool: max
    Size2 out{1, 1}, sf{2, 2};        // adaptive pool and upsample: size; upsample: scale
    std::optional<int> fin;           // linear in_features; nullopt: what the chain gives
};

struct Flat {
    LayerFlat l;  // layer 0
    Size2 in{7, 7};
    int cin = 1;
    uint32_t seed = 1;
    int step = 0;
    bool play = false;
    float speed = 2, zoom = 1;
    std::vector<CellValue> x;  // input edits
    bool flip = false;
    int pin_y = -1, pin_x = -1;  // layer 0's pinned output cell; -1: none
    bool hm = false;
    Theme theme = Theme::Auto;
    bool link = true;
    std::string preset;  // empty: none
    Embed embed;
    ViewMode view = ViewMode::Cells;
    SampleImage img = SampleImage::Card;
    int och = 0;
    bool full_scale = false;
    int layers = 1, layer = 0;
    int branches = 0;
};

// [SECTION] Between the state and the Flat

// The format's defaults for a layer of `kind` (the table's), and for a state
// whose layer 0 is of `kind`.
const LayerFlat& DefaultLayerFlat(LayerKind kind);
Flat DefaultFlat(LayerKind kind);
LayerFlat FlatOfLayer(const Layer& layer);
Flat FlatOf(const Doc& doc, const View& view);
// The layer; nullopt derived fields read as unknown (0, empty) until FillDerived.
Layer LayerOf(const LayerFlat& f);
// Switching kind (ApplyState): the new kind's defaults, keeping what both
// kinds have with the same meaning.
LayerFlat Carry(const LayerFlat& from, LayerKind to);

// [SECTION] Values in link form

// op='s value: a kind token, or a pass-through's class name.
std::string KindText(const LayerFlat& f);
// Whether a pass-through's name is written as op=<name> (a capitalised identifier).
bool IsClassName(std::string_view s);
// Reads op=: the kind (with its name or flavour) into f; false if it is none.
bool ReadKind(std::string_view value, LayerFlat& f);
// A key's value in link form; nullopt when the format cannot carry it (or a
// derived key the Flat does not know).
std::optional<std::string> ValueText(const Flat& f, Key key);
std::optional<std::string> LayerValueText(const LayerFlat& f, Key key);
// Reads `value` into key's field; returns what was wrong ("a number", "out of
// range", ...), leaving the field as it was. Not for v, op, x and w.
std::optional<std::string> ParseValue(Flat& f, Key key, std::string_view value);
std::optional<std::string> ParseLayerValue(LayerFlat& f, Key key, std::string_view value);

// [SECTION] What the chain gives (derived defaults)

// The input each layer sees by geometry alone (Sanitize's walk); unknown past
// the first layer the engine refuses.
struct ChainIn {
    bool known = false;
    Shape in;
    bool flat = false;
};
std::vector<ChainIn> ChainInputs(const Doc& doc);
// A derived key's value for a layer of `f`'s kind and name on `in` (args,
// np, fin); nullopt for the other keys.
std::optional<std::string> DerivedText(const LayerFlat& f, Key key, const ChainIn& in);
// Sets every derived field a link left out (nullopt in flats[i]) from the chain.
void FillDerived(const std::vector<LayerFlat>& flats, Doc& doc);
// The same for any chain of layers (a side branch's) given each layer's input.
void FillDerivedLayers(const std::vector<LayerFlat>& flats, const std::vector<ChainIn>& ins, std::vector<Layer>& layers);

}  // namespace cp::codec
