#include "compat/duration.h"

#include <cctype>
#include <map>
#include <string>

namespace vagga::compat {

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
    // humantime's units, as the original accepted them.
    static const std::map<std::string, long, std::less<>> units = {
        {"s", 1},         {"sec", 1},     {"secs", 1},     {"second", 1},  {"seconds", 1},
        {"m", 60},        {"min", 60},    {"mins", 60},    {"minute", 60}, {"minutes", 60},
        {"h", 3600},      {"hr", 3600},   {"hrs", 3600},   {"hour", 3600}, {"hours", 3600},
        {"d", 86400},     {"day", 86400}, {"days", 86400}, {"w", 604800},  {"week", 604800},
        {"weeks", 604800}};
    long total = 0;
    size_t i = 0;
    bool any = false;
    while (i < text.size()) {
        if (text[i] == ' ') {
            ++i;
            continue;
        }
        size_t digits = i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
            ++i;
        // At most 9 digits, so that one term cannot overflow a long.
        if (digits == i || i - digits > 9)
            return std::nullopt;
        long n = std::stol(std::string(text.substr(digits, i - digits)));
        size_t letters = i;
        while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])))
            ++i;
        auto u = units.find(text.substr(letters, i - letters));
        if (u == units.end())
            return std::nullopt;
        total += n * u->second;
        any = true;
    }
    if (!any)
        return std::nullopt;
    return std::chrono::seconds(total);
}

} // namespace vagga::compat
