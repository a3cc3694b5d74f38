// code.cpp — code.h: the document as PyTorch and Keras code, and PyTorch
// layer code read back into a document.
//
// Index
//   [SECTION] TEXT          numbers, sizes and shapes as Python writes them
//   [SECTION] PYTORCH OUT   one constructor per layer, F.pad or a padding module where needed
//   [SECTION] KERAS OUT     an exact equivalent per layer, or why there is none
//   [SECTION] TOKENS        a bounded tokenizer for the Python a layer line uses
//   [SECTION] EXPRESSIONS   literals, names, tuples, calls, attributes; depth-bounded
//   [SECTION] LAYERS        a constructor call's arguments bound as PyTorch binds them
//   [SECTION] CODE IN       statements in order: input, padding, layers, stacks
#include "state/formats/code.h"

#include <array>
#include <optional>
#include <utility>
#include <vector>

#include "engine/geometry.h"
#include "engine/names.h"

namespace cp {
namespace {

// [SECTION] TEXT

std::string Num(int64_t v) { return std::to_string(v); }

// PyTorch and Keras both take an int for equal sides, else (h, w).
std::string SizeText(Size2 s) { return s.h == s.w ? Num(s.h) : "(" + Num(s.h) + ", " + Num(s.w) + ")"; }

std::string Quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

// F.pad's order: the last dimension first.
std::string PadTuple(const Padding4& p) {
    return "(" + Num(p.left) + ", " + Num(p.right) + ", " + Num(p.top) + ", " + Num(p.bottom) + ")";
}

std::string TorchShape(Shape s) {
    return "torch.Size([" + Num(s.n) + ", " + Num(s.c) + ", " + Num(s.h) + ", " + Num(s.w) + "])";
}

std::string KerasShape(Shape s) {
    return "(" + Num(s.n) + ", " + Num(s.h) + ", " + Num(s.w) + ", " + Num(s.c) + ")";
}

// An engine message as one comment line.
std::string OneLine(std::string s) {
    for (char& c : s)
        if (c == '\n' || c == '\r') c = ' ';
    return s;
}

// Appends ", name=value" (or the first argument without a comma).
struct Args {
    std::string text;
    void Add(const std::string& v) { text += (text.empty() ? "" : ", ") + v; }
    void Add(std::string_view name, const std::string& v) { Add(std::string(name) + "=" + v); }
};

int GroupsOf(const Layer& layer) {
    if (auto* c = std::get_if<Conv2dOptions>(&layer.options)) return c->groups;
    if (auto* t = std::get_if<ConvTranspose2dOptions>(&layer.options)) return t->groups;
    return 1;
}

bool HasWeights(const Layer& layer) { return layer.op() == OpKind::Conv2d || layer.op() == OpKind::ConvTranspose2d; }

// The channels each layer takes: the input's, then each conv's out_channels.
std::vector<int> InChannels(const Doc& doc) {
    std::vector<int> in;
    int c = doc.input.channels;
    for (const Layer& layer : doc.layers) {
        in.push_back(c);
        if (HasWeights(layer)) c = layer.out_channels;
    }
    return in;
}

// [SECTION] PYTORCH OUT

// The padding a conv applies before it slides, when nn.Conv2d cannot say it
// itself: per-side padding, or TensorFlow's 'SAME' split unevenly. The
// resolved numbers are the plan's (TensorFlow's split depends on the input).
struct OuterPad {
    bool needed = false;
    Padding4 pad;
    PaddingMode mode = PaddingMode::Zeros;
    std::string why;  // comment: what the padding is
};

// The padding a conv applies: the picture's, or (a stack's layer too large to
// draw, which the engine still runs) the engine's own TensorFlow 'SAME' split.
std::optional<Padding4> AppliedPadding(const Conv2dOptions& o, const Layer& layer, const LayerPlan& plan) {
    if (plan.picture.ok()) return plan.picture.value().pad;
    if (!plan.out.ok()) return std::nullopt;
    if (o.rule != PaddingRule::SameTF) return o.pad;
    const auto h = SamePaddingTF(plan.in.h, layer.kernel.h, o.stride.h, o.dilation.h);
    const auto w = SamePaddingTF(plan.in.w, layer.kernel.w, o.stride.w, o.dilation.w);
    if (!h.ok() || !w.ok()) return std::nullopt;
    return Padding4{h.value().lo, h.value().hi, w.value().lo, w.value().hi};
}

OuterPad OuterPadOf(const Layer& layer, const LayerPlan& plan) {
    OuterPad out;
    const auto* o = std::get_if<Conv2dOptions>(&layer.options);
    if (!o) return out;
    Padding4 p = o->pad;
    if (o->rule == PaddingRule::SameTF) {
        const auto applied = AppliedPadding(*o, layer, plan);
        if (!applied) return out;
        p = *applied;
        out.why = "TensorFlow 'SAME' on " + Num(plan.in.h) + "x" + Num(plan.in.w) + ", stride " +
                  SizeText(o->stride) + " (PyTorch has no 'SAME')";
    } else if (o->rule != PaddingRule::Explicit) {
        return out;
    } else {
        out.why = "per-side padding (nn.Conv2d pads both sides alike)";
    }
    out.pad = p;
    out.mode = o->mode;
    out.needed = p.top != p.bottom || p.left != p.right;
    return out;
}

// The constructor call, as short as PyTorch allows: defaults left out.
std::string TorchCall(const Layer& layer, int in_channels, const LayerPlan& plan) {
    Args a;
    struct Visit {
        const Layer& layer;
        int in_c;
        const LayerPlan& plan;
        Args& a;
        std::string operator()(const Conv2dOptions& o) const {
            const OuterPad outer = OuterPadOf(layer, plan);
            a.Add(Num(in_c));
            a.Add(Num(layer.out_channels));
            a.Add("kernel_size", SizeText(layer.kernel));
            if (o.stride != Size2{1, 1}) a.Add("stride", SizeText(o.stride));
            bool pads_itself = !outer.needed;
            switch (o.rule) {
                case PaddingRule::Same: a.Add("padding", Quoted("same")); break;
                case PaddingRule::Valid: a.Add("padding", Quoted("valid")); break;
                case PaddingRule::Explicit:
                case PaddingRule::SameTF: {
                    const auto applied = AppliedPadding(o, layer, plan);
                    if (o.rule == PaddingRule::SameTF && !applied) {
                        a.Add("padding", Quoted("SAME"));  // as asked; PyTorch refuses it, like the engine
                        break;
                    }
                    const Padding4 p = o.rule == PaddingRule::SameTF ? *applied : o.pad;
                    if (!outer.needed && (p.top != 0 || p.left != 0)) a.Add("padding", SizeText({p.top, p.left}));
                    break;
                }
            }
            if (o.dilation != Size2{1, 1}) a.Add("dilation", SizeText(o.dilation));
            if (o.groups != 1) a.Add("groups", Num(o.groups));
            if (pads_itself && o.mode != PaddingMode::Zeros) a.Add("padding_mode", Quoted(TokenOf(o.mode)));
            return "nn.Conv2d(" + a.text + ")";
        }
        std::string operator()(const ConvTranspose2dOptions& o) const {
            a.Add(Num(in_c));
            a.Add(Num(layer.out_channels));
            a.Add("kernel_size", SizeText(layer.kernel));
            if (o.stride != Size2{1, 1}) a.Add("stride", SizeText(o.stride));
            if (o.padding != Size2{0, 0}) a.Add("padding", SizeText(o.padding));
            if (o.output_padding != Size2{0, 0}) a.Add("output_padding", SizeText(o.output_padding));
            if (o.groups != 1) a.Add("groups", Num(o.groups));
            if (o.dilation != Size2{1, 1}) a.Add("dilation", SizeText(o.dilation));
            return "nn.ConvTranspose2d(" + a.text + ")";
        }
        std::string operator()(const MaxPool2dOptions& o) const {
            a.Add(SizeText(o.kernel));
            if (o.stride != Size2{0, 0}) a.Add("stride", SizeText(o.stride));
            if (o.padding != Size2{0, 0}) a.Add("padding", SizeText(o.padding));
            if (o.dilation != Size2{1, 1}) a.Add("dilation", SizeText(o.dilation));
            if (o.ceil_mode) a.Add("ceil_mode", "True");
            return "nn.MaxPool2d(" + a.text + ")";
        }
        std::string operator()(const AvgPool2dOptions& o) const {
            a.Add(SizeText(o.kernel));
            if (o.stride != Size2{0, 0}) a.Add("stride", SizeText(o.stride));
            if (o.padding != Size2{0, 0}) a.Add("padding", SizeText(o.padding));
            if (o.ceil_mode) a.Add("ceil_mode", "True");
            if (!o.count_include_pad) a.Add("count_include_pad", "False");
            if (o.divisor_override != 0) a.Add("divisor_override", Num(o.divisor_override));
            return "nn.AvgPool2d(" + a.text + ")";
        }
    };
    return std::visit(WithUndrawn<std::string>(Visit{layer, in_channels, plan, a}), layer.options);
}

// PyTorch 1.13 has padding modules for zeros, reflect and replicate; circular
// arrived in 2.1 (nn.CircularPad2d), so the code defines its own.
std::string PadModule(const OuterPad& p) {
    switch (p.mode) {
        case PaddingMode::Zeros: return "nn.ZeroPad2d(" + PadTuple(p.pad) + ")";
        case PaddingMode::Reflect: return "nn.ReflectionPad2d(" + PadTuple(p.pad) + ")";
        case PaddingMode::Replicate: return "nn.ReplicationPad2d(" + PadTuple(p.pad) + ")";
        case PaddingMode::Circular: return "CircularPad2d(" + PadTuple(p.pad) + ")";
    }
    return "";
}

constexpr std::string_view kCircularPadClass =
    "class CircularPad2d(nn.Module):  # nn.CircularPad2d arrives in PyTorch 2.1\n"
    "    def __init__(self, padding):\n"
    "        super().__init__()\n"
    "        self.padding = padding\n"
    "\n"
    "    def forward(self, x):\n"
    "        return F.pad(x, self.padding, mode='circular')\n"
    "\n";

// The shape the last layer prints, or what the first refused layer raises.
std::string ResultComment(const std::vector<LayerPlan>& plans, bool keras) {
    for (const LayerPlan& p : plans)
        if (!p.out.ok()) return "raises: " + OneLine(p.out.error());
    const Shape out = plans.back().out.value();
    return keras ? KerasShape(out) : TorchShape(out);
}

}  // namespace

std::string PyTorchCode(const Doc& doc) {
    const std::vector<LayerPlan> plans = PlanDoc(doc);
    const std::vector<int> in_c = InChannels(doc);
    const bool stack = doc.layers.size() > 1;
    std::vector<OuterPad> outer;
    bool uses_f = false, circular_module = false;
    for (size_t i = 0; i < doc.layers.size(); ++i) {
        outer.push_back(OuterPadOf(doc.layers[i], plans[i]));
        if (!outer.back().needed) continue;
        uses_f |= !stack || outer.back().mode == PaddingMode::Circular;
        circular_module |= stack && outer.back().mode == PaddingMode::Circular;
    }
    if (doc.layers.empty()) return "# no layer\n";

    std::string s = "import torch\nimport torch.nn as nn\n";
    if (uses_f) s += "import torch.nn.functional as F\n";
    s += "\n";
    if (circular_module) s += kCircularPadClass;
    s += "x = torch.randn(1, " + Num(doc.input.channels) + ", " + Num(doc.input.h) + ", " + Num(doc.input.w) + ")\n";
    if (!stack) {
        const OuterPad& p = outer[0];
        if (p.needed) {
            s += "x = F.pad(x, " + PadTuple(p.pad);
            if (p.mode != PaddingMode::Zeros) s += ", mode=" + Quoted(TokenOf(p.mode));
            s += ")  # " + p.why + "\n";
        }
        s += "layer = " + TorchCall(doc.layers[0], in_c[0], plans[0]) + "\n";
        s += "print(layer(x).shape)  # " + ResultComment(plans, false) + "\n";
    } else {
        s += "model = nn.Sequential(\n";
        bool refused = false;
        for (size_t i = 0; i < doc.layers.size(); ++i) {
            if (outer[i].needed) s += "    " + PadModule(outer[i]) + ",  # " + outer[i].why + "\n";
            s += "    " + TorchCall(doc.layers[i], in_c[i], plans[i]) + ",";
            if (refused) {
                s += "\n";
                continue;
            }
            if (plans[i].out.ok()) {
                const Shape o = plans[i].out.value();
                s += "  # -> [" + Num(o.n) + ", " + Num(o.c) + ", " + Num(o.h) + ", " + Num(o.w) + "]\n";
            } else {
                s += "  # raises: " + OneLine(plans[i].out.error()) + "\n";
                refused = true;
            }
        }
        s += ")\nprint(model(x).shape)  # " + ResultComment(plans, false) + "\n";
    }
    bool convs = false;
    for (const Layer& layer : doc.layers) convs |= HasWeights(layer);
    if (doc.flip_kernel && convs)
        s += "# The figure flips the kernel (textbook convolution); PyTorch does not: flip the weights\n"
             "# (weight.flip(-2, -1)) for the figure's numbers. The shapes are the same.\n";
    return s;
}

// [SECTION] KERAS OUT

namespace {

// One layer's Keras: its layers (a padding or cropping layer may come with
// it), or why there is no exact equivalent.
struct KerasLayer {
    std::vector<std::string> layers;
    std::string why_not;
};

std::string K(std::string_view name, const std::string& args) { return "tf.keras.layers." + std::string(name) + "(" + args + ")"; }

// Keras pools have no explicit padding: 'valid' is windows from 0 with the
// floor, 'same' is TensorFlow's split. A pool is exact when one of them gives
// PyTorch's windows: the same first tap and the same number of outputs on
// both axes (both then read the same real cells and ignore the padding).
enum class KerasPoolPadding { None, Valid, Same };

KerasPoolPadding MatchPoolPadding(const LayerPicture& pic, Size2 kernel, Size2 stride, Size2 padding) {
    auto axis = [](int in, int k, int s, int p, int out) -> KerasPoolPadding {
        const Result<int> valid = OutputSize(Axis{in, k, s, 0, 0, 1});
        if (p == 0 && valid.ok() && valid.value() == out) return KerasPoolPadding::Valid;
        const Result<AxisPadding> same = SamePaddingTF(in, k, s, 1);
        if (!same.ok()) return KerasPoolPadding::None;
        const Result<int> same_out = OutputSize(Axis{in, k, s, same.value().lo, same.value().hi, 1});
        if (same_out.ok() && same_out.value() == out && same.value().lo == p) return KerasPoolPadding::Same;
        return KerasPoolPadding::None;
    };
    const KerasPoolPadding h = axis(pic.in.h, kernel.h, stride.h, padding.h, pic.out.h);
    const KerasPoolPadding w = axis(pic.in.w, kernel.w, stride.w, padding.w, pic.out.w);
    if (h == w) return h;
    // 'valid' on one axis and 'same' on the other is one rule when 'same' pads nothing there.
    return KerasPoolPadding::None;
}

KerasLayer KerasOf(const Layer& layer, const LayerPlan& plan) {
    KerasLayer k;
    const LayerPicture& pic = plan.picture.value();
    struct Visit {
        const Layer& layer;
        const LayerPicture& pic;
        KerasLayer& k;
        void operator()(const Conv2dOptions& o) const {
            const Padding4 p = pic.pad;
            const bool pads = p != Padding4{};
            if (pads && o.mode == PaddingMode::Reflect) {
                k.why_not = "Keras has no reflect padding layer (tf.pad(x, ..., mode='REFLECT') in a Lambda layer would be one).";
                return;
            }
            if (pads && o.mode == PaddingMode::Replicate) {
                k.why_not = "Keras has no replicate (edge) padding layer, and tf.pad's 'SYMMETRIC' mirrors instead.";
                return;
            }
            if (pads && o.mode == PaddingMode::Circular) {
                k.why_not = "Keras has no circular padding layer.";
                return;
            }
            if ((o.stride.h > 1 || o.stride.w > 1) && (o.dilation.h > 1 || o.dilation.w > 1)) {
                k.why_not = "Keras' Conv2D cannot combine strides > 1 with dilation_rate > 1.";
                return;
            }
            Args a;
            a.Add(Num(layer.out_channels));
            a.Add(SizeText(layer.kernel));
            if (o.stride != Size2{1, 1}) a.Add("strides", SizeText(o.stride));
            if (pads) {
                const Result<AxisPadding> sh = SamePaddingTF(pic.in.h, layer.kernel.h, o.stride.h, o.dilation.h);
                const Result<AxisPadding> sw = SamePaddingTF(pic.in.w, layer.kernel.w, o.stride.w, o.dilation.w);
                const bool same = sh.ok() && sw.ok() && sh.value().lo == p.top && sh.value().hi == p.bottom &&
                                  sw.value().lo == p.left && sw.value().hi == p.right;
                if (same) a.Add("padding", Quoted("same"));
                else
                    k.layers.push_back(K("ZeroPadding2D", "((" + Num(p.top) + ", " + Num(p.bottom) + "), (" +
                                                              Num(p.left) + ", " + Num(p.right) + "))"));
            }
            if (o.dilation != Size2{1, 1}) a.Add("dilation_rate", SizeText(o.dilation));
            if (o.groups != 1) a.Add("groups", Num(o.groups));
            k.layers.push_back(K("Conv2D", a.text));
        }
        void operator()(const ConvTranspose2dOptions& o) const {
            if (o.groups != 1) {
                k.why_not = "Keras' Conv2DTranspose has no groups.";
                return;
            }
            if (o.dilation != Size2{1, 1}) {
                k.why_not = "Keras' Conv2DTranspose dilates only with strides 1 and equal rates, through another op; "
                            "no exact equivalent is written here.";
                return;
            }
            if (o.output_padding.h >= o.stride.h || o.output_padding.w >= o.stride.w) {
                k.why_not = "Keras' Conv2DTranspose needs output_padding smaller than strides (PyTorch also allows it "
                            "below dilation).";
                return;
            }
            // output_padding given (even 0) makes Keras size the output as
            // PyTorch does: (in-1)*s + k + output_padding; PyTorch's padding
            // then crops p from each side.
            Args a;
            a.Add(Num(layer.out_channels));
            a.Add(SizeText(layer.kernel));
            if (o.stride != Size2{1, 1}) a.Add("strides", SizeText(o.stride));
            a.Add("output_padding", SizeText(o.output_padding));
            k.layers.push_back(K("Conv2DTranspose", a.text));
            if (o.padding != Size2{0, 0})
                k.layers.push_back(K("Cropping2D", "((" + Num(o.padding.h) + ", " + Num(o.padding.h) + "), (" +
                                                       Num(o.padding.w) + ", " + Num(o.padding.w) + "))"));
        }
        void Pool(std::string_view name, Size2 kernel, Size2 stride, Size2 padding, KerasPoolPadding match) const {
            Args a;
            a.Add(SizeText(kernel));
            if (stride != Size2{0, 0}) a.Add("strides", SizeText(stride));
            if (match == KerasPoolPadding::Same) a.Add("padding", Quoted("same"));
            (void)padding;
            k.layers.push_back(K(name, a.text));
        }
        void operator()(const MaxPool2dOptions& o) const {
            if (o.dilation != Size2{1, 1}) {
                k.why_not = "Keras pooling has no dilation.";
                return;
            }
            const Size2 stride = o.stride == Size2{0, 0} ? o.kernel : o.stride;
            const KerasPoolPadding m = MatchPoolPadding(pic, o.kernel, stride, o.padding);
            if (m == KerasPoolPadding::None) {
                k.why_not = "Keras pools pad only as 'valid' or 'same', and neither gives these windows (padding " +
                            SizeText(o.padding) + (o.ceil_mode ? ", ceil_mode" : "") + ").";
                return;
            }
            Pool("MaxPooling2D", o.kernel, o.stride, o.padding, m);
        }
        void operator()(const AvgPool2dOptions& o) const {
            if (o.divisor_override != 0) {
                k.why_not = "Keras' AveragePooling2D has no divisor_override.";
                return;
            }
            const Size2 stride = o.stride == Size2{0, 0} ? o.kernel : o.stride;
            const KerasPoolPadding m = MatchPoolPadding(pic, o.kernel, stride, o.padding);
            if (m == KerasPoolPadding::None) {
                k.why_not = "Keras pools pad only as 'valid' or 'same', and neither gives these windows (padding " +
                            SizeText(o.padding) + (o.ceil_mode ? ", ceil_mode" : "") + ").";
                return;
            }
            if (m == KerasPoolPadding::Same && o.count_include_pad) {
                // Keras' 'same' averages the real cells only: count_include_pad=False.
                const Result<AxisPadding> sh = SamePaddingTF(pic.in.h, o.kernel.h, stride.h, 1);
                const Result<AxisPadding> sw = SamePaddingTF(pic.in.w, o.kernel.w, stride.w, 1);
                const bool padless = sh.ok() && sw.ok() && sh.value() == AxisPadding{} && sw.value() == AxisPadding{};
                if (!padless) {
                    k.why_not = "Keras' 'same' average pooling divides by the real cells only (count_include_pad=False); "
                                "PyTorch's count_include_pad=True counts the padding.";
                    return;
                }
            }
            Pool("AveragePooling2D", o.kernel, o.stride, o.padding, m);
        }
    };
    std::visit(WithUndrawn<void>(Visit{layer, pic, k}), layer.options);
    return k;
}

}  // namespace

KerasCode KerasCodeOf(const Doc& doc) {
    KerasCode out;
    if (doc.layers.empty()) return {"# no layer\n", "There is no layer."};
    const std::vector<LayerPlan> plans = PlanDoc(doc);
    std::vector<std::string> layers;
    for (size_t i = 0; i < doc.layers.size(); ++i) {
        const std::string which =
            doc.layers.size() > 1 ? "Layer " + Num(int64_t(i) + 1) + " (" + std::string(LabelOf(doc.layers[i].op())) + "): " : "";
        if (!plans[i].out.ok()) {
            out.why_not = which + "PyTorch refuses it: " + OneLine(plans[i].out.error());
            break;
        }
        if (!plans[i].picture.ok()) {  // runs, but too large for the playground's picture
            out.why_not = which + "not written: the Keras writer reads the layer's picture, and " +
                          OneLine(plans[i].picture.error());
            break;
        }
        KerasLayer k = KerasOf(doc.layers[i], plans[i]);
        if (!k.why_not.empty()) {
            out.why_not = which + "no exact Keras equivalent: " + k.why_not;
            break;
        }
        for (std::string& l : k.layers) layers.push_back(std::move(l));
    }
    if (!out.why_not.empty()) {
        out.code = "# " + out.why_not + "\n";
        return out;
    }
    std::string s = "import tensorflow as tf\n\n";
    s += "x = tf.random.normal((1, " + Num(doc.input.h) + ", " + Num(doc.input.w) + ", " + Num(doc.input.channels) +
         "))  # channels_last: (N, H, W, C)\n";
    if (layers.size() == 1) {
        s += "layer = " + layers[0] + "\n";
        s += "print(layer(x).shape)  # " + ResultComment(plans, true) + "\n";
    } else {
        s += "model = tf.keras.Sequential([\n";
        for (const std::string& l : layers) s += "    " + l + ",\n";
        s += "])\nprint(model(x).shape)  # " + ResultComment(plans, true) + "\n";
    }
    out.code = std::move(s);
    return out;
}

// [SECTION] TOKENS

namespace {

enum class Tok { Name, Int, Float, Str, Punct, Newline, End };

struct Token {
    Tok kind = Tok::End;
    std::string_view text;  // a view of the pasted text (Str: without the quotes)
    int64_t value = 0;      // Int
    int line = 1;
    bool line_start = false;  // first token of a line
    bool indented = false;    // ... and that line starts with spaces
};

inline constexpr size_t kMaxTokens = 4096;
inline constexpr int kMaxDepth = 16;
inline constexpr int64_t kMaxLiteral = 1000000000;

bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsNameChar(char c) { return IsNameStart(c) || IsDigit(c); }

std::string Shown(std::string_view s) {
    if (s.size() > 40) return std::string(s.substr(0, 37)) + "...";
    return std::string(s);
}

std::string AtLine(int line) { return "line " + Num(line) + ": "; }

Result<std::vector<Token>> Tokenize(std::string_view text) {
    using R = Result<std::vector<Token>>;
    std::vector<Token> out;
    int line = 1, depth = 0;
    bool at_line_start = true, indented = false;
    size_t i = 0;
    auto push = [&](Tok kind, std::string_view t, int64_t value = 0) {
        Token tok{kind, t, value, line, at_line_start, at_line_start && indented};
        at_line_start = false;
        out.push_back(tok);
    };
    while (i < text.size()) {
        if (out.size() > kMaxTokens) return R::Fail("the code has more than " + Num(kMaxTokens) + " tokens.");
        const char c = text[i];
        if (c == '#') {
            while (i < text.size() && text[i] != '\n') ++i;
        } else if (c == '\n') {
            if (depth == 0 && !out.empty() && out.back().kind != Tok::Newline) push(Tok::Newline, text.substr(i, 1));
            ++line, ++i;
            at_line_start = true, indented = false;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\\') {
            if (at_line_start) indented = true;
            ++i;
        } else if (IsNameStart(c) || (c == '.' && i + 1 < text.size() && IsNameStart(text[i + 1]))) {
            const size_t start = i++;
            while (i < text.size() && (IsNameChar(text[i]) || (text[i] == '.' && i + 1 < text.size() && IsNameStart(text[i + 1]))))
                ++i;
            push(Tok::Name, text.substr(start, i - start));
        } else if (IsDigit(c)) {
            const size_t start = i;
            int64_t v = 0;
            bool big = false;
            while (i < text.size() && (IsDigit(text[i]) || text[i] == '_')) {
                if (text[i] != '_') v = v * 10 + (text[i] - '0');
                if (v > kMaxLiteral) big = true, v = kMaxLiteral;
                ++i;
            }
            bool fraction = false;
            while (i < text.size() && (text[i] == '.' || text[i] == 'e' || text[i] == 'E' || IsDigit(text[i]))) fraction = true, ++i;
            push(fraction ? Tok::Float : Tok::Int, text.substr(start, i - start), big ? kMaxLiteral + 1 : v);
        } else if (c == '\'' || c == '"') {
            const size_t start = ++i;
            while (i < text.size() && text[i] != c && text[i] != '\n') ++i;
            if (i >= text.size() || text[i] != c) return R::Fail(AtLine(line) + "a string is not closed.");
            push(Tok::Str, text.substr(start, i - start));
            ++i;
        } else if (c == '(' || c == ')' || c == '[' || c == ']' || c == ',' || c == '=' || c == ':' || c == '-') {
            if (c == '(' || c == '[') ++depth;
            if ((c == ')' || c == ']') && depth > 0) --depth;
            push(Tok::Punct, text.substr(i, 1));
            ++i;
        } else {
            // One UTF-8 character, whole, in the message.
            size_t n = 1;
            while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80 && n < 4) ++n;
            return R::Fail(AtLine(line) + "did not understand '" + std::string(text.substr(i, n)) + "'.");
        }
    }
    push(Tok::End, text.substr(text.size()));
    return out;
}

// [SECTION] EXPRESSIONS

enum class NodeKind { Int, Float, Str, Name, Tuple, Call, Attr };

struct Node {
    NodeKind kind = NodeKind::Int;
    int64_t value = 0;      // Int
    std::string_view text;  // Str, Name, Attr (".shape")
    std::string_view src;   // the source text of the whole expression
    int line = 1;
    int callee = -1;        // Call, Attr: the node called or read from
    std::vector<int> items;                                // Tuple items, Call positional arguments
    std::vector<std::pair<std::string_view, int>> kwargs;  // Call keyword arguments
};

struct Statement {
    std::string_view target;  // `target = ...`, or empty
    int expr = -1;
    int line = 1;
};

class Parser {
public:
    Parser(std::string_view text, const std::vector<Token>& tokens) : text_(text), t_(tokens) {}

