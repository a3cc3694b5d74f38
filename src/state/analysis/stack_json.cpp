// stack_json.cpp — stack.h's StackJson: the summary as the page reads it
// (window.convplay.getStack()).
#include <cctype>
#include <cstdio>

#include "engine/names.h"
#include "state/analysis/stack.h"

namespace cp {

// [SECTION] JSON

namespace {

void Str(std::string& o, const std::string& v) {
    o += '"';
    for (const char ch : v) {
        const unsigned char c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') o += '\\', o += ch;
        else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            o += buf;
        } else o += ch;
    }
    o += '"';
}
void Num(std::string& o, int64_t v) { o += std::to_string(v); }
void Pair2(std::string& o, int64_t a, int64_t b) {
    o += '[';
    Num(o, a);
    o += ',';
    Num(o, b);
    o += ']';
}

}  // namespace

std::string StackJson(const StackSummary& s) {
    std::string o = "{\"input\":[";
    o += std::to_string(s.input.c) + "," + std::to_string(s.input.h) + "," + std::to_string(s.input.w) + "],\"layers\":[";
    for (size_t i = 0; i < s.rows.size(); ++i) {
        const StackRow& r = s.rows[i];
        if (i) o += ',';
        o += "{\"op\":";
        std::string lower = r.name;
        for (char& ch : lower) ch = char(std::tolower(static_cast<unsigned char>(ch)));
        Str(o, r.spatial ? std::string(TokenOf(r.op)) : lower);
        o += ",\"kind\":";
        Str(o, r.name);
        o += r.spatial ? ",\"spatial\":true" : ",\"spatial\":false";
        if (r.flat) o += ",\"flat\":true";
        o += ",\"label\":";
        Str(o, r.label);
        o += ",\"ok\":";
        o += r.ok ? "true" : "false";
        if (!r.ok) {
            o += ",\"error\":";
            Str(o, r.error);
            o += '}';
            continue;
        }
        o += ",\"out\":[" + std::to_string(r.out.c) + "," + std::to_string(r.out.h) + "," + std::to_string(r.out.w) + "]";
        if (r.rf_ok) {
            o += ",\"rf\":";
            Pair2(o, r.rf_h.size, r.rf_w.size);
            o += ",\"rfMin\":";
            Pair2(o, r.rf_h.size_min, r.rf_w.size_min);
            o += ",\"jump\":[";
            Str(o, r.rf_h.jump.Text());
            o += ',';
            Str(o, r.rf_w.jump.Text());
            o += "],\"start\":";
            Pair2(o, r.rf_h.start, r.rf_w.start);
            o += ",\"centre\":[";
            Str(o, r.rf_h.centre.Text());
            o += ',';
            Str(o, r.rf_w.centre.Text());
            o += "],\"period\":";
            Pair2(o, r.rf_h.period, r.rf_w.period);
        }
        o += ",\"params\":";
        Num(o, r.params);
        o += ",\"macs\":";
        Num(o, r.macs);
        o += ",\"drawable\":";
        o += r.drawable ? "true" : "false";
        o += ",\"torchinfoMacs\":";
        Num(o, r.torchinfo_macs);
        o += '}';
    }
    o += "],\"branches\":[";
    for (size_t i = 0; i < s.branches.size(); ++i) {
        const StackBranch& b = s.branches[i];
        if (i) o += ',';
        o += "{\"name\":";
        Str(o, b.name);
        o += ",\"from\":" + std::to_string(b.from) + ",\"join\":" + std::to_string(b.join);
        o += b.gate ? ",\"gate\":true" : ",\"gate\":false";
        o += b.ok ? ",\"ok\":true" : ",\"ok\":false";
        if (!b.ok) {
            o += ",\"error\":";
            Str(o, b.error);
        } else {
            o += ",\"out\":[" + std::to_string(b.out.c) + "," + std::to_string(b.out.h) + "," + std::to_string(b.out.w) + "]";
        }
        o += ",\"params\":";
        Num(o, b.params);
        o += ",\"macs\":";
        Num(o, b.macs);
        o += ",\"torchinfoMacs\":";
        Num(o, b.torchinfo_macs);
        o += ",\"layers\":[";
        for (size_t j = 0; j < b.rows.size(); ++j) {
            if (j) o += ',';
            Str(o, b.rows[j].label);
        }
        o += "]}";
    }
    o += "],\"totals\":{\"params\":";
    Num(o, s.params);
    o += ",\"macs\":";
    Num(o, s.macs);
    o += ",\"paramsByKind\":{\"conv\":";
    Num(o, s.params_conv);
    o += ",\"norm\":";
    Num(o, s.params_norm);
    o += ",\"linear\":";
    Num(o, s.params_linear);
    o += "},\"torchinfo\":{\"macs\":";
    Num(o, s.torchinfo_macs);
    o += ",\"convMacs\":";
    Num(o, s.torchinfo_conv_macs);
    o += "}},\"single\":";
    if (s.single) {
        o += "{\"kernel\":";
        Pair2(o, s.single_kernel.h, s.single_kernel.w);
        o += ",\"stride\":";
        Pair2(o, s.single_stride.h, s.single_stride.w);
        o += ",\"params\":";
        Num(o, s.single_params);
        o += '}';
    } else {
        o += "null";
    }
    o += ",\"stoppedAt\":";
    Num(o, s.stopped_at);
    o += ",\"values\":";
    o += s.values ? "true" : "false";
    o += ",\"warnings\":[";
    for (size_t i = 0; i < s.warnings.size(); ++i) {
        if (i) o += ',';
        Str(o, s.warnings[i]);
    }
    return o + "]}";
}

}  // namespace cp
