// The schema model the generator builds from stdlib/*.vs: declarations as
// written, checked for unknown names and cycles before anything is emitted.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace schemagen {

// A build step's declared version-hash field: `"title": key`.
struct HashItem {
    std::string title;
    std::string key; // a field key, or `value` for the payload
};

// A part of a build step's progress label: literal text or a key.
struct LabelPart {
    bool literal = false;
    std::string text;
};

struct Attrs {
    std::string doc;
    std::string since;
    std::string shorthand;
    std::string default_tag;
    std::string deprecated;
    std::string noun; // how messages name a value of this union
    bool required = false;
    // Plan declarations only: the JSON name of a field or op (default: the
    // key), a span member (`located`), a JSON array of the fields (`tuple`).
    std::string json;
    bool located = false;
    bool tuple = false;
    // Build steps only: declared hash fields, label and one-to-one lowering
    // (has_* tells "declared, possibly empty" from "written by hand").
    bool has_hash = false;
    std::vector<HashItem> hash;
    bool has_label = false;
    std::vector<LabelPart> label;
    std::string lowers;                                           // the plan op
    std::vector<std::pair<std::string, std::string>> lowers_args; // op field, key
};

enum class LitKind { String, Number, Id, EmptyList, List, EmptyMap };

struct Literal {
    LitKind kind = LitKind::String;
    std::string text;           // unescaped for strings
    std::vector<Literal> items; // List: `[a, b]`
};

struct Type {
    std::string name;
    std::vector<Type> args;
    bool optional = false;
    std::optional<Literal> lo;
    std::optional<Literal> hi;
    bool has_bounds = false;
};

struct Field {
    std::string key; // kebab-case as written
    Type type;
    std::optional<Literal> def;
    Attrs attrs;
    int line = 0;
};

struct Member {
    bool is_use = false;
    std::string use;
    Field field;
};

struct StructDef {
    std::string name;
    bool is_fields = false; // a `fields` set, pulled in with `use`
    Attrs attrs;
    std::vector<Member> members;
    int line = 0;
};

struct Option {
    std::string tag;
    std::optional<Type> payload;
    bool has_body = false;
    std::vector<Member> members;
    Attrs attrs;
    int line = 0;
};

struct UnionDef {
    std::string name;
    Attrs attrs;
    std::vector<Option> options;
    int line = 0;
};

struct EnumValue {
    std::string name;
    Attrs attrs;
};

struct EnumDef {
    std::string name;
    Attrs attrs;
    std::vector<EnumValue> values;
    int line = 0;
};

struct Schema {
    std::vector<StructDef> structs; // structs and field sets, in file order
    std::vector<UnionDef> unions;
    std::vector<EnumDef> enums;
    std::map<std::string, std::string> where; // name -> "file:line"
};

// Parses the given files with the ANTLR grammar; returns false (after
// printing file:line:col errors) on syntax errors.
bool parse_files(const std::vector<std::string>& files, Schema& out);

} // namespace schemagen
