// code_modules.cpp — code_binder.h's second step: each module's shape rule,
// run down a chain into PastedRows (the modules' named arguments are
// code_table.cpp's). The Runner is code_runner.h's.
//
// Index
//   [SECTION] BLOCKS     containers: in order, residual blocks with a checked side branch,
//                        parallel branches concatenated, squeeze-and-excitation gates
//   (LAYERS, one row per module, its shape by PyTorch's rule: code_module_layers.cpp)
#include <algorithm>

#include "state/formats/code_runner.h"
#include "state/formats/code_table.h"

namespace cp::code {
namespace {

// [SECTION] BLOCKS

bool IsGate(std::string_view type) {
    return type.find("SqueezeExcit") != std::string_view::npos || type == "SELayer" || type == "SEBlock" ||
           type == "SEModule" || type == "SqueezeExcite";
}
bool KnownSequence(std::string_view type) {
    return type == "Sequential" || type == "ModuleList" || type == "Conv2dNormActivation" ||
           type == "ConvNormActivation" || type == "BasicConv2d" || type == "InvertedResidual" || type == "MBConv" ||
           type == "FusedMBConv" || type == "ConvBNReLU" || type == "ConvBNActivation";
}

}  // namespace

bool Runner::Step(const Module& m, const std::string& path, bool side, ChainState& st, int depth) {
    if (depth > 32) return Stop(m, "blocks nest more than 32 deep.");
    if (!m.container) return Leaf(m, path, side, st);
    if (!m.note.empty()) Notice(AtLine(m.line) + m.note);
    if (IsGate(m.type)) return Gate(m, path, st, depth);
    std::vector<ModulePtr> main, branch;
    bool residual = m.type == "BasicBlock" || m.type == "Bottleneck";
    for (const ModulePtr& c : m.children) {
        if (c->name == "downsample" || c->name == "shortcut") branch.push_back(c), residual = true;
        else main.push_back(c);
    }
    if (m.type == "Fire" || StartsWith(m.type, "Inception") ||
        (!main.empty() && std::all_of(main.begin(), main.end(), [](const ModulePtr& c) { return StartsWith(c->name, "branch"); })))
        return Concat(m, path, st, depth);
    if (!KnownSequence(m.type) && !residual && m.note.empty() && depth > 0)
        Notice(AtLine(m.line) + m.type + ": its modules are read in the order printed (a printout does not show forward).");
    const ChainState in = st;
    // InceptionAux heads run in training only: rows on the side, params counted, no stop.
    std::vector<ModulePtr> run;
    for (const ModulePtr& c : main) {
        if (c->type == "InceptionAux" || StartsWith(c->name, "aux")) {
            PastedRow row = Row(*c, path.empty() ? c->name : path + "." + c->name, true, st);
            row.kind = PastedKind::PassThrough;
            row.params = ParamsFromArguments(*c, 0);
            row.note = "runs in training only (its forward pools first): parameters counted, shapes not followed";
            out_.rows.push_back(row);
            Notice(AtLine(c->line) + c->type + " (" + c->name + ") runs in training only: a side row with its parameters.");
            continue;
        }
        if (!Run({c}, path, side, st, depth + 1)) return false;
    }
    if (!branch.empty()) {
        ChainState b = in;
        if (!Run(branch, path, true, b, depth + 1)) return false;
        if (b.s != st.s || b.flat != st.flat)
            return Stop(m, m.type + ": its main path gives " + ShapeText(st.s, st.flat) + " but its " + branch[0]->name +
                               " branch gives " + ShapeText(b.s, b.flat) + "; PyTorch raises when it adds them.");
    } else if (residual && (in.s != st.s || in.flat != st.flat)) {
        return Stop(m, m.type + " adds its input (" + ShapeText(in.s, in.flat) + ") to its output (" +
                           ShapeText(st.s, st.flat) + ") but has no downsample; PyTorch raises.");
    }
    return true;
}

// A squeeze-and-excitation gate: its branch (pool, two 1x1 convs) scales
// the input, so the shape is kept; the branch is run to count its parameters.
bool Runner::Gate(const Module& m, const std::string& path, ChainState& st, int depth) {
    ChainState b = st;
    const size_t first = out_.rows.size();
    if (!Run(m.children, path, true, b, depth + 1)) return false;
    PastedRow row = Row(m, path, false, st);
    row.kind = PastedKind::PassThrough;
    row.note = "a gate: its branch (" + std::to_string(out_.rows.size() - first) + " modules, shown on the side) scales the input, so the shape is kept.";
    out_.rows.push_back(row);
    return true;
}

// Parallel branches on one input, concatenated on channels (GoogLeNet's
// Inception, SqueezeNet's Fire after its squeeze). Branches are named by
// their prefix: expand1x1 and expand1x1_activation are one branch.
bool Runner::Concat(const Module& m, const std::string& path, ChainState& st, int depth) {
    std::vector<std::pair<std::string, std::vector<ModulePtr>>> branches;
    std::vector<ModulePtr> before;
    for (const ModulePtr& c : m.children) {
        const std::string group = c->name.substr(0, c->name.find('_'));
        const bool parallel = StartsWith(c->name, "branch") || StartsWith(c->name, "expand");
        if (!parallel && branches.empty()) {
            before.push_back(c);
            continue;
        }
        if (branches.empty() || branches.back().first != group) branches.push_back({group, {}});
        branches.back().second.push_back(c);
    }
    if (!Run(before, path, false, st, depth + 1)) return false;
    if (branches.empty()) return true;
    const ChainState in = st;
    int channels = 0;
    std::string parts;
    Shape out = in.s;
    for (size_t i = 0; i < branches.size(); ++i) {
        ChainState b = in;
        if (!Run(branches[i].second, path, true, b, depth + 1)) return false;
        if (b.flat || (i > 0 && (b.s.h != out.h || b.s.w != out.w)))
            return Stop(m, m.type + ": its branches give maps of different sizes (" + ShapeText(out, false) + " and " +
                               ShapeText(b.s, b.flat) + "); they cannot be concatenated.");
        out = b.s;
        channels += b.s.c;
        parts += (i ? "+" : "") + std::to_string(b.s.c);
    }
    out.c = channels;
    PastedRow row = Row(m, path, false, st);
    row.kind = PastedKind::Concat;
    st.s = out;
    row.out = out;
    row.note = std::to_string(branches.size()) + " parallel branches (shown on the side) concatenated: " + parts +
               " channels.";
    out_.rows.push_back(row);
    return true;
}

void RunChain(const std::vector<ModulePtr>& chain, Shape in, PastedModel& out) {
    ChainState st{in, false};
    Runner(out).Run(chain, "", false, st, 0);
}

}  // namespace cp::code

namespace cp {
int64_t PastedModel::Params() const {
    int64_t total = 0;
    for (const PastedRow& r : rows) total += r.params;
    return total;
}
}  // namespace cp
