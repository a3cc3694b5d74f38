// app_image.cpp — image mode at the platform edge: the pictures (generated
// samples, the photo and the user's file from web/image.js), the run of the
// Doc's layers on the picture (state/image/images.h) when anything it depends
// on changes, its scene (scene/image_scene.h), and its GL textures: the padded
// input as RGBA (state/image/rasters.h packs it), each map uploaded as floats
// (R32F) and coloured on the GPU by shaders/colormap.* into an RGBA texture
// the figure draws. The SVG export gets the same pixels from the CPU
// (SceneRasters). Plus the page bridge for all of it.
//
// [SECTION] INDEX
//   State        the pictures, the last run and what it was made from
//   GL           texture upload, the colormap pass
//   Refresh      run + scales + upload, once per change
//   Scene        the scene, the frame for the panels, the rasters for the SVG
//   Bridge       cp_app_set_picture, cp_app_picture_failed, cp_app_image, cp_app_colormap, cp_app_image_facts
#include <GLES3/gl3.h>
#include <emscripten/emscripten.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <span>

#include "app/app.h"
#include "scene/image_scene.h"
#include "scene/scene_json.h"
#include "state/image/rasters.h"
#include "ui/ui.h"

extern const unsigned char shader_colormap_vert[];
extern const unsigned int shader_colormap_vert_size;
extern const unsigned char shader_colormap_frag[];
extern const unsigned int shader_colormap_frag_size;

namespace cp::app {
namespace {

// [SECTION] State

struct Tex {
    GLuint id = 0;
    int w = 0, h = 0;
};

struct MapTextures {
    Tex values, colour;
};

struct Picture {
    Tensor rgb;  // [1, 3, H, W] in [0, 1]; empty until there
    std::string caption;
};

// What a run is made from: a change of any of these runs the layers again.
struct RunKey {
    Doc doc;
    SampleImage image = SampleImage::Card;
    int version = -1;
    bool operator==(const RunKey&) const = default;
};
// What the colours are made from: a change recolours the maps only.
struct ColourKey {
    int channel = -1, layer = -1;
    bool full = false;
    bool operator==(const ColourKey&) const = default;
};

struct ImageState {
    std::array<Picture, kSampleImages.size()> pictures;
    bool photo_asked = false;
    int version = 0;                  // bumped when a picture arrives
    bool have_run = false;
    RunKey run_key;
    ColourKey colour_key;
    ImageRun run;
    std::vector<LayerPlan> plans;     // the Doc at the picture's size
    Workspace ws;
    ImageFigure figure;               // what the scene is made from
    ui::ImageFrame frame;             // what the panels read
    // GL
    bool gl_ready = false;
    GLuint program = 0, vao = 0, fbo = 0;
    GLint u_lo = -1, u_hi = -1, u_mode = -1, u_values = -1;
    Tex input;
    std::vector<MapTextures> maps;
    MapTextures legend;
    int max_texture = 4096;
    std::vector<uint8_t> bytes;  // staging for the RGBA input
    // What the input texture shows: a kernel or stride change keeps it, so
    // only the maps are uploaded on such an update.
    struct InputKey {
        int version = -1, channels = 0;
        SampleImage image = SampleImage::Card;
        Padding4 pad;
        PaddingMode mode = PaddingMode::Zeros;
        bool operator==(const InputKey&) const = default;
    } input_key;
    InputKey run_source;         // what the run's input tensor was made from
    std::vector<float> plane;    // staging for the legend's ramp
    std::vector<SceneRaster> rasters;  // the SVG's pixels, made on request
    bool rasters_fresh = false;
    ui::Edits::ImageRects rects;
    int updates = 0;
};

ImageState& State() {
    static ImageState state;
    return state;
}

// [SECTION] GL

bool InitGl(ImageState& st) {
    if (st.gl_ready) return st.program != 0;
    st.gl_ready = true;
    st.program = ui::LinkProgram(shader_colormap_vert, shader_colormap_vert_size, shader_colormap_frag,
                                 shader_colormap_frag_size);
    if (!st.program) {
        std::fprintf(stderr, "convplay: the colormap shader failed; image mode cannot draw\n");
        return false;
    }
    st.u_lo = glGetUniformLocation(st.program, "u_lo");
    st.u_hi = glGetUniformLocation(st.program, "u_hi");
    st.u_mode = glGetUniformLocation(st.program, "u_mode");
    st.u_values = glGetUniformLocation(st.program, "u_values");
    glGenVertexArrays(1, &st.vao);
    glGenFramebuffers(1, &st.fbo);
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &st.max_texture);
    return true;
}

// Uploads w x h texels: a new allocation only when the size changes (a
// slider drag that keeps the size reuses the texture with glTexSubImage2D).
void Upload(Tex& t, GLenum internal, GLenum format, GLenum type, int w, int h, const void* data, bool mipmaps) {
    if (!t.id) glGenTextures(1, &t.id);
    glBindTexture(GL_TEXTURE_2D, t.id);
    if (t.w != w || t.h != h) {
        glTexImage2D(GL_TEXTURE_2D, 0, GLint(internal), w, h, 0, format, type, data);
        t.w = w, t.h = h;
        // Magnified pixels stay crisp squares; minified ones are averaged
        // (mipmaps), so a big map drawn small does not alias on screen.
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, mipmaps ? GL_LINEAR_MIPMAP_LINEAR : GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    } else if (data) {
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, format, type, data);
    }
    if (mipmaps && data) glGenerateMipmap(GL_TEXTURE_2D);
}

