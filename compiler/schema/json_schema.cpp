#include "compiler/schema/json_schema.h"

#include "compiler/schema/schema.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace vagga::schema {

namespace {

using nlohmann::json;

// humannum (compat/human_number.h): `100Mi`, `1k`, `0o755`, `0x1f`, `1_000`.
// Only the syntax: the bounds of a number written as text are the decoder's.
constexpr std::string_view kHumanNumber =
    R"(^\s*(0x[+-]?[0-9a-fA-F][0-9a-fA-F_]*|0o[+-]?[0-7][0-7_]*|0b[+-]?[01][01_]*|)"
    R"([+-]?[0-9][0-9_]*)\s*(k|M|G|ki|Mi|Gi)?\s*$)";
// A relative path without `..` components (Decoder::check_path).
constexpr std::string_view kRelPath = R"(^(?!/)(?!(.*/)?\.\.(/|$)))";

// vagga reads every scalar as text (`3.10` stays "3.10"), but a YAML
// library hands `8080` to the validator as a number and `true` as a
// boolean; a string field takes those too, as the decoder does.
json any_scalar() {
    return {{"type", json::array({"string", "number", "boolean"})}};
}

json def_ref(const std::string& name) {
    return {{"$ref", "#/definitions/" + name}};
}

std::string describe(std::string_view doc, std::string_view since, std::string_view deprecated) {
    std::string out(doc);
    if (!since.empty())
        out += std::string(out.empty() ? "" : " ") + "Since vagga " + std::string(since) + ".";
    if (!deprecated.empty())
        out += std::string(out.empty() ? "" : " ") + "Deprecated: " + std::string(deprecated) + ".";
    return out;
}

// Lets `s` also be null: a `?` type.
json nullable(json s) {
    if (s.contains("type") && !s.contains("$ref")) {
        json& t = s["type"];
        if (t.is_string())
            t = json::array({t});
        if (std::find(t.begin(), t.end(), json("null")) == t.end())
            t.push_back("null");
        return s;
    }
    return {{"anyOf", json::array({std::move(s), {{"type", "null"}}})}};
}

// Adds a title and a description. Draft-07 validators ignore keywords
// beside `$ref`, so a reference is wrapped.
json annotated(json s, const std::string& title, const std::string& description) {
    if (s.contains("$ref"))
        s = {{"allOf", json::array({std::move(s)})}};
    if (!title.empty())
        s["title"] = title;
    if (!description.empty())
        s["description"] = description;
    return s;
}

// `deprecated` is the standard keyword (2019-09, ignored by draft-07
// validators); `deprecationMessage` is what VS Code's JSON and YAML servers
// show, with a strike-through.
void mark_deprecated(json& s, std::string_view why) {
    if (why.empty())
        return;
    s["deprecated"] = true;
    s["deprecationMessage"] = "Deprecated: " + std::string(why) + ".";
}

const TypeInfo& strip_optional(const TypeInfo& t) {
    return t.prim == Prim::Optional && t.arg0 ? *t.arg0 : t;
}

bool plain_decimal(std::string_view text) {
    if (text.empty() || text.size() > 18)
        return false;
    for (char c : text)
        if (c < '0' || c > '9')
            return false;
    return true;
}

// The schema's default text as the JSON value a YAML editor would insert:
// `false` a boolean, `1024` a number, `100Mi`/`0o755` kept as written (the
// Int schema takes humannum text).
std::optional<json> default_value(const TypeInfo& type, std::string_view text) {
    if (text.empty())
        return std::nullopt;
    const TypeInfo& t = strip_optional(type);
    switch (t.prim) {
    case Prim::Bool:
        if (text == "true" || text == "false")
            return json(text == "true");
        return std::nullopt;
    case Prim::Int:
    case Prim::Decimal:
        if (plain_decimal(text))
            return json(std::stoll(std::string(text)));
        return json(std::string(text));
    case Prim::String:
    case Prim::Path:
    case Prim::AbsPath:
    case Prim::RelPath:
    case Prim::Version:
    case Prim::Range:
    case Prim::Enum:
        return json(std::string(text));
    case Prim::Run:
    case Prim::Null:
    case Prim::List:
    case Prim::Map:
    case Prim::Optional:
    case Prim::Struct:
    case Prim::Union:
        return std::nullopt;
    }
    return std::nullopt;
}

struct Kinds {
    bool mapping = false;
    bool sequence = false;
    bool scalar = false;
};

// The node kinds the decoder accepts for a value that follows a tag. A bare
// tag (no value) is an empty scalar to yaml-language-server; the decoder
// reads it as an empty list, map or all-default struct.
void add_struct_kinds(const StructInfo& s, Kinds& k) {
    k.mapping = true;
    bool needs_field = false;
    for (const auto& f : s.fields)
        needs_field = needs_field || f.required;
    if (s.shorthand >= 0 || !needs_field)
        k.scalar = true;
}

void add_kinds(const TypeInfo& t, Kinds& k) {
    switch (t.prim) {
    case Prim::String:
    case Prim::Path:
    case Prim::AbsPath:
    case Prim::RelPath:
    case Prim::Version:
    case Prim::Bool:
    case Prim::Int:
    case Prim::Decimal:
    case Prim::Range:
    case Prim::Null:
    case Prim::Enum:
        k.scalar = true;
        return;
    case Prim::Run:
        // Decoder::run rejects a tagged string: only the argv form.
        k.sequence = true;
        return;
    case Prim::List:
        k.sequence = k.scalar = true;
        return;
    case Prim::Map:
        k.mapping = k.scalar = true;
        return;
    case Prim::Optional:
        k.scalar = true;
        if (t.arg0)
            add_kinds(*t.arg0, k);
        return;
    case Prim::Struct:
        if (t.structure)
            add_struct_kinds(*t.structure, k);
        return;
    case Prim::Union:
        k.mapping = k.sequence = k.scalar = true;
        return;
    }
}

class Exporter {
  public:
    json document() {
        const StructInfo& config = config_info();
        json s = object(config);
        json out = {
            {"$schema", "http://json-schema.org/draft-07/schema#"},
            {"title", "vagga.yaml"},
            {"description",
             std::string(config.doc) +
                 " Printed by `vagga _schema`. YAML tags (`!Ubuntu`, `!Command`...) are not "
                 "part of a JSON Schema: a tagged value is checked against the shapes of all the "
                 "tags that may stand there; `vagga check` checks the tags."},
        };
        for (auto& [k, v] : s.items())
            out[k] = std::move(v);
        out["definitions"] = std::move(defs_);
        return out;
    }

