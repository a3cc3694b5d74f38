// svg.cpp — svg.h. A small interpreter of the scene, like ui/ui_figure.cpp:
// the same primitives, the same palette (in the view's theme), written as SVG
// elements. Self-contained: no external references, fonts named with generic
// fallbacks, so it opens in a browser or Inkscape and pastes into slides.
#include "scene/svg.h"
#include "scene/number_format.h"
#include "scene/png.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace cp {
namespace {

// Text for XML: the five characters that matter escaped; control characters
// (not allowed in XML 1.0, even escaped) dropped.
std::string Escape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') continue;
        switch (ch) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out += ch;
        }
    }
    return out;
}

std::string Num(float v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", double(v));
    std::string s = buf;
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s == "-0" ? "0" : s;
}

// Font stacks: the canvas's fonts first, then what every system has.
constexpr const char* kSansFamily = "font-family=\"Inter, 'Helvetica Neue', Arial, sans-serif\"";
constexpr const char* kMonoFamily = "font-family=\"'JetBrains Mono', Menlo, Consolas, 'DejaVu Sans Mono', monospace\"";

// fill="#rrggbb" plus fill-opacity when translucent.
std::string Colour(const char* attr, Paint paint, bool dark) {
    const Rgba c = PaletteColour(paint, dark);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s=\"#%02x%02x%02x\"", attr, c.r, c.g, c.b);
    std::string s = buf;
    if (c.a != 255) s += std::string(" ") + attr + "-opacity=\"" + Num(float(c.a) / 255.0f) + "\"";
    return s;
}

}  // namespace

// Lines of the notes under the figure, and their height in user units.
int NoteLines(const Scene& scene) {
    int lines = 0;
    for (const SceneLabel& l : scene.labels)
        if (l.anchor == Anchor::Below) lines += 1 + int(std::count(l.text.begin(), l.text.end(), '\n'));
    return lines;
}

// The font size of a grid's numbers: 0.42 cell (the canvas's cell font),
// shrunk to fit the longest number (monospace digits are 0.6 em wide), 0
// (none) below 0.25 cell or 6 px, where they would be unreadable.
float NumberSize(const SceneGrid& g, float cell) {
    size_t longest = 0;
    for (size_t i = 0; i < g.values.size() && i < g.flags.size(); ++i)
        if (g.flags[i] & kCellShowValue) {
            const std::string v = FormatValue(g.values[i]);
            longest = std::max(longest, size_t(std::count_if(v.begin(), v.end(), [](char ch) { return (ch & 0xC0) != 0x80; })));
        }
    if (longest == 0) return 0;
    const float size = std::min(cell * 0.42f, (cell - 3) / (0.6f * float(longest)));
    return size >= std::max(6.0f, cell * 0.25f) ? size : 0;
}

std::string Outline(const std::string& x, const std::string& y, float side, Paint paint, bool dark, float width,
                    const char* extra = "") {
    return "<rect x=\"" + x + "\" y=\"" + y + "\" width=\"" + Num(side) + "\" height=\"" + Num(side) +
           "\" fill=\"none\" " + Colour("stroke", paint, dark) + " stroke-width=\"" + Num(width) + "\"" + extra + "/>\n";
}

// A texture grid: its raster as an embedded PNG, stretched over the grid,
// its pixels kept square-edged (no smoothing) where the viewer allows.
std::string RasterImage(const SceneGrid& g, const std::vector<SceneRaster>* rasters, const std::string& x,
                        const std::string& y, float cell) {
    const bool have = rasters && g.texture >= 0 && size_t(g.texture) < rasters->size();
    const SceneRaster* r = have ? &(*rasters)[size_t(g.texture)] : nullptr;
    const std::string png = r ? EncodePng(r->w, r->h, r->rgba) : std::string();
    if (png.empty()) return {};
    return "<image x=\"" + x + "\" y=\"" + y + "\" width=\"" + Num(float(g.cols) * g.cell * cell) + "\" height=\"" +
           Num(float(g.rows) * g.cell * cell) +
           "\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" xlink:href=\"data:image/png;base64," +
           Base64(png) + "\"/>\n";
}

