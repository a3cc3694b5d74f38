// The scene builder: what the figure shows for a state, checked cell by cell.
#include <doctest/doctest.h>

#include <algorithm>

#include "scene/conv_scene.h"

using namespace cp;

namespace {

int Count(const ConvScene& s, auto pred) { return int(std::count_if(s.cells.begin(), s.cells.end(), pred)); }
const SceneCell* At(const ConvScene& s, CellRole role, float x, float y) {
    for (const SceneCell& c : s.cells)
        if (c.role == role && c.x == x && c.y == y) return &c;
    return nullptr;
}

}  // namespace

TEST_CASE("scene: 7x7, k3, p1, s1 keeps the size and pads one ring") {
    AppState st;  // defaults
    ConvScene s = BuildConvScene(st);
    CHECK(s.error.empty());
    CHECK(s.out_h == 7);
    CHECK(s.out_w == 7);
    CHECK(Count(s, [](auto& c) { return c.role == CellRole::Padding; }) == 81 - 49);
    CHECK(Count(s, [](auto& c) { return c.role == CellRole::Input; }) == 49);
    CHECK(Count(s, [](auto& c) { return c.role == CellRole::Output; }) == 49);
    // Step 0 reads the top-left 3x3 of the padded input: 5 padding cells, 4 inputs.
    CHECK(Count(s, [](auto& c) { return c.in_window; }) == 9);
    CHECK(Count(s, [](auto& c) { return c.in_window && c.role == CellRole::Padding; }) == 5);
    CHECK(Count(s, [](auto& c) { return c.current; }) == 1);
    CHECK(Count(s, [](auto& c) { return c.never_read; }) == 0);
    CHECK(s.window_top == -1);  // the window starts in the padding
    CHECK(s.window_bottom == 1);
    CHECK(s.window_left == -1);
    CHECK(s.window_right == 1);
}

TEST_CASE("scene: stride 2 over 8 wide drops the last row and column") {
    AppState st;
    st.in_h = st.in_w = 8;
    st.padding = {0, 0};
    st.stride = {2, 2};
    ConvScene s = BuildConvScene(st);
    REQUIRE(s.error.empty());
    CHECK(s.out_h == 3);  // floor((8 - 3) / 2) + 1
    // Row 7 and column 7 are never read: 8 + 8 - 1 cells.
    CHECK(Count(s, [](auto& c) { return c.never_read; }) == 15);
    const float top = s.cells.front().y;
    CHECK(At(s, CellRole::Input, 7, top + 7)->never_read);
    CHECK_FALSE(At(s, CellRole::Input, 6, top + 6)->never_read);
}

TEST_CASE("scene: dilation leaves gaps between taps, and the step moves the window by the stride") {
    AppState st;
    st.in_h = st.in_w = 9;
    st.padding = {0, 0};
    st.dilation = {2, 2};
    st.stride = {2, 2};
    st.step = 1;  // output (0, 1)
    ConvScene s = BuildConvScene(st);
    REQUIRE(s.error.empty());
    CHECK(s.out_w == 3);  // floor((9 - 5) / 2) + 1
    CHECK(Count(s, [](auto& c) { return c.in_window; }) == 25);  // 5x5 span
    CHECK(Count(s, [](auto& c) { return c.is_tap; }) == 9);      // 3x3 taps
    const float top = s.cells.front().y;
    CHECK(At(s, CellRole::Input, 2, top)->is_tap);  // window starts at column 1*2
    CHECK_FALSE(At(s, CellRole::Input, 3, top)->is_tap);
    CHECK_FALSE(At(s, CellRole::Input, 0, top)->in_window);
    CHECK(s.step_row == 0);
    CHECK(s.step_col == 1);
    CHECK(s.window_left == 2);
    CHECK(s.window_right == 6);  // 2 + dilation 2 * (3 - 1)
    CHECK(s.window_bottom == 4);
}

TEST_CASE("scene: an impossible configuration is a message, not a crash") {
    AppState st;
    st.in_h = st.in_w = 3;
    st.padding = {0, 0};
    st.kernel = {5, 5};
    ConvScene s = BuildConvScene(st);
    CHECK_FALSE(s.error.empty());
    CHECK(s.out_h == 0);
    CHECK(Count(s, [](auto& c) { return c.role == CellRole::Output; }) == 0);
    CHECK(Count(s, [](auto& c) { return c.in_window; }) == 0);
    CHECK(s.width > 0);  // the input is still drawn
}

TEST_CASE("scene: the step is clamped to the output") {
    AppState st;
    st.step = 10000;
    ConvScene s = BuildConvScene(st);
    const auto current = std::find_if(s.cells.begin(), s.cells.end(), [](auto& c) { return c.current; });
    REQUIRE(current != s.cells.end());
    CHECK(current == s.cells.end() - 1);  // the last output cell
}