// values (R32F) -> colour (RGBA8) through colormap.frag.glsl.
void Colourize(ImageState& st, MapTextures& m, const ColourScale& scale) {
    Upload(m.colour, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, m.values.w, m.values.h, nullptr, true);
    glBindFramebuffer(GL_FRAMEBUFFER, st.fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m.colour.id, 0);
    glViewport(0, 0, m.values.w, m.values.h);
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    glUseProgram(st.program);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, m.values.id);
    glUniform1i(st.u_values, 0);
    glUniform1f(st.u_lo, scale.lo);
    glUniform1f(st.u_hi, scale.hi);
    glUniform1i(st.u_mode, scale.diverging ? 1 : 0);
    glBindVertexArray(st.vao);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glBindVertexArray(0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glBindTexture(GL_TEXTURE_2D, m.colour.id);
    glGenerateMipmap(GL_TEXTURE_2D);
    glBindTexture(GL_TEXTURE_2D, 0);
    glUseProgram(0);
}

void UploadInput(ImageState& st) {
    const Shape padded = st.run.PaddedShape();
    if (st.run.input.data.empty() || padded.w > st.max_texture || padded.h > st.max_texture) return;
    PackPaddedRgba(st.run, st.bytes);
    Upload(st.input, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, padded.w, padded.h, st.bytes.data(), true);
}

// [SECTION] Refresh

// No picture, or one image mode cannot read: the status says why.
bool Unavailable(ImageState& st, const Session& session) {
    const Doc& doc = session.doc();
    const View& view = session.view();
    st.frame.status.clear();
    if (st.pictures[size_t(view.image)].rgb.data.empty())
        st.frame.status = view.image == SampleImage::Photo ? "Loading the photo\xE2\x80\xA6"
                                                            : "Open a picture of your own with Open picture\xE2\x80\xA6 "
                                                              "or drop one on the page.";
    else if (doc.input.channels != 1 && doc.input.channels != 3)
        st.frame.status = "Image mode reads a picture as 1 channel (grey) or 3 (RGB); the input has " +
                          std::to_string(doc.input.channels) + ". Choose Grey or RGB above.";
    return !st.frame.status.empty();
}

// Runs the layers on the picture (the last run's input tensor kept when only the layers changed).
void Run(ImageState& st, const Session& session) {
    const Doc& doc = session.doc();
    const View& view = session.view();
    const Picture& pic = st.pictures[size_t(view.image)];
    const ImageState::InputKey source{st.version, doc.input.channels, view.image, {}, {}};
    Tensor input = source == st.run_source && !st.run.input.data.empty() ? std::move(st.run.input)
                                                                          : WithChannels(pic.rgb, doc.input.channels);
    st.run_source = source;
    st.run = RunImage(doc, std::move(input), st.ws);
    st.plans = st.run.plans;  // the run's one plan of the chain at the picture's size
    st.frame.doc = doc;
    st.frame.doc.input.h = st.run.input.shape.h, st.frame.doc.input.w = st.run.input.shape.w;
    st.frame.doc.input.channels = st.run.input.shape.c;
    st.frame.plans = st.plans;
    st.figure.caption = st.frame.caption = pic.caption + (doc.input.channels == 1 ? ", grey" : ", RGB");
}

