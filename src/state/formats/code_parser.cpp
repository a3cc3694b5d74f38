// code_parser.cpp — code_parser.h: pasted Python, read into statements
// (its tokens from code_tokens.h).
//
// Index
//   [SECTION] EXPRESSIONS  arithmetic, tuples, lists, calls, attributes, printout children
//   [SECTION] STATEMENTS   blocks by indentation; a statement not read is a notice
#include "state/formats/code_parser.h"

#include "state/formats/code_tokens.h"

#include <algorithm>
#include <cstdlib>

namespace cp::code {

std::string AtLine(int line) { return "line " + std::to_string(line) + ": "; }

std::string Shown(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.remove_suffix(1);
    std::string out;
    for (char c : s.substr(0, 60)) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    if (s.size() > 40) out = out.substr(0, 37) + "...";
    return out;
}

namespace {

// [SECTION] EXPRESSIONS

bool IsKeyword(std::string_view w) {
    static constexpr std::string_view kWords[] = {"if",   "elif",   "else",  "for",    "while",  "with",   "try",
                                                  "except", "finally", "class", "def",  "return", "import", "from",
                                                  "pass", "lambda", "yield", "assert", "raise",  "del",    "global",
                                                  "nonlocal", "break", "continue", "async", "await", "and", "or",
                                                  "not", "in", "is"};
    for (std::string_view k : kWords)
        if (w == k) return true;
    return false;
}

class Parser {
public:
    Parser(std::string_view text, const std::vector<Token>& tokens, Parsed& out) : text_(text), t_(tokens), out_(out) {}

    std::vector<Stmt> Block(int outer_indent, int depth) {
        std::vector<Stmt> stmts;
        while (true) {
            while (Peek().kind == Tok::Newline) ++pos_;
            const Token& first = Peek();
            if (first.kind == Tok::End || first.indent <= outer_indent) break;
            Stmt st;
            if (Statement(st, depth)) {
                if (st.kind != StmtKind::Skipped) stmts.push_back(std::move(st));
            } else {
                out_.notices.push_back({first.line, error_});
                error_.clear();
                SkipLine();
            }
        }
        return stmts;
    }

private:
    const Token& Peek() const { return t_[pos_]; }
    const Token& At(size_t ahead) const { return t_[std::min(pos_ + ahead, t_.size() - 1)]; }
    bool IsOp(std::string_view p, size_t ahead = 0) const { return At(ahead).kind == Tok::Op && At(ahead).text == p; }
    // A printout's child label: (conv1): or (0):
    bool IsLabel() const {
        return IsOp("(") && (At(1).kind == Tok::Name || At(1).kind == Tok::Int) && IsOp(")", 2) && IsOp(":", 3);
    }
    bool IsWord(std::string_view w) const { return Peek().kind == Tok::Name && Peek().text == w; }
    void SkipLine() {
        while (Peek().kind != Tok::Newline && Peek().kind != Tok::End) ++pos_;
    }
    int Fail(std::string message) {
        if (error_.empty()) error_ = std::move(message);
        return -1;
    }
    int Unexpected() {
        const Token& t = Peek();
        if (t.kind == Tok::End) return Fail(AtLine(t.line) + "the code ends too early (a bracket is not closed?).");
        if (t.kind == Tok::Newline) return Fail(AtLine(t.line) + "the line ends too early.");
        if (t.kind == Tok::Error && t.text == "a string is not closed") return Fail(AtLine(t.line) + "a string is not closed.");
        return Fail(AtLine(t.line) + "did not understand '" + Shown(t.text) + "'.");
    }
    std::string_view SpanFrom(const Token& first) const {
        const size_t end = pos_ > 0 ? t_[pos_ - 1].end : first.end;
        return text_.substr(first.begin, end > first.begin ? end - first.begin : 0);
    }
    int Add(Node n) {
        out_.nodes.push_back(std::move(n));
        return int(out_.nodes.size()) - 1;
    }

