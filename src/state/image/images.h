// images.h — image mode's data, pure: the generated sample pictures, a
// picture from the page (RGBA bytes) as the engine's tensor, the downscale
// rule, and every layer of a Doc run on a picture (what ui_image_view.cpp
// shows and window.convplay.getImage() returns).
//
// [SECTION] INDEX
//   SampleTensor      the test card, rings (a zone plate) and checkerboard
//   DownscaledSize    at most kMaxImageSide on the long side, aspect kept
//   ImageTensor       RGBA bytes -> [1, C, H, W] floats in [0, 1] (C = 1: luma)
//   Samples table     each SampleImage's link token, menu label and caption
//   RunImage          the Doc's layers on a picture, each layer's map or why not
// (One output pixel's window is the cell view's: the layer's LayerPicture at
// the picture's size, read by scene/image_scene.h.)
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/workspace.h"
#include "state/model/doc.h"

namespace cp {

// The long side a picture is brought down to (a user's file; samples are
// smaller). The page reads it through the bridge (web/image.js).
inline constexpr int kMaxImageSide = 1024;
// The generated samples' side: big enough to show aliasing, small enough to recompute at a drag's pace.
inline constexpr int kSampleSide = 512;
// Bounds on one image-mode run, checked before anything is allocated: the
// multiply-adds of all layers and the floats of any one layer's output.
inline constexpr int64_t kMaxImageMultiplyAdds = int64_t(1) << 31;
inline constexpr int64_t kMaxImageElements = int64_t(1) << 24;

// The one table of image mode's pictures, in SampleImage's order: the codec
// writes `token` (img=), the picture menu shows `label`, the caption names
// `caption`. `generated`: made here (SampleTensor); else pixels from the page.
struct SampleInfo {
    SampleImage image;
    std::string_view token, label, caption;
    bool generated;
};
inline constexpr std::array<SampleInfo, 5> kSampleImages = {{
    {SampleImage::Card, "card", "Test card", "test card", true},
    {SampleImage::Rings, "rings", "Rings (zone plate)", "rings (zone plate)", true},
    {SampleImage::Checker, "checker", "Checkerboard", "checkerboard", true},
    {SampleImage::Photo, "photo", "Photo (Chelsea the cat, CC0)", "photo", false},
    {SampleImage::Own, "own", "Your picture", "your picture", false},
}};
constexpr const SampleInfo& SampleInfoOf(SampleImage image) { return kSampleImages[size_t(image)]; }
static_assert([] {
    for (size_t i = 0; i < kSampleImages.size(); ++i)
        if (size_t(kSampleImages[i].image) != i) return false;
    return true;
}(), "kSampleImages is in SampleImage's order");

// A generated sample (Card, Rings, Checker) as [1, 3, side, side] in [0, 1].
// Photo and Own are pixels from the page: empty here.
Tensor SampleTensor(SampleImage image, int side = kSampleSide);

// The size a w x h picture is shown and computed at: unchanged when its long
// side is at most max_side, else scaled down to it (each side at least 1).
Size2 DownscaledSize(int w, int h, int max_side = kMaxImageSide);

// RGBA bytes (w x h, row-major, 4 bytes a pixel) as [1, channels, h, w] in
// [0, 1]: channels 3 keeps R, G, B; 1 is the luma (Rec. 709 weights). Alpha
// is composited over white. Empty when the sizes do not match the bytes.
Tensor ImageTensor(std::span<const uint8_t> rgba, int w, int h, int channels);
// A 3-channel tensor as `channels` channels (the same rule as ImageTensor).
Tensor WithChannels(const Tensor& rgb, int channels);

// One layer run on the picture.
struct ImageLayer {
    Shape in, out;        // N = 1
    Tensor output;        // empty when the layer could not run
    std::string error;    // why not (the engine's message, or a size bound)
    float lo = 0, hi = 0; // the output's finite range
};
struct ImageRun {
    Tensor input;                     // the picture as the first layer's input
    Padding4 pad;                     // the first layer's padding (resolved), for the border
    PaddingMode mode = PaddingMode::Zeros;
    std::vector<ImageLayer> layers;   // one per Doc layer, up to the first that failed
    // Every layer's geometry at the picture's size (PlansAtPicture, no
    // values): the shapes and multiply-adds the run checks its bounds with,
    // and the pictures the formula, the chain and the pixel peek read.
    std::vector<LayerPlan> plans;
    int64_t multiply_adds = 0;
    // The first layer's input as its window sees it, padding drawn in: never
    // copied per update, each padded pixel read through PaddedValue.
    Shape PaddedShape() const {
        return {1, input.shape.c, input.shape.h + pad.top + pad.bottom, input.shape.w + pad.left + pad.right};
    }
};

// Pixel (py, px) of channel c of the padded picture (padded coordinates): the
// input's pixel its padding mode copies (engine/geometry.h: PaddingSource), or
// 0 for zero padding. The padded picture as a tensor: what F.pad returns.
float PaddedValue(const ImageRun& run, int c, int py, int px);
// Along one axis of n pixels, for any input coordinate i (inside or in the
// border): the input index it reads, i itself inside; in the border the one
// PaddingSource names (engine/geometry.h, defined only there); -1 for a zero.
int InputIndexAt(PaddingMode mode, int64_t i, int n);
Tensor PaddedPicture(const ImageRun& run);
// The longest picture axis image mode plans (the formula, the chain, the
// window of a pixel): a picture's side and its padding, far past the cell
// figure's kMaxPictureSide (a few KB per axis at any size).
inline constexpr int kMaxImagePictureSide = 1 << 14;
// Every layer of doc planned on a picture of `picture`'s shape (no values:
// geometry only), each layer's LayerPicture kept past the figure's limit.
std::vector<LayerPlan> PlansAtPicture(const Doc& doc, Shape picture);
// Runs every layer of doc on `picture` (already at doc.input.channels
// channels), with the doc's weights (presets, edits, flip), planned once
// (ImageRun::plans). Stops at the first layer that fails, with its message.
ImageRun RunImage(const Doc& doc, Tensor picture, Workspace& ws);

}  // namespace cp