// Each layer's shown channel and its colour scale.
void Scales(ImageState& st, const View& view) {
    st.figure.channels.assign(st.run.layers.size(), 0);
    st.figure.scales.assign(st.run.layers.size(), ColourScale{});
    for (size_t i = 0; i < st.run.layers.size(); ++i) {
        const ImageLayer& layer = st.run.layers[i];
        if (layer.output.data.empty()) continue;
        st.figure.channels[i] = std::clamp(view.image_channel, 0, layer.out.c - 1);
        st.figure.scales[i] = LayerScale(layer, i < st.plans.size() ? &st.plans[i] : nullptr, st.figure.channels[i],
                                         view.image_full_range);
    }
}

// The textures: the input when what it shows changed, every map and the legend.
void UploadTextures(ImageState& st, const View& view, bool input_may_change) {
    const ImageState::InputKey key{st.version, st.run.input.shape.c, view.image, st.run.pad, st.run.mode};
    if (input_may_change && (!(key == st.input_key) || !st.input.id)) {
        UploadInput(st);
        st.input_key = key;
    }
    st.maps.resize(st.run.layers.size());
    st.frame.textures.assign(size_t(MapTexture(st.run.layers.size())), 0);
    st.frame.textures[kPictureTexture] = st.input.id;
    for (size_t i = 0; i < st.run.layers.size(); ++i) {
        const ImageLayer& layer = st.run.layers[i];
        if (layer.output.data.empty() || layer.out.w > st.max_texture || layer.out.h > st.max_texture) continue;
        const size_t plane = size_t(layer.out.h) * size_t(layer.out.w);
        const float* from = layer.output.data.data() + size_t(st.figure.channels[i]) * plane;
        Upload(st.maps[i].values, GL_R32F, GL_RED, GL_FLOAT, layer.out.w, layer.out.h, from, false);
        Colourize(st, st.maps[i], st.figure.scales[i]);
        st.frame.textures[size_t(MapTexture(i))] = st.maps[i].colour.id;
    }
    // The legend: the viewed layer's range as a kLegendSteps-texel ramp, coloured by the same pass.
    const size_t shown = std::min(size_t(std::max(view.layer, 0)), st.run.layers.size() - 1);
    if (st.frame.textures[size_t(MapTexture(shown))]) {
        const ColourScale& s = st.figure.scales[shown];
        st.plane.resize(kLegendSteps);
        for (int i = 0; i < kLegendSteps; ++i) st.plane[size_t(i)] = s.lo + (s.hi - s.lo) * float(i) / float(kLegendSteps - 1);
        Upload(st.legend.values, GL_R32F, GL_RED, GL_FLOAT, kLegendSteps, 1, st.plane.data(), false);
        Colourize(st, st.legend, s);
        st.frame.textures[kLegendTexture] = st.legend.colour.id;
    }
}

bool Stale(const ImageState& st, const Session& session) {
    const View& view = session.view();
    return !st.have_run || !(st.run_key == RunKey{session.doc(), view.image, st.version}) ||
           !(st.colour_key == ColourKey{view.image_channel, view.layer, view.image_full_range});
}

