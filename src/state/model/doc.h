// doc.h — the document and the view.
//
// Doc is what a link shares: the input and the layers, each an op kind with
// the engine's own option struct. View is what a link does not share: where
// the step-through is, whether it plays, what the pointer is over, the zoom.
// Both are plain values; the UI returns edits to them, Sanitize (sanitize.h)
// makes any Doc drawable, and DocPictures turns a Doc into the engine's
// picture plan of each layer.
#pragma once
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "engine/ops.h"
#include "engine/picture.h"
#include "state/image/kernels.h"
#include "state/model/limits.h"

namespace cp {

// One value a student typed into a cell, over the seeded pattern: input cell
// (c, y, x), or weight (o, c, y, x) of a layer's kernel.
struct CellValue {
    int o = 0, c = 0, y = 0, x = 0;
    int value = 0;
    bool operator==(const CellValue&) const = default;
};

// The input feature map: its size and channels, the seed of the small
// integers it holds, and the cells edited by hand.
struct InputSpec {
    int h = 7, w = 7, channels = 1;
    uint32_t seed = 1;
    std::vector<CellValue> edits;  // at most kMaxValueEdits, in range, one per cell
    bool operator==(const InputSpec&) const = default;
};

// One layer: an op and its options, in the engine's own types. The variant's
// alternatives are in OpKind's order, so index() is the op.
using LayerOptions = std::variant<Conv2dOptions, ConvTranspose2dOptions, MaxPool2dOptions, AvgPool2dOptions>;

struct Layer {
    LayerOptions options = Conv2dOptions{};
    Size2 kernel{3, 3};     // conv and transposed conv weights (pools keep theirs in options)
    int out_channels = 1;   // conv and transposed conv (pools keep the channels)
    std::vector<CellValue> weight_edits;  // over the default weights; at most kMaxValueEdits
    // The weights' base grid (kernels.h) under the edits; None: the default pattern.
    // Conv and transposed conv only (a pool has no weights).
    KernelPreset kernel_preset = KernelPreset::None;
    OpKind op() const { return OpKind(options.index()); }
    bool operator==(const Layer&) const = default;
};

struct Doc {
    InputSpec input;
    std::vector<Layer> layers;
    // Textbook convolution: the kernel flipped before it slides (what a signal
    // processing course calls convolution). Off: cross-correlation, which is
    // what PyTorch and every deep learning library compute as "convolution".
    bool flip_kernel = false;
    bool operator==(const Doc&) const = default;
};

// The playground's opening document: a 7x7 input, a 3x3 conv with padding 1.
Doc DefaultDoc();

// A cell of one layer's figure: the output (oy, ox), or none.
struct CellRef {
    int layer = -1, y = -1, x = -1;
    bool valid() const { return layer >= 0; }
    bool operator==(const CellRef&) const = default;
};

enum class Theme { Auto, Dark, Light };  // Auto follows prefers-color-scheme

// The quiz (quiz= key): Off; On, with a "New question" button; Fixed, the
// teacher's configuration only (no New question).
enum class Quiz : uint8_t { Off, On, Fixed };

// How the page is embedded (state/formats/embed.h names the panels and locks; the
// codec's embed keys carry all of it, so a course page's iframe src is a link).
struct Embed {
    bool on = false;          // embed=1: the figure and the panels of `show` only
    uint16_t show = 0;        // panels besides the figure: bits of kPanelNames
    uint32_t lock = 0;        // controls shown read-only: bits of kLockableKeys
    bool autoplay = false;    // start the step-through when the frame loads
    bool autoheight = false;  // tell the host page the height the content wants
    std::string origin;       // postMessage only with this origin ("https://host[:port]"); empty: the parent, any origin
    Quiz quiz = Quiz::Off;
    uint32_t quiz_seed = 0;   // the quiz's question number: New question draws the next
    uint8_t tries = 2;        // quiz answers a student may give before the answer and its formula show (1 to 9)
    bool operator==(const Embed&) const = default;
};
// What the figure area shows: the cell-by-cell figure, or the layers run on a
// picture (image mode, ui_image_view.cpp; the picture itself is the app's).
enum class ViewMode { Cells, Image };
// The picture image mode starts from (images.h): generated test images, a
// photo loaded on demand, or the user's own file (never in a link).
enum class SampleImage { Card, Rings, Checker, Photo, Own };

struct View {
    int layer = 0;           // the layer the figure shows
    int step = 0;            // output cell of the step-through, row-major
    bool playing = false;
    float clock = 0;         // seconds since the last automatic step
    float speed = 2;         // steps per second while playing
    CellRef hover;           // output cell under the pointer (transient)
    CellRef hover_input;     // source-grid cell under the pointer (transient): y, x in grid cells
    CellRef pinned;          // output cell pinned by a tap or click (shared)
    bool heatmap = false;    // colour input cells by how many windows read them
    Theme theme = Theme::Auto;
    bool dark = true;        // what Auto resolved to on this page (transient, set by the app)
    bool link_hw = true;     // one slider per parameter while height and width are equal
    std::string preset;      // the preset last applied (its caption is shown), or empty
    float zoom = 1;          // figure scale over fit-to-panel
    ViewMode mode = ViewMode::Cells;
    SampleImage image = SampleImage::Card;  // image mode's picture
    int image_channel = 0;   // the output channel image mode shows
    bool image_full_range = false;  // image mode's colours over each map's whole range, else its 1st-99th percentile
    float pan_x = 0, pan_y = 0;  // figure offset, in cells
    Embed embed;             // embed mode, panels, locks, quiz (shared: the iframe's link)
    // The quiz's answer (transient: never in a link, so a reload asks again).
    bool quiz_answered = false;
    int quiz_h = 0, quiz_w = 0;  // what the student answered
    int quiz_wrong = 0;      // wrong answers so far to this question (transient; the quiz= tries key bounds it)
    bool can_fullscreen = false;  // the page may go full screen (transient, set by the app)
    // The quiz hides the output (its size, cells, the result) until answered.
    bool HidesOutput() const { return embed.quiz != Quiz::Off && !quiz_answered; }
    bool operator==(const View&) const = default;
};

// The parameters every op has (or most do), whatever option struct holds
// them: for the controls and the codec, which treat them alike.
Size2 KernelOf(const Layer& layer);
void SetKernel(Layer& layer, Size2 kernel);
Size2 StrideOf(const Layer& layer);      // a pool's default stride reads as its kernel
void SetStride(Layer& layer, Size2 stride);
Size2 PaddingOf(const Layer& layer);     // top and left: symmetric padding
void SetPadding(Layer& layer, Size2 padding);
bool HasDilation(const Layer& layer);    // avg pool has none
Size2 DilationOf(const Layer& layer);
void SetDilation(Layer& layer, Size2 dilation);

// The layer as another op, carrying what the two share (kernel, stride,
// padding, dilation, channels); the rest takes the new op's defaults. A
// pool's default stride (= kernel) becomes explicit for a conv.
Layer ChangeOp(const Layer& layer, OpKind op);

// The input shape each layer sees (N = 1): the document's input for layer 0,
// the previous layer's output after that. Stops at the first invalid layer.
struct LayerPlan {
    Shape in;
    // The layer's output shape by geometry alone (the engine's own checks,
    // nothing allocated): the chain goes on through a layer whose picture is
    // too large to draw, and stops at the first layer the engine refuses.
    Result<Shape> out = Result<Shape>::Fail("not planned");
    // The picture: the engine's refusal, or a size message when a grid
    // exceeds kMaxPictureSide (a stack's large layers), else drawable.
    Result<LayerPicture> picture = Result<LayerPicture>::Fail("not planned");
    // The numbers (values.h), when PlanDoc was given a Workspace and the
    // picture is valid: the layer's input (layer i+1's is layer i's output),
    // its weights as the engine takes them (flipped for textbook convolution;
    // empty for a pool) and the engine's output. Empty otherwise.
    Tensor input, weights, output;
    int index = 0;         // the layer's position in the document
    bool flipped = false;  // the weights were flipped (Doc::flip_kernel)
};
// *too_large, if given, is set when a picture was refused for its size alone.
// With a Workspace, every drawable layer is also computed (its values above),
// as long as the whole chain's multiply-adds stay under kMaxMultiplyAdds.
std::vector<LayerPlan> PlanDoc(const Doc& doc, bool* too_large = nullptr, Workspace* ws = nullptr);

// The picture plan of one layer on an input of shape `in`, through the same
// Plan* validation the engine's compute uses.
// max_side: the longest grid the picture may have (the figure's kMaxPictureSide;
// image mode's formula works on a picture's size, per axis, so allows more).
Result<LayerPicture> PictureOf(const Layer& layer, Shape in, bool* too_large = nullptr, int max_side = kMaxPictureSide);

// The output shape of one layer on an input of shape `in` (N = 1), through the
// engine's *OutputShape: every refusal the compute would give, no allocation.
Result<Shape> OutShapeOf(const Layer& layer, Shape in);

// The weight tensor's shape as the engine takes it (conv: out x in/groups x
// kh x kw; transposed: in x out/groups x kh x kw); empty for a pool.
Shape WeightShapeOf(const Layer& layer, int in_channels);
int GroupCount(const Layer& layer);

// Multiply-adds of one layer from its shapes: a conv's out·(cin/g)·kh·kw per
// output value; a transposed conv's in·(cout/g)·kh·kw per *input* value (each
// input is scattered over the kernel: the zeros a picture inserts cost
// nothing); a pool's kh·kw comparisons or additions per output value.
int64_t MultiplyAddsOf(const Layer& layer, Shape in, Shape out);

}  // namespace cp
