// embed.h — what a course page's iframe shows and allows, and the quiz's
// questions. The options are View::embed (doc.h); the codec (codec.h) reads
// and writes them as the keys embed, show, lock, autoplay, origin,
// autoheight, quiz and qseed, so a lecturer's iframe src is an ordinary link.
//
// [SECTION] Panels (show=)
// [SECTION] Locks (lock=)
// [SECTION] Quiz questions
#pragma once
#include <array>
#include <cstdint>
#include <string_view>

#include "state/formats/codec_keys.h"
#include "state/model/doc.h"

namespace cp {

// [SECTION] Panels (show=): what an embed shows besides the figure, in the
// order it draws them. A panel another version adds gets the next bit; a
// name this version does not know is ignored with a notice (the figure
// still opens).
inline constexpr std::array<std::string_view, 8> kPanelNames = {
    "controls",  // the layer's controls (the Layer tab's sliders)
    "formula",   // the output size worked out, and solve-for
    "steps",     // play, pause, step, scrub, speed, heatmap
    "legend",    // what each colour means
    "code",      // the layer as PyTorch / Keras code (when this build has it)
    "stack",     // the layer stack (when this build has it)
    "weights",   // the kernel's values (when this build has it)
    "notices",   // what a link or a change repaired
};
inline constexpr uint16_t PanelBit(std::string_view name) {
    for (size_t i = 0; i < kPanelNames.size(); ++i)
        if (kPanelNames[i] == name) return uint16_t(1u << i);
    return 0;
}
inline constexpr uint16_t kAllPanels = uint16_t((1u << kPanelNames.size()) - 1);

// [SECTION] Locks (lock=): controls an embed shows read-only, named by the
// codec's own keys (codec.h). "all" locks every one. Locks bind the
// student's input (controls, keys, clicks on the figure); the host page
// (setState, postMessage) may still set anything.
// The list is the key table's lockable rows (codec_keys.h), in its order.
inline constexpr const auto& kLockableKeys = kLockableKeyNames;
inline constexpr uint32_t LockBit(std::string_view key) {
    for (size_t i = 0; i < kLockableKeys.size(); ++i)
        if (kLockableKeys[i] == key) return 1u << i;
    return 0;
}
inline constexpr uint32_t kAllLocks = (1u << kLockableKeys.size()) - 1;
inline bool Locked(const View& view, std::string_view key) { return (view.embed.lock & LockBit(key)) != 0; }

// [SECTION] Quiz questions

// Question number `seed` of the quiz: one layer with an op, input, kernel,
// stride, padding and dilation in a teaching range (inputs 4 to 9, kernels 1
// to 5, strides 1 to 3, padding 0 to 2, dilation 1 or 2), always a valid
// configuration with an output of at least 1x1 and mostly square. The same
// seed gives the same question on every machine (its own generator, not
// <random>'s distributions, whose results differ between libraries).
Doc QuizQuestion(uint32_t seed);

}  // namespace cp
