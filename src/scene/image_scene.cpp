// image_scene.cpp — image_scene.h.
//
// [SECTION] INDEX
//   Layout      the scale of a pixel, where each grid goes
//   Pictures    the input and map grids, the border frames, their captions
//   Legend      the ramp and its ends, the clipped share
//   Peek        the pointed pixel's window and its numbers
//   Describe    the figure in words
#include "scene/image_scene.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "engine/names.h"
#include "scene/number_format.h"

namespace cp {
namespace {

// [SECTION] Layout
// Scene units, like the cell view's (a cell is 1 there): the figure's
// renderers fit the width to the panel, so the pictures row is a fixed width
// and a pixel whatever share of it the two pictures leave.
constexpr float kRowWidth = 32;          // the input, the gap and the map side by side
constexpr float kMaxPictureHeight = 24;  // a tall picture is fitted to this instead
constexpr float kGap = 1.5f;             // between the input and the map
constexpr float kCaptionBand = 1.3f;     // the chain of sizes, over everything
constexpr float kLabelBand = 1.2f;       // each picture's caption
constexpr float kLegendGap = 0.5f;       // between the map and its ramp
constexpr float kLegendHeight = 0.5f;
constexpr float kLegendMinWidth = 8;     // a small map still gets a readable ramp
constexpr float kLegendTextBand = 1.0f;  // the ramp's numbers under it
// The window's values are listed tap by tap up to this kernel (a larger one
// would fill the panel with numbers nobody reads); its outline is always drawn.
constexpr int kMaxListedSide = 9;
// Each tap is outlined (not just the window) when they have gaps between them
// (dilation), up to this many taps.
constexpr int kMaxOutlinedTaps = 81;
constexpr const char* kTimes = "\xC3\x97";  // ×

std::string Dims(int h, int w) { return std::to_string(h) + kTimes + std::to_string(w); }

void Note(Scene& scene, std::string text, Paint paint = Paint::Caption, bool mono = false) {
    scene.labels.push_back({0, 0, std::move(text), paint, Anchor::Below, mono});
}

std::string Percent(double share) {
    char buf[32];
    std::snprintf(buf, sizeof buf, share > 0 && share < 0.001 ? "%.2f%%" : "%.1f%%", share * 100);
    return buf;
}

// A map value: three significant digits, a float sum's rounding residue as 0.
std::string MapValue(float v) {
    if (!std::isfinite(v)) return FormatValue(v);
    if (std::fabs(v) < 5e-6f) return "0";
    char buf[24];
    std::snprintf(buf, sizeof buf, "%.3g", double(std::fabs(v)));
    return (v < 0 ? "\xE2\x88\x92" : "") + std::string(buf);
}

float At(const Tensor& t, int c, int y, int x) {
    return t.data[(size_t(c) * size_t(t.shape.h) + size_t(y)) * size_t(t.shape.w) + size_t(x)];
}

struct Placed {
    size_t li = 0;                 // the viewed layer
    const ImageLayer* layer = nullptr;
    const LayerPicture* picture = nullptr;  // its geometry at the picture's size (null: not planned)
    const Tensor* input = nullptr; // what it reads: the picture or the previous map
    int pad_top = 0, pad_left = 0; // border drawn around its input (the first layer's)
    int in_h = 0, in_w = 0;        // its input grid, border included
    float pixel = 1;               // scene units a pixel
    float top = 0;
    SceneGrid* source = nullptr;
    SceneGrid* map = nullptr;
};

// [SECTION] Pictures
void AddPictures(Scene& scene, const ImageFigure& f, Placed& at) {
    const ImageRun& run = *f.run;
    const ImageLayer& L = *at.layer;
    const bool first = at.li == 0;
    const Shape padded = run.PaddedShape();
    at.pad_top = first ? run.pad.top : 0, at.pad_left = first ? run.pad.left : 0;
    at.in_h = first ? padded.h : L.in.h, at.in_w = first ? padded.w : L.in.w;
    const bool has_map = !L.output.data.empty();
    const int oh = has_map ? L.out.h : 0, ow = has_map ? L.out.w : 0;
    at.pixel = std::min((kRowWidth - kGap) / float(std::max(1, at.in_w + ow)),
                        kMaxPictureHeight / float(std::max({1, at.in_h, oh})));
    at.top = kCaptionBand + kLabelBand;

    SceneGrid src;
    src.name = "source";
    src.x = 0, src.y = at.top, src.rows = at.in_h, src.cols = at.in_w, src.cell = at.pixel;
    src.texture = first ? kPictureTexture : MapTexture(at.li - 1);
    src.layer = int(at.li);
    const float in_w = float(at.in_w) * at.pixel, in_h = float(at.in_h) * at.pixel;
    scene.frames.push_back({0, at.top, in_w, in_h, Paint::GridFrame, 1});
    std::string in_label = first ? "input " + Dims(run.input.shape.h, run.input.shape.w)
                                 : "layer " + std::to_string(at.li) + "'s map " + Dims(L.in.h, L.in.w);
    if (first && (run.pad.top || run.pad.bottom || run.pad.left || run.pad.right)) {
        // (Short captions: on a phone the two pictures are narrow. The line of
        // sizes over them says "padded", the notes say the mode.)
        in_label += " + " + std::string(TokenOf(run.mode)) + " padding";
        // The border: the whole padded picture outlined in the padding colour,
        // the picture's own edge inside it in the input's.
        scene.frames.push_back({0, at.top, in_w, in_h, Paint::Padding, 2});
        scene.frames.push_back({float(run.pad.left) * at.pixel, at.top + float(run.pad.top) * at.pixel,
                                float(run.input.shape.w) * at.pixel, float(run.input.shape.h) * at.pixel,
                                Paint::InputFrame, 1.5f});
    }
    scene.labels.push_back({in_w / 2, at.top, in_label, Paint::Caption, Anchor::Above, false});
    scene.grids.push_back(std::move(src));
    scene.width = in_w, scene.height = at.top + in_h;

    if (!has_map) {
        Note(scene, L.error.empty() ? "this map is too large to draw" : L.error, Paint::Unread);
        return;
    }
    SceneGrid map;
    map.name = "output";
    map.x = in_w + kGap, map.y = at.top, map.rows = oh, map.cols = ow, map.cell = at.pixel;
    map.texture = MapTexture(at.li);
    map.layer = int(at.li);
    const float map_w = float(ow) * at.pixel, map_h = float(oh) * at.pixel;
    scene.frames.push_back({map.x, map.y, map_w, map_h, Paint::Output, 1.5f});
    const int channel = at.li < f.channels.size() ? f.channels[at.li] : 0;
    std::string out_label = "output " + Dims(L.out.h, L.out.w);
    if (L.out.c > 1) out_label += ", channel " + std::to_string(channel) + "/" + std::to_string(L.out.c);
    scene.labels.push_back({map.x + map_w / 2, at.top, out_label, Paint::Caption, Anchor::Above, false});
    scene.width = map.x + map_w;
    scene.height = std::max(scene.height, at.top + map_h);
    scene.grids.push_back(std::move(map));
}

// [SECTION] Legend
void AddLegend(Scene& scene, const ColourScale& s, const SceneGrid& map) {
    const float w = std::max(float(map.cols) * map.cell, kLegendMinWidth);
    SceneGrid ramp;
    ramp.name = "legend";
    ramp.x = map.x, ramp.y = map.y + float(map.rows) * map.cell + kLegendGap;
    ramp.cols = kLegendSteps;
    ramp.cell = w / float(kLegendSteps);
    ramp.rows = std::max(1, int(std::lround(kLegendHeight / ramp.cell)));
    ramp.texture = kLegendTexture;
    const float h = float(ramp.rows) * ramp.cell, text_y = ramp.y + h + kLegendTextBand / 2;
    scene.frames.push_back({ramp.x, ramp.y, w, h, Paint::GridFrame, 1});
    scene.labels.push_back({ramp.x, text_y, MapValue(s.lo), Paint::Caption, Anchor::Center, true});
    scene.labels.push_back({ramp.x + w, text_y, MapValue(s.hi), Paint::Caption, Anchor::Center, true});
    const char* mid = s.diverging ? "0" : s.hi > s.lo ? "" : "constant";
    if (*mid) scene.labels.push_back({ramp.x + w / 2, text_y, mid, Paint::Caption, Anchor::Center, true});
    scene.width = std::max(scene.width, ramp.x + w);
    scene.height = std::max(scene.height, ramp.y + h + kLegendTextBand);
    scene.grids.push_back(std::move(ramp));
    std::string how = s.full ? "colours: the map's whole range"
                             : "colours: the 1st to 99th percentile of the map's interior";
    if (!s.full) how += " (the border that reads zero padding left out)";
    if (s.clipped > 0) how += "; " + Percent(s.clipped) + " of pixels beyond it, drawn at the ends";
    how += s.full ? " (scale=robust: clip the extremes)" : " (scale=full: the whole range)";
    Note(scene, how);
}

// [SECTION] Peek
// The output pixel shown: the hovered one, else the pinned one (on the viewed layer, inside the map).
bool PeekCell(const View& view, const Placed& at, int& oy, int& ox) {
    const ImageLayer& L = *at.layer;
    auto usable = [&](const CellRef& r) {
        return r.valid() && size_t(r.layer) == at.li && r.y >= 0 && r.y < L.out.h && r.x >= 0 && r.x < L.out.w;
    };
    if (usable(view.hover)) return oy = view.hover.y, ox = view.hover.x, true;
    if (usable(view.pinned)) return oy = view.pinned.y, ox = view.pinned.x, true;
    return false;
}

// The lines the peek's notes take (the result, the heading, the window's
// rows, the padding mark): the hint keeps as many, so the figure, fitted
// above its notes, does not move when the pointer enters the map.
int PeekLines(const LayerPicture& p) {
    if (p.op == OpKind::ConvTranspose2d) return 2;
    if (p.kernel.h > kMaxListedSide || p.kernel.w > kMaxListedSide) return 1;
    return 3 + p.kernel.h;
}

void AddPeek(Scene& scene, const ImageFigure& f, const View& view, const Placed& at) {
    const ImageLayer& L = *at.layer;
    int oy = 0, ox = 0;
    if (L.output.data.empty() || !at.picture || !PeekCell(view, at, oy, ox)) {
        scene.out_row = scene.out_col = -1;
        if (L.output.data.empty()) return;
        // The same notes in the same fonts as a peek's, blank but for the hint
        // (a line holding a space: an empty last line would not count).
        Note(scene, "Point at the map: a pixel's window.", Paint::Caption, true);
        const int lines = at.picture ? PeekLines(*at.picture) : 1;
        if (lines == 2) Note(scene, " ");
        if (lines > 2) {
            std::string blank = " ";
            for (int i = 0; i + 3 < lines; ++i) blank += i ? "\n " : "";
            Note(scene, " ");
            Note(scene, blank, Paint::Caption, true);
            Note(scene, " ");
        }
        return;
    }
    const LayerPicture& p = *at.picture;
    const std::vector<PeekTap> taps = PeekTaps(p, oy, ox);
    scene.out_row = oy, scene.out_col = ox;
    const SceneGrid& src = scene.grids.front();
    const float px = at.pixel;
    // The pixel on the map, at least a few units' worth of outline so it shows on a big map.
    const float mark = std::max(px, 0.25f);
    const float mx = scene.Grid("output")->x + float(ox) * px, my = at.top + float(oy) * px;
    scene.frames.push_back({mx - (mark - px) / 2, my - (mark - px) / 2, mark, mark, Paint::Current, 2});
    int y0 = std::numeric_limits<int>::max(), y1 = std::numeric_limits<int>::min(), x0 = y0, x1 = y1;
    const bool gaps = (p.h.dilation > 1 || p.w.dilation > 1 || p.op == OpKind::ConvTranspose2d) &&
                      taps.size() <= size_t(kMaxOutlinedTaps);
    for (const PeekTap& t : taps) {
        y0 = std::min(y0, t.y), y1 = std::max(y1, t.y), x0 = std::min(x0, t.x), x1 = std::max(x1, t.x);
        if (gaps)
            scene.frames.push_back({src.x + float(t.x + at.pad_left) * px, src.y + float(t.y + at.pad_top) * px, px,
                                    px, Paint::Tap, 1.5f});
    }
    if (!taps.empty()) {
        scene.window_top = y0, scene.window_bottom = y1, scene.window_left = x0, scene.window_right = x1;
        const float wx = src.x + float(x0 + at.pad_left) * px, wy = src.y + float(y0 + at.pad_top) * px;
        const float ww = float(x1 - x0 + 1) * px, wh = float(y1 - y0 + 1) * px;
        const float grow = std::max(0.0f, 0.25f - std::min(ww, wh)) / 2;  // visible on a big picture
        scene.frames.push_back({wx - grow, wy - grow, ww + 2 * grow, wh + 2 * grow, Paint::WindowFrame, 2});
    }
    // Its numbers: the result, then the window's values tap by tap (channel 0;
    // a border value marked *, as the layer reads it).
    const int channel = at.li < f.channels.size() ? f.channels[at.li] : 0;
    Note(scene, "output row " + std::to_string(oy) + ", column " + std::to_string(ox) +
                    (L.out.c > 1 ? ", channel " + std::to_string(channel) : "") + " = " +
                    MapValue(At(L.output, channel, oy, ox)),
         Paint::Caption, true);
    if (p.op == OpKind::ConvTranspose2d) {
        Note(scene, std::to_string(taps.size()) + " input pixels reach this output (outlined)");
        return;
    }
    if (p.kernel.h > kMaxListedSide || p.kernel.w > kMaxListedSide || !at.input) return;
    const bool max_pool = p.op == OpKind::MaxPool2d;
    const Tensor& in = *at.input;
    std::string grid;
    bool any_border = false;
    for (size_t i = 0; i < taps.size(); ++i) {
        const PeekTap& t = taps[i];
        std::string cell;
        if (t.source_y >= 0 && t.source_x >= 0) cell = MapValue(At(in, 0, t.source_y, t.source_x));
        else cell = max_pool ? "pad" : "0";
        if (t.padding) cell += "*", any_border = true;
        cell.resize(std::max<size_t>(cell.size(), 8), ' ');
        grid += cell;
        if (i + 1 < taps.size() && taps[i + 1].ky != t.ky) grid += "\n";
    }
    Note(scene, "its window: " + std::to_string(taps.size()) + " taps" +
                    (p.op == OpKind::Conv2d ? " \xC3\x97 weights, summed" : "") +
                    (in.shape.c > 1 ? " (channel 0)" : "") + ":");
    Note(scene, grid, Paint::Caption, true);
    Note(scene, any_border ? "* padding (" + std::string(TokenOf(p.mode)) + ")" : " ");
}

// [SECTION] Describe
std::string Description(const Scene& scene, const ImageFigure& f, const Placed& at) {
    const ImageRun& run = *f.run;
    const ImageLayer& L = *at.layer;
    std::string s = "Image mode: " + f.caption + ". ";
    s += at.picture ? std::string(LabelOf(at.picture->op)) : std::string("Layer");
    s += at.li == 0 ? " on the picture " + Dims(run.input.shape.h, run.input.shape.w)
                    : " (layer " + std::to_string(at.li + 1) + ") on layer " + std::to_string(at.li) + "'s map " +
                          Dims(L.in.h, L.in.w);
    if (at.li == 0 && (at.in_h != run.input.shape.h || at.in_w != run.input.shape.w))
        s += ", padded (" + std::string(TokenOf(run.mode)) + ") to " + Dims(at.in_h, at.in_w);
    if (L.output.data.empty()) return s + ": " + (L.error.empty() ? "its map is too large to draw." : L.error);
    s += ": output " + Dims(L.out.h, L.out.w);
    const int channel = at.li < f.channels.size() ? f.channels[at.li] : 0;
    if (L.out.c > 1) s += ", channel " + std::to_string(channel) + " of " + std::to_string(L.out.c);
    if (at.li < f.scales.size()) {
        const ColourScale& c = f.scales[at.li];
        s += c.diverging ? ", blue below zero and red above, up to " + MapValue(c.hi)
                         : ", dark at " + MapValue(c.lo) + " to light at " + MapValue(c.hi);
        if (c.clipped > 0) s += " (" + Percent(c.clipped) + " of pixels beyond)";
    }
    s += ".";
    if (scene.out_row >= 0)
        s += " Output row " + std::to_string(scene.out_row) + ", column " + std::to_string(scene.out_col) +
             " reads input rows " + std::to_string(scene.window_top) + " to " + std::to_string(scene.window_bottom) +
             ", columns " + std::to_string(scene.window_left) + " to " + std::to_string(scene.window_right) + ".";
    return s;
}

}  // namespace

ColourScale LayerScale(const ImageLayer& layer, const LayerPlan* plan, int channel, bool full) {
    if (layer.output.data.empty()) return {};
    const Shape o = layer.out;
    channel = std::clamp(channel, 0, o.c - 1);
    const size_t plane = size_t(o.h) * size_t(o.w);
    const Interior interior = plan && plan->picture.ok() ? InteriorOf(plan->picture.value()) : Interior{0, o.h, 0, o.w};
    return MapScale(std::span<const float>(layer.output.data).subspan(size_t(channel) * plane, plane), o.h, o.w,
                    interior, full);
}

std::vector<PeekTap> PeekTaps(const LayerPicture& p, int oy, int ox) {
    std::vector<PeekTap> taps;
    const PictureAxis &ah = p.h, &aw = p.w;
    const bool transposed = p.op == OpKind::ConvTranspose2d;
    // A grid index as an input coordinate (the border's negative before it), or
    // false where it holds no input pixel (an inserted zero, past the border).
    auto coord = [&](const PictureAxis& a, int g, int& c) {
        if (g < 0 || g >= a.cells) return false;
        const CellKind k = a.kind[size_t(g)];
        if (k == CellKind::Outside || k == CellKind::InsertedZero) return false;
        if (transposed && k != CellKind::Input) return false;
        const int d = g - a.origin;
        if (d % a.spacing) return false;
        c = d / a.spacing;
        return true;
    };
    for (int ky = 0; ky < ah.kernel; ++ky)
        for (int kx = 0; kx < aw.kernel; ++kx) {
            const int gy = ah.Tap(oy, ky), gx = aw.Tap(ox, kx);
            PeekTap t{ky, kx, 0, 0, -1, -1, false};
            if (!coord(ah, gy, t.y) || !coord(aw, gx, t.x)) continue;
            const CellKind k = std::max(ah.kind[size_t(gy)], aw.kind[size_t(gx)]);
            t.padding = k != CellKind::Input;
            if (k == CellKind::Input || k == CellKind::CopyPad)
                t.source_y = ah.source[size_t(gy)], t.source_x = aw.source[size_t(gx)];
            taps.push_back(t);
        }
    return taps;
}

Scene BuildImageScene(const ImageFigure& f, const View& view) {
    Scene scene;
    scene.out_row = scene.out_col = -1;
    if (!f.run || f.run->layers.empty()) {
        scene.description = "Image mode: " + (f.status.empty() ? std::string("no picture yet.") : f.status);
        return scene;
    }
    Placed at;
    at.li = std::min(size_t(std::max(view.layer, 0)), f.run->layers.size() - 1);
    at.layer = &f.run->layers[at.li];
    if (f.plans && at.li < f.plans->size() && (*f.plans)[at.li].picture.ok()) at.picture = &(*f.plans)[at.li].picture.value();
    at.input = at.li == 0 ? &f.run->input : &f.run->layers[at.li - 1].output;
    if (at.input->data.empty()) at.input = nullptr;
    AddPictures(scene, f, at);
    if (at.picture)
        scene.labels.insert(scene.labels.begin(), {scene.width / 2, kCaptionBand - 0.2f, ChainCaption(*at.picture),
                                                   Paint::Caption, Anchor::Above, false});
    if (const SceneGrid* map = scene.Grid("output"); map && at.li < f.scales.size()) {
        const SceneGrid copy = *map;  // AddLegend appends to the grids
        AddLegend(scene, f.scales[at.li], copy);
    }
    AddPeek(scene, f, view, at);
    scene.description = Description(scene, f, at);
    return scene;
}

}  // namespace cp
