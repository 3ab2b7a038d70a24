// The schema tables: what stdlib/*.vs declares, as constant data generated
// at build time (no schema parsing when vagga starts). Decoding uses them for
// unknown keys and "did you mean"; the editor server for completion and
// hover; the JSON Schema export and the reference docs are printed from them.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace vagga::schema {

enum class Prim {
    String,  // any scalar, kept as text
    Path,    // a path, absolute or relative
    AbsPath, // an absolute path
    RelPath, // a relative path without `..`
    Version, // a vagga version string (minimum-vagga)
    Bool,    // exactly `true` or `false`
    Int,     // a number with optional unit suffix and base prefix (humannum)
    Decimal, // a plain decimal number, no units
    Range,   // `N` or `A-B`
    Run,     // a command line: a list (argv) or an untagged string (shell)
    Null,    // nothing: a bare tag
    List,
    Map,
    Optional,
    Struct,
    Union,
    Enum,
};

struct StructInfo;
struct UnionInfo;
struct EnumInfo;

struct TypeInfo {
    Prim prim = Prim::String;
    std::string_view display;       // e.g. "list<string>", "u32(0..1023)"
    const TypeInfo* arg0 = nullptr; // element, key, or optional's inner type
    const TypeInfo* arg1 = nullptr; // map value
    const StructInfo* structure = nullptr;
    const UnionInfo* union_ = nullptr;
    const EnumInfo* enumeration = nullptr;
    int64_t min = 0;
    int64_t max = 0;
    bool has_min = false;
    bool has_max = false;
};

struct FieldInfo {
    std::string_view key;    // kebab-case, as users write it
    std::string_view member; // snake_case, as the original named it in errors
    const TypeInfo* type = nullptr;
    bool required = false;
    std::string_view default_text; // the default as written in the schema, if any
    std::string_view doc;
    std::string_view since;
    std::string_view deprecated;
};

struct StructInfo {
    std::string_view name;
    std::string_view doc;
    std::string_view since;
    std::span<const FieldInfo> fields;
    int shorthand = -1; // index of the field a bare scalar sets, or -1
};

struct OptionInfo {
    std::string_view tag; // without '!'
    std::string_view doc;
    std::string_view since;
    std::string_view deprecated;
    const TypeInfo* payload = nullptr;     // `Tag(type)`; null for the others
    const StructInfo* structure = nullptr; // `Tag { ... }`; null for the others
};

struct UnionInfo {
    std::string_view name;
    std::string_view doc;
    std::span<const OptionInfo> options;
    int default_option = -1; // the option an untagged value means, or -1
    std::string_view noun;   // "build step", "volume": how messages name a value
};

struct EnumValueInfo {
    std::string_view name;
    std::string_view doc;
    std::string_view since;
};

struct EnumInfo {
    std::string_view name;
    std::string_view doc;
    std::span<const EnumValueInfo> values;
};

// Everything the schema declares, for tools that walk it.
struct Catalog {
    std::span<const StructInfo* const> structs;
    std::span<const UnionInfo* const> unions;
    std::span<const EnumInfo* const> enums;
};

const Catalog& catalog();
const StructInfo& config_info(); // the root: vagga.yaml
const StructInfo* find_struct(std::string_view name);
const UnionInfo* find_union(std::string_view name);

} // namespace vagga::schema