    Result<std::vector<Statement>> Statements() {
        using R = Result<std::vector<Statement>>;
        std::vector<Statement> out;
        while (Peek().kind != Tok::End) {
            const Token& first = Peek();
            if (first.kind == Tok::Newline) {
                ++pos_;
                continue;
            }
            if (first.kind == Tok::Name && (first.text == "import" || first.text == "from")) {
                SkipLine();
                continue;
            }
            if (first.kind == Tok::Name && (first.text == "class" || first.text == "def")) {
                // A helper definition (the code written above defines
                // CircularPad2d): its indented body is skipped.
                SkipLine();
                while (Peek().kind != Tok::End && !(Peek().line_start && !Peek().indented)) ++pos_;
                continue;
            }
            if (first.kind == Tok::Name &&
                (first.text == "for" || first.text == "if" || first.text == "while" || first.text == "with" ||
                 first.text == "return" || first.text == "lambda"))
                return R::Fail(AtLine(first.line) + "'" + std::string(first.text) +
                               "' is not read here: write the layers as constructor calls, e.g. "
                               "nn.Conv2d(3, 16, kernel_size=3, padding=1).");
            Statement st;
            st.line = first.line;
            if (first.kind == Tok::Name && first.text[0] != '.' && At(1).kind == Tok::Punct && At(1).text == "=") {
                st.target = first.text;
                pos_ += 2;
            }
            const Result<int> e = Expr(0);
            if (!e.ok()) return R::Fail(e.error());
            st.expr = e.value();
            if (Peek().kind != Tok::Newline && Peek().kind != Tok::End) return R::Fail(Unexpected(Peek()));
            out.push_back(st);
        }
        return out;
    }

