// presets.h — the playground's ready-made configurations: the cases of
// Dumoulin & Visin's "A guide to convolution arithmetic for deep learning",
// their transposed counterparts, a few classic shapes, and one preset per
// common misconception.
//
// A preset is exactly a link: its fragment is codec text (codec.h), so what a
// lecturer shares after picking one is the same text, and the table cannot
// describe a state the codec could not carry. The link also names the preset
// (preset=<id>), so whoever opens it sees the caption too.
#pragma once
#include <span>
#include <string>
#include <string_view>

#include "state/formats/codec.h"

namespace cp {

struct Preset {
    std::string_view id;        // the link's preset= value: frozen once shipped (links carry it)
    std::string_view group;     // the menu section it is listed under
    std::string_view title;     // states the sizes: "Full padding: 5×5, k3, p2 → 7×7" (tests hold it to that)
    std::string_view caption;   // one line: what to look at
    std::string_view fragment;  // codec keys in encoding order, without v= and preset=
};

// Every preset, in menu order (grouped).
std::span<const Preset> Presets();

// The preset with this id, or null.
const Preset* FindPreset(std::string_view id);

// The preset's whole link: "v=1&" + fragment + "&preset=" + id. Decoding it
// gives the preset's state; re-encoding that state gives this text back.
std::string PresetLink(const Preset& preset);

// Replaces doc and view by the preset's state (a fresh decode of its link),
// keeping what is the viewer's own rather than the configuration's: the
// theme (and what it resolved to), linked sliders and zoom.
DecodeResult ApplyPreset(const Preset& preset, Doc& doc, View& view);

// Whether `doc` is still the preset's document (its title and caption then
// describe what is on screen). Decodes the preset's link: callers that ask
// every frame keep the answer per preset (ui_presets.cpp).
bool IsPresetDoc(const Preset& preset, const Doc& doc);

}  // namespace cp
