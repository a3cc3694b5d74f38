// imconfig_convplay.h — Dear ImGui build options (IMGUI_USER_CONFIG).
#pragma once
// 32-bit indices: the WebGL2 backend cannot offset vertices per draw call, so
// with 16-bit indices one window holds at most 65,536 vertices, which a large
// grid with numbers in its cells exceeds.
#define ImDrawIdx unsigned int
// ImFontAtlas::Build() adds ProggyClean (AddFontDefault()) when no font has
// been added. The app always adds its own two fonts first (ui_theme.cpp), so
// that call never runs, but it keeps the 12 KB base85 font, its decoder and
// its decompressor in the first load (about 10 KB gzipped). This macro turns
// only that one call without arguments (in imgui_draw.cpp) into an assertion:
// the declaration and the definition, which have arguments, stay as they are
// (the macro's own name is not expanded again inside it), so no ImGui source
// changes.
#define CONVPLAY_FIRST_OF(first, ...) first
#define AddFontDefault(...) \
    CONVPLAY_FIRST_OF(__VA_OPT__(AddFontDefault(__VA_ARGS__), ) IM_ASSERT(false && "convplay adds its fonts first"), ~)
