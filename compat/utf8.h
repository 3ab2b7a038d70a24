// UTF-8 text that is cut for display or written where only valid UTF-8 may
// go (JSON). A config, a path, an archive entry or a command's output may
// hold any bytes; these helpers never split a character and never let an
// invalid byte through where the output must be valid.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace vagga::compat {

// Length of the valid UTF-8 sequence that starts at s[i] (1-4), or 0 when
// the byte there does not start one (a stray continuation byte, an overlong
// form, a surrogate, a value above U+10FFFF, or a sequence cut short).
size_t utf8_sequence_length(std::string_view s, size_t i);

// The code point of the valid sequence at s[i] in `cp`, and its length
// (1-4); 0, with `cp` unspecified, where utf8_sequence_length is 0.
size_t decode_utf8(std::string_view s, size_t i, uint32_t& cp);

bool is_valid_utf8(std::string_view s);

// `s` with every byte that is not part of a valid sequence replaced by
// U+FFFD, one replacement per byte (as nlohmann-json's `replace` mode and
// Python's `errors="replace"` do for a stray byte).
std::string to_valid_utf8(std::string_view s);

// The longest prefix of `s` of at most `max_bytes` bytes that does not end
// inside a valid multi-byte character.
std::string_view cut_utf8(std::string_view s, size_t max_bytes);

// At most `max_chars` characters of `s` (an invalid byte counts as one),
// followed by "..." when something was cut.
std::string preview(std::string_view s, size_t max_chars);

} // namespace vagga::compat
