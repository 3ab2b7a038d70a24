#include "compiler/scalar/scalar.h"

#include <limits>

namespace vagga::scalar {

std::optional<bool> parse_bool(std::string_view text) {
    if (text == "true")
        return true;
    if (text == "false")
        return false;
    return std::nullopt;
}

std::optional<uint64_t> parse_decimal(std::string_view text) {
    if (!text.empty() && text[0] == '+')
        text.remove_prefix(1);
    if (text.empty())
        return std::nullopt;
    uint64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        auto d = static_cast<uint64_t>(c - '0');
        if (v > (std::numeric_limits<uint64_t>::max() - d) / 10)
            return std::nullopt;
        v = v * 10 + d;
    }
    return v;
}

std::optional<IdRange> parse_range(std::string_view text) {
    auto num = [](std::string_view s) -> std::optional<uint32_t> {
        if (s.empty() || s[0] == '+')
            return std::nullopt;
        auto v = parse_decimal(s);
        if (!v || *v > std::numeric_limits<uint32_t>::max())
            return std::nullopt;
        return static_cast<uint32_t>(*v);
    };
    auto dash = text.find('-');
    if (dash == std::string_view::npos) {
        auto v = num(text);
        if (!v)
            return std::nullopt;
        return IdRange{*v, *v};
    }
    auto a = num(text.substr(0, dash));
    auto b = num(text.substr(dash + 1));
    if (!a || !b || *b < *a)
        return std::nullopt;
    return IdRange{*a, *b};
}

} // namespace vagga::scalar
