// app_image.cpp — image mode at the platform edge: the pictures (generated
// samples, the photo and the user's file from web/image.js), the run of the
// Doc's layers on the picture (state/image/images.h) when anything it depends on
// changes, and its GL textures: the padded input as RGBA, each feature map
// uploaded as floats (R32F) and coloured on the GPU by shaders/colormap.*
// into an RGBA texture ImGui draws. Plus the page bridge for all of it.
//
// [SECTION] INDEX
//   State        the pictures, the last run and what it was made from
//   GL           texture upload, the colormap pass
//   Prepare      recompute + upload, once per change, before the UI draws
//   Bridge       cp_app_set_picture, cp_app_picture_failed, cp_app_image, cp_app_colormap
#include <GLES3/gl3.h>
#include <emscripten/emscripten.h>
#include <wasm_simd128.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <span>

#include "app/app.h"
#include "scene/scene_json.h"
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

struct ImageState {
    std::array<Picture, 5> pictures;  // by SampleImage
    bool photo_asked = false;
    int version = 0;                  // bumped when a picture arrives
    // What the run was made from: a change of any of these recomputes.
    bool have_run = false;
    Doc doc;
    SampleImage image = SampleImage::Card;
    int channel = -1, layer = -1, version_run = -1;
    ImageRun run;
    Workspace ws;
    ui::ImageFrame frame;
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
    std::vector<float> plane;    // staging for one channel of a map
    ui::Edits::ImageRects rects;
    int updates = 0;
};

ImageState& State() {
    static ImageState state;
    return state;
}

