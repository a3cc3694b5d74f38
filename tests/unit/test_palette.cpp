// test_palette.cpp — the palette meets WCAG AA in both themes: text 4.5:1 on
// what it is read on, the figure's marks 3:1 against their surroundings.
#include <doctest/doctest.h>

#include <string>

#include "scene/palette.h"

namespace {
// a over b (alpha blended), opaque.
cp::Rgba Over(cp::Rgba a, cp::Rgba b) {
    const double t = a.a / 255.0;
    auto mix = [&](uint8_t x, uint8_t y) { return uint8_t(double(x) * t + double(y) * (1 - t) + 0.5); };
    return {mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b), 255};
}
double Ratio(cp::Paint fg, cp::Paint bg, bool dark) {
    const cp::Rgba back = Over(cp::PaletteColour(bg, dark), cp::PaletteColour(cp::Paint::Backdrop, dark));
    return cp::ContrastRatio(Over(cp::PaletteColour(fg, dark), back), back);
}
}  // namespace

TEST_CASE("contrast ratio is WCAG's: black on white is 21, a colour on itself 1") {
    CHECK(cp::ContrastRatio({0, 0, 0, 255}, {255, 255, 255, 255}) == doctest::Approx(21.0));
    CHECK(cp::ContrastRatio({120, 30, 200, 255}, {120, 30, 200, 255}) == doctest::Approx(1.0));
}

TEST_CASE("notices, errors and verdicts are readable (4.5:1) on the panel and the backdrop in both themes") {
    using cp::Paint;
    for (bool dark : {true, false})
        for (Paint text : {Paint::Warning, Paint::Error, Paint::Success, Paint::Caption})
            for (Paint bg : {Paint::Panel, Paint::Backdrop}) {
                CAPTURE(dark);
                CAPTURE(int(text));
                CAPTURE(int(bg));
                CHECK(Ratio(text, bg, dark) >= 4.5);
            }
}

TEST_CASE("numbers in cells are readable (4.5:1) on the cells they sit on") {
    using cp::Paint;
    for (bool dark : {true, false}) {
        CAPTURE(dark);
        for (Paint cell : {Paint::Input, Paint::Output}) CHECK(Ratio(Paint::CellTextStrong, cell, dark) >= 4.5);
        for (Paint cell : {Paint::Current, Paint::Tap}) CHECK(Ratio(Paint::CellTextOnTap, cell, dark) >= 4.5);
    }
}

TEST_CASE("the figure's marks stand out (3:1) from the backdrop in both themes") {
    using cp::Paint;
    for (bool dark : {true, false})
        for (Paint mark : {Paint::GridFrame, Paint::InputFrame, Paint::WindowFrame, Paint::Unread, Paint::Linked,
                           Paint::Winner, Paint::Current}) {
            CAPTURE(dark);
            CAPTURE(int(mark));
            CHECK(Ratio(mark, Paint::Backdrop, dark) >= 3.0);
        }
}
