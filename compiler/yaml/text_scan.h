// Small lexical helpers over the raw YAML text.
//
// yaml-cpp's events carry one position per node (the start of its
// properties) and lose some facts vagga needs: where a tagged value starts,
// whether a tagged scalar was quoted, where a token ends, whether a null was
// written or left out. These functions recover them from the text itself.
// They also guard yaml-cpp: it recurses once per nesting level, so nesting
// is measured here before the text is handed to it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vagga::yaml::scan {

inline constexpr size_t npos = std::string_view::npos;

struct EncodingProblem {
    enum class Kind { InvalidUtf8, Nul, Control };
    Kind kind = Kind::InvalidUtf8;
    size_t offset = 0;
    uint32_t codepoint = 0; // for Control
};

// The first place where the text is not UTF-8 YAML may contain: invalid
// UTF-8, a NUL byte (binary file), or a non-printable character.
std::optional<EncodingProblem> check_text(std::string_view text);

// The offset where block plus flow nesting first exceeds max_depth, or npos.
// An estimate from indentation levels, `- `/`? ` indicators and brackets
// outside quotes and comments: good enough to refuse hostile input before
// yaml-cpp's recursive parser sees it.
size_t nesting_exceeds(std::string_view text, uint32_t max_depth);

// The `!tag` and `&anchor` properties written at `pos`, and where the
// node's content starts after them (possibly on the next line).
struct Props {
    size_t tag_begin = npos, tag_end = npos;
    size_t anchor_begin = npos, anchor_end = npos;
    size_t end = 0;     // just after the last property (== pos when none)
    size_t content = 0; // the first byte of the content
    bool has_tag() const { return tag_begin != npos; }
    bool any() const { return tag_begin != npos || anchor_begin != npos; }
};
Props read_properties(std::string_view text, size_t pos);

// The end of a scalar token starting at `pos` whose parsed value is `value`.
size_t quoted_end(std::string_view text, size_t pos);
size_t block_scalar_end(std::string_view text, size_t pos);
size_t plain_end(std::string_view text, size_t pos, std::string_view value);

// Length of a null word (`~`, `null`, `Null`, `NULL`) at `pos` that stands
// alone as a token, or 0.
size_t null_word(std::string_view text, size_t pos);
// True when `: ` (a mapping value indicator) follows at `pos`, after spaces.
bool colon_follows(std::string_view text, size_t pos);
// True when only spaces and maybe a comment remain on the line at `pos`, or
// a flow indicator follows.
bool nothing_follows_on_line(std::string_view text, size_t pos);
// The end of an `*alias` token at `pos`.
size_t alias_end(std::string_view text, size_t pos);
// For an empty node: the offset just after the `:` or `-` that introduced it,
// searching back from `pos` over whitespace; `pos` when there is none.
size_t after_indicator_before(std::string_view text, size_t pos);
// After `pos` skip spaces; if a `:` is there, the offset after it.
size_t after_colon(std::string_view text, size_t pos);
// The closing bracket of a flow collection whose last content ends at `pos`.
size_t flow_close_end(std::string_view text, size_t pos);

// Pieces of the line scanners (nesting_exceeds here, the lenient pre-pass):
inline bool is_space(char c) {
    return c == ' ' || c == '\t';
}
inline bool is_break(char c) {
    return c == '\n' || c == '\r';
}
enum class Quote { None, Single, Double };
// Inside a quoted scalar (`q` not None): takes t[j], and the character an
// escape or a doubled quote covers, and ends the quote at its closing mark.
// False when `q` is None: t[j] is the caller's.
bool step_quoted(std::string_view t, size_t& j, size_t end, Quote& q);
// True when `|`/`>` just before `j` opens a block scalar: only indicators,
// spaces and maybe a comment follow it on the line.
bool block_header(std::string_view t, size_t j, size_t end);

} // namespace vagga::yaml::scan
