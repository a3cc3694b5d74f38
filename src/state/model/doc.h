// doc.h — the document and the view.
//
// Doc is what a link shares: the input and the layers, each an op kind with
// the engine's own option struct. View is what a link does not share: where
// the step-through is, whether it plays, what the pointer is over, the zoom.
// Both are plain values; the UI returns edits to them, Sanitize (sanitize.h)
// makes any Doc drawable, and PlanDoc turns a Doc into the engine's plan of
// each layer. One layer (its options, shape, picture, costs) is layers.h.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "state/model/layers.h"

namespace cp {

// The input feature map: its size and channels, the seed of the small
// integers it holds, and the cells edited by hand.
struct InputSpec {
    int h = 7, w = 7, channels = 1;
    uint32_t seed = 1;
    std::vector<CellValue> edits;  // at most kMaxValueEdits, in range, one per cell
    bool operator==(const InputSpec&) const = default;
};


struct Doc {
    InputSpec input;
    std::vector<Layer> layers;
    std::vector<SideBranch> branches;  // in join order
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
    // The output is a feature vector (this layer is a Flatten, or follows
    // one): out is {1, 1, 1, features}. `in_flat` is the same for the input.
    bool flat = false, in_flat = false;
    // The layer's trainable parameters and multiply-adds (ParamsOf,
    // MultiplyAddsOf), set when out is ok: the one number every view reads.
    int64_t params = 0, macs = 0;
};
// What computing a chain's values costs: its multiply-adds, and at least the
// elements of the largest map it reads or writes. PlanDoc computes values
// only while it stays within kMaxMultiplyAdds (limits.h: VALUES); Sanitize
// adds the cap's one notice from the same sum over shapes.
struct ValueBudget {
    int64_t work = 0;
    void Add(Shape in, Shape out, int64_t macs) {
        const int64_t most = std::max({work, in.Count(), out.Count()});
        work = macs > INT64_MAX - most ? INT64_MAX : most + macs;
    }
    bool Fits() const { return work <= kMaxMultiplyAdds; }
};

// *too_large, if given, is set when a picture was refused for its size alone.
// With a Workspace, every drawable layer is also computed (its values above),
// as long as the whole chain's multiply-adds stay under kMaxMultiplyAdds.
// max_side: the longest grid a picture may have (PictureOf); image mode
// plans a picture's size with its own, larger bound.
std::vector<LayerPlan> PlanDoc(const Doc& doc, bool* too_large = nullptr, Workspace* ws = nullptr,
                               int max_side = kMaxPictureSide);

// How many times PlanDoc has run in this process: tests hold a change to one
// plan of its document (tests/unit/test_commit.cpp).
uint64_t PlanDocRuns();

}  // namespace cp
