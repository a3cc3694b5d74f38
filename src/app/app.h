// app.h — the running app as the platform edge sees it: the session (all
// state), the frame's scene, and what the page bridge (app_bridge.cpp)
// needs to wake the loop. One instance, owned by app_main.cpp.
#pragma once
#include <string>

#include "scene/quiz.h"
#include "scene/scene.h"
#include "state/commit.h"
#include "state/model/session.h"

namespace cp::ui {
struct ImageFrame;
}

namespace cp::app {

struct AppModel;
// Image mode (app_image.cpp): the scene of the layers run on the picture
// (scene/image_scene.h), after running them and uploading the textures when
// anything they depend on changed.
Scene ImageScene(AppModel& m);

struct AppModel {
    Session session;
    Scene scene;             // built from the session at the start of each drawn frame
    Scene last_valid;        // the last scene without an error: shown dimmed while the layer is invalid
    bool prefers_dark = true;  // the page's prefers-color-scheme, for Theme::Auto
    int frames_to_draw = 2;  // > 0: the loop draws; ImGui settles hover/active state over a couple of frames
    // Commits so far, and the last one a drawn frame showed: the page's
    // convplay.shown(n) resolves once shown >= n (web/convplay.js).
    uint32_t commits = 0, shown = 0;
    void Wake(int frames = 2) { frames_to_draw = frames_to_draw > frames ? frames_to_draw : frames; }
    // Rebuilds the scene from the session: after any change, before it is read.
    // (A quiz waiting for its answer gets the scene without it: scene/quiz.h.)
    void Rebuild() {
        // The theme first: a script that sets theme= and exports at once
        // (setState, then export('png')) gets the colours it asked for, not
        // those of the next drawn frame.
        View view = session.view();
        view.dark = view.theme == Theme::Auto ? prefers_dark : view.theme == Theme::Dark;
        if (view.dark != session.view().dark) session.SetView(view);
        // Image mode's figure is its own scene (app_image.cpp: the picture and the maps as textures).
        const bool image = session.view().mode == ViewMode::Image;
        scene = image ? ImageScene(*this) : BuildShownScene(session.viewed(), session.view());
        if (scene.error.empty() && !image) last_valid = scene;
    }
};

AppModel& Model();

// Image mode (app_image.cpp): what the panels read beside the scene, and the
// GL textures of its grids; the scene rebuilt first if the run went stale;
// null when the view shows cells.
const ui::ImageFrame* PrepareImage(AppModel& m);
// The pixels of the scene's texture grids for the SVG writer (made on
// request from the run, the same colours the GPU draws); null when the
// figure shows cells.
const std::vector<SceneRaster>* SceneRasters(const AppModel& m);
// Where the UI drew image mode's input and output this frame (x, y, w, h in
// CSS pixels of the canvas), for the page API.
void ReportImageRects(const float input[4], const float output[4]);

// The one door for every change (state/commit.h): commits it to the session,
// then, if anything changed, rebuilds the scene, counts the commit, wakes the
// loop and tells the page. Controls, keys, clicks (app_main.cpp Apply), the
// bridge (setState, the URL, postMessage, pasted code) and image mode's
// pictures (app_image.cpp) all call this.
CommitResult Commit(Change change);

// Tells the page (web/convplay.js) that the state changed, so it can update
// the URL and the text description.
void NotifyStateChanged();
// Asks the page to do what only it can (web/convplay.js, `hostActions`):
// "copy" text to the clipboard, and whatever the feature modules register.
void AskHost(const std::string& action, const std::string& text = {});

}  // namespace cp::app
