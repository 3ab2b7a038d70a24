// How schema names become C++ names, and what each builtin type is.
#pragma once

#include "tools/schemagen/model.h"

#include <string>

namespace schemagen {

// kebab-case or CamelCase -> snake_case; C++ keywords get a trailing `_`.
std::string member_name(const std::string& key);
std::string snake(const std::string& camel);
std::string cpp_string(const std::string& s); // a C++ string literal

enum class Builtin {
    None,
    String,
    Path,
    AbsPath,
    RelPath,
    Version,
    Bool,
    U16,
    U32,
    U64,
    I64,
    DecU64,
    Range,
    Run,
    Null,
    List,
    Map
};

Builtin builtin(const std::string& name);
bool is_scalar_builtin(Builtin b);

} // namespace schemagen
