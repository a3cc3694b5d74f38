// code_binder.cpp — code_binder.h's first step: statements -> the chain of
// modules a paste builds (the second, modules -> rows, is code_modules.cpp).
//
// Index
//   [SECTION] NAMES        which calls build modules, which apply functions, which make the input
//   [SECTION] VALUES       literals, names, arithmetic, sequences
//   [SECTION] CALLS        constructors, printout blocks, functions, torch.randn
//   [SECTION] CLASSES      __init__ builds the modules; forward, when a plain chain, orders them
//   [SECTION] TOP LEVEL    statements in order; a class never built is built once
#include "state/formats/code_binder.h"

#include <cmath>

namespace cp::code {
namespace {

// [SECTION] NAMES

std::pair<std::string_view, std::string_view> SplitName(std::string_view name) {
    const size_t dot = name.rfind('.');
    if (dot == std::string_view::npos) return {"", name};
    return {name.substr(0, dot), name.substr(dot + 1)};
}
std::string_view HeadOf(std::string_view name) { return name.substr(0, name.find('.')); }

bool ModulePrefix(std::string_view p) { return p.empty() || p == "nn" || p == "torch.nn" || p == "nn.modules"; }
bool FunctionalPrefix(std::string_view p) {
    return p == "F" || p == "torch.nn.functional" || p == "nn.functional" || p == "torch";
}
bool IsTensorFactory(std::string_view prefix, std::string_view base) {
    return prefix == "torch" && (base == "randn" || base == "rand" || base == "zeros" || base == "ones" ||
                                 base == "empty" || base == "full" || base == "randint");
}
// Methods that hand back the module itself: model.to(device).eval()
bool ModuleMethodReturnsSelf(std::string_view m) {
    return m == "to" || m == "cuda" || m == "cpu" || m == "eval" || m == "train" || m == "float" || m == "double" ||
           m == "half" || m == "requires_grad_" || m == "apply";
}


using Env = std::vector<std::pair<std::string, Value>>;  // few names: a linear search is fine

const Value* Find(const Env& env, std::string_view name) {
    for (auto it = env.rbegin(); it != env.rend(); ++it)
        if (it->first == name) return &it->second;
    return nullptr;
}
void Set(Env& env, std::string_view name, Value v) {
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

    // [SECTION] VALUES

    Value Eval(int node, Ctx& ctx, int depth) {
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

    Value Lookup(const Node& n, Ctx& ctx) {
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

    Value Call(const Node& n, Ctx& ctx, int depth) {
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

    Value Built(ModulePtr m, Ctx& ctx) {
        if (ctx.collect && !ctx.in_ctor) ctx.collect->push_back(m);
        Value v;
        v.kind = Value::Kind::Module;
        v.module = std::move(m);
        return v;
    }

    Value CallName(const Node& n, std::string_view name, Ctx& ctx, int depth) {
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
    ModulePtr Construct(const Node& n, std::string_view type, Ctx& ctx, int depth) {
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

    // [SECTION] CLASSES

    ModulePtr Instantiate(const Stmt& cls, const std::vector<Value>& args,
                          const std::vector<std::pair<std::string, Value>>& kwargs, int line) {
        auto m = std::make_shared<Module>();
        m->type = std::string(cls.target);
        m->line = line;
        m->src = std::string(cls.target) + "(...)";
        m->container = true;
        if (++instantiating_ > 8) {
            --instantiating_;
            m->container = false;
            m->note = "classes build each other more than 8 deep";
            return m;
        }
        const Stmt *init = nullptr, *forward = nullptr;
        for (const Stmt& s : cls.body) {
            if (s.kind == StmtKind::Def && s.target == "__init__") init = &s;
            if (s.kind == StmtKind::Def && s.target == "forward") forward = &s;
        }
        bool sequential_base = false;
        for (int b : cls.bases) sequential_base |= N(b).kind == NodeKind::Name && SplitName(N(b).text).second == "Sequential";
        Env locals, self;
        std::vector<ModulePtr> super_children;
        if (init) {
            Ctx bind;
            bind.locals = &globals_;
            for (size_t i = 1; i < init->params.size(); ++i) {  // params[0] is self
                const Param& p = init->params[i];
                Value v = i - 1 < args.size() ? args[i - 1]
                          : p.default_value >= 0 ? Eval(p.default_value, bind, 0)
                                                 : UnknownValue("'" + std::string(p.name) + "' is not given to " + m->type + "()");
                for (const auto& [k, kv] : kwargs)
                    if (k == p.name) v = kv;
                Set(locals, p.name, std::move(v));
            }
            Ctx ctx;
            ctx.locals = &locals;
            ctx.self = &self;
            ctx.super_children = sequential_base ? &super_children : nullptr;
            Exec(init->body, ctx, 1);
        }
        std::vector<ModulePtr> in_init;
        for (const auto& [k, v] : self)
            if (v.kind == Value::Kind::Module) in_init.push_back(Named(v.module, k));
        if (sequential_base) {
            m->children = super_children;
        } else if (forward) {
            std::string why;
            if (Trace(*forward, self, m->children, why)) {
                --instantiating_;
                return m;
            }
            m->children = in_init;
            m->note = m->type + ".forward is not a plain chain (" + why + "): its layers run in __init__'s order.";
        } else {
            m->children = in_init;
            m->note = m->type + " has no forward: its layers run in __init__'s order.";
        }
        --instantiating_;
        return m;
    }

    // forward as a plain chain: each statement applies modules and functions
    // to the tensor the previous one made. False, with why, for anything else.
    bool Trace(const Stmt& forward, Env& self, std::vector<ModulePtr>& steps, std::string& why) {
        if (forward.params.size() < 2) return why = "it takes no tensor", false;
        std::string current(forward.params[1].name);
        std::vector<std::string> earlier;  // tensors made before the current one
        Env locals;
        for (const Stmt& s : forward.body) {
            const std::string at = "line " + std::to_string(s.line);
            if (s.kind == StmtKind::Block) return why = at + " has a block (if/for/with)", false;
            if (s.kind != StmtKind::Assign && s.kind != StmtKind::Return && s.kind != StmtKind::Expr) continue;
            if (s.kind == StmtKind::Return && s.expr >= 0 && (N(s.expr).kind == NodeKind::Tuple || N(s.expr).kind == NodeKind::List)) {
                bool has_current = false;
                for (int item : N(s.expr).items) has_current |= N(item).kind == NodeKind::Name && N(item).text == current;
                if (!has_current) return why = at + " returns several tensors", false;
                Notice("line " + std::to_string(s.line) + ": forward returns several tensors; the chain follows " + current + ".");
                return true;
            }
            const int found = TraceExpr(s.expr, current, earlier, self, locals, steps, why, 0);
            if (found < 0) return why = at + ": " + why, false;
            if (s.kind == StmtKind::Assign) {
                if (found == 0) {
                    if (s.target.find('.') != std::string_view::npos) continue;
                    Ctx ctx;
                    ctx.locals = &locals;
                    ctx.self = &self;
                    Set(locals, s.target, Eval(s.expr, ctx, 0));
                    continue;
                }
                if (s.target.find('.') != std::string_view::npos) return why = at + " stores a tensor in " + std::string(s.target), false;
                if (s.target != current) earlier.push_back(current);
                current = std::string(s.target);
            }
            if (s.kind == StmtKind::Return) return found > 0 || (why = at + " returns no tensor", false);
        }
        return true;
    }

    // -1: not a plain chain (why); 0: no tensor in it; 1: the current tensor, steps appended.
    int TraceExpr(int node, const std::string& current, const std::vector<std::string>& earlier, Env& self, Env& locals,
                  std::vector<ModulePtr>& steps, std::string& why, int depth) {
        if (node < 0 || depth > kMaxDepth) return 0;
        const Node& n = N(node);
        if (n.kind == NodeKind::Name) {
            if (n.text == current) return 1;
            for (const std::string& e : earlier)
                if (n.text == e) return why = "it reads " + e + " again (a skip connection)", -1;
            return 0;
        }
        if (n.kind == NodeKind::Binary || n.kind == NodeKind::Subscript || n.kind == NodeKind::Attr || n.kind == NodeKind::Neg) {
            const int a = TraceExpr(n.callee, current, earlier, self, locals, steps, why, depth + 1);
            const int b = n.rhs >= 0 ? TraceExpr(n.rhs, current, earlier, self, locals, steps, why, depth + 1) : 0;
            if (a < 0 || b < 0) return -1;
            if (a > 0 || b > 0) return why = Shown(n.src) + " is more than a chain", -1;
            return 0;
        }
        if (n.kind == NodeKind::Tuple || n.kind == NodeKind::List) {
            for (int item : n.items)
                if (const int r = TraceExpr(item, current, earlier, self, locals, steps, why, depth + 1); r != 0)
                    return r < 0 ? -1 : (why = Shown(n.src) + " joins tensors", -1);
            return 0;
        }
        if (n.kind != NodeKind::Call) return 0;
        const Node& callee = N(n.callee);
        if (callee.kind != NodeKind::Name) return why = Shown(n.src) + " is not read", -1;
        const auto [prefix, base] = SplitName(callee.text);
        // The tensor is the first argument (or the object of x.view(...)).
        const bool method = HeadOf(callee.text) == current && !prefix.empty();
        int tensor_args = method ? 1 : 0;
        for (size_t i = 0; i < n.items.size(); ++i) {
            const int r = TraceExpr(n.items[i], current, earlier, self, locals, steps, why, depth + 1);
            if (r < 0) return -1;
            if (r > 0 && (i > 0 || method)) return why = Shown(n.src) + " joins tensors", -1;
            tensor_args += r;
        }
        for (const auto& [k, a] : n.kwargs)
            if (TraceExpr(a, current, earlier, self, locals, steps, why, depth + 1) != 0)
                return why.empty() ? (why = Shown(n.src) + " passes the tensor by keyword", -1) : -1;
        Ctx ctx;
        ctx.locals = &locals;
        ctx.self = &self;
        if (tensor_args == 0) return 0;
        auto step = std::make_shared<Module>();
        step->line = n.line;
        step->src = Shown(n.src);
        if (prefix == "self") {
            const Value* attr = Find(self, base);
            if (!attr || attr->kind != Value::Kind::Module) return why = "self." + std::string(base) + " is not a module built in __init__", -1;
            for (size_t i = 1; i < n.items.size(); ++i) (void)i;
            steps.push_back(Named(attr->module, base));
            return 1;
        }
        if (method) {
            if (base == "size" || base == "dim" || base == "numel" || base == "shape") return 0;
            if (base == "contiguous" || base == "float" || base == "clone" || base == "detach" || base == "to") return 1;
            step->type = "Tensor." + std::string(base);
            for (int a : n.items) step->args.push_back(Eval(a, ctx, 0));
        } else if (FunctionalPrefix(prefix) || (prefix.empty() && (base == "relu" || base == "sigmoid" || base == "tanh"))) {
            if (base == "cat" || base == "stack" || base == "add" || base == "mul") return why = Shown(n.src) + " joins tensors", -1;
            step->type = (prefix == "torch" ? "torch." : "F.") + std::string(base);
            for (size_t i = 1; i < n.items.size(); ++i) step->args.push_back(Eval(n.items[i], ctx, 0));
        } else {
            return why = Shown(n.src) + " is not read", -1;
        }
        for (const auto& [k, a] : n.kwargs) step->kwargs.emplace_back(std::string(k), Eval(a, ctx, 0));
        steps.push_back(step);
        return 1;
    }

    // [SECTION] TOP LEVEL

    void Exec(const std::vector<Stmt>& body, Ctx& ctx, int depth) {
        for (const Stmt& s : body) {
            switch (s.kind) {
                case StmtKind::Class:
                    if (!ctx.self) classes_.emplace_back(std::string(s.target), &s);
                    break;
                case StmtKind::Def: break;  // a helper function: not run
                case StmtKind::Block:
                    if (ctx.self) Notice(AtLine(s.line) + Shown(s.src) + ": a loop or condition in __init__ is not run; the layers it builds are not read.");
                    else if (s.src.substr(0, 3) == "for" || s.src.substr(0, 5) == "while")
                        Notice(AtLine(s.line) + Shown(s.src) + ": a loop is not run; the layers it builds are not read.");
                    else if (depth < kMaxBlockDepth) Exec(s.body, ctx, depth + 1);  // if __name__ == '__main__': ...
                    break;
                case StmtKind::Assign: {
                    Value v = Eval(s.expr, ctx, 0);
                    if (!s.label.empty() && v.kind == Value::Kind::Module) v.module = Named(v.module, s.label);
                    if (s.target.substr(0, 5) == "self." && ctx.self) {
                        if (v.kind == Value::Kind::Module) v.module = Named(v.module, s.target.substr(5));
                        Set(*ctx.self, s.target.substr(5), std::move(v));
                    } else {
                        Set(*ctx.locals, s.target, std::move(v));
                    }
                    break;
                }
                case StmtKind::Expr:
                case StmtKind::Return: {
                    const size_t before = ctx.collect ? ctx.collect->size() : 0;
                    Value v = Eval(s.expr, ctx, 0);
                    // A printout line `(fc): Linear(...)` pasted on its own keeps its name.
                    if (ctx.collect && !s.label.empty() && ctx.collect->size() == before + 1)
                        ctx.collect->back() = Named(ctx.collect->back(), s.label);
                    // self.add_module('conv1', nn.Conv2d(...))
                    (void)v;
                    break;
                }
                case StmtKind::Skipped: break;
            }
        }
    }

    // No module built at the top level: the last class no other class builds
    // is the model (a paste of the class alone), built with its defaults.
    void BuildOutermostClass() {
        for (auto it = classes_.rbegin(); it != classes_.rend(); ++it) {
            bool used = false;
            for (const Node& n : p_.nodes)
                used |= n.kind == NodeKind::Call && N(n.callee).kind == NodeKind::Name && N(n.callee).text == it->first &&
                        n.line > it->second->line;
            if (used) continue;
            const Stmt* init = nullptr;
            for (const Stmt& s : it->second->body)
                if (s.kind == StmtKind::Def && s.target == "__init__") init = &s;
            Notice(AtLine(it->second->line) + "class " + it->first + " is not built in the paste: read as " + it->first + "().");
            (void)init;
            out_.chain.push_back(Instantiate(*it->second, {}, {}, it->second->line));
            return;
        }
    }

    const Parsed& p_;
    Evaluated out_;
    Env globals_;
    std::vector<std::pair<std::string, const Stmt*>> classes_;
    int instantiating_ = 0;
};

}  // namespace

Evaluated Evaluate(const Parsed& parsed) { return Evaluator(parsed).Run(); }

}  // namespace cp::code
