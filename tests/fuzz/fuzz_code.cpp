// fuzz_code.cpp — libFuzzer target for code in (code.h: code_parser.cpp,
// code_binder.cpp, code_modules.cpp, code_import.cpp): any bytes read as a
// paste without a crash, a hang or undefined behaviour; the notices are few,
// short and printable; a Doc that comes out survives Sanitize, planning and
// code out, and its code reads back.
// Built by the fuzz preset (clang, ASan + UBSan); scripts/fuzz --target code runs it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "state/formats/code.h"
#include "state/model/sanitize.h"

namespace {

[[noreturn]] void Fail(const char* what, const std::string& detail) {
    std::fprintf(stderr, "fuzz_code: %s\n%s\n", what, detail.c_str());
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const cp::CodeImport r = cp::ImportCode(text, cp::DefaultDoc());
    if (r.notices.size() > 64) Fail("too many notices", text);
    for (const std::string& n : r.notices) {
        if (n.size() > 400) Fail("a notice is too long", n);
        for (const char c : n)
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) Fail("a notice holds a control character", n);
    }
    if (r.model.rows.size() > size + 8) Fail("more rows than the text could name", text);
    if (!r.doc.ok()) {
        if (r.doc.error().empty()) Fail("a refusal without a message", text);
        return 0;
    }
    cp::Doc doc = r.doc.value();
    if (doc.layers.empty()) Fail("an accepted paste with no layer", text);
    cp::Sanitize(doc);
    (void)cp::PlanDoc(doc);
    const std::string code = cp::PyTorchCode(doc);
    if (code.empty()) Fail("no code out", text);
    (void)cp::KerasCodeOf(doc);
    (void)cp::CodeAppliedMessage(doc);
    // The Code tab's own code is read back.
    if (!cp::ParseLayerCode(code, doc).ok()) Fail("code out does not read back", code);
    return 0;
}
