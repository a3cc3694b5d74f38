// code_tokens.h — the tokens of pasted Python: names (dotted), numbers,
// strings, operators, and each line's start and indent (what code_parser.cpp
// reads statements from). Internal to the code parser.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace cp::code {

enum class Tok { Name, Int, Float, Str, Op, Newline, Error, End };

struct Token {
    Tok kind = Tok::End;
    std::string_view text;  // Str: without the quotes
    int64_t value = 0;      // Int
    double real = 0;        // Float
    int line = 1;
    int indent = 0;          // the column of its line's first token
    bool line_start = false;
    size_t begin = 0, end = 0;  // offsets in the text
};

// The text's tokens, ending with one Tok::End. False (tokens left partial)
// when the text has more than kMaxTokens (code_parser.h) of them.
bool Tokenize(std::string_view text, std::vector<Token>& out);

}  // namespace cp::code
