// ui.h — the ImGui front end: theme and fonts, the backdrop, the panels and
// the figure. One file per panel (ui_<panel>.cpp); this header is their
// shared surface.
//
// The UI only draws: it reads the session and the frame's scene (both const)
// and returns edits; the root applies them after the frame (app_main.cpp).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "scene/scene.h"
#include "state/formats/presets.h"
#include "state/image/images.h"
#include "state/model/session.h"

namespace cp {
struct StackSummary;  // state/analysis/stack.h
}

struct ImFont;

namespace cp::ui {

struct Fonts {
    ImFont* body = nullptr;    // Inter: labels, controls
    ImFont* title = nullptr;   // Inter, larger: the header
    ImFont* mono = nullptr;    // JetBrains Mono: numbers, formulas
    ImFont* cell = nullptr;    // JetBrains Mono, larger: numbers in cells, where they fit
};

// Loads the embedded fonts rasterised for pixel_ratio (crisp text at any DPR)
// and applies convplay's colours and spacing. Call again when the ratio
// changes (zoom, another monitor): it rebuilds the atlas.
Fonts SetupTheme(float pixel_ratio);
// The colours of the dark or the light theme (the figure's come from scene/palette.h).
void ApplyColours(bool dark);

// What one frame of the UI asks to change. Panels never write to the
// session: they copy what they edit into here.
struct Edits {
    std::optional<Doc> doc;
    std::optional<View> view;
    bool dismiss_notices = false;
    std::vector<Notice> notices;  // raised with the edit (pasted code's repairs): shown by the commit
    bool redraw = false;  // the layout moved: draw one more frame
    // What only the page can do (copy to the clipboard, save a file, go full
    // screen): app_main.cpp hands each to web/convplay.js, whose feature
    // modules handle them by name, e.g. {"copy", text}.
    struct HostRequest {
        std::string action;
        std::string text;
    };
    std::vector<HostRequest> host;
    // Where image mode drew its two pictures this frame (screen pixels: x, y,
    // w, h), reported for the page API (getImage().rects); not state.
    struct ImageRects {
        float input[4] = {}, output[4] = {};
    };
    std::optional<ImageRects> image_rects;
    // The panels drawn this frame (x0, y0, x1, y1, CSS pixels, corners
    // rounded by the style's ChildRounding): the backdrop's dots, which they
    // hide, are not drawn under them (Backdrop::Draw).
    struct Rect {
        float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    };
    std::vector<Rect> panels;
    void AskHost(std::string action, std::string text = {}) { host.push_back({std::move(action), std::move(text)}); }

