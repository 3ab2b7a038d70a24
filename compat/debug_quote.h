// Rust's `{:?}` (Debug) rendering of a string, which the original printed
// in messages and traces that must match it byte for byte.
#pragma once

#include <string>
#include <string_view>

namespace vagga::compat {

// How a control character (U+0000-U+001F, U+007F) other than \t, \r and \n
// is written.
enum class ControlEscape {
    // Rust's `str` Debug: `\u{1b}` (lowercase hex, no leading zeros), NUL
    // included as `\u{0}` (the Rust of vagga 0.8.1's time; `\0` only since
    // Rust 1.61), and the C1 controls U+0080-U+009F as `\u{85}` too.
    RustUnicode,
    // `\x1b` (two lowercase hex digits), byte by byte, all other bytes kept
    // as they are: the version-hash trace quotes arbitrary bytes this way.
    HexByte,
};

// `s` in double quotes, with `"` and `\` escaped by a backslash, \t \r \n
// written as such, and the other control characters per `controls`.
// All other text is kept as it is. Not modelled: Rust also escapes the
// non-ASCII characters its `is_printable` table rejects (U+00AD, U+2028,
// ...) and grapheme extenders (combining marks); bytes that are not UTF-8,
// which a Rust `str` cannot hold, are copied unchanged.
std::string debug_quote(std::string_view s, ControlEscape controls = ControlEscape::RustUnicode);

} // namespace vagga::compat
