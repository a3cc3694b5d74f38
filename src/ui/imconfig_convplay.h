// imconfig_convplay.h — Dear ImGui build options (IMGUI_USER_CONFIG).
#pragma once
// 32-bit indices: the WebGL2 backend cannot offset vertices per draw call, so
// with 16-bit indices one window holds at most 65,536 vertices, which a large
// grid with numbers in its cells exceeds.
#define ImDrawIdx unsigned int