    const std::vector<Node>& nodes() const { return nodes_; }

private:
    const Token& Peek() const { return t_[pos_]; }
    const Token& At(size_t ahead) const { return t_[std::min(pos_ + ahead, t_.size() - 1)]; }
    bool IsPunct(std::string_view p) const { return Peek().kind == Tok::Punct && Peek().text == p; }
    void SkipLine() {
        while (Peek().kind != Tok::Newline && Peek().kind != Tok::End) ++pos_;
    }
    std::string Unexpected(const Token& t) const {
        if (t.kind == Tok::End) return AtLine(t.line) + "the code ends too early (a bracket is not closed?).";
        if (t.kind == Tok::Newline) return AtLine(t.line) + "the line ends too early.";
        return AtLine(t.line) + "did not understand '" + Shown(t.text) + "'.";
    }
    // The source text from token `from` to the last token read.
    std::string_view SpanFrom(const Token& from) const {
        const Token& last = t_[pos_ > 0 ? pos_ - 1 : 0];
        const char* b = from.text.data();
        const char* e = last.text.data() + last.text.size() + (last.kind == Tok::Str ? 1 : 0);
        if (from.kind == Tok::Str) --b;
        if (b < text_.data() || e > text_.data() + text_.size() || e < b) return from.text;
        return std::string_view(b, size_t(e - b));
    }
    int Add(Node n) {
        nodes_.push_back(std::move(n));
        return int(nodes_.size()) - 1;
    }

