// code_evaluator.h — code_binder.h's first step as a class: the Evaluator
// runs a paste's statements into the chain of modules it builds. Internal to
// state/formats (code_binder.h's Evaluate is its door).
//
// [SECTION] INDEX
//   NAMES      which calls build modules, which apply functions, which make the input;
//              the names a paste assigns (Env) and where a statement runs (Ctx)
//   Evaluator  VALUES and CALLS (code_binder.cpp): literals, names, arithmetic,
//              constructors, printout blocks, functions, torch.randn;
//              CLASSES and TOP LEVEL (code_classes.cpp): __init__ builds, forward
//              orders, statements in order
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "state/formats/code_binder.h"

namespace cp::code {

// [SECTION] NAMES

inline std::pair<std::string_view, std::string_view> SplitName(std::string_view name) {
    const size_t dot = name.rfind('.');
    if (dot == std::string_view::npos) return {"", name};
    return {name.substr(0, dot), name.substr(dot + 1)};
}
inline std::string_view HeadOf(std::string_view name) { return name.substr(0, name.find('.')); }

inline bool ModulePrefix(std::string_view p) { return p.empty() || p == "nn" || p == "torch.nn" || p == "nn.modules"; }
inline bool FunctionalPrefix(std::string_view p) {
    return p == "F" || p == "torch.nn.functional" || p == "nn.functional" || p == "torch";
}
inline bool IsTensorFactory(std::string_view prefix, std::string_view base) {
    return prefix == "torch" && (base == "randn" || base == "rand" || base == "zeros" || base == "ones" ||
                                 base == "empty" || base == "full" || base == "randint");
}
// Methods that hand back the module itself: model.to(device).eval()
inline bool ModuleMethodReturnsSelf(std::string_view m) {
    return m == "to" || m == "cuda" || m == "cpu" || m == "eval" || m == "train" || m == "float" || m == "double" ||
           m == "half" || m == "requires_grad_" || m == "apply";
}

using Env = std::vector<std::pair<std::string, Value>>;  // few names: a linear search is fine

inline const Value* Find(const Env& env, std::string_view name) {
    for (auto it = env.rbegin(); it != env.rend(); ++it)
        if (it->first == name) return &it->second;
    return nullptr;
}
inline void Set(Env& env, std::string_view name, Value v) {
    for (auto& [k, old] : env)
        if (k == name) {
            old = std::move(v);
            return;
        }
    env.emplace_back(std::string(name), std::move(v));
}

struct Ctx {
    Env* locals = nullptr;
    Env* self = nullptr;                      // inside a class: self's attributes
    std::vector<ModulePtr>* collect = nullptr;  // top level: modules built go to the chain
    bool in_ctor = false;                     // inside a constructor's arguments: its children, not the chain's
    std::vector<ModulePtr>* super_children = nullptr;  // a Sequential subclass's super().__init__(...)
};

class Evaluator {
public:
    explicit Evaluator(const Parsed& p) : p_(p) {}

    Evaluated Run() {
        Ctx top;
        top.locals = &globals_;
        top.collect = &out_.chain;
        Exec(p_.statements, top, 0);
        if (out_.chain.empty()) BuildOutermostClass();
        return std::move(out_);
    }

private:
    const Node& N(int i) const { return p_.nodes[size_t(i)]; }
    void Notice(std::string text) {
        for (const std::string& n : out_.notices)
            if (n == text) return;
        out_.notices.push_back(std::move(text));
    }

    // VALUES and CALLS (code_binder.cpp)

    Value Eval(int node, Ctx& ctx, int depth);
    Value Lookup(const Node& n, Ctx& ctx);
    Value Call(const Node& n, Ctx& ctx, int depth);

    void EvalArgs(const Node& n, Ctx& ctx, int depth, std::vector<Value>* args = nullptr,
                  std::vector<std::pair<std::string, Value>>* kwargs = nullptr) {
        for (int a : n.items) {
            Value v = Eval(a, ctx, depth + 1);
            if (args) args->push_back(std::move(v));
        }
        for (const auto& [k, a] : n.kwargs) {
            Value v = Eval(a, ctx, depth + 1);
            if (kwargs) kwargs->emplace_back(std::string(k), std::move(v));
        }
    }

    // A copy of `m` known by `name` (an attribute, a printout label, a position).
    static ModulePtr Named(const ModulePtr& m, std::string_view name) {
        if (!m || m->name == name) return m;
        auto copy = std::make_shared<Module>(*m);
        copy->name = std::string(name);
        return copy;
    }
    static ModulePtr Named(const ModulePtr& m, size_t index) { return Named(m, std::to_string(index)); }

    const Stmt* ClassNamed(std::string_view name) const {
        for (auto it = classes_.rbegin(); it != classes_.rend(); ++it)
            if (it->first == name) return it->second;
        return nullptr;
    }

    Value Built(ModulePtr m, Ctx& ctx);
    Value CallName(const Node& n, std::string_view name, Ctx& ctx, int depth);
    ModulePtr Construct(const Node& n, std::string_view type, Ctx& ctx, int depth);

    // CLASSES and TOP LEVEL (code_classes.cpp)

    ModulePtr Instantiate(const Stmt& cls, const std::vector<Value>& args,
                          const std::vector<std::pair<std::string, Value>>& kwargs, int line);
    bool Trace(const Stmt& forward, Env& self, std::vector<ModulePtr>& steps, std::string& why);

    int TraceExpr(int node, const std::string& current, const std::vector<std::string>& earlier, Env& self, Env& locals,
                  std::vector<ModulePtr>& steps, std::string& why, int depth);
    void Exec(const std::vector<Stmt>& body, Ctx& ctx, int depth);
    void BuildOutermostClass();

    const Parsed& p_;
    Evaluated out_;
    Env globals_;
    std::vector<std::pair<std::string, const Stmt*>> classes_;
    int instantiating_ = 0;
};

}  // namespace cp::code
