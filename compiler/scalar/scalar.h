// Readers for the scalar forms of vagga.yaml: booleans, plain decimals,
// uid/gid ranges. Numbers with units (the original's humannum) are in
// compat/human_number.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace vagga::scalar {

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