    Doc& EditDoc(const Session& s) {
        if (!doc) doc = s.doc();
        return *doc;
    }
    View& EditView(const Session& s) {
        if (!view) view = s.view();
        return *view;
    }
};

// Image mode's frame as the app prepared it (src/app/app_image.cpp): what
// the panels need beside the scene (the figure itself is the frame's Scene,
// scene/image_scene.h), and the GL textures its texture grids name.
// Read-only for the UI.
struct ImageFrame {
    const ImageRun* run = nullptr;   // null: no picture yet
    std::string status;              // why there is nothing to show (loading, an error)
    std::string caption;             // the picture: "test card, 512 x 512"
    std::vector<unsigned> textures;  // GL texture by SceneGrid::texture (kPictureTexture, kLegendTexture, MapTexture(i))
    Doc doc;                         // the session's, its input the picture's C×H×W
    std::vector<LayerPlan> plans;    // its geometry (PlansAtPicture, no values): the formula's sizes, the chain's shapes and cones
    double compute_ms = 0, upload_ms = 0;
};

// Draws the whole UI for one frame. `last_valid` is drawn, dimmed, while
// `scene` has an error (the engine refused the layer).
Edits DrawRoot(const Session& session, const Scene& scene, const Scene& last_valid, const Fonts& fonts,
               const ImageFrame* image = nullptr);

// Panels (ui_<panel>.cpp).
void DrawLayerPanel(const Session& session, const Scene& scene, const Fonts& fonts, Edits& edits);
// Play, pause, step and scrub (in ui_layer_panel.cpp); nothing for an invalid layer.
void DrawStepPanel(const Session& session, const Scene& scene, const Fonts& fonts, Edits& edits);
// Back, Play, Forward, the step and Heatmap in one row above the figure (ui_layer_panel.cpp).
void DrawFigureToolbar(const Session& session, const Scene& scene, Edits& edits);
// The figure: interprets the scene; zoom, pan, hover and pin are view edits,
// a click on an input or kernel cell a Doc edit. `dimmed`: the last valid
// scene, drawn faint and inert while the current document has an error.
// `textures`: the GL texture of each SceneGrid::texture id (image mode's scene).
void DrawFigure(const Session& session, const Scene& scene, const Fonts& fonts, Edits& edits, bool dimmed = false,
                const std::vector<unsigned>* textures = nullptr);
// The height the figure wants at `width` (CSS px): its cells at the size
// DrawFigure would draw them, and its notes. For embed=1&autoheight=1.
float FigureHeightFor(const Scene& scene, const Fonts& fonts, float width);
// The viewed layer's output size worked out per axis, and "solve for" a
// target size (a click applies a row to the viewed layer).
// In image mode (`image` given), for the picture's size.
void DrawFormulaPanel(const Session& session, const Fonts& fonts, Edits& edits, const ImageFrame* image = nullptr);
// The Stack tab: the layers as a table (output, receptive field, jump,
// start, parameters, multiply-adds), add / remove / reorder, the warnings.
void DrawStackPanel(const Session& session, const Fonts& fonts, Edits& edits);
// A "Presets…" button with the menu of presets (applied through the codec),
// then the caption of the preset on screen, if any.
void DrawPresetsMenu(const Session& session, const Fonts& fonts, Edits& edits);
// Whether the document still is the preset's: its title and caption then
// describe what is on screen (ui_presets.cpp); once not, captions say so.
bool StillThePreset(const Session& session, const Preset& preset);
// The Code tab: the document as PyTorch and Keras, each with Copy (a host
// request), and a field to paste PyTorch layer code back in.
void DrawCodePanel(const Session& session, const Fonts& fonts, Edits& edits);
// The header's Share button and the panel it opens under it (ui_share_panel.cpp):
// copy a link or an embed code, export PNG, SVG or GIF, print; each asks the
// page (web/share.js).
void DrawShareButton(const Session& session, const Scene& scene, const Fonts& fonts, Edits& edits);

// Embed mode (embed=1): the quiz (ui_quiz_panel.cpp): the question, the
// answer's two inputs, Check, the verdict with the worked formula, and New
// question (quiz=1, not quiz=fixed).
void DrawQuizPanel(const Session& session, const Scene& scene, const Fonts& fonts, Edits& edits);

// Where named widgets were drawn in the last frame, in CSS pixels of the
// canvas: for tests that click a control where it is (the page bridge's
// cp_app_widgets). Panels add theirs with NoteWidget after the item.
struct WidgetRect {
    std::string id;  // a codec key ("s", "p") for a layer control, "quiz.h", "embed.open", ...
    float x = 0, y = 0, w = 0, h = 0;
};
const std::vector<WidgetRect>& WidgetRects();

// Touch (app_touch.cpp tells): tooltips then say "tap", sit above the finger.
void SetTouchInput(bool touch);
// The tooltip the last drawn frame showed (ui_tooltip.cpp), empty text if none.
struct TooltipShown {
    std::string text;
    float x = 0, y = 0, w = 0, h = 0;
};
const TooltipShown& LastTooltip();
void NoteWidget(const char* id);  // the last item's rectangle, under id
void NoteWidget(const char* id, float x, float y, float w, float h);

// Image mode (ui_image_view.cpp): its controls, then the scene (the picture
// and the viewed map, the border, the legend, the pointed pixel's window:
// scene/image_scene.h) drawn by DrawFigure with the frame's textures, and a
// stack's chain of maps above it.
void DrawImageView(const Session& session, const Scene& scene, const ImageFrame& frame, const Fonts& fonts,
                   Edits& edits);
// A stack's chain of maps (ui_chain.cpp): a box per map, the layers as
// arrows, the viewed layer outlined, a click views a layer; on every earlier
// map, the cells that output cell `cone_of` depends on. Image mode passes each
// map's texture (map 0: the input, with the part of the texture it fills),
// and the doc and plans of the picture's size (ImageFrame).
// Returns the output cell under the pointer, if any. ChainHeight: its height.
struct ChainTexture {
    unsigned id = 0;
    float u0 = 0, v0 = 0, u1 = 1, v1 = 1;
};
CellRef DrawChain(const Session& session, const Doc& doc, const std::vector<LayerPlan>& plans, const Fonts& fonts,
                  Edits& edits, CellRef cone_of, const std::vector<ChainTexture>& textures = {});
float ChainHeight();
// SummarizeStack(doc, plans) for a frame's drawing: the chain and the Stack
// tab read the same summary, and a frame that changes nothing (a hover, the
// step) reads it again. Kept for the last two documents (image mode draws the
// picture's and the panel the session's), so a 200-layer stack is summarised
// once per change, not twice per frame.
const StackSummary& StackSummaryOf(const Doc& doc, const std::vector<LayerPlan>& plans);
// "Cells | Image": which view the figure area shows (above either).
void DrawViewSwitch(const Session& session, Edits& edits);
// The kernel preset combo for a layer's controls; pools say they have no
// weights. Edits `layer` (the panel's copy); true on change.
bool KernelPresetControl(Layer& layer, float label_column);

// A GL program from a vertex and a fragment shader's source (shaders/, embedded
// at build time); 0 if either fails to compile or they fail to link.
unsigned LinkProgram(const unsigned char* vert, unsigned vert_size, const unsigned char* frag, unsigned frag_size);

// The canvas backdrop drawn with shaders/background.*.glsl before ImGui.
class Backdrop {
public:
    bool Init();
    // Fills the w x h framebuffer: the dots everywhere but under `panels`
    // (inset by their rounding), the plain backdrop colour there. A software
    // renderer (a headless browser, a machine without a GPU) then shades a
    // fifth of the pixels it would for the whole canvas.
    void Draw(float pixel_ratio, bool dark, int w, int h, const std::vector<Edits::Rect>& panels) const;
private:
    unsigned program_ = 0, vao_ = 0;
    int u_ratio_ = -1, u_base_ = -1, u_dot_ = -1;
};

}  // namespace cp::ui
