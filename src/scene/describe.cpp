// describe.cpp — describe.h.
#include "scene/describe.h"

#include <string>

#include "engine/names.h"

namespace cp {
namespace {

std::string Pair(int h, int w, const char* times = "\xC3\x97") {
    return h == w ? std::to_string(h) : std::to_string(h) + times + std::to_string(w);
}
std::string Dims(int h, int w) { return std::to_string(h) + "\xC3\x97" + std::to_string(w); }
std::string Span(const char* what, int first, int last) {
    return first == last ? std::string(what) + " " + std::to_string(first)
                         : std::string(what) + "s " + std::to_string(first) + " to " + std::to_string(last);
}

}  // namespace

std::string Describe(const LayerPlan& plan, const Scene& scene, bool hide_output) {
    if (!scene.description.empty()) return scene.description;  // image mode's scene says it itself
    if (!plan.picture.ok() && plan.out.ok())  // valid, shown as its shapes
        return "Input " + std::to_string(plan.in.c) + "\xC3\x97" + std::to_string(plan.in.h) + "\xC3\x97" +
               std::to_string(plan.in.w) + ", output " + std::to_string(plan.out.value().c) + "\xC3\x97" +
               std::to_string(plan.out.value().h) + "\xC3\x97" + std::to_string(plan.out.value().w) + ": " +
               plan.picture.error();
    if (!plan.picture.ok()) return "This configuration is invalid: " + plan.picture.error();
    const LayerPicture& p = plan.picture.value();
    std::string s(LabelOf(p.op));
    s += ", input " + Dims(p.in.h, p.in.w);
    if (p.in.c > 1) s += " with " + std::to_string(p.in.c) + " channels";
    s += ", kernel " + Pair(p.kernel.h, p.kernel.w);
    const int sh = p.op == OpKind::ConvTranspose2d ? p.h.spacing : p.h.stride;
    const int sw = p.op == OpKind::ConvTranspose2d ? p.w.spacing : p.w.stride;
    s += ", stride " + Pair(sh, sw);
    if (p.pad.top == p.pad.bottom && p.pad.left == p.pad.right) s += ", padding " + Pair(p.pad.top, p.pad.left);
    else s += ", padding top " + std::to_string(p.pad.top) + ", bottom " + std::to_string(p.pad.bottom) + ", left " +
              std::to_string(p.pad.left) + ", right " + std::to_string(p.pad.right);
    if (p.h.dilation > 1 || p.w.dilation > 1) s += ", dilation " + Pair(p.h.dilation, p.w.dilation);
    if (hide_output) return s + ". Quiz: what is the output's height and width? Enter them and press Check.";
    s += ": output " + Dims(p.out.h, p.out.w);
    if (p.out.c > 1) s += " with " + std::to_string(p.out.c) + " channels";
    s += ". Step " + std::to_string(scene.step + 1) + " of " + std::to_string(scene.steps) + ": output row " +
         std::to_string(scene.out_row) + ", column " + std::to_string(scene.out_col) + " reads " +
         (p.op == OpKind::ConvTranspose2d ? "zero-inserted input " : "input ") +
         Span("row", scene.window_top, scene.window_bottom) + ", " +
         Span("column", scene.window_left, scene.window_right) + ".";
    return s;
}

}  // namespace cp
