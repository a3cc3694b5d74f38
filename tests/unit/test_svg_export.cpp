// test_svg_export.cpp — the SVG the Share panel exports (scene/svg.h): it
// follows the theme, is a well-formed self-contained document (viewBox,
// width and height, fonts with generic fallbacks, no external references),
// escapes what it writes, carries the configuration in its text, and keeps
// every number inside its cell.
#include <doctest/doctest.h>

#include <cstdio>
#include <regex>
#include <string>
#include <vector>

#include "scene/palette.h"
#include "scene/scene.h"
#include "scene/number_format.h"
#include "scene/svg.h"
#include "state/formats/codec.h"
#include "state/model/doc.h"
#include "state/model/values.h"

namespace {

// The scene a link shows (through the codec, as the page does).
cp::Scene SceneOfLink(const std::string& link, bool values = false) {
    cp::Doc doc = cp::DefaultDoc();
    cp::View view;
    const cp::DecodeResult r = cp::DecodeState(link, doc, view);
    REQUIRE(r.notices.empty());
    cp::Workspace ws;
    return cp::BuildScene(cp::PlanDoc(doc, nullptr, values ? &ws : nullptr)[0], view);
}

std::string Hex(cp::Paint paint, bool dark) {
    const cp::Rgba c = cp::PaletteColour(paint, dark);
    char buf[16];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
    return buf;
}

bool Has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// A strict-enough XML 1.0 well-formedness check: balanced elements, quoted
// attributes, only the predefined or numeric entities, no control
// characters, valid UTF-8. "" when well formed, else the first problem.
std::string XmlError(const std::string& xml) {
    std::vector<std::string> open;
    size_t i = 0;
    // UTF-8 and control characters first.
    for (size_t k = 0; k < xml.size();) {
        const auto b = static_cast<unsigned char>(xml[k]);
        if (b < 0x20 && b != '\n' && b != '\r' && b != '\t') return "control character at " + std::to_string(k);
        const size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
        if (!len || k + len > xml.size()) return "bad UTF-8 at " + std::to_string(k);
        for (size_t j = 1; j < len; ++j)
            if ((static_cast<unsigned char>(xml[k + j]) >> 6) != 2) return "bad UTF-8 at " + std::to_string(k);
        k += len;
    }
    static const std::regex entity("&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);");
    bool root_closed = false;
    while (i < xml.size()) {
        if (xml[i] == '&') {
            std::smatch m;
            const std::string rest = xml.substr(i, 12);
            if (!std::regex_search(rest, m, entity) || m.position(0) != 0) return "bad entity at " + std::to_string(i);
            i += size_t(m.length(0));
            continue;
        }
        if (xml[i] == '>') return "raw > at " + std::to_string(i);
        if (xml[i] != '<') {
            if (root_closed && !std::isspace(static_cast<unsigned char>(xml[i]))) return "text after the root";
            ++i;
            continue;
        }
        const size_t end = xml.find('>', i);
        if (end == std::string::npos) return "unclosed tag";
        std::string tag = xml.substr(i + 1, end - i - 1);
        i = end + 1;
        if (tag[0] == '?') continue;
        if (root_closed) return "a second root element";
        if (tag[0] == '/') {
            if (open.empty() || open.back() != tag.substr(1)) return "</" + tag.substr(1) + "> closes nothing open";
            open.pop_back();
            root_closed = open.empty();
            continue;
        }
        const bool empty = tag.back() == '/';
        if (empty) tag.pop_back();
        const size_t name_end = tag.find_first_of(" \n\t");
        const std::string name = tag.substr(0, name_end);
        const std::string attrs = name_end == std::string::npos ? "" : tag.substr(name_end);
        if (!std::regex_match(attrs, std::regex(R"((\s+[A-Za-z_:][-A-Za-z0-9_:.]*="[^"<]*")*\s*)")))
            return "bad attributes in <" + name + ">";
        if (!empty) open.push_back(name);
        else root_closed = open.empty();
    }
    return open.empty() ? "" : "<" + open.back() + "> left open";
}

// Every value of attribute `name` in the document.
std::vector<std::string> Attributes(const std::string& svg, const std::string& name) {
    std::vector<std::string> out;
    const std::regex re("\\s" + name + "=\"([^\"]*)\"");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator(); ++it)
        out.push_back((*it)[1]);
    return out;
}

}  // namespace

TEST_CASE("the XML checker itself finds what it should") {
    CHECK(XmlError("<a><b/></a>") == "");
    CHECK(XmlError("<a><b></a></b>") != "");
    CHECK(XmlError("<a>x & y</a>") != "");
    CHECK(XmlError("<a>&nbsp;</a>") != "");
    CHECK(XmlError("<a x=1/>") != "");
    CHECK(XmlError("<a>\x01</a>") != "");
    CHECK(XmlError("<a>\xC3</a>") != "");
    CHECK(XmlError("<a/><b/>") != "");
}

TEST_CASE("the exported SVG follows the theme: the palette and background of View::dark") {
    const cp::Scene scene = SceneOfLink("v=1&in=7&k=3&s=2&p=1");
    const std::string dark = cp::SceneSvg(scene, 32, true), light = cp::SceneSvg(scene, 32, false);
    for (cp::Paint paint : {cp::Paint::Input, cp::Paint::Output, cp::Paint::Padding, cp::Paint::Caption}) {
        CAPTURE(int(paint));
        REQUIRE(Hex(paint, true) != Hex(paint, false));  // else the check says nothing
        CHECK(Has(dark, "\"" + Hex(paint, true) + "\""));
        CHECK_FALSE(Has(dark, "\"" + Hex(paint, false) + "\""));
        CHECK(Has(light, "\"" + Hex(paint, false) + "\""));
        CHECK_FALSE(Has(light, "\"" + Hex(paint, true) + "\""));
    }
    // The backdrop: the canvas's dark one, white paper in the light theme.
    CHECK(Has(dark, "<rect width=\"100%\" height=\"100%\" fill=\"#16181d\"/>"));
    CHECK(Has(light, "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"));
    // The default stays the dark one (older callers).
    CHECK(cp::SceneSvg(scene) == dark);
}

TEST_CASE("the exported SVG is a well-formed, self-contained document for slides and Inkscape") {
    for (const char* link : {"v=1", "v=1&in=9x9&k=3&s=2", "v=1&op=tconv&in=4&k=3&s=2", "v=1&op=maxpool&in=8&k=2",
                             "v=1&in=5&cin=4&g=2&cout=2"}) {
        CAPTURE(link);
        for (bool values : {false, true})
            for (bool dark : {true, false}) {
                const std::string svg = cp::SceneSvg(SceneOfLink(link, values), 32, dark);
                CHECK(XmlError(svg) == "");
                CHECK(svg.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
                // Its size, and the viewBox that makes it scale: the same numbers.
                std::smatch m;
                REQUIRE(std::regex_search(svg, m, std::regex(R"x(<svg [^>]*width="([\d.]+)" height="([\d.]+)" viewBox="0 0 ([\d.]+) ([\d.]+)")x")));
                CHECK(m[1] == m[3]);
                CHECK(m[2] == m[4]);
                CHECK(std::stod(m[1]) > 100);
                // No external references: no links, images, scripts, styles or fonts to fetch.
                for (const char* banned : {"href", "<image", "<script", "@import", "url(http", "<style", "<foreignObject"})
                    CHECK_FALSE(Has(svg, banned));
                CHECK(Attributes(svg, "xmlns").size() == 1);
                for (const std::string& u : Attributes(svg, "fill"))
                    if (u.rfind("url(", 0) == 0) CHECK(u == "url(#hatch)");
                // Every font named with a generic fallback; text stays text.
                const std::vector<std::string> families = Attributes(svg, "font-family");
                CHECK_FALSE(families.empty());
                for (const std::string& f : families) {
                    CAPTURE(f);
                    CHECK((f.size() > 11 && (f.rfind(", sans-serif") == f.size() - 12 || f.rfind(", monospace") == f.size() - 11)));
                }
                CHECK(Has(svg, "<text"));
                CHECK_FALSE(Has(svg, "dominant-baseline"));  // not honoured by slide tools; dy is
            }
    }
}

TEST_CASE("the exported SVG carries the configuration in its text") {
    for (int in : {7, 9, 12})
        for (int s : {1, 2, 3}) {
            const std::string link = "v=1&in=" + std::to_string(in) + "x" + std::to_string(in) + "&k=3&s=" + std::to_string(s);
            CAPTURE(link);
            const cp::Scene scene = SceneOfLink(link);
            const cp::SceneGrid* out = scene.Grid("output");
            REQUIRE(out);
            // The sizes the engine computed (conv default padding 1), as the captions write them.
            CHECK(out->rows == (in + 2 - 3) / s + 1);
            const std::string svg = cp::SceneSvg(scene, 32, s % 2 == 0);
            const std::string times = " \xC3\x97 ";
            CHECK(Has(svg, ">input " + std::to_string(in) + times + std::to_string(in) + "</text>"));
            CHECK(Has(svg, ">output " + std::to_string(out->rows) + times + std::to_string(out->cols) + "</text>"));
            // Every caption of the scene is in it, escaped as XML text.
            for (const cp::SceneLabel& l : scene.labels)
                if (l.anchor != cp::Anchor::Below) CHECK(Has(svg, ">" + l.text + "</text>"));
        }
}

TEST_CASE("the exported SVG escapes its title, captions and errors, and drops control characters") {
    cp::Scene scene = SceneOfLink("v=1");
    scene.labels.push_back({0, 0, "a < b & \"c\" 'd' > e\x01\x1f", cp::Paint::Caption, cp::Anchor::Above, false});
    scene.labels.push_back({0, 0, "line <1>\nline & 2", cp::Paint::Caption, cp::Anchor::Below, false});
    const std::string svg = cp::SceneSvg(scene, 32, true, "7\xC3\x97" "7 <input> & \"more\"");
    CHECK(XmlError(svg) == "");
    CHECK(Has(svg, "<title>7\xC3\x97" "7 &lt;input&gt; &amp; &quot;more&quot;</title>"));
    CHECK(Has(svg, ">a &lt; b &amp; &quot;c&quot; &apos;d&apos; &gt; e</text>"));
    CHECK(Has(svg, ">line &lt;1&gt;</tspan>"));
    CHECK(Has(svg, ">line &amp; 2</tspan>"));

    cp::Scene bad;
    bad.error = "kernel <5> & \"more\"\x02";
    const std::string e = cp::SceneSvg(bad, 32, false);
    CHECK(XmlError(e) == "");
    CHECK(Has(e, ">kernel &lt;5&gt; &amp; &quot;more&quot;</text>"));
    CHECK(Has(e, "fill=\"#ffffff\""));
}

TEST_CASE("numbers stay inside their cells: smaller where only that fits, none where nothing does") {
    // One grid, one value per cell, written at a given cell size.
    auto grid_svg = [](float value, float cell) {
        cp::Scene scene;
        scene.width = scene.height = 2;
        cp::SceneGrid g;
        g.name = "source";
        g.rows = g.cols = 1;
        g.fill = {cp::Paint::Input};
        g.flags = {cp::kCellShowValue};
        g.values = {value};
        scene.grids.push_back(g);
        return cp::SceneSvg(scene, cell, true);
    };
    auto number_size = [](const std::string& svg) {
        std::smatch m;
        return std::regex_search(svg, m, std::regex(R"re(<g font-family="[^"]*monospace" font-size="([\d.]+)")re")) ? std::stod(m[1]) : 0.0;
    };
    // "7": the canvas's cell font, 0.42 of the cell.
    const std::string one = grid_svg(7, 32);
    CHECK(number_size(one) == doctest::Approx(32 * 0.42).epsilon(0.01));
    CHECK(Has(one, ">7</text>"));
    // A long number shrinks to fit: its width (0.6 em a digit) inside the cell.
    const float value = -12.5f;
    const std::string text = cp::FormatValue(value);
    const size_t chars = 1 + text.size() - 3;  // U+2212 is three bytes, one glyph
    const std::string longer = grid_svg(value, 32);
    const double size = number_size(longer);
    CHECK(size > 0);
    CHECK(size < 32 * 0.42);
    CHECK(size * 0.6 * double(chars) <= 32 - 2);
    CHECK(Has(longer, ">" + text + "</text>"));
    // In a tiny cell it would be unreadable: no number at all, as on the canvas.
    const std::string tiny = grid_svg(value, 12);
    CHECK(number_size(tiny) == 0);
    CHECK_FALSE(Has(tiny, "<text"));
    CHECK(XmlError(tiny) == "");
}
