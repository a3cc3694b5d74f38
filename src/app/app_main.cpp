// app_main.cpp — the platform edge: SDL2 window and WebGL2 context, the
// emscripten main loop, canvas sizing for devicePixelRatio, and the calls
// back into the page (web/convplay.js).
//
// A frame: advance the animation (Session::Tick), let the UI draw the scene
// and return edits, apply the edits. The scene is rebuilt only where the
// session changes (a step, an edit, a bridge call), not on every frame. The loop
// runs on requestAnimationFrame but draws only when something changed (input,
// resize, an animation, a bridge call): an idle page costs no GPU work.
#include <GLES3/gl3.h>
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <cstdio>

#include "app/app.h"
#include "app/app_touch.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl.h"
#include "state/formats/codec.h"
#include "ui/ui.h"

// ImGui's GL3 backend saves and restores the blend and scissor state around
// every frame with glGetIntegerv. WebGL answers most state queries from the
// browser's own copy, but these 7 (blend funcs and equations, scissor box)
// wait for the GPU process to run everything queued before them: in
// Chromium's software renderer that was most of a frame's time (scripts/bench
// --page, a 200-layer paste). The context keeps its own copy of them here,
// taken from the setters (the only way they change), and asks WebGL only
// for one it has not seen set. (glGetError would wait the same way, so the
// copy trusts the setters' arguments: the app and ImGui pass GL's own enums;
// a negative scissor size, which GL refuses, and a lost context forget it.)
EM_JS(void, AnswerSlowGlQueriesLocally, (), {
    var gl = GLctx, ask = gl.getParameter.bind(gl), known = new Map();
    var SRC_RGB = 0x80C9, DST_RGB = 0x80C8, SRC_A = 0x80CB, DST_A = 0x80CA, EQ_RGB = 0x8009, EQ_A = 0x883D,
        SCISSOR = 0x0C10;
    var wrap = function(name, after) {
        var call = gl[name].bind(gl);
        gl[name] = function(a, b, c, d) { call(a, b, c, d); after(a, b, c, d); };
    };
    var keep = function(names, values) {
        for (var i = 0; i < names.length; ++i) known.set(names[i], values[i]);
    };
    wrap("blendFunc", function(s, d) { keep([SRC_RGB, SRC_A, DST_RGB, DST_A], [s, s, d, d]); });
    wrap("blendFuncSeparate", function(sr, dr, sa, da) { keep([SRC_RGB, DST_RGB, SRC_A, DST_A], [sr, dr, sa, da]); });
    wrap("blendEquation", function(m) { keep([EQ_RGB, EQ_A], [m, m]); });
    wrap("blendEquationSeparate", function(r, a) { keep([EQ_RGB, EQ_A], [r, a]); });
    var box = new Int32Array(4);  // (glGetIntegerv copies it out at once)
    wrap("scissor", function(x, y, w, h) {
        box[0] = x, box[1] = y, box[2] = w, box[3] = h;
        w >= 0 && h >= 0 ? known.set(SCISSOR, box) : known.delete(SCISSOR);
    });
    gl.getParameter = function(name) {
        if (known.has(name)) return known.get(name);
        var value = ask(name);
        if (name == SRC_RGB || name == DST_RGB || name == SRC_A || name == DST_A || name == EQ_RGB ||
            name == EQ_A || name == SCISSOR) known.set(name, value);
        return value;
    };
    gl.canvas.addEventListener("webglcontextlost", function() { known.clear(); });
});