    Result<int> Expr(int depth) {
        using R = Result<int>;
        if (depth > kMaxDepth) return R::Fail(AtLine(Peek().line) + "the code nests more than " + Num(kMaxDepth) + " deep.");
        const Token& first = Peek();
        Node n;
        n.line = first.line;
        if (first.kind == Tok::Int || first.kind == Tok::Float) {
            n.kind = first.kind == Tok::Int ? NodeKind::Int : NodeKind::Float;
            n.value = first.value;
            ++pos_;
        } else if (first.kind == Tok::Punct && first.text == "-") {
            ++pos_;
            if (Peek().kind != Tok::Int && Peek().kind != Tok::Float) return R::Fail(Unexpected(Peek()));
            n.kind = Peek().kind == Tok::Int ? NodeKind::Int : NodeKind::Float;
            n.value = -Peek().value;
            ++pos_;
        } else if (first.kind == Tok::Str) {
            n.kind = NodeKind::Str;
            n.text = first.text;
            ++pos_;
        } else if (first.kind == Tok::Name && first.text[0] != '.') {
            n.kind = NodeKind::Name;
            n.text = first.text;
            ++pos_;
        } else if (first.kind == Tok::Punct && (first.text == "(" || first.text == "[")) {
            const std::string_view close = first.text == "(" ? ")" : "]";
            ++pos_;
            n.kind = NodeKind::Tuple;
            bool comma = false;
            while (!IsPunct(close)) {
                const R item = Expr(depth + 1);
                if (!item.ok()) return item;
                n.items.push_back(item.value());
                if (IsPunct(",")) {
                    ++pos_;
                    comma = true;
                } else if (!IsPunct(close)) {
                    return R::Fail(Unexpected(Peek()));
                }
            }
            ++pos_;
            // (e) is e itself; (e,) and [e] are sequences.
            if (close == ")" && n.items.size() == 1 && !comma) {
                Node inner = nodes_[size_t(n.items[0])];
                inner.src = SpanFrom(first);
                n = std::move(inner);
            }
        } else {
            return R::Fail(Unexpected(first));
        }
        if (n.src.empty()) n.src = SpanFrom(first);
        int node = Add(std::move(n));
        // Calls and attributes: nn.Conv2d(...)(x).shape
        while (true) {
            if (IsPunct("(")) {
                ++pos_;
                Node call;
                call.kind = NodeKind::Call;
                call.callee = node;
                call.line = first.line;
                while (!IsPunct(")")) {
                    if (Peek().kind == Tok::Name && At(1).kind == Tok::Punct && At(1).text == "=") {
                        const std::string_view key = Peek().text;
                        pos_ += 2;
                        const R v = Expr(depth + 1);
                        if (!v.ok()) return v;
                        call.kwargs.push_back({key, v.value()});
                    } else {
                        if (!call.kwargs.empty())
                            return R::Fail(AtLine(Peek().line) + "a positional argument follows a keyword argument.");
                        const R v = Expr(depth + 1);
                        if (!v.ok()) return v;
                        call.items.push_back(v.value());
                    }
                    if (IsPunct(",")) ++pos_;
                    else if (!IsPunct(")")) return R::Fail(Unexpected(Peek()));
                }
                ++pos_;
                call.src = SpanFrom(first);
                node = Add(std::move(call));
            } else if (Peek().kind == Tok::Name && Peek().text[0] == '.') {
                Node attr;
                attr.kind = NodeKind::Attr;
                attr.callee = node;
                attr.text = Peek().text;
                attr.line = Peek().line;
                ++pos_;
                attr.src = SpanFrom(first);
                node = Add(std::move(attr));
            } else {
                return node;
            }
        }
    }

