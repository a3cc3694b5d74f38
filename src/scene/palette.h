// palette.h — the figure's colours, by role (never by op): the same role
// looks the same for every op, on the canvas and in an export, in both
// themes. Hues from the Okabe-Ito set (colour-blind safe: blue input,
// vermilion marks, bluish green output, orange window); meaning never rests on
// colour alone (padding also has its zeros and a frame, the current cell an
// outline, unread cells a cross).
#pragma once
#include <cstdint>

namespace cp {

enum class Paint : uint8_t {
    Input,          // an input cell
    Padding,        // a padding cell (zeros, or a copy in another mode)
    InsertedZero,   // a zero a transposed conv's stride inserts
    Outside,        // past the padding: a ceil-mode window's overhang
    Output,         // an output cell
    Current,        // the output cell of the current step
    Window,         // the window's span, over what it covers
    Tap,            // a cell a tap reads (dilation leaves gaps)
    Unread,         // the mark on input cells no window reads
    GridLine,       // between cells
    GridFrame,      // around a grid
    InputFrame,     // around the input inside its padding
    WindowFrame,    // around the window
    Arrow,          // window -> output cell
    Caption,        // grid captions
    CellText,       // a number in a cell
    CellTextOnTap,  // a number under the window
    Heat1, Heat2, Heat3, Heat4,  // coverage heatmap: read by few .. by the most windows
    GroupAlt,       // channels of every other group (groups > 1), beside Input's tint
    Hatch,          // the diagonal lines over padding cells
    Winner,         // max pool: the outline of the cell that wins the window
    Linked,         // outputs that read the hovered input cell, and that cell
    Trail,          // where the window's top-left was in earlier steps
    CellTextStrong, // a number on an input, output or kernel cell
    // Beyond the figure: the page's own roles, one definition each (the
    // canvas backdrop, the SVG's background, the notices' and errors' text).
    Backdrop,       // behind everything on the canvas; a dark SVG's background
    Panel,          // a panel's fill (text roles below are read on it)
    Warning,        // notices: what a link or a change repaired
    Error,          // the engine's refusal, a paste that failed
    Success,        // a right quiz answer
    Count
};
struct Rgba {
    uint8_t r = 0, g = 0, b = 0, a = 255;
};
// The colour of a role in the dark (default) or the light theme.
Rgba PaletteColour(Paint paint, bool dark = true);

// WCAG 2.x contrast ratio of two opaque colours (1 to 21): the palette is
// held to 4.5:1 for text and 3:1 for the figure's marks (tests/unit/test_palette.cpp).
double ContrastRatio(Rgba a, Rgba b);

}  // namespace cp
