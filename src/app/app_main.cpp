// app_main.cpp — the platform edge: SDL2 window and WebGL2 context, the
// emscripten main loop, canvas sizing for devicePixelRatio, and the calls
// back into the page (web/convplay.js).
//
// The loop runs on requestAnimationFrame but draws only when something
// changed (input, resize, an animation): an idle page costs no GPU work.
#include <GLES3/gl3.h>
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <cstdio>

#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl.h"
#include "state/app_state.h"
#include "ui/ui.h"

namespace {

struct App {
    SDL_Window* window = nullptr;
    SDL_GLContext gl = nullptr;
    cp::AppState state;
    cp::ui::Fonts fonts;
    cp::ui::Backdrop backdrop;
    float pixel_ratio = 1;
    int frames_to_draw = 2;  // ImGui settles hover/active state over a couple of frames
    bool reported_first_frame = false;
};

// The canvas fills #stage (the whole window, or the iframe in a course page).
// SDL sizes the canvas's backing store at CSS size x devicePixelRatio.
void FitCanvasToStage(App& app) {
    double w = 0, h = 0;
    emscripten_get_element_css_size("#stage", &w, &h);
    SDL_SetWindowSize(app.window, std::max(1, int(w)), std::max(1, int(h)));
    app.frames_to_draw = std::max(app.frames_to_draw, 2);
}

EM_BOOL OnResize(int, const EmscriptenUiEvent*, void* user) {
    FitCanvasToStage(*static_cast<App*>(user));
    return EM_FALSE;
}

void Frame(void* user) {
    App& app = *static_cast<App*>(user);
    SDL_Event event;
    while (SDL_PollEvent(&event)) {
        ImGui_ImplSDL2_ProcessEvent(&event);
        app.frames_to_draw = std::max(app.frames_to_draw, 3);
    }
    if (app.frames_to_draw <= 0) return;  // idle: draw nothing
    --app.frames_to_draw;

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    if (cp::ui::DrawRoot(app.state, app.fonts, ImGui::GetIO().DeltaTime))
        app.frames_to_draw = std::max(app.frames_to_draw, 2);
    ImGui::Render();

    int fb_w = 0, fb_h = 0;
    SDL_GL_GetDrawableSize(app.window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    app.backdrop.Draw(app.pixel_ratio);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    if (!app.reported_first_frame) {
        app.reported_first_frame = true;
        EM_ASM({ if (Module["onFirstFrame"]) Module["onFirstFrame"](); });
    }
}

}  // namespace

int main() {
    static App app;
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        std::fprintf(stderr, "convplay: SDL_Init failed: %s\n", SDL_GetError());
        return 1;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    // No canvas resizing by SDL itself: FitCanvasToStage owns the size.
    SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
    app.window = SDL_CreateWindow("convplay", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, 1280, 800,
                                  SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI);
    app.gl = app.window ? SDL_GL_CreateContext(app.window) : nullptr;
    if (!app.gl) {
        std::fprintf(stderr, "convplay: could not create a WebGL2 context: %s\n", SDL_GetError());
        return 1;
    }
    SDL_GL_SetSwapInterval(1);
    app.pixel_ratio = float(emscripten_get_device_pixel_ratio());
    FitCanvasToStage(app);
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, &app, EM_FALSE, OnResize);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // state lives in the URL, not in a settings file
    app.fonts = cp::ui::SetupTheme(app.pixel_ratio);
    ImGui_ImplSDL2_InitForOpenGL(app.window, app.gl);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    if (!app.backdrop.Init()) std::fprintf(stderr, "convplay: backdrop shader failed; using a plain background\n");

    emscripten_set_main_loop_arg(Frame, &app, 0, false);
    return 0;
}
