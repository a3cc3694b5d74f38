// doc_wire.h — a Doc as bytes, between the app and the code tools module
// (convplay-tools.wasm), which are two builds of the same sources.
//
// Why not the codec's link text: a link has no keys for the layers the
// figure does not draw (a pasted BatchNorm, ReLU or Linear; commit.h
// ThroughCodec), and the code writers must see them. This is not a format:
// it never leaves the page, is never stored, and holds the Doc exactly, so
// both modules see the same document. A layout stamp (the sizes of the
// structs it copies) refuses bytes from a different build.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "state/model/doc.h"

namespace cp {

std::string DocToWire(const Doc& doc);
// nullopt when the bytes are not a Doc written by this build.
std::optional<Doc> DocFromWire(std::string_view bytes);

}  // namespace cp
