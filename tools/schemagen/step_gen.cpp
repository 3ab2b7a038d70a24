// The build-step rules a step declares in stdlib/step.vs: its version-hash
// fields (`hash(...)`), its progress label (`label(...)`) and, for a
// one-to-one step, the plan op it lowers to (`lowers Op(...)`). Emitted as
// header-only overloads that the hand-written visitors pick up through a
// constrained template, so a step declares these once and its hand-written
// overloads exist only for the irregular steps.
#include "tools/schemagen/step_gen.h"

#include "tools/schemagen/names.h"

#include <iostream>

namespace schemagen {

namespace {

bool is_text(const std::string& n) {
    return n == "string" || n == "version";
}
bool is_path(const std::string& n) {
    return n == "path" || n == "abspath" || n == "relpath";
}
bool is_int(const std::string& n) {
    return n == "u16" || n == "u32" || n == "u64";
}

class StepRules {
  public:
    StepRules(const Schema& s, StepOutputs& o) : s_(s), o_(o) {}

    bool run() {
        for (const auto& u : s_.unions)
            for (const auto& opt : u.options)
                if (opt.attrs.has_hash || opt.attrs.has_label || !opt.attrs.lowers.empty())
                    option(u, opt);
        return errors_ == 0;
    }

  private:
    struct Ref {
        const Type* type = nullptr;
        std::string expr; // `x.member`
    };

    void fail(const std::string& where, const std::string& msg) {
        std::cerr << where << ": error: " << msg << "\n";
        ++errors_;
    }

    // The field (or payload, as `value`) called `key` in `opt`.
    bool find(const Option& opt, const std::string& key, const std::string& where, Ref& out) {
        if (key == "value" && opt.payload) {
            out = {&*opt.payload, "x.value"};
            return true;
        }
        for (const auto& m : opt.members)
            if (!m.is_use && m.field.key == key) {
                out = {&m.field.type, "x." + member_name(key)};
                return true;
            }
        fail(where, "`" + key + "` is not a field of !" + opt.tag);
        return false;
    }

    std::string hash_call(const HashItem& item, const Ref& r, const std::string& where) {
        const Type& t = *r.type;
        std::string title = cpp_string(item.title);
        if (is_text(t.name) || is_path(t.name)) {
            std::string kind = is_path(t.name) ? "path" : "text";
            if (t.optional)
                return "d.opt_" + kind + "(" + title + ", opt_text(" + r.expr + "));";
            return "d." + kind + "(" + title + ", " + r.expr + ".text);";
        }
        if (t.name == "bool" && !t.optional)
            return "d.boolean(" + title + ", " + r.expr + ");";
        if (is_int(t.name))
            return std::string("d.") + (t.optional ? "opt_number(" : "number(") + title + ", " +
                   r.expr + ");";
        if (t.name == "list" && !t.optional && t.args.size() == 1) {
            const std::string& e = t.args[0].name;
            if (is_text(e))
                return "d.texts(" + title + ", texts(" + r.expr + "));";
            if (is_path(e))
                return "d.paths(" + title + ", texts(" + r.expr + "));";
            if (e == "u32")
                return "d.numbers(" + title + ", " + r.expr + ");";
        }
        fail(where, "`" + item.key + "` has no regular hash encoding; hash this step by hand");
        return "";
    }

    std::string label_part(const LabelPart& p, const Ref& r, const std::string& where) {
        const Type& t = *r.type;
        if ((is_text(t.name) || is_path(t.name)) && !t.optional)
            return r.expr + ".text";
        if (t.name == "list" && !t.optional)
            return "l.list(" + r.expr + ")";
        if (t.name == "map" && !t.optional)
            return "l.map(" + r.expr + ")";
        fail(where, "`" + p.text + "` cannot be shown in a label; write the label by hand");
        return "";
    }

    std::string lower_value(const Ref& r) {
        const Type& t = *r.type;
        if (is_text(t.name) || is_path(t.name))
            return t.optional ? "opt_text(" + r.expr + ")" : r.expr + ".text";
        if (t.name == "list" && t.args.size() == 1 &&
            (is_text(t.args[0].name) || is_path(t.args[0].name)))
            return "texts(" + r.expr + ")";
        return r.expr;
    }

    void option(const UnionDef& u, const Option& opt) {
        std::string where = s_.where.at(u.name) + " option " + opt.tag;
        if (opt.line > 0)
            where = s_.where.at(u.name).substr(0, s_.where.at(u.name).rfind(':')) + ":" +
                    std::to_string(opt.line);
        std::string type = snake(u.name) + "::" + opt.tag;
        const Attrs& a = opt.attrs;
        if (a.has_hash) {
            std::string body;
            for (const auto& item : a.hash) {
                Ref r;
                if (find(opt, item.key, where, r))
                    body += "    " + hash_call(item, r, where) + "\n";
            }
            o_.rules_h += "template <class D> void hash_fields([[maybe_unused]] D& d, "
                          "[[maybe_unused]] const " +
                          type + "& x) {\n" + body + "}\n";
        }
        if (a.has_label) {
            std::string expr;
            for (const auto& p : a.label) {
                std::string part;
                Ref r;
                if (p.literal)
                    part = "std::string(" + cpp_string(p.text) + ")";
                else if (find(opt, p.text, where, r))
                    part = label_part(p, r, where);
                expr += (expr.empty() ? "" : " + ") + part;
            }
            o_.rules_h +=
                "template <class L> std::string label_detail([[maybe_unused]] const L& l, "
                "[[maybe_unused]] const " +
                type + "& x) {\n    return " + (expr.empty() ? "{}" : expr) + ";\n}\n";
        }
        if (!a.lowers.empty()) {
            std::string body = "    ::vagga::plan::" + a.lowers + " o;\n";
            for (const auto& [field, key] : a.lowers_args) {
                Ref r;
                if (find(opt, key, where, r))
                    body += "    o." + field + " = " + lower_value(r) + ";\n";
            }
            o_.lower_h += "inline ::vagga::plan::" + a.lowers + " lower_op(const " + type +
                          "& x, const source::Span& span) {\n" + body +
                          "    o.span = span;\n    return o;\n}\n";
        }
    }

    const Schema& s_;
    StepOutputs& o_;
    int errors_ = 0;
};

} // namespace

bool emit_step_rules(const Schema& s, StepOutputs& o) {
    o.rules_h = "// Generated by schemagen from the hash(...) and label(...) of stdlib/*.vs.\n"
                "// Do not edit. compiler/hash and compiler/lower pick these up.\n"
                "#pragma once\n\n#include \"compiler/ir/values.h\"\n#include \"ir_gen.h\"\n\n"
                "#include <string>\n\nnamespace vagga::ir::step_rules {\n\n";
    o.lower_h = "// Generated by schemagen from the lowers ...(...) of stdlib/*.vs. Do not edit.\n"
                "#pragma once\n\n#include \"compiler/ir/values.h\"\n#include \"ir_gen.h\"\n"
                "#include \"plan_gen.h\"\n\nnamespace vagga::ir::step_rules {\n\n";
    bool ok = StepRules(s, o).run();
    o.rules_h += "\n} // namespace vagga::ir::step_rules\n";
    o.lower_h += "\n} // namespace vagga::ir::step_rules\n";
    return ok;
}

} // namespace schemagen
