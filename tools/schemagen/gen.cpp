#include "tools/schemagen/gen.h"

#include "compat/human_number.h"
#include "tools/schemagen/names.h"

#include <functional>
#include <iostream>
#include <limits>

namespace schemagen {

namespace {

struct Limits {
    int64_t min;
    int64_t max;
    const char* cpp;
};

Limits int_limits(Builtin b) {
    switch (b) {
    case Builtin::U16:
        return {0, 65535, "uint16_t"};
    case Builtin::U32:
        return {0, 4294967295LL, "uint32_t"};
    case Builtin::U64:
    case Builtin::DecU64:
        return {0, std::numeric_limits<int64_t>::max(), "uint64_t"};
    case Builtin::I64:
        return {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
                "int64_t"};
    case Builtin::None:
    case Builtin::String:
    case Builtin::Path:
    case Builtin::AbsPath:
    case Builtin::RelPath:
    case Builtin::Version:
    case Builtin::Bool:
    case Builtin::Range:
    case Builtin::Run:
    case Builtin::Null:
    case Builtin::List:
    case Builtin::Map:
        break;
    }
    return {0, 0, ""};
}

bool is_int(Builtin b) {
    return b == Builtin::U16 || b == Builtin::U32 || b == Builtin::U64 || b == Builtin::I64;
}

bool literal_int(const Literal& l, int64_t& out) {
    auto n = vagga::compat::parse_number(l.text);
    out = n.value;
    return n.error == vagga::compat::NumError::None;
}

} // namespace

Gen::Gen(const Schema& s) : s_(s) {}

Gen::Named Gen::kind_of(const std::string& name) const {
    if (find_struct(name))
        return Named::Struct;
    if (find_union(name))
        return Named::Union;
    if (find_enum(name))
        return Named::Enum;
    return Named::None;
}

const StructDef* Gen::find_struct(const std::string& name) const {
    for (const auto& d : s_.structs)
        if (d.name == name)
            return &d;
    return nullptr;
}
const UnionDef* Gen::find_union(const std::string& name) const {
    for (const auto& d : s_.unions)
        if (d.name == name)
            return &d;
    return nullptr;
}
const EnumDef* Gen::find_enum(const std::string& name) const {
    for (const auto& d : s_.enums)
        if (d.name == name)
            return &d;
    return nullptr;
}

std::vector<const Field*> Gen::flatten(const std::vector<Member>& members) const {
    std::vector<const Field*> out;
    for (const auto& m : members) {
        if (!m.is_use) {
            out.push_back(&m.field);
            continue;
        }
        if (const StructDef* f = find_struct(m.use)) {
            auto inner = flatten(f->members);
            out.insert(out.end(), inner.begin(), inner.end());
        }
    }
    return out;
}

// ---------------------------------------------------------------- checking

bool Gen::check_type(const Type& t, const std::string& where) {
    Builtin b = builtin(t.name);
    auto fail = [&](const std::string& msg) {
        std::cerr << where << ": error: " << msg << "\n";
        ++errors_;
        return false;
    };
    if (b == Builtin::None && kind_of(t.name) == Named::None)
        return fail("unknown type `" + t.name + "`");
    if (b == Builtin::None) {
        const StructDef* sd = find_struct(t.name);
        if (sd && sd->is_fields)
            return fail("`" + t.name + "` is a field set; use it with `use`");
    }
    size_t want = b == Builtin::List ? 1 : b == Builtin::Map ? 2 : 0;
    if (t.args.size() != want)
        return fail("type `" + t.name + "` takes " + std::to_string(want) + " argument(s)");
    if (t.has_bounds && !is_int(b))
        return fail("only integer types take bounds");
    int64_t v = 0;
    if (t.lo && !literal_int(*t.lo, v))
        return fail("bad lower bound `" + t.lo->text + "`");
    if (t.hi && !literal_int(*t.hi, v))
        return fail("bad upper bound `" + t.hi->text + "`");
    if (b == Builtin::Map) {
        Builtin k = builtin(t.args[0].name);
        if (!is_scalar_builtin(k) || k == Builtin::Bool || k == Builtin::Run ||
            k == Builtin::Range || t.args[0].optional)
            return fail("map keys must be strings, paths or integers");
    }
    bool ok = true;
    for (const auto& a : t.args)
        ok = check_type(a, where) && ok;
    return ok;
}

bool Gen::check_default(const Field& f, const std::string& where) {
    if (!f.def)
        return true;
    auto fail = [&](const std::string& msg) {
        std::cerr << where << ": error: field `" << f.key << "`: " << msg << "\n";
        ++errors_;
        return false;
    };
    Builtin b = builtin(f.type.name);
    if (is_int(b)) {
        int64_t v = 0;
        if (!literal_int(*f.def, v))
            return fail("bad number `" + f.def->text + "`");
        Limits l = int_limits(b);
        int64_t lo = l.min, hi = l.max;
        if (f.type.lo)
            literal_int(*f.type.lo, lo);
        if (f.type.hi)
            literal_int(*f.type.hi, hi);
        if (v < lo || v > hi)
            return fail("default out of range");
        return true;
    }
    if (b == Builtin::Bool) {
        if (f.def->text != "true" && f.def->text != "false")
            return fail("a bool default is `true` or `false`");
        return true;
    }
    if (const EnumDef* e = find_enum(f.type.name)) {
        for (const auto& v : e->values)
            if (v.name == f.def->text)
                return true;
        return fail("`" + f.def->text + "` is not a value of " + e->name);
    }
    if (b == Builtin::String || b == Builtin::Path || b == Builtin::AbsPath ||
        b == Builtin::RelPath)
        return f.def->kind == LitKind::String ? true : fail("a string default must be quoted");
    return fail("this type takes no default");
}

bool Gen::is_required(const Field& f) const {
    if (f.attrs.required)
        return true;
    if (f.type.optional || f.def)
        return false;
    Builtin b = builtin(f.type.name);
    if (is_scalar_builtin(b))
        return true;
    if (find_enum(f.type.name))
        return true;
    if (const UnionDef* u = find_union(f.type.name))
        return u->attrs.default_tag.empty();
    return false;
}

bool Gen::check() {
    std::set<std::string> names;
    auto dup = [&](const std::string& n) {
        if (!names.insert(n).second) {
            std::cerr << s_.where.at(n) << ": error: `" << n << "` is declared twice\n";
            ++errors_;
        }
    };
    for (const auto& d : s_.structs)
        dup(d.name);
    for (const auto& d : s_.unions)
        dup(d.name);
    for (const auto& d : s_.enums)
        dup(d.name);
    auto check_members = [&](const std::vector<Member>& members, const std::string& where,
                             const std::string& shorthand) {
        std::set<std::string> keys;
        for (const auto& m : members)
            if (m.is_use && (!find_struct(m.use) || !find_struct(m.use)->is_fields)) {
                std::cerr << where << ": error: `use " << m.use << "`: no such field set\n";
                ++errors_;
            }
        bool found_shorthand = shorthand.empty();
        for (const Field* f : flatten(members)) {
            if (!keys.insert(member_name(f->key)).second) {
                std::cerr << where << ": error: field `" << f->key << "` twice\n";
                ++errors_;
            }
            check_type(f->type, where + " field `" + f->key + "`");
            check_default(*f, where);
            if (f->key == shorthand)
                found_shorthand = true;
        }
        if (!found_shorthand) {
            std::cerr << where << ": error: shorthand `" << shorthand << "` is not a field\n";
            ++errors_;
        }
    };
    for (const auto& d : s_.structs)
        check_members(d.members, s_.where.at(d.name), d.attrs.shorthand);
    for (const auto& u : s_.unions) {
        bool default_found = u.attrs.default_tag.empty();
        for (const auto& o : u.options) {
            std::string where = s_.where.at(u.name) + " option " + o.tag;
            if (o.payload && o.has_body) {
                std::cerr << where << ": error: an option has a type or a body, not both\n";
                ++errors_;
            }
            if (o.payload)
                check_type(*o.payload, where);
            check_members(o.members, where, o.attrs.shorthand);
            if (o.tag == u.attrs.default_tag)
                default_found = true;
        }
        if (!default_found) {
            std::cerr << s_.where.at(u.name) << ": error: default tag is not an option\n";
            ++errors_;
        }
    }
    return errors_ == 0;
}

// ---------------------------------------------------------------- C++ types

std::string Gen::cpp_type(const Type& t) const {
    std::string base;
    Builtin b = builtin(t.name);
    switch (b) {
    case Builtin::String:
    case Builtin::Path:
    case Builtin::AbsPath:
    case Builtin::RelPath:
    case Builtin::Version:
        base = "Str";
        break;
    case Builtin::Bool:
        base = "bool";
        break;
    case Builtin::U16:
    case Builtin::U32:
    case Builtin::U64:
    case Builtin::I64:
    case Builtin::DecU64:
        base = int_limits(b).cpp;
        break;
    case Builtin::Range:
        base = "IdRange";
        break;
    case Builtin::Run:
        base = "Run";
        break;
    case Builtin::Null:
        base = "Nothing";
        break;
    case Builtin::List:
        base = "std::vector<" + cpp_type(t.args[0]) + ">";
        break;
    case Builtin::Map: {
        // Small tables of strings and volumes are sorted vectors (ir/flat_map.h);
        // containers, commands and the like stay std::map.
        std::string k = cpp_type(t.args[0]), v = cpp_type(t.args[1]);
        bool flat =
            k == "Str" && (v == "Str" || v == "Volume" || v == "TmpfsSubdir" || v == "Opt<Str>");
        base = (flat ? "FlatMap<" : "std::map<") + k + ", " + v + ">";
    } break;
    case Builtin::None:
        base = t.name;
        break;
    }
    if (t.optional && base == "Str")
        return "Opt<Str>"; // see ir/boxed.h: absent far more often than not
    return t.optional ? "std::optional<" + base + ">" : base;
}

std::string Gen::cpp_default(const Field& f) const {
    if (!f.def)
        return "{}";
    Builtin b = builtin(f.type.name);
    if (is_int(b)) {
        int64_t v = 0;
        literal_int(*f.def, v);
        return "{" + std::to_string(v) + "}";
    }
    if (b == Builtin::Bool)
        return "{" + f.def->text + "}";
    if (find_enum(f.type.name))
        return "{" + f.type.name + "::" + member_name(f.def->text) + "}";
    return "{Str{" + cpp_string(f.def->text) + "}}";
}

std::string Gen::display(const Type& t) const {
    std::string out = t.name;
    if (!t.args.empty()) {
        out += "<";
        for (size_t i = 0; i < t.args.size(); ++i)
            out += (i ? ", " : "") + display(t.args[i]);
        out += ">";
    }
    if (t.has_bounds)
        out += "(" + (t.lo ? t.lo->text : "") + ".." + (t.hi ? t.hi->text : "") + ")";
    if (t.optional)
        out += "?";
    return out;
}

// ---------------------------------------------------------------- IR header

void Gen::emit_struct_body(std::string& out, const std::vector<Member>& members,
                           const std::string& indent) const {
    for (const auto& m : members) {
        if (m.is_use)
            continue;
        const Field& f = m.field;
        std::string type = cpp_type(f.type);
        if (f.def && type == "Opt<Str>")
            type = "std::optional<Str>"; // always present: keep it inline
        out += indent + type + " " + member_name(f.key) + cpp_default(f) + ";\n";
    }
}

void Gen::emit_ir_types(std::string& out) {
    // Emit in dependency order: a type's members are complete before it.
    std::set<std::string> done;
    std::function<void(const std::string&)> need;
    std::function<void(const Type&)> need_type = [&](const Type& t) {
        if (builtin(t.name) == Builtin::None)
            need(t.name);
        for (const auto& a : t.args)
            need_type(a);
    };
    auto need_members = [&](const std::vector<Member>& members) {
        for (const auto& m : members) {
            if (m.is_use)
                need(m.use);
            else
                need_type(m.field.type);
        }
    };
    auto bases = [&](const std::vector<Member>& members) {
        std::string b;
        for (const auto& m : members)
            if (m.is_use)
                b += (b.empty() ? " : " : ", ") + m.use;
        return b;
    };
    need = [&](const std::string& name) {
        if (done.count(name))
            return;
        done.insert(name);
        if (find_enum(name))
            return; // enums are emitted up front
        if (const StructDef* d = find_struct(name)) {
            need_members(d->members);
            out += "// " + d->attrs.doc + "\n";
            out += "struct " + d->name + bases(d->members) + " {\n";
            emit_struct_body(out, d->members, "    ");
            if (!d->is_fields)
                out += "    source::Span span;\n";
            out += "};\n\n";
            return;
        }
        const UnionDef* u = find_union(name);
        std::string ns = snake(u->name);
        for (const auto& o : u->options) {
            if (o.payload)
                need_type(*o.payload);
            need_members(o.members);
        }
        out += "namespace " + ns + " {\n";
        for (const auto& o : u->options) {
            out += "// !" + o.tag + ": " + o.attrs.doc + "\n";
            out += "struct " + o.tag + bases(o.members) + " {\n";
            if (o.payload)
                out += "    " + cpp_type(*o.payload) + " value{};\n";
            emit_struct_body(out, o.members, "    ");
            out += "    source::Span span;\n};\n";
        }
        out += "} // namespace " + ns + "\n\n";
        out += "// " + u->attrs.doc + "\nstruct " + u->name + " {\n    std::variant<";
        for (size_t i = 0; i < u->options.size(); ++i)
            out += (i ? ", " : "") + std::string("MaybeBox<") + ns + "::" + u->options[i].tag + ">";
        out += "> value;\n    source::Span span;\n";
        out += "    " + u->name + "Kind kind() const { return static_cast<" + u->name +
               "Kind>(value.index()); }\n};\n\n";
    };

    for (const auto& e : s_.enums) {
        out += "// " + e.attrs.doc + "\nenum class " + e.name + " {";
        for (size_t i = 0; i < e.values.size(); ++i)
            out += std::string(i ? ", " : " ") + member_name(e.values[i].name);
        out += " };\nstd::string_view to_string(" + e.name + " v);\n\n";
    }
    for (const auto& u : s_.unions) {
        out += "enum class " + u.name + "Kind {";
        for (size_t i = 0; i < u.options.size(); ++i)
            out += std::string(i ? ", " : " ") + u.options[i].tag;
        out += " };\nstd::string_view tag_name(" + u.name + "Kind k);\n";
        out += "struct " + u.name + ";\n\n";
    }
    for (const auto& d : s_.structs)
        need(d.name);
    for (const auto& u : s_.unions)
        need(u.name);
}

// ---------------------------------------------------------------- tables

std::string Gen::type_ref(const Type& t) {
    std::string key = display(t);
    auto it = type_names_.find(key);
    if (it != type_names_.end())
        return it->second;
    std::string arg0 = "nullptr", arg1 = "nullptr";
    Type inner = t;
    std::string prim;
    std::string st = "nullptr", un = "nullptr", en = "nullptr";
    Builtin b = builtin(t.name);
    if (t.optional) {
        inner.optional = false;
        arg0 = "&" + type_ref(inner);
        prim = "Optional";
    } else {
        switch (b) {
        case Builtin::String:
            prim = "String";
            break;
        case Builtin::Path:
            prim = "Path";
            break;
        case Builtin::AbsPath:
            prim = "AbsPath";
            break;
        case Builtin::RelPath:
            prim = "RelPath";
            break;
        case Builtin::Version:
            prim = "Version";
            break;
        case Builtin::Bool:
            prim = "Bool";
            break;
        case Builtin::U16:
        case Builtin::U32:
        case Builtin::U64:
        case Builtin::I64:
            prim = "Int";
            break;
        case Builtin::DecU64:
            prim = "Decimal";
            break;
        case Builtin::Range:
            prim = "Range";
            break;
        case Builtin::Run:
            prim = "Run";
            break;
        case Builtin::Null:
            prim = "Null";
            break;
        case Builtin::List:
            prim = "List";
            arg0 = "&" + type_ref(t.args[0]);
            break;
        case Builtin::Map:
            prim = "Map";
            arg0 = "&" + type_ref(t.args[0]);
            arg1 = "&" + type_ref(t.args[1]);
            break;
        case Builtin::None:
            if (find_struct(t.name)) {
                prim = "Struct";
                st = "&s_" + t.name;
            } else if (find_union(t.name)) {
                prim = "Union";
                un = "&u_" + t.name;
            } else {
                prim = "Enum";
                en = "&e_" + t.name;
            }
            break;
        }
    }
    int64_t lo = 0, hi = 0;
    bool has_lo = false, has_hi = false;
    if (is_int(b) && !t.optional) {
        Limits l = int_limits(b);
        lo = l.min;
        hi = l.max;
        has_lo = has_hi = true;
        if (t.lo)
            literal_int(*t.lo, lo);
        if (t.hi)
            literal_int(*t.hi, hi);
    }
    std::string name = "t_" + std::to_string(type_names_.size());
    type_names_[key] = name;
    type_defs_ += "const TypeInfo " + name + "{Prim::" + prim + ", " + cpp_string(key) + ", " +
                  arg0 + ", " + arg1 + ", " + st + ", " + un + ", " + en + ", " +
                  std::to_string(lo) + "LL, " + std::to_string(hi) + "LL, " +
                  (has_lo ? "true" : "false") + ", " + (has_hi ? "true" : "false") + "};\n";
    return name;
}

void Gen::emit_field_table(std::string& out, const std::string& name,
                           const std::vector<Member>& members) {
    auto fields = flatten(members);
    if (fields.empty())
        return;
    std::string rows;
    for (const Field* f : fields) {
        std::string t = type_ref(f->type);
        std::string def = f->def ? cpp_string(f->def->text) : "\"\"";
        rows += "    {" + cpp_string(f->key) + ", " + cpp_string(snake(f->key)) + ", &" + t + ", " +
                (is_required(*f) ? "true" : "false") + ", " + def + ", " +
                cpp_string(f->attrs.doc) + ", " + cpp_string(f->attrs.since) + ", " +
                cpp_string(f->attrs.deprecated) + "},\n";
    }
    out += "const FieldInfo f_" + name + "[] = {\n" + rows + "};\n";
}

void Gen::emit_tables(Outputs& o) {
    std::string decls, body;
    for (const auto& d : s_.structs)
        if (!d.is_fields)
            decls += "extern const StructInfo s_" + d.name + ";\n";
    for (const auto& u : s_.unions) {
        decls += "extern const UnionInfo u_" + u.name + ";\n";
        for (const auto& opt : u.options)
            if (opt.has_body)
                decls += "extern const StructInfo o_" + u.name + "_" + opt.tag + ";\n";
    }
    for (const auto& e : s_.enums)
        decls += "extern const EnumInfo e_" + e.name + ";\n";

    auto fields_span = [&](const std::string& name, const std::vector<Member>& members) {
        return flatten(members).empty() ? std::string("{}") : "f_" + name;
    };
    auto shorthand_index = [&](const std::vector<Member>& members, const std::string& sh) {
        auto fields = flatten(members);
        for (size_t i = 0; i < fields.size(); ++i)
            if (fields[i]->key == sh)
                return static_cast<int>(i);
        return -1;
    };
    for (const auto& d : s_.structs) {
        if (d.is_fields)
            continue;
        emit_field_table(body, d.name, d.members);
        body += "const StructInfo s_" + d.name + "{" + cpp_string(d.name) + ", " +
                cpp_string(d.attrs.doc) + ", " + cpp_string(d.attrs.since) + ", " +
                fields_span(d.name, d.members) + ", " +
                std::to_string(shorthand_index(d.members, d.attrs.shorthand)) + "};\n\n";
    }
    for (const auto& u : s_.unions) {
        std::string rows;
        int default_option = -1;
        for (size_t i = 0; i < u.options.size(); ++i) {
            const Option& opt = u.options[i];
            if (opt.tag == u.attrs.default_tag)
                default_option = static_cast<int>(i);
            std::string st = "nullptr", payload = "nullptr";
            if (opt.has_body) {
                std::string n = u.name + "_" + opt.tag;
                emit_field_table(body, n, opt.members);
                body += "const StructInfo o_" + n + "{" + cpp_string("!" + opt.tag) + ", " +
                        cpp_string(opt.attrs.doc) + ", " + cpp_string(opt.attrs.since) + ", " +
                        fields_span(n, opt.members) + ", " +
                        std::to_string(shorthand_index(opt.members, opt.attrs.shorthand)) + "};\n";
                st = "&o_" + n;
            }
            if (opt.payload)
                payload = "&" + type_ref(*opt.payload);
            rows += "    {" + cpp_string(opt.tag) + ", " + cpp_string(opt.attrs.doc) + ", " +
                    cpp_string(opt.attrs.since) + ", " + cpp_string(opt.attrs.deprecated) + ", " +
                    payload + ", " + st + "},\n";
        }
        body += "const OptionInfo opts_" + u.name + "[] = {\n" + rows + "};\n";
        body += "const UnionInfo u_" + u.name + "{" + cpp_string(u.name) + ", " +
                cpp_string(u.attrs.doc) + ", opts_" + u.name + ", " +
                std::to_string(default_option) + ", " +
                cpp_string(u.attrs.noun.empty() ? snake(u.name) : u.attrs.noun) + "};\n\n";
    }
    for (const auto& e : s_.enums) {
        std::string rows;
        for (const auto& v : e.values)
            rows += "    {" + cpp_string(v.name) + ", " + cpp_string(v.attrs.doc) + ", " +
                    cpp_string(v.attrs.since) + "},\n";
        body += "const EnumValueInfo ev_" + e.name + "[] = {\n" + rows + "};\n";
        body += "const EnumInfo e_" + e.name + "{" + cpp_string(e.name) + ", " +
                cpp_string(e.attrs.doc) + ", ev_" + e.name + "};\n\n";
    }

    std::string catalog = "const StructInfo* const all_structs[] = {";
    for (const auto& d : s_.structs)
        if (!d.is_fields)
            catalog += "&s_" + d.name + ", ";
    catalog += "};\nconst UnionInfo* const all_unions[] = {";
    for (const auto& u : s_.unions)
        catalog += "&u_" + u.name + ", ";
    catalog += "};\nconst EnumInfo* const all_enums[] = {";
    for (const auto& e : s_.enums)
        catalog += "&e_" + e.name + ", ";
    catalog += "};\n";

    o.schema_h = "// Generated by schemagen from stdlib/*.vs. Do not edit.\n#pragma once\n\n"
                 "#include \"compiler/schema/schema.h\"\n\nnamespace vagga::schema::gen {\n\n" +
                 decls + "\n} // namespace vagga::schema::gen\n";
    o.schema_cpp = "// Generated by schemagen from stdlib/*.vs. Do not edit.\n"
                   "#include \"schema_gen.h\"\n\nnamespace vagga::schema::gen {\n\n" +
                   type_defs_ + "\n" + body + catalog +
                   "\n} // namespace vagga::schema::gen\n\nnamespace vagga::schema {\n\n"
                   "const Catalog& catalog() {\n"
                   "    static const Catalog c{gen::all_structs, gen::all_unions, "
                   "gen::all_enums};\n    return c;\n}\n\n"
                   "const StructInfo& config_info() { return gen::s_Config; }\n\n"
                   "const StructInfo* find_struct(std::string_view name) {\n"
                   "    for (const auto* s : gen::all_structs)\n"
                   "        if (s->name == name)\n            return s;\n"
                   "    return nullptr;\n}\n\n"
                   "const UnionInfo* find_union(std::string_view name) {\n"
                   "    for (const auto* u : gen::all_unions)\n"
                   "        if (u->name == name)\n            return u;\n"
                   "    return nullptr;\n}\n\n} // namespace vagga::schema\n";
}

// ---------------------------------------------------------------- decoders

std::string Gen::decode_expr(const Type& t, const std::string& node, const std::string& target,
                             int depth, const std::string& noun) const {
    std::string n = "n" + std::to_string(depth), v = "v" + std::to_string(depth);
    if (t.optional) {
        Type inner = t;
        inner.optional = false;
        bool structure = find_struct(t.name) != nullptr;
        return "d.optional(" + node + ", " + target + ", " + (structure ? "true" : "false") +
               ", [&](const yaml::Node& " + n + ", auto& " + v + ") -> bool { return " +
               decode_expr(inner, n, v, depth + 1, noun) + "; })";
    }
    Builtin b = builtin(t.name);
    switch (b) {
    case Builtin::String:
    case Builtin::Version:
        return "d.str(" + node + ", " + target + ", PathRule::None)";
    case Builtin::Path:
        return "d.str(" + node + ", " + target + ", PathRule::Any)";
    case Builtin::AbsPath:
        return "d.str(" + node + ", " + target + ", PathRule::Absolute)";
    case Builtin::RelPath:
        return "d.str(" + node + ", " + target + ", PathRule::Relative)";
    case Builtin::Bool:
        return "d.boolean(" + node + ", " + target + ")";
    case Builtin::U16:
    case Builtin::U32:
    case Builtin::U64:
    case Builtin::I64: {
        Limits l = int_limits(b);
        int64_t lo = l.min, hi = l.max;
        if (t.lo)
            literal_int(*t.lo, lo);
        if (t.hi)
            literal_int(*t.hi, hi);
        return "d.number(" + node + ", " + target + ", " + std::to_string(lo) + "LL, " +
               std::to_string(hi) + "LL)";
    }
    case Builtin::DecU64:
        return "d.decimal(" + node + ", " + target + ")";
    case Builtin::Range:
        return "d.range(" + node + ", " + target + ")";
    case Builtin::Run:
        return "d.run(" + node + ", " + target + ")";
    case Builtin::Null:
        return "d.null(" + node + ")";
    case Builtin::List:
        return "d.list(" + node + ", " + target + ", [&](const yaml::Node& " + n + ", auto& " + v +
               ") -> bool { return " + decode_expr(t.args[0], n, v, depth + 1, noun) + "; })";
    case Builtin::Map: {
        Builtin k = builtin(t.args[0].name);
        std::string key_rule = k == Builtin::AbsPath   ? "PathRule::Absolute"
                               : k == Builtin::RelPath ? "PathRule::Relative"
                               : k == Builtin::Path    ? "PathRule::Any"
                                                       : "PathRule::None";
        std::string value_noun =
            builtin(t.args[1].name) == Builtin::None ? snake(t.args[1].name) : noun;
        return "d.map(" + node + ", " + target + ", " + key_rule + ", " + cpp_string(value_noun) +
               ", [&](const yaml::Node& " + n + ", auto& " + v + ") -> bool { return " +
               decode_expr(t.args[1], n, v, depth + 1, value_noun) + "; })";
    }
    case Builtin::None:
        if (const EnumDef* e = find_enum(t.name))
            return "d.enumeration(" + node + ", " + target + ", schema::gen::e_" + e->name + ")";
        return "decode(d, " + node + ", " + target + ")";
    }
    return "false";
}

void Gen::emit_struct_decoder(std::string& out, const std::string& info,
                              const std::vector<Member>& members, const std::string& shorthand,
                              const std::string& target) {
    auto fields = flatten(members);
    out += "    StructReader r(d, n, " + info + ");\n";
    out += "    " + target + ".span = n.span;\n";
    out += "    if (!r.ok())\n        return false;\n";
    for (size_t i = 0; i < fields.size(); ++i) {
        const Field& f = *fields[i];
        std::string member = target + "." + member_name(f.key);
        if (f.key == shorthand) {
            out += "    if (const yaml::Node* s = r.shorthand()) {\n        (void)" +
                   decode_expr(f.type, "*s", member, 1, "") +
                   ";\n        return r.finish();\n    }\n";
            break;
        }
    }
    for (size_t i = 0; i < fields.size(); ++i) {
        const Field& f = *fields[i];
        std::string member = target + "." + member_name(f.key);
        out += "    if (const yaml::Node* v = r.take(" + std::to_string(i) + "))\n        (void)" +
               decode_expr(f.type, "*v", member, 1, "") + ";\n";
        if (is_required(f))
            out += "    else\n        r.missing(" + std::to_string(i) + ");\n";
    }
    out += "    return r.finish();\n";
}

void Gen::emit_decoders(Outputs& o) {
    std::string decls, body;
    for (const auto& d : s_.structs) {
        if (d.is_fields)
            continue;
        std::string sig = "bool decode(Decoder& d, const yaml::Node& n, ir::" + d.name + "& out)";
        decls += sig + ";\n";
        body += sig + " {\n";
        emit_struct_decoder(body, "schema::gen::s_" + d.name, d.members, d.attrs.shorthand, "out");
        body += "}\n\n";
    }
    for (const auto& u : s_.unions) {
        std::string sig = "bool decode(Decoder& d, const yaml::Node& n, ir::" + u.name + "& out)";
        decls += sig + ";\n";
        body += sig + " {\n    out.span = n.span;\n    int option = d.option(n, schema::gen::u_" +
                u.name + ");\n    switch (option) {\n";
        std::string ns = "ir::" + snake(u.name) + "::";
        for (size_t i = 0; i < u.options.size(); ++i) {
            const Option& opt = u.options[i];
            body += "    case " + std::to_string(i) + ": {\n        auto& o = ir::emplace<" + ns +
                    opt.tag + ">(out.value);\n        o.span = n.span;\n";
            if (opt.payload) {
                body +=
                    "        return " + decode_expr(*opt.payload, "n", "o.value", 1, "") + ";\n";
            } else if (opt.has_body) {
                std::string inner;
                emit_struct_decoder(inner, "schema::gen::o_" + u.name + "_" + opt.tag, opt.members,
                                    opt.attrs.shorthand, "o");
                // Indent the struct decoder into the case block.
                std::string indented;
                size_t pos = 0;
                while (pos < inner.size()) {
                    size_t eol = inner.find('\n', pos);
                    indented += "    " + inner.substr(pos, eol - pos + 1);
                    pos = eol + 1;
                }
                body += indented;
            } else {
                body += "        return d.null(n);\n";
            }
            body += "    }\n";
        }
        body += "    default:\n        return false;\n    }\n}\n\n";
    }
    o.decode_h = "// Generated by schemagen from stdlib/*.vs. Do not edit.\n#pragma once\n\n"
                 "#include \"compiler/decode/decoder.h\"\n#include \"ir_gen.h\"\n\n"
                 "namespace vagga::decode {\n\n" +
                 decls + "\n} // namespace vagga::decode\n";
    o.decode_cpp = "// Generated by schemagen from stdlib/*.vs. Do not edit.\n"
                   "#include \"decode_gen.h\"\n#include \"schema_gen.h\"\n\n"
                   "namespace vagga::decode {\n\n" +
                   body + "} // namespace vagga::decode\n";
}

Outputs Gen::emit() {
    Outputs o;
    std::string types;
    emit_ir_types(types);
    o.ir_h = "// Generated by schemagen from stdlib/*.vs. Do not edit.\n"
             "// The typed IR of a vagga.yaml: one C++ type per schema declaration.\n"
             "#pragma once\n\n#include \"compiler/ir/boxed.h\"\n#include "
             "\"compiler/ir/core.h\"\n#include \"compiler/ir/flat_map.h\"\n\n#include "
             "<cstdint>\n#include "
             "<map>\n#include <optional>\n#include <string_view>\n#include <variant>\n#include "
             "<vector>\n\nnamespace vagga::ir {\n\n" +
             types + "} // namespace vagga::ir\n";
    std::string fns;
    for (const auto& e : s_.enums) {
        fns += "std::string_view to_string(" + e.name + " v) {\n    switch (v) {\n";
        for (const auto& v : e.values)
            fns += "    case " + e.name + "::" + member_name(v.name) + ":\n        return " +
                   cpp_string(v.name) + ";\n";
        fns += "    }\n    return {};\n}\n\n";
    }
    for (const auto& u : s_.unions) {
        fns += "std::string_view tag_name(" + u.name + "Kind k) {\n    switch (k) {\n";
        for (const auto& opt : u.options)
            fns += "    case " + u.name + "Kind::" + opt.tag + ":\n        return " +
                   cpp_string(opt.tag) + ";\n";
        fns += "    }\n    return {};\n}\n\n";
    }
    o.ir_cpp = "// Generated by schemagen from stdlib/*.vs. Do not edit.\n#include \"ir_gen.h\"\n\n"
               "namespace vagga::ir {\n\n" +
               fns + "} // namespace vagga::ir\n";
    emit_tables(o);
    emit_decoders(o);
    return o;
}

} // namespace schemagen
