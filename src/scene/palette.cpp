// palette.cpp — palette.h.
#include "scene/palette.h"

#include <algorithm>
#include <cmath>

namespace cp {
namespace {

// The light theme: the same hues, darker where they sit on white, for course
// pages and slides (most are white).
Rgba LightColour(Paint paint) {
    switch (paint) {
        case Paint::Input: return {86, 140, 200, 255};
        case Paint::Padding: return {226, 229, 235, 255};
        case Paint::InsertedZero: return {238, 240, 244, 255};
        case Paint::Outside: return {246, 247, 249, 255};
        case Paint::Output: return {72, 160, 132, 255};
        case Paint::Current: return {196, 120, 0, 255};  // 3.2:1 on the backdrop, its number 4.7:1 on it
        case Paint::Window: return {230, 159, 0, 50};
        case Paint::Tap: return {230, 159, 0, 150};
        case Paint::Unread: return {213, 94, 0, 230};
        case Paint::GridLine: return {255, 255, 255, 255};
        case Paint::GridFrame: return {120, 128, 142, 255};
        case Paint::InputFrame: return {0, 90, 160, 255};
        case Paint::WindowFrame: return {190, 120, 0, 255};
        case Paint::Arrow: return {190, 120, 0, 220};
        case Paint::Caption: return {40, 44, 52, 255};
        case Paint::CellText: return {110, 116, 128, 255};
        case Paint::CellTextOnTap: return {40, 30, 10, 255};
        case Paint::Heat1: return {214, 228, 244, 255};
        case Paint::Heat2: return {170, 200, 236, 255};
        case Paint::Heat3: return {120, 166, 222, 255};
        case Paint::Heat4: return {70, 124, 196, 255};
        case Paint::GroupAlt: return {204, 121, 167, 255};
        case Paint::Hatch: return {150, 156, 168, 255};
        case Paint::Winner: return {160, 60, 130, 255};
        case Paint::Linked: return {0, 114, 178, 255};
        case Paint::Trail: return {190, 120, 0, 200};
        case Paint::CellTextStrong: return {16, 20, 28, 255};
        case Paint::Backdrop: return {244, 245, 247, 255};
        case Paint::Panel: return {255, 255, 255, 255};
        case Paint::Warning: return {138, 74, 0, 255};    // 6.6:1 on the panel (was pale orange, 1.5:1)
        case Paint::Error: return {178, 34, 34, 255};     // 6.4:1 on the panel (was salmon, 2.3:1)
        case Paint::Success: return {20, 110, 50, 255};
        case Paint::Count: break;
    }
    return {255, 0, 255, 255};
}

}  // namespace

Rgba PaletteColour(Paint paint, bool dark) {
    if (!dark) return LightColour(paint);
    switch (paint) {
        case Paint::Input: return {52, 92, 140, 255};
        case Paint::Padding: return {44, 48, 56, 255};
        case Paint::InsertedZero: return {36, 40, 47, 255};
        case Paint::Outside: return {30, 32, 38, 255};
        case Paint::Output: return {48, 110, 96, 255};
        case Paint::Current: return {240, 170, 60, 255};
        case Paint::Window: return {214, 142, 40, 60};
        case Paint::Tap: return {240, 170, 60, 190};
        case Paint::Unread: return {255, 120, 110, 200};
        case Paint::GridLine: return {22, 24, 29, 255};
        case Paint::GridFrame: return {120, 128, 142, 255};
        case Paint::InputFrame: return {150, 190, 240, 255};
        case Paint::WindowFrame: return {250, 200, 110, 255};
        case Paint::Arrow: return {250, 200, 110, 200};
        case Paint::Caption: return {200, 206, 216, 255};
        case Paint::CellText: return {110, 116, 128, 255};
        case Paint::CellTextOnTap: return {40, 30, 10, 255};
        case Paint::Heat1: return {38, 56, 84, 255};
        case Paint::Heat2: return {44, 84, 132, 255};
        case Paint::Heat3: return {56, 112, 172, 255};
        case Paint::Heat4: return {78, 140, 208, 255};
        case Paint::GroupAlt: return {128, 70, 110, 255};
        case Paint::Hatch: return {92, 98, 112, 255};
        case Paint::Winner: return {235, 130, 200, 255};
        case Paint::Linked: return {86, 180, 233, 255};
        case Paint::Trail: return {250, 200, 110, 170};
        case Paint::CellTextStrong: return {238, 241, 246, 255};
        case Paint::Backdrop: return {22, 24, 29, 255};
        case Paint::Panel: return {32, 35, 42, 255};
        case Paint::Warning: return {255, 204, 115, 255};
        case Paint::Error: return {255, 138, 128, 255};
        case Paint::Success: return {96, 210, 125, 255};
        case Paint::Count: break;
    }
    return {255, 0, 255, 255};
}

double ContrastRatio(Rgba a, Rgba b) {
    auto luminance = [](Rgba c) {
        auto channel = [](uint8_t v) {
            const double x = v / 255.0;
            return x <= 0.04045 ? x / 12.92 : std::pow((x + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
    };
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace cp
