#include "compat/utf8.h"

namespace vagga::compat {

namespace {

bool continuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

} // namespace

size_t utf8_sequence_length(std::string_view s, size_t i) {
    auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = at(i);
    if (c < 0x80)
        return 1;
    size_t n = 0;
    // The smallest value of the second byte, and the largest, from RFC 3629's
    // table: they exclude overlong forms, surrogates and values past U+10FFFF.
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (i + n > s.size())
        return 0;
    if (at(i + 1) < lo || at(i + 1) > hi)
        return 0;
    for (size_t k = 2; k < n; ++k)
        if (!continuation(at(i + k)))
            return 0;
    return n;
}

size_t decode_utf8(std::string_view s, size_t i, uint32_t& cp) {
    size_t n = utf8_sequence_length(s, i);
    if (n == 0)
        return 0;
    auto c = static_cast<unsigned char>(s[i]);
    // The lead byte's payload: 7, 5, 4 or 3 bits; 6 from each continuation.
    cp = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (size_t k = 1; k < n; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    return n;
}

bool is_valid_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        size_t n = utf8_sequence_length(s, i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

std::string to_valid_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        size_t n = utf8_sequence_length(s, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return out;
}

std::string_view cut_utf8(std::string_view s, size_t max_bytes) {
    size_t i = 0;
    while (i < s.size()) {
        size_t n = utf8_sequence_length(s, i);
        if (n == 0)
            n = 1;
        if (i + n > max_bytes)
            break;
        i += n;
    }
    return s.substr(0, i);
}

std::string preview(std::string_view s, size_t max_chars) {
    size_t i = 0;
    for (size_t chars = 0; i < s.size() && chars < max_chars; ++chars) {
        size_t n = utf8_sequence_length(s, i);
        i += n == 0 ? 1 : n;
    }
    if (i >= s.size())
        return std::string(s);
    return std::string(s.substr(0, i)) + "...";
}

} // namespace vagga::compat