const char* SampleName(SampleImage s) {
    switch (s) {
        case SampleImage::Card: return "test card";
        case SampleImage::Rings: return "rings (zone plate)";
        case SampleImage::Checker: return "checkerboard";
        case SampleImage::Photo: return "photo";
        case SampleImage::Own: return "your picture";
    }
    return "";
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
void Colourize(ImageState& st, MapTextures& m, float lo, float hi, bool diverging) {
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
    glUniform1f(st.u_lo, lo);
    glUniform1f(st.u_hi, hi);
    glUniform1i(st.u_mode, diverging ? 1 : 0);
    glBindVertexArray(st.vao);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glBindVertexArray(0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glBindTexture(GL_TEXTURE_2D, m.colour.id);
    glGenerateMipmap(GL_TEXTURE_2D);
    glBindTexture(GL_TEXTURE_2D, 0);
    glUseProgram(0);
}

// The legend's ends: a signed map is symmetric around zero.
void MapRange(const ImageLayer& layer, ui::ImageFrame::Map& m) {
    m.diverging = layer.lo < 0;
    if (m.diverging) {
        const float a = std::max(-layer.lo, layer.hi);
        m.lo = -a, m.hi = a;
    } else {
        m.lo = layer.lo, m.hi = layer.hi;
    }
}

// The padded picture as RGBA bytes, straight from the unpadded input: each
// padded row reads the input row its mode copies (PaddedSource), its
// interior four pixels at a time; zero padding is black.
void UploadInput(ImageState& st) {
    const ImageRun& run = st.run;
    const Shape in = run.input.shape, padded = run.PaddedShape();
    const int w = padded.w, h = padded.h, c = in.c;
    if (run.input.data.empty() || w > st.max_texture || h > st.max_texture) return;
    const size_t plane = size_t(in.h) * size_t(in.w);
    st.bytes.resize(size_t(w) * size_t(h) * 4 + 16);
    const float* r = run.input.data.data();
    const float* g = c >= 3 ? r + plane : r;
    const float* b = c >= 3 ? r + 2 * plane : r;
    const v128_t zero = wasm_f32x4_splat(0), one = wasm_f32x4_splat(1), scale = wasm_f32x4_splat(255),
                 half = wasm_f32x4_splat(0.5f), alpha = wasm_i32x4_splat(int32_t(0xFF000000u));
    // Clamped to [0, 1] (NaN -> 0), rounded to 0..255, packed as little-endian RGBA words.
    auto level = [&](const float* from) {
        const v128_t v = wasm_f32x4_pmin(one, wasm_f32x4_pmax(zero, wasm_v128_load(from)));
        return wasm_i32x4_trunc_sat_f32x4(wasm_f32x4_add(wasm_f32x4_mul(v, scale), half));
    };
    auto pack = [&](const float* pr, const float* pg, const float* pb, uint8_t* to) {
        const v128_t word = wasm_v128_or(wasm_v128_or(level(pr), wasm_i32x4_shl(level(pg), 8)),
                                         wasm_v128_or(wasm_i32x4_shl(level(pb), 16), alpha));
        wasm_v128_store(to, word);  // bytes has 16 to spare for a row's last store
    };
    auto one_pixel = [&](size_t i, uint8_t* to) {
        const float px[3][4] = {{r[i]}, {g[i]}, {b[i]}};
        uint8_t word[16];
        pack(px[0], px[1], px[2], word);
        std::copy(word, word + 4, to);
    };
    for (int py = 0; py < h; ++py) {
        uint8_t* row = st.bytes.data() + size_t(py) * size_t(w) * 4;
        const int iy = PaddedSource(run.mode, int64_t(py) - run.pad.top, in.h);
        if (iy < 0) {  // a row of zero padding
            for (int px = 0; px < w; ++px) row[4 * px] = row[4 * px + 1] = row[4 * px + 2] = 0, row[4 * px + 3] = 255;
            continue;
        }
        const size_t base = size_t(iy) * size_t(in.w);
        for (int px = 0; px < w; ++px) {
            const int ix = PaddedSource(run.mode, int64_t(px) - run.pad.left, in.w);
            if (ix < 0) {
                row[4 * px] = row[4 * px + 1] = row[4 * px + 2] = 0, row[4 * px + 3] = 255;
            } else if (px == run.pad.left) {  // the input's own pixels: a run of in.w
                int x = 0;
                for (; x + 4 <= in.w; x += 4) pack(r + base + x, g + base + x, b + base + x, row + 4 * (px + x));
                for (; x < in.w; ++x) one_pixel(base + size_t(x), row + 4 * (px + x));
                px += in.w - 1;
            } else {
                one_pixel(base + size_t(ix), row + 4 * px);
            }
        }
    }
    Upload(st.input, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, w, h, st.bytes.data(), true);
    st.frame.input_texture = st.input.id;
}

// [SECTION] Prepare

void Recompute(ImageState& st, const Session& session) {
    const Doc& doc = session.doc();
    const View& view = session.view();
    st.doc = doc, st.image = view.image, st.channel = view.image_channel, st.layer = view.layer;
    st.version_run = st.version;
    st.have_run = true;
    st.frame = ui::ImageFrame{};
    const Picture& pic = st.pictures[size_t(view.image)];
    if (pic.rgb.data.empty()) {
        st.run = ImageRun{};
        st.frame.status = view.image == SampleImage::Photo ? "Loading the photo\xE2\x80\xA6"
                                                            : "Open a picture of your own with Open picture\xE2\x80\xA6 "
                                                              "or drop one on the page.";
        return;
    }
    if (doc.input.channels != 1 && doc.input.channels != 3) {
        st.run = ImageRun{};
        st.frame.status = "Image mode reads a picture as 1 channel (grey) or 3 (RGB); the input has " +
                          std::to_string(doc.input.channels) + ". Choose Grey or RGB above.";
        return;
    }
    const double t0 = emscripten_get_now();
    // The picture as the layers read it: the last run's when only the layers changed.
    const ImageState::InputKey source{st.version, doc.input.channels, view.image, {}, {}};
    Tensor input = source == st.run_source && !st.run.input.data.empty() ? std::move(st.run.input)
                                                                          : WithChannels(pic.rgb, doc.input.channels);
    st.run_source = source;
    st.run = RunImage(doc, std::move(input), st.ws);
    const double t1 = emscripten_get_now();
    st.frame.run = &st.run;
    // The stack's geometry at the picture's size, for the chain of maps under it.
    st.frame.doc = doc;
    st.frame.doc.input.h = st.run.input.shape.h, st.frame.doc.input.w = st.run.input.shape.w;
    st.frame.doc.input.channels = st.run.input.shape.c;
    st.frame.plans = PlanDoc(st.frame.doc);
    // Their pictures (per axis: a few KB at any size) for the formula, past the figure's limit.
    for (size_t i = 0; i < st.frame.plans.size(); ++i)
        if (LayerPlan& plan = st.frame.plans[i]; plan.out.ok() && !plan.picture.ok())
            plan.picture = PictureOf(doc.layers[i], plan.in, nullptr, 1 << 14);
    st.frame.caption = pic.caption + (doc.input.channels == 1 ? ", grey" : ", RGB");
    if (!InitGl(st)) {
        st.frame.status = "This browser could not compile the colormap shader: image mode cannot draw.";
        return;
    }
    const ImageState::InputKey key{st.version, doc.input.channels, view.image, st.run.pad, st.run.mode};
    if (!(key == st.input_key) || !st.input.id) {
        UploadInput(st);
        st.input_key = key;
    }
    st.frame.input_texture = st.input.id;
    st.maps.resize(st.run.layers.size());
    st.frame.maps.resize(st.run.layers.size());
    for (size_t i = 0; i < st.run.layers.size(); ++i) {
        const ImageLayer& layer = st.run.layers[i];
        ui::ImageFrame::Map& m = st.frame.maps[i];
        if (layer.output.data.empty() || layer.out.w > st.max_texture || layer.out.h > st.max_texture) continue;
        m.channel = std::clamp(view.image_channel, 0, layer.out.c - 1);
        MapRange(layer, m);
        const size_t plane = size_t(layer.out.h) * size_t(layer.out.w);
        const float* from = layer.output.data.data() + size_t(m.channel) * plane;
        Upload(st.maps[i].values, GL_R32F, GL_RED, GL_FLOAT, layer.out.w, layer.out.h, from, false);
        Colourize(st, st.maps[i], m.lo, m.hi, m.diverging);
        m.texture = st.maps[i].colour.id;
    }
    // The legend: the viewed layer's range as a 256-texel ramp, coloured by the same pass.
    const size_t shown = std::min(size_t(std::max(view.layer, 0)), st.frame.maps.size() - 1);
    if (!st.frame.maps.empty() && st.frame.maps[shown].texture) {
        const ui::ImageFrame::Map& m = st.frame.maps[shown];
        st.plane.resize(256);
        for (int i = 0; i < 256; ++i) st.plane[size_t(i)] = m.lo + (m.hi - m.lo) * float(i) / 255.0f;
        Upload(st.legend.values, GL_R32F, GL_RED, GL_FLOAT, 256, 1, st.plane.data(), false);
        Colourize(st, st.legend, m.lo, m.hi, m.diverging);
        st.frame.legend_texture = st.legend.colour.id;
    }
    const double t2 = emscripten_get_now();
    st.frame.compute_ms = t1 - t0;
    st.frame.upload_ms = t2 - t1;
    ++st.updates;
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

// Colormap on the CPU: colormap.frag.glsl's map, for the page API and tests.
std::array<float, 3> Colormap(float v, float lo, float hi, bool diverging) {
    static constexpr float kBuRd[9][3] = {{0.129f, 0.400f, 0.675f}, {0.263f, 0.576f, 0.765f}, {0.573f, 0.773f, 0.871f},
                                          {0.820f, 0.898f, 0.941f}, {0.969f, 0.969f, 0.969f}, {0.992f, 0.859f, 0.780f},
                                          {0.957f, 0.647f, 0.510f}, {0.839f, 0.376f, 0.302f}, {0.698f, 0.094f, 0.169f}};
    if (!diverging) {
        const float t = hi > lo ? std::clamp((v - lo) / (hi - lo), 0.0f, 1.0f) : 0.5f;
        return {t, t, t};
    }
    const float t = hi > 0 ? std::clamp(0.5f + 0.5f * v / hi, 0.0f, 1.0f) : 0.5f;
    const float x = t * 8;
    const int i = std::min(int(std::floor(x)), 7);
    const float f = x - float(i);
    return {kBuRd[i][0] + (kBuRd[i + 1][0] - kBuRd[i][0]) * f, kBuRd[i][1] + (kBuRd[i + 1][1] - kBuRd[i][1]) * f,
            kBuRd[i][2] + (kBuRd[i + 1][2] - kBuRd[i][2]) * f};
}

}  // namespace

const ui::ImageFrame* PrepareImage(AppModel& m) {
    const View& view = m.session.view();
    if (view.mode != ViewMode::Image) return nullptr;
    ImageState& st = State();
    Picture& pic = st.pictures[size_t(view.image)];
    if (pic.rgb.data.empty() && view.image != SampleImage::Photo && view.image != SampleImage::Own) {
        pic.rgb = SampleTensor(view.image);
        pic.caption = std::string(SampleName(view.image)) + ", " + std::to_string(kSampleSide) + "\xC3\x97" +
                      std::to_string(kSampleSide);
    }
    if (view.image == SampleImage::Photo && pic.rgb.data.empty() && !st.photo_asked) {
        st.photo_asked = true;  // web/image.js fetches it once and calls cp_app_set_picture
        AskHost("image-photo");
    }
    const bool same = st.have_run && st.doc == m.session.doc() && st.image == view.image &&
                      st.channel == view.image_channel && st.layer == view.layer && st.version_run == st.version;
    if (!same) Recompute(st, m.session);
    return &st.frame;
}

void ReportImageRects(const float input[4], const float output[4]) {
    std::copy(input, input + 4, State().rects.input);
    std::copy(output, output + 4, State().rects.output);
}

}  // namespace cp::app

// [SECTION] Bridge
extern "C" {

// A picture from the page (web/image.js): RGBA bytes, w x h (already brought
// down to image mode's limit), kind 3 (the photo) or 4 (the user's own file),
// a caption, and a notice to show (a downscale) or "". Returns "" or why not.
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
// padded, pad, layers: [{shape, ptr, lo, hi, channel, diverging, error}],
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
        const cp::ui::ImageFrame::Map& m = f.maps[i];
        if (i) reply += ",";
        reply += "{\"output\":" + (l.output.data.empty() ? std::string("null") : cp::app::FloatsJson(l.output)) +
                 ",\"lo\":" + cp::app::Num(m.lo) + ",\"hi\":" + cp::app::Num(m.hi) + ",\"channel\":" +
                 std::to_string(m.channel) + ",\"diverging\":" + (m.diverging ? "true" : "false") +
                 ",\"error\":" + cp::JsonString(l.error) + "}";
    }
    reply += "],\"rects\":{\"input\":" + cp::app::RectJson(st.rects.input) + ",\"output\":" +
             cp::app::RectJson(st.rects.output) + "},\"computeMs\":" + cp::app::Num(f.compute_ms) +
             ",\"uploadMs\":" + cp::app::Num(f.upload_ms) + ",\"updates\":" + std::to_string(st.updates) + "}";
    return reply.c_str();
}

// colormap.frag.glsl's colour for value v, as 0xRRGGBB (for tests and page code).
EMSCRIPTEN_KEEPALIVE int cp_app_colormap(float v, float lo, float hi, int diverging) {
    const auto c = cp::app::Colormap(v, lo, hi, diverging != 0);
    auto byte = [](float x) { return int(std::lround(std::clamp(x, 0.0f, 1.0f) * 255.0f)); };
    return (byte(c[0]) << 16) | (byte(c[1]) << 8) | byte(c[2]);
}

}  // extern "C"
