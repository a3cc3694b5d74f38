// code_runner.h — code_modules.cpp's and code_module_layers.cpp's Runner:
// the chain of modules a paste builds, run on a shape into PastedRows.
// Internal to state/formats (code_binder.h's RunChain is its door).
//
// [SECTION] INDEX
//   ChainState, ShapeText   the shape the chain has reached, in words
//   Runner             BLOCKS (code_modules.cpp): containers, residual blocks,
//                      gates, parallel branches; LAYERS (code_module_layers.cpp):
//                      one row per module
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "state/formats/code_binder.h"

namespace cp::code {

inline std::string ShapeText(Shape s, bool flat) {
    if (flat) return std::to_string(s.c) + " features";
    return std::to_string(s.c) + "x" + std::to_string(s.h) + "x" + std::to_string(s.w);
}

struct ChainState {
    Shape s;
    bool flat = false;
};

inline bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
class Runner {
public:
    explicit Runner(PastedModel& out) : out_(out) {}

    // False when the chain stopped (out_.stopped says why).
    bool Run(const std::vector<ModulePtr>& chain, const std::string& path, bool side, ChainState& st, int depth) {
        for (size_t i = 0; i < chain.size(); ++i) {
            const Module& m = *chain[i];
            const std::string name = m.name.empty() ? (chain.size() > 1 ? std::to_string(i) : "") : m.name;
            const std::string at = path.empty() ? name : name.empty() ? path : path + "." + name;
            if (!Step(m, at, side, st, depth)) return false;
        }
        return true;
    }

private:
    bool Stop(const Module& m, const std::string& why) {
        if (out_.stopped.empty()) out_.stopped = AtLine(m.line) + why;
        Notice(AtLine(m.line) + why);
        return false;
    }
    void Notice(std::string text) {
        for (const std::string& n : out_.notices)
            if (n == text) return;
        out_.notices.push_back(std::move(text));
    }

    // BLOCKS (code_modules.cpp): a module, a container in order, a gate, parallel branches.
    bool Step(const Module& m, const std::string& path, bool side, ChainState& st, int depth);
    bool Gate(const Module& m, const std::string& path, ChainState& st, int depth);
    bool Concat(const Module& m, const std::string& path, ChainState& st, int depth);

    // LAYERS (code_module_layers.cpp): one row per module, its shape by PyTorch's rule.
    static std::string ValueText(const Value& v);
    static std::string ArgsText(const Module& m);

    PastedRow Row(const Module& m, const std::string& path, bool side, const ChainState& st) const {
        PastedRow r;
        r.path = path;
        r.type = m.type;
        r.args = ArgsText(m);
        r.line = m.line;
        r.in = st.s;
        r.out = st.s;
        r.flat = st.flat;
        r.side = side;
        return r;
    }

    bool Leaf(const Module& m, const std::string& path, bool side, ChainState& st);
    void FlattenBefore(const Module& m, const std::string& path, bool pools, ChainState& st);
    bool Refused(const Module& m, PastedRow row, const std::string& why, ChainState& st);

    bool blind_ = false;  // after a refused layer: no shapes, only layers

    PastedModel& out_;
};

}  // namespace cp::code
