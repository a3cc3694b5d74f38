// code_binder.h — code in, after parsing: what the statements build.
//
// Two steps:
//   code_binder.cpp   statements -> values: names assigned earlier, integer
//                     arithmetic (code_values.cpp), torch.nn constructors,
//                     printout blocks, user classes (__init__ builds, forward
//                     orders) -> the chain of modules the paste builds, and
//                     its input tensor.
//   code_modules.cpp  the chain of modules run on a shape -> PastedRows, each
//                     module's arguments bound by name through the table of
//                     torch.nn modules (code_table.h: name, position, default).
// code.h's ReadModelCode and ImportCode join them; they are internal to
// state/formats.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "state/formats/code.h"
#include "state/formats/code_parser.h"

namespace cp::code {

struct Module;
using ModulePtr = std::shared_ptr<const Module>;

// A Python value as far as shapes need it. Unknown carries why (a name not
// assigned, a call not read), said only when a shape needs the value.
struct Value {
    enum class Kind { Unknown, None, Bool, Int, Float, Str, Seq, Module, Tensor };
    Kind kind = Kind::Unknown;
    int64_t i = 0;  // Int, Bool
    double f = 0;   // Float
    std::string s;  // Str; Unknown: why
    std::vector<Value> items;  // Seq
    ModulePtr module;          // Module
    std::string src;           // the source text it came from, for messages
    static Value Of(Kind k) {
        Value v;
        v.kind = k;
        return v;
    }
};

// A module as constructed: its type, its arguments as given (bound to named
// parameters only when it runs, by code_modules.cpp's table), and for a
// container the modules it runs in order.
struct Module {
    std::string type;   // "Conv2d", "Sequential", "BasicBlock", "F.max_pool2d", "Net"
    std::string name;   // the attribute or printout label it is known by ("conv1", "0"), or ""
    int line = 1;
    std::string src;    // the constructor call as written (first 40 characters)
    std::vector<Value> args;
    std::vector<std::pair<std::string, Value>> kwargs;
    std::vector<ModulePtr> children;  // a container's modules, in the order they run
    bool container = false;           // Sequential, a printout block, a user class
    std::string note;                 // what the paste made of it ("forward is not a plain chain: ...")
};

struct Evaluated {
    std::vector<ModulePtr> chain;       // the modules the paste builds or applies, in order
    std::optional<std::vector<Value>> input;  // torch.randn(...)'s sizes
    int input_line = 0;
    std::vector<std::string> notices;
};

Evaluated Evaluate(const Parsed& parsed);

// a <op> b for a Binary node (code_values.cpp): numbers only, as Python computes them.
Value Arithmetic(const Node& n, const Value& a, const Value& b);
// A value not known, with why (and the source text it came from); an integer.
Value UnknownValue(std::string why, std::string_view src = {});
Value IntValue(int64_t i);

// Runs the chain on `in` (N = 1) into rows; notices and the stop go to `out`.
void RunChain(const std::vector<ModulePtr>& chain, Shape in, PastedModel& out);

}  // namespace cp::code
