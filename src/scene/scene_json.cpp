// scene_json.cpp — scene_json.h. Written by hand: a fixed shape of numbers,
// strings and arrays, where a JSON library would add more to the page's
// weight than it saves.
#include "scene/scene_json.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "engine/names.h"


namespace cp {
namespace {

std::string Num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}
std::string Int(int64_t v) { return std::to_string(v); }


template <class T, class F>
std::string Array(const std::vector<T>& items, F each) {
    std::string s = "[";
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) s += ',';
        s += each(items[i]);
    }
    return s + "]";
}

}  // namespace

std::string JsonString(const std::string& s) {
    std::string out = "\"";
    for (unsigned char ch : s) {
        if (ch == '"' || ch == '\\') {
            out += '\\';
            out += char(ch);
        } else if (ch < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", ch);
            out += buf;
        } else {
            out += char(ch);
        }
    }
    return out + "\"";
}

std::string SceneJson(const Scene& scene) {
    std::string s = "{\"width\":" + Num(scene.width) + ",\"height\":" + Num(scene.height) +
                    ",\"error\":" + JsonString(scene.error) + ",\"steps\":" + Int(scene.steps) +
                    ",\"step\":" + Int(scene.step) + ",\"current\":[" + Int(scene.out_row) + "," +
                    Int(scene.out_col) + "],\"window\":{\"top\":" + Int(scene.window_top) +
                    ",\"left\":" + Int(scene.window_left) + ",\"bottom\":" + Int(scene.window_bottom) +
                    ",\"right\":" + Int(scene.window_right) + "}";
    if (!scene.description.empty()) s += ",\"description\":" + JsonString(scene.description);
    s += ",\"grids\":" + Array(scene.grids, [](const SceneGrid& g) {
        return "{\"name\":" + JsonString(g.name) + ",\"x\":" + Num(g.x) + ",\"y\":" + Num(g.y) +
               ",\"rows\":" + Int(g.rows) + ",\"cols\":" + Int(g.cols) +
               ",\"fill\":" + Array(g.fill, [](Paint p) { return Int(int(p)); }) +
               ",\"flags\":" + Array(g.flags, [](uint16_t f) { return Int(f); }) +
               ",\"values\":" + Array(g.values, [](float v) { return std::isfinite(v) ? Num(v) : std::string("null"); }) +
               ",\"editable\":" + (g.edit == GridEdit::None ? "false" : "true") + ",\"texture\":" + Int(g.texture) +
               ",\"cell\":" + Num(g.cell) + "}";
    });
    s += ",\"frames\":" + Array(scene.frames, [](const SceneFrame& f) {
        return "{\"x\":" + Num(f.x) + ",\"y\":" + Num(f.y) + ",\"w\":" + Num(f.w) + ",\"h\":" + Num(f.h) +
               ",\"paint\":" + Int(int(f.paint)) + "}";
    });
    s += ",\"labels\":" + Array(scene.labels, [](const SceneLabel& l) {
        return "{\"x\":" + Num(l.x) + ",\"y\":" + Num(l.y) + ",\"text\":" + JsonString(l.text) +
               ",\"paint\":" + Int(int(l.paint)) + ",\"note\":" + (l.anchor == Anchor::Below ? "true" : "false") + "}";
    });
    s += ",\"plates\":" + Array(scene.plates, [](const SceneFrame& f) {
        return "{\"x\":" + Num(f.x) + ",\"y\":" + Num(f.y) + ",\"w\":" + Num(f.w) + ",\"h\":" + Num(f.h) +
               ",\"paint\":" + Int(int(f.paint)) + "}";
    });
    s += ",\"arrows\":" + Array(scene.arrows, [](const SceneArrow& a) {
        return "{\"from\":[" + Num(a.x0) + "," + Num(a.y0) + "],\"to\":[" + Num(a.x1) + "," + Num(a.y1) + "]}";
    });
    return s + "}";
}

std::string GeometryJson(const LayerPlan& plan, const Scene& scene) {
    if (!plan.picture.ok()) return "{\"error\":" + JsonString(plan.picture.error()) + "}";
    const LayerPicture& p = plan.picture.value();
    return "{\"op\":" + JsonString(std::string(TokenOf(p.op))) + ",\"input\":[" + Int(p.in.h) + "," + Int(p.in.w) +
           "],\"channels\":[" + Int(p.in.c) + "," + Int(p.out.c) + "],\"padding\":{\"top\":" + Int(p.h.pad_lo) +
           ",\"bottom\":" + Int(p.h.pad_hi) + ",\"left\":" + Int(p.w.pad_lo) + ",\"right\":" + Int(p.w.pad_hi) +
           "},\"padded\":[" + Int(p.h.cells) + "," + Int(p.w.cells) + "],\"output\":[" + Int(p.out.h) + "," +
           Int(p.out.w) + "],\"steps\":" + Int(scene.steps) + ",\"step\":" + Int(scene.step) +
           ",\"current\":{\"out\":[" + Int(scene.out_row) + "," + Int(scene.out_col) + "],\"inTopLeft\":[" +
           Int(scene.window_top) + "," + Int(scene.window_left) + "]}}";
}

}  // namespace cp