std::string SceneSvg(const Scene& scene, float cell, bool dark, const std::string& title,
                     const std::vector<SceneRaster>* rasters) {
    const float margin = cell * 0.5f;
    const float line = std::max(14.0f, cell * 0.45f) * 1.35f;  // a note's line
    const int note_lines = NoteLines(scene);
    const float notes_top = margin + scene.height * cell + (note_lines ? cell * 0.4f : 0);
    // Notes may be wider than the cells: widen the picture to the longest line (estimated glyph widths).
    float text_w = 0;
    for (const SceneLabel& l : scene.labels) {
        if (l.anchor != Anchor::Below) continue;
        for (size_t at = 0, end; at <= l.text.size(); at = end + 1) {
            end = std::min(l.text.find('\n', at), l.text.size());
            const auto chars = std::count_if(l.text.begin() + long(at), l.text.begin() + long(end),
                                             [](char ch) { return (ch & 0xC0) != 0x80; });
            text_w = std::max(text_w, float(chars) * cell * (l.mono ? 0.42f * 0.6f : 0.45f * 0.55f));
        }
    }
    const float width = std::max(scene.width * cell, text_w) + 2 * margin,
                height = scene.height * cell + 2 * margin + (note_lines ? cell * 0.4f + float(note_lines) * line : 0);
    auto X = [&](float x) { return Num(margin + x * cell); };
    auto Y = [&](float y) { return Num(margin + y * cell); };
    std::string s;
    s += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    s += "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"" + Num(width) + "\" height=\"" + Num(height) +
         "\" viewBox=\"0 0 " + Num(width) + " " + Num(height) + "\">\n";
    s += "<title>" + Escape(title) + "</title>\n";
    // The canvas's backdrop in the dark theme; white in the light one, the
    // page colour of most slides and course pages it is pasted into.
    // Dark: the canvas's backdrop; light: white paper (slides and print).
    const Rgba backdrop = dark ? PaletteColour(Paint::Backdrop, true) : Rgba{255, 255, 255, 255};
    char fill[8];
    std::snprintf(fill, sizeof fill, "#%02x%02x%02x", backdrop.r, backdrop.g, backdrop.b);
    s += std::string("<rect width=\"100%\" height=\"100%\" fill=\"") + fill + "\"/>\n";
    const std::string font_sans = std::string(kSansFamily) + " font-size=\"" + Num(cell * 0.45f) + "\"";
    if (!scene.error.empty()) {
        s += "<text x=\"" + Num(margin) + "\" y=\"" + Num(margin + cell) + "\" " + Colour("fill", Paint::Unread, dark) +
             " " + font_sans + ">" + Escape(scene.error) + "</text>\n</svg>\n";
        return s;
    }
    const std::string font_mono = std::string(kMonoFamily) + " font-size=\"" + Num(cell * 0.42f) + "\"";
    // Padding is hatched, so it reads as padding without colour.
    s += "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
         "patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" " +
         Colour("stroke", Paint::Hatch, dark) + " stroke-width=\"1.2\"/></pattern></defs>\n";
    for (const SceneFrame& f : scene.plates)
        s += "<rect x=\"" + X(f.x) + "\" y=\"" + Y(f.y) + "\" width=\"" + Num(f.w * cell) + "\" height=\"" +
             Num(f.h * cell) + "\" rx=\"2\" " + Colour("fill", f.paint, dark) + " " + Colour("stroke", Paint::GridFrame, dark) + "/>\n";
    // Arrows run under the grids (never across their numbers); their heads sit on top.
    for (const SceneArrow& a : scene.arrows) {
        const float head = a.head * cell;
        s += "<path d=\"M" + X(a.x0) + " " + Y(a.y0) + " C" + X(a.cx0) + " " + Y(a.cy0) + " " + X(a.cx1) + " " +
             Y(a.cy1) + " " + Num(margin + a.x1 * cell - head) + " " + Y(a.y1) + "\" fill=\"none\" " +
             Colour("stroke", a.paint, dark) + " stroke-width=\"1.5\"/>\n";
    }
    for (const SceneGrid& g : scene.grids) {
        // The numbers at the canvas's size where they fit, smaller where only
        // that fits, else none (as the canvas does): never spilling out of a cell.
        if (!g.HasCells()) {  // an image (image mode's picture, maps and ramp)
            s += "<g id=\"" + Escape(g.name) + "\">\n" + RasterImage(g, rasters, X(g.x), Y(g.y), cell) + "</g>\n";
            continue;
        }
        const float number_size = NumberSize(g, cell);
        s += "<g id=\"" + Escape(g.name) + "\">\n";
        if (number_size > 0)
            s += std::string("<g ") + kMonoFamily + " font-size=\"" + Num(number_size) + "\" text-anchor=\"middle\">\n";
        for (int r = 0; r < g.rows; ++r)
            for (int c = 0; c < g.cols; ++c) {
                const size_t i = g.At(r, c);
                const std::string x = X(g.x + float(c)), y = Y(g.y + float(r)), side = Num(cell);
                const std::string rect = "<rect x=\"" + x + "\" y=\"" + y + "\" width=\"" + side + "\" height=\"" + side + "\" ";
                s += rect + Colour("fill", g.fill[i], dark) + " " + Colour("stroke", Paint::GridLine, dark) + "/>\n";
                const uint16_t f = g.flags[i];
                if (f & kCellPadding) s += rect + "fill=\"url(#hatch)\"/>\n";
                if (f & kCellInWindow) s += rect + Colour("fill", (f & kCellTap) ? Paint::Tap : Paint::Window, dark) + "/>\n";
                // dy, not dominant-baseline: Inkscape and slide tools centre it alike.
                if ((f & kCellShowValue) && number_size > 0)
                    s += "<text x=\"" + X(g.x + float(c) + 0.5f) + "\" y=\"" + Y(g.y + float(r) + 0.5f) +
                         "\" dy=\"0.35em\" " + Colour("fill", TextPaintOf(g, i), dark) + ">" +
                         Escape(FormatValue(g.values[i])) + "</text>\n";
                if (f & kCellTrail)
                    s += "<circle cx=\"" + X(g.x + c + 0.18f) + "\" cy=\"" + Y(g.y + r + 0.18f) + "\" r=\"" +
                         Num(cell * 0.07f) + "\" " + Colour("fill", Paint::Trail, dark) + "/>\n";
                if (f & kCellCopySource) s += Outline(x, y, cell, Paint::WindowFrame, dark, 2, " stroke-dasharray=\"4 3\"");
                if (f & kCellWinner) s += Outline(x, y, cell, Paint::Winner, dark, 3);
                if (f & kCellLinked) s += Outline(x, y, cell, Paint::Linked, dark, 2.5f);
                if (g.flags[i] & kCellUnread) {  // a cross; in the corner, beside the number, when there is one
                    const bool corner = (f & kCellShowValue) && number_size > 0;
                    const float x0 = g.x + c + (corner ? 0.7f : 0.3f), x1 = g.x + c + (corner ? 0.92f : 0.7f);
                    const float y0 = g.y + r + (corner ? 0.08f : 0.3f), y1 = g.y + r + (corner ? 0.3f : 0.7f);
                    const std::string style = Colour("stroke", Paint::Unread, dark) + " stroke-width=\"1.5\"";
                    s += "<line x1=\"" + X(x0) + "\" y1=\"" + Y(y0) + "\" x2=\"" + X(x1) + "\" y2=\"" + Y(y1) + "\" " + style + "/>\n";
                    s += "<line x1=\"" + X(x1) + "\" y1=\"" + Y(y0) + "\" x2=\"" + X(x0) + "\" y2=\"" + Y(y1) + "\" " + style + "/>\n";
                }
            }
        if (number_size > 0) s += "</g>\n";
        s += "</g>\n";
    }
    for (const SceneFrame& f : scene.frames)
        s += "<rect x=\"" + X(f.x) + "\" y=\"" + Y(f.y) + "\" width=\"" + Num(f.w * cell) + "\" height=\"" +
             Num(f.h * cell) + "\" rx=\"2\" fill=\"none\" " + Colour("stroke", f.paint, dark) + " stroke-width=\"" +
             Num(f.width) + "\"/>\n";
    for (const SceneArrow& a : scene.arrows) {
        const float head = a.head * cell;
        s += "<path d=\"M" + X(a.x1) + " " + Y(a.y1) + " L" + Num(margin + a.x1 * cell - head) + " " +
             Num(margin + a.y1 * cell - head * 0.6f) + " L" + Num(margin + a.x1 * cell - head) + " " +
             Num(margin + a.y1 * cell + head * 0.6f) + "Z\" " + Colour("fill", a.paint, dark) + "/>\n";
    }
    float note_y = notes_top;
    for (const SceneLabel& l : scene.labels) {
        const std::string& font = l.mono ? font_mono : font_sans;
        if (l.anchor == Anchor::Below) {  // stacked under the figure, one tspan per line
            s += "<text " + font + " " + Colour("fill", l.paint, dark) + ">";
            for (size_t at = 0, end; at <= l.text.size(); at = end + 1) {
                end = std::min(l.text.find('\n', at), l.text.size());
                note_y += line;
                s += "<tspan x=\"" + X(l.x) + "\" y=\"" + Num(note_y - line * 0.3f) + "\">" +
                     Escape(l.text.substr(at, end - at)) + "</tspan>";
            }
            s += "</text>\n";
            continue;
        }
        const bool above = l.anchor == Anchor::Above;
        s += "<text x=\"" + X(l.x) + "\" y=\"" + (above ? Num(margin + l.y * cell - 6) : Y(l.y)) +
             "\" text-anchor=\"middle\"" + (above ? "" : " dy=\"0.35em\"") + " " + font + " " +
             Colour("fill", l.paint, dark) + ">" + Escape(l.text) + "</text>\n";
    }
    s += "</svg>\n";
    return s;
}

}  // namespace cp