    // [SECTION] EXPRESSIONS (precedence climbing: + -, * / // %, unary -, **)
    int Expr(int depth) {
        if (depth > kMaxDepth) return Fail("the code nests more than " + std::to_string(kMaxDepth) + " deep.");
        const Token& first = Peek();
        int left = Term(depth);
        while (left >= 0 && (IsOp("+") || IsOp("-"))) left = BinaryRest(first, left, depth, &Parser::Term);
        return left;
    }
    int Term(int depth) {
        const Token& first = Peek();
        int left = Unary(depth);
        while (left >= 0 && (IsOp("*") || IsOp("/") || IsOp("//") || IsOp("%") || IsOp("@")))
            left = BinaryRest(first, left, depth, &Parser::Unary);
        return left;
    }
    int BinaryRest(const Token& first, int left, int depth, int (Parser::*next)(int)) {
        Node n;
        n.kind = NodeKind::Binary;
        n.text = Peek().text;
        n.line = Peek().line;
        ++pos_;
        n.callee = left;
        n.rhs = (this->*next)(depth);
        if (n.rhs < 0) return -1;
        n.src = SpanFrom(first);
        return Add(std::move(n));
    }
    int Unary(int depth) {
        if (depth > kMaxDepth) return Fail("the code nests more than " + std::to_string(kMaxDepth) + " deep.");
        const Token& first = Peek();
        if (IsOp("-") || IsOp("+")) {
            const bool minus = IsOp("-");
            ++pos_;
            const int inner = Unary(depth + 1);
            if (inner < 0 || !minus) return inner;
            Node n;
            n.kind = NodeKind::Neg;
            n.callee = inner;
            n.line = first.line;
            n.src = SpanFrom(first);
            return Add(std::move(n));
        }
        const int base = Primary(depth);
        if (base < 0 || !IsOp("**")) return base;
        return BinaryRest(first, base, depth, &Parser::Unary);
    }

    // A sequence up to `close`: items, and for a call keyword arguments and
    // printout children. Returns false (with error_) when it cannot be read.
    bool Items(Node& n, std::string_view close, bool call, int depth, bool* comma) {
        while (!IsOp(close)) {
            if (call && IsLabel()) {
                const std::string_view label = At(1).text;
                pos_ += 4;
                const int v = Expr(depth + 1);
                if (v < 0) return false;
                n.labelled.push_back({label, v});
            } else if (call && Peek().kind == Tok::Name && Peek().text[0] != '.' && IsOp("=", 1)) {
                const std::string_view key = Peek().text;
                pos_ += 2;
                const int v = Expr(depth + 1);
                if (v < 0) return false;
                n.kwargs.push_back({key, v});
            } else {
                if (IsOp("*") || IsOp("**")) return Unexpected() < -1;
                if (call && !n.kwargs.empty())
                    return Fail(AtLine(Peek().line) + "a positional argument follows a keyword argument.") < -1;
                const int v = Expr(depth + 1);
                if (v < 0) return false;
                n.items.push_back(v);
            }
            if (IsOp(",")) {
                ++pos_;
                if (comma) *comma = true;
            } else if (!IsOp(close) && !(call && IsOp("("))) {  // printout children need no comma
                return Unexpected() < -1;
            }
        }
        ++pos_;
        return true;
    }

