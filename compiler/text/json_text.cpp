#include "compiler/text/json_text.h"

#include "compat/utf8.h"

#include <nlohmann/json.hpp>

namespace vagga::text {

namespace {

// JSON pointer of the first key or string that is not valid UTF-8.
template <class Json>
std::optional<std::string> find_invalid(const Json& j, const std::string& where) {
    switch (j.type()) {
    case nlohmann::detail::value_t::string: {
        const auto& s = j.template get_ref<const std::string&>();
        if (!compat::is_valid_utf8(s))
            return where + ": " + compat::to_valid_utf8(compat::preview(s, 60));
        return std::nullopt;
    }
    case nlohmann::detail::value_t::object:
        for (const auto& [key, value] : j.items()) {
            std::string at = where + "/" + compat::to_valid_utf8(key);
            if (!compat::is_valid_utf8(key))
                return at + " (the key)";
            if (auto bad = find_invalid(value, at))
                return bad;
        }
        return std::nullopt;
    case nlohmann::detail::value_t::array:
        for (size_t i = 0; i < j.size(); ++i)
            if (auto bad = find_invalid(j[i], where + "/" + std::to_string(i)))
                return bad;
        return std::nullopt;
    case nlohmann::detail::value_t::null:
    case nlohmann::detail::value_t::boolean:
    case nlohmann::detail::value_t::number_integer:
    case nlohmann::detail::value_t::number_unsigned:
    case nlohmann::detail::value_t::number_float:
    case nlohmann::detail::value_t::binary:
    case nlohmann::detail::value_t::discarded:
        return std::nullopt;
    }
    return std::nullopt;
}

template <class Json> std::string dump_replacing(const Json& j, int indent) {
    return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

template <class Json> std::optional<std::string> dump_exact(const Json& j, std::string* error) {
    if (auto bad = find_invalid(j, "")) {
        *error = "the string at " + *bad + " is not valid UTF-8";
        return std::nullopt;
    }
    return j.dump();
}

} // namespace

std::string dump_json(const nlohmann::json& j, int indent) {
    return dump_replacing(j, indent);
}
std::string dump_json(const nlohmann::ordered_json& j, int indent) {
    return dump_replacing(j, indent);
}

std::optional<std::string> dump_json_exact(const nlohmann::json& j, std::string* error) {
    return dump_exact(j, error);
}
std::optional<std::string> dump_json_exact(const nlohmann::ordered_json& j, std::string* error) {
    return dump_exact(j, error);
}

} // namespace vagga::text