namespace cp::app {
namespace {

struct Platform {
    SDL_Window* window = nullptr;
    SDL_GLContext gl = nullptr;
    ui::Fonts fonts;
    ui::Backdrop backdrop;
    float pixel_ratio = 1;
    bool colours_dark = true;  // the ImGui colours applied last
    bool reported_first_frame = false;
};

Platform& ThePlatform() {
    static Platform platform;
    return platform;
}

// The canvas fills #stage (the whole window, or the iframe in a course page).
// SDL sizes the canvas's backing store at CSS size x devicePixelRatio.
void FitCanvasToStage(Platform& p) {
    double w = 0, h = 0;
    emscripten_get_element_css_size("#stage", &w, &h);
    SDL_SetWindowSize(p.window, std::max(1, int(w)), std::max(1, int(h)));
    Model().Wake();
}

// Zoom or a move to another monitor changes devicePixelRatio: re-rasterise
// the fonts for it (crisp text) and resize the backing store.
void FollowPixelRatio(Platform& p) {
    const float ratio = float(emscripten_get_device_pixel_ratio());
    if (ratio == p.pixel_ratio) return;
    p.pixel_ratio = ratio;
    p.fonts = ui::SetupTheme(ratio);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    FitCanvasToStage(p);
}

EM_BOOL OnResize(int, const EmscriptenUiEvent*, void*) {
    Platform& p = ThePlatform();
    FitCanvasToStage(p);
    FollowPixelRatio(p);
    return EM_FALSE;
}

// The theme: Auto follows the page's prefers-color-scheme (the bridge tells
// us), Dark and Light are as set. View::dark is what the figure draws with.
void FollowTheme(Platform& p, AppModel& m) {
    View view = m.session.view();
    view.dark = view.theme == Theme::Auto ? m.prefers_dark : view.theme == Theme::Dark;
    if (view.dark != m.session.view().dark) m.session.SetView(view);
    if (p.colours_dark != view.dark) {
        p.colours_dark = view.dark;
        ui::ApplyColours(view.dark);
    }
}

// Keys for the step-through while the canvas has focus and ImGui is not
// navigating its widgets: Space plays or pauses, Left/Right step, Up/Down
// move a row. Returns true if the key was taken (ImGui does not see it).
bool StepKey(AppModel& m, const SDL_Event& e) {
    const ImGuiIO& io = ImGui::GetIO();
    // (Not "no item active": a key that arrives with the release of the click
    // that focused the canvas would be lost to the figure's own button.)
    if (e.type != SDL_KEYDOWN || io.NavVisible || io.WantTextInput) return false;
    if (m.session.view().HidesOutput()) return false;  // a quiz: stepping would count the outputs
    if (e.key.keysym.mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI)) return false;
    const LayerPlan& plan = m.session.viewed();
    if (!plan.picture.ok()) return false;
    const int steps = int(plan.picture.value().Steps()), row = plan.picture.value().out.w;
    View v = m.session.view();
    switch (e.key.keysym.sym) {
        case SDLK_SPACE: v.playing = !v.playing, v.clock = 0; break;
        case SDLK_RIGHT: v.step = (v.step + 1) % steps, v.playing = false; break;
        case SDLK_LEFT: v.step = (v.step + steps - 1) % steps, v.playing = false; break;
        case SDLK_DOWN: v.step = (v.step + row) % steps, v.playing = false; break;
        case SDLK_UP: v.step = (v.step + steps - row % steps) % steps, v.playing = false; break;
        default: return false;
    }
    Change change;
    change.view = v;
    Commit(std::move(change));
    return true;
}

// The UI's edits of one frame, as one student change.
void Apply(AppModel& m, const ui::Edits& edits) {
    if (edits.doc || edits.view || edits.dismiss_notices || !edits.notices.empty()) {
        Change change;
        change.doc = edits.doc;
        change.view = edits.view;
        change.notices = edits.notices;
        change.dismiss_notices = edits.dismiss_notices;
        Commit(std::move(change));
    }
    if (edits.redraw) m.Wake();
    for (const ui::Edits::HostRequest& r : edits.host) AskHost(r.action, r.text);
}

void Frame(void*) {
    Platform& p = ThePlatform();
    AppModel& m = Model();
    // One button press per frame: ImGui 1.86 sees a button as down or up per
    // frame, so two clicks that arrive between two slow frames (a software
    // renderer, an old laptop) would merge into one. Later events wait in
    // SDL's queue for the next frame.
    SDL_Event event;
    while (SDL_PollEvent(&event)) {
        m.Wake(3);
        if (StepKey(m, event) || TouchEvent(event)) continue;
        ImGui_ImplSDL2_ProcessEvent(&event);
        if (event.type == SDL_MOUSEBUTTONDOWN) break;
    }
    if (TouchBusy()) m.Wake();  // a hold being timed, a tap being played
    if (m.frames_to_draw <= 0) return;  // idle: draw nothing
    --m.frames_to_draw;
    FollowPixelRatio(p);
    FollowTheme(p, m);

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    TouchNewFrame();  // a finger's gesture, as ImGui's pointer
    ImGui::NewFrame();
    const uint32_t drawing = m.commits;  // this frame shows every commit up to here
    const int step_before = m.session.view().step;
    if (m.session.Tick(ImGui::GetIO().DeltaTime)) {
        m.Wake();  // playing: keep drawing
        if (m.session.view().step != step_before) {
            m.Rebuild();  // every other change rebuilds where it is applied
            NotifyStateChanged();
        }
    }
    const ui::Edits edits = ui::DrawRoot(m.session, m.scene, m.last_valid, p.fonts, PrepareImage(m));
    if (edits.image_rects) ReportImageRects(edits.image_rects->input, edits.image_rects->output);
    Apply(m, edits);
    ImGui::Render();

    int fb_w = 0, fb_h = 0;
    SDL_GL_GetDrawableSize(p.window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    p.backdrop.Draw(p.pixel_ratio, m.session.view().dark, fb_w, fb_h, edits.panels);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    // Hand the frame to the GPU now, not when this task ends: what the page
    // does next in the same task (a paste read by importCode after a frame,
    // the code tools' work) then runs while the GPU draws. In a software
    // renderer (a headless browser, a machine without a GPU) the next frame
    // otherwise waits for both, one after the other.
    glFlush();

    if (drawing != m.shown) {
        m.shown = drawing;
        EM_ASM({ if (Module["onFrameShown"]) Module["onFrameShown"]($0 >>> 0); }, drawing);
    }
    // Nothing more to draw: the page's convplay.idle() resolves.
    if (m.frames_to_draw <= 0) EM_ASM({ if (Module["onIdle"]) Module["onIdle"](); });
    if (!p.reported_first_frame) {
        p.reported_first_frame = true;
        EM_ASM({ if (Module["onFirstFrame"]) Module["onFirstFrame"](); });
    }
}

}  // namespace

AppModel& Model() {
    static AppModel model;
    return model;
}

void AskHost(const std::string& action, const std::string& text) {
    EM_ASM({ if (Module["onHostRequest"]) Module["onHostRequest"](UTF8ToString($0), UTF8ToString($1)); },
           action.c_str(), text.c_str());
}

CommitResult Commit(Change change) {
    AppModel& m = Model();
    CommitResult result = cp::Commit(m.session, std::move(change));
    if (result.changed) {
        ++m.commits;
        m.Rebuild();
        m.Wake();
        NotifyStateChanged();  // the URL shows the state in its canonical form
    }
    return result;
}

void NotifyStateChanged() {
    EM_ASM({ if (Module["onStateChanged"]) Module["onStateChanged"](); });
}

}  // namespace cp::app

int main() {
    using namespace cp::app;
    Platform& p = ThePlatform();
    InitTouch();
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
    p.window = SDL_CreateWindow("convplay", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, 1280, 800,
                                SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI);
    p.gl = p.window ? SDL_GL_CreateContext(p.window) : nullptr;
    if (!p.gl) {
        std::fprintf(stderr, "convplay: could not create a WebGL2 context: %s\n", SDL_GetError());
        return 1;
    }
    SDL_GL_SetSwapInterval(1);
    AnswerSlowGlQueriesLocally();
    p.pixel_ratio = float(emscripten_get_device_pixel_ratio());
    FitCanvasToStage(p);
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, OnResize);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // state lives in the URL, not in a settings file
    ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ImGui::GetIO().MouseDoubleClickTime = 0.5f;  // what desktops use (ImGui's 0.3 s is brisk for a student)
    p.fonts = cp::ui::SetupTheme(p.pixel_ratio);
    ImGui_ImplSDL2_InitForOpenGL(p.window, p.gl);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    if (!p.backdrop.Init()) std::fprintf(stderr, "convplay: backdrop shader failed; using a plain background\n");

    Model().Rebuild();
    emscripten_set_main_loop_arg(Frame, nullptr, 0, false);
    return 0;
}
