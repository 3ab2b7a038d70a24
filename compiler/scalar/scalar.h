// Readers for the scalar forms of vagga.yaml: numbers with units (the
// original's humannum), booleans, plain decimals, uid/gid ranges. Shared by
// the decoder and by the schema generator (for defaults written as `100Mi`).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace vagga::scalar {

enum class NumError { None, InvalidDigit, Overflow, Empty };

struct Number {
    int64_t value = 0;
    NumError error = NumError::None;
};

// humannum 0.1.0 syntax: surrounding whitespace, optional unit suffix (k M G
// ki Mi Gi, separated by optional spaces), optional 0x/0o/0b prefix (a bare
// leading 0 is decimal), optional sign, digits with `_` after the first.
Number parse_number(std::string_view text);
std::string_view num_error_text(NumError e);

// Exactly `true` or `false`.
std::optional<bool> parse_bool(std::string_view text);

// Rust's unsigned FromStr: an optional `+` and decimal digits, nothing else.
std::optional<uint64_t> parse_decimal(std::string_view text);

// `N` or `A-B`, both inclusive, no spaces or signs, A <= B.
struct IdRange {
    uint32_t start = 0;
    uint32_t end = 0;
};
std::optional<IdRange> parse_range(std::string_view text);

} // namespace vagga::scalar
