// The one way this project writes JSON text.
//
// The rule: a string that is not valid UTF-8 never reaches a JSON writer
// unchecked. Where JSON is read by people and tools (`check --format json`,
// `_plan`, `--dump-version-data`, later the language server and exporters),
// each invalid byte becomes U+FFFD, so the output is always valid JSON and
// the rest of the text survives. Where JSON carries exact bytes between our
// own programs (the build plan handed to `vagga-build`), a changed byte
// would change a path, so the writer refuses and names the string instead.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

namespace vagga::text {

// Serialises `j`; invalid UTF-8 in keys and strings becomes U+FFFD.
// indent < 0 writes one line.
std::string dump_json(const nlohmann::json& j, int indent = -1);
std::string dump_json(const nlohmann::ordered_json& j, int indent = -1);

// Serialises `j` byte for byte, or returns nullopt and sets `*error` to
// "the string at /json/pointer: <preview> is not valid UTF-8".
std::optional<std::string> dump_json_exact(const nlohmann::json& j, std::string* error);
std::optional<std::string> dump_json_exact(const nlohmann::ordered_json& j, std::string* error);

} // namespace vagga::text