  private:
    json type(const TypeInfo& t) {
        switch (t.prim) {
        case Prim::String:
        case Prim::Path:
        case Prim::Version:
            return any_scalar();
        case Prim::AbsPath:
            return {{"type", "string"}, {"pattern", "^/"}};
        case Prim::RelPath: {
            json s = any_scalar();
            s["pattern"] = std::string(kRelPath);
            return s;
        }
        case Prim::Bool:
            return {{"type", "boolean"}};
        case Prim::Int: {
            json number = {{"type", "integer"}};
            if (t.has_min)
                number["minimum"] = t.min;
            if (t.has_max)
                number["maximum"] = t.max;
            return {{"anyOf",
                     json::array(
                         {number, {{"type", "string"}, {"pattern", std::string(kHumanNumber)}}})}};
        }
        case Prim::Decimal:
            return {{"anyOf", json::array({{{"type", "integer"}, {"minimum", 0}},
                                           {{"type", "string"}, {"pattern", R"(^\+?[0-9]+$)"}}})}};
        case Prim::Range:
            return {{"anyOf",
                     json::array({{{"type", "integer"}, {"minimum", 0}, {"maximum", 4294967295LL}},
                                  {{"type", "string"}, {"pattern", "^[0-9]+(-[0-9]+)?$"}}})}};
        case Prim::Run: {
            json argv = {{"type", "array"}, {"minItems", 1}, {"items", any_scalar()}};
            return {{"anyOf", json::array({argv, any_scalar()})}};
        }
        case Prim::Null:
            return {{"type", "null"}};
        // A list, map or struct written with no value is empty (`setup:`).
        // The decoder refuses an explicit `~` there, but YAML's `~` and an
        // empty value are the same null to a validator.
        case Prim::List:
            return {{"type", json::array({"array", "null"})},
                    {"items", t.arg0 ? type(*t.arg0) : json::object()}};
        case Prim::Map: {
            json s = {{"type", json::array({"object", "null"})},
                      {"additionalProperties", t.arg1 ? type(*t.arg1) : json::object()}};
            if (t.arg0)
                if (auto names = key_pattern(*t.arg0))
                    s["propertyNames"] = {{"pattern", *names}};
            return s;
        }
        case Prim::Optional:
            return nullable(t.arg0 ? type(*t.arg0) : json::object());
        case Prim::Struct:
            if (!t.structure)
                return json::object();
            define(std::string(t.structure->name), [&] {
                return annotated(struct_schema(*t.structure), "",
                                 describe(t.structure->doc, t.structure->since, ""));
            });
            return def_ref(std::string(t.structure->name));
        case Prim::Union:
            if (!t.union_)
                return json::object();
            define_union(*t.union_);
            return def_ref(std::string(t.union_->name));
        case Prim::Enum:
            if (!t.enumeration)
                return json::object();
            define_enum(*t.enumeration);
            return def_ref(std::string(t.enumeration->name));
        }
        return json::object();
    }

