// code.h — the document as code a student can run, and code pasted back in.
//
// Code out (code_writers.cpp): PyTorch (nn.Conv2d, nn.ConvTranspose2d,
// nn.MaxPool2d, nn.AvgPool2d; F.pad or a padding module where the padding is
// per side or TensorFlow's 'SAME'; nn.Sequential for a stack) with the input
// tensor line and the output shape PyTorch prints; and Keras (channels_last)
// where an exact equivalent exists, else one sentence saying why not. Sizes
// and paddings come from the engine's plans (PlanDoc), never from formulas here.
//
// Code in (code_parser.cpp -> code_binder.cpp -> code_modules.cpp): whatever a
// PyTorch user has on screen: layer lines, nn.Sequential, print(model)
// printouts with nested `(name): Block(` children, a `class Net(nn.Module)`
// with __init__ and forward, names assigned earlier and integer arithmetic,
// the `x = torch.randn(...)` line. It becomes rows (every module, with its
// output shape and parameters) and a Doc (the layers the figure draws). What
// cannot be read is a notice naming it and its line; everything before it
// applies. The values are not range-checked here: the caller applies the Doc
// through Sanitize (Session::SetDoc) like every other edit.
#pragma once
#include <cstddef>
#include <string>
#include <optional>
#include <string_view>
#include <vector>

#include "state/model/doc.h"

namespace cp {

// At most this many characters are read from pasted code: the printout of
// a torchvision model fits several times over.
inline constexpr size_t kMaxCodeText = 256 * 1024;  // efficientnet_b0's printout is ~40k

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

// ImportCode's Doc: `current` with its layers (and input channels, and the
// input size when the text has x = torch.randn(...)) replaced by the drawn
// layers of `text`. The seed, the input's edited values and the flip are
// kept, and a layer's edited weights when its weight tensor keeps its shape.
// Fails only when no layer is drawn, with the first notice. Not sanitized.
Result<Doc> ParseLayerCode(std::string_view text, const Doc& current);

// What a paste builds, row by row: every module on the main path (and the
// side branches a block checks), with the shape after it. The Doc holds only
// the Layer rows; the others are what the figure does not draw.
enum class PastedKind {
    Layer,         // Conv2d, ConvTranspose2d, MaxPool2d, AvgPool2d: `layer` is the Doc's
    PassThrough,   // activations, norms, dropout, identity: shape kept, params counted
    Pad,           // ZeroPad2d, ConstantPad2d, ReflectionPad2d, ReplicationPad2d, F.pad
    AdaptivePool,  // AdaptiveAvgPool2d / AdaptiveMaxPool2d (PyTorch's start/end index rule)
    Upsample,      // nn.Upsample, F.interpolate
    Flatten,       // nn.Flatten, torch.flatten, x.view(N, -1): the spatial chain ends
    Linear,        // on the flattened features
    Concat,        // parallel branches concatenated on channels (Inception, Fire)
};
struct PastedRow {
    PastedKind kind = PastedKind::Layer;
    std::string path;  // "layer1.0.conv1", or the position in a Sequential
    std::string type;  // "Conv2d", "BatchNorm2d", "F.relu"
    std::string args;  // the arguments as written (valid Python: a printout's mode=nearest is quoted)
    int line = 0;
    Shape in, out;     // N = 1; flat rows (after Flatten) have c = features, h = w = 1
    bool flat = false;
    int64_t params = 0;
    bool side = false;  // a downsample / shortcut / parallel branch, not the main path
    bool bias = true;   // Conv and Linear rows: bias=False says false
    std::optional<Layer> layer;  // Layer rows
    Padding4 pad;                // Pad rows
    PaddingMode mode = PaddingMode::Zeros;
    std::string note;   // what the row means beyond its shape ("2 parallel branches: 64+64 channels")
    bool refused = false;  // the engine refuses the layer (note says why): the chain stops after it
};
struct PastedModel {
    Shape input;              // what the chain ran on
    bool input_given = false; // from torch.randn(...) in the paste
    std::vector<PastedRow> rows;
    std::vector<std::string> notices;  // "line 7: nn.Foo(3) is not a layer ...": each once
    std::string stopped;      // why the chain stops before the paste's end, or empty
    int64_t Params() const;   // all rows', side branches included (what model.parameters() counts)
};
PastedModel ReadModelCode(std::string_view text, const Doc& current);

// The paste applied: the Doc (or why none), the rows, and the notices.
struct CodeImport {
    Result<Doc> doc = Result<Doc>::Fail("not read");
    PastedModel model;
    std::vector<std::string> notices;
};
CodeImport ImportCode(std::string_view text, const Doc& current);

// The channels each layer of `doc` takes: the input's, then each conv's out_channels.
std::vector<int> LayerInChannels(const Doc& doc);

// What a successful paste says: "Applied 2 layers: Conv2d, MaxPool2d."
std::string CodeAppliedMessage(const Doc& doc);

}  // namespace cp
