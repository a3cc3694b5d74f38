// code_binder.cpp — code_binder.h's first step: statements -> the chain of
// modules a paste builds (the second, modules -> rows, is code_modules.cpp).
// The Evaluator is declared in code_evaluator.h; its classes and top level
// are code_classes.cpp.
//
// Index
//   [SECTION] VALUES       literals, names, arithmetic, sequences
//   [SECTION] CALLS        constructors, printout blocks, functions, torch.randn
#include <cmath>

#include "state/formats/code_evaluator.h"

namespace cp::code {

// [SECTION] VALUES

Value Evaluator::Eval(int node, Ctx& ctx, int depth) {
    if (node < 0) return UnknownValue("nothing");
    if (depth > 4 * kMaxDepth) return UnknownValue("nests too deep");
    const Node& n = N(node);
    Value v;
    v.src = std::string(n.src.substr(0, 80));
    switch (n.kind) {
        case NodeKind::Int:
            if (n.value > kMaxLiteral) return UnknownValue(Shown(n.src) + " is too large", n.src);
            v.kind = Value::Kind::Int;
            v.i = n.value;
            return v;
        case NodeKind::Float:
            v.kind = Value::Kind::Float;
            v.f = n.real;
            return v;
        case NodeKind::Str:
            v.kind = Value::Kind::Str;
            v.s = std::string(n.text);
            return v;
        case NodeKind::Name: return Lookup(n, ctx);
        case NodeKind::Tuple:
        case NodeKind::List:
            v.kind = Value::Kind::Seq;
            for (int item : n.items) v.items.push_back(Eval(item, ctx, depth + 1));
            return v;
        case NodeKind::Neg: {
            Value inner = Eval(n.callee, ctx, depth + 1);
            if (inner.kind == Value::Kind::Int) inner.i = -inner.i;
            else if (inner.kind == Value::Kind::Float) inner.f = -inner.f;
            else return UnknownValue(Shown(n.src) + " is not a number", n.src);
            inner.src = v.src;
            return inner;
        }
        case NodeKind::Binary: return Arithmetic(n, Eval(n.callee, ctx, depth + 1), Eval(n.rhs, ctx, depth + 1));
        case NodeKind::Subscript: {
            const Value base = Eval(n.callee, ctx, depth + 1), index = Eval(n.rhs, ctx, depth + 1);
            if (base.kind == Value::Kind::Seq && index.kind == Value::Kind::Int) {
                const int64_t i = index.i < 0 ? index.i + int64_t(base.items.size()) : index.i;
                if (i >= 0 && i < int64_t(base.items.size())) return base.items[size_t(i)];
            }
            return UnknownValue(Shown(n.src) + " is not read", n.src);
        }
        case NodeKind::Attr: {
            const Value base = Eval(n.callee, ctx, depth + 1);
            return UnknownValue(Shown(n.src) + " is not read", n.src);
        }
        case NodeKind::Call: return Call(n, ctx, depth);
    }
    return v;
}

Value Evaluator::Lookup(const Node& n, Ctx& ctx) {
    const std::string_view name = n.text;
    Value v;
    v.src = std::string(name);
    if (name == "None") return v.kind = Value::Kind::None, v;
    if (name == "True" || name == "False") {
        v.kind = Value::Kind::Bool;
        v.i = name == "True";
        return v;
    }
    if (name.substr(0, 5) == "self." && ctx.self) {
        if (const Value* found = Find(*ctx.self, name.substr(5))) return *found;
    }
    if (ctx.locals)
        if (const Value* found = Find(*ctx.locals, name)) return *found;
    if (const Value* found = Find(globals_, name)) return *found;
    return UnknownValue("'" + std::string(name) + "' is not assigned in the paste", name);
}

// [SECTION] CALLS

Value Evaluator::Call(const Node& n, Ctx& ctx, int depth) {
    const Node& callee = N(n.callee);
    if (callee.kind == NodeKind::Name) return CallName(n, callee.text, ctx, depth);
    if (callee.kind == NodeKind::Attr) {
        const Node& base = N(callee.callee);
        const std::string_view method = callee.text.substr(1);
        // super().__init__(...) / super(Net, self).__init__(...)
        if (base.kind == NodeKind::Call && N(base.callee).kind == NodeKind::Name && N(base.callee).text == "super") {
            if (method == "__init__" && ctx.super_children) {
                Ctx inner = ctx;
                inner.in_ctor = true;
                for (int a : n.items) {
                    const Value m = Eval(a, inner, depth + 1);
                    if (m.kind == Value::Kind::Module) ctx.super_children->push_back(Named(m.module, ctx.super_children->size()));
                }
            }
            return Value::Of(Value::Kind::None);
        }
        const Value of = Eval(callee.callee, ctx, depth + 1);
        if (of.kind == Value::Kind::Module && ModuleMethodReturnsSelf(method)) return of;
        EvalArgs(n, ctx, depth);
        if (of.kind == Value::Kind::Module && method == "forward") return Value::Of(Value::Kind::Tensor);
        return UnknownValue(Shown(n.src) + " is not read", n.src);
    }
    // nn.Conv2d(...)(x): the module is built (and joins the chain), then applied
    const Value f = Eval(n.callee, ctx, depth + 1);
    EvalArgs(n, ctx, depth);
    if (f.kind == Value::Kind::Module) return Value::Of(Value::Kind::Tensor);
    return UnknownValue(Shown(n.src) + " is not read", n.src);
}

Value Evaluator::Built(ModulePtr m, Ctx& ctx) {
    if (ctx.collect && !ctx.in_ctor) ctx.collect->push_back(m);
    Value v;
    v.kind = Value::Kind::Module;
    v.module = std::move(m);
    return v;
}

Value Evaluator::CallName(const Node& n, std::string_view name, Ctx& ctx, int depth) {
    const auto [prefix, base] = SplitName(name);
    const std::string_view head = HeadOf(name);
    // A variable's method or call: model(x), x.view(...), model.to(device)
    if (head != "self" && (Find(*ctx.locals, head) || Find(globals_, head))) {
        const Value* var = Find(*ctx.locals, head);
        if (!var) var = Find(globals_, head);
        const Value held = *var;
        EvalArgs(n, ctx, depth);
        if (held.kind == Value::Kind::Module) {
            if (prefix.empty() || base == "forward") return Value::Of(Value::Kind::Tensor);
            if (ModuleMethodReturnsSelf(base)) return held;
        }
        if (held.kind == Value::Kind::Tensor && !prefix.empty()) return Value::Of(Value::Kind::Tensor);
        return UnknownValue(Shown(n.src) + " is not read", n.src);
    }
    if (name == "print" || name == "len" || name == "range" || name == "isinstance" || name == "summary" ||
        name == "torchinfo.summary") {
        std::vector<Value> args;
        std::vector<std::pair<std::string, Value>> kwargs;
        EvalArgs(n, ctx, depth, &args, &kwargs);
        if (name.find("summary") != std::string_view::npos) {  // torchinfo: summary(model, input_size=(1, 3, 224, 224))
            const Value* size = args.size() > 1 ? &args[1] : nullptr;
            for (auto& [k, v] : kwargs)
                if (k == "input_size") size = &v;
            if (size && size->kind == Value::Kind::Seq && !out_.input) {
                out_.input = size->items;
                out_.input_line = n.line;
            }
        }
        return UnknownValue(std::string(name) + "(...) is not a number", n.src);
    }
    if (name == "int" || name == "round") {
        std::vector<Value> args;
        EvalArgs(n, ctx, depth, &args);
        if (args.size() == 1 && args[0].kind == Value::Kind::Float)
            return IntValue(int64_t(name == "int" ? std::trunc(args[0].f) : std::nearbyint(args[0].f)));
        if (args.size() == 1 && args[0].kind == Value::Kind::Int) return args[0];
        return UnknownValue(Shown(n.src) + " is not read", n.src);
    }
    if (IsTensorFactory(prefix, base)) {
        std::vector<Value> args;
        std::vector<std::pair<std::string, Value>> kwargs;
        EvalArgs(n, ctx, depth, &args, &kwargs);
        for (auto& [k, v] : kwargs)
            if (k == "size") args = v.kind == Value::Kind::Seq ? v.items : std::vector<Value>{v};
        if (base == "randint" || base == "full") args.clear();  // (low, high, size): rarely an input
        if (args.size() == 1 && args[0].kind == Value::Kind::Seq) args = args[0].items;
        if (!out_.input && !args.empty() && !ctx.self) {
            out_.input = args;
            out_.input_line = n.line;
        }
        return Value::Of(Value::Kind::Tensor);
    }
    if (const Stmt* cls = prefix.empty() ? ClassNamed(base) : nullptr) {
        std::vector<Value> args;
        std::vector<std::pair<std::string, Value>> kwargs;
        Ctx inner = ctx;
        inner.in_ctor = true;
        EvalArgs(n, inner, depth, &args, &kwargs);
        return Built(Instantiate(*cls, args, kwargs, n.line), ctx);
    }
    if (FunctionalPrefix(prefix) || (prefix.empty() && (base == "relu" || base == "sigmoid" || base == "tanh"))) {
        // F.relu(x), F.pad(x, (1, 1, 1, 1)), torch.flatten(x, 1): a step on the tensor (its first argument)
        auto m = std::make_shared<Module>();
        m->type = (prefix == "torch" ? "torch." : "F.") + std::string(base);
        m->line = n.line;
        m->src = Shown(n.src);
        EvalArgs(n, ctx, depth, &m->args, &m->kwargs);
        if (!m->args.empty()) m->args.erase(m->args.begin());
        else
            for (size_t i = 0; i < m->kwargs.size(); ++i)
                if (m->kwargs[i].first == "input") m->kwargs.erase(m->kwargs.begin() + long(i));
        if (ctx.collect && !ctx.in_ctor) ctx.collect->push_back(m);
        return Value::Of(Value::Kind::Tensor);
    }
    const bool capital = !base.empty() && base[0] >= 'A' && base[0] <= 'Z';
    if ((ModulePrefix(prefix) && capital) || !n.labelled.empty() || (!prefix.empty() && capital && prefix.find("torchvision") == 0)) {
        return Built(Construct(n, base, ctx, depth), ctx);
    }
    if (head == "tf" || head == "keras" || name.find("keras") != std::string_view::npos)
        Notice(AtLine(n.line) + Shown(n.src) + ": only PyTorch code is read here.");
    else if (head == "torchvision" || head == "models" || head == "timm")
        Notice(AtLine(n.line) + Shown(n.src) + " is built by a library: paste print(model)'s output to read its layers.");
    EvalArgs(n, ctx, depth);  // print(nn.Conv2d(...)(x).shape) still builds the layer
    return UnknownValue(Shown(n.src) + " is not read", n.src);
}

// nn.Conv2d(3, 16, 3), nn.Sequential(...), a printout block Net( (conv1): Conv2d(...) ... )
ModulePtr Evaluator::Construct(const Node& n, std::string_view type, Ctx& ctx, int depth) {
    auto m = std::make_shared<Module>();
    m->type = std::string(type);
    m->line = n.line;
    m->src = Shown(n.src);
    Ctx inner = ctx;
    inner.in_ctor = true;
    EvalArgs(n, inner, depth, &m->args, &m->kwargs);
    const bool sequential = type == "Sequential" || type == "ModuleList";
    if (sequential) {
        m->container = true;
        for (const Value& a : m->args) {
            if (a.kind == Value::Kind::Module) m->children.push_back(Named(a.module, m->children.size()));
            // nn.Sequential(OrderedDict([('conv1', nn.Conv2d(...)), ...])) or a list of modules
            if (a.kind == Value::Kind::Seq)
                for (const Value& item : a.items) {
                    if (item.kind == Value::Kind::Module) m->children.push_back(Named(item.module, m->children.size()));
                    if (item.kind == Value::Kind::Seq && item.items.size() == 2 && item.items[1].kind == Value::Kind::Module)
                        m->children.push_back(Named(item.items[1].module, item.items[0].s));
                }
        }
        m->args.clear();
        if (type == "ModuleList") m->note = "an nn.ModuleList runs in the order forward calls it; read in the order listed.";
    }
    for (const auto& [label, node] : n.labelled) {
        const Value child = Eval(node, inner, depth + 1);
        m->container = true;
        if (child.kind == Value::Kind::Module) m->children.push_back(Named(child.module, label));
    }
    return m;
}

Evaluated Evaluate(const Parsed& parsed) { return Evaluator(parsed).Run(); }

}  // namespace cp::code
