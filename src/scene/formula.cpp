// formula.cpp — formula.h.
//
// [SECTION] Text helpers
// [SECTION] AxisFormula: the one-line form
// [SECTION] WorkLayer: conv and pools (a window sliding over a padded input)
// [SECTION] WorkLayer: transposed conv
// [SECTION] WorkLayer
#include "scene/formula.h"

#include <string>

#include "engine/geometry.h"
#include "engine/names.h"

namespace cp {
namespace {

// [SECTION] Text helpers

const char* const kTimes = "\xC2\xB7";       // ·
const char* const kMinus = "\xE2\x88\x92";   // −
const char* const kFloorL = "\xE2\x8C\x8A";  // ⌊
const char* const kFloorR = "\xE2\x8C\x8B";  // ⌋
const char* const kCeilL = "\xE2\x8C\x88";   // ⌈
const char* const kCeilR = "\xE2\x8C\x89";   // ⌉
std::string N(int v) { return v < 0 ? kMinus + std::to_string(-v) : std::to_string(v); }
std::string M(const char* s) { return std::string(" ") + kMinus + " " + s; }  // " − s"

// "rows" for "row", "rows and columns" for "row and column".
std::string Plural(const std::string& noun) {
    const size_t and_at = noun.find(" and ");
    if (and_at == std::string::npos) return noun + "s";
    return Plural(noun.substr(0, and_at)) + " and " + Plural(noun.substr(and_at + 5));
}

// "1 row", "2 rows and columns".
std::string Count(int n, const std::string& noun) {
    return std::to_string(n) + " " + (n == 1 ? noun : Plural(noun));
}

// "the last row", "the last 2 rows".
std::string TheLast(int n, const std::string& noun) {
    return n == 1 ? "the last " + noun : "the last " + std::to_string(n) + " " + Plural(noun);
}

// Floor division for the non-negative numerators the formulas meet, and
// the true floor otherwise (a window wider than the padded input).
int FloorDiv(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// [SECTION] WorkLayer: conv and pools (a window sliding over a padded input)

struct Sides {
    const char* lo;   // "top" / "left"
    const char* hi;   // "bottom" / "right"
    std::string noun; // "row" / "column" / "row and column"
};

// The split of a 'same' padding's total, in words.
std::string SplitSentence(int total, int lo, int hi, const Sides& sides) {
    if (total == 0) return "so no padding is needed.";
    if (lo == hi) return "split evenly: " + N(lo) + " " + sides.lo + ", " + N(hi) + " " + sides.hi + ".";
    return "split " + N(lo) + " " + sides.lo + ", " + N(hi) + " " + sides.hi + ": the odd pixel goes to the " +
           sides.hi + ".";
}

AxisWorking SlidingAxis(const Layer& layer, const LayerPicture& pic, const PictureAxis& a, const Sides& sides) {
    AxisWorking w;
    const int padded = a.in + a.pad_lo + a.pad_hi;
    const int span = a.Span();
    const int numerator = padded - span;
    const int r = numerator >= 0 ? numerator % a.stride : 0;
    const bool ceil = pic.ceil_mode;
    // Only ceil_mode accepts a window wider than the padded input: no remainder then.
    const std::string remainder = numerator >= 0 ? ", remainder " + N(r) : "";
    const std::string inner = "(" + N(a.in) + " + " + N(a.pad_lo) + " + " + N(a.pad_hi) + M(std::to_string(span).c_str()) +
                              ") / " + N(a.stride);
    if (!ceil) {
        w.formula = kFloorL + inner + kFloorR + " + 1 = " + N(a.out) + remainder;
    } else {
        const int rounded_up = FloorDiv(numerator + a.stride - 1, a.stride) + 1;
        const bool dropped = rounded_up != a.out;
        w.formula = kCeilL + inner + kCeilR + " + 1" + (dropped ? M("1") : "") + " = " + N(a.out) + remainder;
    }

    if (a.dilation > 1)
        w.notes.push_back("The window spans " + N(a.dilation) + kTimes + "(" + N(a.kernel) + " " + kMinus + " 1) + 1 = " +
                          N(span) + " cells: its " + N(a.kernel) + " taps are " + N(a.dilation) + " apart.");

    // How 'same' and 'SAME' chose the padding the formula uses.
    if (const auto* c = std::get_if<Conv2dOptions>(&layer.options)) {
        const int total = a.pad_lo + a.pad_hi;
        if (c->rule == PaddingRule::Same) {
            w.notes.push_back(std::string("padding='same' (PyTorch, stride 1 only) pads d") + kTimes + "(k " + kMinus +
                              " 1) = " + N(a.dilation) + kTimes + "(" + N(a.kernel) + " " + kMinus + " 1) = " + N(total) +
                              " in all, " + SplitSentence(total, a.pad_lo, a.pad_hi, sides));
        } else if (c->rule == PaddingRule::SameTF) {
            const int out = (a.in + a.stride - 1) / a.stride;
            w.notes.push_back(std::string("padding='SAME' (TensorFlow) aims at ") + kCeilL + N(a.in) + " / " + N(a.stride) + kCeilR +
                              " = " + N(out) + " outputs and pads max((" + N(out) + " " + kMinus + " 1)" + kTimes +
                              N(a.stride) + " + " + N(span) + " " + kMinus + " " + N(a.in) + ", 0) = " + N(total) +
                              " in all, " + SplitSentence(total, a.pad_lo, a.pad_hi, sides));
        } else if (c->rule == PaddingRule::Valid) {
            w.notes.push_back("padding='valid' adds no padding: every window stays inside the input.");
        }
    }

    // What the remainder means.
    if (!ceil) {
        if (r == 0) {
            w.notes.push_back("Remainder 0: the last window ends on the last " + sides.noun +
                              " of the padded input, so nothing is left over.");
        } else {
            const int lost = std::max(0, r - a.pad_hi);  // input cells among the r left over
            const bool one = r == 1;
            std::string s = "Remainder " + N(r) + ": " + TheLast(r, sides.noun) + " of the padded input " +
                            (one ? "lies" : "lie") + " past the last window and " + (one ? "is" : "are") +
                            " never read";
            if (lost == 0) s += std::string("; ") + (one ? "it is" : "they are") + " padding.";
            else if (lost == r) s += ": " + Count(lost, "input " + sides.noun) + (lost == 1 ? " is" : " are") + " dropped.";
            else s += ": " + Count(lost, "input " + sides.noun) + (lost == 1 ? " is" : " are") + " dropped, the rest is padding.";
            w.notes.push_back(s);
        }
    } else {
        const int rounded_up = FloorDiv(numerator + a.stride - 1, a.stride) + 1;
        if (numerator < 0) {
            w.notes.push_back("The window spans " + N(span) + " cells, more than the padded input's " + N(padded) +
                              ": ceil_mode still keeps one window, which reads only what is there.");
        } else if (rounded_up != a.out) {
            w.notes.push_back("Remainder " + N(r) + ": rounding up would add a window starting in the " + sides.hi +
                              " padding, which reads no input, so ceil_mode drops it (" + kMinus + " 1).");
        } else if (r == 0) {
            w.notes.push_back("Remainder 0: the windows fit exactly, so ceil_mode changes nothing here.");
        } else {
            w.notes.push_back("Remainder " + N(r) + ": ceil_mode keeps a partial last window over " +
                              TheLast(r, sides.noun) + "; it hangs " + Count(a.stride - r, sides.noun) +
                              " past the padded input and reads only what is there.");
        }
    }
    // A stride longer than the window skips cells between windows, whatever the remainder.
    if (a.stride > span && a.out > 1)
        w.notes.push_back("The stride " + N(a.stride) + " is more than the window's " + N(span) + ": " +
                          Count(a.stride - span, sides.noun) + " between neighbouring windows " +
                          (a.stride - span == 1 ? "is" : "are") + " skipped, never read.");
    return w;
}

// [SECTION] WorkLayer: transposed conv

AxisWorking TransposedAxisWorking(const LayerPicture& pic, const PictureAxis& a, int padding, const Sides& sides) {
    AxisWorking w;
    const int s = a.spacing, k = a.kernel, d = a.dilation;
    const int opad = a.out - ((a.in - 1) * s - 2 * padding + d * (k - 1) + 1);
    w.formula = "(" + N(a.in) + " " + kMinus + " 1)" + kTimes + N(s) + " " + kMinus + " 2" + kTimes + N(padding) + " + " +
                N(d) + kTimes + "(" + N(k) + " " + kMinus + " 1) + " + N(opad) + " + 1 = " + N(a.out);
    // As a conv: zeros between, padding around (or a crop), a stride-1 window.
    const int upsampled = (a.in - 1) * s + 1;
    std::string conv = "As a conv: ";
    if (s > 1) conv += "insert " + N(s - 1) + " zero" + (s > 2 ? "s" : "") + " between inputs (" + N(a.in) + " " +
                       "\xE2\x86\x92" + " " + N(upsampled) + "), ";
    const int around = d * (k - 1) - padding;  // d·(k − 1) − p: zeros around, or a crop when negative
    const std::string rule = std::string("d") + kTimes + "(k " + kMinus + " 1) " + kMinus + " p = " + N(around) +
                             (opad ? ", and output_padding " + N(opad) + " after" : std::string());
    if (around >= 0)
        conv += "pad " + N(around) + " " + sides.lo + " and " + N(around + opad) + " " + sides.hi + " (" + rule + ")";
    else
        conv += "crop " + N(-around) + " " + sides.lo + " and " + N(std::max(0, -around - opad)) + " " + sides.hi + " (" +
                rule + ")";
    conv += ", then slide a stride-1 window over " + N(a.Span()) + " cells: " + N(a.cells) +
            M(std::to_string(a.Span()).c_str()) + " + 1 = " + N(a.out) + ".";
    w.notes.push_back(conv);
    // The conv it undoes: which input sizes map to a.in, and output_padding's choice among them.
    const int first = a.out - opad;
    if (first >= 1) {
        const int last = first + std::max(s, 1) - 1;
        if (last > first)
            w.notes.push_back("A conv with the same k, s, p and d maps every size from " + N(first) + " to " + N(last) +
                              " to " + N(a.in) + "; output_padding (here " + N(opad) + ") picks which comes back.");
        else
            w.notes.push_back("A conv with the same k, s, p and d maps " + N(a.out) + " to " + N(a.in) +
                              ": this undoes its size.");
    }
    (void)pic;
    return w;
}

}  // namespace

// [SECTION] AxisFormula: the one-line form

std::string AxisFormula(const LayerPicture& p, bool height) {
    const PictureAxis& a = height ? p.h : p.w;
    const std::string span = N(a.dilation) + kTimes + "(" + N(a.kernel) + kMinus + "1)";
    if (p.op == OpKind::ConvTranspose2d) {
        // (in − 1)·s − 2·p + d·(k − 1) + output_padding + 1
        const int pad = height ? p.pad.top : p.pad.left;
        const int opad = a.out - ((a.in - 1) * a.spacing - 2 * pad + a.dilation * (a.kernel - 1) + 1);
        return "(" + N(a.in) + kMinus + "1)" + kTimes + N(a.spacing) + " " + kMinus + " 2" + kTimes + N(pad) + " + " +
               span + " + " + N(opad) + " + 1 = " + N(a.out);
    }
    // Conv and pools: the padded input, less the window's span, over the stride.
    const std::string padding = a.pad_lo == a.pad_hi ? "2" + std::string(kTimes) + N(a.pad_lo)
                                                      : N(a.pad_lo) + " + " + N(a.pad_hi);
    const std::string inner = "(" + N(a.in) + " + " + padding + " " + kMinus + " " + span + " " + kMinus + " 1) / " +
                              N(a.stride);
    if (!p.ceil_mode) return kFloorL + inner + kFloorR + " + 1 = " + N(a.out);
    // ceil_mode: rounded up, less one where the last window would start in the right padding.
    const int numerator = a.in + a.pad_lo + a.pad_hi - a.dilation * (a.kernel - 1) - 1;
    const int ceiled = (numerator + a.stride - 1) / a.stride + 1;
    return kCeilL + inner + kCeilR + " + 1" + (ceiled != a.out ? " " + std::string(kMinus) + " 1" : "") + " = " +
           N(a.out);
}

// [SECTION] WorkLayer

LayerWorking WorkLayer(const Layer& layer, const LayerPlan& plan) {
    LayerWorking w;
    w.op = std::string(LabelOf(layer.op()));
    const std::string minus = std::string(" ") + kMinus + " ";
    if (layer.op() == OpKind::ConvTranspose2d) {
        w.general = std::string("out = (in") + minus + "1)" + kTimes + "s" + minus + "2" + kTimes + "p + d" + kTimes +
                    "(k" + minus + "1) + output_padding + 1";
        w.symbols = "s stride, p padding, d dilation, k kernel; no rounding: every input places a whole kernel.";
    } else {
        const bool ceil = std::visit([](const auto& o) {
            if constexpr (requires { o.ceil_mode; }) return o.ceil_mode;
            else return false;
        }, layer.options);
        w.general = std::string("out = ") + (ceil ? kCeilL : kFloorL) + "(in + p_before + p_after" + minus + "span) / s" +
                    (ceil ? kCeilR : kFloorR) + " + 1" +
                    (ceil ? ", less 1 if that last window would start in the after-padding" : "");
        w.symbols = std::string("span = d") + kTimes + "(k" + minus + "1) + 1, the cells one window covers; s stride; " +
                    (ceil ? "ceil_mode rounds up, keeping a partial last window."
                          : "the floor drops what is left over, the remainder.");
    }
    if (!plan.picture.ok()) {
        w.error = plan.picture.error();
        return w;
    }
    const LayerPicture& pic = plan.picture.value();
    const Sides rows{"top", "bottom", "row"}, cols{"left", "right", "column"}, both{"top and left", "bottom and right", "row and column"};
    auto axis = [&](const PictureAxis& a, bool height, const Sides& sides) {
        return layer.op() == OpKind::ConvTranspose2d
                   ? TransposedAxisWorking(pic, a, height ? pic.pad.top : pic.pad.left, sides)
                   : SlidingAxis(layer, pic, a, sides);
    };
    const bool same_axes = pic.h.in == pic.w.in && pic.h.kernel == pic.w.kernel && pic.h.stride == pic.w.stride &&
                           pic.h.spacing == pic.w.spacing && pic.h.dilation == pic.w.dilation &&
                           pic.h.pad_lo == pic.w.pad_lo && pic.h.pad_hi == pic.w.pad_hi && pic.h.out == pic.w.out &&
                           pic.pad.top == pic.pad.left;
    if (same_axes) {
        AxisWorking one = axis(pic.h, true, both);
        one.axis = "H = W";
        w.axes.push_back(std::move(one));
    } else {
        AxisWorking h = axis(pic.h, true, rows), wd = axis(pic.w, false, cols);
        h.axis = "H", wd.axis = "W";
        w.axes.push_back(std::move(h));
        w.axes.push_back(std::move(wd));
    }
    return w;
}

}  // namespace cp
