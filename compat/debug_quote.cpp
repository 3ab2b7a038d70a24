#include "compat/debug_quote.h"

namespace vagga::compat {

namespace {

constexpr char kHex[] = "0123456789abcdef";

// `\x1b`: always two digits.
std::string hex_byte(unsigned char c) {
    return std::string("\\x") + kHex[c >> 4] + kHex[c & 0xF];
}

// `\u{1b}`: as few digits as the value needs (the values here are < 0x100).
std::string unicode_escape(unsigned char c) {
    std::string out = "\\u{";
    if (c >= 0x10)
        out += kHex[c >> 4];
    out += kHex[c & 0xF];
    return out + "}";
}

} // namespace

std::string debug_quote(std::string_view s, ControlEscape controls) {
    std::string out = "\"";
    for (size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        switch (c) {
        case '"':
            out += "\\\"";
            continue;
        case '\\':
            out += "\\\\";
            continue;
        case '\n':
            out += "\\n";
            continue;
        case '\t':
            out += "\\t";
            continue;
        case '\r':
            out += "\\r";
            continue;
        default:
            break;
        }
        bool control = c < 0x20 || c == 0x7f;
        switch (controls) {
        case ControlEscape::HexByte:
            out += control ? hex_byte(c) : std::string(1, s[i]);
            break;
        case ControlEscape::RustUnicode:
            if (control) {
                out += unicode_escape(c);
            } else if (c == 0xC2 && i + 1 < s.size() &&
                       static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
                       static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
                // U+0080-U+009F, the C1 controls, are UTF-8 C2 80-C2 9F.
                out += unicode_escape(static_cast<unsigned char>(s[i + 1]));
                ++i;
            } else {
                out += s[i];
            }
            break;
        }
    }
    return out + "\"";
}

} // namespace vagga::compat
