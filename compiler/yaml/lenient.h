// The original's YAML reader (rust-quire 0.4.1) accepted two forms that
// standard YAML does not read the same way, and real configs use them:
//
//   1. more than one key on a line: `subdirs: data: {mode: 0o777}` is
//      `subdirs: {data: {mode: 0o777}}` (standard YAML rejects it);
//   2. an anchor alone after a key, with the keys that follow at the same
//      indentation: `local: &l` then `/config: x` names the mapping of the
//      following keys `&l` and makes it the value of `local` (standard YAML
//      reads `local` as null).
//
// In both, quire's mapping goes on with every later key at that same
// indentation, up to the end of the enclosing mapping.
//
// yaml-cpp cannot read form 1 at all, so a linear pre-pass puts each such
// key on a line of its own at the column of the line's first key:
// `a: b: c` becomes `a: ` NL `b: c`. That turns form 1 into the shape of
// form 2 (a key with an empty value, then keys at its own column), which the
// builder recognises on yaml-cpp's events and nests as quire did. Only
// characters are inserted, and the map below takes every offset in the
// rewritten text back to the file's own bytes, so spans stay exact.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vagga::yaml::lenient {

// One key moved to a line of its own by the pre-pass.
struct Split {
    size_t at = 0;      // rewritten offset of the inserted line break
    size_t len = 0;     // inserted bytes (line break plus indentation)
    size_t orig = 0;    // the key's first byte in the file
    size_t key_end = 0; // just after the key's last byte in the file
    size_t cum = 0;     // bytes inserted up to and including this split
    std::string fix;    // the line in standard form; only on a line's first split
};

// A rewritten text and the way back to the file's offsets.
struct Rewrite {
    std::string text;
    std::vector<Split> splits; // in text order

    // File offset of a rewritten offset; inserted bytes map to the key
    // they were inserted before.
    size_t to_file(size_t r) const;
    // Rewritten offset of a file offset.
    size_t to_text(size_t o) const;
    // The split whose line break starts at rewritten offset `r`, or nullptr.
    const Split* split_at(size_t r) const;
};

struct Result {
    std::optional<Rewrite> rewrite; // empty when the text has no form 1
    // Where the inserted text would grow past the limit (npos: it did not).
    size_t too_much_at = std::string_view::npos;
};

// Scans `text` from `base` (after a BOM) for form 1 outside quoted strings,
// flow collections, block scalars and comments. Linear in the text; the
// inserted bytes are bounded by the text's size plus a constant.
Result rewrite_two_keys(std::string_view text, size_t base);

} // namespace vagga::yaml::lenient