    // Map keys are always text; a path or number key is checked as text.
    static std::optional<std::string> key_pattern(const TypeInfo& key) {
        switch (key.prim) {
        case Prim::AbsPath:
            return "^/";
        case Prim::RelPath:
            return std::string(kRelPath);
        case Prim::Int:
            return std::string(kHumanNumber);
        case Prim::String:
        case Prim::Path:
        case Prim::Version:
        case Prim::Bool:
        case Prim::Decimal:
        case Prim::Range:
        case Prim::Run:
        case Prim::Null:
        case Prim::List:
        case Prim::Map:
        case Prim::Optional:
        case Prim::Struct:
        case Prim::Union:
        case Prim::Enum:
            return std::nullopt;
        }
        return std::nullopt;
    }

    template <class F> void define(const std::string& name, F&& make) {
        if (defs_.contains(name))
            return;
        defs_[name] = json::object(); // a placeholder, should the schema ever recurse
        defs_[name] = make();
    }

    json field(const FieldInfo& f) {
        json s = f.type ? type(*f.type) : json::object();
        std::string doc = describe(f.doc, f.since, f.deprecated);
        if (!doc.empty())
            s["description"] = doc; // beside a `$ref` too: editors show it on hover
        if (f.type)
            if (auto d = default_value(*f.type, f.default_text))
                s["default"] = *d;
        mark_deprecated(s, f.deprecated);
        return s;
    }

    // A mapping read by StructReader: kebab-case keys, their snake_case
    // spellings, `_` keys ignored, anything else unknown.
    json object(const StructInfo& s) {
        json props = json::object();
        json patterns = json::object();
        json required = json::array();
        json either = json::array();
        for (const auto& f : s.fields) {
            std::string key(f.key), member(f.member);
            props[key] = field(f);
            // The snake_case spelling is valid but not offered for completion.
            if (member != key)
                patterns["^" + member + "$"] = f.type ? type(*f.type) : json::object();
            if (!f.required)
                continue;
            if (member == key)
                required.push_back(key);
            else
                either.push_back({{"anyOf", json::array({{{"required", json::array({key})}},
                                                         {{"required", json::array({member})}}})}});
        }
        patterns["^_"] = {{"description", "Ignored: a place for YAML anchors."}};
        bool needs_field = !required.empty() || !either.empty();
        json out = {{"type", needs_field ? json("object") : json::array({"object", "null"})},
                    {"properties", std::move(props)},
                    {"patternProperties", std::move(patterns)},
                    {"additionalProperties", false}};
        if (!required.empty())
            out["required"] = std::move(required);
        if (!either.empty())
            out["allOf"] = std::move(either);
        return out;
    }