    std::string_view text_;
    const std::vector<Token>& t_;
    size_t pos_ = 0;
    std::vector<Node> nodes_;
};

// [SECTION] LAYERS

// A name as written, split at its last dot: "torch.nn.Conv2d" -> ("torch.nn", "Conv2d").
std::pair<std::string_view, std::string_view> SplitName(std::string_view name) {
    const size_t dot = name.rfind('.');
    if (dot == std::string_view::npos) return {"", name};
    return {name.substr(0, dot), name.substr(dot + 1)};
}

bool ModulePrefix(std::string_view p) { return p.empty() || p == "nn" || p == "torch.nn"; }
bool FunctionalPrefix(std::string_view p) { return p == "F" || p == "torch.nn.functional" || p == "nn.functional"; }

// The call's arguments bound to the constructor's parameters, in PyTorch's
// order: one node per parameter, or -1.
Result<std::vector<int>> Bind(const std::vector<Node>& nodes, const Node& call, std::string_view label,
                              std::span<const std::string_view> params, size_t required) {
    using R = Result<std::vector<int>>;
    std::vector<int> bound(params.size(), -1);
    if (call.items.size() > params.size())
        return R::Fail(std::string(label) + "() takes at most " + Num(int64_t(params.size())) + " arguments (" +
                       Num(int64_t(call.items.size())) + " given).");
    for (size_t i = 0; i < call.items.size(); ++i) bound[i] = call.items[i];
    for (const auto& [key, node] : call.kwargs) {
        size_t i = 0;
        while (i < params.size() && params[i] != key) ++i;
        if (i == params.size())
            return R::Fail(std::string(label) + "() got an unexpected keyword argument '" + std::string(key) + "'.");
        if (bound[i] >= 0)
            return R::Fail(std::string(label) + "() got multiple values for argument '" + std::string(key) + "'.");
        bound[i] = node;
    }
    for (size_t i = 0; i < required; ++i)
        if (bound[i] < 0)
            return R::Fail(std::string(label) + "() is missing its argument '" + std::string(params[i]) + "'.");
    (void)nodes;
    return bound;
}

struct Reader {
    const std::vector<Node>& nodes;
    std::string_view label;  // "nn.Conv2d"

