// presets.cpp — presets.h: the table and how a preset is applied.
//
// Titles state the input and output sizes ("5×5, k3 → 3×3", or c×h×w when the
// channels matter); test_presets.cpp plans every fragment and holds the title
// to the engine's numbers. Text uses only the glyphs of the page's font subset
// (web/CMakeLists.txt, convplay_glyphs).
#include "state/formats/presets.h"

#include <array>

namespace cp {
namespace {

constexpr std::string_view kArithmetic = "Convolution arithmetic (Dumoulin & Visin)";
constexpr std::string_view kTransposed = "Transposed, mapping each back (Dumoulin & Visin)";
constexpr std::string_view kShapes = "Shapes and pooling";
constexpr std::string_view kMyths = "Misconceptions";
constexpr std::string_view kNetworks = "Networks (layer stacks: see the Stack tab)";

constexpr std::array<Preset, 29> kPresets{{
    // [SECTION] The guide's convolutions (its figures 2.1 to 2.7 and 5.1)
    {"no-padding-unit-strides", kArithmetic, "No padding, unit strides: 4×4, k3 → 2×2",
     "Every window stays inside the input: out = in − k + 1.", "in=4&p=0"},
    {"arbitrary-padding", kArithmetic, "Arbitrary padding, unit strides: 5×5, k4, p2 → 6×6",
     "Padding past half the kernel grows the output: out = in + 2p − k + 1.", "in=5&k=4&p=2"},
    {"half-padding", kArithmetic, "Half (same) padding: 5×5, k3, p1 → 5×5",
     "p = ⌊k/2⌋ with an odd kernel and stride 1 keeps the size.", "in=5"},
    {"full-padding", kArithmetic, "Full padding: 5×5, k3, p2 → 7×7",
     "p = k − 1: every window that touches the input is kept, so the output grows by k − 1.", "in=5&p=2"},
    {"no-padding-strides", kArithmetic, "No padding, strides: 5×5, k3, s2 → 2×2",
     "The window jumps 2 cells: out = ⌊(in − k) / s⌋ + 1.", "in=5&s=2&p=0"},
    {"padding-strides", kArithmetic, "Padding and strides: 5×5, k3, s2, p1 → 3×3",
     "⌊(5 + 2 − 3) / 2⌋ + 1 = 3, remainder 0: the last window ends on the last padded row.", "in=5&s=2"},
    {"padding-strides-odd", kArithmetic, "Padding and strides, odd: 6×6, k3, s2, p1 → 3×3",
     "⌊(6 + 2 − 3) / 2⌋ + 1 = 3, remainder 1: the last padded row and column are never read.", "in=6&s=2"},
    {"dilation", kArithmetic, "Dilation: 7×7, k3, d2 → 3×3",
     "Taps 2 apart: 3 taps span 5 cells, so out = 7 − 5 + 1 = 3.", "d=2&p=0"},

    // [SECTION] Each one's transposed conv: the output size back to the input size
    {"t-no-padding-unit-strides", kTransposed, "Transposed, no padding, unit strides: 2×2, k3 → 4×4",
     "Back from 4×4, k3 → 2×2: as a conv, pad the 2×2 by k − 1 = 2 and slide k3.", "op=tconv&in=2"},
    {"t-arbitrary-padding", kTransposed, "Transposed, arbitrary padding: 6×6, k4, p2 → 5×5",
     "Back from 5×5, k4, p2 → 6×6: a transposed conv's padding takes rows away.", "op=tconv&in=6&k=4&p=2"},
    {"t-half-padding", kTransposed, "Transposed, half padding: 5×5, k3, p1 → 5×5",
     "Back from the same-size conv: again 5×5, as a k3 conv with p = k − 1 − 1 = 1.", "op=tconv&in=5&p=1"},
    {"t-full-padding", kTransposed, "Transposed, full padding: 7×7, k3, p2 → 5×5",
     "Back from full padding: p = k − 1 leaves no zeros around the input.", "op=tconv&p=2"},
    {"t-no-padding-strides", kTransposed, "Transposed, strides: 2×2, k3, s2 → 5×5",
     "Back from 5×5, k3, s2 → 2×2: s − 1 = 1 zero between inputs, then a stride-1 conv.", "op=tconv&in=2&s=2"},
    {"t-padding-strides", kTransposed, "Transposed, padding and strides: 3×3, k3, s2, p1 → 5×5",
     "Back from 5×5, k3, s2, p1 → 3×3: zeros between the inputs, one row of padding cropped.",
     "op=tconv&in=3&s=2&p=1"},
    {"t-padding-strides-odd", kTransposed, "Transposed, odd: 3×3, k3, s2, p1, output_padding 1 → 6×6",
     "5×5 and 6×6 both give 3×3 forward; output_padding 1 picks 6×6 on the way back.",
     "op=tconv&in=3&s=2&p=1&opad=1"},

    // [SECTION] Shapes met in real networks, and pooling's rounding
    {"halve-32", kShapes, "1×32×32, 16 filters, k3, s2, p1 → 16×16×16",
     "Stride 2 with p1 halves an even size: ⌊(32 + 2 − 3) / 2⌋ + 1 = 16, one map per filter.",
     "in=32&cout=16&s=2"},
    {"pool-ceil", kShapes, "Max pool, ceil_mode: 5×5, k2 → 3×3",
     "⌈(5 − 2) / 2⌉ + 1 = 3: ceil_mode keeps a partial last window over the leftover row.",
     "op=maxpool&in=5&k=2&ceil=1"},
    {"pool-ceil-dropped", kShapes, "Max pool, ceil_mode, p1: 5×5, k2 → 3×3",
     "Rounding up would give 4, but the 4th window would start in the right padding: PyTorch drops it.",
     "op=maxpool&in=5&k=2&p=1&ceil=1"},

    // [SECTION] One per misconception: the caption names it
    {"same-is-not-same", kMyths, "“Same padding keeps the size”: 7×7, k3, p1, s2 → 4×4",
     "p1 keeps 7×7 only at stride 1; at stride 2 the output is ⌊6/2⌋ + 1 = 4.", "s=2"},
    {"border-reads", kMyths, "“Every pixel counts the same”: 7×7, k3, p0 → 5×5",
     "Heatmap: a corner pixel is read by 1 window, a centre pixel by 9; the border counts for less.",
     "p=0&hm=1"},
    {"stride-skips", kMyths, "“A stride is a pooling”: 8×8, k1, s2 → 4×4",
     "A stride skips: 3 pixels in 4 are never read. Compare the max pool on the same input.",
     "in=8&k=1&s=2&p=0&hm=1"},
    {"pool-reads-all", kMyths, "“A stride is a pooling”, the max pool: 8×8, k2 → 4×4",
     "The same size as stride 2, but every pixel is read and each 2×2 keeps its largest.",
     "op=maxpool&in=8&k=2&hm=1"},

    // [SECTION] Networks: stacks, read in the Stack tab's table. Titles state
    // the input and the last map (test_presets.cpp holds them to the plan).
    {"lenet-5", kNetworks, "LeNet-5: 1×32×32 → 120×1×1",
     "Two conv + average pool stages shrink 32 to 5; the last 5×5 conv sees the whole 32×32 input.",
     "in=32&cout=6&k=5&p=0&layers=5&L1.op=avgpool&L1.k=2&L2.cout=16&L2.k=5&L2.p=0&L3.op=avgpool&L3.k=2&L4.cout=120&"
     "L4.k=5&L4.p=0"},
    {"alexnet", kNetworks, "AlexNet's features: 3×224×224 → 256×6×6",
     "An 11×11 stride-4 conv and three max pools: the field grows to 195 pixels, each step 32 apart.",
     "in=224&cin=3&cout=64&k=11&s=4&p=2&layers=8&L1.op=maxpool&L1.s=2&L2.cout=192&L2.k=5&L2.p=2&"
     "L3.op=maxpool&L3.s=2&L4.cout=384&L5.cout=256&L6.cout=256&L7.op=maxpool&L7.s=2&layer=1"},
    {"vgg-block", kNetworks, "A VGG block: 3×32×32 → 64×16×16",
     "Two 3×3 convs with p1 keep the size and grow the field to 5; the 2×2 pool halves the map.",
     "in=32&cin=3&cout=64&layers=3&L1.cout=64&L2.op=maxpool&L2.k=2"},
    {"resnet18-stem", kNetworks, "ResNet-18 stem: 3×224×224 → 64×56×56",
     "A 7×7 stride-2 conv, then a 3×3 stride-2 max pool: a quarter of the size in two layers.",
     "in=224&cin=3&cout=64&k=7&s=2&p=3&layers=2&L1.op=maxpool&L1.s=2&L1.p=1&layer=1"},
    {"unet-small", kNetworks, "Small U-Net, down and up: 1×32×32 → 8×32×32",
     "Pools halve twice, 2×2 stride-2 transposed convs double twice: the jump goes 1, 2, 4, then back to 1.",
     "in=32&cout=8&layers=8&L1.op=maxpool&L1.k=2&L2.cout=16&L3.op=maxpool&L3.k=2&L4.cout=32&L5.op=tconv&"
     "L5.cout=16&L5.k=2&L5.s=2&L6.cout=16&L7.op=tconv&L7.cout=8&L7.k=2&L7.s=2"},
    {"ten-3x3-no-padding", kNetworks, "Ten 3×3 convs, no padding: 1×16×16 → gone at layer 8",
     "Each unpadded 3×3 takes 2 pixels off: 16, 14, ..., 2, and layer 8 has nothing left to slide over.",
     "in=16&p=0&layers=10&L1.p=0&L2.p=0&L3.p=0&L4.p=0&L5.p=0&L6.p=0&L7.p=0&L8.p=0&L9.p=0"},
    {"two-3x3-vs-5x5", kNetworks, "32×12×12: two 3×3 convs vs one 5×5 → 32×8×8",
     "Two 3×3 convs see a 5×5 field with 18,496 parameters; one 5×5 conv needs 25,632 (the table's last line).",
     "in=12&cin=32&cout=32&p=0&layers=2&L1.cout=32&L1.p=0"},
}};

}  // namespace

std::span<const Preset> Presets() { return kPresets; }

const Preset* FindPreset(std::string_view id) {
    for (const Preset& p : kPresets)
        if (p.id == id) return &p;
    return nullptr;
}

std::string PresetLink(const Preset& preset) {
    std::string link = "v=1";
    if (!preset.fragment.empty()) link.append("&").append(preset.fragment);
    return link.append("&preset=").append(preset.id);
}

DecodeResult ApplyPreset(const Preset& preset, Doc& doc, View& view) {
    const View mine = view;
    DecodeResult result = DecodeState(PresetLink(preset), doc, view);
    view.theme = mine.theme;
    view.dark = mine.dark;
    view.link_hw = mine.link_hw;
    view.zoom = mine.zoom;
    return result;
}

bool IsPresetDoc(const Preset& preset, const Doc& doc) {
    Doc own;
    View view;
    DecodeState(PresetLink(preset), own, view);
    return own == doc;
}

}  // namespace cp
