// code_parser.h — a bounded parser for the Python subset people paste:
// tokens -> expressions (literals, names, arithmetic, tuples, calls with
// keyword arguments, attributes) -> statements (assignments, expressions,
// return, class and def blocks, other blocks by indentation). It also reads
// print(model) printouts: a call's `(name): Module(...)` children.
//
// It knows nothing of torch: code_binder.cpp gives the statements meaning.
// A statement it cannot read becomes a ParseNotice (line and what it did not
// understand) and the next statement is read: one bad token never loses the
// whole paste. Everything is bounded (characters, tokens, nesting) before it
// is allocated.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cp::code {

inline constexpr size_t kMaxTokens = 65536;   // resnet50's printout is ~9k, efficientnet_b0's ~20k
inline constexpr int kMaxDepth = 32;          // nested brackets in one expression
inline constexpr int kMaxBlockDepth = 8;      // class > def > if > ...
inline constexpr int64_t kMaxLiteral = 1000000000;

enum class NodeKind { Int, Float, Str, Name, Tuple, List, Call, Attr, Subscript, Binary, Neg };

struct Node {
    NodeKind kind = NodeKind::Int;
    int64_t value = 0;      // Int (kMaxLiteral + 1: too large)
    double real = 0;        // Float
    std::string_view text;  // Str (without quotes), Name (dotted), Attr (".shape"), Binary ("+", "//", ...)
    std::string_view src;   // the source text of the whole expression
    int line = 1;
    int callee = -1;  // Call, Attr, Subscript: the node called or read from; Binary: the left side
    int rhs = -1;     // Binary: the right side; Subscript: the index
    std::vector<int> items;                                 // Tuple and List items, Call positional arguments
    std::vector<std::pair<std::string_view, int>> kwargs;   // Call keyword arguments
    std::vector<std::pair<std::string_view, int>> labelled; // printout children: (name): Module(...)
};

enum class StmtKind { Expr, Assign, Return, Class, Def, Block, Skipped };

struct Param {
    std::string_view name;
    int default_value = -1;  // node, or -1
};

struct Stmt {
    StmtKind kind = StmtKind::Expr;
    int line = 1;
    std::string_view src;       // the statement's first line, for messages
    std::string_view target;    // Assign: `target = ...` (dotted: self.conv1); Class, Def: the name
    std::string_view label;     // a printout line's `(name):` prefix
    int expr = -1;              // Expr, Assign, Return (-1: bare return)
    std::vector<int> bases;     // Class
    std::vector<Param> params;  // Def
    std::vector<Stmt> body;     // Class, Def, Block (if/for/with/try ...: the header is not read)
};

struct ParseNotice {
    int line = 1;
    std::string text;  // "line 3: did not understand '@'."
};

struct Parsed {
    std::vector<Node> nodes;
    std::vector<Stmt> statements;
    std::vector<ParseNotice> notices;
    std::string refused;  // non-empty: the text was not read at all (too many tokens)
};

// Reads `text` (the caller bounds its length).
Parsed Parse(std::string_view text);

// "line 3: "
std::string AtLine(int line);
// The first 40 characters of a piece of source, for messages.
std::string Shown(std::string_view src);

}  // namespace cp::code
