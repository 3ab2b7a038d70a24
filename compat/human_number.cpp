#include "compat/human_number.h"

#include <array>
#include <limits>

namespace vagga::compat {

namespace {

std::string_view trim(std::string_view s) {
    auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && ws(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && ws(s.back()))
        s.remove_suffix(1);
    return s;
}

struct Unit {
    std::string_view suffix;
    int64_t factor;
};

// The order humannum tries them in: a one-letter suffix first, so `ki` is
// only seen when the text ends in `ki` (and `Ki` ends in `i`, which is no unit).
constexpr std::array<Unit, 6> kUnits = {{{"k", 1000},
                                         {"M", 1000000},
                                         {"G", 1000000000},
                                         {"ki", 1024},
                                         {"Mi", 1024 * 1024},
                                         {"Gi", 1024 * 1024 * 1024}}};

int digit_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

} // namespace

std::string_view num_error_text(NumError e) {
    switch (e) {
    case NumError::None:
        return "";
    case NumError::InvalidDigit:
        return "InvalidDigit";
    case NumError::Overflow:
        return "Overflow";
    case NumError::Empty:
        return "Empty";
    }
    return "";
}

Number parse_number(std::string_view text) {
    std::string_view s = trim(text);
    int64_t factor = 1;
    for (const auto& u : kUnits) {
        if (s.size() >= u.suffix.size() && s.substr(s.size() - u.suffix.size()) == u.suffix) {
            s.remove_suffix(u.suffix.size());
            s = trim(s);
            factor = u.factor;
            break;
        }
    }
    int base = 10;
    if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o' || s[1] == 'b')) {
        base = s[1] == 'x' ? 16 : s[1] == 'o' ? 8 : 2;
        s.remove_prefix(2);
    }
    bool negative = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s.empty())
        return {0, NumError::Empty};
    if (digit_value(s[0]) >= base)
        return {0, NumError::InvalidDigit};
    // Accumulate as a negative number so that INT64_MIN is reachable.
    int64_t acc = 0;
    for (char c : s) {
        if (c == '_')
            continue;
        int d = digit_value(c);
        if (d >= base)
            return {0, NumError::InvalidDigit};
        if (acc < (std::numeric_limits<int64_t>::min() + d) / base)
            return {0, NumError::Overflow};
        acc = acc * base - d;
    }
    if (!negative) {
        if (acc == std::numeric_limits<int64_t>::min())
            return {0, NumError::Overflow};
        acc = -acc;
    }
    if (factor != 1) {
        if (acc > std::numeric_limits<int64_t>::max() / factor ||
            acc < std::numeric_limits<int64_t>::min() / factor)
            return {0, NumError::Overflow};
        acc *= factor;
    }
    return {acc, NumError::None};
}

} // namespace vagga::compat
