// code_table.h — one table of the torch.nn modules code in reads: each
// one's role (the shape rule code_modules.cpp applies) and its parameters by
// name, positional index and default, as PyTorch binds them. Internal to
// state/formats.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "state/formats/code_binder.h"

namespace cp::code {

enum class Role {
    Conv, ConvT, MaxPool, AvgPool, AdaptivePool, Pad, Upsample, Flatten, View, Linear,
    BatchNorm, GroupNorm, InstanceNorm, LayerNorm, PReLU, Pass
};

struct ParamSpec {
    std::string_view name;
    std::string_view fallback;  // the default as Python writes it; "" = required
};

struct ModuleSpec {
    std::string_view type;          // "Conv2d", "F.max_pool2d", "Tensor.view"
    Role role;
    std::vector<ParamSpec> params;  // in PyTorch's positional order
    bool lazy = false;              // Lazy*: in_channels / in_features from the chain
};

// The module of that type (as printed, or "F.xxx" / "torch.xxx" / "Tensor.xxx"), or null.
const ModuleSpec* SpecOf(std::string_view type);

// A default as Python writes it: None, True, 1, 0.1, 'zeros'.
Value Literal(std::string_view text);

// A module's arguments by the table's names; reads say what they expected.
class Args {
public:
    Args(const Module& m, const ModuleSpec& spec, std::string& error) : spec_(spec) {
        const std::string label = m.type.find('.') == std::string::npos ? "nn." + m.type : m.type;
        values_.resize(spec.params.size());
        given_.assign(spec.params.size(), false);
        if (m.args.size() > spec.params.size()) {
            error = label + "() takes at most " + std::to_string(spec.params.size()) + " arguments (" +
                    std::to_string(m.args.size()) + " given).";
            return;
        }
        for (size_t i = 0; i < m.args.size(); ++i) values_[i] = m.args[i], given_[i] = true;
        for (const auto& [key, v] : m.kwargs) {
            size_t i = 0;
            while (i < spec.params.size() && spec.params[i].name != key) ++i;
            if (i == spec.params.size()) {
                error = label + "() got an unexpected keyword argument '" + key + "'.";
                return;
            }
            if (given_[i]) {
                error = label + "() got multiple values for argument '" + key + "'.";
                return;
            }
            values_[i] = v, given_[i] = true;
        }
        for (size_t i = 0; i < spec.params.size(); ++i) {
            if (given_[i]) continue;
            if (spec.params[i].fallback.empty()) {
                error = label + "() is missing its argument '" + std::string(spec.params[i].name) + "'.";
                return;
            }
            values_[i] = Literal(spec.params[i].fallback);
        }
    }

    const Value& Get(std::string_view name) const {
        for (size_t i = 0; i < spec_.params.size(); ++i)
            if (spec_.params[i].name == name) return values_[i];
        static const Value none = Value::Of(Value::Kind::None);
        return none;
    }
    bool Given(std::string_view name) const {
        for (size_t i = 0; i < spec_.params.size(); ++i)
            if (spec_.params[i].name == name) return given_[i];
        return false;
    }
    bool IsNone(std::string_view name) const { return Get(name).kind == Value::Kind::None; }

    static std::string Bad(std::string_view name, const Value& v, std::string_view expected) {
        std::string s = std::string(name) + "=" + Shown(v.src) + ": expected " + std::string(expected);
        if (v.kind == Value::Kind::Unknown && !v.s.empty() && v.s.find("not read") == std::string::npos) s += " (" + v.s + ")";
        return s + ".";
    }
    Result<int> Int(std::string_view name) const { return IntOf(name, Get(name)); }
    static Result<int> IntOf(std::string_view name, const Value& v) {
        if (v.kind != Value::Kind::Int) return Result<int>::Fail(Bad(name, v, "an integer"));
        if (v.i > kMaxLiteral || v.i < -kMaxLiteral) return Result<int>::Fail(Bad(name, v, "an integer of at most 9 digits"));
        return int(v.i);
    }
    Result<Size2> Size(std::string_view name) const {
        const Value& v = Get(name);
        const char* expected = "an integer or a tuple of two";
        if (v.kind == Value::Kind::Int) {
            const Result<int> i = IntOf(name, v);
            if (!i.ok()) return Result<Size2>::Fail(i.error());
            return Size2{i.value(), i.value()};
        }
        if (v.kind != Value::Kind::Seq || v.items.size() != 2) return Result<Size2>::Fail(Bad(name, v, expected));
        const Result<int> h = IntOf(name, v.items[0]), w = IntOf(name, v.items[1]);
        if (!h.ok() || !w.ok()) return Result<Size2>::Fail(Bad(name, v, expected));
        return Size2{h.value(), w.value()};
    }
    Result<bool> Bool(std::string_view name) const {
        const Value& v = Get(name);
        if (v.kind == Value::Kind::Bool || (v.kind == Value::Kind::Int && (v.i == 0 || v.i == 1))) return v.i == 1;
        return Result<bool>::Fail(Bad(name, v, "True or False"));
    }
    // A string; a printout writes some unquoted (mode=nearest).
    std::optional<std::string> Str(std::string_view name) const {
        const Value& v = Get(name);
        if (v.kind == Value::Kind::Str) return v.s;
        if (v.kind == Value::Kind::Unknown && !v.src.empty() && v.src.find_first_of("()., ") == std::string::npos) return v.src;
        return std::nullopt;
    }

private:
    const ModuleSpec& spec_;
    std::vector<Value> values_;
    std::vector<bool> given_;
};


// Parameters from the constructor's arguments alone (no shapes): for a branch
// that is not followed (InceptionAux), so the total is still model.parameters()'.
int64_t ParamsFromArguments(const Module& m, int depth);

}  // namespace cp::code
