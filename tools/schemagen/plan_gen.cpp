#include "tools/schemagen/plan_gen.h"

#include "compat/human_number.h"
#include "tools/schemagen/names.h"

#include <iostream>
#include <set>

namespace schemagen {

namespace {

// `as-is`, `resolv_conf`, `wait-all-children` -> AsIs, ResolvConf, WaitAllChildren.
std::string camel(const std::string& name) {
    std::string out;
    bool up = true;
    for (char c : name) {
        if (c == '-' || c == '_') {
            up = true;
        } else {
            out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
            up = false;
        }
    }
    return out;
}

// A doc string as `//` comment lines (it may span lines in the .vs file).
std::string comment(const std::string& doc, const std::string& indent) {
    if (doc.empty())
        return "";
    std::string out = indent + "// ";
    for (char c : doc) {
        out += c;
        if (c == '\n')
            out += indent + "// ";
    }
    return out + "\n";
}

std::string json_key(const Field& f) {
    return f.attrs.json.empty() ? f.key : f.attrs.json;
}

std::vector<const Field*> fields_of(const std::vector<Member>& members) {
    std::vector<const Field*> out;
    for (const auto& m : members)
        out.push_back(&m.field);
    return out;
}

bool is_int(const std::string& n) {
    return n == "u32" || n == "u64";
}

} // namespace

const StructDef* PlanGen::find_struct(const std::string& name) const {
    for (const auto& d : s_.structs)
        if (d.name == name)
            return &d;
    return nullptr;
}

const EnumDef* PlanGen::find_enum(const std::string& name) const {
    for (const auto& d : s_.enums)
        if (d.name == name)
            return &d;
    return nullptr;
}

bool PlanGen::check_type(const Type& t, const std::string& where) {
    auto fail = [&](const std::string& msg) {
        std::cerr << where << ": error: " << msg << "\n";
        ++errors_;
        return false;
    };
    size_t want = 0;
    if (t.name == "list")
        want = 1;
    else if (t.name == "pair")
        want = 2;
    else if (t.name != "string" && t.name != "bool" && !is_int(t.name) && !find_struct(t.name) &&
             !find_enum(t.name))
        return fail("unknown plan type `" + t.name + "`");
    if (t.args.size() != want)
        return fail("`" + t.name + "` takes " + std::to_string(want) + " type arguments");
    if (t.has_bounds)
        return fail("plan types take no bounds (the lowering checks values)");
    bool ok = true;
    for (const auto& a : t.args)
        ok = check_type(a, where) && ok;
    return ok;
}

bool PlanGen::check_default(const Field& f, const std::string& where) {
    if (!f.def)
        return true;
    auto fail = [&](const std::string& msg) {
        std::cerr << where << ": error: field `" << f.key << "`: " << msg << "\n";
        ++errors_;
        return false;
    };
    const Type& t = f.type;
    if (t.optional)
        return fail("an optional field has no default (it is absent)");
    if (is_int(t.name))
        return f.def->kind == LitKind::Number && vagga::compat::parse_number(f.def->text).error ==
                                                     vagga::compat::NumError::None
                   ? true
                   : fail("bad number `" + f.def->text + "`");
    if (t.name == "bool")
        return f.def->text == "true" || f.def->text == "false"
                   ? true
                   : fail("a bool default is `true` or `false`");
    if (t.name == "string")
        return f.def->kind == LitKind::String ? true : fail("a string default must be quoted");
    if (const EnumDef* e = find_enum(t.name)) {
        for (const auto& v : e->values)
            if (v.name == f.def->text)
                return true;
        return fail("`" + f.def->text + "` is not a value of " + e->name);
    }
    if (t.name == "list" && f.def->kind == LitKind::List)
        return true; // checked by the C++ compiler against the element type
    return fail("this type takes no default");
}

bool PlanGen::check_fields(const std::vector<Member>& members, const std::string& where) {
    bool ok = true;
    std::set<std::string> keys;
    for (const auto& m : members) {
        if (m.is_use) {
            std::cerr << where << ": error: plan records do not `use` field sets\n";
            ++errors_;
            ok = false;
            continue;
        }
        std::string at = where + " field `" + m.field.key + "`";
        if (!keys.insert(json_key(m.field)).second) {
            std::cerr << at << ": error: the JSON key is used twice\n";
            ++errors_;
            ok = false;
        }
        if (m.field.key.find('-') != std::string::npos) {
            std::cerr << at << ": error: plan keys are snake_case (they are the JSON keys)\n";
            ++errors_;
            ok = false;
        }
        ok = check_type(m.field.type, at) && ok;
        ok = check_default(m.field, at) && ok;
    }
    return ok;
}

bool PlanGen::check() {
    for (const auto& d : s_.structs) {
        std::string where = s_.where.at(d.name);
        check_fields(d.members, where);
        if (d.attrs.tuple && d.attrs.located) {
            std::cerr << where << ": error: a tuple has no span\n";
            ++errors_;
        }
    }
    for (const auto& u : s_.unions) {
        std::set<std::string> names;
        for (const auto& o : u.options) {
            std::string where = s_.where.at(u.name) + " op " + o.tag;
            if (o.payload || !o.has_body) {
                std::cerr << where << ": error: a plan op is a record `Name { fields }`\n";
                ++errors_;
            }
            if (o.attrs.json.empty() || !names.insert(o.attrs.json).second) {
                std::cerr << where << ": error: an op needs its own `json \"name\"`\n";
                ++errors_;
            }
            check_fields(o.members, where);
        }
    }
    return errors_ == 0;
}

std::string PlanGen::cpp_type(const Type& t) const {
    std::string base;
    if (t.name == "string")
        base = "std::string";
    else if (t.name == "bool")
        base = "bool";
    else if (t.name == "u32")
        base = "uint32_t";
    else if (t.name == "u64")
        base = "uint64_t";
    else if (t.name == "list")
        base = "std::vector<" + cpp_type(t.args[0]) + ">";
    else if (t.name == "pair")
        base = "std::pair<" + cpp_type(t.args[0]) + ", " + cpp_type(t.args[1]) + ">";
    else
        base = t.name;
    return t.optional ? "std::optional<" + base + ">" : base;
}

std::string PlanGen::cpp_literal(const Type& t, const Literal& l) const {
    switch (l.kind) {
    case LitKind::String:
        return cpp_string(l.text);
    case LitKind::Number:
        // 0o755 reads as the C++ octal 0755, so the header looks like the .vs.
        if (l.text.size() > 2 && l.text[0] == '0' && l.text[1] == 'o')
            return "0" + l.text.substr(2);
        return std::to_string(vagga::compat::parse_number(l.text).value);
    case LitKind::Id:
        if (find_enum(t.name))
            return t.name + "::" + camel(l.text);
        return l.text; // true, false
    case LitKind::List: {
        std::string out = "{";
        Type element = t.args.empty() ? t : t.args[0];
        for (size_t i = 0; i < l.items.size(); ++i)
            out += (i ? ", " : "") + cpp_literal(element, l.items[i]);
        return out + "}";
    }
    case LitKind::EmptyList:
    case LitKind::EmptyMap:
        break;
    }
    return "{}";
}

std::string PlanGen::cpp_default(const Field& f) const {
    if (f.def)
        return " = " + cpp_literal(f.type, *f.def);
    if (f.type.optional)
        return "";
    if (is_int(f.type.name))
        return " = 0";
    if (f.type.name == "bool")
        return " = false";
    if (const EnumDef* e = find_enum(f.type.name))
        return " = " + e->name + "::" + camel(e->values.at(0).name);
    return "";
}

void PlanGen::emit_record(std::string& out, const std::string& name, const Attrs& attrs,
                          const std::vector<Member>& members, const std::string& op_name) const {
    out += comment(attrs.doc, "");
    out += "struct " + name + " {\n";
    if (!op_name.empty())
        out += "    static constexpr std::string_view op_name = " + cpp_string(op_name) + ";\n";
    for (const Field* f : fields_of(members)) {
        out += comment(f->attrs.doc, "    ");
        out += "    " + cpp_type(f->type) + " " + member_name(f->key) + cpp_default(*f) + ";\n";
    }
    if (attrs.located || !op_name.empty())
        out += "    source::Span span;\n";
    if (attrs.tuple)
        out += "    bool operator==(const " + name + "&) const = default;\n";
    out += "};\n\n";
}

void PlanGen::emit_record_json(PlanOutputs& o, const std::string& name, const Attrs& attrs,
                               const std::vector<Member>& members) const {
    auto fields = fields_of(members);
    if (attrs.tuple) {
        // An array of the fields in order, e.g. an id range as [start, end].
        std::string keys;
        for (const Field* f : fields)
            keys += (keys.empty() ? "" : ", ") + f->key;
        o.json_h +=
            "ojson put(const " + name + "& v);\nvoid get(const json& j, " + name + "& v);\n";
        o.json_cpp += "ojson put(const " + name + "& v) {\n    ojson a = ojson::array();\n";
        for (const Field* f : fields)
            o.json_cpp += "    a.push_back(put(v." + member_name(f->key) + "));\n";
        o.json_cpp += "    return a;\n}\n";
        o.json_cpp +=
            "void get(const json& j, " + name +
            "& v) {\n    if (!j.is_array() || j.size() != " + std::to_string(fields.size()) +
            ") {\n        throw std::runtime_error(" +
            cpp_string((attrs.noun.empty() ? "a " + name : attrs.noun) + " is [" + keys + "]") +
            ");\n    }\n";
        for (size_t i = 0; i < fields.size(); ++i)
            o.json_cpp += "    get(j.at(" + std::to_string(i) + "), v." +
                          member_name(fields[i]->key) + ");\n";
        o.json_cpp += "}\n\n";
        return;
    }
    bool located = attrs.located;
    o.json_h += "void put_members(ojson& j, const " + name + "& v);\n";
    o.json_h += "void get_members(const json& j, " + name + "& v);\n";
    o.json_h += "ojson put(const " + name + "& v);\nvoid get(const json& j, " + name + "& v);\n";

    o.json_cpp += "void put_members(ojson& j, const " + name + "& v) {\n";
    for (const Field* f : fields)
        o.json_cpp +=
            "    j[" + cpp_string(json_key(*f)) + "] = put(v." + member_name(f->key) + ");\n";
    if (located)
        o.json_cpp += "    put_span(j, v.span);\n";
    if (fields.empty() && !located)
        o.json_cpp += "    (void)j;\n    (void)v;\n";
    o.json_cpp += "}\n";

    o.json_cpp += "void get_members(const json& j, " + name + "& v) {\n";
    if (!fields.empty())
        o.json_cpp += "    Reader r{&j};\n";
    for (const Field* f : fields)
        o.json_cpp += std::string("    r") + (f->attrs.required ? ".required" : "") + "(" +
                      cpp_string(json_key(*f)) + ", v." + member_name(f->key) + ");\n";
    if (located)
        o.json_cpp += "    v.span = get_span(j);\n";
    if (fields.empty() && !located)
        o.json_cpp += "    (void)j;\n    (void)v;\n";
    o.json_cpp += "}\n";

    o.json_cpp +=
        "ojson put(const " + name +
        "& v) {\n    ojson j = ojson::object();\n    put_members(j, v);\n    return j;\n}\n";
    o.json_cpp += "void get(const json& j, " + name +
                  "& v) {\n    expect_object(j);\n    get_members(j, v);\n}\n\n";
}

PlanOutputs PlanGen::emit() const {
    PlanOutputs o;
    o.types_h = "// Generated by schemagen --plan from compiler/plan/*.vs. Do not edit.\n"
                "#pragma once\n\n#include \"compiler/source/span.h\"\n\n#include <cstdint>\n"
                "#include <optional>\n#include <string>\n#include <string_view>\n"
                "#include <utility>\n#include <variant>\n#include <vector>\n\n"
                "namespace vagga::plan {\n\n";
    o.types_cpp = "// Generated by schemagen --plan. Do not edit.\n#include \"plan_gen.h\"\n\n"
                  "#include <type_traits>\n\nnamespace vagga::plan {\n\n";
    o.json_h = "// Generated by schemagen --plan: the JSON form of every record, enum and op\n"
               "// of compiler/plan/*.vs. Included by compiler/plan/json_fields.h only.\n"
               "#pragma once\n\n#include \"plan_gen.h\"\n\n#include <nlohmann/json.hpp>\n\n"
               "namespace vagga::plan::json_fields {\n\nusing ojson = nlohmann::ordered_json;\n"
               "using json = nlohmann::json;\n\n";
    o.json_cpp = "// Generated by schemagen --plan. Do not edit.\n"
                 "#include \"compiler/plan/json_fields.h\"\n\n#include <stdexcept>\n\n"
                 "namespace vagga::plan::json_fields {\n\n";

    for (const auto& e : s_.enums) {
        o.types_h += comment(e.attrs.doc, "") + "enum class " + e.name + " {\n";
        for (const auto& v : e.values)
            o.types_h += comment(v.attrs.doc, "    ") + "    " + camel(v.name) + ",\n";
        o.types_h += "};\nstd::string_view to_string(" + e.name + " v);\n\n";
        o.types_cpp += "std::string_view to_string(" + e.name + " v) {\n    switch (v) {\n";
        for (const auto& v : e.values)
            o.types_cpp += "    case " + e.name + "::" + camel(v.name) + ":\n        return " +
                           cpp_string(v.name) + ";\n";
        o.types_cpp += "    }\n    return \"?\";\n}\n\n";
        o.json_h += "ojson put(" + e.name + " v);\nvoid get(const json& j, " + e.name + "& v);\n";
        o.json_cpp += "ojson put(" + e.name + " v) {\n    return std::string(to_string(v));\n}\n";
        o.json_cpp += "void get(const json& j, " + e.name +
                      "& v) {\n    const std::string s = j.get<std::string>();\n";
        for (const auto& v : e.values)
            o.json_cpp += "    if (s == " + cpp_string(v.name) + ") {\n        v = " + e.name +
                          "::" + camel(v.name) + ";\n        return;\n    }\n";
        o.json_cpp += "    throw std::runtime_error(\"unknown value \\\"\" + s + \"\\\"\");\n}\n\n";
    }
    // Records before the ops: the .vs files declare a type before its use.
    for (const auto& d : s_.structs) {
        emit_record(o.types_h, d.name, d.attrs, d.members, "");
        emit_record_json(o, d.name, d.attrs, d.members);
    }
    for (const auto& u : s_.unions) {
        std::string alts;
        for (const auto& op : u.options) {
            emit_record(o.types_h, op.tag, op.attrs, op.members, op.attrs.json);
            Attrs located = op.attrs;
            located.located = true;
            emit_record_json(o, op.tag, located, op.members);
            alts += (alts.empty() ? "" : ", ") + op.tag;
        }
        o.types_h += comment(u.attrs.doc, "") + "using " + u.name + " = std::variant<" + alts +
                     ">;\n// The op's JSON name (\"" + u.options.at(0).attrs.json +
                     "\", ...).\nstd::string_view op_name(const " + u.name + "& op);\n\n";
        o.types_cpp += "std::string_view op_name(const " + u.name +
                       "& op) {\n    return std::visit([](const auto& o) { return "
                       "std::decay_t<decltype(o)>::op_name; }, op);\n}\n\n";
        // Ops as {"op": NAME, fields..., span}.
        o.json_h += "ojson put(const " + u.name +
                    "& op);\n// Reads an object with \"op\"; an "
                    "unknown name throws \"unknown op\".\nvoid "
                    "get(const json& j, " +
                    u.name + "& op);\n";
        o.json_cpp += "ojson put(const " + u.name +
                      "& op) {\n    return std::visit(\n        [](const auto& o) {\n"
                      "            ojson j = ojson::object();\n"
                      "            j[\"op\"] = std::string(o.op_name);\n"
                      "            put_members(j, o);\n            return j;\n        },\n"
                      "        op);\n}\n";
        o.json_cpp += "void get(const json& j, " + u.name +
                      "& op) {\n    const std::string name = op_name_in(j);\n";
        for (const auto& opt : u.options)
            o.json_cpp += "    if (name == " + opt.tag + "::op_name) {\n        " + opt.tag +
                          " o;\n        get_members(j, o);\n        op = std::move(o);\n"
                          "        return;\n    }\n";
        o.json_cpp += "    throw std::runtime_error(\"unknown op\");\n}\n\n";
    }
    o.types_h += "} // namespace vagga::plan\n";
    o.types_cpp += "} // namespace vagga::plan\n";
    o.json_h += "\n} // namespace vagga::plan::json_fields\n";
    o.json_cpp += "} // namespace vagga::plan::json_fields\n";
    return o;
}

} // namespace schemagen
