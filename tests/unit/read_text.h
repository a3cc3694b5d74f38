// read_text.h — a test data file's whole text (the golden models' printouts
// and JSON); empty when it cannot be read.
#pragma once
#include <fstream>
#include <sstream>
#include <string>

inline std::string ReadText(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