void Refresh(ImageState& st, const Session& session) {
    if (!Stale(st, session)) return;
    const View& view = session.view();
    const RunKey run_key{session.doc(), view.image, st.version};
    const bool rerun = !st.have_run || !(st.run_key == run_key);
    st.have_run = true;
    st.run_key = run_key;
    st.colour_key = {view.image_channel, view.layer, view.image_full_range};
    st.rasters_fresh = false;
    if (Unavailable(st, session)) {
        st.run = ImageRun{};
        st.frame.run = nullptr;
        st.figure = ImageFigure{};
        st.figure.status = st.frame.status;
        st.frame.caption.clear();
        return;
    }
    const double t0 = emscripten_get_now();
    if (rerun) Run(st, session);
    Scales(st, view);
    const double t1 = emscripten_get_now();
    st.frame.run = &st.run;
    st.figure.run = &st.run;
    st.figure.plans = &st.plans;
    st.figure.status.clear();
    if (!InitGl(st)) {
        st.frame.status = "This browser could not compile the colormap shader: image mode cannot draw.";
        st.frame.run = nullptr;
        st.figure.run = nullptr;
        st.figure.status = st.frame.status;
        return;
    }
    if (!st.run.layers.empty()) UploadTextures(st, view, rerun);
    const double t2 = emscripten_get_now();
    st.frame.compute_ms = t1 - t0;
    st.frame.upload_ms = t2 - t1;
    ++st.updates;
}

// The picture of the view, made here if it is a generated sample.
void EnsurePicture(ImageState& st, const View& view) {
    Picture& pic = st.pictures[size_t(view.image)];
    const SampleInfo& info = SampleInfoOf(view.image);
    if (pic.rgb.data.empty() && info.generated) {
        pic.rgb = SampleTensor(view.image);
        pic.caption = std::string(info.caption) + ", " + std::to_string(kSampleSide) + "\xC3\x97" +
                      std::to_string(kSampleSide);
    }
    if (view.image == SampleImage::Photo && pic.rgb.data.empty() && !st.photo_asked) {
        st.photo_asked = true;  // web/image.js fetches it once and calls cp_app_set_picture
        AskHost("image-photo");
    }
}

std::string FloatsJson(const Tensor& t) {
    return "{\"shape\":[" + std::to_string(t.shape.n) + "," + std::to_string(t.shape.c) + "," +
           std::to_string(t.shape.h) + "," + std::to_string(t.shape.w) + "],\"ptr\":" +
           std::to_string(reinterpret_cast<uintptr_t>(t.data.data())) + "}";
}

std::string Num(double v) {
    if (!std::isfinite(v)) return "null";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

std::string RectJson(const float r[4]) {
    return "[" + Num(r[0]) + "," + Num(r[1]) + "," + Num(r[2]) + "," + Num(r[3]) + "]";
}

}  // namespace

// [SECTION] Scene

Scene ImageScene(AppModel& m) {
    ImageState& st = State();
    EnsurePicture(st, m.session.view());
    Refresh(st, m.session);
    return BuildImageScene(st.figure, m.session.view());
}

const ui::ImageFrame* PrepareImage(AppModel& m) {
    if (m.session.view().mode != ViewMode::Image) return nullptr;
    ImageState& st = State();
    if (Stale(st, m.session)) m.Rebuild();  // (a change that did not rebuild where it was applied)
    return &st.frame;
}

const std::vector<SceneRaster>* SceneRasters(const AppModel& m) {
    if (m.session.view().mode != ViewMode::Image) return nullptr;
    ImageState& st = State();
    if (st.rasters_fresh || !st.figure.run) return &st.rasters;
    // Only the textures the scene draws: the picture or the previous map, the viewed map, its ramp.
    st.rasters.assign(size_t(MapTexture(st.run.layers.size())), SceneRaster{});
    for (const SceneGrid& g : m.scene.grids) {
        if (g.texture < 0 || size_t(g.texture) >= st.rasters.size()) continue;
        SceneRaster& r = st.rasters[size_t(g.texture)];
        if (g.texture == kPictureTexture) {
            const Shape padded = st.run.PaddedShape();
            r.w = padded.w, r.h = padded.h;
            PackPaddedRgba(st.run, r.rgba);
        } else if (g.texture == kLegendTexture) {
            const size_t shown = std::min(size_t(std::max(m.session.view().layer, 0)), st.run.layers.size() - 1);
            const ColourScale& s = st.figure.scales[shown];
            std::vector<float> ramp(kLegendSteps);
            for (int i = 0; i < kLegendSteps; ++i) ramp[size_t(i)] = s.lo + (s.hi - s.lo) * float(i) / float(kLegendSteps - 1);
            r.w = kLegendSteps, r.h = 1;
            ColourizeRgba(ramp, 1, kLegendSteps, s, r.rgba);
        } else {
            const size_t i = size_t(g.texture - kFirstMapTexture);
            const ImageLayer& layer = st.run.layers[i];
            if (layer.output.data.empty()) continue;
            const size_t plane = size_t(layer.out.h) * size_t(layer.out.w);
            r.w = layer.out.w, r.h = layer.out.h;
            ColourizeRgba(std::span<const float>(layer.output.data).subspan(size_t(st.figure.channels[i]) * plane, plane),
                          layer.out.h, layer.out.w, st.figure.scales[i], r.rgba);
        }
    }
    st.rasters_fresh = true;
    return &st.rasters;
}

