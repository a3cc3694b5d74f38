// values.h — the numbers in the cells: the input's small integers from its
// seed, each layer's default weights, the hand edits over both, and the
// engine's compute of every layer on them (what PlanDoc puts in LayerPlan).
//
// Small integers keep every product and sum exact in float32, so the dot
// product written under the figure adds up to the engine's result exactly.
#pragma once
#include <cstdint>
#include <span>

#include "engine/workspace.h"
#include "state/model/doc.h"

namespace cp {

// Input cell (c, y, x) of the seeded pattern: 0..9, the same for a seed on every machine.
int SeededInputValue(uint32_t seed, int c, int y, int x);
// Default weight (o, c, y, x) of layer `layer`: -1..2, a pattern a student can read.
int DefaultWeight(int layer, int o, int c, int y, int x);

// The document's input (N = 1): the seeded pattern with the edits on top.
Tensor InputTensor(const InputSpec& input);
// The weights of a conv or transposed conv as the engine takes them (conv:
// out x in/groups x kh x kw; transposed: in x out/groups x kh x kw), default
// pattern with the edits on top, flipped in both spatial axes when `flip`
// (textbook convolution). Empty (Count 0) for a pool.
Tensor WeightTensor(const Layer& layer, int layer_index, int in_channels, bool flip);

// Computes plan.output from plan.input and plan.weights with the engine's
// *Into op for the layer. False (and an empty output) if the engine refuses.
bool ComputeLayer(const Layer& layer, LayerPlan& plan, Workspace& ws);
// Runs one layer's op (the engine's *Into for its option struct) on x with
// weights w (ignored by pools) into y, which has the output's size.
Result<Shape> RunLayerInto(const Layer& layer, TensorView x, TensorView w, std::span<float> y, Workspace& ws);

}  // namespace cp
