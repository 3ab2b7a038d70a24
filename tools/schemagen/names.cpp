#include "tools/schemagen/names.h"

#include <cctype>
#include <set>

namespace schemagen {

std::string snake(const std::string& camel) {
    std::string out;
    for (size_t i = 0; i < camel.size(); ++i) {
        char c = camel[i];
        if (std::isupper(static_cast<unsigned char>(c))) {
            if (i > 0 && !std::isupper(static_cast<unsigned char>(camel[i - 1])))
                out += '_';
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else if (c == '-') {
            out += '_';
        } else {
            out += c;
        }
    }
    return out;
}

std::string member_name(const std::string& key) {
    static const std::set<std::string> keywords = {
        "auto",     "bool",    "break",     "case",    "char",     "class",     "const",
        "default",  "delete",  "do",        "double",  "else",     "enum",      "explicit",
        "export",   "extern",  "false",     "float",   "for",      "friend",    "goto",
        "if",       "inline",  "int",       "long",    "mutable",  "namespace", "new",
        "operator", "private", "protected", "public",  "register", "return",    "short",
        "signed",   "sizeof",  "static",    "struct",  "switch",   "template",  "this",
        "throw",    "true",    "try",       "typedef", "union",    "unsigned",  "using",
        "virtual",  "void",    "volatile",  "while",   "span",     "value"};
    std::string out = snake(key);
    if (keywords.count(out))
        out += '_';
    return out;
}

std::string cpp_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            out += c;
        }
    }
    return out + "\"";
}

Builtin builtin(const std::string& n) {
    if (n == "string")
        return Builtin::String;
    if (n == "path")
        return Builtin::Path;
    if (n == "abspath")
        return Builtin::AbsPath;
    if (n == "relpath")
        return Builtin::RelPath;
    if (n == "version")
        return Builtin::Version;
    if (n == "bool")
        return Builtin::Bool;
    if (n == "u16")
        return Builtin::U16;
    if (n == "u32")
        return Builtin::U32;
    if (n == "u64")
        return Builtin::U64;
    if (n == "i64")
        return Builtin::I64;
    if (n == "dec_u64")
        return Builtin::DecU64;
    if (n == "range")
        return Builtin::Range;
    if (n == "run")
        return Builtin::Run;
    if (n == "null")
        return Builtin::Null;
    if (n == "list")
        return Builtin::List;
    if (n == "map")
        return Builtin::Map;
    return Builtin::None;
}

bool is_scalar_builtin(Builtin b) {
    switch (b) {
    case Builtin::String:
    case Builtin::Path:
    case Builtin::AbsPath:
    case Builtin::RelPath:
    case Builtin::Version:
    case Builtin::Bool:
    case Builtin::U16:
    case Builtin::U32:
    case Builtin::U64:
    case Builtin::I64:
    case Builtin::DecU64:
    case Builtin::Range:
    case Builtin::Run:
        return true;
    case Builtin::None:
    case Builtin::Null:
    case Builtin::List:
    case Builtin::Map:
        return false;
    }
    return false;
}

} // namespace schemagen
