// conv_scene.h — turns AppState into a display list for one moment of the
// step-through: the padded input, the kernel window of the current step, the
// output grid and the dimension labels. Pure data in grid units (one cell = 1),
// so the canvas and any exporter draw the same figure.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "state/app_state.h"

namespace cp {

enum class CellRole { Input, Padding, Output };

struct SceneCell {
    float x = 0, y = 0;        // top-left, grid units
    CellRole role = CellRole::Input;
    bool in_window = false;    // read by the current step's kernel window
    bool is_tap = false;       // a kernel tap lands exactly here (dilation leaves gaps)
    bool current = false;      // the output cell of the current step
    bool never_read = false;   // no window ever reads this input cell (dropped by the floor)
};

struct SceneLabel {             // a caption sitting on the line y, centred on x
    float x = 0, y = 0;        // grid units
    std::string text;
};

enum class FrameRole { Grid, Input, Window };

struct SceneFrame {            // a rectangle outline: a grid's border, the input inside its padding, the window
    float x = 0, y = 0, w = 0, h = 0;
    FrameRole role = FrameRole::Grid;
};

struct SceneArrow {            // from the window to the output cell it produces
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

struct ConvScene {
    std::vector<SceneCell> cells;
    std::vector<SceneFrame> frames;
    std::vector<SceneLabel> labels;
    std::vector<SceneArrow> arrows;
    float width = 0, height = 0;  // extent, grid units
    int out_h = 0, out_w = 0;     // 0 when the configuration is invalid
    int step_row = 0, step_col = 0;   // the output cell of the current step
    // The current window's first and last tap in input coordinates (negative or
    // past the input: padding).
    int64_t window_top = 0, window_bottom = 0, window_left = 0, window_right = 0;
    std::string error;            // why the configuration is invalid, else empty
};

ConvScene BuildConvScene(const AppState& state);

}  // namespace cp