void ReportImageRects(const float input[4], const float output[4]) {
    std::copy(input, input + 4, State().rects.input);
    std::copy(output, output + 4, State().rects.output);
}

}  // namespace cp::app

// [SECTION] Bridge
extern "C" {

// A picture from the page (web/image.js): RGBA bytes, w x h (already brought
// down to image mode's limit), kind (cp_app_image_facts' photo or own), a
// caption, and a notice to show (a downscale) or "". Returns "" or why not.
// The picture is applied and its scene built before this returns.
EMSCRIPTEN_KEEPALIVE const char* cp_app_set_picture(const uint8_t* rgba, int w, int h, int kind, const char* caption,
                                                    const char* notice) {
    static std::string reply;
    cp::app::AppModel& m = cp::app::Model();
    cp::app::ImageState& st = cp::app::State();
    const bool sized = w >= 1 && h >= 1 && int64_t(w) * h <= int64_t(cp::kMaxImageSide) * cp::kMaxImageSide;
    if (!rgba || (kind != int(cp::SampleImage::Photo) && kind != int(cp::SampleImage::Own)) || !sized) {
        reply = "not a picture image mode can take (at most " + std::to_string(cp::kMaxImageSide) + " on a side)";
        return reply.c_str();
    }
    cp::Tensor t = cp::ImageTensor(std::span<const uint8_t>(rgba, size_t(w) * size_t(h) * 4), w, h, 3);
    cp::app::Picture& pic = st.pictures[size_t(kind)];
    pic.rgb = std::move(t);
    pic.caption = std::string(caption ? caption : "") + ", " + std::to_string(w) + "\xC3\x97" + std::to_string(h);
    ++st.version;
    cp::Change change;  // through the one door (app.h Commit): a new picture is a change
    change.view = m.session.view();
    change.view->mode = cp::ViewMode::Image;
    change.view->image = cp::SampleImage(kind);
    if (notice && *notice) change.notices = {{"image", notice}};
    change.touched = true;
    cp::app::Commit(std::move(change));
    reply.clear();
    return reply.c_str();
}

// The page could not read a picture: say why; the current picture stays. A
// photo that never arrived falls back to the test card.
EMSCRIPTEN_KEEPALIVE void cp_app_picture_failed(const char* text, int kind) {
    cp::app::AppModel& m = cp::app::Model();
    cp::Change change;  // through the one door (app.h Commit)
    change.from = cp::From::Host;
    change.notices = {{"image", text ? text : "the picture could not be read"}};
    if (kind == int(cp::SampleImage::Photo) && m.session.view().image == cp::SampleImage::Photo) {
        change.view = m.session.view();
        change.view->image = cp::SampleImage::Card;
        cp::app::State().photo_asked = false;
    }
    cp::app::Commit(std::move(change));
}

// Image mode's numbers and where they are drawn, as JSON with wasm-heap
// addresses (web/image.js copies the floats out; valid until the next call): {caption, status, input,
// padded, pad, layers: [{output, lo, hi, channel, diverging, full, clipped, error}],
// rects: {input, output} (x, y, w, h in CSS pixels of the canvas),
// computeMs, uploadMs, updates}; {"status": ...} alone when there is no run.
EMSCRIPTEN_KEEPALIVE const char* cp_app_image() {
    static std::string reply;
    const cp::app::ImageState& st = cp::app::State();
    const cp::ui::ImageFrame& f = st.frame;
    const bool image_mode = cp::app::Model().session.view().mode == cp::ViewMode::Image;
    if (!image_mode || !f.run) {
        reply = "{\"status\":" + cp::JsonString(image_mode ? f.status : "not in image mode") + "}";
        return reply.c_str();
    }
    const cp::ImageRun& run = *f.run;
    static cp::Tensor padded;  // made for the page on request (the app never copies it)
    padded = cp::PaddedPicture(run);
    reply = "{\"caption\":" + cp::JsonString(f.caption) + ",\"input\":" + cp::app::FloatsJson(run.input) +
            ",\"padded\":" + cp::app::FloatsJson(padded) + ",\"pad\":[" + std::to_string(run.pad.top) + "," +
            std::to_string(run.pad.bottom) + "," + std::to_string(run.pad.left) + "," + std::to_string(run.pad.right) +
            "],\"layers\":[";
    for (size_t i = 0; i < run.layers.size(); ++i) {
        const cp::ImageLayer& l = run.layers[i];
        const cp::ColourScale s = i < st.figure.scales.size() ? st.figure.scales[i] : cp::ColourScale{};
        const int channel = i < st.figure.channels.size() ? st.figure.channels[i] : 0;
        if (i) reply += ",";
        reply += "{\"output\":" + (l.output.data.empty() ? std::string("null") : cp::app::FloatsJson(l.output)) +
                 ",\"lo\":" + cp::app::Num(s.lo) + ",\"hi\":" + cp::app::Num(s.hi) + ",\"channel\":" +
                 std::to_string(channel) + ",\"diverging\":" + (s.diverging ? "true" : "false") +
                 ",\"full\":" + (s.full ? "true" : "false") + ",\"clipped\":" + cp::app::Num(s.clipped) +
                 ",\"error\":" + cp::JsonString(l.error) + "}";
    }
    reply += "],\"rects\":{\"input\":" + cp::app::RectJson(st.rects.input) + ",\"output\":" +
             cp::app::RectJson(st.rects.output) + "},\"computeMs\":" + cp::app::Num(f.compute_ms) +
             ",\"uploadMs\":" + cp::app::Num(f.upload_ms) + ",\"updates\":" + std::to_string(st.updates) + "}";
    return reply.c_str();
}

// colormap.frag.glsl's colour for value v, as 0xRRGGBB (state/image/rasters.h ColourOf; for tests and page code).
EMSCRIPTEN_KEEPALIVE int cp_app_colormap(float v, float lo, float hi, int diverging) {
    const auto c = cp::ColourOf(v, cp::ColourScale{lo, hi, diverging != 0});
    return (c[0] << 16) | (c[1] << 8) | c[2];
}

// What the page's image code needs from image mode's one table
// (state/image/images.h): {maxSide, kinds: {token: SampleImage}, samples:
// [{token, label, caption, generated}]}.
EMSCRIPTEN_KEEPALIVE const char* cp_app_image_facts() {
    static std::string reply;
    if (!reply.empty()) return reply.c_str();
    std::string kinds, samples;
    for (const cp::SampleInfo& s : cp::kSampleImages) {
        const std::string token = cp::JsonString(std::string(s.token));
        kinds += (kinds.empty() ? "" : ",") + token + ":" + std::to_string(int(s.image));
        samples += std::string(samples.empty() ? "" : ",") + "{\"token\":" + token + ",\"label\":" +
                   cp::JsonString(std::string(s.label)) + ",\"caption\":" + cp::JsonString(std::string(s.caption)) +
                   ",\"generated\":" + (s.generated ? "true" : "false") + "}";
    }
    reply = "{\"maxSide\":" + std::to_string(cp::kMaxImageSide) + ",\"kinds\":{" + kinds + "},\"samples\":[" + samples +
            "]}";
    return reply.c_str();
}

// The size a w x h picture is shown at (images.h DownscaledSize), as h * 65536 + w.
EMSCRIPTEN_KEEPALIVE int cp_app_downscaled_size(int w, int h) {
    const cp::Size2 s = cp::DownscaledSize(w, h);
    return s.h * 65536 + s.w;
}

}  // extern "C"
