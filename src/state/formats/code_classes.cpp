// code_classes.cpp — code_evaluator.h's CLASSES and TOP LEVEL: a class's
// __init__ builds its modules and forward, when it is a plain chain, orders
// them; the paste's statements run in order, and a class never built is
// built once with its defaults.
//
// Index
//   [SECTION] CLASSES      __init__ builds the modules; forward, when a plain chain, orders them
//   [SECTION] TOP LEVEL    statements in order; a class never built is built once
#include "state/formats/code_evaluator.h"

namespace cp::code {

// [SECTION] CLASSES

ModulePtr Evaluator::Instantiate(const Stmt& cls, const std::vector<Value>& args,
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
bool Evaluator::Trace(const Stmt& forward, Env& self, std::vector<ModulePtr>& steps, std::string& why) {
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
int Evaluator::TraceExpr(int node, const std::string& current, const std::vector<std::string>& earlier, Env& self, Env& locals,
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

void Evaluator::Exec(const std::vector<Stmt>& body, Ctx& ctx, int depth) {
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
void Evaluator::BuildOutermostClass() {
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

}  // namespace cp::code
