// LSP positions: 0-based lines and columns counted in the encoding the
// client negotiated (UTF-16 code units unless it offered another), against
// the UTF-8 bytes the front end works in.
#pragma once

#include <cstddef>
#include <string_view>

namespace vagga::lsp {

enum class Encoding { Utf8, Utf16, Utf32 };

struct Position {
    size_t line = 0;
    size_t character = 0;
};

// The byte offset of `p` in `text`; a line past the end gives the end of
// the text, a column past the end of its line gives the end of the line.
size_t to_offset(std::string_view text, Position p, Encoding e);
Position to_position(std::string_view text, size_t offset, Encoding e);

} // namespace vagga::lsp
