// code.h — the document as code a student can run, and code pasted back in.
//
// Code out: PyTorch (nn.Conv2d, nn.ConvTranspose2d, nn.MaxPool2d,
// nn.AvgPool2d; F.pad or a padding module where the padding is per side or
// TensorFlow's 'SAME'; nn.Sequential for a stack) with the input tensor line
// and the output shape PyTorch prints; and Keras (channels_last) where an
// exact equivalent exists, else one sentence saying why not. Sizes and
// paddings come from the engine's plans (PlanDoc), never from formulas here.
//
// Code in: one or more PyTorch layer constructors, as typed or pasted
// (positional and keyword arguments, tuples, `layer = ...`, nn.Sequential,
// F.pad / nn.ZeroPad2d before a conv, the `x = torch.randn(...)` line, the
// code written above). What cannot be read is a message naming the part; the
// values are not range-checked here: the caller applies the Doc through
// Sanitize (Session::SetDoc) like every other edit, which repairs with notices.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "state/model/doc.h"

namespace cp {

// At most this many characters are read from pasted code: a Sequential of
// kMaxLayers layers with comments fits many times over.
inline constexpr size_t kMaxCodeText = 8192;

// Runnable PyTorch for the document: imports, x = torch.randn(1, C, H, W),
// the layer (or nn.Sequential), and print(...shape) with the shape the engine
// plans as a comment. A layer the engine refuses is written as typed, with the
// engine's message (what PyTorch raises) as a comment.
std::string PyTorchCode(const Doc& doc);

// Keras (tf.keras.layers, channels_last). `why_not` is empty when `code` is
// an exact equivalent (same windows, same padding values, same sizes);
// otherwise it is the sentence saying which layer has no equivalent and why,
// and `code` is that sentence as a comment.
struct KerasCode {
    std::string code;
    std::string why_not;
};
KerasCode KerasCodeOf(const Doc& doc);

// The document `current` with its layers (and input channels, and the input
// size when the text has x = torch.randn(...)) replaced by the layers in
// `text`. The seed, the input's edited values and the flip are kept, and a
// layer's edited weights when its weight tensor keeps its shape. Fails with a
// message naming what it did not understand. The result is not sanitized.
Result<Doc> ParseLayerCode(std::string_view text, const Doc& current);

// What a successful paste says: "Applied 2 layers: Conv2d, MaxPool2d."
std::string CodeAppliedMessage(const Doc& doc);

}  // namespace cp
