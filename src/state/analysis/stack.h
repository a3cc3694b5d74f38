// stack.h — the layer stack as a table: per layer its output C×H×W, the
// receptive field (size, jump, start, per axis), its parameters and its
// multiply-adds; the totals; and the warnings a student needs (a map that
// collapses to 1×1, a layer that stops the chain, with the engine's words).
//
// Pure: computed from the Doc and its plans (PlanDoc), by geometry alone, so
// it holds for stacks far larger than the figure can draw (limits.h). The
// Stack panel draws it, the page reads it (getStack), tests hold it to
// PyTorch's shapes and parameter counts (tests/golden/stacks.json).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/receptive.h"
#include "state/model/doc.h"

namespace cp {

struct StackRow {
    int index = 0;            // the layer's position in the document
    OpKind op = OpKind::Conv2d;  // meaningful when spatial
    LayerKind kind = LayerKind::Conv2d;
    std::string name;         // PyTorch's class name (KindName): "Conv2d", "BatchNorm2d", "Linear"
    bool spatial = true;      // a conv or pool the figure draws; else pass-through, pad, head, ...
    bool flat = false;        // the output is a feature vector (after Flatten): out.w features
    std::string label;        // "conv 5×5 s2 p1 → 6", what the row and the chain's box say
    bool ok = false;          // the layer has an output (the chain reached it and the engine accepts it)
    std::string error;        // else why not: the engine's message
    Shape out;                // N = 1
    ReceptiveField rf_h, rf_w;  // in stack-input pixels (geometry.h: RECEPTIVE)
    bool rf_ok = false;       // false only for absurd stacks (a field past 2^30 pixels)
    int64_t params = 0;       // trainable: weights + bias when Layer::bias; a norm's own; 0 for a pool
    int64_t macs = 0;         // multiply-adds (doc.h: MultiplyAddsOf)
    int64_t torchinfo_macs = 0;  // what torchinfo's "Mult-Adds" column says (TorchinfoMacsOf)
    bool drawable = false;    // the figure can draw it (its grids fit kMaxPictureSide)
    bool collapsed = false;   // the output is 1×1
};

// A pasted block's side branch (doc.h SideBranch): its layers planned from
// layer `from`'s input, checked against the main path after layer `join`.
struct StackBranch {
    std::string name;         // "layer1.0.downsample"
    int from = 0, join = 0;
    bool gate = false;        // scales the main path (SE) instead of adding to it
    std::vector<StackRow> rows;  // index: the position in the branch
    bool ok = false;          // planned, and (not a gate) its output is the main path's
    std::string error;        // else why not
    Shape out;
    int64_t params = 0, macs = 0, torchinfo_macs = 0;
};

struct StackSummary {
    Shape input;              // N = 1
    std::vector<StackRow> rows;  // one per layer, in order
    std::vector<StackBranch> branches;  // in join order; counted in the totals
    // Over the layers that have an output, and the side branches that join them.
    int64_t params = 0, macs = 0;
    // torchinfo's conventions (TorchinfoMacsOf): its "Total mult-adds", and
    // the part of it from convolutions (the spatial layers with weights).
    int64_t torchinfo_macs = 0, torchinfo_conv_macs = 0;
    // Trainable parameters by kind: conv and transposed conv weights + bias,
    // norms (and any other pass-through layer with parameters), linear.
    int64_t params_conv = 0, params_norm = 0, params_linear = 0;
    int stopped_at = -1;      // the first layer without an output, or -1
    std::vector<std::string> warnings;  // each names its layer ("layer 3 (conv 3×3): ...")
    bool values = false;      // the chain is small enough that its values are computed
    // One conv with the same field as the whole stack (kernel = the field,
    // stride = the jump, input channels -> the last map's): what "two 3×3 vs
    // one 5×5" compares. Only for a complete stack without transposed convs.
    bool single = false;
    Size2 single_kernel, single_stride;
    int64_t single_params = 0;
};

StackSummary SummarizeStack(const Doc& doc, const std::vector<LayerPlan>& plans);

// A layer inserted at `at` (delta 1) or removed from it (delta -1): the side
// branches keep joining the same layers; one whose layers are gone is dropped.
void ShiftBranches(Doc& doc, int at, int delta);

// What torchinfo's summary() puts in its "Mult-Adds" column for one layer
// (torchinfo/layer_info.py, calculate_macs): every weight and bias element
// once per output position for a conv *and a transposed conv* (so a bias
// counts H_out·W_out times, and a transposed conv counts the zeros its
// picture inserts); once for any other layer with parameters (a norm's 2C,
// a linear layer's in·out + out); 0 without parameters (pools, ReLU).
// MultiplyAddsOf (doc.h) counts what is computed: no bias, a transposed
// conv per input value, a pool's window.
int64_t TorchinfoMacsOf(const Layer& layer, Shape out, int64_t params);

// The cone of one output cell: on every map from the stack's input up to the
// layer's own input, the cells that output (oy, ox) of `layer` depends on.
// map 0 is the stack's input, map i + 1 layer i's output. Spans are
// unclipped (negative or past the map: padding) and empty when the cell sees
// only a transposed conv's inserted zeros. Empty when the layer has no output
// or (oy, ox) is outside it. By geometry alone (engine/geometry.h: FieldOf).
struct ConeMap {
    int map = 0;
    Shape shape;              // the map's C×H×W (N = 1)
    FieldSpan rows, cols;
};
std::vector<ConeMap> FieldCone(const Doc& doc, const std::vector<LayerPlan>& plans, int layer, int oy, int ox);

// "conv 5×5 s2 p1 → 6", "maxpool 3×3 s2", "tconv 2×2 s2 → 64": a layer in a few glyphs.
std::string LayerLabel(const Layer& layer);

// "6×28×28": C×H×W of a shape.
std::string ShapeLabel(Shape s);

// The summary as JSON, for the page (window.convplay.getStack()): {input,
// layers: [{op, kind, name, spatial, flat, label, ok, error, out: [c, h, w],
// rf: [h, w], rfMin, jump: ["1/2", ...], start: [h, w], centre, params, macs,
// drawable, torchinfoMacs}], branches: [{name, from, join, gate, ok, error,
// out, params, macs, torchinfoMacs, layers: [label, ...]}], totals: {params,
// macs, paramsByKind: {conv, norm, linear}, torchinfo: {macs, convMacs}},
// stoppedAt, warnings}. op is the link token for a spatial layer, else the
// kind's name in lower case ("batchnorm2d", "flatten"). rf is absent past a
// layer whose field varies (an adaptive pool that does not divide, a
// resize to a given size) or after Flatten.
std::string StackJson(const StackSummary& s);

}  // namespace cp