    int Primary(int depth) {
        const Token& first = Peek();
        Node n;
        n.line = first.line;
        if (first.kind == Tok::Int) {
            n.kind = NodeKind::Int;
            n.value = first.value;
            ++pos_;
        } else if (first.kind == Tok::Float) {
            n.kind = NodeKind::Float;
            n.real = first.real;
            ++pos_;
        } else if (first.kind == Tok::Str) {
            n.kind = NodeKind::Str;
            n.text = first.text;
            ++pos_;
            while (Peek().kind == Tok::Str) ++pos_;  // 'a' 'b': only the first part is read
        } else if (first.kind == Tok::Name && first.text[0] != '.' && !IsKeyword(first.text)) {
            n.kind = NodeKind::Name;
            n.text = first.text;
            ++pos_;
        } else if (first.kind == Tok::Op && (first.text == "(" || first.text == "[")) {
            const std::string_view close = first.text == "(" ? ")" : "]";
            ++pos_;
            n.kind = close == ")" ? NodeKind::Tuple : NodeKind::List;
            bool comma = false;
            if (!Items(n, close, false, depth, &comma)) return -1;
            // (e) is e itself; (e,) and [e] are sequences.
            if (close == ")" && n.items.size() == 1 && !comma) {
                Node inner = out_.nodes[size_t(n.items[0])];
                inner.src = SpanFrom(first);
                n = std::move(inner);
            }
        } else {
            return Unexpected();
        }
        if (n.src.empty()) n.src = SpanFrom(first);
        int node = Add(std::move(n));
        // Calls, attributes and subscripts: nn.Conv2d(...)(x).shape[0]
        while (true) {
            if (depth > kMaxDepth) return Fail("the code nests more than " + std::to_string(kMaxDepth) + " deep.");
            Node next;
            next.callee = node;
            next.line = Peek().line;
            if (IsOp("(") && !IsLabel()) {
                ++pos_;
                next.kind = NodeKind::Call;
                next.line = first.line;
                if (!Items(next, ")", true, depth, nullptr)) return -1;
            } else if (IsOp("[")) {
                ++pos_;
                next.kind = NodeKind::Subscript;
                next.rhs = Expr(depth + 1);
                if (next.rhs < 0) return -1;
                if (!IsOp("]")) return Unexpected();
                ++pos_;
            } else if (Peek().kind == Tok::Name && Peek().text[0] == '.') {
                next.kind = NodeKind::Attr;
                next.text = Peek().text;
                ++pos_;
            } else {
                return node;
            }
            next.src = SpanFrom(first);
            node = Add(std::move(next));
            ++depth;
        }
    }

    // [SECTION] STATEMENTS

    // The body after a header's ':' — on the same line, or the indented block below.
    bool Body(Stmt& st, int header_indent, int depth) {
        if (!IsOp(":")) return Unexpected() < -1;
        ++pos_;
        if (depth >= kMaxBlockDepth)
            return Fail(AtLine(st.line) + "blocks nest more than " + std::to_string(kMaxBlockDepth) + " deep.") < -1;
        if (Peek().kind == Tok::Newline || Peek().kind == Tok::End) {
            st.body = Block(header_indent, depth + 1);
            return true;
        }
        Stmt inner;
        if (!Statement(inner, depth + 1)) return false;
        if (inner.kind != StmtKind::Skipped) st.body.push_back(std::move(inner));
        return true;
    }

    bool EndOfStatement() {
        if (IsOp(";")) ++pos_;
        if (Peek().kind == Tok::Newline || Peek().kind == Tok::End) return true;
        return Unexpected() < -1;
    }

