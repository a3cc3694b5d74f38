// code_tokens.cpp — code_tokens.h.
#include "state/formats/code_tokens.h"

#include "state/formats/code_parser.h"

namespace cp::code {
namespace {

bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsNameChar(char c) { return IsNameStart(c) || IsDigit(c); }

constexpr std::string_view kTwoCharOps[] = {"//", "**", "==", "!=", "<=", ">=", "->", "+=", "-=", "*=", "/=", "%=", ":="};
constexpr std::string_view kOneCharOps = "()[]{},=:+-*/%<>@&|^~;!.";

class Tokenizer {
public:
    explicit Tokenizer(std::string_view text) : s_(text) {}

    // False when the text has more than kMaxTokens tokens.
    bool Run(std::vector<Token>& out) {
        while (i_ < s_.size()) {
            if (out.size() > kMaxTokens) return false;
            const char c = s_[i_];
            if (c == '#') {
                while (i_ < s_.size() && s_[i_] != '\n') ++i_;
            } else if (c == '\n') {
                if (depth_ == 0 && !out.empty() && out.back().kind != Tok::Newline) Push(out, Tok::Newline, i_, i_ + 1);
                ++line_, ++i_;
                line_start_ = true, column_ = 0;
                continue;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                column_ += c == '\t' ? 4 : 1;
                ++i_;
                continue;
            } else if (c == '\\' && i_ + 1 < s_.size() && (s_[i_ + 1] == '\n' || s_[i_ + 1] == '\r')) {
                i_ += s_[i_ + 1] == '\r' && i_ + 2 < s_.size() && s_[i_ + 2] == '\n' ? 3 : 2;
                ++line_;
                continue;
            } else if (IsNameStart(c) || (c == '.' && i_ + 1 < s_.size() && IsNameStart(s_[i_ + 1]))) {
                Name(out);
            } else if (IsDigit(c) || (c == '.' && i_ + 1 < s_.size() && IsDigit(s_[i_ + 1]))) {
                Number(out);
            } else if (c == '\'' || c == '"') {
                String(out, i_);
            } else {
                Operator(out);
            }
            ++column_;  // any token: the line's indent is read only at its start
        }
        Push(out, Tok::End, s_.size(), s_.size());
        return true;
    }

private:
    void Push(std::vector<Token>& out, Tok kind, size_t begin, size_t end) {
        Token t;
        t.kind = kind;
        t.text = s_.substr(begin, end - begin);
        t.line = line_;
        t.begin = begin, t.end = end;
        t.line_start = line_start_ && kind != Tok::Newline;
        if (t.line_start) indent_ = column_;
        t.indent = indent_;
        if (kind != Tok::Newline) line_start_ = false;
        out.push_back(t);
    }

    void Name(std::vector<Token>& out) {
        const size_t start = i_++;
        while (i_ < s_.size() && (IsNameChar(s_[i_]) || (s_[i_] == '.' && i_ + 1 < s_.size() && IsNameStart(s_[i_ + 1]))))
            ++i_;
        const std::string_view name = s_.substr(start, i_ - start);
        // r'...', f"...", b'...': a string with a prefix
        if (i_ < s_.size() && (s_[i_] == '\'' || s_[i_] == '"') && name.size() <= 2 &&
            name.find_first_not_of("rRbBfFuU") == std::string_view::npos) {
            String(out, start);
            return;
        }
        Push(out, Tok::Name, start, i_);
    }

    void Number(std::vector<Token>& out) {
        const size_t start = i_;
        int64_t v = 0;
        bool real = false;
        while (i_ < s_.size() && (IsDigit(s_[i_]) || s_[i_] == '_')) {
            if (s_[i_] != '_') v = std::min<int64_t>(v * 10 + (s_[i_] - '0'), kMaxLiteral + 1);
            ++i_;
        }
        if (i_ < s_.size() && (s_[i_] == 'x' || s_[i_] == 'X' || s_[i_] == 'b' || s_[i_] == 'o') && v == 0 &&
            i_ - start == 1) {  // 0x.., 0b.., 0o..: read as a name-like error
            while (i_ < s_.size() && IsNameChar(s_[i_])) ++i_;
            Push(out, Tok::Error, start, i_);
            return;
        }
        while (i_ < s_.size() && (s_[i_] == '.' || IsDigit(s_[i_]) || s_[i_] == '_')) real = true, ++i_;
        if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
            real = true, ++i_;
            if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
            while (i_ < s_.size() && IsDigit(s_[i_])) ++i_;
        }
        Push(out, real ? Tok::Float : Tok::Int, start, i_);
        if (real) {
            std::string digits;
            for (char ch : s_.substr(start, std::min<size_t>(i_ - start, 40)))
                if (ch != '_') digits += ch;
            out.back().real = std::strtod(digits.c_str(), nullptr);
        }
        out.back().value = v;
    }

    // A quoted string from `start` (its prefix, if any); triple quotes span lines.
    void String(std::vector<Token>& out, size_t start) {
        while (s_[i_] != '\'' && s_[i_] != '"') ++i_;
        const char q = s_[i_];
        const bool triple = i_ + 2 < s_.size() && s_[i_ + 1] == q && s_[i_ + 2] == q;
        const size_t open = i_ + (triple ? 3 : 1);
        const int first_line = line_;
        size_t j = open;
        while (j < s_.size()) {
            if (s_[j] == '\\' && j + 1 < s_.size()) {
                if (s_[j + 1] == '\n') ++line_;
                j += 2;
                continue;
            }
            if (s_[j] == '\n') {
                if (!triple) break;
                ++line_;
            }
            if (s_[j] == q && (!triple || (j + 2 < s_.size() && s_[j + 1] == q && s_[j + 2] == q))) break;
            ++j;
        }
        const int end_line = line_;
        line_ = first_line;
        if (j >= s_.size() || s_[j] != q) {  // not closed: an error token to the end of the line
            line_ = end_line;
            i_ = j;
            Push(out, Tok::Error, start, j);
            out.back().text = "a string is not closed";
            return;
        }
        Push(out, Tok::Str, start, j + (triple ? 3 : 1));
        out.back().text = s_.substr(open, j - open);
        line_ = end_line;
        i_ = j + (triple ? 3 : 1);
    }

    void Operator(std::vector<Token>& out) {
        for (std::string_view op : kTwoCharOps)
            if (s_.substr(i_, 2) == op) {
                Push(out, Tok::Op, i_, i_ + 2);
                i_ += 2;
                return;
            }
        const char c = s_[i_];
        if (kOneCharOps.find(c) == std::string_view::npos) {
            size_t n = 1;  // one UTF-8 character, whole, in the message
            while (i_ + n < s_.size() && (static_cast<unsigned char>(s_[i_ + n]) & 0xC0) == 0x80 && n < 4) ++n;
            Push(out, Tok::Error, i_, i_ + n);
            i_ += n;
            return;
        }
        if (c == '(' || c == '[' || c == '{') ++depth_;
        if ((c == ')' || c == ']' || c == '}') && depth_ > 0) --depth_;
        Push(out, Tok::Op, i_, i_ + 1);
        ++i_;
    }

    std::string_view s_;
    size_t i_ = 0;
    int line_ = 1, depth_ = 0, column_ = 0, indent_ = 0;
    bool line_start_ = true;
};

}  // namespace

bool Tokenize(std::string_view text, std::vector<Token>& out) { return Tokenizer(text).Run(out); }

}  // namespace cp::code
