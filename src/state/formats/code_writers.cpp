// code_writers.cpp — code.h, code out: the document as PyTorch and Keras code.
// (Code in is code_parser.cpp, text -> statements, and code_binder.cpp,
// statements -> modules -> rows and a Doc.)
//
// Index
//   [SECTION] TEXT          numbers, sizes and shapes as Python writes them
//   [SECTION] PYTORCH OUT   one constructor per layer, F.pad or a padding module where needed
//   [SECTION] KERAS OUT     an exact equivalent per layer, or why there is none
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

std::string TorchShape(Shape s, bool flat = false) {
    if (flat) return "torch.Size([" + Num(s.n) + ", " + Num(s.w) + "])";
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

bool HasWeights(const Layer& layer) {
    return layer.drawn() && (layer.op() == OpKind::Conv2d || layer.op() == OpKind::ConvTranspose2d);
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

std::string PadModule(const OuterPad& p);

// torch.nn's shape-keeping modules (a printout may name others: torchvision's
// StochasticDepth, which is the identity in eval).
bool IsTorchModule(std::string_view name) {
    static constexpr std::string_view kNames[] = {
        "ReLU", "ReLU6", "LeakyReLU", "ELU", "SELU", "CELU", "GELU", "SiLU", "Mish", "Hardswish", "Hardsigmoid",
        "Hardtanh", "Sigmoid", "Tanh", "Softplus", "Softsign", "Tanhshrink", "Softmax", "Softmax2d", "LogSoftmax",
        "Threshold", "Dropout", "Dropout1d", "Dropout2d", "AlphaDropout", "FeatureAlphaDropout", "Identity",
        "LocalResponseNorm", "ChannelShuffle", "BatchNorm2d", "BatchNorm1d", "InstanceNorm2d", "GroupNorm",
        "LayerNorm", "PReLU", "SyncBatchNorm"};
    for (std::string_view n : kNames)
        if (n == name) return true;
    return false;
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
            if (!layer.bias) a.Add("bias", "False");
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
            if (!layer.bias) a.Add("bias", "False");
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
        // The layers the figure does not draw, as the module PyTorch builds them with.
        std::string operator()(const PassThroughOptions& o) const {
            if (!IsTorchModule(o.name)) return "nn.Identity()";  // torchvision's StochasticDepth, ...: identity in eval
            // A norm's first argument is the channel count: the chain's, which
            // Sanitize may have changed since the paste wrote it.
            std::string args = o.args;
            if (o.name == "BatchNorm2d" || o.name == "InstanceNorm2d" || o.name == "SyncBatchNorm") {
                const size_t comma = args.find(',');
                const std::string head = args.substr(0, comma);
                if (!head.empty() && head.find_first_not_of("0123456789") == std::string::npos)
                    args = Num(in_c) + (comma == std::string::npos ? "" : args.substr(comma));
                else if (args.empty())
                    args = Num(in_c);
            }
            return "nn." + o.name + "(" + args + ")";
        }
        std::string operator()(const Pad2dOptions& o) const {
            const std::string sides = PadTuple(o.pad);
            if (o.mode == PaddingMode::Zeros && o.value != 0)
                return "nn.ConstantPad2d(" + sides + ", " + std::to_string(o.value) + ")";
            return PadModule(OuterPad{true, o.pad, o.mode, ""});
        }
        std::string operator()(const AdaptivePool2dOptions& o) const {
            auto side = [](int v) { return v > 0 ? Num(v) : std::string("None"); };
            const std::string out = o.output.h == o.output.w ? side(o.output.h)
                                                              : "(" + side(o.output.h) + ", " + side(o.output.w) + ")";
            return std::string(o.max ? "nn.AdaptiveMaxPool2d(" : "nn.AdaptiveAvgPool2d(") + out + ")";
        }
        std::string operator()(const UpsampleOptions& o) const {
            if (o.size.h > 0 || o.size.w > 0) return "nn.Upsample(size=" + SizeText(o.size) + ")";
            return "nn.Upsample(scale_factor=" + SizeText(o.scale) + ")";
        }
        std::string operator()(const FlattenOptions&) const { return "nn.Flatten()"; }
        std::string operator()(const LinearOptions& o) const {
            if (o.in_features == 0)
                return "nn.LazyLinear(" + Num(o.out_features) + (layer.bias ? "" : ", bias=False") + ")";
            return "nn.Linear(" + Num(o.in_features) + ", " + Num(o.out_features) + (layer.bias ? "" : ", bias=False") + ")";
        }
    };
    return std::visit(Visit{layer, in_channels, plan, a}, layer.options);
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
    return keras ? KerasShape(out) : TorchShape(out, plans.back().flat);
}

}  // namespace

std::vector<int> LayerInChannels(const Doc& doc) {
    std::vector<int> in;
    int c = doc.input.channels;
    for (const Layer& layer : doc.layers) {
        in.push_back(c);
        if (HasWeights(layer)) c = layer.out_channels;
    }
    return in;
}

std::string PyTorchCode(const Doc& doc) {
    const std::vector<LayerPlan> plans = PlanDoc(doc);
    const std::vector<int> in_c = LayerInChannels(doc);
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
                s += plans[i].flat ? "  # -> [" + Num(o.n) + ", " + Num(o.w) + "]\n"
                                   : "  # -> [" + Num(o.n) + ", " + Num(o.c) + ", " + Num(o.h) + ", " + Num(o.w) + "]\n";
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
            if (!layer.bias) a.Add("use_bias", "False");
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
            if (!layer.bias) a.Add("use_bias", "False");
            k.layers.push_back(K("Conv2DTranspose", a.text));
            if (o.padding != Size2{0, 0})
                k.layers.push_back(K("Cropping2D", "((" + Num(o.padding.h) + ", " + Num(o.padding.h) + "), (" +
                                                       Num(o.padding.w) + ", " + Num(o.padding.w) + "))"));
        }
        // Keras' padding word for a pool's windows, or None with why_not said.
        KerasPoolPadding PoolPadding(Size2 kernel, Size2 stride, Size2 padding, bool ceil_mode) const {
            const KerasPoolPadding m = MatchPoolPadding(pic, kernel, stride, padding);
            if (m == KerasPoolPadding::None)
                k.why_not = "Keras pools pad only as 'valid' or 'same', and neither gives these windows (padding " +
                            SizeText(padding) + (ceil_mode ? ", ceil_mode" : "") + ").";
            return m;
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
            const KerasPoolPadding m = PoolPadding(o.kernel, stride, o.padding, o.ceil_mode);
            if (m == KerasPoolPadding::None) return;
            Pool("MaxPooling2D", o.kernel, o.stride, o.padding, m);
        }
        void operator()(const AvgPool2dOptions& o) const {
            if (o.divisor_override != 0) {
                k.why_not = "Keras' AveragePooling2D has no divisor_override.";
                return;
            }
            const Size2 stride = o.stride == Size2{0, 0} ? o.kernel : o.stride;
            const KerasPoolPadding m = PoolPadding(o.kernel, stride, o.padding, o.ceil_mode);
            if (m == KerasPoolPadding::None) return;
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
            doc.layers.size() > 1 ? "Layer " + Num(int64_t(i) + 1) + " (" + KindName(doc.layers[i]) + "): " : "";
        if (!doc.layers[i].drawn()) {
            out.why_not = which + "the Keras writer writes convs and pools only, not yet " + KindName(doc.layers[i]) + ".";
            break;
        }
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

}  // namespace cp
