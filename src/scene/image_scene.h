// image_scene.h — image mode's figure as a Scene, the same model the cell
// view uses: the picture (or the previous map) and the viewed layer's map as
// texture grids, one cell a pixel, the padding band and the picture's own edge
// as frames, the colour ramp as a texture grid with its ends, the pointed (or
// pinned) pixel's window from the layer's own LayerPicture (the cell view's
// geometry), its numbers as notes, and the figure in words. The ImGui figure,
// the SVG writer (rasters embedded), scene JSON and the page's description
// all read it.
//
// [SECTION] INDEX
//   Textures        the scene's texture ids: the picture, the legend, the maps
//   ImageFigure     what the scene is made from (the run, the plans at the picture's size, the scales)
//   BuildImageScene the scene
//   PeekTaps        one output pixel's taps on the layer's input, from the LayerPicture
#pragma once
#include <string>
#include <vector>

#include "scene/scene.h"
#include "state/image/images.h"
#include "state/image/rasters.h"

namespace cp {

// [SECTION] Textures: SceneGrid::texture in an image scene.
inline constexpr int kPictureTexture = 0;   // the first layer's padded input, RGBA (PackPaddedRgba)
inline constexpr int kLegendTexture = 1;    // the viewed map's colour ramp, 256 x 1
inline constexpr int kFirstMapTexture = 2;  // + i: layer i's map, its shown channel coloured (ColourizeRgba)
inline constexpr int kLegendSteps = 256;
constexpr int MapTexture(size_t layer) { return kFirstMapTexture + int(layer); }

// [SECTION] ImageFigure
struct ImageFigure {
    const ImageRun* run = nullptr;               // null or without layers: nothing to draw (status says why)
    const std::vector<LayerPlan>* plans = nullptr;  // the Doc at the picture's size: each layer's LayerPicture
    std::vector<ColourScale> scales;             // per layer of run->layers, of its shown channel
    std::vector<int> channels;                   // per layer: the channel shown
    std::string caption;                         // "test card, 512×512, RGB"
    std::string status;                          // why there is nothing to draw
};

// The scale of layer i's shown channel: MapScale over the map's interior
// (InteriorOf the layer's picture at the picture's size).
ColourScale LayerScale(const ImageLayer& layer, const LayerPlan* plan, int channel, bool full);

// [SECTION] BuildImageScene
// The viewed layer (View::layer) of the figure: its input on the left (for
// the first layer the padded picture), its map on the right at the same
// scale, the legend under the map. The window of the hovered output pixel
// (else the pinned one) on the input, with its numbers in the notes.
Scene BuildImageScene(const ImageFigure& figure, const View& view);

// [SECTION] PeekTaps
// Output (oy, ox)'s taps on the layer's input, in input coordinates (outside
// [0, in): the border), each with what it reads: the picture's grid cell kind
// and, for input and copied cells, the input index per axis. Only taps on
// input pixels and their border: a transposed conv's inserted zeros and cells
// past the border are left out.
struct PeekTap {
    int ky = 0, kx = 0;       // the kernel tap
    int y = 0, x = 0;         // input coordinates
    int source_y = -1, source_x = -1;  // the input pixel it reads (-1: a zero)
    bool padding = false;     // in the border
};
std::vector<PeekTap> PeekTaps(const LayerPicture& p, int oy, int ox);

}  // namespace cp