    bool Statement(Stmt& st, int depth) {
        const Token& first = Peek();
        st.line = first.line;
        const int indent = first.indent;
        {
            size_t e = pos_;
            while (t_[e].kind != Tok::Newline && t_[e].kind != Tok::End && e - pos_ < 64) ++e;
            st.src = text_.substr(first.begin, (e > pos_ ? t_[e - 1].end : first.end) - first.begin);
        }
        // A printout line: (conv1): Conv2d(3, 64, ...)
        if (IsLabel()) {
            st.label = At(1).text;
            pos_ += 4;
        }
        if (first.kind == Tok::Name && (IsWord("import") || IsWord("from") || IsWord("pass") || IsWord("global") ||
                                        IsWord("nonlocal") || IsWord("del") || IsWord("assert") || IsWord("raise") ||
                                        IsWord("break") || IsWord("continue"))) {
            st.kind = StmtKind::Skipped;
            SkipLine();
            return true;
        }
        if (IsOp("@")) {  // a decorator
            st.kind = StmtKind::Skipped;
            SkipLine();
            return true;
        }
        if (IsWord("class") || IsWord("def")) {
            const bool is_class = IsWord("class");
            st.kind = is_class ? StmtKind::Class : StmtKind::Def;
            ++pos_;
            if (Peek().kind != Tok::Name || Peek().text[0] == '.') return Unexpected() < -1;
            st.target = Peek().text;
            ++pos_;
            if (IsOp("(")) {
                ++pos_;
                while (!IsOp(")")) {
                    if (is_class) {
                        const int base = Expr(1);
                        if (base < 0) return false;
                        st.bases.push_back(base);
                    } else {
                        while (IsOp("*") || IsOp("**")) ++pos_;
                        if (Peek().kind != Tok::Name) return Unexpected() < -1;
                        Param p{Peek().text, -1};
                        ++pos_;
                        if (IsOp(":")) {  // an annotation
                            ++pos_;
                            if (Expr(1) < 0) return false;
                        }
                        if (IsOp("=")) {
                            ++pos_;
                            p.default_value = Expr(1);
                            if (p.default_value < 0) return false;
                        }
                        st.params.push_back(p);
                    }
                    if (IsOp(",")) ++pos_;
                    else if (!IsOp(")")) return Unexpected() < -1;
                }
                ++pos_;
            }
            if (IsOp("->")) {
                ++pos_;
                if (Expr(1) < 0) return false;
            }
            return Body(st, indent, depth);
        }
        if (first.kind == Tok::Name && (IsWord("if") || IsWord("elif") || IsWord("else") || IsWord("for") ||
                                        IsWord("while") || IsWord("with") || IsWord("try") || IsWord("except") ||
                                        IsWord("finally") || IsWord("async"))) {
            st.kind = StmtKind::Block;
            // The header is not read: up to the ':' that ends the line.
            size_t colon = 0;
            for (size_t e = pos_; t_[e].kind != Tok::Newline && t_[e].kind != Tok::End; ++e)
                if (t_[e].kind == Tok::Op && t_[e].text == ":") colon = e;
            if (colon == 0) return Unexpected() < -1;
            // `if x: y` on one line: the colon read is the first one at depth 0
            for (size_t e = pos_; e < colon; ++e)
                if (t_[e].kind == Tok::Op && t_[e].text == ":" && !IsWord("else")) {
                    colon = e;
                    break;
                }
            pos_ = colon;
            return Body(st, indent, depth);
        }
        if (IsWord("return")) {
            st.kind = StmtKind::Return;
            ++pos_;
            if (Peek().kind != Tok::Newline && Peek().kind != Tok::End && !IsOp(";")) {
                st.expr = Expr(0);
                if (st.expr < 0) return false;
            }
            return EndOfStatement();
        }
        if (Peek().kind == Tok::Name && Peek().text[0] != '.' && !IsKeyword(Peek().text) && IsOp("=", 1)) {
            st.kind = StmtKind::Assign;
            st.target = Peek().text;
            pos_ += 2;
        } else if (Peek().kind == Tok::Name && (IsOp("+=", 1) || IsOp("-=", 1) || IsOp("*=", 1) || IsOp(":", 1))) {
            st.kind = StmtKind::Skipped;  // x += ..., an annotation: nothing a layer needs
            SkipLine();
            return true;
        } else {
            st.kind = StmtKind::Expr;
        }
        st.expr = Expr(0);
        if (st.expr < 0) return false;
        // a, b = ...: a tuple target is not read (no layer is built that way)
        if (st.kind == StmtKind::Expr && IsOp("=")) {
            st.kind = StmtKind::Skipped;
            SkipLine();
            return true;
        }
        return EndOfStatement();
    }

    std::string_view text_;
    const std::vector<Token>& t_;
    Parsed& out_;
    size_t pos_ = 0;
    std::string error_;
};

}  // namespace

Parsed Parse(std::string_view text) {
    Parsed out;
    std::vector<Token> tokens;
    if (!Tokenize(text, tokens)) {
        out.refused = "the code has more than " + std::to_string(kMaxTokens) + " tokens.";
        return out;
    }
    out.nodes.reserve(tokens.size());
    Parser parser(text, tokens, out);
    out.statements = parser.Block(-1, 0);
    return out;
}

}  // namespace cp::code
