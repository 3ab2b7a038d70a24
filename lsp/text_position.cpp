#include "lsp/text_position.h"

namespace vagga::lsp {

namespace {

// Length of the UTF-8 sequence that starts with `b`; a stray continuation
// or invalid byte counts as one (one U+FFFD for the client).
size_t sequence_length(unsigned char b) {
    if (b < 0x80)
        return 1;
    if ((b & 0xE0) == 0xC0)
        return 2;
    if ((b & 0xF0) == 0xE0)
        return 3;
    if ((b & 0xF8) == 0xF0)
        return 4;
    return 1;
}

// How many units of `e` the character of `len` UTF-8 bytes takes.
size_t units(size_t len, Encoding e) {
    switch (e) {
    case Encoding::Utf8:
        return len;
    case Encoding::Utf16:
        return len == 4 ? 2 : 1;
    case Encoding::Utf32:
        return 1;
    }
    return 1;
}

size_t line_start(std::string_view text, size_t line) {
    size_t pos = 0;
    for (size_t l = 0; l < line; ++l) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos)
            return text.size();
        pos = nl + 1;
    }
    return pos;
}

} // namespace

size_t to_offset(std::string_view text, Position p, Encoding e) {
    size_t pos = line_start(text, p.line);
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos)
        end = text.size();
    size_t counted = 0;
    while (pos < end && counted < p.character) {
        size_t len = sequence_length(static_cast<unsigned char>(text[pos]));
        if (pos + len > end)
            len = 1;
        counted += units(len, e);
        pos += len;
    }
    return pos;
}

Position to_position(std::string_view text, size_t offset, Encoding e) {
    if (offset > text.size())
        offset = text.size();
    Position p;
    size_t start = 0;
    for (size_t i = 0; i < offset; ++i)
        if (text[i] == '\n') {
            ++p.line;
            start = i + 1;
        }
    for (size_t pos = start; pos < offset;) {
        size_t len = sequence_length(static_cast<unsigned char>(text[pos]));
        if (pos + len > offset)
            len = 1;
        p.character += units(len, e);
        pos += len;
    }
    return p;
}

} // namespace vagga::lsp
