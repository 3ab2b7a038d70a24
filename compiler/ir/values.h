// IR values as plain strings: what the version hash, the labels and the
// lowering take from a step's fields (and the generated step rules call).
#pragma once

#include "compiler/ir/boxed.h"
#include "compiler/ir/core.h"

#include <optional>
#include <string>
#include <vector>

namespace vagga::ir {

inline std::optional<std::string> opt_text(const Opt<Str>& v) {
    return v ? std::optional<std::string>(v->text) : std::nullopt;
}

inline std::vector<std::string> texts(const std::vector<Str>& v) {
    std::vector<std::string> out;
    out.reserve(v.size());
    for (const auto& x : v) {
        out.push_back(x.text);
    }
    return out;
}

} // namespace vagga::ir