    const Node& N(int i) const { return nodes[size_t(i)]; }
    std::string Bad(std::string_view param, int node, std::string_view expected) const {
        return std::string(param) + "=" + Shown(N(node).src) + ": expected " + std::string(expected) + ".";
    }
    Result<int> Int(std::string_view param, int node) const {
        const Node& n = N(node);
        if (n.kind != NodeKind::Int) return Result<int>::Fail(Bad(param, node, "an integer"));
        if (n.value > kMaxLiteral || n.value < -kMaxLiteral) return Result<int>::Fail(Bad(param, node, "an integer of at most 9 digits"));
        return int(n.value);
    }
    Result<Size2> Size(std::string_view param, int node) const {
        const Node& n = N(node);
        const char* expected = "an integer or a tuple of two";
        if (n.kind == NodeKind::Int) {
            const Result<int> v = Int(param, node);
            if (!v.ok()) return Result<Size2>::Fail(v.error());
            return Size2{v.value(), v.value()};
        }
        if (n.kind != NodeKind::Tuple || n.items.size() != 2) return Result<Size2>::Fail(Bad(param, node, expected));
        const Result<int> h = Int(param, n.items[0]), w = Int(param, n.items[1]);
        if (!h.ok() || !w.ok()) return Result<Size2>::Fail(Bad(param, node, expected));
        return Size2{h.value(), w.value()};
    }
    bool IsNone(int node) const { return node < 0 || (N(node).kind == NodeKind::Name && N(node).text == "None"); }
    Result<bool> Bool(std::string_view param, int node) const {
        const Node& n = N(node);
        if (n.kind == NodeKind::Name && (n.text == "True" || n.text == "False")) return n.text == "True";
        if (n.kind == NodeKind::Int && (n.value == 0 || n.value == 1)) return n.value == 1;
        return Result<bool>::Fail(Bad(param, node, "True or False"));
    }
    Result<PaddingMode> Mode(std::string_view param, int node) const {
        const Node& n = N(node);
        std::string expected = "one of";
        for (const auto& e : CanonicalNames<PaddingMode>()) expected += std::string(" '") + std::string(e.token) + "'";
        if (n.kind != NodeKind::Str) return Result<PaddingMode>::Fail(Bad(param, node, expected));
        const std::optional<PaddingMode> m = EnumFromToken<PaddingMode>(n.text);
        if (!m) return Result<PaddingMode>::Fail(Bad(param, node, expected));
        return *m;
    }
};

#define CP_TRY(var, expr)                                          \
    auto var##_r = (expr);                                         \
    if (!var##_r.ok()) return Result<Parsed>::Fail(var##_r.error()); \
    auto var = var##_r.value()

// One constructor call read: the layer and the channels it takes (-1: a pool).
struct Parsed {
    Layer layer;
    int in_channels = -1;
    std::string label;
};

constexpr std::array<std::string_view, 11> kConvParams{"in_channels", "out_channels", "kernel_size", "stride",
                                                      "padding",     "dilation",     "groups",      "bias",
                                                      "padding_mode", "device",      "dtype"};
constexpr std::array<std::string_view, 12> kTransposedParams{
    "in_channels", "out_channels", "kernel_size", "stride", "padding",      "output_padding",
    "groups",      "bias",         "dilation",    "padding_mode", "device", "dtype"};
constexpr std::array<std::string_view, 6> kMaxPoolParams{"kernel_size", "stride",         "padding",
                                                        "dilation",    "return_indices", "ceil_mode"};
constexpr std::array<std::string_view, 6> kAvgPoolParams{"kernel_size", "stride",            "padding",
                                                        "ceil_mode",   "count_include_pad", "divisor_override"};

Result<Parsed> ReadConv(const Reader& r, const Node& call) {
    CP_TRY(b, Bind(r.nodes, call, r.label, kConvParams, 3));
    Parsed p;
    Conv2dOptions o;
    CP_TRY(in_c, r.Int("in_channels", b[0]));
    CP_TRY(out_c, r.Int("out_channels", b[1]));
    CP_TRY(k, r.Size("kernel_size", b[2]));
    p.in_channels = in_c;
    p.layer.out_channels = out_c;
    p.layer.kernel = k;
    if (b[3] >= 0) {
        CP_TRY(s, r.Size("stride", b[3]));
        o.stride = s;
    }
    if (b[4] >= 0) {
        const Node& n = r.N(b[4]);
        if (n.kind == NodeKind::Str && n.text == "same") o.rule = PaddingRule::Same;
        else if (n.kind == NodeKind::Str && n.text == "valid") o.rule = PaddingRule::Valid;
        else if (n.kind == NodeKind::Tuple && n.items.size() == 4)
            return Result<Parsed>::Fail("padding=" + Shown(n.src) +
                                        ": nn.Conv2d pads both sides of an axis alike; for per-side padding put "
                                        "F.pad(x, (left, right, top, bottom)) or nn.ZeroPad2d before it.");
        else {
            auto pad = r.Size("padding", b[4]);
            if (!pad.ok()) return Result<Parsed>::Fail(r.Bad("padding", b[4], "an integer, a tuple of two, 'same' or 'valid'"));
            o.pad = Padding4::Symmetric(pad.value().h, pad.value().w);
        }
    }
    if (b[5] >= 0) {
        CP_TRY(d, r.Size("dilation", b[5]));
        o.dilation = d;
    }
    if (b[6] >= 0) {
        CP_TRY(g, r.Int("groups", b[6]));
        o.groups = g;
    }
    if (b[7] >= 0) {
        CP_TRY(bias, r.Bool("bias", b[7]));
        (void)bias;  // the playground's layers have no bias; it changes no size
    }
    if (b[8] >= 0) {
        CP_TRY(m, r.Mode("padding_mode", b[8]));
        o.mode = m;
    }
    p.layer.options = o;
    return p;
}

Result<Parsed> ReadTransposed(const Reader& r, const Node& call) {
    CP_TRY(b, Bind(r.nodes, call, r.label, kTransposedParams, 3));
    Parsed p;
    ConvTranspose2dOptions o;
    CP_TRY(in_c, r.Int("in_channels", b[0]));
    CP_TRY(out_c, r.Int("out_channels", b[1]));
    CP_TRY(k, r.Size("kernel_size", b[2]));
    p.in_channels = in_c;
    p.layer.out_channels = out_c;
    p.layer.kernel = k;
    if (b[3] >= 0) {
        CP_TRY(s, r.Size("stride", b[3]));
        o.stride = s;
    }
    if (b[4] >= 0) {
        CP_TRY(pad, r.Size("padding", b[4]));
        o.padding = pad;
    }
    if (b[5] >= 0) {
        CP_TRY(op, r.Size("output_padding", b[5]));
        o.output_padding = op;
    }
    if (b[6] >= 0) {
        CP_TRY(g, r.Int("groups", b[6]));
        o.groups = g;
    }
    if (b[7] >= 0) {
        CP_TRY(bias, r.Bool("bias", b[7]));
        (void)bias;
    }
    if (b[8] >= 0) {
        CP_TRY(d, r.Size("dilation", b[8]));
        o.dilation = d;
    }
    if (b[9] >= 0) {
        CP_TRY(m, r.Mode("padding_mode", b[9]));
        if (m != PaddingMode::Zeros)
            return Result<Parsed>::Fail("padding_mode=" + Shown(r.N(b[9]).src) +
                                        ": nn.ConvTranspose2d supports only 'zeros' (PyTorch raises ValueError).");
    }
    p.layer.options = o;
    return p;
}

template <class Options>
Result<Parsed> ReadPool(const Reader& r, const Node& call) {
    constexpr bool kMax = std::is_same_v<Options, MaxPool2dOptions>;
    const auto& params = kMax ? kMaxPoolParams : kAvgPoolParams;
    CP_TRY(b, Bind(r.nodes, call, r.label, params, 1));
    Parsed p;
    Options o;
    CP_TRY(k, r.Size("kernel_size", b[0]));
    o.kernel = k;
    if (!r.IsNone(b[1])) {
        CP_TRY(s, r.Size("stride", b[1]));
        o.stride = s;
    }
    if (b[2] >= 0) {
        CP_TRY(pad, r.Size("padding", b[2]));
        o.padding = pad;
    }
    if constexpr (kMax) {
        if (b[3] >= 0) {
            CP_TRY(d, r.Size("dilation", b[3]));
            o.dilation = d;
        }
        if (b[4] >= 0) {
            CP_TRY(ri, r.Bool("return_indices", b[4]));
            (void)ri;  // returns the indices too; the sizes are the same
        }
        if (b[5] >= 0) {
            CP_TRY(c, r.Bool("ceil_mode", b[5]));
            o.ceil_mode = c;
        }
    } else {
        if (b[3] >= 0) {
            CP_TRY(c, r.Bool("ceil_mode", b[3]));
            o.ceil_mode = c;
        }
        if (b[4] >= 0) {
            CP_TRY(cip, r.Bool("count_include_pad", b[4]));
            o.count_include_pad = cip;
        }
        if (!r.IsNone(b[5])) {
            CP_TRY(d, r.Int("divisor_override", b[5]));
            if (d == 0) return Result<Parsed>::Fail("divisor_override=0: PyTorch refuses a zero divisor; leave it out (None).");
            o.divisor_override = d;
        }
    }
    p.layer.options = o;
    return p;
}

#undef CP_TRY

// [SECTION] CODE IN

// Padding read before a conv (F.pad, nn.ZeroPad2d, ...): it joins the next layer.
struct PendingPad {
    Padding4 pad;
    PaddingMode mode = PaddingMode::Zeros;
    std::string src;
};

struct Interpreter {
    const std::vector<Node>& nodes;
    std::vector<std::string_view> variables;  // names assigned so far
    std::vector<Parsed> layers;
    std::optional<PendingPad> pending;
    std::optional<Shape> input;  // from x = torch.randn(...)
    int input_line = 0;

    const Node& N(int i) const { return nodes[size_t(i)]; }

    bool IsVariable(std::string_view name) const {
        const std::string_view head = name.substr(0, name.find('.'));
        for (std::string_view v : variables)
            if (v == head) return true;
        return false;
    }

    Result<bool> Fail(std::string message) const { return Result<bool>::Fail(std::move(message)); }

    Result<bool> Walk(int node, int depth) {
        if (depth > kMaxDepth) return Fail("the code nests more than " + Num(kMaxDepth) + " deep.");
        const Node& n = N(node);
        if (n.kind == NodeKind::Tuple) {
            for (int item : n.items) {
                const Result<bool> r = Walk(item, depth + 1);
                if (!r.ok()) return r;
            }
            return true;
        }
        if (n.kind == NodeKind::Attr) return Walk(n.callee, depth + 1);
        if (n.kind != NodeKind::Call) return true;
        const Node& callee = N(n.callee);
        if (callee.kind != NodeKind::Name) {  // nn.Conv2d(...)(x), layer(x).view(...)
            const Result<bool> r = Walk(n.callee, depth + 1);
            if (!r.ok()) return r;
            return WalkArgs(n, depth);
        }
        const auto [prefix, base] = SplitName(callee.text);
        if (ModulePrefix(prefix)) {
            const std::string label = prefix.empty() ? std::string(base) : "nn." + std::string(base);
            const Reader r{nodes, label};
            Result<Parsed> parsed = Result<Parsed>::Fail("");
            if (base == "Conv2d") parsed = ReadConv(r, n);
            else if (base == "ConvTranspose2d") parsed = ReadTransposed(r, n);
            else if (base == "MaxPool2d") parsed = ReadPool<MaxPool2dOptions>(r, n);
            else if (base == "AvgPool2d") parsed = ReadPool<AvgPool2dOptions>(r, n);
            else if (base == "Sequential") return WalkArgs(n, depth);
            else if (base == "ZeroPad2d" || base == "ReflectionPad2d" || base == "ReplicationPad2d" ||
                     base == "CircularPad2d" || base == "ConstantPad2d")
                return PadModule(n, base, label);
            else if (!IsVariable(callee.text) && prefix.size() > 0)
                return Fail(AtLine(n.line) + "did not understand " + Shown(n.src) +
                            ": the layers read are nn.Conv2d, nn.ConvTranspose2d, nn.MaxPool2d, nn.AvgPool2d, "
                            "nn.Sequential and the padding layers.");
            if (!parsed.error().empty() || parsed.ok()) {
                if (!parsed.ok()) return Fail(AtLine(n.line) + parsed.error());
                return AddLayer(std::move(parsed.value()), n);
            }
        }
        if (FunctionalPrefix(prefix) && base == "pad") return PadFunction(n, depth);
        if (prefix == "torch" && (base == "randn" || base == "rand" || base == "zeros" || base == "ones" || base == "empty"))
            return Input(n);
        if (callee.text == "print" || callee.text == "super" || IsVariable(callee.text)) return WalkArgs(n, depth);
        if (prefix.substr(0, 2) == "tf" || prefix.find("keras") != std::string_view::npos)
            return Fail(AtLine(n.line) + Shown(n.src) + ": only PyTorch code is read here.");
        return Fail(AtLine(n.line) + "did not understand " + Shown(n.src) +
                    ": expected nn.Conv2d, nn.ConvTranspose2d, nn.MaxPool2d, nn.AvgPool2d or nn.Sequential.");
    }

    Result<bool> WalkArgs(const Node& call, int depth) {
        for (int a : call.items) {
            const Result<bool> r = Walk(a, depth + 1);
            if (!r.ok()) return r;
        }
        for (const auto& kw : call.kwargs) {
            const Result<bool> r = Walk(kw.second, depth + 1);
            if (!r.ok()) return r;
        }
        return true;
    }

    // Four sides (left, right, top, bottom) or, as F.pad reads two, the width's two.
    Result<Padding4> PadSides(int node, std::string_view what) const {
        const Node& n = N(node);
        const std::string bad = std::string(what) + "=" + Shown(n.src) +
                                ": expected (left, right, top, bottom) of non-negative integers.";
        Padding4 p;
        if (n.kind == NodeKind::Int) {
            if (n.value < 0 || n.value > kMaxLiteral) return Result<Padding4>::Fail(bad);
            const int v = int(n.value);
            return Padding4{v, v, v, v};
        }
        if (n.kind != NodeKind::Tuple || (n.items.size() != 4 && n.items.size() != 2)) return Result<Padding4>::Fail(bad);
        int v[4] = {0, 0, 0, 0};
        for (size_t i = 0; i < n.items.size(); ++i) {
            const Node& e = N(n.items[i]);
            if (e.kind != NodeKind::Int || e.value < 0 || e.value > kMaxLiteral) return Result<Padding4>::Fail(bad);
            v[i] = int(e.value);
        }
        p.left = v[0], p.right = v[1], p.top = v[2], p.bottom = v[3];
        return p;
    }

    Result<bool> Pend(Padding4 pad, PaddingMode mode, const Node& call) {
        if (pending)
            return Fail(AtLine(call.line) + Shown(call.src) + " follows another padding: put all of it in one.");
        pending = PendingPad{pad, mode, std::string(Shown(call.src))};
        return true;
    }

    Result<bool> PadModule(const Node& call, std::string_view base, const std::string& label) {
        static constexpr std::array<std::string_view, 2> kParams{"padding", "value"};
        const Result<std::vector<int>> b = Bind(nodes, call, label, kParams, 1);
        if (!b.ok()) return Fail(AtLine(call.line) + b.error());
        const Result<Padding4> pad = PadSides(b.value()[0], "padding");
        if (!pad.ok()) return Fail(AtLine(call.line) + pad.error());
        const int value = b.value()[1];
        if (base == "ConstantPad2d") {
            if (value < 0 || N(value).kind != NodeKind::Int || N(value).value != 0)
                return Fail(AtLine(call.line) + Shown(call.src) + ": the playground pads with zeros only (value=0).");
        } else if (value >= 0) {
            return Fail(AtLine(call.line) + label + "() got an unexpected keyword argument 'value'.");
        }
        const PaddingMode mode = base == "ReflectionPad2d"    ? PaddingMode::Reflect
                                 : base == "ReplicationPad2d" ? PaddingMode::Replicate
                                 : base == "CircularPad2d"    ? PaddingMode::Circular
                                                              : PaddingMode::Zeros;
        return Pend(pad.value(), mode, call);
    }

    Result<bool> PadFunction(const Node& call, int depth) {
        static constexpr std::array<std::string_view, 4> kParams{"input", "pad", "mode", "value"};
        const Result<std::vector<int>> b = Bind(nodes, call, "F.pad", kParams, 2);
        if (!b.ok()) return Fail(AtLine(call.line) + b.error());
        const Result<bool> inner = Walk(b.value()[0], depth + 1);
        if (!inner.ok()) return inner;
        const Result<Padding4> pad = PadSides(b.value()[1], "pad");
        if (!pad.ok()) return Fail(AtLine(call.line) + pad.error());
        PaddingMode mode = PaddingMode::Zeros;
        if (const int m = b.value()[2]; m >= 0) {
            const Node& n = N(m);
            const std::optional<PaddingMode> known = n.kind == NodeKind::Str && n.text != "zeros"
                                                         ? (n.text == "constant" ? PaddingMode::Zeros
                                                                                 : EnumFromToken<PaddingMode>(n.text))
                                                         : std::nullopt;
            if (!known)
                return Fail(AtLine(call.line) + "mode=" + Shown(n.src) +
                            ": expected 'constant', 'reflect', 'replicate' or 'circular'.");
            mode = *known;
        }
        if (const int v = b.value()[3]; v >= 0 && !(N(v).kind == NodeKind::Int && N(v).value == 0) &&
                                        !(N(v).kind == NodeKind::Name && N(v).text == "None"))
            return Fail(AtLine(call.line) + "value=" + Shown(N(v).src) + ": the playground pads with zeros only.");
        return Pend(pad.value(), mode, call);
    }

    Result<bool> Input(const Node& call) {
        if (input) return true;  // the first tensor is the input (a later one may be a weight)
        std::vector<int> dims;
        const std::vector<int>* items = &call.items;
        if (call.items.size() == 1 && N(call.items[0]).kind == NodeKind::Tuple) items = &N(call.items[0]).items;
        for (int i : *items) {
            if (N(i).kind != NodeKind::Int || N(i).value < 1 || N(i).value > kMaxLiteral)
                return Fail(AtLine(call.line) + Shown(call.src) + ": expected positive integer sizes.");
            dims.push_back(int(N(i).value));
        }
        if (dims.size() != 4 && dims.size() != 3)
            return Fail(AtLine(call.line) + Shown(call.src) + ": expected the input as (N, C, H, W) or (C, H, W).");
        const size_t c = dims.size() - 3;
        input = Shape{1, dims[c], dims[c + 1], dims[c + 2]};
        input_line = call.line;
        return true;
    }

    Result<bool> AddLayer(Parsed p, const Node& call) {
        p.label = Shown(call.src);
        if (pending) {
            const PendingPad pad = *pending;
            pending.reset();
            auto* o = std::get_if<Conv2dOptions>(&p.layer.options);
            if (!o)
                return Fail(AtLine(call.line) + pad.src + " before " + p.label +
                            ": the playground pads only a Conv2d this way (a pool or transposed conv has its own "
                            "padding argument).");
            if (pad.pad != Padding4{}) {
                if (o->rule == PaddingRule::Same)
                    return Fail(AtLine(call.line) + pad.src + " before padding='same': put all of the padding in one place.");
                if (o->rule == PaddingRule::Valid) o->pad = Padding4{};
                o->rule = PaddingRule::Explicit;
                const bool own = o->pad != Padding4{};
                if (own && (pad.mode != PaddingMode::Zeros || o->mode != PaddingMode::Zeros))
                    return Fail(AtLine(call.line) + pad.src + " before " + p.label +
                                ": two paddings of which one is not zeros do not add up; put all of it in one place.");
                o->pad = {o->pad.top + pad.pad.top, o->pad.bottom + pad.pad.bottom, o->pad.left + pad.pad.left,
                          o->pad.right + pad.pad.right};
                if (!own) o->mode = pad.mode;
            }
        }
        layers.push_back(std::move(p));
        if (layers.size() > size_t(4 * 16)) return Fail("the code has more than 64 layers.");
        return true;
    }
};

}  // namespace

Result<Doc> ParseLayerCode(std::string_view text, const Doc& current) {
    using R = Result<Doc>;
    if (text.size() > kMaxCodeText)
        return R::Fail("the code is " + Num(int64_t(text.size())) + " characters long; at most " + Num(kMaxCodeText) +
                       " are read.");
    const Result<std::vector<Token>> tokens = Tokenize(text);
    if (!tokens.ok()) return R::Fail(tokens.error());
    Parser parser(text, tokens.value());
    const Result<std::vector<Statement>> statements = parser.Statements();
    if (!statements.ok()) return R::Fail(statements.error());

    Interpreter in{parser.nodes(), {}, {}, {}, {}, 0};
    for (const Statement& st : statements.value()) {
        const Result<bool> r = in.Walk(st.expr, 0);
        if (!r.ok()) return R::Fail(r.error());
        if (!st.target.empty()) in.variables.push_back(st.target.substr(0, st.target.find('.')));
    }
    if (in.pending) return R::Fail(in.pending->src + " is not followed by a Conv2d it pads.");
    if (in.layers.empty())
        return R::Fail("found no layer: expected a line such as nn.Conv2d(3, 16, kernel_size=3, padding=1) "
                       "(class and def blocks are skipped).");

    Doc doc = current;
    // The input's channels: torch.randn's, else the first conv's in_channels,
    // else (pools only) the current ones.
    int c = current.input.channels;
    if (in.input) {
        c = in.input->c;
        doc.input.h = in.input->h;
        doc.input.w = in.input->w;
    } else {
        for (const Parsed& p : in.layers)
            if (p.in_channels >= 0) {
                c = p.in_channels;
                break;
            }
    }
    doc.input.channels = c;
    const std::vector<int> was_in = InChannels(current);
    doc.layers.clear();
    for (size_t i = 0; i < in.layers.size(); ++i) {
        Parsed& p = in.layers[i];
        if (p.in_channels >= 0 && p.in_channels != c) {
            const std::string from = i == 0 ? "the input (" + Num(c) + " channels)"
                                            : "layer " + Num(int64_t(i)) + " (" + Num(c) + " channels)";
            return R::Fail(p.label + ": in_channels is " + Num(p.in_channels) + " but " + from +
                           " feeds it; PyTorch would raise when it runs.");
        }
        // Edited weights stay when the weight tensor keeps its shape.
        if (i < current.layers.size()) {
            const Layer& old = current.layers[i];
            if (HasWeights(old) && old.op() == p.layer.op() && old.kernel == p.layer.kernel &&
                old.out_channels == p.layer.out_channels && GroupsOf(old) == GroupsOf(p.layer) && was_in[i] == c)
                p.layer.weight_edits = old.weight_edits;
        }
        if (HasWeights(p.layer)) c = p.layer.out_channels;
        doc.layers.push_back(std::move(p.layer));
    }
    return doc;
}

std::string CodeAppliedMessage(const Doc& doc) {
    std::string s = "Applied " + Num(int64_t(doc.layers.size())) + (doc.layers.size() == 1 ? " layer: " : " layers: ");
    for (size_t i = 0; i < doc.layers.size(); ++i) s += (i ? ", " : "") + std::string(LabelOf(doc.layers[i].op()));
    return s + ".";
}

}  // namespace cp
