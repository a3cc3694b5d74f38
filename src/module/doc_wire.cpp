// doc_wire.cpp — see doc_wire.h. Plain structs (options, cells) are copied as
// their bytes (both modules are one compiler's wasm32 build of them); strings
// and vectors as a count and their items. Every read is bounds-checked.
#include "module/doc_wire.h"

#include <cstdint>
#include <cstring>
#include <type_traits>

namespace cp {
namespace {

// What must match between writer and reader: the layout of everything copied
// as bytes. A new field changes a size, and old bytes are refused.
constexpr uint32_t kStamp = uint32_t(sizeof(InputSpec) * 1 + sizeof(Layer) * 131 + sizeof(LayerOptions) * 8191 +
                                     sizeof(CellValue) * 524287 + sizeof(Conv2dOptions) * 17 +
                                     sizeof(ConvTranspose2dOptions) * 257 + sizeof(MaxPool2dOptions) * 65537 +
                                     sizeof(AvgPool2dOptions) * 3 + sizeof(Pad2dOptions) * 5 +
                                     sizeof(AdaptivePool2dOptions) * 7 + sizeof(UpsampleOptions) * 11 +
                                     sizeof(LinearOptions) * 13);

struct Writer {
    std::string out;
    template <class T>
    void Raw(const T& v) {
        static_assert(std::is_trivially_copyable_v<T>);
        out.append(reinterpret_cast<const char*>(&v), sizeof v);
    }
    void Text(const std::string& s) {
        Raw(uint32_t(s.size()));
        out += s;
    }
    void Cells(const std::vector<CellValue>& cells) {
        Raw(uint32_t(cells.size()));
        for (const CellValue& c : cells) Raw(c);
    }
};

struct Reader {
    std::string_view in;
    bool ok = true;
    template <class T>
    void Raw(T& v) {
        static_assert(std::is_trivially_copyable_v<T>);
        if (!ok || in.size() < sizeof v) {
            ok = false;
            return;
        }
        std::memcpy(&v, in.data(), sizeof v);
        in.remove_prefix(sizeof v);
    }
    uint32_t Count(size_t item_size) {
        uint32_t n = 0;
        Raw(n);
        if (ok && size_t(n) * item_size > in.size()) ok = false;  // before anything is allocated
        return ok ? n : 0;
    }
    void Text(std::string& s) {
        const uint32_t n = Count(1);
        s.assign(in.substr(0, n));
        in.remove_prefix(n);
    }
    void Cells(std::vector<CellValue>& cells) {
        cells.resize(Count(sizeof(CellValue)));
        for (CellValue& c : cells) Raw(c);
    }
};

// Each alternative of LayerOptions: a plain struct as bytes, the pass-through
// layer's strings one by one.
template <class T>
void WriteOptions(Writer& w, const T& o) {
    if constexpr (std::is_same_v<T, PassThroughOptions>) {
        w.Text(o.name);
        w.Text(o.args);
        w.Raw(o.params);
    } else {
        w.Raw(o);
    }
}
template <class T>
void ReadOptions(Reader& r, T& o) {
    if constexpr (std::is_same_v<T, PassThroughOptions>) {
        r.Text(o.name);
        r.Text(o.args);
        r.Raw(o.params);
    } else {
        r.Raw(o);
    }
}

// options = the alternative at `index`, default-constructed, for ReadOptions to fill.
template <size_t I = 0>
bool EmplaceAlternative(LayerOptions& options, size_t index) {
    if constexpr (I < std::variant_size_v<LayerOptions>) {
        if (index == I) {
            options.emplace<I>();
            return true;
        }
        return EmplaceAlternative<I + 1>(options, index);
    } else {
        return false;
    }
}

}  // namespace

std::string DocToWire(const Doc& doc) {
    Writer w;
    w.Raw(kStamp);
    w.Raw(doc.input.h);
    w.Raw(doc.input.w);
    w.Raw(doc.input.channels);
    w.Raw(doc.input.seed);
    w.Cells(doc.input.edits);
    w.Raw(doc.flip_kernel);
    w.Raw(uint32_t(doc.layers.size()));
    for (const Layer& layer : doc.layers) {
        w.Raw(uint32_t(layer.options.index()));
        std::visit([&](const auto& o) { WriteOptions(w, o); }, layer.options);
        w.Raw(layer.kernel);
        w.Raw(layer.out_channels);
        w.Raw(layer.bias);
        w.Raw(layer.kernel_preset);
        w.Cells(layer.weight_edits);
    }
    return std::move(w.out);
}

std::optional<Doc> DocFromWire(std::string_view bytes) {
    Reader r{bytes};
    uint32_t stamp = 0;
    r.Raw(stamp);
    if (!r.ok || stamp != kStamp) return std::nullopt;
    Doc doc;
    r.Raw(doc.input.h);
    r.Raw(doc.input.w);
    r.Raw(doc.input.channels);
    r.Raw(doc.input.seed);
    r.Cells(doc.input.edits);
    r.Raw(doc.flip_kernel);
    // Each layer takes more than 8 bytes: a count past that is not a Doc.
    doc.layers.resize(r.Count(8));
    for (Layer& layer : doc.layers) {
        uint32_t index = 0;
        r.Raw(index);
        if (!r.ok || !EmplaceAlternative(layer.options, index)) return std::nullopt;
        std::visit([&](auto& o) { ReadOptions(r, o); }, layer.options);
        r.Raw(layer.kernel);
        r.Raw(layer.out_channels);
        r.Raw(layer.bias);
        r.Raw(layer.kernel_preset);
        r.Cells(layer.weight_edits);
    }
    if (!r.ok || !r.in.empty()) return std::nullopt;
    return doc;
}

}  // namespace cp
