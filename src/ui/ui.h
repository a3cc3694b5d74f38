// ui.h — the ImGui front end: theme and fonts, the backdrop, the panels.
// One file per panel (ui_<panel>.cpp); this header is their shared surface.
#pragma once
#include "scene/conv_scene.h"
#include "state/app_state.h"

struct ImFont;

namespace cp::ui {

struct Fonts {
    ImFont* body = nullptr;    // Inter: labels, controls
    ImFont* title = nullptr;   // Inter, larger: the header
    ImFont* mono = nullptr;    // JetBrains Mono: numbers, formulas
};

// Loads the embedded fonts rasterised for pixel_ratio (crisp text at any DPR)
// and applies convplay's colours and spacing.
Fonts SetupTheme(float pixel_ratio);

// Draws the whole UI for one frame. Returns true while the frame changed the
// state or an animation runs, so the caller keeps drawing; false when idle.
bool DrawRoot(AppState& state, const Fonts& fonts, float dt);

// Panels (ui_<panel>.cpp). The layer panel edits the state and leaves in
// `scene` the figure of the state it ends with, for DrawFigure.
bool DrawLayerPanel(AppState& state, const Fonts& fonts, float dt, ConvScene& scene);
void DrawFigure(const ConvScene& scene, const Fonts& fonts);

// The canvas backdrop drawn with shaders/background.*.glsl before ImGui.
class Backdrop {
public:
    bool Init();
    void Draw(float pixel_ratio) const;
private:
    unsigned program_ = 0, vao_ = 0;
    int u_ratio_ = -1, u_base_ = -1, u_dot_ = -1;
};

}  // namespace cp::ui