    // The mapping, or the scalar its shorthand field takes.
    json struct_schema(const StructInfo& s) {
        json obj = object(s);
        if (s.shorthand < 0 || static_cast<size_t>(s.shorthand) >= s.fields.size())
            return obj;
        const FieldInfo& f = s.fields[static_cast<size_t>(s.shorthand)];
        json scalar = f.type ? type(*f.type) : any_scalar();
        scalar["description"] = "Shorthand: the value of `" + std::string(f.key) + "`.";
        return {{"anyOf", json::array({std::move(obj), std::move(scalar)})}};
    }

    void define_union(const UnionInfo& u) {
        std::string name(u.name);
        define(name, [&] {
            json any = json::array();
            std::string tags;
            for (const auto& o : u.options) {
                std::string tag(o.tag);
                std::string option_name = name + "." + tag;
                define(option_name, [&] {
                    json s = o.structure ? struct_schema(*o.structure)
                             : o.payload ? type(*o.payload)
                                         : json{{"type", "null"}};
                    s = annotated(std::move(s), "!" + tag, describe(o.doc, o.since, o.deprecated));
                    mark_deprecated(s, o.deprecated);
                    return s;
                });
                any.push_back(def_ref(option_name));
                tags += (tags.empty() ? "`!" : ", `!") + tag + "`";
            }
            std::string doc(u.doc);
            doc += (doc.empty() ? "" : " ") + std::string("Written with one of the tags ") + tags +
                   ".";
            if (u.default_option >= 0 && static_cast<size_t>(u.default_option) < u.options.size())
                doc += " Without a tag: `!" +
                       std::string(u.options[static_cast<size_t>(u.default_option)].tag) + "`.";
            return json{{"description", doc}, {"anyOf", std::move(any)}};
        });
    }

    // Enum values are kebab-case; the decoder also takes `_` for `-`, which
    // a pattern accepts without offering it for completion.
    void define_enum(const EnumInfo& e) {
        define(std::string(e.name), [&] {
            json names = json::array();
            std::string doc(e.doc);
            std::string snake;
            for (const auto& v : e.values) {
                std::string name(v.name);
                names.push_back(name);
                doc += "\n- `" + name + "`: " + describe(v.doc, v.since, "");
                std::string s = name;
                std::replace(s.begin(), s.end(), '-', '_');
                if (s != name)
                    snake += (snake.empty() ? "" : "|") + s;
            }
            json out = {{"description", doc}};
            if (snake.empty()) {
                out["enum"] = std::move(names);
                return out;
            }
            out["anyOf"] = json::array({{{"enum", std::move(names)}},
                                        {{"type", "string"}, {"pattern", "^(" + snake + ")$"}}});
            return out;
        });
    }

    json defs_ = json::object();
};

} // namespace

json json_schema() {
    return Exporter().document();
}

json custom_tags() {
    json out = json::array();
    std::set<std::string> seen;
    auto add = [&](const std::string& entry) {
        if (seen.insert(entry).second)
            out.push_back(entry);
    };
    for (const UnionInfo* u : catalog().unions) {
        for (const auto& o : u->options) {
            Kinds k;
            if (o.structure)
                add_struct_kinds(*o.structure, k);
            else if (o.payload)
                add_kinds(*o.payload, k);
            else
                k.scalar = true; // `!VaggaBin`: a bare tag
            std::string tag = "!" + std::string(o.tag);
            if (k.mapping)
                add(tag + " mapping");
            if (k.sequence)
                add(tag + " sequence");
            if (k.scalar)
                add(tag + " scalar");
        }
    }
    // The YAML layer's own tags (compiler/yaml): `!*Include file.yaml` and a
    // `!*Unpack` list spliced into the list around it. `!*IncludeSeq` and
    // `!*IncludeMap` are refused there, so they are not offered.
    add("!*Include scalar");
    add("!*Unpack sequence");
    return out;
}

} // namespace vagga::schema
