// ui_theme.cpp — fonts and style. The fonts are subset at build time and
// embedded in the binary (web/CMakeLists.txt), so the page needs no files.
#include <cmath>

#include "imgui.h"
#include "ui/ui.h"

extern const unsigned char font_ui[];
extern const unsigned int font_ui_size;
extern const unsigned char font_mono[];
extern const unsigned int font_mono_size;

namespace cp::ui {
namespace {

// The glyphs the fonts were subset to (web/CMakeLists.txt passes the one list
// as first,last pairs), and nothing else: a glyph outside it would draw as a box.
const ImWchar kGlyphs[] = {CONVPLAY_GLYPH_RANGES, 0};
// The atlas is rasterised before the first frame, every glyph of every font
// (ImGui 1.86 has no glyphs on demand): fonts that draw few characters get
// only those. The title font draws the name (ui_root.cpp): ASCII. The cell
// font draws the figure's numbers (scene/number_format.cpp FormatValue:
// digits, sign, point, NaN, infinity) and ImGui's fallback '?'.
const ImWchar kTitleGlyphs[] = {0x0020, 0x007E, 0};
const ImWchar kNumberGlyphs[] = {0x0020, 0x0020, 0x002B, 0x0039, 0x003F, 0x003F, 0x004E, 0x004E,
                                 0x0061, 0x0061, 0x2212, 0x2212, 0x221E, 0x221E, 0};

ImFont* AddFont(const unsigned char* data, unsigned size, float css_px, float ratio,
                const ImWchar* glyphs = kGlyphs) {
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;  // static data, never freed
    // Horizontal oversampling places glyphs between pixels; at DPR 2 and more
    // a device pixel is already half a CSS pixel, and the atlas (4x the
    // glyph area at DPR 2) would double again for nothing visible.
    config.OversampleH = ratio >= 2 ? 1 : 2;
    config.OversampleV = 1;
    config.PixelSnapH = false;
    return ImGui::GetIO().Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(data), int(size),
                                                       std::round(css_px * ratio), &config, glyphs);
}

// Inter has no floor and ceiling brackets (⌈ ⌉ ⌊ ⌋) or division slash (∕):
// those come from JetBrains Mono, merged into the Inter fonts, so a formula in
// prose (a preset's caption) reads the same as in the formula panel.
void MergeMathGlyphs(float css_px, float ratio) {
    static const ImWchar kMath[] = {0x2215, 0x2215, 0x2308, 0x230B, 0};
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;
    config.MergeMode = true;
    config.OversampleH = ratio >= 2 ? 1 : 2;
    config.PixelSnapH = false;
    ImGui::GetIO().Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(font_mono), int(font_mono_size),
                                               std::round(css_px * ratio), &config, kMath);
}

}  // namespace

Fonts SetupTheme(float ratio) {
    ImGuiIO& io = ImGui::GetIO();
    if (ratio < 1) ratio = 1;
    io.Fonts->Clear();  // a new ratio: a new atlas
    Fonts fonts;
    // Rasterise at device pixels and scale back to CSS pixels: crisp at DPR 2.
    fonts.body = AddFont(font_ui, font_ui_size, 15, ratio);
    MergeMathGlyphs(15, ratio);
    fonts.title = AddFont(font_ui, font_ui_size, 21, ratio, kTitleGlyphs);
    MergeMathGlyphs(21, ratio);
    fonts.mono = AddFont(font_mono, font_mono_size, 14, ratio);
    fonts.cell = AddFont(font_mono, font_mono_size, 20, ratio, kNumberGlyphs);
    io.FontGlobalScale = 1.0f / ratio;
    io.FontDefault = fonts.body;
    ApplyColours(true);

    return fonts;
}

void ApplyColours(bool dark) {
    ImGuiStyle& style = ImGui::GetStyle();
    if (dark) ImGui::StyleColorsDark(&style);
    else ImGui::StyleColorsLight(&style);
    style.WindowRounding = 0;
    style.ChildRounding = 8;
    style.FrameRounding = 5;
    style.GrabRounding = 5;
    style.PopupRounding = 6;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 0;
    style.FramePadding = ImVec2(8, 5);
    style.ItemSpacing = ImVec2(8, 8);
    style.WindowPadding = ImVec2(16, 14);
    style.GrabMinSize = 12;


    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 0);  // the backdrop shows through
    if (dark) {
        c[ImGuiCol_ChildBg] = ImVec4(0.125f, 0.137f, 0.165f, 0.96f);
        c[ImGuiCol_Text] = ImVec4(0.90f, 0.91f, 0.93f, 1);
        c[ImGuiCol_TextDisabled] = ImVec4(0.60f, 0.64f, 0.70f, 1);
        c[ImGuiCol_FrameBg] = ImVec4(0.18f, 0.20f, 0.24f, 1);
        c[ImGuiCol_FrameBgHovered] = ImVec4(0.22f, 0.25f, 0.30f, 1);
        c[ImGuiCol_FrameBgActive] = ImVec4(0.25f, 0.29f, 0.35f, 1);
        c[ImGuiCol_SliderGrab] = ImVec4(0.35f, 0.69f, 1.00f, 1);
        c[ImGuiCol_SliderGrabActive] = ImVec4(0.55f, 0.79f, 1.00f, 1);
        c[ImGuiCol_Button] = ImVec4(0.20f, 0.23f, 0.28f, 1);
        c[ImGuiCol_ButtonHovered] = ImVec4(0.26f, 0.31f, 0.38f, 1);
        c[ImGuiCol_ButtonActive] = ImVec4(0.30f, 0.45f, 0.62f, 1);
        c[ImGuiCol_CheckMark] = ImVec4(0.35f, 0.69f, 1.00f, 1);
        c[ImGuiCol_Separator] = ImVec4(0.25f, 0.27f, 0.32f, 1);
        c[ImGuiCol_PopupBg] = ImVec4(0.12f, 0.13f, 0.16f, 0.98f);
    } else {
        // White panels on a pale page, dark text: what course pages and slides look like.
        c[ImGuiCol_ChildBg] = ImVec4(1.0f, 1.0f, 1.0f, 0.97f);
        c[ImGuiCol_Text] = ImVec4(0.11f, 0.12f, 0.15f, 1);
        c[ImGuiCol_TextDisabled] = ImVec4(0.38f, 0.41f, 0.47f, 1);
        c[ImGuiCol_FrameBg] = ImVec4(0.91f, 0.92f, 0.94f, 1);
        c[ImGuiCol_FrameBgHovered] = ImVec4(0.86f, 0.88f, 0.92f, 1);
        c[ImGuiCol_FrameBgActive] = ImVec4(0.82f, 0.85f, 0.90f, 1);
        c[ImGuiCol_SliderGrab] = ImVec4(0.0f, 0.45f, 0.70f, 1);
        c[ImGuiCol_SliderGrabActive] = ImVec4(0.0f, 0.35f, 0.60f, 1);
        c[ImGuiCol_Button] = ImVec4(0.89f, 0.90f, 0.93f, 1);
        c[ImGuiCol_ButtonHovered] = ImVec4(0.83f, 0.86f, 0.91f, 1);
        c[ImGuiCol_ButtonActive] = ImVec4(0.70f, 0.80f, 0.92f, 1);
        c[ImGuiCol_CheckMark] = ImVec4(0.0f, 0.45f, 0.70f, 1);
        c[ImGuiCol_Separator] = ImVec4(0.84f, 0.86f, 0.89f, 1);
        c[ImGuiCol_PopupBg] = ImVec4(1.0f, 1.0f, 1.0f, 0.99f);
    }
}

}  // namespace cp::ui
